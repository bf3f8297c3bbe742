/* lumina-overview-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"
#include "lumina-kpi-card.h"

G_BEGIN_DECLS

/* The host figures the Overview shows, as last read from the metric store. */
typedef enum
{
  LUMINA_OVERVIEW_HOST_CPU,            /* 0–1 */
  LUMINA_OVERVIEW_HOST_MEMORY_USED,    /* bytes */
  LUMINA_OVERVIEW_HOST_MEMORY_TOTAL,   /* bytes */
  LUMINA_OVERVIEW_HOST_DISK_USED,      /* bytes */
  LUMINA_OVERVIEW_HOST_DISK_SIZE,      /* bytes */
  LUMINA_OVERVIEW_HOST_LOAD1,
} LuminaOverviewHostFigure;

#define LUMINA_OVERVIEW_N_HOST_FIGURES 6

#define LUMINA_TYPE_OVERVIEW_PAGE (lumina_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaOverviewPage, lumina_overview_page, LUMINA, OVERVIEW_PAGE, GtkWidget)

GtkWidget               *lumina_overview_page_new             (void);
LuminaWorkspace         *lumina_overview_page_get_workspace   (LuminaOverviewPage      *self);
void                     lumina_overview_page_set_workspace   (LuminaOverviewPage      *self,
                                                               LuminaWorkspace         *workspace);
LuminaDeploymentManager *lumina_overview_page_get_deployments (LuminaOverviewPage      *self);
void                     lumina_overview_page_set_deployments (LuminaOverviewPage      *self,
                                                               LuminaDeploymentManager *deployments);
LuminaMonitor           *lumina_overview_page_get_monitor     (LuminaOverviewPage      *self);
void                     lumina_overview_page_set_monitor     (LuminaOverviewPage      *self,
                                                               LuminaMonitor           *monitor);
GListModel              *lumina_overview_page_get_activity    (LuminaOverviewPage      *self);
/* Reads everything again now, comparing periods too (the two-second
 * timer compares them every thirty seconds). */
void                     lumina_overview_page_refresh         (LuminaOverviewPage      *self);
/* Whether the two-second timer runs (only while the page is mapped). */
gboolean                 lumina_overview_page_get_live        (LuminaOverviewPage      *self);
/* (nullable): the card of a deployment. */
LuminaKpiCard           *lumina_overview_page_find_card       (LuminaOverviewPage      *self,
                                                               const char              *deployment);
/* NaN until the collectors measured it. */
double                   lumina_overview_page_get_host_figure (LuminaOverviewPage      *self,
                                                               LuminaOverviewHostFigure figure);

G_END_DECLS
