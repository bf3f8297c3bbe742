/* lumina-compat.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-compat"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-compat.h"

/**
 * lumina_compat_present_alert:
 * @parent: a widget inside the window the alert belongs to
 * @heading: a short heading, in title case
 * @body: one or two sentences saying what happened and what to do
 *
 * Shows a modal alert with a single Close response.
 */
void
lumina_compat_present_alert (GtkWidget  *parent,
                             const char *heading,
                             const char *body)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (heading != NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* newer than ADW_VERSION_MAX_ALLOWED, on purpose */
  {
    AdwDialog *dialog = adw_alert_dialog_new (heading, body);

    adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
    adw_dialog_present (dialog, parent);
  }
G_GNUC_END_IGNORE_DEPRECATIONS
#else
  {
    GtkWidget *dialog;

    dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
    gtk_window_present (GTK_WINDOW (dialog));
  }
#endif
}

static void
lumina_compat_open_folder_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GtkWidget) parent = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  ok = gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error);
G_GNUC_END_IGNORE_DEPRECATIONS
#else
  ok = g_app_info_launch_default_for_uri_finish (result, &error);
#endif

  if (ok || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (gtk_widget_get_root (parent) != NULL)
    lumina_compat_present_alert (parent, _("Could Not Open Folder"), error->message);
}

/**
 * lumina_compat_open_folder:
 * @parent: a widget inside the window asking
 * @path: a local folder
 *
 * Opens @path in the user's file manager.  A failure is shown as an alert.
 */
void
lumina_compat_open_folder (GtkWidget  *parent,
                           const char *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* newer than GDK_VERSION_MAX_ALLOWED, on purpose */
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    gtk_file_launcher_launch (launcher, GTK_WINDOW (gtk_widget_get_root (parent)), NULL,
                              lumina_compat_open_folder_cb, g_object_ref (parent));
  }
G_GNUC_END_IGNORE_DEPRECATIONS
#else
  {
    g_autoptr(GdkAppLaunchContext) context = NULL;
    g_autofree char *uri = g_file_get_uri (file);

    context = gdk_display_get_app_launch_context (gtk_widget_get_display (parent));
    g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                             lumina_compat_open_folder_cb,
                                             g_object_ref (parent));
  }
#endif
}
