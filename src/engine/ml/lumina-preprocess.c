/* lumina-preprocess.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns a frame into the matrix a learner takes.  Fitting decides, per
 * input column, how it is encoded (lumina-preprocess-feature.c); every
 * feature writes "raw" values, and the outputs are a selection of those,
 * standardised in the DENSE style with statistics of the training rows.
 */
#define G_LOG_DOMAIN "lumina-preprocess"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-preprocess-private.h"

G_DEFINE_FINAL_TYPE (LuminaPreprocessor, lumina_preprocessor, G_TYPE_OBJECT)

static void
clear_outputs (LuminaPreprocessor *self)
{
  g_clear_pointer (&self->output_raw, g_free);
  g_clear_pointer (&self->output_sources, g_free);
  g_clear_pointer (&self->output_mean, g_free);
  g_clear_pointer (&self->output_scale, g_free);
  g_clear_pointer (&self->output_names, g_strfreev);
  g_clear_pointer (&self->output_categorical, g_free);
  self->n_outputs = 0;
}

static void
reset (LuminaPreprocessor *self)
{
  clear_outputs (self);
  g_ptr_array_set_size (self->features, 0);
  g_ptr_array_set_size (self->notes, 0);
  g_ptr_array_add (self->notes, NULL);
  self->n_raw = 0;
  self->fitted = FALSE;
}

static void
lumina_preprocessor_finalize (GObject *object)
{
  LuminaPreprocessor *self = LUMINA_PREPROCESSOR (object);

  clear_outputs (self);
  g_clear_pointer (&self->features, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (lumina_preprocessor_parent_class)->finalize (object);
}

static void
lumina_preprocessor_class_init (LuminaPreprocessorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_preprocessor_finalize;
}

static void
lumina_preprocessor_init (LuminaPreprocessor *self)
{
  self->features = g_ptr_array_new_with_free_func ((GDestroyNotify) _lumina_feature_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  self->task = LUMINA_TASK_REGRESSION;
  self->n_classes = 1;
}

LuminaPreprocessor *
lumina_preprocessor_new (LuminaPreprocessStyle style)
{
  LuminaPreprocessor *self = g_object_new (LUMINA_TYPE_PREPROCESSOR, NULL);

  self->style = style;
  return self;
}

LuminaPreprocessStyle
lumina_preprocessor_get_style (LuminaPreprocessor *self)
{
  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), LUMINA_PREPROCESS_TREES);

  return self->style;
}

void
lumina_preprocessor_set_task (LuminaPreprocessor *self,
                              LuminaTask          task,
                              guint               n_classes)
{
  g_return_if_fail (LUMINA_IS_PREPROCESSOR (self));

  self->task = task;
  self->n_classes = task == LUMINA_TASK_REGRESSION ? 1 : MAX (n_classes, 2);
  self->task_set = TRUE;
}

void
_lumina_preprocessor_add_note (LuminaPreprocessor *self,
                               const char         *format,
                               ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep the array NULL-terminated. */
  g_ptr_array_insert (self->notes, (int) self->notes->len - 1, note);
  g_debug ("%s", note);
}

/* Takes ownership of the arrays; names, sources and flags follow from the features. */
void
_lumina_preprocessor_set_outputs (LuminaPreprocessor *self,
                                  guint               n_outputs,
                                  guint              *output_raw,
                                  double             *mean,
                                  double             *scale)
{
  g_autofree guint *raw_source = g_new0 (guint, MAX (self->n_raw, 1));
  g_autofree char **raw_names = g_new0 (char *, self->n_raw + 1);
  g_autofree guint8 *raw_categorical = g_new0 (guint8, MAX (self->n_raw, 1));

  clear_outputs (self);

  for (guint f = 0; f < self->features->len; f++)
    {
      Feature *feature = g_ptr_array_index (self->features, f);
      char **names = _lumina_feature_raw_names (feature);

      for (guint k = 0; k < feature->n_raw; k++)
        {
          raw_source[feature->raw_offset + k] = f;
          raw_names[feature->raw_offset + k] = names[k];
          raw_categorical[feature->raw_offset + k] = feature->kind == ENCODE_CODES;
        }
      g_free (names);   /* the strings moved to raw_names */
    }

  self->n_outputs = n_outputs;
  self->output_raw = output_raw;
  self->output_mean = mean;
  self->output_scale = scale;
  self->output_sources = g_new0 (guint, MAX (n_outputs, 1));
  self->output_names = g_new0 (char *, n_outputs + 1);
  self->output_categorical = g_new0 (guint8, MAX (n_outputs, 1));

  for (guint k = 0; k < n_outputs; k++)
    {
      guint raw = output_raw[k];

      self->output_sources[k] = raw_source[raw];
      self->output_names[k] = g_strdup (raw_names[raw]);
      self->output_categorical[k] = raw_categorical[raw];
    }

  for (guint k = 0; k < self->n_raw; k++)
    g_free (raw_names[k]);
}

/* One column per feature, found by name; errors name the column. */
static const LuminaColumn **
bind_columns (LuminaPreprocessor  *self,
              LuminaFrame         *frame,
              GError             **error)
{
  g_autofree const LuminaColumn **columns = g_new0 (const LuminaColumn *, MAX (self->features->len, 1));

  for (guint f = 0; f < self->features->len; f++)
    {
      Feature *feature = g_ptr_array_index (self->features, f);
      /* Frames in signature order (served requests) skip the search. */
      int index = f < lumina_frame_get_n_columns (frame) &&
                  g_strcmp0 (lumina_frame_get_column (frame, f)->name, feature->name) == 0
                    ? (int) f : lumina_frame_find_column (frame, feature->name);

      if (index < 0)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "The data has no column “%s”, which the model needs", feature->name);
          return NULL;
        }
      columns[f] = lumina_frame_get_column (frame, index);
      if (!_lumina_feature_check_column (feature, columns[f], error))
        return NULL;
    }

  return g_steal_pointer (&columns);
}

static void
encode_row (LuminaPreprocessor  *self,
            const LuminaColumn **columns,
            gsize                row,
            double              *raw)
{
  for (guint f = 0; f < self->features->len; f++)
    {
      Feature *feature = g_ptr_array_index (self->features, f);

      _lumina_feature_encode (feature, columns[f], row, raw + feature->raw_offset);
    }
}

static void
select_all_outputs (LuminaPreprocessor *self)
{
  guint *output_raw = g_new0 (guint, MAX (self->n_raw, 1));

  for (guint k = 0; k < self->n_raw; k++)
    output_raw[k] = k;
  _lumina_preprocessor_set_outputs (self, self->n_raw, output_raw, NULL, NULL);
}

/* DENSE: mean and (population) standard deviation of each raw value over
 * the training rows; values with no spread are dropped. */
static void
select_scaled_outputs (LuminaPreprocessor  *self,
                       const LuminaColumn **columns,
                       gsize                n_rows)
{
  g_autofree double *raw = g_new0 (double, MAX (self->n_raw, 1));
  g_autofree double *mean = g_new0 (double, MAX (self->n_raw, 1));
  g_autofree double *m2 = g_new0 (double, MAX (self->n_raw, 1));
  guint *output_raw = g_new0 (guint, MAX (self->n_raw, 1));
  double *output_mean = g_new0 (double, MAX (self->n_raw, 1));
  double *output_scale = g_new0 (double, MAX (self->n_raw, 1));
  g_auto(GStrv) raw_names = NULL;
  guint n_outputs = 0;

  for (gsize row = 0; row < n_rows; row++)
    {
      encode_row (self, columns, row, raw);
      for (guint k = 0; k < self->n_raw; k++)
        {
          double delta = raw[k] - mean[k];

          mean[k] += delta / (double) (row + 1);
          m2[k] += delta * (raw[k] - mean[k]);
        }
    }

  raw_names = g_new0 (char *, self->n_raw + 1);
  for (guint f = 0; f < self->features->len; f++)
    {
      Feature *feature = g_ptr_array_index (self->features, f);
      g_autofree char **names = _lumina_feature_raw_names (feature);

      for (guint k = 0; k < feature->n_raw; k++)
        raw_names[feature->raw_offset + k] = names[k];
    }

  for (guint k = 0; k < self->n_raw; k++)
    {
      double std = sqrt (m2[k] / (double) MAX (n_rows, 1));

      if (!(std > 0) || !isfinite (std) || !isfinite (mean[k]))
        {
          _lumina_preprocessor_add_note (self, "“%s” has the same value in every training row: dropped",
                                         raw_names[k]);
          continue;
        }
      output_raw[n_outputs] = k;
      output_mean[n_outputs] = mean[k];
      output_scale[n_outputs] = 1.0 / std;
      n_outputs++;
    }

  _lumina_preprocessor_set_outputs (self, n_outputs, output_raw, output_mean, output_scale);
}

static gboolean
is_input (const LuminaColumn *column,
          const char         *target)
{
  return column->role == LUMINA_COLUMN_ROLE_FEATURE && g_strcmp0 (column->name, target) != 0;
}

static gboolean
fit_features (LuminaPreprocessor  *self,
              LuminaFrame         *frame,
              const char          *target,
              const double        *y,
              GError             **error)
{
  guint n_candidates = 0;

  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (frame, c);
      Feature *feature;

      if (!is_input (column, target))
        continue;

      n_candidates++;
      feature = _lumina_feature_fit (self, column, y);
      if (feature == NULL)
        continue;

      _lumina_feature_index_levels (feature);
      feature->raw_offset = self->n_raw;
      self->n_raw += feature->n_raw;
      g_ptr_array_add (self->features, feature);
    }

  if (self->features->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   n_candidates == 0 ? "There are no feature columns besides the target"
                                     : "No feature column is usable (%u dropped: constant, empty or free text)",
                   n_candidates);
      return FALSE;
    }

  return TRUE;
}

/**
 * lumina_preprocessor_fit:
 * @y: (nullable): the encoded target of each row, for target encoding
 *
 * Fitting again replaces what an earlier fit decided.
 */
gboolean
lumina_preprocessor_fit (LuminaPreprocessor  *self,
                         LuminaFrame         *frame,
                         const char          *target,
                         const double        *y,
                         GError             **error)
{
  g_autofree const LuminaColumn **columns = NULL;

  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), FALSE);
  g_return_val_if_fail (LUMINA_IS_FRAME (frame), FALSE);

  reset (self);

  if (lumina_frame_get_n_rows (frame) == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The training data has no rows");
      return FALSE;
    }

  if (!fit_features (self, frame, target, y, error))
    {
      reset (self);
      return FALSE;
    }

  columns = bind_columns (self, frame, error);
  g_assert (columns != NULL);

  if (self->style == LUMINA_PREPROCESS_TREES)
    select_all_outputs (self);
  else
    select_scaled_outputs (self, columns, lumina_frame_get_n_rows (frame));

  if (self->n_outputs == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "No feature column is usable: every encoded value is constant");
      reset (self);
      return FALSE;
    }

  self->fitted = TRUE;
  return TRUE;
}

static gboolean
check_fitted (LuminaPreprocessor  *self,
              GError             **error)
{
  if (self->fitted)
    return TRUE;

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The preprocessor has not been fitted");
  return FALSE;
}

/**
 * lumina_preprocessor_transform:
 *
 * Returns: (transfer full): n_rows × n_outputs values, or %NULL with @error set
 */
LuminaMatrix *
lumina_preprocessor_transform (LuminaPreprocessor  *self,
                               LuminaFrame         *frame,
                               GError             **error)
{
  g_autofree const LuminaColumn **columns = NULL;
  g_autofree double *raw = NULL;
  g_autoptr(LuminaMatrix) matrix = NULL;
  gsize n_rows;

  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);
  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  if (!check_fitted (self, error) || !(columns = bind_columns (self, frame, error)))
    return NULL;

  n_rows = lumina_frame_get_n_rows (frame);
  if (!(matrix = lumina_matrix_new (n_rows, self->n_outputs)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED,
                   "Not enough memory for a %" G_GSIZE_FORMAT " × %u matrix", n_rows, self->n_outputs);
      return NULL;
    }

  raw = g_new0 (double, MAX (self->n_raw, 1));
  for (gsize row = 0; row < n_rows; row++)
    {
      float *out = lumina_matrix_row (matrix, row);

      encode_row (self, columns, row, raw);
      for (guint k = 0; k < self->n_outputs; k++)
        {
          double value = raw[self->output_raw[k]];

          if (self->output_scale != NULL)
            value = (value - self->output_mean[k]) * self->output_scale[k];
          out[k] = (float) value;
        }
    }

  lumina_matrix_set_names (matrix, (const char * const *) self->output_names);
  memcpy (matrix->categorical, self->output_categorical, self->n_outputs);

  return g_steal_pointer (&matrix);
}

/**
 * lumina_preprocessor_get_signature:
 * Returns: (transfer full): a JSON array of {"name", "type"}, in input order
 */
JsonNode *
lumina_preprocessor_get_signature (LuminaPreprocessor *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);

  for (guint f = 0; f < self->features->len; f++)
    {
      Feature *feature = g_ptr_array_index (self->features, f);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "name", feature->name);
      json_object_set_string_member (entry, "type", lumina_column_type_to_string (feature->type));
      json_array_add_object_element (array, entry);
    }

  json_node_take_array (node, array);
  return node;
}

/**
 * lumina_preprocessor_get_output_names:
 * Returns: (transfer none): %NULL-terminated names, one per output column
 */
const char * const *
lumina_preprocessor_get_output_names (LuminaPreprocessor *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);

  return self->output_names != NULL ? (const char * const *) self->output_names : none;
}

/**
 * lumina_preprocessor_get_output_sources:
 * Returns: (transfer none): for each output, the index of its input column
 *   in the signature
 */
const guint *
lumina_preprocessor_get_output_sources (LuminaPreprocessor *self,
                                        guint              *n_outputs)
{
  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);

  if (n_outputs != NULL)
    *n_outputs = self->n_outputs;
  return self->output_sources;
}

/**
 * lumina_preprocessor_get_notes:
 * Returns: (transfer none): %NULL-terminated notes on what fitting decided
 */
const char * const *
lumina_preprocessor_get_notes (LuminaPreprocessor *self)
{
  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);

  return (const char * const *) self->notes->pdata;
}

/**
 * lumina_preprocessor_estimate_bytes:
 * Returns: the bytes a transform of @n_rows rows allocates (0 before fitting)
 */
gsize
lumina_preprocessor_estimate_bytes (LuminaPreprocessor *self,
                                    gsize               n_rows)
{
  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), 0);

  if (!self->fitted)
    return 0;
  if (self->n_outputs != 0 && n_rows > G_MAXSIZE / sizeof (float) / self->n_outputs)
    return G_MAXSIZE;
  return n_rows * self->n_outputs * sizeof (float) + sizeof (LuminaMatrix) + self->n_outputs * 32;
}
