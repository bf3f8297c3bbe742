#!/usr/bin/env bash
# Runs every benchmark against its anchor in the same run and prints ratios.
#   tests/bench/run-benchmarks.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$top/_build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Dataset import: 200,000 x 50 numeric CSV =="
/usr/bin/python3 "$top/tests/bench/gen-numeric.py" 200000 50 "$work/numeric.csv"
ls -l "$work/numeric.csv" | awk '{printf "file: %.1f MB\n", $5 / 1e6}'
lumina=$("$build/tests/bench/bench-import" "$work/numeric.csv")
pandas=$(/usr/bin/python3 "$top/tests/bench/pandas-read-csv.py" "$work/numeric.csv")
echo "$lumina"
echo "$pandas"
awk -v l="$(echo "$lumina" | awk '/lumina_import_ms/ {print $2}')" \
    -v p="$(echo "$pandas" | awk '{print $2}')" \
    'BEGIN { printf "import speed-up over pandas.read_csv alone: %.2fx\n", p / l }'
