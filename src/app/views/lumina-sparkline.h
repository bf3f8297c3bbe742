/* lumina-sparkline.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_SPARKLINE (lumina_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (LuminaSparkline, lumina_sparkline, LUMINA, SPARKLINE, GtkWidget)

GtkWidget *lumina_sparkline_new        (void);
/* @n_slots values fill the width; the newest value sits at the right edge.
 * @line is drawn as a filled area scaled to its own maximum; @overlay
 * (nullable, e.g. an error rate) as a line in the error colour, scaled to
 * max(its maximum, @overlay_floor).  NaN leaves a gap. */
void       lumina_sparkline_set_data   (LuminaSparkline *self,
                                        const double    *line,
                                        const double    *overlay,
                                        guint            n_values,
                                        guint            n_slots,
                                        double           overlay_floor);
guint      lumina_sparkline_get_n_values (LuminaSparkline *self);

G_END_DECLS
