/* lumina-kpi-card.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  LUMINA_KPI_LATENCY,
  LUMINA_KPI_ERRORS,
  LUMINA_KPI_THROUGHPUT,
} LuminaKpiMetric;

#define LUMINA_KPI_N_METRICS 3

#define LUMINA_TYPE_KPI_CARD (lumina_kpi_card_get_type ())

G_DECLARE_FINAL_TYPE (LuminaKpiCard, lumina_kpi_card, LUMINA, KPI_CARD, GtkButton)

GtkWidget  *lumina_kpi_card_new             (const char      *deployment);
const char *lumina_kpi_card_get_deployment  (LuminaKpiCard   *self);
/* @style: "running", "failed", "elsewhere" or NULL (stopped). */
void        lumina_kpi_card_set_status      (LuminaKpiCard   *self,
                                             const char      *status,
                                             const char      *style,
                                             const char      *model);
/* @values (nullable, element-type double): the sparkline, oldest first. */
void        lumina_kpi_card_set_metric      (LuminaKpiCard   *self,
                                             LuminaKpiMetric  metric,
                                             const char      *value,
                                             GArray          *values);
/* @change (nullable): the change against the previous period; @style its
 * style class ("success", "warning", "error" or "dim-label"). */
void        lumina_kpi_card_set_change      (LuminaKpiCard   *self,
                                             LuminaKpiMetric  metric,
                                             const char      *change,
                                             const char      *style);
/* NaN: no labels yet. */
void        lumina_kpi_card_set_accuracy    (LuminaKpiCard   *self,
                                             double           accuracy);
const char *lumina_kpi_card_get_value       (LuminaKpiCard   *self,
                                             LuminaKpiMetric  metric);
const char *lumina_kpi_card_get_change      (LuminaKpiCard   *self,
                                             LuminaKpiMetric  metric);
guint       lumina_kpi_card_get_n_points    (LuminaKpiCard   *self,
                                             LuminaKpiMetric  metric);

G_END_DECLS
