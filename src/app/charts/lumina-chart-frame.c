/* lumina-chart-frame.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything around and on top of the data layer, drawn with GtkSnapshot
 * and Pango: title, legend, grid, tick labels, axis labels, threshold
 * bands and lines, annotations, the empty state, bars and heatmap cells.
 */
#define G_LOG_DOMAIN "lumina-chart-frame"

#include "config.h"

#include <math.h>

#include "lumina-chart-private.h"

#define PADDING  12.0f
#define TICK_GAP 8.0f

static GdkRGBA
fade (const GdkRGBA *color,
      float          alpha)
{
  GdkRGBA faded = *color;

  faded.alpha *= alpha;

  return faded;
}

/* Draws @text at (@x, @y), aligned by @x_align and @y_align; when
 * @max_width > 0, a longer text is cut with an ellipsis to fit it. */
void
_lumina_chart_append_text_within (GtkWidget     *widget,
                                  GtkSnapshot   *snapshot,
                                  const char    *text,
                                  float          x,
                                  float          y,
                                  float          x_align,
                                  float          y_align,
                                  const GdkRGBA *color,
                                  guint          flags,
                                  float          max_width)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int width, height;

  if (flags & LUMINA_CHART_TEXT_BOLD)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (flags & LUMINA_CHART_TEXT_SMALL)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, &height);
  if (max_width > 0 && width > max_width)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &width, &height);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf (x - width * x_align),
                                                          roundf (y - height * y_align)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  radius,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  radius = MIN (radius, MIN (rect->size.width, rect->size.height) / 2);
  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static float
px (LuminaChart *self,
    double       x)
{
  return self->plot.origin.x + (float) _lumina_chart_map (&self->x_range, x) * self->plot.size.width;
}

static float
py (LuminaChart *self,
    double       y)
{
  return self->plot.origin.y + self->plot.size.height
         - (float) _lumina_chart_map (&self->y_range, y) * self->plot.size.height;
}

#define LEGEND_SWATCH 16.0f   /* the swatch and the space before the name */
#define LEGEND_GAP    18.0f   /* between entries */

static float
layout_width (GtkWidget  *widget,
              const char *text,
              gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/**
 * _lumina_chart_layout_legend:
 * @slots: (out) (optional) (element-type LuminaChartLegendSlot): where
 *   each series' entry goes, in series order
 *
 * Lays the legend out for a chart @width wide: right-aligned on the
 * title's line when it fits beside the title, otherwise from the left in
 * lines of its own below it, wrapping; an entry wider than the chart is
 * cut at its edge.
 *
 * Returns: how many text lines the title and legend take
 */
/* Called when what the legend's text measures may have changed. */
void
_lumina_chart_forget_legend (LuminaChart *self)
{
  g_clear_pointer (&self->legend_widths, g_array_unref);
}

guint
_lumina_chart_layout_legend (LuminaChart *self,
                             float        width,
                             GArray      *slots)
{
  float available = MAX (1, width - 2 * PADDING);
  GArray *widths;
  float title;
  float total = 0;
  guint line;
  float x;

  if (slots != NULL)
    g_array_set_size (slots, 0);
  if (self->series->len <= 1 || self->heat_rows > 0)
    return self->title != NULL ? 1 : 0;

  if (self->legend_widths == NULL)
    {
      self->title_width = self->title != NULL ? layout_width (GTK_WIDGET (self), self->title, TRUE) : 0;
      self->legend_widths = g_array_sized_new (FALSE, FALSE, sizeof (float), self->series->len);
      for (guint i = 0; i < self->series->len; i++)
        {
          LuminaChartSeries *series = g_ptr_array_index (self->series, i);
          float entry = LEGEND_SWATCH + layout_width (GTK_WIDGET (self), series->name, FALSE);

          g_array_append_val (self->legend_widths, entry);
        }
    }
  title = self->title_width;
  widths = self->legend_widths;
  for (guint i = 0; i < widths->len; i++)
    total += g_array_index (widths, float, i) + (i > 0 ? LEGEND_GAP : 0);

  /* Beside the title, as one right-aligned line. */
  if (total + (title > 0 ? title + 2 * LEGEND_GAP : 0) <= available)
    {
      x = width - PADDING - total;
      for (guint i = 0; i < widths->len; i++)
        {
          LuminaChartLegendSlot slot = { x, 0, MIN (g_array_index (widths, float, i), available) };

          if (slots != NULL)
            g_array_append_val (slots, slot);
          x += g_array_index (widths, float, i) + LEGEND_GAP;
        }
      return 1;
    }

  /* Under the title, wrapping. */
  line = self->title != NULL ? 1 : 0;
  x = PADDING;
  for (guint i = 0; i < widths->len; i++)
    {
      float entry = MIN (g_array_index (widths, float, i), available);
      LuminaChartLegendSlot slot;

      if (x > PADDING && x + entry > width - PADDING)
        {
          line++;
          x = PADDING;
        }
      slot = (LuminaChartLegendSlot) { x, line, entry };
      if (slots != NULL)
        g_array_append_val (slots, slot);
      x += entry + LEGEND_GAP;
    }

  return line + 1;
}

static void
draw_legend (LuminaChart *self,
             GtkSnapshot *snapshot,
             float        width)
{
  GdkRGBA text = fade (&self->colors.foreground, 0.8f);
  GdkRGBA hidden = fade (&self->colors.foreground, 0.45f);
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (LuminaChartLegendSlot));

  _lumina_chart_layout_legend (self, width, slots);
  for (guint i = 0; i < slots->len; i++)
    {
      const LuminaChartLegendSlot *slot = &g_array_index (slots, LuminaChartLegendSlot, i);
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);
      GdkRGBA swatch = *_lumina_chart_series_color (self, i);
      float y = PADDING + slot->line * LUMINA_CHART_LEGEND_LINE;

      if (!series->visible)
        swatch.alpha *= 0.3f;
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (slot->x, y, slot->width, LUMINA_CHART_LEGEND_LINE));
      append_rounded (snapshot, &GRAPHENE_RECT_INIT (slot->x, y + 4, 10, 10), 3, &swatch);
      _lumina_chart_append_text (GTK_WIDGET (self), snapshot, series->name, slot->x + LEGEND_SWATCH, y + 9, 0, 0.5,
                                 series->visible ? &text : &hidden, 0);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_placeholder (LuminaChart *self,
                  GtkSnapshot *snapshot)
{
  GdkRGBA dim = fade (&self->colors.foreground, 0.55f);
  GdkRGBA box = fade (&self->colors.foreground, 0.04f);

  append_rounded (snapshot, &self->plot, 12, &box);
  if (self->placeholder != NULL)
    _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->placeholder,
                               self->plot.origin.x + self->plot.size.width / 2,
                               self->plot.origin.y + self->plot.size.height / 2,
                               0.5, 0.5, &dim, 0);
}

static void
draw_value_ticks (LuminaChart *self,
                  GtkSnapshot *snapshot,
                  gboolean     along_x)
{
  const LuminaChartRange *range = along_x && !self->horizontal ? &self->x_range : &self->y_range;
  const char *unit = self->axes[along_x && !self->horizontal ? 0 : 1].unit;
  float length = along_x ? self->plot.size.width : self->plot.size.height;
  g_autoptr(GArray) ticks = _lumina_chart_ticks (range->scale, range->min, range->max,
                                                 (guint) MAX (2, length / (along_x ? 100 : 44)), unit);
  GdkRGBA grid = fade (&self->colors.foreground, 0.08f);
  GdkRGBA text = fade (&self->colors.foreground, 0.6f);
  const graphene_rect_t *plot = &self->plot;

  for (guint i = 0; i < ticks->len; i++)
    {
      LuminaChartTick *tick = &g_array_index (ticks, LuminaChartTick, i);
      float f = (float) _lumina_chart_map (range, tick->value);

      if (f < -0.001f || f > 1.001f)
        continue;
      if (along_x)
        {
          float x = roundf (plot->origin.x + f * plot->size.width);

          gtk_snapshot_append_color (snapshot, &grid,
                                     &GRAPHENE_RECT_INIT (x, plot->origin.y, 1, plot->size.height));
          _lumina_chart_append_text (GTK_WIDGET (self), snapshot, tick->label, x,
                                     plot->origin.y + plot->size.height + TICK_GAP / 2, 0.5, 0,
                                     &text, LUMINA_CHART_TEXT_SMALL);
        }
      else
        {
          float y = roundf (plot->origin.y + plot->size.height - f * plot->size.height);

          gtk_snapshot_append_color (snapshot, &grid,
                                     &GRAPHENE_RECT_INIT (plot->origin.x, y, plot->size.width, 1));
          _lumina_chart_append_text (GTK_WIDGET (self), snapshot, tick->label,
                                     plot->origin.x - TICK_GAP, y, 1, 0.5, &text,
                                     LUMINA_CHART_TEXT_SMALL);
        }
    }
}

static void
draw_categories (LuminaChart *self,
                 GtkSnapshot *snapshot)
{
  GdkRGBA text = fade (&self->colors.foreground, 0.75f);
  guint n = g_strv_length (self->categories);
  const graphene_rect_t *plot = &self->plot;

  for (guint i = 0; i < n; i++)
    {
      float f = (i + 0.5f) / n;

      if (self->horizontal)
        _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->categories[i],
                                   plot->origin.x - TICK_GAP, plot->origin.y + f * plot->size.height,
                                   1, 0.5, &text, 0);
      else
        /* Side by side, each within its column (a narrow window). */
        _lumina_chart_append_text_within (GTK_WIDGET (self), snapshot, self->categories[i],
                                          plot->origin.x + f * plot->size.width,
                                          plot->origin.y + plot->size.height + TICK_GAP / 2,
                                          0.5, 0, &text, LUMINA_CHART_TEXT_SMALL,
                                          MAX (plot->size.width / n - 6, 12));
    }
}

static void
draw_axis_labels (LuminaChart *self,
                  GtkSnapshot *snapshot,
                  float        height)
{
  GdkRGBA text = fade (&self->colors.foreground, 0.75f);
  const char *x_label = self->axes[self->horizontal ? 1 : 0].label;
  const char *y_label = self->axes[self->horizontal ? 0 : 1].label;

  if (x_label != NULL)
    _lumina_chart_append_text (GTK_WIDGET (self), snapshot, x_label,
                               self->plot.origin.x + self->plot.size.width / 2,
                               height - PADDING, 0.5, 1, &text, 0);
  if (y_label != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PADDING, self->plot.origin.y
                                                                       + self->plot.size.height / 2));
      gtk_snapshot_rotate (snapshot, -90);
      _lumina_chart_append_text (GTK_WIDGET (self), snapshot, y_label, 0, 0, 0.5, 0, &text, 0);
      gtk_snapshot_restore (snapshot);
    }
}

static void
draw_bands (LuminaChart *self,
            GtkSnapshot *snapshot)
{
  GdkRGBA band = fade (&self->colors.accent, 0.10f);

  for (guint i = 0; i < self->thresholds->len; i++)
    {
      LuminaChartThreshold *t = &g_array_index (self->thresholds, LuminaChartThreshold, i);
      float y0, y1;

      if (t->y0 == t->y1)
        continue;
      y0 = CLAMP (py (self, t->y1), self->plot.origin.y, self->plot.origin.y + self->plot.size.height);
      y1 = CLAMP (py (self, t->y0), self->plot.origin.y, self->plot.origin.y + self->plot.size.height);
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (self->plot.origin.x, y0, self->plot.size.width, y1 - y0));
    }
}

void
_lumina_chart_draw_frame (LuminaChart *self,
                          GtkSnapshot *snapshot,
                          float        width,
                          float        height)
{
  GdkRGBA axis = fade (&self->colors.foreground, 0.25f);
  const graphene_rect_t *plot = &self->plot;

  if (self->title != NULL)
    _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->title, PADDING, PADDING + 9, 0, 0.5,
                               &self->colors.foreground, LUMINA_CHART_TEXT_BOLD);
  if (self->series->len > 1 && self->heat_rows == 0)
    draw_legend (self, snapshot, width);

  if (!_lumina_chart_has_data (self))
    {
      draw_placeholder (self, snapshot);
      return;
    }

  draw_axis_labels (self, snapshot, height);
  if (self->heat_rows > 0)
    return;

  if (self->categories != NULL)
    {
      draw_categories (self, snapshot);
      draw_value_ticks (self, snapshot, self->horizontal);
    }
  else
    {
      draw_value_ticks (self, snapshot, TRUE);
      draw_value_ticks (self, snapshot, FALSE);
    }

  draw_bands (self, snapshot);
  if (self->horizontal && self->categories != NULL)
    gtk_snapshot_append_color (snapshot, &axis, &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y,
                                                                      1, plot->size.height));
  else
    gtk_snapshot_append_color (snapshot, &axis,
                               &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y + plot->size.height,
                                                    plot->size.width, 1));
}

static void
bar_rect (LuminaChart     *self,
          double           x,
          double           y,
          float            offset,
          float            thickness,
          graphene_rect_t *rect)
{
  double base = self->y_range.scale == LUMINA_CHART_SCALE_LOG ? self->y_range.min : 0;
  float f_lo = (float) _lumina_chart_map (&self->y_range, MIN (base, y));
  float f_hi = (float) _lumina_chart_map (&self->y_range, MAX (base, y));
  float slot = (float) _lumina_chart_map (&self->x_range, x);
  const graphene_rect_t *plot = &self->plot;

  f_lo = CLAMP (f_lo, 0, 1);
  f_hi = CLAMP (f_hi, 0, 1);
  if (self->horizontal && self->categories != NULL)
    graphene_rect_init (rect, plot->origin.x + f_lo * plot->size.width,
                        plot->origin.y + slot * plot->size.height + offset,
                        MAX (1, (f_hi - f_lo) * plot->size.width), thickness);
  else
    graphene_rect_init (rect, plot->origin.x + slot * plot->size.width + offset,
                        plot->origin.y + (1 - f_hi) * plot->size.height,
                        thickness, MAX (1, (f_hi - f_lo) * plot->size.height));
}

void
_lumina_chart_draw_bars (LuminaChart *self,
                         GtkSnapshot *snapshot)
{
  gboolean horizontal = self->horizontal && self->categories != NULL;
  float extent = horizontal ? self->plot.size.height : self->plot.size.width;
  float unit = extent * (float) (1.0 / MAX (1e-9, self->x_range.max - self->x_range.min));
  guint n_bars = 0;
  guint k = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);

      n_bars += series->visible && series->style == LUMINA_CHART_STYLE_BARS;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);
      float group = MIN (unit * 0.7f, 64.0f * n_bars);
      float thickness = MAX (1, group / MAX (1, n_bars) - (n_bars > 1 ? 2 : 0));
      float offset;

      if (!series->visible || series->style != LUMINA_CHART_STYLE_BARS)
        continue;

      offset = -group / 2 + k++ * (group / n_bars);
      for (guint j = 0; j < series->y->len; j++)
        {
          double y = g_array_index (series->y, double, j);
          graphene_rect_t rect;

          if (!isfinite (y))
            continue;
          bar_rect (self, g_array_index (series->x, double, j), y, offset, thickness, &rect);
          append_rounded (snapshot, &rect, 4, _lumina_chart_series_color (self, i));
        }
    }
}

static char *
format_cell (double value)
{
  if (isnan (value))
    return g_strdup ("–");
  if (value == floor (value) && fabs (value) < 1e9)
    return g_strdup_printf ("%.0f", value);

  return g_strdup_printf ("%.2f", value);
}

void
_lumina_chart_draw_heatmap (LuminaChart *self,
                            GtkSnapshot *snapshot)
{
  const graphene_rect_t *plot = &self->plot;
  float cell_w = plot->size.width / self->heat_cols;
  float cell_h = plot->size.height / self->heat_rows;
  GdkRGBA label = fade (&self->colors.foreground, 0.75f);
  double max = 0;

  for (guint i = 0; i < self->heat_rows * self->heat_cols; i++)
    if (isfinite (self->heat_values[i]))
      max = MAX (max, fabs (self->heat_values[i]));

  for (guint r = 0; r < self->heat_rows; r++)
    for (guint c = 0; c < self->heat_cols; c++)
      {
        double value = self->heat_values[r * self->heat_cols + c];
        float t = isfinite (value) && max > 0 ? (float) (fabs (value) / max) : 0;
        GdkRGBA fill = isfinite (value) ? fade (&self->colors.accent, 0.08f + 0.92f * t)
                                        : fade (&self->colors.foreground, 0.04f);
        GdkRGBA ink = t <= 0.5f ? self->colors.foreground
                    : self->colors.dark ? (GdkRGBA) { 0, 0, 0, 0.8f } : (GdkRGBA) { 1, 1, 1, 1 };
        g_autofree char *text = format_cell (value);
        float x = plot->origin.x + c * cell_w;
        float y = plot->origin.y + r * cell_h;

        append_rounded (snapshot, &GRAPHENE_RECT_INIT (x + 2, y + 2, cell_w - 4, cell_h - 4), 6, &fill);
        _lumina_chart_append_text (GTK_WIDGET (self), snapshot, text, x + cell_w / 2, y + cell_h / 2,
                                   0.5, 0.5, &ink, LUMINA_CHART_TEXT_BOLD);
      }

  for (guint r = 0; self->heat_row_labels != NULL && r < self->heat_rows; r++)
    _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->heat_row_labels[r],
                               plot->origin.x - TICK_GAP, plot->origin.y + (r + 0.5f) * cell_h,
                               1, 0.5, &label, 0);
  /* Side by side, each within its column (a narrow window). */
  for (guint c = 0; self->heat_col_labels != NULL && c < self->heat_cols; c++)
    _lumina_chart_append_text_within (GTK_WIDGET (self), snapshot, self->heat_col_labels[c],
                                      plot->origin.x + (c + 0.5f) * cell_w,
                                      plot->origin.y + plot->size.height + TICK_GAP / 2,
                                      0.5, 0, &label, 0, MAX (cell_w - 6, 12));
}

static void
append_pill (LuminaChart *self,
             GtkSnapshot *snapshot,
             const char  *text,
             float        x,
             float        y,
             float        x_align,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  GdkRGBA bg = self->colors.background;
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  w = (int) (w * 0.85f);
  h = (int) (h * 0.85f);
  x = CLAMP (x - (w + 12) * x_align, self->plot.origin.x + 2,
             self->plot.origin.x + self->plot.size.width - w - 14);
  bg.alpha = 0.92f;
  append_rounded (snapshot, &GRAPHENE_RECT_INIT (x, y, w + 12, h + 4), (h + 4) / 2.0f, &bg);
  _lumina_chart_append_text (GTK_WIDGET (self), snapshot, text, x + 6, y + 2, 0, 0, color,
                             LUMINA_CHART_TEXT_SMALL);
}

static void
append_dashed (GtkSnapshot   *snapshot,
               float          x0,
               float          y0,
               float          x1,
               float          y1,
               const GdkRGBA *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (MIN (x0, x1) - 1, MIN (y0, y1) - 1,
                                               fabsf (x1 - x0) + 2, fabsf (y1 - y0) + 2);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  static const double dashes[] = { 5, 4 };

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
draw_markers (LuminaChart *self,
              GtkSnapshot *snapshot)
{
  GdkRGBA line = fade (&self->colors.foreground, 0.55f);
  const graphene_rect_t *plot = &self->plot;

  for (guint i = 0; i < self->thresholds->len; i++)
    {
      LuminaChartThreshold *t = &g_array_index (self->thresholds, LuminaChartThreshold, i);
      float y = roundf (py (self, t->y1)) + 0.5f;

      if (t->y0 != t->y1 || y < plot->origin.y || y > plot->origin.y + plot->size.height + 1)
        continue;
      append_dashed (snapshot, plot->origin.x, y, plot->origin.x + plot->size.width, y, &line);
      if (t->label != NULL)
        append_pill (self, snapshot, t->label, plot->origin.x + plot->size.width - 4, y - 22, 1,
                     &self->colors.foreground);
    }

  for (guint i = 0; i < self->annotations->len; i++)
    {
      LuminaChartAnnotation *a = &g_array_index (self->annotations, LuminaChartAnnotation, i);
      float x = roundf (px (self, a->x)) + 0.5f;

      if (x < plot->origin.x || x > plot->origin.x + plot->size.width + 1)
        continue;
      append_dashed (snapshot, x, plot->origin.y, x, plot->origin.y + plot->size.height,
                     &self->colors.accent);
      if (a->label != NULL)
        append_pill (self, snapshot, a->label, x + 4, plot->origin.y + 2, 0, &self->colors.accent);
    }
}

void
_lumina_chart_draw_overlays (LuminaChart *self,
                             GtkSnapshot *snapshot,
                             float        width,
                             float        height)
{
  draw_markers (self, snapshot);

  if (self->dragging)
    {
      GdkRGBA sel = fade (&self->colors.accent, 0.18f);
      float x0 = CLAMP (MIN (self->drag_x0, self->drag_x1), self->plot.origin.x,
                        self->plot.origin.x + self->plot.size.width);
      float x1 = CLAMP (MAX (self->drag_x0, self->drag_x1), self->plot.origin.x,
                        self->plot.origin.x + self->plot.size.width);

      gtk_snapshot_append_color (snapshot, &sel,
                                 &GRAPHENE_RECT_INIT (x0, self->plot.origin.y, x1 - x0, self->plot.size.height));
    }
  else if (self->hovering)
    _lumina_chart_draw_hover (self, snapshot);
}
