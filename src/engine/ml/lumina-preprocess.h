/* lumina-preprocess.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-frame.h"
#include "lumina-matrix.h"
#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaPreprocessStyle:
 * @LUMINA_PREPROCESS_TREES: for tree learners: numbers as they are, missing
 *   stays NaN, booleans 0/1, timestamps as seconds, categoricals as codes
 *   (flagged categorical in the matrix), text columns dropped
 * @LUMINA_PREPROCESS_DENSE: for MLP and linear models: median / most-frequent
 *   imputation with a missing-indicator column where the training data had
 *   gaps, one-hot encoding of categoricals (up to a level limit, rare levels
 *   pooled; beyond it, target encoding), standardisation to zero mean and
 *   unit variance
 */
typedef enum
{
  LUMINA_PREPROCESS_TREES,
  LUMINA_PREPROCESS_DENSE,
} LuminaPreprocessStyle;

#define LUMINA_TYPE_PREPROCESSOR (lumina_preprocessor_get_type ())

G_DECLARE_FINAL_TYPE (LuminaPreprocessor, lumina_preprocessor, LUMINA, PREPROCESSOR, GObject)

LuminaPreprocessor *lumina_preprocessor_new        (LuminaPreprocessStyle  style);
LuminaPreprocessStyle lumina_preprocessor_get_style (LuminaPreprocessor    *self);
/* The task @y of fit() is encoded for (target encoding keeps one mean per
 * class for multiclass).  Optional: without it, @y holding class indices
 * 0..k-1 with 3 <= k <= 20 is taken as classes, anything else as values. */
void                lumina_preprocessor_set_task   (LuminaPreprocessor    *self,
                                                    LuminaTask             task,
                                                    guint                  n_classes);
/* Fits on @frame's columns whose role is FEATURE (all but @target when
 * roles are unset); @y is the encoded target (for target encoding), may be
 * NULL.  Constant and all-missing columns are dropped, with a note. */
gboolean            lumina_preprocessor_fit        (LuminaPreprocessor    *self,
                                                    LuminaFrame           *frame,
                                                    const char            *target,
                                                    const double          *y,
                                                    GError               **error);
/* Applies exactly the fitted transform.  Columns are found by name; a
 * missing column or an incompatible type is an error naming it; unseen
 * categories become missing / all-zero one-hot. */
LuminaMatrix       *lumina_preprocessor_transform  (LuminaPreprocessor    *self,
                                                    LuminaFrame           *frame,
                                                    GError               **error);
/* The input columns the fitted transform reads, with their types: the
 * model's input signature (JSON array of {"name", "type"}). */
JsonNode           *lumina_preprocessor_get_signature (LuminaPreprocessor *self);
/* Output column names (one per matrix column), and for each output column
 * the index of the input column it came from (for importances). */
const char * const *lumina_preprocessor_get_output_names (LuminaPreprocessor *self);
const guint        *lumina_preprocessor_get_output_sources (LuminaPreprocessor *self,
                                                           guint              *n_outputs);
/* Notes on what fitting decided (dropped constant column, pooled levels, ...). */
const char * const *lumina_preprocessor_get_notes  (LuminaPreprocessor    *self);
gsize               lumina_preprocessor_estimate_bytes (LuminaPreprocessor *self,
                                                        gsize              n_rows);
JsonNode           *lumina_preprocessor_to_json    (LuminaPreprocessor    *self);
LuminaPreprocessor *lumina_preprocessor_from_json  (JsonNode              *node,
                                                    GError               **error);

/**
 * LuminaLabels:
 * Maps a target column onto what learners take: class indices 0..k-1 in a
 * stable order (sorted labels) for classification, values for regression.
 */
typedef struct _LuminaLabels LuminaLabels;

/* Infers the task: boolean or categorical/text with 2 values → binary,
 * 3..max_classes values of a categorical or small integer column →
 * multiclass, numbers otherwise → regression. */
gboolean      lumina_labels_infer_task  (const LuminaColumn *target,
                                         LuminaTask         *task,
                                         GError            **error);
LuminaLabels *lumina_labels_fit         (const LuminaColumn *target,
                                         LuminaTask          task,
                                         GError            **error);
LuminaTask    lumina_labels_get_task    (LuminaLabels       *labels);
guint         lumina_labels_get_n_classes (LuminaLabels     *labels);
const char   *lumina_labels_get_class   (LuminaLabels       *labels,
                                         guint               index);
/* Rows with a missing target are an error naming the first such row. */
double       *lumina_labels_encode      (LuminaLabels       *labels,
                                         const LuminaColumn *target,
                                         GError            **error);
JsonNode     *lumina_labels_to_json     (LuminaLabels       *labels);
LuminaLabels *lumina_labels_from_json   (JsonNode           *node,
                                         GError            **error);
void          lumina_labels_free        (LuminaLabels       *labels);

/* k folds: fold index per row; stratified by class index when @y and
 * @n_classes > 1 are given. */
guint8       *lumina_folds_assign       (gsize               n_rows,
                                         guint               k,
                                         const double       *y,
                                         guint               n_classes,
                                         guint64             seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaLabels, lumina_labels_free)

G_END_DECLS
