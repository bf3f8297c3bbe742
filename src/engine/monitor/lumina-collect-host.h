/* lumina-collect-host.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The machine as a whole: CPU, load, memory, disks, network, file systems.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_HOST_COLLECTOR (lumina_host_collector_get_type ())

G_DECLARE_FINAL_TYPE (LuminaHostCollector, lumina_host_collector, LUMINA, HOST_COLLECTOR, GObject)

LuminaHostCollector *lumina_host_collector_new     (const char           *proc_root);
gboolean             lumina_host_collector_collect (LuminaHostCollector  *self,
                                                    gint64                monotonic_us,
                                                    gint64                time_ms,
                                                    GPtrArray            *points,
                                                    GError              **error);

G_END_DECLS
