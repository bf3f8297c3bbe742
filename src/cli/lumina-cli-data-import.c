/* lumina-cli-data-import.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina data import|append|export`: moving rows between CSV files and
 * dataset versions.
 */
#define G_LOG_DOMAIN "lumina-cli-data-import"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"

/* At most this many progress updates a second. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)

/* A live "Reading FILE… 42%" line on a terminal's standard error.  The
 * reader calls back from its worker threads, hence the lock. */
typedef struct
{
  GMutex      lock;
  const char *label;
  gint64      last_time;
  int         last_percent;
  gboolean    shown;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  int percent = (int) CLAMP (fraction * 100.0, 0.0, 100.0);

  g_mutex_lock (&progress->lock);
  if (percent > progress->last_percent && now - progress->last_time >= PROGRESS_INTERVAL_USEC)
    {
      progress->last_time = now;
      progress->last_percent = percent;
      progress->shown = TRUE;
      g_printerr ("\r%s %3d%%", progress->label, percent);
    }
  g_mutex_unlock (&progress->lock);
}

static void
progress_start (Progress         *progress,
                LuminaCsvOptions *csv,
                const char       *label)
{
  memset (progress, 0, sizeof *progress);
  g_mutex_init (&progress->lock);
  progress->label = label;
  progress->last_percent = -1;

  if (isatty (STDERR_FILENO))
    {
      csv->progress = on_progress;
      csv->progress_data = progress;
    }
}

/* The reader's threads have all finished when the import returns. */
static void
progress_finish (Progress *progress)
{
  if (progress->shown)
    g_printerr ("\r\033[K");
  g_mutex_clear (&progress->lock);
}

/* "COL=VALUE", split at the last '=' (a column name may hold one). */
static gboolean
split_assignment (const char  *text,
                  char       **column,
                  char       **value)
{
  const char *equals = strrchr (text, '=');

  if (equals == NULL || equals == text || equals[1] == '\0')
    return FALSE;

  *column = g_strndup (text, equals - text);
  *value = g_strdup (equals + 1);
  return TRUE;
}

static gboolean
type_from_string (const char *text,
                  int        *value)
{
  LuminaColumnType type;

  if (!lumina_column_type_from_string (text, &type))
    return FALSE;

  *value = type;
  return TRUE;
}

static gboolean
role_from_string (const char *text,
                  int        *value)
{
  LuminaColumnRole role;

  if (!lumina_column_role_from_string (text, &role))
    return FALSE;

  *value = role;
  return TRUE;
}

typedef gboolean (*ParseValueFunc) (const char *text,
                                    int        *value);

/* Fills @table with column → GINT_TO_POINTER (value + 1), as the engine
 * expects; %NULL when @assignments is empty. */
static gboolean
parse_assignments (GOptionContext  *context,
                   const char      *option,
                   const char      *choices,
                   ParseValueFunc   parse_value,
                   char           **assignments,
                   GHashTable     **table,
                   int             *status)
{
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      g_autofree char *column = NULL;
      g_autofree char *name = NULL;
      int value;

      if (!split_assignment (assignments[i], &column, &name))
        {
          /* Translators: the first %s is an option such as --type, the second what was given */
          *status = lumina_cli_usage_error (context, _("%s takes COLUMN=VALUE, not “%s”"),
                                            option, assignments[i]);
          return FALSE;
        }
      if (!parse_value (name, &value))
        {
          /* Translators: “%s” is what was given; the last %s lists the valid values */
          *status = lumina_cli_usage_error (context, _("Unknown %s “%s” for column “%s”; use one of: %s"),
                                            option + 2, name, column, choices);
          return FALSE;
        }
      if (*table == NULL)
        *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_replace (*table, g_steal_pointer (&column), GINT_TO_POINTER (value + 1));
    }

  return TRUE;
}

/* One ASCII character, or "tab"; sets *@delimiter to 0 when @text is NULL. */
static gboolean
parse_delimiter (GOptionContext *context,
                 const char     *text,
                 char           *delimiter,
                 int            *status)
{
  *delimiter = 0;
  if (text == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (text, "tab") == 0 || strcmp (text, "\\t") == 0)
    *delimiter = '\t';
  else if (strlen (text) == 1 && g_ascii_isprint (text[0]) && !strchr ("\"\r\n", text[0]))
    *delimiter = text[0];
  else
    {
      /* Translators: %s is what the user gave */
      *status = lumina_cli_usage_error (context,
                                        _("--delimiter takes one character or “tab”, not “%s”"),
                                        text);
      return FALSE;
    }

  return TRUE;
}

/* "sales.csv.gz" → "sales": the file name without its data extensions. */
static char *
default_dataset_name (const char *path)
{
  static const char * const extensions[] = { ".gz", ".csv", ".tsv", ".txt", NULL };
  char *name = g_path_get_basename (path);
  gboolean stripped = TRUE;

  while (stripped)
    {
      gsize length = strlen (name);

      stripped = FALSE;
      for (guint i = 0; extensions[i] != NULL && !stripped; i++)
        {
          gsize ext_length = strlen (extensions[i]);

          if (length > ext_length &&
              g_ascii_strcasecmp (name + length - ext_length, extensions[i]) == 0)
            {
              name[length - ext_length] = '\0';
              stripped = TRUE;
            }
        }
    }

  return name;
}

typedef struct
{
  char      *name;
  char      *target;
  char     **types;
  char     **roles;
  char      *delimiter;
  gboolean   header;
  gboolean   no_header;
} ImportArgs;

static void
import_args_clear (ImportArgs *import)
{
  g_free (import->name);
  g_free (import->target);
  g_strfreev (import->types);
  g_strfreev (import->roles);
  g_free (import->delimiter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportArgs, import_args_clear)

/* The options of every command that reads a CSV file into columns. */
#define TYPE_OPTION_ENTRY(args) \
  { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(args).types, \
    N_("Read COLUMN as TYPE: integer, float, boolean, categorical, text or timestamp"), \
    N_("COLUMN=TYPE") }
#define LAYOUT_OPTION_ENTRIES(args) \
  { "delimiter", 0, 0, G_OPTION_ARG_STRING, &(args).delimiter, \
    N_("Field separator: one character or “tab” (default: guessed)"), N_("C") }, \
  { "header", 0, 0, G_OPTION_ARG_NONE, &(args).header, \
    N_("The first row names the columns (default: guessed)"), NULL }, \
  { "no-header", 0, 0, G_OPTION_ARG_NONE, &(args).no_header, \
    N_("The first row is data"), NULL }

/* Turns the parsed arguments into engine options; the tables in
 * @options->csv.types and @options->roles then belong to the caller. */
static gboolean
import_args_to_options (ImportArgs          *import,
                        GOptionContext      *context,
                        LuminaImportOptions *options,
                        int                 *status)
{
  if (import->header && import->no_header)
    {
      *status = lumina_cli_usage_error (context, _("Use either --header or --no-header, not both"));
      return FALSE;
    }

  options->csv.header = import->header ? 1 : import->no_header ? 0 : -1;
  options->target = import->target;

  return parse_delimiter (context, import->delimiter, &options->csv.delimiter, status) &&
         parse_assignments (context, "--type",
                            "integer, float, boolean, categorical, text, timestamp",
                            type_from_string, import->types, &options->csv.types, status) &&
         parse_assignments (context, "--role", "feature, target, id, ignore",
                            role_from_string, import->roles, &options->roles, status);
}

static void
print_import_human (LuminaDatasetVersion *version)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);
  g_autofree char *hash = lumina_cli_data_short_hash (lumina_dataset_version_get_content_hash (version));

  if (lumina_dataset_version_get_reused (version))
    /* Translators: %s is a dataset version such as iris@2 */
    g_print (_("%s already holds identical content\n"), ref);
  else
    /* Translators: a dataset version, its rows, columns and the start of its content hash */
    g_print (_("Imported %s: %" G_GINT64_FORMAT " rows × %u columns (content sha256 %s…)\n"),
             ref, lumina_dataset_version_get_n_rows (version),
             lumina_dataset_version_get_n_columns (version), hash);

  g_print ("\n");
  lumina_cli_data_print_schema (version);
}

static int
run_import (LuminaCli           *cli,
            const char          *name,
            const char          *path,
            LuminaImportOptions *options)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *label = NULL;
  Progress progress;

  store = lumina_cli_data_open_store (cli, &error);
  if (store == NULL)
    return lumina_cli_fail (error);

  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Reading %s…"), path);
  progress_start (&progress, &options->csv, label);
  version = lumina_dataset_store_import (store, name, file, options, &report, NULL, &error);
  progress_finish (&progress);
  if (version == NULL)
    return lumina_cli_data_fail_report (cli, error, report);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = lumina_dataset_version_to_json (version, FALSE);

      lumina_cli_print_json (root);
    }
  else
    print_import_human (version);

  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_data_import (LuminaCli  *cli,
                        char      **args)
{
  g_auto(ImportArgs) import = { 0 };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &import.name,
      N_("Name of the dataset (default: the file name without extensions)"), N_("NAME") },
    { "target", 0, 0, G_OPTION_ARG_STRING, &import.target,
      N_("The column models predict"), N_("COLUMN") },
    TYPE_OPTION_ENTRY (import),
    { "role", 0, 0, G_OPTION_ARG_STRING_ARRAY, &import.roles,
      N_("Give COLUMN a ROLE: feature, target, id or ignore"), N_("COLUMN=ROLE") },
    LAYOUT_OPTION_ENTRIES (import),
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autofree char *name = NULL;
  LuminaImportOptions options = { { 0 } };
  gboolean ok;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the file to import"));

  ok = import_args_to_options (&import, context, &options, &status);
  types = options.csv.types;
  roles = options.roles;
  if (!ok)
    return status;

  name = import.name != NULL ? g_strdup (import.name) : default_dataset_name (args[1]);
  return run_import (cli, name, args[1], &options);
}

int
lumina_cli_data_profile (LuminaCli  *cli,
                         char      **args)
{
  g_auto(ImportArgs) import = { 0 };
  int chunk_mb = 64;
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &import.target,
      N_("Correlate the other columns with COLUMN"), N_("COLUMN") },
    TYPE_OPTION_ENTRY (import),
    LAYOUT_OPTION_ENTRIES (import),
    { "chunk-mb", 0, 0, G_OPTION_ARG_INT, &chunk_mb,
      N_("Megabytes of text held at once (default: 64)"), N_("MB") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GHashTable) shown_roles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  LuminaImportOptions options = { { 0 } };
  LuminaCsvInfo info;
  Progress progress;
  gboolean ok;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the file to profile"));
  if (chunk_mb < 1 || chunk_mb > 16384)
    return lumina_cli_usage_error (context, _("--chunk-mb takes a number of megabytes from 1 to 16384"));

  ok = import_args_to_options (&import, context, &options, &status);
  types = options.csv.types;
  roles = options.roles;
  if (!ok)
    return status;

  file = g_file_new_for_commandline_arg (args[1]);
  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Profiling %s…"), args[1]);
  progress_start (&progress, &options.csv, label);
  profile = lumina_csv_profile_file (file, &options.csv, import.target, (gsize) chunk_mb * 1024 * 1024,
                                     &info, NULL, &error);
  progress_finish (&progress);
  if (profile == NULL)
    return lumina_cli_fail (error);

  if (import.target != NULL)
    g_hash_table_insert (shown_roles, import.target, (gpointer) "target");

  if (cli->json)
    lumina_cli_print_json (profile);
  else
    {
      JsonObject *root = json_node_get_object (profile);

      /* Translators: a file name, its rows and columns */
      g_print (_("%s: %" G_GINT64_FORMAT " rows × %u columns\n\n"), args[1],
               json_object_get_int_member_with_default (root, "rows", 0),
               json_array_get_length (json_object_get_array_member (root, "columns")));
      lumina_cli_data_print_profile (profile, shown_roles);
    }

  return LUMINA_CLI_EXIT_OK;
}

static void
print_append_human (LuminaDatasetVersion *version,
                    gint64                appended)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);

  /* Translators: rows added, the dataset, its new version (name@N) and its rows */
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Appended %" G_GINT64_FORMAT " row to %s: now %s with %" G_GINT64_FORMAT " rows\n",
                        "Appended %" G_GINT64_FORMAT " rows to %s: now %s with %" G_GINT64_FORMAT " rows\n",
                        (gulong) MAX (appended, 0)),
           appended, lumina_dataset_version_get_name (version), ref,
           lumina_dataset_version_get_n_rows (version));
}

static void
print_append_json (LuminaDatasetVersion *version,
                   gint64                appended)
{
  g_autoptr(JsonNode) root = lumina_dataset_version_to_json (version, FALSE);

  json_object_set_int_member (json_node_get_object (root), "appended_rows", appended);
  lumina_cli_print_json (root);
}

static int
run_append (LuminaCli           *cli,
            const char          *name,
            const char          *path,
            LuminaImportOptions *options)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) before = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *label = NULL;
  gint64 appended;
  Progress progress;

  store = lumina_cli_data_open_store (cli, &error);
  if (store == NULL)
    return lumina_cli_fail (error);

  before = lumina_dataset_store_resolve (store, name, &error);
  if (before == NULL)
    return lumina_cli_fail (error);

  label = g_strdup_printf (_("Reading %s…"), path);
  progress_start (&progress, &options->csv, label);
  version = lumina_dataset_store_append (store, name, file, options, &report, NULL, &error);
  progress_finish (&progress);
  if (version == NULL)
    return lumina_cli_data_fail_report (cli, error, report);

  appended = lumina_dataset_version_get_n_rows (version) - lumina_dataset_version_get_n_rows (before);
  if (cli->json)
    print_append_json (version, appended);
  else
    print_append_human (version, appended);

  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_data_append (LuminaCli  *cli,
                        char      **args)
{
  g_autofree char *delimiter = NULL;
  const GOptionEntry entries[] = {
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter,
      N_("Field separator: one character or “tab” (default: guessed)"), N_("C") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  LuminaImportOptions options = { { 0 } };
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset to append to"));
  if (args[2] == NULL)
    return lumina_cli_usage_error (context, _("Missing the file of rows to append"));
  if (!parse_delimiter (context, delimiter, &options.csv.delimiter, &status))
    return status;

  options.csv.header = 1;
  return run_append (cli, args[1], args[2], &options);
}

static void
print_export_json (LuminaDatasetVersion *version,
                   GFile                *file)
{
  g_autofree char *ref = lumina_dataset_version_dup_ref (version);
  g_autofree char *path = g_file_get_path (file);

  lumina_cli_data_print_object ("ref", json_node_init_string (json_node_alloc (), ref),
                                "path", json_node_init_string (json_node_alloc (), path),
                                "rows", json_node_init_int (json_node_alloc (),
                                                            lumina_dataset_version_get_n_rows (version)),
                                "content_hash", json_node_init_string (json_node_alloc (),
                                                                       lumina_dataset_version_get_content_hash (version)),
                                NULL);
}

int
lumina_cli_data_export (LuminaCli  *cli,
                        char      **args)
{
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("Write the CSV to FILE (required)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *ref = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the dataset to export"));
  if (to == NULL || to[0] == '\0')
    return lumina_cli_usage_error (context, _("Missing --to FILE: where to write the CSV"));

  if ((store = lumina_cli_data_open_store (cli, &error)) == NULL ||
      (version = lumina_dataset_store_resolve (store, args[1], &error)) == NULL)
    return lumina_cli_fail (error);

  file = g_file_new_for_commandline_arg (to);
  if (!lumina_dataset_store_export (store, version, file, NULL, &error))
    return lumina_cli_fail (error);

  ref = lumina_dataset_version_dup_ref (version);
  if (cli->json)
    print_export_json (version, file);
  else
    /* Translators: a dataset version, its number of rows and a file name */
    g_print (_("Exported %s (%" G_GINT64_FORMAT " rows) to %s\n"), ref,
             lumina_dataset_version_get_n_rows (version), to);

  return LUMINA_CLI_EXIT_OK;
}
