/* lumina-db.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection per workspace, serialised by a mutex.  Statements are short
 * (metadata only; bulk data lives in objects/), so holding the lock for one
 * statement or one transaction never blocks a caller for long.  Other
 * processes (the CLI while the app runs) are kept out by SQLite's own file
 * locks, with a busy timeout so a writer waits instead of failing.
 */
#define G_LOG_DOMAIN "lumina-db"

#include "config.h"

#include "lumina-db.h"
#include "lumina-error.h"

#define BUSY_TIMEOUT_MS 10000

struct _LuminaDb
{
  gatomicrefcount  ref_count;
  GRecMutex        lock;
  sqlite3         *handle;
  char            *path;
};

void
lumina_db_set_error (LuminaDb    *self,
                     GError     **error,
                     const char  *doing)
{
  int code = sqlite3_extended_errcode (self->handle);
  int primary = code & 0xff;

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                 "The database “%s” is damaged (%s); restore it from a backup",
                 self->path, sqlite3_errmsg (self->handle));
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY,
                 "The database “%s” stayed locked by another process while %s; try again",
                 self->path, doing);
  else if (primary == SQLITE_READONLY || primary == SQLITE_PERM || primary == SQLITE_CANTOPEN)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_PERMISSION,
                 "The database “%s” cannot be written (%s); check the workspace's permissions",
                 self->path, sqlite3_errmsg (self->handle));
  else
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_DATABASE,
                 "Database error while %s in “%s”: %s",
                 doing, self->path, sqlite3_errmsg (self->handle));
}

LuminaDb *
lumina_db_open (const char  *path,
                gboolean     create,
                GError     **error)
{
  g_autoptr(LuminaDb) self = g_new0 (LuminaDb, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  g_rec_mutex_init (&self->lock);
  self->path = g_strdup (path);

  if (create)
    flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &self->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->handle == NULL)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_DATABASE,
                     "Cannot open the database “%s”: out of memory", path);
      else
        lumina_db_set_error (self, error, "opening it");
      return NULL;
    }

  if (sqlite3_db_readonly (self->handle, "main") == 1)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_PERMISSION,
                   "The database “%s” is read-only; make the workspace writable or open another one",
                   path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  return g_steal_pointer (&self);
}

LuminaDb *
lumina_db_ref (LuminaDb *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lumina_db_close (LuminaDb *self)
{
  g_return_if_fail (self != NULL);

  g_rec_mutex_lock (&self->lock);
  if (self->handle != NULL)
    {
      /* sqlite3_close_v2 defers the close until every statement is finalised. */
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_rec_mutex_unlock (&self->lock);
}

void
lumina_db_unref (LuminaDb *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  lumina_db_close (self);
  g_rec_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}

const char *
lumina_db_get_path (LuminaDb *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/* Thread-safe.  Returns the handle with the connection lock held. */
sqlite3 *
lumina_db_lock (LuminaDb *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_rec_mutex_lock (&self->lock);
  return self->handle;
}

void
lumina_db_unlock (LuminaDb *self)
{
  g_return_if_fail (self != NULL);

  g_rec_mutex_unlock (&self->lock);
}

gboolean
lumina_db_exec (LuminaDb    *self,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->handle != NULL, FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      lumina_db_set_error (self, error, "updating it");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* IMMEDIATE takes the write lock up front, so two writers queue on the busy
 * timeout instead of deadlocking on a read-to-write upgrade. */
gboolean
lumina_db_begin (LuminaDb  *self,
                 GError   **error)
{
  return lumina_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
lumina_db_commit (LuminaDb  *self,
                  GError   **error)
{
  if (!lumina_db_exec (self, "COMMIT", error))
    {
      lumina_db_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
lumina_db_rollback (LuminaDb *self)
{
  g_return_if_fail (self != NULL);

  if (self->handle != NULL && !sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
lumina_db_prepare (LuminaDb    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->handle != NULL, NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      lumina_db_set_error (self, error, "reading it");
      return NULL;
    }

  return stmt;
}

gboolean
lumina_db_query_int64 (LuminaDb    *self,
                       const char  *sql,
                       gint64      *value,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self, sql, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *value = 0;
      return TRUE;
    }

  lumina_db_set_error (self, error, "reading it");
  return FALSE;
}
