/* lumina-event-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-event.h"

G_BEGIN_DECLS

LuminaEvent *_lumina_event_new (gint64      id,
                                const char *time,
                                const char *actor,
                                const char *kind,
                                const char *object,
                                const char *details,
                                const char *prev_hash,
                                const char *hash);
char        *_lumina_event_compute_hash (gint64      id,
                                         const char *time,
                                         const char *actor,
                                         const char *kind,
                                         const char *object,
                                         const char *details,
                                         const char *prev_hash);

G_END_DECLS
