/* lumina-automl-trial.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One trial: a learner configuration fitted on every validation fold of
 * the shared matrices, scored on its out-of-fold predictions.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>
#include <sys/resource.h>

#include "lumina-automl-private.h"
#include "lumina-error.h"
#include "lumina-metrics.h"

typedef struct
{
  const LuminaTrialSpec *spec;
  guint                  fold;
  double                 scale;      /* of the pruner's rungs */
  GArray                *curve;
  gboolean               pruned;
  gboolean               stopped;
  gboolean               out_of_time; /* stopped for the deadline */
  gint64                 last_at;    /* µs, the previous iteration's end */
} IterationState;

static gboolean
past_deadline (const LuminaTrialSpec *spec)
{
  return spec->deadline > 0 && g_get_monotonic_time () > spec->deadline;
}

/* Whether one more iteration as long as the last would end past the
 * deadline: the trial would be cut in the middle of it anyway, and a
 * tree on a large table can take a few tenths of a second, long enough
 * to run the job past a short budget. */
static gboolean
next_iteration_too_late (const LuminaTrialSpec *spec,
                         IterationState        *state)
{
  gint64 now = g_get_monotonic_time ();
  gint64 last = state->last_at;

  state->last_at = now;
  return spec->deadline > 0 && last > 0 && now + (now - last) > spec->deadline;
}

static gboolean
on_iteration (LuminaLearner *learner,
              guint          iteration,
              double         valid_loss,
              gpointer       user_data)
{
  IterationState *state = user_data;
  const LuminaTrialSpec *spec = state->spec;

  if (state->fold == 0 && !isnan (valid_loss))
    {
      g_array_append_val (state->curve, valid_loss);
      if (spec->tracker != NULL && spec->run_id != NULL)
        lumina_tracker_log_metric (spec->tracker, spec->run_id, "valid_loss", iteration, valid_loss);
    }
  if (past_deadline (spec) || next_iteration_too_late (spec, state))
    state->out_of_time = TRUE;
  if (g_cancellable_is_cancelled (spec->cancellable) || state->out_of_time)
    {
      state->stopped = TRUE;
      return FALSE;
    }
  /* Pruned on the first fold only: the trials that reach a later fold have
   * all survived the first, and ranking them again at every rung of every
   * fold would keep a third of a third of a third ..., so that almost only
   * the first few trials could ever finish. */
  if (spec->halving != NULL && state->fold == 0 &&
      !lumina_halving_report_scaled (spec->halving, state->fold, iteration, state->scale,
                                     valid_loss))
    {
      state->pruned = TRUE;
      return FALSE;
    }
  return TRUE;
}

static double
thread_cpu_seconds (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

JsonObject *
_lumina_automl_metrics_for (LuminaAutomlData *data,
                            const double     *y,
                            const double     *pred,
                            gsize             n)
{
  JsonObject *metrics = json_object_new ();
  guint n_metrics = 0;
  const LuminaMetric *list = lumina_metric_list_for (data->task, &n_metrics);

  for (guint i = 0; i < n_metrics; i++)
    {
      double value = lumina_metric_compute (list[i], data->task, data->n_classes, y, pred, NULL, n);

      if (isfinite (value))
        json_object_set_double_member (metrics, lumina_metric_to_string (list[i]), value);
    }
  return metrics;
}

static double
param_number (JsonObject *params,
              const char *name,
              double      fallback)
{
  JsonNode *node = json_object_get_member (params, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return json_node_get_double (node);
}

/* How far apart the pruner's rungs are for this configuration, so that
 * trials meet there after about the same amount of learning rather than
 * the same iteration count.  A boosting round moves by the learning rate
 * (0.1: one round per rung unit); an epoch moves by the learning rate
 * times its optimiser steps (1e-3 × 20 steps per unit).  Otherwise slow
 * but good configurations are always pruned at the first rung. */
static double
halving_scale (const char *learner,
               JsonObject *params,
               gsize       n_train)
{
  if (g_strcmp0 (learner, "xgboost") == 0)
    return CLAMP (0.1 / param_number (params, "learning_rate", 0.3), 1.0 / 3, 10);
  if (g_strcmp0 (learner, "mlp") == 0)
    {
      double batch = MAX (MIN (param_number (params, "batch_size", 128), (double) n_train), 1);
      double steps = ceil (n_train / batch);
      double rate = param_number (params, "learning_rate", 1e-3);

      return CLAMP (1e-3 * 20 / (rate * steps), 1, 30);
    }
  return 1;
}

static gboolean
uses_early_stopping (const char *learner,
                     JsonObject *params)
{
  if (g_strcmp0 (learner, "mlp") == 0)
    return param_number (params, "early_stopping_rounds", 15) > 0;
  if (g_strcmp0 (learner, "xgboost") == 0)
    return param_number (params, "early_stopping_rounds", 0) > 0;
  return FALSE;
}

/* Fits fold @f; returns FALSE and sets the result's status when the trial
 * ends here (error, pruned, cancelled). */
static gboolean
fit_fold (LuminaAutomlData      *data,
          const LuminaTrialSpec *spec,
          LuminaFold            *fold,
          guint                  f,
          LuminaTrialResult     *result,
          double                *fold_score)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autofree double *pred = NULL;
  IterationState state = { spec, f, 1, result->curve, FALSE, FALSE, FALSE, 0 };
  guint k = data->n_outputs;
  gboolean stops_early = fold->x_fit != NULL && uses_early_stopping (spec->learner, spec->params);
  gint64 predict_start;

  state.scale = halving_scale (spec->learner, spec->params,
                               (stops_early ? fold->x_fit : fold->x_train)->n_rows);
  learner = lumina_learner_new (spec->learner, data->task, data->n_classes, spec->params, &error);
  if (learner != NULL)
    {
      lumina_learner_set_n_threads (learner, spec->n_threads);
      lumina_learner_set_iteration_func (learner, on_iteration, &state);
    }
  if (learner == NULL ||
      !(stops_early
        ? lumina_learner_fit (learner, fold->x_fit, fold->y_fit, fold->x_stop, fold->y_stop,
                              spec->cancellable, &error)
        : lumina_learner_fit (learner, fold->x_train, fold->y_train, fold->x_valid,
                              fold->y_valid, spec->cancellable, &error)))
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                           g_cancellable_is_cancelled (spec->cancellable);

      result->status = cancelled ? LUMINA_RUN_STATUS_CANCELLED : LUMINA_RUN_STATUS_FAILED;
      if (cancelled && (state.out_of_time || past_deadline (spec)))
        result->error = g_strdup ("Stopped at the end of the time budget");
      else
        result->error = g_strdup (error ? error->message : "cancelled");
      return FALSE;
    }
  if (state.stopped || g_cancellable_is_cancelled (spec->cancellable))
    {
      result->status = LUMINA_RUN_STATUS_CANCELLED;
      result->error = g_strdup ("Stopped at the end of the time budget");
      return FALSE;
    }
  if (state.pruned)
    {
      result->status = LUMINA_RUN_STATUS_PRUNED;
      result->iterations = lumina_learner_get_n_iterations (learner);
      return FALSE;
    }

  pred = g_new (double, fold->n_valid * k);
  predict_start = g_get_monotonic_time ();
  if (!lumina_learner_predict (learner, fold->x_valid, pred, &error))
    {
      result->status = LUMINA_RUN_STATUS_FAILED;
      result->error = g_strdup (error->message);
      return FALSE;
    }
  result->predict_seconds += (g_get_monotonic_time () - predict_start) / 1e6;
  result->predicted_rows += fold->n_valid;
  for (gsize i = 0; i < fold->n_valid; i++)
    for (guint c = 0; c < k; c++)
      result->oof[(gsize) fold->valid_rows[i] * k + c] = pred[i * k + c];
  *fold_score = lumina_metric_compute (data->metric, data->task, data->n_classes,
                                       fold->y_valid, pred, NULL, fold->n_valid);
  result->iterations += (double) lumina_learner_get_n_iterations (learner) / data->n_folds;
  /* A holdout's fit is a model in its own right: the one to keep when
   * there is no time to refit on every row. */
  if (data->holdout)
    {
      lumina_learner_set_iteration_func (learner, NULL, NULL);
      lumina_learner_compact (learner);
      result->model = g_steal_pointer (&learner);
    }
  return TRUE;
}

/* Scores the out-of-fold predictions of every validated row. */
static void
score_oof (LuminaAutomlData  *data,
           LuminaFoldSet     *set,
           LuminaTrialResult *result,
           const double      *fold_scores)
{
  guint k = data->n_outputs;
  g_autofree double *y = g_new (double, MAX (data->n_rows, 1));
  g_autofree double *pred = g_new (double, MAX (data->n_rows, 1) * k);
  gsize n = 0;
  double mean = 0, var = 0;

  for (guint f = 0; f < set->n_folds; f++)
    for (gsize i = 0; i < set->folds[f].n_valid; i++, n++)
      {
        guint32 row = set->folds[f].valid_rows[i];

        y[n] = data->y[row];
        for (guint c = 0; c < k; c++)
          pred[n * k + c] = result->oof[(gsize) row * k + c];
      }
  result->metrics = _lumina_automl_metrics_for (data, y, pred, n);
  result->score = lumina_metric_compute (data->metric, data->task, data->n_classes,
                                         y, pred, NULL, n);
  for (guint f = 0; f < set->n_folds; f++)
    mean += fold_scores[f] / set->n_folds;
  for (guint f = 0; f < set->n_folds; f++)
    var += (fold_scores[f] - mean) * (fold_scores[f] - mean);
  result->score_std = set->n_folds > 1 ? sqrt (var / (set->n_folds - 1)) : 0;
  json_object_set_double_member (result->metrics, "score_std", result->score_std);
}

void
_lumina_automl_run_trial (LuminaAutomlData      *data,
                          const LuminaTrialSpec *spec,
                          LuminaTrialResult     *result)
{
  LuminaFoldSet *set = _lumina_automl_data_get_folds (data, spec->learner);
  g_autofree double *fold_scores = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_cpu_seconds ();
  gsize size = data->n_rows * data->n_outputs;

  g_assert (set != NULL);

  result->status = LUMINA_RUN_STATUS_FINISHED;
  result->score = NAN;
  result->curve = g_array_new (FALSE, FALSE, sizeof (double));
  result->oof = g_new (double, MAX (size, 1));
  for (gsize i = 0; i < size; i++)
    result->oof[i] = NAN;
  fold_scores = g_new0 (double, set->n_folds);

  for (guint f = 0; f < set->n_folds; f++)
    if (!fit_fold (data, spec, &set->folds[f], f, result, &fold_scores[f]))
      break;

  if (result->status == LUMINA_RUN_STATUS_FINISHED)
    score_oof (data, set, result, fold_scores);
  else
    {
      g_clear_pointer (&result->oof, g_free);
      g_clear_object (&result->model);
    }

  result->seconds = (g_get_monotonic_time () - start) / 1e6;
  result->cpu_seconds = thread_cpu_seconds () - cpu_start;
}

void
_lumina_trial_result_clear (LuminaTrialResult *result)
{
  g_clear_pointer (&result->metrics, json_object_unref);
  g_clear_pointer (&result->oof, g_free);
  g_clear_object (&result->model);
  g_clear_pointer (&result->curve, g_array_unref);
  g_clear_pointer (&result->error, g_free);
}

JsonObject *
_lumina_automl_refit_params (const char *learner,
                             JsonObject *params,
                             double      iterations)
{
  JsonObject *copy = json_object_new ();
  GList *members = json_object_get_members (params);
  gboolean early = json_object_has_member (params, "early_stopping_rounds");

  for (GList *l = members; l != NULL; l = l->next)
    if (!early || g_strcmp0 (l->data, "early_stopping_rounds") != 0)
      json_object_set_member (copy, l->data,
                              json_node_copy (json_object_get_member (params, l->data)));
  g_list_free (members);

  if (early && iterations >= 1)
    {
      /* Trained on all rows rather than (k-1)/k of them: a few more rounds. */
      gint64 rounds = (gint64) ceil (iterations * 1.1);

      if (g_strcmp0 (learner, "xgboost") == 0)
        json_object_set_int_member (copy, "n_estimators", rounds);
      else if (g_strcmp0 (learner, "mlp") == 0)
        json_object_set_int_member (copy, "max_epochs", rounds);
    }
  return copy;
}
