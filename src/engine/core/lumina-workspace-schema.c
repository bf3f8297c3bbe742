/* lumina-workspace-schema.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Forward-only migrations of lumina.db, indexed by PRAGMA user_version.  A
 * migration is never edited once released: add a new one instead.
 */
#define G_LOG_DOMAIN "lumina-workspace-schema"

#include "config.h"

#include "lumina-error.h"
#include "lumina-workspace-private.h"

static const char * const migrations[] = {
  /* 0 → 1: metadata, the hash-chained event log, the object index. */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE events ("
  "  id        INTEGER PRIMARY KEY,"
  "  time      TEXT NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  kind      TEXT NOT NULL,"
  "  object    TEXT NOT NULL DEFAULT '',"
  "  details   TEXT NOT NULL DEFAULT '{}',"
  "  prev_hash TEXT NOT NULL,"
  "  hash      TEXT NOT NULL UNIQUE"
  ");"
  "CREATE INDEX events_by_kind ON events (kind);"
  "CREATE INDEX events_by_object ON events (object);"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TABLE objects ("
  "  hash       TEXT PRIMARY KEY,"
  "  size       INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL"
  ") WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LUMINA_WORKSPACE_SCHEMA_VERSION);

/* Runs every migration after @from_version inside the caller's transaction. */
gboolean
_lumina_workspace_migrate (LuminaDb  *db,
                           int        from_version,
                           GError   **error)
{
  g_autofree char *pragma = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (from_version >= 0, FALSE);

  if (from_version > LUMINA_WORKSPACE_SCHEMA_VERSION)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_SCHEMA_TOO_NEW,
                   "“%s” was written by a newer LuminaOps (schema %d, this version reads up to %d); "
                   "update LuminaOps to open it",
                   lumina_db_get_path (db), from_version, LUMINA_WORKSPACE_SCHEMA_VERSION);
      return FALSE;
    }

  for (int v = from_version; v < LUMINA_WORKSPACE_SCHEMA_VERSION; v++)
    {
      g_debug ("Migrating %s from schema %d to %d", lumina_db_get_path (db), v, v + 1);
      if (!lumina_db_exec (db, migrations[v], error))
        {
          g_prefix_error (error, "Migration to schema %d failed: ", v + 1);
          return FALSE;
        }
    }

  pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            LUMINA_WORKSPACE_APPLICATION_ID, LUMINA_WORKSPACE_SCHEMA_VERSION);
  return lumina_db_exec (db, pragma, error);
}
