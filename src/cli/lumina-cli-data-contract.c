/* lumina-cli-data-contract.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina data diff|contract|schema`: comparing versions, and the
 * promises a dataset's data must keep.
 */
#define G_LOG_DOMAIN "lumina-cli-data-contract"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"

#define MAX_CATEGORIES_CHARS 40

/* ---- diff -------------------------------------------------------------- */

static char *
join_strings (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              JSON_NODE_HOLDS_VALUE (element) ? json_node_get_string (element) : "?");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* "A → B" for a {"from", "to"} member; %NULL when both are equal. */
static char *
format_shift (JsonObject *column,
              const char *member,
              int         digits)
{
  JsonNode *node = json_object_get_member (column, member);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  from = lumina_cli_data_format_number (json_object_get_member (json_node_get_object (node), "from"),
                                        digits);
  to = lumina_cli_data_format_number (json_object_get_member (json_node_get_object (node), "to"),
                                      digits);
  if (g_strcmp0 (from, to) == 0)
    return NULL;

  return g_strdup_printf ("%s → %s", from, to);
}

static void
print_diff_shifts (JsonArray *columns)
{
  const char *headers[] = { _("COLUMN"), _("MISSING"), _("MEAN"), NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      char *missing = format_shift (column, "missing", 0);
      char *mean = format_shift (column, "mean", 5);
      char **cells;

      if (missing == NULL && mean == NULL)
        continue;

      cells = g_new0 (char *, 4);
      cells[0] = g_strdup (json_object_get_string_member_with_default (column, "column", "?"));
      cells[1] = missing != NULL ? missing : g_strdup ("=");
      cells[2] = mean != NULL ? mean : g_strdup ("=");
      g_ptr_array_add (rows, cells);
    }

  if (rows->len == 0)
    {
      g_print (_("No shifts in missing values or means\n"));
      return;
    }

  g_print ("\n");
  lumina_cli_data_print_table (headers, "lll", rows);
}

/* A column kept its name but changed its type, its role or both. */
static void
print_change (JsonObject *change)
{
  const char *column = json_object_get_string_member_with_default (change, "column", "?");
  const char *from_type = json_object_get_string_member_with_default (change, "from_type", NULL);
  const char *to_type = json_object_get_string_member_with_default (change, "to_type", NULL);
  const char *from_role = json_object_get_string_member_with_default (change, "from_role", NULL);
  const char *to_role = json_object_get_string_member_with_default (change, "to_role", NULL);

  if (g_strcmp0 (from_type, to_type) != 0)
    /* Translators: a column name, its old type and its new type */
    g_print (_("Changed type: %s, %s → %s\n"), column,
             from_type != NULL ? from_type : "-", to_type != NULL ? to_type : "-");
  if (g_strcmp0 (from_role, to_role) != 0)
    /* Translators: a column name, its old role and its new role */
    g_print (_("Changed role: %s, %s → %s\n"), column,
             from_role != NULL ? from_role : "-", to_role != NULL ? to_role : "-");
}

static void
print_diff_columns (JsonObject *diff)
{
  JsonArray *added = get_array (diff, "added");
  JsonArray *removed = get_array (diff, "removed");
  JsonArray *changed = get_array (diff, "changed");

  if (added != NULL && json_array_get_length (added) > 0)
    {
      g_autofree char *names = join_strings (added);

      g_print (_("Added columns: %s\n"), names);
    }
  if (removed != NULL && json_array_get_length (removed) > 0)
    {
      g_autofree char *names = join_strings (removed);

      g_print (_("Removed columns: %s\n"), names);
    }
  for (guint i = 0; changed != NULL && i < json_array_get_length (changed); i++)
    print_change (json_array_get_object_element (changed, i));
}

static void
print_diff_human (JsonNode *root)
{
  JsonObject *diff = json_node_get_object (root);
  JsonNode *rows_node = json_object_get_member (diff, "rows");
  gint64 from = 0;
  gint64 to = 0;

  g_print ("%s → %s\n",
           json_object_get_string_member_with_default (diff, "from", "?"),
           json_object_get_string_member_with_default (diff, "to", "?"));

  if (rows_node != NULL && JSON_NODE_HOLDS_OBJECT (rows_node))
    {
      from = json_object_get_int_member_with_default (json_node_get_object (rows_node), "from", 0);
      to = json_object_get_int_member_with_default (json_node_get_object (rows_node), "to", 0);
    }
  /* Translators: rows before, rows after, and the signed difference */
  g_print (_("Rows: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " (%+" G_GINT64_FORMAT ")\n"),
           from, to, to - from);

  if (json_object_get_boolean_member_with_default (diff, "same_content", FALSE))
    g_print (_("Same content\n"));
  print_diff_columns (diff);
  print_diff_shifts (get_array (diff, "columns"));
}

int
lumina_cli_data_diff (LuminaCli  *cli,
                      char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) a = NULL;
  g_autoptr(LuminaDatasetVersion) b = NULL;
  g_autoptr(JsonNode) diff = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;

  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Name the two versions to compare"));

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      (a = lumina_dataset_store_resolve (store, args[1], &error)) == NULL ||
      (b = lumina_dataset_store_resolve (store, args[2], &error)) == NULL)
    return lumina_cli_fail (error);

  diff = lumina_dataset_diff (a, b);
  if (cli->json)
    lumina_cli_print_json (diff);
  else
    print_diff_human (diff);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- contract ---------------------------------------------------------- */

static char *
format_rule_flag (JsonObject *rules,
                  const char *member,
                  gboolean    default_value)
{
  if (!json_object_has_member (rules, member))
    return g_strdup ("");

  return g_strdup (json_object_get_boolean_member_with_default (rules, member, default_value)
                   ? _("yes") : _("no"));
}

static char **
contract_row (const char *name,
              JsonObject *rules)
{
  JsonArray *categories = get_array (rules, "categories");
  char **cells = g_new0 (char *, 8);

  cells[0] = g_strdup (name);
  cells[1] = g_strdup (json_object_get_string_member_with_default (rules, "type", ""));
  cells[2] = format_rule_flag (rules, "nullable", TRUE);
  cells[3] = json_object_has_member (rules, "min")
             ? lumina_cli_data_format_number (json_object_get_member (rules, "min"), 0)
             : g_strdup ("");
  cells[4] = json_object_has_member (rules, "max")
             ? lumina_cli_data_format_number (json_object_get_member (rules, "max"), 0)
             : g_strdup ("");
  cells[6] = format_rule_flag (rules, "unique", FALSE);
  if (categories != NULL)
    {
      g_autofree char *all = join_strings (categories);

      cells[5] = lumina_cli_data_truncate (all, MAX_CATEGORIES_CHARS);
    }
  else
    cells[5] = g_strdup ("");

  return cells;
}

static void
print_contract_human (const char *name,
                      JsonNode   *contract)
{
  const char *headers[] = {
    _("COLUMN"), _("TYPE"), _("NULLABLE"), _("MIN"), _("MAX"), _("CATEGORIES"), _("UNIQUE"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonObject *root;
  JsonObject *columns = NULL;
  GList *names = NULL;
  const char *keys[] = { _("new columns"), _("missing columns"), NULL };
  const char *values[2];

  if (contract == NULL || !JSON_NODE_HOLDS_OBJECT (contract))
    {
      /* Translators: %s is a dataset name */
      g_print (_("%s has no contract\n"), name);
      return;
    }

  root = json_node_get_object (contract);
  if (json_object_has_member (root, "columns") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "columns")))
    columns = json_object_get_object_member (root, "columns");
  if (columns != NULL)
    names = json_object_get_members (columns);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *rules = json_object_get_member (columns, l->data);

      if (JSON_NODE_HOLDS_OBJECT (rules))
        g_ptr_array_add (rows, contract_row (l->data, json_node_get_object (rules)));
    }
  g_list_free (names);

  values[0] = json_object_get_boolean_member_with_default (root, "allow_new_columns", FALSE)
              ? _("allowed") : _("denied");
  values[1] = json_object_get_boolean_member_with_default (root, "allow_missing_columns", FALSE)
              ? _("allowed") : _("denied");

  if (rows->len > 0)
    {
      lumina_cli_data_print_table (headers, "lllrrll", rows);
      g_print ("\n");
    }
  lumina_cli_print_fields (keys, values);
}

static void
print_contract (LuminaCli  *cli,
                const char *name,
                JsonNode   *contract)
{
  if (cli->json)
    lumina_cli_data_print_object ("name", json_node_init_string (json_node_alloc (), name),
                                  "contract", contract != NULL ? json_node_copy (contract) : NULL,
                                  NULL);
  else
    print_contract_human (name, contract);
}

static JsonNode *
read_contract_file (const char  *path,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      /* Translators: the first %s is a file name, the second why it cannot be read */
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   _("Cannot read the contract in %s: %s"), path, local_error->message);
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

/* Works out the new contract from --set, --from or --clear; %NULL with
 * no error means "no contract". */
static gboolean
build_contract (LuminaDatasetStore  *store,
                const char          *set_path,
                const char          *from_ref,
                JsonNode           **contract,
                GError             **error)
{
  g_autoptr(LuminaDatasetVersion) version = NULL;

  *contract = NULL;
  if (set_path != NULL)
    {
      *contract = read_contract_file (set_path, error);
      return *contract != NULL;
    }

  if (from_ref != NULL)
    {
      version = lumina_dataset_store_resolve (store, from_ref, error);
      if (version == NULL)
        return FALSE;
      *contract = lumina_dataset_store_contract_from_version (version);
    }

  return TRUE;
}

static int
change_contract (LuminaCli  *cli,
                 const char *name,
                 const char *set_path,
                 const char *from_ref)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(JsonNode) contract = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      !build_contract (store, set_path, from_ref, &contract, &error) ||
      !lumina_dataset_store_set_contract (store, name, contract, &error))
    return lumina_cli_fail (error);

  if (!cli->json && contract == NULL)
    /* Translators: %s is a dataset name */
    g_print (_("Removed the contract of %s\n"), name);
  else if (!cli->json)
    /* Translators: %s is a dataset name */
    g_print (_("Set the contract of %s:\n\n"), name);

  if (cli->json || contract != NULL)
    print_contract (cli, name, contract);

  return LUMINA_CLI_EXIT_OK;
}

static int
show_contract (LuminaCli  *cli,
               const char *name)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(JsonNode) contract = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL)
    return lumina_cli_fail (error);

  contract = lumina_dataset_store_get_contract (store, name, &error);
  if (error != NULL)
    return lumina_cli_fail (error);

  print_contract (cli, name, contract);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_data_contract (LuminaCli  *cli,
                          char      **args)
{
  g_autofree char *set_path = NULL;
  g_autofree char *from_ref = NULL;
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_path,
      N_("Replace the contract with the one in FILE (JSON)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_ref,
      N_("Derive the contract from a version's types, ranges and categories"),
      N_("NAME@VERSION") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
      N_("Remove the contract"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset name"));
  if ((set_path != NULL) + (from_ref != NULL) + (clear != FALSE) > 1)
    return lumina_cli_usage_error (context, _("Use only one of --set, --from and --clear"));

  if (set_path == NULL && from_ref == NULL && !clear)
    return show_contract (cli, args[1]);

  return change_contract (cli, args[1], set_path, from_ref);
}

/* ---- schema ------------------------------------------------------------ */

typedef struct
{
  gboolean allow_new;
  gboolean deny_new;
  gboolean allow_missing;
  gboolean deny_missing;
} SchemaFlags;

static void
print_schema_json (LuminaDatasetVersion *version,
                   JsonNode             *contract)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);

  lumina_cli_data_print_object ("name", json_node_init_string (json_node_alloc (),
                                                               lumina_dataset_version_get_name (version)),
                                "ref", json_node_init_string (json_node_alloc (), ref),
                                "schema", json_node_copy (lumina_dataset_version_get_schema (version)),
                                "contract", contract != NULL ? json_node_copy (contract) : NULL,
                                NULL);
}

static int
show_schema (LuminaCli  *cli,
             const char *name)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(JsonNode) contract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      (version = lumina_dataset_store_resolve (store, name, &error)) == NULL)
    return lumina_cli_fail (error);

  contract = lumina_dataset_store_get_contract (store, name, &error);
  if (error != NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    {
      print_schema_json (version, contract);
      return LUMINA_CLI_EXIT_OK;
    }

  ref = lumina_dataset_version_dup_ref (version);
  g_print ("%s\n\n", ref);
  lumina_cli_data_print_schema (version);
  g_print ("\n");
  print_contract_human (name, contract);

  return LUMINA_CLI_EXIT_OK;
}

static int
edit_schema_flags (LuminaCli         *cli,
                   const char        *name,
                   const SchemaFlags *flags)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(JsonNode) contract = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL)
    return lumina_cli_fail (error);

  contract = lumina_dataset_store_get_contract (store, name, &error);
  if (error != NULL)
    return lumina_cli_fail (error);
  if (contract == NULL)
    contract = json_from_string ("{\"columns\": {}}", NULL);

  root = json_node_get_object (contract);
  if (flags->allow_new || flags->deny_new)
    json_object_set_boolean_member (root, "allow_new_columns", flags->allow_new);
  if (flags->allow_missing || flags->deny_missing)
    json_object_set_boolean_member (root, "allow_missing_columns", flags->allow_missing);

  if (!lumina_dataset_store_set_contract (store, name, contract, &error))
    return lumina_cli_fail (error);

  print_contract (cli, name, contract);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_data_schema (LuminaCli  *cli,
                        char      **args)
{
  SchemaFlags flags = { FALSE, };
  const GOptionEntry entries[] = {
    { "allow-new-columns", 0, 0, G_OPTION_ARG_NONE, &flags.allow_new,
      N_("Accept data with columns the contract does not name"), NULL },
    { "deny-new-columns", 0, 0, G_OPTION_ARG_NONE, &flags.deny_new,
      N_("Reject data with columns the contract does not name"), NULL },
    { "allow-missing-columns", 0, 0, G_OPTION_ARG_NONE, &flags.allow_missing,
      N_("Accept data without some columns the contract names"), NULL },
    { "deny-missing-columns", 0, 0, G_OPTION_ARG_NONE, &flags.deny_missing,
      N_("Reject data without every column the contract names"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset name"));
  if (flags.allow_new && flags.deny_new)
    return lumina_cli_usage_error (context,
                                   _("Use either --allow-new-columns or --deny-new-columns"));
  if (flags.allow_missing && flags.deny_missing)
    return lumina_cli_usage_error (context,
                                   _("Use either --allow-missing-columns or --deny-missing-columns"));

  if (!flags.allow_new && !flags.deny_new && !flags.allow_missing && !flags.deny_missing)
    return show_schema (cli, args[1]);

  return edit_schema_flags (cli, args[1], &flags);
}
