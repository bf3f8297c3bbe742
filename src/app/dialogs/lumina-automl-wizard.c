/* lumina-automl-wizard.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting an AutoML search in four steps: the dataset (or a CSV file to
 * import first), the target column and task, the search settings, and a
 * review with the engine's plan.  Anything that reads data (loading the
 * rows to infer the task, planning) runs on a worker; problems are shown on
 * the step where they arise and keep Next insensitive.
 */
#define G_LOG_DOMAIN "lumina-automl-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-wizard-private.h"
#include "lumina-compat.h"

G_DEFINE_FINAL_TYPE (LuminaAutomlWizard, lumina_automl_wizard, ADW_TYPE_WINDOW)

enum {
  STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const step_names[] = { "dataset", "target", "settings", "review" };

void
_lumina_automl_wizard_set_error (LuminaAutomlWizard *self,
                                 LuminaWizardStep    step,
                                 const char         *message)
{
  GtkLabel *label;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));
  g_assert (step < LUMINA_WIZARD_N_STEPS);

  label = self->error_labels[step];
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);

  if (step == self->step)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
    }

  _lumina_automl_wizard_actions_update (self);
}

static gboolean
lumina_automl_wizard_step_ready (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  switch (self->step)
    {
    case LUMINA_WIZARD_STEP_DATASET:
      return self->version != NULL;

    case LUMINA_WIZARD_STEP_TARGET:
      return _lumina_automl_wizard_target_ready (self);

    case LUMINA_WIZARD_STEP_SETTINGS:
      return _lumina_automl_wizard_settings_ready (self);

    case LUMINA_WIZARD_STEP_REVIEW:
      return self->plan != NULL && !self->planning;

    case LUMINA_WIZARD_N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

/* The one place that decides which wizard actions can run. */
void
_lumina_automl_wizard_actions_update (LuminaAutomlWizard *self)
{
  gboolean last;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  last = self->step == LUMINA_WIZARD_STEP_REVIEW;
  gtk_button_set_label (self->next_button, last ? _("_Start") : _("_Next"));
  gtk_button_set_label (self->back_button,
                        self->step == LUMINA_WIZARD_STEP_DATASET ? _("_Cancel") : _("_Back"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 lumina_automl_wizard_step_ready (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.import", self->store != NULL);
}

static void
lumina_automl_wizard_show_step (LuminaAutomlWizard *self,
                                LuminaWizardStep    step)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *child;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);
  child = gtk_stack_get_visible_child (self->stack);

  /* Translators: the wizard's subtitle, e.g. “Step 2 of 4 · Target and Task” */
  subtitle = g_strdup_printf (_("Step %u of %u · %s"), (guint) step + 1, (guint) LUMINA_WIZARD_N_STEPS,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  g_free (self->error_message);
  self->error_message = NULL;
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_labels[step])))
    self->error_message = g_strdup (gtk_label_get_text (self->error_labels[step]));

  _lumina_automl_wizard_actions_update (self);
}

/* ---- import ------------------------------------------------------------- */

static void
import_dialog_imported_cb (LuminaAutomlWizard   *self,
                           LuminaDatasetVersion *version,
                           LuminaImportDialog   *dialog)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  _lumina_automl_wizard_reload_datasets (self);
  lumina_automl_wizard_set_dataset (self, ref);
}

static void
choose_file_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LuminaAutomlWizard) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (!(file = lumina_compat_choose_file_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_DATASET, error->message);
      return;
    }

  self->import_dialog = lumina_import_dialog_new (GTK_WINDOW (self), self->store, file);
  g_object_add_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
  g_signal_connect_object (self->import_dialog, "imported",
                           G_CALLBACK (import_dialog_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

void
_lumina_automl_wizard_import_csv (LuminaAutomlWizard *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (self->import_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->import_dialog));
      return;
    }

  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "csv.gz");

  lumina_compat_choose_file_async (GTK_WIDGET (self), _("Import CSV"), filter, self->cancellable,
                                   choose_file_cb, g_object_ref (self));
}

static void
lumina_automl_wizard_next_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LuminaAutomlWizard *self = LUMINA_AUTOML_WIZARD (widget);

  if (self->step == LUMINA_WIZARD_STEP_REVIEW)
    lumina_automl_wizard_start (self);
  else
    lumina_automl_wizard_next (self);
}

static void
lumina_automl_wizard_back_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LuminaAutomlWizard *self = LUMINA_AUTOML_WIZARD (widget);

  if (!lumina_automl_wizard_back (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
lumina_automl_wizard_import_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  _lumina_automl_wizard_import_csv (LUMINA_AUTOML_WIZARD (widget));
}

static void
lumina_automl_wizard_close_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
lumina_automl_wizard_dispose (GObject *object)
{
  LuminaAutomlWizard *self = LUMINA_AUTOML_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  if (self->frame_cancellable != NULL)
    g_cancellable_cancel (self->frame_cancellable);
  if (self->plan_cancellable != NULL)
    g_cancellable_cancel (self->plan_cancellable);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_AUTOML_WIZARD);

  g_clear_object (&self->workspace);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->frame_cancellable);
  g_clear_object (&self->plan_cancellable);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_object (&self->version);
  g_clear_object (&self->frame);
  g_clear_pointer (&self->plan, json_node_unref);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->columns, g_strfreev);

  G_OBJECT_CLASS (lumina_automl_wizard_parent_class)->dispose (object);
}

static void
lumina_automl_wizard_class_init (LuminaAutomlWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_automl_wizard_dispose;

  /**
   * LuminaAutomlWizard::started:
   * @automl: the search, already running
   *
   * Emitted when Start is pressed, just before the wizard closes.
   */
  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, LUMINA_TYPE_AUTOML);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-automl-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, dataset_error);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, target_error);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, settings_error);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, review_error);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, dataset_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, version_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, target_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, task_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, task_spinner);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, metric_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, learner_xgboost);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, learner_forest);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, learner_mlp);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, learner_linear);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, budget_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, budget_custom_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, validation_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, folds_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, folds_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, experiment_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, summary_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, plan_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlWizard, plan_spinner);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, lumina_automl_wizard_next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, lumina_automl_wizard_back_action);
  gtk_widget_class_install_action (widget_class, "wizard.import", NULL, lumina_automl_wizard_import_action);
  gtk_widget_class_install_action (widget_class, "wizard.close", NULL, lumina_automl_wizard_close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
}

static void
lumina_automl_wizard_init (LuminaAutomlWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->error_labels[LUMINA_WIZARD_STEP_DATASET] = self->dataset_error;
  self->error_labels[LUMINA_WIZARD_STEP_TARGET] = self->target_error;
  self->error_labels[LUMINA_WIZARD_STEP_SETTINGS] = self->settings_error;
  self->error_labels[LUMINA_WIZARD_STEP_REVIEW] = self->review_error;
  self->learner_checks[0] = self->learner_xgboost;
  self->learner_checks[1] = self->learner_forest;
  self->learner_checks[2] = self->learner_mlp;
  self->learner_checks[3] = self->learner_linear;

  self->cancellable = g_cancellable_new ();
  self->datasets = g_ptr_array_new_with_free_func (g_object_unref);
  self->versions = g_ptr_array_new_with_free_func (g_object_unref);

  _lumina_automl_wizard_setup_data (self);
  _lumina_automl_wizard_setup_settings (self);
  lumina_automl_wizard_show_step (self, LUMINA_WIZARD_STEP_DATASET);
}

/**
 * lumina_automl_wizard_new:
 * @parent: (nullable): the window the wizard belongs to
 * @workspace: where the datasets are and the runs are recorded
 */
LuminaAutomlWizard *
lumina_automl_wizard_new (GtkWindow       *parent,
                          LuminaWorkspace *workspace)
{
  LuminaAutomlWizard *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LUMINA_TYPE_AUTOML_WIZARD,
                       "transient-for", parent,
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->store = lumina_dataset_store_new (workspace);
  _lumina_automl_wizard_reload_datasets (self);
  _lumina_automl_wizard_actions_update (self);

  return self;
}

/**
 * lumina_automl_wizard_get_step:
 *
 * Returns: "dataset", "target", "settings" or "review"
 */
const char *
lumina_automl_wizard_get_step (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  return step_names[self->step];
}

/**
 * lumina_automl_wizard_next:
 *
 * Goes to the next step, as Next does.
 *
 * Returns: %FALSE when the step is not complete or is the last
 */
gboolean
lumina_automl_wizard_next (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);

  if (self->step == LUMINA_WIZARD_STEP_REVIEW || !lumina_automl_wizard_step_ready (self))
    return FALSE;

  lumina_automl_wizard_show_step (self, self->step + 1);

  switch (self->step)
    {
    case LUMINA_WIZARD_STEP_TARGET:
      _lumina_automl_wizard_enter_target (self);
      break;

    case LUMINA_WIZARD_STEP_SETTINGS:
      _lumina_automl_wizard_enter_settings (self);
      break;

    case LUMINA_WIZARD_STEP_REVIEW:
      _lumina_automl_wizard_enter_review (self);
      break;

    case LUMINA_WIZARD_STEP_DATASET:
    case LUMINA_WIZARD_N_STEPS:
    default:
      g_assert_not_reached ();
    }

  lumina_automl_wizard_show_step (self, self->step);
  return TRUE;
}

/**
 * lumina_automl_wizard_back:
 *
 * Returns: %FALSE on the first step
 */
gboolean
lumina_automl_wizard_back (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);

  if (self->step == LUMINA_WIZARD_STEP_DATASET)
    return FALSE;

  if (self->step == LUMINA_WIZARD_STEP_REVIEW && self->plan_cancellable != NULL)
    g_cancellable_cancel (self->plan_cancellable);

  lumina_automl_wizard_show_step (self, self->step - 1);
  return TRUE;
}

/**
 * lumina_automl_wizard_get_busy:
 *
 * Returns: %TRUE while rows are loaded for the target step or the plan is computed
 */
gboolean
lumina_automl_wizard_get_busy (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);

  return self->loading_frame || self->planning;
}

/**
 * lumina_automl_wizard_get_plan:
 *
 * Returns: (transfer none) (nullable): lumina_automl_plan()'s answer on the review step
 */
JsonNode *
lumina_automl_wizard_get_plan (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  return self->plan;
}

/**
 * lumina_automl_wizard_get_error:
 *
 * Returns: (nullable): the problem shown on the current step
 */
const char *
lumina_automl_wizard_get_error (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  return self->error_message;
}

/**
 * lumina_automl_wizard_dup_config:
 *
 * Returns: (transfer full) (nullable): the configuration chosen so far
 */
LuminaAutomlConfig *
lumina_automl_wizard_dup_config (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  return _lumina_automl_wizard_build_config (self);
}

/**
 * lumina_automl_wizard_start:
 *
 * Creates the search from the review step, emits #LuminaAutomlWizard::started
 * and closes the wizard, as Start does.  The receiver runs the search.
 *
 * Returns: (transfer full) (nullable): the search, or %NULL with the problem
 *   shown on the review step
 */
LuminaAutoml *
lumina_automl_wizard_start (LuminaAutomlWizard *self)
{
  g_autoptr(LuminaAutomlConfig) config = NULL;
  g_autoptr(LuminaAutoml) automl = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  if (self->step != LUMINA_WIZARD_STEP_REVIEW || !lumina_automl_wizard_step_ready (self))
    return NULL;

  config = _lumina_automl_wizard_build_config (self);
  if (!(automl = lumina_automl_new (self->workspace, config, &error)))
    {
      _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_REVIEW, error->message);
      return NULL;
    }

  g_signal_emit (self, signals[STARTED], 0, automl);
  gtk_window_close (GTK_WINDOW (self));

  return g_steal_pointer (&automl);
}
