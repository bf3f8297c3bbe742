/* lumina-parallel-chart.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parallel coordinates: each parameter is a vertical axis, each run a line
 * through its values, coloured on a viridis scale by score.  The best runs
 * are drawn last and strongest so they stand out; the scale runs towards
 * the higher-contrast end of the theme (dark in light mode, bright in dark).
 */
#define G_LOG_DOMAIN "lumina-parallel-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "lumina-chart-private.h"
#include "lumina-parallel-chart.h"

#define PADDING 12.0f

struct _LuminaParallelChart
{
  GtkWidget          parent_instance;

  char              *title;
  char              *placeholder;
  char              *score_name;
  guint              n_axes;
  guint              n_lines;
  GStrv              axis_names;
  gboolean          *axis_log;
  GPtrArray         *categories;   /* GStrv or NULL per axis */
  double            *values;
  double            *scores;
  gboolean           higher_is_better;

  LuminaChartColors  colors;
};

G_DEFINE_FINAL_TYPE (LuminaParallelChart, lumina_parallel_chart, GTK_TYPE_WIDGET)

static const GdkRGBA viridis[] = {
  { 0.267f, 0.005f, 0.329f, 1 }, { 0.231f, 0.322f, 0.545f, 1 }, { 0.129f, 0.569f, 0.549f, 1 },
  { 0.369f, 0.788f, 0.384f, 1 }, { 0.992f, 0.906f, 0.145f, 1 },
};

static GdkRGBA
scale_color (double t)
{
  double pos = CLAMP (t, 0, 1) * (G_N_ELEMENTS (viridis) - 1);
  guint i = MIN ((guint) pos, G_N_ELEMENTS (viridis) - 2);
  float f = (float) (pos - i);
  const GdkRGBA *a = &viridis[i], *b = &viridis[i + 1];

  return (GdkRGBA) { a->red + (b->red - a->red) * f, a->green + (b->green - a->green) * f,
                     a->blue + (b->blue - a->blue) * f, 1 };
}

/* 0 = worst, 1 = best, mapped onto the theme's high-contrast end. */
static GdkRGBA
quality_color (LuminaParallelChart *self,
               double               quality)
{
  return scale_color (self->colors.dark ? quality : 1 - quality);
}

static void
axis_extent (LuminaParallelChart *self,
             guint                axis,
             double              *lo,
             double              *hi)
{
  GStrv labels = g_ptr_array_index (self->categories, axis);
  gboolean log = self->axis_log != NULL && self->axis_log[axis];

  *lo = INFINITY;
  *hi = -INFINITY;
  if (labels != NULL)
    {
      *lo = 0;
      *hi = MAX (1, (double) g_strv_length (labels) - 1);
      return;
    }

  for (guint i = 0; i < self->n_lines; i++)
    {
      double v = self->values[i * self->n_axes + axis];

      if (isfinite (v) && (!log || v > 0))
        *lo = MIN (*lo, v), *hi = MAX (*hi, v);
    }
  if (!isfinite (*lo))
    *lo = log ? 1 : 0, *hi = *lo + 1;
  if (*hi <= *lo)
    *hi = *lo + (log ? *lo * 9 : 1);
}

static double
axis_fraction (LuminaParallelChart *self,
               guint                axis,
               double               value)
{
  LuminaChartRange range = { LUMINA_CHART_SCALE_LINEAR, 0, 1 };

  if (self->axis_log != NULL && self->axis_log[axis] && g_ptr_array_index (self->categories, axis) == NULL)
    range.scale = LUMINA_CHART_SCALE_LOG;
  axis_extent (self, axis, &range.min, &range.max);

  return _lumina_chart_map (&range, value);
}

static void
score_extent (LuminaParallelChart *self,
              double              *lo,
              double              *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint i = 0; i < self->n_lines; i++)
    if (isfinite (self->scores[i]))
      *lo = MIN (*lo, self->scores[i]), *hi = MAX (*hi, self->scores[i]);
}

static double
line_quality (LuminaParallelChart *self,
              guint                line,
              double               lo,
              double               hi)
{
  double score = self->scores[line];
  double t;

  if (!isfinite (score))
    return NAN;
  t = hi > lo ? (score - lo) / (hi - lo) : 1;

  return self->higher_is_better ? t : 1 - t;
}

static int
compare_quality (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const double *q = data;
  double x = q[*(const guint *) a], y = q[*(const guint *) b];

  if (isnan (x) != isnan (y))
    return isnan (x) ? -1 : 1;

  return x < y ? -1 : x > y;
}

static void
draw_lines (LuminaParallelChart   *self,
            GtkSnapshot           *snapshot,
            const graphene_rect_t *plot)
{
  g_autofree double *quality = g_new (double, self->n_lines);
  g_autofree guint *order = g_new (guint, self->n_lines);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, plot);
  double lo, hi;

  score_extent (self, &lo, &hi);
  for (guint i = 0; i < self->n_lines; i++)
    {
      quality[i] = line_quality (self, i, lo, hi);
      order[i] = i;
    }
  g_qsort_with_data (order, self->n_lines, sizeof (guint), compare_quality, quality);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k < self->n_lines; k++)
    {
      guint line = order[k];
      GdkRGBA color = isnan (quality[line]) ? self->colors.foreground : quality_color (self, quality[line]);
      gboolean open = FALSE;

      color.alpha = isnan (quality[line]) ? 0.15f : (float) (0.35 + 0.6 * quality[line]);
      cairo_set_line_width (cr, isnan (quality[line]) ? 1 : 1 + 1.5 * quality[line]);
      for (guint a = 0; a < self->n_axes; a++)
        {
          double v = self->values[line * self->n_axes + a];
          double f = axis_fraction (self, a, v);
          double x = plot->origin.x + (self->n_axes > 1 ? a * plot->size.width / (self->n_axes - 1) : plot->size.width / 2);
          double y = plot->origin.y + plot->size.height * (1 - f);

          if (!isfinite (y))
            {
              open = FALSE;
              continue;
            }
          if (open)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          open = TRUE;
        }
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
draw_axis (LuminaParallelChart   *self,
           GtkSnapshot           *snapshot,
           const graphene_rect_t *plot,
           guint                  axis)
{
  GStrv labels = g_ptr_array_index (self->categories, axis);
  GdkRGBA line = self->colors.foreground, text = self->colors.foreground;
  float x = plot->origin.x + (self->n_axes > 1 ? axis * plot->size.width / (self->n_axes - 1) : plot->size.width / 2);
  float align = axis == 0 ? 0 : axis == self->n_axes - 1 ? 1 : 0.5f;
  double lo, hi;

  line.alpha *= 0.3f;
  text.alpha *= 0.65f;
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (roundf (x), plot->origin.y, 1, plot->size.height));
  _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->axis_names[axis], x, plot->origin.y - 6, align, 1,
                             &self->colors.foreground, LUMINA_CHART_TEXT_BOLD);

  axis_extent (self, axis, &lo, &hi);
  if (labels != NULL)
    {
      guint n = g_strv_length (labels);

      for (guint i = 0; i < n; i++)
        _lumina_chart_append_text (GTK_WIDGET (self), snapshot, labels[i], x + 4,
                                   plot->origin.y + plot->size.height * (1 - (float) axis_fraction (self, axis, i)),
                                   axis == self->n_axes - 1 ? 1.1f : 0, 0.5, &text, LUMINA_CHART_TEXT_SMALL);
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      double v = i == 0 ? lo : hi;
      g_autofree char *label = _lumina_chart_format_value (v, (hi - lo) / 100, NULL);

      _lumina_chart_append_text (GTK_WIDGET (self), snapshot, label, x + 4,
                                 plot->origin.y + (i == 0 ? plot->size.height : 0), axis == self->n_axes - 1 ? 1.1f : 0,
                                 i == 0 ? 1 : 0, &text, LUMINA_CHART_TEXT_SMALL);
    }
}

static void
draw_scale (LuminaParallelChart *self,
            GtkSnapshot         *snapshot,
            float                width,
            float                height)
{
  GdkRGBA text = self->colors.foreground;
  float bar_w = 160, x = width - PADDING - bar_w, y = height - PADDING - 10;
  g_autofree char *lo_text = NULL, *hi_text = NULL;
  double lo, hi;

  score_extent (self, &lo, &hi);
  if (!isfinite (lo))
    return;
  for (guint i = 0; i < 32; i++)
    {
      double t = (i + 0.5) / 32.0;
      GdkRGBA c = quality_color (self, self->higher_is_better ? t : 1 - t);

      gtk_snapshot_append_color (snapshot, &c, &GRAPHENE_RECT_INIT (x + i * bar_w / 32, y, bar_w / 32 + 0.5f, 10));
    }
  text.alpha *= 0.7f;
  lo_text = _lumina_chart_format_value (lo, (hi - lo) / 100, NULL);
  hi_text = _lumina_chart_format_value (hi, (hi - lo) / 100, NULL);
  _lumina_chart_append_text (GTK_WIDGET (self), snapshot, lo_text, x - 6, y + 5, 1, 0.5, &text, LUMINA_CHART_TEXT_SMALL);
  _lumina_chart_append_text (GTK_WIDGET (self), snapshot, hi_text, x + bar_w, y - 2, 1, 1, &text, LUMINA_CHART_TEXT_SMALL);
  if (self->score_name != NULL)
    _lumina_chart_append_text (GTK_WIDGET (self), snapshot, self->score_name, x, y - 2, 0, 1, &text, LUMINA_CHART_TEXT_SMALL);
}

static void
lumina_parallel_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  LuminaParallelChart *self = LUMINA_PARALLEL_CHART (widget);
  float width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  float top = PADDING + (self->title != NULL ? 30 : 0) + 24;
  graphene_rect_t plot = GRAPHENE_RECT_INIT (PADDING + 8, top, width - 2 * PADDING - 16, height - top - PADDING - 44);

  if (width <= 0 || height <= 0 || plot.size.width <= 0 || plot.size.height <= 0)
    return;

  if (self->title != NULL)
    _lumina_chart_append_text (widget, snapshot, self->title, PADDING, PADDING + 9, 0, 0.5,
                               &self->colors.foreground, LUMINA_CHART_TEXT_BOLD);

  if (self->n_lines == 0 || self->n_axes == 0)
    {
      GdkRGBA box = self->colors.foreground, dim = self->colors.foreground;
      GskRoundedRect rounded;

      box.alpha *= 0.04f;
      dim.alpha *= 0.55f;
      gsk_rounded_rect_init_from_rect (&rounded, &plot, 12);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &box, &plot);
      gtk_snapshot_pop (snapshot);
      if (self->placeholder != NULL)
        _lumina_chart_append_text (widget, snapshot, self->placeholder, plot.origin.x + plot.size.width / 2,
                                   plot.origin.y + plot.size.height / 2, 0.5, 0.5, &dim, 0);
      return;
    }

  draw_lines (self, snapshot, &plot);
  for (guint a = 0; a < self->n_axes; a++)
    draw_axis (self, snapshot, &plot, a);
  draw_scale (self, snapshot, width, height);
}

static void
lumina_parallel_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 320;
}

static void
lumina_parallel_chart_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  LuminaParallelChart *self = LUMINA_PARALLEL_CHART (widget);

  GTK_WIDGET_CLASS (lumina_parallel_chart_parent_class)->css_changed (widget, change);
  _lumina_chart_update_colors (widget, &self->colors);
  gtk_widget_queue_draw (widget);
}

static void
lumina_parallel_chart_finalize (GObject *object)
{
  LuminaParallelChart *self = LUMINA_PARALLEL_CHART (object);

  lumina_parallel_chart_clear (self);
  g_ptr_array_unref (self->categories);
  g_free (self->title);
  g_free (self->placeholder);

  G_OBJECT_CLASS (lumina_parallel_chart_parent_class)->finalize (object);
}

static void
lumina_parallel_chart_class_init (LuminaParallelChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lumina_parallel_chart_finalize;
  widget_class->snapshot = lumina_parallel_chart_snapshot;
  widget_class->measure = lumina_parallel_chart_measure;
  widget_class->css_changed = lumina_parallel_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "luminaparallelchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lumina_parallel_chart_init (LuminaParallelChart *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->higher_is_better = TRUE;
  self->placeholder = g_strdup (_("No runs yet"));
  _lumina_chart_update_colors (GTK_WIDGET (self), &self->colors);
}

GtkWidget *
lumina_parallel_chart_new (void)
{
  return g_object_new (LUMINA_TYPE_PARALLEL_CHART, NULL);
}

void
lumina_parallel_chart_set_title (LuminaParallelChart *self,
                                 const char          *title)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lumina_parallel_chart_set_placeholder (LuminaParallelChart *self,
                                       const char          *text)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));

  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_description (LuminaParallelChart *self)
{
  g_autofree char *text = NULL;
  double lo, hi;

  score_extent (self, &lo, &hi);
  text = g_strdup_printf (_("Parallel coordinates of %u runs over %u parameters; %s from %g to %g"),
                          self->n_lines, self->n_axes,
                          self->score_name != NULL ? self->score_name : _("score"),
                          isfinite (lo) ? lo : 0, isfinite (hi) ? hi : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
lumina_parallel_chart_set_data (LuminaParallelChart *self,
                                guint                n_axes,
                                const char * const  *axis_names,
                                const gboolean      *axis_log,
                                guint                n_lines,
                                const double        *values,
                                const double        *scores,
                                const char          *score_name)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));
  g_return_if_fail (n_axes == 0 || axis_names != NULL);
  g_return_if_fail (n_lines == 0 || n_axes == 0 || (values != NULL && scores != NULL));

  lumina_parallel_chart_clear (self);
  self->n_axes = n_axes;
  self->n_lines = n_axes > 0 ? n_lines : 0;
  self->axis_names = g_new0 (char *, n_axes + 1);
  for (guint a = 0; a < n_axes; a++)
    {
      self->axis_names[a] = g_strdup (axis_names[a]);
      g_ptr_array_add (self->categories, NULL);
    }
  self->axis_log = axis_log != NULL ? g_memdup2 (axis_log, sizeof (gboolean) * n_axes) : NULL;
  self->values = g_memdup2 (values, sizeof (double) * n_axes * self->n_lines);
  self->scores = g_memdup2 (scores, sizeof (double) * self->n_lines);
  self->score_name = g_strdup (score_name);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lumina_parallel_chart_set_axis_categories (LuminaParallelChart *self,
                                           guint                axis,
                                           const char * const  *labels)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));
  g_return_if_fail (axis < self->n_axes);

  g_strfreev (g_ptr_array_index (self->categories, axis));
  g_ptr_array_index (self->categories, axis) = g_strdupv ((char **) labels);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lumina_parallel_chart_set_higher_is_better (LuminaParallelChart *self,
                                            gboolean             higher_is_better)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));

  self->higher_is_better = !!higher_is_better;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lumina_parallel_chart_clear (LuminaParallelChart *self)
{
  g_return_if_fail (LUMINA_IS_PARALLEL_CHART (self));

  g_clear_pointer (&self->axis_names, g_strfreev);
  g_clear_pointer (&self->axis_log, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->scores, g_free);
  g_clear_pointer (&self->score_name, g_free);
  g_ptr_array_set_size (self->categories, 0);
  self->n_axes = self->n_lines = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
lumina_parallel_chart_get_n_lines (LuminaParallelChart *self)
{
  g_return_val_if_fail (LUMINA_IS_PARALLEL_CHART (self), 0);

  return self->n_lines;
}
