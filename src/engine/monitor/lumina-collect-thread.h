/* lumina-collect-thread.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the host, process and GPU collectors off the main thread every
 * interval and hands each batch of points to a sink.
 */
#pragma once

#include <glib-object.h>

#include "lumina-collect-host.h"
#include "lumina-collect-process.h"
#include "lumina-nvml.h"

G_BEGIN_DECLS

#define LUMINA_COLLECTOR_DEFAULT_INTERVAL_MS 1000

/**
 * LuminaCollectorSink:
 * @points: (element-type LuminaMetricPoint) (transfer none): one batch, all
 *   with the same time_ms; g_ptr_array_ref() it to keep it past the call
 * @user_data: what was given to lumina_collector_thread_set_sink()
 *
 * Called on the collector thread, never on the main thread: hand the
 * points to something thread-safe (a locked store, or an idle source on
 * the owner's context) and return quickly.
 */
typedef void (*LuminaCollectorSink) (GPtrArray *points,
                                     gpointer   user_data);

#define LUMINA_TYPE_COLLECTOR_THREAD (lumina_collector_thread_get_type ())

G_DECLARE_FINAL_TYPE (LuminaCollectorThread, lumina_collector_thread, LUMINA, COLLECTOR_THREAD, GObject)

LuminaCollectorThread  *lumina_collector_thread_new                   (guint                   interval_ms);
LuminaCollectorThread  *lumina_collector_thread_new_full              (guint                   interval_ms,
                                                                       LuminaHostCollector    *host,
                                                                       LuminaProcessCollector *process,
                                                                       LuminaGpuCollector     *gpu);
void                    lumina_collector_thread_set_sink              (LuminaCollectorThread  *self,
                                                                       LuminaCollectorSink     sink,
                                                                       gpointer                user_data,
                                                                       GDestroyNotify          notify);
LuminaProcessCollector *lumina_collector_thread_get_process_collector (LuminaCollectorThread  *self);
LuminaGpuCollector     *lumina_collector_thread_get_gpu_collector     (LuminaCollectorThread  *self);
guint                   lumina_collector_thread_get_interval_ms       (LuminaCollectorThread  *self);
gboolean                lumina_collector_thread_start                 (LuminaCollectorThread  *self,
                                                                       GError                **error);
void                    lumina_collector_thread_stop                  (LuminaCollectorThread  *self);
gboolean                lumina_collector_thread_is_running            (LuminaCollectorThread  *self);
guint64                 lumina_collector_thread_get_n_batches         (LuminaCollectorThread  *self);
gint64                  lumina_collector_thread_get_cpu_time_us       (LuminaCollectorThread  *self);

G_END_DECLS
