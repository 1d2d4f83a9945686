#!/usr/bin/env bash
# Adds an EF Core migration for the current model: ./scripts/add-migration.sh AddOrders
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: add-migration.sh Name}
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project XpFlywheel.Web.csproj \
  --output-dir src/Web/Data/Migrations --namespace XpFlywheel.Web.Data.Migrations
# The tool places the model snapshot by namespace; keep it beside the migrations.
if [ -d XpFlywheel/Web/Data/Migrations ]; then
  mv XpFlywheel/Web/Data/Migrations/*.cs src/Web/Data/Migrations/ && rm -rf XpFlywheel
fi
rm -f design-time.db*
