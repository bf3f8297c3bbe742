/* lumina-automl-wizard-review.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's last two steps: the search settings (metric, learners, time
 * budget, validation, seed and experiment) and the review, which shows the
 * choices and the engine's plan, computed on a worker.
 */
#define G_LOG_DOMAIN "lumina-automl-wizard-review"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-wizard-private.h"

const char * const _lumina_wizard_learner_ids[] = { "xgboost", "forest", "mlp", "linear", NULL };

static const double budget_presets[] = { 60, 300, 900 };

enum {
  VALIDATION_AUTO,
  VALIDATION_KFOLD,
  VALIDATION_HOLDOUT,
};

static const char *
metric_label (LuminaMetric metric)
{
  switch (metric)
    {
    case LUMINA_METRIC_ACCURACY:          return _("Accuracy");
    case LUMINA_METRIC_BALANCED_ACCURACY: return _("Balanced accuracy");
    case LUMINA_METRIC_ROC_AUC:           return _("ROC AUC");
    case LUMINA_METRIC_LOG_LOSS:          return _("Log loss");
    case LUMINA_METRIC_F1_MACRO:          return _("F1 (macro)");
    case LUMINA_METRIC_RMSE:              return _("Root mean squared error");
    case LUMINA_METRIC_MAE:               return _("Mean absolute error");
    case LUMINA_METRIC_R2:                return _("R²");
    default:                              return lumina_metric_to_string (metric);
    }
}

static void
settings_changed_cb (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->budget_custom_row),
                          adw_combo_row_get_selected (self->budget_row) >= G_N_ELEMENTS (budget_presets));
  gtk_widget_set_visible (GTK_WIDGET (self->folds_row),
                          adw_combo_row_get_selected (self->validation_row) == VALIDATION_KFOLD);

  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_SETTINGS,
                                   _lumina_automl_wizard_settings_ready (self)
                                     ? NULL : _("Choose at least one learner."));
}

void
_lumina_automl_wizard_setup_settings (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  adw_combo_row_set_selected (self->budget_row, 1);

  g_signal_connect_object (self->budget_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->validation_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (self->learner_checks); i++)
    g_signal_connect_object (self->learner_checks[i], "toggled",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

gboolean
_lumina_automl_wizard_settings_ready (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->learner_checks); i++)
    if (gtk_check_button_get_active (self->learner_checks[i]))
      return TRUE;

  return FALSE;
}

void
_lumina_automl_wizard_enter_settings (LuminaAutomlWizard *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  LuminaTask task = _lumina_automl_wizard_get_task (self);
  LuminaMetric fallback = lumina_metric_default_for (task);
  guint selected = 0;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  /* Only the metrics that score this task, the task's default first chosen. */
  self->n_metrics = 0;
  for (LuminaMetric metric = LUMINA_METRIC_ACCURACY; metric <= LUMINA_METRIC_R2; metric++)
    {
      if (!lumina_metric_applies_to (metric, task) || self->n_metrics >= G_N_ELEMENTS (self->metrics))
        continue;
      if (metric == fallback)
        selected = self->n_metrics;
      self->metrics[self->n_metrics++] = metric;
      gtk_string_list_append (labels, metric_label (metric));
    }
  adw_combo_row_set_model (self->metric_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->metric_row, selected);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->experiment_row)) == '\0')
    {
      g_autofree char *name = g_strdup_printf ("automl-%s", lumina_dataset_version_get_name (self->version));

      gtk_editable_set_text (GTK_EDITABLE (self->experiment_row), name);
    }

  settings_changed_cb (self);
}

static double
lumina_automl_wizard_get_budget (LuminaAutomlWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->budget_row);

  if (selected < G_N_ELEMENTS (budget_presets))
    return budget_presets[selected];

  return gtk_spin_button_get_value (self->budget_spin);
}

LuminaAutomlConfig *
_lumina_automl_wizard_build_config (LuminaAutomlWizard *self)
{
  g_autoptr(LuminaAutomlConfig) config = lumina_automl_config_new ();
  g_autoptr(GStrvBuilder) learners = g_strv_builder_new ();
  guint metric_index = adw_combo_row_get_selected (self->metric_row);
  const char *experiment = gtk_editable_get_text (GTK_EDITABLE (self->experiment_row));

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (self->version == NULL || lumina_automl_wizard_get_target (self) == NULL)
    return NULL;

  config->dataset = lumina_dataset_version_dup_ref (self->version);
  config->target = g_strdup (lumina_automl_wizard_get_target (self));
  config->task = _lumina_automl_wizard_get_task (self);
  config->task_set = self->task_known && config->task != self->inferred_task;
  if (metric_index < self->n_metrics)
    {
      config->metric = self->metrics[metric_index];
      config->metric_set = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->learner_checks); i++)
    if (gtk_check_button_get_active (self->learner_checks[i]))
      g_strv_builder_add (learners, _lumina_wizard_learner_ids[i]);
  config->learners = g_strv_builder_end (learners);

  config->budget_seconds = lumina_automl_wizard_get_budget (self);
  switch (adw_combo_row_get_selected (self->validation_row))
    {
    case VALIDATION_KFOLD:
      config->cv_folds = (guint) gtk_spin_button_get_value_as_int (self->folds_spin);
      break;
    case VALIDATION_HOLDOUT:
      config->cv_folds = 1;
      break;
    default:
      config->cv_folds = 0;
    }
  config->seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  g_free (config->experiment);
  config->experiment = *experiment ? g_strdup (experiment) : NULL;

  return g_steal_pointer (&config);
}

/* ---- review ------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *value,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  if (value != NULL)
    {
      label = gtk_label_new (value);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_set_tooltip_text (label, value);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

  gtk_list_box_append (list, row);
  return row;
}

static char *
format_validation (guint cv_folds)
{
  if (cv_folds == 0)
    return g_strdup (_("Automatic, by the number of rows"));
  if (cv_folds == 1)
    return g_strdup (_("Holdout of 20% of the rows"));

  /* Translators: cross-validation with this many folds */
  return g_strdup_printf (_("%u-fold cross-validation"), cv_folds);
}

static char *
format_duration (double seconds)
{
  if (seconds >= 60 && (guint) seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", (gulong) seconds / 60),
                            (guint) seconds / 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", (gulong) seconds),
                          (guint) seconds);
}

static char *
format_learners (const char * const *learners)
{
  static const char * const labels[] = {
    N_("XGBoost"), N_("Random Forest"), N_("Neural Network (MLP)"), N_("Linear"),
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; learners != NULL && learners[i] != NULL; i++)
    {
      const char *label = learners[i];

      for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
        if (g_strcmp0 (learners[i], _lumina_wizard_learner_ids[k]) == 0)
          label = _(labels[k]);
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", label);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
lumina_automl_wizard_fill_summary (LuminaAutomlWizard *self,
                                   LuminaAutomlConfig *config)
{
  g_autofree char *learners = format_learners ((const char * const *) config->learners);
  g_autofree char *budget = format_duration (config->budget_seconds);
  g_autofree char *validation = format_validation (config->cv_folds);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, config->seed);
  g_autofree char *task = NULL;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (config->task == LUMINA_TASK_REGRESSION)
    task = g_strdup (_("Regression"));
  else
    /* Translators: the task and its number of classes, e.g. “Multiclass classification, 3 classes” */
    task = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u class", "%s, %u classes", self->n_classes),
                            config->task == LUMINA_TASK_BINARY ? _("Binary classification")
                                                               : _("Multiclass classification"),
                            self->n_classes);

  clear_list (self->summary_list);
  add_row (self->summary_list, _("Dataset"), config->dataset, NULL);
  add_row (self->summary_list, _("Target"), config->target, NULL);
  add_row (self->summary_list, _("Task"), task, NULL);
  add_row (self->summary_list, _("Metric"), metric_label (config->metric), NULL);
  add_row (self->summary_list, _("Learners"), learners, NULL);
  add_row (self->summary_list, _("Time Budget"), budget, NULL);
  add_row (self->summary_list, _("Validation"), validation, NULL);
  add_row (self->summary_list, _("Seed"), seed, NULL);
  add_row (self->summary_list, _("Experiment"),
           config->experiment ? config->experiment : _("Default"), NULL);
}

static char *
format_plan_validation (JsonNode *node)
{
  JsonObject *object;
  const char *kind;

  if (node == NULL)
    return g_strdup (_("Unknown"));
  if (JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (json_node_get_string (node) ? json_node_get_string (node) : "");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("Unknown"));

  object = json_node_get_object (node);
  if (json_object_has_member (object, "description"))
    return g_strdup (json_object_get_string_member (object, "description"));

  kind = json_object_get_string_member_with_default (object, "kind", "");
  if (json_object_has_member (object, "folds") && json_object_get_int_member (object, "folds") > 1)
    return format_validation ((guint) json_object_get_int_member (object, "folds"));
  if (g_strcmp0 (kind, "holdout") == 0)
    return format_validation (1);

  return g_strdup (kind);
}

static void
lumina_automl_wizard_fill_plan (LuminaAutomlWizard *self)
{
  JsonObject *plan = json_node_get_object (self->plan);
  gint64 rows = json_object_get_int_member_with_default (plan, "rows", 0);
  gint64 columns = json_object_get_int_member_with_default (plan, "columns", 0);
  gint64 peak = json_object_get_int_member_with_default (plan, "estimated_peak_bytes", 0);
  gint64 available = json_object_get_int_member_with_default (plan, "available_bytes", 0);
  g_autofree char *peak_text = g_format_size ((guint64) MAX (peak, 0));
  g_autofree char *available_text = g_format_size ((guint64) MAX (available, 0));
  g_autofree char *rows_text = NULL;
  g_autofree char *memory_text = NULL;
  g_autofree char *parallel = NULL;
  g_autofree char *validation = NULL;
  JsonArray *notes;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  /* Translators: the data a search uses, e.g. “150 rows · 4 features” */
  rows_text = g_strdup_printf (_("%" G_GINT64_FORMAT " rows · %" G_GINT64_FORMAT " columns"), rows, columns);
  /* Translators: estimated peak memory against what the machine has, e.g. “12 MB of 7.6 GB available” */
  memory_text = g_strdup_printf (_("%s of %s available"), peak_text, available_text);
  parallel = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (plan, "n_parallel", 1));
  validation = format_plan_validation (json_object_get_member (plan, "validation"));

  clear_list (self->plan_list);
  add_row (self->plan_list, _("Rows"), rows_text, NULL);
  add_row (self->plan_list, _("Validation Plan"), validation, NULL);
  add_row (self->plan_list, _("Estimated Peak Memory"), memory_text,
           available > 0 && peak > available ? "dialog-warning-symbolic" : NULL);
  add_row (self->plan_list, _("Parallel Trials"), parallel, NULL);

  notes = json_object_has_member (plan, "notes") ? json_object_get_array_member (plan, "notes") : NULL;
  for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
    add_row (self->plan_list, json_array_get_string_element (notes, i), NULL, "dialog-information-symbolic");
}

typedef struct
{
  LuminaWorkspace    *workspace;
  LuminaAutomlConfig *config;
} PlanData;

static void
plan_data_free (gpointer data)
{
  PlanData *plan_data = data;

  g_clear_object (&plan_data->workspace);
  g_clear_pointer (&plan_data->config, lumina_automl_config_free);
  g_free (plan_data);
}

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlanData *data = task_data;
  g_autoptr(LuminaAutoml) automl = NULL;
  GError *error = NULL;
  JsonNode *plan = NULL;

  /* A throwaway search of its own: nothing here touches the wizard's objects. */
  if ((automl = lumina_automl_new (data->workspace, data->config, &error)) &&
      (plan = lumina_automl_plan (automl, &error)))
    g_task_return_pointer (task, plan, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LuminaAutomlWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *plan;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  plan = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->plan_cancellable ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&plan, json_node_unref);
      return;
    }

  self->planning = FALSE;
  gtk_spinner_set_spinning (self->plan_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_spinner), FALSE);

  if (plan == NULL || !JSON_NODE_HOLDS_OBJECT (plan))
    {
      g_clear_pointer (&plan, json_node_unref);
      _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_REVIEW,
                                       error ? error->message : _("The plan could not be made."));
      return;
    }

  self->plan = plan;
  lumina_automl_wizard_fill_plan (self);
  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_REVIEW, NULL);
}

void
_lumina_automl_wizard_enter_review (LuminaAutomlWizard *self)
{
  g_autoptr(LuminaAutomlConfig) config = _lumina_automl_wizard_build_config (self);
  g_autoptr(GTask) task = NULL;
  PlanData *data;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));
  g_assert (config != NULL);

  lumina_automl_wizard_fill_summary (self, config);
  clear_list (self->plan_list);
  g_clear_pointer (&self->plan, json_node_unref);
  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_REVIEW, NULL);

  if (self->plan_cancellable != NULL)
    g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  self->plan_cancellable = g_cancellable_new ();
  self->planning = TRUE;
  gtk_spinner_set_spinning (self->plan_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_spinner), TRUE);

  data = g_new0 (PlanData, 1);
  data->workspace = g_object_ref (self->workspace);
  data->config = g_steal_pointer (&config);

  task = g_task_new (NULL, self->plan_cancellable, plan_cb, g_object_ref (self));
  g_task_set_source_tag (task, _lumina_automl_wizard_enter_review);
  g_task_set_task_data (task, data, plan_data_free);
  g_task_run_in_thread (task, plan_thread);

  _lumina_automl_wizard_actions_update (self);
}

/* ---- setters for the settings step ------------------------------------- */

void
lumina_automl_wizard_set_budget (LuminaAutomlWizard *self,
                                 double              seconds)
{
  g_return_if_fail (LUMINA_IS_AUTOML_WIZARD (self));
  g_return_if_fail (seconds > 0);

  for (guint i = 0; i < G_N_ELEMENTS (budget_presets); i++)
    if (budget_presets[i] == seconds)
      {
        adw_combo_row_set_selected (self->budget_row, i);
        return;
      }

  adw_combo_row_set_selected (self->budget_row, G_N_ELEMENTS (budget_presets));
  gtk_spin_button_set_value (self->budget_spin, seconds);
}

/**
 * lumina_automl_wizard_set_learners:
 * @learners: NULL-terminated learner ids (xgboost, forest, mlp, linear)
 */
void
lumina_automl_wizard_set_learners (LuminaAutomlWizard *self,
                                   const char * const *learners)
{
  g_return_if_fail (LUMINA_IS_AUTOML_WIZARD (self));
  g_return_if_fail (learners != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->learner_checks); i++)
    gtk_check_button_set_active (self->learner_checks[i],
                                 g_strv_contains (learners, _lumina_wizard_learner_ids[i]));
}

/**
 * lumina_automl_wizard_set_validation:
 * @cv_folds: 0 for automatic, 1 for a 20% holdout, k ≥ 2 for k-fold
 */
void
lumina_automl_wizard_set_validation (LuminaAutomlWizard *self,
                                     guint               cv_folds)
{
  g_return_if_fail (LUMINA_IS_AUTOML_WIZARD (self));

  if (cv_folds >= 2)
    gtk_spin_button_set_value (self->folds_spin, cv_folds);
  adw_combo_row_set_selected (self->validation_row,
                              cv_folds == 0 ? VALIDATION_AUTO : cv_folds == 1 ? VALIDATION_HOLDOUT
                                                                              : VALIDATION_KFOLD);
}

void
lumina_automl_wizard_set_seed (LuminaAutomlWizard *self,
                               guint64             seed)
{
  g_return_if_fail (LUMINA_IS_AUTOML_WIZARD (self));

  gtk_spin_button_set_value (self->seed_spin, (double) seed);
}
