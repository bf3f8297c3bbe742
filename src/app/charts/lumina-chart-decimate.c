/* lumina-chart-decimate.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-pixel-column decimation.  For a series whose x never decreases, each
 * pixel column keeps its first, lowest, highest and last points in their
 * original order, so a polyline through the result draws the same pixels as
 * one through all the points; a million points cost about four per column.
 */
#define G_LOG_DOMAIN "lumina-chart-decimate"

#include "config.h"

#include <math.h>

#include "lumina-chart-private.h"

typedef struct
{
  gssize first;
  gssize last;
  gssize lo;
  gssize hi;
} Column;

static void
emit (const double *x,
      const double *y,
      gssize        index,
      GArray       *out_x,
      GArray       *out_y)
{
  g_array_append_val (out_x, x[index]);
  g_array_append_val (out_y, y[index]);
}

static void
flush_column (const double *x,
              const double *y,
              Column       *column,
              GArray       *out_x,
              GArray       *out_y)
{
  gssize picks[4];
  guint n = 0;

  if (column->first < 0)
    return;

  picks[n++] = column->first;
  picks[n++] = MIN (column->lo, column->hi);
  picks[n++] = MAX (column->lo, column->hi);
  picks[n++] = column->last;

  for (guint i = 0; i < n; i++)
    if (i == 0 || picks[i] != picks[i - 1])
      emit (x, y, picks[i], out_x, out_y);

  column->first = -1;
}

static void
emit_gap (GArray *out_x,
          GArray *out_y,
          double  x)
{
  double nan = NAN;

  if (out_y->len > 0 && isnan (g_array_index (out_y, double, out_y->len - 1)))
    return;

  g_array_append_val (out_x, x);
  g_array_append_val (out_y, nan);
}

/* Appends the decimated points of (@x, @y) for the range [@x_min, @x_max]
 * split into @n_columns columns.  One point on each side of the range is kept
 * so lines leave the plot at the right angle.  A NaN in @y becomes one NaN
 * point (a gap). */
/* The first index whose x is >= @value in a sorted array (@n if none). */
static gsize
lower_bound (const double *x,
             gsize         n,
             double        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (x[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
_lumina_chart_decimate (const double *x,
                        const double *y,
                        gsize         n_points,
                        double        x_min,
                        double        x_max,
                        guint         n_columns,
                        GArray       *out_x,
                        GArray       *out_y)
{
  Column column = { -1, -1, -1, -1 };
  gssize current = G_MINSSIZE;
  gssize before = -1;
  gsize start;
  double scale;

  g_return_if_fail (n_columns > 0);

  if (n_points == 0 || !(x_max > x_min))
    return;

  scale = n_columns / (x_max - x_min);
  /* x is sorted: skip to the point just before the visible range. */
  start = lower_bound (x, n_points, x_min);
  start = start > 0 ? start - 1 : 0;
  for (gsize i = start; i < n_points; i++)
    {
      gssize index;

      if (isnan (y[i]) || isnan (x[i]))
        {
          flush_column (x, y, &column, out_x, out_y);
          before = -1;
          emit_gap (out_x, out_y, x[i]);
          continue;
        }

      if (x[i] < x_min)
        {
          before = (gssize) i;
          continue;
        }

      if (before >= 0)
        {
          emit (x, y, before, out_x, out_y);
          before = -1;
        }

      if (x[i] > x_max)
        {
          flush_column (x, y, &column, out_x, out_y);
          emit (x, y, (gssize) i, out_x, out_y);
          return;
        }

      index = MIN ((gssize) ((x[i] - x_min) * scale), (gssize) n_columns - 1);
      if (index != current)
        {
          flush_column (x, y, &column, out_x, out_y);
          current = index;
        }

      if (column.first < 0)
        column.first = column.lo = column.hi = (gssize) i;
      if (y[i] < y[column.lo])
        column.lo = (gssize) i;
      if (y[i] > y[column.hi])
        column.hi = (gssize) i;
      column.last = (gssize) i;
    }

  flush_column (x, y, &column, out_x, out_y);
  if (before >= 0)
    emit (x, y, before, out_x, out_y);
}

/* ---- extents of sorted series ------------------------------------------ */

#define BLOCK_SIZE 512

static void
scan (const double *y,
      gsize         from,
      gsize         to,
      double       *min,
      double       *max)
{
  for (gsize i = from; i < to; i++)
    if (isfinite (y[i]))
      {
        *min = MIN (*min, y[i]);
        *max = MAX (*max, y[i]);
      }
}

static void
ensure_blocks (LuminaChartSeries *series)
{
  const double *y = (const double *) (gpointer) series->y->data;
  gsize n_blocks = (series->y->len + BLOCK_SIZE - 1) / BLOCK_SIZE;

  if (series->block_min != NULL && series->blocks_revision == series->revision + 1)
    return;

  if (series->block_min == NULL)
    {
      series->block_min = g_array_new (FALSE, FALSE, sizeof (double));
      series->block_max = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_array_set_size (series->block_min, n_blocks);
  g_array_set_size (series->block_max, n_blocks);
  for (gsize b = 0; b < n_blocks; b++)
    {
      double min = INFINITY, max = -INFINITY;

      scan (y, b * BLOCK_SIZE, MIN ((b + 1) * BLOCK_SIZE, series->y->len), &min, &max);
      g_array_index (series->block_min, double, b) = min;
      g_array_index (series->block_max, double, b) = max;
    }
  series->blocks_revision = series->revision + 1;
}

/**
 * _lumina_chart_series_y_extent:
 *
 * The smallest and largest finite y of a sorted series' points with x in
 * [@x_lo, @x_hi], widened into @min and @max: whole blocks come from their
 * summaries, so a million points cost a few thousand comparisons.
 *
 * Returns: FALSE if the series is not sorted (the caller scans it)
 */
gboolean
_lumina_chart_series_y_extent (LuminaChartSeries *series,
                               double             x_lo,
                               double             x_hi,
                               double            *min,
                               double            *max)
{
  const double *y = (const double *) (gpointer) series->y->data;
  gsize first, last, first_block, last_block;

  if (!series->sorted)
    return FALSE;

  first = lower_bound ((const double *) (gpointer) series->x->data, series->x->len, x_lo);
  last = isinf (x_hi) && x_hi > 0 ? series->x->len
         : lower_bound ((const double *) (gpointer) series->x->data, series->x->len, nextafter (x_hi, INFINITY));
  if (first >= last)
    return TRUE;

  ensure_blocks (series);
  first_block = (first + BLOCK_SIZE - 1) / BLOCK_SIZE;
  last_block = last / BLOCK_SIZE;
  if (first_block >= last_block)
    {
      scan (y, first, last, min, max);
      return TRUE;
    }
  scan (y, first, first_block * BLOCK_SIZE, min, max);
  for (gsize b = first_block; b < last_block; b++)
    {
      *min = MIN (*min, g_array_index (series->block_min, double, b));
      *max = MAX (*max, g_array_index (series->block_max, double, b));
    }
  scan (y, last_block * BLOCK_SIZE, last, min, max);
  return TRUE;
}
