/* lumina-dataset-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Datasets and their immutable versions.  A version's rows live in one or
 * more frame-cache objects ("segments": an append adds one and shares the
 * rest); its content hash is the SHA-256 of the canonical cache form of all
 * its rows, so the same data always has the same hash however it arrived.
 * Every write first puts the objects, then records the version and its
 * event in one transaction: a failure leaves no version behind.
 */
#define G_LOG_DOMAIN "lumina-dataset-store"

#include "config.h"

#include <string.h>

#include "lumina-dataset-store-private.h"
#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-frame-cache.h"
#include "lumina-object-store.h"
#include "lumina-profile.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

G_DEFINE_FINAL_TYPE (LuminaDatasetStore, lumina_dataset_store, G_TYPE_OBJECT)

#define VERSION_COLUMNS \
  "d.name, v.version, v.kind, v.parent, v.source, v.content_hash, v.segments, v.n_rows, " \
  "v.n_columns, v.target, v.schema, v.profile, v.created_at, v.actor"

static void
lumina_dataset_store_finalize (GObject *object)
{
  LuminaDatasetStore *self = (LuminaDatasetStore *)object;

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->db, lumina_db_unref);

  G_OBJECT_CLASS (lumina_dataset_store_parent_class)->finalize (object);
}

static void
lumina_dataset_store_class_init (LuminaDatasetStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_dataset_store_finalize;
}

static void
lumina_dataset_store_init (LuminaDatasetStore *self)
{
}

/**
 * lumina_dataset_store_new:
 * Returns: (transfer full): the datasets of @workspace
 */
LuminaDatasetStore *
lumina_dataset_store_new (LuminaWorkspace *workspace)
{
  LuminaDatasetStore *self;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LUMINA_TYPE_DATASET_STORE, NULL);
  self->workspace = g_object_ref (workspace);
  self->db = lumina_db_ref (_lumina_workspace_get_db (workspace));
  return self;
}

gboolean
_lumina_dataset_validate_name (const char  *name,
               GError     **error)
{
  gsize len = name ? strlen (name) : 0;

  if (len == 0 || len > 128 || !g_ascii_isalnum (name[0]) ||
      strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "“%s” is not a valid dataset name: use letters, digits, '.', '_' and '-', "
                   "starting with a letter or digit", name ? name : "");
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
parse_json (const char *text)
{
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  return node ? node : json_node_new (JSON_NODE_NULL);
}

static char **
parse_segments (const char *text)
{
  g_autoptr(JsonNode) node = parse_json (text);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      g_strv_builder_add (builder, json_array_get_string_element (json_node_get_array (node), i));

  return g_strv_builder_end (builder);
}

static LuminaDatasetVersion *
version_from_row (sqlite3_stmt *stmt,
                  gboolean      reused)
{
  LuminaDatasetVersionData data = { 0 };

  data.name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  data.number = sqlite3_column_int (stmt, 1);
  data.kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  data.parent = sqlite3_column_int (stmt, 3);
  data.source = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  data.content_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  data.segments = parse_segments ((const char *) sqlite3_column_text (stmt, 6));
  data.n_rows = sqlite3_column_int64 (stmt, 7);
  data.n_columns = sqlite3_column_int (stmt, 8);
  data.target = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  data.schema = parse_json ((const char *) sqlite3_column_text (stmt, 10));
  data.profile = parse_json ((const char *) sqlite3_column_text (stmt, 11));
  data.created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
  data.actor = g_strdup ((const char *) sqlite3_column_text (stmt, 13));

  return _lumina_dataset_version_new (&data, reused);
}

/* Expects the db lock.  @number 0 means the latest. */
LuminaDatasetVersion *
_lumina_dataset_store_query_version (LuminaDatasetStore  *self,
               const char          *name,
               int                  number,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = lumina_db_prepare (self->db,
                            "SELECT " VERSION_COLUMNS " FROM dataset_versions v "
                            "JOIN datasets d ON d.id = v.dataset_id "
                            "WHERE d.name = ?1 AND (?2 = 0 OR v.version = ?2) "
                            "ORDER BY v.version DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return version_from_row (stmt, FALSE);
  if (rc != SQLITE_DONE)
    lumina_db_set_error (self->db, error, "reading datasets");
  return NULL;
}

LuminaDatasetVersion *
_lumina_dataset_store_lookup (LuminaDatasetStore  *self,
        const char          *name,
        int                  number,
        GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  LuminaDatasetVersion *version;

  lumina_db_lock (self->db);
  version = _lumina_dataset_store_query_version (self, name, number, &local_error);
  lumina_db_unlock (self->db);

  if (version == NULL && local_error == NULL)
    {
      if (number > 0)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                     "Dataset “%s” has no version %d", name, number);
      else
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                     "There is no dataset called “%s”", name);
    }
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return version;
}

/**
 * lumina_dataset_store_resolve:
 * @ref: `name`, `name@latest` or `name@N`
 *
 * Returns: (transfer full) (nullable): the version
 */
LuminaDatasetVersion *
lumina_dataset_store_resolve (LuminaDatasetStore  *self,
                              const char          *ref,
                              GError             **error)
{
  g_autofree char *name = NULL;
  const char *at;
  gint64 number = 0;

  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  at = strrchr (ref, '@');
  name = at ? g_strndup (ref, at - ref) : g_strdup (ref);
  if (at != NULL && strcmp (at + 1, "latest") != 0 &&
      (!g_ascii_string_to_signed (at + 1, 10, 1, G_MAXINT, &number, NULL)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "“%s” is not a dataset version: use NAME, NAME@latest or NAME@NUMBER", ref);
      return NULL;
    }

  if (!_lumina_dataset_validate_name (name, error))
    return NULL;

  return _lumina_dataset_store_lookup (self, name, (int) number, error);
}

static GPtrArray *
query_versions (LuminaDatasetStore  *self,
                const char          *sql,
                const char          *name,
                GError             **error)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = SQLITE_ERROR;

  lumina_db_lock (self->db);
  if ((stmt = lumina_db_prepare (self->db, sql, error)))
    {
      if (name)
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (versions, version_from_row (stmt, FALSE));
      if (rc != SQLITE_DONE)
        lumina_db_set_error (self->db, error, "reading datasets");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  lumina_db_unlock (self->db);

  return rc == SQLITE_DONE ? g_steal_pointer (&versions) : NULL;
}

/**
 * lumina_dataset_store_list:
 * Returns: (transfer full) (element-type LuminaDatasetVersion): the latest
 *   version of every dataset, by name
 */
GPtrArray *
lumina_dataset_store_list (LuminaDatasetStore  *self,
                           GError             **error)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), NULL);

  return query_versions (self,
                         "SELECT " VERSION_COLUMNS " FROM dataset_versions v "
                         "JOIN datasets d ON d.id = v.dataset_id "
                         "WHERE v.version = (SELECT max (version) FROM dataset_versions WHERE dataset_id = d.id) "
                         "ORDER BY d.name",
                         NULL, error);
}

/**
 * lumina_dataset_store_list_versions:
 * Returns: (transfer full) (element-type LuminaDatasetVersion): every
 *   version of @name, oldest first
 */
GPtrArray *
lumina_dataset_store_list_versions (LuminaDatasetStore  *self,
                                    const char          *name,
                                    GError             **error)
{
  GPtrArray *versions;

  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), NULL);

  versions = query_versions (self,
                             "SELECT " VERSION_COLUMNS " FROM dataset_versions v "
                             "JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ?1 ORDER BY v.version",
                             name, error);
  if (versions != NULL && versions->len == 0)
    {
      g_ptr_array_unref (versions);
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "There is no dataset called “%s”", name);
      return NULL;
    }

  return versions;
}

static LuminaFrame *
map_segment (LuminaDatasetStore  *self,
             const char          *hash,
             GError             **error)
{
  g_autoptr(GMappedFile) mapping = NULL;

  mapping = lumina_object_store_map (lumina_workspace_get_objects (self->workspace), hash, error);
  return mapping ? lumina_frame_cache_map (mapping, error) : NULL;
}

static void
apply_roles (LuminaFrame *frame,
             JsonNode    *schema)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (schema), "columns");

  for (guint i = 0; i < json_array_get_length (columns) && i < lumina_frame_get_n_columns (frame); i++)
    {
      LuminaColumnRole role = LUMINA_COLUMN_ROLE_FEATURE;

      lumina_column_role_from_string (json_object_get_string_member_with_default (
                                        json_array_get_object_element (columns, i), "role", "feature"), &role);
      lumina_frame_set_role (frame, i, role);
    }
}

/**
 * lumina_dataset_store_load:
 * Opens a version's rows.  A single-segment version is mapped, not read:
 * near-instant at any size.  Appended versions are stacked in memory.
 *
 * Returns: (transfer full) (nullable): the frame, roles applied
 */
LuminaFrame *
lumina_dataset_store_load (LuminaDatasetStore    *self,
                           LuminaDatasetVersion  *version,
                           GError               **error)
{
  const char * const *segments;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_object_unref);
  LuminaFrame *frame;

  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (version), NULL);

  segments = lumina_dataset_version_get_segments (version);
  for (guint i = 0; segments[i]; i++)
    {
      LuminaFrame *part = map_segment (self, segments[i], error);

      if (part == NULL)
        return NULL;
      g_ptr_array_add (parts, part);
    }

  if (parts->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The version records no data");
      return NULL;
    }

  frame = parts->len == 1 ? g_object_ref (g_ptr_array_index (parts, 0))
                          : _lumina_frame_concat ((LuminaFrame **) parts->pdata, parts->len, error);
  if (frame != NULL)
    apply_roles (frame, lumina_dataset_version_get_schema (version));

  return frame;
}

/**
 * lumina_dataset_store_export:
 * Writes the version as CSV; importing the file again gives the same
 * content hash.  The file appears whole or not at all.
 */
gboolean
lumina_dataset_store_export (LuminaDatasetStore    *self,
                             LuminaDatasetVersion  *version,
                             GFile                 *file,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(frame = lumina_dataset_store_load (self, version, error)) ||
      !(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error)))
    return FALSE;

  if (!lumina_csv_write_frame (frame, G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing a replace stream with a cancelled cancellable discards the temp file. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

/**
 * lumina_dataset_store_get_contract:
 * Returns: (transfer full) (nullable): the contract of @name; %NULL without
 *   error when it has none
 */
JsonNode *
lumina_dataset_store_get_contract (LuminaDatasetStore  *self,
                                   const char          *name,
                                   GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonNode *contract = NULL;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (LUMINA_IS_DATASET_STORE (self), NULL);

  lumina_db_lock (self->db);
  if ((stmt = lumina_db_prepare (self->db, "SELECT contract FROM datasets WHERE name = ?1", error)))
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        contract = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      else if (rc == SQLITE_DONE)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "There is no dataset called “%s”", name);
      else if (rc != SQLITE_ROW)
        lumina_db_set_error (self->db, error, "reading datasets");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  lumina_db_unlock (self->db);

  return contract;
}
