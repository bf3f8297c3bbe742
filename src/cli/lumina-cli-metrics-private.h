/* lumina-cli-metrics-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of `lumina metrics`: lumina-cli-metrics.c holds
 * the command table, list and the helpers below; query lives in
 * lumina-cli-metrics-query.c and the long-running commands (collect,
 * serve) in lumina-cli-metrics-run.c.
 */
#pragma once

#include "lumina-cli-private.h"

G_BEGIN_DECLS

/* The end of year 9999, the last time the store accepts. */
#define TIME_MAX_MS    G_GINT64_CONSTANT (253402300799999)
#define HOUR_MS        G_GINT64_CONSTANT (3600000)
#define DAY_MS         G_GINT64_CONSTANT (86400000)

/* lumina-cli-metrics.c: parsing, formatting and the store */
gboolean           lumina_cli_metrics_parse_span       (const char          *text,
                                                        gint64              *ms);
gboolean           lumina_cli_metrics_parse_duration   (const char          *text,
                                                        gint64              *ms,
                                                        GError             **error);
gboolean           lumina_cli_metrics_latest           (LuminaMetricStore   *store,
                                                        guint                series_id,
                                                        LuminaMetricSample  *latest);
char              *lumina_cli_metrics_series_title     (const char          *name,
                                                        const char * const  *labels);
char              *lumina_cli_metrics_format_value     (double               value);
char              *lumina_cli_metrics_format_time_utc  (gint64               ms);
char              *lumina_cli_metrics_format_time_local (gint64              ms,
                                                        gboolean             millis);
void               lumina_cli_metrics_add_labels       (JsonBuilder         *builder,
                                                        const char * const  *labels);
void               lumina_cli_metrics_add_time         (JsonBuilder         *builder,
                                                        const char          *member,
                                                        gint64               ms);
void               lumina_cli_metrics_add_value        (JsonBuilder         *builder,
                                                        const char          *member,
                                                        double               value);
LuminaMetricStore *lumina_cli_metrics_open_store       (LuminaCli           *cli,
                                                        GError             **error);
int                lumina_cli_metrics_compare_series   (gconstpointer        a,
                                                        gconstpointer        b);

/* lumina-cli-metrics-query.c */
int                lumina_cli_metrics_query            (LuminaCli           *cli,
                                                        char               **args);

/* lumina-cli-metrics-run.c */
int                lumina_cli_metrics_collect          (LuminaCli           *cli,
                                                        char               **args);
int                lumina_cli_metrics_serve            (LuminaCli           *cli,
                                                        char               **args);

G_END_DECLS
