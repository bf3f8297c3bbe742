/* lumina-feedback.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model quality from delayed labels: ground truth that arrives after the
 * fact is joined by request id to the predictions a deployment captured,
 * recorded once per request row in the workspace (feedback_labels), and
 * summarised per model version into the metric store.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-metric-store.h"
#include "lumina-types.h"

G_BEGIN_DECLS

#define LUMINA_FEEDBACK_ACCURACY_METRIC "lumina_model_accuracy_ratio"
#define LUMINA_FEEDBACK_RMSE_METRIC     "lumina_model_rmse"
#define LUMINA_FEEDBACK_MAE_METRIC      "lumina_model_mae"
#define LUMINA_FEEDBACK_LABELS_METRIC   "lumina_model_feedback_labels_total"

/* The quality of one model version of a deployment over every label
 * recorded for it so far. */
typedef struct
{
  char     *model;
  guint     version;
  gboolean  regression;
  guint64   n_labels;   /* labelled rows recorded, all applications together */
  double    accuracy;   /* classifiers; NaN for regression */
  double    rmse;       /* regression; NaN for classifiers */
  double    mae;        /* regression; NaN for classifiers */
} LuminaFeedbackVersion;

typedef struct
{
  char       *deployment;
  gint64      time_ms;       /* when it was applied: the time of the metric points */
  guint       rows_read;     /* data rows in the file */
  guint       skipped;       /* rows without an id or a label */
  guint       matched;       /* rows joined to a captured prediction */
  guint       unmatched;     /* rows whose request id has no captured prediction */
  guint       recorded;      /* matched rows labelled for the first time */
  guint       relabelled;    /* matched rows whose earlier label was replaced */
  guint       unchanged;     /* matched rows already recorded with the same label */
  GStrv       unmatched_ids; /* the first few unmatched ids */
  GPtrArray  *versions;      /* (element-type LuminaFeedbackVersion): those the file touched */
} LuminaFeedbackReport;

void      lumina_feedback_report_free    (LuminaFeedbackReport        *report);
JsonNode *lumina_feedback_report_to_json (const LuminaFeedbackReport  *report);

gboolean  lumina_feedback_apply          (LuminaWorkspace             *workspace,
                                          LuminaMetricStore           *store,
                                          const char                  *deployment,
                                          GFile                       *csv,
                                          LuminaFeedbackReport       **out_report,
                                          GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaFeedbackReport, lumina_feedback_report_free)

G_END_DECLS
