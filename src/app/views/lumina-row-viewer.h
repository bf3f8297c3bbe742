/* lumina-row-viewer.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_ROW_VIEWER (lumina_row_viewer_get_type ())

G_DECLARE_FINAL_TYPE (LuminaRowViewer, lumina_row_viewer, LUMINA, ROW_VIEWER, GtkWidget)

GtkWidget     *lumina_row_viewer_new             (void);
void           lumina_row_viewer_set_frame       (LuminaRowViewer *self,
                                                  LuminaFrame     *frame,
                                                  guint            limit);
LuminaFrame   *lumina_row_viewer_get_frame       (LuminaRowViewer *self);
GListModel    *lumina_row_viewer_get_model       (LuminaRowViewer *self);
GtkColumnView *lumina_row_viewer_get_column_view (LuminaRowViewer *self);
GtkAdjustment *lumina_row_viewer_get_vadjustment (LuminaRowViewer *self);

G_END_DECLS
