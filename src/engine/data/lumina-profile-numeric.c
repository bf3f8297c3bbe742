/* lumina-profile-numeric.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numeric column accumulators.  Per chunk: a tight pass for sum, min, max
 * and zeros, a second for the squared deviations from the chunk's mean, and
 * Chan et al.'s merge into the running moments (numerically stable, and the
 * same merge joins builders).  Finite values are kept while a column has at
 * most LUMINA_PROFILE_EXACT_VALUES of them (exact quantiles at the end);
 * past that they go to a KLL sketch and a distinct counter instead.
 * Infinities are counted and otherwise left out; NaN counts as missing.
 */
#define G_LOG_DOMAIN "lumina-profile-numeric"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-profile-private.h"

typedef struct
{
  double  sum;
  double  min;
  double  max;
  guint64 zeros;
} ChunkSummary;

/**
 * _lumina_profile_column_doubles:
 * @out: room for the column's rows
 *
 * Returns: the column as doubles with NAN for missing rows: the column's own
 *   buffer when it already is one, else @out
 */
const double *
_lumina_profile_column_doubles (const LuminaColumn *column,
                                double             *out)
{
  gsize n = column->n_rows;

  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_FLOAT:
      if (column->validity == NULL)
        return column->f64;
      memcpy (out, column->f64, n * sizeof (double));
      break;

    case LUMINA_COLUMN_TYPE_INTEGER:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      for (gsize i = 0; i < n; i++)
        out[i] = (double) column->i64[i];
      break;

    case LUMINA_COLUMN_TYPE_BOOLEAN:
      for (gsize i = 0; i < n; i++)
        out[i] = column->u8[i];
      break;

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    default:
      g_assert_not_reached ();
    }

  for (gsize word = 0; column->validity != NULL && word * 64 < n; word++)
    {
      guint64 missing = ~column->validity[word];

      if (word * 64 + 64 > n)
        missing &= (G_GUINT64_CONSTANT (1) << (n - word * 64)) - 1;
      for (; missing != 0; missing &= missing - 1)
        out[word * 64 + (gsize) __builtin_ctzll (missing)] = NAN;
    }
  return out;
}

LuminaNumericStats *
_lumina_numeric_stats_new (void)
{
  LuminaNumericStats *self = g_new0 (LuminaNumericStats, 1);

  self->min = INFINITY;
  self->max = -INFINITY;
  return self;
}

void
_lumina_numeric_stats_free (LuminaNumericStats *self)
{
  g_free (self->kept);
  g_clear_pointer (&self->kll, lumina_kll_free);
  g_clear_pointer (&self->distinct, lumina_distinct_free);
  g_clear_pointer (&self->grid, lumina_grid_free);
  g_free (self);
}

/* Four lanes break the add and compare dependency chains.  A NaN or an
 * infinity anywhere makes the sum non-finite, which sends the chunk down
 * the slow path (as does a finite sum that overflows, harmlessly). */
static ChunkSummary
summarise (const double *v,
           gsize         n)
{
  ChunkSummary s = { 0, INFINITY, -INFINITY, 0 };
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  double lo0 = INFINITY, lo1 = INFINITY, hi0 = -INFINITY, hi1 = -INFINITY;
  gsize i = 0;

  for (; i + 4 <= n; i += 4)
    {
      double a = v[i], b = v[i + 1], c = v[i + 2], d = v[i + 3];

      s0 += a, s1 += b, s2 += c, s3 += d;
      lo0 = MIN (lo0, MIN (a, b)), lo1 = MIN (lo1, MIN (c, d));
      hi0 = MAX (hi0, MAX (a, b)), hi1 = MAX (hi1, MAX (c, d));
    }
  for (; i < n; i++)
    {
      s0 += v[i];
      lo0 = MIN (lo0, v[i]);
      hi0 = MAX (hi0, v[i]);
    }
  s.sum = (s0 + s1) + (s2 + s3);
  s.min = MIN (lo0, lo1);
  s.max = MAX (hi0, hi1);

  /* Most columns never reach zero: skip the count when the range shows it. */
  for (i = 0; s.min <= 0 && s.max >= 0 && i < n; i++)
    s.zeros += v[i] == 0;
  return s;
}

static double
squared_deviations (const double *v,
                    gsize         n,
                    double        mean)
{
  double a = 0, b = 0, c = 0, d = 0;
  gsize i = 0;

  for (; i + 4 <= n; i += 4)
    {
      double d0 = v[i] - mean, d1 = v[i + 1] - mean, d2 = v[i + 2] - mean, d3 = v[i + 3] - mean;

      a += d0 * d0, b += d1 * d1, c += d2 * d2, d += d3 * d3;
    }
  for (; i < n; i++)
    a += (v[i] - mean) * (v[i] - mean);
  return (a + b) + (c + d);
}

static double
scaled_mean (const double *v,
             gsize         n)
{
  double mean = 0;

  for (gsize i = 0; i < n; i++)
    mean += v[i] / (double) n;
  return mean;
}

/* The slow path, for chunks with a NaN or an infinity. */
static gsize
gather_finite (LuminaNumericStats *self,
               const double       *values,
               gsize               n,
               double             *out,
               gsize              *missing)
{
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    {
      double x = values[i];

      if (isfinite (x))
        out[m++] = x;
      else if (isnan (x))
        (*missing)++;
      else if (x > 0)
        self->pos_inf++;
      else
        self->neg_inf++;
    }
  return m;
}

/* @min and @max bound @values. */
static void
feed_sketches (LuminaNumericStats *self,
               const double       *values,
               gsize               n,
               double              min,
               double              max)
{
  lumina_kll_update (self->kll, values, n);
  lumina_distinct_add_doubles (self->distinct, values, n);
  lumina_grid_update (self->grid, values, n, min, max);
}

static void
keep_values (LuminaNumericStats *self,
             const double       *values,
             gsize               n)
{
  if (n == 0)
    return;
  if (self->n_kept + n > self->kept_alloc)
    {
      self->kept_alloc = MAX (self->n_kept + n, self->kept_alloc * 2);
      self->kept = g_renew (double, self->kept, self->kept_alloc);
    }
  memcpy (self->kept + self->n_kept, values, n * sizeof (double));
  self->n_kept += n;
}

/* Leaves exact mode: the kept values and @values go to new sketches, which
 * shape themselves for both at once.  self->min and self->max already
 * include @values. */
static void
switch_to_sketches (LuminaNumericStats *self,
                    const double       *values,
                    gsize               n)
{
  self->kll = lumina_kll_new (LUMINA_KLL_DEFAULT_K);
  self->distinct = lumina_distinct_new ();
  self->grid = lumina_grid_new ();
  lumina_kll_expect (self->kll, self->n_kept + n);
  feed_sketches (self, self->kept, self->n_kept, self->min, self->max);
  feed_sketches (self, values, n, self->min, self->max);
  g_clear_pointer (&self->kept, g_free);
  self->n_kept = self->kept_alloc = 0;
}

/* @min and @max bound @values. */
static void
store_values (LuminaNumericStats *self,
              const double       *values,
              gsize               n,
              double              min,
              double              max)
{
  if (self->kll != NULL)
    feed_sketches (self, values, n, min, max);
  else if (self->n_kept + n <= LUMINA_PROFILE_EXACT_VALUES)
    keep_values (self, values, n);
  else
    switch_to_sketches (self, values, n);
}

static void
merge_moments (LuminaNumericStats *self,
               guint64             n,
               double              mean,
               double              m2)
{
  LuminaMoments moments = { self->n, self->mean, self->m2 };

  _lumina_moments_merge (&moments, n, mean, m2);
  self->n = moments.n;
  self->mean = moments.mean;
  self->m2 = moments.m2;
}

/**
 * _lumina_numeric_stats_add:
 * @values: one chunk's column, NAN where missing
 *
 * Returns: how many of @values are missing
 */
gsize
_lumina_numeric_stats_add (LuminaNumericStats   *self,
                           const double         *values,
                           gsize                 n_values,
                           LuminaProfileScratch *scratch,
                           LuminaChunkMoments   *moments)
{
  ChunkSummary s = summarise (values, n_values);
  const double *finite = values;
  gsize n = n_values, missing = 0;
  double mean, m2;

  moments->clean = n_values > 0 && isfinite (s.sum);
  if (!isfinite (s.sum))
    {
      n = gather_finite (self, values, n_values, scratch->finite, &missing);
      finite = scratch->finite;
      s = summarise (finite, n);
    }
  if (n == 0)
    return missing;

  mean = s.sum / (double) n;
  if (!isfinite (mean))   /* the sum overflowed: scale down first */
    mean = scaled_mean (finite, n);
  m2 = squared_deviations (finite, n, mean);
  moments->mean = mean;
  moments->m2 = m2;
  merge_moments (self, n, mean, m2);
  self->min = MIN (self->min, s.min);
  self->max = MAX (self->max, s.max);
  self->zeros += s.zeros;
  store_values (self, finite, n, s.min, s.max);
  return missing;
}

/**
 * _lumina_chunk_moments:
 * Computes @values' mean and squared deviations when all are finite.
 */
void
_lumina_chunk_moments (const double       *values,
                       gsize               n_values,
                       LuminaChunkMoments *moments)
{
  ChunkSummary s = summarise (values, n_values);

  moments->clean = n_values > 0 && isfinite (s.sum);
  if (!moments->clean)
    return;
  moments->mean = s.sum / (double) n_values;
  moments->m2 = squared_deviations (values, n_values, moments->mean);
}

/**
 * _lumina_numeric_stats_merge:
 * Adds @other's values to @self; @other is left unchanged.
 */
void
_lumina_numeric_stats_merge (LuminaNumericStats       *self,
                             const LuminaNumericStats *other)
{
  merge_moments (self, other->n, other->mean, other->m2);
  self->min = MIN (self->min, other->min);
  self->max = MAX (self->max, other->max);
  self->zeros += other->zeros;
  self->pos_inf += other->pos_inf;
  self->neg_inf += other->neg_inf;

  if (other->kll == NULL)
    {
      store_values (self, other->kept, other->n_kept, other->min, other->max);
      return;
    }
  if (self->kll == NULL)
    switch_to_sketches (self, NULL, 0);
  lumina_kll_merge (self->kll, other->kll);
  lumina_distinct_merge (self->distinct, other->distinct);
  lumina_grid_merge (self->grid, other->grid);
}
