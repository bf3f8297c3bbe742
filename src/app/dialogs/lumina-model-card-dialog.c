/* lumina-model-card-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model card of one registered version: its description, intended use
 * and limitations are written here; its metrics and dataset come from
 * training and are shown read-only.  Saving records one "card" change in
 * the model's history with the fields that changed.
 */
#define G_LOG_DOMAIN "lumina-model-card-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-model-card-dialog.h"
#include "lumina-models-format.h"
#include "lumina-models-task.h"
#include "lumina-run-format.h"

struct _LuminaModelCardDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkButton       *save_button;
  GtkTextView     *description_view;
  GtkTextView     *intended_use_view;
  GtkTextView     *limitations_view;
  GtkListBox      *facts_list;
  GtkLabel        *error_label;

  LuminaRegistry  *registry;
  char            *name;
  guint            version;
  JsonObject      *card;
  GCancellable    *cancellable;
  guint            busy : 1;
};

G_DEFINE_FINAL_TYPE (LuminaModelCardDialog, lumina_model_card_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextView *
view_for (LuminaModelCardDialog *self,
          const char            *field)
{
  if (g_str_equal (field, "description"))
    return self->description_view;
  if (g_str_equal (field, "intended_use"))
    return self->intended_use_view;
  if (g_str_equal (field, "limitations"))
    return self->limitations_view;
  return NULL;
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_fact (LuminaModelCardDialog *self,
          const char            *title,
          const char            *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->facts_list, row);
}

static void
fill (LuminaModelCardDialog *self)
{
  static const char * const fields[] = { "description", "intended_use", "limitations" };
  JsonObject *metrics = json_object_get_object_member (self->card, "metrics");
  g_autoptr(GList) names = metrics != NULL ? json_object_get_members (metrics) : NULL;
  const char *dataset = json_object_get_string_member_with_default (self->card, "dataset", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view_for (self, fields[i])),
                              json_object_get_string_member_with_default (self->card, fields[i], ""), -1);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = lumina_run_format_metric (lumina_models_get_metric (metrics, l->data));

      add_fact (self, l->data, value);
    }
  add_fact (self, _("Dataset"), dataset != NULL ? dataset : _("Unknown"));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LuminaModelCardDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (!lumina_models_task_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * lumina_model_card_dialog_save:
 *
 * Saves the fields that changed, as the Save button does, and closes the
 * dialog once they are stored; with nothing changed it just closes.
 *
 * Returns: %FALSE when a save is already in flight
 */
gboolean
lumina_model_card_dialog_save (LuminaModelCardDialog *self)
{
  static const char * const fields[] = { "description", "intended_use", "limitations" };
  g_autoptr(JsonObject) changes = json_object_new ();
  LuminaModelsTask *task;

  g_return_val_if_fail (LUMINA_IS_MODEL_CARD_DIALOG (self), FALSE);

  if (self->busy)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = view_text (view_for (self, fields[i]));

      if (g_strcmp0 (text, json_object_get_string_member_with_default (self->card, fields[i], "")) != 0)
        json_object_set_string_member (changes, fields[i], text);
    }

  if (json_object_get_size (changes) == 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }

  task = lumina_models_task_new (LUMINA_MODELS_TASK_UPDATE_CARD, self->name, self->version);
  task->changes = g_steal_pointer (&changes);
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  lumina_models_task_run_async (self->registry, task, self->cancellable, save_cb, g_object_ref (self));
  return TRUE;
}

static void
lumina_model_card_dialog_save_cb (LuminaModelCardDialog *self)
{
  lumina_model_card_dialog_save (self);
}

static void
lumina_model_card_dialog_dispose (GObject *object)
{
  LuminaModelCardDialog *self = LUMINA_MODEL_CARD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_MODEL_CARD_DIALOG);

  G_OBJECT_CLASS (lumina_model_card_dialog_parent_class)->dispose (object);
}

static void
lumina_model_card_dialog_finalize (GObject *object)
{
  LuminaModelCardDialog *self = LUMINA_MODEL_CARD_DIALOG (object);

  g_clear_pointer (&self->card, json_object_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->cancellable);
  g_free (self->name);

  G_OBJECT_CLASS (lumina_model_card_dialog_parent_class)->finalize (object);
}

static void
lumina_model_card_dialog_class_init (LuminaModelCardDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_model_card_dialog_dispose;
  object_class->finalize = lumina_model_card_dialog_finalize;

  /**
   * LuminaModelCardDialog::saved:
   *
   * The card was stored; the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-model-card-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, intended_use_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, limitations_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, facts_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelCardDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lumina_model_card_dialog_save_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lumina_model_card_dialog_init (LuminaModelCardDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * lumina_model_card_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new dialog on the version's current card
 */
GtkWidget *
lumina_model_card_dialog_new (GtkWindow      *parent,
                              LuminaRegistry *registry,
                              const char     *name,
                              guint           version)
{
  LuminaModelCardDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_MODEL_CARD_DIALOG, "transient-for", parent, NULL);
  self->registry = g_object_ref (registry);
  self->name = g_strdup (name);
  self->version = version;
  if (!(self->card = lumina_registry_get_card (registry, name, version, &error)))
    {
      self->card = json_object_new ();
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
    }

  /* Translators: the model card dialog's title */
  title = g_strdup_printf (_("Model Card of Version %u"), version);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, name);
  fill (self);

  return GTK_WIDGET (self);
}

void
lumina_model_card_dialog_set_text (LuminaModelCardDialog *self,
                                   const char            *field,
                                   const char            *text)
{
  GtkTextView *view;

  g_return_if_fail (LUMINA_IS_MODEL_CARD_DIALOG (self));

  if ((view = view_for (self, field)) != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

gboolean
lumina_model_card_dialog_get_busy (LuminaModelCardDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_CARD_DIALOG (self), FALSE);

  return self->busy;
}
