#!/usr/bin/env bash
# AutoML quality: LuminaOps against Python anchors on the same 80/20 split
# (seed 42, stratified for classes) of every fixture dataset.
#   tests/bench/bench-automl.sh BUILD_DIR [BUDGET_SECONDS] [DATASET ...]
# Scores are on the held-out 20%: ROC AUC (binary), accuracy (multiclass),
# RMSE (regression; lower is better).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$top/_build}
budget=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
lumina="$build/src/cli/lumina"
anchors="$top/tests/bench/automl-anchors.py"
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

declare -A targets=(
  [breast_cancer]=diagnosis [iris]=species [penguins]=species [wa_churn]=churn
  [diabetes]=progression [concrete]=compressive_strength [diamonds]=price
  [seattle_weather]=weather
)
datasets=("$@")
if [ ${#datasets[@]} -eq 0 ]; then
  datasets=(breast_cancer iris penguins wa_churn seattle_weather diabetes concrete diamonds)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ws="$work/ws"
"$lumina" workspace init --workspace "$ws" >/dev/null

printf '%-16s %-10s %9s %9s %9s %9s %9s %9s %9s %9s\n' dataset task lumina xgb_def \
  hist_gbm forest mlp linear xgb_rs "diff"
for name in "${datasets[@]}"; do
  target=${targets[$name]}
  dir="$work/$name"
  task=$(/usr/bin/python3 "$anchors" split "$top/tests/data/$name.csv" "$target" "$dir")
  "$lumina" --workspace "$ws" data import "$dir/train.csv" --name "$name" >/dev/null
  "$lumina" --workspace "$ws" --json automl run --data "$name" --target "$target" \
    --budget "$budget" --seed 42 > "$dir/automl.json"
  best=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["best_run"])' \
    "$dir/automl.json")
  "$lumina" --workspace "$ws" predict --model "$best" --data "$dir/test.csv" --out "$dir/pred.csv"
  ours=$(/usr/bin/python3 "$anchors" score "$dir" "$target" "$dir/pred.csv")
  theirs=$(/usr/bin/python3 "$anchors" anchors "$dir" "$target" "$budget")
  /usr/bin/python3 - "$name" "$ours" "$theirs" <<'PY'
import json, sys
name, ours, theirs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
keys = ["xgboost_default", "hist_gbm", "random_forest", "mlp", "linear", "xgboost_random_search"]
task = ours["task"]
best = (min if task == "regression" else max)(theirs[k] for k in keys)
# Positive: LuminaOps better than the best anchor.
diff = (best - ours["lumina"]) if task == "regression" else (ours["lumina"] - best)
print("%-16s %-10s %9.4f " % (name, task, ours["lumina"]) +
      " ".join("%9.4f" % theirs[k] for k in keys) + " %+9.4f" % diff)
PY
done
