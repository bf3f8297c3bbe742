/* lumina-monitor.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monitoring service of a workspace: its metric store, fed by the
 * collector thread (host, this process, GPUs) and, on the main context, by
 * the model servers of a deployment manager (rate, errors, duration).
 */
#pragma once

#include <glib-object.h>

#include "lumina-collect-thread.h"
#include "lumina-deployment.h"
#include "lumina-metric-store.h"
#include "lumina-workspace.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_MONITOR (lumina_monitor_get_type ())

G_DECLARE_FINAL_TYPE (LuminaMonitor, lumina_monitor, LUMINA, MONITOR, GObject)

LuminaMonitor         *lumina_monitor_new             (LuminaWorkspace          *workspace,
                                                       GError                  **error);
LuminaMetricStore     *lumina_monitor_get_store       (LuminaMonitor            *self);
LuminaCollectorThread *lumina_monitor_get_collectors  (LuminaMonitor            *self);
void                   lumina_monitor_set_deployments (LuminaMonitor            *self,
                                                       LuminaDeploymentManager  *deployments);
gboolean               lumina_monitor_start           (LuminaMonitor            *self,
                                                       guint                     interval_ms,
                                                       GError                  **error);
void                   lumina_monitor_stop            (LuminaMonitor            *self);
gboolean               lumina_monitor_is_running      (LuminaMonitor            *self);
void                   lumina_monitor_sample_servers  (LuminaMonitor            *self);

G_END_DECLS
