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
  double scale;

  g_return_if_fail (n_columns > 0);

  if (n_points == 0 || !(x_max > x_min))
    return;

  scale = n_columns / (x_max - x_min);
  for (gsize i = 0; i < n_points; i++)
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
