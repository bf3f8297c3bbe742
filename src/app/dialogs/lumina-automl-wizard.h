/* lumina-automl-wizard.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_AUTOML_WIZARD (lumina_automl_wizard_get_type ())

G_DECLARE_FINAL_TYPE (LuminaAutomlWizard, lumina_automl_wizard, LUMINA, AUTOML_WIZARD, AdwWindow)

LuminaAutomlWizard *lumina_automl_wizard_new           (GtkWindow           *parent,
                                                        LuminaWorkspace     *workspace);
const char         *lumina_automl_wizard_get_step      (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_next          (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_back          (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_set_dataset   (LuminaAutomlWizard  *self,
                                                        const char          *ref);
char               *lumina_automl_wizard_dup_dataset   (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_set_target    (LuminaAutomlWizard  *self,
                                                        const char          *column);
const char         *lumina_automl_wizard_get_target    (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_get_busy      (LuminaAutomlWizard  *self);
gboolean            lumina_automl_wizard_get_task      (LuminaAutomlWizard  *self,
                                                        LuminaTask          *task,
                                                        guint               *n_classes);
void                lumina_automl_wizard_set_budget    (LuminaAutomlWizard  *self,
                                                        double               seconds);
void                lumina_automl_wizard_set_learners  (LuminaAutomlWizard  *self,
                                                        const char * const  *learners);
void                lumina_automl_wizard_set_validation (LuminaAutomlWizard *self,
                                                        guint                cv_folds);
void                lumina_automl_wizard_set_seed      (LuminaAutomlWizard  *self,
                                                        guint64              seed);
LuminaAutomlConfig *lumina_automl_wizard_dup_config    (LuminaAutomlWizard  *self);
JsonNode           *lumina_automl_wizard_get_plan      (LuminaAutomlWizard  *self);
const char         *lumina_automl_wizard_get_error     (LuminaAutomlWizard  *self);
LuminaAutoml       *lumina_automl_wizard_start         (LuminaAutomlWizard  *self);

G_END_DECLS
