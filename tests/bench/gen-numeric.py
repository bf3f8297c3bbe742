#!/usr/bin/python3
"""Writes the benchmark's synthetic numeric CSV: ROWS x COLS floats, fixed seed."""
import sys
import numpy as np

rows, cols, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(42)
X = rng.normal(size=(rows, cols)) * rng.uniform(0.1, 100, size=cols)
np.savetxt(path, X, delimiter=",", header=",".join(f"f{i}" for i in range(cols)),
           comments="", fmt="%.6g")
