/* test-monitoring-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Monitoring view in a real window over a real workspace: host charts
 * from the real collectors, a deployment served here and the request
 * rate, latency and event markers it produces, the GPU panel's honest
 * empty state, the dashboard (add through the dialog, move, remove, the
 * layout file across windows), time ranges, refreshing only while on
 * screen, a narrow window and the dark style, with screenshots.
 */
#define G_LOG_DOMAIN "test-monitoring-page"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "lumina-chart-private.h"
#include "lumina-monitoring-add-dialog.h"
#include "lumina-monitoring-layout.h"
#include "lumina-monitoring-page-private.h"
#include "lumina-test-input.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

typedef struct
{
  LuminaWorkspace      *workspace;
  char                 *tmp_dir;
  GSettings            *settings;
  LuminaWindow         *window;
  LuminaMonitoringPage *page;
  SoupSession          *session;
} Fixture;

static void
reset_prometheus (GSettings *settings)
{
  g_settings_reset (settings, "prometheus-url");
  g_settings_reset (settings, "prometheus-token");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_FORCE_LIGHT);
  reset_prometheus (fixture->settings);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  lumina_test_iterate (300);

  reset_prometheus (fixture->settings);
  lumina_test_close_settings (&fixture->settings);
  g_clear_object (&fixture->session);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  fixture->page = LUMINA_MONITORING_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                                   "monitoring", width, height));
  g_assert_true (LUMINA_IS_MONITORING_PAGE (fixture->page));
  g_assert_true (lumina_monitoring_page_get_monitor (fixture->page) == lumina_window_get_monitor (fixture->window));
  g_assert_nonnull (lumina_monitoring_page_get_monitor (fixture->page));
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  return lumina_test_template_child (fixture->page, LUMINA_TYPE_MONITORING_PAGE, name);
}

static void
show_tab (Fixture    *fixture,
          const char *name)
{
  adw_view_stack_set_visible_child_name (page_child (fixture, "view_stack"), name);
  lumina_test_iterate (100);
}

static LuminaMetricStore *
store (Fixture *fixture)
{
  return lumina_monitor_get_store (lumina_window_get_monitor (fixture->window));
}

/* ---- charts ------------------------------------------------------------- */

static LuminaChartSeries *
chart_series (LuminaChart *chart,
              guint        index)
{
  g_assert_nonnull (chart);
  g_assert_cmpuint (index, <, chart->series->len);
  return g_ptr_array_index (chart->series, index);
}

static guint
n_finite (LuminaChartSeries *series)
{
  guint n = 0;

  for (guint i = 0; i < series->y->len; i++)
    n += isfinite (g_array_index (series->y, double, i));
  return n;
}

static void
assert_values_within (LuminaChartSeries *series,
                      double             min,
                      double             max)
{
  for (guint i = 0; i < series->y->len; i++)
    {
      double y = g_array_index (series->y, double, i);

      if (isfinite (y))
        {
          g_assert_cmpfloat (y, >=, min);
          g_assert_cmpfloat (y, <=, max);
        }
    }
}

static void
assert_times_within (LuminaChart *chart,
                     gint64       from_ms,
                     gint64       to_ms)
{
  for (guint s = 0; s < chart->series->len; s++)
    {
      LuminaChartSeries *series = g_ptr_array_index (chart->series, s);

      for (guint i = 0; i < series->x->len; i++)
        {
          g_assert_cmpfloat (g_array_index (series->x, double, i), >=, from_ms / 1000.0);
          g_assert_cmpfloat (g_array_index (series->x, double, i), <=, to_ms / 1000.0);
        }
    }
}

typedef struct
{
  Fixture    *fixture;
  const char *chart;
  guint       series;
  guint       points;
} ChartWait;

static gboolean
chart_has_points (gpointer data)
{
  ChartWait *wait = data;
  LuminaChart *chart;

  lumina_monitoring_page_refresh (wait->fixture->page);
  chart = lumina_monitoring_page_get_chart (wait->fixture->page, wait->chart);
  return chart != NULL && chart->series->len > wait->series &&
         n_finite (g_ptr_array_index (chart->series, wait->series)) >= wait->points;
}

static void
wait_for_points (Fixture    *fixture,
                 const char *chart,
                 guint       series,
                 guint       points)
{
  ChartWait wait = { fixture, chart, series, points };

  lumina_test_wait_until (chart_has_points, &wait, 20000);
}

/* ---- System health ------------------------------------------------------ */

static void
test_health (Fixture       *fixture,
             gconstpointer  user_data)
{
  LuminaChart *cpu, *memory, *process;
  LuminaGpuCollector *gpu;
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) total = NULL;
  g_autoptr(GArray) recent = NULL;

  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "health");
  wait_for_points (fixture, "cpu", 0, 3);

  /* CPU: all cores first, then one line per core, in percent of [0, 1]. */
  cpu = lumina_monitoring_page_get_chart (fixture->page, "cpu");
  g_assert_cmpstr (chart_series (cpu, 0)->name, ==, "All cores");
  g_assert_cmpuint (cpu->series->len, ==, 1 + MIN (g_get_num_processors (), 8));
  for (guint i = 0; i < cpu->series->len; i++)
    assert_values_within (chart_series (cpu, i), 0, 100);
  total = lumina_metric_store_find_series (store (fixture), "host_cpu_usage_ratio",
                                           (const char * const[]) { "cpu", "=", "total", NULL }, NULL);
  g_assert_cmpuint (total->len, ==, 1);
  recent = lumina_metric_store_recent (store (fixture), ((LuminaMetricSeriesInfo *) total->pdata[0])->id, 0);
  g_assert_cmpuint (recent->len, >=, 3);
  for (guint i = 0; i < recent->len; i++)
    {
      g_assert_cmpfloat (g_array_index (recent, LuminaMetricSample, i).value, >=, 0);
      g_assert_cmpfloat (g_array_index (recent, LuminaMetricSample, i).value, <=, 1);
    }

  /* Memory: used below total, both real. */
  memory = lumina_monitoring_page_get_chart (fixture->page, "memory");
  g_assert_cmpuint (n_finite (chart_series (memory, 0)), >, 0);
  g_assert_cmpuint (n_finite (chart_series (memory, 1)), >, 0);
  g_assert_cmpfloat (g_array_index (chart_series (memory, 0)->y, double, 0), >, 0);
  g_assert_cmpfloat (g_array_index (chart_series (memory, 0)->y, double, 0), <=,
                     g_array_index (chart_series (memory, 1)->y, double, 0));

  wait_for_points (fixture, "process-memory", 0, 1);
  process = lumina_monitoring_page_get_chart (fixture->page, "process-memory");
  g_assert_cmpfloat (g_array_index (chart_series (process, 0)->y, double, 0), >, 1e6);
  wait_for_points (fixture, "load", 0, 1);
  wait_for_points (fixture, "network", 0, 1);
  wait_for_points (fixture, "filesystem", 0, 1);
  assert_values_within (chart_series (lumina_monitoring_page_get_chart (fixture->page, "filesystem"), 0), 0, 100);

  /* No NVIDIA GPU here: the panel says why, in the collector's words. */
  gpu = lumina_collector_thread_get_gpu_collector (lumina_monitor_get_collectors (lumina_window_get_monitor (fixture->window)));
  g_assert_false (lumina_gpu_collector_is_available (gpu));
  reason = lumina_gpu_collector_dup_unavailable_reason (gpu);
  g_assert_nonnull (reason);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "gpu_stack")), ==, "unavailable");
  g_assert_cmpstr (gtk_label_get_text (page_child (fixture, "gpu_reason_label")), ==, reason);
  g_assert_null (lumina_monitoring_page_get_chart (fixture->page, "gpu-utilization"));

  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-health.png");
  lumina_test_scroll_to (page_child (fixture, "gpu_group"));
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-health-gpu.png");
}

/* ---- Model lifecycle ---------------------------------------------------- */

static void
send_requests (Fixture    *fixture,
               const char *name,
               const char *body,
               guint       n)
{
  lumina_test_send_requests (fixture->session, lumina_window_get_deployments (fixture->window), name, body, n);
}

static gboolean
has_positive (LuminaChartSeries *series)
{
  for (guint i = 0; i < series->y->len; i++)
    if (g_array_index (series->y, double, i) > 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  Fixture     *fixture;
  const char  *name;
  const char  *body;
} Traffic;

/* Keeps requests coming until the chart has seen a positive rate. */
static gboolean
rate_shown (gpointer data)
{
  Traffic *traffic = data;
  LuminaChart *chart;

  send_requests (traffic->fixture, traffic->name, traffic->body, 5);
  lumina_monitoring_page_refresh (traffic->fixture->page);
  chart = lumina_monitoring_page_get_chart (traffic->fixture->page, "requests:api");
  if (chart == NULL || chart->series->len == 0 || !has_positive (g_ptr_array_index (chart->series, 0)))
    return FALSE;
  /* The error rate needs two samples of the counters with requests between. */
  chart = lumina_monitoring_page_get_chart (traffic->fixture->page, "errors:api");
  return chart->series->len > 0 && n_finite (g_ptr_array_index (chart->series, 0)) > 0;
}

static gboolean
has_annotation (LuminaChart *chart,
                const char  *text)
{
  for (guint i = 0; i < chart->annotations->len; i++)
    if (strstr (g_array_index (chart->annotations, LuminaChartAnnotation, i).label, text) != NULL)
      return TRUE;
  return FALSE;
}

static double
annotation_x (LuminaChart *chart,
              const char  *text)
{
  for (guint i = 0; i < chart->annotations->len; i++)
    if (strstr (g_array_index (chart->annotations, LuminaChartAnnotation, i).label, text) != NULL)
      return g_array_index (chart->annotations, LuminaChartAnnotation, i).x;
  g_assert_not_reached ();
}

static double
chart_px (LuminaChart *chart,
          double       x)
{
  return chart->plot.origin.x + (x - chart->x_range.min) / (chart->x_range.max - chart->x_range.min)
                                * chart->plot.size.width;
}

/* With a real mouse (XTEST through Xvfb): a drag across the marker zooms
 * the chart to what was dragged over, the marker still in view; the zoom
 * survives the view's refreshes; a double click goes back to the whole
 * range. */
static void
zoom_to_marker (Fixture     *fixture,
                LuminaChart *chart,
                const char  *text)
{
  double marker = annotation_x (chart, text);
  double full_min = chart->x_range.min, full_max = chart->x_range.max;
  double px = chart_px (chart, marker);
  double y = chart->plot.origin.y + chart->plot.size.height / 2;
  double left = MAX (chart->plot.origin.x + 2, px - 40);
  /* The newest marker may sit at the plot's right edge: the drag may
   * end in the margin beyond it. */
  double right = MIN (gtk_widget_get_width (GTK_WIDGET (chart)) - 2, px + 40);
  double want_min = chart->x_range.min + (left - chart->plot.origin.x) / chart->plot.size.width
                                         * (full_max - full_min);
  double want_max = chart->x_range.min + (right - chart->plot.origin.x) / chart->plot.size.width
                                         * (full_max - full_min);
  double seconds_per_px = (full_max - full_min) / chart->plot.size.width;

  g_assert_cmpfloat (marker, >=, full_min);
  g_assert_cmpfloat (marker, <=, full_max);
  lumina_test_scroll_to (GTK_WIDGET (chart));
  lumina_test_iterate (200);

  lumina_test_pointer_drag (GTK_WIDGET (chart), left, y, right, y);
  g_assert_cmpfloat_with_epsilon (chart->x_range.min, want_min, 2 * seconds_per_px);
  g_assert_cmpfloat_with_epsilon (chart->x_range.max, want_max, 2 * seconds_per_px);
  g_assert_cmpfloat (chart->x_range.max - chart->x_range.min, <, (full_max - full_min) / 4);
  g_assert_cmpfloat (marker, >, chart->x_range.min);
  g_assert_cmpfloat (marker, <, chart->x_range.max);
  g_assert_true (has_annotation (chart, text));

  /* Later refreshes bring new data but keep the zoom. */
  lumina_monitoring_page_refresh (fixture->page);
  lumina_test_iterate (1200);
  g_assert_cmpfloat_with_epsilon (chart->x_range.min, want_min, 2 * seconds_per_px);
  g_assert_cmpfloat_with_epsilon (chart->x_range.max, want_max, 2 * seconds_per_px);
  lumina_test_pointer_move (GTK_WIDGET (chart), chart_px (chart, marker) + 3, y);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-zoomed.png");

  lumina_test_pointer_double_click (GTK_WIDGET (chart), chart->plot.origin.x + chart->plot.size.width / 2, y);
  g_assert_cmpfloat (chart->x_range.max - chart->x_range.min, >, (full_max - full_min) * 0.9);
}

static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  LuminaDeploymentManager *deployments;
  LuminaChart *requests, *latency, *errors;
  Traffic traffic = { fixture, "api", NULL };

  /* Two linear models, v1 the champion, trained on dataset iris@1. */
  lumina_test_register_champion (fixture->workspace, (const char * const[]) { "linear", "linear", NULL }, NULL);
  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "lifecycle");

  /* Nothing deployed: the empty state leads to the Deployments view. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "lifecycle_stack")), ==, "empty");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-lifecycle-empty.png");
  g_signal_emit_by_name (page_child (fixture, "lifecycle_empty_button"), "clicked");
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "deployments");

  /* A deployment served here, with real requests. */
  deployments = lumina_window_get_deployments (fixture->window);
  json_object_set_int_member (settings, "port", lumina_test_free_port ());
  g_assert_true (lumina_deployment_manager_create (deployments, "api", "iris@champion", settings, &error));
  g_assert_true (lumina_deployment_manager_start (deployments, "api", &error));
  g_assert_no_error (error);
  body = lumina_load_test_build_body (lumina_window_get_registry (fixture->window), "iris@champion", 3, NULL, NULL, &error);
  g_assert_no_error (error);
  traffic.body = body;

  lumina_window_show_view (fixture->window, "monitoring");
  lumina_test_iterate (100);
  lumina_test_wait_until (rate_shown, &traffic, 30000);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "lifecycle_stack")), ==, "charts");

  requests = lumina_monitoring_page_get_chart (fixture->page, "requests:api");
  latency = lumina_monitoring_page_get_chart (fixture->page, "latency:api");
  errors = lumina_monitoring_page_get_chart (fixture->page, "errors:api");
  g_assert_cmpstr (chart_series (requests, 0)->name, ==, "v1");
  g_assert_cmpstr (chart_series (latency, 0)->name, ==, "p50");
  g_assert_cmpstr (chart_series (latency, 1)->name, ==, "p99");
  g_assert_true (has_positive (chart_series (latency, 1)));
  /* Every request succeeded: where there was traffic, 0 % failed. */
  g_assert_cmpuint (n_finite (chart_series (errors, 0)), >, 0);
  assert_values_within (chart_series (errors, 0), 0, 0);

  /* The deployment's start is marked, and so is an alias move of its model. */
  g_assert_true (has_annotation (requests, "Started"));
  g_assert_true (lumina_registry_set_alias (lumina_window_get_registry (fixture->window), "iris", "champion", 2,
                                            NULL, "test", TRUE, NULL, &error));
  g_assert_no_error (error);
  send_requests (fixture, "api", body, 5);
  lumina_test_iterate (1200);
  lumina_monitoring_page_refresh (fixture->page);
  g_assert_true (has_annotation (requests, "@champion → v2"));
  g_assert_true (has_annotation (latency, "@champion → v2"));

  lumina_test_iterate (1500);
  lumina_monitoring_page_refresh (fixture->page);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-lifecycle.png");

  zoom_to_marker (fixture, latency, "@champion → v2");
}

/* ---- Dashboard ---------------------------------------------------------- */

static LuminaMonitoringAddDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LUMINA_IS_MONITORING_ADD_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static char *
layout_path (Fixture *fixture)
{
  return g_build_filename (lumina_workspace_get_path (fixture->workspace), LUMINA_MONITORING_LAYOUT_FILE, NULL);
}

static const char *
chart_metric (Fixture *fixture,
              guint    index)
{
  JsonObject *chart = lumina_monitoring_page_get_dashboard_chart (fixture->page, index);

  g_assert_nonnull (chart);
  return json_object_get_string_member_with_default (chart, "metric", NULL);
}

static void
add_through_dialog (Fixture    *fixture,
                    const char *search)
{
  LuminaMonitoringAddDialog *dialog;
  GtkListBox *list;
  GtkWidget *row = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.add-chart", NULL));
  lumina_test_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  list = lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "series_list");
  g_assert_cmpuint (lumina_monitoring_add_dialog_get_n_visible (dialog), >, 20);
  lumina_test_screenshot (GTK_WIDGET (dialog), "monitoring-add-dialog.png");

  /* The search narrows the list to the one series. */
  gtk_editable_set_text (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "search_entry"), search);
  gtk_list_box_invalidate_filter (list);
  lumina_test_iterate (400);
  g_assert_cmpuint (lumina_monitoring_add_dialog_get_n_visible (dialog), ==, 1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      row = child;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  lumina_test_wait_until (dialog_gone, NULL, 5000);
}

static void
test_dashboard (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = layout_path (fixture);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  LuminaChart *load;

  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "dashboard");

  /* First open: the default charts, and nothing written yet. */
  g_assert_cmpuint (lumina_monitoring_page_get_n_dashboard_charts (fixture->page), ==, 4);
  g_assert_cmpstr (chart_metric (fixture, 0), ==, "host_cpu_usage_ratio");
  g_assert_cmpstr (chart_metric (fixture, 1), ==, "host_memory_used_bytes");
  g_assert_cmpstr (chart_metric (fixture, 2), ==, "lumina_serve_requests_per_second");
  g_assert_cmpstr (chart_metric (fixture, 3), ==, "lumina_serve_latency_p99_seconds");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "dashboard_stack")), ==, "grid");
  wait_for_points (fixture, "dashboard:0", 0, 2);
  assert_values_within (chart_series (lumina_monitoring_page_get_chart (fixture->page, "dashboard:0"), 0), 0, 100);
  /* No deployment: the serving charts say so rather than drawing zeros. */
  g_assert_cmpuint (lumina_monitoring_page_get_chart (fixture->page, "dashboard:2")->series->len, ==, 0);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-dashboard.png");

  /* Add a local series through the dialog. */
  add_through_dialog (fixture, "host_load5");
  g_assert_cmpuint (lumina_monitoring_page_get_n_dashboard_charts (fixture->page), ==, 5);
  g_assert_cmpstr (chart_metric (fixture, 4), ==, "host_load5");
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "host_load5"));
  wait_for_points (fixture, "dashboard:4", 0, 1);
  load = lumina_monitoring_page_get_chart (fixture->page, "dashboard:4");
  g_assert_cmpuint (load->series->len, ==, 1);

  /* Rearrange: the new chart moves left, then CPU is removed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.move-chart", "(ui)", 4, -1));
  g_assert_cmpstr (chart_metric (fixture, 3), ==, "host_load5");
  g_assert_cmpstr (chart_metric (fixture, 4), ==, "lumina_serve_latency_p99_seconds");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.move-chart", "(ui)", 0, -1));
  g_assert_cmpstr (chart_metric (fixture, 0), ==, "host_cpu_usage_ratio");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.remove-chart", "u", 0));
  g_assert_cmpuint (lumina_monitoring_page_get_n_dashboard_charts (fixture->page), ==, 4);
  g_assert_cmpstr (chart_metric (fixture, 0), ==, "host_memory_used_bytes");
  g_assert_cmpstr (chart_metric (fixture, 2), ==, "host_load5");

  saved = lumina_monitoring_layout_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 4);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (saved, 2), "metric"), ==, "host_load5");
  lumina_test_iterate (500);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-dashboard-edited.png");

  /* A new window over the same workspace shows the same dashboard; the
   * view opens on the tab last shown. */
  show_tab (fixture, "health");
  lumina_test_destroy_window (GTK_WINDOW (fixture->window));
  g_assert_null (fixture->window);
  fixture_open_window (fixture, 1280, 900);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page_child (fixture, "view_stack")), ==, "health");
  show_tab (fixture, "dashboard");
  g_assert_cmpuint (lumina_monitoring_page_get_n_dashboard_charts (fixture->page), ==, 4);
  g_assert_cmpstr (chart_metric (fixture, 0), ==, "host_memory_used_bytes");
  g_assert_cmpstr (chart_metric (fixture, 2), ==, "host_load5");
  g_assert_cmpstr (chart_metric (fixture, 3), ==, "lumina_serve_latency_p99_seconds");

  /* Removing every chart leaves an empty state that offers to add one. */
  for (guint i = 4; i > 0; i--)
    lumina_monitoring_page_remove_dashboard_chart (fixture->page, i - 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "dashboard_stack")), ==, "empty");
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-dashboard-empty.png");
}

/* A broken file gives the default dashboard; a saved one reads back as written. */
static void
test_layout_file (void)
{
  g_autofree char *dir = lumina_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, LUMINA_MONITORING_LAYOUT_FILE, NULL);
  g_autoptr(GPtrArray) charts = lumina_monitoring_layout_default ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) matchers = NULL;

  g_assert_null (lumina_monitoring_layout_load (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "[1, 2]", -1, NULL));
  g_assert_null (lumina_monitoring_layout_load (path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_ptr_array_add (charts, lumina_monitoring_chart_new_promql ("Up", "up{job=\"node\"}"));
  g_assert_true (lumina_monitoring_layout_save (path, charts, &error));
  g_assert_no_error (error);
  loaded = lumina_monitoring_layout_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 5);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (loaded, 4), "query"), ==, "up{job=\"node\"}");
  matchers = lumina_monitoring_chart_dup_matchers (g_ptr_array_index (loaded, 0));
  g_assert_cmpstrv (matchers, ((const char * const[]) { "cpu", "=", "total", NULL }));

  /* Entries this version does not understand are skipped, not fatal. */
  g_assert_true (g_file_set_contents (path, "{\"version\": 2, \"charts\": [{\"kind\": \"heatmap\"}, "
                                            "{\"kind\": \"series\", \"metric\": \"host_load1\"}]}", -1, NULL));
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = lumina_monitoring_layout_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  lumina_test_remove_tree (dir);
}

/* ---- PromQL against a real Prometheus ----------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
start_prometheus (const char *dir,
                  char      **url)
{
  g_autofree char *binary = g_find_program_in_path ("prometheus");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *config = g_build_filename (dir, "prometheus.yml", NULL);
  g_autofree char *config_arg = g_strconcat ("--config.file=", config, NULL);
  g_autofree char *data_arg = g_strconcat ("--storage.tsdb.path=", dir, "/data", NULL);
  g_autofree char *listen_arg = NULL;
  g_autoptr(GError) error = NULL;
  guint port = lumina_test_free_port ();
  GSubprocess *process;

  if (binary == NULL)
    return NULL;
  g_assert_true (g_file_set_contents (config, "global:\n  scrape_interval: 15s\n", -1, &error));
  listen_arg = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, config_arg, data_arg, listen_arg, NULL);
  g_assert_no_error (error);
  *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  return process;
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
prom_has_token (gpointer data)
{
  LuminaMonitoringPage *page = data;

  return page->prom != NULL && g_strcmp0 (lumina_prom_source_get_bearer_token (page->prom), "dashboard-token") == 0;
}

static void
test_promql (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) prometheus = start_prometheus (fixture->tmp_dir, &url);
  g_autoptr(JsonObject) broken = NULL;
  g_autofree char *saved_url = NULL;
  g_autofree char *token = NULL;
  LuminaMonitoringAddDialog *dialog;
  GtkWidget *token_row;
  LuminaChart *chart;

  if (prometheus == NULL)
    {
      g_test_skip ("prometheus is not in PATH: install Debian's prometheus package (.ci/run does)");
      return;
    }

  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "dashboard");

  /* The dialog keeps the server in the settings; a query needs both. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.add-chart", NULL));
  lumina_test_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "query_row"),
                         "vector(42)");
  g_assert_false (gtk_widget_get_sensitive (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG,
                                                                        "add_query_button")));
  gtk_editable_set_text (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "url_row"), url);
  g_assert_true (gtk_widget_get_sensitive (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG,
                                                                       "add_query_button")));
  saved_url = g_settings_get_string (fixture->settings, "prometheus-url");
  g_assert_cmpstr (saved_url, ==, url);
  /* A token for this server, kept in the secret store; queries carry it. */
  token_row = lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "token_row");
  lumina_test_wait_until (widget_sensitive, token_row, 5000);
  gtk_editable_set_text (GTK_EDITABLE (token_row), "dashboard-token");
  g_signal_emit_by_name (lumina_test_template_child (dialog, LUMINA_TYPE_MONITORING_ADD_DIALOG, "add_query_button"),
                         "clicked");
  lumina_test_wait_until (dialog_gone, NULL, 5000);
  g_assert_cmpuint (lumina_monitoring_page_get_n_dashboard_charts (fixture->page), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (lumina_monitoring_page_get_dashboard_chart (fixture->page, 4), "query"),
                   ==, "vector(42)");

  /* Prometheus answers over the whole window, one point per step. */
  wait_for_points (fixture, "dashboard:4", 0, 100);
  chart = lumina_monitoring_page_get_chart (fixture->page, "dashboard:4");
  assert_values_within (chart_series (chart, 0), 42, 42);
  token = lumina_secrets_lookup (LUMINA_SECRET_PROMETHEUS_TOKEN, url, NULL, NULL);
  g_assert_cmpstr (token, ==, "dashboard-token");
  lumina_test_wait_until (prom_has_token, fixture->page, 5000);
  g_clear_pointer (&saved_url, g_free);
  saved_url = g_settings_get_string (fixture->settings, "prometheus-token");
  g_assert_cmpstr (saved_url, ==, "");
  lumina_test_scroll_to (GTK_WIDGET (chart));
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-promql.png");

  /* A query Prometheus refuses says why on the chart. */
  lumina_monitoring_page_remove_dashboard_chart (fixture->page, 4);
  broken = lumina_monitoring_chart_new_promql ("Broken", "vector(");
  lumina_monitoring_page_add_dashboard_chart (fixture->page, broken);
  chart = lumina_monitoring_page_get_chart (fixture->page, "dashboard:4");
  lumina_test_iterate (1500);
  g_assert_cmpuint (chart->series->len, ==, 0);
  g_assert_nonnull (chart->placeholder);
  g_test_message ("placeholder: %s", chart->placeholder);
  g_assert_nonnull (strstr (chart->placeholder, "bad_data"));

  g_subprocess_force_exit (prometheus);
  g_subprocess_wait (prometheus, NULL, NULL);
}

/* ---- time ranges -------------------------------------------------------- */

static void
test_ranges (Fixture       *fixture,
             gconstpointer  user_data)
{
  LuminaChart *cpu;
  gint64 from_ms, to_ms, now_ms;
  gboolean live;
  guint before;

  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "health");
  wait_for_points (fixture, "cpu", 0, 3);
  cpu = lumina_monitoring_page_get_chart (fixture->page, "cpu");

  /* Live: the last 15 minutes from the ring buffers, following now. */
  lumina_monitoring_page_get_time_window (fixture->page, &from_ms, &to_ms, &live);
  g_assert_true (live);
  g_assert_cmpint (to_ms - from_ms, ==, 15 * 60 * 1000);
  assert_times_within (cpu, from_ms - 2000, to_ms + 2000);
  g_assert_cmpfloat (cpu->axes[0].fixed_max - cpu->axes[0].fixed_min, ==, 15 * 60);

  /* Last hour: queried from metrics.db with a step, re-queried at once. */
  before = lumina_monitoring_page_get_n_refreshes (fixture->page);
  gtk_drop_down_set_selected (page_child (fixture, "range_dropdown"), LUMINA_MONITORING_RANGE_1_HOUR);
  g_assert_cmpint (lumina_monitoring_page_get_range (fixture->page), ==, LUMINA_MONITORING_RANGE_1_HOUR);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), >, before);
  lumina_monitoring_page_get_time_window (fixture->page, &from_ms, &to_ms, &live);
  g_assert_false (live);
  g_assert_cmpint (to_ms - from_ms, ==, 3600 * 1000);
  g_assert_cmpfloat (cpu->axes[0].fixed_max - cpu->axes[0].fixed_min, ==, 3600);
  wait_for_points (fixture, "cpu", 0, 1);
  lumina_monitoring_page_get_time_window (fixture->page, &from_ms, &to_ms, NULL);
  assert_times_within (cpu, from_ms, to_ms);
  /* About 720 steps of 5 s: never more than 1000 points. */
  g_assert_cmpuint (chart_series (cpu, 0)->x->len, <=, 1000);
  assert_values_within (chart_series (cpu, 0), 0, 100);

  /* Thirty days: the same, with hour steps. */
  lumina_monitoring_page_set_range (fixture->page, LUMINA_MONITORING_RANGE_30_DAYS);
  g_assert_cmpuint (gtk_drop_down_get_selected (page_child (fixture, "range_dropdown")), ==,
                    LUMINA_MONITORING_RANGE_30_DAYS);
  lumina_monitoring_page_get_time_window (fixture->page, &from_ms, &to_ms, NULL);
  assert_times_within (cpu, from_ms, to_ms);
  g_assert_cmpuint (chart_series (cpu, 0)->x->len, <=, 1000);

  /* A custom range in the past, before anything was collected: empty,
   * and the axis shows exactly that range. */
  now_ms = g_get_real_time () / 1000;
  lumina_monitoring_page_set_custom_range (fixture->page, now_ms - 7200 * 1000, now_ms - 3600 * 1000);
  g_assert_true (gtk_widget_get_visible (page_child (fixture, "custom_button")));
  g_assert_cmpuint (gtk_drop_down_get_selected (page_child (fixture, "range_dropdown")), ==,
                    LUMINA_MONITORING_RANGE_CUSTOM);
  g_assert_cmpuint (n_finite (chart_series (cpu, 0)), ==, 0);
  g_assert_cmpfloat (cpu->axes[0].fixed_min, ==, (now_ms - 7200 * 1000) / 1000.0);
  g_assert_cmpfloat (cpu->axes[0].fixed_max, ==, (now_ms - 3600 * 1000) / 1000.0);

  /* The popover's entries: a bad date is refused, a good one applies. */
  gtk_editable_set_text (page_child (fixture, "custom_from_entry"), "yesterday");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.apply-custom-range", NULL);
  g_assert_true (gtk_widget_has_css_class (page_child (fixture, "custom_from_entry"), "error"));
  gtk_editable_set_text (page_child (fixture, "custom_from_entry"), "2026-01-01 10:00");
  gtk_editable_set_text (page_child (fixture, "custom_to_entry"), "2026-01-01 12:30");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "monitoring.apply-custom-range", NULL);
  g_assert_false (gtk_widget_has_css_class (page_child (fixture, "custom_from_entry"), "error"));
  lumina_monitoring_page_get_time_window (fixture->page, &from_ms, &to_ms, &live);
  g_assert_false (live);
  g_assert_cmpint (to_ms - from_ms, ==, 150 * 60 * 1000);

  /* Back to live, the points are recent again. */
  lumina_monitoring_page_set_range (fixture->page, LUMINA_MONITORING_RANGE_15_MINUTES);
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "custom_button")));
  g_assert_cmpuint (n_finite (chart_series (cpu, 0)), >=, 3);
}

/* ---- refreshing only while on screen ------------------------------------ */

static void
test_idle (Fixture       *fixture,
           gconstpointer  user_data)
{
  guint before;

  fixture_open_window (fixture, 1280, 900);
  g_assert_cmpuint (lumina_monitoring_page_get_refresh_interval (fixture->page), ==, 1000);

  /* On screen, every second. */
  before = lumina_monitoring_page_get_n_refreshes (fixture->page);
  lumina_test_iterate (2600);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), >=, before + 2);

  /* Another view: no work at all. */
  lumina_window_show_view (fixture->window, "overview");
  lumina_test_iterate (100);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
  before = lumina_monitoring_page_get_n_refreshes (fixture->page);
  lumina_test_iterate (2600);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), ==, before);

  /* Back on screen it refreshes at once; "Off" stops the timer. */
  lumina_window_show_view (fixture->window, "monitoring");
  lumina_test_iterate (100);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), >, before);
  gtk_drop_down_set_selected (page_child (fixture, "refresh_dropdown"), 0);
  g_assert_cmpuint (lumina_monitoring_page_get_refresh_interval (fixture->page), ==, 0);
  before = lumina_monitoring_page_get_n_refreshes (fixture->page);
  lumina_test_iterate (2200);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), ==, before);

  /* A queried range is not asked again before its step brings new data. */
  gtk_drop_down_set_selected (page_child (fixture, "refresh_dropdown"), 1);
  lumina_monitoring_page_set_range (fixture->page, LUMINA_MONITORING_RANGE_24_HOURS);
  before = lumina_monitoring_page_get_n_refreshes (fixture->page);
  lumina_test_iterate (2600);
  g_assert_cmpuint (lumina_monitoring_page_get_n_refreshes (fixture->page), ==, before);
}

/* ---- narrow and dark ---------------------------------------------------- */

static void
test_narrow_dark (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *first, *second;
  graphene_point_t a, b;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  fixture_open_window (fixture, 1280, 900);
  show_tab (fixture, "health");
  wait_for_points (fixture, "cpu", 0, 3);
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "switcher_bar")));
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-health-dark.png");
  show_tab (fixture, "dashboard");
  wait_for_points (fixture, "dashboard:0", 0, 3);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-dashboard-dark.png");
  lumina_test_destroy_window (GTK_WINDOW (fixture->window));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  fixture_open_window (fixture, 360, 640);
  lumina_test_iterate (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <=, 360);

  /* The switcher moves to the bottom bar, and the grid is one column. */
  g_assert_true (gtk_widget_get_visible (page_child (fixture, "switcher_bar")));
  first = gtk_widget_get_first_child (page_child (fixture, "dashboard_flow"));
  second = gtk_widget_get_next_sibling (first);
  g_assert_true (gtk_widget_compute_point (first, GTK_WIDGET (fixture->page), &GRAPHENE_POINT_INIT (0, 0), &a));
  g_assert_true (gtk_widget_compute_point (second, GTK_WIDGET (fixture->page), &GRAPHENE_POINT_INIT (0, 0), &b));
  g_assert_cmpfloat (a.x, ==, b.x);
  g_assert_cmpfloat (b.y, >, a.y);
  wait_for_points (fixture, "dashboard:0", 0, 2);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-narrow.png");
  show_tab (fixture, "health");
  wait_for_points (fixture, "cpu", 0, 2);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "monitoring-narrow-health.png");
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add_func ("/app/monitoring-page/layout-file", test_layout_file);
  g_test_add ("/app/monitoring-page/health", Fixture, NULL, fixture_set_up, test_health, fixture_tear_down);
  g_test_add ("/app/monitoring-page/lifecycle", Fixture, NULL, fixture_set_up, test_lifecycle, fixture_tear_down);
  g_test_add ("/app/monitoring-page/dashboard", Fixture, NULL, fixture_set_up, test_dashboard, fixture_tear_down);
  g_test_add ("/app/monitoring-page/promql", Fixture, NULL, fixture_set_up, test_promql, fixture_tear_down);
  g_test_add ("/app/monitoring-page/ranges", Fixture, NULL, fixture_set_up, test_ranges, fixture_tear_down);
  g_test_add ("/app/monitoring-page/idle", Fixture, NULL, fixture_set_up, test_idle, fixture_tear_down);
  g_test_add ("/app/monitoring-page/narrow-dark", Fixture, NULL, fixture_set_up, test_narrow_dark, fixture_tear_down);

  return g_test_run ();
}
