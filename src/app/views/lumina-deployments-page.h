/* lumina-deployments-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"
#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_DEPLOYMENTS_PAGE (lumina_deployments_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDeploymentsPage, lumina_deployments_page, LUMINA, DEPLOYMENTS_PAGE, GtkWidget)

GtkWidget               *lumina_deployments_page_new            (void);
LuminaDeploymentManager *lumina_deployments_page_get_manager    (LuminaDeploymentsPage   *self);
void                     lumina_deployments_page_set_manager    (LuminaDeploymentsPage   *self,
                                                                 LuminaDeploymentManager *manager);
/* Reads the stored deployments again (the view also does on "changed"). */
void                     lumina_deployments_page_reload         (LuminaDeploymentsPage   *self);
/* Opens the detail of a deployment; FALSE when there is none by that name. */
gboolean                 lumina_deployments_page_show_deployment (LuminaDeploymentsPage  *self,
                                                                  const char             *name);
/* (nullable): the deployment whose detail is shown. */
const char              *lumina_deployments_page_get_selected   (LuminaDeploymentsPage   *self);
/* Opens the create dialog, with @model_ref (nullable) chosen. */
GtkWindow               *lumina_deployments_page_new_deployment (LuminaDeploymentsPage   *self,
                                                                 const char              *model_ref);
/* Takes one sample now, as the one-second timer does. */
void                     lumina_deployments_page_sample         (LuminaDeploymentsPage   *self);
gboolean                 lumina_deployments_page_get_sampling   (LuminaDeploymentsPage   *self);
/* "latency", "throughput" or "load". */
LuminaChart             *lumina_deployments_page_get_chart      (LuminaDeploymentsPage   *self,
                                                                 const char              *name);
/* (nullable): the load test of the deployment shown, once one ran. */
LuminaLoadTest          *lumina_deployments_page_get_load_test  (LuminaDeploymentsPage   *self);

G_END_DECLS
