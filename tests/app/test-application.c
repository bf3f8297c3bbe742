/* test-application.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-application"

#include "config.h"

#include <string.h>

#include "lumina-error-window.h"
#include "lumina-preferences-window.h"
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

  destroy_all_windows ();
  g_settings_reset (settings, "color-scheme");
  g_settings_reset (settings, "worker-threads");
}

/* About with its facts.  It runs in a child process of its own: with
 * the main window open in the same process, AddressSanitizer reports one
 * 16 KiB block allocated inside GLib (g_malloc called from GLib itself, so
 * neither a frame-pointer unwind nor an interposed g_malloc sees its
 * caller); it does not happen with a plain AdwApplicationWindow or with a
 * modal preferences window over the main window, and not under gdb. */
static void
test_application_about (void)
{
  LuminaApplication *app = lumina_test_get_app ();
  GtkWindow *about;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

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
  g_test_add_func ("/app/application/about", test_application_about);
  g_test_add_func ("/app/application/shortcuts", test_application_shortcuts);

  return g_test_run ();
}
