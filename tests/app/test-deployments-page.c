/* test-deployments-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Deployments view in a real window over a real workspace: models
 * trained and registered here with their training dataset, a deployment
 * created through the dialog and served on 127.0.0.1, real requests and
 * the live figures they produce, scaling, the canary slider, a load test,
 * stopping (draining), restoring in a new window, the empty state, and
 * screenshots.
 */
#define G_LOG_DOMAIN "test-deployments-page"

#include "config.h"

#include <math.h>

#include <libsoup/soup.h>

#include "lumina-deploy-dialog.h"
#include "lumina-deployment-row.h"
#include "lumina-deployments-page.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

typedef struct
{
  LuminaWorkspace       *workspace;
  char                  *tmp_dir;
  GSettings             *settings;
  LuminaWindow          *window;
  LuminaDeploymentsPage *page;
  SoupSession           *session;
  char                  *body;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_DEFAULT);
  fixture->session = soup_session_new ();

  /* Two models, linear at v1 (the champion) and xgboost at v2, trained on dataset iris@1. */
  if (user_data != NULL)
    lumina_test_register_champion (fixture->workspace, (const char * const[]) { "linear", "xgboost", NULL },
                                   &fixture->body);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  /* Let the servers drain before the workspace goes away. */
  lumina_test_iterate (300);

  lumina_test_close_settings (&fixture->settings);
  g_clear_object (&fixture->session);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
  g_clear_pointer (&fixture->body, g_free);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  fixture->page = LUMINA_DEPLOYMENTS_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                                    "deployments", width, height));
  g_assert_true (LUMINA_IS_DEPLOYMENTS_PAGE (fixture->page));
  g_assert_true (lumina_deployments_page_get_manager (fixture->page) == lumina_window_get_deployments (fixture->window));
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), LUMINA_TYPE_DEPLOYMENTS_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
page_state (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (page_child (fixture, "stack"));
}

static LuminaDeploymentManager *
manager (Fixture *fixture)
{
  return lumina_window_get_deployments (fixture->window);
}

/* ---- HTTP --------------------------------------------------------------- */

static guint
request (Fixture    *fixture,
         const char *method,
         const char *url,
         const char *body)
{
  return lumina_test_http_request (fixture->session, method, url, body);
}

static char *
deployment_url (Fixture    *fixture,
                const char *name,
                const char *path)
{
  return lumina_test_deployment_url (manager (fixture), name, path);
}

static void
send_requests (Fixture    *fixture,
               const char *name,
               guint       n)
{
  lumina_test_send_requests (fixture->session, manager (fixture), name, fixture->body, n);
}

typedef struct
{
  Fixture *fixture;
  char    *url;
} PortCheck;

static gboolean
is_port_closed (gpointer data)
{
  PortCheck *check = data;

  return request (check->fixture, "GET", check->url, NULL) == 0;
}

static JsonObject *
deployment_info (Fixture    *fixture,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lumina_deployment_manager_get (manager (fixture), name, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static LuminaDeploymentRow *
find_row (Fixture    *fixture,
          const char *name)
{
  GtkWidget *list = page_child (fixture, "list_box");

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (LUMINA_IS_DEPLOYMENT_ROW (child) && g_strcmp0 (lumina_deployment_row_get_name (LUMINA_DEPLOYMENT_ROW (child)), name) == 0)
      return LUMINA_DEPLOYMENT_ROW (child);
  return NULL;
}

static const char *
row_label (LuminaDeploymentRow *row,
           const char          *name)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), LUMINA_TYPE_DEPLOYMENT_ROW, name)));
}

static void
scroll_detail_to (Fixture    *fixture,
                  const char *child)
{
  lumina_test_scroll_to (page_child (fixture, child));
}

static guint
count_csv_lines (LuminaChart *chart,
                 const char  *tmp_dir)
{
  g_autofree char *path = g_build_filename (tmp_dir, "chart.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (lumina_chart_export_csv (chart, file, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  return g_strv_length (lines);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  fixture_open_window (fixture, 1280, 800);

  g_assert_cmpstr (page_state (fixture), ==, "empty");
  g_assert_true (lumina_deployments_page_get_sampling (fixture->page));
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-empty.png");

  /* Its button leads to the Models view, where models are deployed from. */
  g_signal_emit_by_name (page_child (fixture, "empty_button"), "clicked");
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "models");
  g_assert_false (lumina_deployments_page_get_sampling (fixture->page));
}

static LuminaDeployDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LUMINA_IS_DEPLOY_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gpointer
dialog_child (LuminaDeployDialog *dialog,
              const char         *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), LUMINA_TYPE_DEPLOY_DIALOG, name);
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static void
create_through_dialog (Fixture *fixture)
{
  LuminaDeployDialog *dialog;
  GtkWidget *create_button;
  g_autoptr(JsonObject) info = NULL;

  /* What the Models view's Deploy… button does. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.deploy-model", "s", "iris@champion");
  lumina_test_iterate (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (lumina_deploy_dialog_get_model_ref (dialog), ==, "iris@champion");
  g_assert_cmpstr (gtk_editable_get_text (dialog_child (dialog, "name_row")), ==, "iris");
  create_button = dialog_child (dialog, "create_button");
  g_assert_true (gtk_widget_get_sensitive (create_button));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog_child (dialog, "port_spin")), >=, 8080);

  /* Names are checked as they are typed. */
  gtk_editable_set_text (dialog_child (dialog, "name_row"), "bad name");
  g_assert_false (gtk_widget_get_sensitive (create_button));
  gtk_editable_set_text (dialog_child (dialog, "name_row"), "api");
  g_assert_true (gtk_widget_get_sensitive (create_button));

  gtk_spin_button_set_value (dialog_child (dialog, "port_spin"), lumina_test_free_port ());
  gtk_spin_button_set_value (dialog_child (dialog, "workers_spin"), 2);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (dialog), "deployments-create-dialog.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "deploy.create", NULL);
  lumina_test_wait_until (dialog_gone, NULL, 10000);

  info = deployment_info (fixture, "api");
  g_assert_cmpstr (json_object_get_string_member (info, "state"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (info, "wanted"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (info, "model_ref"), ==, "iris@champion");
  g_assert_cmpstr (page_state (fixture), ==, "detail");
  g_assert_cmpstr (lumina_deployments_page_get_selected (fixture->page), ==, "api");
}

static gboolean
rps_shown (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (data), "—") != 0;
}

static guint64
served (Fixture    *fixture,
        const char *name,
        const char *variant)
{
  g_autoptr(GPtrArray) stats = lumina_model_server_get_stats (lumina_deployment_manager_get_server (manager (fixture), name));
  guint64 total = 0;

  for (guint i = 0; i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      if (variant == NULL ? !g_str_equal (s->variant, "shadow") : g_str_equal (s->variant, variant))
        total += s->requests;
    }
  return total;
}

static void
check_figures (Fixture *fixture)
{
  LuminaDeploymentRow *row = find_row (fixture, "api");
  double rps;

  g_assert_nonnull (row);
  send_requests (fixture, "api", 30);
  lumina_deployments_page_sample (fixture->page);

  /* The row shows the server's own figures. */
  g_assert_cmpstr (row_label (row, "status_label"), ==, "Running");
  g_assert_true (g_str_has_suffix (row_label (row, "rps_label"), "req/s"));
  rps = g_ascii_strtod (row_label (row, "rps_label"), NULL);
  g_assert_cmpfloat (rps, >, 0.0);
  g_assert_nonnull (strstr (row_label (row, "latency_label"), "ms"));
  g_assert_cmpstr (row_label (row, "errors_label"), ==, "0.0 %");
  g_assert_true (g_str_has_prefix (row_label (row, "url_label"), "http://127.0.0.1:"));
  g_assert_nonnull (strstr (row_label (row, "model_label"), "iris@champion → version 1"));
  g_assert_cmpfloat (g_ascii_strtod (gtk_label_get_text (page_child (fixture, "rps_label")), NULL), ==, rps);
  g_assert_nonnull (strstr (gtk_label_get_text (page_child (fixture, "p99_label")), "ms"));

  /* And the one-second timer keeps sampling while the view is on screen. */
  lumina_test_iterate (2200);
  g_assert_cmpuint (count_csv_lines (lumina_deployments_page_get_chart (fixture->page, "latency"), fixture->tmp_dir), >=, 3);
  g_assert_cmpuint (count_csv_lines (lumina_deployments_page_get_chart (fixture->page, "throughput"), fixture->tmp_dir), >=, 3);
}

static void
check_scale_and_canary (Fixture *fixture)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (manager (fixture), "api");
  AdwComboRow *challenger = page_child (fixture, "challenger_row");
  GListModel *choices = adw_combo_row_get_model (challenger);
  g_autoptr(JsonObject) info = NULL;
  JsonObject *settings;
  guint64 before_primary, before_challenger, to_challenger;
  guint index = G_MAXUINT;

  /* Workers change live. */
  gtk_spin_button_set_value (page_child (fixture, "workers_spin"), 3);
  g_assert_cmpuint (lumina_model_server_get_workers (server), ==, 3);

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), "iris@2") == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  adw_combo_row_set_selected (challenger, index);
  gtk_range_set_value (page_child (fixture, "canary_scale"), 50);
  lumina_test_iterate (700);

  info = deployment_info (fixture, "api");
  settings = json_object_get_object_member (info, "settings");
  g_assert_cmpint (json_object_get_int_member (settings, "workers"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (settings, "challenger"), ==, "iris@2");
  g_assert_cmpstr (json_object_get_string_member (settings, "mode"), ==, "canary");
  g_assert_cmpfloat (json_object_get_double_member (settings, "canary_percent"), ==, 50);

  /* The challenger answers a share of real requests. */
  before_primary = served (fixture, "api", "primary");
  before_challenger = served (fixture, "api", "challenger");
  send_requests (fixture, "api", 40);
  to_challenger = served (fixture, "api", "challenger") - before_challenger;
  g_assert_cmpuint (served (fixture, "api", "primary") - before_primary + to_challenger, ==, 40);
  g_assert_cmpuint (to_challenger, >=, 8);
  g_assert_cmpuint (to_challenger, <=, 32);
  lumina_deployments_page_sample (fixture->page);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (page_child (fixture, "split_row")), "Version 2 answers"));
}

static gboolean
load_test_done (gpointer data)
{
  LuminaLoadTest *test = lumina_deployments_page_get_load_test (data);

  return test != NULL && !lumina_load_test_get_running (test) && lumina_load_test_get_summary (test) != NULL;
}

static void
check_load_test (Fixture *fixture)
{
  LuminaLoadTest *test;
  JsonObject *summary;
  GArray *samples;
  guint64 before = served (fixture, "api", NULL);
  guint64 sampled = 0;
  gint64 requests;
  g_autofree char *expected = NULL;

  gtk_spin_button_set_value (page_child (fixture, "clients_spin"), 4);
  gtk_spin_button_set_value (page_child (fixture, "duration_spin"), 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "deployments.load-test", NULL);
  lumina_test_wait_until (load_test_done, fixture->page, 30000);

  test = lumina_deployments_page_get_load_test (fixture->page);
  summary = lumina_load_test_get_summary (test);
  samples = lumina_load_test_get_samples (test);
  requests = json_object_get_int_member (summary, "requests");
  for (guint i = 0; i < samples->len; i++)
    sampled += g_array_index (samples, LuminaLoadSample, i).requests;

  g_test_message ("load test: %" G_GINT64_FORMAT " requests, %.0f req/s, p99 %.2f ms", requests,
                  json_object_get_double_member (summary, "rps"), json_object_get_double_member (summary, "p99_ms"));
  g_assert_cmpint (requests, >, 20);
  g_assert_cmpuint (sampled, ==, requests);
  g_assert_cmpuint (served (fixture, "api", NULL) - before, ==, requests);
  g_assert_cmpint (json_object_get_int_member (summary, "errors"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "status"), "200"), ==, requests);

  /* The chart has a point per second (header + samples), the summary the counts. */
  g_assert_cmpuint (count_csv_lines (lumina_deployments_page_get_chart (fixture->page, "load"), fixture->tmp_dir), >=, 3);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " in ", requests);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (page_child (fixture, "summary_requests_row")), expected));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (page_child (fixture, "summary_errors_row")), "200: "));
  g_assert_true (gtk_widget_get_visible (page_child (fixture, "load_result_group")));
  scroll_detail_to (fixture, "load_chart");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-load-test.png");
}

static void
check_ramp (Fixture *fixture)
{
  LuminaLoadTest *test;
  GArray *steps;

  gtk_switch_set_active (page_child (fixture, "ramp_switch"), TRUE);
  gtk_spin_button_set_value (page_child (fixture, "clients_spin"), 4);
  gtk_spin_button_set_value (page_child (fixture, "duration_spin"), 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "deployments.load-test", NULL);
  lumina_test_iterate (100);
  g_assert_true (lumina_load_test_get_ramp (lumina_deployments_page_get_load_test (fixture->page)));
  lumina_test_wait_until (load_test_done, fixture->page, 30000);

  /* One point per step of the ramp: 1, 2 and 4 clients. */
  test = lumina_deployments_page_get_load_test (fixture->page);
  steps = lumina_load_test_get_steps (test);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpuint (g_array_index (steps, LuminaLoadSample, 2).concurrency, ==, 4);
  g_assert_cmpuint (count_csv_lines (lumina_deployments_page_get_chart (fixture->page, "load"), fixture->tmp_dir), ==, 4);
  scroll_detail_to (fixture, "load_chart");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-load-ramp.png");
}

static void
test_live (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stopped = json_object_new ();

  fixture_open_window (fixture, 1280, 800);
  g_assert_cmpstr (page_state (fixture), ==, "empty");

  create_through_dialog (fixture);
  lumina_test_iterate (200);
  check_figures (fixture);

  /* A second deployment, created but not started, for the list. */
  json_object_set_int_member (stopped, "port", lumina_test_free_port ());
  g_assert_true (lumina_deployment_manager_create (manager (fixture), "iris-next", "iris@2", stopped, &error));
  g_assert_no_error (error);

  check_scale_and_canary (fixture);
  lumina_test_iterate (1100);
  scroll_detail_to (fixture, "start_button");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-detail.png");
  scroll_detail_to (fixture, "workers_spin");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-settings.png");

  check_load_test (fixture);
  check_ramp (fixture);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  scroll_detail_to (fixture, "rps_label");
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "deployments.back", NULL);
  lumina_test_iterate (1200);
  g_assert_cmpstr (page_state (fixture), ==, "list");
  g_assert_nonnull (find_row (fixture, "iris-next"));
  g_assert_cmpstr (row_label (find_row (fixture, "iris-next"), "status_label"), ==, "Stopped");
  g_assert_cmpstr (row_label (find_row (fixture, "iris-next"), "rps_label"), ==, "—");
  lumina_test_wait_until (rps_shown, gtk_widget_get_template_child (GTK_WIDGET (find_row (fixture, "api")),
                                                                    LUMINA_TYPE_DEPLOYMENT_ROW, "rps_label"), 3000);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-list.png");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  lumina_test_iterate (800);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-narrow.png");
  lumina_deployments_page_show_deployment (fixture->page, "api");
  lumina_test_iterate (500);
  g_assert_cmpstr (gtk_label_get_text (page_child (fixture, "rps_label")), !=, "—");
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "deployments-narrow-detail.png");
}

static gboolean
is_stopped (gpointer data)
{
  Fixture *fixture = data;

  return lumina_deployment_manager_get_state (manager (fixture), "api") == LUMINA_DEPLOYMENT_STOPPED;
}

static void
test_stop_restore (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(JsonObject) info = NULL;
  PortCheck check = { fixture, NULL };
  g_autofree char *ready = NULL;

  fixture_open_window (fixture, 1280, 800);
  json_object_set_int_member (settings, "port", lumina_test_free_port ());
  g_assert_true (lumina_deployment_manager_create (manager (fixture), "api", "iris@champion", settings, &error));
  g_assert_true (lumina_deployment_manager_start (manager (fixture), "api", &error));
  g_assert_no_error (error);
  g_assert_true (lumina_deployments_page_show_deployment (fixture->page, "api"));
  send_requests (fixture, "api", 3);

  /* Stop drains and closes the port; what is wanted is stored. */
  check.url = deployment_url (fixture, "api", "/v2/health/live");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "deployments.stop", NULL);
  lumina_test_wait_until (is_stopped, fixture, 15000);
  g_assert_true (is_port_closed (&check));
  lumina_test_iterate (100);
  info = deployment_info (fixture, "api");
  g_assert_cmpstr (json_object_get_string_member (info, "wanted"), ==, "stopped");
  g_assert_cmpstr (gtk_label_get_text (page_child (fixture, "detail_status")), ==, "Stopped");

  /* Started again, then the window closes: the deployment is still wanted
   * running and a new window serves it again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "deployments.start", NULL);
  g_assert_nonnull (lumina_deployment_manager_get_server (manager (fixture), "api"));
  g_assert_cmpuint (request (fixture, "GET", check.url, NULL), ==, 200);
  lumina_test_destroy_window (GTK_WINDOW (fixture->window));
  g_assert_null (fixture->window);
  lumina_test_wait_until (is_port_closed, &check, 15000);

  fixture_open_window (fixture, 1280, 800);
  g_assert_nonnull (lumina_deployment_manager_get_server (manager (fixture), "api"));
  g_clear_pointer (&check.url, g_free);
  ready = deployment_url (fixture, "api", "/v2/health/ready");
  g_assert_cmpuint (request (fixture, "GET", ready, NULL), ==, 200);
  lumina_test_iterate (300);
  g_assert_cmpstr (page_state (fixture), ==, "list");
  g_assert_cmpstr (row_label (find_row (fixture, "api"), "status_label"), ==, "Running");
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/deployments/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/app/deployments/live", Fixture, "models", fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/app/deployments/stop-restore", Fixture, "models", fixture_set_up, test_stop_restore, fixture_tear_down);

  return g_test_run ();
}
