/* lumina-prom-format.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Metric points as Prometheus text exposition format 0.0.4.
 */
#pragma once

#include <glib.h>

#include "lumina-metric-point.h"

G_BEGIN_DECLS

/**
 * LuminaPromWriteFlags:
 * @LUMINA_PROM_WRITE_NONE: samples without timestamps, as a live /metrics page
 * @LUMINA_PROM_WRITE_TIMESTAMPS: append each point's `time_ms` (when > 0)
 */
typedef enum
{
  LUMINA_PROM_WRITE_NONE       = 0,
  LUMINA_PROM_WRITE_TIMESTAMPS = 1 << 0,
} LuminaPromWriteFlags;

#define LUMINA_PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

const char *lumina_prom_format_value      (char                  *buffer,
                                           gsize                  buffer_len,
                                           double                 value);
void        lumina_prom_write_points      (GString               *out,
                                           GPtrArray             *points,
                                           GHashTable            *help);
void        lumina_prom_write_points_full (GString               *out,
                                           GPtrArray             *points,
                                           GHashTable            *help,
                                           GHashTable            *types,
                                           LuminaPromWriteFlags   flags);

G_END_DECLS
