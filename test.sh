#!/usr/bin/env bash
# Runs every test: the domain core, the web app (bUnit and integration) and the browser tests.
# Installs Debian's Chromium when it is missing (browser tests never download a browser), and Debian's PostgreSQL
# for the tests that run the app on PostgreSQL: they start a private server of their own (a temporary cluster on a
# free loopback port, stopped and deleted at the end), never the package's system one.
# Installs Debian's redis-server for the tests of what the nodes share through Redis (each starts a private server on a
# free loopback port). The web app's suite then runs once more with every app on PostgreSQL and sharing its rate
# limits through a private Redis server started here and stopped at the end.
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

if [ ! -x /usr/bin/redis-server ]; then
  echo "Installing Redis for the tests of the nodes' shared rate limits..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq redis-server >/dev/null || echo "Could not install redis-server; the Redis tests will fail."
fi

projects=(
  tests/XpFlywheel.Core.Tests
  tests/XpFlywheel.Web.Tests
  tests/XpFlywheel.E2E
)

# The integration suite runs a second time with every app on PostgreSQL (one database per app, on a private server
# started here: a temporary cluster on a free loopback port, stopped and deleted at the end). Tests of the SQLite
# file itself skip themselves in that run; the multi-process kill test has already run once.
pg_dir=""; pg_bin=""; pg_port=""
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bin" ] || return 1
  pg_dir=$(mktemp -d /tmp/xpflywheel-suite-pg.XXXXXX)
  local as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as=(runuser -u postgres --); fi
  "${as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-sync --locale=C.UTF-8 >/dev/null || return 1
  for _ in 1 2 3 4 5; do
    pg_port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && continue
    "${as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600" \
      start >/dev/null && return 0
  done
  return 1
}
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  local as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$pg_dir"; pg_dir=""
}
redis_dir=""; redis_pid=""; redis_port=""
start_redis() {
  [ -x /usr/bin/redis-server ] || return 1
  redis_dir=$(mktemp -d /tmp/xpflywheel-suite-redis.XXXXXX)
  for _ in 1 2 3 4 5; do
    redis_port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && continue
    /usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --daemonize no \
      >"$redis_dir/server.log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && return 0
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; redis_pid=""
  done
  return 1
}
stop_redis() {
  [ -n "$redis_pid" ] && { kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; }
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  redis_pid=""; redis_dir=""
}
trap 'stop_postgres; stop_redis' EXIT

dotnet build XpFlywheel.Web.sln -c Debug -nologo -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

passed=0; failed=0; status=0
# Adds one run's "Passed!/Failed!" summary line from its log to the totals (no summary counts as one failure).
count() {
  local name=$1 log=$2 summary p f
  summary=$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -1)
  if grep -q "Test Run Aborted" "$log"; then
    # The hang guard (or a crash) ended the run early: its summary counts only the tests that finished.
    echo "$name was aborted while running: $(grep -A1 'The test running when the crash occurred' "$log" | tail -1). Counted as one failure."
    failed=$((failed + 1)); status=1
  fi
  if [ -z "$summary" ]; then
    echo "$name produced no test summary: counted as one failure."
    failed=$((failed + 1)); status=1
  else
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f))
    [ "$f" -gt 0 ] && status=1
    echo "$name: $p passed, $f failed"
  fi
  rm -f "$log"
}
# A test that makes no progress for 10 minutes ends its project's run (vstest's hang guard names it and stops the test
# host): the suite then finishes, with the hang counted as a failure, instead of running into the CI's time limit.
hang_guard=(--blame-hang-timeout 10m --blame-hang-dump-type none)
for project in "${projects[@]}"; do
  echo "== $project"
  log=$(mktemp)
  dotnet test "$project" --no-build -nologo "${hang_guard[@]}" 2>&1 | tee "$log"
  count "$project" "$log"
done

echo "== tests/XpFlywheel.Web.Tests on PostgreSQL and Redis"
if start_postgres; then
  redis_env=()
  if start_redis; then
    redis_env=(XPF_TEST_REDIS="127.0.0.1:$redis_port")
  else
    echo "Could not start a private Redis server: this run uses PostgreSQL alone (the Redis tests fail on their own)."
  fi
  log=$(mktemp)
  env XPF_TEST_POSTGRES_SERVER="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" "${redis_env[@]}" \
    dotnet test tests/XpFlywheel.Web.Tests --no-build -nologo --filter "FullyQualifiedName!~FailoverKillTests" "${hang_guard[@]}" 2>&1 | tee "$log"
  count "tests/XpFlywheel.Web.Tests on PostgreSQL and Redis" "$log"
  stop_postgres
  stop_redis
else
  echo "Could not start a private PostgreSQL server for the PostgreSQL run: counted as one failure."
  failed=$((failed + 1)); status=1
fi

echo "tests: $passed passed, $failed failed"
exit $status
