/* lumina-model-importance.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Permutation importance of a model's input columns.
 */
#define G_LOG_DOMAIN "lumina-model"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-model-private.h"
#include "lumina-preprocess-private.h"

/* For each output of member @m, the index of its input in @signature names. */
static guint *
member_output_columns (Member     *member,
                       GHashTable *signature_index)
{
  g_autoptr(JsonNode) signature = lumina_preprocessor_get_signature (member->preprocessor);
  JsonArray *entries = json_node_get_array (signature);
  guint n_outputs;
  const guint *sources = lumina_preprocessor_get_output_sources (member->preprocessor, &n_outputs);
  guint *columns = g_new0 (guint, MAX (n_outputs, 1));

  for (guint k = 0; k < n_outputs; k++)
    {
      JsonObject *entry = json_array_get_object_element (entries, sources[k]);

      columns[k] = GPOINTER_TO_UINT (g_hash_table_lookup (signature_index,
                                                          json_object_get_string_member (entry, "name"))) - 1;
    }
  return columns;
}

/* A copy of @matrix whose outputs that come from input @column have their
 * rows permuted by @perm. */
static LuminaMatrix *
permuted_copy (const LuminaMatrix *matrix,
               const guint        *output_columns,
               guint               column,
               const guint32      *perm)
{
  LuminaMatrix *copy = lumina_matrix_new (matrix->n_rows, matrix->n_cols);

  if (copy == NULL)
    return NULL;

  memcpy (copy->data, matrix->data, lumina_matrix_get_size (matrix));
  memcpy (copy->categorical, matrix->categorical, matrix->n_cols);
  for (guint k = 0; k < matrix->n_cols; k++)
    if (output_columns[k] == column)
      for (gsize row = 0; row < matrix->n_rows; row++)
        lumina_matrix_row (copy, row)[k] = lumina_matrix_row (matrix, perm[row])[k];
  return copy;
}

typedef struct
{
  LuminaModel   *model;
  LuminaMatrix **matrices;
  guint        **output_columns;
  const double  *y;
  gsize          n_rows;
  LuminaMetric   metric;
} Importance;

static gboolean
score_permuted (Importance     *state,
                guint           column,
                const guint32  *perm,
                double         *score,
                GError        **error)
{
  guint n_members = state->model->members->len;
  LuminaMatrix **copies = g_new0 (LuminaMatrix *, MAX (n_members, 1));
  g_autofree double *pred = NULL;

  for (guint m = 0; m < n_members; m++)
    if (!(copies[m] = permuted_copy (state->matrices[m], state->output_columns[m], column, perm)))
      {
        _lumina_model_free_matrices (copies, m);
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "Not enough memory to permute a column");
        return FALSE;
      }

  pred = _lumina_model_predict_matrices (state->model, copies, state->n_rows, error);
  _lumina_model_free_matrices (copies, n_members);
  if (pred == NULL)
    return FALSE;

  *score = lumina_metric_compute (state->metric, lumina_model_get_task (state->model),
                                  lumina_model_get_n_outputs (state->model),
                                  state->y, pred, NULL, state->n_rows);
  return TRUE;
}

static double *
importance_loop (Importance  *state,
                 guint        n_columns,
                 guint        repeats,
                 guint64      seed,
                 GError     **error)
{
  g_autofree double *importance = g_new0 (double, MAX (n_columns, 1));
  g_autofree guint32 *perm = g_new (guint32, MAX (state->n_rows, 1));
  g_autofree double *base_pred = _lumina_model_predict_matrices (state->model, state->matrices, state->n_rows, error);
  gboolean greater = lumina_metric_greater_is_better (state->metric);
  guint64 random = seed;
  double base;

  if (base_pred == NULL)
    return NULL;
  base = lumina_metric_compute (state->metric, lumina_model_get_task (state->model),
                                lumina_model_get_n_outputs (state->model),
                                state->y, base_pred, NULL, state->n_rows);

  for (guint column = 0; column < n_columns; column++)
    {
      for (guint r = 0; r < repeats; r++)
        {
          double score;

          for (gsize row = 0; row < state->n_rows; row++)
            perm[row] = (guint32) row;
          _lumina_random_shuffle (perm, state->n_rows, &random);
          if (!score_permuted (state, column, perm, &score, error))
            return NULL;
          importance[column] += greater ? base - score : score - base;
        }
      importance[column] /= repeats;
    }

  return g_steal_pointer (&importance);
}

/**
 * lumina_model_permutation_importance:
 * @frame: rows with the target column
 *
 * Each input column's rows are shuffled (with a PRNG seeded by @seed) and
 * the model re-scored; the preprocessing of a row reads only that row, so
 * the shuffle is applied to the encoded columns, which is the same.
 *
 * Returns: (transfer full): one value per signature column, or %NULL with
 *   @error set
 */
double *
lumina_model_permutation_importance (LuminaModel   *self,
                                     LuminaFrame   *frame,
                                     LuminaMetric   metric,
                                     guint          repeats,
                                     guint64        seed,
                                     GError       **error)
{
  g_autoptr(JsonNode) signature = NULL;
  g_autoptr(GHashTable) signature_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree double *y = NULL;
  Importance state = { self, NULL, NULL, NULL, 0, metric };
  JsonArray *entries;
  double *importance = NULL;
  int target;

  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);
  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  if (!lumina_metric_applies_to (metric, lumina_model_get_task (self)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The metric %s does not apply to %s models", lumina_metric_to_string (metric),
                   _lumina_task_to_string (lumina_model_get_task (self)));
      return NULL;
    }
  if ((target = lumina_frame_find_column (frame, self->target)) < 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The data has no target column “%s”", self->target);
      return NULL;
    }
  if (!_lumina_model_check_members (self, error) ||
      !(y = lumina_labels_encode (self->labels, lumina_frame_get_column (frame, target), error)) ||
      !(state.matrices = _lumina_model_transform_all (self, frame, error)))
    return NULL;

  signature = lumina_model_get_signature (self);
  entries = json_node_get_array (signature);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_hash_table_insert (signature_index,
                         (gpointer) json_object_get_string_member (json_array_get_object_element (entries, i), "name"),
                         GUINT_TO_POINTER (i + 1));

  state.output_columns = g_new0 (guint *, MAX (self->members->len, 1));
  for (guint m = 0; m < self->members->len; m++)
    state.output_columns[m] = member_output_columns (g_ptr_array_index (self->members, m), signature_index);
  state.y = y;
  state.n_rows = lumina_frame_get_n_rows (frame);

  importance = importance_loop (&state, json_array_get_length (entries), MAX (repeats, 1), seed, error);

  for (guint m = 0; m < self->members->len; m++)
    g_free (state.output_columns[m]);
  g_free (state.output_columns);
  _lumina_model_free_matrices (state.matrices, self->members->len);

  return importance;
}
