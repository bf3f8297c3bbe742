#!/usr/bin/python3
"""The anchor for bench-mlp: scikit-learn's MLPClassifier on the matrix
bench-mlp wrote (same rows, same preprocessing), with the same
architecture and schedule: [128, 64] ReLU, Adam at 1e-3, batches of 128,
EPOCHS epochs, no early stopping.  Prints the median seconds of REPEATS
fits (default 3).

    sklearn-mlp.py MATRIX.bin [EPOCHS [REPEATS]]
"""
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier


def load(path):
    with open(path, "rb") as f:
        rows, cols = np.fromfile(f, dtype="<i4", count=2)
        x = np.fromfile(f, dtype="<f4", count=rows * cols).reshape(rows, cols)
        y = np.fromfile(f, dtype="<f4", count=rows).astype(np.int64)
    return x, y


def main():
    x, y = load(sys.argv[1])
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    times = []
    accuracy = float("nan")
    warnings.simplefilter("ignore", ConvergenceWarning)
    for _ in range(repeats):
        model = MLPClassifier(hidden_layer_sizes=(128, 64), activation="relu", solver="adam",
                              alpha=1e-4, batch_size=128, learning_rate_init=1e-3,
                              max_iter=epochs, shuffle=True, tol=0.0,
                              n_iter_no_change=epochs + 1, early_stopping=False, random_state=0)
        start = time.perf_counter()
        model.fit(x, y)
        times.append(time.perf_counter() - start)
        accuracy = model.score(x, y)
    print(f"sklearn dtype: {model.coefs_[0].dtype}")
    print(f"sklearn_mlp_fit_s {statistics.median(times):.3f}")
    print(f"sklearn_mlp_train_accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
