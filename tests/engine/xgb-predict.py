#!/usr/bin/env python3
# xgb-predict.py: predictions of Python's xgboost for a model LuminaOps saved.
# Usage: xgb-predict.py MODEL.json FEATURES.f32 N_ROWS N_COLS OUT.f64
# FEATURES holds float32 row-major values (NaN = missing); OUT receives the
# booster's output (probabilities or values) as float64, row-major.
import sys

import numpy as np
import xgboost as xgb

model, features, n_rows, n_cols, out = sys.argv[1:6]
x = np.fromfile(features, dtype="<f4").reshape(int(n_rows), int(n_cols))
booster = xgb.Booster(model_file=model)
prediction = booster.predict(xgb.DMatrix(x, missing=np.nan))
np.asarray(prediction, dtype="<f8").tofile(out)
