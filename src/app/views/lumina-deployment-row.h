/* lumina-deployment-row.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-deployment-figures.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_DEPLOYMENT_ROW (lumina_deployment_row_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDeploymentRow, lumina_deployment_row, LUMINA, DEPLOYMENT_ROW, GtkListBoxRow)

#define LUMINA_DEPLOYMENT_SPARK_SLOTS 300   /* five minutes */

GtkWidget  *lumina_deployment_row_new         (const char                    *name);
const char *lumina_deployment_row_get_name    (LuminaDeploymentRow           *self);
/* @info: a deployment as lumina_deployment_manager_get() describes it. */
void        lumina_deployment_row_update      (LuminaDeploymentRow           *self,
                                               JsonObject                    *info);
void        lumina_deployment_row_set_figures (LuminaDeploymentRow           *self,
                                               const LuminaDeploymentFigures *figures,
                                               double                         error_rate,
                                               LuminaDeploymentHistory       *history);
void        lumina_deployment_row_clear_figures (LuminaDeploymentRow         *self,
                                                 LuminaDeploymentHistory     *history);

/* The status of a deployment in words, and a style class for it. */
char       *lumina_deployment_describe_status (JsonObject                    *info,
                                               const char                   **style_class);
/* The base URL a deployment has (running) or will have (stopped). */
char       *lumina_deployment_dup_base_url    (JsonObject                    *info);

G_END_DECLS
