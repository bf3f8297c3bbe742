/* test-automl.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AutoML jobs end to end on the fixture datasets, with small budgets: the
 * leaderboard, child runs, bundles, the time budget, cancellation, bad
 * input and reruns.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "lumina-automl-private.h"
#include "lumina-engine.h"
#include "lumina-search.h"

static char            *ws_path;
static LuminaWorkspace *ws;

static void
import_file (const char *name,
             const char *file_name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;

  version = lumina_dataset_store_import (store, name, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (version);
}

static gboolean
import_text (const char  *name,
             const char  *text,
             GError     **error)
{
  g_autofree char *path = g_build_filename (ws_path, "input.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (ws);
  g_autoptr(LuminaDatasetVersion) version = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  version = lumina_dataset_store_import (store, name, file, NULL, NULL, NULL, error);
  return version != NULL;
}

static LuminaAutomlConfig *
config_for (const char *dataset,
            const char *target,
            double      budget)
{
  LuminaAutomlConfig *config = lumina_automl_config_new ();

  config->dataset = g_strdup (dataset);
  config->target = g_strdup (target);
  config->budget_seconds = budget;
  config->seed = 7;
  return config;
}

static LuminaRun *
get_run (const char *run_id)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (ws);
  g_autoptr(GError) error = NULL;
  LuminaRun *run = lumina_tracker_get_run (tracker, run_id, &error);

  g_assert_no_error (error);
  return run;
}

/* Every child of @parent_id has ended; returns how many there are. */
static guint
check_children_ended (const char *parent_id)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = lumina_tracker_list_runs (tracker, NULL, parent_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpint (lumina_run_get_status (g_ptr_array_index (runs, i)), !=,
                     LUMINA_RUN_STATUS_RUNNING);
  return runs->len;
}

static void
check_bundle_predicts (const char *bundle,
                       const char *dataset,
                       gboolean    classifier)
{
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (ws);
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(LuminaFrame) out = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(GError) error = NULL;

  model = lumina_model_load (bundle, &error);
  g_assert_no_error (error);
  version = lumina_dataset_store_resolve (store, dataset, &error);
  g_assert_no_error (error);
  frame = lumina_dataset_store_load (store, version, &error);
  g_assert_no_error (error);
  out = lumina_model_predict_frame (model, frame, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_rows (out), ==, lumina_frame_get_n_rows (frame));
  g_assert_cmpint (lumina_frame_find_column (out, "prediction"), >=, 0);
  if (classifier)
    g_assert_cmpint (lumina_frame_get_n_columns (out), >, 1);
}

static guint n_trial_signals;
static guint n_progress_signals;

static void
on_trial_finished (LuminaAutoml *automl,
                   JsonObject   *trial,
                   gpointer      user_data)
{
  g_assert_true (json_object_has_member (trial, "status"));
  n_trial_signals++;
}

static void
on_progress (LuminaAutoml *automl,
             double        fraction,
             const char   *message,
             gpointer      user_data)
{
  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  n_progress_signals++;
}

static char *iris_best_run;

/* Each learner's sampler has learnt from its finished trials and from its
 * pruned ones (as the worst), not from the finished ones alone. */
static void
check_sampler_observations (LuminaAutoml *automl,
                            JsonNode     *leaderboard)
{
  JsonArray *trials = json_node_get_array (leaderboard);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer learner, sampler;
  guint n_pruned = 0;

  for (guint i = 0; i < json_array_get_length (trials); i++)
    {
      JsonObject *trial = json_array_get_object_element (trials, i);
      const char *name = json_object_get_string_member (trial, "learner");
      const char *status = json_object_get_string_member (trial, "status");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (expected, name));

      if (g_str_equal (status, "finished") || g_str_equal (status, "pruned"))
        g_hash_table_insert (expected, (gpointer) name, GUINT_TO_POINTER (n + 1));
      n_pruned += g_str_equal (status, "pruned");
    }
  g_test_message ("iris: %u pruned trials", n_pruned);

  g_hash_table_iter_init (&iter, automl->samplers);
  while (g_hash_table_iter_next (&iter, &learner, &sampler))
    g_assert_cmpuint (lumina_sampler_get_n_observed (sampler), ==,
                      GPOINTER_TO_UINT (g_hash_table_lookup (expected, learner)));
}

static void
test_iris_run (void)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("iris", "species", 4);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) leaderboard = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(LuminaRun) parent = NULL;
  JsonObject *top, *rep;
  gint64 start;
  double wall, search, refit;

  config->n_parallel = MAX (g_get_num_processors (), 1);  /* one thread per trial */
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  g_signal_connect (automl, "trial-finished", G_CALLBACK (on_trial_finished), NULL);
  g_signal_connect (automl, "progress", G_CALLBACK (on_progress), NULL);

  start = g_get_monotonic_time ();
  g_assert_true (lumina_automl_run (automl, NULL, &error));
  g_assert_no_error (error);
  wall = (g_get_monotonic_time () - start) / 1e6;

  leaderboard = lumina_automl_dup_leaderboard (automl);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (leaderboard)), >=, 4);
  top = json_array_get_object_element (json_node_get_array (leaderboard), 0);
  g_assert_cmpstr (json_object_get_string_member (top, "status"), ==, "finished");
  g_assert_cmpfloat (json_object_get_double_member (top, "score"), >, 0.9);  /* accuracy */
  /* The validation rows' prediction time, which the refit's reserve uses
   * to leave the report time enough. */
  g_assert_cmpfloat (json_object_get_double_member (top, "predict_us_per_row"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (top, "predict_us_per_row") * 150 / 1e6, <,
                     json_object_get_double_member (top, "fit_seconds"));
  g_assert_cmpuint (n_trial_signals, ==, json_array_get_length (json_node_get_array (leaderboard)));
  /* Linear models are not pruned: their solver steps are no fidelity. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (leaderboard)); i++)
    {
      JsonObject *trial = json_array_get_object_element (json_node_get_array (leaderboard), i);

      if (g_str_equal (json_object_get_string_member (trial, "learner"), "linear"))
        g_assert_cmpstr (json_object_get_string_member (trial, "status"), !=, "pruned");
    }
  g_assert_cmpuint (n_progress_signals, >, 0);
  check_sampler_observations (automl, leaderboard);

  history = lumina_automl_dup_score_history (automl);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), >=, 1);

  report = lumina_automl_dup_report (automl);
  rep = json_node_get_object (report);
  g_assert_cmpstr (json_object_get_string_member (rep, "metric"), ==, "accuracy");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rep, "confusion")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rep, "importance")), ==, 4);
  search = json_object_get_double_member (rep, "search_seconds");
  refit = json_object_get_double_member (rep, "refit_seconds");
  g_test_message ("iris: %.2f s wall, %.2f s search, %.2f s refit and report, %u trials",
                  wall, search, refit,
                  json_array_get_length (json_node_get_array (leaderboard)));
  /* The budget covers the search within 5% (plus scheduling slack). */
  g_assert_cmpfloat (search, <, 4 * 1.05 + 0.1);
  g_assert_cmpfloat (wall, <, search + refit + 0.5);

  g_assert_nonnull (lumina_automl_get_best_run_id (automl));
  parent = get_run (lumina_automl_get_run_id (automl));
  g_assert_cmpint (lumina_run_get_status (parent), ==, LUMINA_RUN_STATUS_FINISHED);
  g_assert_cmpstr (json_object_get_string_member (lumina_run_get_tags (parent), "best_run"), ==,
                   lumina_automl_get_best_run_id (automl));
  g_assert_true (json_object_has_member (lumina_run_get_metrics (parent), "accuracy"));
  g_assert_cmpuint (check_children_ended (lumina_automl_get_run_id (automl)), >=, 4);

  check_bundle_predicts (lumina_automl_get_bundle_path (automl), "iris", TRUE);
  iris_best_run = g_strdup (json_object_get_string_member (top, "run_id"));
}

/* 54,000 rows, 6 s: MLP trials (five folds of up to 200 epochs) and a
 * forest of 100 deep trees take longer than that, so they are cut
 * part-way (between mini-batches, between trees) and the job ends within
 * its budget with the linear model, also in a sanitizer build. */
static void
test_budget_cuts_slow_learners (void)
{
  const double budget = 6;
  g_autoptr(LuminaAutomlConfig) config = config_for ("diamonds", "price", budget);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) leaderboard = NULL;
  g_autoptr(JsonNode) report = NULL;
  gboolean mlp_cut = FALSE;
  JsonArray *trials;
  gint64 start;
  double wall;

  config->learners = g_strsplit ("linear,forest,mlp", ",", -1);
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (lumina_automl_run (automl, NULL, &error));
  g_assert_no_error (error);
  wall = (g_get_monotonic_time () - start) / 1e6;

  leaderboard = lumina_automl_dup_leaderboard (automl);
  trials = json_node_get_array (leaderboard);
  for (guint i = 0; i < json_array_get_length (trials); i++)
    {
      JsonObject *trial = json_array_get_object_element (trials, i);
      const char *learner = json_object_get_string_member (trial, "learner");
      gboolean cut = g_str_equal (json_object_get_string_member (trial, "status"), "cancelled");

      g_test_message ("%s %s after %.2f s, ended at %.2f s", learner,
                      json_object_get_string_member (trial, "status"),
                      json_object_get_double_member (trial, "fit_seconds"),
                      json_object_get_double_member (trial, "finished_at"));
      if (cut)
        g_assert_cmpstr (json_object_get_string_member (trial, "error"), ==,
                         "Stopped at the end of the time budget");
      mlp_cut |= cut && g_str_equal (learner, "mlp");
      /* Nothing runs on past the search's deadline (before the budget's
       * end), give or take a tree or a mini-batch;
       * a forest is cut too unless the machine grows it in time. */
      g_assert_cmpfloat (json_object_get_double_member (trial, "finished_at"), <, budget + 0.2);
    }
  g_assert_true (mlp_cut);
  report = lumina_automl_dup_report (automl);
  g_test_message ("diamonds in %g s: %.2f s wall, %.2f s search, %.2f s refit and report", budget, wall,
                  json_object_get_double_member (json_node_get_object (report), "search_seconds"),
                  json_object_get_double_member (json_node_get_object (report), "refit_seconds"));
  g_assert_cmpfloat (wall, <, budget * 1.05 + 1.0);
  /* The search itself leaves at most a quarter of the budget for after it. */
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (report), "search_seconds"),
                     >=, budget * 0.75 - 0.01);
}

/* When refitting on every row would run past the budget, a holdout search
 * keeps its own fits: the bundle then predicts the holdout rows exactly as
 * the search scored them, and the report says why.  The refit estimates
 * are scaled up (LUMINA_AUTOML_REFIT_FACTOR) so that no refit fits. */
static void
test_keeps_holdout_fit (void)
{
  const double budget = 4;
  g_autoptr(LuminaAutomlConfig) config = config_for ("breast_cancer", "diagnosis", budget);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(LuminaAutomlData) data = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(LuminaFrame) holdout = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *rows = NULL;
  g_autofree double *y = NULL;
  g_autofree double *pred = NULL;
  JsonObject *rep;
  JsonArray *notes;
  gboolean noted = FALSE;
  gsize n = 0;
  gint64 start;
  double wall, score;

  config->cv_folds = 1;
  config->learners = g_strsplit ("xgboost,linear,mlp", ",", -1);
  g_setenv ("LUMINA_AUTOML_REFIT_FACTOR", "1e6", TRUE);
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (lumina_automl_run (automl, NULL, &error));
  wall = (g_get_monotonic_time () - start) / 1e6;
  g_unsetenv ("LUMINA_AUTOML_REFIT_FACTOR");
  g_assert_no_error (error);
  g_assert_cmpfloat (wall, <, budget * 1.05 + 0.5);

  report = lumina_automl_dup_report (automl);
  rep = json_node_get_object (report);
  notes = json_object_get_array_member (rep, "notes");
  for (guint i = 0; i < json_array_get_length (notes); i++)
    noted |= strstr (json_array_get_string_element (notes, i), "the search’s own fit") != NULL;
  g_assert_true (noted);

  /* The same seed splits the rows the same way: predict the holdout. */
  data = _lumina_automl_data_new (ws, config, &error);
  g_assert_no_error (error);
  g_assert_true (data->holdout);
  rows = g_new (guint32, data->n_rows);
  y = g_new (double, data->n_rows);
  for (gsize row = 0; row < data->n_rows; row++)
    if (data->fold_of[row] == 0)
      {
        y[n] = data->y[row];
        rows[n++] = row;
      }
  holdout = lumina_frame_take_rows (data->search_frame, rows, n);
  model = lumina_model_load (lumina_automl_get_bundle_path (automl), &error);
  g_assert_no_error (error);
  pred = lumina_model_predict (model, holdout, &error);
  g_assert_no_error (error);
  score = lumina_metric_compute (data->metric, data->task, data->n_classes, y, pred, NULL, n);
  g_test_message ("%u member(s), holdout %s %.6f, search %.6f", lumina_model_get_n_members (model),
                  lumina_metric_to_string (data->metric), score,
                  json_object_get_double_member (rep, "validation_score"));
  g_assert_cmpfloat_with_epsilon (score, json_object_get_double_member (rep, "validation_score"), 1e-9);
}

/* Deep trees on a wide table: XGBoost's histograms for every node of a
 * tree would take gigabytes, so the depth comes down to what fits in
 * LUMINA_AUTOML_HIST_BYTES; a small table keeps any depth. */
static void
test_depth_cap (void)
{
  g_autoptr(LuminaAutomlConfig) wide = config_for ("diamonds", "price", 10);
  g_autoptr(LuminaAutomlConfig) small = config_for ("iris", "species", 10);
  g_autoptr(LuminaAutomlData) big = NULL;
  g_autoptr(LuminaAutomlData) tiny = NULL;
  g_autoptr(JsonObject) forest = json_object_new ();
  g_autoptr(JsonObject) boost = json_object_new ();
  g_autoptr(JsonObject) linear = json_object_new ();
  g_autoptr(JsonObject) iris_forest = json_object_new ();
  g_autoptr(GError) error = NULL;
  guint64 capped_bytes;

  big = _lumina_automl_data_new (ws, wide, &error);
  g_assert_no_error (error);
  g_assert_true (_lumina_automl_data_build_folds (big, LUMINA_PREPROCESS_TREES, NULL, &error));
  tiny = _lumina_automl_data_new (ws, small, &error);
  g_assert_no_error (error);
  g_assert_true (_lumina_automl_data_build_folds (tiny, LUMINA_PREPROCESS_TREES, NULL, &error));

  json_object_set_int_member (forest, "max_depth", 20);
  g_assert_true (_lumina_automl_cap_depth (big, "forest", forest));
  g_assert_cmpint (json_object_get_int_member (forest, "max_depth"), <, 20);
  g_assert_cmpint (json_object_get_int_member (forest, "max_depth"), >=, 8);
  g_test_message ("diamonds (%u tree features): forest depth 20 -> %" G_GINT64_FORMAT, big->trees->n_features,
                  json_object_get_int_member (forest, "max_depth"));
  capped_bytes = _lumina_automl_estimate_trial_bytes (big, "forest", forest);
  g_assert_cmpuint (capped_bytes, <, 2 * LUMINA_AUTOML_HIST_BYTES);
  /* One level deeper would not have fitted. */
  json_object_set_int_member (forest, "max_depth", json_object_get_int_member (forest, "max_depth") + 1);
  g_assert_true (_lumina_automl_cap_depth (big, "forest", forest));

  json_object_set_int_member (boost, "max_depth", 6);
  g_assert_false (_lumina_automl_cap_depth (big, "xgboost", boost));
  g_assert_cmpint (json_object_get_int_member (boost, "max_depth"), ==, 6);
  json_object_set_string_member (linear, "penalty", "l2");
  g_assert_false (_lumina_automl_cap_depth (big, "linear", linear));
  g_assert_false (json_object_has_member (linear, "max_depth"));

  json_object_set_int_member (iris_forest, "max_depth", 20);
  g_assert_false (_lumina_automl_cap_depth (tiny, "forest", iris_forest));
  g_assert_cmpint (json_object_get_int_member (iris_forest, "max_depth"), ==, 20);
}

static void
test_regression_with_test_split (void)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("concrete", "compressive_strength", 3);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) plan = NULL;
  JsonObject *rep;

  config->test_fraction = 0.2;
  config->learners = g_strsplit ("xgboost,linear", ",", -1);
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  plan = lumina_automl_plan (automl, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (plan), "task"), ==,
                   "regression");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (plan), "validation"), ==,
                   "5-fold");
  g_assert_true (lumina_automl_run (automl, NULL, &error));
  g_assert_no_error (error);

  report = lumina_automl_dup_report (automl);
  rep = json_node_get_object (report);
  g_assert_cmpstr (json_object_get_string_member (rep, "metric"), ==, "rmse");
  g_assert_cmpint (json_object_get_int_member (rep, "test_rows"), >, 150);
  g_assert_cmpint (json_object_get_int_member (rep, "test_rows"), <, 260);
  g_assert_cmpfloat (json_object_get_double_member (rep, "test_score"), <, 10);
  g_assert_true (json_object_has_member (rep, "residuals"));
  g_test_message ("concrete: validation RMSE %.3f, test RMSE %.3f",
                  json_object_get_double_member (rep, "validation_score"),
                  json_object_get_double_member (rep, "test_score"));
  check_bundle_predicts (lumina_automl_get_bundle_path (automl), "concrete", FALSE);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
stash_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_cancel (void)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("breast_cancer", "diagnosis", 30);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaRun) parent = NULL;
  gint64 start = g_get_monotonic_time ();

  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  lumina_automl_run_async (automl, cancellable, stash_result, &result);
  g_timeout_add (1500, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (lumina_automl_run_finish (automl, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, 5);

  parent = get_run (lumina_automl_get_run_id (automl));
  g_assert_cmpint (lumina_run_get_status (parent), ==, LUMINA_RUN_STATUS_CANCELLED);
  check_children_ended (lumina_automl_get_run_id (automl));
  g_assert_null (lumina_automl_get_bundle_path (automl));
}

static void
expect_error (LuminaAutomlConfig *config,
              GQuark              domain,
              int                 code)
{
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;

  automl = lumina_automl_new (ws, config, &error);
  if (automl != NULL)
    g_assert_false (lumina_automl_run (automl, NULL, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
}

static void
test_bad_input (void)
{
  g_autoptr(LuminaAutomlConfig) unknown_target = config_for ("iris", "colour", 2);
  g_autoptr(LuminaAutomlConfig) unknown_dataset = config_for ("nothing", "y", 2);
  g_autoptr(LuminaAutomlConfig) unknown_learner = config_for ("iris", "species", 2);
  g_autoptr(LuminaAutomlConfig) string_regression = config_for ("iris", "species", 2);
  g_autoptr(LuminaAutomlConfig) one_class = config_for ("one_class", "y", 2);
  g_autoptr(LuminaAutomlConfig) no_budget = config_for ("iris", "species", 0);
  g_autoptr(LuminaAutomlConfig) wrong_metric = config_for ("iris", "species", 2);
  g_autoptr(GString) text = g_string_new ("a,b,y\n");
  g_autoptr(GError) error = NULL;

  expect_error (unknown_target, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  expect_error (unknown_dataset, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  unknown_learner->learners = g_strsplit ("xgboost,svm", ",", -1);
  expect_error (unknown_learner, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  string_regression->task = LUMINA_TASK_REGRESSION;
  string_regression->task_set = TRUE;
  expect_error (string_regression, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  expect_error (no_budget, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  wrong_metric->metric = LUMINA_METRIC_RMSE;
  wrong_metric->metric_set = TRUE;
  expect_error (wrong_metric, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);

  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "%u,%u,same\n", i, i % 7);
  g_assert_true (import_text ("one_class", text->str, &error));
  g_assert_no_error (error);
  one_class->task = LUMINA_TASK_BINARY;
  one_class->task_set = TRUE;
  expect_error (one_class, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);

  /* A header and no rows: refused at import, or by AutoML. */
  if (import_text ("empty", "a,b,y\n", &error))
    {
      g_autoptr(LuminaAutomlConfig) empty = config_for ("empty", "y", 2);

      expect_error (empty, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    }
  else
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  check_children_ended ("");
}

/* An all-missing column, a constant one and a text column with a distinct
 * value per row (100,000 rows): dropped or encoded, never a crash. */
static void
test_awkward_columns (void)
{
  g_autoptr(GString) text = g_string_new ("x,empty,constant,note,y\n");
  g_autoptr(LuminaAutomlConfig) config = config_for ("awkward", "y", 3);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plan = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  for (guint i = 0; i < 100000; i++)
    {
      double x = g_rand_double (rand);

      g_string_append_printf (text, "%.4f,,1,note-%u,%s\n", x, i,
                              x + g_rand_double (rand) * 0.2 > 0.6 ? "yes" : "no");
    }
  g_assert_true (import_text ("awkward", text->str, &error));
  g_assert_no_error (error);

  config->learners = g_strsplit ("xgboost,linear", ",", -1);
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  plan = lumina_automl_plan (automl, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (plan), "validation"), ==,
                   "holdout 20%");
  g_assert_true (lumina_automl_run (automl, NULL, &error));
  g_assert_no_error (error);
  report = lumina_automl_dup_report (automl);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (report), "validation_score"),
                     >, 0.5);
}

static void
test_rerun_reproduces (void)
{
  g_autoptr(LuminaRun) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  JsonObject *before;
  GList *keys;

  g_assert_nonnull (iris_best_run);
  original = get_run (iris_best_run);
  before = lumina_run_get_metrics (original);

  g_assert_true (lumina_automl_rerun (ws, iris_best_run, 1, &new_id, &metrics, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (new_id, !=, iris_best_run);
  keys = json_object_get_members (before);
  g_assert_nonnull (keys);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_test_message ("%s: %.17g → %.17g", (char *) l->data,
                      json_object_get_double_member (before, l->data),
                      json_object_get_double_member (metrics, l->data));
      g_assert_cmpfloat (json_object_get_double_member (before, l->data), ==,
                         json_object_get_double_member (metrics, l->data));
    }
  g_list_free (keys);

  /* The parent run is no trial. */
  {
    g_autoptr(LuminaRun) trial = get_run (iris_best_run);

    g_assert_false (lumina_automl_rerun (ws, lumina_run_get_parent_id (trial), 1, NULL, NULL,
                                         &error));
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  }
}

/* Successive halving only for dear trials: a learner's trials run in full
 * until one has finished, and then while many more of them would fit its
 * share of the time left. */
static void
test_pruning_when_dear (void)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("iris", "species", 60);
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  LuminaAutomlTrial *trial;

  config->learners = g_strsplit ("xgboost,mlp", ",", -1);
  config->n_parallel = 2;
  automl = lumina_automl_new (ws, config, &error);
  g_assert_no_error (error);
  g_assert_true (_lumina_automl_prepare (automl, &error));
  g_assert_no_error (error);
  /* 60 s left, two workers, two learners: 60 s of one worker each. */
  automl->deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_assert_false (_lumina_automl_worth_pruning (automl, "xgboost"));

  /* A finished trial of 0.5 s: 120 more would fit, no pruning. */
  trial = g_new0 (LuminaAutomlTrial, 1);
  trial->learner = g_strdup ("xgboost");
  trial->status = LUMINA_RUN_STATUS_FINISHED;
  trial->seconds = 0.5;
  g_ptr_array_add (automl->trials, trial);
  g_assert_false (_lumina_automl_worth_pruning (automl, "xgboost"));

  /* 2 s on average: 30 would fit, fewer than the 50 to run in full. */
  trial = g_new0 (LuminaAutomlTrial, 1);
  trial->learner = g_strdup ("xgboost");
  trial->status = LUMINA_RUN_STATUS_FINISHED;
  trial->seconds = 3.5;
  g_ptr_array_add (automl->trials, trial);
  g_assert_true (_lumina_automl_worth_pruning (automl, "xgboost"));
  /* Another learner's trials do not count. */
  g_assert_false (_lumina_automl_worth_pruning (automl, "mlp"));

  /* Near the deadline even cheap trials are dear. */
  trial = g_ptr_array_index (automl->trials, 1);
  trial->seconds = 0.5;
  g_assert_false (_lumina_automl_worth_pruning (automl, "xgboost"));
  automl->deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_assert_true (_lumina_automl_worth_pruning (automl, "xgboost"));
}

/* Runs one xgboost trial on iris (5-fold) with @halving as its pruner. */
static LuminaRunStatus
run_pruned_trial (LuminaHalving *halving)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("iris", "species", 10);
  g_autoptr(LuminaAutomlData) data = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GError) error = NULL;
  LuminaTrialSpec spec = { "xgboost", params, 1, halving, NULL, NULL, NULL, 0 };
  LuminaTrialResult result = { 0 };
  LuminaRunStatus status;

  config->cv_folds = 5;
  data = _lumina_automl_data_new (ws, config, &error);
  g_assert_no_error (error);
  g_assert_true (_lumina_automl_data_build_folds (data, _lumina_automl_style_for ("xgboost"), NULL, &error));
  g_assert_no_error (error);

  json_object_set_int_member (params, "n_estimators", 40);
  json_object_set_double_member (params, "learning_rate", 0.1);
  json_object_set_int_member (params, "seed", 7);
  _lumina_automl_run_trial (data, &spec, &result);
  g_assert_null (result.error);
  status = result.status;
  _lumina_trial_result_clear (&result);
  return status;
}

/* A trial is ranked at the rungs of its first fold only: the later folds'
 * rungs hold only trials that survived the first, and ranking against
 * them again would prune nearly every trial. */
static void
test_pruned_on_first_fold (void)
{
  g_autoptr(LuminaHalving) later = lumina_halving_new (10, 3, 4);
  g_autoptr(LuminaHalving) first = lumina_halving_new (10, 3, 4);

  /* Unbeatable losses at every rung of the second fold, then of the first. */
  for (guint i = 0; i < 10; i++)
    for (guint rung = 10; rung <= 270; rung *= 3)
      {
        lumina_halving_report_scaled (later, 1, rung, 1.0, 0.0);
        lumina_halving_report_scaled (first, 0, rung, 1.0, 0.0);
      }

  g_assert_cmpint (run_pruned_trial (later), ==, LUMINA_RUN_STATUS_FINISHED);
  g_assert_cmpint (run_pruned_trial (first), ==, LUMINA_RUN_STATUS_PRUNED);
}

/* Fits one trial of @learner on breast_cancer (5-fold); with @flip, the
 * labels of fold 0's validation rows are inverted first.  Returns the
 * out-of-fold predictions of fold 0's rows. */
static GArray *
fold0_predictions (const char *learner,
                   JsonObject *params,
                   gboolean    flip,
                   double     *iterations)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("breast_cancer", "diagnosis", 10);
  g_autoptr(LuminaAutomlData) data = NULL;
  g_autoptr(GError) error = NULL;
  GArray *pred = g_array_new (FALSE, FALSE, sizeof (double));
  LuminaTrialSpec spec = { learner, params, 1, NULL, NULL, NULL, NULL, 0 };
  LuminaTrialResult result = { 0 };

  config->cv_folds = 5;
  data = _lumina_automl_data_new (ws, config, &error);
  g_assert_no_error (error);
  for (gsize row = 0; flip && row < data->n_rows; row++)
    if (data->fold_of[row] == 0)
      data->y[row] = 1 - data->y[row];
  g_assert_true (_lumina_automl_data_build_folds (data, _lumina_automl_style_for (learner), NULL,
                                                  &error));
  g_assert_no_error (error);

  _lumina_automl_run_trial (data, &spec, &result);
  g_assert_null (result.error);
  g_assert_cmpint (result.status, ==, LUMINA_RUN_STATUS_FINISHED);
  for (gsize row = 0; row < data->n_rows; row++)
    if (data->fold_of[row] == 0)
      g_array_append_val (pred, result.oof[row * data->n_outputs + 1]);
  *iterations = result.iterations;
  _lumina_trial_result_clear (&result);
  return pred;
}

/* Early stopping picks its round or epoch on rows of the training folds,
 * never on the validation rows that score the trial: scrambling the
 * validation labels of a fold leaves its predictions exactly as they were. */
static void
test_stopping_rows_apart (void)
{
  static const struct { const char *learner, *params; double max_iterations; } cases[] = {
    { "xgboost", "{\"n_estimators\": 400, \"learning_rate\": 0.3, \"early_stopping_rounds\": 5, \"seed\": 3}", 400 },
    { "mlp", "{\"hidden_layer_sizes\": [16], \"max_epochs\": 300, \"learning_rate\": 0.01, \"early_stopping_rounds\": 4, \"seed\": 3}", 300 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].params, NULL);
      g_autoptr(GArray) clean = NULL;
      g_autoptr(GArray) flipped = NULL;
      double iterations = 0, flipped_iterations = 0;

      clean = fold0_predictions (cases[i].learner, json_node_get_object (node), FALSE, &iterations);
      flipped = fold0_predictions (cases[i].learner, json_node_get_object (node), TRUE,
                                   &flipped_iterations);
      g_test_message ("%s: %.1f and %.1f iterations", cases[i].learner, iterations,
                      flipped_iterations);
      /* It did stop early, on every fold. */
      g_assert_cmpfloat (iterations, <, cases[i].max_iterations);
      g_assert_cmpuint (clean->len, >, 100);
      g_assert_cmpuint (clean->len, ==, flipped->len);
      for (guint j = 0; j < clean->len; j++)
        g_assert_cmpfloat (g_array_index (clean, double, j), ==, g_array_index (flipped, double, j));
    }
}

/* The stopping rows: a stratified seventh of each fold's training rows,
 * shared with its matrix rather than copied; none in a fold too small to
 * spare them or large enough to stop on its validation rows. */
static void
test_stopping_rows_layout (void)
{
  g_autoptr(LuminaAutomlConfig) config = config_for ("breast_cancer", "diagnosis", 10);
  g_autoptr(LuminaAutomlData) data = NULL;
  g_autoptr(GError) error = NULL;
  LuminaFoldSet *set;

  config->cv_folds = 5;
  data = _lumina_automl_data_new (ws, config, &error);
  g_assert_no_error (error);
  g_assert_true (_lumina_automl_data_build_folds (data, LUMINA_PREPROCESS_DENSE, NULL, &error));
  set = data->dense;
  for (guint f = 0; f < set->n_folds; f++)
    {
      LuminaFold *fold = &set->folds[f];
      gsize n_train = fold->x_train->n_rows, n_stop, positives = 0, stop_positives = 0;

      g_assert_nonnull (fold->x_stop);
      n_stop = fold->x_stop->n_rows;
      g_assert_cmpuint (fold->x_fit->n_rows + n_stop, ==, n_train);
      g_assert_cmpuint (n_stop, >=, n_train / 7);
      g_assert_cmpuint (n_stop, <=, n_train / 7 + 1);
      g_assert_true (fold->x_stop->data == lumina_matrix_row (fold->x_train, n_train - n_stop));
      g_assert_true (fold->y_stop == fold->y_train + (n_train - n_stop));
      for (gsize i = 0; i < n_train; i++)
        positives += fold->y_train[i] == 1;
      for (gsize i = 0; i < n_stop; i++)
        stop_positives += fold->y_stop[i] == 1;
      g_assert_cmpfloat (fabs (stop_positives - (double) positives * n_stop / n_train), <=, 1.5);
    }

  /* 4,800 training rows per fold: enough validation rows to stop on. */
  {
    g_autoptr(GString) csv = g_string_new ("a,b,label\n");
    g_autoptr(LuminaAutomlConfig) large = config_for ("large", "label", 10);
    g_autoptr(LuminaAutomlData) big = NULL;

    for (guint i = 0; i < 6000; i++)
      g_string_append_printf (csv, "%u,%u,%s\n", i % 97, (i * 31) % 89, i % 3 ? "x" : "y");
    g_assert_true (import_text ("large", csv->str, &error));
    g_assert_no_error (error);
    large->cv_folds = 5;
    big = _lumina_automl_data_new (ws, large, &error);
    g_assert_no_error (error);
    g_assert_true (_lumina_automl_data_build_folds (big, LUMINA_PREPROCESS_DENSE, NULL, &error));
    g_assert_cmpuint (big->dense->folds[0].x_train->n_rows, ==, 4800);
    g_assert_null (big->dense->folds[0].x_stop);
    g_assert_null (big->dense->folds[0].x_fit);
  }

  /* 20 training rows per fold: nothing to spare. */
  {
    g_autoptr(LuminaAutomlConfig) small = config_for ("iris", "species", 10);
    g_autoptr(LuminaAutomlData) tiny = NULL;

    small->test_fraction = 0.8;
    small->cv_folds = 5;
    tiny = _lumina_automl_data_new (ws, small, &error);
    g_assert_no_error (error);
    g_assert_true (_lumina_automl_data_build_folds (tiny, LUMINA_PREPROCESS_DENSE, NULL, &error));
    g_assert_cmpuint (tiny->dense->folds[0].x_train->n_rows, <, 50);
    g_assert_null (tiny->dense->folds[0].x_stop);
    g_assert_null (tiny->dense->folds[0].x_fit);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  ws_path = g_dir_make_tmp ("lumina-automl-XXXXXX", &error);
  g_assert_no_error (error);
  ws = lumina_workspace_open (ws_path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  import_file ("iris", "iris.csv");
  import_file ("breast_cancer", "breast_cancer.csv");
  import_file ("concrete", "concrete.csv");
  import_file ("diamonds", "diamonds.csv");

  g_test_add_func ("/automl/run/iris", test_iris_run);
  g_test_add_func ("/automl/pruned-on-first-fold", test_pruned_on_first_fold);
  g_test_add_func ("/automl/pruning-when-dear", test_pruning_when_dear);
  g_test_add_func ("/automl/run/rerun", test_rerun_reproduces);
  g_test_add_func ("/automl/stopping-rows/apart", test_stopping_rows_apart);
  g_test_add_func ("/automl/stopping-rows/layout", test_stopping_rows_layout);
  g_test_add_func ("/automl/depth-cap", test_depth_cap);
  g_test_add_func ("/automl/run/regression-test-split", test_regression_with_test_split);
  g_test_add_func ("/automl/run/cancel", test_cancel);
  g_test_add_func ("/automl/run/budget-cuts-slow-learners", test_budget_cuts_slow_learners);
  g_test_add_func ("/automl/run/keeps-holdout-fit", test_keeps_holdout_fit);
  g_test_add_func ("/automl/bad-input", test_bad_input);
  g_test_add_func ("/automl/awkward-columns", test_awkward_columns);

  status = g_test_run ();

  g_clear_object (&ws);
  g_free (iris_best_run);
  cmd = g_strdup_printf ("rm -rf '%s'", ws_path);
  if (system (cmd) != 0)
    g_warning ("Could not remove %s", ws_path);
  g_free (ws_path);
  return status;
}
