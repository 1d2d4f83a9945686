using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EpochCloseByParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PaidFromBurnPool",
                table: "Epochs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PaidThroughOperator",
                table: "Epochs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StagedAgentsPaid",
                table: "Epochs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "StagedAllocated",
                table: "Epochs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "StagedBasis",
                table: "Epochs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StagedLastAgent",
                table: "Epochs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "StagedLines",
                table: "Epochs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StagedParts",
                table: "Epochs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "EpochScoreLines",
                columns: table => new
                {
                    EpochNumber = table.Column<long>(type: "bigint", nullable: false),
                    AgentId = table.Column<long>(type: "bigint", nullable: false),
                    OperatorId = table.Column<long>(type: "bigint", nullable: false),
                    Jobs = table.Column<int>(type: "integer", nullable: false),
                    SuccessfulVolume = table.Column<long>(type: "bigint", nullable: false),
                    DistinctCounterparties = table.Column<int>(type: "integer", nullable: false),
                    V = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    Q = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    D = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    R = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    Share = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    Allocation = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpochScoreLines", x => new { x.EpochNumber, x.AgentId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_EpochScoreLines_EpochNumber_OperatorId",
                table: "EpochScoreLines",
                columns: new[] { "EpochNumber", "OperatorId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EpochScoreLines");

            migrationBuilder.DropColumn(
                name: "PaidFromBurnPool",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "PaidThroughOperator",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedAgentsPaid",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedAllocated",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedBasis",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedLastAgent",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedLines",
                table: "Epochs");

            migrationBuilder.DropColumn(
                name: "StagedParts",
                table: "Epochs");
        }
    }
}
