/* lumina-frame-cache.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-frame.h"

G_BEGIN_DECLS

typedef void (*LuminaFrameSink) (gpointer    data,
                                 const void *bytes,
                                 gsize       len);

gsize        lumina_frame_cache_write  (LuminaFrame     *frame,
                                        LuminaFrameSink  sink,
                                        gpointer         data);
char        *lumina_frame_cache_hash   (LuminaFrame  *frame);
LuminaFrame *lumina_frame_cache_map    (GMappedFile  *mapping,
                                        GError      **error);

G_END_DECLS
