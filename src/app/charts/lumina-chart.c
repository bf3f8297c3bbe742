/* lumina-chart.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LuminaChart: data, ranges and layout.  Drawing of the frame lives in
 * lumina-chart-frame.c, the data layer in lumina-chart-render-gl.c (OpenGL)
 * or lumina-chart-render-snapshot.c (cairo), input in lumina-chart-input.c.
 */
#define G_LOG_DOMAIN "lumina-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "lumina-chart-private.h"

#define PADDING       12.0f
#define TICK_GAP      8.0f
#define MIN_TICK_STEP 56

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LuminaChart, lumina_chart, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  LuminaChartSeries *series = data;

  g_free (series->name);
  g_array_unref (series->x);
  g_array_unref (series->y);
  g_clear_pointer (&series->block_min, g_array_unref);
  g_clear_pointer (&series->block_max, g_array_unref);
  g_free (series);
}

static void
threshold_clear (gpointer data)
{
  g_free (((LuminaChartThreshold *) data)->label);
}

static void
annotation_clear (gpointer data)
{
  g_free (((LuminaChartAnnotation *) data)->label);
}

static void
lumina_chart_changed (LuminaChart *self)
{
  g_autofree char *description = NULL;

  g_assert (LUMINA_IS_CHART (self));

  self->layout_revision++;
  description = _lumina_chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _lumina_chart_gl_queue_render (self);
}

gboolean
_lumina_chart_has_data (LuminaChart *self)
{
  if (self->heat_rows > 0)
    return TRUE;

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; series->visible && j < series->y->len; j++)
        if (isfinite (g_array_index (series->y, double, j)))
          return TRUE;
    }

  return FALSE;
}

gboolean
_lumina_chart_series_uses_bars (LuminaChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    if (((LuminaChartSeries *) g_ptr_array_index (self->series, i))->style == LUMINA_CHART_STYLE_BARS)
      return TRUE;

  return FALSE;
}

const GdkRGBA *
_lumina_chart_series_color (LuminaChart *self,
                            guint        index)
{
  LuminaChartSeries *series = g_ptr_array_index (self->series, index);

  if (series->has_color)
    return &series->color;

  return &self->colors.palette[index % LUMINA_CHART_PALETTE_SIZE];
}

/* Okabe–Ito derived, led by the accent colour; a lighter set for dark mode. */
void
_lumina_chart_update_colors (GtkWidget         *widget,
                             LuminaChartColors *colors)
{
  static const char *light[] = { NULL, "#d55e00", "#009e73", "#cc79a7", "#0072b2", "#b08800" };
  static const char *dark[] = { NULL, "#ff8f4a", "#2ec27e", "#e39ccb", "#56b4e9", "#f0c419" };

G_GNUC_BEGIN_IGNORE_DEPRECATIONS  /* the baseline's only way to read named colours */
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, &colors->foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", &colors->accent))
    gdk_rgba_parse (&colors->accent, "#1c71d8");
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &colors->background))
    gdk_rgba_parse (&colors->background, "#ffffff");
G_GNUC_END_IGNORE_DEPRECATIONS

  colors->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  colors->palette[0] = colors->accent;
  for (guint i = 1; i < LUMINA_CHART_PALETTE_SIZE; i++)
    gdk_rgba_parse (&colors->palette[i], colors->dark ? dark[i] : light[i]);
}

static gboolean
usable (LuminaChartScale scale,
        double           value)
{
  return isfinite (value) && (scale != LUMINA_CHART_SCALE_LOG || value > 0);
}

static void
data_extent (LuminaChart *self,
             gboolean     want_x,
             double       x_lo,
             double       x_hi,
             double      *min,
             double      *max)
{
  LuminaChartScale scale = self->axes[want_x ? 0 : 1].scale;

  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);

      if (!series->visible)
        continue;

      /* Sorted series: x runs from the first to the last finite point, and
       * y comes from block summaries over the visible slice. */
      if (series->sorted && want_x && series->y->len > 0)
        {
          gsize first = 0, last = series->y->len;

          while (first < last && !(isfinite (g_array_index (series->y, double, first)) &&
                                   usable (scale, g_array_index (series->x, double, first))))
            first++;
          while (last > first && !(isfinite (g_array_index (series->y, double, last - 1)) &&
                                   usable (scale, g_array_index (series->x, double, last - 1))))
            last--;
          if (first < last)
            {
              *min = MIN (*min, g_array_index (series->x, double, first));
              *max = MAX (*max, g_array_index (series->x, double, last - 1));
            }
          continue;
        }
      if (!want_x && scale != LUMINA_CHART_SCALE_LOG && _lumina_chart_series_y_extent (series, x_lo, x_hi, min, max))
        continue;

      for (guint j = 0; j < series->y->len; j++)
        {
          double x = g_array_index (series->x, double, j);
          double y = g_array_index (series->y, double, j);
          double v = want_x ? x : y;

          if (!isfinite (y) || !usable (scale, v) || (!want_x && (x < x_lo || x > x_hi)))
            continue;
          *min = MIN (*min, v);
          *max = MAX (*max, v);
        }
    }
}

static void
resolve_x (LuminaChart      *self,
           LuminaChartRange *range)
{
  LuminaChartAxisInfo *axis = &self->axes[0];
  double min, max;

  range->scale = self->categories != NULL ? LUMINA_CHART_SCALE_LINEAR : axis->scale;
  if (self->categories != NULL)
    {
      range->min = -0.5;
      range->max = g_strv_length (self->categories) - 0.5;
      return;
    }

  data_extent (self, TRUE, -INFINITY, INFINITY, &min, &max);
  if (!isfinite (min))
    min = range->scale == LUMINA_CHART_SCALE_LOG ? 1 : 0, max = min + 1;
  if (self->follow && self->follow_window > 0)
    min = MAX (min, max - self->follow_window);
  if (_lumina_chart_series_uses_bars (self))
    min -= 0.5, max += 0.5;
  if (isfinite (axis->fixed_min))
    min = axis->fixed_min;
  if (isfinite (axis->fixed_max))
    max = axis->fixed_max;
  if (isfinite (axis->zoom_min) && isfinite (axis->zoom_max))
    min = axis->zoom_min, max = axis->zoom_max;
  if (max <= min || range->scale == LUMINA_CHART_SCALE_LOG)
    _lumina_chart_nice_range (range->scale, &min, &max);

  range->min = min;
  range->max = max;
}

static void
resolve_y (LuminaChart            *self,
           const LuminaChartRange *x_range,
           LuminaChartRange       *range)
{
  LuminaChartAxisInfo *axis = &self->axes[1];
  double min, max;

  range->scale = axis->scale == LUMINA_CHART_SCALE_TIME ? LUMINA_CHART_SCALE_LINEAR : axis->scale;
  data_extent (self, FALSE, x_range->min, x_range->max, &min, &max);
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      LuminaChartThreshold *t = &g_array_index (self->thresholds, LuminaChartThreshold, i);

      if (usable (range->scale, t->y0) && usable (range->scale, t->y1))
        min = MIN (min, MIN (t->y0, t->y1)), max = MAX (max, MAX (t->y0, t->y1));
    }
  if (!isfinite (min))
    min = range->scale == LUMINA_CHART_SCALE_LOG ? 1 : 0, max = min + 1;
  if (_lumina_chart_series_uses_bars (self) && range->scale != LUMINA_CHART_SCALE_LOG)
    min = MIN (min, 0), max = MAX (max, 0);
  if (!isfinite (axis->fixed_min) || !isfinite (axis->fixed_max))
    {
      _lumina_chart_nice_range (range->scale, &min, &max);
      /* Padding a flat line must not run past what the values can be
       * (an accuracy of 1 drawn up to 1.1). */
      if (min < axis->limit_min && max > axis->limit_min)
        min = axis->limit_min;
      if (max > axis->limit_max && min < axis->limit_max)
        max = axis->limit_max;
    }
  if (isfinite (axis->fixed_min))
    min = axis->fixed_min;
  if (isfinite (axis->fixed_max))
    max = axis->fixed_max;
  if (isfinite (axis->zoom_min) && isfinite (axis->zoom_max))
    min = axis->zoom_min, max = axis->zoom_max;
  if (max <= min)
    max = min + 1;

  range->min = min;
  range->max = max;
}

void
_lumina_chart_compute_ranges (LuminaChart      *self,
                              LuminaChartRange *x_range,
                              LuminaChartRange *y_range)
{
  resolve_x (self, x_range);
  resolve_y (self, x_range, y_range);
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static float
widest_label (LuminaChart            *self,
              const LuminaChartRange *range,
              const char             *unit,
              const char * const     *categories)
{
  g_autoptr(GArray) ticks = NULL;
  int widest = 0;

  if (categories != NULL)
    {
      for (guint i = 0; categories[i] != NULL; i++)
        widest = MAX (widest, text_width (GTK_WIDGET (self), categories[i]));
      return MIN (widest, 200);
    }

  ticks = _lumina_chart_ticks (range->scale, range->min, range->max, 6, unit);
  for (guint i = 0; i < ticks->len; i++)
    widest = MAX (widest, text_width (GTK_WIDGET (self),
                                      g_array_index (ticks, LuminaChartTick, i).label));

  return widest;
}

/* The plot rectangle: what is left after title, legend and tick labels. */
void
_lumina_chart_compute_plot (LuminaChart            *self,
                            float                   width,
                            float                   height,
                            const LuminaChartRange *x_range,
                            const LuminaChartRange *y_range,
                            graphene_rect_t        *plot)
{
  float line = 18.0f;
  float top = PADDING;
  float left = PADDING;
  float bottom = PADDING + line + TICK_GAP;
  float right = PADDING;
  guint top_lines = _lumina_chart_layout_legend (self, width, NULL);

  /* The title and legend lines (20 px each), then the usual gap. */
  if (top_lines > 0)
    top += line + TICK_GAP + (top_lines - 1) * LUMINA_CHART_LEGEND_LINE;

  if (self->heat_rows > 0)
    {
      left += self->heat_row_labels != NULL ? widest_label (self, NULL, NULL,
                                                            (const char * const *) self->heat_row_labels) + TICK_GAP : 0;
      bottom = PADDING + (self->heat_col_labels != NULL ? line + TICK_GAP : 0);
    }
  else if (self->horizontal && self->categories != NULL)
    left += widest_label (self, NULL, NULL, (const char * const *) self->categories) + TICK_GAP;
  else
    left += widest_label (self, y_range, self->axes[1].unit, NULL) + TICK_GAP;

  if (self->axes[1].label != NULL)
    left += line + 4;
  if (self->axes[0].label != NULL)
    bottom += line + 4;
  /* Room for the last x label to hang over the edge. */
  right += 16;

  graphene_rect_init (plot, left, top, MAX (1, width - left - right), MAX (1, height - top - bottom));
}

static void
lumina_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LuminaChart *self = LUMINA_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  _lumina_chart_draw (self, snapshot, width, height, self->gl_area == NULL);
}

/* Draws the whole chart; @cairo_data draws the series with cairo instead of
 * the GL child (no GL, or exporting). */
void
_lumina_chart_draw (LuminaChart *self,
                    GtkSnapshot *snapshot,
                    float        width,
                    float        height,
                    gboolean     cairo_data)
{
  _lumina_chart_compute_ranges (self, &self->x_range, &self->y_range);
  _lumina_chart_compute_plot (self, width, height, &self->x_range, &self->y_range, &self->plot);

  _lumina_chart_draw_frame (self, snapshot, width, height);
  if (!_lumina_chart_has_data (self))
    return;

  if (self->heat_rows > 0)
    {
      _lumina_chart_draw_heatmap (self, snapshot);
      return;
    }

  gtk_snapshot_push_clip (snapshot, &self->plot);
  _lumina_chart_draw_bars (self, snapshot);
  if (cairo_data)
    _lumina_chart_snapshot_series (self, snapshot);
  else if (self->gl_area != NULL)
    gtk_widget_snapshot_child (GTK_WIDGET (self), self->gl_area, snapshot);
  gtk_snapshot_pop (snapshot);

  _lumina_chart_draw_overlays (self, snapshot, width, height);
}

static void
lumina_chart_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  LuminaChart *self = LUMINA_CHART (widget);
  LuminaChartRange x_range, y_range;
  graphene_rect_t plot;

  if (self->gl_area == NULL)
    return;

  _lumina_chart_compute_ranges (self, &x_range, &y_range);
  _lumina_chart_compute_plot (self, width, height, &x_range, &y_range, &plot);
  gtk_widget_size_allocate (self->gl_area,
                            &(GtkAllocation) { (int) plot.origin.x, (int) plot.origin.y,
                                               (int) plot.size.width, (int) plot.size.height },
                            -1);
}

static void
lumina_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LuminaChart *self = LUMINA_CHART (widget);

  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 140;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280;

  /* A legend that wraps at this width takes its lines from the plot no
   * more: the chart grows by them. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size > 0)
    {
      guint lines = _lumina_chart_layout_legend (self, for_size, NULL);
      int extra = lines > 1 ? (int) ((lines - 1) * LUMINA_CHART_LEGEND_LINE) : 0;

      *minimum += extra;
      *natural += extra;
    }
}

static GtkSizeRequestMode
lumina_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static gboolean
want_gl (LuminaChart *self)
{
  const char *renderer = g_getenv ("LUMINA_CHART_RENDERER");

  if (renderer != NULL && g_str_equal (renderer, "cairo"))
    return FALSE;

  return _lumina_chart_gl_available (GTK_WIDGET (self));
}

static void
lumina_chart_realize (GtkWidget *widget)
{
  LuminaChart *self = LUMINA_CHART (widget);

  GTK_WIDGET_CLASS (lumina_chart_parent_class)->realize (widget);

  if (!self->gl_decided)
    {
      self->gl_decided = TRUE;
      if (want_gl (self))
        {
          self->gl_area = _lumina_chart_gl_area_new (self);
          gtk_widget_set_parent (self->gl_area, widget);
        }
      else
        g_debug ("Drawing chart data with cairo");
    }
}

static void
lumina_chart_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  LuminaChart *self = LUMINA_CHART (widget);

  GTK_WIDGET_CLASS (lumina_chart_parent_class)->css_changed (widget, change);

  _lumina_chart_update_colors (widget, &self->colors);
  /* The font may have changed; the parent class queues the resize. */
  _lumina_chart_forget_legend (self);
  gtk_widget_queue_draw (widget);
  _lumina_chart_gl_queue_render (self);
}

static void
lumina_chart_dispose (GObject *object)
{
  LuminaChart *self = LUMINA_CHART (object);

  g_clear_pointer (&self->gl_area, gtk_widget_unparent);

  G_OBJECT_CLASS (lumina_chart_parent_class)->dispose (object);
}

static void
lumina_chart_finalize (GObject *object)
{
  LuminaChart *self = LUMINA_CHART (object);

  g_free (self->title);
  g_free (self->placeholder);
  g_clear_pointer (&self->legend_widths, g_array_unref);
  g_ptr_array_unref (self->series);
  g_array_unref (self->thresholds);
  g_array_unref (self->annotations);
  g_strfreev (self->categories);
  g_free (self->heat_values);
  g_strfreev (self->heat_row_labels);
  g_strfreev (self->heat_col_labels);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->axes[i].label);
      g_free (self->axes[i].unit);
    }

  G_OBJECT_CLASS (lumina_chart_parent_class)->finalize (object);
}

static void
lumina_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LuminaChart *self = LUMINA_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LuminaChart *self = LUMINA_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lumina_chart_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_chart_class_init (LuminaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_chart_dispose;
  object_class->finalize = lumina_chart_finalize;
  object_class->get_property = lumina_chart_get_property;
  object_class->set_property = lumina_chart_set_property;

  widget_class->snapshot = lumina_chart_snapshot;
  widget_class->measure = lumina_chart_measure;
  widget_class->get_request_mode = lumina_chart_get_request_mode;
  widget_class->size_allocate = lumina_chart_size_allocate;
  widget_class->realize = lumina_chart_realize;
  widget_class->css_changed = lumina_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "luminachart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lumina_chart_init (LuminaChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->thresholds = g_array_new (FALSE, TRUE, sizeof (LuminaChartThreshold));
  g_array_set_clear_func (self->thresholds, threshold_clear);
  self->annotations = g_array_new (FALSE, TRUE, sizeof (LuminaChartAnnotation));
  g_array_set_clear_func (self->annotations, annotation_clear);
  for (guint i = 0; i < 2; i++)
    {
      self->axes[i].fixed_min = self->axes[i].fixed_max = NAN;
      self->axes[i].limit_min = -INFINITY;
      self->axes[i].limit_max = INFINITY;
      self->axes[i].zoom_min = self->axes[i].zoom_max = NAN;
    }
  self->placeholder = g_strdup (_("No data yet"));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  _lumina_chart_update_colors (GTK_WIDGET (self), &self->colors);
  _lumina_chart_init_input (self);
  lumina_chart_changed (self);
}

GtkWidget *
lumina_chart_new (void)
{
  return g_object_new (LUMINA_TYPE_CHART, NULL);
}

void
lumina_chart_set_title (LuminaChart *self,
                        const char  *title)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  _lumina_chart_forget_legend (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  lumina_chart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
lumina_chart_get_title (LuminaChart *self)
{
  g_return_val_if_fail (LUMINA_IS_CHART (self), NULL);

  return self->title;
}

void
lumina_chart_set_placeholder (LuminaChart *self,
                              const char  *text)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
lumina_chart_add_series (LuminaChart      *self,
                         const char       *name,
                         LuminaChartStyle  style)
{
  LuminaChartSeries *series;

  g_return_val_if_fail (LUMINA_IS_CHART (self), 0);

  series = g_new0 (LuminaChartSeries, 1);
  series->name = g_strdup (name != NULL ? name : "");
  series->style = style;
  series->x = g_array_new (FALSE, FALSE, sizeof (double));
  series->y = g_array_new (FALSE, FALSE, sizeof (double));
  series->visible = TRUE;
  series->sorted = TRUE;
  g_ptr_array_add (self->series, series);
  _lumina_chart_forget_legend (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));   /* the legend may wrap anew */
  lumina_chart_changed (self);

  return self->series->len - 1;
}

guint
lumina_chart_get_n_series (LuminaChart *self)
{
  g_return_val_if_fail (LUMINA_IS_CHART (self), 0);

  return self->series->len;
}

void
lumina_chart_append_points (LuminaChart  *self,
                            guint         series_index,
                            const double *x,
                            const double *y,
                            gsize         n_points)
{
  LuminaChartSeries *series;

  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (series_index < self->series->len);
  g_return_if_fail (y != NULL || n_points == 0);

  series = g_ptr_array_index (self->series, series_index);
  for (gsize i = 0; i < n_points; i++)
    {
      double xi = x != NULL ? x[i] : (double) series->x->len;

      if (series->x->len > 0 && xi < g_array_index (series->x, double, series->x->len - 1))
        series->sorted = FALSE;
      g_array_append_val (series->x, xi);
      g_array_append_val (series->y, y[i]);
    }
  series->revision++;
  lumina_chart_changed (self);
}

void
lumina_chart_set_series_data (LuminaChart  *self,
                              guint         series_index,
                              const double *x,
                              const double *y,
                              gsize         n_points)
{
  LuminaChartSeries *series;

  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (series_index < self->series->len);

  series = g_ptr_array_index (self->series, series_index);
  g_array_set_size (series->x, 0);
  g_array_set_size (series->y, 0);
  series->sorted = TRUE;
  lumina_chart_append_points (self, series_index, x, y, n_points);
}

void
lumina_chart_set_series_visible (LuminaChart *self,
                                 guint        series_index,
                                 gboolean     visible)
{
  LuminaChartSeries *series;

  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (series_index < self->series->len);

  series = g_ptr_array_index (self->series, series_index);
  series->visible = !!visible;
  series->revision++;
  lumina_chart_changed (self);
}

void
lumina_chart_set_series_color (LuminaChart   *self,
                               guint          series_index,
                               const GdkRGBA *color)
{
  LuminaChartSeries *series;

  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (series_index < self->series->len);

  series = g_ptr_array_index (self->series, series_index);
  series->has_color = color != NULL;
  if (color != NULL)
    series->color = *color;
  series->revision++;
  lumina_chart_changed (self);
}

void
lumina_chart_clear (LuminaChart *self)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  _lumina_chart_forget_legend (self);
  g_array_set_size (self->thresholds, 0);
  g_array_set_size (self->annotations, 0);
  g_clear_pointer (&self->categories, g_strfreev);
  lumina_chart_set_heatmap (self, 0, 0, NULL, NULL, NULL);
  lumina_chart_reset_zoom (self);
}

void
lumina_chart_set_axis (LuminaChart      *self,
                       LuminaChartAxis   axis,
                       LuminaChartScale  scale,
                       const char       *label,
                       const char       *unit)
{
  LuminaChartAxisInfo *info;

  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (axis <= LUMINA_CHART_AXIS_Y);

  info = &self->axes[axis];
  info->scale = scale;
  g_free (info->label);
  info->label = g_strdup (label);
  g_free (info->unit);
  info->unit = g_strdup (unit);
  lumina_chart_changed (self);
}

void
lumina_chart_set_x_range (LuminaChart *self,
                          double       min,
                          double       max)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  self->axes[0].fixed_min = min;
  self->axes[0].fixed_max = max;
  lumina_chart_changed (self);
}

void
lumina_chart_set_y_range (LuminaChart *self,
                          double       min,
                          double       max)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  self->axes[1].fixed_min = min;
  self->axes[1].fixed_max = max;
  lumina_chart_changed (self);
}

void
lumina_chart_set_y_limits (LuminaChart *self,
                           double       min,
                           double       max)
{
  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (!(min >= max));

  self->axes[1].limit_min = isnan (min) ? -INFINITY : min;
  self->axes[1].limit_max = isnan (max) ? INFINITY : max;
  lumina_chart_changed (self);
}

void
lumina_chart_set_categories (LuminaChart        *self,
                             const char * const *labels)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **) labels);
  lumina_chart_changed (self);
}

void
lumina_chart_set_horizontal (LuminaChart *self,
                             gboolean     horizontal)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  self->horizontal = !!horizontal;
  lumina_chart_changed (self);
}

static GStrv
copy_labels (const char * const *labels,
             guint               n)
{
  GStrv copy;

  if (labels == NULL)
    return NULL;

  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (labels[i] != NULL ? labels[i] : "");

  return copy;
}

void
lumina_chart_set_heatmap (LuminaChart        *self,
                          guint               rows,
                          guint               cols,
                          const double       *values,
                          const char * const *row_labels,
                          const char * const *col_labels)
{
  g_return_if_fail (LUMINA_IS_CHART (self));
  g_return_if_fail (rows == 0 || (cols > 0 && values != NULL));

  g_clear_pointer (&self->heat_values, g_free);
  g_clear_pointer (&self->heat_row_labels, g_strfreev);
  g_clear_pointer (&self->heat_col_labels, g_strfreev);
  self->heat_rows = rows;
  self->heat_cols = rows > 0 ? cols : 0;
  if (rows > 0)
    {
      self->heat_values = g_memdup2 (values, sizeof (double) * rows * cols);
      self->heat_row_labels = copy_labels (row_labels, rows);
      self->heat_col_labels = copy_labels (col_labels, cols);
    }
  lumina_chart_changed (self);
}

guint
lumina_chart_add_band (LuminaChart *self,
                       double       y0,
                       double       y1,
                       const char  *label)
{
  LuminaChartThreshold threshold = { MIN (y0, y1), MAX (y0, y1), g_strdup (label) };

  g_return_val_if_fail (LUMINA_IS_CHART (self), 0);

  g_array_append_val (self->thresholds, threshold);
  lumina_chart_changed (self);

  return self->thresholds->len - 1;
}

guint
lumina_chart_add_threshold (LuminaChart *self,
                            double       y,
                            const char  *label)
{
  return lumina_chart_add_band (self, y, y, label);
}

guint
lumina_chart_add_annotation (LuminaChart *self,
                             double       x,
                             const char  *label)
{
  LuminaChartAnnotation annotation = { x, g_strdup (label) };

  g_return_val_if_fail (LUMINA_IS_CHART (self), 0);

  g_array_append_val (self->annotations, annotation);
  lumina_chart_changed (self);

  return self->annotations->len - 1;
}

void
lumina_chart_clear_markers (LuminaChart *self)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  g_array_set_size (self->thresholds, 0);
  g_array_set_size (self->annotations, 0);
  lumina_chart_changed (self);
}

void
lumina_chart_set_follow (LuminaChart *self,
                         gboolean     follow,
                         double       window)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  self->follow = !!follow;
  self->follow_window = window;
  if (follow)
    self->axes[0].zoom_min = self->axes[0].zoom_max = NAN;
  lumina_chart_changed (self);
}

gboolean
lumina_chart_get_follow (LuminaChart *self)
{
  g_return_val_if_fail (LUMINA_IS_CHART (self), FALSE);

  return self->follow;
}

void
lumina_chart_reset_zoom (LuminaChart *self)
{
  g_return_if_fail (LUMINA_IS_CHART (self));

  for (guint i = 0; i < 2; i++)
    self->axes[i].zoom_min = self->axes[i].zoom_max = NAN;
  lumina_chart_changed (self);
}

gboolean
lumina_chart_get_uses_gl (LuminaChart *self)
{
  g_return_val_if_fail (LUMINA_IS_CHART (self), FALSE);

  return self->gl_area != NULL;
}
