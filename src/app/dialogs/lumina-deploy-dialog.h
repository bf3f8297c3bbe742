/* lumina-deploy-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_DEPLOY_DIALOG (lumina_deploy_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDeployDialog, lumina_deploy_dialog, LUMINA, DEPLOY_DIALOG, AdwWindow)

/* Creates a deployment of a registered model and starts it; emits
 * "created" (const char *name) once it exists, whether or not it could
 * start (its state then says why). */
GtkWidget  *lumina_deploy_dialog_new          (GtkWindow               *parent,
                                               LuminaDeploymentManager *manager,
                                               const char              *model_ref);
/* (nullable): the reference chosen. */
const char *lumina_deploy_dialog_get_model_ref (LuminaDeployDialog     *self);
gboolean    lumina_deploy_dialog_select_model_ref (LuminaDeployDialog  *self,
                                                   const char          *model_ref);

G_END_DECLS
