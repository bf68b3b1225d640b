#!/usr/bin/env bash
# Inkport's import benchmark beside the peers, in one session and one results file.
#
#   bench/run.sh CORPUS_DIR          (corpus from the shared bench/make-corpus.sh)
#
# 1. builds the Inkport server and the bench programs (Release);
# 2. runs the shared peers' run-all.sh: every format (md, docx, html, xlsx, xls, csv), start-up and the physical limits;
# 3. times Inkport's cases through the same harness (bench.py) into the same results file:
#      *-inkport-convert          whole process: our converter into a counting sink (Inkport.Convert)
#      *-inkport-convert-warm     the same, warm, in process (iterations 2..ITER of one process)
#      *-inkport-encode-warm      + Core's document writers encoding the parts (a store that only counts)
#      *-inkport-sqlite-warm      + the SQLite store writing them (the server's --in-memory storage)
#      *-inkport-import-warm      end to end over HTTP against a warm --in-memory server (Inkport.E2E):
#                                 token, upload_all (over 20 MiB: upload_prepare/part/finish), create, poll every 10 ms,
#                                 done; the check column starts with the server's median CPU per warm import and its
#                                 peak RSS (VmHWM over all the imports)
#    (the three stages show where an import's time goes: conversion, encoding the parts, SQLite writes;
#    the warm cases' check column starts with the median CPU ms of the warm iterations);
# 4. prints the combined table (table.py).
#
# env:
#   REPS=5 WARMUP=1 ONLY=REGEX SKIP=REGEX RESULTS=FILE   as in run-all.sh (ONLY/SKIP also filter Inkport's cases)
#   ITER=6              iterations of the warm in-process cases (the first, cold, is not counted)
#   DOTNET=1            also the .NET peers (Markdig, Open XML SDK, AngleSharp, HtmlAgilityPack, ExcelDataReader,
#                       CsvHelper) and the .NET floor probe (default 1)
#   PEERS=1             run the peers (0: only Inkport's cases)
#   PEERS_DIR=DIR       the shared bench/peers folder (default: ../shared/bench/peers beside the repository)
#   PEERS_NODE_DIR=DIR  node_modules for the JS peers (default: a cache folder, filled by `npm ci` from the
#                       peers' lockfile on first use); Debian tools: see the peers' setup.sh
set -uo pipefail

CORPUS=$(cd "${1:?usage: bench/run.sh CORPUS_DIR}" && pwd)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPS=${REPS:-5}
WARMUP=${WARMUP:-1}
ITER=${ITER:-6}
ONLY=${ONLY:-}
SKIP=${SKIP:-}
DOTNET=${DOTNET:-1}
PEERS=${PEERS:-1}
RESULTS=${RESULTS:-$(mktemp --suffix=.jsonl)}
PEERS_NODE_DIR=${PEERS_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/inkport-bench/peers-node}
if [ -z "${PEERS_DIR:-}" ]; then
  for cand in "$ROOT/../shared/bench/peers" /work/shared/bench/peers; do
    [ -f "$cand/bench.py" ] && { PEERS_DIR=$(cd "$cand" && pwd); break; }
  done
fi
[ -f "${PEERS_DIR:-}/bench.py" ] || { echo "the shared bench/peers folder was not found: set PEERS_DIR" >&2; exit 1; }

say() { printf '%s\n' "$*" >&2; }
want() { [[ -n $ONLY && ! $1 =~ $ONLY ]] && return 1; [[ -n $SKIP && $1 =~ $SKIP ]] && return 1; return 0; }

# The peers' folder is copied: run-all.sh builds its .NET peers in place (obj/), and the shared copy may be read-only.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/peers"
(cd "$PEERS_DIR" && tar --exclude=node_modules --exclude=bin --exclude=obj -cf - .) | (cd "$WORK/peers" && tar -xf -)
PEERS_COPY=$WORK/peers

say "building Release: server, Inkport.Convert, Inkport.E2E ..."
for project in src/Inkport.Server bench/Inkport.Convert bench/Inkport.E2E; do
  dotnet build -c Release -v quiet -nologo "$ROOT/$project" > "$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; say "build failed: $project"; exit 1; }
done
CONVERT=$ROOT/bench/Inkport.Convert/bin/Release/net10.0/Inkport.Convert.dll
E2E=$ROOT/bench/Inkport.E2E/bin/Release/net10.0/Inkport.E2E.dll
export INKPORT_SERVER_DLL=$ROOT/src/Inkport.Server/bin/Release/net10.0/Inkport.Server.dll

if [ "$PEERS" = 1 ]; then
  if [ ! -d "$PEERS_NODE_DIR/node_modules" ] && command -v npm >/dev/null; then
    say "installing the npm peers into $PEERS_NODE_DIR (npm ci from the peers' lockfile) ..."
    mkdir -p "$PEERS_NODE_DIR"
    cp "$PEERS_DIR/package.json" "$PEERS_DIR/package-lock.json" "$PEERS_NODE_DIR/"
    (cd "$PEERS_NODE_DIR" && npm ci --no-audit --no-fund >&2) || say "npm ci failed: the JS peers will be skipped"
  fi
  # run-all.sh ends with its own table of the same file; the combined one is printed below.
  RESULTS=$RESULTS REPS=$REPS WARMUP=$WARMUP ONLY=$ONLY SKIP=$SKIP DOTNET=$DOTNET PEERS_NODE_DIR=$PEERS_NODE_DIR \
    "$PEERS_COPY/run-all.sh" "$CORPUS" | sed '/^## Results/,$d'
else
  say "results: $RESULTS"
fi

# b ID FMT TOOL INPUT [bench.py options] -- COMMAND...   (as run-all.sh's helper)
VERSION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) (.NET $(dotnet --version))"
b() {
  local id=$1 fmt=$2 tool=$3 input=$4; shift 4
  want "$id" || return 0
  local extra=()
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  python3 "$PEERS_COPY/bench.py" --id "$id" --fmt "$fmt" --tool "$tool" --ver "$VERSION" \
    --input "$input" --reps "$REPS" --warmup "$WARMUP" --out "$RESULTS" "${extra[@]}" -- "$@"
}
WARM="[warm, in-process]"

# inkport FMT FILE TARGET [NAME]: the cases of one file into one target (NAME: the peers' case prefix, default FMT)
inkport() {
  local fmt=$1 file=$2 target=$3 id=${4:-$1}-inkport
  [ "$target" = bitable ] && id=$id-bitable
  [ -s "$file" ] || { say "$(printf '%-28s skipped: %s' "$id" "$file is missing")"; return; }
  if [ "$target" != bitable ]; then
    b "$id-convert" "$fmt" "Inkport convert ($target)" "$file" -- dotnet "$CONVERT" "$file" --target "$target"
  fi
  b "$id-convert-warm" "$fmt" "Inkport convert ($target) $WARM" "$file" --inproc-iter "$ITER" -- \
    dotnet "$CONVERT" "$file" --target "$target"
  b "$id-encode-warm" "$fmt" "Inkport convert + encode parts ($target) $WARM" "$file" --inproc-iter "$ITER" -- \
    dotnet "$CONVERT" "$file" --target "$target" --stage encode
  b "$id-sqlite-warm" "$fmt" "Inkport convert + encode + SQLite ($target) $WARM" "$file" --inproc-iter "$ITER" -- \
    dotnet "$CONVERT" "$file" --target "$target" --stage sqlite
  b "$id-import-warm" "$fmt" "Inkport import over HTTP ($target, --in-memory server) $WARM" "$file" --inproc-iter "$ITER" -- \
    dotnet "$E2E" "$file" --type "$target"
}

say "Inkport $VERSION, ITER=$ITER"
inkport md "$CORPUS/md-10mb.md" docx
inkport docx "$CORPUS/docx-big.docx" docx docx-big
inkport docx "$CORPUS/docx-small.docx" docx docx-small
inkport html "$CORPUS/html-big.html" docx
inkport xlsx "$CORPUS/xlsx-20mb.xlsx" sheet
inkport xlsx "$CORPUS/xlsx-20mb.xlsx" bitable
inkport xls "$CORPUS/xls-big.xls" sheet
inkport csv "$CORPUS/csv-20mb.csv" sheet
inkport csv "$CORPUS/csv-20mb.csv" bitable

echo
echo "## Results ($(date -u +%Y-%m-%d), reps=$REPS after warmup=$WARMUP, warm in-process: iterations 2..$ITER; MB = 10^6 bytes)"
python3 "$PEERS_COPY/table.py" "$RESULTS" --check
