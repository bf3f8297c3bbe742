/* test-walkthrough.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From a dataset to a governed, served model in one window, the way a user
 * goes: AutoML finds a model, its best run is registered and promoted to
 * champion, deployed, load-tested with live latency; a second search gives
 * a challenger that takes canary traffic, then mirrors it in shadow; the
 * challenger becomes champion and one click rolls it back; and the Models
 * view answers "what was champion yesterday at noon".
 *
 * Everything is real: the searches train, the server answers HTTP on
 * 127.0.0.1. Only the registry's clock is set back for the first
 * registration and promotion, so that "yesterday at noon" has an answer.
 */
#include "config.h"

#include <string.h>

#include "lumina-automl-page.h"
#include "lumina-automl-wizard.h"
#include "lumina-deploy-dialog.h"
#include "lumina-deployments-page.h"
#include "lumina-models-page.h"
#include "lumina-promote-dialog.h"
#include "lumina-register-dialog.h"
#include "lumina-registry-private.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

#define MODEL      "iris-classifier"
#define DEPLOYMENT "iris-api"

typedef struct
{
  char                  *tmp_dir;
  LuminaWorkspace       *workspace;
  GSettings             *settings;
  LuminaWindow          *window;
  LuminaRegistry        *registry;
  LuminaAutomlPage      *automl_page;
  LuminaModelsPage      *models_page;
  LuminaDeploymentsPage *deployments_page;
  GDateTime             *yesterday_noon;
} Walk;

static gpointer
view (Walk       *walk,
      const char *name)
{
  GtkStack *stack = lumina_test_template_child (walk->window, LUMINA_TYPE_WINDOW, "stack");

  return gtk_stack_get_child_by_name (stack, name);
}

static void
show_view (Walk       *walk,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.show-view", "s", name));
  lumina_test_iterate (200);
  g_assert_cmpstr (lumina_window_get_visible_view (walk->window), ==, name);
}

static void
shot (Walk       *walk,
      const char *filename)
{
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (walk->window), filename);
}

static gboolean
cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* ---- AutoML ------------------------------------------------------------- */

static gboolean
wizard_idle (gpointer data)
{
  return !lumina_automl_wizard_get_busy (data);
}

static gboolean
automl_idle (gpointer data)
{
  return !lumina_automl_page_get_running (data);
}

/* Runs a search through the wizard, as the AutoML view's button does. */
static LuminaAutoml *
run_automl (Walk               *walk,
            const char * const *learners,
            double              budget)
{
  LuminaAutomlWizard *wizard;
  LuminaAutoml *automl;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.new-automl", "s", "iris"));
  lumina_test_iterate (300);
  wizard = LUMINA_AUTOML_WIZARD (lumina_test_find_toplevel (LUMINA_TYPE_AUTOML_WIZARD));
  g_assert_nonnull (wizard);
  lumina_test_wait_mapped (GTK_WIDGET (wizard));
  for (guint i = 0; i < 3; i++)
    {
      if (i == 2)
        {
          lumina_automl_wizard_set_budget (wizard, budget);
          lumina_automl_wizard_set_learners (wizard, learners);
          lumina_automl_wizard_set_seed (wizard, 7);
        }
      g_assert_true (lumina_automl_wizard_next (wizard));
      lumina_test_wait_until (wizard_idle, wizard, 30000);
      g_assert_null (lumina_automl_wizard_get_error (wizard));
    }
  g_assert_cmpstr (lumina_automl_wizard_get_step (wizard), ==, "review");

  automl = g_object_ref (lumina_automl_wizard_start (wizard));
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_window_get_visible_view (walk->window), ==, "automl");
  lumina_test_wait_until (automl_idle, walk->automl_page, 120000);
  g_assert_null (lumina_automl_page_get_error (walk->automl_page));
  g_assert_nonnull (lumina_automl_get_best_run_id (automl));
  return automl;
}

/* The AutoML view's "Register Model" button, then the name. */
static guint
register_best (Walk         *walk,
               LuminaAutoml *automl)
{
  GtkWidget *button = lumina_test_template_child (walk->automl_page, LUMINA_TYPE_AUTOML_PAGE, "register_button");
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(JsonNode) version = NULL;
  GtkWindow *dialog;
  guint latest;

  lumina_test_click (button);
  lumina_test_iterate (200);
  dialog = lumina_test_find_toplevel (LUMINA_TYPE_REGISTER_DIALOG);
  g_assert_nonnull (dialog);
  lumina_test_wait_mapped (GTK_WIDGET (dialog));
  lumina_register_dialog_set_name (LUMINA_REGISTER_DIALOG (dialog), MODEL);
  lumina_test_screenshot (GTK_WIDGET (dialog), "walkthrough-register.png");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (lumina_register_dialog_register (LUMINA_REGISTER_DIALOG (dialog)));
  lumina_test_wait_until (cleared, &dialog, 30000);

  model = lumina_registry_get_model (walk->registry, MODEL, NULL);
  g_assert_nonnull (model);
  latest = (guint) json_object_get_int_member (json_node_get_object (model), "latest_version");
  version = lumina_registry_get_version (walk->registry, MODEL, latest, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (version), "run_id"), ==,
                   lumina_automl_get_best_run_id (automl));
  return latest;
}

/* ---- the registry ------------------------------------------------------- */

static gboolean
promote_ready (gpointer data)
{
  return !lumina_promote_dialog_get_busy (data);
}

static gboolean
models_idle (gpointer data)
{
  return !lumina_models_page_get_busy (data);
}

static guint
alias_now (Walk       *walk,
           const char *alias)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint version = 0;

  lumina_registry_alias_at (walk->registry, MODEL, alias, now, &version, NULL);
  return version;
}

/* The Models view's Promote… dialog; a gate that fails is overridden with
 * a reason, as the dialog asks. */
static void
promote (Walk       *walk,
         guint       version,
         const char *alias,
         const char *screenshot)
{
  GtkWindow *dialog;
  GtkWidget *button;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.show-model", "s", MODEL));
  lumina_test_wait_until (models_idle, walk->models_page, 10000);
  dialog = lumina_models_page_promote (walk->models_page, version);
  g_assert_nonnull (dialog);
  g_assert_true (lumina_promote_dialog_set_target (LUMINA_PROMOTE_DIALOG (dialog), "alias", alias));
  lumina_test_wait_until (promote_ready, dialog, 10000);
  button = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "promote_button");
  if (!json_object_get_boolean_member (lumina_promote_dialog_get_report (LUMINA_PROMOTE_DIALOG (dialog)), "passed"))
    {
      g_test_message ("version %u did not pass the gates for %s; overriding", version, alias);
      gtk_check_button_set_active (lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "override_check"), TRUE);
      gtk_editable_set_text (lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "reason_row"),
                             "Walkthrough: the challenger goes live");
    }
  if (screenshot != NULL)
    {
      lumina_test_iterate (200);
      lumina_test_screenshot (GTK_WIDGET (dialog), screenshot);
    }
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  lumina_test_click (button);
  lumina_test_wait_until (cleared, &dialog, 30000);
  lumina_test_wait_until (models_idle, walk->models_page, 10000);
  g_assert_cmpuint (alias_now (walk, alias), ==, version);
}

static void
at_time (Walk   *walk,
         double  hours_from_yesterday_noon)
{
  g_autoptr(GDateTime) when = g_date_time_add_seconds (walk->yesterday_noon, hours_from_yesterday_noon * 3600);

  _lumina_registry_set_now (walk->registry, when);
}

/* ---- deployments -------------------------------------------------------- */

static gpointer
deployments_child (Walk       *walk,
                   const char *name)
{
  return lumina_test_template_child (walk->deployments_page, LUMINA_TYPE_DEPLOYMENTS_PAGE, name);
}

static gboolean
no_deploy_dialog (gpointer data)
{
  return lumina_test_find_toplevel (LUMINA_TYPE_DEPLOY_DIALOG) == NULL;
}

static void
deploy_champion (Walk *walk)
{
  g_autofree char *ref = g_strdup_printf ("%s@champion", MODEL);
  g_autoptr(JsonNode) info = NULL;
  LuminaDeployDialog *dialog;

  /* The model page's Deploy… button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->window), "win.deploy-model", "s", ref));
  lumina_test_iterate (300);
  dialog = LUMINA_DEPLOY_DIALOG (lumina_test_find_toplevel (LUMINA_TYPE_DEPLOY_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (lumina_deploy_dialog_get_model_ref (dialog), ==, ref);
  gtk_editable_set_text (lumina_test_template_child (dialog, LUMINA_TYPE_DEPLOY_DIALOG, "name_row"), DEPLOYMENT);
  gtk_spin_button_set_value (lumina_test_template_child (dialog, LUMINA_TYPE_DEPLOY_DIALOG, "port_spin"), lumina_test_free_port ());
  lumina_test_iterate (200);
  lumina_test_screenshot (GTK_WIDGET (dialog), "walkthrough-deploy.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "deploy.create", NULL));
  lumina_test_wait_until (no_deploy_dialog, NULL, 20000);

  info = lumina_deployment_manager_get (lumina_window_get_deployments (walk->window), DEPLOYMENT, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "state"), ==, "running");
  g_assert_cmpstr (lumina_window_get_visible_view (walk->window), ==, "deployments");
  g_assert_cmpstr (lumina_deployments_page_get_selected (walk->deployments_page), ==, DEPLOYMENT);
}

static gboolean
load_test_done (gpointer data)
{
  LuminaLoadTest *test = lumina_deployments_page_get_load_test (data);

  return test != NULL && !lumina_load_test_get_running (test) && lumina_load_test_get_summary (test) != NULL;
}

/* Requests each variant answered (primary, challenger in canary), or rows
 * the shadow scored. */
static guint64
answered_by (Walk       *walk,
             const char *variant)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (lumina_window_get_deployments (walk->window),
                                                                    DEPLOYMENT);
  g_autoptr(GPtrArray) stats = lumina_model_server_get_stats (server);
  guint64 total = 0;

  for (guint i = 0; i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      /* The shadow answers nobody: it counts the rows it compared. */
      if (g_str_equal (s->variant, variant))
        total += g_str_equal (variant, "shadow") ? s->compared : s->requests;
    }
  return total;
}

/* The built-in load test: four clients for two seconds. */
static JsonObject *
load_test (Walk *walk)
{
  JsonObject *summary;

  gtk_spin_button_set_value (deployments_child (walk, "clients_spin"), 4);
  gtk_spin_button_set_value (deployments_child (walk, "duration_spin"), 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk->deployments_page), "deployments.load-test", NULL));
  lumina_test_wait_until (load_test_done, walk->deployments_page, 30000);
  summary = lumina_load_test_get_summary (lumina_deployments_page_get_load_test (walk->deployments_page));
  g_test_message ("load test: %" G_GINT64_FORMAT " requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms",
                  json_object_get_int_member (summary, "requests"), json_object_get_double_member (summary, "rps"),
                  json_object_get_double_member (summary, "p50_ms"), json_object_get_double_member (summary, "p99_ms"));
  g_assert_cmpint (json_object_get_int_member (summary, "requests"), >, 20);
  g_assert_cmpint (json_object_get_int_member (summary, "errors"), ==, 0);
  lumina_deployments_page_sample (walk->deployments_page);
  return summary;
}

static gboolean
deployment_stopped (gpointer data)
{
  Walk *walk = data;

  return lumina_deployment_manager_get_state (lumina_window_get_deployments (walk->window), DEPLOYMENT) ==
         LUMINA_DEPLOYMENT_STOPPED;
}

/* The challenger's position in the deployment's choices, or -1. */
static int
challenger_position (Walk *walk)
{
  g_autofree char *wanted = g_strdup_printf ("%s@challenger", MODEL);
  GListModel *choices = adw_combo_row_get_model (deployments_child (walk, "challenger_row"));

  for (guint i = 0; choices != NULL && i < g_list_model_get_n_items (choices); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), wanted))
      return (int) i;
  return -1;
}

static gboolean
challenger_offered (gpointer data)
{
  return challenger_position (data) >= 0;
}

/* The registry's change reaches the choices on the main loop; wait for it. */
static void
choose_challenger (Walk *walk)
{
  lumina_test_wait_until (challenger_offered, walk, 10000);
  adw_combo_row_set_selected (deployments_child (walk, "challenger_row"), (guint) challenger_position (walk));
}

static const char *
subtitle (Walk       *walk,
          const char *row)
{
  return adw_action_row_get_subtitle (deployments_child (walk, row));
}

/* ---- the walk ----------------------------------------------------------- */

static void
open_window (Walk *walk,
             int   width,
             int   height)
{
  lumina_test_open_window (&walk->window, walk->settings, walk->workspace, "automl", width, height);
  walk->registry = lumina_window_get_registry (walk->window);
  walk->automl_page = view (walk, "automl");
  walk->models_page = view (walk, "models");
  walk->deployments_page = view (walk, "deployments");
}

static void
test_walkthrough (void)
{
  const char * const boosted[] = { "xgboost", NULL };
  const char * const linear[] = { "linear", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(LuminaAutoml) first = NULL;
  g_autoptr(LuminaAutoml) second = NULL;
  g_autofree char *version_1_label = NULL;
  Walk walk = { 0 };
  JsonObject *summary;
  GtkWidget *row;
  guint champion, challenger;
  guint64 primary_before, challenger_before, shadow_before;

  walk.workspace = lumina_test_open_workspace (&walk.tmp_dir);
  walk.settings = g_settings_new (APP_ID);
  walk.yesterday_noon = g_date_time_new (g_date_time_get_timezone (yesterday), g_date_time_get_year (yesterday),
                                         g_date_time_get_month (yesterday), g_date_time_get_day_of_month (yesterday),
                                         12, 0, 0);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  lumina_test_import_iris (walk.workspace);
  open_window (&walk, 1200, 820);

  /* 1. AutoML finds a model; its best run is registered (yesterday morning).
   * Boosted trees first, a linear model second: two different models. */
  first = run_automl (&walk, boosted, 5);
  shot (&walk, "walkthrough-automl.png");
  at_time (&walk, -3);
  champion = register_best (&walk, first);
  g_assert_cmpuint (champion, ==, 1);

  /* 2. It becomes champion, an hour before noon yesterday. */
  at_time (&walk, -1);
  promote (&walk, champion, "champion", "walkthrough-promote.png");
  _lumina_registry_set_now (walk.registry, NULL);
  shot (&walk, "walkthrough-model.png");

  /* 3. Deployed, and under load the view shows live latency. */
  deploy_champion (&walk);
  summary = load_test (&walk);
  g_assert_cmpfloat (json_object_get_double_member (summary, "p99_ms"), >, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (deployments_child (&walk, "p99_label")), "ms"));
  g_assert_nonnull (strstr (gtk_label_get_text (deployments_child (&walk, "p50_label")), "ms"));
  g_assert_cmpfloat (g_ascii_strtod (gtk_label_get_text (deployments_child (&walk, "rps_label")), NULL), >, 0);
  shot (&walk, "walkthrough-deployment.png");
  lumina_test_scroll_to (deployments_child (&walk, "load_chart"));
  shot (&walk, "walkthrough-load-test.png");

  /* 4. A second search gives a challenger, which takes canary traffic. */
  second = run_automl (&walk, linear, 3);
  challenger = register_best (&walk, second);
  g_assert_cmpuint (challenger, ==, 2);
  promote (&walk, challenger, "challenger", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.window), "win.show-view", "s", "deployments"));
  g_assert_true (lumina_deployments_page_show_deployment (walk.deployments_page, DEPLOYMENT));
  lumina_test_iterate (300);
  choose_challenger (&walk);
  gtk_range_set_value (deployments_child (&walk, "canary_scale"), 30);
  lumina_test_iterate (800);
  primary_before = answered_by (&walk, "primary");
  challenger_before = answered_by (&walk, "challenger");
  load_test (&walk);
  g_assert_cmpuint (answered_by (&walk, "challenger"), >, challenger_before);
  g_assert_cmpuint (answered_by (&walk, "primary"), >, primary_before);
  {
    const char *split = strstr (subtitle (&walk, "split_row"), "Version 2 answers ");
    double share;

    /* About the 30 % asked for, from the server's own counts. */
    g_assert_nonnull (split);
    share = g_ascii_strtod (split + strlen ("Version 2 answers "), NULL);
    g_test_message ("canary: %s", split);
    g_assert_cmpfloat (share, >, 15);
    g_assert_cmpfloat (share, <, 45);
  }
  lumina_test_scroll_to (deployments_child (&walk, "workers_spin"));
  shot (&walk, "walkthrough-canary.png");

  /* ... then mirrors it in shadow, compared live. */
  adw_combo_row_set_selected (deployments_child (&walk, "mode_row"), 1);
  lumina_test_iterate (800);
  shadow_before = answered_by (&walk, "shadow");
  challenger_before = answered_by (&walk, "challenger");
  load_test (&walk);
  g_assert_cmpuint (answered_by (&walk, "shadow"), >, shadow_before);
  g_assert_cmpuint (answered_by (&walk, "challenger"), ==, challenger_before);
  g_assert_nonnull (strstr (subtitle (&walk, "split_row"), "agrees with the primary"));
  shot (&walk, "walkthrough-shadow.png");

  /* 5. The challenger is promoted; the server follows the alias. One click
   * rolls it back, and the server follows again. */
  promote (&walk, challenger, "champion", NULL);
  show_view (&walk, "deployments");
  lumina_test_iterate (2500);
  g_assert_nonnull (strstr (gtk_label_get_text (deployments_child (&walk, "detail_subtitle")), "→ version 2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.window), "win.show-model", "s", MODEL));
  lumina_test_wait_until (models_idle, walk.models_page, 10000);
  shot (&walk, "walkthrough-before-rollback.png");
  lumina_test_click (lumina_test_template_child (walk.models_page, LUMINA_TYPE_MODELS_PAGE, "rollback_button"));
  lumina_test_wait_until (models_idle, walk.models_page, 10000);
  g_assert_cmpuint (alias_now (&walk, "champion"), ==, champion);
  show_view (&walk, "deployments");
  lumina_test_iterate (2500);
  version_1_label = g_strdup_printf ("%s@champion → version 1", MODEL);
  g_assert_cmpstr (gtk_label_get_text (deployments_child (&walk, "detail_subtitle")), ==, version_1_label);

  /* 6. "What was champion yesterday at noon?" */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.window), "win.show-model", "s", MODEL));
  lumina_test_wait_until (models_idle, walk.models_page, 10000);
  lumina_test_click (lumina_test_template_child (walk.models_page, LUMINA_TYPE_MODELS_PAGE, "yesterday_button"));
  row = gtk_widget_get_first_child (lumina_test_template_child (walk.models_page, LUMINA_TYPE_MODELS_PAGE, "at_list"));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "lumina-alias"), ==, "champion");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lumina-version")), ==, champion);
  shot (&walk, "walkthrough-history.png");

  /* The same views in the dark and in a phone-sized window. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (&walk, "walkthrough-history-dark.png");
  show_view (&walk, "deployments");
  shot (&walk, "walkthrough-deployment-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (walk.window), 360, 760);
  lumina_test_iterate (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (walk.window)), <=, 360);
  shot (&walk, "walkthrough-deployment-narrow.png");
  show_view (&walk, "models");
  shot (&walk, "walkthrough-model-narrow.png");

  /* Done with it: stopped, then deleted after the confirmation. */
  gtk_window_set_default_size (GTK_WINDOW (walk.window), 1200, 820);
  show_view (&walk, "deployments");
  g_assert_true (lumina_deployments_page_show_deployment (walk.deployments_page, DEPLOYMENT));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.deployments_page), "deployments.stop", NULL));
  lumina_test_wait_until (deployment_stopped, &walk, 20000);
  lumina_test_iterate (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk.deployments_page), "deployments.delete", NULL));
  lumina_test_iterate (300);
  {
    GtkWindow *confirm = lumina_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) gone = NULL;

    g_assert_nonnull (confirm);
    lumina_test_screenshot (GTK_WIDGET (confirm), "walkthrough-delete.png");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
    lumina_test_iterate (300);
    gone = lumina_deployment_manager_get (lumina_window_get_deployments (walk.window), DEPLOYMENT, &error);
    g_assert_null (gone);
    g_assert_nonnull (error);
  }
  /* The registered versions stay. */
  {
    g_autoptr(JsonNode) kept = lumina_registry_get_version (walk.registry, MODEL, champion, NULL);

    g_assert_nonnull (kept);
  }

  lumina_test_close_window (&walk.window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_clear_pointer (&walk.yesterday_noon, g_date_time_unref);
  g_clear_object (&walk.settings);
  lumina_test_close_workspace (&walk.workspace, &walk.tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add_func ("/app/walkthrough/register-deploy-canary-rollback", test_walkthrough);

  return g_test_run ();
}
