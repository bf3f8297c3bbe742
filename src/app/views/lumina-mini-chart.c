/* lumina-mini-chart.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small chart for a profile card: a histogram of a numeric column, or
 * horizontal bars for the commonest values of a categorical one.  Values are
 * normalized to 0–1 when set; drawing only scales them.  Colours come from
 * the style (accent and foreground), looked up again whenever it changes,
 * so the chart follows dark mode and high contrast.
 */
#define G_LOG_DOMAIN "lumina-mini-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-mini-chart.h"

#define HISTOGRAM_HEIGHT 56
#define BAR_HEIGHT       22
#define BAR_SPACING      4
#define BAR_RADIUS       4.0f
#define TEXT_PADDING     8

typedef enum {
  MODE_NONE,
  MODE_HISTOGRAM,
  MODE_BARS,
} ChartMode;

struct _LuminaMiniChart
{
  GtkWidget  parent_instance;

  ChartMode  mode;
  GArray    *values;      /* double, 0–1 */
  GPtrArray *labels;      /* bars only: the category, then its count */
  GPtrArray *counts;

  GdkRGBA    accent;
  GdkRGBA    foreground;
};

G_DEFINE_FINAL_TYPE (LuminaMiniChart, lumina_mini_chart, GTK_TYPE_WIDGET)

static void
lumina_mini_chart_clear (LuminaMiniChart *self)
{
  g_assert (LUMINA_IS_MINI_CHART (self));

  g_array_set_size (self->values, 0);
  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->counts, 0);
  self->mode = MODE_NONE;
}

static void
lumina_mini_chart_update_colors (LuminaMiniChart *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* the baseline's only way to read named colours */
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &self->foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", &self->accent))
    gdk_rgba_parse (&self->accent, "#1c71d8");
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  radius,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, MIN (radius, MIN (rect->size.width, rect->size.height) / 2));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
lumina_mini_chart_snapshot_histogram (LuminaMiniChart *self,
                                      GtkSnapshot     *snapshot,
                                      float            width,
                                      float            height)
{
  GdkRGBA baseline = self->foreground;
  float slot = width / (float) self->values->len;
  float gap = slot >= 4.0f ? 1.0f : 0.0f;

  g_assert (LUMINA_IS_MINI_CHART (self));

  baseline.alpha *= 0.15f;
  gtk_snapshot_append_color (snapshot, &baseline, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      float bar_height;

      if (value <= 0.0)
        continue;

      /* A bin with anything in it stays visible however tall the others are. */
      bar_height = MAX (2.0f, (float) value * (height - 1));
      append_rounded (snapshot,
                      &GRAPHENE_RECT_INIT (i * slot + gap / 2, height - 1 - bar_height,
                                           slot - gap, bar_height),
                      2.0f, &self->accent);
    }
}

static void
append_text (LuminaMiniChart *self,
             GtkSnapshot     *snapshot,
             const char      *text,
             float            x,
             float            y,
             int              max_width,
             gboolean         align_end,
             const GdkRGBA   *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int text_width, text_height;

  pango_layout_set_width (layout, MAX (0, max_width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (align_end ? x - text_width : x,
                                                y + (BAR_HEIGHT - text_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
lumina_mini_chart_snapshot_bars (LuminaMiniChart *self,
                                 GtkSnapshot     *snapshot,
                                 float            width)
{
  GdkRGBA track = self->foreground;
  GdkRGBA fill = self->accent;
  GdkRGBA dim = self->foreground;

  g_assert (LUMINA_IS_MINI_CHART (self));

  track.alpha *= 0.07f;
  fill.alpha *= 0.35f;
  dim.alpha *= 0.6f;

  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      float y = i * (BAR_HEIGHT + BAR_SPACING);
      const char *count = g_ptr_array_index (self->counts, i);
      int count_width = 0;

      append_rounded (snapshot, &GRAPHENE_RECT_INIT (0, y, width, BAR_HEIGHT), BAR_RADIUS, &track);
      if (value > 0.0)
        append_rounded (snapshot,
                        &GRAPHENE_RECT_INIT (0, y, MAX (BAR_RADIUS * 2, (float) value * width), BAR_HEIGHT),
                        BAR_RADIUS, &fill);

      {
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), count);

        pango_layout_get_pixel_size (layout, &count_width, NULL);
      }

      append_text (self, snapshot, count, width - TEXT_PADDING, y, count_width, TRUE, &dim);
      append_text (self, snapshot, g_ptr_array_index (self->labels, i), TEXT_PADDING, y,
                   (int) width - 3 * TEXT_PADDING - count_width, FALSE, &self->foreground);
    }
}

static void
lumina_mini_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LuminaMiniChart *self = LUMINA_MINI_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || self->values->len == 0)
    return;

  if (self->mode == MODE_HISTOGRAM)
    lumina_mini_chart_snapshot_histogram (self, snapshot, width, height);
  else if (self->mode == MODE_BARS)
    lumina_mini_chart_snapshot_bars (self, snapshot, width);
}

static void
lumina_mini_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LuminaMiniChart *self = LUMINA_MINI_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 200;
    }
  else if (self->mode == MODE_BARS)
    {
      *minimum = *natural = self->values->len * (BAR_HEIGHT + BAR_SPACING) - BAR_SPACING;
    }
  else
    {
      *minimum = *natural = self->mode == MODE_HISTOGRAM ? HISTOGRAM_HEIGHT : 0;
    }
}

static void
lumina_mini_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  LuminaMiniChart *self = LUMINA_MINI_CHART (widget);

  GTK_WIDGET_CLASS (lumina_mini_chart_parent_class)->css_changed (widget, change);

  lumina_mini_chart_update_colors (self);
  gtk_widget_queue_draw (widget);
}

static void
lumina_mini_chart_finalize (GObject *object)
{
  LuminaMiniChart *self = LUMINA_MINI_CHART (object);

  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_ptr_array_unref);

  G_OBJECT_CLASS (lumina_mini_chart_parent_class)->finalize (object);
}

static void
lumina_mini_chart_class_init (LuminaMiniChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lumina_mini_chart_finalize;

  widget_class->snapshot = lumina_mini_chart_snapshot;
  widget_class->measure = lumina_mini_chart_measure;
  widget_class->css_changed = lumina_mini_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "luminaminichart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lumina_mini_chart_init (LuminaMiniChart *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->counts = g_ptr_array_new_with_free_func (g_free);
  gdk_rgba_parse (&self->accent, "#1c71d8");
  gdk_rgba_parse (&self->foreground, "#000000");
}

GtkWidget *
lumina_mini_chart_new (void)
{
  return g_object_new (LUMINA_TYPE_MINI_CHART, NULL);
}

/**
 * lumina_mini_chart_set_histogram:
 * @counts: (array length=n_counts): the count of each bin, lowest first
 *
 * Shows @counts as vertical bars scaled to the tallest.
 */
void
lumina_mini_chart_set_histogram (LuminaMiniChart *self,
                                 const double    *counts,
                                 guint            n_counts)
{
  double max = 0.0;

  g_return_if_fail (LUMINA_IS_MINI_CHART (self));
  g_return_if_fail (counts != NULL || n_counts == 0);

  lumina_mini_chart_clear (self);
  self->mode = MODE_HISTOGRAM;

  for (guint i = 0; i < n_counts; i++)
    max = MAX (max, counts[i]);
  for (guint i = 0; i < n_counts; i++)
    {
      double value = max > 0.0 ? counts[i] / max : 0.0;

      g_array_append_val (self->values, value);
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * lumina_mini_chart_set_bars:
 * @labels: (array length=n_bars): the name of each bar
 * @counts: (array length=n_bars): the count of each bar
 * @total: what a full bar stands for, such as the number of rows
 *
 * Shows one labelled horizontal bar per value, as a share of @total.
 */
void
lumina_mini_chart_set_bars (LuminaMiniChart    *self,
                            const char * const *labels,
                            const double       *counts,
                            guint               n_bars,
                            double              total)
{
  g_return_if_fail (LUMINA_IS_MINI_CHART (self));
  g_return_if_fail (n_bars == 0 || (labels != NULL && counts != NULL));

  lumina_mini_chart_clear (self);
  self->mode = MODE_BARS;

  for (guint i = 0; i < n_bars; i++)
    {
      double value = total > 0.0 ? CLAMP (counts[i] / total, 0.0, 1.0) : 0.0;

      g_array_append_val (self->values, value);
      g_ptr_array_add (self->labels, g_strdup (labels[i] && labels[i][0] ? labels[i] : _("(empty)")));
      /* Translators: how often a value occurs, then its share of the rows */
      g_ptr_array_add (self->counts, g_strdup_printf (_("%'.0f · %.0f %%"), counts[i], value * 100.0));
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lumina_mini_chart_get_n_values (LuminaMiniChart *self)
{
  g_return_val_if_fail (LUMINA_IS_MINI_CHART (self), 0);

  return self->values->len;
}
