/* lumina-automl-search.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search loop: worker threads take the next configuration (the
 * portfolio first, then TPE per learner), run it as a child run, and
 * record it on the leaderboard, until the deadline or a cancellation.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-automl-private.h"
#include "lumina-error.h"
#include "lumina-metrics.h"

/* Out-of-fold predictions kept for the ensemble: the best trials overall,
 * and each learner's best so that the ensemble has other kinds of model
 * to blend even when one learner fills the top of the leaderboard. */
#define N_KEEP_OOF             20
#define N_KEEP_OOF_PER_LEARNER 5

/* ---- leaderboard ------------------------------------------------------- */

void
_lumina_automl_trial_free (LuminaAutomlTrial *trial)
{
  g_free (trial->run_id);
  g_free (trial->learner);
  g_clear_pointer (&trial->params, json_object_unref);
  g_free (trial->point);
  g_clear_pointer (&trial->curve, g_array_unref);
  g_free (trial->error);
  g_free (trial->oof);
  g_clear_object (&trial->model);
  g_clear_pointer (&trial->metrics, json_object_unref);
  g_free (trial);
}

static const char *
trial_status (LuminaAutomlTrial *trial)
{
  return trial->skipped ? "skipped" : lumina_run_status_to_string (trial->status);
}

JsonNode *
_lumina_automl_trial_to_json (LuminaAutomlTrial *trial)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *curve = json_array_new ();

  if (trial->run_id != NULL)
    json_object_set_string_member (object, "run_id", trial->run_id);
  else
    json_object_set_null_member (object, "run_id");
  json_object_set_string_member (object, "learner", trial->learner);
  json_object_set_object_member (object, "params", json_object_ref (trial->params));
  json_object_set_string_member (object, "status", trial_status (trial));
  if (isfinite (trial->score))
    {
      json_object_set_double_member (object, "score", trial->score);
      json_object_set_double_member (object, "score_std", trial->score_std);
    }
  else
    {
      json_object_set_null_member (object, "score");
      json_object_set_null_member (object, "score_std");
    }
  json_object_set_double_member (object, "fit_seconds", trial->seconds);
  /* Batch prediction time per validation row (a refit model costs about
   * the same), which the refit reserve counts for the report. */
  if (trial->predict_per_row > 0)
    json_object_set_double_member (object, "predict_us_per_row", trial->predict_per_row * 1e6);
  json_object_set_double_member (object, "finished_at", trial->finished_at);
  json_object_set_int_member (object, "iterations", (gint64) round (trial->iterations));
  for (guint i = 0; trial->curve != NULL && i < trial->curve->len; i++)
    json_array_add_double_element (curve, g_array_index (trial->curve, double, i));
  json_object_set_array_member (object, "curve", curve);
  if (trial->error != NULL)
    json_object_set_string_member (object, "error", trial->error);
  else
    json_object_set_null_member (object, "error");
  return json_node_init_object (json_node_alloc (), object);
}

static double
tie_breaker (LuminaAutomlTrial *trial)
{
  if (trial->metrics == NULL || !json_object_has_member (trial->metrics, "log_loss"))
    return 0;
  return json_object_get_double_member (trial->metrics, "log_loss");
}

static int
compare_trials (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  LuminaAutomlTrial *x = *(LuminaAutomlTrial **) a;
  LuminaAutomlTrial *y = *(LuminaAutomlTrial **) b;
  LuminaMetric metric = GPOINTER_TO_INT (user_data);
  gboolean fx = x->status == LUMINA_RUN_STATUS_FINISHED && isfinite (x->score) && !x->skipped;
  gboolean fy = y->status == LUMINA_RUN_STATUS_FINISHED && isfinite (y->score) && !y->skipped;
  double lx, ly;

  if (fx != fy)
    return fx ? -1 : 1;
  if (!fx)
    return (x->finished_at > y->finished_at) - (x->finished_at < y->finished_at);
  lx = lumina_metric_to_loss (metric, x->score);
  ly = lumina_metric_to_loss (metric, y->score);
  if (lx == ly)
    {
      /* Coarse metrics (accuracy on a few hundred rows) tie often: the
       * better calibrated trial goes first. */
      lx = tie_breaker (x);
      ly = tie_breaker (y);
    }
  return (lx > ly) - (lx < ly);
}

double
_lumina_automl_refit_estimate (LuminaAutoml      *self,
                               LuminaAutomlTrial *trial)
{
  LuminaAutomlData *data = self->data;
  /* A holdout trains once on four fifths; k folds k times on (k-1)/k. */
  double parts = data->holdout ? 5 : MAX (data->n_folds, 2);
  double fits = data->holdout ? 1 : data->n_folds;
  double rounds = 1;
  JsonNode *patience = json_object_get_member (trial->params, "early_stopping_rounds");
  LuminaFoldSet *set;

  /* The refit runs 1.1 × the best round (_lumina_automl_refit_params()),
   * the trial as many as its curve has points: past the best by its
   * patience when it stopped early, fewer when it ran out of rounds or
   * epochs. */
  if (patience != NULL && JSON_NODE_HOLDS_VALUE (patience) && trial->iterations >= 1)
    rounds = 1.1 * trial->iterations /
             (trial->curve != NULL && trial->curve->len > 0
                ? (double) trial->curve->len
                : trial->iterations + json_node_get_int (patience));

  /* The refit runs with the trial's threads, beside the other members,
   * after preprocessing every row once (about what one fold took: the
   * trial's own time leaves it out, the folds being built once). */
  set = _lumina_automl_data_get_folds (data, trial->learner);
  return (trial->seconds / fits * parts / (parts - 1) * MIN (rounds, 1.0) +
          (set != NULL ? set->build_seconds / set->n_folds : 0)) * self->refit_factor;
}

double
_lumina_automl_report_estimate (LuminaAutoml      *self,
                                LuminaAutomlTrial *trial)
{
  LuminaAutomlData *data = self->data;
  /* lumina-automl-report.c: the test rows once, then the importance rows
   * once as they are and three times per shuffled column. */
  double rows = data->n_test + (double) MIN (data->test_frame ? data->n_test : data->n_rows,
                                             LUMINA_AUTOML_IMPORTANCE_ROWS) *
                               (1 + LUMINA_AUTOML_IMPORTANCE_REPEATS * (data->n_columns - 1));

  return trial->predict_per_row * rows;
}

double
_lumina_automl_finish_estimate (LuminaAutoml      *self,
                                LuminaAutomlTrial *trial)
{
  return _lumina_automl_refit_estimate (self, trial) + _lumina_automl_report_estimate (self, trial);
}

gint64
_lumina_automl_budget_end (LuminaAutoml *self)
{
  return self->start + (gint64) (self->config->budget_seconds * G_USEC_PER_SEC);
}

/* What the search leaves for the refit and the report before any trial
 * says what they cost: 3 % of the budget, at least a second but no more
 * than a tenth of it, and at most 30 s. */
static double
reserve_floor (double budget)
{
  return MIN (MIN (MAX (budget * 0.03, 1.0), budget * 0.1), 30);
}

/* The search stops early enough for the refit and the report: 1.5 × what
 * they would take for the best trial (up to a quarter of the budget) or
 * for the blend a rehearsal of the ensemble selection chose (up to a
 * tenth: wait_for_workers()), and at least reserve_floor().  Under the
 * lock, whenever a trial ends. */
static void
update_deadline (LuminaAutoml *self)
{
  double budget = self->config->budget_seconds;
  double reserve = MAX (reserve_floor (budget), MIN (self->blend_reserve, budget * 0.1));
  LuminaAutomlTrial *best = NULL;
  gpointer metric = GINT_TO_POINTER (self->data->metric);

  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);

      if (best == NULL || compare_trials (&trial, &best, metric) < 0)
        best = trial;
    }
  /* Finished trials sort first: the best is one unless none is. */
  if (best != NULL && best->status == LUMINA_RUN_STATUS_FINISHED && isfinite (best->score) &&
      !best->skipped)
    {
      /* A holdout's kept fit can stand in for the refit: then only the
       * report needs the time, and the refit runs if time is left
       * (refit_members()); on a large table the search gains more from
       * the time than the model from a fifth more rows. */
      double want = 1.5 * (best->model != NULL ? _lumina_automl_report_estimate (self, best)
                                               : _lumina_automl_finish_estimate (self, best));

      reserve = MAX (reserve, MIN (want, budget * 0.25));
    }
  self->deadline = _lumina_automl_budget_end (self) - (gint64) (reserve * G_USEC_PER_SEC);
}

/* Best first; the caller holds the lock. */
GPtrArray *
_lumina_automl_sorted_trials (LuminaAutoml *self)
{
  GPtrArray *sorted = g_ptr_array_new ();
  LuminaMetric metric = self->data ? self->data->metric : LUMINA_METRIC_ACCURACY;

  for (guint i = 0; i < self->trials->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->trials, i));
  g_ptr_array_sort_with_data (sorted, compare_trials, GINT_TO_POINTER (metric));
  return sorted;
}

JsonNode *
lumina_automl_dup_leaderboard (LuminaAutoml *self)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  g_mutex_lock (&self->lock);
  sorted = _lumina_automl_sorted_trials (self);
  for (guint i = 0; i < sorted->len; i++)
    json_array_add_element (array, _lumina_automl_trial_to_json (g_ptr_array_index (sorted, i)));
  g_mutex_unlock (&self->lock);

  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
lumina_automl_dup_score_history (LuminaAutoml *self)
{
  JsonArray *array = json_array_new ();

  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i + 1 < self->history->len; i += 2)
    {
      JsonArray *pair = json_array_new ();

      json_array_add_double_element (pair, g_array_index (self->history, double, i));
      json_array_add_double_element (pair, g_array_index (self->history, double, i + 1));
      json_array_add_array_element (array, pair);
    }
  g_mutex_unlock (&self->lock);

  return json_node_init_array (json_node_alloc (), array);
}

/* ---- choosing the next configuration ------------------------------------ */

static double
seconds_since_start (LuminaAutoml *self)
{
  return (g_get_monotonic_time () - self->start) / 1e6;
}

/* Median seconds of the finished trials of @learner; 0 when none. */
static double
typical_seconds (LuminaAutoml *self,
                 const char   *learner)
{
  double total = 0;
  guint n = 0;

  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);

      if (!trial->skipped && trial->status != LUMINA_RUN_STATUS_CANCELLED &&
          g_strcmp0 (trial->learner, learner) == 0)
        {
          total += trial->seconds;
          n++;
        }
    }
  return n > 0 ? total / n : 0;
}

/* Successive halving pays when a learner's trials are dear: when fewer
 * than this many of them, run in full, would fit in its share of the time
 * left.  Cheaper trials all run in full: pruned on their first rounds,
 * configurations that learn slowly (low learning rates) lose to fast ones
 * that generalise less well, and the sampler learns to avoid them (on
 * wa_churn's seed-42 split the test ROC AUC went from 0.8472 to 0.8487,
 * mean of three searches of 60 s, without pruning). */
#define N_FULL_TRIALS_WITHOUT_PRUNING 50

gboolean
_lumina_automl_worth_pruning (LuminaAutoml *self,
                              const char   *learner)
{
  double total = 0, left;
  guint n = 0;

  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);

      if (trial->status == LUMINA_RUN_STATUS_FINISHED && g_strcmp0 (trial->learner, learner) == 0)
        {
          total += trial->seconds;
          n++;
        }
    }
  /* The first trials teach the pruner nothing yet: they run in full. */
  if (n == 0)
    return FALSE;
  left = (self->deadline - g_get_monotonic_time ()) / 1e6;
  return left * self->n_parallel / g_strv_length (self->learners) <
         N_FULL_TRIALS_WITHOUT_PRUNING * total / n;
}

/* A learner whose first three trials all failed is given up on. */
static gboolean
keeps_failing (LuminaAutoml *self,
               const char   *learner)
{
  guint failed = 0;

  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);

      if (g_strcmp0 (trial->learner, learner) != 0)
        continue;
      if (trial->status == LUMINA_RUN_STATUS_FINISHED || trial->status == LUMINA_RUN_STATUS_PRUNED)
        return FALSE;
      failed += trial->status == LUMINA_RUN_STATUS_FAILED || trial->skipped;
    }
  return failed >= 3;
}

static gboolean
fits_in_time (LuminaAutoml *self,
              const char   *learner)
{
  double left = (self->deadline - g_get_monotonic_time ()) / 1e6;

  return left > 0.6 * typical_seconds (self, learner) && !keeps_failing (self, learner);
}

/* The next portfolio entry (each learner's first, then second, ...). */
static gboolean
next_portfolio (LuminaAutoml  *self,
                const char   **learner,
                JsonObject   **params)
{
  guint n_learners = g_strv_length (self->learners);

  while (self->portfolio_round < 4)
    {
      while (self->portfolio_learner < n_learners)
        {
          const char *name = self->learners[self->portfolio_learner++];
          const char * const *portfolio = lumina_search_space_portfolio (name);
          guint n = portfolio ? g_strv_length ((char **) portfolio) : 0;

          if (self->portfolio_round < n)
            {
              const LuminaSearchSpace *space = lumina_search_space_for (name);
              g_autoptr(JsonNode) fixed = json_from_string (space->fixed, NULL);
              g_autoptr(JsonNode) node = json_from_string (portfolio[self->portfolio_round], NULL);
              JsonObject *merged = json_object_ref (json_node_get_object (fixed));
              GList *members = json_object_get_members (json_node_get_object (node));

              for (GList *l = members; l != NULL; l = l->next)
                json_object_set_member (merged, l->data,
                                        json_node_copy (json_object_get_member (json_node_get_object (node),
                                                                                l->data)));
              g_list_free (members);
              *learner = name;
              *params = merged;
              return TRUE;
            }
        }
      self->portfolio_round++;
      self->portfolio_learner = 0;
    }
  return FALSE;
}

static LuminaLearnerProgress
learner_progress (LuminaAutoml *self,
                  const char   *learner)
{
  LuminaLearnerProgress progress;

  lumina_learner_progress_init (&progress);
  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);
      gboolean scored = trial->status == LUMINA_RUN_STATUS_FINISHED && isfinite (trial->score);

      if (!trial->skipped && trial->status != LUMINA_RUN_STATUS_CANCELLED &&
          g_strcmp0 (trial->learner, learner) == 0)
        lumina_learner_progress_add (&progress, trial->seconds,
                                     scored ? lumina_metric_to_loss (self->data->metric, trial->score)
                                            : NAN);
    }
  return progress;
}

/* Each learner with a chance inversely proportional to its estimated cost
 * of improvement (lumina-learner-choice.c). */
static const char *
pick_learner (LuminaAutoml *self)
{
  guint n = g_strv_length (self->learners);
  g_autofree LuminaLearnerProgress *progress = g_new0 (LuminaLearnerProgress, n);
  g_autofree double *weights = g_new0 (double, n);
  double best_overall = INFINITY, total = 0, r;

  for (guint i = 0; i < n; i++)
    {
      progress[i] = learner_progress (self, self->learners[i]);
      best_overall = MIN (best_overall, progress[i].best);
    }
  for (guint i = 0; i < n; i++)
    {
      if (!fits_in_time (self, self->learners[i]))
        continue;
      weights[i] = 1.0 / lumina_learner_progress_cost (&progress[i], best_overall);
      total += weights[i];
    }
  if (total <= 0)
    return NULL;
  r = g_rand_double (self->rand) * total;
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return self->learners[i];
      r -= weights[i];
    }
  for (guint i = n; i > 0; i--)
    if (weights[i - 1] > 0)
      return self->learners[i - 1];
  return NULL;
}

static LuminaSampler *
sampler_for (LuminaAutoml *self,
             const char   *learner)
{
  LuminaSampler *sampler = g_hash_table_lookup (self->samplers, learner);

  if (sampler == NULL)
    {
      sampler = lumina_sampler_new_tpe (lumina_search_space_for (learner),
                                        self->config->seed + g_str_hash (learner), 10, 0.2, 24);
      g_hash_table_insert (self->samplers, g_strdup (learner), sampler);
    }
  return sampler;
}

/* Under the lock: a new trial, or NULL when the search should stop. */
static LuminaAutomlTrial *
next_trial (LuminaAutoml *self)
{
  LuminaAutomlTrial *trial;
  const char *learner = NULL;
  JsonObject *params = NULL;
  const LuminaSearchSpace *space;

  if (g_cancellable_is_cancelled (self->stop) || g_get_monotonic_time () >= self->deadline)
    return NULL;

  if (!next_portfolio (self, &learner, &params) || !fits_in_time (self, learner))
    {
      g_clear_pointer (&params, json_object_unref);
      learner = pick_learner (self);
    }
  if (learner == NULL)
    return NULL;

  space = lumina_search_space_for (learner);
  trial = g_new0 (LuminaAutomlTrial, 1);
  trial->learner = g_strdup (learner);
  trial->point = g_new (double, MAX (space->n_params, 1));
  trial->score = NAN;
  if (params != NULL)
    lumina_search_space_from_params (space, params, trial->point);
  else
    {
      lumina_sampler_suggest (sampler_for (self, learner), trial->point);
      params = lumina_search_space_to_params (space, trial->point);
    }
  json_object_set_int_member (params, "seed", (gint64) self->config->seed);
  _lumina_automl_cap_depth (self->data, learner, params);
  trial->params = params;
  trial->number = ++self->n_started;
  return trial;
}

/* ---- running one trial -------------------------------------------------- */

static void
drop_old_oof (LuminaAutoml *self)
{
  g_autoptr(GPtrArray) sorted = _lumina_automl_sorted_trials (self);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sorted->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (sorted, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (kept, trial->learner));

      if (trial->oof == NULL || self->oof_pinned)
        continue;
      if (i < N_KEEP_OOF || n < N_KEEP_OOF_PER_LEARNER)
        g_hash_table_insert (kept, trial->learner, GUINT_TO_POINTER (n + 1));
      else
        {
          g_clear_pointer (&trial->oof, g_free);
          g_clear_object (&trial->model);
        }
    }
}

static void
record_trial (LuminaAutoml      *self,
              LuminaAutomlTrial *trial)
{
  gboolean better;
  double best = NAN;

  g_mutex_lock (&self->lock);
  trial->finished_at = seconds_since_start (self);
  g_ptr_array_add (self->trials, trial);
  update_deadline (self);
  if (trial->status == LUMINA_RUN_STATUS_FINISHED && isfinite (trial->score))
    {
      double loss = lumina_metric_to_loss (self->data->metric, trial->score);

      lumina_sampler_observe (sampler_for (self, trial->learner), trial->point, loss);
      if (self->history->len > 0)
        best = g_array_index (self->history, double, self->history->len - 1);
      better = isnan (best) || loss < lumina_metric_to_loss (self->data->metric, best);
      if (better)
        {
          g_array_append_val (self->history, trial->finished_at);
          g_array_append_val (self->history, trial->score);
          /* The parent run's best-score curve, stepped in milliseconds. */
          lumina_tracker_log_metric (self->tracker, self->run_id, "best_score",
                                     (guint) round (trial->finished_at * 1000.0), trial->score);
        }
      drop_old_oof (self);
    }
  else if (trial->status == LUMINA_RUN_STATUS_PRUNED && trial->point != NULL)
    {
      /* Worse than any finished trial: the sampler learns where not to
       * look, rather than only from the few trials that survive. */
      lumina_sampler_observe (sampler_for (self, trial->learner), trial->point, G_MAXDOUBLE);
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  _lumina_automl_emit_trial (self, trial);
}

static void
execute_trial (LuminaAutoml      *self,
               LuminaAutomlTrial *trial)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tags = NULL;
  LuminaTrialSpec spec = { 0 };
  LuminaTrialResult result = { 0 };
  LuminaRunUsage usage = { 0 };
  g_autofree char *name = g_strdup_printf ("%s-%u", trial->learner, trial->number);
  GList *members;

  trial->run_id = lumina_tracker_start_run (self->tracker, self->experiment, self->run_id, name,
                                            trial->learner, trial->params,
                                            self->data->dataset_ref, self->config->seed, &error);
  if (trial->run_id == NULL)
    {
      trial->status = LUMINA_RUN_STATUS_FAILED;
      trial->error = g_strdup (error->message);
      return;
    }
  tags = _lumina_automl_trial_tags (self);
  members = json_object_get_members (tags);
  for (GList *l = members; l != NULL; l = l->next)
    lumina_tracker_set_tag (self->tracker, trial->run_id, l->data,
                            json_object_get_string_member (tags, l->data), NULL);
  g_list_free (members);

  spec.learner = trial->learner;
  spec.params = trial->params;
  spec.n_threads = self->n_threads;
  spec.tracker = self->tracker;
  spec.run_id = trial->run_id;
  spec.cancellable = self->stop;
  g_mutex_lock (&self->lock);
  spec.deadline = self->deadline;
  if (_lumina_automl_worth_pruning (self, trial->learner))
    spec.halving = g_hash_table_lookup (self->halvings, trial->learner);
  g_mutex_unlock (&self->lock);
  _lumina_automl_run_trial (self->data, &spec, &result);

  /* The deadline may have come earlier than the trial was told (the
   * refit's reserve grew): say so rather than "cancelled". */
  if (result.status == LUMINA_RUN_STATUS_CANCELLED && g_atomic_int_get (&self->out_of_time))
    {
      g_free (result.error);
      result.error = g_strdup ("Stopped at the end of the time budget");
    }

  trial->status = result.status;
  trial->score = result.score;
  trial->score_std = result.score_std;
  trial->seconds = result.seconds;
  trial->predict_per_row = result.predicted_rows > 0 ? result.predict_seconds / result.predicted_rows : 0;
  trial->iterations = result.iterations;
  trial->curve = g_steal_pointer (&result.curve);
  trial->error = g_steal_pointer (&result.error);
  trial->oof = g_steal_pointer (&result.oof);
  trial->model = g_steal_pointer (&result.model);
  trial->metrics = result.metrics ? json_object_ref (result.metrics) : NULL;

  usage.duration = result.seconds;
  usage.cpu_seconds = result.cpu_seconds;
  usage.peak_bytes = _lumina_automl_peak_rss ();
  if (!lumina_tracker_finish_run (self->tracker, trial->run_id, result.status, result.metrics,
                                  &usage, trial->error, &error))
    g_warning ("Could not record the end of trial %s: %s", trial->run_id, error->message);
  _lumina_trial_result_clear (&result);
}

static gpointer
worker_thread (gpointer user_data)
{
  LuminaAutoml *self = user_data;

  for (;;)
    {
      LuminaAutomlTrial *trial;
      guint64 estimate;

      g_mutex_lock (&self->lock);
      trial = next_trial (self);
      g_mutex_unlock (&self->lock);
      if (trial == NULL)
        break;

      estimate = _lumina_automl_estimate_trial_bytes (self->data, trial->learner, trial->params);
      if (estimate > self->memory_limit)
        {
          trial->skipped = TRUE;
          trial->error = g_strdup_printf ("Skipped: needs about %" G_GUINT64_FORMAT
                                          " MiB, %" G_GUINT64_FORMAT " MiB allowed",
                                          estimate >> 20, self->memory_limit >> 20);
        }
      else
        execute_trial (self, trial);
      record_trial (self, trial);
    }

  g_mutex_lock (&self->lock);
  self->n_workers--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* ---- the whole search --------------------------------------------------- */

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Under the lock: the progress message when one is due. */
static char *
progress_message (LuminaAutoml *self,
                  double       *fraction)
{
  double elapsed = seconds_since_start (self);

  if (elapsed - self->last_progress < 0.25)
    return NULL;
  self->last_progress = elapsed;
  *fraction = elapsed / self->config->budget_seconds;
  return g_strdup_printf ("%u trials", self->trials->len);
}

/* The ensemble selection the search will end with, run ahead on the
 * trials so far, so that the deadline leaves time for refitting the blend
 * it chooses.  Called with the lock held; drops it meanwhile. */
static void
rehearse_ensemble (LuminaAutoml *self)
{
  g_autoptr(GPtrArray) sorted = _lumina_automl_sorted_trials (self);
  g_autoptr(GPtrArray) candidates = _lumina_automl_ensemble_candidates (sorted);
  double cost;

  if (candidates->len < 2)
    return;

  /* Trials go on ending meanwhile; their predictions stay until it is over. */
  self->oof_pinned = TRUE;
  g_mutex_unlock (&self->lock);
  cost = _lumina_automl_blend_estimate (self, candidates);
  g_mutex_lock (&self->lock);
  self->oof_pinned = FALSE;

  g_debug ("Rehearsed ensemble at %.1f s: its refit and report would take about %.1f s",
           seconds_since_start (self), cost);
  self->blend_reserve = 1.5 * cost;
  update_deadline (self);
}

/* Waits for the workers; cancels them at the deadline.  Dispatches the
 * owner's context meanwhile when this thread may (the synchronous CLI). */
static void
wait_for_workers (LuminaAutoml *self)
{
  /* When to rehearse the ensemble selection, as parts of the budget. */
  static const double rehearsals[] = { 0.75, 0.88 };
  gboolean owner = self->creator == g_thread_self () && g_main_context_acquire (self->context);
  double budget = self->config->budget_seconds;

  g_mutex_lock (&self->lock);
  while (self->n_workers > 0)
    {
      gint64 wake = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;
      g_autofree char *message = NULL;
      double fraction = 0;

      g_cond_wait_until (&self->cond, &self->lock, MIN (wake, MAX (self->deadline, 0)) + 1);
      if (g_get_monotonic_time () >= self->deadline && !g_cancellable_is_cancelled (self->stop))
        {
          g_atomic_int_set (&self->out_of_time, TRUE);
          g_cancellable_cancel (self->stop);
        }
      else if (self->n_rehearsals < G_N_ELEMENTS (rehearsals) &&
               seconds_since_start (self) >= rehearsals[self->n_rehearsals] * budget &&
               !g_cancellable_is_cancelled (self->stop))
        {
          self->n_rehearsals++;
          rehearse_ensemble (self);
        }
      message = progress_message (self, &fraction);
      /* Signal handlers may call back into this object: no lock held. */
      g_mutex_unlock (&self->lock);
      if (message != NULL)
        _lumina_automl_emit_progress (self, fraction, message);
      while (owner && g_main_context_iteration (self->context, FALSE))
        ;
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);

  if (owner)
    {
      while (g_main_context_iteration (self->context, FALSE))
        ;
      g_main_context_release (self->context);
    }
}

static gboolean
run_workers (LuminaAutoml  *self,
             GError       **error)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 0; self->learners[i] != NULL; i++)
    if (!_lumina_automl_data_build_folds (self->data, _lumina_automl_style_for (self->learners[i]),
                                          self->stop, error))
      return FALSE;

  /* Each learner's trials compete at its own rungs: a boosting round, an
   * epoch and a solver step are not the same resource, and their early
   * losses do not compare.  Linear models and forests are not pruned:
   * their solver iterations and first trees are no cheaper model, only an
   * unfinished one. */
  self->halvings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) lumina_halving_free);
  for (guint i = 0; self->learners[i] != NULL; i++)
    if (g_strcmp0 (self->learners[i], "linear") != 0 && g_strcmp0 (self->learners[i], "forest") != 0 &&
        !g_hash_table_contains (self->halvings, self->learners[i]))
      g_hash_table_insert (self->halvings, g_strdup (self->learners[i]),
                           lumina_halving_new (10, 3, 4));
  self->n_workers = self->n_parallel;
  for (guint i = 0; i < self->n_parallel; i++)
    g_ptr_array_add (threads, g_thread_new ("automl-trial", worker_thread, self));
  wait_for_workers (self);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  return TRUE;
}

static gboolean
fail_parent (LuminaAutoml    *self,
             LuminaRunStatus  status,
             GError          *error)
{
  LuminaRunUsage usage = { seconds_since_start (self), 0, _lumina_automl_peak_rss () };
  g_autoptr(GError) local_error = NULL;

  if (!lumina_tracker_finish_run (self->tracker, self->run_id, status, NULL, &usage,
                                  error ? error->message : NULL, &local_error))
    g_warning ("Could not record the end of AutoML run %s: %s", self->run_id, local_error->message);
  return FALSE;
}

gboolean
_lumina_automl_search (LuminaAutoml  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(JsonNode) config = lumina_automl_config_to_json (self->config);
  g_autoptr(JsonObject) best_metrics = NULL;
  g_autoptr(GError) local_error = NULL;
  LuminaRunUsage usage = { 0 };
  gulong handler = 0;
  char *run_id;
  gboolean ok;
  double budget = self->config->budget_seconds;

  self->start = g_get_monotonic_time ();
  /* Some of the budget stays for the refit and report, more once the
   * best trials say their refit needs it (update_deadline()). */
  self->deadline = self->start + (gint64) ((budget - reserve_floor (budget)) * G_USEC_PER_SEC);
  run_id = lumina_tracker_start_run (self->tracker, self->experiment, NULL, "automl",
                                     "automl", json_node_get_object (config),
                                     self->config->dataset, self->config->seed, error);
  if (run_id == NULL)
    return FALSE;
  /* Read from the main thread by lumina_automl_get_run_id(). */
  g_atomic_pointer_set (&self->run_id, run_id);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                     g_object_ref (self->stop), g_object_unref);

  ok = _lumina_automl_prepare (self, &local_error) && run_workers (self, &local_error);
  if (ok && g_cancellable_is_cancelled (cancellable))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, &local_error);
  if (ok)
    ok = _lumina_automl_finish (self, &best_metrics, &local_error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (!ok)
    {
      gboolean cancelled = g_cancellable_is_cancelled (cancellable);

      if (cancelled && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&local_error);
          g_cancellable_set_error_if_cancelled (cancellable, &local_error);
        }
      fail_parent (self, cancelled ? LUMINA_RUN_STATUS_CANCELLED : LUMINA_RUN_STATUS_FAILED,
                   local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  lumina_tracker_set_tag (self->tracker, self->run_id, "best_run", self->best_run_id, NULL);
  usage.duration = seconds_since_start (self);
  usage.peak_bytes = _lumina_automl_peak_rss ();
  return lumina_tracker_finish_run (self->tracker, self->run_id, LUMINA_RUN_STATUS_FINISHED,
                                    best_metrics, &usage, NULL, error);
}
