/* lumina-model.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-frame.h"
#include "lumina-learner.h"
#include "lumina-preprocess.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_MODEL (lumina_model_get_type ())

G_DECLARE_FINAL_TYPE (LuminaModel, lumina_model, LUMINA, MODEL, GObject)

/**
 * LuminaModel:
 * What gets predicted with and shipped: the target's labels, and one or more
 * members (a fitted preprocessor + learner, with an ensemble weight).  The
 * prediction is the weighted average of the members' outputs.
 *
 * A bundle is a directory: manifest.json (format "luminaops-model", version
 * 1: input signature, target, task, classes, members with their learner
 * kind, params, preprocessing and weight, metrics, dataset version, run id,
 * created time) and one file per member learner (member-N.json; XGBoost's
 * own JSON model format for tree learners, so Python's xgboost loads it).
 */
LuminaModel  *lumina_model_new            (const char          *target,
                                           LuminaLabels        *labels);
void          lumina_model_add_member     (LuminaModel         *self,
                                           LuminaPreprocessor  *preprocessor,
                                           LuminaLearner       *learner,
                                           double               weight);
guint         lumina_model_get_n_members  (LuminaModel         *self);
LuminaLearner *lumina_model_get_member    (LuminaModel         *self,
                                           guint                index,
                                           LuminaPreprocessor **preprocessor,
                                           double              *weight);
const char   *lumina_model_get_target     (LuminaModel         *self);
LuminaLabels *lumina_model_get_labels     (LuminaModel         *self);
LuminaTask    lumina_model_get_task       (LuminaModel         *self);
guint         lumina_model_get_n_outputs  (LuminaModel         *self);
/* Free-form lineage and scores kept in the manifest. */
void          lumina_model_set_metrics    (LuminaModel         *self,
                                           JsonObject          *metrics);
void          lumina_model_set_lineage    (LuminaModel         *self,
                                           const char          *dataset_ref,
                                           const char          *dataset_hash,
                                           const char          *run_id);
JsonNode     *lumina_model_get_signature  (LuminaModel         *self);
/* n_rows × n_outputs, row-major: class probabilities or values. */
double       *lumina_model_predict        (LuminaModel         *self,
                                           LuminaFrame         *frame,
                                           GError             **error);
/* The input's rows in order with a "prediction" column (original class
 * labels, or values) and "proba_<class>" columns for classifiers. */
LuminaFrame  *lumina_model_predict_frame  (LuminaModel         *self,
                                           LuminaFrame         *frame,
                                           GError             **error);
/* Mean drop of @metric (oriented so that larger = more important) when each
 * input column is shuffled, over @repeats shuffles; one value per signature
 * column, in signature order. */
double       *lumina_model_permutation_importance (LuminaModel  *self,
                                                   LuminaFrame  *frame,
                                                   LuminaMetric  metric,
                                                   guint         repeats,
                                                   guint64       seed,
                                                   GError      **error);
/* Writes the bundle directory atomically (a temporary sibling renamed into
 * place); refuses to overwrite an existing path. */
gboolean      lumina_model_save           (LuminaModel         *self,
                                           const char          *path,
                                           GError             **error);
LuminaModel  *lumina_model_load           (const char          *path,
                                           GError             **error);
JsonNode     *lumina_model_get_manifest   (LuminaModel         *self);

G_END_DECLS
