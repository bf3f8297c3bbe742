/* lumina-monitoring-data.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Monitoring view's charts show: a time window (live from the
 * store's ring buffers, or queried with a step), series fetched and
 * combined (sums, counter rates, ratios), and the lines handed to a chart.
 */
#pragma once

#include "lumina-chart.h"
#include "lumina-engine.h"

G_BEGIN_DECLS

/* Live windows read the in-memory ring buffers (1024 points a series, about
 * 17 minutes at one sample a second); longer ones query metrics.db. */
#define LUMINA_MONITORING_LIVE_MAX_MS (15 * 60 * 1000)

typedef struct
{
  gint64 from_ms;
  gint64 to_ms;
  gint64 step_ms;   /* 0: live, from the ring buffers */
} LuminaMonitoringWindow;

/* One line of a chart: a name, a style and its samples × scale. */
typedef struct
{
  char             *name;
  LuminaChartStyle  style;
  GArray           *samples;   /* LuminaMetricSample */
  double            scale;
} LuminaMonitoringLine;

void        lumina_monitoring_window_init    (LuminaMonitoringWindow       *window,
                                              gint64                        from_ms,
                                              gint64                        to_ms,
                                              gboolean                      live);
gint64      lumina_monitoring_step_for       (gint64                        span_ms);

GArray     *lumina_monitoring_fetch          (LuminaMetricStore            *store,
                                              guint                         series_id,
                                              const LuminaMonitoringWindow *window,
                                              LuminaMetricAgg               agg);
GArray     *lumina_monitoring_fetch_rate     (LuminaMetricStore            *store,
                                              guint                         series_id,
                                              const LuminaMonitoringWindow *window);
GArray     *lumina_monitoring_fetch_sum      (LuminaMetricStore            *store,
                                              const char                   *name,
                                              const char * const           *matchers,
                                              const LuminaMonitoringWindow *window);
GArray     *lumina_monitoring_sum            (GArray                       *a,
                                              GArray                       *b);
GArray     *lumina_monitoring_counter_rate   (GArray                       *counter);
GArray     *lumina_monitoring_ratio          (GArray                       *numerator,
                                              GArray                       *denominator);

const char *lumina_monitoring_series_label   (const LuminaMetricSeriesInfo *info,
                                              const char                   *key);
const char *lumina_monitoring_guess_unit     (const char                   *metric,
                                              double                       *scale);

GPtrArray  *lumina_monitoring_lines_new      (void);
void        lumina_monitoring_lines_add      (GPtrArray                    *lines,
                                              const char                   *name,
                                              LuminaChartStyle              style,
                                              GArray                       *samples,
                                              double                        scale);
void        lumina_monitoring_chart_show     (LuminaChart                  *chart,
                                              const LuminaMonitoringWindow *window,
                                              GPtrArray                    *lines);
void        lumina_monitoring_chart_prepare  (LuminaChart                  *chart,
                                              const char                   *title,
                                              const char                   *y_label,
                                              const char                   *unit,
                                              double                        y_max);

G_END_DECLS
