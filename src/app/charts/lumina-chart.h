/* lumina-chart.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's chart widget: line, area, scatter, step and bar series on linear,
 * log or time axes, a heatmap mode (confusion matrices), threshold lines,
 * annotations, live follow, zoom and pan, and PNG/SVG/CSV export.
 *
 * The data layer is drawn with OpenGL when a context can be created and with
 * GtkSnapshot/cairo otherwise; LUMINA_CHART_RENDERER=gl|cairo forces one.
 * Axes, labels and the legend are always GtkSnapshot + Pango.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LUMINA_CHART_STYLE_LINE,
  LUMINA_CHART_STYLE_AREA,
  LUMINA_CHART_STYLE_SCATTER,
  LUMINA_CHART_STYLE_STEP,
  LUMINA_CHART_STYLE_BARS,
} LuminaChartStyle;

typedef enum {
  LUMINA_CHART_AXIS_X,
  LUMINA_CHART_AXIS_Y,
} LuminaChartAxis;

/* TIME: values are seconds since the Unix epoch, labelled as local clock
 * times and dates.  A LINEAR axis whose unit is "s" is labelled as durations
 * (1 m 30 s); other units get SI prefixes (12 k, 3.5 µ). */
typedef enum {
  LUMINA_CHART_SCALE_LINEAR,
  LUMINA_CHART_SCALE_LOG,
  LUMINA_CHART_SCALE_TIME,
} LuminaChartScale;

#define LUMINA_TYPE_CHART (lumina_chart_get_type ())

G_DECLARE_FINAL_TYPE (LuminaChart, lumina_chart, LUMINA, CHART, GtkWidget)

GtkWidget  *lumina_chart_new                (void);

void        lumina_chart_set_title          (LuminaChart         *self,
                                             const char          *title);
const char *lumina_chart_get_title          (LuminaChart         *self);
/* Shown in place of the plot while there is nothing to draw; say what to do,
 * e.g. "Start a run to see its score over time". */
void        lumina_chart_set_placeholder    (LuminaChart         *self,
                                             const char          *text);

/* Series.  Returns the series index (0, 1, …).  Colours come from a
 * colour-blind-safe palette, the first series uses the accent colour. */
guint       lumina_chart_add_series         (LuminaChart         *self,
                                             const char          *name,
                                             LuminaChartStyle     style);
guint       lumina_chart_get_n_series       (LuminaChart         *self);
/* Copies the data.  @x may be NULL: the points get x = 0, 1, 2, ….  A NaN in
 * @y leaves a gap.  For BARS with categories, x is the category index. */
void        lumina_chart_set_series_data    (LuminaChart         *self,
                                             guint                series,
                                             const double        *x,
                                             const double        *y,
                                             gsize                n_points);
/* Appends to the series (live data); @x may be NULL as above. */
void        lumina_chart_append_points      (LuminaChart         *self,
                                             guint                series,
                                             const double        *x,
                                             const double        *y,
                                             gsize                n_points);
void        lumina_chart_set_series_visible (LuminaChart         *self,
                                             guint                series,
                                             gboolean             visible);
/* NULL goes back to the palette colour. */
void        lumina_chart_set_series_color   (LuminaChart         *self,
                                             guint                series,
                                             const GdkRGBA       *color);
/* Removes every series, the heatmap, thresholds, annotations and categories
 * and resets zoom; title, placeholder and axes stay. */
void        lumina_chart_clear              (LuminaChart         *self);

/* Axes.  @label and @unit may be NULL. */
void        lumina_chart_set_axis           (LuminaChart         *self,
                                             LuminaChartAxis      axis,
                                             LuminaChartScale     scale,
                                             const char          *label,
                                             const char          *unit);
/* NaN for either end means automatic (fitted to the data). */
void        lumina_chart_set_x_range        (LuminaChart         *self,
                                             double               min,
                                             double               max);
void        lumina_chart_set_y_range        (LuminaChart         *self,
                                             double               min,
                                             double               max);
/* Bounds the automatic y range to what the values can take (e.g. 0–1 for
 * an accuracy): a flat line at 1 is not padded up to 1.1.  NaN or ±inf for
 * either end: unbounded. */
void        lumina_chart_set_y_limits       (LuminaChart         *self,
                                             double               min,
                                             double               max);
/* Categorical x axis for BARS: NULL-terminated labels, index i at x = i. */
void        lumina_chart_set_categories     (LuminaChart         *self,
                                             const char * const  *labels);
/* Bars grow to the right with categories down the side (feature importance). */
void        lumina_chart_set_horizontal     (LuminaChart         *self,
                                             gboolean             horizontal);

/* Heatmap mode (replaces series while set): @values is rows × cols, row-major,
 * NaN allowed; each cell shows its value.  Labels may be NULL, else they hold
 * rows (cols) entries.  rows == 0 leaves heatmap mode. */
void        lumina_chart_set_heatmap        (LuminaChart         *self,
                                             guint                rows,
                                             guint                cols,
                                             const double        *values,
                                             const char * const  *row_labels,
                                             const char * const  *col_labels);

/* A horizontal line at @y (e.g. a target score); returns its index. */
guint       lumina_chart_add_threshold      (LuminaChart         *self,
                                             double               y,
                                             const char          *label);
/* A shaded horizontal band between @y0 and @y1; returns its threshold index. */
guint       lumina_chart_add_band           (LuminaChart         *self,
                                             double               y0,
                                             double               y1,
                                             const char          *label);
/* A vertical marker at @x (e.g. "best model", "deployed"); returns its index. */
guint       lumina_chart_add_annotation     (LuminaChart         *self,
                                             double               x,
                                             const char          *label);
void        lumina_chart_clear_markers      (LuminaChart         *self);

/* Live follow: the x range shows the last @window units of data and moves as
 * points are appended.  Zooming or panning by hand stops following. */
void        lumina_chart_set_follow         (LuminaChart         *self,
                                             gboolean             follow,
                                             double               window);
gboolean    lumina_chart_get_follow         (LuminaChart         *self);
/* Back to the automatic ranges (what a double click does). */
void        lumina_chart_reset_zoom         (LuminaChart         *self);

/* Export at the widget's current size (or 800 × 450 when unrealized). */
gboolean    lumina_chart_export_png         (LuminaChart         *self,
                                             GFile               *file,
                                             GError             **error);
gboolean    lumina_chart_export_svg         (LuminaChart         *self,
                                             GFile               *file,
                                             GError             **error);
/* One row per x value: x, then one column per series (empty where a series
 * has no point at that x); heatmaps write one row per matrix row. */
gboolean    lumina_chart_export_csv         (LuminaChart         *self,
                                             GFile               *file,
                                             GError             **error);

/* Whether the data layer is drawn with OpenGL (TRUE) or cairo (FALSE).  Valid
 * once the widget is realized. */
gboolean    lumina_chart_get_uses_gl        (LuminaChart         *self);

double      lumina_chart_nice_ceiling       (double               value,
                                             double               headroom,
                                             const double        *steps,
                                             guint                n_steps);

G_END_DECLS
