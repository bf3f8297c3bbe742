/* lumina-cli-data.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina data`: import, version, inspect and constrain datasets.  This
 * file holds the command table and the output helpers the commands share.
 */
#define G_LOG_DOMAIN "lumina-cli-data"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"

#define SHORT_HASH_LENGTH 12

/**
 * lumina_cli_data_open_store:
 * @cli: the command line state
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the datasets of the workspace the
 *   global options name
 */
LuminaDatasetStore *
lumina_cli_data_open_store (LuminaCli  *cli,
                            GError    **error)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error);
  if (workspace == NULL)
    return NULL;

  return lumina_dataset_store_new (workspace);
}

/**
 * lumina_cli_data_print_object:
 * @member: the first member's name
 * @value: (transfer full) (nullable): its value; %NULL prints null
 * @...: more name and value pairs, then %NULL
 *
 * Prints one JSON object built from the pairs.
 */
void
lumina_cli_data_print_object (const char *member,
                              JsonNode   *value,
                              ...)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_alloc ();
  va_list ap;

  va_start (ap, value);
  while (member != NULL)
    {
      json_object_set_member (object, member, value != NULL ? value : json_node_new (JSON_NODE_NULL));
      member = va_arg (ap, const char *);
      if (member != NULL)
        value = va_arg (ap, JsonNode *);
    }
  va_end (ap);

  json_node_init_object (root, object);
  lumina_cli_print_json (root);
}

static void
print_violation (JsonObject *violation)
{
  const char *column = json_object_get_string_member_with_default (violation, "column", "?");
  const char *rule = json_object_get_string_member_with_default (violation, "rule", "?");
  const char *message = json_object_get_string_member_with_default (violation, "message", "");
  gint64 count = json_object_get_int_member_with_default (violation, "count", 0);
  JsonArray *examples = NULL;

  if (json_object_has_member (violation, "examples") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (violation, "examples")))
    examples = json_object_get_array_member (violation, "examples");

  if (count > 0)
    /* Translators: a broken rule of a data contract: column, rule name,
     * what the rule says, then how many rows break it */
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "  - %s (%s): %s; %" G_GINT64_FORMAT " row\n",
                             "  - %s (%s): %s; %" G_GINT64_FORMAT " rows\n",
                             (gulong) count),
                column, rule, message, count);
  else
    /* Translators: a broken rule of a data contract: column, rule name, what the rule says */
    g_printerr (_("  - %s (%s): %s\n"), column, rule, message);

  for (guint i = 0; examples != NULL && i < json_array_get_length (examples); i++)
    {
      JsonObject *example = json_array_get_object_element (examples, i);
      JsonNode *value_node = json_object_get_member (example, "value");
      const char *value = NULL;

      if (value_node != NULL && JSON_NODE_HOLDS_VALUE (value_node))
        value = json_node_get_string (value_node);

      /* Translators: an example of a broken rule: a row number and its value */
      g_printerr (_("      row %" G_GINT64_FORMAT ": %s\n"),
                  json_object_get_int_member_with_default (example, "row", 0),
                  value != NULL ? value : _("(missing)"));
    }
}

/**
 * lumina_cli_data_fail_report:
 * @cli: the command line state
 * @error: why the command failed
 * @report: (nullable): a contract report, {"violations": [...]}
 *
 * Prints the error and each violation of @report with its examples on
 * standard error; with --json, also {"error", "report"} on standard output.
 *
 * Returns: the exit status for a failure at run time
 */
int
lumina_cli_data_fail_report (LuminaCli    *cli,
                             const GError *error,
                             JsonNode     *report)
{
  JsonObject *object;
  JsonArray *violations;

  g_assert (error != NULL);

  if (report == NULL || !JSON_NODE_HOLDS_OBJECT (report))
    return lumina_cli_fail (error);

  if (cli->json)
    lumina_cli_data_print_object ("error", json_node_init_string (json_node_alloc (), error->message),
                                  "report", json_node_copy (report),
                                  NULL);

  g_printerr ("lumina: %s\n", error->message);
  object = json_node_get_object (report);
  if (json_object_has_member (object, "violations") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "violations")))
    {
      violations = json_object_get_array_member (object, "violations");
      for (guint i = 0; i < json_array_get_length (violations); i++)
        print_violation (json_array_get_object_element (violations, i));
    }

  return LUMINA_CLI_EXIT_FAILED;
}

static void
print_table_row (const char * const *cells,
                 const int          *widths,
                 const char         *align,
                 guint               n_columns)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *cell = cells[c] != NULL ? cells[c] : "";
      int pad = widths[c] - (int) g_utf8_strlen (cell, -1);
      gboolean last = c + 1 == n_columns;

      if (c > 0)
        g_string_append (line, "  ");
      if (align[c] == LUMINA_CLI_ALIGN_RIGHT)
        g_string_append_printf (line, "%*s%s", pad, "", cell);
      else if (last)
        g_string_append (line, cell);
      else
        g_string_append_printf (line, "%s%*s", cell, pad, "");
    }

  /* An empty last cell would leave the padding before it dangling. */
  g_print ("%s\n", g_strchomp (line->str));
}

/**
 * lumina_cli_data_print_table:
 * @headers: (array zero-terminated=1): translated column titles
 * @align: one LUMINA_CLI_ALIGN_* character per column
 * @rows: (element-type GStrv): the cells, one string array per row
 *
 * Prints a header line and the rows in aligned columns.
 */
void
lumina_cli_data_print_table (const char * const *headers,
                             const char         *align,
                             GPtrArray          *rows)
{
  guint n_columns = g_strv_length ((char **) headers);
  g_autofree int *widths = g_new0 (int, n_columns);

  g_assert (strlen (align) == n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);

  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (int) g_utf8_strlen (cells[c] != NULL ? cells[c] : "", -1));
    }

  print_table_row (headers, widths, align, n_columns);
  for (guint r = 0; r < rows->len; r++)
    print_table_row (g_ptr_array_index (rows, r), widths, align, n_columns);
}

static char *
format_missing (gint64 missing,
                gint64 n_rows)
{
  if (missing <= 0 || n_rows <= 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, MAX (missing, 0));

  return g_strdup_printf ("%" G_GINT64_FORMAT " (%.1f%%)", missing, 100.0 * missing / n_rows);
}

/**
 * lumina_cli_data_print_schema:
 * @version: a dataset version
 *
 * Prints the version's schema: column, type, role and missing values.
 */
void
lumina_cli_data_print_schema (LuminaDatasetVersion *version)
{
  const char *headers[] = { _("COLUMN"), _("TYPE"), _("ROLE"), _("MISSING"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonNode *schema = lumina_dataset_version_get_schema (version);
  gint64 n_rows = lumina_dataset_version_get_n_rows (version);
  JsonArray *columns;

  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema) ||
      !json_object_has_member (json_node_get_object (schema), "columns"))
    return;

  columns = json_object_get_array_member (json_node_get_object (schema), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      char **cells = g_new0 (char *, 5);

      cells[0] = g_strdup (json_object_get_string_member_with_default (column, "name", ""));
      cells[1] = g_strdup (json_object_get_string_member_with_default (column, "type", ""));
      cells[2] = g_strdup (json_object_get_string_member_with_default (column, "role", ""));
      cells[3] = format_missing (json_object_get_int_member_with_default (column, "missing", 0),
                                 n_rows);
      g_ptr_array_add (rows, cells);
    }

  lumina_cli_data_print_table (headers, "lllr", rows);
}

/**
 * lumina_cli_data_short_hash:
 * Returns: (transfer full): the first 12 characters of @hash, or "-"
 */
char *
lumina_cli_data_short_hash (const char *hash)
{
  if (hash == NULL || hash[0] == '\0')
    return g_strdup ("-");

  return g_strndup (hash, SHORT_HASH_LENGTH);
}

/**
 * lumina_cli_data_relative_time:
 * @iso8601: (nullable): a time as the engine records it
 *
 * Returns: (transfer full): "just now", "5 minutes ago", … up to a week;
 *   the local date and time after that
 */
char *
lumina_cli_data_relative_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = NULL;
  gint64 seconds;

  if (iso8601 == NULL || (time = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return g_strdup (iso8601 != NULL ? iso8601 : "-");

  seconds = g_date_time_difference (now, time) / G_USEC_PER_SEC;
  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         seconds / 60),
                            (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         seconds / 3600),
                            (int) (seconds / 3600));
  if (seconds < 7 * 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                         seconds / 86400),
                            (int) (seconds / 86400));

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * lumina_cli_data_truncate:
 * Returns: (transfer full): @text cut to @max_chars characters, the last
 *   one an ellipsis when it was longer
 */
char *
lumina_cli_data_truncate (const char *text,
                          glong       max_chars)
{
  g_autofree char *head = NULL;

  g_assert (max_chars > 1);

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, max_chars - 1);
  return g_strconcat (head, "…", NULL);
}

/**
 * lumina_cli_data_format_number:
 * @node: (nullable): a JSON value
 * @digits: significant digits for fractional numbers, or 0 for the
 *   shortest text that reads back as the same number
 *
 * Returns: (transfer full): integers as they are, other numbers with
 *   @digits, strings as they are, "-" for null and anything else
 */
char *
lumina_cli_data_format_number (JsonNode *node,
                               int       digits)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("-");

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (digits <= 0)
    return lumina_format_double (json_node_get_double (node));

  return g_strdup_printf ("%.*g", digits, json_node_get_double (node));
}

static const LuminaCliCommand data_import_command = {
  "import", N_("FILE"),
  N_("Import a CSV file (or gzip CSV) as a new version of a dataset."),
  lumina_cli_data_import, NULL,
};

static const LuminaCliCommand data_profile_command = {
  "profile", N_("FILE"),
  N_("Profile a CSV file (or gzip CSV) of any size in one streaming pass, without importing it."),
  lumina_cli_data_profile, NULL,
};

static const LuminaCliCommand data_append_command = {
  "append", N_("NAME FILE"),
  N_("Add the rows of a CSV file to a dataset as a new version."),
  lumina_cli_data_append, NULL,
};

static const LuminaCliCommand data_list_command = {
  "list", NULL,
  N_("List datasets with their latest version."),
  lumina_cli_data_list, NULL,
};

static const LuminaCliCommand data_versions_command = {
  "versions", N_("NAME"),
  N_("List every version of a dataset, oldest first."),
  lumina_cli_data_versions, NULL,
};

static const LuminaCliCommand data_show_command = {
  "show", N_("NAME[@VERSION]"),
  N_("Show a version's details, schema and column profile."),
  lumina_cli_data_show, NULL,
};

static const LuminaCliCommand data_head_command = {
  "head", N_("NAME[@VERSION]"),
  N_("Print the first rows of a version."),
  lumina_cli_data_head, NULL,
};

static const LuminaCliCommand data_export_command = {
  "export", N_("NAME[@VERSION]"),
  N_("Write a version as a CSV file."),
  lumina_cli_data_export, NULL,
};

static const LuminaCliCommand data_diff_command = {
  "diff", N_("NAME@A NAME@B"),
  N_("Compare two versions: rows, columns, types and statistics."),
  lumina_cli_data_diff, NULL,
};

static const LuminaCliCommand data_contract_command = {
  "contract", N_("NAME"),
  N_("Show, set, derive or clear the contract a dataset's data must keep."),
  lumina_cli_data_contract, NULL,
};

static const LuminaCliCommand data_schema_command = {
  "schema", N_("NAME"),
  N_("Show a dataset's schema; allow or deny new and missing columns."),
  lumina_cli_data_schema, NULL,
};

static const LuminaCliCommand * const data_commands[] = {
  &data_import_command,
  &data_profile_command,
  &data_append_command,
  &data_list_command,
  &data_versions_command,
  &data_show_command,
  &data_head_command,
  &data_export_command,
  &data_diff_command,
  &data_contract_command,
  &data_schema_command,
  NULL
};

const LuminaCliCommand lumina_cli_data_command = {
  "data", NULL,
  N_("Import, version and inspect datasets."),
  NULL, data_commands,
};
