using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CancelAfterSwitches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CancelAfterSwitches",
                columns: table => new
                {
                    OperatorId = table.Column<long>(type: "bigint", nullable: false),
                    TriggerAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ArmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FiringAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CancelAfterSwitches", x => x.OperatorId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CancelAfterSwitches_TriggerAt",
                table: "CancelAfterSwitches",
                column: "TriggerAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CancelAfterSwitches");
        }
    }
}
