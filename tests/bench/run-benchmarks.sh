#!/usr/bin/env bash
# Runs every benchmark against its anchor in the same run and prints ratios.
#   tests/bench/run-benchmarks.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$top/_build}
# `run-benchmarks.sh BUILD_DIR automl [BUDGET] [DATASET ...]`: only the AutoML
# quality benchmark (over 15 minutes at its default 60 s budget).
if [ "${2:-}" = automl ]; then exec "$top/tests/bench/bench-automl.sh" "$build" "${@:3}"; fi
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

echo
echo "== MLP training: diamonds.csv (53,940 rows), classify cut, [128, 64] ReLU, Adam, batch 128, 10 epochs =="
# Same matrix and settings on both sides, one OpenBLAS thread each and the same OpenBLAS
# kernels (the core LuminaOps runs with, which it may have chosen itself, is given to
# sklearn's process too); rounds alternate so a busy neighbour hits both alike.
mlp_l=(); mlp_s=()
for round in 1 2 3; do
  out=$(OPENBLAS_NUM_THREADS=1 "$build/tests/bench/bench-mlp" "$top/tests/data/diamonds.csv" "$work/diamonds.bin" 10 1)
  [ "$round" = 1 ] && echo "$out" | grep -v fit_s
  mlp_l+=("$(echo "$out" | awk '/lumina_mlp_fit_s/ {print $2}')")
  core=$(echo "$out" | awk '/^openblas:/ {print $2}')
  out=$(OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-$core} \
        /usr/bin/python3 "$top/tests/bench/sklearn-mlp.py" "$work/diamonds.bin" 10 1)
  [ "$round" = 1 ] && echo "$out" | grep -v fit_s
  mlp_s+=("$(echo "$out" | awk '/sklearn_mlp_fit_s/ {print $2}')")
done
echo "lumina fits (s): ${mlp_l[*]}; sklearn fits (s): ${mlp_s[*]}"
printf '%s\n' "${mlp_l[@]}" | sort -g | sed -n 2p > "$work/l"; printf '%s\n' "${mlp_s[@]}" | sort -g | sed -n 2p > "$work/s"
awk -v l="$(cat "$work/l")" -v s="$(cat "$work/s")" \
    'BEGIN { printf "lumina_mlp_fit_s %.3f\nsklearn_mlp_fit_s %.3f\nMLP training speed-up over sklearn MLPClassifier: %.2fx\n", l, s, s / l }'

echo
echo "== XGBoost trials: diamonds.csv (53,940 rows), regress price, hist, depth 6, eta 0.1, 200 rounds, 2 threads =="
# The first trial on a fold builds the DMatrix; later ones reuse it. Both sides train the
# same matrix with the same parameters and the same OpenMP wait policy (LuminaOps runs with
# passive waiting by default); ratios near 1 mean the learner adds nothing to the library.
for policy in passive active; do
  l=$(OMP_WAIT_POLICY=$policy "$build/tests/bench/bench-xgboost" "$top/tests/data/diamonds.csv" "$work/diamonds-xgb.bin" 200 3)
  p=$(OMP_WAIT_POLICY=$policy /usr/bin/python3 "$top/tests/bench/xgboost-train.py" "$work/diamonds-xgb.bin" 200 3)
  echo "OMP_WAIT_POLICY=$policy"; echo "$l" | grep -v '^data'; echo "$p"
  awk -v lf="$(echo "$l" | awk '/lumina_xgb_first_s/ {print $2}')" -v ll="$(echo "$l" | awk '/lumina_xgb_later_s/ {print $2}')" \
      -v pf="$(echo "$p" | awk '/python_xgb_first_s/ {print $2}')" -v pl="$(echo "$p" | awk '/python_xgb_later_s/ {print $2}')" \
      'BEGIN { printf "LuminaOps time / Python time: first trial (DMatrix built) %.2fx, later trials (DMatrix reused) %.2fx\n", lf / pf, ll / pl }'
done

echo
# Model serving: `lumina serve` against a Flask + xgboost app on the same model (wrk, 10 s each).
"$top/tests/bench/bench-serve.sh" "$build"
