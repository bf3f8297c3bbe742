/* lumina-overview-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_OVERVIEW_PAGE (lumina_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaOverviewPage, lumina_overview_page, LUMINA, OVERVIEW_PAGE, GtkWidget)

GtkWidget       *lumina_overview_page_new           (void);
LuminaWorkspace *lumina_overview_page_get_workspace (LuminaOverviewPage *self);
void             lumina_overview_page_set_workspace (LuminaOverviewPage *self,
                                                     LuminaWorkspace    *workspace);
GListModel      *lumina_overview_page_get_activity  (LuminaOverviewPage *self);

G_END_DECLS
