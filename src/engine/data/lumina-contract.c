/* lumina-contract.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schema contracts: what a dataset promises about its columns.
 *
 *   {"columns": {"NAME": {"type": "float", "nullable": false, "min": 0,
 *                         "max": 120, "categories": ["a", "b"], "unique": true}},
 *    "allow_new_columns": false, "allow_missing_columns": false}
 *
 * The two flags default to true: a contract restricts only what it says.
 * Contracts derived from a version set both to false.
 * A check lists every violated rule with a count and up to five example rows.
 */
#define G_LOG_DOMAIN "lumina-contract"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "lumina-dataset-private.h"
#include "lumina-error.h"

#define MAX_EXAMPLES 5

static const char * const column_rules[] = { "type", "nullable", "min", "max", "categories", "unique", NULL };

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
validate_column (const char  *name,
                 JsonNode    *node,
                 GError     **error)
{
  JsonObject *rules;
  GList *members;
  LuminaColumnType type;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "The contract's rules for column “%s” must be an object", name);

  rules = json_node_get_object (node);
  members = json_object_get_members (rules);
  for (const GList *l = members; l && ok; l = l->next)
    if (!g_strv_contains (column_rules, l->data))
      ok = invalid (error, "The contract has an unknown rule “%s”", (const char *) l->data);
  g_list_free (members);
  if (!ok)
    return FALSE;

  if (json_object_has_member (rules, "type") &&
      !lumina_column_type_from_string (json_object_get_string_member_with_default (rules, "type", ""), &type))
    return invalid (error, "The contract gives column “%s” an unknown type", name);

  for (guint i = 0; i < 2; i++)
    {
      const char *bound = i == 0 ? "min" : "max";
      JsonNode *value = json_object_get_member (rules, bound);

      if (value && (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) == G_TYPE_STRING ||
                    json_node_get_value_type (value) == G_TYPE_BOOLEAN))
        return invalid (error, "The contract's bounds for column “%s” must be numbers", name);
    }

  if (json_object_has_member (rules, "categories") && !JSON_NODE_HOLDS_ARRAY (json_object_get_member (rules, "categories")))
    return invalid (error, "The contract's categories for column “%s” must be a list of strings", name);

  return TRUE;
}

/**
 * _lumina_contract_validate:
 * Checks that @contract is well-formed before it is stored.
 */
gboolean
_lumina_contract_validate (JsonNode  *contract,
                           GError   **error)
{
  JsonObject *root;
  JsonObject *columns;
  GList *names;
  gboolean ok = TRUE;

  if (contract == NULL || !JSON_NODE_HOLDS_OBJECT (contract))
    return invalid (error, "%s", "A contract must be a JSON object");

  root = json_node_get_object (contract);
  if (!json_object_has_member (root, "columns") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "columns")))
    return invalid (error, "%s", "A contract needs a “columns” object (it may be empty)");

  columns = json_object_get_object_member (root, "columns");
  names = json_object_get_members (columns);
  for (const GList *l = names; l && ok; l = l->next)
    ok = validate_column (l->data, json_object_get_member (columns, l->data), error);
  g_list_free (names);

  return ok;
}

typedef struct
{
  JsonBuilder *builder;
  guint        n_violations;
} Report;

static void
add_violation (Report     *report,
               const char *column,
               const char *rule,
               const char *message,
               gsize       count,
               GArray     *rows,
               const LuminaColumn *data)
{
  JsonBuilder *b = report->builder;

  report->n_violations++;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "column");
  json_builder_add_string_value (b, column);
  json_builder_set_member_name (b, "rule");
  json_builder_add_string_value (b, rule);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, count);
  json_builder_set_member_name (b, "examples");
  json_builder_begin_array (b);
  for (guint i = 0; rows && i < rows->len; i++)
    {
      gsize row = g_array_index (rows, gsize, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row");
      json_builder_add_int_value (b, row + 1);
      json_builder_set_member_name (b, "value");
      if (data && lumina_column_is_valid (data, row))
        {
          g_autofree char *value = lumina_column_format_value (data, row);

          json_builder_add_string_value (b, value);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

typedef gboolean (*RowPredicate) (const LuminaColumn *column,
                                  gsize               row,
                                  gconstpointer       data);

/* Counts rows failing @bad and reports them under @rule. */
static void
check_rows (Report             *report,
            const LuminaColumn *column,
            const char         *rule,
            const char         *message,
            RowPredicate        bad,
            gconstpointer       data)
{
  g_autoptr(GArray) examples = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize count = 0;

  for (gsize r = 0; r < column->n_rows; r++)
    if (bad (column, r, data))
      {
        if (count++ < MAX_EXAMPLES)
          g_array_append_val (examples, r);
      }

  if (count > 0)
    add_violation (report, column->name, rule, message, count, examples, column);
}

static gboolean
is_missing (const LuminaColumn *column, gsize row, gconstpointer data)
{
  return !lumina_column_is_valid (column, row);
}

static gboolean
below (const LuminaColumn *column, gsize row, gconstpointer data)
{
  return lumina_column_is_valid (column, row) && lumina_column_get_double (column, row) < *(const double *) data;
}

static gboolean
above (const LuminaColumn *column, gsize row, gconstpointer data)
{
  return lumina_column_is_valid (column, row) && lumina_column_get_double (column, row) > *(const double *) data;
}

static gboolean
outside_categories (const LuminaColumn *column, gsize row, gconstpointer data)
{
  const guint8 *allowed = data;

  return lumina_column_is_valid (column, row) && !allowed[column->codes[row]];
}

static gboolean
repeated (const LuminaColumn *column, gsize row, gconstpointer data)
{
  GHashTable *seen = (GHashTable *) data;
  g_autofree char *value = NULL;

  if (!lumina_column_is_valid (column, row))
    return FALSE;
  value = lumina_column_format_value (column, row);
  if (g_hash_table_contains (seen, value))
    return TRUE;
  g_hash_table_add (seen, g_steal_pointer (&value));
  return FALSE;
}

static gboolean
type_compatible (LuminaColumnType want,
                 LuminaColumnType have)
{
  return want == have ||
         (want == LUMINA_COLUMN_TYPE_FLOAT && have == LUMINA_COLUMN_TYPE_INTEGER) ||
         (want == LUMINA_COLUMN_TYPE_TEXT && have == LUMINA_COLUMN_TYPE_CATEGORICAL) ||
         (want == LUMINA_COLUMN_TYPE_CATEGORICAL && have == LUMINA_COLUMN_TYPE_TEXT);
}

static void
check_categories (Report             *report,
                  const LuminaColumn *column,
                  JsonArray          *categories)
{
  g_autofree guint8 *allowed = g_new0 (guint8, MAX (column->n_dict, 1));
  g_autofree char *message = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      const char *category = json_array_get_string_element (categories, i);

      for (guint32 d = 0; category && d < column->n_dict; d++)
        if (strcmp (column->dict[d], category) == 0)
          allowed[d] = 1;
      g_string_append_printf (list, "%s%s", i ? ", " : "", category ? category : "");
    }

  message = g_strdup_printf ("values must be one of: %s", list->str);
  check_rows (report, column, "categories", message, outside_categories, allowed);
}

static void
check_column (Report             *report,
              const LuminaColumn *column,
              JsonObject         *rules)
{
  LuminaColumnType type;
  double bound;

  if (lumina_column_type_from_string (json_object_get_string_member_with_default (rules, "type", ""), &type) &&
      !type_compatible (type, column->type))
    {
      g_autofree char *message = g_strdup_printf ("the column must hold %s values, the file has %s",
                                                  lumina_column_type_to_string (type),
                                                  lumina_column_type_to_string (column->type));
      add_violation (report, column->name, "type", message, column->n_rows, NULL, NULL);
      return;
    }

  if (!json_object_get_boolean_member_with_default (rules, "nullable", TRUE))
    check_rows (report, column, "nullable", "values must not be missing", is_missing, NULL);

  if (json_object_has_member (rules, "min") && lumina_column_type_is_numeric (column->type))
    {
      g_autofree char *message = NULL;

      bound = json_object_get_double_member (rules, "min");
      message = g_strdup_printf ("values must be at least %g", bound);
      check_rows (report, column, "min", message, below, &bound);
    }
  if (json_object_has_member (rules, "max") && lumina_column_type_is_numeric (column->type))
    {
      g_autofree char *message = NULL;

      bound = json_object_get_double_member (rules, "max");
      message = g_strdup_printf ("values must be at most %g", bound);
      check_rows (report, column, "max", message, above, &bound);
    }

  if (json_object_has_member (rules, "categories") && column->codes != NULL)
    check_categories (report, column, json_object_get_array_member (rules, "categories"));

  if (json_object_get_boolean_member_with_default (rules, "unique", FALSE))
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      check_rows (report, column, "unique", "values must be unique", repeated, seen);
    }
}

static void
check_presence (Report      *report,
                JsonObject  *root,
                LuminaFrame *frame)
{
  JsonObject *columns = json_object_get_object_member (root, "columns");
  GList *names = json_object_get_members (columns);

  /* Flags left out allow: a contract restricts only what it says. */
  if (!json_object_get_boolean_member_with_default (root, "allow_missing_columns", TRUE))
    for (const GList *l = names; l; l = l->next)
      if (lumina_frame_find_column (frame, l->data) < 0)
        add_violation (report, l->data, "present", "the column is missing from the file", 0, NULL, NULL);
  g_list_free (names);

  if (!json_object_get_boolean_member_with_default (root, "allow_new_columns", TRUE))
    for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
      {
        const char *name = lumina_frame_get_column (frame, c)->name;

        if (!json_object_has_member (columns, name))
          add_violation (report, name, "allowed", "the contract does not allow new columns", 0, NULL, NULL);
      }
}

/**
 * _lumina_contract_check:
 * Returns: (transfer full) (nullable): {"violations": [...]}, or %NULL when
 *   @frame keeps every promise of @contract
 */
JsonNode *
_lumina_contract_check (JsonNode    *contract,
                        LuminaFrame *frame)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Report report = { builder, 0 };
  JsonObject *root = json_node_get_object (contract);
  JsonObject *columns = json_object_get_object_member (root, "columns");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "violations");
  json_builder_begin_array (builder);

  check_presence (&report, root, frame);
  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (frame, c);
      JsonNode *rules = json_object_get_member (columns, column->name);

      if (rules != NULL)
        check_column (&report, column, json_node_get_object (rules));
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return report.n_violations ? json_builder_get_root (builder) : NULL;
}

/**
 * _lumina_schema_from_frame:
 * Returns: (transfer full): {"columns": [{"name", "type", "role", "nullable", "missing"}]}
 */
JsonNode *
_lumina_schema_from_frame (LuminaFrame *frame)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (frame, c);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, column->name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, lumina_column_type_to_string (column->type));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, lumina_column_role_to_string (column->role));
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, column->null_count > 0);
      json_builder_set_member_name (builder, "missing");
      json_builder_add_int_value (builder, column->null_count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonObject *
find_profile_column (JsonNode   *profile,
                     const char *name)
{
  JsonArray *columns;

  if (profile == NULL || !JSON_NODE_HOLDS_OBJECT (profile) ||
      !json_object_has_member (json_node_get_object (profile), "columns"))
    return NULL;

  columns = json_object_get_array_member (json_node_get_object (profile), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (column, "name", NULL), name) == 0)
        return column;
    }

  return NULL;
}

static void
add_observed_rules (JsonBuilder *builder,
                    const char  *type,
                    JsonObject  *stats)
{
  if (stats == NULL)
    return;

  if (g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "float") == 0)
    {
      if (json_object_has_member (stats, "min") && json_object_has_member (stats, "max"))
        {
          json_builder_set_member_name (builder, "min");
          json_builder_add_double_value (builder, json_object_get_double_member (stats, "min"));
          json_builder_set_member_name (builder, "max");
          json_builder_add_double_value (builder, json_object_get_double_member (stats, "max"));
        }
    }
  else if (g_strcmp0 (type, "categorical") == 0 && json_object_has_member (stats, "top") &&
           json_object_get_boolean_member_with_default (stats, "distinct_exact", FALSE) &&
           json_object_get_int_member_with_default (stats, "distinct", G_MAXINT) <=
             (gint64) json_array_get_length (json_object_get_array_member (stats, "top")))
    {
      JsonArray *top = json_object_get_array_member (stats, "top");

      json_builder_set_member_name (builder, "categories");
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (top); i++)
        json_builder_add_string_value (builder,
                                       json_object_get_string_member (json_array_get_object_element (top, i), "value"));
      json_builder_end_array (builder);
    }
}

/**
 * lumina_dataset_store_contract_from_version:
 * Derives a contract from what @version holds: each column's type and
 * nullability, the observed range of numbers, and the categories when the
 * profile lists them all.
 *
 * Returns: (transfer full): the contract
 */
JsonNode *
lumina_dataset_store_contract_from_version (LuminaDatasetVersion *version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonArray *columns;

  g_return_val_if_fail (LUMINA_IS_DATASET_VERSION (version), NULL);

  columns = json_object_get_array_member (json_node_get_object (lumina_dataset_version_get_schema (version)), "columns");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_object (builder);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *name = json_object_get_string_member (column, "name");
      const char *type = json_object_get_string_member (column, "type");

      json_builder_set_member_name (builder, name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, json_object_get_boolean_member (column, "nullable"));
      add_observed_rules (builder, type, find_profile_column (lumina_dataset_version_get_profile (version), name));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "allow_new_columns");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "allow_missing_columns");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
