using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EpochWorkRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "WorkRevision",
                table: "Epochs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkRevision",
                table: "Epochs");
        }
    }
}
