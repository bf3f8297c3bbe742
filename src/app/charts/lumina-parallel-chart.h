/* lumina-parallel-chart.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parallel coordinates for hyperparameter searches: one vertical axis per
 * parameter, one line per run, coloured by its score on a colour scale.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_PARALLEL_CHART (lumina_parallel_chart_get_type ())

G_DECLARE_FINAL_TYPE (LuminaParallelChart, lumina_parallel_chart, LUMINA, PARALLEL_CHART, GtkWidget)

GtkWidget *lumina_parallel_chart_new                  (void);

void       lumina_parallel_chart_set_title            (LuminaParallelChart  *self,
                                                       const char           *title);
void       lumina_parallel_chart_set_placeholder      (LuminaParallelChart  *self,
                                                       const char           *text);

/* Copies everything.  @values is n_lines × n_axes, row-major (one row per
 * run); NaN means the run has no value for that parameter.  @axis_log may be
 * NULL (all linear); @scores has n_lines entries (NaN: drawn grey).  Clears
 * any categories set before. */
void       lumina_parallel_chart_set_data             (LuminaParallelChart  *self,
                                                       guint                 n_axes,
                                                       const char * const   *axis_names,
                                                       const gboolean       *axis_log,
                                                       guint                 n_lines,
                                                       const double         *values,
                                                       const double         *scores,
                                                       const char           *score_name);
/* Makes @axis categorical: NULL-terminated labels, values are their indices. */
void       lumina_parallel_chart_set_axis_categories  (LuminaParallelChart  *self,
                                                       guint                 axis,
                                                       const char * const   *labels);
/* Which end of the colour scale is "good" (default TRUE: high scores). */
void       lumina_parallel_chart_set_higher_is_better (LuminaParallelChart  *self,
                                                       gboolean              higher_is_better);
void       lumina_parallel_chart_clear                (LuminaParallelChart  *self);

guint      lumina_parallel_chart_get_n_lines          (LuminaParallelChart  *self);

G_END_DECLS
