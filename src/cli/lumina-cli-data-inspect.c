/* lumina-cli-data-inspect.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina data list|versions|show|head`: read-only views of datasets.
 */
#define G_LOG_DOMAIN "lumina-cli-data-inspect"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"

#define DEFAULT_HEAD_ROWS 10
#define MAX_CELL_CHARS    24
#define MAX_SUMMARY_CHARS 60
#define MAX_TOP_VALUES    3

/* Parses the one NAME[@VERSION] argument and resolves it. */
static LuminaDatasetVersion *
resolve_argument (LuminaCli           *cli,
                  const char          *ref,
                  LuminaDatasetStore **store,
                  GError             **error)
{
  *store = lumina_cli_data_open_store (cli, error);
  if (*store == NULL)
    return NULL;

  return lumina_dataset_store_resolve (*store, ref, error);
}

static char *
format_local_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || (time = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return g_strdup (iso8601 != NULL ? iso8601 : "-");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* ---- list -------------------------------------------------------------- */

static JsonNode *
list_entry_to_json (LuminaDatasetVersion *version)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);

  json_object_set_string_member (object, "name", lumina_dataset_version_get_name (version));
  json_object_set_int_member (object, "versions", lumina_dataset_version_get_number (version));
  json_object_set_string_member (object, "latest", ref);
  json_object_set_int_member (object, "rows", lumina_dataset_version_get_n_rows (version));
  json_object_set_int_member (object, "columns", lumina_dataset_version_get_n_columns (version));
  json_object_set_string_member (object, "content_hash",
                                 lumina_dataset_version_get_content_hash (version));
  json_object_set_string_member (object, "last_change",
                                 lumina_dataset_version_get_created_at (version));
  json_object_set_string_member (object, "actor", lumina_dataset_version_get_actor (version));

  return json_node_init_object (json_node_alloc (), object);
}

static void
print_list_json (GPtrArray *versions)
{
  g_autoptr(JsonArray) array = json_array_sized_new (versions->len);
  g_autoptr(JsonNode) root = json_node_alloc ();

  for (guint i = 0; i < versions->len; i++)
    json_array_add_element (array, list_entry_to_json (g_ptr_array_index (versions, i)));

  json_node_init_array (root, array);
  lumina_cli_print_json (root);
}

static void
print_list_human (GPtrArray *versions)
{
  const char *headers[] = {
    _("NAME"), _("VERSIONS"), _("ROWS"), _("COLUMNS"), _("LAST CHANGE"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (versions->len == 0)
    {
      g_print (_("No datasets yet; add one with “lumina data import FILE”\n"));
      return;
    }

  for (guint i = 0; i < versions->len; i++)
    {
      LuminaDatasetVersion *version = g_ptr_array_index (versions, i);
      char **cells = g_new0 (char *, 6);

      cells[0] = g_strdup (lumina_dataset_version_get_name (version));
      cells[1] = g_strdup_printf ("%d", lumina_dataset_version_get_number (version));
      cells[2] = g_strdup_printf ("%" G_GINT64_FORMAT, lumina_dataset_version_get_n_rows (version));
      cells[3] = g_strdup_printf ("%u", lumina_dataset_version_get_n_columns (version));
      cells[4] = lumina_cli_data_relative_time (lumina_dataset_version_get_created_at (version));
      g_ptr_array_add (rows, cells);
    }

  lumina_cli_data_print_table (headers, "lrrrl", rows);
}

int
lumina_cli_data_list (LuminaCli  *cli,
                      char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      (versions = lumina_dataset_store_list (store, &error)) == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_list_json (versions);
  else
    print_list_human (versions);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- versions ---------------------------------------------------------- */

static void
print_versions_json (GPtrArray *versions)
{
  g_autoptr(JsonArray) array = json_array_sized_new (versions->len);
  g_autoptr(JsonNode) root = json_node_alloc ();

  for (guint i = 0; i < versions->len; i++)
    json_array_add_element (array, lumina_dataset_version_to_json (g_ptr_array_index (versions, i),
                                                                   FALSE));

  json_node_init_array (root, array);
  lumina_cli_print_json (root);
}

static void
print_versions_human (GPtrArray *versions)
{
  const char *headers[] = {
    _("REF"), _("KIND"), _("ROWS"), _("COLUMNS"), _("CREATED"), _("ACTOR"), _("HASH"),
    _("SOURCE"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < versions->len; i++)
    {
      LuminaDatasetVersion *version = g_ptr_array_index (versions, i);
      const char *source = lumina_dataset_version_get_source (version);
      char **cells = g_new0 (char *, 9);

      cells[0] = lumina_dataset_version_dup_ref (version);
      cells[1] = g_strdup (lumina_dataset_version_get_kind (version));
      cells[2] = g_strdup_printf ("%" G_GINT64_FORMAT, lumina_dataset_version_get_n_rows (version));
      cells[3] = g_strdup_printf ("%u", lumina_dataset_version_get_n_columns (version));
      cells[4] = format_local_time (lumina_dataset_version_get_created_at (version));
      cells[5] = g_strdup (lumina_dataset_version_get_actor (version));
      cells[6] = lumina_cli_data_short_hash (lumina_dataset_version_get_content_hash (version));
      cells[7] = g_strdup (source != NULL ? source : "-");
      g_ptr_array_add (rows, cells);
    }

  lumina_cli_data_print_table (headers, "llrrllll", rows);
}

int
lumina_cli_data_versions (LuminaCli  *cli,
                          char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset name"));

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      (versions = lumina_dataset_store_list_versions (store, args[1], &error)) == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_versions_json (versions);
  else
    print_versions_human (versions);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- show -------------------------------------------------------------- */

static void
print_version_fields (LuminaDatasetVersion *version)
{
  g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           lumina_dataset_version_get_n_rows (version));
  g_autofree char *columns = g_strdup_printf ("%u", lumina_dataset_version_get_n_columns (version));
  g_autofree char *parent = NULL;
  g_autofree char *created = format_local_time (lumina_dataset_version_get_created_at (version));
  g_autofree char *ago = lumina_cli_data_relative_time (lumina_dataset_version_get_created_at (version));
  g_autofree char *when = g_strdup_printf ("%s (%s)", created, ago);
  const char *keys[] = {
    _("kind"), _("parent"), _("source"), _("rows"), _("columns"), _("target"),
    _("content sha256"), _("created"), _("actor"), NULL
  };
  const char *values[9];

  if (lumina_dataset_version_get_parent (version) > 0)
    parent = g_strdup_printf ("%s@%d", lumina_dataset_version_get_name (version),
                              lumina_dataset_version_get_parent (version));

  values[0] = lumina_dataset_version_get_kind (version);
  values[1] = parent;
  values[2] = lumina_dataset_version_get_source (version);
  values[3] = rows;
  values[4] = columns;
  values[5] = lumina_dataset_version_get_target (version);
  values[6] = lumina_dataset_version_get_content_hash (version);
  values[7] = when;
  values[8] = lumina_dataset_version_get_actor (version);

  lumina_cli_print_fields (keys, values);
}

/* "setosa 50, versicolor 50, virginica 50" from the profile's top values. */
static char *
summarize_top (JsonArray *top)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (top) && i < MAX_TOP_VALUES; i++)
    {
      JsonObject *entry = json_array_get_object_element (top, i);
      g_autofree char *value = lumina_cli_data_format_number (json_object_get_member (entry, "value"), 0);

      g_string_append_printf (text, "%s%s %" G_GINT64_FORMAT, i > 0 ? ", " : "", value,
                              json_object_get_int_member_with_default (entry, "count", 0));
    }
  if (json_array_get_length (top) > MAX_TOP_VALUES)
    g_string_append (text, ", …");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
summarize_column (JsonObject *profile)
{
  const char *type = json_object_get_string_member_with_default (profile, "type", "");
  g_autofree char *summary = NULL;

  if (json_object_has_member (profile, "min_time"))
    summary = g_strdup_printf ("%s … %s",
                               json_object_get_string_member_with_default (profile, "min_time", "?"),
                               json_object_get_string_member_with_default (profile, "max_time", "?"));
  else if (json_object_has_member (profile, "mean") && g_strcmp0 (type, "boolean") != 0)
    {
      g_autofree char *min = lumina_cli_data_format_number (json_object_get_member (profile, "min"), 0);
      g_autofree char *mean = lumina_cli_data_format_number (json_object_get_member (profile, "mean"), 5);
      g_autofree char *max = lumina_cli_data_format_number (json_object_get_member (profile, "max"), 0);

      /* Translators: the smallest, average and largest value of a column */
      summary = g_strdup_printf (_("min %s, mean %s, max %s"), min, mean, max);
    }
  else if (json_object_has_member (profile, "top") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (profile, "top")))
    summary = summarize_top (json_object_get_array_member (profile, "top"));
  else if (json_object_has_member (profile, "min"))
    {
      g_autofree char *min = lumina_cli_data_format_number (json_object_get_member (profile, "min"), 0);
      g_autofree char *max = lumina_cli_data_format_number (json_object_get_member (profile, "max"), 0);

      summary = g_strdup_printf ("%s … %s", min, max);
    }
  else
    return g_strdup ("-");

  return lumina_cli_data_truncate (summary, MAX_SUMMARY_CHARS);
}

static char *
format_correlation (JsonObject *profile)
{
  JsonObject *correlation;
  JsonNode *value;

  if (!json_object_has_member (profile, "target_correlation") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (profile, "target_correlation")))
    return g_strdup ("");

  correlation = json_object_get_object_member (profile, "target_correlation");
  value = json_object_get_member (correlation, "value");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("-");

  return g_strdup_printf ("%.3f %s", json_node_get_double (value),
                          json_object_get_string_member_with_default (correlation, "method", ""));
}

static char *
format_distinct (JsonObject *profile)
{
  JsonNode *distinct = json_object_get_member (profile, "distinct");

  if (distinct == NULL || !JSON_NODE_HOLDS_VALUE (distinct))
    return g_strdup ("-");

  if (!json_object_get_boolean_member_with_default (profile, "distinct_exact", TRUE))
    return g_strdup_printf ("~%" G_GINT64_FORMAT, json_node_get_int (distinct));

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (distinct));
}

/* The role of each column, from the schema: name → role. */
static GHashTable *
schema_roles (LuminaDatasetVersion *version)
{
  GHashTable *roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonNode *schema = lumina_dataset_version_get_schema (version);
  JsonArray *columns;

  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema) ||
      !json_object_has_member (json_node_get_object (schema), "columns"))
    return roles;

  columns = json_object_get_array_member (json_node_get_object (schema), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_hash_table_replace (roles,
                            g_strdup (json_object_get_string_member_with_default (column, "name", "")),
                            g_strdup (json_object_get_string_member_with_default (column, "role", "")));
    }

  return roles;
}

static char **
profile_row (JsonObject *column,
             GHashTable *roles)
{
  const char *name = json_object_get_string_member_with_default (column, "name", "");
  const char *role = g_hash_table_lookup (roles, name);
  char **cells = g_new0 (char *, 8);

  cells[0] = g_strdup (name);
  cells[1] = g_strdup (json_object_get_string_member_with_default (column, "type", ""));
  cells[2] = g_strdup (role != NULL ? role : "");
  cells[3] = g_strdup_printf ("%.1f%%",
                              100.0 * json_object_get_double_member_with_default (column,
                                                                                  "missing_fraction",
                                                                                  0.0));
  cells[4] = format_distinct (column);
  cells[5] = summarize_column (column);
  cells[6] = format_correlation (column);

  return cells;
}

/**
 * lumina_cli_data_print_profile:
 * @roles: column name → role, for the ROLE column
 *
 * Prints a profile's columns as a table.
 *
 * Returns: %FALSE when @profile has no columns to print
 */
gboolean
lumina_cli_data_print_profile (JsonNode   *profile,
                               GHashTable *roles)
{
  const char *headers[] = {
    _("COLUMN"), _("TYPE"), _("ROLE"), _("MISSING"), _("DISTINCT"), _("SUMMARY"),
    _("TARGET CORR."), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonArray *columns;

  if (profile == NULL || !JSON_NODE_HOLDS_OBJECT (profile) ||
      !json_object_has_member (json_node_get_object (profile), "columns"))
    return FALSE;

  columns = json_object_get_array_member (json_node_get_object (profile), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    g_ptr_array_add (rows, profile_row (json_array_get_object_element (columns, i), roles));

  lumina_cli_data_print_table (headers, "lllrrll", rows);
  return TRUE;
}

static void
print_profile (LuminaDatasetVersion *version)
{
  g_autoptr(GHashTable) roles = schema_roles (version);

  if (!lumina_cli_data_print_profile (lumina_dataset_version_get_profile (version), roles))
    lumina_cli_data_print_schema (version);
}

int
lumina_cli_data_show (LuminaCli  *cli,
                      char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset to show"));

  version = resolve_argument (cli, args[1], &store, &error);
  if (version == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = lumina_dataset_version_to_json (version, TRUE);

      lumina_cli_print_json (root);
      return LUMINA_CLI_EXIT_OK;
    }

  ref = lumina_dataset_version_dup_ref (version);
  g_print ("%s\n\n", ref);
  print_version_fields (version);
  g_print ("\n");
  print_profile (version);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- head -------------------------------------------------------------- */

static JsonNode *
cell_to_json (const LuminaColumn *column,
              gsize               row)
{
  g_autofree char *text = NULL;

  if (!lumina_column_is_valid (column, row))
    return json_node_new (JSON_NODE_NULL);

  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
      return json_node_init_int (json_node_alloc (), column->i64[row]);

    case LUMINA_COLUMN_TYPE_FLOAT:
      /* JSON has no NaN or infinity. */
      if (!isfinite (column->f64[row]))
        return json_node_new (JSON_NODE_NULL);
      return json_node_init_double (json_node_alloc (), column->f64[row]);

    case LUMINA_COLUMN_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), column->u8[row] != 0);

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
    default:
      text = lumina_column_format_value (column, row);
      return json_node_init_string (json_node_alloc (), text);
    }
}

static void
print_head_json (LuminaFrame *frame,
                 gsize        n_rows)
{
  g_autoptr(JsonArray) array = json_array_sized_new (n_rows);
  g_autoptr(JsonNode) root = json_node_alloc ();
  guint n_columns = lumina_frame_get_n_columns (frame);

  for (gsize r = 0; r < n_rows; r++)
    {
      JsonObject *object = json_object_new ();

      for (guint c = 0; c < n_columns; c++)
        {
          const LuminaColumn *column = lumina_frame_get_column (frame, c);

          json_object_set_member (object, column->name, cell_to_json (column, r));
        }
      json_array_add_object_element (array, object);
    }

  json_node_init_array (root, array);
  lumina_cli_print_json (root);
}

static void
print_head_human (LuminaFrame *frame,
                  gsize        n_rows)
{
  guint n_columns = lumina_frame_get_n_columns (frame);
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *align = g_new0 (char, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (frame, c);
      gboolean numeric = column->type == LUMINA_COLUMN_TYPE_INTEGER ||
                         column->type == LUMINA_COLUMN_TYPE_FLOAT;

      g_ptr_array_add (headers, lumina_cli_data_truncate (column->name, MAX_CELL_CHARS));
      align[c] = numeric ? LUMINA_CLI_ALIGN_RIGHT : LUMINA_CLI_ALIGN_LEFT;
    }
  g_ptr_array_add (headers, NULL);

  for (gsize r = 0; r < n_rows; r++)
    {
      char **cells = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *text = lumina_column_format_value (lumina_frame_get_column (frame, c), r);

          cells[c] = lumina_cli_data_truncate (text, MAX_CELL_CHARS);
        }
      g_ptr_array_add (rows, cells);
    }

  lumina_cli_data_print_table ((const char * const *) headers->pdata, align, rows);
}

int
lumina_cli_data_head (LuminaCli  *cli,
                      char      **args)
{
  int n_rows = DEFAULT_HEAD_ROWS;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT, &n_rows,
      N_("Print the first N rows (default: 10)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  gsize shown;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset to print"));
  if (n_rows <= 0)
    /* Translators: %d is the number the user gave */
    return lumina_cli_usage_error (context, _("--rows must be a positive number, not %d"), n_rows);

  if ((version = resolve_argument (cli, args[1], &store, &error)) == NULL ||
      (frame = lumina_dataset_store_load (store, version, &error)) == NULL)
    return lumina_cli_fail (error);

  shown = MIN ((gsize) n_rows, lumina_frame_get_n_rows (frame));
  if (cli->json)
    print_head_json (frame, shown);
  else
    print_head_human (frame, shown);

  return LUMINA_CLI_EXIT_OK;
}
