/* test-application.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-application"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "lumina-error-window.h"
#include "lumina-preferences-window.h"
#include "lumina-secret-entry.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

static GtkWindow *
find_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (lumina_test_get_app ())); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

static guint
count_windows (GType type)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (lumina_test_get_app ())); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        n++;
    }

  return n;
}

static void
destroy_all_windows (void)
{
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (GTK_APPLICATION (lumina_test_get_app ()))) != NULL)
    lumina_test_destroy_window (window);
}

static void
test_application_workspace_path (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GSettings *settings = lumina_application_get_settings (app);
  g_autofree char *requested = NULL;
  g_autofree char *configured = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *expected_default = lumina_workspace_get_default_path ();

  g_settings_set_string (settings, "workspace", "/srv/lumina/configured");

  requested = lumina_application_dup_workspace_path (app, "/tmp/requested");
  g_assert_cmpstr (requested, ==, "/tmp/requested");

  configured = lumina_application_dup_workspace_path (app, NULL);
  g_assert_cmpstr (configured, ==, "/srv/lumina/configured");

  g_settings_reset (settings, "workspace");
  fallback = lumina_application_dup_workspace_path (app, NULL);
  g_assert_cmpstr (fallback, ==, expected_default);
}

/* A workspace that cannot be opened gives an error window, not a crash;
 * activating again once the setting is fixed opens the main window. */
static void
test_application_open_error (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GSettings *settings = lumina_application_get_settings (app);
  g_autofree char *tmp = lumina_test_make_tmp_dir ();
  g_autofree char *not_a_dir = g_build_filename (tmp, "a-file", NULL);
  g_autofree char *good = g_build_filename (tmp, "workspace", NULL);
  g_autoptr(GError) error = NULL;
  GtkWindow *error_window;
  GtkWindow *main_window;

  g_file_set_contents (not_a_dir, "not a workspace\n", -1, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "workspace", not_a_dir);
  g_application_activate (G_APPLICATION (app));

  error_window = find_window (LUMINA_TYPE_ERROR_WINDOW);
  g_assert_nonnull (error_window);
  g_assert_null (find_window (LUMINA_TYPE_WINDOW));
  g_assert_null (lumina_application_get_workspace (app));
  g_assert_cmpstr (lumina_error_window_get_message (LUMINA_ERROR_WINDOW (error_window)), !=, "");
  lumina_test_wait_mapped (GTK_WIDGET (error_window));
  lumina_test_screenshot (GTK_WIDGET (error_window), "error-window.png");

  g_settings_set_string (settings, "workspace", good);
  g_application_activate (G_APPLICATION (app));
  lumina_test_iterate (50);

  main_window = find_window (LUMINA_TYPE_WINDOW);
  g_assert_nonnull (main_window);
  g_assert_null (find_window (LUMINA_TYPE_ERROR_WINDOW));
  g_assert_nonnull (lumina_application_get_workspace (app));
  g_assert_cmpstr (lumina_workspace_get_path (lumina_application_get_workspace (app)), ==, good);

  /* Activating again presents the same window. */
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpuint (count_windows (LUMINA_TYPE_WINDOW), ==, 1);

  destroy_all_windows ();
  g_settings_reset (settings, "workspace");
  lumina_test_remove_tree (tmp);
}

static void
test_application_color_scheme (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GSettings *settings = lumina_application_get_settings (app);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style_manager));

  g_settings_reset (settings, "color-scheme");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_application_worker_threads (void)
{
  GSettings *settings = lumina_application_get_settings (lumina_test_get_app ());
  LuminaWorkerPool *pool = lumina_worker_pool_get_default ();

  g_settings_set_int (settings, "worker-threads", 3);
  g_assert_cmpuint (lumina_worker_pool_get_max_threads (pool), ==, 3);

  g_settings_set_int (settings, "worker-threads", 0);
  g_assert_cmpuint (lumina_worker_pool_get_max_threads (pool), ==, g_get_num_processors ());

  g_settings_reset (settings, "worker-threads");
}

static gboolean
tested (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static const char *
test_connection (GtkWindow *preferences)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                 LUMINA_TYPE_PREFERENCES_WINDOW,
                                                                 "prometheus_test_button"));
  AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                     LUMINA_TYPE_PREFERENCES_WINDOW,
                                                                     "prometheus_test_row"));

  g_signal_emit_by_name (button, "clicked");
  lumina_test_wait_until (tested, button, 20000);
  return adw_action_row_get_subtitle (row);
}

static gboolean
subtitle_is_version (gpointer data)
{
  return g_str_has_prefix (test_connection (data), "Prometheus ");
}

typedef struct
{
  const char *target;
  const char *secret;
} SecretWait;

static gboolean
secret_stored (gpointer data)
{
  SecretWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lumina_secrets_lookup (LUMINA_SECRET_PROMETHEUS_TOKEN, wait->target, NULL, &error);

  g_assert_no_error (error);
  return g_strcmp0 (secret, wait->secret) == 0;
}

static gboolean
row_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* Returns: (nullable): the first button under @widget labelled @label */
static GtkButton *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *button = find_button_labelled (child, label);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static gboolean
row_has_error (gpointer data)
{
  return gtk_widget_has_css_class (data, "error") && gtk_widget_get_tooltip_text (data) != NULL;
}

static gboolean
row_has_no_error (gpointer data)
{
  return !gtk_widget_has_css_class (data, "error");
}

static gboolean
row_shows_secret (gpointer data)
{
  return gtk_widget_get_sensitive (data) && g_strcmp0 (gtk_editable_get_text (data), "s3cret") == 0;
}

/* The Prometheus address and token are settings the Monitoring view reads;
 * Test asks the server (a real one, started here on 127.0.0.1). */
static void
check_prometheus (GtkWindow *preferences,
                  GSettings *settings)
{
  GtkEditable *url = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                  LUMINA_TYPE_PREFERENCES_WINDOW,
                                                                  "prometheus_url_row"));
  GtkEditable *token = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                    LUMINA_TYPE_PREFERENCES_WINDOW,
                                                                    "prometheus_token_row"));
  g_autofree char *tmp = lumina_test_make_tmp_dir ();
  g_autofree char *config = g_build_filename (tmp, "prometheus.yml", NULL);
  g_autofree char *storage = g_strdup_printf ("--storage.tsdb.path=%s/data", tmp);
  g_autofree char *config_arg = g_strdup_printf ("--config.file=%s", config);
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", lumina_test_free_port ());
  guint port = lumina_test_free_port ();
  g_autofree char *listen = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  g_autofree char *address = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autofree char *stored = NULL;
  g_autofree char *secrets = NULL;
  AdwMessageDialog *dialog;
  GtkButton *details;
  g_autoptr(GSubprocess) prometheus = NULL;
  g_autoptr(GError) error = NULL;
  SecretWait wait = { NULL, NULL };

  g_autofree char *program = g_find_program_in_path ("prometheus");

  /* Nothing entered, then a closed port: said plainly. */
  gtk_editable_set_text (url, "");
  g_assert_true (strstr (test_connection (preferences), "address") != NULL);
  gtk_editable_set_text (url, closed);
  stored = g_settings_get_string (settings, "prometheus-url");
  g_assert_cmpstr (stored, ==, closed);
  g_clear_pointer (&stored, g_free);

  /* The token goes to the secret store under this server, not the settings. */
  lumina_test_wait_until (row_sensitive, token, 5000);
  gtk_editable_set_text (token, "s3cret");
  wait.target = closed;
  wait.secret = "s3cret";
  lumina_test_wait_until (secret_stored, &wait, 5000);
  stored = g_settings_get_string (settings, "prometheus-token");
  g_assert_cmpstr (stored, ==, "");
  g_assert_true (strstr (test_connection (preferences), "Cannot reach Prometheus") != NULL);

  g_assert_true (g_file_set_contents (config, "global:\n  scrape_interval: 15s\n", -1, &error));
  g_assert_no_error (error);
  prometheus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 "prometheus", config_arg, storage, listen, NULL);
  g_assert_no_error (error);
  /* Another server: its own (empty) token; the first one's is kept. */
  gtk_editable_set_text (url, address);
  lumina_test_wait_until (row_sensitive, token, 5000);
  g_assert_cmpstr (gtk_editable_get_text (token), ==, "");
  lumina_test_wait_until (subtitle_is_version, preferences, 30000);
  gtk_editable_set_text (url, closed);
  lumina_test_wait_until (row_shows_secret, token, 5000);
  gtk_editable_set_text (url, address);
  lumina_test_wait_until (row_sensitive, token, 5000);
  lumina_test_scroll_to (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                    LUMINA_TYPE_PREFERENCES_WINDOW,
                                                                    "prometheus_test_row")));
  lumina_test_screenshot (GTK_WIDGET (preferences), "preferences-prometheus.png");

  /* A store that fails (the secrets file became readable by others) marks
   * the row with the reason; the next one that works clears it. */
  secrets = lumina_secrets_get_file_path ();
  g_assert_cmpint (g_chmod (secrets, 0644), ==, 0);
  gtk_editable_set_text (token, "n0t-saved");
  lumina_test_wait_until (row_has_error, token, 5000);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (token)), "other users"));
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (preferences), "preferences-token-not-saved.png");
  /* The toast says so too, and its Details give the whole reason. */
  details = find_button_labelled (GTK_WIDGET (preferences), "_Details");
  g_assert_nonnull (details);
  lumina_test_click (details);
  dialog = ADW_MESSAGE_DIALOG (lumina_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "chmod 600"));
  lumina_test_wait_mapped (GTK_WIDGET (dialog));
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (dialog), "preferences-token-not-saved-details.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (g_chmod (secrets, 0600), ==, 0);
  gtk_editable_set_text (token, "s4ved");
  wait.target = address;
  wait.secret = "s4ved";
  lumina_test_wait_until (secret_stored, &wait, 5000);
  lumina_test_wait_until (row_has_no_error, token, 5000);

  g_subprocess_force_exit (prometheus);
  g_subprocess_wait (prometheus, NULL, NULL);
  lumina_test_remove_tree (tmp);
}

static void
test_application_preferences (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GSettings *settings = lumina_application_get_settings (app);
  GtkWindow *preferences;
  AdwComboRow *style_row;
  GtkAdjustment *adjustment;
  g_autofree char *scheme = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_window (LUMINA_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  lumina_test_wait_mapped (GTK_WIDGET (preferences));

  style_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                            LUMINA_TYPE_PREFERENCES_WINDOW,
                                                            "style_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 0);
  adw_combo_row_set_selected (style_row, 2);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  lumina_test_iterate (200);
  lumina_test_screenshot (GTK_WIDGET (preferences), "preferences-dark.png");

  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 1);

  adjustment = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                              LUMINA_TYPE_PREFERENCES_WINDOW,
                                                              "worker_threads_adjustment"));
  gtk_adjustment_set_value (adjustment, 4);
  g_assert_cmpint (g_settings_get_int (settings, "worker-threads"), ==, 4);
  g_assert_cmpuint (lumina_worker_pool_get_max_threads (lumina_worker_pool_get_default ()), ==, 4);

  check_prometheus (preferences, settings);

  destroy_all_windows ();
  g_settings_reset (settings, "color-scheme");
  g_settings_reset (settings, "worker-threads");
  g_settings_reset (settings, "prometheus-url");
  g_settings_reset (settings, "prometheus-token");
}

static gboolean
setting_cleared (gpointer data)
{
  g_autofree char *token = g_settings_get_string (data, "prometheus-token");

  return token[0] == '\0';
}

/* A token an earlier version left in the settings moves to the secret
 * store under the server it was for, and the key is cleared; one with no
 * server is only cleared. */
static void
test_application_token_migration (void)
{
  GSettings *settings = lumina_application_get_settings (lumina_test_get_app ());
  SecretWait wait = { "http://127.0.0.1:9999", "legacy" };
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;

  g_settings_set_string (settings, "prometheus-url", wait.target);
  g_settings_set_string (settings, "prometheus-token", "legacy");
  lumina_secret_migrate_setting (settings, "prometheus-token", "prometheus-url",
                                 LUMINA_SECRET_PROMETHEUS_TOKEN, "Prometheus token");
  lumina_test_wait_until (setting_cleared, settings, 5000);
  g_assert_true (secret_stored (&wait));

  g_settings_set_string (settings, "prometheus-url", "");
  g_settings_set_string (settings, "prometheus-token", "orphan");
  lumina_secret_migrate_setting (settings, "prometheus-token", "prometheus-url",
                                 LUMINA_SECRET_PROMETHEUS_TOKEN, "Prometheus token");
  g_assert_true (setting_cleared (settings));
  none = lumina_secrets_lookup (LUMINA_SECRET_PROMETHEUS_TOKEN, "", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_settings_reset (settings, "prometheus-url");
  g_assert_true (lumina_secrets_store (LUMINA_SECRET_PROMETHEUS_TOKEN, wait.target, NULL, NULL, NULL, &error));
}

/* About with its facts. */
static void
test_application_about (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), "GTK "));
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          APP_ID));
  lumina_test_wait_mapped (GTK_WIDGET (about));

  destroy_all_windows ();
}

static void
test_application_shortcuts (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autofree char *tmp = NULL;
  g_auto(GStrv) accels = NULL;
  LuminaWindow *window;
  GtkShortcutsWindow *overlay;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.shortcuts");
  g_assert_cmpstr (accels[0], ==, "<Control>question");

  workspace = lumina_test_open_workspace (&tmp);
  window = lumina_window_new (app, workspace);
  gtk_window_present (GTK_WINDOW (window));
  lumina_test_wait_mapped (GTK_WIDGET (window));

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  lumina_test_wait_mapped (GTK_WIDGET (overlay));

  destroy_all_windows ();
  lumina_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add_func ("/app/application/workspace-path", test_application_workspace_path);
  g_test_add_func ("/app/application/open-error", test_application_open_error);
  g_test_add_func ("/app/application/color-scheme", test_application_color_scheme);
  g_test_add_func ("/app/application/worker-threads", test_application_worker_threads);
  g_test_add_func ("/app/application/preferences", test_application_preferences);
  g_test_add_func ("/app/application/token-migration", test_application_token_migration);
  g_test_add_func ("/app/application/about", test_application_about);
  g_test_add_func ("/app/application/shortcuts", test_application_shortcuts);

  return g_test_run ();
}
