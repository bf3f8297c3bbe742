/* lumina-metrics.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

const char *lumina_metric_to_string        (LuminaMetric  metric);
gboolean    lumina_metric_from_string      (const char   *text,
                                            LuminaMetric *metric);
gboolean    lumina_metric_greater_is_better (LuminaMetric metric);
void        lumina_metric_bounds           (LuminaMetric  metric,
                                            double       *min,
                                            double       *max);
gboolean    lumina_metric_applies_to       (LuminaMetric  metric,
                                            LuminaTask    task);
LuminaMetric lumina_metric_default_for     (LuminaTask    task);
/* The metrics reported for every run of @task; NULL-terminated is not
 * possible for enums, so the count goes to @n_metrics. */
const LuminaMetric *lumina_metric_list_for (LuminaTask    task,
                                            guint        *n_metrics);

/**
 * lumina_metric_compute:
 * @y: n true values (class indices for classification)
 * @pred: n × n_outputs predictions, row-major: class probabilities for
 *   classification (n_outputs = n_classes), values for regression (1)
 * @weights: (nullable): per-row weights
 *
 * Returns: the metric, NaN when undefined (e.g. ROC AUC with one class).
 * Multiclass ROC AUC is the macro one-vs-rest average.
 */
double      lumina_metric_compute          (LuminaMetric  metric,
                                            LuminaTask    task,
                                            guint         n_classes,
                                            const double *y,
                                            const double *pred,
                                            const double *weights,
                                            gsize         n);

/* Per-class counts: n_classes × n_classes, row = true class, column = predicted. */
guint64    *lumina_confusion_matrix        (guint         n_classes,
                                            const double *y,
                                            const double *proba,
                                            gsize         n);
/* ROC curve of class @positive vs the rest; returns the number of points
 * written to newly allocated @fpr / @tpr (from (0,0) to (1,1)). */
gsize       lumina_roc_curve               (guint         n_classes,
                                            guint         positive,
                                            const double *y,
                                            const double *proba,
                                            gsize         n,
                                            double      **fpr,
                                            double      **tpr);

G_END_DECLS
