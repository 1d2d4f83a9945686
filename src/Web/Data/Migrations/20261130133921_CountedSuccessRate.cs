using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CountedSuccessRate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SuccessRatePpb",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_Agents_SuccessRatePpb",
                table: "Agents",
                column: "SuccessRatePpb");

            // A first value from the old counts; the trust refresh at start recounts every agent under the new rules.
            migrationBuilder.Sql("UPDATE Agents SET SuccessRatePpb = CASE WHEN JobsAsProvider = 0 THEN 0 ELSE SucceededAsProvider * 1000000000 / JobsAsProvider END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agents_SuccessRatePpb",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "SuccessRatePpb",
                table: "Agents");
        }
    }
}
