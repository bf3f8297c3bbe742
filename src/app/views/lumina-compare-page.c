/* lumina-compare-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several runs side by side: the parameters that differ (or all of them),
 * every final metric with the best value highlighted, one step metric of
 * every run on one chart, and parallel coordinates of the differing
 * parameters coloured by the main score.
 */
#define G_LOG_DOMAIN "lumina-compare-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-compare-page.h"
#include "lumina-compare-parallel.h"
#include "lumina-data-format.h"
#include "lumina-run-format.h"

#define RUN_COLUMN_WIDTH 132

struct _LuminaComparePage
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkToggleButton     *show_all_button;
  AdwPreferencesGroup *params_group;
  GtkColumnView       *params_view;
  GtkColumnView       *metrics_view;
  GtkDropDown         *curve_dropdown;
  LuminaChart         *curves_chart;
  LuminaParallelChart *parallel_chart;

  LuminaTracker       *tracker;
  GPtrArray           *runs;
  GtkStringList       *param_keys;
  GtkStringList       *metric_keys;
  GtkStringList       *curve_keys;
  GHashTable          *best;         /* metric → id of the best run */
  GPtrArray           *differing;    /* param names whose values differ */
  char                *main_metric;
};

G_DEFINE_FINAL_TYPE (LuminaComparePage, lumina_compare_page, GTK_TYPE_WIDGET)

static char *
param_text (LuminaRun  *run,
            const char *key)
{
  JsonObject *params = lumina_run_get_params (run);
  JsonNode *node;

  if (params == NULL || !json_object_has_member (params, key))
    return NULL;

  node = json_object_get_member (params, key);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return lumina_run_format_metric (json_node_get_double (node));

  return lumina_data_format_json_value (node);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), user_data ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (user_data != NULL)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, label);
}

static void
bind_key_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), key);
  gtk_widget_set_tooltip_text (label, key);
}

static void
bind_param_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  LuminaRun *run = user_data;
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  g_autofree char *text = param_text (run, key);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "—");
}

static void
bind_metric_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LuminaRun *run = user_data;
  LuminaComparePage *self = g_object_get_data (G_OBJECT (factory), "lumina-page");
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = lumina_run_format_metric (lumina_run_get_metric (run, key));
  gboolean best = g_strcmp0 (g_hash_table_lookup (self->best, key), lumina_run_get_id (run)) == 0;

  gtk_label_set_text (GTK_LABEL (label), text);
  if (best)
    {
      gtk_widget_add_css_class (label, "success");
      gtk_widget_add_css_class (label, "heading");
    }
  else
    {
      gtk_widget_remove_css_class (label, "success");
      gtk_widget_remove_css_class (label, "heading");
    }
  gtk_widget_set_tooltip_text (label, best ? _("Best of the runs compared") : NULL);
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            GCallback      bind,
            gpointer       data,
            gpointer       page,
            int            width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "lumina-page", page);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), data);
  g_signal_connect (factory, "bind", bind, data);

  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_resizable (column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (view, column);
}

static void
remove_columns (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (view, column);
    }
}

static void
lumina_compare_page_build_columns (LuminaComparePage *self)
{
  remove_columns (self->params_view);
  remove_columns (self->metrics_view);

  add_column (self->params_view, _("Parameter"), G_CALLBACK (bind_key_cb), NULL, self, -1);
  add_column (self->metrics_view, _("Metric"), G_CALLBACK (bind_key_cb), NULL, self, -1);

  for (guint i = 0; i < self->runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (self->runs, i);
      g_autofree char *title = lumina_run_format_title (run);

      add_column (self->params_view, title, G_CALLBACK (bind_param_cb), run, self, RUN_COLUMN_WIDTH);
      add_column (self->metrics_view, title, G_CALLBACK (bind_metric_cb), run, self, RUN_COLUMN_WIDTH);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
collect_keys (GPtrArray  *runs,
              JsonObject *(*get) (LuminaRun *))
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; i < runs->len; i++)
    {
      JsonObject *object = get (g_ptr_array_index (runs, i));
      g_autoptr(GList) members = object ? json_object_get_members (object) : NULL;

      for (const GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (keys, l->data);
    }

  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

static gboolean
param_differs (GPtrArray  *runs,
               const char *key)
{
  g_autofree char *first = param_text (g_ptr_array_index (runs, 0), key);

  for (guint i = 1; i < runs->len; i++)
    {
      g_autofree char *other = param_text (g_ptr_array_index (runs, i), key);

      if (g_strcmp0 (first, other) != 0)
        return TRUE;
    }

  return FALSE;
}

static void
lumina_compare_page_update_params (LuminaComparePage *self)
{
  gboolean show_all = gtk_toggle_button_get_active (self->show_all_button);
  g_autoptr(GPtrArray) keys = collect_keys (self->runs, lumina_run_get_params);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  g_ptr_array_set_size (self->differing, 0);
  for (guint i = 0; i < keys->len; i++)
    {
      gboolean differs = param_differs (self->runs, keys->pdata[i]);

      if (differs)
        g_ptr_array_add (self->differing, g_strdup (keys->pdata[i]));
      if (differs || show_all)
        g_ptr_array_add (shown, keys->pdata[i]);
    }
  g_ptr_array_add (shown, NULL);

  gtk_string_list_splice (self->param_keys, 0, g_list_model_get_n_items (G_LIST_MODEL (self->param_keys)),
                          (const char * const *) shown->pdata);

  if (show_all)
    adw_preferences_group_set_description (self->params_group, _("Every parameter of the runs compared"));
  else if (self->differing->len == 0)
    adw_preferences_group_set_description (self->params_group, _("The runs share all their parameters"));
  else
    adw_preferences_group_set_description (self->params_group, _("Only the parameters whose values differ"));
}

static JsonObject *
get_metrics (LuminaRun *run)
{
  return lumina_run_get_metrics (run);
}

static void
lumina_compare_page_update_metrics (LuminaComparePage *self)
{
  g_autoptr(GPtrArray) keys = collect_keys (self->runs, get_metrics);

  g_hash_table_remove_all (self->best);
  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = keys->pdata[k];
      gboolean higher = lumina_run_metric_higher_is_better (key);
      LuminaRun *best = NULL;
      double best_value = NAN;

      for (guint i = 0; i < self->runs->len; i++)
        {
          LuminaRun *run = g_ptr_array_index (self->runs, i);
          double value = lumina_run_get_metric (run, key);

          if (!isnan (value) && (isnan (best_value) || (higher ? value > best_value : value < best_value)))
            {
              best = run;
              best_value = value;
            }
        }

      if (best != NULL)
        g_hash_table_insert (self->best, g_strdup (key), g_strdup (lumina_run_get_id (best)));
    }

  g_ptr_array_add (keys, NULL);
  gtk_string_list_splice (self->metric_keys, 0, g_list_model_get_n_items (G_LIST_MODEL (self->metric_keys)),
                          (const char * const *) keys->pdata);
}

static void
lumina_compare_page_update_curve_keys (LuminaComparePage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  guint selected = 0;

  for (guint i = 0; i < self->runs->len; i++)
    {
      g_auto(GStrv) run_keys = lumina_tracker_list_metric_keys (self->tracker,
                                                                lumina_run_get_id (g_ptr_array_index (self->runs, i)),
                                                                NULL);

      for (guint k = 0; run_keys != NULL && run_keys[k] != NULL; k++)
        if (!g_hash_table_contains (seen, run_keys[k]))
          {
            char *key = g_strdup (run_keys[k]);

            g_hash_table_add (seen, key);
            g_ptr_array_add (keys, key);
          }
    }

  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    if (g_strcmp0 (keys->pdata[i], "valid_loss") == 0)
      selected = i;
  g_ptr_array_add (keys, NULL);

  gtk_string_list_splice (self->curve_keys, 0, g_list_model_get_n_items (G_LIST_MODEL (self->curve_keys)),
                          (const char * const *) keys->pdata);
  gtk_drop_down_set_selected (self->curve_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->curve_dropdown), keys->len > 2);
}

static void
lumina_compare_page_update_curves (LuminaComparePage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->curve_dropdown);
  const char *key = item ? gtk_string_object_get_string (item) : NULL;

  lumina_chart_clear (self->curves_chart);
  lumina_chart_set_axis (self->curves_chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, _("Iteration"), NULL);
  lumina_chart_set_axis (self->curves_chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, key, NULL);
  lumina_chart_set_placeholder (self->curves_chart, _("None of these runs logged step metrics"));

  if (key == NULL || self->tracker == NULL)
    return;

  for (guint i = 0; i < self->runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (self->runs, i);
      g_autoptr(GArray) steps = NULL;
      g_autoptr(GArray) values = NULL;
      g_autoptr(GArray) x = NULL;
      g_autofree char *title = NULL;
      guint series;

      if (!lumina_tracker_get_metric_history (self->tracker, lumina_run_get_id (run), key, &steps, &values, NULL) ||
          values->len == 0)
        continue;

      x = g_array_sized_new (FALSE, FALSE, sizeof (double), steps->len);
      for (guint j = 0; j < steps->len; j++)
        {
          double step = g_array_index (steps, guint, j);

          g_array_append_val (x, step);
        }

      title = lumina_run_format_title (run);
      series = lumina_chart_add_series (self->curves_chart, title, LUMINA_CHART_STYLE_LINE);
      lumina_chart_set_series_data (self->curves_chart, series, (const double *) x->data,
                                    (const double *) values->data, MIN (x->len, values->len));
    }
}

static void
lumina_compare_page_show_all_toggled_cb (LuminaComparePage *self)
{
  lumina_compare_page_update_params (self);
}

static void
lumina_compare_page_curve_selected_cb (LuminaComparePage *self)
{
  lumina_compare_page_update_curves (self);
}

static void
lumina_compare_page_dispose (GObject *object)
{
  LuminaComparePage *self = LUMINA_COMPARE_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_COMPARE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->best, g_hash_table_unref);
  g_clear_pointer (&self->differing, g_ptr_array_unref);
  g_clear_pointer (&self->main_metric, g_free);
  g_clear_object (&self->param_keys);
  g_clear_object (&self->metric_keys);
  g_clear_object (&self->curve_keys);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (lumina_compare_page_parent_class)->dispose (object);
}

static void
lumina_compare_page_class_init (LuminaComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_compare_page_dispose;

  g_type_ensure (LUMINA_TYPE_CHART);
  g_type_ensure (LUMINA_TYPE_PARALLEL_CHART);

  gtk_widget_class_set_css_name (widget_class, "luminacomparepage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, params_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, params_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, metrics_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, curve_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, curves_chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaComparePage, parallel_chart);
  gtk_widget_class_bind_template_callback (widget_class, lumina_compare_page_show_all_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_compare_page_curve_selected_cb);
}

static void
lumina_compare_page_init (LuminaComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->best = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->differing = g_ptr_array_new_with_free_func (g_free);
  self->param_keys = gtk_string_list_new (NULL);
  self->metric_keys = gtk_string_list_new (NULL);
  self->curve_keys = gtk_string_list_new (NULL);

  gtk_column_view_set_model (self->params_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->param_keys)))));
  gtk_column_view_set_model (self->metrics_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->metric_keys)))));
  gtk_drop_down_set_model (self->curve_dropdown, G_LIST_MODEL (self->curve_keys));
  gtk_drop_down_set_expression (self->curve_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
}

GtkWidget *
lumina_compare_page_new (void)
{
  return g_object_new (LUMINA_TYPE_COMPARE_PAGE, NULL);
}

static char *
describe_experiments (GPtrArray *runs)
{
  const char *first = lumina_run_get_experiment (g_ptr_array_index (runs, 0));

  for (guint i = 1; i < runs->len; i++)
    if (g_strcmp0 (first, lumina_run_get_experiment (g_ptr_array_index (runs, i))) != 0)
      return g_strdup (_("Runs of several experiments"));

  return g_strdup (first ? first : "");
}

/**
 * lumina_compare_page_set_runs:
 * @runs: (element-type LuminaRun): two or more runs
 */
void
lumina_compare_page_set_runs (LuminaComparePage *self,
                              LuminaTracker     *tracker,
                              GPtrArray         *runs)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (LUMINA_IS_COMPARE_PAGE (self));
  g_return_if_fail (LUMINA_IS_TRACKER (tracker));
  g_return_if_fail (runs != NULL && runs->len > 0);

  g_set_object (&self->tracker, tracker);
  g_ptr_array_set_size (self->runs, 0);
  g_clear_pointer (&self->main_metric, g_free);
  for (guint i = 0; i < runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (runs, i);

      g_ptr_array_add (self->runs, g_object_ref (run));
      if (self->main_metric == NULL)
        self->main_metric = g_strdup (lumina_run_info_get (run)->metric_key);
    }

  /* Translators: the title of the compare page */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Comparing %u Run", "Comparing %u Runs", runs->len),
                           runs->len);
  subtitle = describe_experiments (self->runs);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);

  lumina_compare_page_build_columns (self);
  lumina_compare_page_update_params (self);
  lumina_compare_page_update_metrics (self);
  lumina_compare_page_update_curve_keys (self);
  lumina_compare_page_update_curves (self);
  lumina_compare_fill_parallel (self->parallel_chart, self->runs, self->differing, self->main_metric);
}

guint
lumina_compare_page_get_n_runs (LuminaComparePage *self)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), 0);

  return self->runs->len;
}

void
lumina_compare_page_set_show_all (LuminaComparePage *self,
                                  gboolean           show_all)
{
  g_return_if_fail (LUMINA_IS_COMPARE_PAGE (self));

  gtk_toggle_button_set_active (self->show_all_button, show_all);
}

/**
 * lumina_compare_page_get_param_keys:
 *
 * Returns: (transfer none): #GtkStringObject parameter names the table shows
 */
GListModel *
lumina_compare_page_get_param_keys (LuminaComparePage *self)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), NULL);

  return G_LIST_MODEL (self->param_keys);
}

/**
 * lumina_compare_page_get_metric_keys:
 *
 * Returns: (transfer none): #GtkStringObject metric names the table shows
 */
GListModel *
lumina_compare_page_get_metric_keys (LuminaComparePage *self)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), NULL);

  return G_LIST_MODEL (self->metric_keys);
}

/**
 * lumina_compare_page_get_best_run_id:
 *
 * Returns: (nullable): the id of the run highlighted for @metric
 */
const char *
lumina_compare_page_get_best_run_id (LuminaComparePage *self,
                                     const char        *metric)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), NULL);

  return g_hash_table_lookup (self->best, metric);
}

LuminaChart *
lumina_compare_page_get_chart (LuminaComparePage *self)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), NULL);

  return self->curves_chart;
}

LuminaParallelChart *
lumina_compare_page_get_parallel_chart (LuminaComparePage *self)
{
  g_return_val_if_fail (LUMINA_IS_COMPARE_PAGE (self), NULL);

  return self->parallel_chart;
}
