/* lumina-automl-page-results.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the AutoML view draws: the leaderboard rows and the live charts from
 * the search's snapshots, the best model's evaluation once it ends, and an
 * earlier search as the tracker recorded it.
 */
#define G_LOG_DOMAIN "lumina-automl-page-results"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-automl-page-private.h"

#define MAX_FEATURES_SHOWN 15

static void
setup_chart (LuminaChart *chart,
             const char  *title,
             const char  *placeholder,
             const char  *x_label,
             const char  *x_unit,
             const char  *y_label)
{
  lumina_chart_clear (chart);
  lumina_chart_set_title (chart, title);
  lumina_chart_set_placeholder (chart, placeholder);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, x_label, x_unit);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, y_label, NULL);
  lumina_chart_set_x_range (chart, NAN, NAN);
  lumina_chart_set_y_range (chart, NAN, NAN);
  lumina_chart_set_horizontal (chart, FALSE);
}

void
_lumina_automl_page_reset_charts (LuminaAutomlPage *self,
                                  const char       *metric)
{

  LuminaMetric parsed;
  double lo = NAN, hi = NAN;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (metric != NULL && lumina_metric_from_string (metric, &parsed))
    lumina_metric_bounds (parsed, &lo, &hi);

  setup_chart (self->score_chart, _("Best Score"), _("The best score appears as trials finish"),
               _("Time"), "s", metric);
  lumina_chart_add_series (self->score_chart, _("Best"), LUMINA_CHART_STYLE_STEP);
  /* Time runs from the start of the search; the score stays within what
   * the metric can be. */
  lumina_chart_set_x_range (self->score_chart, 0.0, NAN);
  lumina_chart_set_y_limits (self->score_chart, lo, hi);

  setup_chart (self->curves_chart, _("Validation Loss"), _("Each trial’s loss curve appears as it finishes"),
               _("Iteration"), NULL, _("Loss"));
  /* Every learner's validation loss is a log loss or a squared error. */
  lumina_chart_set_y_limits (self->curves_chart, 0.0, INFINITY);
  g_hash_table_remove_all (self->curve_series);
}

/* ---- live --------------------------------------------------------------- */

static void
lumina_automl_page_update_trials (LuminaAutomlPage *self,
                                  JsonArray        *trials)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    g_ptr_array_add (items, lumina_automl_trial_new (json_array_get_object_element (trials, i), i + 1));

  g_list_store_splice (self->trials, 0, g_list_model_get_n_items (G_LIST_MODEL (self->trials)),
                       items->pdata, items->len);
}

/* The best score is a step line; it runs on to the present while the search
 * runs, and to its end once finished, so a single trial already draws. */
void
_lumina_automl_page_update_score (LuminaAutomlPage *self)
{
  JsonArray *history = self->history && JSON_NODE_HOLDS_ARRAY (self->history)
                         ? json_node_get_array (self->history) : NULL;
  guint n = history ? json_array_get_length (history) : 0;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  gboolean live;
  gint64 end;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  x = g_new (double, n + 1);
  y = g_new (double, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonArray *point = json_array_get_array_element (history, i);

      x[i] = json_array_get_double_element (point, 0);
      y[i] = json_array_get_double_element (point, 1);
    }

  live = self->started_at != 0 && _lumina_automl_page_shows_live (self);
  end = self->running ? g_get_monotonic_time () : self->finished_at;
  if (n > 0 && live && end > self->started_at)
    {
      x[n] = MAX ((double) (end - self->started_at) / G_USEC_PER_SEC, x[n - 1]);
      y[n] = y[n - 1];
      n++;
    }

  lumina_chart_set_series_data (self->score_chart, 0, x, y, n);
}

/* One series per learner, so the legend stays short: each trial's curve is
 * a run of points, separated from the next by a gap. */
static void
lumina_automl_page_update_curves (LuminaAutomlPage *self,
                                  JsonArray        *trials)
{
  g_autoptr(GHashTable) points = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_array_unref);

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    {
      JsonObject *trial = json_array_get_object_element (trials, i);
      g_autoptr(LuminaAutomlTrial) item = lumina_automl_trial_new (trial, i + 1);
      const char *label = lumina_automl_trial_get_learner_label (item);
      JsonArray *curve = json_object_has_member (trial, "curve") &&
                         JSON_NODE_HOLDS_ARRAY (json_object_get_member (trial, "curve"))
                           ? json_object_get_array_member (trial, "curve") : NULL;
      JsonObject *params = json_object_has_member (trial, "params") &&
                           JSON_NODE_HOLDS_OBJECT (json_object_get_member (trial, "params"))
                             ? json_object_get_object_member (trial, "params") : NULL;
      GArray *xy;

      if (curve == NULL || json_array_get_length (curve) == 0)
        continue;

      if (!(xy = g_hash_table_lookup (points, label)))
        {
          xy = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (points, (gpointer) label, xy);
        }
      for (guint k = 0; k < json_array_get_length (curve); k++)
        {
          double point[2] = { k + 1, json_array_get_double_element (curve, k) };

          /* A forest is scored once, whole: its dot goes where its last
           * tree is, not at the chart's edge. */
          if (json_array_get_length (curve) == 1 && params != NULL)
            point[0] = MAX (json_object_get_int_member_with_default (params, "n_estimators", 1), 1);

          g_array_append_vals (xy, point, 2);
        }
      g_array_append_vals (xy, (double[2]) { json_array_get_length (curve), NAN }, 2);
    }

  /* Learners keep the series (and colour) they got first. */
  {
    GHashTableIter iter;
    gpointer key;
    GArray *xy;

    g_hash_table_iter_init (&iter, points);
    while (g_hash_table_iter_next (&iter, &key, (gpointer *) &xy))
      {
        guint series = GPOINTER_TO_UINT (g_hash_table_lookup (self->curve_series, key));
        g_autofree double *x = g_new (double, xy->len / 2);
        g_autofree double *y = g_new (double, xy->len / 2);

        if (series == 0)
          {
            series = lumina_chart_add_series (self->curves_chart, key, LUMINA_CHART_STYLE_LINE) + 1;
            g_hash_table_insert (self->curve_series, g_strdup (key), GUINT_TO_POINTER (series));
          }
        for (guint k = 0; k < xy->len / 2; k++)
          {
            x[k] = g_array_index (xy, double, 2 * k);
            y[k] = g_array_index (xy, double, 2 * k + 1);
          }
        lumina_chart_set_series_data (self->curves_chart, series - 1, x, y, xy->len / 2);
      }
  }
}

void
_lumina_automl_page_update_live (LuminaAutomlPage *self,
                                 JsonNode         *leaderboard,
                                 JsonNode         *history)
{
  JsonArray *trials = leaderboard && JSON_NODE_HOLDS_ARRAY (leaderboard) ? json_node_get_array (leaderboard) : NULL;
  JsonArray *points = history && JSON_NODE_HOLDS_ARRAY (history) ? json_node_get_array (history) : NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  lumina_automl_page_update_trials (self, trials);
  g_clear_pointer (&self->history, json_node_unref);
  self->history = points ? json_node_ref (history) : NULL;
  _lumina_automl_page_update_score (self);
  lumina_automl_page_update_curves (self, trials);
}

/* ---- the best model ----------------------------------------------------- */

static double *
doubles_of (JsonArray *array,
            guint     *n)
{
  double *values;

  *n = array ? json_array_get_length (array) : 0;
  values = g_new0 (double, *n + 1);
  for (guint i = 0; i < *n; i++)
    values[i] = json_array_get_double_element (array, i);

  return values;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static char **
strings_of (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else
        {
          g_autofree char *text = g_strdup_printf ("%g", json_node_get_double (node));

          g_strv_builder_add (builder, text);
        }
    }

  return g_strv_builder_end (builder);
}

/* report.confusion: rows × cols counts, rows the true classes; report.classes
 * names them. */
static gboolean
show_confusion (LuminaAutomlPage *self,
                JsonArray        *matrix,
                JsonArray        *classes)
{
  g_auto(GStrv) labels = strings_of (classes);
  g_autofree double *values = NULL;
  guint n = matrix ? json_array_get_length (matrix) : 0;

  if (n == 0)
    return FALSE;

  values = g_new0 (double, n * n);
  for (guint r = 0; r < n; r++)
    {
      JsonArray *row = json_array_get_array_element (matrix, r);

      for (guint c = 0; row != NULL && c < n && c < json_array_get_length (row); c++)
        values[r * n + c] = json_array_get_double_element (row, c);
    }

  setup_chart (self->eval_chart, _("Confusion Matrix"), NULL, _("Predicted"), NULL, _("Actual"));
  lumina_chart_set_heatmap (self->eval_chart, n, n, values,
                            g_strv_length (labels) == n ? (const char * const *) labels : NULL,
                            g_strv_length (labels) == n ? (const char * const *) labels : NULL);
  return TRUE;
}

/* report.residuals: [{actual, predicted}], drawn as actual − predicted
 * against predicted. */
static gboolean
show_residuals (LuminaAutomlPage *self,
                JsonArray        *points)
{
  guint n = points ? json_array_get_length (points) : 0;
  g_autofree double *x = g_new0 (double, n + 1);
  g_autofree double *y = g_new0 (double, n + 1);

  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);

      x[i] = json_object_get_double_member_with_default (point, "predicted", NAN);
      y[i] = json_object_get_double_member_with_default (point, "actual", NAN) - x[i];
    }

  setup_chart (self->eval_chart, _("Residuals"), NULL, _("Predicted"), NULL, _("Actual − predicted"));
  lumina_chart_add_series (self->eval_chart, _("Residual"), LUMINA_CHART_STYLE_SCATTER);
  lumina_chart_set_series_data (self->eval_chart, 0, x, y, n);
  lumina_chart_add_threshold (self->eval_chart, 0.0, NULL);
  return TRUE;
}

/* report.roc: [{class, fpr, tpr}], one curve per class (the positive class
 * only for binary tasks). */
static gboolean
show_roc (LuminaAutomlPage *self,
          JsonArray        *curves)
{
  guint n_curves = curves ? json_array_get_length (curves) : 0;
  guint series;

  if (n_curves == 0)
    return FALSE;

  setup_chart (self->roc_chart, _("ROC Curve"), NULL, _("False positive rate"), NULL, _("True positive rate"));
  lumina_chart_set_x_range (self->roc_chart, 0.0, 1.0);
  lumina_chart_set_y_range (self->roc_chart, 0.0, 1.0);

  for (guint i = 0; i < n_curves; i++)
    {
      JsonObject *curve = json_array_get_object_element (curves, i);
      g_autofree double *x = NULL;
      g_autofree double *y = NULL;
      guint nx;
      guint ny;

      x = doubles_of (array_member (curve, "fpr"), &nx);
      y = doubles_of (array_member (curve, "tpr"), &ny);
      if (nx == 0 || nx != ny)
        continue;
      series = lumina_chart_add_series (self->roc_chart,
                                        json_object_get_string_member_with_default (curve, "class", _("Model")),
                                        LUMINA_CHART_STYLE_LINE);
      lumina_chart_set_series_data (self->roc_chart, series, x, y, nx);
    }

  if (lumina_chart_get_n_series (self->roc_chart) == 0)
    return FALSE;

  series = lumina_chart_add_series (self->roc_chart, _("Chance"), LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_data (self->roc_chart, series, (double[]) { 0, 1 }, (double[]) { 0, 1 }, 2);
  lumina_chart_set_series_color (self->roc_chart, series, &(GdkRGBA) { 0.5f, 0.5f, 0.5f, 0.6f });
  return TRUE;
}

/* [{feature, value}], largest first; the top ones, largest at the top. */
/* Larger importance first; a feature without a value last. */
static int
compare_importance (gconstpointer a,
                    gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;
  double vx = json_object_get_double_member_with_default (x, "value", -G_MAXDOUBLE);
  double vy = json_object_get_double_member_with_default (y, "value", -G_MAXDOUBLE);

  return (vx < vy) - (vx > vy);
}

static gboolean
show_importance (LuminaAutomlPage *self,
                 JsonArray        *importance)
{
  guint total = importance ? json_array_get_length (importance) : 0;
  guint n = MIN (total, MAX_FEATURES_SHOWN);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  g_autofree double *y = g_new0 (double, n + 1);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  if (n == 0)
    return FALSE;

  /* The report lists the columns in their order: the chart shows the
   * most important ones, the largest on top (the first category). */
  for (guint i = 0; i < total; i++)
    g_ptr_array_add (items, json_array_get_object_element (importance, i));
  g_ptr_array_sort (items, compare_importance);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      g_strv_builder_add (builder, json_object_get_string_member_with_default (item, "feature", "?"));
      y[i] = json_object_get_double_member_with_default (item, "value", 0.0);
    }
  labels = g_strv_builder_end (builder);

  setup_chart (self->importance_chart, _("Feature Importance"), NULL, NULL, NULL, NULL);
  lumina_chart_set_horizontal (self->importance_chart, TRUE);
  lumina_chart_set_categories (self->importance_chart, (const char * const *) labels);
  lumina_chart_add_series (self->importance_chart, _("Importance"), LUMINA_CHART_STYLE_BARS);
  lumina_chart_set_series_data (self->importance_chart, 0, NULL, y, n);
  return TRUE;
}

static void
set_chart_card_visible (LuminaChart *chart,
                        gboolean     visible)
{
  /* chart → card box → GtkFlowBoxChild */
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (chart))), visible);
}

/* The leaderboard's label for the learner of run @run_id, else @learner. */
static char *
member_label (LuminaAutomlPage *self,
              const char       *run_id,
              const char       *learner)
{
  GListModel *trials = G_LIST_MODEL (self->trials);

  for (guint i = 0; i < g_list_model_get_n_items (trials); i++)
    {
      g_autoptr(LuminaAutomlTrial) trial = g_list_model_get_item (trials, i);

      if (g_strcmp0 (lumina_automl_trial_get_run_id (trial), run_id) == 0)
        return g_strdup (lumina_automl_trial_get_learner_label (trial));
    }
  return g_strdup (learner ? learner : run_id);
}

/* “XGBoost”, or for a blend “Ensemble: XGBoost 60 % + Linear 40 %”, from
 * report.members (the leaderboard's best trial for older reports). */
static char *
best_title (LuminaAutomlPage *self,
            JsonObject       *report,
            const char       *best_run_id)
{
  JsonArray *members = json_object_has_member (report, "members") &&
                       JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, "members"))
                         ? json_object_get_array_member (report, "members") : NULL;
  guint n = members ? json_array_get_length (members) : 0;
  g_autoptr(GString) title = NULL;

  if (n == 0)
    {
      g_autoptr(LuminaAutomlTrial) best = g_list_model_get_item (G_LIST_MODEL (self->trials), 0);

      return g_strdup (best ? lumina_automl_trial_get_learner_label (best) : best_run_id);
    }
  if (n == 1)
    {
      JsonObject *member = json_array_get_object_element (members, 0);

      return member_label (self, json_object_get_string_member_with_default (member, "run_id", NULL),
                           json_object_get_string_member_with_default (member, "learner", NULL));
    }

  /* Translators: the start of a blend's description, followed by its members */
  title = g_string_new (_("Ensemble: "));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      g_autofree char *label = member_label (self, json_object_get_string_member_with_default (member, "run_id", NULL),
                                             json_object_get_string_member_with_default (member, "learner", NULL));

      /* Translators: one member of a blend and its share, e.g. “XGBoost 60 %” */
      g_string_append_printf (title, i > 0 ? _(" + %s %.0f %%") : _("%s %.0f %%"), label,
                              100 * json_object_get_double_member_with_default (member, "weight", 0));
    }
  return g_string_free (g_steal_pointer (&title), FALSE);
}

static void
lumina_automl_page_show_best_row (LuminaAutomlPage *self,
                                  JsonObject       *report,
                                  const char       *best_run_id)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = best_title (self, report, best_run_id);
  const char *metric = json_object_get_string_member_with_default (report, "metric", "");
  JsonArray *notes = json_object_has_member (report, "notes") &&
                     JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, "notes"))
                       ? json_object_get_array_member (report, "notes") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->best_row), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->best_row), title);

  /* What the user should know about the result (a dropped column, a
   * model kept without its refit), below the best model. */
  for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", json_array_get_string_element (notes, i));
  gtk_label_set_text (self->result_notes, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->result_notes), text->len > 0);

  if (json_object_has_member (report, "validation_score"))
    /* Translators: the best model's validation score, e.g. “Validation accuracy 0.9600” */
    g_string_append_printf (subtitle, _("Validation %s %.4f"), metric,
                            json_object_get_double_member (report, "validation_score"));
  if (json_object_has_member (report, "test_score"))
    /* Translators: the best model's score on held-out test rows */
    g_string_append_printf (subtitle, _(" · Test %.4f"), json_object_get_double_member (report, "test_score"));
  adw_action_row_set_subtitle (self->best_row, subtitle->str);
}

void
_lumina_automl_page_show_result (LuminaAutomlPage *self,
                                 JsonNode         *report_node,
                                 const char       *best_run_id,
                                 const char       *bundle_path)
{
  JsonObject *report = report_node && JSON_NODE_HOLDS_OBJECT (report_node) ? json_node_get_object (report_node) : NULL;
  JsonObject *empty = NULL;
  gboolean eval;
  gboolean roc;
  gboolean importance;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (report == NULL)
    report = empty = json_object_new ();

  lumina_automl_page_show_best_row (self, report, best_run_id);

  g_free (self->bundle_path);
  self->bundle_path = g_strdup (bundle_path);
  adw_action_row_set_subtitle (self->bundle_row, bundle_path ? bundle_path : _("No bundle was written"));

  eval = show_confusion (self, array_member (report, "confusion"), array_member (report, "classes")) ||
         show_residuals (self, array_member (report, "residuals"));
  roc = show_roc (self, array_member (report, "roc"));
  importance = show_importance (self, array_member (report, "importance"));
  set_chart_card_visible (self->eval_chart, eval);
  set_chart_card_visible (self->roc_chart, roc);
  set_chart_card_visible (self->importance_chart, importance);
  gtk_widget_set_visible (GTK_WIDGET (self->result_charts), eval || roc || importance);

  gtk_widget_set_visible (self->result_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "automl.open-folder",
                                 bundle_path != NULL && g_file_test (bundle_path, G_FILE_TEST_IS_DIR));

  /* The best model goes to the registry through the window (win.register-model). */
  if (best_run_id != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->register_button), "s", best_run_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->register_button),
                                  best_run_id != NULL ? "win.register-model" : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->register_button),
                            best_run_id != NULL && bundle_path != NULL &&
                            g_file_test (bundle_path, G_FILE_TEST_IS_DIR));

  g_clear_pointer (&empty, json_object_unref);
}

void
_lumina_automl_page_hide_result (LuminaAutomlPage *self)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  gtk_widget_set_visible (self->result_box, FALSE);
  g_clear_pointer (&self->bundle_path, g_free);
  lumina_chart_clear (self->eval_chart);
  lumina_chart_clear (self->roc_chart);
  lumina_chart_clear (self->importance_chart);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "automl.open-folder", FALSE);
}
