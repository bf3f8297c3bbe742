/* lumina-sketch-grid.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mergeable histogram for values whose range is not known in advance:
 * GRID_BINS counters on an absolute grid of width 2^e (bin j covers
 * [j 2^e, (j + 1) 2^e)).  When values fall outside the window it slides, and
 * when the range no longer fits it coarsens by powers of two, adding
 * neighbouring counters.  Because the grid is absolute, two grids always
 * line up: merging is adding.  The data spans at least a quarter of the
 * window (256 fine bins), so re-binning into 20 equal bins splits one fine
 * bin per edge, assumed uniform inside: the error per edge is at most that
 * bin's count, small for smooth distributions, and none when the edges fall
 * on the grid (one bin per integer).
 */
#define G_LOG_DOMAIN "lumina-sketch-grid"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-sketch.h"

#define GRID_BINS      1024
#define GRID_MIN_EXP   (-1074)
#define GRID_MAX_INDEX 4611686018427387904.0   /* 2^62: indices stay far from overflow */

struct _LuminaGrid
{
  gboolean  empty;
  int       exponent;
  gint64    origin;              /* the absolute index of counts[0] */
  guint64   total;
  guint64   counts[GRID_BINS];
};

LuminaGrid *
lumina_grid_new (void)
{
  LuminaGrid *self = g_new0 (LuminaGrid, 1);

  self->empty = TRUE;
  return self;
}

void
lumina_grid_free (LuminaGrid *self)
{
  g_free (self);
}

static inline gint64
shift_floor (gint64 index,
             int    bits)
{
  if (bits >= 63)
    return index < 0 ? -1 : 0;
  return index >> bits;   /* arithmetic: rounds toward minus infinity */
}

/* The finest exponent at which @value's index stays below 2^62. */
static int
magnitude_exponent (double value)
{
  int exponent;

  frexp (fabs (value), &exponent);
  return value == 0 ? GRID_MIN_EXP : MAX (exponent - 62, GRID_MIN_EXP);
}

static gint64
grid_index (double value,
            int    exponent)
{
  return (gint64) floor (ldexp (value, -exponent));
}

/* Re-bins to exponent + @bits with counts[0] at absolute index @origin. */
static void
grid_regrid (LuminaGrid *self,
             int         bits,
             gint64      origin)
{
  guint64 counts[GRID_BINS] = { 0 };

  for (guint i = 0; i < GRID_BINS; i++)
    if (self->counts[i] != 0)
      counts[shift_floor (self->origin + i, bits) - origin] += self->counts[i];
  memcpy (self->counts, counts, sizeof counts);
  self->exponent += bits;
  self->origin = origin;
}

static void
grid_used (const LuminaGrid *self,
           gint64           *first,
           gint64           *last)
{
  guint lo = 0, hi = GRID_BINS - 1;

  while (lo < hi && self->counts[lo] == 0)
    lo++;
  while (hi > lo && self->counts[hi] == 0)
    hi--;
  *first = self->origin + lo;
  *last = self->origin + hi;
}

/* Makes the window hold absolute indices [@lo, @hi] as well as the data. */
static void
grid_fit (LuminaGrid *self,
          gint64      lo,
          gint64      hi,
          int         min_bits)
{
  gint64 first, last;
  int bits = min_bits;

  grid_used (self, &first, &last);
  if (self->total > 0)
    lo = MIN (lo, first), hi = MAX (hi, last);
  while (shift_floor (hi, bits) - shift_floor (lo, bits) >= GRID_BINS)
    bits++;
  if (bits == 0 && lo >= self->origin && hi < self->origin + GRID_BINS)
    return;
  grid_regrid (self, bits, shift_floor (lo, bits));
}

/* The first window: the range covers 256 to 511 bins, so the data may
 * spread to twice its range before the grid coarsens. */
static void
grid_start (LuminaGrid *self,
            double      min,
            double      max)
{
  int exponent;
  double span = max / 2 - min / 2;   /* no overflow, unlike max - min */

  frexp (span, &exponent);
  /* span is in [2^(e-1), 2^e): 256 to 511 bins of 2^(e-9) */
  exponent = span > 0 ? exponent - 9 : GRID_MIN_EXP;
  exponent = MAX (exponent, MAX (magnitude_exponent (min), magnitude_exponent (max)));
  while (grid_index (max, exponent) - grid_index (min, exponent) >= GRID_BINS / 2)
    exponent++;

  self->empty = FALSE;
  self->exponent = exponent;
  self->origin = grid_index (min, exponent);
}

static void
grid_cover (LuminaGrid *self,
            double      min,
            double      max)
{
  int needed = MAX (magnitude_exponent (min), magnitude_exponent (max));

  if (self->empty)
    {
      grid_start (self, min, max);
      return;
    }
  if (needed > self->exponent)
    grid_fit (self, self->origin, self->origin, needed - self->exponent);
  grid_fit (self, grid_index (min, self->exponent), grid_index (max, self->exponent), 0);
}

/**
 * lumina_grid_update:
 * @min: the smallest of @values
 * @max: the largest of @values
 *
 * Counts @n_values finite values.
 */
void
lumina_grid_update (LuminaGrid   *self,
                    const double *values,
                    gsize         n_values,
                    double        min,
                    double        max)
{
  double scale, base;

  g_return_if_fail (self != NULL);

  if (n_values == 0)
    return;

  grid_cover (self, min, max);
  scale = ldexp (1.0, -self->exponent);
  base = (double) self->origin;
  for (gsize i = 0; i < n_values; i++)
    {
      /* Rounding may put a value a hair outside the window: clamp. */
      gint64 bin = (gint64) MAX (values[i] * scale - base, 0.0);

      self->counts[MIN (bin, GRID_BINS - 1)]++;
    }
  self->total += n_values;
}

/**
 * lumina_grid_merge:
 * Adds @other's counts; @other is left unchanged.
 */
void
lumina_grid_merge (LuminaGrid       *self,
                   const LuminaGrid *other)
{
  gint64 first, last;
  int bits;

  g_return_if_fail (self != NULL && other != NULL);

  if (other->total == 0)
    return;
  if (self->empty)
    {
      memcpy (self, other, sizeof *self);
      return;
    }

  if (other->exponent > self->exponent)
    grid_fit (self, self->origin, self->origin, other->exponent - self->exponent);
  bits = self->exponent - other->exponent;
  grid_used (other, &first, &last);
  grid_fit (self, shift_floor (first, bits), shift_floor (last, bits), 0);

  bits = self->exponent - other->exponent;
  for (guint i = 0; i < GRID_BINS; i++)
    if (other->counts[i] != 0)
      self->counts[shift_floor (other->origin + i, bits) - self->origin] += other->counts[i];
  self->total += other->total;
}

/**
 * lumina_grid_count_below:
 * Returns: the estimated number of values less than @value
 */
double
lumina_grid_count_below (const LuminaGrid *self,
                         double            value)
{
  double t, below = 0;
  gsize bin;

  g_return_val_if_fail (self != NULL, 0);

  if (self->total == 0)
    return 0;
  t = ldexp (value, -self->exponent) - (double) self->origin;
  if (!(t > 0))
    return 0;
  if (t >= GRID_BINS)
    return (double) self->total;

  bin = (gsize) t;
  for (gsize i = 0; i < bin; i++)
    below += (double) self->counts[i];
  return below + (t - (double) bin) * (double) self->counts[bin];
}
