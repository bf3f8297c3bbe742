/* lumina-registry-gates.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Promotion gates, configured per model (registered_models.gates): the
 * settings, their defaults and their validation.  The gates themselves
 * are evaluated in lumina-registry-evaluate.c.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-registry-private.h"

/* ---- configuration ------------------------------------------------------ */

static JsonObject *
default_gates (void)
{
  JsonObject *gates = json_object_new ();

  json_object_set_null_member (gates, "metric");
  json_object_set_null_member (gates, "greater_is_better");
  json_object_set_double_member (gates, "tolerance", 0);
  json_object_set_boolean_member (gates, "signature", TRUE);
  json_object_set_boolean_member (gates, "require_approval", FALSE);
  return gates;
}

/* Copies the members of @changes that are known gate settings of the
 * right type into @gates; INVALID_CONFIG for anything else. */
static gboolean
merge_gates (JsonObject  *gates,
             JsonObject  *changes,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (changes);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (changes, key);
      gboolean ok;

      if (g_str_equal (key, "metric"))
        ok = JSON_NODE_HOLDS_NULL (value) ||
             (_lumina_registry_holds (value, G_TYPE_STRING) && json_node_get_string (value)[0] != '\0');
      else if (g_str_equal (key, "greater_is_better"))
        ok = JSON_NODE_HOLDS_NULL (value) || _lumina_registry_holds (value, G_TYPE_BOOLEAN);
      else if (g_str_equal (key, "tolerance"))
        ok = _lumina_registry_is_number (value) && isfinite (json_node_get_double (value)) &&
             json_node_get_double (value) >= 0;
      else if (g_str_equal (key, "signature") || g_str_equal (key, "require_approval"))
        ok = _lumina_registry_holds (value, G_TYPE_BOOLEAN);
      else
        ok = FALSE;

      if (!ok)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                       "“%s” is not a gate setting of the right type; gates have metric (a name or null), "
                       "greater_is_better (true, false or null), tolerance (a number ≥ 0), signature "
                       "and require_approval (true or false)", key);
          return FALSE;
        }
      json_object_set_member (gates, key, json_node_copy (value));
    }

  return TRUE;
}

static gboolean
check_direction_known (JsonObject  *gates,
                       GError     **error)
{
  const char *metric = json_object_get_string_member_with_default (gates, "metric", NULL);
  LuminaMetric known;

  if (metric == NULL || lumina_metric_from_string (metric, &known) ||
      _lumina_registry_holds (json_object_get_member (gates, "greater_is_better"), G_TYPE_BOOLEAN))
    return TRUE;

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
               "LuminaOps does not know whether a bigger “%s” is better; set greater_is_better", metric);
  return FALSE;
}

/* Expects the db lock: the model's gates with every default filled in. */
JsonObject *
_lumina_registry_read_gates (LuminaRegistry  *self,
                             gint64           model_id,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) gates = default_gates ();
  g_autoptr(JsonNode) stored = NULL;

  if (!(stmt = lumina_db_prepare (self->db, "SELECT gates FROM registered_models WHERE id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "reading a model's gates");
      return NULL;
    }

  stored = _lumina_registry_parse_json ((const char *) sqlite3_column_text (stmt, 0));
  if (JSON_NODE_HOLDS_OBJECT (stored) && !merge_gates (gates, json_node_get_object (stored), NULL))
    g_debug ("Ignoring bad stored gates of model %" G_GINT64_FORMAT, model_id);

  return g_steal_pointer (&gates);
}

/**
 * lumina_registry_get_gates:
 * @self: a registry
 * @name: a model
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the model's gates: {metric (null:
 *   the primary metric), greater_is_better (null: from the metric),
 *   tolerance, signature, require_approval}
 */
JsonObject *
lumina_registry_get_gates (LuminaRegistry  *self,
                           const char      *name,
                           GError         **error)
{
  JsonObject *gates = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)))
    gates = _lumina_registry_read_gates (self, model_id, error);
  lumina_db_unlock (self->db);

  return gates;
}

typedef struct
{
  const char *name;
  JsonObject *changes;
  const char *actor;
  const char *reason;
} GatesEdit;

static gboolean
store_gates (LuminaRegistry  *self,
             gint64           model_id,
             JsonObject      *gates,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = _lumina_registry_object_text (gates);

  if (!(stmt = lumina_db_prepare (self->db, "UPDATE registered_models SET gates = ?2 WHERE id = ?1", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  return _lumina_registry_step_done (self, stmt, "saving a model's gates", error);
}

static gboolean
set_gates_in_transaction (LuminaRegistry  *self,
                          const char      *now,
                          gpointer         data,
                          GError         **error)
{
  GatesEdit *edit = data;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) audit = json_object_new ();
  gint64 model_id;

  if (!(model_id = _lumina_registry_lookup_model (self, edit->name, error)) ||
      !(before = _lumina_registry_read_gates (self, model_id, error)))
    return FALSE;

  after = _lumina_registry_read_gates (self, model_id, error);
  if (after == NULL || !merge_gates (after, edit->changes, error) || !check_direction_known (after, error))
    return FALSE;

  json_object_set_object_member (details, "before", json_object_ref (before));
  json_object_set_object_member (details, "after", json_object_ref (after));
  json_object_set_string_member (audit, "model", edit->name);
  json_object_set_object_member (audit, "gates", json_object_ref (after));
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, edit->actor));

  return store_gates (self, model_id, after, error) &&
         _lumina_registry_add_event (self, model_id, now, edit->actor, "gate", "", 0, NULL, edit->reason,
                                     details, error) &&
         _lumina_registry_audit (self, "model.gates", edit->name, audit, error);
}

/**
 * lumina_registry_set_gates:
 * @self: a registry
 * @name: a model
 * @gates: the settings to change (see lumina_registry_get_gates()); the
 *   others keep their values
 * @actor: (nullable): who changes them
 * @reason: (nullable): why
 * @error: a location for a #GError
 *
 * Records the change (before and after) in the history.  Thread-safe.
 *
 * Returns: %FALSE with INVALID_CONFIG for an unknown setting, a wrong type
 *   or a metric of unknown direction without greater_is_better
 */
gboolean
lumina_registry_set_gates (LuminaRegistry  *self,
                           const char      *name,
                           JsonObject      *gates,
                           const char      *actor,
                           const char      *reason,
                           GError         **error)
{
  GatesEdit edit = { name, gates, actor, reason };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (gates != NULL, FALSE);

  return _lumina_registry_write (self, name, set_gates_in_transaction, &edit, error);
}
