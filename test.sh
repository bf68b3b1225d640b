#!/usr/bin/env bash
# ./test.sh: Inkport's test command (README, .ci/run).
#
# On a fresh Debian 12 machine with the .NET 10 SDK it installs and starts what the tests
# need (idempotently), builds the solution, runs `dotnet test Inkport.slnx`, and closes
# with one line "N passed, N failed, N skipped" summed over every test project. It exits
# non-zero when a test failed, when the run broke, or when no test ran at all.
#
#   ./test.sh                     everything
#   ./test.sh --setup-only        only install and start the test dependencies, then stop
#   ./test.sh --filter X ...      any other arguments go to `dotnet test`; without a --filter of
#                                 their own, tests with the trait Category=Long are left out
#   ./test.sh --filter Category=Long   only the long tests (200 MB uploads, big imports)
#
# Environment:
#   CONFIGURATION=Debug           build and test configuration (Debug or Release)
#   INKPORT_TEST_POSTGRES=...     an Npgsql connection string of a PostgreSQL to test against; when unset,
#                                 a throwaway PostgreSQL 15 is started on loopback (Debian's postgresql,
#                                 installed if missing) and stopped on exit, and this is exported for it
#   INKPORT_WITH_POSTGRES=0       start none: the PostgreSQL tests skip (and fail in CI, where CI=true)
#   INKPORT_POSTGRES_PORT=55432   first port tried for it
#   INKPORT_TEST_TIMEOUT=45m      limit for the whole `dotnet test` run
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

CONFIGURATION=${CONFIGURATION:-Debug}
NODE_DIR=$ROOT/tests/Conformance/node
RESULTS_DIR=$ROOT/TestResults/test.sh
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}

SETUP_ONLY=0
if [[ ${1:-} == --setup-only ]]; then
  SETUP_ONLY=1
  shift
fi

# ------------------------------------------------------------------ helpers

phase() { printf '\n==> [%4ss] %s\n' "$SECONDS" "$*"; }
die() {
  printf 'test.sh: %s\n' "$*" >&2
  exit 1
}

# Cleanups run in reverse order on any exit (success, failure, Ctrl-C).
CLEANUPS=()
register_cleanup() { CLEANUPS+=("$1"); }
run_cleanups() {
  local rc=$? i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
    "${CLEANUPS[i]}" || true
  done
  exit "$rc"
}
trap run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

APT_UPDATED=0
apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
    sudo=(sudo -n)
  fi
  if [[ $APT_UPDATED -eq 0 ]]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# ------------------------------------------------------------------ .NET

ensure_dotnet() {
  phase ".NET SDK"
  command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is not on PATH"
  echo "dotnet $(dotnet --version)"
}

# ------------------------------------------------------------------ Node.js and the Feishu SDK

ensure_node() {
  phase "Node.js"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "node or npm is missing: installing Debian's nodejs and npm"
    apt_install nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 18)) || die "Node.js $(node --version) is too old: the Feishu Node SDK needs 18 or later"
  echo "node $(node --version), npm $(npm --version 2>/dev/null)"
}

# npm ci from the committed lockfile; skipped when node_modules already matches it.
install_node_deps() {
  phase "Feishu Node SDK (npm ci in tests/Conformance/node)"
  [[ -f $NODE_DIR/package-lock.json ]] || die "$NODE_DIR/package-lock.json is missing"
  local stamp=$NODE_DIR/node_modules/.inkport-lock.sha256 want
  want=$(cat "$NODE_DIR/package.json" "$NODE_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
    echo "node_modules matches package-lock.json"
  else
    # No dependency needs an install script; --ignore-scripts keeps npm 9, 10 and 11 alike.
    local attempt
    for attempt in 1 2; do
      if (cd "$NODE_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); then
        break
      fi
      ((attempt < 2)) || die "npm ci failed in $NODE_DIR"
      echo "npm ci failed; retrying once"
      sleep 5
    done
    echo "$want" >"$stamp"
  fi
  (cd "$NODE_DIR" && node -e 'console.log("@larksuiteoapi/node-sdk " + require("@larksuiteoapi/node-sdk/package.json").version)')
}

# ------------------------------------------------------------------ Chromium (the console's browser tests)
# Debian's chromium, driven by Playwright through ExecutablePath; Playwright never downloads a browser here.

ensure_chromium() {
  phase "Chromium (browser tests)"
  if [[ ! -x /usr/bin/chromium ]]; then
    echo "/usr/bin/chromium is missing: installing Debian's chromium"
    apt_install chromium
  fi
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  /usr/bin/chromium --version 2>/dev/null || echo "chromium installed at /usr/bin/chromium"
}

# ------------------------------------------------------------------ PostgreSQL 15 (unless INKPORT_WITH_POSTGRES=0)
# A throwaway cluster: initdb into a temp folder, listen on 127.0.0.1 only (unix socket in
# the temp folder), trust auth, stopped and deleted on exit. Exports INKPORT_TEST_POSTGRES.

PG_BIN=""
PG_DIR=""
PG_RUN=()

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x $d/pg_ctl && -x $d/initdb ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_postgres() {
  [[ -n $PG_DIR ]] || return 0
  if [[ -f $PG_DIR/data/postmaster.pid ]]; then
    echo "stopping PostgreSQL ($PG_DIR)"
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}

start_postgres() {
  phase "PostgreSQL 15 (throwaway, for the store contract and the cluster tests)"
  if ! PG_BIN=$(find_pg_bin); then
    echo "PostgreSQL server binaries are missing: installing Debian's postgresql"
    apt_install postgresql
    PG_BIN=$(find_pg_bin) || die "postgresql installed, but no pg_ctl under /usr/lib/postgresql/*/bin"
  fi

  local port=${INKPORT_POSTGRES_PORT:-55432} last
  last=$((port + 20))
  while port_in_use "$port"; do
    ((port < last)) || die "ports ${INKPORT_POSTGRES_PORT:-55432}..$last on 127.0.0.1 are all in use"
    port=$((port + 1))
  done

  # Not under $TMPDIR: the postgres user must be able to reach the folder.
  PG_DIR=$(mktemp -d /tmp/inkport-pg.XXXXXX)
  register_cleanup stop_postgres
  if [[ $(id -u) -eq 0 ]]; then
    # initdb refuses to run as root: run the cluster as Debian's postgres user.
    id postgres >/dev/null 2>&1 || die "running as root, but there is no postgres user to run PostgreSQL"
    chown postgres: "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  fi

  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U inkport --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2
    die "initdb failed"
  }
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || {
    cat "$PG_DIR/postgres.log" >&2
    die "pg_ctl start failed"
  }
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U inkport inkport
  export INKPORT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=inkport;Database=inkport"
  echo "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U inkport -d inkport -Atc 'select version()')"
  echo "INKPORT_TEST_POSTGRES=$INKPORT_TEST_POSTGRES"
}

# ------------------------------------------------------------------ build and test

build() {
  phase "dotnet build Inkport.slnx -c $CONFIGURATION"
  dotnet build Inkport.slnx -c "$CONFIGURATION" -v minimal
}

TEST_RC=0
run_tests() {
  phase "dotnet test Inkport.slnx -c $CONFIGURATION"
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  set +e
  timeout --kill-after=30s "${INKPORT_TEST_TIMEOUT:-45m}" \
    dotnet test Inkport.slnx -c "$CONFIGURATION" --no-build \
    --results-directory "$RESULTS_DIR" \
    --logger trx --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    "$@"
  TEST_RC=$?
  set -e
  echo "dotnet test exited with $TEST_RC"
}

# Sums the <Counters> of every TRX file (one per test project), prints a line per project
# and the closing "N passed, N failed, N skipped" line; returns the script's exit code.
summarize() {
  phase "Summary"
  local passed=0 failed=0 skipped=0 projects=0 f counters name p fl s
  counter() { [[ $counters =~ [[:space:]]$1=\"([0-9]+)\" ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
  shopt -s nullglob
  for f in "$RESULTS_DIR"/*.trx; do
    counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
    [[ -n $counters ]] || continue
    projects=$((projects + 1))
    name=$(grep -o 'codeBase="[^"]*"' "$f" | head -n 1 | sed -e 's/^codeBase="//' -e 's/"$//' || true)
    name=${name##*/}
    name=${name%.dll}
    p=$(counter passed)
    fl=$(($(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted)))
    # xunit's skipped tests are counted in total but not in executed.
    s=$(($(counter total) - $(counter executed)))
    printf '  %-44s %4d passed, %4d failed, %4d skipped\n' "${name:-(no tests) ${f##*/}}" "$p" "$fl" "$s"
    passed=$((passed + p))
    failed=$((failed + fl))
    skipped=$((skipped + s))
  done
  shopt -u nullglob
  echo "  ($projects test project result file(s) in ${RESULTS_DIR#"$ROOT"/})"

  local rc=0
  if ((failed > 0)); then
    rc=1
  elif ((TEST_RC != 0)); then
    echo "dotnet test exited with $TEST_RC without a failed test in the results (a crash, hang or timeout): counted as 1 failure"
    failed=1
    rc=1
  elif ((passed == 0)); then
    echo "no test ran: that is a failure"
    rc=1
  fi
  echo "Total time: ${SECONDS}s"
  echo "$passed passed, $failed failed, $skipped skipped"
  return "$rc"
}

# ------------------------------------------------------------------ main

ensure_dotnet
ensure_node
install_node_deps
ensure_chromium
if [[ -n ${INKPORT_TEST_POSTGRES:-} ]]; then
  phase "PostgreSQL: INKPORT_TEST_POSTGRES is given"
elif [[ ${INKPORT_WITH_POSTGRES:-1} != 0 ]]; then
  start_postgres
fi
if ((SETUP_ONLY)); then
  phase "setup done (--setup-only)"
  exit 0
fi
build
# Long tests (big uploads and imports) have their own command; a --filter given here replaces this one.
TEST_ARGS=("$@")
if [[ " $* " != *" --filter "* && " $* " != *" --filter="* ]]; then
  TEST_ARGS+=(--filter "Category!=Long")
fi
run_tests "${TEST_ARGS[@]}"
set +e
summarize
rc=$?
set -e
exit "$rc"
