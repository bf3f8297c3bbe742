/* lumina-collect-process.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CPU and memory of a set of processes (the app itself, running jobs),
 * from /proc/PID/stat and /proc/PID/status.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  int      pid;
  char    *name;           /* comm: at most 15 bytes, may hold spaces and parentheses */
  guint64  cpu_ticks;      /* utime + stime, in clock ticks (sysconf (_SC_CLK_TCK)) */
  guint64  start_ticks;    /* since boot: tells a reused PID from the old process */
  guint64  resident_bytes; /* VmRSS; 0 for kernel threads */
  guint64  peak_resident_bytes; /* VmHWM */
  char     state;          /* R, S, D, Z (exited, not yet reaped), X, ... */
} LuminaProcSample;

gboolean lumina_proc_parse_pid_stat   (const char        *text,
                                       LuminaProcSample  *sample,
                                       GError           **error);
gboolean lumina_proc_parse_pid_status (const char        *text,
                                       LuminaProcSample  *sample,
                                       GError           **error);
void     lumina_proc_sample_clear     (LuminaProcSample  *sample);
gboolean lumina_proc_read_sample      (const char        *proc_root,
                                       int                pid,
                                       LuminaProcSample  *sample,
                                       GError           **error);

#define LUMINA_TYPE_PROCESS_COLLECTOR (lumina_process_collector_get_type ())

G_DECLARE_FINAL_TYPE (LuminaProcessCollector, lumina_process_collector, LUMINA, PROCESS_COLLECTOR, GObject)

LuminaProcessCollector *lumina_process_collector_new        (const char              *proc_root);
void                    lumina_process_collector_add_pid    (LuminaProcessCollector  *self,
                                                             GPid                     pid);
void                    lumina_process_collector_remove_pid (LuminaProcessCollector  *self,
                                                             GPid                     pid);
GArray                 *lumina_process_collector_dup_pids   (LuminaProcessCollector  *self);
gboolean                lumina_process_collector_collect    (LuminaProcessCollector  *self,
                                                             gint64                   monotonic_us,
                                                             gint64                   time_ms,
                                                             GPtrArray               *points,
                                                             GError                 **error);

G_END_DECLS
