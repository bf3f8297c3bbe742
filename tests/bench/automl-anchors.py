#!/usr/bin/python3
# automl-anchors.py
# Copyright 2026 The LuminaOps Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Anchors for the AutoML quality benchmark, on the same 80/20 split:
#   automl-anchors.py split DATA.csv TARGET OUTDIR [SEED]
#                                                      -> OUTDIR/train.csv, test.csv, task
#   automl-anchors.py anchors OUTDIR TARGET BUDGET     -> one JSON line of test scores
#   automl-anchors.py score OUTDIR TARGET PRED.csv     -> the test score of predictions
#   automl-anchors.py regularisation OUTDIR TARGET     -> logistic regression at several C:
#                                                         5-fold CV errors and log loss, test errors
# Scores: ROC AUC for binary targets, accuracy for multiclass, RMSE for
# regression (LuminaOps' default metrics).
import json
import os
import sys
import time

import numpy as np
import pandas as pd

SEED = 42


def task_of(y):
    if y.dtype == object or y.dtype == bool:
        return "binary" if y.nunique() == 2 else "multiclass"
    if pd.api.types.is_integer_dtype(y) and 3 <= y.nunique() <= 20:
        return "multiclass"
    return "regression"


def split(data, target, outdir, seed=SEED):
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(data)
    df = df[df[target].notna()]
    task = task_of(df[target])
    stratify = df[target] if task != "regression" else None
    train, test = train_test_split(df, test_size=0.2, random_state=seed, stratify=stratify)
    os.makedirs(outdir, exist_ok=True)
    train.to_csv(os.path.join(outdir, "train.csv"), index=False)
    test.to_csv(os.path.join(outdir, "test.csv"), index=False)
    with open(os.path.join(outdir, "task"), "w") as f:
        f.write(task)
    print(task)


def load(outdir, target):
    train = pd.read_csv(os.path.join(outdir, "train.csv"))
    test = pd.read_csv(os.path.join(outdir, "test.csv"))
    with open(os.path.join(outdir, "task")) as f:
        task = f.read().strip()
    return train, test, task


def encode(train, test, target, task):
    """One-hot categoricals (fitted on train), labels as 0..k-1."""
    xtr, xte = train.drop(columns=[target]), test.drop(columns=[target])
    both = pd.get_dummies(pd.concat([xtr, xte], keys=["tr", "te"]), dummy_na=False)
    both = both.astype(float)
    xtr, xte = both.xs("tr"), both.xs("te")
    if task == "regression":
        return xtr, xte, train[target].to_numpy(float), test[target].to_numpy(float), None
    classes = sorted(train[target].astype(str).unique())
    index = {c: i for i, c in enumerate(classes)}
    ytr = train[target].astype(str).map(index).to_numpy()
    yte = test[target].astype(str).map(index).fillna(-1).to_numpy().astype(int)
    return xtr, xte, ytr, yte, classes


def score(task, y, pred):
    from sklearn.metrics import accuracy_score, mean_squared_error, roc_auc_score

    if task == "regression":
        return float(np.sqrt(mean_squared_error(y, pred)))
    if task == "binary":
        return float(roc_auc_score(y, pred[:, 1]))
    return float(accuracy_score(y, pred.argmax(axis=1)))


def predict(model, task, x):
    return model.predict(x) if task == "regression" else model.predict_proba(x)


def dense(xtr, xte):
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import StandardScaler

    imp = SimpleImputer(strategy="median").fit(xtr)
    sc = StandardScaler().fit(imp.transform(xtr))
    return sc.transform(imp.transform(xtr)), sc.transform(imp.transform(xte))


def xgb_model(task, n_classes, **params):
    import xgboost as xgb

    if task == "regression":
        return xgb.XGBRegressor(random_state=SEED, n_jobs=2, **params)
    return xgb.XGBClassifier(random_state=SEED, n_jobs=2, **params)


def random_search(task, xtr, ytr, xte, yte, n_classes, budget):
    from sklearn.model_selection import train_test_split

    rng = np.random.default_rng(SEED)
    strat = ytr if task != "regression" else None
    xa, xv, ya, yv = train_test_split(xtr, ytr, test_size=0.2, random_state=SEED, stratify=strat)
    best, best_loss, start, n = None, np.inf, time.monotonic(), 0
    while time.monotonic() - start < budget:
        params = dict(
            n_estimators=1000, early_stopping_rounds=30,
            learning_rate=float(np.exp(rng.uniform(np.log(0.01), np.log(0.3)))),
            max_depth=int(rng.integers(3, 11)),
            min_child_weight=float(np.exp(rng.uniform(0, np.log(20)))),
            subsample=float(rng.uniform(0.5, 1)), colsample_bytree=float(rng.uniform(0.4, 1)),
            reg_lambda=float(np.exp(rng.uniform(np.log(1e-3), np.log(10)))),
            reg_alpha=float(np.exp(rng.uniform(np.log(1e-4), 0))))
        model = xgb_model(task, n_classes, **params)
        model.fit(xa, ya, eval_set=[(xv, yv)], verbose=False)
        loss = model.best_score
        n += 1
        if loss < best_loss:
            best, best_loss = model, loss
    return score(task, yte, predict(best, task, xte)), n


def anchors(outdir, target, budget):
    from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                                  RandomForestClassifier, RandomForestRegressor)
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    train, test, task = load(outdir, target)
    xtr, xte, ytr, yte, classes = encode(train, test, target, task)
    n_classes = len(classes) if classes else 0
    dtr, dte = dense(xtr, xte)
    reg = task == "regression"
    models = {
        "xgboost_default": (xgb_model(task, n_classes), xtr, xte),
        "hist_gbm": ((HistGradientBoostingRegressor if reg else HistGradientBoostingClassifier)(
            random_state=SEED), xtr, xte),
        "random_forest": ((RandomForestRegressor if reg else RandomForestClassifier)(
            n_estimators=300, n_jobs=2, random_state=SEED), np.nan_to_num(dtr), np.nan_to_num(dte)),
        "mlp": ((MLPRegressor if reg else MLPClassifier)(
            hidden_layer_sizes=(128, 64), max_iter=500, early_stopping=True,
            random_state=SEED), dtr, dte),
        "linear": (Ridge() if reg else LogisticRegression(max_iter=2000), dtr, dte),
    }
    out = {"task": task}
    for name, (model, a, b) in models.items():
        start = time.monotonic()
        model.fit(a, ytr)
        out[name] = score(task, yte, predict(model, task, b))
        out[name + "_seconds"] = round(time.monotonic() - start, 2)
    out["xgboost_random_search"], out["random_search_trials"] = random_search(
        task, xtr, ytr, xte, yte, n_classes, budget)
    print(json.dumps(out))


def score_predictions(outdir, target, pred_path):
    train, test, task = load(outdir, target)
    pred = pd.read_csv(pred_path)
    if task == "regression":
        print(json.dumps({"task": task, "lumina": score(task, test[target].to_numpy(float),
                                                        pred["prediction"].to_numpy(float))}))
        return
    classes = sorted(train[target].astype(str).unique())
    # Yes/No, True/False and 0/1 targets are read as booleans: their columns are
    # proba_false and proba_true.
    booleans = {"no": "false", "yes": "true", "false": "false", "true": "true", "0": "false", "1": "true"}

    def column(c):
        return "proba_" + c if "proba_" + c in pred else "proba_" + booleans.get(c.lower(), c)

    proba = np.column_stack([pred[column(c)].to_numpy(float) for c in classes])
    y = test[target].astype(str).map({c: i for i, c in enumerate(classes)}).to_numpy()
    print(json.dumps({"task": task, "lumina": score(task, y, proba)}))


def regularisation(outdir, target):
    """How the cross-validation and the test rows rank the regularisation of
    the anchors' logistic regression (same encoding as "linear")."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    train, test, task = load(outdir, target)
    if task == "regression":
        sys.exit("regularisation: a classification target is needed")
    xtr, xte, ytr, yte, classes = encode(train, test, target, task)
    dtr, dte = dense(xtr, xte)
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    for c in (0.3, 1, 3, 10, 100):
        model = LogisticRegression(C=c, max_iter=5000)
        oof = cross_val_predict(model, dtr, ytr, cv=folds, method="predict_proba")
        model.fit(dtr, ytr)
        print(json.dumps({"C": c, "cv_errors": int((oof.argmax(axis=1) != ytr).sum()),
                          "cv_log_loss": round(float(log_loss(ytr, oof, labels=range(len(classes)))), 4),
                          "test_errors": int((model.predict_proba(dte).argmax(axis=1) != yte).sum())}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "split":
        split(sys.argv[2], sys.argv[3], sys.argv[4],
              int(sys.argv[5]) if len(sys.argv) > 5 else SEED)
    elif command == "anchors":
        anchors(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif command == "score":
        score_predictions(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "regularisation":
        regularisation(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: automl-anchors.py split|anchors|score|regularisation ...")
