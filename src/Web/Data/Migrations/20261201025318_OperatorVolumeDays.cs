using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OperatorVolumeDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OperatorVolumeDays",
                columns: table => new
                {
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Volume = table.Column<long>(type: "INTEGER", nullable: false),
                    Jobs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorVolumeDays", x => new { x.OperatorId, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_OperatorVolumeDays_Day",
                table: "OperatorVolumeDays",
                column: "Day");

            // Existing jobs: successes for other operators, summed per provider operator and UTC day (dates are
            // stored as "yyyy-MM-dd HH:mm:ss…", so the first ten characters are the day).
            migrationBuilder.Sql("""
                INSERT INTO "OperatorVolumeDays" ("OperatorId", "Day", "Volume", "Jobs")
                SELECT "ProviderOperatorId", substr("At", 1, 10) || ' 00:00:00', SUM("Amount"), COUNT(*)
                FROM "Jobs" WHERE "Succeeded" AND NOT "SelfDealing"
                GROUP BY "ProviderOperatorId", substr("At", 1, 10)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OperatorVolumeDays");
        }
    }
}
