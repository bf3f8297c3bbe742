#!/usr/bin/python3
"""Writes the serving benchmark's synthetic CSV: ROWS x COLS numeric features
f0..f{COLS-1} and a binary target "label" from a noisy linear score; fixed seed."""
import sys
import numpy as np

rows, cols, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(7)
X = rng.normal(size=(rows, cols))
w = rng.normal(size=cols)
score = X @ w + 0.5 * X[:, 0] * X[:, 1] + rng.normal(scale=2.0, size=rows)
y = np.where(score > 0, "yes", "no")
with open(path, "w") as f:
    f.write(",".join(f"f{i}" for i in range(cols)) + ",label\n")
    for row, label in zip(X, y):
        f.write(",".join(f"{v:.6g}" for v in row) + "," + label + "\n")
