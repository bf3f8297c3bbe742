/* lumina-experiments-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-compare-page.h"
#include "lumina-engine.h"
#include "lumina-run-page.h"

G_BEGIN_DECLS

/* The most runs the compare page takes at once. */
#define LUMINA_EXPERIMENTS_MAX_COMPARE 50

#define LUMINA_TYPE_EXPERIMENTS_PAGE (lumina_experiments_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaExperimentsPage, lumina_experiments_page, LUMINA, EXPERIMENTS_PAGE, GtkWidget)

GtkWidget         *lumina_experiments_page_new               (void);
LuminaWorkspace   *lumina_experiments_page_get_workspace     (LuminaExperimentsPage *self);
void               lumina_experiments_page_set_workspace     (LuminaExperimentsPage *self,
                                                              LuminaWorkspace       *workspace);
void               lumina_experiments_page_reload            (LuminaExperimentsPage *self);
gboolean           lumina_experiments_page_get_loading       (LuminaExperimentsPage *self);
GListModel        *lumina_experiments_page_get_experiments   (LuminaExperimentsPage *self);
void               lumina_experiments_page_set_experiment    (LuminaExperimentsPage *self,
                                                              const char            *experiment);
const char        *lumina_experiments_page_get_experiment    (LuminaExperimentsPage *self);
GListModel        *lumina_experiments_page_get_all_runs      (LuminaExperimentsPage *self);
GListModel        *lumina_experiments_page_get_runs          (LuminaExperimentsPage *self);
GtkColumnView     *lumina_experiments_page_get_column_view   (LuminaExperimentsPage *self);
void               lumina_experiments_page_set_search_text   (LuminaExperimentsPage *self,
                                                              const char            *text);
gboolean           lumina_experiments_page_set_filter_text   (LuminaExperimentsPage *self,
                                                              const char            *text);
const char        *lumina_experiments_page_get_filter_error  (LuminaExperimentsPage *self);
void               lumina_experiments_page_set_show_trials   (LuminaExperimentsPage *self,
                                                              gboolean               show_trials);
void               lumina_experiments_page_sort_by           (LuminaExperimentsPage *self,
                                                              const char            *column,
                                                              GtkSortType            direction);
void               lumina_experiments_page_set_run_selected  (LuminaExperimentsPage *self,
                                                              const char            *run_id,
                                                              gboolean               selected);
guint              lumina_experiments_page_get_n_selected    (LuminaExperimentsPage *self);
void               lumina_experiments_page_clear_selection   (LuminaExperimentsPage *self);
GtkWidget         *lumina_experiments_page_get_compare_button (LuminaExperimentsPage *self);
gboolean           lumina_experiments_page_open_run          (LuminaExperimentsPage *self,
                                                              const char            *run_id);
gboolean           lumina_experiments_page_compare_selected  (LuminaExperimentsPage *self);
void               lumina_experiments_page_show_list         (LuminaExperimentsPage *self);
const char        *lumina_experiments_page_get_visible_page  (LuminaExperimentsPage *self);
LuminaRunPage     *lumina_experiments_page_get_run_page      (LuminaExperimentsPage *self);
LuminaComparePage *lumina_experiments_page_get_compare_page  (LuminaExperimentsPage *self);

G_END_DECLS
