/* lumina-profile-groups.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grouped associations: the correlation ratio η (moments of a numeric
 * side per category of the other) and Cramér's V (a contingency table).
 * Categories are kept by name, since codes differ from chunk to chunk, and
 * bounded: past LUMINA_PROFILE_MAX_CATEGORIES on a side the association is
 * dropped, so memory stays bounded too.  Within a chunk, codes are mapped
 * to category indices once per dictionary entry, lazily.
 */
#define G_LOG_DOMAIN "lumina-profile-groups"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-profile-private.h"

LuminaCategories *
_lumina_categories_new (void)
{
  LuminaCategories *self = g_new0 (LuminaCategories, 1);

  self->lookup = g_hash_table_new (g_str_hash, g_str_equal);
  self->names = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
_lumina_categories_free (LuminaCategories *self)
{
  g_hash_table_unref (self->lookup);
  g_ptr_array_unref (self->names);
  g_free (self);
}

/* Returns: the index of @name, added when new; -1 when the set is full */
static gint32
categories_index (LuminaCategories *self,
                  const char       *name)
{
  gpointer found = g_hash_table_lookup (self->lookup, name);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;
  if (self->names->len >= LUMINA_PROFILE_MAX_CATEGORIES)
    return -1;

  copy = g_strdup (name);
  g_ptr_array_add (self->names, copy);
  g_hash_table_insert (self->lookup, copy, GINT_TO_POINTER (self->names->len));
  return (gint32) self->names->len - 1;
}

/* @map holds index + 1 per chunk code, 0 until looked up. */
static inline gint32
map_code (LuminaCategories   *categories,
          gint32             *map,
          const char * const *dict,
          guint32             code)
{
  if (map[code] == 0)
    map[code] = categories_index (categories, dict[code]) + 1;
  return map[code] - 1;
}

static void
merge_chunk_groups (LuminaCorrelation          *self,
                    const LuminaProfileScratch *scratch)
{
  for (guint g = 0; g < self->groups->names->len; g++)
    {
      if (g >= self->group_moments->len)
        g_array_set_size (self->group_moments, g + 1);
      if (scratch->group_n[g] > 0)
        _lumina_moments_merge (&g_array_index (self->group_moments, LuminaMoments, g),
                               (guint64) scratch->group_n[g], scratch->group_sum[g],
                               scratch->group_m2[g]);
    }
}

/**
 * _lumina_correlation_add_eta:
 * @values: the numeric side, NAN where missing
 * @codes: the categorical side, %LUMINA_PROFILE_NO_CODE where missing
 *
 * Two passes over the chunk (group means, then squared deviations from
 * them), then Chan's merge into each group's running moments.
 */
void
_lumina_correlation_add_eta (LuminaCorrelation    *self,
                             const double         *values,
                             const guint32        *codes,
                             const char * const   *dict,
                             guint32               n_dict,
                             gsize                 n_rows,
                             LuminaProfileScratch *scratch)
{
  gsize bytes = (LUMINA_PROFILE_MAX_CATEGORIES + 1) * sizeof (double);
  double *n = NULL, *sum, *m2;

  _lumina_profile_scratch_dict (scratch, n_dict, 0);
  n = scratch->group_n, sum = scratch->group_sum, m2 = scratch->group_m2;
  memset (scratch->map, 0, n_dict * sizeof (gint32));
  memset (n, 0, bytes), memset (sum, 0, bytes), memset (m2, 0, bytes);

  for (gsize i = 0; i < n_rows; i++)
    {
      gint32 g;

      if (codes[i] == LUMINA_PROFILE_NO_CODE || !isfinite (values[i]))
        continue;
      if ((g = map_code (self->groups, scratch->map, dict, codes[i])) < 0)
        {
          _lumina_correlation_give_up (self);
          return;
        }
      n[g]++;
      sum[g] += values[i];
    }

  for (guint g = 0; g < self->groups->names->len; g++)
    sum[g] = n[g] > 0 ? sum[g] / n[g] : 0;   /* now the chunk's group means */
  for (gsize i = 0; i < n_rows; i++)
    {
      double d;

      if (codes[i] == LUMINA_PROFILE_NO_CODE || !isfinite (values[i]))
        continue;
      d = values[i] - sum[scratch->map[codes[i]] - 1];
      m2[scratch->map[codes[i]] - 1] += d * d;
    }
  merge_chunk_groups (self, scratch);
}

static guint64 *
table_row (LuminaCorrelation *self,
           gint32             row)
{
  while ((guint) row >= self->cells->len)
    g_ptr_array_add (self->cells, g_new0 (guint64, LUMINA_PROFILE_MAX_CATEGORIES));
  return g_ptr_array_index (self->cells, row);
}

/**
 * _lumina_correlation_add_table:
 * @codes: the feature, %LUMINA_PROFILE_NO_CODE where missing
 *
 * Counts the chunk into the contingency table of feature × target.
 */
void
_lumina_correlation_add_table (LuminaCorrelation         *self,
                               const guint32             *codes,
                               const char * const        *dict,
                               guint32                    n_dict,
                               const LuminaProfileTarget *target,
                               gsize                      n_rows,
                               LuminaProfileScratch      *scratch)
{
  _lumina_profile_scratch_dict (scratch, n_dict, target->n_dict);
  memset (scratch->map, 0, n_dict * sizeof (gint32));
  memset (scratch->target_map, 0, target->n_dict * sizeof (gint32));

  for (gsize i = 0; i < n_rows; i++)
    {
      gint32 row, col;

      if (codes[i] == LUMINA_PROFILE_NO_CODE || target->codes[i] == LUMINA_PROFILE_NO_CODE)
        continue;
      row = map_code (self->rows, scratch->map, dict, codes[i]);
      col = map_code (self->cols, scratch->target_map, target->dict, target->codes[i]);
      if (row < 0 || col < 0)
        {
          _lumina_correlation_give_up (self);
          return;
        }
      table_row (self, row)[col]++;
    }
}

void
_lumina_correlation_merge_groups (LuminaCorrelation       *self,
                                  const LuminaCorrelation *other)
{
  for (guint g = 0; g < other->group_moments->len; g++)
    {
      const LuminaMoments *from = &g_array_index (other->group_moments, LuminaMoments, g);
      gint32 to = categories_index (self->groups, g_ptr_array_index (other->groups->names, g));

      if (to < 0)
        {
          _lumina_correlation_give_up (self);
          return;
        }
      if ((guint) to >= self->group_moments->len)
        g_array_set_size (self->group_moments, to + 1);
      _lumina_moments_merge (&g_array_index (self->group_moments, LuminaMoments, to),
                             from->n, from->mean, from->m2);
    }
}

void
_lumina_correlation_merge_table (LuminaCorrelation       *self,
                                 const LuminaCorrelation *other)
{
  for (guint r = 0; r < other->cells->len; r++)
    {
      const guint64 *from = g_ptr_array_index (other->cells, r);
      gint32 row = categories_index (self->rows, g_ptr_array_index (other->rows->names, r));

      for (guint c = 0; c < other->cols->names->len && row >= 0; c++)
        {
          gint32 col;

          if (from[c] == 0)
            continue;
          col = categories_index (self->cols, g_ptr_array_index (other->cols->names, c));
          if (col < 0)
            row = -1;
          else
            table_row (self, row)[col] += from[c];
        }
      if (row < 0)
        {
          _lumina_correlation_give_up (self);
          return;
        }
    }
}

/**
 * _lumina_correlation_eta:
 * η = sqrt (between-group sum of squares / total sum of squares).
 *
 * Returns: %FALSE when undefined: fewer than two groups, or no variance
 */
gboolean
_lumina_correlation_eta (LuminaCorrelation *self,
                         double            *eta)
{
  LuminaMoments total = { 0 };
  double between = 0, within = 0;
  guint n_groups = 0;

  for (guint g = 0; g < self->group_moments->len; g++)
    {
      const LuminaMoments *m = &g_array_index (self->group_moments, LuminaMoments, g);

      _lumina_moments_merge (&total, m->n, m->mean, m->m2);
      n_groups += m->n > 0;
    }
  for (guint g = 0; g < self->group_moments->len; g++)
    {
      const LuminaMoments *m = &g_array_index (self->group_moments, LuminaMoments, g);

      between += (double) m->n * (m->mean - total.mean) * (m->mean - total.mean);
      within += m->m2;
    }
  if (n_groups < 2 || !(between + within > 0))
    return FALSE;

  *eta = CLAMP (sqrt (between / (between + within)), 0.0, 1.0);
  return TRUE;
}

/**
 * _lumina_correlation_cramers_v:
 * V = sqrt (χ² / n / (min (rows, columns) - 1)), with χ² / n computed as
 * Σ O² / (row total × column total) - 1.
 *
 * Returns: %FALSE when undefined: fewer than two categories on a side
 */
gboolean
_lumina_correlation_cramers_v (LuminaCorrelation *self,
                               double            *v)
{
  g_autofree double *col_totals = g_new0 (double, LUMINA_PROFILE_MAX_CATEGORIES);
  g_autofree double *row_totals = g_new0 (double, MAX (self->cells->len, 1));
  guint n_rows = 0, n_cols = 0;
  double phi2 = 0;

  for (guint r = 0; r < self->cells->len; r++)
    for (guint c = 0; c < self->cols->names->len; c++)
      {
        double count = ((const guint64 *) g_ptr_array_index (self->cells, r))[c];

        row_totals[r] += count;
        col_totals[c] += count;
      }
  for (guint r = 0; r < self->cells->len; r++)
    n_rows += row_totals[r] > 0;
  for (guint c = 0; c < self->cols->names->len; c++)
    n_cols += col_totals[c] > 0;
  if (n_rows < 2 || n_cols < 2)
    return FALSE;

  for (guint r = 0; r < self->cells->len; r++)
    for (guint c = 0; c < self->cols->names->len; c++)
      {
        double count = ((const guint64 *) g_ptr_array_index (self->cells, r))[c];

        if (count > 0)
          phi2 += count * count / (row_totals[r] * col_totals[c]);
      }
  *v = CLAMP (sqrt (MAX (phi2 - 1, 0) / (MIN (n_rows, n_cols) - 1)), 0.0, 1.0);
  return TRUE;
}
