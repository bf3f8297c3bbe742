/* lumina-prom-exporter.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small HTTP server that serves GET /metrics for Prometheus to scrape.
 */
#pragma once

#include <gio/gio.h>

#include "lumina-metric-point.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_PROM_EXPORTER (lumina_prom_exporter_get_type ())

G_DECLARE_FINAL_TYPE (LuminaPromExporter, lumina_prom_exporter, LUMINA, PROM_EXPORTER, GObject)

/**
 * LuminaPromCollectFunc:
 * @user_data: what was given to lumina_prom_exporter_new()
 *
 * Called on the exporter's main context for each scrape.
 *
 * Returns: (transfer full) (nullable) (element-type LuminaMetricPoint): the
 *   points to serve, in an array that frees them
 */
typedef GPtrArray *(*LuminaPromCollectFunc) (gpointer user_data);

LuminaPromExporter *lumina_prom_exporter_new       (LuminaPromCollectFunc   collect,
                                                    gpointer                user_data,
                                                    GDestroyNotify          destroy);
void                lumina_prom_exporter_set_help  (LuminaPromExporter     *self,
                                                    GHashTable             *help);
void                lumina_prom_exporter_set_types (LuminaPromExporter     *self,
                                                    GHashTable             *types);
gboolean            lumina_prom_exporter_listen    (LuminaPromExporter     *self,
                                                    const char             *host,
                                                    guint                   port,
                                                    GError                **error);
void                lumina_prom_exporter_stop      (LuminaPromExporter     *self);
guint               lumina_prom_exporter_get_port  (LuminaPromExporter     *self);
char               *lumina_prom_exporter_dup_url   (LuminaPromExporter     *self);
guint64             lumina_prom_exporter_get_scrapes (LuminaPromExporter   *self);

G_END_DECLS
