#!/usr/bin/env bash
# Adds an EF Core migration for the current model to both providers: ./scripts/add-migration.sh AddOrders
# SQLite's go to src/Web/Data/Migrations (context AppDbContext), PostgreSQL's to src/Web/Data/Migrations/Postgres
# (context PostgresAppDbContext): EF Core's layout for one model on two providers.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: add-migration.sh Name}
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project XpFlywheel.Web.csproj --context AppDbContext \
  --output-dir src/Web/Data/Migrations --namespace XpFlywheel.Web.Data.Migrations
dotnet ef migrations add "$name" --project XpFlywheel.Web.csproj --context PostgresAppDbContext \
  --output-dir src/Web/Data/Migrations/Postgres --namespace XpFlywheel.Web.Data.Migrations.Postgres
# The tool places a model snapshot by namespace; keep each beside its migrations.
if [ -d XpFlywheel/Web/Data/Migrations/Postgres ]; then
  mv XpFlywheel/Web/Data/Migrations/Postgres/*.cs src/Web/Data/Migrations/Postgres/ && rm -rf XpFlywheel/Web/Data/Migrations/Postgres
fi
if [ -d XpFlywheel/Web/Data/Migrations ]; then
  mv XpFlywheel/Web/Data/Migrations/*.cs src/Web/Data/Migrations/ && rm -rf XpFlywheel
fi
rm -f design-time.db*
