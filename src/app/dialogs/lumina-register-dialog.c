/* lumina-register-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Registering a run's model: the user names the model (a new one, or one
 * of the existing ones, offered in a list) and says why; the name is
 * checked as it is typed.  The bundle is copied on a worker thread.
 */
#define G_LOG_DOMAIN "lumina-register-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-models-format.h"
#include "lumina-models-task.h"
#include "lumina-register-dialog.h"
#include "lumina-run-format.h"

struct _LuminaRegisterDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  GtkButton       *register_button;
  GtkSpinner      *spinner;
  AdwActionRow    *run_row;
  AdwEntryRow     *name_row;
  GtkMenuButton   *existing_button;
  GtkPopover      *existing_popover;
  GtkListBox      *existing_list;
  AdwEntryRow     *reason_row;
  GtkLabel        *hint_label;
  GtkLabel        *error_label;

  LuminaRegistry  *registry;
  char            *run_id;
  GHashTable      *latest;        /* existing model name → latest version */
  GCancellable    *cancellable;
  guint            busy : 1;
};

G_DEFINE_FINAL_TYPE (LuminaRegisterDialog, lumina_register_dialog, ADW_TYPE_WINDOW)

enum {
  REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
current_name (LuminaRegisterDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

static void
update (LuminaRegisterDialog *self)
{
  const char *name = current_name (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  gboolean valid = lumina_registry_check_name (name, &error);
  gpointer latest = NULL;

  if (!valid)
    hint = g_strdup (name[0] == '\0' ? _("Name the model: letters, digits, “-”, “_” and “.”") : error->message);
  else if (g_hash_table_lookup_extended (self->latest, name, NULL, &latest))
    /* Translators: registering into an existing model, such as “Adds version 4 to “churn”” */
    hint = g_strdup_printf (_("Adds version %u to “%s”"), GPOINTER_TO_UINT (latest) + 1, name);
  else
    /* Translators: registering under a new name */
    hint = g_strdup_printf (_("Creates the model “%s” with version 1"), name);

  gtk_label_set_text (self->hint_label, hint);
  if (valid || name[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  if (valid || name[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->register_button), valid && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !self->busy);
}

static void
lumina_register_dialog_changed_cb (LuminaRegisterDialog *self)
{
  update (self);
}

static void
lumina_register_dialog_existing_activated_cb (LuminaRegisterDialog *self,
                                              GtkListBoxRow        *row,
                                              GtkListBox           *list)
{
  lumina_register_dialog_set_name (self, g_object_get_data (G_OBJECT (row), "lumina-model"));
  gtk_popover_popdown (self->existing_popover);
}

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LuminaRegisterDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  LuminaModelsTask *task = NULL;

  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update (self);
      return;
    }

  g_signal_emit (self, signals[REGISTERED], 0, task->name, task->result_version);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * lumina_register_dialog_register:
 *
 * Registers the run under the name typed, as the Register button does.
 *
 * Returns: %FALSE when the name is not valid or a registration is running
 */
gboolean
lumina_register_dialog_register (LuminaRegisterDialog *self)
{
  g_autofree char *reason = NULL;
  LuminaModelsTask *task;

  g_return_val_if_fail (LUMINA_IS_REGISTER_DIALOG (self), FALSE);

  if (self->busy || !lumina_registry_check_name (current_name (self), NULL))
    return FALSE;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  task = lumina_models_task_new (LUMINA_MODELS_TASK_REGISTER, current_name (self), 0);
  task->run_id = g_strdup (self->run_id);
  task->reason = reason[0] != '\0' ? g_steal_pointer (&reason) : NULL;

  self->busy = TRUE;
  gtk_spinner_start (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
  lumina_models_task_run_async (self->registry, task, self->cancellable, register_cb, g_object_ref (self));
  return TRUE;
}

static void
lumina_register_dialog_register_cb (LuminaRegisterDialog *self)
{
  lumina_register_dialog_register (self);
}

/* ---- setup -------------------------------------------------------------- */

static void
fill_existing (LuminaRegisterDialog *self)
{
  g_autoptr(JsonNode) models = lumina_registry_list_models (self->registry, NULL);
  JsonArray *array = models != NULL ? json_node_get_array (models) : NULL;
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *model = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member_with_default (model, "name", "");
      guint latest = lumina_models_json_uint (model, "latest_version");
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (name);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "lumina-model", g_strdup (name), g_free);
      gtk_list_box_append (self->existing_list, row);
      g_hash_table_insert (self->latest, g_strdup (name), GUINT_TO_POINTER (latest));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->existing_button), n > 0);
}

/* A name to start from: the dataset the run trained on. */
static char *
suggest_name (LuminaRun *run)
{
  const char *dataset = run != NULL ? lumina_run_get_dataset_ref (run) : NULL;
  g_autofree char *base = dataset != NULL ? g_strndup (dataset, strcspn (dataset, "@")) : NULL;

  if (base != NULL && lumina_registry_check_name (base, NULL))
    return g_steal_pointer (&base);
  return g_strdup ("");
}

static void
describe_run (LuminaRegisterDialog *self,
              LuminaRun            *run)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  LuminaRunInfo *info;

  if (run == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->run_row), self->run_id);
      return;
    }

  info = lumina_run_info_get (run);
  title = lumina_run_format_title (run);
  if (info->metric_key != NULL)
    {
      g_autofree char *value = lumina_run_format_metric (info->metric_value);

      /* Translators: the run being registered: its learner, main metric and id */
      subtitle = g_strdup_printf (_("%s · %s %s · %s"), lumina_run_get_learner (run), info->metric_key, value,
                                  self->run_id);
    }
  else
    subtitle = g_strdup_printf ("%s · %s", lumina_run_get_learner (run), self->run_id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->run_row), title);
  adw_action_row_set_subtitle (self->run_row, subtitle);
}

static void
lumina_register_dialog_dispose (GObject *object)
{
  LuminaRegisterDialog *self = LUMINA_REGISTER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_REGISTER_DIALOG);

  G_OBJECT_CLASS (lumina_register_dialog_parent_class)->dispose (object);
}

static void
lumina_register_dialog_finalize (GObject *object)
{
  LuminaRegisterDialog *self = LUMINA_REGISTER_DIALOG (object);

  g_clear_pointer (&self->latest, g_hash_table_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->cancellable);
  g_free (self->run_id);

  G_OBJECT_CLASS (lumina_register_dialog_parent_class)->finalize (object);
}

static void
lumina_register_dialog_class_init (LuminaRegisterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_register_dialog_dispose;
  object_class->finalize = lumina_register_dialog_finalize;

  /**
   * LuminaRegisterDialog::registered:
   * @name: the model
   * @version: the new version
   */
  signals[REGISTERED] = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-register-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, register_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, run_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, existing_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, existing_popover);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, existing_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaRegisterDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lumina_register_dialog_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_register_dialog_existing_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_register_dialog_register_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lumina_register_dialog_init (LuminaRegisterDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * lumina_register_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @registry: the registry to register into
 * @run_id: a run with a model bundle
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
lumina_register_dialog_new (GtkWindow      *parent,
                            LuminaRegistry *registry,
                            const char     *run_id)
{
  LuminaRegisterDialog *self;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_REGISTER_DIALOG, "transient-for", parent, NULL);
  self->registry = g_object_ref (registry);
  self->run_id = g_strdup (run_id);

  tracker = lumina_tracker_new (lumina_registry_get_workspace (registry));
  run = lumina_tracker_get_run (tracker, run_id, NULL);
  describe_run (self, run);
  fill_existing (self);

  name = suggest_name (run);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  update (self);

  return GTK_WIDGET (self);
}

void
lumina_register_dialog_set_name (LuminaRegisterDialog *self,
                                 const char           *name)
{
  g_return_if_fail (LUMINA_IS_REGISTER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  update (self);
}

gboolean
lumina_register_dialog_get_busy (LuminaRegisterDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_REGISTER_DIALOG (self), FALSE);

  return self->busy;
}
