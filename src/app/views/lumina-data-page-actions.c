/* lumina-data-page-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data view's actions: importing a file chosen or dropped, and going
 * back from a dataset to the table.
 */
#define G_LOG_DOMAIN "lumina-data-page-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-compat.h"
#include "lumina-data-format.h"
#include "lumina-data-page-private.h"

static void
import_dialog_imported_cb (LuminaDataPage       *self,
                           LuminaDatasetVersion *version,
                           LuminaImportDialog   *dialog)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);
  g_autofree char *rows = lumina_data_format_count (lumina_dataset_version_get_n_rows (version));
  g_autofree char *title = NULL;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  if (lumina_dataset_version_get_reused (version))
    /* Translators: a toast; an import found its data already stored as this version, such as “iris@1” */
    title = g_strdup_printf (_("%s already holds this data; nothing new was written"), ref);
  else
    /* Translators: a toast; the version written, such as “iris@1”, and its number of rows */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s — %s row", "Imported %s — %s rows",
                                          (gulong) lumina_dataset_version_get_n_rows (version)),
                             ref, rows);
  _lumina_data_page_toast (self, title);

  lumina_data_page_reload (self);
  lumina_data_page_open_dataset (self, lumina_dataset_version_get_name (version),
                                 lumina_dataset_version_get_number (version));
}

static void
choose_file_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LuminaDataPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  if (!(file = lumina_compat_choose_file_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_data_page_toast (self, error->message);
      return;
    }

  lumina_data_page_import_file (self, file);
}

static void
lumina_data_page_import_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_assert (LUMINA_IS_DATA_PAGE (self));

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "csv.gz");
  gtk_file_filter_add_suffix (filter, "txt");

  lumina_compat_choose_file_async (widget, _("Import CSV"), filter, self->cancellable,
                                   choose_file_cb, g_object_ref (self));
}

static void
lumina_data_page_back_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  lumina_data_page_show_list (LUMINA_DATA_PAGE (widget));
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         LuminaDataPage *self)
{
  GFile *file = NULL;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      file = files ? files->data : NULL;
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL || self->store == NULL)
    return FALSE;

  lumina_data_page_import_file (self, file);
  return TRUE;
}

void
_lumina_data_page_add_drop_target (LuminaDataPage *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  g_assert (LUMINA_IS_DATA_PAGE (self));

  /* Files dragged from a file manager arrive as a text/uri-list. */
  gtk_drop_target_set_gtypes (target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
_lumina_data_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "data.import", NULL, lumina_data_page_import_action);
  gtk_widget_class_install_action (widget_class, "data.back", NULL, lumina_data_page_back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "data.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "data.back", NULL);
}

/* The one place that decides which Data actions can run. */
void
_lumina_data_page_actions_update (LuminaDataPage *self)
{
  g_assert (LUMINA_IS_DATA_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.import", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.back",
                                 g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dataset") == 0);
}

/**
 * lumina_data_page_import_file:
 * @file: a CSV file
 *
 * Opens the import dialog for @file, as choosing or dropping it does.
 *
 * Returns: (transfer none) (nullable): the dialog, owned by GTK until it closes
 */
LuminaImportDialog *
lumina_data_page_import_file (LuminaDataPage *self,
                              GFile          *file)
{
  GtkRoot *root;

  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->store == NULL)
    return NULL;

  /* One import at a time: a second file waits for the first dialog to close. */
  if (self->import_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->import_dialog));
      return self->import_dialog;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->import_dialog = lumina_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  self->store, file);
  g_object_add_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
  g_signal_connect_object (self->import_dialog, "imported",
                           G_CALLBACK (import_dialog_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->import_dialog));

  return self->import_dialog;
}
