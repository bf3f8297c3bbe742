/* lumina-chart-input.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pointer input for LuminaChart: a crosshair with every series' value at
 * the pointer, drag to zoom, scroll to zoom (Ctrl) or pan, double click to
 * reset; and the accessible description of the data.
 */
#define G_LOG_DOMAIN "lumina-chart-input"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "lumina-chart-private.h"

static gboolean
in_plot (LuminaChart *self,
         double       x,
         double       y)
{
  return graphene_rect_contains_point (&self->plot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
}

static double
x_at (LuminaChart *self,
      double       px)
{
  return _lumina_chart_unmap (&self->x_range, (px - self->plot.origin.x) / MAX (1, self->plot.size.width));
}

static void
set_zoom (LuminaChart *self,
          double       min,
          double       max)
{
  if (!(max > min) || !isfinite (min) || !isfinite (max))
    return;

  self->follow = FALSE;
  self->axes[0].zoom_min = min;
  self->axes[0].zoom_max = max;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _lumina_chart_gl_queue_render (self);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           LuminaChart              *self)
{
  self->hovering = in_plot (self, x, y) && self->heat_rows == 0 && self->categories == NULL;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          LuminaChart              *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LuminaChart    *self)
{
  if (!in_plot (self, x, y) || self->heat_rows > 0 || self->categories != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_x0 = self->drag_x1 = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                LuminaChart    *self)
{
  self->dragging = fabs (dx) > 4;
  self->drag_x1 = self->drag_x0 + dx;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             LuminaChart    *self)
{
  double a = x_at (self, MIN (self->drag_x0, self->drag_x0 + dx));
  double b = x_at (self, MAX (self->drag_x0, self->drag_x0 + dx));

  if (self->dragging)
    set_zoom (self, a, b);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           LuminaChart              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double min = self->x_range.min, max = self->x_range.max;
  double span = max - min;

  if (self->heat_rows > 0 || self->categories != NULL || self->x_range.scale == LUMINA_CHART_SCALE_LOG)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->hovering ? x_at (self, self->hover_x) : (min + max) / 2;
      double factor = pow (1.15, dy);

      set_zoom (self, anchor - (anchor - min) * factor, anchor + (max - anchor) * factor);
    }
  else
    {
      double shift = (fabs (dx) > fabs (dy) ? dx : dy) * span * 0.05;

      set_zoom (self, min + shift, max + shift);
    }

  return TRUE;
}

static void
pressed_cb (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            LuminaChart     *self)
{
  if (n_press == 2)
    lumina_chart_reset_zoom (self);
}

void
_lumina_chart_init_input (LuminaChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* The value of @series nearest to @x, or NAN. */
static gboolean
nearest (LuminaChartSeries *series,
         double             x,
         double            *out_x,
         double            *out_y)
{
  double best = INFINITY;

  for (guint i = 0; i < series->x->len; i++)
    {
      double d = fabs (g_array_index (series->x, double, i) - x);

      if (d < best && isfinite (g_array_index (series->y, double, i)))
        {
          best = d;
          *out_x = g_array_index (series->x, double, i);
          *out_y = g_array_index (series->y, double, i);
        }
    }

  return isfinite (best);
}

static char *
format_x (LuminaChart *self,
          double       x)
{
  double step = (self->x_range.max - self->x_range.min) / 100;

  if (self->x_range.scale == LUMINA_CHART_SCALE_TIME)
    return _lumina_chart_format_time (x, MIN (step, 59));

  return _lumina_chart_format_value (x, step, self->axes[0].unit);
}

void
_lumina_chart_draw_hover (LuminaChart *self,
                          GtkSnapshot *snapshot)
{
  GdkRGBA rule = self->colors.foreground;
  GdkRGBA bg = self->colors.background;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *x_text = NULL;
  double x = x_at (self, self->hover_x);
  float y_step = (float) ((self->y_range.max - self->y_range.min) / 100);
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;
  float bx;

  rule.alpha *= 0.3f;
  gtk_snapshot_append_color (snapshot, &rule,
                             &GRAPHENE_RECT_INIT (roundf (self->hover_x), self->plot.origin.y, 1, self->plot.size.height));

  x_text = format_x (self, x);
  g_string_append_printf (text, "<b>%s</b>", x_text);
  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *value = NULL;
      g_autofree char *name = NULL;
      const GdkRGBA *rgba;
      char color[8];
      double sx = NAN, sy = NAN;

      if (!series->visible || !nearest (series, x, &sx, &sy))
        continue;
      value = _lumina_chart_format_value (sy, y_step, self->axes[1].unit);
      name = g_markup_escape_text (series->name, -1);
      /* Pango wants #rrggbb, not CSS rgb(). */
      rgba = _lumina_chart_series_color (self, i);
      g_snprintf (color, sizeof color, "#%02x%02x%02x",
                  (guint) (CLAMP (rgba->red, 0.f, 1.f) * 255 + .5f),
                  (guint) (CLAMP (rgba->green, 0.f, 1.f) * 255 + .5f),
                  (guint) (CLAMP (rgba->blue, 0.f, 1.f) * 255 + .5f));
      g_string_append_printf (text, "\n<span foreground=\"%s\">●</span> %s  <b>%s</b>",
                              color, name, value);
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (layout, text->str, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  bx = (float) self->hover_x + 12;
  if (bx + w + 16 > self->plot.origin.x + self->plot.size.width)
    bx = (float) self->hover_x - 12 - w - 16;
  bg.alpha = 0.95f;
  {
    GskRoundedRect box;
    graphene_rect_t rect = GRAPHENE_RECT_INIT (bx, self->plot.origin.y + 8, w + 16, h + 12);

    gsk_rounded_rect_init_from_rect (&box, &rect, 8);
    gtk_snapshot_append_outset_shadow (snapshot, &box, &(GdkRGBA) { 0, 0, 0, 0.2f }, 0, 2, 0, 6);
    gtk_snapshot_push_rounded_clip (snapshot, &box);
    gtk_snapshot_append_color (snapshot, &bg, &rect);
    gtk_snapshot_pop (snapshot);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bx + 8, self->plot.origin.y + 14));
    gtk_snapshot_append_layout (snapshot, layout, &self->colors.foreground);
    gtk_snapshot_restore (snapshot);
  }
}

/* "Score over time. Line chart with 2 series. Train: 120 points, from 0.1 to
 * 0.95, last 0.93. …" for screen readers. */
char *
_lumina_chart_describe (LuminaChart *self)
{
  GString *text = g_string_new (self->title != NULL ? self->title : _("Chart"));

  g_string_append (text, ". ");
  if (self->heat_rows > 0)
    {
      g_string_append_printf (text, _("Heatmap with %u rows and %u columns."), self->heat_rows, self->heat_cols);
      return g_string_free (text, FALSE);
    }
  if (!_lumina_chart_has_data (self))
    {
      g_string_append (text, self->placeholder != NULL ? self->placeholder : _("No data"));
      return g_string_free (text, FALSE);
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);
      double lo = INFINITY, hi = -INFINITY, last = NAN;

      /* Sorted series answer from their block summaries. */
      if (!_lumina_chart_series_y_extent (series, -INFINITY, INFINITY, &lo, &hi))
        for (guint j = 0; j < series->y->len; j++)
          {
            double v = g_array_index (series->y, double, j);

            if (isfinite (v))
              lo = MIN (lo, v), hi = MAX (hi, v);
          }
      for (guint j = series->y->len; j > 0 && isnan (last); j--)
        if (isfinite (g_array_index (series->y, double, j - 1)))
          last = g_array_index (series->y, double, j - 1);
      if (!isfinite (lo))
        continue;
      g_string_append_printf (text, _("%s: %u points, from %g to %g, last %g. "),
                              series->name, series->y->len, lo, hi, last);
    }

  return g_string_free (text, FALSE);
}
