using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EpochWorkTally : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "WorkTallied",
                table: "Epochs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "EpochWork",
                columns: table => new
                {
                    EpochNumber = table.Column<long>(type: "bigint", nullable: false),
                    ProviderAgentId = table.Column<long>(type: "bigint", nullable: false),
                    ClientOperatorId = table.Column<long>(type: "bigint", nullable: false),
                    Jobs = table.Column<int>(type: "integer", nullable: false),
                    Succeeded = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    SucceededAmount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EpochWork", x => new { x.EpochNumber, x.ProviderAgentId, x.ClientOperatorId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EpochWork");

            migrationBuilder.DropColumn(
                name: "WorkTallied",
                table: "Epochs");
        }
    }
}
