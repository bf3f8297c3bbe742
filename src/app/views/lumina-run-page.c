/* lumina-run-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page of one run: its status and cost, final metrics, step-metric
 * curves, the trials of an AutoML search as a leaderboard, parameters, tags,
 * an editable note and artifacts that can be saved.
 */
#define G_LOG_DOMAIN "lumina-run-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-experiments-page.h"
#include "lumina-run-format.h"
#include "lumina-run-page.h"

#define MAX_LEADERBOARD 50

struct _LuminaRunPage
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkButton            *register_button;
  GtkWidget            *status_box;
  GtkImage             *status_image;
  GtkLabel             *status_label;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *summary_group;
  AdwPreferencesGroup  *metrics_group;
  AdwPreferencesGroup  *curves_group;
  LuminaChart          *chart;
  AdwPreferencesGroup  *children_group;
  AdwPreferencesGroup  *params_group;
  AdwPreferencesGroup  *tags_group;
  AdwEntryRow          *note_row;
  AdwPreferencesGroup  *artifacts_group;

  LuminaTracker        *tracker;
  LuminaRun            *run;
  GListStore           *children;   /* LuminaRun, best first */
  GPtrArray            *rows;       /* rows added for the current run */
  const char           *status_class;
};

G_DEFINE_FINAL_TYPE (LuminaRunPage, lumina_run_page, GTK_TYPE_WIDGET)

static void
lumina_run_page_toast (LuminaRunPage *self,
                       const char    *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static GtkWidget *
add_row (LuminaRunPage       *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, value);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
clear_rows (LuminaRunPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_object_rows (LuminaRunPage       *self,
                 AdwPreferencesGroup *group,
                 JsonObject          *object,
                 const char          *skip,
                 const char          *empty)
{
  g_autoptr(GList) members = object ? json_object_get_members (object) : NULL;
  guint n = 0;

  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *value = NULL;

      if (g_strcmp0 (l->data, skip) == 0)
        continue;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        value = lumina_run_format_metric (json_node_get_double (node));
      else if (JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
        value = lumina_data_format_json_value (node);
      else
        value = json_to_string (node, FALSE);

      add_row (self, group, l->data, value);
      n++;
    }

  if (n == 0 && empty != NULL)
    gtk_widget_add_css_class (add_row (self, group, empty, NULL), "dim-label");
}

static void
show_dataset_cb (GtkButton *button,
                 gpointer   user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "win.show-view", "s", "data");
}

static void
lumina_run_page_fill_summary (LuminaRunPage *self)
{
  LuminaRun *run = self->run;
  const LuminaRunUsage *usage = lumina_run_get_usage (run);
  LuminaRunInfo *info = lumina_run_info_get (run);
  g_autofree char *duration = lumina_run_format_duration (info->duration);
  g_autofree char *cpu = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *started = lumina_data_format_time (lumina_run_get_started_at (run));
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, lumina_run_get_seed (run));
  const char *dataset = lumina_run_get_dataset_ref (run);
  GtkWidget *row;

  cpu = usage && usage->cpu_seconds > 0 ? lumina_run_format_duration (usage->cpu_seconds) : g_strdup ("—");
  memory = usage && usage->peak_bytes > 0 ? g_format_size (usage->peak_bytes) : g_strdup ("—");

  add_row (self, self->summary_group, _("Learner"), lumina_run_get_learner (run));
  add_row (self, self->summary_group, _("Experiment"), lumina_run_get_experiment (run));
  add_row (self, self->summary_group, _("Started"), started);
  add_row (self, self->summary_group, _("Duration"), duration);
  add_row (self, self->summary_group, _("CPU Time"), cpu);
  add_row (self, self->summary_group, _("Peak Memory"), memory);
  row = add_row (self, self->summary_group, _("Dataset"), dataset ? dataset : "—");
  if (dataset != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Show in Data"));
      gtk_widget_add_css_class (button, "flat");
      g_signal_connect (button, "clicked", G_CALLBACK (show_dataset_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  add_row (self, self->summary_group, _("Seed"), seed);
}

/* Runs with a model bundle can be registered (win.register-model). */
static void
lumina_run_page_update_register (LuminaRunPage *self)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), LUMINA_TYPE_EXPERIMENTS_PAGE);
  LuminaWorkspace *workspace = page ? lumina_experiments_page_get_workspace (LUMINA_EXPERIMENTS_PAGE (page)) : NULL;
  g_autofree char *bundle = NULL;

  if (workspace != NULL && lumina_run_get_status (self->run) == LUMINA_RUN_STATUS_FINISHED)
    bundle = lumina_automl_bundle_path_for_run (workspace, lumina_run_get_id (self->run));

  gtk_widget_set_visible (GTK_WIDGET (self->register_button),
                          bundle != NULL && g_file_test (bundle, G_FILE_TEST_IS_DIR));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->register_button), "s", lumina_run_get_id (self->run));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->register_button), "win.register-model");
}

static void
lumina_run_page_fill_header (LuminaRunPage *self)
{
  LuminaRunStatus status = lumina_run_get_status (self->run);
  g_autofree char *title = lumina_run_format_title (self->run);
  const char *error = lumina_run_get_error (self->run);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, lumina_run_get_id (self->run));

  if (self->status_class != NULL)
    gtk_widget_remove_css_class (self->status_box, self->status_class);
  self->status_class = lumina_run_status_css_class (status);
  gtk_widget_add_css_class (self->status_box, self->status_class);
  gtk_image_set_from_icon_name (self->status_image, lumina_run_status_icon_name (status));
  gtk_label_set_text (self->status_label, lumina_run_format_status (status));

  gtk_widget_set_visible (GTK_WIDGET (self->error_group), error != NULL && error[0] != '\0');
  gtk_label_set_text (self->error_label, error ? error : "");

  lumina_run_page_update_register (self);
}

static void
lumina_run_page_fill_curves (LuminaRunPage *self)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) error = NULL;

  lumina_chart_clear (self->chart);
  lumina_chart_set_axis (self->chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, _("Iteration"), NULL);
  lumina_chart_set_placeholder (self->chart, _("This run logged no step metrics"));

  if (!(keys = lumina_tracker_list_metric_keys (self->tracker, lumina_run_get_id (self->run), &error)))
    {
      g_debug ("No step metrics: %s", error ? error->message : "none");
      return;
    }

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GArray) steps = NULL;
      g_autoptr(GArray) values = NULL;
      g_autoptr(GArray) x = NULL;
      guint series;

      if (!lumina_tracker_get_metric_history (self->tracker, lumina_run_get_id (self->run), keys[i],
                                              &steps, &values, NULL))
        continue;

      x = g_array_sized_new (FALSE, FALSE, sizeof (double), steps->len);
      for (guint j = 0; j < steps->len; j++)
        {
          double step = g_array_index (steps, guint, j);

          g_array_append_val (x, step);
        }

      series = lumina_chart_add_series (self->chart, keys[i], LUMINA_CHART_STYLE_LINE);
      lumina_chart_set_series_data (self->chart, series, (const double *) x->data,
                                    (const double *) values->data, MIN (x->len, values->len));
    }
}

static int
compare_scores (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  LuminaRunInfo *ia = lumina_run_info_get (*(LuminaRun **) a);
  LuminaRunInfo *ib = lumina_run_info_get (*(LuminaRun **) b);
  gboolean higher = GPOINTER_TO_INT (user_data);

  if (isnan (ia->metric_value) || isnan (ib->metric_value))
    return isnan (ia->metric_value) - isnan (ib->metric_value);
  if (higher)
    return (ia->metric_value < ib->metric_value) - (ia->metric_value > ib->metric_value);

  return (ia->metric_value > ib->metric_value) - (ia->metric_value < ib->metric_value);
}

static GtkWidget *
create_trial_row (LuminaRun *run,
                  guint      rank)
{
  LuminaRunInfo *info = lumina_run_info_get (run);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *score = gtk_label_new (NULL);
  GtkWidget *image = gtk_image_new_from_icon_name (lumina_run_status_icon_name (lumina_run_get_status (run)));
  g_autofree char *title = lumina_run_format_title (run);
  g_autofree char *value = lumina_run_format_metric (info->metric_value);
  g_autofree char *numbered = g_strdup_printf ("%u. %s", rank, title);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", lumina_run_get_learner (run),
                                               lumina_run_format_status (lumina_run_get_status (run)));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), numbered);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_text (GTK_LABEL (score), value);
  gtk_widget_add_css_class (score, "numeric");
  gtk_widget_set_tooltip_text (score, info->metric_key);
  gtk_widget_add_css_class (image, lumina_run_status_css_class (lumina_run_get_status (run)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), score);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "experiments.open-run");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", lumina_run_get_id (run));

  return row;
}

static void
lumina_run_page_fill_children (LuminaRunPage *self)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autofree char *description = NULL;
  const char *key = NULL;

  g_list_store_remove_all (self->children);
  children = lumina_tracker_list_runs (self->tracker, NULL, lumina_run_get_id (self->run), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->children_group), children != NULL && children->len > 0);
  if (children == NULL || children->len == 0)
    return;

  for (guint i = 0; i < children->len && key == NULL; i++)
    key = lumina_run_info_get (g_ptr_array_index (children, i))->metric_key;
  g_ptr_array_sort_with_data (children, compare_scores,
                              GINT_TO_POINTER (lumina_run_metric_higher_is_better (key)));
  g_list_store_splice (self->children, 0, 0, children->pdata, children->len);

  for (guint i = 0; i < MIN (children->len, MAX_LEADERBOARD); i++)
    {
      GtkWidget *row = create_trial_row (g_ptr_array_index (children, i), i + 1);

      adw_preferences_group_add (self->children_group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (children->len > MAX_LEADERBOARD)
    /* Translators: under the leaderboard of an AutoML search */
    description = g_strdup_printf (_("The best %u of %u trials by %s"), MAX_LEADERBOARD, children->len,
                                   key ? key : _("score"));
  else
    /* Translators: under the leaderboard of an AutoML search; %s is a metric such as roc_auc */
    description = g_strdup_printf (_("Ranked by %s; open a trial for its details"), key ? key : _("score"));
  adw_preferences_group_set_description (self->children_group, description);
}

static void
save_artifact_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LuminaRunPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    lumina_run_page_toast (self, error->message);
  else
    lumina_run_page_toast (self, _("Artifact saved"));
}

static void
save_dialog_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  LuminaRunPage *self = user_data;
  const char *name = g_object_get_data (G_OBJECT (dialog), "lumina-artifact");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->run != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      if (!(bytes = lumina_tracker_get_artifact (self->tracker, lumina_run_get_id (self->run), name, &error)))
        lumina_run_page_toast (self, error->message);
      else
        g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                             NULL, save_artifact_cb, g_object_ref (self));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_artifact_clicked_cb (GtkButton     *button,
                          LuminaRunPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "lumina-artifact");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autofree char *basename = g_path_get_basename (name);

  dialog = gtk_file_chooser_native_new (_("Save Artifact"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), basename);
  g_object_set_data_full (G_OBJECT (dialog), "lumina-artifact", g_strdup (name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (save_dialog_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
lumina_run_page_fill_artifacts (LuminaRunPage *self)
{
  JsonArray *artifacts = lumina_run_get_artifacts (self->run);
  guint n = artifacts ? json_array_get_length (artifacts) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *artifact = json_array_get_object_element (artifacts, i);
      const char *name = json_object_get_string_member_with_default (artifact, "name", "");
      g_autofree char *size = g_format_size (json_object_get_int_member_with_default (artifact, "size", 0));
      GtkWidget *row = add_row (self, self->artifacts_group, name, NULL);
      GtkWidget *button = gtk_button_new_from_icon_name ("document-save-as-symbolic");

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Save As…"));
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "lumina-artifact", g_strdup (name), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (save_artifact_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  if (n == 0)
    gtk_widget_add_css_class (add_row (self, self->artifacts_group, _("No artifacts were stored"), NULL),
                              "dim-label");
}

static void
lumina_run_page_note_apply_cb (LuminaRunPage *self)
{
  lumina_run_page_save_note (self, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
}

static void
lumina_run_page_dispose (GObject *object)
{
  LuminaRunPage *self = LUMINA_RUN_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_RUN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->children);
  g_clear_object (&self->run);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (lumina_run_page_parent_class)->dispose (object);
}

static void
lumina_run_page_class_init (LuminaRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_run_page_dispose;

  g_type_ensure (LUMINA_TYPE_CHART);

  gtk_widget_class_set_css_name (widget_class, "luminarunpage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, status_image);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, error_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, curves_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, children_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, params_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, tags_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaRunPage, artifacts_group);
  gtk_widget_class_bind_template_callback (widget_class, lumina_run_page_note_apply_cb);
}

static void
lumina_run_page_init (LuminaRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->children = g_list_store_new (LUMINA_TYPE_RUN);
}

GtkWidget *
lumina_run_page_new (void)
{
  return g_object_new (LUMINA_TYPE_RUN_PAGE, NULL);
}

/**
 * lumina_run_page_set_run:
 * @tracker: where @run is stored; its step metrics, trials and artifacts are read from it
 * @run: a run snapshot
 */
void
lumina_run_page_set_run (LuminaRunPage *self,
                         LuminaTracker *tracker,
                         LuminaRun     *run)
{
  LuminaRunInfo *info;

  g_return_if_fail (LUMINA_IS_RUN_PAGE (self));
  g_return_if_fail (LUMINA_IS_TRACKER (tracker));
  g_return_if_fail (LUMINA_IS_RUN (run));

  g_set_object (&self->tracker, tracker);
  g_set_object (&self->run, run);
  info = lumina_run_info_get (run);

  clear_rows (self);
  lumina_run_page_fill_header (self);
  lumina_run_page_fill_summary (self);
  add_object_rows (self, self->metrics_group, lumina_run_get_metrics (run), NULL,
                   _("No metrics were recorded"));
  {
    /* Translators: under Final Metrics; %s is a metric such as roc_auc */
    g_autofree char *main_score = info->metric_key ? g_strdup_printf (_("Main score: %s"), info->metric_key) : NULL;

    adw_preferences_group_set_description (self->metrics_group, main_score);
  }
  lumina_run_page_fill_curves (self);
  lumina_run_page_fill_children (self);
  add_object_rows (self, self->params_group, lumina_run_get_params (run), NULL, _("No parameters"));
  add_object_rows (self, self->tags_group, lumina_run_get_tags (run), NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), lumina_run_get_note (run) ? lumina_run_get_note (run) : "");
  lumina_run_page_fill_artifacts (self);
}

/**
 * lumina_run_page_get_run:
 *
 * Returns: (transfer none) (nullable): the run shown
 */
LuminaRun *
lumina_run_page_get_run (LuminaRunPage *self)
{
  g_return_val_if_fail (LUMINA_IS_RUN_PAGE (self), NULL);

  return self->run;
}

LuminaChart *
lumina_run_page_get_chart (LuminaRunPage *self)
{
  g_return_val_if_fail (LUMINA_IS_RUN_PAGE (self), NULL);

  return self->chart;
}

/**
 * lumina_run_page_get_children:
 *
 * Returns: (transfer none): the run's trials, best first
 */
GListModel *
lumina_run_page_get_children (LuminaRunPage *self)
{
  g_return_val_if_fail (LUMINA_IS_RUN_PAGE (self), NULL);

  return G_LIST_MODEL (self->children);
}

/**
 * lumina_run_page_save_note:
 *
 * Stores @note on the run shown, as the note row's apply button does.
 *
 * Returns: %FALSE when it could not be stored; a toast says why
 */
gboolean
lumina_run_page_save_note (LuminaRunPage *self,
                           const char    *note)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LUMINA_IS_RUN_PAGE (self), FALSE);

  if (self->run == NULL)
    return FALSE;

  if (!lumina_tracker_set_note (self->tracker, lumina_run_get_id (self->run), note, &error))
    {
      lumina_run_page_toast (self, error->message);
      return FALSE;
    }

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->note_row)), note) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), note ? note : "");
  lumina_run_page_toast (self, _("Note saved"));

  return TRUE;
}
