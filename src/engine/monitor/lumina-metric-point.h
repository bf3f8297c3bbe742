/* lumina-metric-point.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One measured value of a named, labelled series: what collectors produce
 * and the metric store, the exposition writer and the charts consume.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;     /* Prometheus-style: host_cpu_usage_ratio, serve_requests_total */
  GStrv   labels;   /* NULL, or key, value, key, value, ..., NULL; keys sorted */
  gint64  time_ms;  /* wall clock, milliseconds since the Unix epoch */
  double  value;
} LuminaMetricPoint;

LuminaMetricPoint *lumina_metric_point_new     (const char               *name,
                                                const char * const       *labels,
                                                gint64                    time_ms,
                                                double                    value);
LuminaMetricPoint *lumina_metric_point_copy    (const LuminaMetricPoint  *point);
void               lumina_metric_point_free    (LuminaMetricPoint        *point);
const char        *lumina_metric_point_label   (const LuminaMetricPoint  *point,
                                                const char               *key);
char              *lumina_metric_labels_format (const char * const       *labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaMetricPoint, lumina_metric_point_free)

G_END_DECLS
