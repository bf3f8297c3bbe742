/* test-automl-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The AutoML wizard and view in a real window over a real workspace: the
 * empty state, the wizard's four steps driven as a user would (with the
 * plan on the review step), a short classification search whose leaderboard
 * and charts fill in live, the best model's evaluation, a regression search,
 * and a one-class target refused on the step where it is chosen.
 */
#define G_LOG_DOMAIN "test-automl-page"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "lumina-automl-page.h"
#include "lumina-automl-page-private.h"
#include "lumina-automl-trial.h"
#include "lumina-automl-wizard.h"
#include "lumina-data-page.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

typedef struct
{
  LuminaWorkspace  *workspace;
  char             *tmp_dir;
  GSettings        *settings;
  LuminaWindow     *window;
  LuminaAutomlPage *page;
} Fixture;

static void
engine_import (LuminaWorkspace *workspace,
               const char      *name,
               const char      *path,
               const char      *target)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_object_unref (lumina_test_import_dataset (workspace, name, file, target));
}

static void
import_fixtures (Fixture *fixture)
{
  g_autofree char *iris = g_test_build_filename (G_TEST_DIST, "..", "data", "iris.csv", NULL);
  g_autofree char *concrete = g_test_build_filename (G_TEST_DIST, "..", "data", "concrete.csv", NULL);
  g_autofree char *one_class = g_build_filename (fixture->tmp_dir, "one-class.csv", NULL);
  g_autoptr(GString) text = g_string_new ("x,y,label\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "%u,%u,same\n", i, (i * 7) % 13);
  g_file_set_contents (one_class, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);

  engine_import (fixture->workspace, "iris", iris, "species");
  engine_import (fixture->workspace, "concrete", concrete, "compressive_strength");
  engine_import (fixture->workspace, "constant", one_class, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  fixture->page = LUMINA_AUTOML_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                               "automl", width, height));
  g_assert_true (LUMINA_IS_AUTOML_PAGE (fixture->page));
  g_assert_true (lumina_automl_page_get_workspace (fixture->page) == fixture->workspace);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  lumina_test_close_settings (&fixture->settings);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
}

/* ---- helpers ----------------------------------------------------------- */

static void
screenshot (GtkWidget  *widget,
            const char *filename)
{
  lumina_test_iterate (150);
  lumina_test_wait_until (lumina_test_is_drawn, widget, 10000);
  lumina_test_screenshot (widget, filename);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  lumina_test_iterate (100);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static LuminaAutomlWizard *
find_wizard (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *l = toplevels; l != NULL; l = l->next)
    if (LUMINA_IS_AUTOML_WIZARD (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
wizard_shown (gpointer data)
{
  return find_wizard () != NULL;
}

static gboolean
wizard_idle (gpointer data)
{
  return !lumina_automl_wizard_get_busy (data);
}

/* Opens the wizard through the window's action, as the view's button does. */
static LuminaAutomlWizard *
open_wizard (Fixture    *fixture,
             const char *dataset)
{
  LuminaAutomlWizard *wizard;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-automl", "s", dataset));
  lumina_test_wait_until (wizard_shown, NULL, 10000);
  wizard = find_wizard ();
  lumina_test_wait_mapped (GTK_WIDGET (wizard));
  g_assert_cmpstr (lumina_automl_wizard_get_step (wizard), ==, "dataset");

  return wizard;
}

static void
next_step (LuminaAutomlWizard *wizard,
           const char         *expected)
{
  g_assert_true (lumina_automl_wizard_next (wizard));
  g_assert_cmpstr (lumina_automl_wizard_get_step (wizard), ==, expected);
  lumina_test_wait_until (wizard_idle, wizard, 30000);
}

static gboolean
page_idle (gpointer data)
{
  return !lumina_automl_page_get_running (data);
}

static gboolean
has_trials (gpointer data)
{
  return g_list_model_get_n_items (lumina_automl_page_get_leaderboard (data)) >= 1;
}

/* The rows on screen are the engine's leaderboard, in its order. */
static void
assert_leaderboard_matches (LuminaAutomlPage *page)
{
  LuminaAutoml *automl = lumina_automl_page_get_automl (page);
  g_autoptr(JsonNode) node = lumina_automl_dup_leaderboard (automl);
  JsonArray *expected = json_node_get_array (node);
  GListModel *rows = lumina_automl_page_get_leaderboard (page);
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (lumina_automl_page_get_column_view (page)));

  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, json_array_get_length (expected));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, json_array_get_length (expected));

  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *trial = json_array_get_object_element (expected, i);
      g_autoptr(LuminaAutomlTrial) row = g_list_model_get_item (rows, i);

      g_assert_cmpuint (lumina_automl_trial_get_rank (row), ==, i + 1);
      g_assert_cmpstr (lumina_automl_trial_get_run_id (row), ==, json_object_get_string_member (trial, "run_id"));
      g_assert_cmpstr (lumina_automl_trial_get_learner (row), ==, json_object_get_string_member (trial, "learner"));
      g_assert_cmpstr (lumina_automl_trial_get_status (row), ==, json_object_get_string_member (trial, "status"));
      /* Finished trials were timed predicting their validation rows. */
      if (g_str_equal (json_object_get_string_member (trial, "status"), "finished"))
        g_assert_cmpfloat (lumina_automl_trial_get_predict_us (row), ==,
                           json_object_get_double_member (trial, "predict_us_per_row"));
      if (g_str_equal (json_object_get_string_member (trial, "status"), "finished"))
        g_assert_cmpfloat (lumina_automl_trial_get_predict_us (row), >, 0);
      /* The leaderboard holds ended trials: none looks as if it still ran
       * (a trial cut at the end of the budget is "cancelled"). */
      g_assert_cmpstr (lumina_automl_trial_get_status_icon (row), !=, "content-loading-symbolic");
    }
}

/* Whether the leaderboard's column titled @title shows. */
static gboolean
column_visible (LuminaAutomlPage *page,
                const char       *title)
{
  GListModel *columns = gtk_column_view_get_columns (lumina_automl_page_get_column_view (page));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return gtk_column_view_column_get_visible (column);
    }
  g_assert_not_reached ();
  return FALSE;
}

/* The best model's row names what the bundle is made of (the report's
 * members: one learner, or a blend with each member's share), and the
 * report's notes show below it, or nothing when there are none. */
static void
assert_best_model_matches (LuminaAutomlPage *page,
                           JsonObject       *report)
{
  AdwPreferencesRow *row = ADW_PREFERENCES_ROW (gtk_widget_get_template_child (GTK_WIDGET (page), LUMINA_TYPE_AUTOML_PAGE,
                                                                               "best_row"));
  GtkLabel *notes_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (page), LUMINA_TYPE_AUTOML_PAGE,
                                                                    "result_notes"));
  JsonArray *members = json_object_get_array_member (report, "members");
  JsonArray *notes = json_object_get_array_member (report, "notes");
  const char *title = adw_preferences_row_get_title (row);
  guint n = json_array_get_length (members);

  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      const char *learner = json_object_get_string_member (member, "learner");
      const char *label = g_str_equal (learner, "xgboost") ? "XGBoost" : g_str_equal (learner, "linear") ? "Linear"
                          : g_str_equal (learner, "mlp") ? "Neural Network" : "Random Forest";
      g_autofree char *share = g_strdup_printf ("%s %.0f %%", label,
                                                100 * json_object_get_double_member (member, "weight"));

      if (n == 1)
        g_assert_cmpstr (title, ==, label);
      else
        g_assert_nonnull (strstr (title, share));
    }
  if (n > 1)
    g_assert_true (g_str_has_prefix (title, "Ensemble: "));

  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (notes_label)), ==, json_array_get_length (notes) > 0);
  for (guint i = 0; i < json_array_get_length (notes); i++)
    g_assert_nonnull (strstr (gtk_label_get_text (notes_label), json_array_get_string_element (notes, i)));
}

/* Scrolls the view to its top, to the loss curves, to the best model's
 * section or to its end. */
static void
scroll_page (LuminaAutomlPage *page,
             const char       *where)
{
  static const char * const chart_names[] = { "score", "curves", "eval", "roc", "importance" };
  GtkWidget *result_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), LUMINA_TYPE_AUTOML_PAGE,
                                                                     "result_box"));
  GtkWidget *scroller = gtk_widget_get_ancestor (result_box, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double x = 0;
  double y = 0;

  /* Scrolling moves charts under the X server's resting pointer; their hover
   * tooltip is not what these screenshots show, so charts ignore the pointer. */
  for (guint i = 0; i < G_N_ELEMENTS (chart_names); i++)
    gtk_widget_set_can_target (GTK_WIDGET (lumina_automl_page_get_chart (page, chart_names[i])), FALSE);

  lumina_test_iterate (100);
  if (g_str_equal (where, "end"))
    y = gtk_adjustment_get_upper (adjustment);
  else if (g_str_equal (where, "result") || g_str_equal (where, "curves"))
    {
      GtkWidget *target = g_str_equal (where, "result")
                          ? result_box : GTK_WIDGET (lumina_automl_page_get_chart (page, where));

      g_assert_true (gtk_widget_translate_coordinates (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                                       0, 0, &x, &y));
      /* The viewport's coordinates move with the scrolling. */
      y += gtk_adjustment_get_value (adjustment) - 12;
    }
  gtk_adjustment_set_value (adjustment, y);
  lumina_test_iterate (100);
}

/* The lines of @chart's CSV export. */
static GStrv
export_csv_lines (LuminaChart *chart,
                  const char  *tmp_dir)
{
  g_autofree char *path = g_build_filename (tmp_dir, "chart.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lumina_chart_export_csv (chart, file, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

static guint
count_csv_lines (LuminaChart *chart,
                 const char  *tmp_dir)
{
  g_auto(GStrv) lines = export_csv_lines (chart, tmp_dir);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += lines[i][0] != '\0';
  return n;
}

/* The feature importance bars shrink from the top (the first category):
 * the most important feature is the one a reader sees first. */
static void
assert_importance_sorted (LuminaChart *chart,
                          const char  *tmp_dir)
{
  g_auto(GStrv) lines = export_csv_lines (chart, tmp_dir);
  double previous = G_MAXDOUBLE;
  guint n = 0;

  /* After the header: category,value */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *comma = strrchr (lines[i], ',');
      double value;

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (comma);
      value = g_ascii_strtod (comma + 1, NULL);
      g_assert_cmpfloat (value, <=, previous);
      previous = value;
      n++;
    }
  g_assert_cmpuint (n, >=, 2);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_automl_empty (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fixture_open_window (fixture, 1100, 760);

  g_assert_cmpstr (lumina_automl_page_get_visible_page (fixture->page), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (lumina_automl_page_get_recent_runs (fixture->page)), ==, 0);
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "No AutoML Runs Yet"));

  screenshot (GTK_WIDGET (fixture->window), "automl-empty.png");
}

static char *
wizard_dataset (LuminaAutomlWizard *wizard)
{
  return lumina_automl_wizard_dup_dataset (wizard);
}

static LuminaAutoml *
start_search (Fixture            *fixture,
              LuminaAutomlWizard *wizard)
{
  LuminaAutoml *automl;

  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &wizard);
  automl = lumina_automl_wizard_start (wizard);
  g_assert_true (LUMINA_IS_AUTOML (automl));
  lumina_test_iterate (50);
  g_assert_null (wizard);

  /* The window's handler put the search on the AutoML view. */
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "automl");
  g_assert_true (lumina_automl_page_get_automl (fixture->page) == automl);
  g_assert_true (lumina_automl_page_get_running (fixture->page));
  g_assert_cmpstr (lumina_automl_page_get_visible_page (fixture->page), ==, "run");

  return automl;
}

static void
test_automl_classification (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const char * const learners[] = { "xgboost", "linear", NULL };
  g_autoptr(LuminaAutomlConfig) config = NULL;
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autofree char *dataset = NULL;
  LuminaAutomlWizard *wizard;
  GtkWidget *register_button;
  JsonObject *plan;
  LuminaTask task = LUMINA_TASK_REGRESSION;
  guint n_classes = 0;
  gint64 started;

  import_fixtures (fixture);
  fixture_open_window (fixture, 1100, 820);

  /* Step 1: the dataset named by the action is already chosen. */
  wizard = open_wizard (fixture, "iris");
  dataset = wizard_dataset (wizard);
  g_assert_cmpstr (dataset, ==, "iris@1");
  screenshot (GTK_WIDGET (wizard), "automl-wizard-dataset.png");

  /* Step 2: the version's target, and the task inferred from its values. */
  next_step (wizard, "target");
  g_assert_cmpstr (lumina_automl_wizard_get_target (wizard), ==, "species");
  g_assert_true (lumina_automl_wizard_get_task (wizard, &task, &n_classes));
  g_assert_cmpint (task, ==, LUMINA_TASK_MULTICLASS);
  g_assert_cmpuint (n_classes, ==, 3);
  g_assert_null (lumina_automl_wizard_get_error (wizard));
  screenshot (GTK_WIDGET (wizard), "automl-wizard-target.png");

  /* Step 3: a short budget and two learners. */
  next_step (wizard, "settings");
  lumina_automl_wizard_set_budget (wizard, 5);
  lumina_automl_wizard_set_learners (wizard, learners);
  lumina_automl_wizard_set_seed (wizard, 7);
  config = lumina_automl_wizard_dup_config (wizard);
  g_assert_cmpstr (config->dataset, ==, "iris@1");
  g_assert_cmpstr (config->target, ==, "species");
  g_assert_cmpfloat (config->budget_seconds, ==, 5.0);
  g_assert_cmpstrv (config->learners, learners);
  g_assert_true (config->metric_set);
  g_assert_cmpint (config->metric, ==, lumina_metric_default_for (LUMINA_TASK_MULTICLASS));
  g_assert_false (config->task_set);
  g_assert_cmpstr (config->experiment, ==, "automl-iris");
  screenshot (GTK_WIDGET (wizard), "automl-wizard-settings.png");

  /* Step 4: the plan, computed off the main thread. */
  next_step (wizard, "review");
  g_assert_null (lumina_automl_wizard_get_error (wizard));
  g_assert_nonnull (lumina_automl_wizard_get_plan (wizard));
  plan = json_node_get_object (lumina_automl_wizard_get_plan (wizard));
  g_assert_cmpint (json_object_get_int_member (plan, "rows"), ==, 150);
  g_assert_cmpint (json_object_get_int_member (plan, "n_classes"), ==, 3);
  g_assert_nonnull (find_label (GTK_WIDGET (wizard), "Estimated Peak Memory"));
  g_assert_nonnull (find_label (GTK_WIDGET (wizard), "Parallel Trials"));
  screenshot (GTK_WIDGET (wizard), "automl-wizard-review.png");
  scroll_to_end (find_label (GTK_WIDGET (wizard), "Parallel Trials"));
  screenshot (GTK_WIDGET (wizard), "automl-wizard-review-plan.png");

  /* Start: the view follows the search live. */
  started = g_get_monotonic_time ();
  automl = start_search (fixture, wizard);
  lumina_test_wait_until (has_trials, fixture->page, 20000);
  if (lumina_automl_page_get_running (fixture->page))
    screenshot (GTK_WIDGET (fixture->window), "automl-running.png");

  lumina_test_wait_until (page_idle, fixture->page, 40000);
  g_test_message ("Search took %.1f s", (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
  lumina_test_iterate (100);

  g_assert_null (lumina_automl_page_get_error (fixture->page));
  assert_leaderboard_matches (fixture->page);
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "score")), ==, 1);
  g_assert_cmpuint (count_csv_lines (lumina_automl_page_get_chart (fixture->page, "score"), fixture->tmp_dir), >=, 2);
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "curves")), >=, 1);
  g_assert_true (lumina_automl_page_get_result_visible (fixture->page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lumina_automl_page_get_chart (fixture->page, "eval"))));
  /* The confusion matrix: a header and one row per class. */
  g_assert_cmpuint (count_csv_lines (lumina_automl_page_get_chart (fixture->page, "eval"), fixture->tmp_dir), >=, 3);
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "roc")), >=, 2);
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "importance")), ==, 1);
  assert_importance_sorted (lumina_automl_page_get_chart (fixture->page, "importance"), fixture->tmp_dir);
  g_assert_true (g_file_test (lumina_automl_get_bundle_path (automl), G_FILE_TEST_IS_DIR));
  {
    g_autoptr(JsonNode) report = lumina_automl_dup_report (automl);

    assert_best_model_matches (fixture->page, json_node_get_object (report));
  }
  register_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                               LUMINA_TYPE_AUTOML_PAGE, "register_button"));
  /* The best model can be registered: the window asks for a name. */
  g_assert_true (gtk_widget_get_sensitive (register_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (register_button)), ==, "win.register-model");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (register_button)), NULL),
                   ==, lumina_automl_get_best_run_id (automl));

  /* The search is listed among the recent runs. */
  g_assert_cmpuint (g_list_model_get_n_items (lumina_automl_page_get_recent_runs (fixture->page)), ==, 1);

  g_assert_true (column_visible (fixture->page, "Predict Time"));
  screenshot (GTK_WIDGET (fixture->window), "automl-finished.png");
  scroll_page (fixture->page, "result");
  screenshot (GTK_WIDGET (fixture->window), "automl-finished-best.png");
  scroll_page (fixture->page, "end");
  screenshot (GTK_WIDGET (fixture->window), "automl-finished-results.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (GTK_WIDGET (fixture->window), "automl-finished-results-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
  lumina_test_iterate (400);
  /* Narrow: the learner, its score and status only. */
  g_assert_false (column_visible (fixture->page, "Predict Time"));
  g_assert_false (column_visible (fixture->page, "Fit Time"));
  scroll_page (fixture->page, "end");
  screenshot (GTK_WIDGET (fixture->window), "automl-narrow-results.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  scroll_page (fixture->page, "top");
  screenshot (GTK_WIDGET (fixture->window), "automl-narrow-dark.png");
}

static void
test_automl_regression (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char * const learners[] = { "xgboost", "linear", NULL };
  g_autoptr(LuminaAutoml) automl = NULL;
  LuminaAutomlWizard *wizard;
  LuminaTask task = LUMINA_TASK_BINARY;

  import_fixtures (fixture);
  fixture_open_window (fixture, 1100, 820);

  wizard = open_wizard (fixture, "");
  g_assert_true (lumina_automl_wizard_set_dataset (wizard, "concrete@latest"));
  g_assert_false (lumina_automl_wizard_set_dataset (wizard, "no-such-dataset"));
  next_step (wizard, "target");
  g_assert_cmpstr (lumina_automl_wizard_get_target (wizard), ==, "compressive_strength");
  g_assert_true (lumina_automl_wizard_get_task (wizard, &task, NULL));
  g_assert_cmpint (task, ==, LUMINA_TASK_REGRESSION);

  next_step (wizard, "settings");
  lumina_automl_wizard_set_budget (wizard, 4);
  lumina_automl_wizard_set_learners (wizard, learners);
  lumina_automl_wizard_set_validation (wizard, 3);
  next_step (wizard, "review");
  g_assert_nonnull (lumina_automl_wizard_get_plan (wizard));

  automl = start_search (fixture, wizard);
  lumina_test_wait_until (page_idle, fixture->page, 40000);
  lumina_test_iterate (100);

  g_assert_null (lumina_automl_page_get_error (fixture->page));
  assert_leaderboard_matches (fixture->page);
  g_assert_true (lumina_automl_page_get_result_visible (fixture->page));
  /* Residuals instead of a confusion matrix, and no ROC curve. */
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "eval")), ==, 1);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (lumina_automl_page_get_chart (fixture->page, "roc"))));
  g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "importance")), ==, 1);

  scroll_page (fixture->page, "end");
  screenshot (GTK_WIDGET (fixture->window), "automl-regression.png");

  /* The same result with a note added to its report (as a search whose
   * refit did not fit its budget writes one): shown below the best model,
   * wrapped in a narrow window. */
  {
    g_autoptr(JsonNode) report = lumina_automl_dup_report (automl);
    JsonObject *object = json_node_get_object (report);
    JsonArray *notes = json_object_get_array_member (object, "notes");

    assert_best_model_matches (fixture->page, object);
    json_array_add_string_element (notes, "Refitting the model on all 824 rows would take about 3 s, "
                                          "and 1 s were left in the budget: it is the search’s own "
                                          "fit, on the 659 training rows of the holdout");
    _lumina_automl_page_show_result (fixture->page, report, lumina_automl_get_best_run_id (automl),
                                     lumina_automl_get_bundle_path (automl));
    lumina_test_iterate (50);
    assert_best_model_matches (fixture->page, object);
    scroll_page (fixture->page, "result");
    screenshot (GTK_WIDGET (fixture->window), "automl-result-note.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
    lumina_test_iterate (400);
    scroll_page (fixture->page, "result");
    screenshot (GTK_WIDGET (fixture->window), "automl-result-note-narrow-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  }
}

static void
test_automl_cancel (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char * const learners[] = { "linear", NULL };
  g_autoptr(LuminaAutoml) automl = NULL;
  LuminaAutomlWizard *wizard;
  GtkLabel *status_label;
  gint64 started;

  import_fixtures (fixture);
  fixture_open_window (fixture, 1100, 820);

  wizard = open_wizard (fixture, "iris@1");
  next_step (wizard, "target");
  next_step (wizard, "settings");
  lumina_automl_wizard_set_budget (wizard, 300);
  lumina_automl_wizard_set_learners (wizard, learners);
  next_step (wizard, "review");
  automl = start_search (fixture, wizard);

  /* The view's Cancel stops it long before its five minutes. */
  lumina_test_wait_until (has_trials, fixture->page, 30000);
  started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "automl.cancel", NULL));
  lumina_test_wait_until (page_idle, fixture->page, 20000);
  g_test_message ("Stopped %.2f s after Cancel", (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);

  status_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), LUMINA_TYPE_AUTOML_PAGE,
                                                           "status_label"));
  g_assert_cmpstr (gtk_label_get_text (status_label), ==, "Cancelled");
  g_assert_null (lumina_automl_page_get_error (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (lumina_automl_page_get_leaderboard (fixture->page)), >=, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                                                   LUMINA_TYPE_AUTOML_PAGE,
                                                                                   "cancel_button"))));
}

/* The Data view's Train Model button opens the wizard on the dataset it shows. */
static void
test_automl_from_data_view (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *dataset = NULL;
  LuminaAutomlWizard *wizard;
  GtkWidget *button;
  GtkStack *stack;

  import_fixtures (fixture);
  fixture_open_window (fixture, 1100, 820);

  g_assert_true (lumina_window_show_view (fixture->window, "data"));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), LUMINA_TYPE_WINDOW, "stack"));
  g_assert_true (lumina_data_page_open_dataset (LUMINA_DATA_PAGE (gtk_stack_get_child_by_name (stack, "data")),
                                                "concrete", 1));
  lumina_test_iterate (100);
  button = find_action_button (GTK_WIDGET (fixture->window), "win.new-automl");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Train Model…");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 820);
  lumina_test_iterate (400);
  screenshot (GTK_WIDGET (fixture->window), "automl-data-train-narrow.png");

  /* The button itself, so its action target is what is tested. */
  g_signal_emit_by_name (button, "clicked");
  lumina_test_wait_until (wizard_shown, NULL, 10000);
  wizard = find_wizard ();
  dataset = lumina_automl_wizard_dup_dataset (wizard);
  g_assert_cmpstr (dataset, ==, "concrete@1");
  gtk_window_destroy (GTK_WINDOW (wizard));
  lumina_test_iterate (50);
}

static void
test_automl_one_class (Fixture       *fixture,
                       gconstpointer  user_data)
{
  LuminaAutomlWizard *wizard;
  LuminaTask task;
  const char *error;

  import_fixtures (fixture);
  fixture_open_window (fixture, 1100, 820);

  wizard = open_wizard (fixture, "constant");
  next_step (wizard, "target");
  g_assert_true (lumina_automl_wizard_set_target (wizard, "label"));
  lumina_test_wait_until (wizard_idle, wizard, 10000);

  /* Shown on the step, not a crash, and Next refuses. */
  error = lumina_automl_wizard_get_error (wizard);
  g_assert_nonnull (error);
  g_assert_nonnull (find_label (GTK_WIDGET (wizard), error));
  g_assert_false (lumina_automl_wizard_get_task (wizard, &task, NULL));
  g_assert_false (lumina_automl_wizard_next (wizard));
  g_assert_cmpstr (lumina_automl_wizard_get_step (wizard), ==, "target");
  screenshot (GTK_WIDGET (wizard), "automl-wizard-error.png");

  /* Another column clears it. */
  g_assert_true (lumina_automl_wizard_set_target (wizard, "y"));
  lumina_test_wait_until (wizard_idle, wizard, 10000);
  g_assert_null (lumina_automl_wizard_get_error (wizard));
  g_assert_true (lumina_automl_wizard_get_task (wizard, &task, NULL));

  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* The wizard and the view on every reference dataset: the target and task
 * inferred, a short search with the default learners, the leaderboard, and
 * the result the task calls for (confusion matrix and ROC curve, or
 * residuals), from 150 rows to 54,000. */
static void
test_automl_every_dataset (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const struct {
    const char *name;
    const char *target;
    LuminaTask  task;
    guint       n_classes;
    guint       budget;
  } datasets[] = {
    { "iris", "species", LUMINA_TASK_MULTICLASS, 3, 4 },
    { "penguins", "species", LUMINA_TASK_MULTICLASS, 3, 4 },
    { "seattle_weather", "weather", LUMINA_TASK_MULTICLASS, 5, 4 },
    { "breast_cancer", "diagnosis", LUMINA_TASK_BINARY, 2, 4 },
    { "wa_churn", "churn", LUMINA_TASK_BINARY, 2, 8 },
    { "diabetes", "progression", LUMINA_TASK_REGRESSION, 0, 4 },
    { "concrete", "compressive_strength", LUMINA_TASK_REGRESSION, 0, 4 },
    { "diamonds", "price", LUMINA_TASK_REGRESSION, 0, 10 },
  };

  fixture_open_window (fixture, 1100, 820);
  for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      g_autofree char *file = g_strconcat (datasets[i].name, ".csv", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", file, NULL);
      g_autoptr(LuminaAutoml) automl = NULL;
      LuminaAutomlWizard *wizard;
      LuminaTask task = LUMINA_TASK_REGRESSION;
      guint n_classes = 0;
      gint64 started;

      engine_import (fixture->workspace, datasets[i].name, path, datasets[i].target);
      wizard = open_wizard (fixture, datasets[i].name);
      next_step (wizard, "target");
      g_assert_cmpstr (lumina_automl_wizard_get_target (wizard), ==, datasets[i].target);
      g_assert_true (lumina_automl_wizard_get_task (wizard, &task, &n_classes));
      g_assert_cmpint (task, ==, datasets[i].task);
      if (task != LUMINA_TASK_REGRESSION)
        g_assert_cmpuint (n_classes, ==, datasets[i].n_classes);
      next_step (wizard, "settings");
      lumina_automl_wizard_set_budget (wizard, datasets[i].budget);
      next_step (wizard, "review");
      g_assert_null (lumina_automl_wizard_get_error (wizard));

      automl = start_search (fixture, wizard);
      started = g_get_monotonic_time ();
      lumina_test_wait_until (page_idle, fixture->page, 120000);
      lumina_test_iterate (100);
      g_test_message ("%s: search, refit and bundle in %.1f s of a %u s budget", datasets[i].name,
                      (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC, datasets[i].budget);

      g_assert_null (lumina_automl_page_get_error (fixture->page));
      assert_leaderboard_matches (fixture->page);
      g_assert_true (lumina_automl_page_get_result_visible (fixture->page));
      g_assert_true (g_file_test (lumina_automl_get_bundle_path (automl), G_FILE_TEST_IS_DIR));
      g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "importance")), ==, 1);
      if (task == LUMINA_TASK_REGRESSION)
        {
          g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "eval")), ==, 1);
          g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (lumina_automl_page_get_chart (fixture->page, "roc"))));
        }
      else
        {
          /* A header and a row per class; a curve per class (one for binary) and chance. */
          g_assert_cmpuint (count_csv_lines (lumina_automl_page_get_chart (fixture->page, "eval"), fixture->tmp_dir),
                            ==, datasets[i].n_classes + 1);
          g_assert_cmpuint (lumina_chart_get_n_series (lumina_automl_page_get_chart (fixture->page, "roc")), >=,
                            task == LUMINA_TASK_BINARY ? 2 : datasets[i].n_classes + 1);
        }
      if (g_str_equal (datasets[i].name, "seattle_weather") || g_str_equal (datasets[i].name, "diamonds"))
        {
          g_autofree char *png = g_strdup_printf ("automl-dataset-%s.png", datasets[i].name);

          g_autofree char *curves = g_strdup_printf ("automl-curves-%s.png", datasets[i].name);
          g_autofree char *leaderboard = g_strdup_printf ("automl-leaderboard-%s.png", datasets[i].name);

          scroll_page (fixture->page, "result");
          screenshot (GTK_WIDGET (fixture->window), png);
          /* A forest is scored once, whole: a dot among the curves. */
          scroll_page (fixture->page, "curves");
          screenshot (GTK_WIDGET (fixture->window), curves);
          /* Trials cut by the budget show as stopped. */
          scroll_page (fixture->page, "top");
          screenshot (GTK_WIDGET (fixture->window), leaderboard);
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (lumina_automl_page_get_recent_runs (fixture->page)), ==,
                    G_N_ELEMENTS (datasets));
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/automl-page/empty", Fixture, NULL,
              fixture_set_up, test_automl_empty, fixture_tear_down);
  g_test_add ("/app/automl-page/classification", Fixture, NULL,
              fixture_set_up, test_automl_classification, fixture_tear_down);
  g_test_add ("/app/automl-page/regression", Fixture, NULL,
              fixture_set_up, test_automl_regression, fixture_tear_down);
  g_test_add ("/app/automl-page/cancel", Fixture, NULL,
              fixture_set_up, test_automl_cancel, fixture_tear_down);
  g_test_add ("/app/automl-page/from-data-view", Fixture, NULL,
              fixture_set_up, test_automl_from_data_view, fixture_tear_down);
  g_test_add ("/app/automl-page/one-class", Fixture, NULL,
              fixture_set_up, test_automl_one_class, fixture_tear_down);
  g_test_add ("/app/automl-page/every-dataset", Fixture, NULL,
              fixture_set_up, test_automl_every_dataset, fixture_tear_down);

  return g_test_run ();
}
