using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace XpFlywheel.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class JobDisputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DisputableUntil",
                table: "Jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DisputedAt",
                table: "Jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Held",
                table: "Jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "Jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedBy",
                table: "Jobs",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Standing",
                table: "Jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs",
                columns: new[] { "Standing", "DisputableUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Standing_DisputableUntil",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "DisputableUntil",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "DisputedAt",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Held",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "ResolvedBy",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Standing",
                table: "Jobs");
        }
    }
}
