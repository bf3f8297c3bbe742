/* lumina-application.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-application"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-application.h"
#include "lumina-compat.h"
#include "lumina-error-window.h"
#include "lumina-preferences-window.h"
#include "lumina-secret-entry.h"
#include "lumina-window.h"

struct _LuminaApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  LuminaWorkspace *workspace;

  /* From --workspace, made absolute against the caller's directory. */
  char            *requested_path;
};

G_DEFINE_FINAL_TYPE (LuminaApplication, lumina_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the workspace in DIR, creating it when missing"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static void
lumina_application_apply_color_scheme (LuminaApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  g_assert (LUMINA_IS_APPLICATION (self));

  if (g_strcmp0 (scheme, "light") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static void
lumina_application_apply_worker_threads (LuminaApplication *self)
{
  int n_threads = g_settings_get_int (self->settings, "worker-threads");

  g_assert (LUMINA_IS_APPLICATION (self));

  if (n_threads <= 0)
    n_threads = (int) g_get_num_processors ();

  lumina_worker_pool_set_max_threads (lumina_worker_pool_get_default (), (guint) n_threads);
}

static void
lumina_application_settings_changed_cb (LuminaApplication *self,
                                        const char        *key,
                                        GSettings         *settings)
{
  g_assert (LUMINA_IS_APPLICATION (self));

  if (g_strcmp0 (key, "color-scheme") == 0)
    lumina_application_apply_color_scheme (self);
  else if (g_strcmp0 (key, "worker-threads") == 0)
    lumina_application_apply_worker_threads (self);
}

/**
 * lumina_application_dup_workspace_path:
 * @self: a #LuminaApplication
 * @requested: (nullable): a folder from the command line
 *
 * Decides which workspace to open: @requested when given, else the
 * `workspace` setting when it is not empty, else the default location.
 *
 * Returns: (transfer full): a path
 */
char *
lumina_application_dup_workspace_path (LuminaApplication *self,
                                       const char        *requested)
{
  g_autofree char *configured = NULL;

  g_return_val_if_fail (LUMINA_IS_APPLICATION (self), NULL);

  if (requested != NULL && requested[0] != '\0')
    return g_strdup (requested);

  configured = g_settings_get_string (self->settings, "workspace");
  if (configured[0] != '\0')
    return g_steal_pointer (&configured);

  return lumina_workspace_get_default_path ();
}

static gboolean
lumina_application_ensure_workspace (LuminaApplication  *self,
                                     char              **out_path,
                                     GError            **error)
{
  g_autofree char *path = NULL;

  g_assert (LUMINA_IS_APPLICATION (self));

  path = lumina_application_dup_workspace_path (self, self->requested_path);
  *out_path = g_strdup (path);

  if (self->workspace != NULL)
    return TRUE;

  self->workspace = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, error);

  return self->workspace != NULL;
}

static void
lumina_application_activate (GApplication *app)
{
  LuminaApplication *self = LUMINA_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWindow *error_window = NULL;
  GtkWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      if (LUMINA_IS_WINDOW (l->data))
        {
          gtk_window_present (GTK_WINDOW (l->data));
          return;
        }

      if (LUMINA_IS_ERROR_WINDOW (l->data))
        error_window = l->data;
    }

  if (!lumina_application_ensure_workspace (self, &path, &error))
    {
      g_debug ("Could not open workspace %s: %s", path, error->message);

      if (error_window != NULL)
        gtk_window_destroy (error_window);

      window = GTK_WINDOW (lumina_error_window_new (self, path, error));
      gtk_window_present (window);
      return;
    }

  if (error_window != NULL)
    gtk_window_destroy (error_window);

  window = GTK_WINDOW (lumina_window_new (self, self->workspace));
  gtk_window_present (window);
}

static int
lumina_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("luminaops %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
lumina_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  LuminaApplication *self = LUMINA_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *arg = NULL;

  if (g_variant_dict_lookup (options, "workspace", "^&ay", &arg) && arg[0] != '\0')
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arg);
      g_autofree char *path = g_file_get_path (file);

      if (self->workspace == NULL)
        {
          g_free (self->requested_path);
          self->requested_path = g_steal_pointer (&path);
        }
      else if (g_strcmp0 (path, lumina_workspace_get_path (self->workspace)) != 0)
        {
          /* Translators: %s is a folder */
          g_application_command_line_printerr (command_line,
                                               _("LuminaOps is already running with the workspace %s\n"),
                                               lumina_workspace_get_path (self->workspace));
        }
    }

  g_application_activate (app);

  return 0;
}

static GtkWindow *
lumina_application_get_main_window (LuminaApplication *self)
{
  g_assert (LUMINA_IS_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (LUMINA_IS_WINDOW (l->data))
        return l->data;
    }

  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
lumina_application_quit_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  LuminaApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  g_assert (LUMINA_IS_APPLICATION (self));

  /* Closing each window lets it save its size and view first. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static void
lumina_application_preferences_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  LuminaApplication *self = user_data;
  GtkWindow *parent = lumina_application_get_main_window (self);
  LuminaPreferencesWindow *preferences;

  g_assert (LUMINA_IS_APPLICATION (self));

  preferences = lumina_preferences_window_new (self);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static char *
lumina_application_dup_debug_info (LuminaApplication *self)
{
  g_autofree char *libraries = lumina_runtime_describe_libraries ();
  GString *info = g_string_new (NULL);

  g_assert (LUMINA_IS_APPLICATION (self));

  g_string_append_printf (info, "LuminaOps %s (%s)\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "Development build: %s\n", DEVELOPMENT_BUILD ? "yes" : "no");
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  if (self->workspace != NULL)
    g_string_append_printf (info, "Workspace: %s (schema %d)\n",
                            lumina_workspace_get_path (self->workspace),
                            lumina_workspace_get_schema_version (self->workspace));
  g_string_append_c (info, '\n');
  g_string_append (info, libraries);

  return g_string_free (info, FALSE);
}

static void
lumina_application_about_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  LuminaApplication *self = user_data;
  g_autofree char *debug_info = lumina_application_dup_debug_info (self);
  GtkWindow *parent = lumina_application_get_main_window (self);
  const char *developers[] = { _("The LuminaOps Authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("LuminaOps"),
                        "application-icon", APP_ID,
                        "developer-name", _("The LuminaOps Authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/luminaops/luminaops",
                        "issue-url", "https://github.com/luminaops/luminaops/issues",
                        "copyright", _("© 2026 The LuminaOps Authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "luminaops-debug-info.txt",
                        "application", self,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
lumina_application_shortcuts_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  LuminaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkShortcutsWindow *overlay;

  g_assert (LUMINA_IS_APPLICATION (self));

  if (!GTK_IS_APPLICATION_WINDOW (window))
    window = lumina_application_get_main_window (self);
  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  if (overlay != NULL)
    gtk_window_present (GTK_WINDOW (overlay));
}

static void
lumina_application_open_workspace_folder_action (GSimpleAction *action,
                                                 GVariant      *param,
                                                 gpointer       user_data)
{
  LuminaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_assert (LUMINA_IS_APPLICATION (self));

  if (self->workspace == NULL || window == NULL)
    return;

  lumina_compat_open_folder (GTK_WIDGET (window), lumina_workspace_get_path (self->workspace));
}

static const GActionEntry app_entries[] = {
  { "quit", lumina_application_quit_action },
  { "preferences", lumina_application_preferences_action },
  { "about", lumina_application_about_action },
  { "shortcuts", lumina_application_shortcuts_action },
  { "open-workspace-folder", lumina_application_open_workspace_folder_action },
};

static void
lumina_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *no_accels[] = { NULL };
  LuminaApplication *self = LUMINA_APPLICATION (app);

  G_APPLICATION_CLASS (lumina_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (lumina_application_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  lumina_application_apply_color_scheme (self);
  lumina_application_apply_worker_threads (self);
  /* Earlier versions kept the Prometheus token in the settings. */
  lumina_secret_migrate_setting (self->settings, "prometheus-token", "prometheus-url",
                                 LUMINA_SECRET_PROMETHEUS_TOKEN, _("LuminaOps: Prometheus access token"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  /* GtkApplication gives Ctrl+? to win.show-help-overlay; app.shortcuts owns it here so the
   * shortcut and the menu item are one action. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         no_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         shortcuts_accels);
}

static void
lumina_application_dispose (GObject *object)
{
  LuminaApplication *self = LUMINA_APPLICATION (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lumina_application_parent_class)->dispose (object);
}

static void
lumina_application_finalize (GObject *object)
{
  LuminaApplication *self = LUMINA_APPLICATION (object);

  g_clear_pointer (&self->requested_path, g_free);

  G_OBJECT_CLASS (lumina_application_parent_class)->finalize (object);
}

static void
lumina_application_class_init (LuminaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lumina_application_dispose;
  object_class->finalize = lumina_application_finalize;

  app_class->activate = lumina_application_activate;
  app_class->command_line = lumina_application_command_line;
  app_class->handle_local_options = lumina_application_handle_local_options;
  app_class->startup = lumina_application_startup;
}

static void
lumina_application_init (LuminaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A workbench for the whole machine learning lifecycle."));
}

LuminaApplication *
lumina_application_new (void)
{
  return g_object_new (LUMINA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

GSettings *
lumina_application_get_settings (LuminaApplication *self)
{
  g_return_val_if_fail (LUMINA_IS_APPLICATION (self), NULL);

  return self->settings;
}

LuminaWorkspace *
lumina_application_get_workspace (LuminaApplication *self)
{
  g_return_val_if_fail (LUMINA_IS_APPLICATION (self), NULL);

  return self->workspace;
}
