using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class JobsUnsettledIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs",
                columns: new[] { "Standing", "DisputableUntil" },
                filter: "\"Standing\" <> 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs",
                columns: new[] { "Standing", "DisputableUntil" });
        }
    }
}
