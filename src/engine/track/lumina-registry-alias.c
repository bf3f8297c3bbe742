/* lumina-registry-alias.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moving aliases and stages, and rollback.  Each move is one
 * transaction: the pointer (model_aliases, or model_versions.stage), one
 * history row with the previous value, and one audit event.  Moving the
 * champion alias and promoting to production run the gates first; when
 * they refuse, a "gate" history row with the report is still committed
 * (the attempt is part of the record) and the call fails with
 * GATE_FAILED.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"

typedef struct
{
  const char  *name;
  const char  *alias;       /* or the stage */
  guint        version;     /* 0: remove the alias */
  const char  *actor;
  const char  *reason;
  gboolean     force;
  gboolean     rollback;
  JsonObject  *report;      /* out */
  GError      *refusal;     /* out: the gates said no */
} Move;

static void
move_clear (Move *move)
{
  g_clear_pointer (&move->report, json_object_unref);
  g_clear_error (&move->refusal);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Move, move_clear)

static char *
version_text (guint version)
{
  return version > 0 ? g_strdup_printf ("%u", version) : NULL;
}

/* Expects the db lock and a transaction.  Runs the gates when @gated;
 * returns FALSE only for errors, setting move->refusal (after recording
 * the attempt) when the gates refuse an unforced move.  @details gets the
 * report and whether it was forced. */
static gboolean
run_gates (LuminaRegistry    *self,
           Move              *move,
           LuminaVersionRow  *row,
           const char        *target,
           const char        *now,
           JsonObject        *details,
           GError           **error)
{
  g_autoptr(JsonObject) refused = json_object_new ();
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autofree char *object = g_strdup_printf ("%s/%u", move->name, move->version);

  if (!(move->report = _lumina_registry_evaluate_gates (self, move->name, row, move->actor, error)))
    return FALSE;

  json_object_set_object_member (details, "gates", json_object_ref (move->report));
  json_object_set_boolean_member (details, "forced",
                                  move->force && !json_object_get_boolean_member (move->report, "passed"));
  if (move->force || _lumina_registry_report_passed (move->report, move->name, move->version, target,
                                                     &move->refusal))
    return TRUE;

  json_object_set_string_member (refused, "target", target);
  json_object_set_object_member (refused, "gates", json_object_ref (move->report));
  json_object_set_string_member (audit, "model", move->name);
  json_object_set_int_member (audit, "version", move->version);
  json_object_set_string_member (audit, "target", target);
  json_object_set_string_member (audit, "error", move->refusal->message);
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, move->actor));

  return _lumina_registry_add_event (self, row->model_id, now, move->actor, "gate", move->alias, move->version,
                                     NULL, move->reason, refused, error) &&
         _lumina_registry_audit (self, "model.gate_refused", object, audit, error);
}

static gboolean
store_alias (LuminaRegistry  *self,
             gint64           model_id,
             const char      *alias,
             guint            version,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = lumina_db_prepare (self->db,
                            version > 0
                              ? "INSERT OR REPLACE INTO model_aliases (model_id, alias, version) "
                                "VALUES (?1, ?2, ?3)"
                              : "DELETE FROM model_aliases WHERE model_id = ?1 AND alias = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, alias, -1, SQLITE_STATIC);
  if (version > 0)
    sqlite3_bind_int64 (stmt, 3, version);
  return _lumina_registry_step_done (self, stmt, "moving an alias", error);
}

static gboolean
record_alias (LuminaRegistry  *self,
              Move            *move,
              gint64           model_id,
              guint            previous,
              const char      *now,
              JsonObject      *details,
              GError         **error)
{
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autofree char *previous_text = version_text (previous);
  g_autofree char *object = g_strdup_printf ("%s@%s", move->name, move->alias);

  json_object_set_string_member (audit, "model", move->name);
  json_object_set_string_member (audit, "alias", move->alias);
  if (move->version > 0)
    json_object_set_int_member (audit, "version", move->version);
  else
    json_object_set_null_member (audit, "version");
  if (previous > 0)
    json_object_set_int_member (audit, "previous", previous);
  else
    json_object_set_null_member (audit, "previous");
  json_object_set_boolean_member (audit, "forced",
                                  json_object_get_boolean_member_with_default (details, "forced", FALSE));
  json_object_set_boolean_member (audit, "rollback", move->rollback);
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, move->actor));

  return store_alias (self, model_id, move->alias, move->version, error) &&
         _lumina_registry_add_event (self, model_id, now, move->actor, "alias", move->alias, move->version,
                                     previous_text, move->reason, details, error) &&
         _lumina_registry_audit (self, "model.alias", object, audit, error);
}

static gboolean
alias_in_transaction (LuminaRegistry  *self,
                      const char      *now,
                      gpointer         data,
                      GError         **error)
{
  Move *move = data;
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *target = g_strdup_printf ("become its %s", move->alias);
  gint64 model_id;
  guint previous;

  if (!(model_id = _lumina_registry_lookup_model (self, move->name, error)) ||
      (move->version > 0 &&
       !_lumina_registry_lookup_version (self, model_id, move->name, move->version, &row, error)) ||
      !_lumina_registry_lookup_alias (self, model_id, move->alias, &previous, error))
    return FALSE;

  if (move->version > 0 && previous == move->version)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "The alias “%s” of “%s” already points at version %u",
                   move->alias, move->name, previous);
      return FALSE;
    }
  if (move->version == 0 && previous == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "Model “%s” has no alias “%s”", move->name, move->alias);
      return FALSE;
    }

  if (move->rollback)
    {
      json_object_set_int_member (details, "rollback_from", previous);
      json_object_set_string_member (details, "gates", "skipped: a rollback restores an earlier state");
    }
  else if (move->version > 0 && g_str_equal (move->alias, LUMINA_REGISTRY_CHAMPION))
    {
      if (!run_gates (self, move, &row, target, now, details, error))
        return FALSE;
      if (move->refusal != NULL)
        return TRUE;
    }

  return record_alias (self, move, model_id, previous, now, details, error);
}

/* Runs @func; a refusal by the gates is committed, then reported. */
static gboolean
run_move (LuminaRegistry           *self,
          Move                     *move,
          LuminaRegistryWriteFunc   func,
          JsonObject              **report,
          GError                  **error)
{
  if (!_lumina_registry_write (self, move->name, func, move, error))
    return FALSE;

  if (report != NULL && move->report != NULL)
    *report = json_object_ref (move->report);
  if (move->refusal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&move->refusal));
      return FALSE;
    }

  return TRUE;
}

/**
 * lumina_registry_set_alias:
 * @self: a registry
 * @name: a model
 * @alias: the alias, e.g. "champion" or "challenger"
 * @version: the version it should point at
 * @actor: (nullable): who moves it
 * @reason: (nullable): why
 * @force: move it even when a gate refuses (recorded)
 * @report: (out) (optional) (nullable) (transfer full): the gate report,
 *   when gates ran
 * @error: a location for a #GError
 *
 * Points @alias at @version, recording the move with the previous version.
 * Moving "champion" runs the promotion gates first.  Thread-safe.
 *
 * Returns: %FALSE with LUMINA_REGISTRY_ERROR_GATE_FAILED when a gate
 *   refused (the attempt is recorded as a "gate" history row), EXISTS when
 *   the alias already points there, NOT_FOUND or INVALID_INPUT for unknown
 *   or bad names
 */
gboolean
lumina_registry_set_alias (LuminaRegistry  *self,
                           const char      *name,
                           const char      *alias,
                           guint            version,
                           const char      *actor,
                           const char      *reason,
                           gboolean         force,
                           JsonObject     **report,
                           GError         **error)
{
  g_auto(Move) move = { name, alias, version, actor, reason, force, FALSE, NULL, NULL };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (report == NULL || *report == NULL, FALSE);

  if (!lumina_registry_check_name (name, error) || !lumina_registry_check_alias (alias, error))
    return FALSE;
  if (version == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "Versions are numbered from 1");
      return FALSE;
    }

  return run_move (self, &move, alias_in_transaction, report, error);
}

/**
 * lumina_registry_remove_alias:
 * @self: a registry
 * @name: a model
 * @alias: one of its aliases
 * @actor: (nullable): who removes it
 * @reason: (nullable): why
 * @error: a location for a #GError
 *
 * Recorded as an alias move to no version.  Thread-safe.
 *
 * Returns: %FALSE with NOT_FOUND when the alias is not set
 */
gboolean
lumina_registry_remove_alias (LuminaRegistry  *self,
                              const char      *name,
                              const char      *alias,
                              const char      *actor,
                              const char      *reason,
                              GError         **error)
{
  g_auto(Move) move = { name, alias, 0, actor, reason, FALSE, FALSE, NULL, NULL };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);

  if (!lumina_registry_check_name (name, error) || !lumina_registry_check_alias (alias, error))
    return FALSE;

  return run_move (self, &move, alias_in_transaction, NULL, error);
}

/* Expects the db lock: the version the alias pointed at before its last
 * move. */
static gboolean
find_rollback_target (LuminaRegistry  *self,
                      gint64           model_id,
                      Move            *move,
                      GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint64 previous;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT previous, version FROM model_events "
                                  "WHERE model_id = ?1 AND kind = 'alias' AND name = ?2 ORDER BY id DESC LIMIT 1",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, move->alias, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "The alias “%s” of “%s” has never moved; there is nothing to roll back",
                   move->alias, move->name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "reading alias history");
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL ||
      !g_ascii_string_to_unsigned ((const char *) sqlite3_column_text (stmt, 0), 10, 1, G_MAXUINT,
                                   &previous, NULL))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The alias “%s” of “%s” pointed at no version before its last move (to version %u); "
                   "there is nothing to roll back to", move->alias, move->name,
                   (guint) sqlite3_column_int64 (stmt, 1));
      return FALSE;
    }

  move->version = (guint) previous;
  return TRUE;
}

static gboolean
rollback_in_transaction (LuminaRegistry  *self,
                         const char      *now,
                         gpointer         data,
                         GError         **error)
{
  Move *move = data;
  g_autofree char *reason = NULL;
  const char *given = move->reason;
  gint64 model_id;
  gboolean ok;

  if (!(model_id = _lumina_registry_lookup_model (self, move->name, error)) ||
      !find_rollback_target (self, model_id, move, error))
    return FALSE;

  if (given != NULL && given[0] != '\0')
    reason = g_strdup_printf ("rollback to version %u: %s", move->version, given);
  else
    reason = g_strdup_printf ("rollback to version %u", move->version);
  move->reason = reason;
  ok = alias_in_transaction (self, now, move, error);
  move->reason = given;

  return ok;
}

/**
 * lumina_registry_rollback_alias:
 * @self: a registry
 * @name: a model
 * @alias: one of its aliases
 * @actor: (nullable): who rolls back
 * @reason: (nullable): why; recorded after "rollback to version N: "
 * @version: (out) (optional): the version the alias points at now
 * @error: a location for a #GError
 *
 * Moves @alias back to the version it pointed at before its last move, in
 * one step and without the gates (that state was already accepted).  A
 * second rollback undoes the first.  Thread-safe.
 *
 * Returns: %FALSE with NOT_FOUND when the alias never moved,
 *   INVALID_INPUT when it pointed nowhere before its last move
 */
gboolean
lumina_registry_rollback_alias (LuminaRegistry  *self,
                                const char      *name,
                                const char      *alias,
                                const char      *actor,
                                const char      *reason,
                                guint           *version,
                                GError         **error)
{
  g_auto(Move) move = { name, alias, 0, actor, reason, FALSE, TRUE, NULL, NULL };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);

  if (!lumina_registry_check_name (name, error) || !lumina_registry_check_alias (alias, error) ||
      !run_move (self, &move, rollback_in_transaction, NULL, error))
    return FALSE;

  if (version != NULL)
    *version = move.version;
  return TRUE;
}

/* ---- stages ------------------------------------------------------------- */

static gboolean
check_stage (LuminaRegistry  *self,
             const char      *stage,
             GError         **error)
{
  g_auto(GStrv) stages = _lumina_registry_read_stages (self, error);
  g_autofree char *listed = NULL;

  if (stages == NULL)
    return FALSE;
  if (stage != NULL && g_strv_contains ((const char * const *) stages, stage))
    return TRUE;

  listed = g_strjoinv (", ", stages);
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "Unknown stage “%s”; the stages are %s", stage != NULL ? stage : "", listed);
  return FALSE;
}

static gboolean
store_stage (LuminaRegistry  *self,
             gint64           model_id,
             guint            version,
             const char      *stage,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "UPDATE model_versions SET stage = ?3 WHERE model_id = ?1 AND version = ?2",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, stage, -1, SQLITE_STATIC);
  return _lumina_registry_step_done (self, stmt, "changing a version's stage", error);
}

static gboolean
promote_in_transaction (LuminaRegistry  *self,
                        const char      *now,
                        gpointer         data,
                        GError         **error)
{
  Move *move = data;
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autofree char *target = g_strdup_printf ("enter %s", move->alias);
  g_autofree char *object = g_strdup_printf ("%s/%u", move->name, move->version);
  gint64 model_id;

  if (!(model_id = _lumina_registry_lookup_model (self, move->name, error)) ||
      !_lumina_registry_lookup_version (self, model_id, move->name, move->version, &row, error))
    return FALSE;

  if (g_str_equal (row.stage, move->alias))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "Version %u of “%s” is already in %s", move->version, move->name, move->alias);
      return FALSE;
    }
  if (g_str_equal (move->alias, LUMINA_REGISTRY_PRODUCTION))
    {
      if (!run_gates (self, move, &row, target, now, details, error))
        return FALSE;
      if (move->refusal != NULL)
        return TRUE;
    }

  json_object_set_string_member (audit, "model", move->name);
  json_object_set_int_member (audit, "version", move->version);
  json_object_set_string_member (audit, "stage", move->alias);
  json_object_set_string_member (audit, "previous", row.stage);
  json_object_set_boolean_member (audit, "forced",
                                  json_object_get_boolean_member_with_default (details, "forced", FALSE));
  json_object_set_string_member (audit, "actor", _lumina_registry_actor (self, move->actor));

  return store_stage (self, model_id, move->version, move->alias, error) &&
         _lumina_registry_add_event (self, model_id, now, move->actor, "stage", move->alias, move->version,
                                     row.stage, move->reason, details, error) &&
         _lumina_registry_audit (self, "model.stage", object, audit, error);
}

/**
 * lumina_registry_promote:
 * @self: a registry
 * @name: a model
 * @version: one of its versions
 * @stage: one of the workspace's stages (lumina_registry_dup_stages())
 * @actor: (nullable): who promotes
 * @reason: (nullable): why
 * @force: promote even when a gate refuses (recorded)
 * @report: (out) (optional) (nullable) (transfer full): the gate report,
 *   when gates ran
 * @error: a location for a #GError
 *
 * Moves the version to @stage (demotions too), recording the previous
 * stage.  Promotion to "production" runs the gates.  Thread-safe.
 *
 * Returns: %FALSE with GATE_FAILED, EXISTS when already in @stage,
 *   INVALID_INPUT for an unknown stage
 */
gboolean
lumina_registry_promote (LuminaRegistry  *self,
                         const char      *name,
                         guint            version,
                         const char      *stage,
                         const char      *actor,
                         const char      *reason,
                         gboolean         force,
                         JsonObject     **report,
                         GError         **error)
{
  g_auto(Move) move = { name, stage, version, actor, reason, force, FALSE, NULL, NULL };

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (report == NULL || *report == NULL, FALSE);

  if (!lumina_registry_check_name (name, error) || !check_stage (self, stage, error))
    return FALSE;

  return run_move (self, &move, promote_in_transaction, report, error);
}
