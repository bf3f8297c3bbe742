/* lumina-monitoring-layout.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Monitoring dashboard's charts, as kept in a workspace's
 * monitoring-layout.json:
 *
 *   { "version": 1,
 *     "charts": [ { "kind": "series", "title": "CPU",
 *                   "metric": "host_cpu_usage_ratio", "labels": { "cpu": "total" } },
 *                 { "kind": "promql", "title": "Up", "query": "up" } ] }
 *
 * A "series" chart shows every stored series of the metric whose labels
 * include the given ones; "labels" may be absent.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LUMINA_MONITORING_LAYOUT_FILE "monitoring-layout.json"

GPtrArray  *lumina_monitoring_layout_default   (void);
GPtrArray  *lumina_monitoring_layout_load      (const char   *path,
                                                GError      **error);
gboolean    lumina_monitoring_layout_save      (const char   *path,
                                                GPtrArray    *charts,
                                                GError      **error);
JsonObject *lumina_monitoring_chart_new_series (const char   *title,
                                                const char   *metric,
                                                const char * const *labels);
JsonObject *lumina_monitoring_chart_new_promql (const char   *title,
                                                const char   *query);
JsonObject *lumina_monitoring_chart_get_labels (JsonObject   *chart);
GStrv       lumina_monitoring_chart_dup_matchers (JsonObject *chart);

G_END_DECLS
