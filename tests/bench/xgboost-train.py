#!/usr/bin/python3
"""The anchor for bench-xgboost: Python's xgboost on the matrix bench-xgboost
wrote (same rows, same categorical columns), with the same parameters:
hist, depth 6, eta 0.1, ROUNDS rounds, two threads.  Prints the median
seconds of REPEATS runs of DMatrix + train, and of train alone on a
DMatrix already built.

    xgboost-train.py MATRIX.bin [ROUNDS [REPEATS]]
"""
import statistics
import sys
import time

import numpy as np
import xgboost as xgb


def load(path):
    with open(path, "rb") as f:
        rows, cols = np.fromfile(f, dtype="<i4", count=2)
        categorical = np.fromfile(f, dtype="u1", count=cols)
        x = np.fromfile(f, dtype="<f4", count=rows * cols).reshape(rows, cols)
        y = np.fromfile(f, dtype="<f4", count=rows)
    return x, y, ["c" if c else "q" for c in categorical]


def main():
    x, y, types = load(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    params = {"tree_method": "hist", "max_depth": 6, "eta": 0.1, "nthread": 2, "seed": 0,
              "objective": "reg:squarederror", "max_bin": 256, "verbosity": 0}
    first, later = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        dtrain = xgb.DMatrix(x, label=y, missing=np.nan, feature_types=types,
                             enable_categorical=True, nthread=2)
        xgb.train(params, dtrain, num_boost_round=rounds)
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        booster = xgb.train(params, dtrain, num_boost_round=rounds)
        later.append(time.perf_counter() - start)
    rmse = float(np.sqrt(np.mean((booster.predict(dtrain) - y) ** 2)))
    print(f"python_xgb_first_s {statistics.median(first):.3f}")
    print(f"python_xgb_later_s {statistics.median(later):.3f}")
    print(f"python_xgb_train_rmse {rmse:.2f}")


if __name__ == "__main__":
    main()
