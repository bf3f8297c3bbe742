/* lumina-registry.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model registry: the object and its "changed" signal, names, the
 * transaction helper every write goes through, history rows and audit
 * events.  See lumina-registry-private.h for the other files.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-metrics.h"
#include "lumina-preprocess-private.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

G_DEFINE_QUARK (lumina-registry-error-quark, lumina_registry_error)

G_DEFINE_FINAL_TYPE (LuminaRegistry, lumina_registry, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lumina_registry_finalize (GObject *object)
{
  LuminaRegistry *self = (LuminaRegistry *)object;

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->db, lumina_db_unref);
  g_clear_object (&self->workspace);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lumina_registry_parent_class)->finalize (object);
}

static void
lumina_registry_class_init (LuminaRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lumina_registry_finalize;

  /**
   * LuminaRegistry::changed:
   * @self: the registry
   * @name: the model that changed
   *
   * A change made through this object was committed.  Emitted on the
   * main context that was the thread default when the registry was made.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lumina_registry_init (LuminaRegistry *self)
{
  g_mutex_init (&self->lock);
  self->owner_context = g_main_context_ref_thread_default ();
  self->owner_thread = g_thread_self ();
}

/**
 * lumina_registry_new:
 * @workspace: the workspace whose registry to use
 *
 * Returns: (transfer full): a registry; any number may share a workspace
 */
LuminaRegistry *
lumina_registry_new (LuminaWorkspace *workspace)
{
  LuminaRegistry *self;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LUMINA_TYPE_REGISTRY, NULL);
  self->workspace = g_object_ref (workspace);
  self->db = lumina_db_ref (_lumina_workspace_get_db (workspace));

  return self;
}

/**
 * lumina_registry_get_workspace:
 * Returns: (transfer none): the workspace
 */
LuminaWorkspace *
lumina_registry_get_workspace (LuminaRegistry *self)
{
  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), NULL);

  return self->workspace;
}

/* ---- names -------------------------------------------------------------- */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

static gboolean
check_word (const char  *what,
            const char  *word,
            gboolean     letter_first,
            GError     **error)
{
  gsize length = word != NULL ? strlen (word) : 0;

  if (length == 0 || length > LUMINA_REGISTRY_MAX_NAME)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "A %s needs 1 to %d characters", what, LUMINA_REGISTRY_MAX_NAME);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    if (!is_name_char (word[i]) || (i == 0 && !(letter_first ? g_ascii_isalpha (word[0])
                                                             : g_ascii_isalnum (word[0]))))
      {
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                     "“%s” is not a valid %s: use letters, digits, “-”, “_” and “.”, "
                     "starting with a %s", word, what, letter_first ? "letter" : "letter or digit");
        return FALSE;
      }

  return TRUE;
}

/**
 * lumina_registry_check_name:
 * @name: (nullable): a model name to check
 *
 * Returns: %TRUE when @name may name a model (1 to 64 letters, digits,
 *   '-', '_' or '.', starting with a letter or digit); INVALID_INPUT
 *   otherwise
 */
gboolean
lumina_registry_check_name (const char  *name,
                            GError     **error)
{
  return check_word ("model name", name, FALSE, error);
}

/**
 * lumina_registry_check_alias:
 * @alias: (nullable): an alias to check
 *
 * Returns: %TRUE when @alias may name an alias (like a model name, but
 *   starting with a letter, and not "latest"); INVALID_INPUT otherwise
 */
gboolean
lumina_registry_check_alias (const char  *alias,
                             GError     **error)
{
  if (!check_word ("alias", alias, TRUE, error))
    return FALSE;

  if (g_str_equal (alias, LUMINA_REGISTRY_LATEST))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "“%s” cannot be an alias: NAME@%s always means the newest version",
                   alias, alias);
      return FALSE;
    }

  return TRUE;
}

/* ---- time, actors, writes and the signal -------------------------------- */

/* Tests fix the time of the following writes; %NULL goes back to the clock. */
void
_lumina_registry_set_now (LuminaRegistry *self,
                          GDateTime      *now)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  self->fixed_now = now != NULL ? g_date_time_ref (now) : NULL;
  g_mutex_unlock (&self->lock);
}

char *
_lumina_registry_now_text (LuminaRegistry *self)
{
  char *text;

  g_mutex_lock (&self->lock);
  text = self->fixed_now != NULL ? lumina_util_format_time (self->fixed_now) : lumina_util_now_text ();
  g_mutex_unlock (&self->lock);

  return text;
}

const char *
_lumina_registry_actor (LuminaRegistry *self,
                        const char     *actor)
{
  if (actor != NULL && actor[0] != '\0')
    return actor;

  return lumina_workspace_get_actor (self->workspace);
}

/* @relative is below the workspace. */
char *
_lumina_registry_abs_path (LuminaRegistry *self,
                           const char     *relative)
{
  g_autofree char *root = g_canonicalize_filename (lumina_workspace_get_path (self->workspace), NULL);

  return g_build_filename (root, relative, NULL);
}

typedef struct
{
  LuminaRegistry *self;
  char           *model;
} ChangedIdle;

static gboolean
changed_idle_cb (gpointer user_data)
{
  ChangedIdle *idle = user_data;

  g_signal_emit (idle->self, signals[CHANGED], 0, idle->model);
  return G_SOURCE_REMOVE;
}

static void
changed_idle_free (gpointer user_data)
{
  ChangedIdle *idle = user_data;

  g_object_unref (idle->self);
  g_free (idle->model);
  g_free (idle);
}

void
_lumina_registry_emit_changed (LuminaRegistry *self,
                               const char     *model)
{
  ChangedIdle *idle;
  GSource *source;

  if (g_thread_self () == self->owner_thread)
    {
      g_signal_emit (self, signals[CHANGED], 0, model);
      return;
    }

  idle = g_new0 (ChangedIdle, 1);
  idle->self = g_object_ref (self);
  idle->model = g_strdup (model);
  source = g_idle_source_new ();
  g_source_set_name (source, "[lumina-registry-changed]");
  g_source_set_callback (source, changed_idle_cb, idle, changed_idle_free);
  g_source_attach (source, self->owner_context);
  g_source_unref (source);
}

/* Runs @func in one transaction; after the commit, announces the audit
 * events and emits "changed" for @model. */
gboolean
_lumina_registry_write (LuminaRegistry           *self,
                        const char               *model,
                        LuminaRegistryWriteFunc   func,
                        gpointer                  data,
                        GError                  **error)
{
  g_autofree char *now = _lumina_registry_now_text (self);
  gboolean ok;

  lumina_db_lock (self->db);
  ok = lumina_db_begin (self->db, error) && func (self, now, data, error);
  if (ok)
    ok = lumina_db_commit (self->db, error);
  else
    lumina_db_rollback (self->db);
  lumina_db_unlock (self->db);

  if (!ok)
    return FALSE;

  _lumina_event_log_announce (lumina_workspace_get_events (self->workspace));
  _lumina_registry_emit_changed (self, model);
  return TRUE;
}

/* ---- rows --------------------------------------------------------------- */

void
_lumina_version_row_clear (LuminaVersionRow *row)
{
  g_clear_pointer (&row->run_id, g_free);
  g_clear_pointer (&row->bundle, g_free);
  g_clear_pointer (&row->bundle_hash, g_free);
  g_clear_pointer (&row->files, json_node_unref);
  g_clear_pointer (&row->task, g_free);
  g_clear_pointer (&row->signature, json_node_unref);
  g_clear_pointer (&row->metrics, json_object_unref);
  g_clear_pointer (&row->stage, g_free);
  g_clear_pointer (&row->card, json_object_unref);
  g_clear_pointer (&row->dataset_ref, g_free);
  g_clear_pointer (&row->created_at, g_free);
  g_clear_pointer (&row->actor, g_free);
}

gboolean
_lumina_registry_step_done (LuminaRegistry  *self,
                            sqlite3_stmt    *stmt,
                            const char      *doing,
                            GError         **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  lumina_db_set_error (self->db, error, doing);
  return FALSE;
}

JsonNode *
_lumina_registry_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_init_object (json_node_alloc (), json_object_new ());

  return json_node_copy (json_parser_get_root (parser));
}

gboolean
_lumina_registry_holds (JsonNode *node,
                        GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
_lumina_registry_is_number (JsonNode *node)
{
  return _lumina_registry_holds (node, G_TYPE_DOUBLE) || _lumina_registry_holds (node, G_TYPE_INT64);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = _lumina_registry_parse_json (text);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

char *
_lumina_registry_object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return lumina_util_canonical_json (node);
}

/* Expects the db lock.  Returns the model's id, 0 with NOT_FOUND. */
gint64
_lumina_registry_lookup_model (LuminaRegistry  *self,
                               const char      *name,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!lumina_registry_check_name (name, error) ||
      !(stmt = lumina_db_prepare (self->db, "SELECT id FROM registered_models WHERE name = ?1", error)))
    return 0;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                 "No model “%s” in the registry", name);
  else
    lumina_db_set_error (self->db, error, "reading a model");
  return 0;
}

/* Expects the db lock.  NOT_FOUND names @name and @version. */
gboolean
_lumina_registry_lookup_version (LuminaRegistry    *self,
                                 gint64             model_id,
                                 const char        *name,
                                 guint              version,
                                 LuminaVersionRow  *row,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT run_id, bundle, bundle_hash, files, task, signature, metrics, stage, "
                                  "       card, dataset_ref, created_at, actor "
                                  "FROM model_versions WHERE model_id = ?1 AND version = ?2",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_int64 (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                     "Model “%s” has no version %u", name, version);
      else
        lumina_db_set_error (self->db, error, "reading a model version");
      return FALSE;
    }

  row->model_id = model_id;
  row->version = version;
  row->run_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  row->bundle = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  row->bundle_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  row->files = _lumina_registry_parse_json ((const char *) sqlite3_column_text (stmt, 3));
  row->task = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  row->signature = _lumina_registry_parse_json ((const char *) sqlite3_column_text (stmt, 5));
  row->metrics = parse_object ((const char *) sqlite3_column_text (stmt, 6));
  row->stage = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  row->card = parse_object ((const char *) sqlite3_column_text (stmt, 8));
  row->dataset_ref = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  row->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  row->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  return TRUE;
}

/* Expects the db lock.  *version is 0 when the alias is not set; FALSE
 * only for a database error. */
gboolean
_lumina_registry_lookup_alias (LuminaRegistry  *self,
                               gint64           model_id,
                               const char      *alias,
                               guint           *version,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT version FROM model_aliases WHERE model_id = ?1 AND alias = ?2",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, alias, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *version = rc == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  lumina_db_set_error (self->db, error, "reading an alias");
  return FALSE;
}

/* Expects the db lock and a transaction: one row of the model's history.
 * @version 0 and @previous %NULL are stored as NULL. */
gboolean
_lumina_registry_add_event (LuminaRegistry  *self,
                            gint64           model_id,
                            const char      *now,
                            const char      *actor,
                            const char      *kind,
                            const char      *name,
                            guint            version,
                            const char      *previous,
                            const char      *reason,
                            JsonObject      *details,
                            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autofree char *details_text = _lumina_registry_object_text (details != NULL ? details : empty);

  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT INTO model_events (model_id, time, actor, kind, name, version, "
                                  "                          previous, reason, details) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _lumina_registry_actor (self, actor), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, name != NULL ? name : "", -1, SQLITE_STATIC);
  if (version > 0)
    sqlite3_bind_int64 (stmt, 6, version);
  else
    sqlite3_bind_null (stmt, 6);
  if (previous != NULL)
    sqlite3_bind_text (stmt, 7, previous, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, reason != NULL ? reason : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, details_text, -1, SQLITE_STATIC);

  return _lumina_registry_step_done (self, stmt, "recording model history", error);
}

/* Expects the db lock and a transaction: one workspace audit event. */
gboolean
_lumina_registry_audit (LuminaRegistry  *self,
                        const char      *kind,
                        const char      *object,
                        JsonObject      *details,
                        GError         **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), details);
  g_autoptr(LuminaEvent) event = NULL;

  event = _lumina_event_log_append_in_transaction (lumina_workspace_get_events (self->workspace),
                                                   kind, object, node, error);
  return event != NULL;
}

/* The metric a version is judged by when its gates name none: the task's
 * default metric, else the first well-known one it has, else its first
 * metric by name.  %NULL when it has none. */
const char *
_lumina_registry_primary_metric (JsonObject *metrics,
                                 const char *task)
{
  static const LuminaMetric order[] = {
    LUMINA_METRIC_ROC_AUC, LUMINA_METRIC_ACCURACY, LUMINA_METRIC_BALANCED_ACCURACY,
    LUMINA_METRIC_F1_MACRO, LUMINA_METRIC_LOG_LOSS, LUMINA_METRIC_RMSE, LUMINA_METRIC_MAE,
    LUMINA_METRIC_R2,
  };
  g_autoptr(GList) members = NULL;
  const char *first = NULL;
  LuminaTask parsed;

  if (metrics == NULL)
    return NULL;

  if (task != NULL && _lumina_task_from_string (task, &parsed) &&
      json_object_has_member (metrics, lumina_metric_to_string (lumina_metric_default_for (parsed))))
    return lumina_metric_to_string (lumina_metric_default_for (parsed));

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (json_object_has_member (metrics, lumina_metric_to_string (order[i])))
      return lumina_metric_to_string (order[i]);

  members = json_object_get_members (metrics);
  for (const GList *l = members; l != NULL; l = l->next)
    if (first == NULL || strcmp (l->data, first) < 0)
      first = l->data;

  return first;
}
