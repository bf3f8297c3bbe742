/* lumina-event-log.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The append-only, hash-chained audit log.  Each record stores the hash of
 * the one before it; the newest hash is also kept in meta.events_head so a
 * truncated tail is caught too.  UPDATE and DELETE are refused by triggers.
 *
 * "event-appended" fires on the log's main context for every new row, whoever
 * wrote it: appends from this process trigger a poll right away (or through
 * one idle source when made on a worker thread), rows written by another
 * process appear on the next lumina_event_log_poll().
 */
#define G_LOG_DOMAIN "lumina-event-log"

#include "config.h"

#include <string.h>

#include "lumina-db.h"
#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event-private.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define EVENT_COLUMNS "id, time, actor, kind, object, details, prev_hash, hash"

struct _LuminaEventLog
{
  GObject       parent_instance;

  LuminaDb     *db;
  GMainContext *owner_context;
  GThread      *owner_thread;
  char         *actor;

  GMutex        lock;
  gint64        last_emitted_id;
  guint         poll_queued : 1;
};

G_DEFINE_FINAL_TYPE (LuminaEventLog, lumina_event_log, G_TYPE_OBJECT)

enum {
  EVENT_APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lumina_event_log_finalize (GObject *object)
{
  LuminaEventLog *self = (LuminaEventLog *)object;

  g_clear_pointer (&self->db, lumina_db_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->actor, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lumina_event_log_parent_class)->finalize (object);
}

static void
lumina_event_log_class_init (LuminaEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lumina_event_log_finalize;

  /**
   * LuminaEventLog::event-appended:
   * @event: the new record
   *
   * Emitted on the log's main context for each new record, in id order.
   */
  signals[EVENT_APPENDED] =
    g_signal_new ("event-appended",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LUMINA_TYPE_EVENT);
}

static void
lumina_event_log_init (LuminaEventLog *self)
{
  g_mutex_init (&self->lock);
  self->owner_context = g_main_context_ref_thread_default ();
  self->owner_thread = g_thread_self ();
  self->actor = _lumina_workspace_dup_default_actor ();
}

LuminaEventLog *
_lumina_event_log_new (LuminaDb *db)
{
  LuminaEventLog *self = g_object_new (LUMINA_TYPE_EVENT_LOG, NULL);

  self->db = lumina_db_ref (db);
  self->last_emitted_id = lumina_event_log_get_last_id (self);

  return self;
}

void
_lumina_event_log_set_actor (LuminaEventLog *self,
                             const char     *actor)
{
  g_return_if_fail (LUMINA_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  if (actor && *actor)
    lumina_set_str (&self->actor, actor);
  else
    {
      g_free (self->actor);
      self->actor = _lumina_workspace_dup_default_actor ();
    }
  g_mutex_unlock (&self->lock);
}

const char *
_lumina_event_log_get_actor (LuminaEventLog *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), NULL);

  return self->actor;
}

static LuminaEvent *
event_from_row (sqlite3_stmt *stmt)
{
  return _lumina_event_new (sqlite3_column_int64 (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 3),
                            (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5),
                            (const char *) sqlite3_column_text (stmt, 6),
                            (const char *) sqlite3_column_text (stmt, 7));
}

/* Expects the db lock. */
static gboolean
read_head (LuminaEventLog  *self,
           gint64          *last_id,
           char           **last_hash,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
                                  error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *last_id = sqlite3_column_int64 (stmt, 0);
      *last_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *last_id = 0;
      *last_hash = g_strdup (GENESIS_HASH);
      return TRUE;
    }

  lumina_db_set_error (self->db, error, "reading the event log");
  return FALSE;
}

/* Expects the db lock and an open transaction. */
static gboolean
insert_event (LuminaEventLog *self,
              LuminaEvent    *event,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) head = NULL;

  stmt = lumina_db_prepare (self->db,
                            "INSERT INTO events (" EVENT_COLUMNS ") "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, lumina_event_get_id (event));
  sqlite3_bind_text (stmt, 2, lumina_event_get_time_text (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, lumina_event_get_actor (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, lumina_event_get_kind (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, lumina_event_get_object (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, lumina_event_get_details (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, lumina_event_get_prev_hash (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, lumina_event_get_hash (event), -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (self->db, error, "appending an event");
      return FALSE;
    }

  if (!(head = lumina_db_prepare (self->db,
                                  "INSERT OR REPLACE INTO meta (key, value) VALUES ('events_head', ?1)",
                                  error)))
    return FALSE;

  sqlite3_bind_text (head, 1, lumina_event_get_hash (event), -1, SQLITE_STATIC);
  if (sqlite3_step (head) != SQLITE_DONE)
    {
      lumina_db_set_error (self->db, error, "appending an event");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_input (const char  *kind,
                JsonNode    *details,
                GError     **error)
{
  if (kind == NULL || *kind == '\0' || strspn (kind, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen (kind))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Event kind “%s” is not valid: use lowercase letters, digits, '.', '_' and '-'",
                   kind ? kind : "");
      return FALSE;
    }

  if (details != NULL && !JSON_NODE_HOLDS_OBJECT (details) && !JSON_NODE_HOLDS_NULL (details))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Details of a “%s” event must be a JSON object", kind);
      return FALSE;
    }

  return TRUE;
}

/* Expects the db lock and an open transaction. */
static LuminaEvent *
append_in_transaction (LuminaEventLog  *self,
                       const char      *kind,
                       const char      *object,
                       const char      *details,
                       GError         **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *time = lumina_util_now_text ();
  g_autofree char *hash = NULL;
  g_autofree char *actor = NULL;
  g_autoptr(LuminaEvent) event = NULL;
  gint64 last_id = 0;

  g_mutex_lock (&self->lock);
  actor = g_strdup (self->actor);
  g_mutex_unlock (&self->lock);

  if (!read_head (self, &last_id, &prev_hash, error))
    return NULL;

  hash = _lumina_event_compute_hash (last_id + 1, time, actor, kind, object, details, prev_hash);
  event = _lumina_event_new (last_id + 1, time, actor, kind, object, details, prev_hash, hash);

  if (!insert_event (self, event, error))
    return NULL;

  return g_steal_pointer (&event);
}

static LuminaEvent *
append_locked (LuminaEventLog  *self,
               const char      *kind,
               const char      *object,
               const char      *details,
               GError         **error)
{
  g_autoptr(LuminaEvent) event = NULL;

  if (!lumina_db_begin (self->db, error))
    return NULL;

  if (!(event = append_in_transaction (self, kind, object, details, error)))
    {
      lumina_db_rollback (self->db);
      return NULL;
    }

  if (!lumina_db_commit (self->db, error))
    return NULL;

  return g_steal_pointer (&event);
}

LuminaEvent *
_lumina_event_log_append_in_transaction (LuminaEventLog  *self,
                                         const char      *kind,
                                         const char      *object,
                                         JsonNode        *details,
                                         GError         **error)
{
  g_autofree char *details_text = NULL;

  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), NULL);

  if (!validate_input (kind, details, error))
    return NULL;

  details_text = lumina_util_canonical_json (details);
  return append_in_transaction (self, kind, object ? object : "", details_text, error);
}

static gboolean
poll_idle_cb (gpointer user_data)
{
  LuminaEventLog *self = user_data;

  g_mutex_lock (&self->lock);
  self->poll_queued = FALSE;
  g_mutex_unlock (&self->lock);

  lumina_event_log_poll (self);

  return G_SOURCE_REMOVE;
}

static void
announce (LuminaEventLog *self)
{
  GSource *source;

  if (g_thread_self () == self->owner_thread)
    {
      lumina_event_log_poll (self);
      return;
    }

  g_mutex_lock (&self->lock);
  if (self->poll_queued)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->poll_queued = TRUE;
  g_mutex_unlock (&self->lock);

  source = g_idle_source_new ();
  g_source_set_name (source, "[lumina-event-log-poll]");
  g_source_set_callback (source, poll_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->owner_context);
  g_source_unref (source);
}

/**
 * lumina_event_log_append:
 * @self: the log
 * @kind: a dotted lowercase name, e.g. `dataset.imported`
 * @object: (nullable): what the event is about (an id or a name)
 * @details: (nullable): a JSON object with the particulars
 * @error: a location for a #GError
 *
 * Appends one record, attributed to the workspace's actor.  Thread-safe;
 * "event-appended" follows on the log's main context.
 *
 * Returns: (transfer full) (nullable): the record as written
 */
LuminaEvent *
lumina_event_log_append (LuminaEventLog  *self,
                         const char      *kind,
                         const char      *object,
                         JsonNode        *details,
                         GError         **error)
{
  g_autofree char *details_text = NULL;
  LuminaEvent *event;

  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), NULL);

  if (!validate_input (kind, details, error))
    return NULL;

  details_text = lumina_util_canonical_json (details);

  lumina_db_lock (self->db);
  event = append_locked (self, kind, object ? object : "", details_text, error);
  lumina_db_unlock (self->db);

  if (event != NULL)
    announce (self);

  return event;
}

/* After a commit that appended through _lumina_event_log_append_in_transaction(). */
void
_lumina_event_log_announce (LuminaEventLog *self)
{
  g_return_if_fail (LUMINA_IS_EVENT_LOG (self));

  announce (self);
}

/**
 * lumina_event_log_get_last_id:
 * Returns: the id of the newest record, 0 for an empty log
 */
gint64
lumina_event_log_get_last_id (LuminaEventLog *self)
{
  gint64 last_id = 0;

  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), 0);

  lumina_db_lock (self->db);
  if (!lumina_db_query_int64 (self->db, "SELECT coalesce(max(id), 0) FROM events", &last_id, NULL))
    last_id = 0;
  lumina_db_unlock (self->db);

  return last_id;
}

static GPtrArray *
read_events (LuminaEventLog  *self,
             const char      *sql,
             gint64           id,
             guint            limit,
             GError         **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  lumina_db_lock (self->db);
  stmt = lumina_db_prepare (self->db, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (events, event_from_row (stmt));
      if (rc != SQLITE_DONE)
        {
          lumina_db_set_error (self->db, error, "reading the event log");
          g_clear_pointer (&events, g_ptr_array_unref);
        }
    }
  else
    g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&stmt, sqlite3_finalize);
  lumina_db_unlock (self->db);

  return g_steal_pointer (&events);
}

/**
 * lumina_event_log_list:
 * @self: the log
 * @before_id: list records older than this id; 0 for the newest
 * @limit: the most records to return
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (element-type LuminaEvent) (nullable): records, newest first
 */
GPtrArray *
lumina_event_log_list (LuminaEventLog  *self,
                       gint64           before_id,
                       guint            limit,
                       GError         **error)
{
  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), NULL);

  return read_events (self,
                      "SELECT " EVENT_COLUMNS " FROM events WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
                      before_id > 0 ? before_id : G_MAXINT64, limit, error);
}

/**
 * lumina_event_log_poll:
 * Emits "event-appended" for records appended since the last emission,
 * including those written by other processes.  Call on the log's context.
 */
void
lumina_event_log_poll (LuminaEventLog *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LUMINA_IS_EVENT_LOG (self));

  events = read_events (self,
                        "SELECT " EVENT_COLUMNS " FROM events WHERE id > ?1 ORDER BY id ASC LIMIT ?2",
                        self->last_emitted_id, 1000, &error);
  if (events == NULL)
    {
      g_debug ("Cannot poll the event log: %s", error->message);
      return;
    }

  for (guint i = 0; i < events->len; i++)
    {
      LuminaEvent *event = g_ptr_array_index (events, i);

      self->last_emitted_id = lumina_event_get_id (event);
      g_signal_emit (self, signals[EVENT_APPENDED], 0, event);
    }
}

static char *
check_record (sqlite3_stmt *stmt,
              gint64        expected_id,
              const char   *expected_prev)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  const char *prev_hash = (const char *) sqlite3_column_text (stmt, 6);
  const char *hash = (const char *) sqlite3_column_text (stmt, 7);
  g_autofree char *computed = NULL;

  if (id != expected_id)
    return g_strdup_printf ("events %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " are missing",
                            expected_id, id - 1);

  if (g_strcmp0 (prev_hash, expected_prev) != 0)
    return g_strdup ("its link to the previous event does not match that event's hash");

  computed = _lumina_event_compute_hash (id,
                                         (const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3),
                                         (const char *) sqlite3_column_text (stmt, 4),
                                         (const char *) sqlite3_column_text (stmt, 5),
                                         prev_hash);
  if (g_strcmp0 (computed, hash) != 0)
    return g_strdup ("its content was changed after it was written (the hash does not match)");

  return NULL;
}

static void
check_head (LuminaEventLog    *self,
            LuminaAuditReport *report,
            gint64             last_id,
            const char        *last_hash)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *head = NULL;

  stmt = lumina_db_prepare (self->db, "SELECT value FROM meta WHERE key = 'events_head'", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    head = (const char *) sqlite3_column_text (stmt, 0);

  if (head != NULL ? g_strcmp0 (head, last_hash) != 0 : last_id != 0)
    {
      report->ok = FALSE;
      report->broken_id = last_id + 1;
      report->reason = g_strdup ("the newest events were removed: the log ends before its recorded head");
    }
}

/**
 * lumina_event_log_verify:
 * Walks the whole chain from the first record and reports the first broken
 * link.  @error is set only when the database cannot be read.
 *
 * Returns: (transfer full) (nullable): the report
 */
LuminaAuditReport *
lumina_event_log_verify (LuminaEventLog  *self,
                         GError         **error)
{
  g_autoptr(LuminaAuditReport) report = g_new0 (LuminaAuditReport, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  gint64 expected_id = 1;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (LUMINA_IS_EVENT_LOG (self), NULL);

  report->ok = TRUE;

  lumina_db_lock (self->db);
  if (!(stmt = lumina_db_prepare (self->db, "SELECT " EVENT_COLUMNS " FROM events ORDER BY id", error)))
    {
      lumina_db_unlock (self->db);
      return NULL;
    }

  while (report->ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      report->reason = check_record (stmt, expected_id, expected_prev);
      if (report->reason != NULL)
        {
          report->ok = FALSE;
          report->broken_id = sqlite3_column_int64 (stmt, 0);
          break;
        }

      report->n_checked++;
      expected_id++;
      g_free (expected_prev);
      expected_prev = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
    }

  if (report->ok && rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->db, error, "verifying the event log");
      g_clear_pointer (&stmt, sqlite3_finalize);
      lumina_db_unlock (self->db);
      return NULL;
    }

  if (report->ok)
    check_head (self, report, expected_id - 1, expected_prev);

  g_clear_pointer (&stmt, sqlite3_finalize);
  lumina_db_unlock (self->db);

  return g_steal_pointer (&report);
}

void
lumina_audit_report_free (LuminaAuditReport *report)
{
  if (report == NULL)
    return;

  g_free (report->reason);
  g_free (report);
}
