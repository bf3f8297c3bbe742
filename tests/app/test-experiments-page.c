/* test-experiments-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Experiments view in a real window over a real workspace whose runs
 * are written through LuminaTracker: the empty state, the runs table
 * (counts, sorting, search, the filter language), a run's page, the
 * compare page and its 50-run limit, live refresh, and screenshots.
 */
#define G_LOG_DOMAIN "test-experiments-page"

#include "config.h"

#include <math.h>

#include "lumina-experiments-page.h"
#include "lumina-run-format.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

#define N_TRIALS     30
#define FAILED_TRIAL 7
#define PRUNED_TRIAL 12

static const char * const learners[] = { "xgboost", "forest", "linear" };

typedef struct
{
  LuminaWorkspace       *workspace;
  char                  *tmp_dir;
  GSettings             *settings;
  LuminaWindow          *window;
  LuminaExperimentsPage *page;
  LuminaTracker         *tracker;
  char                  *parent_id;
  char                  *trial_ids[N_TRIALS];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->tracker = lumina_tracker_new (fixture->workspace);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
is_loaded (gpointer data)
{
  return !lumina_experiments_page_get_loading (data);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  fixture->page = LUMINA_EXPERIMENTS_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                                    "experiments", width, height));
  g_assert_true (LUMINA_IS_EXPERIMENTS_PAGE (fixture->page));
  g_assert_true (lumina_experiments_page_get_workspace (fixture->page) == fixture->workspace);
  lumina_test_wait_until (is_loaded, fixture->page, 20000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  lumina_test_close_settings (&fixture->settings);
  for (guint i = 0; i < N_TRIALS; i++)
    g_free (fixture->trial_ids[i]);
  g_free (fixture->parent_id);
  g_clear_object (&fixture->tracker);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
}

/* ---- the runs ---------------------------------------------------------- */

static int
trial_max_depth (guint i)
{
  return (int) (i % 10) + 1;
}

static double
trial_score (guint i)
{
  return 0.80 + 0.006 * i;
}

static char *
start_run (Fixture    *fixture,
           const char *experiment,
           const char *parent,
           const char *name,
           const char *learner,
           JsonObject *params)
{
  g_autoptr(GError) error = NULL;
  char *id;

  id = lumina_tracker_start_run (fixture->tracker, experiment, parent, name, learner, params,
                                 "iris@1", 42, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

static void
finish_run (Fixture         *fixture,
            const char      *id,
            LuminaRunStatus  status,
            double           score,
            const char      *message)
{
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autoptr(GError) error = NULL;
  LuminaRunUsage usage = { .duration = isnan (score) ? 1.5 : 2.5 + score, .cpu_seconds = 9.0, .peak_bytes = 180 << 20 };

  if (!isnan (score))
    {
      json_object_set_double_member (metrics, "roc_auc", score);
      json_object_set_double_member (metrics, "accuracy", score - 0.05);
    }
  g_assert_true (lumina_tracker_finish_run (fixture->tracker, id, status, metrics, &usage, message, &error));
  g_assert_no_error (error);
}

static void
log_curve (Fixture *fixture,
           const char *id,
           guint       i)
{
  for (guint step = 0; step < 40; step++)
    {
      double decay = exp (-(double) step / (6.0 + i % 5));

      lumina_tracker_log_metric (fixture->tracker, id, "valid_loss", step, 0.25 + 0.5 * decay + 0.002 * i);
      lumina_tracker_log_metric (fixture->tracker, id, "train_loss", step, 0.15 + 0.55 * decay);
    }
}

static JsonObject *
trial_params (guint i)
{
  JsonObject *params = json_object_new ();

  json_object_set_int_member (params, "max_depth", trial_max_depth (i));
  json_object_set_double_member (params, "learning_rate", 0.01 * (i + 1));
  json_object_set_int_member (params, "n_estimators", 200);
  json_object_set_string_member (params, "objective", i % 2 ? "binary:logistic" : "binary:hinge");

  return params;
}

/* An AutoML search: a parent with 30 trials (one failed, one pruned) and
 * two runs of a second experiment. */
static void
populate (Fixture *fixture)
{
  g_autoptr(JsonObject) parent_params = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_int_member (parent_params, "budget_seconds", 60);
  fixture->parent_id = start_run (fixture, "automl-iris", NULL, "automl-iris", "automl", parent_params);

  for (guint i = 0; i < N_TRIALS; i++)
    {
      g_autoptr(JsonObject) params = trial_params (i);
      g_autofree char *name = g_strdup_printf ("trial-%02u", i);
      char *id = start_run (fixture, "automl-iris", fixture->parent_id, name, learners[i % 3], params);

      fixture->trial_ids[i] = id;
      if (i == FAILED_TRIAL)
        {
          finish_run (fixture, id, LUMINA_RUN_STATUS_FAILED, NAN,
                      "XGBoost: the trial ran out of its 512 MiB memory limit at round 31");
          continue;
        }

      log_curve (fixture, id, i);
      if (i % 4 == 0)
        g_assert_true (lumina_tracker_set_tag (fixture->tracker, id, "team", "vision", &error));
      finish_run (fixture, id, i == PRUNED_TRIAL ? LUMINA_RUN_STATUS_PRUNED : LUMINA_RUN_STATUS_FINISHED,
                  i == PRUNED_TRIAL ? NAN : trial_score (i), NULL);
    }

  {
    g_autoptr(GBytes) model = g_bytes_new_static ("{\"learner\":\"linear\"}", 20);

    log_curve (fixture, fixture->parent_id, 3);
    g_assert_true (lumina_tracker_add_artifact (fixture->tracker, fixture->parent_id, "model.json", model, &error));
    g_assert_no_error (error);
    finish_run (fixture, fixture->parent_id, LUMINA_RUN_STATUS_FINISHED, trial_score (N_TRIALS - 1), NULL);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) params = json_object_new ();
      g_autofree char *name = g_strdup_printf ("baseline-%u", i + 1);
      g_autofree char *id = NULL;

      json_object_set_double_member (params, "C", i ? 0.1 : 1.0);
      id = start_run (fixture, "baselines", NULL, name, "linear", params);
      finish_run (fixture, id, LUMINA_RUN_STATUS_FINISHED, 0.7 + 0.02 * i, NULL);
    }

  g_assert_true (lumina_tracker_flush (fixture->tracker, &error));
  g_assert_no_error (error);
}

/* ---- helpers ----------------------------------------------------------- */

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (lumina_experiments_page_get_runs (fixture->page));
}

static LuminaRun *
shown_run (Fixture *fixture,
           guint    position)
{
  g_autoptr(LuminaRun) run = g_list_model_get_item (lumina_experiments_page_get_runs (fixture->page), position);

  g_assert_nonnull (run);
  return run;   /* the list holds another reference */
}

static gboolean
has_all_runs (gpointer data)
{
  Fixture *fixture = data;

  return is_loaded (fixture->page) &&
         g_list_model_get_n_items (lumina_experiments_page_get_all_runs (fixture->page)) ==
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->page), "test-n-runs"));
}

static void
wait_for_runs (Fixture *fixture,
               guint    n)
{
  g_object_set_data (G_OBJECT (fixture->page), "test-n-runs", GUINT_TO_POINTER (n));
  lumina_test_wait_until (has_all_runs, fixture, 20000);
}

static void
screenshot (GtkWidget  *widget,
            const char *filename)
{
  lumina_test_iterate (300);
  lumina_test_wait_until (lumina_test_is_drawn, widget, 10000);
  lumina_test_screenshot (widget, filename);
}

static gboolean
model_has_string (GListModel *model,
                  const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  fixture_open_window (fixture, 1100, 760);

  g_assert_cmpstr (lumina_experiments_page_get_visible_page (fixture->page), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (lumina_experiments_page_get_all_runs (fixture->page)), ==, 0);
  screenshot (GTK_WIDGET (fixture->window), "experiments-empty.png");

  /* Its button goes to the AutoML view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "win.show-view", "s", "automl"));
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "automl");
}

static void
test_table (Fixture       *fixture,
            gconstpointer  user_data)
{
  guint expected = 0;
  LuminaRun *run;

  populate (fixture);
  fixture_open_window (fixture, 1200, 800);
  wait_for_runs (fixture, N_TRIALS + 3);

  g_assert_cmpstr (lumina_experiments_page_get_visible_page (fixture->page), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (lumina_experiments_page_get_experiments (fixture->page)), ==, 2);
  g_assert_cmpuint (n_shown (fixture), ==, N_TRIALS + 3);

  /* Sorted by score, best first: the last trial and the parent tie at the top
   * and the runs without a score come last. */
  lumina_experiments_page_sort_by (fixture->page, "metric", GTK_SORT_DESCENDING);
  run = shown_run (fixture, 0);
  g_assert_cmpfloat_with_epsilon (lumina_run_info_get (run)->metric_value, trial_score (N_TRIALS - 1), 1e-9);
  run = shown_run (fixture, n_shown (fixture) - 1);
  g_assert_true (isnan (lumina_run_info_get (run)->metric_value));
  for (guint i = 1; i < n_shown (fixture) - 2; i++)
    g_assert_cmpfloat (lumina_run_info_get (shown_run (fixture, i - 1))->metric_value, >=,
                       lumina_run_info_get (shown_run (fixture, i))->metric_value);

  lumina_experiments_page_sort_by (fixture->page, "run", GTK_SORT_ASCENDING);
  g_assert_cmpstr (lumina_run_get_name (shown_run (fixture, 0)), ==, "automl-iris");
  g_assert_cmpstr (lumina_run_get_name (shown_run (fixture, n_shown (fixture) - 1)), ==, "trial-29");
  lumina_experiments_page_sort_by (fixture->page, "status", GTK_SORT_DESCENDING);
  g_assert_cmpint (lumina_run_get_status (shown_run (fixture, 0)), ==, LUMINA_RUN_STATUS_FAILED);
  lumina_experiments_page_sort_by (fixture->page, "learner", GTK_SORT_ASCENDING);
  g_assert_cmpstr (lumina_run_get_learner (shown_run (fixture, 0)), ==, "automl");

  /* Trials hidden: only the three top-level runs. */
  lumina_experiments_page_set_show_trials (fixture->page, FALSE);
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  lumina_experiments_page_set_show_trials (fixture->page, TRUE);

  /* The search matches any text of a run. */
  lumina_experiments_page_set_search_text (fixture->page, "forest");
  g_assert_cmpuint (n_shown (fixture), ==, N_TRIALS / 3);
  lumina_experiments_page_set_search_text (fixture->page, "TRIAL-0");
  g_assert_cmpuint (n_shown (fixture), ==, 10);
  lumina_experiments_page_set_search_text (fixture->page, "vision linear");
  g_assert_cmpuint (n_shown (fixture), ==, 2);   /* trials 8 and 20 have both */
  lumina_experiments_page_set_search_text (fixture->page, "");

  /* The filter language. */
  for (guint i = 0; i < N_TRIALS; i++)
    expected += trial_max_depth (i) > 5;
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "param.max_depth>5"));
  g_assert_cmpuint (n_shown (fixture), ==, expected);
  for (guint i = 0; i < n_shown (fixture); i++)
    g_assert_cmpint (json_object_get_int_member (lumina_run_get_params (shown_run (fixture, i)), "max_depth"), >, 5);

  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "param.max_depth>5 learner=xgboost"));
  g_assert_cmpuint (n_shown (fixture), ==, 5);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "status=failed"));
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpstr (lumina_run_get_id (shown_run (fixture, 0)), ==, fixture->trial_ids[FAILED_TRIAL]);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "status=pruned"));
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "metric.roc_auc>=0.9"));
  expected = 0;
  for (guint i = 0; i < N_TRIALS; i++)
    expected += i != FAILED_TRIAL && i != PRUNED_TRIAL && trial_score (i) >= 0.9;
  g_assert_cmpuint (n_shown (fixture), ==, expected + 1);   /* and the parent */
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "tag.team=vision"));
  g_assert_cmpuint (n_shown (fixture), ==, 8);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "param.objective~logistic experiment=automl-iris"));
  g_assert_cmpuint (n_shown (fixture), ==, N_TRIALS / 2);

  /* Errors are shown inline and keep the last valid filter. */
  g_assert_false (lumina_experiments_page_set_filter_text (fixture->page, "params.max_depth>5"));
  g_assert_nonnull (strstr (lumina_experiments_page_get_filter_error (fixture->page), "Unknown field"));
  g_assert_cmpuint (n_shown (fixture), ==, N_TRIALS / 2);
  g_assert_false (lumina_experiments_page_set_filter_text (fixture->page, "param.max_depth"));
  g_assert_nonnull (strstr (lumina_experiments_page_get_filter_error (fixture->page), "operator"));
  g_assert_false (lumina_experiments_page_set_filter_text (fixture->page, "status=done"));
  g_assert_nonnull (strstr (lumina_experiments_page_get_filter_error (fixture->page), "Unknown status"));
  g_assert_false (lumina_experiments_page_set_filter_text (fixture->page, "status="));
  g_assert_nonnull (strstr (lumina_experiments_page_get_filter_error (fixture->page), "Missing value"));
  screenshot (GTK_WIDGET (fixture->window), "experiments-filter-error.png");

  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "learner=nothing"));
  g_assert_null (lumina_experiments_page_get_filter_error (fixture->page));
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, ""));
  g_assert_cmpuint (n_shown (fixture), ==, N_TRIALS + 3);

  /* One experiment at a time. */
  lumina_experiments_page_set_experiment (fixture->page, "baselines");
  wait_for_runs (fixture, 2);
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  lumina_experiments_page_set_experiment (fixture->page, NULL);
  wait_for_runs (fixture, N_TRIALS + 3);
}

static void
test_run_page (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(LuminaRun) stored = NULL;
  g_autoptr(LuminaRun) best = NULL;
  g_autoptr(LuminaRun) last = NULL;
  g_autoptr(GError) error = NULL;
  LuminaRunPage *run_page;
  GListModel *children;

  populate (fixture);
  fixture_open_window (fixture, 1200, 900);
  wait_for_runs (fixture, N_TRIALS + 3);

  g_assert_true (lumina_experiments_page_open_run (fixture->page, fixture->parent_id));
  g_assert_cmpstr (lumina_experiments_page_get_visible_page (fixture->page), ==, "run");
  run_page = lumina_experiments_page_get_run_page (fixture->page);
  g_assert_cmpstr (lumina_run_get_id (lumina_run_page_get_run (run_page)), ==, fixture->parent_id);

  /* The trials as a leaderboard, best first, unscored ones last. */
  children = lumina_run_page_get_children (run_page);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, N_TRIALS);
  best = g_list_model_get_item (children, 0);
  g_assert_cmpstr (lumina_run_get_id (best), ==, fixture->trial_ids[N_TRIALS - 1]);
  last = g_list_model_get_item (children, N_TRIALS - 1);
  g_assert_true (isnan (lumina_run_info_get (last)->metric_value));

  /* Two step metrics, two series. */
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_run_page_get_chart (run_page)), ==, 2);
  screenshot (GTK_WIDGET (fixture->window), "experiments-run.png");

  /* The note is stored through the tracker. */
  g_assert_true (lumina_run_page_save_note (run_page, "Best search so far; try more rounds."));
  stored = lumina_tracker_get_run (fixture->tracker, fixture->parent_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lumina_run_get_note (stored), ==, "Best search so far; try more rounds.");

  /* A trial from the leaderboard, and a failed one with its error. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run_page), "experiments.open-run", "s",
                                             fixture->trial_ids[FAILED_TRIAL]));
  g_assert_cmpstr (lumina_run_get_id (lumina_run_page_get_run (run_page)), ==, fixture->trial_ids[FAILED_TRIAL]);
  g_assert_cmpint (lumina_run_get_status (lumina_run_page_get_run (run_page)), ==, LUMINA_RUN_STATUS_FAILED);
  screenshot (GTK_WIDGET (fixture->window), "experiments-run-failed.png");

  g_assert_false (lumina_experiments_page_open_run (fixture->page, "no-such-run"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run_page), "experiments.back", NULL));
  g_assert_cmpstr (lumina_experiments_page_get_visible_page (fixture->page), ==, "list");
}

static void
test_compare (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkWidget *button;
  LuminaComparePage *compare;
  GListModel *all;
  guint n_all;

  populate (fixture);
  fixture_open_window (fixture, 1200, 900);
  wait_for_runs (fixture, N_TRIALS + 3);
  button = lumina_experiments_page_get_compare_button (fixture->page);

  /* One run is not a comparison. */
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[3], TRUE);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_false (lumina_experiments_page_compare_selected (fixture->page));

  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[6], TRUE);
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[9], TRUE);
  g_assert_cmpuint (lumina_experiments_page_get_n_selected (fixture->page), ==, 3);
  g_assert_true (gtk_widget_get_sensitive (button));
  screenshot (GTK_WIDGET (fixture->window), "experiments-list.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "experiments.compare", NULL));
  g_assert_cmpstr (lumina_experiments_page_get_visible_page (fixture->page), ==, "compare");
  compare = lumina_experiments_page_get_compare_page (fixture->page);
  g_assert_cmpuint (lumina_compare_page_get_n_runs (compare), ==, 3);

  /* Trials 3, 6 and 9: max_depth 4, 7 and 10, three learning rates, two
   * objectives; n_estimators is the same for all. */
  g_assert_true (model_has_string (lumina_compare_page_get_param_keys (compare), "max_depth"));
  g_assert_true (model_has_string (lumina_compare_page_get_param_keys (compare), "learning_rate"));
  g_assert_true (model_has_string (lumina_compare_page_get_param_keys (compare), "objective"));
  g_assert_false (model_has_string (lumina_compare_page_get_param_keys (compare), "n_estimators"));
  g_assert_cmpuint (g_list_model_get_n_items (lumina_compare_page_get_param_keys (compare)), ==, 3);
  g_assert_cmpstr (lumina_compare_page_get_best_run_id (compare, "roc_auc"), ==, fixture->trial_ids[9]);
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_compare_page_get_chart (compare)), ==, 3);
  g_assert_cmpuint (lumina_parallel_chart_get_n_lines (lumina_compare_page_get_parallel_chart (compare)), ==, 3);
  screenshot (GTK_WIDGET (fixture->window), "experiments-compare.png");

  lumina_compare_page_set_show_all (compare, TRUE);
  g_assert_true (model_has_string (lumina_compare_page_get_param_keys (compare), "n_estimators"));
  g_assert_cmpuint (g_list_model_get_n_items (lumina_compare_page_get_param_keys (compare)), ==, 4);
  lumina_compare_page_set_show_all (compare, FALSE);

  lumina_experiments_page_show_list (fixture->page);

  /* More than 50: the button is insensitive and its tooltip says why. */
  all = lumina_experiments_page_get_all_runs (fixture->page);
  n_all = g_list_model_get_n_items (all);
  g_assert_cmpuint (n_all, <, 51);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(JsonObject) params = trial_params (i);
      g_autofree char *id = start_run (fixture, "automl-iris", NULL, "extra", "xgboost", params);

      finish_run (fixture, id, LUMINA_RUN_STATUS_FINISHED, 0.5, NULL);
    }
  wait_for_runs (fixture, n_all + 20);
  all = lumina_experiments_page_get_all_runs (fixture->page);
  for (guint i = 0; i < 51; i++)
    {
      g_autoptr(LuminaRun) run = g_list_model_get_item (all, i);

      lumina_experiments_page_set_run_selected (fixture->page, lumina_run_get_id (run), TRUE);
    }
  g_assert_cmpuint (lumina_experiments_page_get_n_selected (fixture->page), ==, 51);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "50"));
  g_assert_false (lumina_experiments_page_compare_selected (fixture->page));

  {
    g_autoptr(LuminaRun) run = g_list_model_get_item (all, 0);

    lumina_experiments_page_set_run_selected (fixture->page, lumina_run_get_id (run), FALSE);
  }
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (lumina_experiments_page_compare_selected (fixture->page));
  g_assert_cmpuint (lumina_compare_page_get_n_runs (compare), ==, 50);
}

static void
test_live (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *id = NULL;

  populate (fixture);
  fixture_open_window (fixture, 1000, 700);
  wait_for_runs (fixture, N_TRIALS + 3);

  /* A run started elsewhere appears as its event arrives. */
  id = start_run (fixture, "live", NULL, "live-run", "forest", params);
  wait_for_runs (fixture, N_TRIALS + 4);
  g_assert_cmpuint (g_list_model_get_n_items (lumina_experiments_page_get_experiments (fixture->page)), ==, 3);
  finish_run (fixture, id, LUMINA_RUN_STATUS_FINISHED, 0.77, NULL);
}

/* Ten thousand runs: loaded off the main thread, then searched, filtered
 * and sorted; the figures are reported, not asserted. */
static void
test_many_runs (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;
  guint n_runs = 10000;

  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(JsonObject) params = trial_params (i);
      g_autofree char *name = g_strdup_printf ("run-%05u", i);
      g_autofree char *id = start_run (fixture, i % 2 ? "big-a" : "big-b", NULL, name, learners[i % 3], params);

      finish_run (fixture, id, LUMINA_RUN_STATUS_FINISHED, 0.5 + (i % 1000) / 2000.0, NULL);
    }
  g_assert_true (lumina_tracker_flush (fixture->tracker, &error));
  g_test_message ("Wrote %u runs in %.2f s", n_runs, g_timer_elapsed (timer, NULL));

  fixture_open_window (fixture, 1200, 800);
  g_timer_start (timer);
  lumina_experiments_page_reload (fixture->page);
  wait_for_runs (fixture, n_runs);
  g_test_message ("Loaded %u runs in %.3f s", n_runs, g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (n_shown (fixture), ==, n_runs);

  g_timer_start (timer);
  lumina_experiments_page_sort_by (fixture->page, "metric", GTK_SORT_DESCENDING);
  g_assert_cmpfloat (lumina_run_info_get (shown_run (fixture, 0))->metric_value, >=, 0.999);
  g_test_message ("Sorted by score in %.3f s", g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  lumina_experiments_page_set_search_text (fixture->page, "run-0999");
  g_assert_cmpuint (n_shown (fixture), ==, 10);
  g_test_message ("Searched in %.3f s", g_timer_elapsed (timer, NULL));

  lumina_experiments_page_set_search_text (fixture->page, "");
  g_timer_start (timer);
  g_assert_true (lumina_experiments_page_set_filter_text (fixture->page, "param.max_depth>5 learner=xgboost"));
  g_test_message ("Filtered in %.3f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (n_shown (fixture), ==, 1667);
  lumina_test_iterate (200);
  screenshot (GTK_WIDGET (fixture->window), "experiments-many.png");
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  LuminaRunPage *run_page;

  populate (fixture);
  fixture_open_window (fixture, 1200, 800);
  wait_for_runs (fixture, N_TRIALS + 3);
  lumina_experiments_page_sort_by (fixture->page, "metric", GTK_SORT_DESCENDING);
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[29], TRUE);
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[26], TRUE);
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[22], TRUE);
  lumina_experiments_page_set_run_selected (fixture->page, fixture->trial_ids[10], TRUE);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (fixture->window), "experiments-list-dark.png");
  lumina_experiments_page_open_run (fixture->page, fixture->parent_id);
  run_page = lumina_experiments_page_get_run_page (fixture->page);
  g_assert_nonnull (run_page);
  screenshot (GTK_WIDGET (fixture->window), "experiments-run-dark.png");
  g_assert_true (lumina_experiments_page_compare_selected (fixture->page));
  screenshot (GTK_WIDGET (fixture->window), "experiments-compare-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  lumina_test_iterate (500);
  screenshot (GTK_WIDGET (fixture->window), "experiments-compare-narrow.png");
  lumina_experiments_page_open_run (fixture->page, fixture->trial_ids[FAILED_TRIAL]);
  screenshot (GTK_WIDGET (fixture->window), "experiments-run-narrow.png");
  lumina_experiments_page_show_list (fixture->page);
  screenshot (GTK_WIDGET (fixture->window), "experiments-list-narrow.png");
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/experiments-page/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/app/experiments-page/table", Fixture, NULL, fixture_set_up, test_table, fixture_tear_down);
  g_test_add ("/app/experiments-page/run-page", Fixture, NULL, fixture_set_up, test_run_page, fixture_tear_down);
  g_test_add ("/app/experiments-page/compare", Fixture, NULL, fixture_set_up, test_compare, fixture_tear_down);
  g_test_add ("/app/experiments-page/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/app/experiments-page/many-runs", Fixture, NULL, fixture_set_up, test_many_runs, fixture_tear_down);
  g_test_add ("/app/experiments-page/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  return g_test_run ();
}
