/* lumina-sparkline.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A word-sized chart of the last minutes of a live figure (a deployment's
 * request rate, with its error rate over it).  Values are normalized when
 * set; drawing only scales them.  Colours come from the style and follow
 * dark mode.
 */
#define G_LOG_DOMAIN "lumina-sparkline"

#include "config.h"

#include <math.h>

#include "lumina-sparkline.h"

#define DEFAULT_HEIGHT 28

struct _LuminaSparkline
{
  GtkWidget  parent_instance;

  GArray    *line;       /* double, 0–1 or NaN */
  GArray    *overlay;
  guint      n_slots;
  gboolean   has_data;

  GdkRGBA    accent;
  GdkRGBA    error;
  GdkRGBA    foreground;
};

G_DEFINE_FINAL_TYPE (LuminaSparkline, lumina_sparkline, GTK_TYPE_WIDGET)

static void
lumina_sparkline_update_colors (LuminaSparkline *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* the baseline's only way to read named colours */
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &self->foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", &self->accent))
    gdk_rgba_parse (&self->accent, "#1c71d8");
  if (!gtk_style_context_lookup_color (context, "error_color", &self->error))
    gdk_rgba_parse (&self->error, "#c01c28");
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
trace_values (cairo_t *cr,
              GArray  *values,
              guint    n_slots,
              float    width,
              float    height,
              gboolean fill)
{
  double step = n_slots > 1 ? width / (double) (n_slots - 1) : width;
  double offset = (double) n_slots - values->len;
  gboolean open = FALSE;
  double first_x = 0, last_x = 0;

  for (guint i = 0; i < values->len; i++)
    {
      double value = g_array_index (values, double, i);
      double x = (offset + i) * step;
      double y = 1.0 + (height - 2.0) * (1.0 - value);

      if (isnan (value))
        {
          if (open && fill)
            {
              cairo_line_to (cr, last_x, height);
              cairo_line_to (cr, first_x, height);
              cairo_close_path (cr);
            }
          open = FALSE;
          continue;
        }
      if (!open)
        {
          if (fill)
            {
              cairo_move_to (cr, x, height);
              cairo_line_to (cr, x, y);
            }
          else
            cairo_move_to (cr, x, y);
          first_x = x;
          open = TRUE;
        }
      else
        cairo_line_to (cr, x, y);
      last_x = x;
    }

  if (open && fill)
    {
      cairo_line_to (cr, last_x, height);
      cairo_line_to (cr, first_x, height);
      cairo_close_path (cr);
    }
}

static void
lumina_sparkline_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LuminaSparkline *self = LUMINA_SPARKLINE (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  GdkRGBA baseline = self->foreground;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || !self->has_data)
    return;

  baseline.alpha *= 0.15f;
  gtk_snapshot_append_color (snapshot, &baseline, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  trace_values (cr, self->line, self->n_slots, width, height, TRUE);
  cairo_set_source_rgba (cr, self->accent.red, self->accent.green, self->accent.blue, 0.25);
  cairo_fill (cr);
  trace_values (cr, self->line, self->n_slots, width, height, FALSE);
  gdk_cairo_set_source_rgba (cr, &self->accent);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  if (self->overlay->len > 0)
    {
      trace_values (cr, self->overlay, self->n_slots, width, height, FALSE);
      gdk_cairo_set_source_rgba (cr, &self->error);
      cairo_set_line_width (cr, 1.25);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
lumina_sparkline_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 160;
    }
  else
    *minimum = *natural = DEFAULT_HEIGHT;
}

static void
lumina_sparkline_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lumina_sparkline_parent_class)->css_changed (widget, change);

  lumina_sparkline_update_colors (LUMINA_SPARKLINE (widget));
  gtk_widget_queue_draw (widget);
}

static void
lumina_sparkline_finalize (GObject *object)
{
  LuminaSparkline *self = LUMINA_SPARKLINE (object);

  g_clear_pointer (&self->line, g_array_unref);
  g_clear_pointer (&self->overlay, g_array_unref);

  G_OBJECT_CLASS (lumina_sparkline_parent_class)->finalize (object);
}

static void
lumina_sparkline_class_init (LuminaSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lumina_sparkline_finalize;
  widget_class->snapshot = lumina_sparkline_snapshot;
  widget_class->measure = lumina_sparkline_measure;
  widget_class->css_changed = lumina_sparkline_css_changed;

  gtk_widget_class_set_css_name (widget_class, "luminasparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lumina_sparkline_init (LuminaSparkline *self)
{
  self->line = g_array_new (FALSE, FALSE, sizeof (double));
  self->overlay = g_array_new (FALSE, FALSE, sizeof (double));
  self->n_slots = 2;
  lumina_sparkline_update_colors (self);
}

GtkWidget *
lumina_sparkline_new (void)
{
  return g_object_new (LUMINA_TYPE_SPARKLINE, NULL);
}

static void
normalize_into (GArray       *into,
                const double *values,
                guint         n_values,
                double        floor_max)
{
  double max = floor_max;

  g_array_set_size (into, 0);
  if (values == NULL)
    return;

  for (guint i = 0; i < n_values; i++)
    if (isfinite (values[i]))
      max = MAX (max, values[i]);

  for (guint i = 0; i < n_values; i++)
    {
      double value = isfinite (values[i]) ? (max > 0 ? CLAMP (values[i] / max, 0.0, 1.0) : 0.0) : NAN;

      g_array_append_val (into, value);
    }
}

void
lumina_sparkline_set_data (LuminaSparkline *self,
                           const double    *line,
                           const double    *overlay,
                           guint            n_values,
                           guint            n_slots,
                           double           overlay_floor)
{
  g_return_if_fail (LUMINA_IS_SPARKLINE (self));

  if (n_values > n_slots)
    {
      line = line != NULL ? line + (n_values - n_slots) : NULL;
      overlay = overlay != NULL ? overlay + (n_values - n_slots) : NULL;
      n_values = n_slots;
    }
  self->n_slots = MAX (n_slots, 2);
  normalize_into (self->line, line, n_values, 0.0);
  normalize_into (self->overlay, overlay, n_values, overlay_floor);
  self->has_data = FALSE;
  for (guint i = 0; i < self->line->len && !self->has_data; i++)
    self->has_data = !isnan (g_array_index (self->line, double, i));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
lumina_sparkline_get_n_values (LuminaSparkline *self)
{
  g_return_val_if_fail (LUMINA_IS_SPARKLINE (self), 0);

  return self->line->len;
}
