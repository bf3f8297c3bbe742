/* lumina-frame-rows.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_FRAME_ROW (lumina_frame_row_get_type ())

G_DECLARE_FINAL_TYPE (LuminaFrameRow, lumina_frame_row, LUMINA, FRAME_ROW, GObject)

LuminaFrame *lumina_frame_row_get_frame (LuminaFrameRow *self);
gsize        lumina_frame_row_get_index (LuminaFrameRow *self);
char        *lumina_frame_row_format    (LuminaFrameRow *self,
                                         guint           column);

#define LUMINA_TYPE_FRAME_ROWS (lumina_frame_rows_get_type ())

G_DECLARE_FINAL_TYPE (LuminaFrameRows, lumina_frame_rows, LUMINA, FRAME_ROWS, GObject)

LuminaFrameRows *lumina_frame_rows_new       (LuminaFrame     *frame,
                                              guint            limit);
LuminaFrame     *lumina_frame_rows_get_frame (LuminaFrameRows *self);

G_END_DECLS
