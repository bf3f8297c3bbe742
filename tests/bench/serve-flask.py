#!/usr/bin/python3
"""The serving benchmark's anchor: a single-process Flask app scoring MLflow
dataframe_split requests with Python's xgboost, on the same XGBoost JSON model
LuminaOps serves (its bundle's member-0.json).

Usage: serve-flask.py MODEL.json PORT
"""
import logging
import sys

import numpy as np
import pandas as pd
import xgboost as xgb
from flask import Flask, jsonify, request

model_path, port = sys.argv[1], int(sys.argv[2])
booster = xgb.Booster(model_file=model_path)
# One row per request: one thread is the fastest setting, as for LuminaOps.
booster.set_param({"nthread": 1})
app = Flask(__name__)
logging.getLogger("werkzeug").setLevel(logging.ERROR)


@app.post("/invocations")
def invocations():
    split = request.get_json()["dataframe_split"]
    frame = pd.DataFrame(data=split["data"], columns=split["columns"], dtype=np.float64)
    p = booster.predict(xgb.DMatrix(frame))
    # The same answer as LuminaOps: "label" reads as a boolean column there.
    return jsonify({"predictions": [{"prediction": bool(v > 0.5), "proba_false": float(1 - v),
                                     "proba_true": float(v)} for v in p]})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port, threaded=False)
