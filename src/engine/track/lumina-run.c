/* lumina-run.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LuminaRun: an immutable snapshot of one stored run.  The tracker builds
 * it from a row and never changes it once handed out, so a snapshot may be
 * read from any thread.
 */
#define G_LOG_DOMAIN "lumina-run"

#include "config.h"

#include <math.h>

#include "lumina-tracker-private.h"

struct _LuminaRun
{
  GObject          parent_instance;

  char            *id;
  char            *experiment;
  char            *parent_id;
  char            *name;
  char            *learner;
  LuminaRunStatus  status;
  JsonObject      *params;
  JsonObject      *metrics;
  JsonObject      *tags;
  char            *note;
  char            *dataset_ref;
  guint64          seed;
  char            *started_at;
  char            *finished_at;
  LuminaRunUsage   usage;
  char            *error;
  JsonArray       *artifacts;
};

G_DEFINE_FINAL_TYPE (LuminaRun, lumina_run, G_TYPE_OBJECT)

static const char * const status_names[] = {
  [LUMINA_RUN_STATUS_RUNNING] = "running",
  [LUMINA_RUN_STATUS_FINISHED] = "finished",
  [LUMINA_RUN_STATUS_PRUNED] = "pruned",
  [LUMINA_RUN_STATUS_FAILED] = "failed",
  [LUMINA_RUN_STATUS_CANCELLED] = "cancelled",
};

/**
 * lumina_run_status_to_string:
 * @status: a run status
 *
 * Returns: the status as stored and printed: "running", "finished",
 *   "pruned", "failed" or "cancelled"
 */
const char *
lumina_run_status_to_string (LuminaRunStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

/**
 * lumina_run_status_from_string:
 * @text: a status name, in any case
 * @status: (out): the status
 *
 * Returns: whether @text names a status
 */
gboolean
lumina_run_status_from_string (const char      *text,
                               LuminaRunStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_ascii_strcasecmp (text, status_names[i]) == 0)
        {
          *status = (LuminaRunStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
lumina_run_finalize (GObject *object)
{
  LuminaRun *self = (LuminaRun *)object;

  g_free (self->id);
  g_free (self->experiment);
  g_free (self->parent_id);
  g_free (self->name);
  g_free (self->learner);
  g_clear_pointer (&self->params, json_object_unref);
  g_clear_pointer (&self->metrics, json_object_unref);
  g_clear_pointer (&self->tags, json_object_unref);
  g_free (self->note);
  g_free (self->dataset_ref);
  g_free (self->started_at);
  g_free (self->finished_at);
  g_free (self->error);
  g_clear_pointer (&self->artifacts, json_array_unref);

  G_OBJECT_CLASS (lumina_run_parent_class)->finalize (object);
}

static void
lumina_run_class_init (LuminaRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_run_finalize;
}

static void
lumina_run_init (LuminaRun *self)
{
  self->tags = json_object_new ();
  self->artifacts = json_array_new ();
}

static JsonNode *copy_node (JsonNode *node);

static JsonArray *
copy_array (JsonArray *array)
{
  JsonArray *copy = json_array_sized_new (json_array_get_length (array));

  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (copy, copy_node (json_array_get_element (array, i)));

  return copy;
}

static JsonNode *
copy_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(JsonObject) copy = _lumina_run_copy_object (json_node_get_object (node));

        return json_node_init_object (json_node_alloc (), copy);
      }

    case JSON_NODE_ARRAY:
      {
        g_autoptr(JsonArray) copy = copy_array (json_node_get_array (node));

        return json_node_init_array (json_node_alloc (), copy);
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node)))
        return json_node_new (JSON_NODE_NULL);
      return json_node_copy (node);

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* Members keep their order; the result owns no part of @object. */
JsonObject *
_lumina_run_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return copy;

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, copy_node (json_object_get_member (object, l->data)));

  return copy;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (text == NULL || text[0] == '\0')
    return json_object_new ();

  if (!(node = json_from_string (text, &error)) || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Ignoring a stored value that is no JSON object: %s",
               error ? error->message : text);
      return json_object_new ();
    }

  return json_object_ref (json_node_get_object (node));
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Reads the row's LUMINA_RUN_COLUMNS; tags and artifacts come after. */
LuminaRun *
_lumina_run_new_from_row (sqlite3_stmt *stmt)
{
  LuminaRun *self = g_object_new (LUMINA_TYPE_RUN, NULL);
  const char *status = (const char *) sqlite3_column_text (stmt, 5);

  self->id = dup_column (stmt, 0);
  self->experiment = dup_column (stmt, 1);
  self->parent_id = dup_column (stmt, 2);
  self->name = dup_column (stmt, 3);
  self->learner = dup_column (stmt, 4);
  if (!lumina_run_status_from_string (status, &self->status))
    self->status = LUMINA_RUN_STATUS_FAILED;
  self->params = parse_object ((const char *) sqlite3_column_text (stmt, 6));
  self->metrics = parse_object ((const char *) sqlite3_column_text (stmt, 7));
  self->note = dup_column (stmt, 8);
  self->dataset_ref = dup_column (stmt, 9);
  self->seed = (guint64) sqlite3_column_int64 (stmt, 10);
  self->started_at = dup_column (stmt, 11);
  self->finished_at = dup_column (stmt, 12);
  self->usage.duration = sqlite3_column_double (stmt, 13);
  self->usage.cpu_seconds = sqlite3_column_double (stmt, 14);
  self->usage.peak_bytes = (guint64) sqlite3_column_int64 (stmt, 15);
  self->error = dup_column (stmt, 16);

  return self;
}

void
_lumina_run_add_tag (LuminaRun  *self,
                     const char *key,
                     const char *value)
{
  g_assert (LUMINA_IS_RUN (self));

  json_object_set_string_member (self->tags, key, value);
}

void
_lumina_run_add_artifact (LuminaRun  *self,
                          const char *name,
                          const char *sha256,
                          gint64      size)
{
  JsonObject *artifact = json_object_new ();

  g_assert (LUMINA_IS_RUN (self));

  json_object_set_string_member (artifact, "name", name);
  json_object_set_string_member (artifact, "sha256", sha256);
  json_object_set_int_member (artifact, "size", size);
  json_array_add_object_element (self->artifacts, artifact);
}

#define GETTER(type, field)                             \
  type                                                  \
  lumina_run_get_##field (LuminaRun *self)              \
  {                                                     \
    g_return_val_if_fail (LUMINA_IS_RUN (self), 0);     \
    return self->field;                                 \
  }

GETTER (const char *, id)
GETTER (const char *, experiment)
/* (nullable): NULL for a top-level run */
GETTER (const char *, parent_id)
GETTER (const char *, name)
GETTER (const char *, learner)
GETTER (LuminaRunStatus, status)
/* (transfer none): never NULL, may be empty */
GETTER (JsonObject *, params)
GETTER (JsonObject *, metrics)
/* (transfer none): string values, never NULL */
GETTER (JsonObject *, tags)
GETTER (const char *, note)
GETTER (const char *, dataset_ref)
GETTER (guint64, seed)
GETTER (const char *, started_at)
/* (nullable): NULL while the run is going on */
GETTER (const char *, finished_at)
GETTER (const char *, error)
/* (transfer none) (element-type JsonObject): never NULL */
GETTER (JsonArray *, artifacts)

#undef GETTER

const LuminaRunUsage *
lumina_run_get_usage (LuminaRun *self)
{
  g_return_val_if_fail (LUMINA_IS_RUN (self), NULL);

  return &self->usage;
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/**
 * lumina_run_to_json:
 * @self: a run
 *
 * Returns: (transfer full): every field of the run as one JSON object;
 *   absent values are null, the status is its string
 */
JsonNode *
lumina_run_to_json (LuminaRun *self)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (LUMINA_IS_RUN (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "id", self->id);
  set_nullable_string (object, "experiment", self->experiment);
  set_nullable_string (object, "parent_id", self->parent_id);
  set_nullable_string (object, "name", self->name);
  set_nullable_string (object, "learner", self->learner);
  json_object_set_string_member (object, "status", lumina_run_status_to_string (self->status));
  json_object_set_object_member (object, "params", _lumina_run_copy_object (self->params));
  json_object_set_object_member (object, "metrics", _lumina_run_copy_object (self->metrics));
  json_object_set_object_member (object, "tags", _lumina_run_copy_object (self->tags));
  set_nullable_string (object, "note", self->note);
  set_nullable_string (object, "dataset_ref", self->dataset_ref);
  json_object_set_int_member (object, "seed", (gint64) self->seed);
  set_nullable_string (object, "started_at", self->started_at);
  set_nullable_string (object, "finished_at", self->finished_at);
  json_object_set_double_member (object, "duration", self->usage.duration);
  json_object_set_double_member (object, "cpu_seconds", self->usage.cpu_seconds);
  json_object_set_int_member (object, "peak_bytes", (gint64) self->usage.peak_bytes);
  set_nullable_string (object, "error", self->error);
  json_object_set_array_member (object, "artifacts", copy_array (self->artifacts));

  return json_node_init_object (json_node_alloc (), object);
}
