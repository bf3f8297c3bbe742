/* lumina-promote-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Promoting a registered version: to a stage, or by pointing an alias
 * (champion, challenger or one the user names) at it.  The promotion gates
 * are checked first, without moving anything, and each one is shown with
 * its figures; a move the gates refuse can be forced only by ticking
 * "Override" and giving a reason, both of which the registry records.
 */
#define G_LOG_DOMAIN "lumina-promote-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-models-format.h"
#include "lumina-models-task.h"
#include "lumina-promote-dialog.h"

typedef struct
{
  char *kind;    /* "alias" or "stage" */
  char *value;   /* NULL: an alias the user names */
} Target;

struct _LuminaPromoteDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkButton       *promote_button;
  AdwComboRow     *target_row;
  AdwEntryRow     *alias_row;
  GtkLabel        *alias_error_label;
  AdwPreferencesGroup *gates_group;
  GtkSpinner      *spinner;
  GtkListBox      *gates_list;
  AdwActionRow    *override_row;
  GtkCheckButton  *override_check;
  AdwEntryRow     *reason_row;
  GtkLabel        *error_label;

  LuminaRegistry  *registry;
  char            *name;
  guint            version;
  JsonObject      *report;
  GArray          *targets;
  GCancellable    *cancellable;
  guint            busy : 1;
};

G_DEFINE_FINAL_TYPE (LuminaPromoteDialog, lumina_promote_dialog, ADW_TYPE_WINDOW)

enum {
  PROMOTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
target_clear (gpointer data)
{
  Target *target = data;

  g_free (target->kind);
  g_free (target->value);
}

static const Target *
current_target (LuminaPromoteDialog *self)
{
  guint position = adw_combo_row_get_selected (self->target_row);

  if (position >= self->targets->len)
    return NULL;
  return &g_array_index (self->targets, Target, position);
}

/* The alias or stage the version would move to. */
static const char *
target_value (LuminaPromoteDialog *self)
{
  const Target *target = current_target (self);

  if (target == NULL)
    return NULL;
  if (target->value != NULL)
    return target->value;
  return gtk_editable_get_text (GTK_EDITABLE (self->alias_row));
}

static gboolean
target_is_gated (const Target *target)
{
  return target != NULL &&
         ((g_str_equal (target->kind, "alias") && g_strcmp0 (target->value, LUMINA_REGISTRY_CHAMPION) == 0) ||
          (g_str_equal (target->kind, "stage") && g_strcmp0 (target->value, LUMINA_REGISTRY_PRODUCTION) == 0));
}

/* ---- gates -------------------------------------------------------------- */

static GtkWidget *
create_gate_row (JsonObject *gate)
{
  gboolean passed = json_object_get_boolean_member_with_default (gate, "passed", FALSE);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (passed ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  GtkWidget *label = gtk_label_new (passed ? _("Passed") : _("Failed"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 lumina_models_format_gate_name (json_object_get_string_member_with_default (gate, "gate", "")));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), json_object_get_string_member_with_default (gate, "summary", ""));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, passed ? "success" : "error");
  gtk_widget_add_css_class (label, passed ? "success" : "error");
  gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "lumina-passed", GINT_TO_POINTER (passed));
  g_object_set_data_full (G_OBJECT (row), "lumina-gate",
                          g_strdup (json_object_get_string_member_with_default (gate, "gate", "")), g_free);
  return row;
}

static void
fill_gates (LuminaPromoteDialog *self)
{
  JsonArray *gates = self->report != NULL ? json_object_get_array_member (self->report, "gates") : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gates_list))) != NULL)
    gtk_list_box_remove (self->gates_list, child);

  for (guint i = 0; gates != NULL && i < json_array_get_length (gates); i++)
    gtk_list_box_append (self->gates_list, create_gate_row (json_array_get_object_element (gates, i)));
}

static void
update (LuminaPromoteDialog *self)
{
  const Target *target = current_target (self);
  gboolean gated = target_is_gated (target);
  gboolean passed = self->report != NULL && json_object_get_boolean_member_with_default (self->report, "passed", FALSE);
  gboolean custom = target != NULL && target->value == NULL;
  gboolean overriding;
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  g_autoptr(GError) error = NULL;
  gboolean valid = target != NULL && (!custom || lumina_registry_check_alias (target_value (self), &error));
  guint baseline = self->report != NULL ? lumina_models_json_uint (self->report, "baseline_version") : 0;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->alias_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->alias_error_label),
                          custom && gtk_editable_get_text (GTK_EDITABLE (self->alias_row))[0] != '\0' && !valid);
  gtk_label_set_text (self->alias_error_label, error ? error->message : "");

  gtk_widget_set_visible (GTK_WIDGET (self->override_row), gated && self->report != NULL && !passed);
  overriding = gated && !passed && gtk_check_button_get_active (self->override_check);

  if (self->report == NULL)
    description = g_strdup (_("Checking the gates…"));
  else if (!gated)
    description = g_strdup (_("Only moves to champion or to production must pass the gates; this move need not"));
  else if (baseline > 0)
    /* Translators: the version the gates compare the candidate with */
    description = g_strdup_printf (_("Compared with version %u, the current champion or production version"), baseline);
  else
    description = g_strdup (_("There is no champion or production version to compare with yet"));
  adw_preferences_group_set_description (self->gates_group, description);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row),
                                 overriding ? _("Reason (required to override)") : _("Reason"));
  gtk_button_set_label (self->promote_button, overriding ? _("_Override and Promote") : _("_Promote"));
  if (overriding)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->promote_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->promote_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->promote_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->promote_button), "suggested-action");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->promote_button),
                            !self->busy && self->report != NULL && valid &&
                            (!gated || passed || (overriding && reason[0] != '\0')));
}

static void
check_gates_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LuminaPromoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  LuminaModelsTask *task = NULL;

  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    self->report = g_steal_pointer (&task->report);

  gtk_spinner_stop (self->spinner);
  fill_gates (self);
  update (self);
}

/* ---- promoting ---------------------------------------------------------- */

static char *
describe_move (LuminaPromoteDialog *self,
               const Target        *target,
               const char          *value)
{
  if (target != NULL && g_str_equal (target->kind, "stage"))
    /* Translators: after promoting, such as “Version 3 moved to Production” */
    return g_strdup_printf (_("Version %u moved to %s"), self->version, lumina_models_format_stage (value));
  /* Translators: after moving an alias, such as “Version 3 is now champion” */
  return g_strdup_printf (_("Version %u is now %s"), self->version, value);
}

static void
promote_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LuminaPromoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  LuminaModelsTask *task = NULL;

  self->busy = FALSE;
  if (!lumina_models_task_finish (result, &task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The gates may have changed since they were checked. */
      if (task->report != NULL)
        {
          g_clear_pointer (&self->report, json_object_unref);
          self->report = g_steal_pointer (&task->report);
          fill_gates (self);
        }
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update (self);
      return;
    }

  summary = describe_move (self, current_target (self), task->target);
  g_signal_emit (self, signals[PROMOTED], 0, summary);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
lumina_promote_dialog_promote_cb (LuminaPromoteDialog *self)
{
  const Target *target = current_target (self);
  gboolean passed = self->report != NULL && json_object_get_boolean_member_with_default (self->report, "passed", FALSE);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  LuminaModelsTask *task;

  if (target == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->promote_button)))
    return;

  task = lumina_models_task_new (g_str_equal (target->kind, "stage") ? LUMINA_MODELS_TASK_PROMOTE
                                                                     : LUMINA_MODELS_TASK_SET_ALIAS,
                                 self->name, self->version);
  task->target = g_strdup (target_value (self));
  task->reason = reason[0] != '\0' ? g_steal_pointer (&reason) : NULL;
  task->force = target_is_gated (target) && !passed && gtk_check_button_get_active (self->override_check);

  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
  lumina_models_task_run_async (self->registry, task, self->cancellable, promote_cb, g_object_ref (self));
}

static void
lumina_promote_dialog_changed_cb (LuminaPromoteDialog *self)
{
  update (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
lumina_promote_dialog_dispose (GObject *object)
{
  LuminaPromoteDialog *self = LUMINA_PROMOTE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_PROMOTE_DIALOG);

  G_OBJECT_CLASS (lumina_promote_dialog_parent_class)->dispose (object);
}

static void
lumina_promote_dialog_finalize (GObject *object)
{
  LuminaPromoteDialog *self = LUMINA_PROMOTE_DIALOG (object);

  g_clear_pointer (&self->report, json_object_unref);
  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->cancellable);
  g_free (self->name);

  G_OBJECT_CLASS (lumina_promote_dialog_parent_class)->finalize (object);
}

static void
lumina_promote_dialog_class_init (LuminaPromoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_promote_dialog_dispose;
  object_class->finalize = lumina_promote_dialog_finalize;

  /**
   * LuminaPromoteDialog::promoted:
   * @summary: what happened, for a toast
   */
  signals[PROMOTED] = g_signal_new ("promoted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-promote-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, promote_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, alias_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, alias_error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, gates_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, gates_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, override_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, override_check);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPromoteDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lumina_promote_dialog_promote_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_promote_dialog_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lumina_promote_dialog_init (LuminaPromoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->targets = g_array_new (FALSE, TRUE, sizeof (Target));
  g_array_set_clear_func (self->targets, target_clear);
}

static void
add_target (LuminaPromoteDialog *self,
            GtkStringList       *labels,
            const char          *kind,
            const char          *value,
            const char          *label)
{
  Target target = { g_strdup (kind), g_strdup (value) };

  g_array_append_val (self->targets, target);
  gtk_string_list_append (labels, label);
}

static void
fill_targets (LuminaPromoteDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_auto(GStrv) stages = lumina_registry_dup_stages (self->registry, NULL);

  add_target (self, labels, "alias", LUMINA_REGISTRY_CHAMPION, _("Champion"));
  add_target (self, labels, "alias", LUMINA_REGISTRY_CHALLENGER, _("Challenger"));
  for (guint i = 0; stages != NULL && stages[i] != NULL; i++)
    {
      /* Translators: a promotion target in the promote dialog, such as “Stage: Production” */
      g_autofree char *label = g_strdup_printf (_("Stage: %s"), lumina_models_format_stage (stages[i]));

      add_target (self, labels, "stage", stages[i], label);
    }
  add_target (self, labels, "alias", NULL, _("Another Alias…"));

  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->target_row, 0);
}

/**
 * lumina_promote_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @registry: the registry
 * @name: a model
 * @version: the version to promote
 *
 * Returns: (transfer none): a new dialog, checking the gates already
 */
GtkWidget *
lumina_promote_dialog_new (GtkWindow      *parent,
                           LuminaRegistry *registry,
                           const char     *name,
                           guint           version)
{
  LuminaPromoteDialog *self;
  LuminaModelsTask *task;
  g_autofree char *title = NULL;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_PROMOTE_DIALOG, "transient-for", parent, NULL);
  self->registry = g_object_ref (registry);
  self->name = g_strdup (name);
  self->version = version;

  /* Translators: the promote dialog's title */
  title = g_strdup_printf (_("Promote Version %u"), version);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, name);
  fill_targets (self);

  gtk_spinner_start (self->spinner);
  task = lumina_models_task_new (LUMINA_MODELS_TASK_CHECK_GATES, name, version);
  lumina_models_task_run_async (registry, task, self->cancellable, check_gates_cb, g_object_ref (self));
  update (self);

  return GTK_WIDGET (self);
}

/**
 * lumina_promote_dialog_set_target:
 * @kind: "alias" or "stage"
 * @value: the alias or stage; an alias not offered goes to the alias entry
 *
 * Returns: %FALSE for an unknown stage
 */
gboolean
lumina_promote_dialog_set_target (LuminaPromoteDialog *self,
                                  const char          *kind,
                                  const char          *value)
{
  g_return_val_if_fail (LUMINA_IS_PROMOTE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = &g_array_index (self->targets, Target, i);

      if (g_str_equal (target->kind, kind) && g_strcmp0 (target->value, value) == 0)
        {
          adw_combo_row_set_selected (self->target_row, i);
          return TRUE;
        }
    }

  if (g_str_equal (kind, "alias"))
    {
      adw_combo_row_set_selected (self->target_row, self->targets->len - 1);
      gtk_editable_set_text (GTK_EDITABLE (self->alias_row), value);
      return TRUE;
    }

  return FALSE;
}

/**
 * lumina_promote_dialog_get_report:
 *
 * Returns: (transfer none) (nullable): the gate report, once checked
 */
JsonObject *
lumina_promote_dialog_get_report (LuminaPromoteDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_PROMOTE_DIALOG (self), NULL);

  return self->report;
}

gboolean
lumina_promote_dialog_get_busy (LuminaPromoteDialog *self)
{
  g_return_val_if_fail (LUMINA_IS_PROMOTE_DIALOG (self), FALSE);

  return self->busy || self->report == NULL;
}
