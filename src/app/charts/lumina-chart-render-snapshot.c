/* lumina-chart-render-snapshot.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data layer without OpenGL: decimated series stroked with cairo inside
 * a GtkSnapshot (GTK 4.8 has no GskPath).  Also used for export.
 */
#define G_LOG_DOMAIN "lumina-chart-render-snapshot"

#include "config.h"

#include <math.h>

#include "lumina-chart-private.h"

/* The points of @series worth drawing at a plot @width pixels wide. */
void
_lumina_chart_series_points (LuminaChart       *self,
                             LuminaChartSeries *series,
                             float              width,
                             GArray            *out_x,
                             GArray            *out_y)
{
  const double *x = (const double *) (gpointer) series->x->data;
  const double *y = (const double *) (gpointer) series->y->data;

  if (series->sorted && self->x_range.scale != LUMINA_CHART_SCALE_LOG
      && series->style != LUMINA_CHART_STYLE_SCATTER)
    {
      _lumina_chart_decimate (x, y, series->x->len, self->x_range.min, self->x_range.max,
                              (guint) MAX (1, ceilf (width)), out_x, out_y);
      return;
    }

  g_array_append_vals (out_x, x, series->x->len);
  g_array_append_vals (out_y, y, series->y->len);
}

/* Whether point @i has no drawable neighbour: a line through it would be
 * no line at all (a series of one point, or one between gaps), so it is
 * drawn as a dot instead. */
gboolean
_lumina_chart_point_alone (GArray *xs,
                           GArray *ys,
                           guint   i)
{
  for (int d = -1; d <= 1; d += 2)
    {
      gint64 j = (gint64) i + d;

      if (j >= 0 && j < xs->len && isfinite (g_array_index (xs, double, j)) &&
          isfinite (g_array_index (ys, double, j)))
        return FALSE;
    }
  return TRUE;
}

static void
trace (LuminaChart      *self,
       cairo_t          *cr,
       LuminaChartStyle  style,
       GArray           *xs,
       GArray           *ys,
       double            baseline)
{
  const graphene_rect_t *plot = &self->plot;
  gboolean open = FALSE;
  double first_x = 0, last_x = 0, last_y = 0;

  for (guint i = 0; i <= xs->len; i++)
    {
      double x = i < xs->len ? plot->origin.x + _lumina_chart_map (&self->x_range, g_array_index (xs, double, i)) * plot->size.width : 0;
      double yv = i < ys->len ? g_array_index (ys, double, i) : NAN;
      double y = plot->origin.y + plot->size.height - _lumina_chart_map (&self->y_range, yv) * plot->size.height;

      if (i == xs->len || !isfinite (y) || !isfinite (x))
        {
          if (open && style == LUMINA_CHART_STYLE_AREA)
            {
              cairo_line_to (cr, last_x, baseline);
              cairo_line_to (cr, first_x, baseline);
              cairo_close_path (cr);
            }
          open = FALSE;
          continue;
        }

      if (!open)
        {
          cairo_move_to (cr, x, y);
          first_x = x;
          if (style == LUMINA_CHART_STYLE_AREA)
            cairo_line_to (cr, x, y);
        }
      else if (style == LUMINA_CHART_STYLE_STEP)
        {
          cairo_line_to (cr, x, last_y);
          cairo_line_to (cr, x, y);
        }
      else
        cairo_line_to (cr, x, y);

      open = TRUE;
      last_x = x;
      last_y = y;
    }
}

/* Dots at the points (every one, or only those alone when @alone). */
static void
draw_dots (LuminaChart   *self,
           cairo_t       *cr,
           GArray        *xs,
           GArray        *ys,
           gboolean       alone,
           const GdkRGBA *color)
{
  const graphene_rect_t *plot = &self->plot;

  gdk_cairo_set_source_rgba (cr, color);
  for (guint i = 0; i < xs->len; i++)
    {
      double x = plot->origin.x + _lumina_chart_map (&self->x_range, g_array_index (xs, double, i)) * plot->size.width;
      double y = plot->origin.y + plot->size.height
                 - _lumina_chart_map (&self->y_range, g_array_index (ys, double, i)) * plot->size.height;

      if (!isfinite (x) || !isfinite (y) || (alone && !_lumina_chart_point_alone (xs, ys, i)))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

static void
fill_columns (LuminaChart   *self,
              cairo_t       *cr,
              GArray        *xs,
              GArray        *ys,
              const GdkRGBA *color)
{
  const graphene_rect_t *plot = &self->plot;
  const double half = 1.0;
  double column = NAN, lo = 0, hi = 0, previous = NAN;

  for (guint i = 0; i <= xs->len; i++)
    {
      double px = i < xs->len ? plot->origin.x + _lumina_chart_map (&self->x_range, g_array_index (xs, double, i)) * plot->size.width : NAN;
      double py = i < xs->len ? plot->origin.y + plot->size.height
                                - _lumina_chart_map (&self->y_range, g_array_index (ys, double, i)) * plot->size.height : NAN;
      double c = floor (px);

      if (!isfinite (py) || !isfinite (px) || c != column)
        {
          if (isfinite (column))
            cairo_rectangle (cr, column, lo - half, 1.0, hi - lo + 2 * half);
          if (!isfinite (py) || !isfinite (px))
            {
              column = previous = NAN;
              continue;
            }
          column = c;
          /* Start from the previous column's last point, so they join. */
          lo = hi = isfinite (previous) ? previous : py;
        }
      lo = MIN (lo, py);
      hi = MAX (hi, py);
      previous = py;
    }
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
}

static void
draw_series (LuminaChart       *self,
             cairo_t           *cr,
             LuminaChartSeries *series,
             const GdkRGBA     *color)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  double base = self->y_range.scale == LUMINA_CHART_SCALE_LOG ? self->y_range.min : MAX (self->y_range.min, 0);
  double baseline = self->plot.origin.y + self->plot.size.height
                    - CLAMP (_lumina_chart_map (&self->y_range, base), 0, 1) * self->plot.size.height;

  _lumina_chart_series_points (self, series, self->plot.size.width, xs, ys);

  if (series->style == LUMINA_CHART_STYLE_SCATTER)
    {
      draw_dots (self, cr, xs, ys, FALSE, color);
      return;
    }
  draw_dots (self, cr, xs, ys, TRUE, color);

  if (series->style == LUMINA_CHART_STYLE_AREA)
    {
      GdkRGBA fill = *color;

      fill.alpha *= 0.18f;
      trace (self, cr, LUMINA_CHART_STYLE_AREA, xs, ys, baseline);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill (cr);
    }

  /* Decimated, a line has several points per pixel column: one filled
   * span per column, from its lowest to its highest point (and the previous
   * column's last, which joins them), draws the same pixels as stroking the
   * zigzag, many times faster. */
  if (series->style == LUMINA_CHART_STYLE_LINE && xs->len > self->plot.size.width)
    {
      fill_columns (self, cr, xs, ys, color);
      return;
    }

  trace (self, cr, series->style == LUMINA_CHART_STYLE_STEP ? LUMINA_CHART_STYLE_STEP
                                                            : LUMINA_CHART_STYLE_LINE, xs, ys, baseline);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
}

void
_lumina_chart_snapshot_series (LuminaChart *self,
                               GtkSnapshot *snapshot)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &self->plot);

  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);

      if (series->visible && series->style != LUMINA_CHART_STYLE_BARS)
        draw_series (self, cr, series, _lumina_chart_series_color (self, i));
    }

  cairo_destroy (cr);
}
