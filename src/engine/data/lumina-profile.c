/* lumina-profile.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset profiler: one pass over chunks, per-column accumulators that
 * merge across threads, JSON at the end.  The accumulators live in
 * lumina-profile-numeric.c (moments, quantiles, histogram),
 * lumina-profile-strings.c (top values, text lengths) and
 * lumina-profile-target.c / -groups.c (correlation with the target).
 */
#define G_LOG_DOMAIN "lumina-profile"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-csv-private.h"
#include "lumina-profile-private.h"

struct _LuminaProfileBuilder
{
  int                   target;
  guint64               n_rows;
  GPtrArray            *columns;   /* of LuminaProfileColumn; empty before the first chunk */
  LuminaProfileScratch  scratch;
};

static LuminaProfileColumn *
profile_column_new (const char       *name,
                    LuminaColumnType  type,
                    gboolean          with_target,
                    LuminaColumnType  target_type)
{
  LuminaProfileColumn *column = g_new0 (LuminaProfileColumn, 1);

  column->name = g_strdup (name);
  column->type = type;
  if (lumina_column_type_is_numeric (type))
    column->numeric = _lumina_numeric_stats_new ();
  else
    column->strings = _lumina_string_stats_new ();
  if (with_target)
    column->correlation = _lumina_correlation_new (type, target_type);
  return column;
}

static void
profile_column_free (LuminaProfileColumn *column)
{
  g_free (column->name);
  g_clear_pointer (&column->numeric, _lumina_numeric_stats_free);
  g_clear_pointer (&column->strings, _lumina_string_stats_free);
  g_clear_pointer (&column->correlation, _lumina_correlation_free);
  g_free (column);
}

/**
 * lumina_profile_builder_new:
 * @target_column: index of the target column, or -1 for none
 *
 * Returns: (transfer full): an empty builder
 */
LuminaProfileBuilder *
lumina_profile_builder_new (int target_column)
{
  LuminaProfileBuilder *self = g_new0 (LuminaProfileBuilder, 1);

  self->target = MAX (target_column, -1);
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) profile_column_free);
  return self;
}

void
lumina_profile_builder_free (LuminaProfileBuilder *self)
{
  LuminaProfileScratch *scratch;

  if (self == NULL)
    return;

  scratch = &self->scratch;
  g_ptr_array_unref (self->columns);
  g_free (scratch->values);
  g_free (scratch->finite);
  g_free (scratch->pair_x);
  g_free (scratch->pair_y);
  g_free (scratch->codes);
  g_free (scratch->target_values);
  g_free (scratch->target_codes);
  g_free (scratch->tally);
  g_free (scratch->map);
  g_free (scratch->target_map);
  g_free (scratch->group_n);
  g_free (scratch->group_sum);
  g_free (scratch->group_m2);
  g_free (self);
}

/* Column names and types, read from a frame or from another builder. */
typedef const char *     (*ColumnNameFunc) (gpointer source,
                                            guint    index);
typedef LuminaColumnType (*ColumnTypeFunc) (gpointer source,
                                            guint    index);

/* Creates the columns from a first chunk (or builder), or checks they match. */
static gboolean
builder_ensure_layout (LuminaProfileBuilder *self,
                       guint                 n_columns,
                       ColumnNameFunc        get_name,
                       ColumnTypeFunc        get_type,
                       gpointer              source)
{
  gboolean with_target = self->target >= 0 && (guint) self->target < n_columns;

  if (self->columns->len == 0)
    {
      for (guint i = 0; i < n_columns; i++)
        g_ptr_array_add (self->columns,
                         profile_column_new (get_name (source, i), get_type (source, i),
                                             with_target && (int) i != self->target,
                                             with_target ? get_type (source, self->target) : 0));
      return TRUE;
    }

  if (n_columns != self->columns->len)
    return FALSE;
  for (guint i = 0; i < n_columns; i++)
    {
      LuminaProfileColumn *column = g_ptr_array_index (self->columns, i);

      if (column->type != get_type (source, i) ||
          g_strcmp0 (column->name, get_name (source, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

static const char *
frame_column_name (gpointer frame,
                   guint    index)
{
  return lumina_frame_get_column (frame, index)->name;
}

static LuminaColumnType
frame_column_type (gpointer frame,
                   guint    index)
{
  return lumina_frame_get_column (frame, index)->type;
}

static const char *
builder_column_name (gpointer builder,
                     guint    index)
{
  GPtrArray *columns = ((LuminaProfileBuilder *) builder)->columns;

  return ((const LuminaProfileColumn *) g_ptr_array_index (columns, index))->name;
}

static LuminaColumnType
builder_column_type (gpointer builder,
                     guint    index)
{
  GPtrArray *columns = ((LuminaProfileBuilder *) builder)->columns;

  return ((const LuminaProfileColumn *) g_ptr_array_index (columns, index))->type;
}

static void
builder_prepare_target (LuminaProfileBuilder *self,
                        const LuminaColumn   *column,
                        LuminaProfileTarget  *target)
{
  LuminaProfileScratch *scratch = &self->scratch;

  memset (target, 0, sizeof *target);
  target->numeric = lumina_profile_type_is_measure (column->type);
  if (target->numeric)
    {
      const double *values = _lumina_profile_column_doubles (column, scratch->target_values);

      /* Pairs skip infinities as they skip missing rows. */
      for (gsize i = 0; i < column->n_rows; i++)
        scratch->target_values[i] = isinf (values[i]) ? NAN : values[i];
      target->values = scratch->target_values;
      _lumina_chunk_moments (target->values, column->n_rows, &target->moments);
      return;
    }

  _lumina_profile_column_codes (column, scratch->target_codes);
  target->codes = scratch->target_codes;
  target->dict = column->type == LUMINA_COLUMN_TYPE_BOOLEAN
    ? _lumina_profile_boolean_dict () : (const char * const *) column->dict;
  target->n_dict = column->type == LUMINA_COLUMN_TYPE_BOOLEAN ? 2 : column->n_dict;
}

static void
builder_add_correlation (LuminaProfileBuilder      *self,
                         LuminaProfileColumn       *column,
                         const LuminaColumn        *source,
                         const double              *values,
                         const LuminaChunkMoments  *moments,
                         const LuminaProfileTarget *target)
{
  LuminaProfileScratch *scratch = &self->scratch;
  LuminaCorrelation *correlation = column->correlation;
  gboolean boolean = source->type == LUMINA_COLUMN_TYPE_BOOLEAN;
  const char * const *dict = (const char * const *) source->dict;
  guint32 n_dict = boolean ? 2 : source->n_dict;
  gsize n = source->n_rows;

  if (boolean)
    dict = _lumina_profile_boolean_dict ();

  switch (correlation->kind)
    {
    case LUMINA_CORRELATION_PEARSON:
      _lumina_correlation_add_pearson (correlation, values, moments,
                                       target->values, &target->moments, n, scratch);
      break;

    case LUMINA_CORRELATION_ETA_BY_TARGET:
      _lumina_correlation_add_eta (correlation, values, target->codes,
                                   target->dict, target->n_dict, n, scratch);
      break;

    case LUMINA_CORRELATION_ETA_BY_FEATURE:
      _lumina_correlation_add_eta (correlation, target->values, scratch->codes,
                                   dict, n_dict, n, scratch);
      break;

    case LUMINA_CORRELATION_CRAMERS_V:
      if (boolean)
        _lumina_profile_column_codes (source, scratch->codes);
      _lumina_correlation_add_table (correlation, scratch->codes, dict, n_dict, target, n, scratch);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
builder_add_column (LuminaProfileBuilder      *self,
                    LuminaProfileColumn       *column,
                    const LuminaColumn        *source,
                    const LuminaProfileTarget *target)
{
  LuminaProfileScratch *scratch = &self->scratch;
  LuminaChunkMoments moments = { 0 };
  const double *values = NULL;

  if (column->numeric != NULL)
    {
      values = _lumina_profile_column_doubles (source, scratch->values);
      column->missing += _lumina_numeric_stats_add (column->numeric, values, source->n_rows,
                                                    scratch, &moments);
    }
  else
    {
      column->missing += _lumina_profile_column_codes (source, scratch->codes);
      _lumina_string_stats_add (column->strings, source, scratch->codes, scratch);
    }

  if (column->correlation != NULL && !column->correlation->overflow)
    builder_add_correlation (self, column, source, values, &moments, target);
}

/**
 * lumina_profile_builder_add_frame:
 * @chunk: rows to add; every chunk has the same columns (names and types) in
 *   the same order, while dictionaries may differ from chunk to chunk
 *
 * Adds @chunk's rows to the profile.  Call from the builder's thread.
 */
void
lumina_profile_builder_add_frame (LuminaProfileBuilder *self,
                                  LuminaFrame          *chunk)
{
  LuminaProfileTarget target = { 0 };
  gsize n_rows;
  guint n_columns;

  g_return_if_fail (self != NULL);
  g_return_if_fail (LUMINA_IS_FRAME (chunk));

  n_rows = lumina_frame_get_n_rows (chunk);
  n_columns = lumina_frame_get_n_columns (chunk);
  if (!builder_ensure_layout (self, n_columns, frame_column_name, frame_column_type, chunk))
    {
      g_critical ("Profile chunk does not have the columns of the first chunk");
      return;
    }

  self->n_rows += n_rows;
  _lumina_profile_scratch_reserve (&self->scratch, n_rows);
  if (self->target >= 0 && (guint) self->target < n_columns)
    builder_prepare_target (self, lumina_frame_get_column (chunk, self->target), &target);

  for (guint i = 0; i < n_columns; i++)
    builder_add_column (self, g_ptr_array_index (self->columns, i),
                        lumina_frame_get_column (chunk, i), &target);
}

/**
 * lumina_profile_builder_merge:
 * @other: a builder with the same target that saw other chunks of the same
 *   columns; it is left unchanged
 *
 * Adds everything @other accumulated to @self.
 */
void
lumina_profile_builder_merge (LuminaProfileBuilder *self,
                              LuminaProfileBuilder *other)
{
  g_return_if_fail (self != NULL && other != NULL);
  g_return_if_fail (self->target == other->target);

  if (other->columns->len == 0)
    return;
  if (!builder_ensure_layout (self, other->columns->len,
                              builder_column_name, builder_column_type, other))
    {
      g_critical ("Profile builders to merge do not have the same columns");
      return;
    }

  self->n_rows += other->n_rows;
  for (guint i = 0; i < self->columns->len; i++)
    {
      LuminaProfileColumn *column = g_ptr_array_index (self->columns, i);
      const LuminaProfileColumn *from = g_ptr_array_index (other->columns, i);

      column->missing += from->missing;
      if (column->numeric != NULL)
        _lumina_numeric_stats_merge (column->numeric, from->numeric);
      else
        _lumina_string_stats_merge (column->strings, from->strings);
      if (column->correlation != NULL)
        _lumina_correlation_merge (column->correlation, from->correlation);
    }
}

static void
column_to_json (LuminaProfileColumn *column,
                guint64              n_rows,
                JsonBuilder         *builder)
{
  guint64 distinct;
  gboolean exact;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, column->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, lumina_column_type_to_string (column->type));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, (gint64) (n_rows - column->missing));
  json_builder_set_member_name (builder, "missing");
  json_builder_add_int_value (builder, (gint64) column->missing);
  _lumina_profile_add_double (builder, "missing_fraction",
                              n_rows > 0 ? (double) column->missing / (double) n_rows : 0.0);

  if (column->numeric != NULL)
    distinct = _lumina_numeric_stats_distinct (column->numeric, &exact);
  else
    {
      distinct = lumina_top_k_distinct (column->strings->top);
      exact = lumina_top_k_is_exact (column->strings->top);
    }
  json_builder_set_member_name (builder, "distinct");
  json_builder_add_int_value (builder, (gint64) distinct);
  json_builder_set_member_name (builder, "distinct_exact");
  json_builder_add_boolean_value (builder, exact);

  if (column->numeric != NULL)
    _lumina_numeric_stats_to_json (column->numeric, column->type, builder);
  else
    _lumina_string_stats_to_json (column->strings, column->type, builder);
  if (column->correlation != NULL)
    _lumina_correlation_to_json (column->correlation, builder);
  json_builder_end_object (builder);
}

/**
 * lumina_profile_builder_finish:
 *
 * Returns: (transfer full): the profile as `{"rows": N, "columns": [...]}`;
 *   it never holds a NaN or an infinity.  The builder stays usable.
 */
JsonNode *
lumina_profile_builder_finish (LuminaProfileBuilder *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) self->n_rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->columns->len; i++)
    column_to_json (g_ptr_array_index (self->columns, i), self->n_rows, builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- a file read in chunks ------------------------------------------------- */

/**
 * _lumina_profile_builder_get_type:
 *
 * Returns: column @index's type, or -1 before the first chunk
 */
int
_lumina_profile_builder_get_type (LuminaProfileBuilder *self,
                                  guint                 index)
{
  if (index >= self->columns->len)
    return -1;
  return ((LuminaProfileColumn *) g_ptr_array_index (self->columns, index))->type;
}

/**
 * _lumina_profile_builder_retype:
 *
 * Changes column @index's type between chunks: integer and float into each
 * other, or categorical and text (the accumulators are the same), or
 * anything at all while the column has had no value, when its accumulators
 * start over and keep only the missing count.
 */
void
_lumina_profile_builder_retype (LuminaProfileBuilder *self,
                                guint                 index,
                                LuminaColumnType      type)
{
  LuminaProfileColumn *column = g_ptr_array_index (self->columns, index);
  gboolean with_target = self->target >= 0 && (guint) self->target < self->columns->len &&
                         (int) index != self->target;
  LuminaProfileColumn *fresh;

  if (column->type == type)
    return;

  if (self->n_rows > column->missing)
    {
      g_return_if_fail ((lumina_profile_type_is_measure (type) && type != LUMINA_COLUMN_TYPE_TIMESTAMP &&
                         lumina_profile_type_is_measure (column->type) &&
                         column->type != LUMINA_COLUMN_TYPE_TIMESTAMP) ||
                        ((type == LUMINA_COLUMN_TYPE_CATEGORICAL || type == LUMINA_COLUMN_TYPE_TEXT) &&
                         column->strings != NULL));
      column->type = type;
      return;
    }

  fresh = profile_column_new (column->name, type, with_target,
                              with_target ? _lumina_profile_builder_get_type (self, self->target) : 0);
  fresh->missing = column->missing;
  g_ptr_array_index (self->columns, index) = fresh;
  profile_column_free (column);
}

/**
 * _lumina_profile_builder_settle_strings:
 * @keep: (nullable): per column, whether its type was given and stays
 *
 * Once every chunk is in: each string column becomes categorical or text
 * by its distinct values over all chunks, as the CSV reader decides it for
 * a whole file.
 */
void
_lumina_profile_builder_settle_strings (LuminaProfileBuilder *self,
                                        const gboolean       *keep)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      LuminaProfileColumn *column = g_ptr_array_index (self->columns, i);

      if (column->strings == NULL || (keep != NULL && keep[i]))
        continue;
      column->type = lumina_csv_string_type (lumina_top_k_distinct (column->strings->top),
                                             self->n_rows - column->missing);
    }
}

/* ---- one frame, several threads ------------------------------------------ */

struct _LuminaProfileShare
{
  LuminaFrame          *frame;
  LuminaProfileBuilder *result;   /* its columns are filled in place */
  gint                  next;     /* atomic: the next column to take */
};

/**
 * lumina_profile_share_new:
 * @target_column: index of the target column, or -1 for none
 *
 * Starts a profile of @frame whose columns any number of threads fill in,
 * each calling lumina_profile_share_work().  The result is the profile
 * lumina_profile_frame() makes, whichever thread takes which column.
 *
 * Returns: (transfer full): the shared profile
 */
LuminaProfileShare *
lumina_profile_share_new (LuminaFrame *frame,
                          int          target_column)
{
  LuminaProfileShare *self = g_new0 (LuminaProfileShare, 1);

  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  self->frame = g_object_ref (frame);
  self->result = lumina_profile_builder_new (target_column);
  builder_ensure_layout (self->result, lumina_frame_get_n_columns (frame),
                         frame_column_name, frame_column_type, frame);
  self->result->n_rows = lumina_frame_get_n_rows (frame);
  return self;
}

/**
 * lumina_profile_share_work:
 * Profiles columns of the shared frame until none is left.  Call from any
 * number of threads at once.
 */
void
lumina_profile_share_work (LuminaProfileShare *self)
{
  g_autoptr(LuminaProfileBuilder) local = NULL;
  LuminaProfileBuilder *result = self->result;
  LuminaProfileTarget target = { 0 };
  guint n_columns = result->columns->len, c;

  while ((c = (guint) g_atomic_int_add (&self->next, 1)) < n_columns)
    {
      if (local == NULL)
        {
          local = lumina_profile_builder_new (result->target);
          _lumina_profile_scratch_reserve (&local->scratch, result->n_rows);
          if (result->target >= 0 && (guint) result->target < n_columns)
            builder_prepare_target (local, lumina_frame_get_column (self->frame, result->target), &target);
        }
      builder_add_column (local, g_ptr_array_index (result->columns, c),
                          lumina_frame_get_column (self->frame, c), &target);
    }
}

/**
 * lumina_profile_share_finish:
 * Frees @self once every thread's lumina_profile_share_work() has returned,
 * profiling whatever is left first.
 *
 * Returns: (transfer full): the profile, as lumina_profile_builder_finish()
 */
JsonNode *
lumina_profile_share_finish (LuminaProfileShare *self)
{
  JsonNode *profile;

  lumina_profile_share_work (self);
  profile = lumina_profile_builder_finish (self->result);
  lumina_profile_builder_free (self->result);
  g_object_unref (self->frame);
  g_free (self);
  return profile;
}

/**
 * lumina_profile_frame:
 * @target_column: index of the target column, or -1 for none
 *
 * Profiles a whole frame at once.
 *
 * Returns: (transfer full): the profile, as lumina_profile_builder_finish()
 */
JsonNode *
lumina_profile_frame (LuminaFrame *frame,
                      int          target_column)
{
  g_autoptr(LuminaProfileBuilder) builder = lumina_profile_builder_new (target_column);

  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  lumina_profile_builder_add_frame (builder, frame);
  return lumina_profile_builder_finish (builder);
}

void
_lumina_profile_scratch_reserve (LuminaProfileScratch *scratch,
                                 gsize                 n_rows)
{
  if (n_rows <= scratch->rows_alloc && scratch->values != NULL)
    return;

  scratch->rows_alloc = MAX (n_rows, 1024);
  scratch->values = g_renew (double, scratch->values, scratch->rows_alloc);
  scratch->finite = g_renew (double, scratch->finite, scratch->rows_alloc);
  scratch->pair_x = g_renew (double, scratch->pair_x, scratch->rows_alloc);
  scratch->pair_y = g_renew (double, scratch->pair_y, scratch->rows_alloc);
  scratch->codes = g_renew (guint32, scratch->codes, scratch->rows_alloc);
  scratch->target_values = g_renew (double, scratch->target_values, scratch->rows_alloc);
  scratch->target_codes = g_renew (guint32, scratch->target_codes, scratch->rows_alloc);
}

void
_lumina_profile_scratch_dict (LuminaProfileScratch *scratch,
                              guint32               n_dict,
                              guint32               n_target_dict)
{
  if (scratch->group_n == NULL)
    {
      scratch->group_n = g_new (double, LUMINA_PROFILE_MAX_CATEGORIES + 1);
      scratch->group_sum = g_new (double, LUMINA_PROFILE_MAX_CATEGORIES + 1);
      scratch->group_m2 = g_new (double, LUMINA_PROFILE_MAX_CATEGORIES + 1);
    }
  if (n_dict > scratch->dict_alloc || scratch->tally == NULL)
    {
      scratch->dict_alloc = MAX (n_dict, 64);
      scratch->tally = g_renew (guint64, scratch->tally, scratch->dict_alloc);
      scratch->map = g_renew (gint32, scratch->map, scratch->dict_alloc);
    }
  if (n_target_dict > scratch->target_dict_alloc || scratch->target_map == NULL)
    {
      scratch->target_dict_alloc = MAX (n_target_dict, 64);
      scratch->target_map = g_renew (gint32, scratch->target_map, scratch->target_dict_alloc);
    }
}

/* Chan et al.'s pairwise update: merges (n, mean, m2) of another part. */
void
_lumina_moments_merge (LuminaMoments *self,
                       guint64        n,
                       double         mean,
                       double         m2)
{
  double total, delta;

  if (n == 0)
    return;

  total = (double) (self->n + n);
  delta = mean - self->mean;
  self->m2 += m2 + delta * delta * (double) self->n * (double) n / total;
  self->mean += delta * (double) n / total;
  self->n += n;
}

/* JSON has no NaN or infinity: a non-finite value leaves the member out. */
void
_lumina_profile_add_double (JsonBuilder *builder,
                            const char  *name,
                            double       value)
{
  if (!isfinite (value))
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}
