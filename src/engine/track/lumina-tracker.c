/* lumina-tracker.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Experiments and runs in the workspace database.  Every function is
 * thread-safe: AutoML starts, logs to and finishes runs from its worker
 * threads while the app lists them from another.
 *
 * This file holds the object, starting and finishing runs, tags and
 * notes; see lumina-tracker-private.h for the others.
 */
#define G_LOG_DOMAIN "lumina-tracker"

#include "config.h"

#include <math.h>

#include "lumina-db.h"
#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-tracker-private.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

#define DEFAULT_EXPERIMENT "default"
#define SET_TAG_SQL        "INSERT OR REPLACE INTO run_tags (run, key, value) VALUES (?1, ?2, ?3)"
#define REMOVE_TAG_SQL     "DELETE FROM run_tags WHERE run = ?1 AND key = ?2"

G_DEFINE_FINAL_TYPE (LuminaTracker, lumina_tracker, G_TYPE_OBJECT)

static void
lumina_tracker_dispose (GObject *object)
{
  LuminaTracker *self = (LuminaTracker *)object;
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !_lumina_tracker_flush_points (self, TRUE, &error))
    g_warning ("Step metrics were lost when the tracker closed: %s", error->message);

  G_OBJECT_CLASS (lumina_tracker_parent_class)->dispose (object);
}

static void
lumina_tracker_finalize (GObject *object)
{
  LuminaTracker *self = (LuminaTracker *)object;

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->known_runs, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->dropped_run, g_free);
  g_clear_pointer (&self->db, lumina_db_unref);
  g_clear_object (&self->workspace);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->flush_lock);

  G_OBJECT_CLASS (lumina_tracker_parent_class)->finalize (object);
}

static void
lumina_tracker_class_init (LuminaTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_tracker_dispose;
  object_class->finalize = lumina_tracker_finalize;
}

static void
lumina_tracker_init (LuminaTracker *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->flush_lock);
  self->points = g_array_sized_new (FALSE, FALSE, sizeof (LuminaMetricPoint),
                                    LUMINA_TRACKER_FLUSH_POINTS);
  self->known_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * lumina_tracker_new:
 * @workspace: the workspace whose database holds the runs
 *
 * Returns: (transfer full): a tracker; any number may share a workspace
 */
LuminaTracker *
lumina_tracker_new (LuminaWorkspace *workspace)
{
  LuminaTracker *self;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LUMINA_TYPE_TRACKER, NULL);
  self->workspace = g_object_ref (workspace);
  self->db = lumina_db_ref (_lumina_workspace_get_db (workspace));

  return self;
}

/* ---- small helpers ------------------------------------------------------ */

gboolean
_lumina_tracker_step_done (LuminaTracker  *self,
                           sqlite3_stmt   *stmt,
                           const char     *doing,
                           GError        **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  lumina_db_set_error (self->db, error, doing);
  return FALSE;
}

void
_lumina_tracker_bind_nullable (sqlite3_stmt *stmt,
                               int           index,
                               const char   *text)
{
  if (text != NULL && text[0] != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonObject) copy = _lumina_run_copy_object (object);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), copy);

  return lumina_util_json_to_string (node, FALSE);
}

static gboolean
set_unknown_run (const char  *run_id,
                 GError     **error)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
               "No run “%s” in this workspace", run_id);
  return FALSE;
}

/* Expects the db lock.  Returns the run's status text through @status
 * (transfer full), or fails with NOT_FOUND. */
gboolean
_lumina_tracker_lookup_run (LuminaTracker  *self,
                            const char     *run_id,
                            char          **status,
                            char          **started_at,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db, "SELECT status, started_at FROM runs WHERE id = ?1", error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return set_unknown_run (run_id, error);
  if (rc != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "reading a run");
      return FALSE;
    }

  if (status != NULL)
    *status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (started_at != NULL)
    *started_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

gboolean
_lumina_tracker_check_run (LuminaTracker  *self,
                           const char     *run_id,
                           GError        **error)
{
  gboolean ok;

  lumina_db_lock (self->db);
  ok = _lumina_tracker_lookup_run (self, run_id, NULL, NULL, error);
  lumina_db_unlock (self->db);

  return ok;
}

void
_lumina_tracker_remember_run (LuminaTracker *self,
                              const char    *run_id)
{
  g_mutex_lock (&self->lock);
  if (!g_hash_table_contains (self->known_runs, run_id))
    {
      char *copy = g_strdup (run_id);

      g_hash_table_insert (self->known_runs, copy, copy);
    }
  g_mutex_unlock (&self->lock);
}


/* ---- starting and finishing --------------------------------------------- */

static char *
new_run_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_sized_new (32);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (id, *p);

  return g_string_free (id, FALSE);
}

static void
set_if (JsonObject *object,
        const char *member,
        const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

/* Expects the db lock and an open transaction.  Returns the id, 0 on error. */
static gint64
ensure_experiment (LuminaTracker  *self,
                   const char     *name,
                   const char     *now,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;

  if (!(insert = lumina_db_prepare (self->db,
                                    "INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?1, ?2)",
                                    error)))
    return 0;
  sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, now, -1, SQLITE_STATIC);
  if (!_lumina_tracker_step_done (self, insert, "creating an experiment", error) ||
      !(select = lumina_db_prepare (self->db, "SELECT id FROM experiments WHERE name = ?1", error)))
    return 0;

  sqlite3_bind_text (select, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (select) != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "creating an experiment");
      return 0;
    }

  return sqlite3_column_int64 (select, 0);
}

typedef struct
{
  const char *id;
  gint64      experiment_id;
  const char *parent_id;
  const char *name;
  const char *learner;
  const char *params;
  const char *dataset_ref;
  guint64     seed;
  const char *started_at;
} NewRun;

static gboolean
insert_run (LuminaTracker  *self,
            const NewRun   *run,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT INTO runs (id, experiment_id, parent_id, name, learner, status, "
                                  "                  params, dataset_ref, seed, started_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6, ?7, ?8, ?9)",
                                  error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, run->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, run->experiment_id);
  _lumina_tracker_bind_nullable (stmt, 3, run->parent_id);
  _lumina_tracker_bind_nullable (stmt, 4, run->name);
  _lumina_tracker_bind_nullable (stmt, 5, run->learner);
  sqlite3_bind_text (stmt, 6, run->params, -1, SQLITE_STATIC);
  _lumina_tracker_bind_nullable (stmt, 7, run->dataset_ref);
  sqlite3_bind_int64 (stmt, 8, (gint64) run->seed);
  sqlite3_bind_text (stmt, 9, run->started_at, -1, SQLITE_STATIC);

  return _lumina_tracker_step_done (self, stmt, "starting a run", error);
}

static gboolean
check_parent (LuminaTracker  *self,
              const char     *parent_id,
              GError        **error)
{
  if (parent_id == NULL || _lumina_tracker_lookup_run (self, parent_id, NULL, NULL, error))
    return TRUE;

  g_prefix_error (error, "Cannot start a child run: ");
  return FALSE;
}

/**
 * lumina_tracker_start_run:
 * @self: a tracker
 * @experiment: (nullable): the experiment, created on first use; %NULL or
 *   "" means "default"
 * @parent_id: (nullable): the run this one belongs to (an AutoML search
 *   for its trials); %NULL or "" for a top-level run
 * @name: (nullable): a name for people
 * @learner: (nullable): the learner's name
 * @params: (nullable): the hyperparameters
 * @dataset_ref: (nullable): the data, as "name@version"
 * @seed: the random seed
 * @error: a location for a #GError
 *
 * Records a new running run and appends a "run.started" event, in one
 * transaction.  Thread-safe.
 *
 * Returns: (transfer full) (nullable): the new run's id, 32 hex digits
 */
char *
lumina_tracker_start_run (LuminaTracker  *self,
                          const char     *experiment,
                          const char     *parent_id,
                          const char     *name,
                          const char     *learner,
                          JsonObject     *params,
                          const char     *dataset_ref,
                          guint64         seed,
                          GError        **error)
{
  LuminaEventLog *events;
  g_autoptr(LuminaEvent) event = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonNode) details_node = NULL;
  g_autofree char *id = new_run_id ();
  g_autofree char *now = lumina_util_now_text ();
  g_autofree char *params_text = object_to_text (params);
  NewRun run = { id, 0, NULL, name, learner, params_text, dataset_ref, seed, now };
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);

  if (experiment == NULL || experiment[0] == '\0')
    experiment = DEFAULT_EXPERIMENT;
  run.parent_id = parent_id != NULL && parent_id[0] != '\0' ? parent_id : NULL;

  json_object_set_string_member (details, "experiment", experiment);
  set_if (details, "parent_id", run.parent_id);
  set_if (details, "name", name);
  set_if (details, "learner", learner);
  set_if (details, "dataset_ref", dataset_ref);
  if (run.parent_id == NULL)
    _lumina_tracker_describe_process (details);
  details_node = json_node_init_object (json_node_alloc (), details);
  events = lumina_workspace_get_events (self->workspace);

  lumina_db_lock (self->db);
  ok = lumina_db_begin (self->db, error) &&
       check_parent (self, run.parent_id, error) &&
       (run.experiment_id = ensure_experiment (self, experiment, now, error)) > 0 &&
       insert_run (self, &run, error) &&
       (event = _lumina_event_log_append_in_transaction (events, "run.started", id, details_node,
                                                          error)) != NULL;
  if (ok)
    ok = lumina_db_commit (self->db, error);
  else
    lumina_db_rollback (self->db);
  lumina_db_unlock (self->db);

  if (!ok)
    return NULL;

  _lumina_event_log_announce (events);
  _lumina_tracker_remember_run (self, id);

  return g_steal_pointer (&id);
}

/* Expects the db lock.  Fails unless the run exists and is still running;
 * returns when it started. */
static gboolean
check_running (LuminaTracker  *self,
               const char     *run_id,
               char          **started_at,
               GError        **error)
{
  g_autofree char *status = NULL;

  if (!_lumina_tracker_lookup_run (self, run_id, &status, started_at, error))
    return FALSE;

  if (g_strcmp0 (status, "running") != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Run %s has already ended (%s); a run is finished once", run_id, status);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char      *id;
  LuminaRunStatus  status;
  const char      *metrics;
  LuminaRunUsage   usage;
  const char      *error;
  const char      *finished_at;
} FinishedRun;

static gboolean
update_finished (LuminaTracker      *self,
                 const FinishedRun  *run,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "UPDATE runs SET status = ?2, metrics = ?3, finished_at = ?4, "
                                  "  duration = ?5, cpu_seconds = ?6, peak_bytes = ?7, error = ?8 "
                                  "WHERE id = ?1",
                                  error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, run->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, lumina_run_status_to_string (run->status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, run->metrics, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, run->finished_at, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, isfinite (run->usage.duration) ? run->usage.duration : 0);
  sqlite3_bind_double (stmt, 6, isfinite (run->usage.cpu_seconds) ? run->usage.cpu_seconds : 0);
  sqlite3_bind_int64 (stmt, 7, (gint64) run->usage.peak_bytes);
  _lumina_tracker_bind_nullable (stmt, 8, run->error);

  return _lumina_tracker_step_done (self, stmt, "finishing a run", error);
}

/* Wall-clock seconds since @started_at, for a caller that measured nothing. */
static double
seconds_since (const char *started_at,
               GDateTime  *now)
{
  g_autoptr(GDateTime) started = NULL;

  if (started_at == NULL || !(started = g_date_time_new_from_iso8601 (started_at, NULL)))
    return 0;

  return MAX (0, g_date_time_difference (now, started) / (double) G_TIME_SPAN_SECOND);
}

static JsonNode *
finished_details (LuminaRunStatus  status,
                  JsonObject      *metrics,
                  const char      *error_message)
{
  g_autoptr(JsonObject) details = json_object_new ();

  json_object_set_string_member (details, "status", lumina_run_status_to_string (status));
  json_object_set_object_member (details, "metrics", _lumina_run_copy_object (metrics));
  set_if (details, "error", error_message);

  return json_node_init_object (json_node_alloc (), details);
}

/* Expects the db lock: the run's row, then its event, in the caller's
 * transaction. */
static gboolean
record_finish (LuminaTracker         *self,
               FinishedRun           *run,
               JsonObject            *metrics,
               const LuminaRunUsage  *usage,
               GDateTime             *now,
               GError               **error)
{
  g_autoptr(LuminaEvent) event = NULL;
  g_autoptr(JsonNode) details = finished_details (run->status, metrics, run->error);
  g_autofree char *started_at = NULL;

  if (!check_running (self, run->id, &started_at, error))
    return FALSE;

  if (usage != NULL)
    run->usage = *usage;
  else
    run->usage.duration = seconds_since (started_at, now);

  return update_finished (self, run, error) &&
         (event = _lumina_event_log_append_in_transaction (lumina_workspace_get_events (self->workspace),
                                                            "run.finished", run->id, details,
                                                            error)) != NULL;
}

/**
 * lumina_tracker_finish_run:
 * @self: a tracker
 * @run_id: a running run
 * @status: how it ended; not %LUMINA_RUN_STATUS_RUNNING
 * @metrics: (nullable): the final metrics
 * @usage: (nullable): what the run cost; %NULL records the wall-clock time
 *   since it started
 * @error_message: (nullable): why it failed or stopped
 * @error: a location for a #GError
 *
 * Ends the run: stores its buffered step metrics, its status, metrics,
 * usage and error, and appends a "run.finished" event, all in one
 * transaction.  Thread-safe.
 *
 * Returns: %FALSE for an unknown run (%LUMINA_ERROR_NOT_FOUND), a run that
 *   has already ended (%LUMINA_ERROR_INVALID_INPUT) or a database error
 */
gboolean
lumina_tracker_finish_run (LuminaTracker         *self,
                           const char            *run_id,
                           LuminaRunStatus        status,
                           JsonObject            *metrics,
                           const LuminaRunUsage  *usage,
                           const char            *error_message,
                           GError               **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *finished_at = lumina_util_format_time (now);
  g_autofree char *metrics_text = object_to_text (metrics);
  FinishedRun run = { run_id, status, metrics_text, { 0 }, error_message, finished_at };
  GArray *batch;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);
  g_return_val_if_fail ((guint) status <= LUMINA_RUN_STATUS_CANCELLED, FALSE);

  if (status == LUMINA_RUN_STATUS_RUNNING)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Run %s cannot finish as running: end it as finished, pruned, failed or cancelled",
                   run_id);
      return FALSE;
    }

  g_mutex_lock (&self->flush_lock);
  batch = _lumina_tracker_take_points (self);
  lumina_db_lock (self->db);
  ok = lumina_db_begin (self->db, error) &&
       _lumina_tracker_write_points (self, batch, error) &&
       record_finish (self, &run, metrics, usage, now, error);
  if (ok)
    ok = lumina_db_commit (self->db, error);
  else
    lumina_db_rollback (self->db);
  lumina_db_unlock (self->db);
  _lumina_tracker_give_back_points (self, batch, ok);
  g_mutex_unlock (&self->flush_lock);

  if (ok)
    _lumina_event_log_announce (lumina_workspace_get_events (self->workspace));

  return ok;
}

/* ---- tags and notes ----------------------------------------------------- */

/**
 * lumina_tracker_set_tag:
 * @self: a tracker
 * @run_id: a run, running or ended
 * @key: the tag's name
 * @value: (nullable): its value; %NULL removes the tag
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: %FALSE for an unknown run or a database error
 */
gboolean
lumina_tracker_set_tag (LuminaTracker  *self,
                        const char     *run_id,
                        const char     *key,
                        const char     *value,
                        GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (key[0] == '\0')
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "A tag of run %s needs a name", run_id);
      return FALSE;
    }

  lumina_db_lock (self->db);
  ok = _lumina_tracker_lookup_run (self, run_id, NULL, NULL, error) &&
       (stmt = lumina_db_prepare (self->db, value != NULL ? SET_TAG_SQL : REMOVE_TAG_SQL, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      if (value != NULL)
        sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
      ok = _lumina_tracker_step_done (self, stmt, "tagging a run", error);
    }
  lumina_db_unlock (self->db);

  return ok;
}

/**
 * lumina_tracker_set_note:
 * @self: a tracker
 * @run_id: a run, running or ended
 * @note: (nullable): free text; %NULL or "" removes the note
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: %FALSE for an unknown run or a database error
 */
gboolean
lumina_tracker_set_note (LuminaTracker  *self,
                         const char     *run_id,
                         const char     *note,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *handle;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  handle = lumina_db_lock (self->db);
  ok = (stmt = lumina_db_prepare (self->db, "UPDATE runs SET note = ?2 WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
      _lumina_tracker_bind_nullable (stmt, 2, note);
      ok = _lumina_tracker_step_done (self, stmt, "writing a run's note", error) &&
           (sqlite3_changes (handle) > 0 || set_unknown_run (run_id, error));
    }
  lumina_db_unlock (self->db);

  return ok;
}
