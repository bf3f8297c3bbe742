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

#if GTK_CHECK_VERSION (4, 10, 0)
static void
lumina_compat_choose_file_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
G_GNUC_END_IGNORE_DEPRECATIONS

  if (file == NULL)
    {
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, file, g_object_unref);
}
#else
static void
lumina_compat_choose_file_response_cb (GtkNativeDialog *native,
                                       int              response,
                                       gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (file == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "No file was chosen");
  else
    g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}
#endif

/**
 * lumina_compat_choose_file_async:
 * @parent: a widget inside the window asking
 * @title: the chooser's title
 * @filter: (nullable): which files to offer
 * @cancellable: (nullable): a #GCancellable
 *
 * Asks the user for one file to open, through the desktop portal when there
 * is one.  Dismissing the chooser finishes with %G_IO_ERROR_CANCELLED.
 */
void
lumina_compat_choose_file_async (GtkWidget           *parent,
                                 const char          *title,
                                 GtkFileFilter       *filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (parent));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_compat_choose_file_async);
  window = GTK_WINDOW (gtk_widget_get_root (parent));

#if GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* newer than GDK_VERSION_MAX_ALLOWED, on purpose */
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (filter != NULL)
      gtk_file_dialog_set_default_filter (dialog, filter);
    gtk_file_dialog_open (dialog, window, cancellable,
                          lumina_compat_choose_file_cb, g_steal_pointer (&task));
  }
G_GNUC_END_IGNORE_DEPRECATIONS
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (title, window, GTK_FILE_CHOOSER_ACTION_OPEN,
                                          _("_Open"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    if (filter != NULL)
      {
        g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

        gtk_file_filter_set_name (all, _("All Files"));
        gtk_file_filter_add_pattern (all, "*");
        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), filter);
      }
    g_signal_connect (native, "response",
                      G_CALLBACK (lumina_compat_choose_file_response_cb), g_steal_pointer (&task));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/**
 * lumina_compat_choose_file_finish:
 *
 * Returns: (transfer full) (nullable): the chosen file
 */
GFile *
lumina_compat_choose_file_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
