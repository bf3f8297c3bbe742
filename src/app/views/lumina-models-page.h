/* lumina-models-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_MODELS_PAGE (lumina_models_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaModelsPage, lumina_models_page, LUMINA, MODELS_PAGE, GtkWidget)

GtkWidget       *lumina_models_page_new               (void);
LuminaWorkspace *lumina_models_page_get_workspace     (LuminaModelsPage *self);
void             lumina_models_page_set_workspace     (LuminaModelsPage *self,
                                                       LuminaWorkspace  *workspace);
LuminaRegistry  *lumina_models_page_get_registry      (LuminaModelsPage *self);
void             lumina_models_page_reload            (LuminaModelsPage *self);
gboolean         lumina_models_page_show_model        (LuminaModelsPage *self,
                                                       const char       *name);
const char      *lumina_models_page_get_model         (LuminaModelsPage *self);
const char      *lumina_models_page_get_visible_page  (LuminaModelsPage *self);
void             lumina_models_page_set_search_text   (LuminaModelsPage *self,
                                                       const char       *text);
gboolean         lumina_models_page_show_aliases_at   (LuminaModelsPage *self,
                                                       GDateTime        *at);
gboolean         lumina_models_page_compare           (LuminaModelsPage *self,
                                                       guint             version_a,
                                                       guint             version_b);
GtkWindow       *lumina_models_page_promote           (LuminaModelsPage *self,
                                                       guint             version);
GtkWindow       *lumina_models_page_edit_card         (LuminaModelsPage *self,
                                                       guint             version);
gboolean         lumina_models_page_rollback          (LuminaModelsPage *self,
                                                       const char       *alias);
gboolean         lumina_models_page_get_busy          (LuminaModelsPage *self);

G_END_DECLS
