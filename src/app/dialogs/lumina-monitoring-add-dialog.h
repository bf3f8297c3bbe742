/* lumina-monitoring-add-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chooses a chart for the Monitoring dashboard: a stored series, found by
 * searching, or a PromQL expression.  Emits "chart-chosen" with the
 * chart's layout entry (see lumina-monitoring-layout.h) and closes.
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_MONITORING_ADD_DIALOG (lumina_monitoring_add_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaMonitoringAddDialog, lumina_monitoring_add_dialog, LUMINA, MONITORING_ADD_DIALOG, AdwWindow)

LuminaMonitoringAddDialog *lumina_monitoring_add_dialog_new          (GtkWindow                 *parent,
                                                                      LuminaMetricStore         *store,
                                                                      GSettings                 *settings);
guint                      lumina_monitoring_add_dialog_get_n_visible (LuminaMonitoringAddDialog *self);

G_END_DECLS
