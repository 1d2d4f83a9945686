using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddOtcDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OtcOffers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Side = table.Column<int>(type: "INTEGER", nullable: false),
                    PriceTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    Remaining = table.Column<long>(type: "INTEGER", nullable: false),
                    MinimumFill = table.Column<long>(type: "INTEGER", nullable: false),
                    UnitHold = table.Column<long>(type: "INTEGER", nullable: false),
                    Held = table.Column<long>(type: "INTEGER", nullable: false),
                    CounterpartyId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtcOffers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OtcQuotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    PriceTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtcQuotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OtcRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Side = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcceptedQuoteId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtcRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OtcTrades",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<long>(type: "INTEGER", nullable: true),
                    QuoteId = table.Column<long>(type: "INTEGER", nullable: true),
                    MakerOperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    TakerOperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    BuyerOperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    SellerOperatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    PriceTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    NotionalMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    MakerFeeMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    TakerFeeMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Private = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtcTrades", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OtcOffers_CounterpartyId_Status",
                table: "OtcOffers",
                columns: new[] { "CounterpartyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcOffers_OperatorId_Status",
                table: "OtcOffers",
                columns: new[] { "OperatorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcOffers_Status_ExpiresAt",
                table: "OtcOffers",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcQuotes_OperatorId_Status",
                table: "OtcQuotes",
                columns: new[] { "OperatorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcQuotes_RequestId",
                table: "OtcQuotes",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_OtcRequests_OperatorId_Status",
                table: "OtcRequests",
                columns: new[] { "OperatorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcRequests_Status_ExpiresAt",
                table: "OtcRequests",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcTrades_At",
                table: "OtcTrades",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_OtcTrades_MakerOperatorId_At",
                table: "OtcTrades",
                columns: new[] { "MakerOperatorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OtcTrades_TakerOperatorId_At",
                table: "OtcTrades",
                columns: new[] { "TakerOperatorId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OtcOffers");

            migrationBuilder.DropTable(
                name: "OtcQuotes");

            migrationBuilder.DropTable(
                name: "OtcRequests");

            migrationBuilder.DropTable(
                name: "OtcTrades");
        }
    }
}
