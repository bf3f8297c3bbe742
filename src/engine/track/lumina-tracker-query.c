/* lumina-tracker-query.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading half of LuminaTracker: runs as snapshots, experiments, and
 * step metric histories.  Each call reads under one hold of the db lock,
 * so a run and its tags and artifacts agree.  Thread-safe.
 */
#define G_LOG_DOMAIN "lumina-tracker-query"

#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-tracker-private.h"

#define ORDER_NEWEST_FIRST " ORDER BY r.started_at DESC, r.rowid DESC"

static sqlite3_stmt *
prepare_filtered (LuminaDb         *db,
                  const char       *select_from,
                  const RunFilter  *filter,
                  const char       *order,
                  GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("%s WHERE %s%s", select_from, filter->where, order);
  sqlite3_stmt *stmt;

  if (!(stmt = lumina_db_prepare (db, sql, error)))
    return NULL;

  /* A parameter the clause does not use is simply not bound. */
  if (filter->arg1 != NULL)
    sqlite3_bind_text (stmt, 1, filter->arg1, -1, SQLITE_TRANSIENT);
  if (filter->arg2 != NULL)
    sqlite3_bind_text (stmt, 2, filter->arg2, -1, SQLITE_TRANSIENT);

  return stmt;
}

static gboolean
finish_rows (LuminaDb    *db,
             int          rc,
             GError     **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;

  lumina_db_set_error (db, error, "reading runs");
  return FALSE;
}

static gboolean
read_runs (LuminaDb         *db,
           const RunFilter  *filter,
           GPtrArray        *runs,
           GHashTable       *by_id,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare_filtered (db, "SELECT " LUMINA_RUN_COLUMNS " FROM " LUMINA_RUN_FROM,
                                 filter, ORDER_NEWEST_FIRST, error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LuminaRun *run = _lumina_run_new_from_row (stmt);

      g_ptr_array_add (runs, run);
      g_hash_table_insert (by_id, (gpointer) lumina_run_get_id (run), run);
    }

  return finish_rows (db, rc, error);
}

static gboolean
read_tags (LuminaDb         *db,
           const RunFilter  *filter,
           GHashTable       *by_id,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare_filtered (db,
                                 "SELECT t.run, t.key, t.value FROM run_tags AS t "
                                 "JOIN runs AS r ON r.id = t.run "
                                 "JOIN experiments AS e ON e.id = r.experiment_id",
                                 filter, " ORDER BY t.run, t.key", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LuminaRun *run = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));

      if (run != NULL)
        _lumina_run_add_tag (run,
                             (const char *) sqlite3_column_text (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 2));
    }

  return finish_rows (db, rc, error);
}

static gboolean
read_artifacts (LuminaDb         *db,
                const RunFilter  *filter,
                GHashTable       *by_id,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare_filtered (db,
                                 "SELECT a.run, a.name, a.hash, a.size FROM run_artifacts AS a "
                                 "JOIN runs AS r ON r.id = a.run "
                                 "JOIN experiments AS e ON e.id = r.experiment_id",
                                 filter, " ORDER BY a.run, a.name", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LuminaRun *run = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));

      if (run != NULL)
        _lumina_run_add_artifact (run,
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3));
    }

  return finish_rows (db, rc, error);
}

/* The runs @filter selects, newest first, with their tags and artifacts. */
GPtrArray *
_lumina_tracker_query_runs (LuminaTracker    *self,
                            const RunFilter  *filter,
                            GError          **error)
{
  LuminaDb *db = self->db;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok;

  lumina_db_lock (db);
  ok = read_runs (db, filter, runs, by_id, error) &&
       (runs->len == 0 ||
        (read_tags (db, filter, by_id, error) && read_artifacts (db, filter, by_id, error)));
  lumina_db_unlock (db);

  return ok ? g_steal_pointer (&runs) : NULL;
}

/**
 * lumina_tracker_get_run:
 * @self: a tracker
 * @run_id: a run's full id
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): a snapshot of the run as stored;
 *   %LUMINA_ERROR_NOT_FOUND for an unknown id
 */
LuminaRun *
lumina_tracker_get_run (LuminaTracker  *self,
                        const char     *run_id,
                        GError        **error)
{
  const RunFilter filter = { "r.id = ?1", run_id, NULL };
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  if (!(runs = _lumina_tracker_query_runs (self, &filter, error)))
    return NULL;

  if (runs->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "No run “%s” in this workspace", run_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (runs, 0));
}

/**
 * lumina_tracker_list_runs:
 * @self: a tracker
 * @experiment: (nullable): only the runs of this experiment
 * @parent_id: (nullable): only the children of this run; "" for only
 *   top-level runs
 * @error: a location for a #GError
 *
 * A filter that matches nothing gives an empty array, not an error.
 * Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaRun) (nullable): the runs,
 *   newest first
 */
GPtrArray *
lumina_tracker_list_runs (LuminaTracker  *self,
                          const char     *experiment,
                          const char     *parent_id,
                          GError        **error)
{
  g_autofree char *where = NULL;
  RunFilter filter = { NULL, experiment, parent_id };

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);

  /* Built for the bindings at hand, so SQLite can use the indexes. */
  where = g_strdup_printf ("%s AND %s",
                           experiment != NULL ? "e.name = ?1" : "1",
                           parent_id == NULL ? "1" :
                           parent_id[0] == '\0' ? "r.parent_id IS NULL" : "r.parent_id = ?2");
  filter.where = where;
  if (parent_id != NULL && parent_id[0] == '\0')
    filter.arg2 = NULL;

  return _lumina_tracker_query_runs (self, &filter, error);
}

/**
 * lumina_tracker_list_experiments:
 * @self: a tracker
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): a JSON array of {"name",
 *   "created_at", "n_runs" (every run, children included), "last_run_at"},
 *   the most recently used experiment first
 */
JsonNode *
lumina_tracker_list_experiments (LuminaTracker  *self,
                                 GError        **error)
{
  LuminaDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean ok;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);

  db = self->db;
  lumina_db_lock (db);
  stmt = lumina_db_prepare (db,
                            "SELECT e.name, e.created_at, count (r.id), max (r.started_at) "
                            "FROM experiments AS e LEFT JOIN runs AS r ON r.experiment_id = e.id "
                            "GROUP BY e.id "
                            "ORDER BY coalesce (max (r.started_at), e.created_at) DESC, e.name",
                            error);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *experiment = json_object_new ();
      const char *last_run_at = (const char *) sqlite3_column_text (stmt, 3);

      json_object_set_string_member (experiment, "name", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (experiment, "created_at",
                                     (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (experiment, "n_runs", sqlite3_column_int64 (stmt, 2));
      if (last_run_at != NULL)
        json_object_set_string_member (experiment, "last_run_at", last_run_at);
      else
        json_object_set_null_member (experiment, "last_run_at");
      json_array_add_object_element (array, experiment);
    }
  ok = stmt != NULL && finish_rows (db, rc, error);
  lumina_db_unlock (db);

  if (!ok)
    return NULL;

  return json_node_init_array (json_node_alloc (), array);
}

/* Stores what is buffered, then checks the run, with the db lock held on
 * success; the caller unlocks. */
static gboolean
begin_metric_read (LuminaTracker  *self,
                   const char     *run_id,
                   GError        **error)
{
  LuminaDb *db = self->db;

  if (!_lumina_tracker_flush_points (self, TRUE, error))
    return FALSE;

  lumina_db_lock (db);
  if (!_lumina_tracker_lookup_run (self, run_id, NULL, NULL, error))
    {
      lumina_db_unlock (db);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_history (LuminaDb    *db,
              const char  *run_id,
              const char  *key,
              GArray      *steps,
              GArray      *values,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (db,
                                  "SELECT step, value FROM run_metrics "
                                  "WHERE run = ?1 AND key = ?2 ORDER BY step",
                                  error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint step = (guint) sqlite3_column_int64 (stmt, 0);
      double value = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 1);

      g_array_append_val (steps, step);
      g_array_append_val (values, value);
    }

  return finish_rows (db, rc, error);
}

/**
 * lumina_tracker_get_metric_history:
 * @self: a tracker
 * @run_id: a run
 * @key: a step metric's name
 * @steps: (out) (transfer full) (element-type guint): the steps, ascending
 * @values: (out) (transfer full) (element-type gdouble): the value at each
 *   step; NaN where none was recorded
 * @error: a location for a #GError
 *
 * A key the run never logged gives two empty arrays.  Points still
 * buffered are stored first.  Thread-safe.
 *
 * Returns: %FALSE for an unknown run (%LUMINA_ERROR_NOT_FOUND) or a
 *   database error
 */
gboolean
lumina_tracker_get_metric_history (LuminaTracker  *self,
                                   const char     *run_id,
                                   const char     *key,
                                   GArray        **steps,
                                   GArray        **values,
                                   GError        **error)
{
  g_autoptr(GArray) step_array = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) value_array = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (steps != NULL && values != NULL, FALSE);

  if (!begin_metric_read (self, run_id, error))
    return FALSE;
  ok = read_history (self->db, run_id, key, step_array, value_array, error);
  lumina_db_unlock (self->db);

  if (!ok)
    return FALSE;

  *steps = g_steal_pointer (&step_array);
  *values = g_steal_pointer (&value_array);
  return TRUE;
}

/**
 * lumina_tracker_list_metric_keys:
 * @self: a tracker
 * @run_id: a run
 * @error: a location for a #GError
 *
 * Points still buffered are stored first.  Thread-safe.
 *
 * Returns: (transfer full) (nullable): the names of the run's step
 *   metrics, sorted; empty when it logged none
 */
char **
lumina_tracker_list_metric_keys (LuminaTracker  *self,
                                 const char     *run_id,
                                 GError        **error)
{
  LuminaDb *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  gboolean ok;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  if (!begin_metric_read (self, run_id, error))
    return NULL;

  db = self->db;
  stmt = lumina_db_prepare (db, "SELECT DISTINCT key FROM run_metrics WHERE run = ?1 ORDER BY key", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (keys, (const char *) sqlite3_column_text (stmt, 0));
    }
  ok = stmt != NULL && finish_rows (db, rc, error);
  lumina_db_unlock (db);

  if (!ok)
    return NULL;

  return g_strv_builder_end (keys);
}
