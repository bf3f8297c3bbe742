/* lumina-collect-proc.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsers for the text of Linux /proc files, and the arithmetic that turns
 * two snapshots into rates.  They take text, not paths, so tests feed them
 * captured files.  Every parser is pure and thread-safe; on malformed text
 * it fails with LUMINA_ERROR_INVALID_INPUT and a message naming the file
 * and the line.
 *
 * Rates come from the difference between two snapshots over elapsed
 * monotonic time.  A counter that went down (device re-attached, module
 * reloaded, wrap) is read as restarted from zero, as Prometheus' rate()
 * does, so no rate is ever negative.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* /proc/stat: one cpu line, times in clock ticks. */
typedef enum
{
  LUMINA_CPU_USER,
  LUMINA_CPU_NICE,
  LUMINA_CPU_SYSTEM,
  LUMINA_CPU_IDLE,
  LUMINA_CPU_IOWAIT,
  LUMINA_CPU_IRQ,
  LUMINA_CPU_SOFTIRQ,
  LUMINA_CPU_STEAL,
  LUMINA_CPU_N_TIMES,
} LuminaCpuTime;

typedef struct
{
  int     cpu;                          /* -1 for the "cpu" total line */
  guint64 times[LUMINA_CPU_N_TIMES];    /* guest time is already in user and nice */
} LuminaCpuTimes;

typedef struct
{
  guint64  total;
  guint64  free;
  guint64  available;
  guint64  buffers;
  guint64  cached;
  guint64  reclaimable;
  guint64  swap_total;
  guint64  swap_free;
  gboolean has_available;                /* MemAvailable: Linux 3.14 and later */
} LuminaMemInfo;                         /* all in bytes */

typedef struct
{
  char    *device;
  guint64  reads;                        /* completed requests */
  guint64  writes;
  guint64  sectors_read;                 /* 512-byte units, whatever the device's sector size */
  guint64  sectors_written;
} LuminaDiskStats;

typedef struct
{
  char    *device;
  guint64  receive_bytes;
  guint64  transmit_bytes;
} LuminaNetStats;

typedef struct
{
  char *device;
  char *mountpoint;
  char *fstype;
} LuminaMount;

GArray   *lumina_proc_parse_stat          (const char            *text,
                                           GError               **error);
gboolean  lumina_cpu_times_usage          (const LuminaCpuTimes  *before,
                                           const LuminaCpuTimes  *after,
                                           double                *ratio);
void      lumina_cpu_usage_points         (GArray                *before,
                                           GArray                *after,
                                           gint64                 time_ms,
                                           GPtrArray             *points);

gboolean  lumina_proc_parse_loadavg       (const char            *text,
                                           double                 load[3],
                                           GError               **error);
void      lumina_loadavg_points           (const double           load[3],
                                           gint64                 time_ms,
                                           GPtrArray             *points);

gboolean  lumina_proc_parse_meminfo       (const char            *text,
                                           LuminaMemInfo         *info,
                                           GError               **error);
guint64   lumina_mem_info_used            (const LuminaMemInfo   *info);
void      lumina_mem_info_points          (const LuminaMemInfo   *info,
                                           gint64                 time_ms,
                                           GPtrArray             *points);

GArray   *lumina_proc_parse_diskstats     (const char            *text,
                                           GError               **error);
gboolean  lumina_disk_is_whole_device     (const char            *name);
void      lumina_disk_stats_points        (GArray                *before,
                                           GArray                *after,
                                           double                 seconds,
                                           gint64                 time_ms,
                                           GPtrArray             *points);

GArray   *lumina_proc_parse_net_dev       (const char            *text,
                                           GError               **error);
void      lumina_net_stats_points         (GArray                *before,
                                           GArray                *after,
                                           double                 seconds,
                                           gint64                 time_ms,
                                           GPtrArray             *points);

GArray   *lumina_proc_parse_mounts        (const char            *text,
                                           GError               **error);
gboolean  lumina_fstype_is_measured       (const char            *fstype);
void      lumina_filesystem_points        (GArray                *mounts,
                                           gint64                 time_ms,
                                           GPtrArray             *points);

guint64   lumina_counter_delta            (guint64                before,
                                           guint64                after);

G_END_DECLS
