/* lumina-registry-query.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the registry: models, versions, aliases and history, and what
 * the aliases pointed at at a given time.  Each function reads under the
 * db lock and returns a JSON snapshot.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"

static JsonNode *
array_node (JsonArray *array)
{
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
object_node (JsonObject *object)
{
  return json_node_init_object (json_node_alloc (), object);
}

static gboolean
read_failed (LuminaRegistry  *self,
             int              rc,
             const char      *doing,
             GError         **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;

  lumina_db_set_error (self->db, error, doing);
  return TRUE;
}

/* Expects the db lock: alias → version. */
static JsonObject *
read_aliases (LuminaRegistry  *self,
              gint64           model_id,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) aliases = json_object_new ();
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT alias, version FROM model_aliases WHERE model_id = ?1 ORDER BY alias",
                                  error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_object_set_int_member (aliases, (const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_int64 (stmt, 1));

  return read_failed (self, rc, "reading aliases", error) ? NULL : g_steal_pointer (&aliases);
}

static JsonArray *
aliases_of (JsonObject *aliases,
            guint       version)
{
  JsonArray *array = json_array_new ();
  g_autoptr(GList) members = json_object_get_members (aliases);

  for (const GList *l = members; l != NULL; l = l->next)
    if ((guint) json_object_get_int_member (aliases, l->data) == version)
      json_array_add_string_element (array, l->data);

  return array;
}

/* ---- models ------------------------------------------------------------- */

#define MODEL_COLUMNS                                                              \
  "m.id, m.name, m.description, m.created_at, m.actor, "                           \
  "(SELECT COUNT (*) FROM model_versions WHERE model_id = m.id), "                 \
  "(SELECT MAX (version) FROM model_versions WHERE model_id = m.id), "             \
  "(SELECT MAX (time) FROM model_events WHERE model_id = m.id)"

static JsonObject *
model_from_row (LuminaRegistry  *self,
                sqlite3_stmt    *stmt,
                GError         **error)
{
  g_autoptr(JsonObject) model = json_object_new ();
  JsonObject *aliases;

  if (!(aliases = read_aliases (self, sqlite3_column_int64 (stmt, 0), error)))
    return NULL;

  json_object_set_string_member (model, "name", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_string_member (model, "description", (const char *) sqlite3_column_text (stmt, 2));
  json_object_set_string_member (model, "created_at", (const char *) sqlite3_column_text (stmt, 3));
  json_object_set_string_member (model, "actor", (const char *) sqlite3_column_text (stmt, 4));
  json_object_set_int_member (model, "n_versions", sqlite3_column_int64 (stmt, 5));
  json_object_set_int_member (model, "latest_version", sqlite3_column_int64 (stmt, 6));
  json_object_set_string_member (model, "updated_at", (const char *) sqlite3_column_text (stmt, 7));
  json_object_set_object_member (model, "aliases", aliases);
  return g_steal_pointer (&model);
}

/**
 * lumina_registry_list_models:
 * @self: a registry
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON array, by name, of {name,
 *   description, created_at, actor, n_versions, latest_version,
 *   updated_at, aliases: {alias: version}}
 */
JsonNode *
lumina_registry_list_models (LuminaRegistry  *self,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) models = json_array_new ();
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((stmt = lumina_db_prepare (self->db,
                                 "SELECT " MODEL_COLUMNS " FROM registered_models AS m ORDER BY m.name",
                                 error)))
    {
      JsonObject *model = NULL;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && (model = model_from_row (self, stmt, error)))
        json_array_add_object_element (models, model);
      ok = rc == SQLITE_ROW ? FALSE : !read_failed (self, rc, "listing models", error);
    }
  lumina_db_unlock (self->db);

  return ok ? array_node (models) : NULL;
}

/**
 * lumina_registry_get_model:
 * @self: a registry
 * @name: a model
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON object as in
 *   lumina_registry_list_models() plus "gates" (see
 *   lumina_registry_get_gates()); NOT_FOUND for an unknown model
 */
JsonNode *
lumina_registry_get_model (LuminaRegistry  *self,
                           const char      *name,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) model = NULL;
  JsonObject *gates = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)) &&
      (stmt = lumina_db_prepare (self->db, "SELECT " MODEL_COLUMNS " FROM registered_models AS m WHERE m.id = ?1",
                                 error)))
    {
      sqlite3_bind_int64 (stmt, 1, model_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        lumina_db_set_error (self->db, error, "reading a model");
      else if ((model = model_from_row (self, stmt, error)) &&
               (gates = _lumina_registry_read_gates (self, model_id, error)))
        json_object_set_object_member (model, "gates", gates);
    }
  lumina_db_unlock (self->db);

  return model != NULL && gates != NULL ? object_node (model) : NULL;
}

/* ---- versions ----------------------------------------------------------- */

static JsonObject *
version_to_json (LuminaRegistry    *self,
                 const char        *name,
                 LuminaVersionRow  *row,
                 JsonObject        *aliases)
{
  JsonObject *object = json_object_new ();
  g_autofree char *bundle = _lumina_registry_abs_path (self, row->bundle);

  json_object_set_string_member (object, "model", name);
  json_object_set_int_member (object, "version", row->version);
  json_object_set_string_member (object, "run_id", row->run_id);
  json_object_set_string_member (object, "stage", row->stage);
  json_object_set_array_member (object, "aliases", aliases_of (aliases, row->version));
  json_object_set_string_member (object, "task", row->task);
  json_object_set_string_member (object, "primary_metric",
                                 _lumina_registry_primary_metric (row->metrics, row->task));
  json_object_set_object_member (object, "metrics", json_object_ref (row->metrics));
  json_object_set_string_member (object, "dataset_ref", row->dataset_ref);
  json_object_set_member (object, "signature", json_node_copy (row->signature));
  json_object_set_string_member (object, "bundle", bundle);
  json_object_set_string_member (object, "bundle_sha256", row->bundle_hash);
  json_object_set_member (object, "files", json_node_copy (row->files));
  json_object_set_object_member (object, "card", json_object_ref (row->card));
  json_object_set_string_member (object, "created_at", row->created_at);
  json_object_set_string_member (object, "actor", row->actor);
  return object;
}

/* Expects the db lock. */
static JsonArray *
read_approvals (LuminaRegistry  *self,
                gint64           model_id,
                guint            version,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) approvals = json_array_new ();
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT actor, time, reason FROM model_events "
                                  "WHERE model_id = ?1 AND kind = 'approval' AND version = ?2 ORDER BY id",
                                  error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *approval = json_object_new ();

      json_object_set_string_member (approval, "actor", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (approval, "time", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (approval, "reason", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (approvals, approval);
    }

  return read_failed (self, rc, "reading approvals", error) ? NULL : g_steal_pointer (&approvals);
}

/**
 * lumina_registry_list_versions:
 * @self: a registry
 * @name: a model
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON array, newest first, of
 *   versions as lumina_registry_get_version() describes them (without
 *   approvals)
 */
JsonNode *
lumina_registry_list_versions (LuminaRegistry  *self,
                               const char      *name,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) versions = json_array_new ();
  g_autoptr(JsonObject) aliases = NULL;
  gboolean ok = FALSE;
  gint64 model_id;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)) &&
      (aliases = read_aliases (self, model_id, error)) &&
      (stmt = lumina_db_prepare (self->db,
                                 "SELECT version FROM model_versions WHERE model_id = ?1 ORDER BY version DESC",
                                 error)))
    {
      sqlite3_bind_int64 (stmt, 1, model_id);
      ok = TRUE;
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_auto(LuminaVersionRow) row = { 0 };

          ok = _lumina_registry_lookup_version (self, model_id, name, sqlite3_column_int (stmt, 0), &row, error);
          if (ok)
            json_array_add_object_element (versions, version_to_json (self, name, &row, aliases));
        }
      ok = ok && !read_failed (self, rc, "listing versions", error);
    }
  lumina_db_unlock (self->db);

  return ok ? array_node (versions) : NULL;
}

/**
 * lumina_registry_get_version:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON object {model, version,
 *   run_id, stage, aliases: [..], task, primary_metric, metrics,
 *   dataset_ref, signature: [{name, type}], bundle (absolute path),
 *   bundle_sha256, files: [{name, sha256, size}], card, created_at, actor,
 *   approvals: [{actor, time, reason}]}
 */
JsonNode *
lumina_registry_get_version (LuminaRegistry  *self,
                             const char      *name,
                             guint            version,
                             GError         **error)
{
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonObject) aliases = NULL;
  JsonArray *approvals = NULL;
  JsonObject *object = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)) &&
      _lumina_registry_lookup_version (self, model_id, name, version, &row, error) &&
      (aliases = read_aliases (self, model_id, error)) &&
      (approvals = read_approvals (self, model_id, version, error)))
    {
      object = version_to_json (self, name, &row, aliases);
      json_object_set_array_member (object, "approvals", approvals);
    }
  lumina_db_unlock (self->db);

  return object != NULL ? object_node (object) : NULL;
}

/**
 * lumina_registry_list_aliases:
 * @self: a registry
 * @name: a model
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON object {alias: version}
 */
JsonNode *
lumina_registry_list_aliases (LuminaRegistry  *self,
                              const char      *name,
                              GError         **error)
{
  JsonObject *aliases = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)))
    aliases = read_aliases (self, model_id, error);
  lumina_db_unlock (self->db);

  return aliases != NULL ? object_node (aliases) : NULL;
}

/**
 * lumina_registry_dup_version_aliases:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the aliases pointing at @version,
 *   sorted; NOT_FOUND for an unknown version
 */
char **
lumina_registry_dup_version_aliases (LuminaRegistry  *self,
                                     const char      *name,
                                     guint            version,
                                     GError         **error)
{
  g_autoptr(JsonNode) object = lumina_registry_get_version (self, name, version, error);
  JsonArray *array;
  char **aliases;

  if (object == NULL)
    return NULL;

  array = json_object_get_array_member (json_node_get_object (object), "aliases");
  aliases = g_new0 (char *, json_array_get_length (array) + 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    aliases[i] = g_strdup (json_array_get_string_element (array, i));
  return aliases;
}

/* ---- history ------------------------------------------------------------ */

static JsonObject *
event_from_row (sqlite3_stmt *stmt)
{
  JsonObject *event = json_object_new ();
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);
  const char *previous = (const char *) sqlite3_column_text (stmt, 6);
  g_autoptr(JsonNode) details = _lumina_registry_parse_json ((const char *) sqlite3_column_text (stmt, 8));
  guint64 number;

  json_object_set_int_member (event, "id", sqlite3_column_int64 (stmt, 0));
  json_object_set_string_member (event, "time", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_string_member (event, "actor", (const char *) sqlite3_column_text (stmt, 2));
  json_object_set_string_member (event, "kind", kind);
  json_object_set_string_member (event, "name", (const char *) sqlite3_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    json_object_set_null_member (event, "version");
  else
    json_object_set_int_member (event, "version", sqlite3_column_int64 (stmt, 5));
  if (previous == NULL)
    json_object_set_null_member (event, "previous");
  else if (g_str_equal (kind, "alias") && g_ascii_string_to_unsigned (previous, 10, 1, G_MAXUINT, &number, NULL))
    json_object_set_int_member (event, "previous", number);
  else
    json_object_set_string_member (event, "previous", previous);
  json_object_set_string_member (event, "reason", (const char *) sqlite3_column_text (stmt, 7));
  json_object_set_member (event, "details", json_node_copy (details));
  return event;
}

/**
 * lumina_registry_list_events:
 * @self: a registry
 * @name: a model
 * @kind: (nullable): only events of this kind: "register", "alias",
 *   "stage", "approval", "card" or "gate" (gate settings changed, name
 *   ""; or a move the gates refused, named by the alias or stage)
 * @event_name: (nullable): only events with this name (an alias or stage)
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON array, oldest first, of
 *   {id, time, actor, kind, name, version, previous, reason, details};
 *   "previous" is a version number for alias moves, a stage name for
 *   stage changes, null when there was none
 */
JsonNode *
lumina_registry_list_events (LuminaRegistry  *self,
                             const char      *name,
                             const char      *kind,
                             const char      *event_name,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) events = json_array_new ();
  gboolean ok = FALSE;
  gint64 model_id;
  int rc;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)) &&
      (stmt = lumina_db_prepare (self->db,
                                 "SELECT id, time, actor, kind, name, version, previous, reason, details "
                                 "FROM model_events WHERE model_id = ?1 "
                                 "  AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR name = ?3) ORDER BY id",
                                 error)))
    {
      sqlite3_bind_int64 (stmt, 1, model_id);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, event_name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        json_array_add_object_element (events, event_from_row (stmt));
      ok = !read_failed (self, rc, "reading model history", error);
    }
  lumina_db_unlock (self->db);

  return ok ? array_node (events) : NULL;
}

/* The last alias move at or before @at, per alias (or only @alias). */
#define ALIASES_AT_SQL                                                                  \
  "SELECT e.name, e.version FROM model_events AS e "                                    \
  "WHERE e.model_id = ?1 AND e.kind = 'alias' AND (?3 IS NULL OR e.name = ?3) "         \
  "  AND e.id = (SELECT id FROM model_events WHERE model_id = e.model_id AND kind = 'alias' " \
  "              AND name = e.name AND time <= ?2 ORDER BY time DESC, id DESC LIMIT 1) " \
  "ORDER BY e.name"

/* Expects the db lock. */
static JsonObject *
read_aliases_at (LuminaRegistry  *self,
                 gint64           model_id,
                 const char      *alias,
                 GDateTime       *at,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) aliases = json_object_new ();
  g_autofree char *time = lumina_util_format_time (at);
  int rc;

  if (!(stmt = lumina_db_prepare (self->db, ALIASES_AT_SQL, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, time, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, alias, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
      json_object_set_int_member (aliases, (const char *) sqlite3_column_text (stmt, 0),
                                  sqlite3_column_int64 (stmt, 1));

  return read_failed (self, rc, "reading alias history", error) ? NULL : g_steal_pointer (&aliases);
}

/**
 * lumina_registry_aliases_at:
 * @self: a registry
 * @name: a model
 * @at: a time
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): a JSON object {alias: version} of
 *   the aliases as they were at @at
 */
JsonNode *
lumina_registry_aliases_at (LuminaRegistry  *self,
                            const char      *name,
                            GDateTime       *at,
                            GError         **error)
{
  JsonObject *aliases = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)))
    aliases = read_aliases_at (self, model_id, NULL, at, error);
  lumina_db_unlock (self->db);

  return aliases != NULL ? object_node (aliases) : NULL;
}

/**
 * lumina_registry_alias_at:
 * @self: a registry
 * @name: a model
 * @alias: one of its aliases
 * @at: a time
 * @version: (out): the version @alias pointed at at @at
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: %FALSE with NOT_FOUND when @alias pointed at nothing then
 */
gboolean
lumina_registry_alias_at (LuminaRegistry  *self,
                          const char      *name,
                          const char      *alias,
                          GDateTime       *at,
                          guint           *version,
                          GError         **error)
{
  g_autoptr(JsonObject) aliases = NULL;
  g_autofree char *when = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (at != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  if (!lumina_registry_check_alias (alias, error))
    return FALSE;

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)))
    aliases = read_aliases_at (self, model_id, alias, at, error);
  lumina_db_unlock (self->db);

  if (aliases == NULL)
    return FALSE;
  if (!json_object_has_member (aliases, alias))
    {
      when = lumina_util_format_time (at);
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "The alias “%s” of “%s” pointed at no version at %s", alias, name, when);
      return FALSE;
    }

  *version = (guint) json_object_get_int_member (aliases, alias);
  return TRUE;
}
