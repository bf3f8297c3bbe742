/* lumina-automl-wizard-data.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's first two steps: choosing a dataset version (or importing a
 * CSV file) and the target column, whose task is inferred from its values on
 * a worker.
 */
#define G_LOG_DOMAIN "lumina-automl-wizard-data"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-wizard-private.h"
#include "lumina-data-format.h"

static const char * const task_labels[] = {
  N_("Binary classification"),
  N_("Multiclass classification"),
  N_("Regression"),
};

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  LuminaDatasetVersion *va = *(LuminaDatasetVersion **) a;
  LuminaDatasetVersion *vb = *(LuminaDatasetVersion **) b;

  return lumina_dataset_version_get_number (vb) - lumina_dataset_version_get_number (va);
}

static void
lumina_automl_wizard_fill_versions (LuminaAutomlWizard *self,
                                    const char         *name)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  g_ptr_array_set_size (self->versions, 0);
  if (!(versions = lumina_dataset_store_list_versions (self->store, name, &error)))
    _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_DATASET, error->message);

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    g_ptr_array_add (self->versions, g_object_ref (g_ptr_array_index (versions, i)));
  g_ptr_array_sort (self->versions, compare_newest_first);

  for (guint i = 0; i < self->versions->len; i++)
    {
      LuminaDatasetVersion *version = g_ptr_array_index (self->versions, i);
      g_autofree char *rows = lumina_data_format_count (lumina_dataset_version_get_n_rows (version));
      g_autofree char *label = NULL;

      /* Translators: a dataset version in a drop-down: its number and rows */
      label = g_strdup_printf (_("Version %d · %s rows"), lumina_dataset_version_get_number (version), rows);
      gtk_string_list_append (labels, label);
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->version_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->version_row, 0);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), self->versions->len > 1);
}

static void
dataset_toggled_cb (LuminaAutomlWizard *self,
                    GtkCheckButton     *check)
{
  LuminaDatasetVersion *latest = g_object_get_data (G_OBJECT (check), "lumina-version");

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (!gtk_check_button_get_active (check) || self->updating)
    return;

  lumina_automl_wizard_fill_versions (self, lumina_dataset_version_get_name (latest));
  _lumina_automl_wizard_choose_version (self, self->versions->len > 0
                                                ? g_ptr_array_index (self->versions, 0) : NULL);
}

static void
version_selected_cb (LuminaAutomlWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->version_row);

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (self->updating || selected >= self->versions->len)
    return;

  _lumina_automl_wizard_choose_version (self, g_ptr_array_index (self->versions, selected));
}

static GtkWidget *
lumina_automl_wizard_create_dataset_row (LuminaAutomlWizard   *self,
                                         LuminaDatasetVersion *latest)
{
  g_autofree char *rows = lumina_data_format_count (lumina_dataset_version_get_n_rows (latest));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  guint n_columns = lumina_dataset_version_get_n_columns (latest);

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  /* Translators: a dataset's size, e.g. “150 rows · 5 columns” */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s rows · %u column", "%s rows · %u columns",
                                           n_columns),
                              rows, n_columns);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lumina_dataset_version_get_name (latest));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (self->radio_group == NULL)
    self->radio_group = GTK_CHECK_BUTTON (check);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->radio_group);
  g_object_set_data_full (G_OBJECT (check), "lumina-version", g_object_ref (latest), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (dataset_toggled_cb), self, G_CONNECT_SWAPPED);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "lumina-check", check);

  return row;
}

void
_lumina_automl_wizard_reload_datasets (LuminaAutomlWizard *self)
{
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dataset_list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->dataset_list, child);
  self->radio_group = NULL;
  g_ptr_array_set_size (self->datasets, 0);

  if (!(datasets = lumina_dataset_store_list (self->store, &error)))
    {
      _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_DATASET, error->message);
      return;
    }

  for (guint i = 0; i < datasets->len; i++)
    {
      LuminaDatasetVersion *latest = g_ptr_array_index (datasets, i);

      g_ptr_array_add (self->datasets, g_object_ref (latest));
      gtk_list_box_append (self->dataset_list, lumina_automl_wizard_create_dataset_row (self, latest));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), FALSE);
}

static GtkWidget *
lumina_automl_wizard_find_dataset_check (LuminaAutomlWizard *self,
                                         const char         *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->dataset_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "lumina-check");

      if (check != NULL &&
          g_strcmp0 (lumina_dataset_version_get_name (g_object_get_data (G_OBJECT (check), "lumina-version")),
                     name) == 0)
        return check;
    }

  return NULL;
}

/**
 * lumina_automl_wizard_set_dataset:
 * @ref: "name", "name@3" or "name@latest"
 *
 * Chooses the dataset version on the first step, as its rows do.
 *
 * Returns: %FALSE when there is no such version
 */
gboolean
lumina_automl_wizard_set_dataset (LuminaAutomlWizard *self,
                                  const char         *ref)
{
  g_autoptr(LuminaDatasetVersion) version = NULL;
  GtkWidget *check;
  int number;

  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  if (!(version = lumina_dataset_store_resolve (self->store, ref, NULL)) ||
      !(check = lumina_automl_wizard_find_dataset_check (self, lumina_dataset_version_get_name (version))))
    return FALSE;

  if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  number = lumina_dataset_version_get_number (version);
  for (guint i = 0; i < self->versions->len; i++)
    if (lumina_dataset_version_get_number (g_ptr_array_index (self->versions, i)) == number)
      {
        adw_combo_row_set_selected (self->version_row, i);
        _lumina_automl_wizard_choose_version (self, g_ptr_array_index (self->versions, i));
        return TRUE;
      }

  return FALSE;
}

/**
 * lumina_automl_wizard_dup_dataset:
 *
 * Returns: (transfer full) (nullable): the chosen version's reference, e.g. "iris@1"
 */
char *
lumina_automl_wizard_dup_dataset (LuminaAutomlWizard *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  return self->version ? lumina_dataset_version_dup_ref (self->version) : NULL;
}

void
_lumina_automl_wizard_choose_version (LuminaAutomlWizard   *self,
                                      LuminaDatasetVersion *version)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (self->version == version)
    return;

  g_set_object (&self->version, version);
  if (self->frame_cancellable != NULL)
    g_cancellable_cancel (self->frame_cancellable);
  g_clear_object (&self->frame);
  g_clear_pointer (&self->columns, g_strfreev);
  self->loading_frame = FALSE;
  self->task_known = FALSE;

  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_DATASET, NULL);
  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_TARGET, NULL);
}

/* ---- target and task ---------------------------------------------------- */

static const LuminaColumn *
lumina_automl_wizard_get_target_column (LuminaAutomlWizard *self)
{
  const char *target = lumina_automl_wizard_get_target (self);
  int index;

  if (self->frame == NULL || target == NULL || (index = lumina_frame_find_column (self->frame, target)) < 0)
    return NULL;

  return lumina_frame_get_column (self->frame, (guint) index);
}

static void
lumina_automl_wizard_update_task_subtitle (LuminaAutomlWizard *self)
{
  g_autofree char *subtitle = NULL;

  if (!self->task_known)
    subtitle = g_strdup (self->loading_frame ? _("Reading the data…") : "");
  else if (self->inferred_task == LUMINA_TASK_REGRESSION)
    subtitle = g_strdup (_("Inferred from the data: a numeric target"));
  else
    /* Translators: the task row's subtitle, e.g. “Inferred from the data: 3 classes” */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Inferred from the data: %u class",
                                             "Inferred from the data: %u classes", self->n_classes),
                                self->n_classes);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->task_row), subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_row), self->task_known);
  gtk_spinner_set_spinning (self->task_spinner, self->loading_frame);
  gtk_widget_set_visible (GTK_WIDGET (self->task_spinner), self->loading_frame);
}

static void
lumina_automl_wizard_infer_task (LuminaAutomlWizard *self)
{
  const LuminaColumn *column = lumina_automl_wizard_get_target_column (self);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(GError) error = NULL;
  LuminaTask task = LUMINA_TASK_REGRESSION;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  self->task_known = FALSE;
  if (column == NULL)
    return;

  if (!lumina_labels_infer_task (column, &task, &error) ||
      (task != LUMINA_TASK_REGRESSION && !(labels = lumina_labels_fit (column, task, &error))))
    {
      _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_TARGET, error->message);
      lumina_automl_wizard_update_task_subtitle (self);
      return;
    }

  self->inferred_task = task;
  self->n_classes = labels ? lumina_labels_get_n_classes (labels) : 0;
  self->task_known = TRUE;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->task_row, (guint) task);
  self->updating = FALSE;

  lumina_automl_wizard_update_task_subtitle (self);
  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_TARGET, NULL);
}

static void
load_frame_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LuminaDatasetStore *store = source_object;
  GError *error = NULL;
  LuminaFrame *frame;

  if ((frame = lumina_dataset_store_load (store, task_data, &error)))
    g_task_return_pointer (task, frame, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
load_frame_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LuminaAutomlWizard) self = user_data;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  frame = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer version was chosen meanwhile, or the wizard closed. */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->frame_cancellable)
    return;

  self->loading_frame = FALSE;
  if (frame == NULL)
    _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_TARGET, error->message);
  else
    {
      self->frame = g_steal_pointer (&frame);
      lumina_automl_wizard_infer_task (self);
    }

  lumina_automl_wizard_update_task_subtitle (self);
  _lumina_automl_wizard_actions_update (self);
}

static void
lumina_automl_wizard_load_frame (LuminaAutomlWizard *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));
  g_assert (self->version != NULL);

  if (self->frame_cancellable != NULL)
    g_cancellable_cancel (self->frame_cancellable);
  g_clear_object (&self->frame_cancellable);
  self->frame_cancellable = g_cancellable_new ();
  self->loading_frame = TRUE;

  task = g_task_new (self->store, self->frame_cancellable, load_frame_cb, g_object_ref (self));
  g_task_set_source_tag (task, lumina_automl_wizard_load_frame);
  g_task_set_task_data (task, g_object_ref (self->version), g_object_unref);
  g_task_run_in_thread (task, load_frame_thread);

  lumina_automl_wizard_update_task_subtitle (self);
}

static void
target_selected_cb (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (self->updating)
    return;

  _lumina_automl_wizard_set_error (self, LUMINA_WIZARD_STEP_TARGET, NULL);
  if (self->frame != NULL)
    lumina_automl_wizard_infer_task (self);
  _lumina_automl_wizard_actions_update (self);
}

static void
task_selected_cb (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  if (!self->updating)
    _lumina_automl_wizard_actions_update (self);
}

static char **
lumina_automl_wizard_schema_columns (LuminaDatasetVersion *version)
{
  JsonNode *schema = lumina_dataset_version_get_schema (version);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *columns = NULL;

  if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
    columns = json_object_get_array_member (json_node_get_object (schema), "columns");

  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *role = json_object_get_string_member_with_default (column, "role", "feature");

      /* Identifiers are never inputs nor sensible targets. */
      if (g_strcmp0 (role, "id") != 0 && g_strcmp0 (role, "ignore") != 0)
        g_strv_builder_add (builder, json_object_get_string_member (column, "name"));
    }

  return g_strv_builder_end (builder);
}

void
_lumina_automl_wizard_enter_target (LuminaAutomlWizard *self)
{
  g_autoptr(GtkStringList) model = NULL;
  const char *target;
  guint selected;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));
  g_assert (self->version != NULL);

  if (self->columns != NULL)
    return;

  self->columns = lumina_automl_wizard_schema_columns (self->version);
  model = gtk_string_list_new ((const char * const *) self->columns);
  target = lumina_dataset_version_get_target (self->version);
  selected = g_strv_length (self->columns) > 0 ? g_strv_length (self->columns) - 1 : 0;
  for (guint i = 0; target != NULL && self->columns[i] != NULL; i++)
    if (g_strcmp0 (self->columns[i], target) == 0)
      selected = i;

  self->updating = TRUE;
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->target_row, selected);
  self->updating = FALSE;

  lumina_automl_wizard_load_frame (self);
}

void
_lumina_automl_wizard_setup_data (LuminaAutomlWizard *self)
{
  g_autoptr(GtkStringList) tasks = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  for (guint i = 0; i < G_N_ELEMENTS (task_labels); i++)
    gtk_string_list_append (tasks, _(task_labels[i]));
  adw_combo_row_set_model (self->task_row, G_LIST_MODEL (tasks));

  placeholder = gtk_label_new (_("No datasets yet. Import a CSV file to start."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->dataset_list, placeholder);

  g_signal_connect_object (self->version_row, "notify::selected",
                           G_CALLBACK (version_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->target_row, "notify::selected",
                           G_CALLBACK (target_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->task_row, "notify::selected",
                           G_CALLBACK (task_selected_cb), self, G_CONNECT_SWAPPED);
}

gboolean
_lumina_automl_wizard_target_ready (LuminaAutomlWizard *self)
{
  g_assert (LUMINA_IS_AUTOML_WIZARD (self));

  return self->task_known && !self->loading_frame &&
         !gtk_widget_get_visible (GTK_WIDGET (self->target_error));
}

LuminaTask
_lumina_automl_wizard_get_task (LuminaAutomlWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->task_row);

  if (selected > LUMINA_TASK_REGRESSION)
    return self->inferred_task;

  return (LuminaTask) selected;
}

/**
 * lumina_automl_wizard_set_target:
 * @column: a column of the chosen version
 *
 * Chooses the target on the second step, as its combo does.  The task is
 * inferred once the rows are read; until then, and when the column cannot
 * be a target, lumina_automl_wizard_next() refuses.
 *
 * Returns: %FALSE when there is no such column or the step was not reached
 */
gboolean
lumina_automl_wizard_set_target (LuminaAutomlWizard *self,
                                 const char         *column)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  for (guint i = 0; self->columns != NULL && self->columns[i] != NULL; i++)
    if (g_strcmp0 (self->columns[i], column) == 0)
      {
        adw_combo_row_set_selected (self->target_row, i);
        return TRUE;
      }

  return FALSE;
}

const char *
lumina_automl_wizard_get_target (LuminaAutomlWizard *self)
{
  guint selected;

  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), NULL);

  selected = adw_combo_row_get_selected (self->target_row);
  if (self->columns == NULL || selected >= g_strv_length (self->columns))
    return NULL;

  return self->columns[selected];
}

/**
 * lumina_automl_wizard_get_task:
 * @task: (out): the task chosen (inferred unless changed)
 * @n_classes: (out) (optional): the classes found, 0 for regression
 *
 * Returns: %FALSE until the task is inferred
 */
gboolean
lumina_automl_wizard_get_task (LuminaAutomlWizard *self,
                               LuminaTask         *task,
                               guint              *n_classes)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_WIZARD (self), FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  if (!self->task_known)
    return FALSE;

  *task = _lumina_automl_wizard_get_task (self);
  if (n_classes != NULL)
    *n_classes = self->n_classes;
  return TRUE;
}
