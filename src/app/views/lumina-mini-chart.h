/* lumina-mini-chart.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_MINI_CHART (lumina_mini_chart_get_type ())

G_DECLARE_FINAL_TYPE (LuminaMiniChart, lumina_mini_chart, LUMINA, MINI_CHART, GtkWidget)

GtkWidget *lumina_mini_chart_new           (void);
void       lumina_mini_chart_set_histogram (LuminaMiniChart    *self,
                                            const double       *counts,
                                            guint               n_counts);
void       lumina_mini_chart_set_bars      (LuminaMiniChart    *self,
                                            const char * const *labels,
                                            const double       *counts,
                                            guint               n_bars,
                                            double              total);
guint      lumina_mini_chart_get_n_values  (LuminaMiniChart    *self);

G_END_DECLS
