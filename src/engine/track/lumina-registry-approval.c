/* lumina-registry-approval.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Approvals: a second person's sign-off on a version, one "approval" row
 * of the history each.  The approval gate (lumina-registry-evaluate.c)
 * counts them.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include "lumina-error.h"
#include "lumina-registry-private.h"

typedef struct
{
  const char *name;
  guint       version;
  const char *actor;
  const char *reason;
} Approval;

static gboolean
has_approved (LuminaRegistry  *self,
              gint64           model_id,
              guint            version,
              const char      *actor,
              gboolean        *approved,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT COUNT (*) FROM model_events "
                                  "WHERE model_id = ?1 AND kind = 'approval' AND version = ?2 AND actor = ?3",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "reading approvals");
      return FALSE;
    }

  *approved = sqlite3_column_int64 (stmt, 0) > 0;
  return TRUE;
}

static gboolean
approve_in_transaction (LuminaRegistry  *self,
                        const char      *now,
                        gpointer         data,
                        GError         **error)
{
  Approval *move = data;
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autofree char *object = g_strdup_printf ("%s/%u", move->name, move->version);
  const char *actor = _lumina_registry_actor (self, move->actor);
  gboolean approved = FALSE;
  gint64 model_id;

  if (!(model_id = _lumina_registry_lookup_model (self, move->name, error)) ||
      !_lumina_registry_lookup_version (self, model_id, move->name, move->version, &row, error) ||
      !has_approved (self, model_id, move->version, actor, &approved, error))
    return FALSE;

  if (g_strcmp0 (actor, row.actor) == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "%s registered version %u of “%s” and cannot also approve it; someone else must",
                   actor, move->version, move->name);
      return FALSE;
    }
  if (approved)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "%s has already approved version %u of “%s”", actor, move->version, move->name);
      return FALSE;
    }

  json_object_set_string_member (audit, "model", move->name);
  json_object_set_int_member (audit, "version", move->version);
  json_object_set_string_member (audit, "actor", actor);
  return _lumina_registry_add_event (self, model_id, now, actor, "approval", "", move->version, NULL,
                                     move->reason, NULL, error) &&
         _lumina_registry_audit (self, "model.approved", object, audit, error);
}

/**
 * lumina_registry_approve:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @actor: (nullable): who approves; never the actor who registered it
 * @reason: (nullable): a note
 * @error: a location for a #GError
 *
 * Records an approval, which the approval gate counts when someone other
 * than the approver moves the version.  Thread-safe.
 *
 * Returns: %FALSE with INVALID_INPUT for the registrant, EXISTS for a
 *   repeated approval
 */
gboolean
lumina_registry_approve (LuminaRegistry  *self,
                         const char      *name,
                         guint            version,
                         const char      *actor,
                         const char      *reason,
                         GError         **error)
{
  Approval approval = { name, version, actor, reason };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);

  if (!lumina_registry_check_name (name, error))
    return FALSE;

  return _lumina_registry_write (self, name, approve_in_transaction, &approval, error);
}
