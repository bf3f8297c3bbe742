/* lumina-automl-finish.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After the search: ensemble selection over the best trials, the refit of
 * the winner on every non-test row, the model bundle, and the report.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-automl-private.h"
#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-model.h"

#define N_ENSEMBLE_STEPS      50

typedef struct
{
  GPtrArray *members;   /* of LuminaAutomlTrial, borrowed */
  GArray    *weights;   /* of double */
  double     score;
  JsonObject *metrics;  /* validation metrics of the winner */
  gboolean   ensemble;
} Winner;

static void
winner_clear (Winner *winner)
{
  g_clear_pointer (&winner->members, g_ptr_array_unref);
  g_clear_pointer (&winner->weights, g_array_unref);
  g_clear_pointer (&winner->metrics, json_object_unref);
}

/* The validated rows (all of them for k-fold; fold 0 for a holdout). */
static guint32 *
validated_rows (LuminaAutomlData *data,
                gsize            *n)
{
  guint32 *rows = g_new (guint32, MAX (data->n_rows, 1));

  *n = 0;
  for (gsize row = 0; row < data->n_rows; row++)
    if (data->fold_of[row] < data->n_folds)
      rows[(*n)++] = row;
  return rows;
}

static double
log_loss_of (JsonObject *metrics)
{
  if (metrics == NULL || !json_object_has_member (metrics, "log_loss"))
    return NAN;
  return json_object_get_double_member (metrics, "log_loss");
}

/* Whether a blend scoring @score (@metrics) should replace @winner: better
 * on the metric, or as good and better calibrated (the tie-break the
 * selection itself uses). */
static gboolean
beats (LuminaAutomlData *data,
       double            score,
       JsonObject       *metrics,
       Winner           *winner)
{
  double loss = lumina_metric_to_loss (data->metric, score);
  double best = lumina_metric_to_loss (data->metric, winner->score);

  if (loss < best - 1e-9)
    return TRUE;
  if (loss > best + 1e-9 || data->task == LUMINA_TASK_REGRESSION ||
      data->metric == LUMINA_METRIC_LOG_LOSS)
    return FALSE;
  return log_loss_of (metrics) < log_loss_of (winner->metrics) - 1e-9;
}

static void
try_ensemble (LuminaAutomlData *data,
              GPtrArray        *candidates,
              Winner           *winner)
{
  guint k = data->n_outputs, m = candidates->len;
  gsize n;
  g_autofree guint32 *rows = validated_rows (data, &n);
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autofree double *weights = g_new (double, m);
  g_autofree double *blend = g_new0 (double, MAX (n, 1) * k);
  double **preds = g_new (double *, m);
  g_autoptr(JsonObject) metrics = NULL;
  double score;
  guint used = 0;

  for (gsize i = 0; i < n; i++)
    y[i] = data->y[rows[i]];
  for (guint j = 0; j < m; j++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (candidates, j);

      preds[j] = g_new (double, MAX (n, 1) * k);
      for (gsize i = 0; i < n; i++)
        for (guint c = 0; c < k; c++)
          preds[j][i * k + c] = trial->oof[(gsize) rows[i] * k + c];
    }
  score = lumina_ensemble_select (data->metric, data->task, data->n_classes, y, n, k,
                                  (const double * const *) preds, m, N_ENSEMBLE_STEPS, weights);
  for (guint j = 0; j < m; j++)
    if (weights[j] > 0)
      {
        used++;
        for (gsize i = 0; i < n * k; i++)
          blend[i] += weights[j] * preds[j][i];
      }
  metrics = _lumina_automl_metrics_for (data, y, blend, n);

  if (used > 1 && beats (data, score, metrics, winner))
    {
      g_ptr_array_set_size (winner->members, 0);
      g_array_set_size (winner->weights, 0);
      for (guint j = 0; j < m; j++)
        if (weights[j] > 0)
          {
            g_ptr_array_add (winner->members, g_ptr_array_index (candidates, j));
            g_array_append_val (winner->weights, weights[j]);
          }
      winner->score = score;
      winner->ensemble = TRUE;
      g_clear_pointer (&winner->metrics, json_object_unref);
      winner->metrics = g_steal_pointer (&metrics);
    }
  for (guint j = 0; j < m; j++)
    g_free (preds[j]);
  g_free (preds);
}

static gboolean
choose_winner (LuminaAutoml  *self,
               Winner        *winner,
               GError       **error)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  LuminaAutomlTrial *best;
  double one = 1;

  g_mutex_lock (&self->lock);
  sorted = _lumina_automl_sorted_trials (self);
  g_mutex_unlock (&self->lock);

  best = sorted->len > 0 ? g_ptr_array_index (sorted, 0) : NULL;
  if (best == NULL || best->status != LUMINA_RUN_STATUS_FINISHED || !isfinite (best->score))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED,
                   "No trial finished within the budget of %g s%s%s",
                   self->config->budget_seconds, best && best->error ? ": " : "",
                   best && best->error ? best->error : "");
      return FALSE;
    }

  winner->members = g_ptr_array_new ();
  winner->weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (winner->members, best);
  g_array_append_val (winner->weights, one);
  winner->score = best->score;
  winner->metrics = json_object_ref (best->metrics);

  /* The search keeps the predictions of the best trials overall and of
   * each learner's best: those are the candidates. */
  for (guint i = 0; i < sorted->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (sorted, i);

      if (trial->status == LUMINA_RUN_STATUS_FINISHED && trial->oof != NULL)
        g_ptr_array_add (candidates, trial);
    }
  if (candidates->len > 1)
    try_ensemble (self->data, candidates, winner);
  return TRUE;
}

static gboolean
refit_member (LuminaAutoml       *self,
              LuminaModel        *model,
              LuminaAutomlTrial  *trial,
              double              weight,
              GError            **error)
{
  LuminaAutomlData *data = self->data;
  g_autoptr(LuminaPreprocessor) pp = lumina_preprocessor_new (_lumina_automl_style_for (trial->learner));
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(JsonObject) params = _lumina_automl_refit_params (trial->learner, trial->params,
                                                              trial->iterations);
  g_autoptr(LuminaLearner) learner = NULL;

  lumina_preprocessor_set_task (pp, data->task, data->n_classes);
  if (!lumina_preprocessor_fit (pp, data->search_frame, data->target, data->y, error))
    return FALSE;
  x = lumina_preprocessor_transform (pp, data->search_frame, error);
  if (x == NULL)
    return FALSE;
  learner = lumina_learner_new (trial->learner, data->task, data->n_classes, params, error);
  if (learner == NULL)
    return FALSE;
  lumina_learner_set_n_threads (learner, MAX (g_get_num_processors (), 1));
  if (!lumina_learner_fit (learner, x, data->y, NULL, NULL, NULL, error))
    return FALSE;
  lumina_model_add_member (model, pp, learner, weight);
  return TRUE;
}

/* A finished child run standing for the ensemble. */
static char *
record_ensemble (LuminaAutoml  *self,
                 Winner        *winner,
                 GError       **error)
{
  g_autoptr(JsonObject) params = json_object_new ();
  JsonArray *members = json_array_new ();
  JsonArray *weights = json_array_new ();
  LuminaRunUsage usage = { 0 };
  char *run_id;

  for (guint i = 0; i < winner->members->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (winner->members, i);

      json_array_add_string_element (members, trial->run_id);
      json_array_add_double_element (weights, g_array_index (winner->weights, double, i));
    }
  json_object_set_array_member (params, "members", members);
  json_object_set_array_member (params, "weights", weights);
  run_id = lumina_tracker_start_run (self->tracker, self->experiment, self->run_id, "ensemble",
                                     "ensemble", params, self->data->dataset_ref,
                                     self->config->seed, error);
  if (run_id == NULL)
    return NULL;
  if (!lumina_tracker_finish_run (self->tracker, run_id, LUMINA_RUN_STATUS_FINISHED,
                                  winner->metrics, &usage, NULL, error))
    g_clear_pointer (&run_id, g_free);
  return run_id;
}

static gboolean
save_bundle (LuminaAutoml  *self,
             LuminaModel   *model,
             Winner        *winner,
             GError       **error)
{
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *parent = NULL;
  char *text;
  gsize length;

  lumina_model_set_metrics (model, winner->metrics);
  lumina_model_set_lineage (model, self->data->dataset_ref, self->data->dataset_hash,
                            self->best_run_id);
  self->bundle_path = lumina_automl_bundle_path_for_run (self->workspace, self->best_run_id);
  parent = g_path_get_dirname (self->bundle_path);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED,
                   "Could not create the folder %s", parent);
      return FALSE;
    }
  if (!lumina_model_save (model, self->bundle_path, error))
    return FALSE;

  manifest = lumina_model_get_manifest (model);
  text = json_to_string (manifest, TRUE);
  length = strlen (text);
  bytes = g_bytes_new_take (text, length);
  return lumina_tracker_add_artifact (self->tracker, self->best_run_id, "manifest.json", bytes,
                                      error) &&
         lumina_tracker_add_artifact (self->tracker, self->run_id, "manifest.json", bytes, error);
}

gboolean
_lumina_automl_finish (LuminaAutoml  *self,
                       JsonObject   **best_metrics,
                       GError       **error)
{
  Winner winner = { 0 };
  g_autoptr(LuminaModel) model = NULL;
  gint64 refit_start = g_get_monotonic_time ();
  double search_seconds = (refit_start - self->start) / 1e6;
  gboolean ok = FALSE;

  if (!choose_winner (self, &winner, error))
    goto out;

  model = lumina_model_new (self->data->target, self->data->labels);
  for (guint i = 0; i < winner.members->len; i++)
    if (!refit_member (self, model, g_ptr_array_index (winner.members, i),
                       g_array_index (winner.weights, double, i), error))
      goto out;

  if (winner.ensemble)
    self->best_run_id = record_ensemble (self, &winner, error);
  else
    self->best_run_id = g_strdup (((LuminaAutomlTrial *) g_ptr_array_index (winner.members, 0))->run_id);
  if (self->best_run_id == NULL || !save_bundle (self, model, &winner, error))
    goto out;

  self->report = _lumina_automl_build_report (self, model, winner.score, winner.metrics,
                                              winner.members, winner.weights, winner.ensemble);
  json_object_set_double_member (json_node_get_object (self->report), "search_seconds",
                                 search_seconds);
  json_object_set_double_member (json_node_get_object (self->report), "refit_seconds",
                                 (g_get_monotonic_time () - refit_start) / 1e6);
  {
    g_autofree char *text = json_to_string (self->report, FALSE);
    gsize length = strlen (text);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

    if (!lumina_tracker_add_artifact (self->tracker, self->run_id, "report.json", bytes, error))
      goto out;
  }
  *best_metrics = _lumina_automl_report_metrics (self->report, winner.metrics);
  ok = TRUE;

out:
  winner_clear (&winner);
  return ok;
}
