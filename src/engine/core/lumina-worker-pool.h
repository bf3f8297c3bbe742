/* lumina-worker-pool.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lumina-types.h"

G_BEGIN_DECLS

typedef void (*LuminaWorkFunc) (gpointer data);

#define LUMINA_TYPE_WORKER_POOL (lumina_worker_pool_get_type ())

G_DECLARE_FINAL_TYPE (LuminaWorkerPool, lumina_worker_pool, LUMINA, WORKER_POOL, GObject)

LuminaWorkerPool *lumina_worker_pool_new             (const char       *name,
                                                      guint             max_threads);
LuminaWorkerPool *lumina_worker_pool_get_default     (void);
const char       *lumina_worker_pool_get_name        (LuminaWorkerPool *self);
guint             lumina_worker_pool_get_max_threads (LuminaWorkerPool *self);
void              lumina_worker_pool_set_max_threads (LuminaWorkerPool *self,
                                                      guint             max_threads);
void              lumina_worker_pool_push            (LuminaWorkerPool *self,
                                                      LuminaWorkFunc    func,
                                                      gpointer          data);

G_END_DECLS
