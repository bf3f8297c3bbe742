/* lumina-collect-host.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the /proc files of lumina-collect-proc.h each time it is asked,
 * keeping the previous snapshot of each counter file for rates.
 */
#define G_LOG_DOMAIN "lumina-collect-host"

#include "config.h"

#include "lumina-collect-host.h"
#include "lumina-collect-private.h"
#include "lumina-collect-proc.h"

typedef struct
{
  GArray *snapshot;
  gint64  monotonic_us;
} Previous;

struct _LuminaHostCollector
{
  GObject   parent_instance;

  char     *proc_root;
  Previous  cpu;
  Previous  disks;
  Previous  net;
};

G_DEFINE_FINAL_TYPE (LuminaHostCollector, lumina_host_collector, G_TYPE_OBJECT)

static void
lumina_host_collector_finalize (GObject *object)
{
  LuminaHostCollector *self = (LuminaHostCollector *)object;

  g_clear_pointer (&self->proc_root, g_free);
  g_clear_pointer (&self->cpu.snapshot, g_array_unref);
  g_clear_pointer (&self->disks.snapshot, g_array_unref);
  g_clear_pointer (&self->net.snapshot, g_array_unref);

  G_OBJECT_CLASS (lumina_host_collector_parent_class)->finalize (object);
}

static void
lumina_host_collector_class_init (LuminaHostCollectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_host_collector_finalize;
}

static void
lumina_host_collector_init (LuminaHostCollector *self)
{
}

/**
 * lumina_host_collector_new:
 * @proc_root: (nullable): where procfs is; %NULL for "/proc".  Tests pass a
 *   folder laid out like it (stat, loadavg, meminfo, diskstats, net/dev,
 *   self/mounts) holding captured files.
 */
LuminaHostCollector *
lumina_host_collector_new (const char *proc_root)
{
  LuminaHostCollector *self = g_object_new (LUMINA_TYPE_HOST_COLLECTOR, NULL);

  self->proc_root = g_strdup (proc_root != NULL ? proc_root : "/proc");
  return self;
}

static void
keep_first (GError **first,
            GError  *error)
{
  if (*first == NULL)
    *first = error;
  else
    g_error_free (error);
}

/* Replaces the previous snapshot; returns the seconds since it, or 0 for
 * the first one. */
static double
advance (Previous *previous,
         GArray   *snapshot,
         gint64    monotonic_us,
         GArray  **before)
{
  double seconds = 0;

  *before = previous->snapshot;
  if (*before != NULL)
    seconds = (monotonic_us - previous->monotonic_us) / (double) G_USEC_PER_SEC;
  previous->snapshot = g_array_ref (snapshot);
  previous->monotonic_us = monotonic_us;
  return seconds;
}

static gboolean
collect_cpu (LuminaHostCollector  *self,
             gint64                monotonic_us,
             gint64                time_ms,
             GPtrArray            *points,
             GError              **error)
{
  g_autofree char *text = _lumina_collect_read (self->proc_root, "stat", error);
  g_autoptr(GArray) cpus = NULL;
  g_autoptr(GArray) before = NULL;

  if (text == NULL || (cpus = lumina_proc_parse_stat (text, error)) == NULL)
    return FALSE;
  advance (&self->cpu, cpus, monotonic_us, &before);
  if (before != NULL)
    lumina_cpu_usage_points (before, cpus, time_ms, points);
  return TRUE;
}

static gboolean
collect_load (LuminaHostCollector  *self,
              gint64                time_ms,
              GPtrArray            *points,
              GError              **error)
{
  g_autofree char *text = _lumina_collect_read (self->proc_root, "loadavg", error);
  double load[3];

  if (text == NULL || !lumina_proc_parse_loadavg (text, load, error))
    return FALSE;
  lumina_loadavg_points (load, time_ms, points);
  return TRUE;
}

static gboolean
collect_memory (LuminaHostCollector  *self,
                gint64                time_ms,
                GPtrArray            *points,
                GError              **error)
{
  g_autofree char *text = _lumina_collect_read (self->proc_root, "meminfo", error);
  LuminaMemInfo info;

  if (text == NULL || !lumina_proc_parse_meminfo (text, &info, error))
    return FALSE;
  lumina_mem_info_points (&info, time_ms, points);
  return TRUE;
}

typedef GArray *(*ParseFunc)  (const char  *text,
                               GError     **error);
typedef void     (*PointsFunc) (GArray      *before,
                                GArray      *after,
                                double       seconds,
                                gint64       time_ms,
                                GPtrArray   *points);

/* diskstats and net/dev: counters turned into rates. */
static gboolean
collect_counters (LuminaHostCollector  *self,
                  const char           *file,
                  ParseFunc             parse,
                  PointsFunc            add_points,
                  Previous             *previous,
                  gint64                monotonic_us,
                  gint64                time_ms,
                  GPtrArray            *points,
                  GError              **error)
{
  g_autofree char *text = _lumina_collect_read (self->proc_root, file, error);
  g_autoptr(GArray) snapshot = NULL;
  g_autoptr(GArray) before = NULL;
  double seconds;

  if (text == NULL || (snapshot = parse (text, error)) == NULL)
    return FALSE;
  seconds = advance (previous, snapshot, monotonic_us, &before);
  if (before != NULL)
    add_points (before, snapshot, seconds, time_ms, points);
  return TRUE;
}

static gboolean
collect_filesystems (LuminaHostCollector  *self,
                     gint64                time_ms,
                     GPtrArray            *points,
                     GError              **error)
{
  g_autofree char *text = _lumina_collect_read (self->proc_root, "self/mounts", error);
  g_autoptr(GArray) mounts = NULL;

  if (text == NULL || (mounts = lumina_proc_parse_mounts (text, error)) == NULL)
    return FALSE;
  lumina_filesystem_points (mounts, time_ms, points);
  return TRUE;
}

/**
 * lumina_host_collector_collect:
 * @monotonic_us: g_get_monotonic_time() now: rates come from its differences
 * @time_ms: the wall-clock time the points get (milliseconds since the epoch)
 * @points: (element-type LuminaMetricPoint): where points are appended
 *
 * Appends host_cpu_usage_ratio, host_load{1,5,15}, host_memory_*,
 * host_swap_*, host_disk_*, host_network_* and host_filesystem_* points.
 * Rates need two calls: the first one gives only the instant values.
 * Call from one thread at a time (the collector thread).
 *
 * Returns: %FALSE with @error set to the first failure when a file could
 *   not be read or parsed; the other files' points are appended all the same.
 */
gboolean
lumina_host_collector_collect (LuminaHostCollector  *self,
                               gint64                monotonic_us,
                               gint64                time_ms,
                               GPtrArray            *points,
                               GError              **error)
{
  GError *first = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (LUMINA_IS_HOST_COLLECTOR (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  if (!collect_cpu (self, monotonic_us, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));
  if (!collect_load (self, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));
  if (!collect_memory (self, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));
  if (!collect_counters (self, "diskstats", lumina_proc_parse_diskstats, lumina_disk_stats_points,
                         &self->disks, monotonic_us, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));
  if (!collect_counters (self, "net/dev", lumina_proc_parse_net_dev, lumina_net_stats_points,
                         &self->net, monotonic_us, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));
  if (!collect_filesystems (self, time_ms, points, &local_error))
    keep_first (&first, g_steal_pointer (&local_error));

  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}
