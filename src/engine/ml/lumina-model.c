/* lumina-model.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fitted model: the target's labels and weighted members (preprocessor +
 * learner) whose outputs are averaged.  Saving and loading bundles lives
 * in lumina-model-io.c.
 */
#define G_LOG_DOMAIN "lumina-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-model-private.h"
#include "lumina-preprocess-private.h"
#include "lumina-util.h"

G_DEFINE_FINAL_TYPE (LuminaModel, lumina_model, G_TYPE_OBJECT)

static void
member_free (Member *member)
{
  g_clear_object (&member->preprocessor);
  g_clear_object (&member->learner);
  g_free (member);
}

static void
lumina_model_finalize (GObject *object)
{
  LuminaModel *self = LUMINA_MODEL (object);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->labels, lumina_labels_free);
  g_clear_pointer (&self->metrics, json_object_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->dataset_ref, g_free);
  g_clear_pointer (&self->dataset_hash, g_free);
  g_clear_pointer (&self->run_id, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (lumina_model_parent_class)->finalize (object);
}

static void
lumina_model_class_init (LuminaModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_model_finalize;
}

static void
lumina_model_init (LuminaModel *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  self->metrics = json_object_new ();
  self->created_at = lumina_util_now_text ();
}

/**
 * lumina_model_new:
 * @labels: (transfer none): the target's labels; the model keeps a copy
 *
 * Returns: (transfer full): a model without members
 */
LuminaModel *
lumina_model_new (const char   *target,
                  LuminaLabels *labels)
{
  LuminaModel *self;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (labels != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_MODEL, NULL);
  self->target = g_strdup (target);
  node = lumina_labels_to_json (labels);
  self->labels = lumina_labels_from_json (node, NULL);
  g_assert (self->labels != NULL);

  return self;
}

/**
 * lumina_model_add_member:
 * @preprocessor: (transfer none): fitted; the model takes a reference
 * @learner: (transfer none): fitted on @preprocessor's output
 * @weight: the member's share of the average (> 0)
 */
void
lumina_model_add_member (LuminaModel        *self,
                         LuminaPreprocessor *preprocessor,
                         LuminaLearner      *learner,
                         double              weight)
{
  Member *member;

  g_return_if_fail (LUMINA_IS_MODEL (self));
  g_return_if_fail (LUMINA_IS_PREPROCESSOR (preprocessor));
  g_return_if_fail (LUMINA_IS_LEARNER (learner));
  g_return_if_fail (isfinite (weight) && weight >= 0);

  member = g_new0 (Member, 1);
  member->preprocessor = g_object_ref (preprocessor);
  member->learner = g_object_ref (learner);
  member->weight = weight;
  g_ptr_array_add (self->members, member);
}

guint
lumina_model_get_n_members (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), 0);

  return self->members->len;
}

/**
 * lumina_model_get_member:
 * @preprocessor: (out) (optional) (transfer none):
 * @weight: (out) (optional):
 *
 * Returns: (transfer none): the learner of member @index
 */
LuminaLearner *
lumina_model_get_member (LuminaModel         *self,
                         guint                index,
                         LuminaPreprocessor **preprocessor,
                         double              *weight)
{
  Member *member;

  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);
  g_return_val_if_fail (index < self->members->len, NULL);

  member = g_ptr_array_index (self->members, index);
  if (preprocessor != NULL)
    *preprocessor = member->preprocessor;
  if (weight != NULL)
    *weight = member->weight;
  return member->learner;
}

const char *
lumina_model_get_target (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);

  return self->target;
}

/**
 * lumina_model_get_labels:
 * Returns: (transfer none): the model's labels
 */
LuminaLabels *
lumina_model_get_labels (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);

  return self->labels;
}

LuminaTask
lumina_model_get_task (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), LUMINA_TASK_REGRESSION);

  return lumina_labels_get_task (self->labels);
}

guint
lumina_model_get_n_outputs (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), 0);

  return lumina_labels_get_n_classes (self->labels);
}

/**
 * lumina_model_set_metrics:
 * @metrics: (transfer none): scores to keep in the manifest
 */
void
lumina_model_set_metrics (LuminaModel *self,
                          JsonObject  *metrics)
{
  g_return_if_fail (LUMINA_IS_MODEL (self));
  g_return_if_fail (metrics != NULL);

  json_object_ref (metrics);
  g_clear_pointer (&self->metrics, json_object_unref);
  self->metrics = metrics;
}

void
lumina_model_set_lineage (LuminaModel *self,
                          const char  *dataset_ref,
                          const char  *dataset_hash,
                          const char  *run_id)
{
  g_return_if_fail (LUMINA_IS_MODEL (self));

  lumina_set_str (&self->dataset_ref, dataset_ref);
  lumina_set_str (&self->dataset_hash, dataset_hash);
  lumina_set_str (&self->run_id, run_id);
}

/**
 * lumina_model_get_signature:
 * Returns: (transfer full): the input columns every member reads, as a JSON
 *   array of {"name", "type"}, in first-member order
 */
JsonNode *
lumina_model_get_signature (LuminaModel *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);

  for (guint m = 0; m < self->members->len; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);
      g_autoptr(JsonNode) signature = lumina_preprocessor_get_signature (member->preprocessor);
      JsonArray *entries = json_node_get_array (signature);

      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          const char *name = json_object_get_string_member (entry, "name");

          if (g_hash_table_contains (seen, name))
            continue;
          g_hash_table_add (seen, (gpointer) name);
          json_array_add_object_element (array, json_object_ref (entry));
        }
    }

  json_node_take_array (node, array);
  return node;
}

gboolean
_lumina_model_check_members (LuminaModel  *self,
               GError      **error)
{
  double total = 0;

  for (guint m = 0; m < self->members->len; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);

      total += member->weight;
      if (lumina_learner_get_n_outputs (member->learner) != lumina_model_get_n_outputs (self))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "Member %u predicts %u values per row, the model %u", m,
                       lumina_learner_get_n_outputs (member->learner), lumina_model_get_n_outputs (self));
          return FALSE;
        }
    }

  if (!(total > 0))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   self->members->len == 0 ? "The model has no members" : "The model's member weights sum to 0");
      return FALSE;
    }
  return TRUE;
}

/* The weighted average of the members' predictions on their matrices. */
double *
_lumina_model_predict_matrices (LuminaModel   *self,
                  LuminaMatrix **matrices,
                  gsize          n_rows,
                  GError       **error)
{
  gsize n_values = n_rows * lumina_model_get_n_outputs (self);
  g_autofree double *out = g_new0 (double, MAX (n_values, 1));
  g_autofree double *member_out = g_new0 (double, MAX (n_values, 1));
  double total = 0;

  for (guint m = 0; m < self->members->len; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);

      if (member->weight == 0)
        continue;
      if (!lumina_learner_predict (member->learner, matrices[m], member_out, error))
        return NULL;
      for (gsize i = 0; i < n_values; i++)
        out[i] += member->weight * member_out[i];
      total += member->weight;
    }

  for (gsize i = 0; i < n_values; i++)
    out[i] /= total;

  return g_steal_pointer (&out);
}

void
_lumina_model_free_matrices (LuminaMatrix **matrices,
               guint          n)
{
  for (guint m = 0; m < n; m++)
    lumina_matrix_free (matrices[m]);
  g_free (matrices);
}

LuminaMatrix **
_lumina_model_transform_all (LuminaModel  *self,
               LuminaFrame  *frame,
               GError      **error)
{
  LuminaMatrix **matrices = g_new0 (LuminaMatrix *, MAX (self->members->len, 1));

  for (guint m = 0; m < self->members->len; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);

      if (!(matrices[m] = lumina_preprocessor_transform (member->preprocessor, frame, error)))
        {
          _lumina_model_free_matrices (matrices, m);
          return NULL;
        }
    }
  return matrices;
}

/**
 * lumina_model_predict:
 * Returns: (transfer full): n_rows × n_outputs values, or %NULL with @error set
 */
double *
lumina_model_predict (LuminaModel  *self,
                      LuminaFrame  *frame,
                      GError      **error)
{
  LuminaMatrix **matrices;
  double *out;

  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);
  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  if (!_lumina_model_check_members (self, error) || !(matrices = _lumina_model_transform_all (self, frame, error)))
    return NULL;

  out = _lumina_model_predict_matrices (self, matrices, lumina_frame_get_n_rows (frame), error);
  _lumina_model_free_matrices (matrices, self->members->len);
  return out;
}

static char *
proba_name (LuminaModel *self,
            guint        c)
{
  return g_strdup_printf ("proba_%s", lumina_labels_get_class (self->labels, c));
}

/* The input's columns, minus any an earlier prediction left (they are replaced). */
static LuminaFrame *
copy_inputs (LuminaModel *self,
             LuminaFrame *frame)
{
  guint n_columns = lumina_frame_get_n_columns (frame);
  g_autofree guint *keep = g_new0 (guint, MAX (n_columns, 1));
  guint n_keep = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = lumina_frame_get_column (frame, c)->name;
      gboolean replaced = g_strcmp0 (name, "prediction") == 0;

      for (guint k = 0; !replaced && lumina_model_get_task (self) != LUMINA_TASK_REGRESSION &&
                        k < lumina_model_get_n_outputs (self); k++)
        {
          g_autofree char *proba = proba_name (self, k);

          replaced = g_strcmp0 (name, proba) == 0;
        }
      if (!replaced)
        keep[n_keep++] = c;
    }

  return lumina_frame_select (frame, keep, n_keep);
}

static guint
best_class (const double *row,
            guint         n)
{
  guint best = 0;

  for (guint c = 1; c < n; c++)
    if (row[c] > row[best])
      best = c;
  return best;
}

/* The predicted class of each row, as a column of the target's own type. */
static LuminaColumn *
class_column (LuminaModel  *self,
              const double *pred,
              gsize         n_rows)
{
  guint k = lumina_model_get_n_outputs (self);
  LuminaColumnType type = _lumina_labels_get_column_type (self->labels);
  LuminaColumn *column;

  if (type == LUMINA_COLUMN_TYPE_TEXT || type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    type = LUMINA_COLUMN_TYPE_CATEGORICAL;
  column = lumina_column_new ("prediction", type, n_rows);

  if (type == LUMINA_COLUMN_TYPE_CATEGORICAL)
    for (guint c = 0; c < k; c++)
      lumina_column_intern (column, lumina_labels_get_class (self->labels, c));

  for (gsize row = 0; row < n_rows; row++)
    {
      guint c = best_class (pred + row * k, k);
      const char *label = lumina_labels_get_class (self->labels, c);

      if (type == LUMINA_COLUMN_TYPE_INTEGER)
        column->i64[row] = g_ascii_strtoll (label, NULL, 10);
      else if (type == LUMINA_COLUMN_TYPE_FLOAT)
        column->f64[row] = g_ascii_strtod (label, NULL);
      else if (type == LUMINA_COLUMN_TYPE_BOOLEAN)
        column->u8[row] = g_strcmp0 (label, "true") == 0;
      else
        column->codes[row] = c;
    }

  return column;
}

/**
 * lumina_model_predict_frame:
 * Returns: (transfer full): the input's columns, then "prediction" (the
 *   class label in the target's type, or the value) and, for classifiers,
 *   one "proba_<class>" column per class
 */
LuminaFrame *
lumina_model_predict_frame (LuminaModel  *self,
                            LuminaFrame  *frame,
                            GError      **error)
{
  g_autofree double *pred = NULL;
  LuminaFrame *result;
  gsize n_rows;
  guint k;

  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);
  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  if (!(pred = lumina_model_predict (self, frame, error)))
    return NULL;

  n_rows = lumina_frame_get_n_rows (frame);
  k = lumina_model_get_n_outputs (self);
  result = copy_inputs (self, frame);

  if (lumina_model_get_task (self) == LUMINA_TASK_REGRESSION)
    {
      LuminaColumn *column = lumina_column_new ("prediction", LUMINA_COLUMN_TYPE_FLOAT, n_rows);

      memcpy (column->f64, pred, n_rows * sizeof (double));
      lumina_frame_add_column (result, column);
      return result;
    }

  lumina_frame_add_column (result, class_column (self, pred, n_rows));
  for (guint c = 0; c < k; c++)
    {
      g_autofree char *name = proba_name (self, c);
      LuminaColumn *column = lumina_column_new (name, LUMINA_COLUMN_TYPE_FLOAT, n_rows);

      for (gsize row = 0; row < n_rows; row++)
        column->f64[row] = pred[row * k + c];
      lumina_frame_add_column (result, column);
    }

  return result;
}
