#!/usr/bin/python3
"""The anchor: median of five pandas.read_csv calls on FILE, in milliseconds."""
import statistics
import sys
import time

import pandas as pd

times = []
for _ in range(5):
    start = time.perf_counter()
    pd.read_csv(sys.argv[1])
    times.append((time.perf_counter() - start) * 1000)
print(f"pandas_read_csv_ms {statistics.median(times):.1f}")
