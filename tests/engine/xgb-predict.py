#!/usr/bin/env python3
# xgb-predict.py: predictions of Python's xgboost for a model LuminaOps saved.
# Usage: xgb-predict.py MODEL.json FEATURES.f32 N_ROWS N_COLS OUT.f64 [KIND]
# FEATURES holds float32 row-major values (NaN = missing); OUT receives the
# booster's output (probabilities or values) as float64, row-major.  With
# KIND "forest", a binary forest's probability is its mean leaf class
# frequency: 0.5 + margin / 4 (see lumina-learner-xgboost.c).
import sys

import numpy as np
import xgboost as xgb

model, features, n_rows, n_cols, out = sys.argv[1:6]
x = np.fromfile(features, dtype="<f4").reshape(int(n_rows), int(n_cols))
booster = xgb.Booster(model_file=model)
forest = len(sys.argv) > 6 and sys.argv[6] == "forest"
prediction = booster.predict(xgb.DMatrix(x, missing=np.nan), output_margin=forest)
if forest:
    prediction = np.clip(0.5 + 0.25 * prediction, 0.0, 1.0)
np.asarray(prediction, dtype="<f8").tofile(out)
