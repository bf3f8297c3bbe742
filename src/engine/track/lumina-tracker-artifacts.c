/* lumina-tracker-artifacts.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run artifacts: content in the workspace's object store, named by its
 * SHA-256, linked to a run under a name in run_artifacts.
 */
#define G_LOG_DOMAIN "lumina-tracker-artifacts"

#include "config.h"

#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-object-store.h"
#include "lumina-tracker-private.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

static gboolean
link_artifact (LuminaTracker  *self,
               const char     *run_id,
               const char     *name,
               const char     *hash,
               gint64          size,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = lumina_util_now_text ();

  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT OR REPLACE INTO run_artifacts "
                                  "  (run, name, hash, size, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                  error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, size);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);

  return _lumina_tracker_step_done (self, stmt, "adding an artifact", error);
}

/**
 * lumina_tracker_add_artifact:
 * @self: a tracker
 * @run_id: a run, running or ended
 * @name: the artifact's name within the run, e.g. "report.json"; a second
 *   artifact of the same name replaces the first
 * @bytes: the content
 * @error: a location for a #GError
 *
 * Stores @bytes in the object store (named by their SHA-256), links them
 * to the run and appends a "run.artifact-added" event.  Thread-safe.
 *
 * Returns: %FALSE for an unknown run or when storing failed
 */
gboolean
lumina_tracker_add_artifact (LuminaTracker  *self,
                             const char     *run_id,
                             const char     *name,
                             GBytes         *bytes,
                             GError        **error)
{
  LuminaEventLog *events;
  g_autoptr(LuminaEvent) event = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonNode) details_node = NULL;
  g_autofree char *hash = NULL;
  gint64 size;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (name[0] == '\0')
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "An artifact of run %s needs a name", run_id);
      return FALSE;
    }

  /* Checked first so an unknown run leaves no object behind. */
  if (!_lumina_tracker_check_run (self, run_id, error) ||
      !(hash = lumina_object_store_put_bytes (lumina_workspace_get_objects (self->workspace),
                                              bytes, error)))
    return FALSE;

  size = (gint64) g_bytes_get_size (bytes);
  json_object_set_string_member (details, "name", name);
  json_object_set_string_member (details, "sha256", hash);
  json_object_set_int_member (details, "size", size);
  details_node = json_node_init_object (json_node_alloc (), details);
  events = lumina_workspace_get_events (self->workspace);

  lumina_db_lock (self->db);
  ok = lumina_db_begin (self->db, error) &&
       link_artifact (self, run_id, name, hash, size, error) &&
       (event = _lumina_event_log_append_in_transaction (events, "run.artifact-added", run_id,
                                                          details_node, error)) != NULL;
  if (ok)
    ok = lumina_db_commit (self->db, error);
  else
    lumina_db_rollback (self->db);
  lumina_db_unlock (self->db);

  if (ok)
    _lumina_event_log_announce (events);

  return ok;
}

/* Expects the db lock. */
static char *
lookup_artifact (LuminaTracker  *self,
                 const char     *run_id,
                 const char     *name,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT hash FROM run_artifacts WHERE run = ?1 AND name = ?2",
                                  error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    lumina_db_set_error (self->db, error, "reading an artifact");
  else if (_lumina_tracker_lookup_run (self, run_id, NULL, NULL, error))
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                 "Run %s has no artifact “%s”", run_id, name);

  return NULL;
}

/**
 * lumina_tracker_get_artifact:
 * @self: a tracker
 * @run_id: a run
 * @name: an artifact of the run
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): the artifact's content;
 *   %LUMINA_ERROR_NOT_FOUND for an unknown run or name
 */
GBytes *
lumina_tracker_get_artifact (LuminaTracker  *self,
                             const char     *run_id,
                             const char     *name,
                             GError        **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  lumina_db_lock (self->db);
  hash = lookup_artifact (self, run_id, name, error);
  lumina_db_unlock (self->db);

  if (hash == NULL)
    return NULL;

  return lumina_object_store_read_bytes (lumina_workspace_get_objects (self->workspace), hash, error);
}
