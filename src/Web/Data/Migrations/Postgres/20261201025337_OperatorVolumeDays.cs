using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
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
                    OperatorId = table.Column<long>(type: "bigint", nullable: false),
                    Day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Volume = table.Column<long>(type: "bigint", nullable: false),
                    Jobs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorVolumeDays", x => new { x.OperatorId, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_OperatorVolumeDays_Day",
                table: "OperatorVolumeDays",
                column: "Day");

            // Existing jobs: successes for other operators, summed per provider operator and UTC day.
            migrationBuilder.Sql("""
                INSERT INTO "OperatorVolumeDays" ("OperatorId", "Day", "Volume", "Jobs")
                SELECT "ProviderOperatorId", date_trunc('day', "At" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', SUM("Amount"), COUNT(*)
                FROM "Jobs" WHERE "Succeeded" AND NOT "SelfDealing"
                GROUP BY "ProviderOperatorId", date_trunc('day', "At" AT TIME ZONE 'UTC')
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
