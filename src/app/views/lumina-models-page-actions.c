/* lumina-models-page-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Models view does to the registry: promote a version (through
 * the promote dialog and its gates), roll an alias back (and forward again
 * from the toast), approve, edit a model card and export a version; and
 * the one function that decides which of these can run.
 */
#define G_LOG_DOMAIN "lumina-models-page-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-model-card-dialog.h"
#include "lumina-models-format.h"
#include "lumina-models-page-private.h"
#include "lumina-promote-dialog.h"

static GtkWindow *
parent_window (LuminaModelsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ---- navigation --------------------------------------------------------- */

static void
lumina_models_page_back_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
lumina_models_page_compare_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;
  guint newest, baseline;

  if (versions == NULL || json_array_get_length (versions) < 2)
    return;

  /* The newest version against the champion, or the one before it. */
  newest = lumina_models_json_uint (json_array_get_object_element (versions, 0), "version");
  baseline = _lumina_models_page_get_alias (self, LUMINA_REGISTRY_CHAMPION);
  if (baseline == 0 || baseline == newest)
    baseline = lumina_models_json_uint (json_array_get_object_element (versions, 1), "version");

  lumina_models_page_compare (self, baseline, newest);
}

static void
lumina_models_page_close_compare_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);

  gtk_stack_set_visible_child_name (self->detail_stack, "model");
  _lumina_models_page_actions_update (self);
}

/* ---- rollback ----------------------------------------------------------- */

static void
rollback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LuminaModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  LuminaModelsTask *task = NULL;
  AdwToast *toast;

  _lumina_models_page_task_done (self);
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_models_page_toast (self, error->message);
      return;
    }

  /* Translators: after a one-click rollback, such as “Rolled back champion to version 2” */
  title = g_strdup_printf (_("Rolled back %s to version %u"), task->target, task->result_version);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* A second rollback undoes the first: the alias goes forward again. */
  adw_toast_set_action_name (toast, "models.rollback-undo");
  adw_toast_set_action_target_value (toast, g_variant_new_string (task->target));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LuminaModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  LuminaModelsTask *task = NULL;

  _lumina_models_page_task_done (self);
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_models_page_toast (self, error->message);
      return;
    }

  /* Translators: after undoing a rollback, such as “champion is back on version 3” */
  title = g_strdup_printf (_("%s is back on version %u"), task->target, task->result_version);
  _lumina_models_page_toast (self, title);
}

static void
start_rollback (LuminaModelsPage    *self,
                const char          *alias,
                const char          *reason,
                GAsyncReadyCallback  callback)
{
  LuminaModelsTask *task;

  if (self->model == NULL || self->registry == NULL)
    return;

  task = lumina_models_task_new (LUMINA_MODELS_TASK_ROLLBACK, self->model, 0);
  task->target = g_strdup (alias);
  task->reason = g_strdup (reason);
  _lumina_models_page_run_task (self, task, callback);
}

static void
lumina_models_page_rollback_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);
  const char *alias = param != NULL ? g_variant_get_string (param, NULL) : LUMINA_REGISTRY_CHAMPION;

  start_rollback (self, alias, _("rolled back in the Models view"), rollback_cb);
}

static void
lumina_models_page_rollback_undo_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);

  start_rollback (self, g_variant_get_string (param, NULL), _("undid a rollback"), undo_cb);
}

/**
 * lumina_models_page_rollback:
 * @alias: an alias of the model shown
 *
 * Points @alias back at the version it pointed at before its last move,
 * as the model's roll back buttons do; a toast offers to undo it.
 *
 * Returns: %FALSE when no model is shown or a write is in flight
 */
gboolean
lumina_models_page_rollback (LuminaModelsPage *self,
                             const char       *alias)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), FALSE);
  g_return_val_if_fail (alias != NULL, FALSE);

  if (self->model == NULL || self->n_tasks > 0)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self), "models.rollback", "s", alias);
}

/* ---- promote, approve, card, export ------------------------------------- */

static void
promoted_cb (LuminaModelsPage    *self,
             const char          *summary,
             LuminaPromoteDialog *dialog)
{
  _lumina_models_page_toast (self, summary);
}

GtkWindow *
lumina_models_page_promote (LuminaModelsPage *self,
                            guint             version)
{
  GtkWidget *dialog;

  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  if (self->model == NULL || _lumina_models_page_find_version (self, version) == NULL)
    return NULL;

  dialog = lumina_promote_dialog_new (parent_window (self), self->registry, self->model, version);
  g_signal_connect_object (dialog, "promoted", G_CALLBACK (promoted_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
lumina_models_page_promote_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  lumina_models_page_promote (LUMINA_MODELS_PAGE (widget), g_variant_get_uint32 (param));
}

static void
approve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LuminaModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  LuminaModelsTask *task = NULL;

  _lumina_models_page_task_done (self);
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_models_page_toast (self, error->message);
      return;
    }

  title = g_strdup_printf (_("Version %u approved"), task->version);
  _lumina_models_page_toast (self, title);
}

static void
lumina_models_page_approve_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);
  LuminaModelsTask *task;

  if (self->model == NULL)
    return;

  task = lumina_models_task_new (LUMINA_MODELS_TASK_APPROVE, self->model, g_variant_get_uint32 (param));
  _lumina_models_page_run_task (self, task, approve_cb);
}

static void
card_saved_cb (LuminaModelsPage      *self,
               LuminaModelCardDialog *dialog)
{
  _lumina_models_page_toast (self, _("Model card saved"));
}

GtkWindow *
lumina_models_page_edit_card (LuminaModelsPage *self,
                              guint             version)
{
  GtkWidget *dialog;

  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  if (self->model == NULL || _lumina_models_page_find_version (self, version) == NULL)
    return NULL;

  dialog = lumina_model_card_dialog_new (parent_window (self), self->registry, self->model, version);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (card_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
lumina_models_page_edit_card_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  lumina_models_page_edit_card (LUMINA_MODELS_PAGE (widget), g_variant_get_uint32 (param));
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LuminaModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  LuminaModelsTask *task = NULL;

  _lumina_models_page_task_done (self);
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_models_page_toast (self, error->message);
      return;
    }

  /* Translators: %s is a model reference such as “churn@3” */
  title = g_strdup_printf (_("Exported %s"), task->target);
  _lumina_models_page_toast (self, title);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(LuminaModelsPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  guint version = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "lumina-version"));

  if (response == GTK_RESPONSE_ACCEPT && self->model != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      LuminaModelsTask *task = lumina_models_task_new (LUMINA_MODELS_TASK_EXPORT, self->model, version);

      task->target = g_strdup_printf ("%s@%u", self->model, version);
      task->directory = g_steal_pointer (&path);
      _lumina_models_page_run_task (self, task, export_cb);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
lumina_models_page_export_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);
  guint version = g_variant_get_uint32 (param);
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  if (self->model == NULL)
    return;

  /* The export is a new folder: the bundle plus model-card.json. */
  dialog = gtk_file_chooser_native_new (_("Export Model Version"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  name = g_strdup_printf ("%s-v%u", self->model, version);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "lumina-version", GUINT_TO_POINTER (version));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- enablement --------------------------------------------------------- */

/* The one place that decides which of the view's actions can run. */
void
_lumina_models_page_actions_update (LuminaModelsPage *self)
{
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;
  gboolean shown = self->model != NULL && self->model_info != NULL;
  gboolean idle = self->n_tasks == 0;
  guint previous = shown ? _lumina_models_page_rollback_target (self, LUMINA_REGISTRY_CHAMPION) : 0;
  g_autofree char *tooltip = NULL;

  g_assert (LUMINA_IS_MODELS_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.back", adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.compare",
                                 shown && versions != NULL && json_array_get_length (versions) >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.close-compare", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.rollback", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.rollback-undo", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.rollback-champion", shown && idle && previous > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.promote", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.approve", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.edit-card", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.export", shown && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.at-preset", shown);

  if (previous > 0)
    /* Translators: the model header's roll back button */
    tooltip = g_strdup_printf (_("Roll Back Champion to Version %u"), previous);
  else
    tooltip = g_strdup (_("Roll Back Champion (the champion has no earlier version)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rollback_button), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->deploy_button), shown);
}

static void
lumina_models_page_rollback_champion_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param)
{
  lumina_models_page_rollback_action (widget, action_name, NULL);
}

void
_lumina_models_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "models.back", NULL, lumina_models_page_back_action);
  gtk_widget_class_install_action (widget_class, "models.compare", NULL, lumina_models_page_compare_action);
  gtk_widget_class_install_action (widget_class, "models.close-compare", NULL,
                                   lumina_models_page_close_compare_action);
  gtk_widget_class_install_action (widget_class, "models.rollback", "s", lumina_models_page_rollback_action);
  gtk_widget_class_install_action (widget_class, "models.rollback-undo", "s",
                                   lumina_models_page_rollback_undo_action);
  gtk_widget_class_install_action (widget_class, "models.rollback-champion", NULL,
                                   lumina_models_page_rollback_champion_action);
  gtk_widget_class_install_action (widget_class, "models.promote", "u", lumina_models_page_promote_action);
  gtk_widget_class_install_action (widget_class, "models.approve", "u", lumina_models_page_approve_action);
  gtk_widget_class_install_action (widget_class, "models.edit-card", "u", lumina_models_page_edit_card_action);
  gtk_widget_class_install_action (widget_class, "models.export", "u", lumina_models_page_export_action);
}
