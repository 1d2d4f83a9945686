using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeaderboardTrustOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agents_TrustMilli_LockedXp_CreatedAt",
                table: "Agents");

            migrationBuilder.CreateIndex(
                name: "IX_Agents_TrustMilli_LockedXp_CreatedAt_Id",
                table: "Agents",
                columns: new[] { "TrustMilli", "LockedXp", "CreatedAt", "Id" },
                descending: new[] { true, true, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agents_TrustMilli_LockedXp_CreatedAt_Id",
                table: "Agents");

            migrationBuilder.CreateIndex(
                name: "IX_Agents_TrustMilli_LockedXp_CreatedAt",
                table: "Agents",
                columns: new[] { "TrustMilli", "LockedXp", "CreatedAt" });
        }
    }
}
