/* lumina-chart-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of LuminaChart: the instance struct, the axis
 * maths (ticks, labels, mapping) and the decimation, which the tests call
 * directly.
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"

G_BEGIN_DECLS

#define LUMINA_CHART_PALETTE_SIZE 6

#define LUMINA_CHART_TEXT_BOLD  (1 << 0)
#define LUMINA_CHART_TEXT_SMALL (1 << 1)

typedef struct
{
  char             *name;
  LuminaChartStyle  style;
  GArray           *x;          /* double */
  GArray           *y;          /* double */
  gboolean          visible;
  gboolean          sorted;     /* x never decreases: decimation applies */
  gboolean          has_color;
  GdkRGBA           color;
  guint             revision;
  /* Min and max of the finite y in each block of points, for fast extents
   * of sorted series; rebuilt when blocks_revision != revision + 1. */
  GArray           *block_min;  /* double */
  GArray           *block_max;  /* double */
  guint             blocks_revision;
} LuminaChartSeries;

typedef struct
{
  double  y0;
  double  y1;                   /* == y0 for a line */
  char   *label;
} LuminaChartThreshold;

typedef struct
{
  double  x;
  char   *label;
} LuminaChartAnnotation;

typedef struct
{
  LuminaChartScale  scale;
  char             *label;
  char             *unit;
  double            fixed_min;  /* NaN: automatic */
  double            fixed_max;
  double            limit_min;  /* automatic ranges stay within; ±inf: none */
  double            limit_max;
  double            zoom_min;   /* NaN: not zoomed */
  double            zoom_max;
} LuminaChartAxisInfo;

/* A resolved axis range: what the plot shows. */
typedef struct
{
  LuminaChartScale scale;
  double           min;
  double           max;
} LuminaChartRange;

typedef struct
{
  double  value;
  char   *label;
} LuminaChartTick;

typedef struct
{
  GdkRGBA foreground;
  GdkRGBA background;
  GdkRGBA accent;
  GdkRGBA palette[LUMINA_CHART_PALETTE_SIZE];
  gboolean dark;
} LuminaChartColors;

struct _LuminaChart
{
  GtkWidget             parent_instance;

  char                 *title;
  char                 *placeholder;
  GPtrArray            *series;        /* LuminaChartSeries */
  GArray               *thresholds;    /* LuminaChartThreshold */
  GArray               *annotations;   /* LuminaChartAnnotation */
  GStrv                 categories;
  gboolean              horizontal;

  guint                 heat_rows;
  guint                 heat_cols;
  double               *heat_values;
  GStrv                 heat_row_labels;
  GStrv                 heat_col_labels;

  LuminaChartAxisInfo   axes[2];
  gboolean              follow;
  double                follow_window;

  LuminaChartColors     colors;

  /* Text widths of the title and the legend entries, measured once: NULL
   * until needed again after a series, the title or the font changes. */
  GArray               *legend_widths; /* float */
  float                 title_width;

  /* Layout of the last allocation, used by input and the GL layer. */
  graphene_rect_t       plot;
  LuminaChartRange      x_range;
  LuminaChartRange      y_range;
  guint                 layout_revision;

  /* Rendering */
  GtkWidget            *gl_area;       /* NULL: cairo */
  gboolean              gl_decided;
  gboolean              force_cairo;   /* set while exporting */

  /* Interaction */
  gboolean              hovering;
  double                hover_x;
  double                hover_y;
  gboolean              dragging;
  double                drag_x0;
  double                drag_x1;
};

/* lumina-chart.c */
void     _lumina_chart_compute_ranges     (LuminaChart             *self,
                                           LuminaChartRange        *x_range,
                                           LuminaChartRange        *y_range);
void     _lumina_chart_compute_plot       (LuminaChart             *self,
                                           float                    width,
                                           float                    height,
                                           const LuminaChartRange  *x_range,
                                           const LuminaChartRange  *y_range,
                                           graphene_rect_t         *plot);
void     _lumina_chart_draw               (LuminaChart             *self,
                                           GtkSnapshot             *snapshot,
                                           float                    width,
                                           float                    height,
                                           gboolean                 cairo_data);
gboolean _lumina_chart_has_data           (LuminaChart             *self);
gboolean _lumina_chart_series_uses_bars   (LuminaChart             *self);
const GdkRGBA *_lumina_chart_series_color (LuminaChart             *self,
                                           guint                    index);
void     _lumina_chart_update_colors      (GtkWidget               *widget,
                                           LuminaChartColors       *colors);

/* lumina-chart-axis.c */
double   _lumina_chart_map                (const LuminaChartRange  *range,
                                           double                   value);
double   _lumina_chart_unmap              (const LuminaChartRange  *range,
                                           double                   fraction);
double   _lumina_chart_nice_number        (double                   value,
                                           gboolean                 round);
GArray  *_lumina_chart_ticks              (LuminaChartScale         scale,
                                           double                   min,
                                           double                   max,
                                           guint                    max_ticks,
                                           const char              *unit);
char    *_lumina_chart_format_value       (double                   value,
                                           double                   step,
                                           const char              *unit);
char    *_lumina_chart_format_time        (double                   seconds,
                                           double                   step);
void     _lumina_chart_nice_range         (LuminaChartScale         scale,
                                           double                  *min,
                                           double                  *max);

/* lumina-chart-decimate.c */
gboolean _lumina_chart_series_y_extent    (LuminaChartSeries       *series,
                                           double                   x_lo,
                                           double                   x_hi,
                                           double                  *min,
                                           double                  *max);
void     _lumina_chart_decimate           (const double            *x,
                                           const double            *y,
                                           gsize                    n_points,
                                           double                   x_min,
                                           double                   x_max,
                                           guint                    n_columns,
                                           GArray                  *out_x,
                                           GArray                  *out_y);

/* lumina-chart-frame.c: axes, grid, legend, markers, bars, heatmap */
void     _lumina_chart_forget_legend       (LuminaChart             *self);

#define LUMINA_CHART_LEGEND_LINE 20.0f   /* the height of a title or legend line */

typedef struct
{
  float x;
  guint line;     /* text lines from the top: 0 is the title's */
  float width;
} LuminaChartLegendSlot;

guint    _lumina_chart_layout_legend      (LuminaChart             *self,
                                           float                    width,
                                           GArray                  *slots);
void     _lumina_chart_draw_frame         (LuminaChart             *self,
                                           GtkSnapshot             *snapshot,
                                           float                    width,
                                           float                    height);
void     _lumina_chart_draw_bars          (LuminaChart             *self,
                                           GtkSnapshot             *snapshot);
void     _lumina_chart_draw_heatmap       (LuminaChart             *self,
                                           GtkSnapshot             *snapshot);
void     _lumina_chart_draw_overlays      (LuminaChart             *self,
                                           GtkSnapshot             *snapshot,
                                           float                    width,
                                           float                    height);
/* @max_width > 0: a longer text is cut with an ellipsis to fit it. */
void     _lumina_chart_append_text_within (GtkWidget               *widget,
                                           GtkSnapshot             *snapshot,
                                           const char              *text,
                                           float                    x,
                                           float                    y,
                                           float                    x_align,
                                           float                    y_align,
                                           const GdkRGBA           *color,
                                           guint                    flags,
                                           float                    max_width);
#define _lumina_chart_append_text(widget, snapshot, text, x, y, x_align, y_align, color, flags) \
  _lumina_chart_append_text_within (widget, snapshot, text, x, y, x_align, y_align, color, flags, 0)

/* lumina-chart-render-snapshot.c */
void     _lumina_chart_snapshot_series    (LuminaChart             *self,
                                           GtkSnapshot             *snapshot);
void     _lumina_chart_series_points      (LuminaChart             *self,
                                           LuminaChartSeries       *series,
                                           float                    width,
                                           GArray                  *out_x,
                                           GArray                  *out_y);
gboolean _lumina_chart_point_alone        (GArray                  *xs,
                                           GArray                  *ys,
                                           guint                    i);

/* lumina-chart-render-gl.c */
gboolean   _lumina_chart_gl_available     (GtkWidget               *widget);
GtkWidget *_lumina_chart_gl_area_new      (LuminaChart             *self);
void       _lumina_chart_gl_queue_render  (LuminaChart             *self);

/* lumina-chart-input.c */
void     _lumina_chart_init_input         (LuminaChart             *self);
char    *_lumina_chart_describe           (LuminaChart             *self);
void     _lumina_chart_draw_hover         (LuminaChart             *self,
                                           GtkSnapshot             *snapshot);

G_END_DECLS
