using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DisplayNameKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisplayNameKey",
                table: "AspNetUsers",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            // Names chosen before the key: the earliest user keeps a name several chose; the others keep theirs on
            // show but unprotected until they save one again (the app computes keys with .NET's invariant upper case;
            // the database's upper() agrees on the names the name rule allows except for rare letters).
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "DisplayNameKey" = upper("DisplayName")
                WHERE "DisplayName" IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM "AspNetUsers" AS earlier
                    WHERE upper(earlier."DisplayName") = upper("AspNetUsers"."DisplayName")
                      AND (earlier."CreatedAt" < "AspNetUsers"."CreatedAt"
                           OR (earlier."CreatedAt" = "AspNetUsers"."CreatedAt" AND earlier."Id" < "AspNetUsers"."Id")))
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DisplayNameKey",
                table: "AspNetUsers",
                column: "DisplayNameKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_DisplayNameKey",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DisplayNameKey",
                table: "AspNetUsers");
        }
    }
}
