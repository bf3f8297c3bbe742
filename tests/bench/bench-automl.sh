#!/usr/bin/env bash
# AutoML quality: LuminaOps against Python anchors on the same 80/20 split
# (seed 42, stratified for classes) of every fixture dataset.
#   [SPLIT_SEEDS="42 1 2 3"] tests/bench/bench-automl.sh BUILD_DIR [BUDGET_SECONDS] [DATASET ...]
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
# The anchors' columns, in the order the tables print them (automl-anchors.py's keys).
export ANCHOR_KEYS="xgboost_default hist_gbm random_forest mlp linear xgboost_random_search"

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

# SPLIT_SEEDS="42 1 2 3" repeats each dataset on other 80/20 splits; with
# more than one, a mean row per dataset compares the means over the splits.
seeds=(${SPLIT_SEEDS:-42})
scores="$work/scores.jsonl"
: > "$scores"

printf '%-16s %-10s %4s %9s %9s %9s %9s %9s %9s %9s %9s\n' dataset task seed lumina xgb_def \
  hist_gbm forest mlp linear xgb_rs "diff"
for name in "${datasets[@]}"; do
  for seed in "${seeds[@]}"; do
    target=${targets[$name]}
    dir="$work/$name-$seed"
    task=$(/usr/bin/python3 "$anchors" split "$top/tests/data/$name.csv" "$target" "$dir" "$seed")
    "$lumina" --workspace "$ws" data import "$dir/train.csv" --name "$name-$seed" >/dev/null
    "$lumina" --workspace "$ws" --json automl run --data "$name-$seed" --target "$target" \
      --budget "$budget" --seed 42 > "$dir/automl.json"
    best=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["best_run"])' \
      "$dir/automl.json")
    "$lumina" --workspace "$ws" predict --model "$best" --data "$dir/test.csv" --out "$dir/pred.csv"
    ours=$(/usr/bin/python3 "$anchors" score "$dir" "$target" "$dir/pred.csv")
    theirs=$(/usr/bin/python3 "$anchors" anchors "$dir" "$target" "$budget")
    /usr/bin/python3 - "$name" "$seed" "$ours" "$theirs" "$scores" <<'PY'
import json, os, sys
name, seed, ours, theirs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
keys = os.environ["ANCHOR_KEYS"].split()
task = ours["task"]
best = (min if task == "regression" else max)(theirs[k] for k in keys)
# Positive: LuminaOps better than the best anchor.
diff = (best - ours["lumina"]) if task == "regression" else (ours["lumina"] - best)
print("%-16s %-10s %4s %9.4f " % (name, task, seed, ours["lumina"]) +
      " ".join("%9.4f" % theirs[k] for k in keys) + " %+9.4f" % diff)
with open(sys.argv[5], "a") as f:
    f.write(json.dumps({"dataset": name, "task": task, "seed": seed, "lumina": ours["lumina"],
                        **{k: theirs[k] for k in keys}}) + "\n")
PY
  done
done

if [ ${#seeds[@]} -gt 1 ]; then
  /usr/bin/python3 - "$scores" <<'PY'
import json, os, sys
keys = os.environ["ANCHOR_KEYS"].split()
rows = [json.loads(line) for line in open(sys.argv[1])]
print("\nMeans over %d splits; 'diff' is against the anchor with the best mean, and 'vs max'"
      " against the mean of each split's best anchor (chosen on that split's test rows)."
      % len({r["seed"] for r in rows}))
print("%-16s %9s " % ("dataset", "lumina") + " ".join("%9s" % k[:9] for k in
      ["xgb_def", "hist_gbm", "forest", "mlp", "linear", "xgb_rs"]) + " %9s %9s" % ("diff", "vs max"))
for name in dict.fromkeys(r["dataset"] for r in rows):
    mine = [r for r in rows if r["dataset"] == name]
    reg = mine[0]["task"] == "regression"
    mean = lambda k: sum(r[k] for r in mine) / len(mine)
    pick = min if reg else max
    best = pick(mean(k) for k in keys)
    per_split = sum(pick(r[k] for k in keys) for r in mine) / len(mine)
    sign = -1 if reg else 1
    print("%-16s %9.4f " % (name, mean("lumina")) + " ".join("%9.4f" % mean(k) for k in keys) +
          " %+9.4f %+9.4f" % (sign * (mean("lumina") - best), sign * (mean("lumina") - per_split)))
PY
fi
