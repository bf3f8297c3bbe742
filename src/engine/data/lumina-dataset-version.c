/* lumina-dataset-version.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One immutable version of a dataset, as recorded in the workspace.
 */
#define G_LOG_DOMAIN "lumina-dataset-version"

#include "config.h"

#include <string.h>

#include "lumina-dataset-private.h"

struct _LuminaDatasetVersion
{
  GObject                  parent_instance;

  LuminaDatasetVersionData data;
  gboolean                 reused;
};

G_DEFINE_FINAL_TYPE (LuminaDatasetVersion, lumina_dataset_version, G_TYPE_OBJECT)

static void
lumina_dataset_version_finalize (GObject *object)
{
  LuminaDatasetVersionData *data = &LUMINA_DATASET_VERSION (object)->data;

  g_free (data->name);
  g_free (data->kind);
  g_free (data->source);
  g_free (data->content_hash);
  g_strfreev (data->segments);
  g_free (data->target);
  g_clear_pointer (&data->schema, json_node_unref);
  g_clear_pointer (&data->profile, json_node_unref);
  g_free (data->created_at);
  g_free (data->actor);

  G_OBJECT_CLASS (lumina_dataset_version_parent_class)->finalize (object);
}

static void
lumina_dataset_version_class_init (LuminaDatasetVersionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_dataset_version_finalize;
}

static void
lumina_dataset_version_init (LuminaDatasetVersion *self)
{
}

/* Takes ownership of everything in @data. */
LuminaDatasetVersion *
_lumina_dataset_version_new (LuminaDatasetVersionData *data,
                             gboolean                  reused)
{
  LuminaDatasetVersion *self = g_object_new (LUMINA_TYPE_DATASET_VERSION, NULL);

  self->data = *data;
  self->reused = reused;
  memset (data, 0, sizeof *data);
  return self;
}

#define GETTER(type, field, name)                                       \
  type                                                                  \
  lumina_dataset_version_get_##name (LuminaDatasetVersion *self)        \
  {                                                                     \
    g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), (type) 0);  \
    return self->data.field;                                            \
  }

GETTER (const char *, name, name)
GETTER (int, number, number)
GETTER (const char *, content_hash, content_hash)
GETTER (const char *, source, source)
GETTER (const char *, kind, kind)
GETTER (int, parent, parent)
GETTER (gint64, n_rows, n_rows)
GETTER (guint, n_columns, n_columns)
GETTER (const char *, created_at, created_at)
GETTER (const char *, actor, actor)
GETTER (const char *, target, target)

#undef GETTER

/**
 * lumina_dataset_version_get_schema:
 * Returns: (transfer none): {"columns": [{"name", "type", "role", "nullable", "missing"}]}
 */
JsonNode *
lumina_dataset_version_get_schema (LuminaDatasetVersion *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), NULL);

  return self->data.schema;
}

/**
 * lumina_dataset_version_get_profile:
 * Returns: (transfer none): the profile computed at import
 */
JsonNode *
lumina_dataset_version_get_profile (LuminaDatasetVersion *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), NULL);

  return self->data.profile;
}

/**
 * lumina_dataset_version_get_segments:
 * Returns: (transfer none): the object hashes whose rows, in order, make the version
 */
const char * const *
lumina_dataset_version_get_segments (LuminaDatasetVersion *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), NULL);

  return (const char * const *) self->data.segments;
}

/**
 * lumina_dataset_version_get_reused:
 * Returns: whether an import found this version already holding its content
 */
gboolean
lumina_dataset_version_get_reused (LuminaDatasetVersion *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), FALSE);

  return self->reused;
}

/**
 * lumina_dataset_version_dup_ref:
 * Returns: (transfer full): "name@number"
 */
char *
lumina_dataset_version_dup_ref (LuminaDatasetVersion *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), NULL);

  return g_strdup_printf ("%s@%d", self->data.name, self->data.number);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * lumina_dataset_version_to_json:
 * Returns: (transfer full): every recorded field as a JSON object
 */
JsonNode *
lumina_dataset_version_to_json (LuminaDatasetVersion *self,
                                gboolean              with_profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *ref = NULL;

  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (self), NULL);

  ref = lumina_dataset_version_dup_ref (self);
  json_builder_begin_object (builder);
  add_string (builder, "name", self->data.name);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->data.number);
  add_string (builder, "ref", ref);
  add_string (builder, "kind", self->data.kind);
  json_builder_set_member_name (builder, "parent");
  if (self->data.parent > 0)
    json_builder_add_int_value (builder, self->data.parent);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "source", self->data.source);
  add_string (builder, "content_hash", self->data.content_hash);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, self->data.n_rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, self->data.n_columns);
  add_string (builder, "target", self->data.target);
  add_string (builder, "created_at", self->data.created_at);
  add_string (builder, "actor", self->data.actor);
  json_builder_set_member_name (builder, "reused");
  json_builder_add_boolean_value (builder, self->reused);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; self->data.segments && self->data.segments[i]; i++)
    json_builder_add_string_value (builder, self->data.segments[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_value (builder, json_node_copy (self->data.schema));
  if (with_profile)
    {
      json_builder_set_member_name (builder, "profile");
      json_builder_add_value (builder, json_node_copy (self->data.profile));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Returns @self, flagged as found by an import of identical content. */
LuminaDatasetVersion *
_lumina_dataset_version_mark_reused (LuminaDatasetVersion *self)
{
  self->reused = TRUE;
  return self;
}
