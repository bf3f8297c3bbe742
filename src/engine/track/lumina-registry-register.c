/* lumina-registry-register.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Registering a run: the bundle is copied into a hidden temporary
 * directory next to its final place, hashing every file on the way, and
 * renamed to WORKSPACE/registry/NAME/VERSION inside the transaction that
 * numbers the version, so a version is either complete (directory and
 * row) or absent.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <glib/gstdio.h>

#include "lumina-automl.h"
#include "lumina-error.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"

#define MANIFEST_NAME "manifest.json"
#define MODEL_FORMAT  "luminaops-model"

static JsonObject *
read_manifest (const char  *bundle,
               GError     **error)
{
  g_autofree char *path = g_build_filename (bundle, MANIFEST_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "The bundle “%s” has no readable manifest.json: %s", bundle, local_error->message);
      return NULL;
    }

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
           ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (root == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL), MODEL_FORMAT) != 0 ||
      json_object_get_string_member_with_default (root, "task", NULL) == NULL ||
      !json_object_has_member (root, "signature") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "signature")))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "manifest.json of “%s” is not a LuminaOps model manifest with a task and a signature",
                   bundle);
      return NULL;
    }

  return json_object_ref (root);
}

typedef struct
{
  const char *run_id;
  const char *name;
  const char *actor;
  const char *reason;
  JsonObject *manifest;
  char       *run_dataset;
  char       *staging;       /* the copy, until renamed */
  char       *final_path;    /* set once renamed into place */
  JsonArray  *files;
  char       *bundle_hash;
  char       *stage;
  guint       version;
} Registration;

static void
registration_clear (Registration *reg)
{
  g_clear_pointer (&reg->manifest, json_object_unref);
  g_clear_pointer (&reg->run_dataset, g_free);
  g_clear_pointer (&reg->staging, g_free);
  g_clear_pointer (&reg->final_path, g_free);
  g_clear_pointer (&reg->files, json_array_unref);
  g_clear_pointer (&reg->bundle_hash, g_free);
  g_clear_pointer (&reg->stage, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Registration, registration_clear)

/* Takes the db lock: the run must exist and have finished. */
static gboolean
check_run (LuminaRegistry  *self,
           Registration    *reg,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  lumina_db_lock (self->db);
  if ((stmt = lumina_db_prepare (self->db, "SELECT status, dataset_ref FROM runs WHERE id = ?1", error)))
    {
      sqlite3_bind_text (stmt, 1, reg->run_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                     "No run “%s” in this workspace", reg->run_id);
      else if (rc != SQLITE_ROW)
        lumina_db_set_error (self->db, error, "reading a run");
      else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "finished") != 0)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                     "Run %s is %s; only a finished run can be registered",
                     reg->run_id, (const char *) sqlite3_column_text (stmt, 0));
      else
        {
          reg->run_dataset = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          ok = TRUE;
        }
    }
  lumina_db_unlock (self->db);

  return ok;
}

/* Everything that needs no transaction: the run, its manifest, the stage
 * and the staged, hashed copy. */
static gboolean
prepare (LuminaRegistry  *self,
         Registration    *reg,
         GError         **error)
{
  g_autofree char *bundle = lumina_automl_bundle_path_for_run (self->workspace, reg->run_id);
  g_autofree char *model_dir = NULL;
  g_auto(GStrv) stages = NULL;

  if (!lumina_registry_check_name (reg->name, error) || !check_run (self, reg, error))
    return FALSE;

  if (!g_file_test (bundle, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "Run %s has no model bundle (nothing at %s); only the best run of an AutoML "
                   "search has one", reg->run_id, bundle);
      return FALSE;
    }
  if (!(reg->manifest = read_manifest (bundle, error)) ||
      !(stages = _lumina_registry_read_stages (self, error)))
    return FALSE;
  reg->stage = g_strdup (stages[0]);

  model_dir = g_build_filename (lumina_workspace_get_path (self->workspace), LUMINA_REGISTRY_DIR,
                                reg->name, "new", NULL);
  if (!(reg->staging = _lumina_registry_make_staging_dir (model_dir, error)))
    return FALSE;

  reg->files = json_array_new ();
  if (!_lumina_registry_copy_tree (bundle, reg->staging, "", reg->files, error))
    return FALSE;
  reg->bundle_hash = _lumina_registry_sort_and_hash (reg->files);
  return TRUE;
}

/* Expects the db lock and a transaction. */
static gint64
ensure_model (LuminaRegistry  *self,
              Registration    *reg,
              const char      *now,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT OR IGNORE INTO registered_models (name, created_at, actor) "
                                  "VALUES (?1, ?2, ?3)",
                                  error)))
    return 0;

  sqlite3_bind_text (stmt, 1, reg->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _lumina_registry_actor (self, reg->actor), -1, SQLITE_TRANSIENT);
  if (!_lumina_registry_step_done (self, stmt, "creating a model", error))
    return 0;

  return _lumina_registry_lookup_model (self, reg->name, error);
}

static const char *
manifest_dataset (Registration *reg)
{
  JsonObject *lineage = json_object_get_object_member (reg->manifest, "lineage");
  const char *dataset = NULL;

  if (lineage != NULL && json_object_has_member (lineage, "dataset"))
    dataset = json_object_get_string_member_with_default (lineage, "dataset", NULL);

  return dataset != NULL ? dataset : reg->run_dataset;
}

static gboolean
insert_version (LuminaRegistry  *self,
                Registration    *reg,
                gint64           model_id,
                const char      *relative,
                const char      *now,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) files = json_node_init_array (json_node_alloc (), reg->files);
  JsonObject *empty = json_object_new ();
  JsonObject *metrics = json_object_get_object_member (reg->manifest, "metrics");
  g_autoptr(JsonObject) card = _lumina_registry_default_card (reg->manifest, reg->run_id,
                                                              manifest_dataset (reg));
  g_autofree char *files_text = lumina_util_canonical_json (files);
  g_autofree char *signature = lumina_util_canonical_json (json_object_get_member (reg->manifest,
                                                                                    "signature"));
  g_autofree char *metrics_text = _lumina_registry_object_text (metrics != NULL ? metrics : empty);
  g_autofree char *card_text = _lumina_registry_object_text (card);

  json_object_unref (empty);
  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT INTO model_versions (model_id, version, run_id, bundle, "
                                  "  bundle_hash, files, task, signature, metrics, dataset_ref, stage, card, "
                                  "  created_at, actor) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, reg->version);
  sqlite3_bind_text (stmt, 3, reg->run_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, relative, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, reg->bundle_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, files_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, json_object_get_string_member (reg->manifest, "task"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, signature, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, metrics_text, -1, SQLITE_STATIC);
  if (manifest_dataset (reg) != NULL)
    sqlite3_bind_text (stmt, 10, manifest_dataset (reg), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_text (stmt, 11, reg->stage, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, card_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, _lumina_registry_actor (self, reg->actor), -1, SQLITE_TRANSIENT);

  return _lumina_registry_step_done (self, stmt, "registering a model version", error);
}

/* Expects the db lock and a transaction.  The next number, and a free
 * place for it: a directory there without a row is what a crash between
 * rename and commit left behind, and goes. */
static gboolean
place_bundle (LuminaRegistry  *self,
              Registration    *reg,
              gint64           model_id,
              char           **relative,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *version_text = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT COALESCE (MAX (version), 0) + 1 FROM model_versions WHERE model_id = ?1",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "numbering a model version");
      return FALSE;
    }
  reg->version = (guint) sqlite3_column_int64 (stmt, 0);

  version_text = g_strdup_printf ("%u", reg->version);
  *relative = g_build_filename (LUMINA_REGISTRY_DIR, reg->name, version_text, NULL);
  reg->final_path = g_build_filename (lumina_workspace_get_path (self->workspace), *relative, NULL);
  if (g_file_test (reg->final_path, G_FILE_TEST_EXISTS))
    {
      g_debug ("Removing %s, left behind by an unfinished registration", reg->final_path);
      _lumina_registry_remove_tree (reg->final_path);
    }
  if (!_lumina_registry_rename_new (reg->staging, reg->final_path, error))
    {
      g_clear_pointer (&reg->final_path, g_free);
      return FALSE;
    }

  return TRUE;
}

static gboolean
register_in_transaction (LuminaRegistry  *self,
                         const char      *now,
                         gpointer         data,
                         GError         **error)
{
  Registration *reg = data;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autofree char *relative = NULL;
  g_autofree char *object = NULL;
  gint64 model_id;

  if (!(model_id = ensure_model (self, reg, now, error)) ||
      !place_bundle (self, reg, model_id, &relative, error) ||
      !insert_version (self, reg, model_id, relative, now, error))
    return FALSE;

  json_object_set_string_member (details, "run_id", reg->run_id);
  json_object_set_string_member (details, "bundle_sha256", reg->bundle_hash);
  json_object_set_string_member (details, "stage", reg->stage);
  json_object_set_string_member (audit, "model", reg->name);
  json_object_set_int_member (audit, "version", reg->version);
  json_object_set_string_member (audit, "run_id", reg->run_id);
  json_object_set_string_member (audit, "bundle_sha256", reg->bundle_hash);
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, reg->actor));
  object = g_strdup_printf ("%s/%u", reg->name, reg->version);

  return _lumina_registry_add_event (self, model_id, now, reg->actor, "register", "", reg->version,
                                     NULL, reg->reason, details, error) &&
         _lumina_registry_audit (self, "model.registered", object, audit, error);
}

/* After a failure: whatever was copied or moved goes, and so does the
 * model's folder when nothing else is in it. */
static void
undo_files (LuminaRegistry *self,
            Registration   *reg)
{
  g_autofree char *model_dir = NULL;

  if (reg->final_path != NULL)
    _lumina_registry_remove_tree (reg->final_path);
  if (reg->staging != NULL)
    _lumina_registry_remove_tree (reg->staging);
  if (reg->name != NULL && lumina_registry_check_name (reg->name, NULL))
    {
      model_dir = g_build_filename (lumina_workspace_get_path (self->workspace), LUMINA_REGISTRY_DIR,
                                    reg->name, NULL);
      g_rmdir (model_dir);
    }
}

/**
 * lumina_registry_register:
 * @self: a registry
 * @run_id: a finished run with a bundle (WORKSPACE/bundles/RUN_ID)
 * @name: the model; created on first use
 * @actor: (nullable): who registers; %NULL for the workspace's actor
 * @reason: (nullable): why, for the history
 * @error: a location for a #GError
 *
 * Copies the run's bundle to WORKSPACE/registry/NAME/VERSION, records the
 * SHA-256 of its files, its task, signature, metrics and dataset, and
 * starts it in the first configured stage, with a default model card.
 * Nothing is left behind on failure.  Thread-safe.
 *
 * Returns: the new version number (1, 2, …), 0 on error: INVALID_INPUT
 *   for a bad name or an unfinished run, NOT_FOUND for an unknown run or
 *   one without a bundle, CORRUPT for a bundle without a valid manifest
 */
guint
lumina_registry_register (LuminaRegistry  *self,
                          const char      *run_id,
                          const char      *name,
                          const char      *actor,
                          const char      *reason,
                          GError         **error)
{
  g_auto(Registration) reg = { 0 };
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), 0);
  g_return_val_if_fail (run_id != NULL, 0);

  reg.run_id = run_id;
  reg.name = name;
  reg.actor = actor;
  reg.reason = reason;

  ok = prepare (self, &reg, error) &&
       _lumina_registry_write (self, name, register_in_transaction, &reg, error);
  if (!ok)
    {
      undo_files (self, &reg);
      return 0;
    }

  g_clear_pointer (&reg.staging, g_free);
  lumina_util_fsync_directory (reg.final_path, NULL);
  return reg.version;
}
