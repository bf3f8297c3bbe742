/* lumina-compare-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-chart.h"
#include "lumina-engine.h"
#include "lumina-parallel-chart.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_COMPARE_PAGE (lumina_compare_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaComparePage, lumina_compare_page, LUMINA, COMPARE_PAGE, GtkWidget)

GtkWidget           *lumina_compare_page_new               (void);
void                 lumina_compare_page_set_runs          (LuminaComparePage *self,
                                                            LuminaTracker     *tracker,
                                                            GPtrArray         *runs);
guint                lumina_compare_page_get_n_runs        (LuminaComparePage *self);
void                 lumina_compare_page_set_show_all      (LuminaComparePage *self,
                                                            gboolean           show_all);
GListModel          *lumina_compare_page_get_param_keys    (LuminaComparePage *self);
GListModel          *lumina_compare_page_get_metric_keys   (LuminaComparePage *self);
const char          *lumina_compare_page_get_best_run_id   (LuminaComparePage *self,
                                                            const char        *metric);
LuminaChart         *lumina_compare_page_get_chart         (LuminaComparePage *self);
LuminaParallelChart *lumina_compare_page_get_parallel_chart (LuminaComparePage *self);

G_END_DECLS
