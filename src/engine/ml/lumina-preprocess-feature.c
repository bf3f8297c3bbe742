/* lumina-preprocess-feature.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One input column of the preprocessor: how it is fitted, checked against
 * the data it is applied to, and encoded row by row.
 */
#define G_LOG_DOMAIN "lumina-preprocess"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-preprocess-private.h"

#define ONEHOT_MAX_LEVELS    32     /* more levels: target encoding */
#define RARE_LEVEL_PERCENT   1      /* one-hot levels rarer than this are pooled */
#define TEXT_MAX_LEVELS      1000   /* the CSV reader's limit for categoricals */
#define TARGET_SMOOTHING     10.0   /* pseudo-rows of the prior per level */
#define INFER_MAX_CLASSES    20

#define POOLED_SLOT          G_MAXUINT

Feature *
_lumina_feature_new (const char       *name,
                     LuminaColumnType  type,
                     EncodeKind        kind)
{
  Feature *feature = g_new0 (Feature, 1);

  feature->name = g_strdup (name);
  feature->type = type;
  feature->kind = kind;
  return feature;
}

void
_lumina_feature_free (Feature *feature)
{
  if (feature == NULL)
    return;

  for (guint i = 0; i < feature->n_levels; i++)
    g_free (feature->levels[i]);
  g_free (feature->levels);
  for (guint i = 0; i < feature->n_pooled; i++)
    g_free (feature->pooled[i]);
  g_free (feature->pooled);
  g_free (feature->mode);
  g_free (feature->encodings);
  g_free (feature->prior);
  g_clear_pointer (&feature->level_index, g_hash_table_unref);
  g_free (feature->name);
  g_free (feature);
}

static guint
feature_width (Feature *feature)
{
  switch (feature->kind)
    {
    case ENCODE_NUMBER:
      return 1 + (feature->indicator ? 1 : 0);
    case ENCODE_CODES:
      return 1;
    case ENCODE_ONEHOT:
      return feature->n_levels + (feature->has_other ? 1 : 0) + (feature->indicator ? 1 : 0);
    case ENCODE_TARGET:
      return feature->n_targets + (feature->indicator ? 1 : 0);
    default:
      g_assert_not_reached ();
    }
}

/* Builds the level lookup and sets n_raw; called once the feature is complete. */
void
_lumina_feature_index_levels (Feature *feature)
{
  feature->n_raw = feature_width (feature);
  g_clear_pointer (&feature->level_index, g_hash_table_unref);
  if (feature->kind == ENCODE_NUMBER)
    return;

  feature->level_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < feature->n_levels; i++)
    g_hash_table_insert (feature->level_index, feature->levels[i], GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < feature->n_pooled; i++)
    g_hash_table_insert (feature->level_index, feature->pooled[i], GUINT_TO_POINTER (POOLED_SLOT));
}

/**
 * _lumina_feature_raw_names:
 * Returns: (transfer full): feature->n_raw names ("age", "age__missing",
 *   "color=red", "color=other", "zip__target"), %NULL-terminated
 */
char **
_lumina_feature_raw_names (Feature *feature)
{
  GPtrArray *names = g_ptr_array_new ();

  switch (feature->kind)
    {
    case ENCODE_NUMBER:
    case ENCODE_CODES:
      g_ptr_array_add (names, g_strdup (feature->name));
      break;

    case ENCODE_ONEHOT:
      for (guint i = 0; i < feature->n_levels; i++)
        g_ptr_array_add (names, g_strdup_printf ("%s=%s", feature->name, feature->levels[i]));
      if (feature->has_other)
        g_ptr_array_add (names, g_strdup_printf ("%s=%s", feature->name,
                                                 g_strv_contains ((const char * const *) feature->levels, "other") ?
                                                 "__other__" : "other"));
      break;

    case ENCODE_TARGET:
      for (guint t = 0; t < feature->n_targets; t++)
        g_ptr_array_add (names, feature->n_targets == 1 ?
                                g_strdup_printf ("%s__target", feature->name) :
                                g_strdup_printf ("%s__target_%u", feature->name, t));
      break;

    default:
      g_assert_not_reached ();
    }

  if (feature->indicator)
    g_ptr_array_add (names, g_strdup_printf ("%s__missing", feature->name));
  g_ptr_array_add (names, NULL);

  return (char **) g_ptr_array_free (names, FALSE);
}

static gboolean
is_string_type (LuminaColumnType type)
{
  return type == LUMINA_COLUMN_TYPE_CATEGORICAL || type == LUMINA_COLUMN_TYPE_TEXT;
}

/* The number in @row of a numeric column; FALSE when missing or not finite. */
static gboolean
number_of (const LuminaColumn *column,
           gsize               row,
           double             *value)
{
  if (!lumina_column_is_valid (column, row))
    return FALSE;

  if (column->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    *value = (double) column->i64[row] / G_USEC_PER_SEC;
  else if (column->f64 != NULL)
    *value = column->f64[row];
  else if (column->i64 != NULL)
    *value = (double) column->i64[row];
  else if (column->u8 != NULL)
    *value = column->u8[row];
  else
    return FALSE;

  return isfinite (*value);
}

/* The level of @row: the string of a string column, the formatted value
 * of any other; %NULL when missing.  @scratch keeps formatted text. */
static const char *
level_of (const LuminaColumn *column,
          gsize               row,
          char              **scratch)
{
  if (!lumina_column_is_valid (column, row))
    return NULL;
  if (column->codes != NULL)
    return column->dict[column->codes[row]];

  g_free (*scratch);
  *scratch = lumina_column_format_value (column, row);
  return *scratch;
}

/* Moves the @k-th smallest of @values (no NaN) to values[k], the smaller
 * ones before it and the larger after (Wirth's selection): expected
 * linear time, against n log n for sorting a column to read its median. */
static double
select_kth (double *values,
            gssize  n,
            gssize  k)
{
  gssize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = values[k];
      gssize i = lo, j = hi;

      do
        {
          while (values[i] < pivot)
            i++;
          while (pivot < values[j])
            j--;
          if (i <= j)
            {
              double swap = values[i];

              values[i++] = values[j];
              values[j--] = swap;
            }
        }
      while (i <= j);
      if (j < k)
        lo = i;
      if (k < i)
        hi = j;
    }
  return values[k];
}

static double
median_of (double *values,
           gsize   n)
{
  double upper = select_kth (values, n, n / 2);
  double lower = upper;

  if (n % 2 == 0)
    {
      /* The next smaller value is the largest of those before it. */
      lower = values[0];
      for (gsize i = 1; i < n / 2; i++)
        lower = MAX (lower, values[i]);
    }
  return (lower + upper) / 2;
}

static Feature *
fit_number (LuminaPreprocessor *self,
            const LuminaColumn *column)
{
  g_autofree double *values = g_new (double, MAX (column->n_rows, 1));
  gsize n_valid = 0;
  double min = INFINITY, max = -INFINITY;
  Feature *feature;

  for (gsize row = 0; row < column->n_rows; row++)
    if (number_of (column, row, &values[n_valid]))
      {
        min = MIN (min, values[n_valid]);
        max = MAX (max, values[n_valid]);
        n_valid++;
      }

  if (n_valid == 0)
    {
      _lumina_preprocessor_add_note (self, "“%s” has no values: dropped", column->name);
      return NULL;
    }

  if (min == max && n_valid == column->n_rows)
    {
      g_autofree char *text = lumina_format_double (min);

      _lumina_preprocessor_add_note (self, "“%s” is constant (%s): dropped", column->name, text);
      return NULL;
    }

  feature = _lumina_feature_new (column->name, column->type, ENCODE_NUMBER);
  feature->dense = self->style == LUMINA_PREPROCESS_DENSE;
  if (feature->dense)
    {
      feature->median = median_of (values, n_valid);
      feature->indicator = n_valid < column->n_rows;
    }

  return feature;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const LuminaColumn *column = user_data;

  return strcmp (column->dict[*(const guint32 *) a], column->dict[*(const guint32 *) b]);
}

static char **
strv_of_codes (const LuminaColumn *column,
               const guint32      *codes,
               guint               n)
{
  char **strv = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    strv[i] = g_strdup (column->dict[codes[i]]);
  return strv;
}

/* How many values target encoding keeps per level, and the value of @y
 * for output @t. */
static guint
target_width (LuminaPreprocessor *self,
              const double       *y,
              gsize               n_rows)
{
  double max = 0;

  if (self->task_set)
    return self->task == LUMINA_TASK_MULTICLASS ? self->n_classes : 1;

  /* Unset: class indices 0..k-1 with 3 <= k <= 20 are taken as classes. */
  for (gsize i = 0; i < n_rows; i++)
    {
      if (!isfinite (y[i]) || y[i] < 0 || y[i] != floor (y[i]) || y[i] >= INFER_MAX_CLASSES)
        return 1;
      max = MAX (max, y[i]);
    }
  return max >= 2 ? (guint) max + 1 : 1;
}

static void
fit_target_encoding (LuminaPreprocessor *self,
                     Feature            *feature,
                     const LuminaColumn *column,
                     const double       *y,
                     const guint32      *levels,
                     const guint64      *counts)
{
  guint nt = y != NULL ? target_width (self, y, column->n_rows) : 1;
  g_autofree double *sums = g_new0 (double, (gsize) MAX (column->n_dict, 1) * nt);
  g_autofree double *level_rows = g_new0 (double, MAX (column->n_dict, 1));
  double n_used = 0;

  feature->n_targets = nt;
  feature->prior = g_new0 (double, nt);
  feature->encodings = g_new0 (double, (gsize) feature->n_levels * nt);

  if (y == NULL)
    {
      /* No target to encode with: each level's share of the rows. */
      _lumina_preprocessor_add_note (self, "“%s” has %u levels and no target was given: "
                                     "encoded by frequency", feature->name, feature->n_levels);
      for (guint i = 0; i < feature->n_levels; i++)
        feature->encodings[i] = (double) counts[levels[i]] / (double) (column->n_rows - column->null_count);
      return;
    }

  for (gsize row = 0; row < column->n_rows; row++)
    {
      guint32 code;

      if (!lumina_column_is_valid (column, row) || !isfinite (y[row]))
        continue;
      code = column->codes[row];
      level_rows[code] += 1;
      n_used += 1;
      for (guint t = 0; t < nt; t++)
        {
          double value = nt == 1 ? y[row] : (y[row] == t ? 1.0 : 0.0);

          sums[(gsize) code * nt + t] += value;
          feature->prior[t] += value;
        }
    }

  for (guint t = 0; t < nt; t++)
    feature->prior[t] = n_used > 0 ? feature->prior[t] / n_used : 0;

  for (guint i = 0; i < feature->n_levels; i++)
    for (guint t = 0; t < nt; t++)
      feature->encodings[(gsize) i * nt + t] =
        (sums[(gsize) levels[i] * nt + t] + TARGET_SMOOTHING * feature->prior[t]) /
        (level_rows[levels[i]] + TARGET_SMOOTHING);

  _lumina_preprocessor_add_note (self, "“%s” has %u levels: target-encoded", feature->name, feature->n_levels);
}

static void
fit_onehot (LuminaPreprocessor *self,
            Feature            *feature,
            const LuminaColumn *column,
            const guint32      *levels,
            guint               n_present,
            const guint64      *counts,
            gsize               n_valid)
{
  g_autofree guint32 *kept = g_new (guint32, MAX (n_present, 1));
  g_autofree guint32 *pooled = g_new (guint32, MAX (n_present, 1));
  guint n_kept = 0;

  for (guint i = 0; i < n_present; i++)
    {
      if (counts[levels[i]] * 100 < (guint64) n_valid * RARE_LEVEL_PERCENT)
        pooled[feature->n_pooled++] = levels[i];
      else
        kept[n_kept++] = levels[i];
    }

  feature->levels = strv_of_codes (column, kept, n_kept);
  feature->n_levels = n_kept;
  feature->pooled = strv_of_codes (column, pooled, feature->n_pooled);
  feature->has_other = feature->n_pooled > 0;

  if (feature->has_other)
    _lumina_preprocessor_add_note (self, "“%s”: %u levels rarer than %d%% pooled into “other”",
                                   feature->name, feature->n_pooled, RARE_LEVEL_PERCENT);
}

static Feature *
fit_levels (LuminaPreprocessor *self,
            const LuminaColumn *column,
            const double       *y)
{
  g_autofree guint64 *counts = g_new0 (guint64, MAX (column->n_dict, 1));
  g_autofree guint32 *levels = NULL;
  gsize n_valid = column->n_rows - column->null_count;
  guint n_present = 0, mode = 0;
  Feature *feature;

  for (gsize row = 0; row < column->n_rows; row++)
    if (lumina_column_is_valid (column, row) && counts[column->codes[row]]++ == 0)
      n_present++;

  if (n_valid == 0)
    {
      _lumina_preprocessor_add_note (self, "“%s” has no values: dropped", column->name);
      return NULL;
    }
  if (n_present == 1 && column->null_count == 0)
    {
      _lumina_preprocessor_add_note (self, "“%s” is constant: dropped", column->name);
      return NULL;
    }
  if (n_present > TEXT_MAX_LEVELS || (n_present > 20 && (gsize) n_present * 2 > n_valid))
    {
      _lumina_preprocessor_add_note (self, "“%s” looks like free text or an identifier "
                                     "(%u distinct values): dropped", column->name, n_present);
      return NULL;
    }

  levels = g_new (guint32, n_present);
  n_present = 0;
  for (guint32 code = 0; code < column->n_dict; code++)
    if (counts[code] > 0)
      levels[n_present++] = code;
  g_qsort_with_data (levels, n_present, sizeof (guint32), compare_codes, (gpointer) column);

  for (guint i = 1; i < n_present; i++)
    if (counts[levels[i]] > counts[levels[mode]])
      mode = i;

  if (self->style == LUMINA_PREPROCESS_TREES)
    {
      feature = _lumina_feature_new (column->name, column->type, ENCODE_CODES);
      feature->levels = strv_of_codes (column, levels, n_present);
      feature->n_levels = n_present;
      return feature;
    }

  feature = _lumina_feature_new (column->name, column->type,
                                 n_present <= ONEHOT_MAX_LEVELS ? ENCODE_ONEHOT : ENCODE_TARGET);
  feature->dense = TRUE;
  feature->indicator = column->null_count > 0;
  feature->mode = g_strdup (column->dict[levels[mode]]);

  if (feature->kind == ENCODE_ONEHOT)
    fit_onehot (self, feature, column, levels, n_present, counts, n_valid);
  else
    {
      feature->levels = strv_of_codes (column, levels, n_present);
      feature->n_levels = n_present;
      fit_target_encoding (self, feature, column, y, levels, counts);
    }

  return feature;
}

Feature *
_lumina_feature_fit (LuminaPreprocessor *self,
                     const LuminaColumn *column,
                     const double       *y)
{
  if (is_string_type (column->type))
    return fit_levels (self, column, y);
  return fit_number (self, column);
}

/**
 * _lumina_feature_check_column:
 * Numbers may come as integers, floats or booleans; timestamps only as
 * timestamps; levels from any column (numbers are matched as text).  An
 * entirely missing column fits anything.
 */
gboolean
_lumina_feature_check_column (Feature            *feature,
                              const LuminaColumn *column,
                              GError            **error)
{
  const char *expected;

  if (feature->kind != ENCODE_NUMBER || column->null_count == column->n_rows)
    return TRUE;

  if (feature->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    {
      if (column->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
        return TRUE;
      expected = "timestamps";
    }
  else
    {
      if (column->type != LUMINA_COLUMN_TYPE_TIMESTAMP && !is_string_type (column->type))
        return TRUE;
      expected = "numbers";
    }

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "Column “%s” holds %s values where the model expects %s",
               feature->name, lumina_column_type_to_string (column->type), expected);
  return FALSE;
}

static void
encode_number (Feature            *feature,
               const LuminaColumn *column,
               gsize               row,
               double             *out)
{
  double value;
  gboolean present = number_of (column, row, &value);

  if (!feature->dense)
    {
      out[0] = present ? value : NAN;
      return;
    }

  out[0] = present ? value : feature->median;
  if (feature->indicator)
    out[1] = present ? 0.0 : 1.0;
}

void
_lumina_feature_encode (Feature            *feature,
                        const LuminaColumn *column,
                        gsize               row,
                        double             *out)
{
  g_autofree char *scratch = NULL;
  const char *level;
  guint slot = 0;

  if (feature->kind == ENCODE_NUMBER)
    {
      encode_number (feature, column, row, out);
      return;
    }

  level = level_of (column, row, &scratch);
  if (level == NULL && feature->dense)
    level = feature->mode;
  if (level != NULL)
    slot = GPOINTER_TO_UINT (g_hash_table_lookup (feature->level_index, level));

  switch (feature->kind)
    {
    case ENCODE_CODES:
      out[0] = slot != 0 ? (double) (slot - 1) : NAN;
      break;

    case ENCODE_ONEHOT:
      memset (out, 0, sizeof (double) * feature->n_raw);
      if (slot == POOLED_SLOT)
        out[feature->n_levels] = 1.0;
      else if (slot != 0)
        out[slot - 1] = 1.0;
      break;

    case ENCODE_TARGET:
      memcpy (out, slot != 0 ? feature->encodings + (gsize) (slot - 1) * feature->n_targets : feature->prior,
              sizeof (double) * feature->n_targets);
      break;

    case ENCODE_NUMBER:
    default:
      g_assert_not_reached ();
    }

  if (feature->indicator)
    out[feature->n_raw - 1] = lumina_column_is_valid (column, row) ? 0.0 : 1.0;
}
