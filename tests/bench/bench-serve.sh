#!/usr/bin/env bash
# Serving throughput: `lumina serve` (micro-batching off and on) against a
# single-process Flask app with Python's xgboost, on the same XGBoost model,
# both answering the same one-row MLflow dataframe_split request, driven by
# wrk -t2 -c32 -d10s.  Prints req/s, p50 and p99 for each and the ratios.
#   tests/bench/bench-serve.sh [BUILD_DIR] [DURATION]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$top/_build}
duration=${2:-10s}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

/usr/bin/python3 "$top/tests/bench/gen-binary.py" 20000 50 "$work/data.csv"
"$build/tests/bench/bench-serve-train" "$work/data.csv" "$work/bundle"

# One row of the training data, as an MLflow dataframe_split request.
/usr/bin/python3 - "$work/data.csv" "$work/post.lua" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as f:
    rows = csv.reader(f)
    header = next(rows)
    row = next(rows)
body = json.dumps({"dataframe_split": {"columns": header[:-1], "data": [[float(v) for v in row[:-1]]]}})
with open(sys.argv[2], "w") as out:
    out.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    out.write("wrk.body = %s\n" % json.dumps(body))
PY

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_ready() {
  for _ in $(seq 200); do
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
         --data "$(sed -n 's/^wrk.body = //p' "$work/post.lua" | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read()))')" \
         "http://127.0.0.1:$1/invocations"; then return 0; fi
    sleep 0.05
  done
  echo "server on port $1 did not come up" >&2; return 1
}

# wrk's summary as "rps p50_ms p99_ms".
run_wrk() {
  wrk -t2 -c32 -d"$duration" --latency -s "$work/post.lua" "http://127.0.0.1:$1/invocations" > "$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %s\n", rps, p50, p99, bad + 0 }' "$work/wrk.txt"
}

serve_lumina() {
  local port; port=$(free_port)
  OMP_WAIT_POLICY=passive "$build/src/cli/lumina" serve "bench=$work/bundle" --port "$port" --workers 2 \
    --batch-window "$1" > "$work/lumina.log" 2>&1 &
  pids+=($!)
  wait_ready "$port"
  run_wrk "$port"
  kill -INT "${pids[-1]}"; wait "${pids[-1]}" || true
}

echo "== Serving: 50-feature XGBoost binary classifier (100 trees, depth 6), one-row MLflow requests, wrk -t2 -c32 -d$duration =="
off=$(serve_lumina 0)
on=$(serve_lumina 0.2)

port=$(free_port)
OMP_WAIT_POLICY=passive /usr/bin/python3 "$top/tests/bench/serve-flask.py" "$work/bundle/member-0.json" "$port" \
  > "$work/flask.log" 2>&1 &
pids+=($!)
wait_ready "$port"
flask=$(run_wrk "$port")

report() { read -r rps p50 p99 bad <<< "$2"; printf "%-28s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms   non-2xx %s\n" "$1" "$rps" "$p50" "$p99" "$bad"; }
report "lumina serve (batching off)" "$off"
report "lumina serve (batching 0.2ms)" "$on"
report "flask + xgboost" "$flask"
awk -v a="${off%% *}" -v b="${on%% *}" -v f="${flask%% *}" \
  'BEGIN { printf "LuminaOps / Flask req/s: batching off %.1fx, batching on %.1fx\n", a / f, b / f }'
