/* lumina-tracker-active.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in progress.  A top-level run's "run.started" event records the
 * process that started it (host, boot, PID namespace, PID and the
 * process's start time), so any process on the same computer can tell a
 * run that is still going from one whose process crashed or was killed,
 * and read what that process costs from /proc.
 */
#define G_LOG_DOMAIN "lumina-tracker-active"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "lumina-collect-process.h"
#include "lumina-error.h"
#include "lumina-tracker-private.h"

#define ORPHAN_MESSAGE "The process running it ended before it finished"

typedef struct
{
  char    *machine_id;
  char    *boot_id;
  char    *pid_namespace;
  int      pid;
  guint64  start_ticks;
  gint64   boot_time;    /* seconds since the epoch; 0 when unknown */
} ProcessIdentity;

static char *
read_line (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

static gint64
read_boot_time (void)
{
  g_autofree char *stat = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) || !(line = strstr (stat, "\nbtime ")))
    return 0;
  return g_ascii_strtoll (line + strlen ("\nbtime "), NULL, 10);
}

static const ProcessIdentity *
this_process (void)
{
  static ProcessIdentity identity;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      LuminaProcSample sample = { 0 };

      identity.pid = getpid ();
      /* Two computers can share a workspace (and a host name): the
       * machine id tells them apart. */
      identity.machine_id = read_line ("/etc/machine-id");
      identity.boot_id = read_line ("/proc/sys/kernel/random/boot_id");
      identity.boot_time = read_boot_time ();
      identity.pid_namespace = g_file_read_link ("/proc/self/ns/pid", NULL);
      if (lumina_proc_read_sample (NULL, identity.pid, &sample, NULL))
        identity.start_ticks = sample.start_ticks;
      lumina_proc_sample_clear (&sample);
      g_once_init_leave (&initialized, 1);
    }

  return &identity;
}

void
_lumina_tracker_describe_process (JsonObject *details)
{
  const ProcessIdentity *self = this_process ();

  json_object_set_string_member (details, "host", g_get_host_name ());
  json_object_set_int_member (details, "pid", self->pid);
  if (self->machine_id != NULL)
    json_object_set_string_member (details, "machine_id", self->machine_id);
  if (self->start_ticks > 0)
    json_object_set_int_member (details, "process_start", (gint64) self->start_ticks);
  if (self->boot_id != NULL)
    json_object_set_string_member (details, "boot_id", self->boot_id);
  if (self->pid_namespace != NULL)
    json_object_set_string_member (details, "pid_namespace", self->pid_namespace);
}

void
lumina_active_run_free (LuminaActiveRun *active)
{
  if (active == NULL)
    return;

  g_clear_object (&active->run);
  g_free (active->host);
  g_free (active);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : 0;
}

/* A run whose start recorded no process (an earlier version started it):
 * one started before this computer last booted cannot still be running
 * here, though it may elsewhere; the workspace is usually this
 * computer's own. */
static void
check_unrecorded (LuminaActiveRun *active)
{
  const ProcessIdentity *self = this_process ();
  g_autoptr(GDateTime) started = NULL;

  if (self->boot_time > 0 && lumina_run_get_started_at (active->run) != NULL
      && (started = g_date_time_new_from_iso8601 (lumina_run_get_started_at (active->run), NULL))
      && g_date_time_to_unix (started) < self->boot_time)
    active->state = LUMINA_ACTIVE_RUN_ORPHANED;
}

/* Decides the state from what the run's start recorded; a process this
 * one cannot see (another computer, another PID namespace such as a
 * sandbox) is never called orphaned. */
static void
check_process (LuminaActiveRun *active,
               const char      *details_text)
{
  const ProcessIdentity *self = this_process ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *details;
  const char *machine_id;
  const char *boot_id;
  const char *pid_namespace;
  guint64 process_start;
  LuminaProcSample sample = { 0 };
  g_autoptr(GError) error = NULL;

  active->state = LUMINA_ACTIVE_RUN_ELSEWHERE;
  if (details_text == NULL
      || !(node = json_from_string (details_text, NULL))
      || !JSON_NODE_HOLDS_OBJECT (node)
      || !json_object_has_member (json_node_get_object (node), "pid"))
    {
      check_unrecorded (active);
      return;
    }

  details = json_node_get_object (node);
  active->host = g_strdup (member_string (details, "host"));
  active->pid = (int) CLAMP (member_int (details, "pid"), 0, G_MAXINT);
  process_start = (guint64) MAX (member_int (details, "process_start"), 0);
  machine_id = member_string (details, "machine_id");
  boot_id = member_string (details, "boot_id");
  pid_namespace = member_string (details, "pid_namespace");

  if (active->host == NULL || active->pid == 0 || process_start == 0
      || g_strcmp0 (active->host, g_get_host_name ()) != 0
      || (machine_id != NULL && self->machine_id != NULL && g_strcmp0 (machine_id, self->machine_id) != 0))
    return;

  /* Started before this computer last booted: its process is gone. */
  if (boot_id != NULL && self->boot_id != NULL && g_strcmp0 (boot_id, self->boot_id) != 0)
    {
      active->state = LUMINA_ACTIVE_RUN_ORPHANED;
      return;
    }
  if (g_strcmp0 (pid_namespace, self->pid_namespace) != 0)
    return;

  active->in_this_process = active->pid == self->pid && process_start == self->start_ticks;
  if (!lumina_proc_read_sample (NULL, active->pid, &sample, &error))
    {
      /* Unreadable, so present: assume it is still working. */
      g_debug ("Could not read process %d: %s", active->pid, error->message);
      active->state = LUMINA_ACTIVE_RUN_LIVE;
      return;
    }

  /* Gone, exited but not yet reaped, or its PID reused. */
  if (sample.pid == 0 || sample.state == 'Z' || sample.state == 'X' || sample.start_ticks != process_start)
    active->state = LUMINA_ACTIVE_RUN_ORPHANED;
  else
    {
      long ticks_per_second = sysconf (_SC_CLK_TCK);

      active->state = LUMINA_ACTIVE_RUN_LIVE;
      active->cpu_seconds = (double) sample.cpu_ticks / (ticks_per_second > 0 ? ticks_per_second : 100);
      active->resident_bytes = sample.resident_bytes;
      active->peak_resident_bytes = sample.peak_resident_bytes;
    }
  lumina_proc_sample_clear (&sample);
}

/* Expects the db lock. */
static gboolean
read_progress (LuminaDb         *db,
               LuminaActiveRun  *active,
               char            **details,
               GError          **error)
{
  const char *id = lumina_run_get_id (active->run);
  g_autoptr(sqlite3_stmt) children = NULL;
  g_autoptr(sqlite3_stmt) started = NULL;
  int rc;

  if (!(children = lumina_db_prepare (db,
                                      "SELECT coalesce (sum (status = 'running'), 0), "
                                      "       coalesce (sum (status != 'running'), 0) "
                                      "FROM runs WHERE parent_id = ?1",
                                      error)))
    return FALSE;
  sqlite3_bind_text (children, 1, id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (children)) != SQLITE_ROW)
    {
      lumina_db_set_error (db, error, "counting a run’s trials");
      return FALSE;
    }
  active->n_children_running = (guint) sqlite3_column_int64 (children, 0);
  active->n_children_ended = (guint) sqlite3_column_int64 (children, 1);

  if (!(started = lumina_db_prepare (db,
                                     "SELECT details FROM events "
                                     "WHERE object = ?1 AND kind = 'run.started' ORDER BY id LIMIT 1",
                                     error)))
    return FALSE;
  sqlite3_bind_text (started, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (started);
  if (rc == SQLITE_ROW)
    *details = g_strdup ((const char *) sqlite3_column_text (started, 0));
  else if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (db, error, "reading when a run started");
      return FALSE;
    }

  return TRUE;
}

/**
 * lumina_tracker_list_active_runs:
 * @self: a tracker
 * @error: a location for a #GError
 *
 * The top-level runs still marked running (an AutoML search, a single
 * training), with their trials' progress and whether the process running
 * each is alive.  Reads /proc for the processes on this computer.
 * Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaActiveRun) (nullable): the
 *   runs, newest first
 */
GPtrArray *
lumina_tracker_list_active_runs (LuminaTracker  *self,
                                 GError        **error)
{
  const RunFilter filter = { "r.parent_id IS NULL AND r.status = 'running'", NULL, NULL };
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) details = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);

  if (!(runs = _lumina_tracker_query_runs (self, &filter, error)))
    return NULL;

  active = g_ptr_array_new_full (runs->len, (GDestroyNotify) lumina_active_run_free);
  details = g_ptr_array_new_full (runs->len, g_free);

  lumina_db_lock (self->db);
  for (guint i = 0; ok && i < runs->len; i++)
    {
      LuminaActiveRun *item = g_new0 (LuminaActiveRun, 1);
      char *started = NULL;

      item->run = g_object_ref (g_ptr_array_index (runs, i));
      g_ptr_array_add (active, item);
      ok = read_progress (self->db, item, &started, error);
      g_ptr_array_add (details, started);
    }
  lumina_db_unlock (self->db);

  if (!ok)
    return NULL;

  for (guint i = 0; i < active->len; i++)
    check_process (g_ptr_array_index (active, i), g_ptr_array_index (details, i));

  return g_steal_pointer (&active);
}

/* Expects the db lock. */
static GPtrArray *
running_children (LuminaDb    *db,
                  const char  *run_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (db, "SELECT id FROM runs WHERE parent_id = ?1 AND status = 'running'",
                                  error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (db, error, "listing a run’s trials");
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * lumina_tracker_end_orphaned_run:
 * @self: a tracker
 * @run_id: a top-level run whose process ended without finishing it
 * @error: a location for a #GError
 *
 * Marks the run, and its trials still marked running, as failed, with
 * the reason.  Refuses a run whose process is alive or cannot be checked
 * from this computer (%LUMINA_ERROR_INVALID_INPUT).
 *
 * Returns: %TRUE once the run has ended
 */
gboolean
lumina_tracker_end_orphaned_run (LuminaTracker  *self,
                                 const char     *run_id,
                                 GError        **error)
{
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) children = NULL;
  LuminaActiveRun *found = NULL;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  if (!(active = lumina_tracker_list_active_runs (self, error)))
    return FALSE;
  for (guint i = 0; found == NULL && i < active->len; i++)
    {
      LuminaActiveRun *item = g_ptr_array_index (active, i);

      if (g_str_equal (lumina_run_get_id (item->run), run_id))
        found = item;
    }

  if (found == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Run %s is not a top-level run in progress", run_id);
      return FALSE;
    }
  if (found->state != LUMINA_ACTIVE_RUN_ORPHANED)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   found->state == LUMINA_ACTIVE_RUN_LIVE
                   ? "Run %s is still running in process %d"
                   : "Run %s was started elsewhere (process %d) and cannot be checked from here",
                   run_id, found->pid);
      return FALSE;
    }

  lumina_db_lock (self->db);
  children = running_children (self->db, run_id, error);
  lumina_db_unlock (self->db);
  if (children == NULL)
    return FALSE;

  for (guint i = 0; i < children->len; i++)
    if (!lumina_tracker_finish_run (self, g_ptr_array_index (children, i), LUMINA_RUN_STATUS_FAILED,
                                    NULL, NULL, ORPHAN_MESSAGE, error))
      return FALSE;

  return lumina_tracker_finish_run (self, run_id, LUMINA_RUN_STATUS_FAILED, NULL, NULL,
                                    ORPHAN_MESSAGE, error);
}
