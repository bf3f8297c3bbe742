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

/* Greedy selection over @candidates' out-of-fold predictions (within
 * @max_cost, given @costs): fills @weights, @score and @metrics (the
 * blend's); returns how many of the candidates the blend uses. */
static guint
select_blend (LuminaAutomlData  *data,
              GPtrArray         *candidates,
              const double      *costs,
              double             max_cost,
              double            *weights,
              double            *score,
              JsonObject       **metrics)
{
  guint k = data->n_outputs, m = candidates->len;
  gsize n;
  g_autofree guint32 *rows = validated_rows (data, &n);
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autofree double *blend = g_new0 (double, MAX (n, 1) * k);
  double **preds = g_new (double *, m);
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
  *score = lumina_ensemble_select (data->metric, data->task, data->n_classes, y, n, k,
                                   (const double * const *) preds, m, N_ENSEMBLE_STEPS, costs,
                                   max_cost, weights);
  for (guint j = 0; j < m; j++)
    if (weights[j] > 0)
      {
        used++;
        for (gsize i = 0; i < n * k; i++)
          blend[i] += weights[j] * preds[j][i];
      }
  *metrics = _lumina_automl_metrics_for (data, y, blend, n);

  for (guint j = 0; j < m; j++)
    g_free (preds[j]);
  g_free (preds);
  return used;
}

/* What a member adds after the search at the least: its refit and its
 * share of the report, or the report alone for a holdout's kept fit,
 * which can stand in for the refit (refit_members()). */
static double
least_cost (LuminaAutoml      *self,
            LuminaAutomlTrial *trial)
{
  return trial->model != NULL ? _lumina_automl_report_estimate (self, trial)
                              : _lumina_automl_finish_estimate (self, trial);
}

/* Each candidate's least cost, in seconds. */
static double *
candidate_costs (LuminaAutoml *self,
                 GPtrArray    *candidates)
{
  double *costs = g_new (double, MAX (candidates->len, 1));

  for (guint j = 0; j < candidates->len; j++)
    costs[j] = least_cost (self, g_ptr_array_index (candidates, j));
  return costs;
}

/* Seconds the refit of the @n candidates with @weights > 0 and the report
 * on their blend should take. */
static double
blend_cost (const double *costs,
            const double *weights,
            guint         n)
{
  double total = 0;

  for (guint j = 0; j < n; j++)
    if (weights[j] > 0)
      total += costs[j];
  return total;
}

/* Ensemble selection over @candidates (best first), kept when it beats
 * @winner.  The blend takes only members whose refits and report, added
 * up, end within the budget (with the search's margin, update_deadline()):
 * one selection, which on 200,000 rows takes seconds. */
static void
try_ensemble (LuminaAutoml *self,
              GPtrArray    *candidates,
              Winner       *winner)
{
  g_autofree double *weights = g_new (double, MAX (candidates->len, 1));
  g_autofree double *costs = candidate_costs (self, candidates);
  g_autoptr(JsonObject) metrics = NULL;
  double left = (_lumina_automl_budget_end (self) - g_get_monotonic_time ()) / 1e6;
  double score, cost;

  if (select_blend (self->data, candidates, costs, left / 1.5, weights, &score, &metrics) < 2)
    return;
  /* The selection itself took some of it. */
  left = (_lumina_automl_budget_end (self) - g_get_monotonic_time ()) / 1e6;
  cost = blend_cost (costs, weights, candidates->len);
  g_debug ("Ensemble: its refit and report should take about %.1f s of the %.1f s left",
           cost, left);
  if (1.5 * cost > left)
    return;
  if (!beats (self->data, score, metrics, winner))
    return;
  g_ptr_array_set_size (winner->members, 0);
  g_array_set_size (winner->weights, 0);
  for (guint j = 0; j < candidates->len; j++)
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

GPtrArray *
_lumina_automl_ensemble_candidates (GPtrArray *sorted)
{
  GPtrArray *candidates = g_ptr_array_new ();

  /* The search keeps the predictions of the best trials overall and of
   * each learner's best: those are the candidates. */
  for (guint i = 0; i < sorted->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (sorted, i);

      if (trial->status == LUMINA_RUN_STATUS_FINISHED && trial->oof != NULL)
        g_ptr_array_add (candidates, trial);
    }
  return candidates;
}

double
_lumina_automl_blend_estimate (LuminaAutoml *self,
                               GPtrArray    *candidates)
{
  LuminaAutomlTrial *best = g_ptr_array_index (candidates, 0);
  g_autofree double *weights = g_new (double, MAX (candidates->len, 1));
  g_autofree double *costs = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  Winner alone = { .score = best->score, .metrics = best->metrics };
  double score;

  if (candidates->len < 2 ||
      select_blend (self->data, candidates, NULL, 0, weights, &score, &metrics) < 2 ||
      !beats (self->data, score, metrics, &alone))
    return 0;
  costs = candidate_costs (self, candidates);
  return blend_cost (costs, weights, candidates->len);
}

/* Whether @cost seconds after the search keep the job within its budget,
 * give or take the 5 % it may run over: the search planned its reserve
 * with a margin (1.5 × the estimate), spent here if need be rather than
 * fall back to a weaker model. */
static gboolean
fits_budget (LuminaAutoml *self,
             double        cost,
             double        left)
{
  return cost <= left + 0.05 * self->config->budget_seconds;
}

/* The best trial whose refit (or kept fit) and report fit the time left.
 * The reserve kept for the best trial is at most a quarter of the budget,
 * and a k-fold search keeps no fit: on a large table the refit can take
 * longer, and then the best trial that fits is the model, or failing that
 * the one quickest to refit. */
static LuminaAutomlTrial *
affordable_winner (LuminaAutoml *self,
                   GPtrArray    *sorted,
                   double        left)
{
  LuminaAutomlTrial *best = g_ptr_array_index (sorted, 0);
  LuminaAutomlTrial *chosen = NULL, *quickest = best;
  double best_cost = least_cost (self, best);
  double quickest_cost = best_cost;

  if (fits_budget (self, best_cost, left))
    return best;

  for (guint i = 1; i < sorted->len && chosen == NULL; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (sorted, i);
      double cost;

      if (trial->status != LUMINA_RUN_STATUS_FINISHED || !isfinite (trial->score) ||
          trial->skipped || trial->metrics == NULL)
        break;   /* finished trials sort first */
      cost = least_cost (self, trial);
      if (fits_budget (self, cost, left))
        chosen = trial;
      else if (cost < quickest_cost)
        quickest = trial, quickest_cost = cost;
    }
  if (chosen == NULL)
    chosen = quickest;
  return chosen;
}

static gboolean
choose_winner (LuminaAutoml  *self,
               Winner        *winner,
               GError       **error)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  LuminaAutomlTrial *best, *top;
  double left;
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

  top = best;
  left = (_lumina_automl_budget_end (self) - g_get_monotonic_time ()) / 1e6;
  best = affordable_winner (self, sorted, left);

  winner->members = g_ptr_array_new ();
  winner->weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (winner->members, best);
  g_array_append_val (winner->weights, one);
  winner->score = best->score;
  winner->metrics = json_object_ref (best->metrics);

  candidates = _lumina_automl_ensemble_candidates (sorted);
  if (candidates->len > 1)
    try_ensemble (self, candidates, winner);

  /* The model is not the leaderboard's first: say why. */
  if (!winner->ensemble && best != top)
    g_ptr_array_add (self->data->notes,
                     g_strdup_printf ("Trial %u (%s) scored best, but refitting it on all rows "
                                      "would take about %.1f s, and %.1f s were left in the budget: "
                                      "the model is trial %u (%s)",
                                      top->number, top->learner, least_cost (self, top),
                                      MAX (left, 0), best->number, best->learner));
  return TRUE;
}

/* The search rows preprocessed for one style, once for all the members
 * that use it: on 200,000 × 50 each copy takes a fifth of a second and
 * 80 MB, and XGBoost members also share the DMatrix cached in it. */
typedef struct
{
  GMutex              lock;
  gboolean            done;
  LuminaPreprocessor *pp;
  LuminaMatrix       *x;
  GError             *error;
} Prepared;

/* One member's refit on every search row, on a thread of its own, or its
 * kept holdout fit. */
typedef struct
{
  LuminaAutoml       *self;
  LuminaAutomlTrial  *trial;
  Prepared           *prepared;
  double              weight;
  gboolean            keep;
  LuminaLearner      *learner;
  GError             *error;
} Refit;

/* The first member of a style to get here preprocesses the rows; the
 * others wait for it. */
static gboolean
prepare (LuminaAutoml  *self,
         Prepared      *prepared,
         const char    *learner,
         GError       **error)
{
  LuminaAutomlData *d = self->data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&prepared->lock);

  if (!prepared->done)
    {
      g_autoptr(LuminaPreprocessor) pp = lumina_preprocessor_new (_lumina_automl_style_for (learner));

      prepared->done = TRUE;
      lumina_preprocessor_set_task (pp, d->task, d->n_classes);
      if (lumina_preprocessor_fit (pp, d->search_frame, d->target, d->y, &prepared->error) &&
          (prepared->x = lumina_preprocessor_transform (pp, d->search_frame, &prepared->error)))
        prepared->pp = g_steal_pointer (&pp);
    }
  if (prepared->error != NULL)
    {
      g_propagate_error (error, g_error_copy (prepared->error));
      return FALSE;
    }
  return TRUE;
}

static void
refit_member (Refit *refit)
{
  LuminaAutoml *self = refit->self;
  LuminaAutomlData *d = self->data;
  LuminaAutomlTrial *trial = refit->trial;
  g_autoptr(JsonObject) params = _lumina_automl_refit_params (trial->learner, trial->params,
                                                              trial->iterations);
  g_autoptr(LuminaLearner) learner = NULL;

  if (refit->keep)
    {
      refit->learner = g_object_ref (trial->model);
      return;
    }
  if (!prepare (self, refit->prepared, trial->learner, &refit->error) ||
      !(learner = lumina_learner_new (trial->learner, d->task, d->n_classes, params, &refit->error)))
    return;
  /* As many threads as the trial had, whose time the budget counted on:
   * on small tables XGBoost's OpenMP with more threads than the work
   * needs is several times slower, not faster.  The members refit side
   * by side instead, on the search's workers. */
  lumina_learner_set_n_threads (learner, self->n_threads);
  if (lumina_learner_fit (learner, refit->prepared->x, d->y, NULL, NULL, NULL, &refit->error))
    refit->learner = g_steal_pointer (&learner);
}

typedef struct
{
  Refit *refits;
  guint  n;
  gint   next;   /* atomic */
} RefitQueue;

static gpointer
refit_worker (gpointer data)
{
  RefitQueue *queue = data;

  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&queue->next, 1);

      if (i >= queue->n)
        return NULL;
      refit_member (&queue->refits[i]);
    }
}

/* Heaviest member first. */
static int
compare_weights (gconstpointer a,
                 gconstpointer b)
{
  const Refit *x = *(const Refit * const *) a;
  const Refit *y = *(const Refit * const *) b;

  return (x->weight < y->weight) - (x->weight > y->weight);
}

/* Refits the winner's members, @n_parallel at a time, and adds them to
 * @model in their order.  The threads are joined before it returns: none
 * is left behind (idle pool threads at exit upset LeakSanitizer). */
static gboolean
refit_members (LuminaAutoml  *self,
               LuminaModel   *model,
               Winner        *winner,
               GError       **error)
{
  guint n = winner->members->len;
  g_autofree Refit *refits = g_new0 (Refit, n);
  RefitQueue queue = { refits, n, 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  Prepared prepared[2] = { 0 };
  double left = (_lumina_automl_budget_end (self) - g_get_monotonic_time ()) / 1e6;
  double spent = 0, kept_cost = 0;
  guint n_kept = 0;
  gboolean ok = TRUE;

  for (guint s = 0; s < G_N_ELEMENTS (prepared); s++)
    g_mutex_init (&prepared[s].lock);
  for (guint i = 0; i < n; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (winner->members, i);
      LuminaPreprocessStyle style = _lumina_automl_style_for (trial->learner);

      refits[i].self = self;
      refits[i].trial = trial;
      refits[i].prepared = &prepared[style == LUMINA_PREPROCESS_TREES ? 0 : 1];
      refits[i].weight = g_array_index (winner->weights, double, i);
      spent += _lumina_automl_report_estimate (self, trial);
      g_ptr_array_add (order, &refits[i]);
    }
  /* Members refit on every row, the heaviest first, as long as their
   * refits and the report fit the time left; a holdout's kept fit stands
   * in for each of the others. */
  g_ptr_array_sort (order, compare_weights);
  for (guint i = 0; i < order->len; i++)
    {
      Refit *refit = g_ptr_array_index (order, i);
      double cost = _lumina_automl_refit_estimate (self, refit->trial);

      if (refit->trial->model != NULL && !fits_budget (self, spent + cost, left))
        {
          refit->keep = TRUE;
          n_kept++;
          kept_cost += cost;
        }
      else
        spent += cost;
    }
  if (n_kept > 0)
    {
      LuminaFold *fold = &_lumina_automl_data_get_folds (self->data, refits[0].trial->learner)->folds[0];
      gsize n_fit = self->data->n_rows - fold->n_valid;

      if (n == 1)
        g_ptr_array_add (self->data->notes,
                         g_strdup_printf ("Refitting the model on all %" G_GSIZE_FORMAT " rows would "
                                          "take about %.0f s, and %.0f s were left in the "
                                          "budget: it is the search’s own fit, on the %"
                                          G_GSIZE_FORMAT " training rows of the holdout",
                                          self->data->n_rows, kept_cost, MAX (left, 0), n_fit));
      else
        g_ptr_array_add (self->data->notes,
                         g_strdup_printf ("%u of the ensemble’s %u models are the search’s own fits, "
                                          "on the %" G_GSIZE_FORMAT " training rows of the holdout: "
                                          "refitting them on all %" G_GSIZE_FORMAT " rows would take "
                                          "about %.0f s, and %.0f s were left in the budget",
                                          n_kept, n, n_fit, self->data->n_rows, kept_cost, MAX (left, 0)));
    }
  for (guint i = 0; i < MAX (MIN (self->n_parallel, n), 1); i++)
    g_ptr_array_add (threads, g_thread_new ("automl-refit", refit_worker, &queue));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  for (guint i = 0; i < n; i++)
    {
      if (ok && refits[i].error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&refits[i].error));
          ok = FALSE;
        }
      /* A kept fit goes with the preprocessing of its training rows. */
      if (ok)
        {
          LuminaFoldSet *set = _lumina_automl_data_get_folds (self->data, refits[i].trial->learner);

          lumina_model_add_member (model, refits[i].keep ? set->folds[0].pp : refits[i].prepared->pp,
                                   refits[i].learner, g_array_index (winner->weights, double, i));
        }
      g_clear_error (&refits[i].error);
      g_clear_object (&refits[i].learner);
    }
  for (guint s = 0; s < G_N_ELEMENTS (prepared); s++)
    {
      g_clear_object (&prepared[s].pp);
      g_clear_pointer (&prepared[s].x, lumina_matrix_free);
      g_clear_error (&prepared[s].error);
      g_mutex_clear (&prepared[s].lock);
    }
  return ok;
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
  if (!refit_members (self, model, &winner, error))
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
  g_debug ("Search %.2f s, refit and report %.2f s, %.2f s of the budget left",
           search_seconds, (g_get_monotonic_time () - refit_start) / 1e6,
           (_lumina_automl_budget_end (self) - g_get_monotonic_time ()) / 1e6);
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
