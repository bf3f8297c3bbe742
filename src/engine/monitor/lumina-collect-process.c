/* lumina-collect-process.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-collect-process"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "lumina-collect-private.h"
#include "lumina-collect-process.h"
#include "lumina-error.h"

/* Field numbers of proc(5), counted from 1, less the three before the
 * state: the first token after the command name is field 3. */
#define STAT_UTIME     (14 - 3)
#define STAT_STIME     (15 - 3)
#define STAT_STARTTIME (22 - 3)

typedef struct
{
  guint64 cpu_ticks;
  guint64 start_ticks;
  gint64  monotonic_us;
} Previous;

struct _LuminaProcessCollector
{
  GObject     parent_instance;

  char       *proc_root;
  double      ticks_per_second;

  GMutex      lock;          /* guards pids: add/remove come from any thread */
  GArray     *pids;          /* element-type int */

  GHashTable *previous;      /* pid → Previous; only collect() touches it */
};

G_DEFINE_FINAL_TYPE (LuminaProcessCollector, lumina_process_collector, G_TYPE_OBJECT)

void
lumina_proc_sample_clear (LuminaProcSample *sample)
{
  g_return_if_fail (sample != NULL);

  g_clear_pointer (&sample->name, g_free);
  memset (sample, 0, sizeof *sample);
}

/**
 * lumina_proc_parse_pid_stat:
 * @text: the contents of /proc/PID/stat
 *
 * Fills the pid, name, CPU ticks and start time of @sample.  The command
 * name sits between the first '(' and the *last* ')', since it may hold
 * either.
 */
gboolean
lumina_proc_parse_pid_stat (const char        *text,
                            LuminaProcSample  *sample,
                            GError           **error)
{
  g_autofree char *rest = NULL;
  const char *open;
  const char *close;
  char *tokens[LUMINA_COLLECT_MAX_TOKENS];
  guint64 pid, utime, stime;
  g_autofree char *pid_text = NULL;

  g_return_val_if_fail (text != NULL && sample != NULL, FALSE);

  open = strchr (text, '(');
  close = strrchr (text, ')');
  if (open == NULL || close == NULL || close < open)
    {
      _lumina_collect_malformed (error, "/proc/PID/stat", 1, "no “(command)” field");
      return FALSE;
    }
  pid_text = g_strstrip (g_strndup (text, open - text));
  rest = g_strdup (close + 1);
  g_strdelimit (rest, "\n", ' ');
  if (!_lumina_collect_parse_u64 (pid_text, &pid) || pid == 0 || pid > G_MAXINT
      || _lumina_collect_tokenize (rest, tokens, G_N_ELEMENTS (tokens)) <= STAT_STARTTIME
      || !_lumina_collect_parse_u64 (tokens[STAT_UTIME], &utime)
      || !_lumina_collect_parse_u64 (tokens[STAT_STIME], &stime)
      || !_lumina_collect_parse_u64 (tokens[STAT_STARTTIME], &sample->start_ticks))
    {
      _lumina_collect_malformed (error, "/proc/PID/stat", 1, "expected a pid, a command and 50 fields");
      return FALSE;
    }
  sample->pid = (int) pid;
  sample->state = tokens[0][0];
  sample->cpu_ticks = utime + stime;
  g_free (sample->name);
  sample->name = g_strndup (open + 1, close - open - 1);
  return TRUE;
}

/**
 * lumina_proc_parse_pid_status:
 * @text: the contents of /proc/PID/status
 *
 * Fills the resident and peak resident sizes of @sample.  Kernel threads
 * have neither and read as zero.  The "Name:" line is required, as a check
 * that this is a status file.
 */
gboolean
lumina_proc_parse_pid_status (const char        *text,
                              LuminaProcSample  *sample,
                              GError           **error)
{
  g_auto(GStrv) lines = NULL;
  gboolean has_name = FALSE;

  g_return_val_if_fail (text != NULL && sample != NULL, FALSE);

  sample->resident_bytes = 0;
  sample->peak_resident_bytes = 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tokens[4];
      guint64 *field = NULL;
      guint64 kib;
      guint n;

      has_name |= g_str_has_prefix (lines[i], "Name:");
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        field = &sample->resident_bytes;
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        field = &sample->peak_resident_bytes;
      else
        continue;
      n = _lumina_collect_tokenize (lines[i], tokens, G_N_ELEMENTS (tokens));
      if (n != 3 || !_lumina_collect_parse_u64 (tokens[1], &kib) || !g_str_equal (tokens[2], "kB")
          || kib > G_MAXUINT64 / 1024)
        {
          _lumina_collect_malformed (error, "/proc/PID/status", i + 1, "expected “VmRSS: number kB”");
          return FALSE;
        }
      *field = kib * 1024;
    }
  if (!has_name)
    {
      _lumina_collect_malformed (error, "/proc/PID/status", 0, "no “Name:” line");
      return FALSE;
    }
  return TRUE;
}

static void
lumina_process_collector_finalize (GObject *object)
{
  LuminaProcessCollector *self = (LuminaProcessCollector *)object;

  g_clear_pointer (&self->proc_root, g_free);
  g_clear_pointer (&self->pids, g_array_unref);
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lumina_process_collector_parent_class)->finalize (object);
}

static void
lumina_process_collector_class_init (LuminaProcessCollectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_process_collector_finalize;
}

static void
lumina_process_collector_init (LuminaProcessCollector *self)
{
  long ticks = sysconf (_SC_CLK_TCK);

  g_mutex_init (&self->lock);
  self->pids = g_array_new (FALSE, FALSE, sizeof (int));
  self->previous = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->ticks_per_second = ticks > 0 ? (double) ticks : 100.0;
}

/**
 * lumina_process_collector_new:
 * @proc_root: (nullable): where procfs is; %NULL for "/proc".  Tests pass a
 *   folder of captured PID/stat and PID/status files.
 *
 * Watches no process until lumina_process_collector_add_pid().
 */
LuminaProcessCollector *
lumina_process_collector_new (const char *proc_root)
{
  LuminaProcessCollector *self = g_object_new (LUMINA_TYPE_PROCESS_COLLECTOR, NULL);

  self->proc_root = g_strdup (proc_root != NULL ? proc_root : "/proc");
  return self;
}

/* Thread-safe.  Adding a PID twice watches it once. */
void
lumina_process_collector_add_pid (LuminaProcessCollector *self,
                                  GPid                    pid)
{
  g_return_if_fail (LUMINA_IS_PROCESS_COLLECTOR (self));
  g_return_if_fail (pid > 0);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pids->len; i++)
    if (g_array_index (self->pids, int, i) == pid)
      {
        g_mutex_unlock (&self->lock);
        return;
      }
  g_array_append_val (self->pids, pid);
  g_mutex_unlock (&self->lock);
}

/* Thread-safe. */
void
lumina_process_collector_remove_pid (LuminaProcessCollector *self,
                                     GPid                    pid)
{
  g_return_if_fail (LUMINA_IS_PROCESS_COLLECTOR (self));

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->pids->len; i++)
    if (g_array_index (self->pids, int, i) == pid)
      {
        g_array_remove_index (self->pids, i);
        break;
      }
  g_mutex_unlock (&self->lock);
}

/**
 * lumina_process_collector_dup_pids:
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (element-type int): the watched PIDs
 */
GArray *
lumina_process_collector_dup_pids (LuminaProcessCollector *self)
{
  GArray *copy;

  g_return_val_if_fail (LUMINA_IS_PROCESS_COLLECTOR (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (int), self->pids->len);
  g_array_append_vals (copy, self->pids->data, self->pids->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

/**
 * lumina_proc_read_sample:
 * @proc_root: (nullable): where procfs is mounted; %NULL for /proc
 * @pid: a process
 * @sample: (out caller-allocates): filled in when the process exists
 * @error: a location for a #GError
 *
 * Reads /proc/PID/stat and /proc/PID/status.
 *
 * Returns: %FALSE with @error set for an unreadable or malformed file;
 *   %TRUE with @sample->pid == 0 when the process does not exist
 */
gboolean
lumina_proc_read_sample (const char        *proc_root,
                         int                pid,
                         LuminaProcSample  *sample,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_strdup_printf ("%d", pid);
  g_autofree char *stat_path = g_build_filename (dir, "stat", NULL);
  g_autofree char *status_path = g_build_filename (dir, "status", NULL);
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (sample != NULL, FALSE);

  memset (sample, 0, sizeof *sample);
  if (proc_root == NULL)
    proc_root = "/proc";
  if (pid <= 0)
    return TRUE;

  if ((stat = _lumina_collect_read (proc_root, stat_path, &local_error)) != NULL)
    status = _lumina_collect_read (proc_root, status_path, &local_error);
  if (status == NULL)
    {
      g_autofree char *dir_path = g_build_filename (proc_root, dir, NULL);

      /* An exited process: ENOENT once reaped, ESRCH if it went while
       * being read.  Either way its directory is gone. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
          || !g_file_test (dir_path, G_FILE_TEST_IS_DIR))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!lumina_proc_parse_pid_stat (stat, sample, error)
      || !lumina_proc_parse_pid_status (status, sample, error))
    {
      lumina_proc_sample_clear (sample);
      return FALSE;
    }
  return TRUE;
}

static void
add_points (LuminaProcessCollector *self,
            const LuminaProcSample *sample,
            gint64                  monotonic_us,
            gint64                  time_ms,
            GPtrArray              *points)
{
  Previous *previous = g_hash_table_lookup (self->previous, GINT_TO_POINTER (sample->pid));
  char pid[16];

  g_snprintf (pid, sizeof pid, "%d", sample->pid);
  _lumina_collect_add (points, "process_cpu_seconds_total", time_ms,
                       sample->cpu_ticks / self->ticks_per_second, "name", sample->name, "pid", pid, NULL);
  /* A fraction of one CPU, as top shows it: 2.0 is two cores busy.  A
   * reused PID (another start time) starts over. */
  if (previous != NULL && previous->start_ticks == sample->start_ticks
      && monotonic_us > previous->monotonic_us && sample->cpu_ticks >= previous->cpu_ticks)
    _lumina_collect_add (points, "process_cpu_usage_ratio", time_ms,
                         (sample->cpu_ticks - previous->cpu_ticks) / self->ticks_per_second
                         / ((monotonic_us - previous->monotonic_us) / (double) G_USEC_PER_SEC),
                         "name", sample->name, "pid", pid, NULL);
  if (sample->peak_resident_bytes > 0)
    {
      _lumina_collect_add (points, "process_resident_bytes", time_ms, (double) sample->resident_bytes,
                           "name", sample->name, "pid", pid, NULL);
      _lumina_collect_add (points, "process_peak_resident_bytes", time_ms,
                           (double) sample->peak_resident_bytes, "name", sample->name, "pid", pid, NULL);
    }

  if (previous == NULL)
    {
      previous = g_new0 (Previous, 1);
      g_hash_table_insert (self->previous, GINT_TO_POINTER (sample->pid), previous);
    }
  previous->cpu_ticks = sample->cpu_ticks;
  previous->start_ticks = sample->start_ticks;
  previous->monotonic_us = monotonic_us;
}

/**
 * lumina_process_collector_collect:
 * @monotonic_us: g_get_monotonic_time() now: rates come from its differences
 * @time_ms: the wall-clock time the points get
 * @points: (element-type LuminaMetricPoint): where points are appended
 *
 * process_cpu_seconds_total, process_cpu_usage_ratio (from the second
 * call on), process_resident_bytes and process_peak_resident_bytes for
 * each watched PID, labelled pid and name.  A process that has exited
 * gives no points and is no error.  Call from one thread at a time.
 *
 * Returns: %FALSE if a file could not be read or parsed; the other
 *   processes' points are appended all the same.
 */
gboolean
lumina_process_collector_collect (LuminaProcessCollector  *self,
                                  gint64                   monotonic_us,
                                  gint64                   time_ms,
                                  GPtrArray               *points,
                                  GError                 **error)
{
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GError) first_error = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (LUMINA_IS_PROCESS_COLLECTOR (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  pids = lumina_process_collector_dup_pids (self);
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, int, i);
      LuminaProcSample sample = { 0 };
      g_autoptr(GError) local_error = NULL;

      if (!lumina_proc_read_sample (self->proc_root, pid, &sample, &local_error))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }
      if (sample.pid == 0)
        g_hash_table_remove (self->previous, GINT_TO_POINTER (pid));
      else
        add_points (self, &sample, monotonic_us, time_ms, points);
      lumina_proc_sample_clear (&sample);
    }

  /* Forget removed PIDs. */
  g_hash_table_iter_init (&iter, self->previous);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean watched = FALSE;

      for (guint i = 0; i < pids->len && !watched; i++)
        watched = g_array_index (pids, int, i) == GPOINTER_TO_INT (key);
      if (!watched)
        g_hash_table_iter_remove (&iter);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}
