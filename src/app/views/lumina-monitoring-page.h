/* lumina-monitoring-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Monitoring view: a dashboard of charts the user arranges, the model
 * lifecycle (each deployment's traffic, errors and latency, with its
 * changes marked) and the health of this machine, over a time range that
 * follows "now" or a fixed one.
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"
#include "lumina-engine.h"

G_BEGIN_DECLS

typedef enum
{
  LUMINA_MONITORING_RANGE_15_MINUTES,
  LUMINA_MONITORING_RANGE_1_HOUR,
  LUMINA_MONITORING_RANGE_6_HOURS,
  LUMINA_MONITORING_RANGE_24_HOURS,
  LUMINA_MONITORING_RANGE_7_DAYS,
  LUMINA_MONITORING_RANGE_30_DAYS,
  LUMINA_MONITORING_RANGE_CUSTOM,
} LuminaMonitoringRange;

#define LUMINA_TYPE_MONITORING_PAGE (lumina_monitoring_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaMonitoringPage, lumina_monitoring_page, LUMINA, MONITORING_PAGE, GtkWidget)

void                  lumina_monitoring_page_set_workspace        (LuminaMonitoringPage  *self,
                                                                   LuminaWorkspace       *workspace);
void                  lumina_monitoring_page_set_monitor          (LuminaMonitoringPage  *self,
                                                                   LuminaMonitor         *monitor);
LuminaMonitor        *lumina_monitoring_page_get_monitor          (LuminaMonitoringPage  *self);

void                  lumina_monitoring_page_set_range            (LuminaMonitoringPage  *self,
                                                                   LuminaMonitoringRange  range);
LuminaMonitoringRange lumina_monitoring_page_get_range            (LuminaMonitoringPage  *self);
void                  lumina_monitoring_page_set_custom_range     (LuminaMonitoringPage  *self,
                                                                   gint64                 from_ms,
                                                                   gint64                 to_ms);
void                  lumina_monitoring_page_get_time_window      (LuminaMonitoringPage  *self,
                                                                   gint64                *from_ms,
                                                                   gint64                *to_ms,
                                                                   gboolean              *live);
void                  lumina_monitoring_page_set_refresh_interval (LuminaMonitoringPage  *self,
                                                                   guint                  interval_ms);
guint                 lumina_monitoring_page_get_refresh_interval (LuminaMonitoringPage  *self);
void                  lumina_monitoring_page_refresh              (LuminaMonitoringPage  *self);
guint                 lumina_monitoring_page_get_n_refreshes      (LuminaMonitoringPage  *self);

/* "cpu", "memory", "load", "disk", "iops", "network", "filesystem",
 * "process-cpu", "process-memory", "requests:NAME", "errors:NAME",
 * "latency:NAME" and "dashboard:N" (the Nth dashboard chart). */
LuminaChart          *lumina_monitoring_page_get_chart            (LuminaMonitoringPage  *self,
                                                                   const char            *id);

guint                 lumina_monitoring_page_get_n_dashboard_charts (LuminaMonitoringPage *self);
JsonObject           *lumina_monitoring_page_get_dashboard_chart  (LuminaMonitoringPage  *self,
                                                                   guint                  index);
void                  lumina_monitoring_page_add_dashboard_chart  (LuminaMonitoringPage  *self,
                                                                   JsonObject            *chart);
void                  lumina_monitoring_page_remove_dashboard_chart (LuminaMonitoringPage *self,
                                                                     guint                 index);
void                  lumina_monitoring_page_move_dashboard_chart (LuminaMonitoringPage  *self,
                                                                   guint                  index,
                                                                   int                    delta);

G_END_DECLS
