/* lumina-nvml.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NVIDIA GPUs through NVML, loaded at run time: machines without the
 * driver run the same binary and see the GPU collector as unavailable.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Names the NVML library to load instead of libnvidia-ml.so.1. */
#define LUMINA_NVML_LIBRARY_ENV "LUMINA_NVML_LIBRARY"

#define LUMINA_TYPE_GPU_COLLECTOR (lumina_gpu_collector_get_type ())

G_DECLARE_FINAL_TYPE (LuminaGpuCollector, lumina_gpu_collector, LUMINA, GPU_COLLECTOR, GObject)

LuminaGpuCollector *lumina_gpu_collector_new                    (const char          *library);
gboolean            lumina_gpu_collector_load                   (LuminaGpuCollector  *self);
gboolean            lumina_gpu_collector_is_available           (LuminaGpuCollector  *self);
char               *lumina_gpu_collector_dup_unavailable_reason (LuminaGpuCollector  *self);
guint               lumina_gpu_collector_get_n_devices          (LuminaGpuCollector  *self);
gboolean            lumina_gpu_collector_collect                (LuminaGpuCollector  *self,
                                                                 gint64               time_ms,
                                                                 GPtrArray           *points,
                                                                 GError             **error);

G_END_DECLS
