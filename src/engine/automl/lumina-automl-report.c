/* lumina-automl-report.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report of a finished search: validation and test scores, confusion
 * matrix and ROC points (classification) or a residuals sample
 * (regression), and permutation importance on held-out rows.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-automl-private.h"
#include "lumina-metrics.h"

#define N_RESIDUALS         200
#define N_ROC_POINTS_MAX    200

typedef struct
{
  double *y;
  double *pred;
  gsize   n;
  const char *source;
} Evaluation;

/* Test predictions of the refitted model, or the validation predictions
 * of the search when there is no test set. */
static gboolean
evaluate (LuminaAutoml *self,
          LuminaModel  *model,
          GPtrArray    *members,
          GArray       *weights,
          Evaluation   *eval)
{
  LuminaAutomlData *data = self->data;
  guint k = data->n_outputs;

  if (data->test_frame != NULL)
    {
      g_autoptr(GError) error = NULL;

      eval->pred = lumina_model_predict (model, data->test_frame, &error);
      if (eval->pred == NULL)
        {
          g_warning ("Could not score the test rows: %s", error->message);
          return FALSE;
        }
      eval->y = g_memdup2 (data->y_test, sizeof (double) * data->n_test);
      eval->n = data->n_test;
      eval->source = "test";
      return TRUE;
    }

  eval->y = g_new (double, MAX (data->n_rows, 1));
  eval->pred = g_new0 (double, MAX (data->n_rows, 1) * k);
  for (gsize row = 0; row < data->n_rows; row++)
    {
      if (data->fold_of[row] >= data->n_folds)
        continue;
      eval->y[eval->n] = data->y[row];
      for (guint m = 0; m < members->len; m++)
        {
          LuminaAutomlTrial *trial = g_ptr_array_index (members, m);
          double w = g_array_index (weights, double, m);

          if (trial->oof == NULL)
            return FALSE;
          for (guint c = 0; c < k; c++)
            eval->pred[eval->n * k + c] += w * trial->oof[row * k + c];
        }
      eval->n++;
    }
  eval->source = "validation";
  return TRUE;
}

static JsonArray *
confusion_to_json (LuminaAutomlData *data,
                   Evaluation       *eval)
{
  g_autofree guint64 *counts = lumina_confusion_matrix (data->n_classes, eval->y, eval->pred,
                                                        eval->n);
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < data->n_classes; i++)
    {
      JsonArray *row = json_array_new ();

      for (guint j = 0; j < data->n_classes; j++)
        json_array_add_int_element (row, (gint64) counts[i * data->n_classes + j]);
      json_array_add_array_element (rows, row);
    }
  return rows;
}

static JsonArray *
roc_to_json (LuminaAutomlData *data,
             Evaluation       *eval)
{
  JsonArray *curves = json_array_new ();
  guint first = data->task == LUMINA_TASK_BINARY ? 1 : 0;

  for (guint c = first; c < data->n_classes; c++)
    {
      g_autofree double *fpr = NULL;
      g_autofree double *tpr = NULL;
      gsize n = lumina_roc_curve (data->n_classes, c, eval->y, eval->pred, eval->n, &fpr, &tpr);
      JsonObject *curve = json_object_new ();
      JsonArray *xs = json_array_new ();
      JsonArray *ys = json_array_new ();
      gsize stride = MAX (n / N_ROC_POINTS_MAX, 1);

      for (gsize i = 0; i < n; i += stride)
        {
          json_array_add_double_element (xs, fpr[i]);
          json_array_add_double_element (ys, tpr[i]);
        }
      if (n > 0 && (n - 1) % stride != 0)
        {
          json_array_add_double_element (xs, fpr[n - 1]);
          json_array_add_double_element (ys, tpr[n - 1]);
        }
      json_object_set_string_member (curve, "class", lumina_labels_get_class (data->labels, c));
      json_object_set_array_member (curve, "fpr", xs);
      json_object_set_array_member (curve, "tpr", ys);
      json_array_add_object_element (curves, curve);
    }
  return curves;
}

static JsonArray *
residuals_to_json (Evaluation *eval)
{
  JsonArray *points = json_array_new ();
  gsize stride = MAX (eval->n / N_RESIDUALS, 1);

  for (gsize i = 0; i < eval->n; i += stride)
    {
      JsonObject *point = json_object_new ();

      json_object_set_double_member (point, "actual", eval->y[i]);
      json_object_set_double_member (point, "predicted", eval->pred[i]);
      json_array_add_object_element (points, point);
    }
  return points;
}

static JsonArray *
importance_to_json (LuminaAutoml *self,
                    LuminaModel  *model)
{
  LuminaAutomlData *data = self->data;
  LuminaFrame *held_out = data->test_frame ? data->test_frame : data->search_frame;
  g_autoptr(LuminaFrame) rows = NULL;
  g_autoptr(JsonNode) signature = lumina_model_get_signature (model);
  g_autoptr(GError) error = NULL;
  g_autofree double *values = NULL;
  JsonArray *entries = json_array_new ();
  JsonArray *columns = json_node_get_array (signature);

  rows = lumina_frame_slice (held_out, 0, MIN (lumina_frame_get_n_rows (held_out),
                                               LUMINA_AUTOML_IMPORTANCE_ROWS));
  values = lumina_model_permutation_importance (model, rows, data->metric,
                                                LUMINA_AUTOML_IMPORTANCE_REPEATS, self->config->seed,
                                                &error);
  if (values == NULL)
    {
      g_debug ("No permutation importance: %s", error->message);
      return entries;
    }
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *entry = json_object_new ();
      JsonObject *column = json_array_get_object_element (columns, i);

      json_object_set_string_member (entry, "feature",
                                     json_object_get_string_member (column, "name"));
      json_object_set_double_member (entry, "value", values[i]);
      json_array_add_object_element (entries, entry);
    }
  return entries;
}

static void
add_summary (LuminaAutoml *self,
             JsonObject   *report)
{
  JsonObject *counts = json_object_new ();
  JsonArray *notes = json_array_new ();

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->trials->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (self->trials, i);
      const char *status = trial->skipped ? "skipped" : lumina_run_status_to_string (trial->status);

      json_object_set_int_member (counts, status,
                                  json_object_get_int_member_with_default (counts, status, 0) + 1);
    }
  json_object_set_int_member (report, "n_trials", self->trials->len);
  g_mutex_unlock (&self->lock);
  json_object_set_object_member (report, "trials_by_status", counts);
  for (guint i = 0; i < self->data->notes->len; i++)
    json_array_add_string_element (notes, g_ptr_array_index (self->data->notes, i));
  json_object_set_array_member (report, "notes", notes);
}

/* The trials the model is made of, with their share of the average. */
static JsonArray *
members_to_json (GPtrArray *members,
                 GArray    *weights)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < members->len; i++)
    {
      LuminaAutomlTrial *trial = g_ptr_array_index (members, i);
      JsonObject *member = json_object_new ();

      json_object_set_string_member (member, "run_id", trial->run_id);
      json_object_set_int_member (member, "trial", trial->number);
      json_object_set_string_member (member, "learner", trial->learner);
      json_object_set_double_member (member, "weight", g_array_index (weights, double, i));
      json_array_add_object_element (array, member);
    }
  return array;
}

JsonNode *
_lumina_automl_build_report (LuminaAutoml *self,
                             LuminaModel  *model,
                             double        validation_score,
                             JsonObject   *validation_metrics,
                             GPtrArray    *members,
                             GArray       *weights,
                             gboolean      ensemble)
{
  LuminaAutomlData *data = self->data;
  g_autoptr(JsonObject) report = json_object_new ();
  Evaluation eval = { 0 };

  json_object_set_string_member (report, "metric", lumina_metric_to_string (data->metric));
  json_object_set_double_member (report, "validation_score", validation_score);
  json_object_set_object_member (report, "validation_metrics",
                                 json_object_ref (validation_metrics));
  json_object_set_string_member (report, "best_run", self->best_run_id);
  json_object_set_string_member (report, "bundle", self->bundle_path);
  json_object_set_boolean_member (report, "ensemble", ensemble);
  json_object_set_array_member (report, "members", members_to_json (members, weights));
  if (evaluate (self, model, members, weights, &eval))
    {
      json_object_set_string_member (report, "evaluated_on", eval.source);
      if (data->test_frame != NULL)
        {
          JsonObject *test_metrics = _lumina_automl_metrics_for (data, eval.y, eval.pred, eval.n);

          json_object_set_double_member (report, "test_score",
                                         lumina_metric_compute (data->metric, data->task,
                                                                data->n_classes, eval.y,
                                                                eval.pred, NULL, eval.n));
          json_object_set_object_member (report, "test_metrics", test_metrics);
          json_object_set_int_member (report, "test_rows", (gint64) eval.n);
        }
      if (data->task == LUMINA_TASK_REGRESSION)
        json_object_set_array_member (report, "residuals", residuals_to_json (&eval));
      else
        {
          JsonArray *classes = json_array_new ();

          for (guint c = 0; c < data->n_classes; c++)
            json_array_add_string_element (classes, lumina_labels_get_class (data->labels, c));
          json_object_set_array_member (report, "classes", classes);
          json_object_set_array_member (report, "confusion", confusion_to_json (data, &eval));
          json_object_set_array_member (report, "roc", roc_to_json (data, &eval));
        }
    }
  json_object_set_array_member (report, "importance", importance_to_json (self, model));
  add_summary (self, report);
  g_free (eval.y);
  g_free (eval.pred);
  return json_node_init_object (json_node_alloc (), g_steal_pointer (&report));
}

JsonObject *
_lumina_automl_report_metrics (JsonNode   *report,
                               JsonObject *validation_metrics)
{
  JsonObject *metrics = json_object_new ();
  JsonObject *object = json_node_get_object (report);
  GList *members = json_object_get_members (validation_metrics);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (metrics, l->data,
                            json_node_copy (json_object_get_member (validation_metrics, l->data)));
  g_list_free (members);

  if (json_object_has_member (object, "test_metrics"))
    {
      JsonObject *test = json_object_get_object_member (object, "test_metrics");

      members = json_object_get_members (test);
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *key = g_strdup_printf ("test_%s", (const char *) l->data);

          json_object_set_member (metrics, key, json_node_copy (json_object_get_member (test, l->data)));
        }
      g_list_free (members);
    }
  return metrics;
}
