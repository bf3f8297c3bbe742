/* test-models-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Models view in a real window over a real workspace: three AutoML
 * searches on breast_cancer give three run bundles with different scores,
 * registered as versions of one model whose aliases and stage move over
 * "yesterday" (the registry's clock is fixed for those writes).  The tests
 * run in order over that one workspace: the empty state, the list, the
 * versions' badges, the history, the aliases at yesterday noon, the
 * promote dialog refusing a worse version and an override with a reason,
 * rollback and its undo, a card edit, the compare view, registering from
 * a run's page, dark mode and a 360 px window, with screenshots.
 */
#define G_LOG_DOMAIN "test-models-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-model-card-dialog.h"
#include "lumina-models-format.h"
#include "lumina-models-page.h"
#include "lumina-promote-dialog.h"
#include "lumina-register-dialog.h"
#include "lumina-registry-private.h"
#include "lumina-run-page.h"
#include "lumina-experiments-page.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

#define MODEL "cancer"

static struct
{
  LuminaWorkspace  *workspace;
  char             *tmp_dir;
  GSettings        *settings;
  LuminaRegistry   *registry;     /* the page's */
  char             *runs[3];      /* best runs of three searches */
  guint             worst;        /* versions by score */
  guint             middle;
  guint             best;
  GDateTime        *yesterday_noon;
} env;

typedef struct
{
  LuminaWindow     *window;
  LuminaModelsPage *page;
} Fixture;

/* ---- helpers ----------------------------------------------------------- */

static gboolean
page_idle (gpointer data)
{
  return !lumina_models_page_get_busy (data);
}

static guint n_changed;

static void
registry_changed_cb (LuminaRegistry *registry,
                     const char     *name,
                     gpointer        user_data)
{
  n_changed++;
}

static gboolean
changed_since (gpointer data)
{
  return n_changed > GPOINTER_TO_UINT (data);
}

/* Writes on workers announce themselves ("changed") through an idle
 * callback that may run well after the write's own callback, when the
 * window has redrawn; then the page reloads. */
static void
settle_after (LuminaModelsPage *page,
              guint             before)
{
  lumina_test_wait_until (changed_since, GUINT_TO_POINTER (before), 10000);
  lumina_test_iterate (20);
  lumina_test_wait_until (page_idle, page, 5000);
}

static void
fixture_open (Fixture *fixture,
              int      width,
              int      height)
{
  fixture->page = LUMINA_MODELS_PAGE (lumina_test_open_window (&fixture->window, env.settings, env.workspace,
                                                               "models", width, height));
  g_assert_true (LUMINA_IS_MODELS_PAGE (fixture->page));
  g_assert_true (lumina_models_page_get_workspace (fixture->page) == env.workspace);
  g_set_object (&env.registry, lumina_models_page_get_registry (fixture->page));
  g_signal_connect (env.registry, "changed", G_CALLBACK (registry_changed_cb), NULL);
  lumina_test_wait_until (page_idle, fixture->page, 5000);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  lumina_test_reset_settings (env.settings);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  fixture_open (fixture, 1200, 800);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GList *toplevels = gtk_window_list_toplevels ();

  /* Dialogs the test left open go first. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) fixture->window && gtk_widget_get_visible (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);

  lumina_test_close_window (&fixture->window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  lumina_test_reset_settings (env.settings);
}

static void
screenshot (GtkWidget  *widget,
            const char *filename)
{
  lumina_test_wait_until (lumina_test_is_drawn, widget, 10000);
  lumina_test_iterate (200);
  lumina_test_screenshot (widget, filename);
}

static gboolean
window_has_action (LuminaWindow *window,
                   const char   *name)
{
  const char *installed = NULL;
  const GVariantType *parameter = NULL;
  const char *property = NULL;
  GType owner = G_TYPE_INVALID;

  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (window), i, &owner, &installed, &parameter, &property);
       i++)
    if (g_str_equal (installed, name))
      return TRUE;

  return g_str_has_prefix (name, "win.") && g_action_map_lookup_action (G_ACTION_MAP (window), name + 4) != NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child; child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

/* The texts of the badges under @widget, joined by spaces. */
static void
collect_badges (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "model-badge"))
    g_string_append_printf (text, "%s ", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_badges (child, text);
}

static GtkWidget *
version_row (Fixture *fixture,
             guint    version)
{
  GtkListBox *list = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "versions_list");

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child; child = gtk_widget_get_next_sibling (child))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "lumina-version")) == version)
      return child;

  g_error ("No row for version %u", version);
  return NULL;
}

static char *
badges_of (Fixture *fixture,
           guint    version)
{
  GString *text = g_string_new (NULL);

  collect_badges (version_row (fixture, version), text);
  return g_string_free (text, FALSE);
}

static guint
alias_now (const char *alias)
{
  g_autoptr(JsonNode) aliases = lumina_registry_list_aliases (env.registry, MODEL, NULL);

  return lumina_models_json_uint (json_node_get_object (aliases), alias);
}

static JsonObject *
last_event (JsonNode **root)
{
  JsonArray *events;

  *root = lumina_registry_list_events (env.registry, MODEL, NULL, NULL, NULL);
  events = json_node_get_array (*root);
  return json_array_get_object_element (events, json_array_get_length (events) - 1);
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  lumina_test_iterate (50);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
wait_destroyed (GtkWidget *window)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  lumina_test_wait_until (window_gone, &pointer, 30000);
}

/* ---- the workspace ------------------------------------------------------ */

static char *
run_search (const char *learner)
{
  g_autoptr(LuminaAutomlConfig) config = lumina_automl_config_new ();
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;
  const char *learners[] = { learner, NULL };

  config->dataset = g_strdup ("breast_cancer");
  config->target = g_strdup ("diagnosis");
  config->budget_seconds = 3;
  config->cv_folds = 3;
  config->seed = 11;
  config->learners = g_strdupv ((char **) learners);
  config->experiment = g_strdup ("models-page");

  automl = lumina_automl_new (env.workspace, config, &error);
  g_assert_no_error (error);
  lumina_automl_run (automl, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lumina_automl_get_bundle_path (automl));

  return g_strdup (lumina_automl_get_best_run_id (automl));
}

static double
version_score (guint version)
{
  g_autoptr(JsonNode) node = lumina_registry_get_version (env.registry, MODEL, version, NULL);
  JsonObject *object = json_node_get_object (node);

  return lumina_models_get_metric (json_object_get_object_member (object, "metrics"),
                                   json_object_get_string_member (object, "primary_metric"));
}

static void
at_time (GDateTime *base,
         double     hours)
{
  g_autoptr(GDateTime) when = g_date_time_add_seconds (base, hours * 3600);

  g_assert_nonnull (when);
  _lumina_registry_set_now (env.registry, when);
}

/* Three versions registered over the past days; yesterday champion went
 * from the worst to the best, which entered production; the middle one is
 * the challenger since an hour ago. */
static void
populate (void)
{
  static const char * const learners[] = { "linear", "forest", "xgboost" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  guint order[3] = { 1, 2, 3 };

  for (guint i = 0; i < 3; i++)
    {
      guint version;

      env.runs[i] = run_search (learners[i]);
      at_time (env.yesterday_noon, (double) i - 48);
      version = lumina_registry_register (env.registry, env.runs[i], MODEL, "alice", "AutoML best", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (version, ==, i + 1);
    }

  /* Versions by score, worst first. */
  for (guint i = 0; i < 3; i++)
    for (guint j = i + 1; j < 3; j++)
      if (version_score (order[j]) < version_score (order[i]))
        {
          guint swap = order[i];

          order[i] = order[j];
          order[j] = swap;
        }
  env.worst = order[0];
  env.middle = order[1];
  env.best = order[2];
  g_test_message ("scores: worst v%u %.5f, middle v%u %.5f, best v%u %.5f", env.worst, version_score (env.worst),
                  env.middle, version_score (env.middle), env.best, version_score (env.best));
  g_assert_cmpfloat (version_score (env.worst), <, version_score (env.best));

  at_time (env.yesterday_noon, -3);
  g_assert_true (lumina_registry_set_alias (env.registry, MODEL, "champion", env.worst, "alice", "first model",
                                            FALSE, NULL, &error));
  g_assert_no_error (error);
  at_time (env.yesterday_noon, 2);
  g_assert_true (lumina_registry_set_alias (env.registry, MODEL, "champion", env.best, "bob", "better AUC",
                                            FALSE, NULL, &error));
  g_assert_no_error (error);
  at_time (env.yesterday_noon, 2.1);
  g_assert_true (lumina_registry_promote (env.registry, MODEL, env.best, "production", "bob", "release",
                                          FALSE, NULL, &error));
  g_assert_no_error (error);
  at_time (now, -1);
  g_assert_true (lumina_registry_set_alias (env.registry, MODEL, "challenger", env.middle, "alice", "shadow test",
                                            FALSE, NULL, &error));
  g_assert_no_error (error);
  _lumina_registry_set_now (env.registry, NULL);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  GtkWidget *button = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "empty_button");

  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "empty");
  screenshot (GTK_WIDGET (fixture->window), "models-empty.png");

  click (button);
  lumina_test_iterate (50);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "experiments");

  /* Registering through the page's registry fills the view at once. */
  populate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "models"));
  lumina_test_wait_until (page_idle, fixture->page, 5000);
  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "model");
  g_assert_cmpstr (lumina_models_page_get_model (fixture->page), ==, MODEL);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkListBox *list = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "model_list");
  GtkStack *list_stack = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "list_stack");
  GtkWidget *deploy = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "deploy_button");
  g_autoptr(GString) badges = g_string_new (NULL);

  g_assert_cmpuint (count_rows (list), ==, 1);
  collect_badges (GTK_WIDGET (list), badges);
  g_assert_cmpstr (badges->str, ==, "Production ");

  lumina_models_page_set_search_text (fixture->page, "no such model");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "no-results");
  lumina_models_page_set_search_text (fixture->page, "canc");
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "list");

  /* Deploy… runs the window's win.deploy-model on NAME@champion, and is
   * insensitive where the window has no such action. */
  g_assert_true (gtk_widget_get_visible (deploy));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (deploy)), ==, "win.deploy-model");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (deploy)), NULL),
                   ==, MODEL "@champion");
  g_assert_true (gtk_widget_get_sensitive (deploy) == window_has_action (fixture->window, "win.deploy-model"));

  screenshot (GTK_WIDGET (fixture->window), "models-list.png");
}

static void
test_detail (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkListBox *versions = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "versions_list");
  GtkListBox *history = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "history_list");
  GtkScrolledWindow *scroller = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "detail_scroller");
  GtkWidget *history_group = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "history_group");
  g_autoptr(JsonNode) events = lumina_registry_list_events (env.registry, MODEL, NULL, NULL, NULL);
  JsonArray *array = json_node_get_array (events);
  g_autofree char *best = badges_of (fixture, env.best);
  g_autofree char *middle = badges_of (fixture, env.middle);
  g_autofree char *worst = badges_of (fixture, env.worst);
  GtkWidget *first;
  graphene_point_t point;

  g_assert_cmpuint (count_rows (versions), ==, 3);
  g_assert_cmpstr (best, ==, "Production champion ");
  g_assert_cmpstr (middle, ==, "Development challenger ");
  g_assert_cmpstr (worst, ==, "Development ");

  /* One row per history event, newest first. */
  g_assert_cmpuint (count_rows (history), ==, json_array_get_length (array));
  first = gtk_widget_get_first_child (GTK_WIDGET (history));
  {
    g_autofree char *title = lumina_models_format_event_title (json_array_get_object_element (array, json_array_get_length (array) - 1));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, title);
    g_assert_true (g_str_has_prefix (title, "challenger set to version"));
  }

  screenshot (GTK_WIDGET (fixture->window), "models-detail.png");

  g_assert_true (gtk_widget_compute_point (history_group, gtk_scrolled_window_get_child (scroller),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), point.y - 12);
  screenshot (GTK_WIDGET (fixture->window), "models-timeline.png");
}

static void
test_at_time (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkListBox *at_list = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "at_list");
  GtkButton *yesterday = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "yesterday_button");
  GtkEntry *entry = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "at_entry");
  GtkScrolledWindow *scroller = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "detail_scroller");
  GtkWidget *at_group = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "at_group");
  GtkWidget *row;
  guint version = 0;
  graphene_point_t point;

  /* “What was champion yesterday at noon?”: one click on the preset. */
  click (GTK_WIDGET (yesterday));
  lumina_test_iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (at_list)));
  row = gtk_widget_get_first_child (GTK_WIDGET (at_list));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "lumina-alias"), ==, "champion");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lumina-version")), ==, env.worst);
  g_assert_null (gtk_widget_get_next_sibling (row));
  g_assert_true (lumina_registry_alias_at (env.registry, MODEL, "champion", env.yesterday_noon, &version, NULL));
  g_assert_cmpuint (version, ==, env.worst);

  g_assert_true (gtk_widget_compute_point (at_group, gtk_scrolled_window_get_child (scroller),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), point.y - 12);
  screenshot (GTK_WIDGET (fixture->window), "models-at-time.png");

  /* Typed times work too; this afternoon the best one was champion. */
  {
    g_autoptr(GDateTime) later = g_date_time_add_hours (env.yesterday_noon, 3);
    g_autofree char *text = g_date_time_format (later, "%Y-%m-%d %H:%M");

    gtk_editable_set_text (GTK_EDITABLE (entry), text);
    g_signal_emit_by_name (entry, "activate");
    row = gtk_widget_get_first_child (GTK_WIDGET (at_list));
    g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lumina-version")), ==, env.best);
  }

  /* A week ago nothing was registered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.at-preset", "s", "week-ago"));
  row = gtk_widget_get_first_child (GTK_WIDGET (at_list));
  g_assert_null (g_object_get_data (G_OBJECT (row), "lumina-alias"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "yesterday-ish");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
}

static gboolean
dialog_ready (gpointer data)
{
  return !lumina_promote_dialog_get_busy (data);
}

static void
test_promote (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkWindow *dialog = lumina_models_page_promote (fixture->page, env.worst);
  GtkWidget *button = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "promote_button");
  GtkListBox *gates = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "gates_list");
  GtkWidget *override_row = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "override_row");
  GtkCheckButton *check = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "override_check");
  GtkEditable *reason = lumina_test_template_child (dialog, LUMINA_TYPE_PROMOTE_DIALOG, "reason_row");
  g_autoptr(JsonNode) events = NULL;
  JsonObject *event;
  GtkWidget *metric_row;
  guint before;

  g_assert_nonnull (dialog);
  lumina_test_wait_until (dialog_ready, dialog, 10000);

  /* The worse version fails the metric gate against the champion. */
  g_assert_false (json_object_get_boolean_member (lumina_promote_dialog_get_report (LUMINA_PROMOTE_DIALOG (dialog)), "passed"));
  metric_row = gtk_widget_get_first_child (GTK_WIDGET (gates));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (metric_row), "lumina-gate"), ==, "metric");
  g_assert_false (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (metric_row), "lumina-passed")));
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (metric_row)), "against the champion") != NULL);
  g_assert_true (gtk_widget_get_visible (override_row));
  g_assert_false (gtk_widget_get_sensitive (button));
  lumina_test_iterate (200);
  screenshot (GTK_WIDGET (dialog), "models-promote.png");

  /* Clicking does nothing; ticking Override needs a reason too. */
  g_signal_emit_by_name (button, "clicked");
  lumina_test_iterate (100);
  g_assert_cmpuint (alias_now ("champion"), ==, env.best);
  gtk_check_button_set_active (check, TRUE);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (reason, "Incident 42: the new features are broken upstream");
  g_assert_true (gtk_widget_get_sensitive (button));
  screenshot (GTK_WIDGET (dialog), "models-promote-override.png");

  before = n_changed;
  g_signal_emit_by_name (button, "clicked");
  wait_destroyed (GTK_WIDGET (dialog));
  settle_after (fixture->page, before);

  g_assert_cmpuint (alias_now ("champion"), ==, env.worst);
  event = last_event (&events);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "alias");
  g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, "Incident 42: the new features are broken upstream");
  g_assert_true (lumina_models_event_forced (event));
  {
    GtkListBox *history = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "history_list");
    g_autoptr(GString) badges = g_string_new (NULL);

    GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (history));

    collect_badges (row, badges);
    g_test_message ("first history row: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    g_assert_cmpstr (badges->str, ==, "forced ");
  }
}

static void
test_rollback (Fixture       *fixture,
               gconstpointer  user_data)
{
  GtkWidget *button = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "rollback_button");
  g_autoptr(JsonNode) events = NULL;
  JsonObject *event;
  guint before;

  /* After the forced move the champion can go back in one click. */
  g_assert_cmpuint (alias_now ("champion"), ==, env.worst);
  g_assert_true (gtk_widget_get_sensitive (button));
  before = n_changed;
  click (button);
  settle_after (fixture->page, before);
  g_assert_cmpuint (alias_now ("champion"), ==, env.best);
  event = last_event (&events);
  g_assert_cmpuint (json_object_get_int_member (json_object_get_object_member (event, "details"), "rollback_from"),
                    ==, env.worst);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (event, "reason"), "rollback to version"));

  /* The toast's Undo rolls forward; rolling back again restores the best. */
  before = n_changed;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.rollback-undo", "s", "champion"));
  settle_after (fixture->page, before);
  g_assert_cmpuint (alias_now ("champion"), ==, env.worst);
  before = n_changed;
  g_assert_true (lumina_models_page_rollback (fixture->page, "champion"));
  settle_after (fixture->page, before);
  g_assert_cmpuint (alias_now ("champion"), ==, env.best);
}

/* A second person's sign-off from the version's menu: recorded as an event
 * and listed on the version. */
static void
test_approve (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(JsonNode) version = NULL;
  JsonObject *event;
  JsonArray *approvals;
  guint before = n_changed;

  g_assert_true (lumina_models_page_show_model (fixture->page, MODEL));
  lumina_test_wait_until (page_idle, fixture->page, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.approve", "u", env.middle));
  settle_after (fixture->page, before);

  event = last_event (&events);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "approval");
  g_assert_cmpuint (json_object_get_int_member (event, "version"), ==, env.middle);
  version = lumina_registry_get_version (env.registry, MODEL, env.middle, NULL);
  approvals = json_object_get_array_member (json_node_get_object (version), "approvals");
  g_assert_nonnull (approvals);
  g_assert_cmpuint (json_array_get_length (approvals), ==, 1);
}

static void
test_card (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWindow *dialog = lumina_models_page_edit_card (fixture->page, env.best);
  g_autoptr(JsonObject) card = NULL;

  g_assert_nonnull (dialog);
  lumina_test_wait_mapped (GTK_WIDGET (dialog));
  lumina_model_card_dialog_set_text (LUMINA_MODEL_CARD_DIALOG (dialog), "intended_use",
                                     "Second reader for screening; never the only signal.");
  lumina_model_card_dialog_set_text (LUMINA_MODEL_CARD_DIALOG (dialog), "limitations",
                                     "Trained on 569 biopsies from one clinic.");
  screenshot (GTK_WIDGET (dialog), "models-card.png");
  g_assert_true (lumina_model_card_dialog_save (LUMINA_MODEL_CARD_DIALOG (dialog)));
  wait_destroyed (GTK_WIDGET (dialog));

  card = lumina_registry_get_card (env.registry, MODEL, env.best, NULL);
  g_assert_cmpstr (json_object_get_string_member (card, "intended_use"), ==,
                   "Second reader for screening; never the only signal.");
  g_assert_cmpstr (json_object_get_string_member (card, "limitations"), ==, "Trained on 569 biopsies from one clinic.");
}

static void
test_compare (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkListBox *metrics = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "compare_metrics_list");
  GtkListBox *signature = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "compare_signature_list");
  g_autoptr(JsonNode) version = lumina_registry_get_version (env.registry, MODEL, env.best, NULL);
  const char *primary = json_object_get_string_member (json_node_get_object (version), "primary_metric");
  gboolean found = FALSE;

  g_assert_true (lumina_models_page_compare (fixture->page, env.worst, env.best));
  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "compare");
  g_assert_cmpuint (count_rows (metrics), >, 1);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (metrics)); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "lumina-metric"), primary) == 0)
      {
        g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "lumina-delta-style"), ==, "success");
        found = TRUE;
      }
  g_assert_true (found);
  /* The same dataset: no signature changes. */
  g_assert_cmpuint (count_rows (signature), ==, 1);
  g_assert_null (g_object_get_data (G_OBJECT (gtk_widget_get_first_child (GTK_WIDGET (signature))), "lumina-change"));

  screenshot (GTK_WIDGET (fixture->window), "models-compare.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.close-compare", NULL));
  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "model");
}

static GtkWidget *
find_register_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (LUMINA_IS_REGISTER_DIALOG (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static void
test_register_from_run (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkStack *stack = lumina_test_template_child (fixture->window, LUMINA_TYPE_WINDOW, "stack");
  LuminaExperimentsPage *experiments = LUMINA_EXPERIMENTS_PAGE (gtk_stack_get_child_by_name (stack, "experiments"));
  LuminaRunPage *run_page = lumina_experiments_page_get_run_page (experiments);
  GtkWidget *button = lumina_test_template_child (run_page, LUMINA_TYPE_RUN_PAGE, "register_button");
  GtkWidget *dialog;
  g_autoptr(JsonNode) model = NULL;

  /* A version's run link opens the run's page, which offers to register it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-run", "s", env.runs[0]));
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "experiments");
  g_assert_cmpstr (lumina_experiments_page_get_visible_page (experiments), ==, "run");
  g_assert_true (gtk_widget_get_visible (button));
  screenshot (GTK_WIDGET (fixture->window), "models-run-page.png");

  click (button);
  lumina_test_iterate (100);
  dialog = find_register_dialog ();
  g_assert_nonnull (dialog);
  lumina_test_wait_mapped (dialog);

  /* Names are checked as they are typed. */
  lumina_register_dialog_set_name (LUMINA_REGISTER_DIALOG (dialog), "bad name!");
  g_assert_false (gtk_widget_get_sensitive (lumina_test_template_child (dialog, LUMINA_TYPE_REGISTER_DIALOG, "register_button")));
  lumina_register_dialog_set_name (LUMINA_REGISTER_DIALOG (dialog), "cancer-linear");
  g_assert_true (gtk_widget_get_sensitive (lumina_test_template_child (dialog, LUMINA_TYPE_REGISTER_DIALOG, "register_button")));
  screenshot (dialog, "models-register.png");
  g_assert_true (lumina_register_dialog_register (LUMINA_REGISTER_DIALOG (dialog)));
  wait_destroyed (dialog);

  model = lumina_registry_get_model (env.registry, "cancer-linear", NULL);
  g_assert_nonnull (model);
  g_assert_cmpuint (lumina_models_json_uint (json_node_get_object (model), "latest_version"), ==, 1);

  /* The toast's View opens it in the Models view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-model", "s", "cancer-linear"));
  lumina_test_wait_until (page_idle, fixture->page, 5000);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "models");
  g_assert_cmpstr (lumina_models_page_get_model (fixture->page), ==, "cancer-linear");
  lumina_models_page_show_model (fixture->page, MODEL);
}

static void
test_dark (Fixture       *fixture,
           gconstpointer  user_data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (lumina_models_page_show_model (fixture->page, MODEL));
  lumina_test_iterate (300);
  screenshot (GTK_WIDGET (fixture->window), "models-dark.png");
}

static gboolean
folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  AdwLeaflet *leaflet;

  lumina_test_destroy_window (GTK_WINDOW (fixture->window));
  fixture_open (fixture, 360, 720);
  leaflet = lumina_test_template_child (fixture->page, LUMINA_TYPE_MODELS_PAGE, "leaflet");
  lumina_test_wait_until (folded, leaflet, 5000);
  g_assert_true (lumina_models_page_show_model (fixture->page, MODEL));
  lumina_test_iterate (300);
  /* The window is as narrow as its widest view allows (with results, the
   * AutoML view asks a few pixels more); this view fits in 360 px. */
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 370);
  }
  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "model");
  screenshot (GTK_WIDGET (fixture->window), "models-narrow.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.back", NULL));
  lumina_test_iterate (300);
  g_assert_cmpstr (lumina_models_page_get_visible_page (fixture->page), ==, "list");
  screenshot (GTK_WIDGET (fixture->window), "models-narrow-list.png");

  g_assert_true (lumina_models_page_compare (fixture->page, env.worst, env.best));
  lumina_test_iterate (300);
  screenshot (GTK_WIDGET (fixture->window), "models-narrow-compare.png");
}

static void
import_dataset (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "breast_cancer.csv", NULL);
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (env.workspace);
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LuminaImportOptions options = { .csv = { .header = -1 }, .target = "diagnosis" };

  version = lumina_dataset_store_import (store, "breast_cancer", file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  int status;

  lumina_test_init (&argc, &argv);

  env.workspace = lumina_test_open_workspace (&env.tmp_dir);
  env.settings = g_settings_new (APP_ID);
  import_dataset ();
  now = g_date_time_new_now_local ();
  yesterday = g_date_time_add_days (now, -1);
  env.yesterday_noon = g_date_time_new (g_date_time_get_timezone (yesterday), g_date_time_get_year (yesterday),
                                        g_date_time_get_month (yesterday), g_date_time_get_day_of_month (yesterday),
                                        12, 0, 0);

#define ADD(path, func) \
  g_test_add ("/app/models-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("list", test_list);
  ADD ("detail", test_detail);
  ADD ("at-time", test_at_time);
  ADD ("promote", test_promote);
  ADD ("rollback", test_rollback);
  ADD ("card", test_card);
  ADD ("approve", test_approve);
  ADD ("compare", test_compare);
  ADD ("register-from-run", test_register_from_run);
  ADD ("dark", test_dark);
  ADD ("narrow", test_narrow);
#undef ADD

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (env.runs); i++)
    g_free (env.runs[i]);
  g_clear_pointer (&env.yesterday_noon, g_date_time_unref);
  g_clear_object (&env.registry);
  g_clear_object (&env.settings);
  g_clear_object (&env.workspace);
  lumina_test_remove_tree (env.tmp_dir);
  g_free (env.tmp_dir);

  return status;
}
