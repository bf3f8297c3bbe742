/* lumina-deployment-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deployment settings (checked and completed with defaults) and their rows
 * in the workspace's "deployments" table.
 */
#define G_LOG_DOMAIN "lumina-deployment"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-deployment-private.h"
#include "lumina-error.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

void
_deployment_record_free (DeploymentRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->name);
  g_free (record->model_ref);
  g_clear_pointer (&record->settings, json_object_unref);
  g_free (record->created_at);
  g_free (record->updated_at);
  g_free (record);
}

typedef struct
{
  const char *key;
  double      min;
  double      max;
  double      fallback;
  gboolean    integer;
} NumberSetting;

static const NumberSetting number_settings[] = {
  { "port",            0,    65535, 0,    TRUE  },
  { "workers",         1,    64,    2,    TRUE  },
  { "batch_window_ms", 0,    50,    0.2,  FALSE },
  { "max_batch",       1,    4096,  64,   TRUE  },
  { "capture_rate",    0,    1,     0.1,  FALSE },
  { "canary_percent",  0,    100,   10,   FALSE },
};

static gboolean
merge_number (JsonObject          *out,
              JsonObject          *base,
              JsonObject          *changes,
              const NumberSetting *setting,
              GError             **error)
{
  JsonObject *source = NULL;
  double value = setting->fallback;

  if (changes != NULL && json_object_has_member (changes, setting->key))
    source = changes;
  else if (base != NULL && json_object_has_member (base, setting->key))
    source = base;

  if (source != NULL)
    {
      JsonNode *node = json_object_get_member (source, setting->key);

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_INT64 &&
           json_node_get_value_type (node) != G_TYPE_DOUBLE))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                       "The deployment setting “%s” needs a number", setting->key);
          return FALSE;
        }
      value = json_node_get_double (node);
    }

  if (!isfinite (value) || value < setting->min || value > setting->max ||
      (setting->integer && value != floor (value)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The deployment setting “%s” must be %s from %g to %g (got %g)",
                   setting->key, setting->integer ? "a whole number" : "a number",
                   setting->min, setting->max, value);
      return FALSE;
    }

  if (setting->integer)
    json_object_set_int_member (out, setting->key, (gint64) value);
  else
    json_object_set_double_member (out, setting->key, value);
  return TRUE;
}

static gboolean
merge_string (JsonObject  *out,
              JsonObject  *base,
              JsonObject  *changes,
              const char  *key,
              const char  *fallback,
              const char **text,
              GError     **error)
{
  JsonObject *source = NULL;
  const char *value = fallback;

  if (changes != NULL && json_object_has_member (changes, key))
    source = changes;
  else if (base != NULL && json_object_has_member (base, key))
    source = base;

  if (source != NULL)
    {
      JsonNode *node = json_object_get_member (source, key);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                       "The deployment setting “%s” needs text", key);
          return FALSE;
        }
      value = json_node_get_string (node);
    }

  json_object_set_string_member (out, key, value);
  *text = json_object_get_string_member (out, key);
  return TRUE;
}

static const char * const known_keys[] = {
  "host", "port", "workers", "batch_window_ms", "max_batch", "capture_rate",
  "challenger", "mode", "canary_percent", NULL
};

JsonObject *
_deployment_settings_merge (JsonObject  *base,
                            JsonObject  *changes,
                            GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GInetAddress) address = NULL;
  const char *host;
  const char *mode;
  const char *challenger;

  if (changes != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (changes);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (known_keys, l->data))
          {
            g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                         "“%s” is not a deployment setting", (const char *) l->data);
            return NULL;
          }
    }

  if (!merge_string (out, base, changes, "host", "127.0.0.1", &host, error) ||
      !merge_string (out, base, changes, "mode", "canary", &mode, error) ||
      !merge_string (out, base, changes, "challenger", "", &challenger, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (number_settings); i++)
    if (!merge_number (out, base, changes, &number_settings[i], error))
      return NULL;

  address = g_inet_address_new_from_string (host);
  if (address == NULL && !g_str_equal (host, "localhost"))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The deployment setting “host” needs an IP address to listen on (127.0.0.1, 0.0.0.0 or ::), not “%s”", host);
      return NULL;
    }

  if (!g_str_equal (mode, "canary") && !g_str_equal (mode, "shadow"))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The challenger mode must be “canary” or “shadow”, not “%s”", mode);
      return NULL;
    }

  return g_steal_pointer (&out);
}

gboolean
_deployment_settings_equal (JsonObject *a,
                            JsonObject *b,
                            const char *key)
{
  JsonNode *na = json_object_get_member (a, key);
  JsonNode *nb = json_object_get_member (b, key);

  if (na == NULL || nb == NULL)
    return na == nb;

  return json_node_equal (na, nb);
}

static char *
settings_to_text (JsonObject *settings)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, settings);
  return json_to_string (node, FALSE);
}

gboolean
_deployment_store_insert (LuminaWorkspace  *workspace,
                          const char       *name,
                          const char       *model_ref,
                          JsonObject       *settings,
                          GError          **error)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = settings_to_text (settings);
  g_autofree char *now = lumina_util_now_text ();
  gboolean ok = FALSE;
  int rc;

  lumina_db_lock (db);
  stmt = lumina_db_prepare (db,
                            "INSERT INTO deployments (name, model_ref, settings, desired, created_at, updated_at) "
                            "VALUES (?1, ?2, ?3, 'stopped', ?4, ?4)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, model_ref, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                     "A deployment named “%s” already exists", name);
      else
        lumina_db_set_error (db, error, "storing a deployment");
    }
  lumina_db_unlock (db);

  return ok;
}

gboolean
_deployment_store_update (LuminaWorkspace  *workspace,
                          const char       *name,
                          JsonObject       *settings,
                          int               wanted_running,
                          GError          **error)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = settings != NULL ? settings_to_text (settings) : NULL;
  g_autofree char *now = lumina_util_now_text ();
  gboolean ok = FALSE;
  sqlite3 *handle;

  handle = lumina_db_lock (db);
  stmt = lumina_db_prepare (db,
                            "UPDATE deployments SET settings = coalesce (?2, settings), "
                            "desired = coalesce (?3, desired), updated_at = ?4 WHERE name = ?1",
                            error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      if (text != NULL)
        sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      if (wanted_running >= 0)
        sqlite3_bind_text (stmt, 3, wanted_running ? "running" : "stopped", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        lumina_db_set_error (db, error, "updating a deployment");
      else if (sqlite3_changes (handle) == 0)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "No deployment is named “%s”", name);
      else
        ok = TRUE;
    }
  lumina_db_unlock (db);

  return ok;
}

gboolean
_deployment_store_delete (LuminaWorkspace  *workspace,
                          const char       *name,
                          GError          **error)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  lumina_db_lock (db);
  stmt = lumina_db_prepare (db, "DELETE FROM deployments WHERE name = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        lumina_db_set_error (db, error, "deleting a deployment");
      else
        ok = TRUE;
    }
  lumina_db_unlock (db);

  return ok;
}

static DeploymentRecord *
record_from_row (sqlite3_stmt *stmt)
{
  DeploymentRecord *record = g_new0 (DeploymentRecord, 1);
  g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);

  record->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  record->model_ref = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->settings = _deployment_settings_merge (node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                                                 ? json_node_get_object (node) : NULL,
                                                 NULL, NULL);
  if (record->settings == NULL)
    record->settings = _deployment_settings_merge (NULL, NULL, NULL);
  record->wanted_running = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "running") == 0;
  record->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  record->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return record;
}

#define RECORD_COLUMNS "name, model_ref, settings, desired, created_at, updated_at"

DeploymentRecord *
_deployment_store_load (LuminaWorkspace  *workspace,
                        const char       *name,
                        GError          **error)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DeploymentRecord *record = NULL;
  int rc;

  lumina_db_lock (db);
  stmt = lumina_db_prepare (db, "SELECT " RECORD_COLUMNS " FROM deployments WHERE name = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        record = record_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "No deployment is named “%s”", name);
      else
        lumina_db_set_error (db, error, "reading a deployment");
    }
  lumina_db_unlock (db);

  return record;
}

GPtrArray *
_deployment_store_load_all (LuminaWorkspace  *workspace,
                            GError          **error)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) _deployment_record_free);
  int rc = SQLITE_DONE;

  lumina_db_lock (db);
  stmt = lumina_db_prepare (db, "SELECT " RECORD_COLUMNS " FROM deployments ORDER BY name", error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (records, record_from_row (stmt));
      if (rc != SQLITE_DONE)
        lumina_db_set_error (db, error, "reading the deployments");
    }
  lumina_db_unlock (db);

  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&records);
}

GHashTable *
_deployment_store_used_ports (LuminaWorkspace *workspace)
{
  g_autoptr(GPtrArray) records = _deployment_store_load_all (workspace, NULL);
  GHashTable *ports = g_hash_table_new (NULL, NULL);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      DeploymentRecord *record = g_ptr_array_index (records, i);
      gint64 port = json_object_get_int_member_with_default (record->settings, "port", 0);

      if (port > 0)
        g_hash_table_add (ports, GINT_TO_POINTER ((int) port));
    }

  return ports;
}
