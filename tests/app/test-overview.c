/* test-overview.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Overview: the audit log's recent events on a page of its own, the
 * figures it computes from a real metric store, and, in a real window over
 * a real workspace, the empty states, a served model's card against the
 * server's own figures, this computer's resources against /proc, the way
 * through to the Deployments view, live updates only while on screen, and
 * screenshots (light, dark, 360 px).
 */
#define G_LOG_DOMAIN "test-overview"

#include "config.h"

#include <math.h>
#include <string.h>

#include <signal.h>
#include <sys/wait.h>

#include <libsoup/soup.h>

#include "lumina-activity-row.h"
#include "lumina-deployment-figures.h"
#include "lumina-deployments-page.h"
#include "lumina-overview-figures.h"
#include "lumina-overview-page.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

typedef struct
{
  LuminaWorkspace    *workspace;
  char               *tmp_dir;
  GtkWindow          *window;
  LuminaOverviewPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);

  fixture->page = LUMINA_OVERVIEW_PAGE (lumina_overview_page_new ());
  lumina_overview_page_set_workspace (fixture->page, fixture->workspace);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_present (fixture->window);
  lumina_test_wait_mapped (GTK_WIDGET (fixture->page));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_destroy_window (fixture->window);
  g_assert_null (fixture->page);

  g_clear_object (&fixture->workspace);
  lumina_test_remove_tree (fixture->tmp_dir);
  g_clear_pointer (&fixture->tmp_dir, g_free);
}

static GtkListBox *
activity_list (Fixture *fixture)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                      LUMINA_TYPE_OVERVIEW_PAGE,
                                                      "activity_list"));
}

static guint
count_rows (Fixture *fixture)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (activity_list (fixture)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LUMINA_IS_ACTIVITY_ROW (child))
        n++;
    }

  return n;
}

static guint
n_events (Fixture *fixture)
{
  return g_list_model_get_n_items (lumina_overview_page_get_activity (fixture->page));
}

static LuminaActivityRow *
first_row (Fixture *fixture)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (activity_list (fixture), 0);

  g_assert_true (LUMINA_IS_ACTIVITY_ROW (row));

  return LUMINA_ACTIVITY_ROW (row);
}

static void
append_event (LuminaWorkspace *workspace,
              const char      *kind,
              const char      *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaEvent) event = NULL;

  event = lumina_event_log_append (lumina_workspace_get_events (workspace), kind, object, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
test_overview_initial (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkLabel *events_label;
  GtkLabel *schema_label;
  g_autofree char *schema = NULL;

  /* Creating the workspace is itself recorded. */
  g_assert_cmpuint (n_events (fixture), >=, 1);
  g_assert_cmpuint (count_rows (fixture), ==, n_events (fixture));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row (fixture))),
                   ==, "Workspace created");

  events_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "events_label"));
  g_assert_cmpstr (gtk_label_get_text (events_label), !=, "");

  schema_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "schema_label"));
  schema = g_strdup_printf ("%d", lumina_workspace_get_schema_version (fixture->workspace));
  g_assert_cmpstr (gtk_label_get_text (schema_label), ==, schema);
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_shows (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

static void
test_overview_append (Fixture       *fixture,
                      gconstpointer  user_data)
{
  guint before = n_events (fixture);
  LuminaActivityRow *row;
  GtkLabel *events_label;
  g_autofree char *expected = NULL;

  append_event (fixture->workspace, "dataset.imported", "iris.csv");
  lumina_test_iterate (50);

  g_assert_cmpuint (n_events (fixture), ==, before + 1);
  g_assert_cmpuint (count_rows (fixture), ==, before + 1);

  row = first_row (fixture);
  g_assert_cmpstr (lumina_event_get_kind (lumina_activity_row_get_event (row)), ==, "dataset.imported");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Dataset imported");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "iris.csv"));

  /* The counts follow. */
  events_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "events_label"));
  expected = g_strdup_printf ("%u", before + 1);
  /* The counts refresh from an idle source, after the list: allow a busy machine time. */
  {
    LabelWait wait = { events_label, expected };

    lumina_test_wait_until (label_shows, &wait, 10000);
  }
  g_assert_cmpstr (gtk_label_get_text (events_label), ==, expected);
}

static gboolean
has_n_events (gpointer data)
{
  gpointer *args = data;

  return n_events (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

/* Another writer of the same workspace (the CLI, in real use) shows up through polling. */
static void
test_overview_other_writer (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) other = NULL;
  guint before = n_events (fixture);
  gpointer args[2] = { fixture, GUINT_TO_POINTER (before + 1) };

  other = lumina_workspace_open (lumina_workspace_get_path (fixture->workspace),
                                 LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);

  append_event (other, "model.registered", "churn-classifier");
  lumina_test_wait_until (has_n_events, args, 10000);

  g_assert_cmpuint (n_events (fixture), ==, before + 1);
  g_assert_cmpstr (lumina_event_get_kind (lumina_activity_row_get_event (first_row (fixture))),
                   ==, "model.registered");
}

static void
test_overview_limit (Fixture       *fixture,
                     gconstpointer  user_data)
{
  LuminaEvent *newest;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *object = g_strdup_printf ("object-%u", i);

      append_event (fixture->workspace, "run.finished", object);
    }
  lumina_test_iterate (100);

  g_assert_cmpuint (n_events (fixture), ==, 10);
  g_assert_cmpuint (count_rows (fixture), ==, 10);

  newest = lumina_activity_row_get_event (first_row (fixture));
  g_assert_cmpstr (lumina_event_get_object (newest), ==, "object-19");

  /* A page opened afterwards loads the same 10, newest first. */
  lumina_overview_page_set_workspace (fixture->page, NULL);
  g_assert_cmpuint (n_events (fixture), ==, 0);
  lumina_overview_page_set_workspace (fixture->page, fixture->workspace);
  g_assert_cmpuint (n_events (fixture), ==, 10);
  newest = g_list_model_get_item (lumina_overview_page_get_activity (fixture->page), 0);
  g_assert_cmpstr (lumina_event_get_object (newest), ==, "object-19");
  g_object_unref (newest);
}

/* Rows lead where their event points: a run event to that run. */
static void
test_overview_row_targets (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkListBoxRow *row;

  append_event (fixture->workspace, "model.registered", "iris/3");
  lumina_test_iterate (50);
  row = GTK_LIST_BOX_ROW (first_row (fixture));
  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-model");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL),
                   ==, "iris");

  append_event (fixture->workspace, "run.finished", "run-42");
  lumina_test_iterate (50);
  row = GTK_LIST_BOX_ROW (first_row (fixture));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-run");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL),
                   ==, "run-42");

  append_event (fixture->workspace, "deployment.created", "api");
  lumina_test_iterate (50);
  row = GTK_LIST_BOX_ROW (first_row (fixture));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-deployment");

  /* The workspace's creation leads nowhere. */
  append_event (fixture->workspace, "workspace.migrated", NULL);
  lumina_test_iterate (50);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (first_row (fixture))));
}

/* Without deployments, data or collectors, the page says what to do next. */
static void
test_overview_empty_page (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkStack *stack = lumina_test_template_child (page, LUMINA_TYPE_OVERVIEW_PAGE, "deployments_stack");
  GtkWidget *start_card = lumina_test_template_child (page, LUMINA_TYPE_OVERVIEW_PAGE, "start_card");
  GtkButton *deploy_button = lumina_test_template_child (page, LUMINA_TYPE_OVERVIEW_PAGE, "deploy_button");
  GtkButton *start_button = lumina_test_template_child (page, LUMINA_TYPE_OVERVIEW_PAGE, "start_button");
  GtkWidget *host_note = lumina_test_template_child (page, LUMINA_TYPE_OVERVIEW_PAGE, "host_note");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_visible (start_card));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (deploy_button)), ==, "win.show-view");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (deploy_button)), NULL),
                   ==, "models");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (start_button)), NULL),
                   ==, "data");
  /* No monitor: the host tiles say they are not collected, with no figure. */
  g_assert_true (gtk_widget_get_visible (host_note));
  g_assert_true (isnan (lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_CPU)));
  g_assert_true (lumina_overview_page_get_live (fixture->page));
}

/* ---- figures from a real metric store ------------------------------------ */

static void
append_sample (LuminaMetricStore  *store,
               guint               series,
               gint64              time_ms,
               double              value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_metric_store_append (store, series, time_ms, value, &error));
  g_assert_no_error (error);
}

static void
test_overview_figures (void)
{
  g_autofree char *dir = lumina_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "metrics.db", NULL);
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) recent = NULL;
  g_autoptr(GArray) ratios = NULL;
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GArray) requests = NULL;
  g_autoptr(GArray) line = NULL;
  const char *a[] = { "deployment", "api", "variant", "primary", NULL };
  const char *b[] = { "deployment", "api", "variant", "challenger", NULL };
  const char *other[] = { "deployment", "web", "variant", "primary", NULL };
  const char *matchers[] = { "deployment", "=", "api", NULL };
  gint64 now = g_get_real_time () / 1000;
  guint sa, sb, so, ea, ra;
  double previous, current;
  const char *style;
  char *text;

  store = lumina_metric_store_new_for_path (path, &error);
  g_assert_no_error (error);
  sa = lumina_metric_store_series (store, "lumina_serve_requests_per_second", a, &error);
  sb = lumina_metric_store_series (store, "lumina_serve_requests_per_second", b, &error);
  so = lumina_metric_store_series (store, "lumina_serve_requests_per_second", other, &error);
  g_assert_no_error (error);

  /* 25 minutes ago 2 + 1 req/s; 5 minutes ago 4 + 2: the last 15 minutes double. */
  append_sample (store, sa, now - 25 * 60000, 2);
  append_sample (store, sb, now - 25 * 60000, 1);
  append_sample (store, so, now - 25 * 60000, 100);
  append_sample (store, sa, now - 5 * 60000, 4);
  append_sample (store, sb, now - 5 * 60000, 2);
  append_sample (store, sa, now - 4 * 60000, 8);
  g_assert_true (lumina_metric_store_flush (store, &error));

  /* Recent points sum over the deployment's series at each time. */
  recent = lumina_overview_recent (store, "lumina_serve_requests_per_second", matchers, now - 30 * 60000,
                                   LUMINA_OVERVIEW_COMBINE_SUM);
  g_assert_cmpuint (recent->len, ==, 3);
  g_assert_cmpfloat (g_array_index (recent, LuminaMetricSample, 0).value, ==, 3);
  g_assert_cmpfloat (g_array_index (recent, LuminaMetricSample, 1).value, ==, 6);
  g_assert_cmpfloat (g_array_index (recent, LuminaMetricSample, 2).value, ==, 8);

  /* The sparkline keeps the last 15 minutes only, newest at the right. */
  line = lumina_overview_bucketize (recent, now, 15 * 60000, 90, 1.0);
  g_assert_cmpuint (line->len, ==, 90);
  g_assert_true (isnan (g_array_index (line, double, 0)));
  g_assert_cmpfloat (g_array_index (line, double, 60), ==, 6);
  g_assert_cmpfloat (g_array_index (line, double, 66), ==, 8);
  g_assert_true (isnan (g_array_index (line, double, 89)));

  /* Periods: 3 before, then the mean of the minutes 6 and 8. */
  g_assert_true (lumina_overview_period_values (store, "lumina_serve_requests_per_second", matchers,
                                                LUMINA_METRIC_AGG_AVG, LUMINA_OVERVIEW_COMBINE_SUM, FALSE,
                                                now, 15 * 60000, &previous, &current));
  g_assert_cmpfloat_with_epsilon (previous, 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (current, 7, 1e-9);
  text = lumina_overview_format_change (previous, current, LUMINA_OVERVIEW_POLARITY_HIGHER_IS_BETTER, &style);
  g_assert_cmpstr (text, ==, "↑ 133 %");
  g_assert_cmpstr (style, ==, "success");
  g_free (text);

  /* Nothing matched: no comparison. */
  g_assert_false (lumina_overview_period_values (store, "lumina_serve_requests_per_second",
                                                 (const char *[]) { "deployment", "=", "none", NULL },
                                                 LUMINA_METRIC_AGG_AVG, LUMINA_OVERVIEW_COMBINE_SUM, FALSE,
                                                 now, 15 * 60000, &previous, &current));
  g_assert_true (isnan (previous) && isnan (current));

  /* Error ratios from counters, per interval and in total, across a reset. */
  ea = lumina_metric_store_series (store, "lumina_serve_errors_total", a, &error);
  ra = lumina_metric_store_series (store, "lumina_serve_requests_total", a, &error);
  append_sample (store, ea, now - 3000, 0);
  append_sample (store, ra, now - 3000, 100);
  append_sample (store, ea, now - 2000, 5);
  append_sample (store, ra, now - 2000, 150);
  append_sample (store, ea, now - 1000, 1);   /* the server restarted */
  append_sample (store, ra, now - 1000, 50);
  errors = lumina_overview_recent (store, "lumina_serve_errors_total", matchers, 0, LUMINA_OVERVIEW_COMBINE_SUM);
  requests = lumina_overview_recent (store, "lumina_serve_requests_total", matchers, 0, LUMINA_OVERVIEW_COMBINE_SUM);
  ratios = lumina_overview_counter_ratio (errors, requests);
  g_assert_cmpuint (ratios->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (ratios, LuminaMetricSample, 0).value, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (ratios, LuminaMetricSample, 1).value, 0.02, 1e-9);
  g_assert_cmpfloat_with_epsilon (lumina_overview_counter_ratio_total (errors, requests), 6.0 / 100.0, 1e-9);

  /* How changes read: latency up is bad news, down good; tiny moves are none. */
  text = lumina_overview_format_change (10, 20, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER, &style);
  g_assert_cmpstr (text, ==, "↑ 100 %");
  g_assert_cmpstr (style, ==, "error");
  g_free (text);
  text = lumina_overview_format_change (20, 15, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER, &style);
  g_assert_cmpstr (text, ==, "↓ 25 %");
  g_assert_cmpstr (style, ==, "success");
  g_free (text);
  text = lumina_overview_format_change (20, 15, LUMINA_OVERVIEW_POLARITY_HIGHER_IS_BETTER, &style);
  g_assert_cmpstr (style, ==, "warning");
  g_free (text);
  text = lumina_overview_format_change (100, 100.5, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER, &style);
  g_assert_cmpstr (text, ==, "No change");
  g_assert_cmpstr (style, ==, "dim-label");
  g_free (text);
  g_assert_null (lumina_overview_format_change (NAN, 3, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER, &style));

  g_clear_object (&store);
  lumina_test_remove_tree (dir);
}

/* ---- a real window over a real workspace -------------------------------- */

typedef struct
{
  LuminaWorkspace *workspace;
  char            *tmp_dir;
  GSettings       *settings;
  LuminaWindow    *window;
  LuminaOverviewPage *page;
  SoupSession     *session;
  char            *body;
} WindowFixture;

static void
window_set_up (WindowFixture *fixture,
               gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_DEFAULT);
  fixture->session = soup_session_new ();
  /* A linear model trained on dataset iris@1, registered as iris@champion. */
  if (user_data != NULL)
    lumina_test_register_champion (fixture->workspace, (const char * const[]) { "linear", NULL }, &fixture->body);
}

static void
window_tear_down (WindowFixture *fixture,
                  gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  g_assert_null (fixture->page);
  /* Let the servers drain before the workspace goes away. */
  lumina_test_iterate (300);

  lumina_test_close_settings (&fixture->settings);
  g_clear_object (&fixture->session);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
  g_clear_pointer (&fixture->body, g_free);
}

static void
open_window (WindowFixture *fixture,
             int            width,
             int            height)
{
  fixture->page = LUMINA_OVERVIEW_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                                 "overview", width, height));
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  g_assert_true (lumina_overview_page_get_deployments (fixture->page) == lumina_window_get_deployments (fixture->window));
  g_assert_true (lumina_overview_page_get_monitor (fixture->page) == lumina_window_get_monitor (fixture->window));
}

static gpointer
page_child (WindowFixture *fixture,
            const char    *name)
{
  return lumina_test_template_child (fixture->page, LUMINA_TYPE_OVERVIEW_PAGE, name);
}

static gboolean
has_job_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (page_child (data, "jobs_list")), 0) != NULL;
}

/* A search in progress in this process, with one trial done: a row
 * under Running Jobs. */
static void
start_job (WindowFixture *fixture,
           const char    *name)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (fixture->workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *search = lumina_tracker_start_run (tracker, "automl", NULL, name, NULL, NULL, "iris@1", 1,
                                                      &error);
  g_autofree char *trial = lumina_tracker_start_run (tracker, "automl", search, "t1", "xgboost", NULL, "iris@1",
                                                     1, &error);

  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, trial, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL,
                                            &error));
  lumina_test_wait_until (has_job_row, fixture, 5000);
}

static gboolean
host_measured (gpointer data)
{
  WindowFixture *fixture = data;

  lumina_overview_page_refresh (fixture->page);
  for (guint i = 0; i < LUMINA_OVERVIEW_N_HOST_FIGURES; i++)
    if (i != LUMINA_OVERVIEW_HOST_DISK_USED && i != LUMINA_OVERVIEW_HOST_DISK_SIZE &&
        isnan (lumina_overview_page_get_host_figure (fixture->page, i)))
      return FALSE;
  return TRUE;
}

static double
meminfo_total_bytes (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/meminfo", &contents, NULL, NULL));
  line = strstr (contents, "MemTotal:");
  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen ("MemTotal:"), NULL) * 1024.0;
}

static void
check_host (WindowFixture *fixture)
{
  double cpu, used, total, load, disk_used, disk_size;

  lumina_test_wait_until (host_measured, fixture, 15000);

  cpu = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_CPU);
  g_assert_cmpfloat (cpu, >=, 0.0);
  g_assert_cmpfloat (cpu, <=, 1.0);
  used = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_MEMORY_USED);
  total = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_MEMORY_TOTAL);
  g_assert_cmpfloat (used, >, 0.0);
  g_assert_cmpfloat (used, <=, total);
  g_assert_cmpfloat (total, ==, meminfo_total_bytes ());
  load = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_LOAD1);
  g_assert_cmpfloat (load, >=, 0.0);

  /* The tiles show those figures. */
  g_assert_true (g_str_has_suffix (gtk_label_get_text (page_child (fixture, "cpu_value")), "%"));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (page_child (fixture, "memory_value")), "%"));
  g_assert_nonnull (strstr (gtk_label_get_text (page_child (fixture, "memory_detail")), " of "));
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "host_note")));

  /* The disk is the root file system or, where that is not measured, the one holding the workspace. */
  disk_used = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_DISK_USED);
  disk_size = lumina_overview_page_get_host_figure (fixture->page, LUMINA_OVERVIEW_HOST_DISK_SIZE);
  if (!isnan (disk_size))
    {
      g_assert_cmpfloat (disk_used, <=, disk_size);
      g_assert_nonnull (strstr (gtk_label_get_text (page_child (fixture, "disk_detail")), " free on /"));
    }
  else
    g_test_message ("No measured file system holds / or the workspace here");
}

static void
test_overview_window_empty (WindowFixture *fixture,
                            gconstpointer  user_data)
{
  open_window (fixture, 1280, 800);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "deployments_stack")), ==, "empty");
  g_assert_true (gtk_widget_get_visible (page_child (fixture, "start_card")));
  /* Importing data is the one suggested action. */
  g_assert_true (gtk_widget_has_css_class (page_child (fixture, "start_button"), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (page_child (fixture, "deploy_button"), "suggested-action"));
  g_assert_true (lumina_overview_page_get_live (fixture->page));
  check_host (fixture);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-empty.png");

  /* The empty state's button leads to the Models view, where models are deployed from. */
  lumina_test_click (page_child (fixture, "deploy_button"));
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "models");
  /* Off screen, nothing runs. */
  g_assert_false (lumina_overview_page_get_live (fixture->page));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "overview");
  lumina_test_iterate (100);
  g_assert_true (lumina_overview_page_get_live (fixture->page));
  /* The host tiles lead to the Monitoring view. */
  lumina_test_click (page_child (fixture, "cpu_tile"));
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "monitoring");
  g_assert_false (lumina_overview_page_get_live (fixture->page));
}

/* ---- HTTP --------------------------------------------------------------- */

static void
send_requests (WindowFixture *fixture,
               const char    *name,
               guint          n)
{
  lumina_test_send_requests (fixture->session, lumina_window_get_deployments (fixture->window), name, fixture->body, n);
}

static void
create_deployment (WindowFixture *fixture,
                   const char    *name,
                   gboolean       start)
{
  LuminaDeploymentManager *manager = lumina_window_get_deployments (fixture->window);
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_int_member (settings, "port", lumina_test_free_port ());
  json_object_set_int_member (settings, "workers", 1);
  g_assert_true (lumina_deployment_manager_create (manager, name, "iris@champion", settings, &error));
  g_assert_no_error (error);
  if (start)
    {
      g_assert_true (lumina_deployment_manager_start (manager, name, &error));
      g_assert_no_error (error);
    }
}

static gboolean
card_has_points (gpointer data)
{
  WindowFixture *fixture = data;
  LuminaKpiCard *card = lumina_overview_page_find_card (fixture->page, "api");

  lumina_overview_page_refresh (fixture->page);
  return card != NULL &&
         lumina_kpi_card_get_n_points (card, LUMINA_KPI_THROUGHPUT) >= 2 &&
         lumina_kpi_card_get_n_points (card, LUMINA_KPI_LATENCY) >= 1;
}

static gboolean
has_event (WindowFixture *fixture,
           const char    *kind,
           const char    *object)
{
  GListModel *events = lumina_overview_page_get_activity (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(LuminaEvent) event = g_list_model_get_item (events, i);

      if (g_strcmp0 (lumina_event_get_kind (event), kind) == 0 &&
          g_strcmp0 (lumina_event_get_object (event), object) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_card_figures (WindowFixture *fixture)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (lumina_window_get_deployments (fixture->window), "api");
  LuminaKpiCard *card = lumina_overview_page_find_card (fixture->page, "api");
  g_autoptr(GPtrArray) stats = NULL;
  g_autofree char *rps = NULL;
  g_autofree char *p99 = NULL;
  LuminaDeploymentFigures figures;

  /* The card and the server's own statistics, read in the same turn of the loop. */
  lumina_overview_page_refresh (fixture->page);
  stats = lumina_model_server_get_stats (server);
  lumina_deployment_figures_compute (stats, &figures);
  g_assert_cmpuint (figures.requests, >=, 20);
  g_assert_cmpfloat (figures.rps, >, 0);
  g_assert_true (isfinite (figures.p99_ms));

  rps = lumina_format_rps (figures.rps);
  p99 = lumina_format_ms (figures.p99_ms);
  g_assert_cmpstr (lumina_kpi_card_get_value (card, LUMINA_KPI_THROUGHPUT), ==, rps);
  g_assert_cmpstr (lumina_kpi_card_get_value (card, LUMINA_KPI_LATENCY), ==, p99);
  g_assert_cmpstr (lumina_kpi_card_get_value (card, LUMINA_KPI_ERRORS), ==, "0.0 %");
  g_assert_cmpuint (lumina_kpi_card_get_n_points (card, LUMINA_KPI_THROUGHPUT), >=, 2);
}

static void
test_overview_window_deployment (WindowFixture *fixture,
                                 gconstpointer  user_data)
{
  LuminaKpiCard *card;
  GtkWidget *deployments;

  open_window (fixture, 1280, 800);
  /* A workspace with data does not offer to import some. */
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "start_card")));

  create_deployment (fixture, "api", TRUE);
  lumina_test_iterate (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "deployments_stack")), ==, "cards");
  card = lumina_overview_page_find_card (fixture->page, "api");
  g_assert_nonnull (card);

  send_requests (fixture, "api", 20);
  /* The monitor samples the servers every second into the store. */
  lumina_test_wait_until (card_has_points, fixture, 15000);
  send_requests (fixture, "api", 10);
  check_card_figures (fixture);

  /* No labels came back and nothing measures drift: the card says so. */
  g_assert_cmpstr (gtk_label_get_text (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "accuracy_value")),
                   ==, "No labels yet");
  g_assert_true (gtk_widget_get_visible (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "accuracy_hint")));
  g_assert_cmpstr (gtk_label_get_text (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "drift_value")),
                   ==, "Not measured yet");
  g_assert_cmpstr (gtk_label_get_text (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "status_label")),
                   ==, "Running");

  /* Recent events include the deployment's creation. */
  g_assert_true (has_event (fixture, "deployment.created", "api"));
  check_host (fixture);

  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-dark.png");
  start_job (fixture, "AutoML on iris");
  lumina_test_scroll_to (page_child (fixture, "jobs_list"));
  lumina_test_iterate (200);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-dark-jobs.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Clicking the card opens the deployment. */
  lumina_test_click (card);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "deployments");
  deployments = gtk_stack_get_child_by_name (lumina_test_template_child (fixture->window, LUMINA_TYPE_WINDOW, "stack"),
                                             "deployments");
  g_assert_cmpstr (lumina_deployments_page_get_selected (LUMINA_DEPLOYMENTS_PAGE (deployments)), ==, "api");
  g_assert_false (lumina_overview_page_get_live (fixture->page));
}

/* A stopped deployment with history: the card compares the last 15 minutes
 * with the 15 before, from the store, and colours the change by its meaning. */
static void
test_overview_window_change (WindowFixture *fixture,
                             gconstpointer  user_data)
{
  const char *labels[] = { "deployment", "old", "model", "iris", "version", "1", "variant", "primary", NULL };
  LuminaMetricStore *store;
  LuminaKpiCard *card;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  GtkWidget *change;
  guint latency, rps;

  open_window (fixture, 1280, 800);
  create_deployment (fixture, "old", FALSE);
  store = lumina_monitor_get_store (lumina_window_get_monitor (fixture->window));
  latency = lumina_metric_store_series (store, "lumina_serve_latency_p99_seconds", labels, &error);
  rps = lumina_metric_store_series (store, "lumina_serve_requests_per_second", labels, &error);
  g_assert_no_error (error);
  append_sample (store, latency, now - 20 * 60000, 0.010);
  append_sample (store, latency, now - 5 * 60000, 0.030);
  append_sample (store, rps, now - 20 * 60000, 4);
  append_sample (store, rps, now - 5 * 60000, 3);
  g_assert_true (lumina_metric_store_flush (store, &error));

  lumina_overview_page_refresh (fixture->page);
  card = lumina_overview_page_find_card (fixture->page, "old");
  g_assert_nonnull (card);
  g_assert_cmpstr (gtk_label_get_text (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "status_label")),
                   ==, "Stopped");
  /* Not served here: no live figure, but the history is drawn; the error
   * rate has neither history nor comparison, and says so. */
  g_assert_cmpstr (lumina_kpi_card_get_value (card, LUMINA_KPI_LATENCY), ==, "—");
  g_assert_cmpuint (lumina_kpi_card_get_n_points (card, LUMINA_KPI_LATENCY), ==, 1);

  g_assert_cmpstr (lumina_kpi_card_get_change (card, LUMINA_KPI_LATENCY), ==, "↑ 200 %");
  change = lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "latency_change");
  g_assert_true (gtk_widget_has_css_class (change, "error"));
  g_assert_cmpstr (lumina_kpi_card_get_change (card, LUMINA_KPI_THROUGHPUT), ==, "↓ 25 %");
  change = lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "throughput_change");
  g_assert_true (gtk_widget_has_css_class (change, "warning"));
  /* No requests counted in either period: no error comparison. */
  g_assert_null (lumina_kpi_card_get_change (card, LUMINA_KPI_ERRORS));
  g_assert_cmpstr (gtk_label_get_text (lumina_test_template_child (card, LUMINA_TYPE_KPI_CARD, "errors_change")),
                   ==, "No data yet");
}

static void
test_overview_window_narrow (WindowFixture *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *first, *second;
  graphene_point_t a, b;

  open_window (fixture, 360, 700);
  create_deployment (fixture, "api", TRUE);
  create_deployment (fixture, "batch", FALSE);
  send_requests (fixture, "api", 10);
  lumina_test_wait_until (card_has_points, fixture, 15000);
  check_host (fixture);
  lumina_test_iterate (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, 360);

  /* One column: the second card sits below the first. */
  first = GTK_WIDGET (lumina_overview_page_find_card (fixture->page, "api"));
  second = GTK_WIDGET (lumina_overview_page_find_card (fixture->page, "batch"));
  g_assert_true (gtk_widget_compute_point (first, GTK_WIDGET (fixture->page), &GRAPHENE_POINT_INIT (0, 0), &a));
  g_assert_true (gtk_widget_compute_point (second, GTK_WIDGET (fixture->page), &GRAPHENE_POINT_INIT (0, 0), &b));
  g_assert_cmpfloat (a.x, ==, b.x);
  g_assert_cmpfloat (b.y, >, a.y);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-narrow.png");

  lumina_test_scroll_to (page_child (fixture, "host_box"));
  lumina_test_iterate (200);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-narrow-host.png");

  /* A job in progress, in one column too. */
  start_job (fixture, "AutoML on churn, 300 s budget");
  lumina_test_scroll_to (page_child (fixture, "jobs_list"));
  lumina_test_iterate (200);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "overview-narrow-jobs.png");
}

static GtkListBox *
jobs_list (Fixture *fixture)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                      LUMINA_TYPE_OVERVIEW_PAGE, "jobs_list"));
}

typedef struct
{
  Fixture    *fixture;
  const char *run_id;
  const char *where;      /* the subtitle's second line holds this; NULL: the row is gone */
  const char *subtitle;   /* the subtitle holds this, when not NULL */
} JobWait;

static AdwActionRow *
find_job_row (Fixture    *fixture,
              const char *run_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (jobs_list (fixture)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), run_id) == 0)
        return ADW_ACTION_ROW (child);
    }
  return NULL;
}


static gboolean
job_shows (gpointer data)
{
  JobWait *wait = data;
  AdwActionRow *row = find_job_row (wait->fixture, wait->run_id);

  if (wait->where == NULL)
    return row == NULL;
  return row != NULL
         && strstr (adw_action_row_get_subtitle (row), wait->where) != NULL
         && (wait->subtitle == NULL || strstr (adw_action_row_get_subtitle (row), wait->subtitle) != NULL);
}

static GtkButton *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *button = find_button (child);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static void
run_cli (const char *workspace_path,
         const char *const *args,
         GPid       *pid)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) LUMINA_CLI_BUILD_PATH);
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, (gpointer) workspace_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (pid != NULL)
    g_spawn_async (NULL, (char **) argv->pdata, NULL,
                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, pid, &error);
  else
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  if (pid == NULL)
    g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Running Jobs: a search in this process, with its trials counted; a
 * search started by `lumina automl run`, with its own process's figures;
 * that process killed, the search shown as interrupted and recorded as
 * failed from its row. */
static void
test_overview_jobs (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (fixture->workspace);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "..", "data", "iris.csv", NULL);
  const char *import_args[] = { "data", "import", csv, "--name", "iris", NULL };
  const char *automl_args[] = { "automl", "run", "--data", "iris", "--target", "species",
                                "--budget", "120", "--experiment", "from-cli", NULL };
  g_autofree char *search = NULL;
  g_autofree char *trial = NULL;
  g_autofree char *process_prefix = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaRun) cli_run = NULL;
  JobWait wait = { fixture, NULL, NULL, NULL };
  const char *ws_path = lumina_workspace_get_path (fixture->workspace);
  AdwActionRow *row;
  GPid pid = 0;
  char *cli_id = NULL;

  /* Rows lead to the run page, through the window's action. */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) show_run = g_simple_action_new ("show-run", G_VARIANT_TYPE_STRING);

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show_run));
    gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  }

  /* Nothing running: the placeholder, no rows. */
  lumina_test_iterate (500);
  g_assert_null (gtk_list_box_get_row_at_index (jobs_list (fixture), 0));

  search = lumina_tracker_start_run (tracker, "churn", NULL, "AutoML on churn", NULL, NULL, "churn@2", 1,
                                     &error);
  g_assert_no_error (error);
  wait.run_id = search;
  wait.where = "In this app · CPU";
  lumina_test_wait_until (job_shows, &wait, 5000);
  row = find_job_row (fixture, search);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "AutoML on churn");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "churn · churn@2"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.show-run");

  trial = lumina_tracker_start_run (tracker, "churn", search, "t1", "xgboost", NULL, "churn@2", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, trial, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL,
                                            &error));
  wait.subtitle = "1 trial done";
  lumina_test_wait_until (job_shows, &wait, 5000);
  /* Updated in place: the same row. */
  g_assert_true (find_job_row (fixture, search) == row);

  /* A search in another process. */
  run_cli (ws_path, import_args, NULL);
  run_cli (ws_path, automl_args, &pid);
  for (guint i = 0; i < 300 && cli_id == NULL; i++)
    {
      lumina_test_iterate (100);
      active = lumina_tracker_list_active_runs (tracker, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < active->len; j++)
        {
          LuminaActiveRun *item = g_ptr_array_index (active, j);

          if (item->pid == pid)
            cli_id = g_strdup (lumina_run_get_id (item->run));
        }
      g_clear_pointer (&active, g_ptr_array_unref);
    }
  g_assert_nonnull (cli_id);
  process_prefix = g_strdup_printf ("Process %d · CPU", pid);
  wait.run_id = cli_id;
  wait.where = process_prefix;
  wait.subtitle = "from-cli · iris";
  lumina_test_wait_until (job_shows, &wait, 10000);
  /* A search is named by what it predicts, and measured against its budget. */
  row = find_job_row (fixture, cli_id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "AutoML search for “species”");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), " of 2 min"));

  /* Killed: interrupted, and recorded as failed from the row. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  g_spawn_close_pid (pid);
  wait.where = "Interrupted: process";
  wait.subtitle = NULL;
  lumina_test_wait_until (job_shows, &wait, 10000);
  row = find_job_row (fixture, cli_id);
  g_assert_nonnull (find_button (GTK_WIDGET (row)));
  lumina_test_screenshot (GTK_WIDGET (jobs_list (fixture)), "overview-jobs.png");
  lumina_test_click (find_button (GTK_WIDGET (row)));
  wait.where = NULL;
  lumina_test_wait_until (job_shows, &wait, 5000);
  cli_run = lumina_tracker_get_run (tracker, cli_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_run_get_status (cli_run), ==, LUMINA_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (lumina_run_get_error (cli_run), "process running it ended"));
  /* The search in this process is untouched. */
  g_assert_nonnull (find_job_row (fixture, search));

  g_assert_true (lumina_tracker_finish_run (tracker, search, LUMINA_RUN_STATUS_CANCELLED, NULL, NULL, NULL,
                                            &error));
  wait.run_id = search;
  lumina_test_wait_until (job_shows, &wait, 5000);
  g_assert_null (gtk_list_box_get_row_at_index (jobs_list (fixture), 0));
  g_free (cli_id);
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/overview/initial", Fixture, NULL,
              fixture_set_up, test_overview_initial, fixture_tear_down);
  g_test_add ("/app/overview/append", Fixture, NULL,
              fixture_set_up, test_overview_append, fixture_tear_down);
  g_test_add ("/app/overview/other-writer", Fixture, NULL,
              fixture_set_up, test_overview_other_writer, fixture_tear_down);
  g_test_add ("/app/overview/limit", Fixture, NULL,
              fixture_set_up, test_overview_limit, fixture_tear_down);
  g_test_add ("/app/overview/row-targets", Fixture, NULL,
              fixture_set_up, test_overview_row_targets, fixture_tear_down);
  g_test_add ("/app/overview/empty-page", Fixture, NULL,
              fixture_set_up, test_overview_empty_page, fixture_tear_down);
  g_test_add ("/app/overview/jobs", Fixture, NULL,
              fixture_set_up, test_overview_jobs, fixture_tear_down);
  g_test_add_func ("/app/overview/figures", test_overview_figures);
  g_test_add ("/app/overview/window/empty", WindowFixture, NULL,
              window_set_up, test_overview_window_empty, window_tear_down);
  g_test_add ("/app/overview/window/deployment", WindowFixture, "iris",
              window_set_up, test_overview_window_deployment, window_tear_down);
  g_test_add ("/app/overview/window/change", WindowFixture, "iris",
              window_set_up, test_overview_window_change, window_tear_down);
  g_test_add ("/app/overview/window/narrow", WindowFixture, "iris",
              window_set_up, test_overview_window_narrow, window_tear_down);

  return g_test_run ();
}
