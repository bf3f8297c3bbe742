/* lumina-import-dialog-preview.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the import dialog shows: the file parsed on a worker for the preview
 * (format, first rows, a type drop-down per column, the target), and the
 * report of a contract the data broke.
 */
#define G_LOG_DOMAIN "lumina-import-dialog-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-import-dialog-private.h"

#define PREVIEW_ROWS 20

typedef struct
{
  LuminaFrame   *frame;
  LuminaCsvInfo  info;
} Preview;

static void
preview_free (Preview *preview)
{
  g_clear_object (&preview->frame);
  g_free (preview);
}

/* Worker thread: parse the whole file, as the import will. */
static void
read_preview_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GFile *file = task_data;
  LuminaCsvOptions options = { .delimiter = 0, .header = -1 };
  Preview *preview = g_new0 (Preview, 1);
  GError *error = NULL;

  preview->frame = lumina_csv_read_file (file, &options, &preview->info, cancellable, &error);
  if (preview->frame == NULL)
    {
      preview_free (preview);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, preview, (GDestroyNotify) preview_free);
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("Comma-separated");
    case ';':
      return _("Semicolon-separated");
    case '\t':
      return _("Tab-separated");
    case '|':
      return _("Separated by vertical bars");
    default:
      return _("Delimited");
    }
}

static void
lumina_import_dialog_fill_format (LuminaImportDialog *self)
{
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *rows = NULL;
  gsize n_rows = lumina_frame_get_n_rows (self->frame);

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  size = lumina_data_format_size (n_rows, lumina_frame_get_n_columns (self->frame));
  /* Translators: delimiter · header or not · table size, such as “Comma-separated · header row · 150 rows × 5 columns” */
  subtitle = g_strdup_printf (_("%s · %s · %s"), delimiter_name (self->info.delimiter),
                              self->info.has_header ? _("header row") : _("no header row"), size);
  adw_action_row_set_subtitle (self->format_row, subtitle);

  rows = lumina_data_format_count (n_rows);
  /* Translators: how many rows the preview shows of the file's total */
  preview = g_strdup_printf (_("The first %u of %s rows"), (guint) MIN (n_rows, PREVIEW_ROWS), rows);
  adw_preferences_group_set_description (self->preview_group, preview);
}

static void
type_changed_cb (LuminaImportDialog *self)
{
  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  _lumina_import_dialog_actions_update (self);
}

static GtkWidget *
lumina_import_dialog_create_type_row (LuminaImportDialog *self,
                                      const LuminaColumn *column)
{
  g_autoptr(GListModel) types = lumina_data_type_list_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dropdown = gtk_drop_down_new (g_steal_pointer (&types), NULL);
  g_autofree char *subtitle = NULL;

  /* Translators: the type the reader found for a column */
  subtitle = g_strdup_printf (_("Inferred: %s"), lumina_data_format_column_type (column->type));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), column->type);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, column->name, -1);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (type_changed_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  g_ptr_array_add (self->type_dropdowns, dropdown);

  return row;
}

static void
lumina_import_dialog_fill_columns (LuminaImportDialog *self)
{
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);
  guint n_columns = lumina_frame_get_n_columns (self->frame);

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  gtk_string_list_append (targets, C_("target", "None"));
  for (guint c = 0; c < n_columns; c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (self->frame, c);

      gtk_string_list_append (targets, column->name);
      gtk_list_box_append (self->types_list, lumina_import_dialog_create_type_row (self, column));
    }

  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (targets));
  adw_combo_row_set_selected (self->target_row, 0);
}

static void
lumina_import_dialog_show_preview (LuminaImportDialog *self,
                                   Preview            *preview)
{
  g_autofree char *name = lumina_data_dataset_name_for (self->file);

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  self->frame = g_steal_pointer (&preview->frame);
  self->info = preview->info;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  lumina_import_dialog_fill_format (self);
  lumina_import_dialog_fill_columns (self);
  lumina_row_viewer_set_frame (self->preview, self->frame, PREVIEW_ROWS);

  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_READY);
}

static void
read_preview_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LuminaImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Preview *preview;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  preview = g_task_propagate_pointer (G_TASK (result), &error);
  if (preview == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_status_page_set_description (self->error_page, error->message);
      _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_UNREADABLE);
      return;
    }

  lumina_import_dialog_show_preview (self, preview);
  preview_free (preview);
}

void
_lumina_import_dialog_read_preview (LuminaImportDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  task = g_task_new (NULL, self->cancellable, read_preview_cb, g_object_ref (self));
  g_task_set_source_tag (task, _lumina_import_dialog_read_preview);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, read_preview_worker);
}

static GtkWidget *
create_violation_row (JsonObject *violation)
{
  GtkWidget *row = adw_expander_row_new ();
  JsonArray *examples = json_object_get_array_member (violation, "examples");
  gint64 count = json_object_get_int_member_with_default (violation, "count", 0);
  g_autofree char *count_text = lumina_data_format_count (count);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: the column and the contract rule it broke, such as “age: max” */
  title = g_strdup_printf (_("%s: %s"), json_object_get_string_member_with_default (violation, "column", ""),
                           json_object_get_string_member_with_default (violation, "rule", ""));
  /* Translators: what is wrong, then in how many rows */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s row", "%s — %s rows", (gulong) count),
                              json_object_get_string_member_with_default (violation, "message", ""), count_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  for (guint i = 0; examples != NULL && i < json_array_get_length (examples); i++)
    {
      JsonObject *example = json_array_get_object_element (examples, i);
      GtkWidget *child = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (NULL);
      g_autofree char *row_title = NULL;
      g_autofree char *value_text = lumina_data_format_json_value (json_object_get_member (example, "value"));

      /* Translators: a row number of the imported file */
      row_title = g_strdup_printf (_("Row %" G_GINT64_FORMAT), json_object_get_int_member_with_default (example, "row", 0));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), row_title);
      gtk_label_set_text (GTK_LABEL (value), value_text);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "monospace");
      adw_action_row_add_suffix (ADW_ACTION_ROW (child), value);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  return row;
}

void
_lumina_import_dialog_show_report (LuminaImportDialog *self,
                                  const char         *message)
{
  JsonArray *violations = NULL;
  GtkWidget *child;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->violations_list))) != NULL)
    gtk_list_box_remove (self->violations_list, child);

  if (JSON_NODE_HOLDS_OBJECT (self->report))
    violations = json_object_get_array_member (json_node_get_object (self->report), "violations");

  for (guint i = 0; violations != NULL && i < json_array_get_length (violations); i++)
    gtk_list_box_append (self->violations_list,
                         create_violation_row (json_array_get_object_element (violations, i)));

  gtk_label_set_text (self->report_label, message);
  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_REFUSED);
}
