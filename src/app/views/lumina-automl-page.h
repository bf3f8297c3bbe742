/* lumina-automl-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"
#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_AUTOML_PAGE (lumina_automl_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaAutomlPage, lumina_automl_page, LUMINA, AUTOML_PAGE, GtkWidget)

GtkWidget       *lumina_automl_page_new                (void);
LuminaWorkspace *lumina_automl_page_get_workspace      (LuminaAutomlPage *self);
void             lumina_automl_page_set_workspace      (LuminaAutomlPage *self,
                                                        LuminaWorkspace  *workspace);
void             lumina_automl_page_start              (LuminaAutomlPage *self,
                                                        LuminaAutoml     *automl);
void             lumina_automl_page_cancel             (LuminaAutomlPage *self);
gboolean         lumina_automl_page_get_running        (LuminaAutomlPage *self);
LuminaAutoml    *lumina_automl_page_get_automl         (LuminaAutomlPage *self);
const char      *lumina_automl_page_get_error          (LuminaAutomlPage *self);
const char      *lumina_automl_page_get_visible_page   (LuminaAutomlPage *self);
GListModel      *lumina_automl_page_get_leaderboard    (LuminaAutomlPage *self);
GtkColumnView   *lumina_automl_page_get_column_view    (LuminaAutomlPage *self);
gboolean         lumina_automl_page_get_result_visible (LuminaAutomlPage *self);
LuminaChart     *lumina_automl_page_get_chart          (LuminaAutomlPage *self,
                                                        const char       *name);
void             lumina_automl_page_reload             (LuminaAutomlPage *self);
GListModel      *lumina_automl_page_get_recent_runs    (LuminaAutomlPage *self);
gboolean         lumina_automl_page_show_run           (LuminaAutomlPage *self,
                                                        const char       *run_id);

G_END_DECLS
