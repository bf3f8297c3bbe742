/* lumina-registry-card.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model cards (one per version: description, intended use, limitations,
 * metrics, dataset; filled from the manifest on registration, editable,
 * each edit a "card" row of the history) and the workspace's list of
 * lifecycle stages, kept in the meta table.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

static const char * const default_stages[] = { "dev", "staging", "production", "archived", NULL };
static const char * const card_text_fields[] = { "description", "intended_use", "limitations", NULL };

/* ---- cards -------------------------------------------------------------- */

static char *
describe_learners (JsonObject *manifest)
{
  JsonArray *members = json_object_get_array_member (manifest, "members");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      const char *kind = member ? json_object_get_string_member_with_default (member, "learner", NULL) : NULL;

      if (kind != NULL && strstr (text->str, kind) == NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", kind);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The card a new version starts with. */
JsonObject *
_lumina_registry_default_card (JsonObject *manifest,
                               const char *run_id,
                               const char *dataset_ref)
{
  JsonObject *card = json_object_new ();
  JsonObject *metrics = json_object_get_object_member (manifest, "metrics");
  const char *task = json_object_get_string_member_with_default (manifest, "task", "model");
  const char *target = json_object_get_string_member_with_default (manifest, "target", NULL);
  g_autofree char *learners = describe_learners (manifest);
  g_autoptr(GString) description = g_string_new (NULL);

  g_string_append_printf (description, "A %s model", task);
  if (target != NULL)
    g_string_append_printf (description, " of “%s”", target);
  if (learners != NULL)
    g_string_append_printf (description, " (%s)", learners);
  g_string_append_printf (description, " from run %s", run_id);
  if (dataset_ref != NULL)
    g_string_append_printf (description, ", trained on %s", dataset_ref);
  g_string_append_c (description, '.');

  json_object_set_string_member (card, "description", description->str);
  json_object_set_string_member (card, "intended_use", "");
  json_object_set_string_member (card, "limitations", "");
  json_object_set_object_member (card, "metrics",
                                 metrics != NULL ? json_object_ref (metrics) : json_object_new ());
  if (dataset_ref != NULL)
    json_object_set_string_member (card, "dataset", dataset_ref);
  else
    json_object_set_null_member (card, "dataset");

  return card;
}

/**
 * lumina_registry_get_card:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the version's card: {description,
 *   intended_use, limitations, metrics, dataset}
 */
JsonObject *
lumina_registry_get_card (LuminaRegistry  *self,
                          const char      *name,
                          guint            version,
                          GError         **error)
{
  g_auto(LuminaVersionRow) row = { 0 };
  gint64 model_id;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  ok = (model_id = _lumina_registry_lookup_model (self, name, error)) != 0 &&
       _lumina_registry_lookup_version (self, model_id, name, version, &row, error);
  lumina_db_unlock (self->db);

  return ok ? json_object_ref (row.card) : NULL;
}

static gboolean
check_card_changes (JsonObject  *changes,
                    GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (changes);

  if (members == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The card edit changes nothing");
      return FALSE;
    }

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (changes, l->data);
      gboolean text = g_strv_contains (card_text_fields, l->data);

      if (text && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        continue;
      if (g_str_equal (l->data, "metrics") && JSON_NODE_HOLDS_OBJECT (value))
        continue;
      if (g_str_equal (l->data, "dataset") &&
          (JSON_NODE_HOLDS_NULL (value) ||
           (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)))
        continue;

      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "“%s” is not a card field of the right type; a card has description, intended_use "
                   "and limitations (text), metrics (an object) and dataset (text)",
                   (const char *) l->data);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *name;
  guint       version;
  JsonObject *changes;
  const char *actor;
  const char *reason;
} CardEdit;

static gboolean
write_card (LuminaRegistry  *self,
            gint64           model_id,
            guint            version,
            JsonObject      *card,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = _lumina_registry_object_text (card);

  if (!(stmt = lumina_db_prepare (self->db,
                                  "UPDATE model_versions SET card = ?3 WHERE model_id = ?1 AND version = ?2",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  return _lumina_registry_step_done (self, stmt, "editing a model card", error);
}

static gboolean
edit_card_in_transaction (LuminaRegistry  *self,
                          const char      *now,
                          gpointer         data,
                          GError         **error)
{
  CardEdit *edit = data;
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) before = json_object_new ();
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (edit->changes);
  g_autofree char *object = g_strdup_printf ("%s/%u", edit->name, edit->version);
  gint64 model_id;

  if (!(model_id = _lumina_registry_lookup_model (self, edit->name, error)) ||
      !_lumina_registry_lookup_version (self, model_id, edit->name, edit->version, &row, error))
    return FALSE;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *old = json_object_get_member (row.card, l->data);

      json_object_set_member (before, l->data, old ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (row.card, l->data, json_node_copy (json_object_get_member (edit->changes, l->data)));
    }
  json_object_set_object_member (details, "before", json_object_ref (before));
  json_object_set_object_member (details, "after", json_object_ref (edit->changes));
  json_object_set_string_member (audit, "model", edit->name);
  json_object_set_int_member (audit, "version", edit->version);
  json_object_set_object_member (audit, "changes", json_object_ref (edit->changes));
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, edit->actor));

  return write_card (self, model_id, edit->version, row.card, error) &&
         _lumina_registry_add_event (self, model_id, now, edit->actor, "card", "", edit->version,
                                     NULL, edit->reason, details, error) &&
         _lumina_registry_audit (self, "model.card", object, audit, error);
}

/**
 * lumina_registry_update_card:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @changes: the fields to replace: description, intended_use and
 *   limitations (strings), metrics (an object), dataset (a string or null)
 * @actor: (nullable): who edits
 * @reason: (nullable): why
 * @error: a location for a #GError
 *
 * Records the edit, with the fields before and after, in the history.
 * Thread-safe.
 *
 * Returns: %FALSE with INVALID_INPUT for an unknown field or a wrong type
 */
gboolean
lumina_registry_update_card (LuminaRegistry  *self,
                             const char      *name,
                             guint            version,
                             JsonObject      *changes,
                             const char      *actor,
                             const char      *reason,
                             GError         **error)
{
  CardEdit edit = { name, version, changes, actor, reason };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!check_card_changes (changes, error))
    return FALSE;

  return _lumina_registry_write (self, name, edit_card_in_transaction, &edit, error);
}

/* ---- stages ------------------------------------------------------------- */

static char **
parse_stages (const char *text)
{
  g_autoptr(JsonNode) node = _lumina_registry_parse_json (text);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *stage = json_array_get_string_element (array, i);

      if (stage != NULL && lumina_registry_check_alias (stage, NULL))
        g_ptr_array_add (stages, g_strdup (stage));
    }

  if (stages->len == 0)
    return g_strdupv ((char **) default_stages);

  g_ptr_array_add (stages, NULL);
  return (char **) g_ptr_array_steal (stages, NULL);
}

/* Takes the db lock. */
char **
_lumina_registry_read_stages (LuminaRegistry  *self,
                              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char **stages = NULL;
  int rc;

  lumina_db_lock (self->db);
  if ((stmt = lumina_db_prepare (self->db, "SELECT value FROM meta WHERE key = ?1", error)))
    {
      sqlite3_bind_text (stmt, 1, LUMINA_REGISTRY_STAGES_KEY, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        stages = parse_stages (rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL);
      else
        lumina_db_set_error (self->db, error, "reading the lifecycle stages");
    }
  lumina_db_unlock (self->db);

  return stages;
}

/**
 * lumina_registry_dup_stages:
 * @self: a registry
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the workspace's lifecycle stages in
 *   order; new versions start in the first.  By default dev, staging,
 *   production, archived.
 */
char **
lumina_registry_dup_stages (LuminaRegistry  *self,
                            GError         **error)
{
  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  return _lumina_registry_read_stages (self, error);
}

static gboolean
check_stages (const char * const  *stages,
              GError             **error)
{
  if (stages == NULL || stages[0] == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The list of stages is empty");
      return FALSE;
    }

  for (guint i = 0; stages[i] != NULL; i++)
    {
      if (!lumina_registry_check_alias (stages[i], error))
        {
          g_prefix_error (error, "Bad stage: ");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (stages[i], stages[j]))
          {
            g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                         "The stage “%s” is listed twice", stages[i]);
            return FALSE;
          }
    }

  return TRUE;
}

/**
 * lumina_registry_set_stages:
 * @self: a registry
 * @stages: (array zero-terminated=1): the stages, in lifecycle order; each
 *   named like an alias
 * @error: a location for a #GError
 *
 * Versions keep the stage they are in even when it is no longer listed.
 * Promotions to the stage named "production" run the promotion gates.
 * Appends a "model.stages" audit event.  Thread-safe.
 *
 * Returns: %FALSE with INVALID_INPUT for an empty list, a bad or a
 *   repeated name
 */
gboolean
lumina_registry_set_stages (LuminaRegistry      *self,
                            const char * const  *stages,
                            GError             **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);

  if (!check_stages (stages, error))
    return FALSE;

  for (guint i = 0; stages[i] != NULL; i++)
    json_array_add_string_element (array, stages[i]);
  node = json_node_init_array (json_node_alloc (), array);
  text = lumina_util_canonical_json (node);

  json_object_set_array_member (details, "stages", json_array_ref (array));
  json_object_set_string_member (details, "actor", _lumina_registry_actor (self, NULL));

  lumina_db_lock (self->db);
  ok = lumina_db_begin (self->db, error) &&
       (stmt = lumina_db_prepare (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                  error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, LUMINA_REGISTRY_STAGES_KEY, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      ok = _lumina_registry_step_done (self, stmt, "saving the lifecycle stages", error) &&
           _lumina_registry_audit (self, "model.stages", NULL, details, error);
    }
  if (ok)
    ok = lumina_db_commit (self->db, error);
  else
    lumina_db_rollback (self->db);
  lumina_db_unlock (self->db);

  if (ok)
    _lumina_event_log_announce (lumina_workspace_get_events (self->workspace));
  return ok;
}
