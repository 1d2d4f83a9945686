using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddOrderLookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Trades_MakerOrderId_MakerOperatorId",
                table: "Trades",
                columns: new[] { "MakerOrderId", "MakerOperatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_Trades_TakerOrderId_TakerOperatorId",
                table: "Trades",
                columns: new[] { "TakerOrderId", "TakerOperatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OperatorId_ClientOrderId",
                table: "Orders",
                columns: new[] { "OperatorId", "ClientOrderId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Trades_MakerOrderId_MakerOperatorId",
                table: "Trades");

            migrationBuilder.DropIndex(
                name: "IX_Trades_TakerOrderId_TakerOperatorId",
                table: "Trades");

            migrationBuilder.DropIndex(
                name: "IX_Orders_OperatorId_ClientOrderId",
                table: "Orders");
        }
    }
}
