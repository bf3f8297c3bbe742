/* lumina-dataset-diff.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What changed between two versions: rows, columns added, removed or
 * retyped, and per-column shifts in the profile.
 */
#define G_LOG_DOMAIN "lumina-dataset-diff"

#include "config.h"

#include "lumina-dataset-private.h"

static JsonObject *
column_of (JsonNode   *node,
           const char *name)
{
  JsonArray *columns;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "columns"))
    return NULL;

  columns = json_object_get_array_member (json_node_get_object (node), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (column, "name", NULL), name) == 0)
        return column;
    }

  return NULL;
}

static JsonArray *
columns_of (LuminaDatasetVersion *version)
{
  return json_object_get_array_member (json_node_get_object (lumina_dataset_version_get_schema (version)),
                                       "columns");
}

static void
add_pair (JsonBuilder *builder,
          const char  *member,
          JsonObject  *from,
          JsonObject  *to)
{
  JsonNode *a = from ? json_object_get_member (from, member) : NULL;
  JsonNode *b = to ? json_object_get_member (to, member) : NULL;

  if (a == NULL && b == NULL)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_value (builder, a ? json_node_copy (a) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (builder, "to");
  json_builder_add_value (builder, b ? json_node_copy (b) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (builder);
}

static void
add_names (JsonBuilder          *builder,
           const char           *member,
           LuminaDatasetVersion *in,
           LuminaDatasetVersion *not_in)
{
  JsonArray *columns = columns_of (in);

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (columns, i), "name");

      if (column_of (lumina_dataset_version_get_schema (not_in), name) == NULL)
        json_builder_add_string_value (builder, name);
    }
  json_builder_end_array (builder);
}

static void
add_changed (JsonBuilder          *builder,
             LuminaDatasetVersion *a,
             LuminaDatasetVersion *b)
{
  JsonArray *columns = columns_of (b);

  json_builder_set_member_name (builder, "changed");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *to = json_array_get_object_element (columns, i);
      JsonObject *from = column_of (lumina_dataset_version_get_schema (a), json_object_get_string_member (to, "name"));

      if (from && (g_strcmp0 (json_object_get_string_member (from, "type"), json_object_get_string_member (to, "type")) ||
                   g_strcmp0 (json_object_get_string_member (from, "role"), json_object_get_string_member (to, "role"))))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "column");
          json_builder_add_string_value (builder, json_object_get_string_member (to, "name"));
          json_builder_set_member_name (builder, "from_type");
          json_builder_add_string_value (builder, json_object_get_string_member (from, "type"));
          json_builder_set_member_name (builder, "to_type");
          json_builder_add_string_value (builder, json_object_get_string_member (to, "type"));
          json_builder_set_member_name (builder, "from_role");
          json_builder_add_string_value (builder, json_object_get_string_member (from, "role"));
          json_builder_set_member_name (builder, "to_role");
          json_builder_add_string_value (builder, json_object_get_string_member (to, "role"));
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

static void
add_shifts (JsonBuilder          *builder,
            LuminaDatasetVersion *a,
            LuminaDatasetVersion *b)
{
  static const char * const stats[] = { "missing", "distinct", "min", "max", "mean", "std" };
  JsonArray *columns = columns_of (b);

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (columns, i), "name");
      JsonObject *from = column_of (lumina_dataset_version_get_profile (a), name);
      JsonObject *to = column_of (lumina_dataset_version_get_profile (b), name);

      if (from == NULL || to == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, name);
      for (guint s = 0; s < G_N_ELEMENTS (stats); s++)
        add_pair (builder, stats[s], from, to);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * lumina_dataset_diff:
 * Returns: (transfer full): {"from", "to", "rows": {"from", "to"},
 *   "same_content", "added", "removed", "changed", "columns"}
 */
JsonNode *
lumina_dataset_diff (LuminaDatasetVersion *a,
                     LuminaDatasetVersion *b)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *ref_a = NULL;
  g_autofree char *ref_b = NULL;

  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (a), NULL);
  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (b), NULL);

  ref_a = lumina_dataset_version_dup_ref (a);
  ref_b = lumina_dataset_version_dup_ref (b);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, ref_a);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, ref_b);
  json_builder_set_member_name (builder, "same_content");
  json_builder_add_boolean_value (builder, g_strcmp0 (lumina_dataset_version_get_content_hash (a),
                                                      lumina_dataset_version_get_content_hash (b)) == 0);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_int_value (builder, lumina_dataset_version_get_n_rows (a));
  json_builder_set_member_name (builder, "to");
  json_builder_add_int_value (builder, lumina_dataset_version_get_n_rows (b));
  json_builder_end_object (builder);
  add_names (builder, "added", b, a);
  add_names (builder, "removed", a, b);
  add_changed (builder, a, b);
  add_shifts (builder, a, b);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
