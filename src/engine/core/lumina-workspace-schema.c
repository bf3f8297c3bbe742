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

  /* 1 → 2: datasets and their immutable versions. */
  "CREATE TABLE datasets ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  contract   TEXT"
  ");"
  "CREATE TABLE dataset_versions ("
  "  id           INTEGER PRIMARY KEY,"
  "  dataset_id   INTEGER NOT NULL REFERENCES datasets (id),"
  "  version      INTEGER NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  parent       INTEGER,"
  "  source       TEXT NOT NULL,"
  "  content_hash TEXT NOT NULL,"
  "  segments     TEXT NOT NULL,"
  "  n_rows       INTEGER NOT NULL,"
  "  n_columns    INTEGER NOT NULL,"
  "  target       TEXT,"
  "  schema       TEXT NOT NULL,"
  "  profile      TEXT NOT NULL,"
  "  created_at   TEXT NOT NULL,"
  "  actor        TEXT NOT NULL,"
  "  UNIQUE (dataset_id, version)"
  ");"
  "CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE ON dataset_versions"
  "  BEGIN SELECT RAISE (ABORT, 'dataset versions are immutable'); END;"
  "CREATE TRIGGER dataset_versions_kept BEFORE DELETE ON dataset_versions"
  "  BEGIN SELECT RAISE (ABORT, 'dataset versions are immutable'); END;",

  /* 2 → 3: experiment tracking.  Runs are named by 32 hex digits; a child
   * run (an AutoML trial) points at its parent.  Step metrics are keyed by
   * (run, key, step), so one run's history of one key is one range scan;
   * a NULL value is a NaN.  Artifacts are objects in the store. */
  "CREATE TABLE experiments ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE runs ("
  "  id            TEXT PRIMARY KEY,"
  "  experiment_id INTEGER NOT NULL REFERENCES experiments (id),"
  "  parent_id     TEXT REFERENCES runs (id),"
  "  name          TEXT,"
  "  learner       TEXT,"
  "  status        TEXT NOT NULL,"
  "  params        TEXT NOT NULL DEFAULT '{}',"
  "  metrics       TEXT NOT NULL DEFAULT '{}',"
  "  note          TEXT,"
  "  dataset_ref   TEXT,"
  "  seed          INTEGER NOT NULL DEFAULT 0,"
  "  started_at    TEXT NOT NULL,"
  "  finished_at   TEXT,"
  "  duration      REAL NOT NULL DEFAULT 0,"
  "  cpu_seconds   REAL NOT NULL DEFAULT 0,"
  "  peak_bytes    INTEGER NOT NULL DEFAULT 0,"
  "  error         TEXT"
  ");"
  "CREATE INDEX runs_by_started ON runs (started_at);"
  "CREATE INDEX runs_by_experiment ON runs (experiment_id, started_at);"
  "CREATE INDEX runs_by_parent ON runs (parent_id, started_at);"
  "CREATE TABLE run_metrics ("
  "  run   TEXT NOT NULL REFERENCES runs (id),"
  "  key   TEXT NOT NULL,"
  "  step  INTEGER NOT NULL,"
  "  value REAL,"
  "  PRIMARY KEY (run, key, step)"
  ") WITHOUT ROWID;"
  "CREATE TABLE run_tags ("
  "  run   TEXT NOT NULL REFERENCES runs (id),"
  "  key   TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (run, key)"
  ") WITHOUT ROWID;"
  "CREATE TABLE run_artifacts ("
  "  run        TEXT NOT NULL REFERENCES runs (id),"
  "  name       TEXT NOT NULL,"
  "  hash       TEXT NOT NULL REFERENCES objects (hash),"
  "  size       INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (run, name)"
  ") WITHOUT ROWID;",

  /* 3 → 4: the model registry.  A version points at a run and a copy of its
   * bundle and never changes (only its stage and card may).  Aliases are
   * the current pointers; every alias move, stage change, approval and
   * card edit is a row in model_events, so "which version did alias X
   * point at on date D" is one indexed lookup. */
  "CREATE TABLE registered_models ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  gates       TEXT NOT NULL DEFAULT '{}',"
  "  created_at  TEXT NOT NULL,"
  "  actor       TEXT NOT NULL"
  ");"
  "CREATE TABLE model_versions ("
  "  id          INTEGER PRIMARY KEY,"
  "  model_id    INTEGER NOT NULL REFERENCES registered_models (id),"
  "  version     INTEGER NOT NULL,"
  "  run_id      TEXT NOT NULL REFERENCES runs (id),"
  "  bundle      TEXT NOT NULL,"
  "  bundle_hash TEXT NOT NULL,"
  "  files       TEXT NOT NULL DEFAULT '[]',"
  "  task        TEXT NOT NULL,"
  "  signature   TEXT NOT NULL,"
  "  metrics     TEXT NOT NULL DEFAULT '{}',"
  "  dataset_ref TEXT,"
  "  stage       TEXT NOT NULL,"
  "  card        TEXT NOT NULL DEFAULT '{}',"
  "  created_at  TEXT NOT NULL,"
  "  actor       TEXT NOT NULL,"
  "  UNIQUE (model_id, version)"
  ");"
  "CREATE TRIGGER model_versions_immutable"
  "  BEFORE UPDATE OF model_id, version, run_id, bundle, bundle_hash, files, task, signature,"
  "                   metrics, dataset_ref, created_at, actor ON model_versions"
  "  BEGIN SELECT RAISE (ABORT, 'model versions are immutable'); END;"
  "CREATE TRIGGER model_versions_kept BEFORE DELETE ON model_versions"
  "  BEGIN SELECT RAISE (ABORT, 'model versions are immutable'); END;"
  "CREATE TABLE model_aliases ("
  "  model_id INTEGER NOT NULL REFERENCES registered_models (id),"
  "  alias    TEXT NOT NULL,"
  "  version  INTEGER NOT NULL,"
  "  PRIMARY KEY (model_id, alias)"
  ") WITHOUT ROWID;"
  "CREATE TABLE model_events ("
  "  id       INTEGER PRIMARY KEY,"
  "  model_id INTEGER NOT NULL REFERENCES registered_models (id),"
  "  time     TEXT NOT NULL,"
  "  actor    TEXT NOT NULL,"
  "  kind     TEXT NOT NULL,"
  "  name     TEXT NOT NULL DEFAULT '',"
  "  version  INTEGER,"
  "  previous TEXT,"
  "  reason   TEXT NOT NULL DEFAULT '',"
  "  details  TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE INDEX model_events_by_name ON model_events (model_id, kind, name, time);"
  "CREATE TRIGGER model_events_no_update BEFORE UPDATE ON model_events"
  "  BEGIN SELECT RAISE (ABORT, 'model history is append-only'); END;"
  "CREATE TRIGGER model_events_no_delete BEFORE DELETE ON model_events"
  "  BEGIN SELECT RAISE (ABORT, 'model history is append-only'); END;",

  /* 4 → 5: deployments (restored when the app or `lumina serve` starts)
   * and the sampled, bounded capture of served requests for drift and
   * delayed-label accuracy. */
  "CREATE TABLE deployments ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  model_ref  TEXT NOT NULL,"
  "  settings   TEXT NOT NULL DEFAULT '{}',"
  "  desired    TEXT NOT NULL DEFAULT 'stopped',"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE TABLE served_requests ("
  "  id         INTEGER PRIMARY KEY,"
  "  deployment TEXT NOT NULL,"
  "  model      TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  time       TEXT NOT NULL,"
  "  latency_us INTEGER NOT NULL,"
  "  inputs     TEXT NOT NULL,"
  "  outputs    TEXT NOT NULL,"
  "  label      TEXT"
  ");"
  "CREATE INDEX served_requests_by_model ON served_requests (model, version, time);"
  "CREATE INDEX served_requests_by_deployment ON served_requests (deployment, time);",

  /* 5 → 6: the id each answered request was given (X-Request-Id), so
   * delayed labels can be joined to captured predictions, and the labels
   * applied so far, one per request row, so feedback counts once. */
  "ALTER TABLE served_requests ADD COLUMN request_id TEXT;"
  "CREATE INDEX served_requests_by_request_id ON served_requests (deployment, request_id);"
  "CREATE TABLE feedback_labels ("
  "  id         INTEGER PRIMARY KEY,"
  "  deployment TEXT NOT NULL,"
  "  request_id TEXT NOT NULL,"
  "  row        INTEGER NOT NULL DEFAULT 0,"
  "  model      TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  label      TEXT NOT NULL,"
  "  prediction TEXT NOT NULL,"
  "  correct    INTEGER,"
  "  error      REAL,"
  "  time       TEXT NOT NULL,"
  "  UNIQUE (deployment, request_id, row)"
  ");"
  "CREATE INDEX feedback_labels_by_model ON feedback_labels (deployment, model, version);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LUMINA_WORKSPACE_SCHEMA_VERSION);

/* Runs every migration after @from_version inside the caller's transaction. */
gboolean
_lumina_workspace_migrate (LuminaDb  *db,
                           int        from_version,
                           GError   **error)
{
  return _lumina_workspace_migrate_to (db, from_version, LUMINA_WORKSPACE_SCHEMA_VERSION, error);
}

/* Also used by tests to make an old workspace. */
gboolean
_lumina_workspace_migrate_to (LuminaDb  *db,
                              int        from_version,
                              int        to_version,
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

  g_return_val_if_fail (to_version <= LUMINA_WORKSPACE_SCHEMA_VERSION, FALSE);

  for (int v = from_version; v < to_version; v++)
    {
      g_debug ("Migrating %s from schema %d to %d", lumina_db_get_path (db), v, v + 1);
      if (!lumina_db_exec (db, migrations[v], error))
        {
          g_prefix_error (error, "Migration to schema %d failed: ", v + 1);
          return FALSE;
        }
    }

  pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            LUMINA_WORKSPACE_APPLICATION_ID, to_version);
  return lumina_db_exec (db, pragma, error);
}
