/* lumina-import-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a CSV file as a dataset version.  The file is parsed on a worker
 * for the preview: its first rows, the delimiter and header found, and the
 * inferred type of each column, which the user may change before anything
 * is written.  The import itself runs as a LuminaJob whose progress drives
 * the progress bar and which Cancel stops.  When the data breaks the
 * dataset's contract the dialog shows every broken rule with example rows.
 */
#define G_LOG_DOMAIN "lumina-import-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-import-dialog-private.h"

G_DEFINE_FINAL_TYPE (LuminaImportDialog, lumina_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_lumina_import_dialog_set_state (LuminaImportDialog *self,
                                LuminaImportState   state)
{
  static const char * const pages[] = { "loading", "error", "form", "form", "report", "form" };

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  gtk_spinner_set_spinning (self->spinner, state == LUMINA_IMPORT_STATE_LOADING);
  gtk_revealer_set_reveal_child (self->progress_revealer, state == LUMINA_IMPORT_STATE_IMPORTING);
  gtk_widget_set_sensitive (self->form_box, state == LUMINA_IMPORT_STATE_READY);
  gtk_button_set_label (self->close_button,
                        state == LUMINA_IMPORT_STATE_REFUSED || state == LUMINA_IMPORT_STATE_UNREADABLE
                          ? _("_Close") : _("_Cancel"));

  _lumina_import_dialog_actions_update (self);
}

static gboolean
name_is_valid (const char *name)
{
  gsize len = name ? strlen (name) : 0;

  /* The engine's rule, checked as the user types. */
  return len > 0 && len <= 128 && g_ascii_isalnum (name[0]) &&
         strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

static void
name_changed_cb (LuminaImportDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(LuminaDatasetVersion) latest = NULL;
  g_autofree char *description = NULL;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  if (!name_is_valid (name))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      description = g_strdup (_("Use letters, digits, “.”, “_” and “-”, starting with a letter or digit"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
      latest = lumina_dataset_store_resolve (self->store, name, NULL);
      if (latest != NULL)
        /* Translators: the import adds a version to an existing dataset */
        description = g_strdup_printf (_("Adds version %d to the existing dataset “%s”"),
                                       lumina_dataset_version_get_number (latest) + 1, name);
      else
        description = g_strdup (_("Creates a new dataset"));
    }

  adw_preferences_group_set_description (self->dataset_group, description);
  _lumina_import_dialog_actions_update (self);
}

static void
lumina_import_dialog_show_error (LuminaImportDialog *self,
                                 const char         *message)
{
  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LuminaImportDialog) self = user_data;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  version = lumina_dataset_store_import_finish (self->store, result, &report, &error);

  if (version != NULL)
    {
      _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_DONE);
      g_signal_emit (self, signals[IMPORTED], 0, version);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->state == LUMINA_IMPORT_STATE_IMPORTING)
        _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_READY);
      return;
    }

  if (report != NULL)
    {
      self->report = g_steal_pointer (&report);
      _lumina_import_dialog_show_report (self, error->message);
      return;
    }

  lumina_import_dialog_show_error (self, error->message);
  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_READY);
}

static GHashTable *
lumina_import_dialog_collect_types (LuminaImportDialog *self)
{
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  /* Every column, changed or not: what the preview shows is what is written. */
  for (guint c = 0; c < self->type_dropdowns->len; c++)
    {
      guint type = gtk_drop_down_get_selected (g_ptr_array_index (self->type_dropdowns, c));

      g_hash_table_insert (types, lumina_frame_get_column (self->frame, c)->name,
                           GINT_TO_POINTER ((int) type + 1));
    }

  return types;
}

static const char *
lumina_import_dialog_get_target (LuminaImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->target_row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return lumina_frame_get_column (self->frame, selected - 1)->name;
}

static void
lumina_import_dialog_start_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  lumina_import_dialog_import (LUMINA_IMPORT_DIALOG (widget));
}

static void
lumina_import_dialog_cancel_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  lumina_import_dialog_cancel (LUMINA_IMPORT_DIALOG (widget));
}

static void
lumina_import_dialog_back_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LuminaImportDialog *self = LUMINA_IMPORT_DIALOG (widget);

  g_clear_pointer (&self->report, json_node_unref);
  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_READY);
}

static void
lumina_import_dialog_close_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The one place that decides which import actions can run. */
void
_lumina_import_dialog_actions_update (LuminaImportDialog *self)
{
  gboolean ready;

  g_assert (LUMINA_IS_IMPORT_DIALOG (self));

  ready = self->state == LUMINA_IMPORT_STATE_READY &&
          name_is_valid (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel",
                                 self->state == LUMINA_IMPORT_STATE_IMPORTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.back",
                                 self->state == LUMINA_IMPORT_STATE_REFUSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.close",
                                 self->state != LUMINA_IMPORT_STATE_IMPORTING);
}

static gboolean
lumina_import_dialog_close_request (GtkWindow *window)
{
  LuminaImportDialog *self = LUMINA_IMPORT_DIALOG (window);

  /* Closing stops whatever still runs; a stopped import writes nothing. */
  g_cancellable_cancel (self->cancellable);
  if (self->job != NULL && self->state == LUMINA_IMPORT_STATE_IMPORTING)
    lumina_job_cancel (self->job);

  return GTK_WINDOW_CLASS (lumina_import_dialog_parent_class)->close_request (window);
}

static void
lumina_import_dialog_dispose (GObject *object)
{
  LuminaImportDialog *self = LUMINA_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->job != NULL && self->state == LUMINA_IMPORT_STATE_IMPORTING)
    lumina_job_cancel (self->job);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->frame);
  g_clear_object (&self->job);
  g_clear_pointer (&self->type_dropdowns, g_ptr_array_unref);
  g_clear_pointer (&self->report, json_node_unref);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (lumina_import_dialog_parent_class)->dispose (object);
}

static void
lumina_import_dialog_class_init (LuminaImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lumina_import_dialog_dispose;
  window_class->close_request = lumina_import_dialog_close_request;

  /**
   * LuminaImportDialog::imported:
   * @version: the version the import wrote
   *
   * Emitted once the version is written, just before the dialog closes.
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, LUMINA_TYPE_DATASET_VERSION);

  g_type_ensure (LUMINA_TYPE_ROW_VIEWER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, dataset_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, types_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, report_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, violations_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaImportDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "import.start", NULL, lumina_import_dialog_start_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, lumina_import_dialog_cancel_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, lumina_import_dialog_back_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, lumina_import_dialog_close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "import.start", NULL);
}

static void
lumina_import_dialog_init (LuminaImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->type_dropdowns = g_ptr_array_new ();

  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (name_changed_cb),
                           self, G_CONNECT_SWAPPED);

  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_LOADING);
}

/**
 * lumina_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: where the version is written
 * @file: the CSV file (plain or gzip) to import
 *
 * Creates the dialog and starts reading @file for the preview.
 */
LuminaImportDialog *
lumina_import_dialog_new (GtkWindow          *parent,
                          LuminaDatasetStore *store,
                          GFile              *file)
{
  LuminaImportDialog *self;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (LUMINA_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->file = g_object_ref (file);

  basename = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, basename);

  _lumina_import_dialog_read_preview (self);

  return self;
}

LuminaImportState
lumina_import_dialog_get_state (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), LUMINA_IMPORT_STATE_LOADING);

  return self->state;
}

GFile *
lumina_import_dialog_get_file (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return self->file;
}

/**
 * lumina_import_dialog_get_preview:
 *
 * Returns: (transfer none) (nullable): the file as parsed for the preview
 */
LuminaFrame *
lumina_import_dialog_get_preview (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return self->frame;
}

void
lumina_import_dialog_set_name (LuminaImportDialog *self,
                               const char         *name)
{
  g_return_if_fail (LUMINA_IS_IMPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

const char *
lumina_import_dialog_get_name (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

/**
 * lumina_import_dialog_set_column_type:
 *
 * Chooses the type @column is imported as, as its drop-down does.
 *
 * Returns: %FALSE before the preview is read or when there is no such column
 */
gboolean
lumina_import_dialog_set_column_type (LuminaImportDialog *self,
                                      const char         *column,
                                      LuminaColumnType    type)
{
  int index;

  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), FALSE);

  if (self->frame == NULL || (index = lumina_frame_find_column (self->frame, column)) < 0)
    return FALSE;

  gtk_drop_down_set_selected (g_ptr_array_index (self->type_dropdowns, index), type);
  return TRUE;
}

/**
 * lumina_import_dialog_set_target:
 * @column: (nullable): the target column, or %NULL for none
 *
 * Returns: %FALSE before the preview is read or when there is no such column
 */
gboolean
lumina_import_dialog_set_target (LuminaImportDialog *self,
                                 const char         *column)
{
  int index = -1;

  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), FALSE);

  if (self->frame == NULL || (column != NULL && (index = lumina_frame_find_column (self->frame, column)) < 0))
    return FALSE;

  adw_combo_row_set_selected (self->target_row, (guint) (index + 1));
  return TRUE;
}

/**
 * lumina_import_dialog_import:
 *
 * Starts the import with the name, types and target chosen, as the Import
 * button does.
 *
 * Returns: %FALSE when the dialog is not ready to import
 */
gboolean
lumina_import_dialog_import (LuminaImportDialog *self)
{
  g_autoptr(GHashTable) types = NULL;
  g_autofree char *title = NULL;
  LuminaImportOptions options = { { 0 } };
  const char *name;

  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), FALSE);

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (self->state != LUMINA_IMPORT_STATE_READY || !name_is_valid (name))
    return FALSE;

  types = lumina_import_dialog_collect_types (self);
  options.csv.delimiter = self->info.delimiter;
  options.csv.header = self->info.has_header ? 1 : 0;
  options.csv.types = types;
  options.target = lumina_import_dialog_get_target (self);

  /* Translators: the title of the job that imports a dataset */
  title = g_strdup_printf (_("Importing %s"), name);
  g_clear_object (&self->job);
  self->job = lumina_job_new (title);
  g_object_bind_property (self->job, "fraction", self->progress_bar, "fraction", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->job, "message", self->progress_label, "label", G_BINDING_SYNC_CREATE);

  g_clear_pointer (&self->report, json_node_unref);
  lumina_import_dialog_show_error (self, NULL);
  _lumina_import_dialog_set_state (self, LUMINA_IMPORT_STATE_IMPORTING);

  lumina_dataset_store_import_async (self->store, name, self->file, &options, self->job,
                                     import_cb, g_object_ref (self));
  return TRUE;
}

/**
 * lumina_import_dialog_cancel:
 *
 * Stops a running import; nothing is written.
 */
void
lumina_import_dialog_cancel (LuminaImportDialog *self)
{
  g_return_if_fail (LUMINA_IS_IMPORT_DIALOG (self));

  if (self->job != NULL && self->state == LUMINA_IMPORT_STATE_IMPORTING)
    lumina_job_cancel (self->job);
}

/**
 * lumina_import_dialog_get_job:
 *
 * Returns: (transfer none) (nullable): the job of the latest import
 */
LuminaJob *
lumina_import_dialog_get_job (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return self->job;
}

/**
 * lumina_import_dialog_get_report:
 *
 * Returns: (transfer none) (nullable): the contract violations of a refused import
 */
JsonNode *
lumina_import_dialog_get_report (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return self->report;
}

/**
 * lumina_import_dialog_get_error:
 *
 * Returns: (nullable): the message of the latest failed import
 */
const char *
lumina_import_dialog_get_error (LuminaImportDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_IMPORT_DIALOG (self), NULL);

  return self->error_message;
}
