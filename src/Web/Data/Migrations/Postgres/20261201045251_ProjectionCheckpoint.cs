using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProjectionCheckpoint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ProjectedSequence",
                table: "MarketState",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Until now every result table was written with the journal in one transaction: a database from before
            // this column reflects its whole journal.
            migrationBuilder.Sql("""UPDATE "MarketState" SET "ProjectedSequence" = COALESCE((SELECT MAX("Sequence") FROM "Journal"), 0)""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProjectedSequence",
                table: "MarketState");
        }
    }
}
