/* lumina-registry-evaluate.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Promotion gates, configured per model (registered_models.gates) and run
 * when a version is to become the champion or enter the production stage.
 * The candidate is compared with the baseline: the champion, or when the
 * model has none (or the candidate is it) the newest other version in
 * production; with no baseline the metric and signature gates pass.
 *
 * - metric: the candidate's validation metric (the configured one, else
 *   the primary metric of its manifest) must be at least as good as the
 *   baseline's, within an absolute tolerance; direction from the metric
 *   (lumina_metric_greater_is_better()), or "greater_is_better" for a
 *   metric LuminaOps does not know (which otherwise counts as bigger is
 *   better).
 * - signature: the same task, and every column the candidate reads must
 *   be read by the baseline too, with a compatible type (integer, float
 *   and boolean are interchangeable numbers; categorical and text are
 *   interchangeable strings; timestamps only match timestamps), because
 *   callers of the baseline send only its columns.  Columns the baseline
 *   reads and the candidate drops are allowed and listed as "dropped":
 *   callers may keep sending them.
 * - approval: when required, someone other than the actor making the move
 *   must have approved the version (and nobody approves their own
 *   registration, see lumina_registry_approve()).
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-registry-private.h"

/* Expects the db lock.  The version the candidate is compared with, 0 for
 * none. */
static gboolean
find_baseline (LuminaRegistry  *self,
               gint64           model_id,
               guint            candidate,
               guint           *baseline,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!_lumina_registry_lookup_alias (self, model_id, LUMINA_REGISTRY_CHAMPION, baseline, error))
    return FALSE;
  if (*baseline != 0 && *baseline != candidate)
    return TRUE;

  *baseline = 0;
  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT MAX (version) FROM model_versions "
                                  "WHERE model_id = ?1 AND stage = ?2 AND version != ?3",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, LUMINA_REGISTRY_PRODUCTION, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, candidate);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "finding the production version");
      return FALSE;
    }

  *baseline = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static JsonObject *
new_gate (const char *gate)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "gate", gate);
  return object;
}

static void
finish_gate (JsonObject *gate,
             gboolean    passed,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
finish_gate (JsonObject *gate,
             gboolean    passed,
             const char *format,
             ...)
{
  g_autofree char *summary = NULL;
  va_list args;

  va_start (args, format);
  summary = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_boolean_member (gate, "passed", passed);
  json_object_set_string_member (gate, "summary", summary);
}

static gboolean
get_metric (JsonObject *metrics,
            const char *metric,
            double     *value)
{
  JsonNode *node = metric != NULL ? json_object_get_member (metrics, metric) : NULL;

  if (!_lumina_registry_is_number (node) || !isfinite (json_node_get_double (node)))
    return FALSE;

  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
greater_is_better (JsonObject *gates,
                   const char *metric)
{
  JsonNode *configured = json_object_get_member (gates, "greater_is_better");
  LuminaMetric known;

  if (_lumina_registry_holds (configured, G_TYPE_BOOLEAN))
    return json_node_get_boolean (configured);
  if (lumina_metric_from_string (metric, &known))
    return lumina_metric_greater_is_better (known);
  return TRUE;
}

static JsonObject *
metric_gate (JsonObject       *gates,
             LuminaVersionRow *candidate,
             LuminaVersionRow *baseline)
{
  JsonObject *gate = new_gate ("metric");
  const char *metric = json_object_get_string_member_with_default (gates, "metric", NULL);
  double tolerance = json_object_get_double_member_with_default (gates, "tolerance", 0);
  double mine, theirs;
  gboolean bigger, passed;

  if (metric == NULL)
    metric = _lumina_registry_primary_metric (candidate->metrics, candidate->task);
  if (metric == NULL)
    {
      finish_gate (gate, FALSE, "version %u has no metrics to compare", candidate->version);
      return gate;
    }

  bigger = greater_is_better (gates, metric);
  json_object_set_string_member (gate, "metric", metric);
  json_object_set_boolean_member (gate, "greater_is_better", bigger);
  json_object_set_double_member (gate, "tolerance", tolerance);
  if (!get_metric (candidate->metrics, metric, &mine))
    {
      finish_gate (gate, FALSE, "version %u has no %s", candidate->version, metric);
      return gate;
    }
  json_object_set_double_member (gate, "candidate", mine);
  if (baseline == NULL)
    {
      finish_gate (gate, TRUE, "%s %.6g; no champion to compare with", metric, mine);
      return gate;
    }
  if (!get_metric (baseline->metrics, metric, &theirs))
    {
      finish_gate (gate, FALSE, "the champion, version %u, has no %s to compare with",
                   baseline->version, metric);
      return gate;
    }

  json_object_set_double_member (gate, "champion", theirs);
  passed = bigger ? mine >= theirs - tolerance : mine <= theirs + tolerance;
  finish_gate (gate, passed, "%s %.6g against the champion's (version %u) %.6g; %s is better, "
               "tolerance %g", metric, mine, baseline->version, theirs, bigger ? "bigger" : "smaller",
               tolerance);
  return gate;
}

typedef enum { FAMILY_NUMBER, FAMILY_STRING, FAMILY_TIME, FAMILY_OTHER } Family;

static Family
type_family (const char *type)
{
  if (g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "float") == 0 || g_strcmp0 (type, "boolean") == 0)
    return FAMILY_NUMBER;
  if (g_strcmp0 (type, "categorical") == 0 || g_strcmp0 (type, "text") == 0)
    return FAMILY_STRING;
  if (g_strcmp0 (type, "timestamp") == 0)
    return FAMILY_TIME;
  return FAMILY_OTHER;
}

/* Column name → type of a signature. */
static GHashTable *
signature_types (JsonNode *signature)
{
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (signature) ? json_node_get_array (signature) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *column = json_array_get_object_element (array, i);
      const char *name = column ? json_object_get_string_member_with_default (column, "name", NULL) : NULL;

      if (name != NULL)
        g_hash_table_insert (types, (gpointer) name,
                             (gpointer) json_object_get_string_member_with_default (column, "type", ""));
    }

  return types;
}

static char *
join_array (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonObject *
signature_gate (LuminaVersionRow *candidate,
                LuminaVersionRow *baseline)
{
  JsonObject *gate = new_gate ("signature");
  g_autoptr(GHashTable) mine = signature_types (candidate->signature);
  g_autoptr(GHashTable) theirs = NULL;
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonArray) changed = json_array_new ();
  g_autoptr(JsonArray) dropped = json_array_new ();
  g_autofree char *missing_text = NULL;
  g_autofree char *changed_text = NULL;

  if (baseline == NULL)
    {
      finish_gate (gate, TRUE, "%u input columns; no champion to compare with", g_hash_table_size (mine));
      return gate;
    }
  if (g_strcmp0 (candidate->task, baseline->task) != 0)
    {
      finish_gate (gate, FALSE, "version %u is a %s model, the champion (version %u) a %s model",
                   candidate->version, candidate->task, baseline->version, baseline->task);
      return gate;
    }

  theirs = signature_types (baseline->signature);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (candidate->signature)); i++)
    {
      JsonObject *column = json_array_get_object_element (json_node_get_array (candidate->signature), i);
      const char *key = column ? json_object_get_string_member_with_default (column, "name", NULL) : NULL;
      const char *value = key ? g_hash_table_lookup (mine, key) : NULL;
      const char *other = key ? g_hash_table_lookup (theirs, key) : NULL;

      if (key == NULL)
        continue;

      if (other == NULL)
        json_array_add_string_element (missing, key);
      else if (type_family (value) != type_family (other) || type_family (value) == FAMILY_OTHER)
        {
          g_autofree char *change = g_strdup_printf ("%s (%s, was %s)", key, value, other);

          json_array_add_string_element (changed, change);
        }
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (baseline->signature)); i++)
    {
      JsonObject *column = json_array_get_object_element (json_node_get_array (baseline->signature), i);
      const char *key = column ? json_object_get_string_member_with_default (column, "name", NULL) : NULL;

      if (key != NULL && !g_hash_table_contains (mine, key))
        json_array_add_string_element (dropped, key);
    }

  json_object_set_array_member (gate, "missing", json_array_ref (missing));
  json_object_set_array_member (gate, "type_changes", json_array_ref (changed));
  json_object_set_array_member (gate, "dropped", json_array_ref (dropped));
  missing_text = join_array (missing);
  changed_text = join_array (changed);
  if (json_array_get_length (missing) == 0 && json_array_get_length (changed) == 0)
    finish_gate (gate, TRUE, "reads %u of the champion's %u columns with compatible types",
                 g_hash_table_size (mine), g_hash_table_size (theirs));
  else if (json_array_get_length (changed) == 0)
    finish_gate (gate, FALSE, "version %u reads columns the champion (version %u) does not: %s",
                 candidate->version, baseline->version, missing_text);
  else
    finish_gate (gate, FALSE, "version %u reads columns with types incompatible with the champion's "
                 "(version %u): %s%s%s", candidate->version, baseline->version, changed_text,
                 missing_text[0] ? "; and columns it does not read: " : "", missing_text);
  return gate;
}

/* Expects the db lock.  Who approved @version, oldest first. */
static JsonArray *
list_approvers (LuminaRegistry  *self,
                gint64           model_id,
                guint            version,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) approvers = json_array_new ();
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT DISTINCT actor FROM model_events "
                                  "WHERE model_id = ?1 AND kind = 'approval' AND version = ?2 ORDER BY id",
                                  error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_string_element (approvers, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->db, error, "reading approvals");
      return NULL;
    }

  return g_steal_pointer (&approvers);
}

/* Expects the db lock. */
static JsonObject *
approval_gate (LuminaRegistry    *self,
               LuminaVersionRow  *candidate,
               const char        *actor,
               GError           **error)
{
  g_autoptr(JsonObject) gate = new_gate ("approval");
  g_autoptr(JsonArray) approvers = list_approvers (self, candidate->model_id, candidate->version, error);
  g_autofree char *listed = NULL;
  gboolean passed = FALSE;

  if (approvers == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (approvers); i++)
    passed |= g_strcmp0 (json_array_get_string_element (approvers, i), actor) != 0;

  json_object_set_array_member (gate, "approvers", json_array_ref (approvers));
  json_object_set_string_member (gate, "actor", actor);
  listed = join_array (approvers);
  if (passed)
    finish_gate (gate, TRUE, "approved by %s", listed);
  else if (json_array_get_length (approvers) > 0)
    finish_gate (gate, FALSE, "version %u is approved only by %s, who is making this move; "
                 "someone else must approve it", candidate->version, listed);
  else
    finish_gate (gate, FALSE, "version %u needs an approval by someone other than %s",
                 candidate->version, actor);
  return g_steal_pointer (&gate);
}

/* Expects the db lock.  The report: {baseline_version, gates: [...],
 * passed}. */
JsonObject *
_lumina_registry_evaluate_gates (LuminaRegistry    *self,
                                 const char        *name,
                                 LuminaVersionRow  *row,
                                 const char        *actor,
                                 GError           **error)
{
  g_autoptr(JsonObject) gates = NULL;
  g_autoptr(JsonObject) report = json_object_new ();
  g_autoptr(JsonArray) results = json_array_new ();
  g_auto(LuminaVersionRow) baseline_row = { 0 };
  LuminaVersionRow *baseline = NULL;
  JsonObject *approval;
  gboolean passed = TRUE;
  guint baseline_version;

  if (!(gates = _lumina_registry_read_gates (self, row->model_id, error)) ||
      !find_baseline (self, row->model_id, row->version, &baseline_version, error))
    return NULL;
  if (baseline_version != 0)
    {
      if (!_lumina_registry_lookup_version (self, row->model_id, name, baseline_version, &baseline_row, error))
        return NULL;
      baseline = &baseline_row;
    }

  json_array_add_object_element (results, metric_gate (gates, row, baseline));
  if (json_object_get_boolean_member_with_default (gates, "signature", TRUE))
    json_array_add_object_element (results, signature_gate (row, baseline));
  if (json_object_get_boolean_member_with_default (gates, "require_approval", FALSE))
    {
      if (!(approval = approval_gate (self, row, _lumina_registry_actor (self, actor), error)))
        return NULL;
      json_array_add_object_element (results, approval);
    }

  for (guint i = 0; i < json_array_get_length (results); i++)
    passed &= json_object_get_boolean_member (json_array_get_object_element (results, i), "passed");

  if (baseline_version != 0)
    json_object_set_int_member (report, "baseline_version", baseline_version);
  else
    json_object_set_null_member (report, "baseline_version");
  json_object_set_array_member (report, "gates", json_array_ref (results));
  json_object_set_boolean_member (report, "passed", passed);
  return g_steal_pointer (&report);
}

/* GATE_FAILED naming every failed gate with its figures. */
gboolean
_lumina_registry_report_passed (JsonObject  *report,
                                const char  *name,
                                guint        version,
                                const char  *target,
                                GError     **error)
{
  JsonArray *results = json_object_get_array_member (report, "gates");
  g_autoptr(GString) failed = g_string_new (NULL);

  if (json_object_get_boolean_member (report, "passed"))
    return TRUE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *gate = json_array_get_object_element (results, i);

      if (!json_object_get_boolean_member (gate, "passed"))
        g_string_append_printf (failed, "%s%s gate: %s", failed->len > 0 ? "; " : "",
                                json_object_get_string_member (gate, "gate"),
                                json_object_get_string_member (gate, "summary"));
    }

  g_set_error (error, LUMINA_REGISTRY_ERROR, LUMINA_REGISTRY_ERROR_GATE_FAILED,
               "Version %u of “%s” cannot %s: %s (force the move to override)",
               version, name, target, failed->str);
  return FALSE;
}

/**
 * lumina_registry_check_gates:
 * @self: a registry
 * @name: a model
 * @version: the candidate
 * @actor: (nullable): who would make the move (for the approval gate)
 * @error: a location for a #GError
 *
 * Evaluates the gates without moving anything.
 *
 * Returns: (transfer full) (nullable): the report: {baseline_version (null
 *   for none), gates: [{gate, passed, summary, …figures}], passed}
 */
JsonObject *
lumina_registry_check_gates (LuminaRegistry  *self,
                             const char      *name,
                             guint            version,
                             const char      *actor,
                             GError         **error)
{
  g_auto(LuminaVersionRow) row = { 0 };
  JsonObject *report = NULL;
  gint64 model_id;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  lumina_db_lock (self->db);
  if ((model_id = _lumina_registry_lookup_model (self, name, error)) &&
      _lumina_registry_lookup_version (self, model_id, name, version, &row, error))
    report = _lumina_registry_evaluate_gates (self, name, &row, actor, error);
  lumina_db_unlock (self->db);

  return report;
}
