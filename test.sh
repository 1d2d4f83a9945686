#!/usr/bin/env bash
# Runs every test: the domain core, the web app (bUnit and integration) and the browser tests.
# Installs Debian's Chromium when it is missing (browser tests never download a browser), and Debian's PostgreSQL
# for the tests that run the app on PostgreSQL: they start a private server of their own (a temporary cluster on a
# free loopback port, stopped and deleted at the end), never the package's system one.
# Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null || echo "Could not install chromium; the browser tests will fail."
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL for the PostgreSQL provider tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql >/dev/null || echo "Could not install postgresql; the PostgreSQL tests will fail."
fi

projects=(
  tests/XpFlywheel.Core.Tests
  tests/XpFlywheel.Web.Tests
  tests/XpFlywheel.E2E
)

dotnet build XpFlywheel.Web.sln -c Debug -nologo -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

passed=0; failed=0; status=0
for project in "${projects[@]}"; do
  echo "== $project"
  log=$(mktemp)
  dotnet test "$project" --no-build -nologo 2>&1 | tee "$log"
  summary=$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -1)
  if [ -z "$summary" ]; then
    echo "$project produced no test summary: counted as one failure."
    failed=$((failed + 1)); status=1
  else
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f))
    [ "$f" -gt 0 ] && status=1
    echo "$project: $p passed, $f failed"
  fi
  rm -f "$log"
done

echo "tests: $passed passed, $failed failed"
exit $status
