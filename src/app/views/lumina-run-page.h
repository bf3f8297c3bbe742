/* lumina-run-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"
#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_RUN_PAGE (lumina_run_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaRunPage, lumina_run_page, LUMINA, RUN_PAGE, GtkWidget)

GtkWidget   *lumina_run_page_new            (void);
void         lumina_run_page_set_run        (LuminaRunPage *self,
                                             LuminaTracker *tracker,
                                             LuminaRun     *run);
LuminaRun   *lumina_run_page_get_run        (LuminaRunPage *self);
LuminaChart *lumina_run_page_get_chart      (LuminaRunPage *self);
GListModel  *lumina_run_page_get_children   (LuminaRunPage *self);
gboolean     lumina_run_page_save_note      (LuminaRunPage *self,
                                             const char    *note);

G_END_DECLS
