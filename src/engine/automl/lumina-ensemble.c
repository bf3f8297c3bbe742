/* lumina-ensemble.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ensemble selection (Caruana et al., 2004): greedy forward selection with
 * replacement over out-of-fold predictions.  Under a coarse classification
 * metric many blends tie (accuracy moves one row at a time); the log loss
 * breaks the ties, so selection goes on while the blend gets better
 * calibrated without losing on the metric.  Given each model's cost (the
 * time its refit would take), a model joins the blend only while the
 * blend's total stays within a limit.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-metrics.h"
#include "lumina-search.h"

typedef struct
{
  double metric;   /* the loss of the selection metric */
  double tie;      /* log loss when the metric is a coarser classification
                    * metric (accuracy, F1): it decides between equals */
} Loss;

static gboolean
loss_less (Loss a,
           Loss b)
{
  if (a.metric < b.metric - 1e-12)
    return TRUE;
  if (a.metric > b.metric + 1e-12)
    return FALSE;
  return a.tie < b.tie - 1e-12;
}

/* Loss of the average of @sum (over @count models) and @add. */
static Loss
candidate_loss (LuminaMetric  metric,
                LuminaTask    task,
                guint         n_classes,
                const double *y,
                gsize         n,
                gsize         size,
                const double *sum,
                guint         count,
                const double *add,
                Loss          bound,
                double       *scratch)
{
  Loss loss = { 0, 0 };

  for (gsize i = 0; i < size; i++)
    scratch[i] = (sum[i] + add[i]) / (count + 1);

  loss.metric = lumina_metric_to_loss (metric, lumina_metric_compute (metric, task, n_classes,
                                                                      y, scratch, NULL, n));
  /* The tie-break only matters to a blend level with @bound, the step's
   * best so far; worse ones skip it. */
  if (task != LUMINA_TASK_REGRESSION && metric != LUMINA_METRIC_LOG_LOSS &&
      loss.metric <= bound.metric + 1e-12)
    loss.tie = lumina_metric_compute (LUMINA_METRIC_LOG_LOSS, task, n_classes, y, scratch, NULL, n);
  if (isnan (loss.tie))
    loss.tie = 0;
  return loss;
}

double
lumina_ensemble_select (LuminaMetric          metric,
                        LuminaTask            task,
                        guint                 n_classes,
                        const double         *y,
                        gsize                 n,
                        guint                 n_outputs,
                        const double * const *preds,
                        guint                 n_models,
                        guint                 n_steps,
                        const double         *costs,
                        double                max_cost,
                        double               *weights)
{
  gsize size = n * n_outputs;
  g_autofree double *sum = g_new0 (double, MAX (size, 1));
  g_autofree double *scratch = g_new (double, MAX (size, 1));
  g_autofree guint *counts = g_new0 (guint, MAX (n_models, 1));
  g_autofree guint *best_counts = g_new0 (guint, MAX (n_models, 1));
  Loss best_loss = { INFINITY, INFINITY };
  guint best_steps = 0;
  double spent = 0;

  g_return_val_if_fail (n_models > 0, NAN);

  for (guint step = 0; step < MAX (n_steps, 1); step++)
    {
      Loss step_loss = { INFINITY, INFINITY };
      guint pick = 0;

      for (guint m = 0; m < n_models; m++)
        {
          Loss loss;

          /* A model not in the blend yet joins only if its cost fits. */
          if (costs != NULL && counts[m] == 0 && spent + costs[m] > max_cost)
            continue;
          loss = candidate_loss (metric, task, n_classes, y, n, size, sum, step, preds[m],
                                 step_loss, scratch);

          if (loss_less (loss, step_loss))
            {
              step_loss = loss;
              pick = m;
            }
        }
      if (!isfinite (step_loss.metric))
        break;
      if (costs != NULL && counts[pick] == 0)
        spent += costs[pick];
      counts[pick]++;
      for (gsize i = 0; i < size; i++)
        sum[i] += preds[pick][i];
      if (loss_less (step_loss, best_loss))
        {
          best_loss = step_loss;
          best_steps = step + 1;
          memcpy (best_counts, counts, sizeof (guint) * n_models);
        }
    }

  for (guint m = 0; m < n_models; m++)
    weights[m] = best_steps > 0 ? (double) best_counts[m] / best_steps : (m == 0);

  if (best_steps == 0)
    return NAN;
  return lumina_metric_greater_is_better (metric) ? -best_loss.metric : best_loss.metric;
}
