/* test-cli-data.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina data …` against temporary workspaces: imports of the reference
 * datasets, versions, appends, exports, diffs, contracts and bad usage.
 */
#define G_LOG_DOMAIN "test-cli-data"

#include "config.h"

#include <string.h>

#include "test-cli-util.h"

#define SMALL_CSV "id,x,label\n1,10,a\n2,20,b\n3,30,a\n"

static char *
fixture_path (const char *file)
{
  return g_test_build_filename (G_TEST_DIST, "data", file, NULL);
}

/* Writes @contents to @name in the test's directory; returns its path. */
static char *
write_temp (CliFixture *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmpdir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs `lumina --json --workspace WS ARGS…`. */
static CliResult *
data_run (CliFixture *fixture,
          const char *first_arg,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--workspace");
  g_ptr_array_add (args, fixture->ws);
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_runv (fixture, NULL, (const char * const *) args->pdata);
}

/* Runs with --json, expects success and returns the parsed output. */
static JsonNode *
data_json (CliFixture         *fixture,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(CliResult) result = NULL;

  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->ws);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  result = cli_runv (fixture, NULL, (const char * const *) argv->pdata);
  cli_assert_exit (result, 0);
  return cli_result_parse_json (result);
}

#define DATA_JSON(fixture, ...) \
  data_json ((fixture), (const char * const []) { __VA_ARGS__, NULL })

static JsonNode *
import_file (CliFixture *fixture,
             const char *path,
             const char *name)
{
  return DATA_JSON (fixture, "data", "import", path, "--name", name);
}

static JsonObject *
schema_column (JsonNode   *version,
               const char *name)
{
  JsonObject *schema = json_object_get_object_member (json_node_get_object (version), "schema");
  JsonArray *columns = json_object_get_array_member (schema, "columns");

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member (column, "name"), name) == 0)
        return column;
    }

  g_error ("no column %s in the schema", name);
  return NULL;
}

static gint64
get_int (JsonNode   *node,
         const char *member)
{
  return json_object_get_int_member (json_node_get_object (node), member);
}

static const char *
get_string (JsonNode   *node,
            const char *member)
{
  return json_object_get_string_member (json_node_get_object (node), member);
}

static guint
count_versions (CliFixture *fixture,
                const char *name)
{
  g_autoptr(JsonNode) versions = DATA_JSON (fixture, "data", "versions", name);

  return json_array_get_length (json_node_get_array (versions));
}

typedef struct
{
  const char *file;
  gint64      n_rows;
  gint64      n_columns;
  const char *column;
  const char *type;
  gint64      missing;
} ReferenceCase;

static void
test_import_reference (CliFixture    *fixture,
                       gconstpointer  data)
{
  static const ReferenceCase cases[] = {
    { "breast_cancer.csv", 569, 31, "diagnosis", "categorical", 0 },
    { "wa_churn.csv", 7043, 20, "churn", "boolean", 0 },
    { "iris.csv", 150, 5, "species", "categorical", 0 },
    { "penguins.csv", 344, 8, "body_mass_g", "integer", 2 },
    { "seattle_weather.csv", 1461, 8, "weather", "categorical", 0 },
    { "diabetes.csv", 442, 11, "progression", "float", 0 },
    { "concrete.csv", 1030, 9, "age", "integer", 0 },
    { "diamonds.csv", 53940, 10, "price", "integer", 0 },
  };
  g_autoptr(JsonNode) list = NULL;

  cli_init_workspace (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path (cases[i].file);
      g_autoptr(JsonNode) version = NULL;
      JsonObject *column;

      g_test_message ("import %s", cases[i].file);
      /* No --name: the name comes from the file. */
      version = DATA_JSON (fixture, "data", "import", path);
      g_assert_cmpint (get_int (version, "version"), ==, 1);
      g_assert_cmpint (get_int (version, "rows"), ==, cases[i].n_rows);
      g_assert_cmpint (get_int (version, "columns"), ==, cases[i].n_columns);
      g_assert_cmpstr (get_string (version, "kind"), ==, "import");
      column = schema_column (version, cases[i].column);
      g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, cases[i].type);
      g_assert_cmpint (json_object_get_int_member (column, "missing"), ==, cases[i].missing);
    }

  list = DATA_JSON (fixture, "data", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, G_N_ELEMENTS (cases));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0),
                                                  "name"), ==, "breast_cancer");
}

static void
test_import_human (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("iris.csv");
  g_autoptr(CliResult) first = NULL;
  g_autoptr(CliResult) again = NULL;
  g_autoptr(CliResult) list = NULL;

  cli_init_workspace (fixture);
  first = data_run (fixture, "data", "import", path, NULL);
  cli_assert_exit (first, 0);
  g_assert_true (g_str_has_prefix (first->out, "Imported iris@1: 150 rows × 5 columns (content sha256 "));
  g_assert_nonnull (strstr (first->out, "COLUMN"));
  g_assert_nonnull (strstr (first->out, "\nspecies "));
  g_assert_nonnull (strstr (first->out, "categorical"));

  again = data_run (fixture, "data", "import", path, NULL);
  cli_assert_exit (again, 0);
  g_assert_true (g_str_has_prefix (again->out, "iris@1 already holds identical content\n"));

  list = data_run (fixture, "data", "list", NULL);
  cli_assert_exit (list, 0);
  g_assert_true (g_str_has_prefix (list->out, "NAME"));
  g_assert_nonnull (strstr (list->out, "\niris "));
  g_assert_nonnull (strstr (list->out, "just now"));
}

static void
test_import_reused (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fixture_path ("iris.csv");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;

  cli_init_workspace (fixture);
  first = import_file (fixture, path, "iris");
  again = import_file (fixture, path, "iris");

  g_assert_false (json_object_get_boolean_member (json_node_get_object (first), "reused"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (again), "reused"));
  g_assert_cmpint (get_int (again, "version"), ==, 1);
  g_assert_cmpstr (get_string (again, "content_hash"), ==, get_string (first, "content_hash"));
  g_assert_cmpuint (count_versions (fixture, "iris"), ==, 1);
}

static void
test_new_version_diff (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autofree char *v1 = write_temp (fixture, "v1.csv", SMALL_CSV);
  g_autofree char *v2 = write_temp (fixture, "v2.csv",
                                    "id,x,label,extra\n1,10,a,1.5\n2,,b,2.5\n3,30,a,3.5\n4,40,b,4.5\n");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) diff = NULL;
  g_autoptr(CliResult) human = NULL;
  JsonObject *rows;
  JsonArray *added;

  cli_init_workspace (fixture);
  first = import_file (fixture, v1, "small");
  second = import_file (fixture, v2, "small");
  g_assert_cmpint (get_int (second, "version"), ==, 2);
  g_assert_cmpint (get_int (second, "rows"), ==, 4);
  g_assert_cmpstr (get_string (second, "content_hash"), !=, get_string (first, "content_hash"));
  g_assert_cmpuint (count_versions (fixture, "small"), ==, 2);

  diff = DATA_JSON (fixture, "data", "diff", "small@1", "small@2");
  g_assert_cmpstr (get_string (diff, "from"), ==, "small@1");
  g_assert_cmpstr (get_string (diff, "to"), ==, "small@2");
  rows = json_object_get_object_member (json_node_get_object (diff), "rows");
  g_assert_cmpint (json_object_get_int_member (rows, "from"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (rows, "to"), ==, 4);
  added = json_object_get_array_member (json_node_get_object (diff), "added");
  g_assert_cmpuint (json_array_get_length (added), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (added, 0), ==, "extra");

  human = data_run (fixture, "data", "diff", "small@1", "small@latest", NULL);
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "small@1 → small@2\n"));
  g_assert_nonnull (strstr (human->out, "Rows: 3 → 4 (+1)"));
  g_assert_nonnull (strstr (human->out, "Added columns: extra"));
  g_assert_nonnull (strstr (human->out, "\nx "));
}

static void
test_export_round_trip (CliFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *source = fixture_path ("penguins.csv");
  g_autofree char *exported = g_build_filename (fixture->tmpdir, "out.csv", NULL);
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) export = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(CliResult) human = NULL;

  cli_init_workspace (fixture);
  original = import_file (fixture, source, "penguins");
  export = DATA_JSON (fixture, "data", "export", "penguins@1", "--to", exported);
  g_assert_cmpstr (get_string (export, "ref"), ==, "penguins@1");
  g_assert_cmpint (get_int (export, "rows"), ==, 344);
  g_assert_true (g_file_test (exported, G_FILE_TEST_IS_REGULAR));

  copy = import_file (fixture, exported, "penguins-copy");
  g_assert_cmpstr (get_string (copy, "content_hash"), ==, get_string (original, "content_hash"));
  g_assert_cmpint (get_int (copy, "rows"), ==, 344);

  human = data_run (fixture, "data", "export", "penguins", "--to", exported, NULL);
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "Exported penguins@1 (344 rows) to "));
}

static void
test_type_override (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *small = write_temp (fixture, "small.csv", SMALL_CSV);
  g_autofree char *bad = write_temp (fixture, "bad.csv", "id,x\n1,10\n2,abc\n");
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(CliResult) result = NULL;

  cli_init_workspace (fixture);
  version = DATA_JSON (fixture, "data", "import", small, "--name", "small",
                       "--type", "x=float", "--type", "label=text");
  g_assert_cmpstr (json_object_get_string_member (schema_column (version, "x"), "type"), ==, "float");
  g_assert_cmpstr (json_object_get_string_member (schema_column (version, "label"), "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (schema_column (version, "id"), "type"), ==, "integer");

  /* A value the forced type cannot read: the error names line and column. */
  result = data_run (fixture, "data", "import", bad, "--name", "bad", "--type", "x=integer", NULL);
  cli_assert_one_line_error (result);
  g_assert_nonnull (strstr (result->err, "line 3"));
  g_assert_nonnull (strstr (result->err, "column 2"));
  g_assert_nonnull (strstr (result->err, "abc"));
  g_clear_pointer (&result, cli_result_free);

  result = data_run (fixture, "data", "versions", "bad", NULL);
  cli_assert_one_line_error (result);
}

static void
test_target_and_roles (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autofree char *iris = fixture_path ("iris.csv");
  g_autofree char *small = write_temp (fixture, "small.csv", SMALL_CSV);
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) roles = NULL;

  cli_init_workspace (fixture);
  version = DATA_JSON (fixture, "data", "import", iris, "--target", "species");
  g_assert_cmpstr (get_string (version, "name"), ==, "iris");
  g_assert_cmpstr (get_string (version, "target"), ==, "species");
  g_assert_cmpstr (json_object_get_string_member (schema_column (version, "species"), "role"), ==,
                   "target");

  shown = DATA_JSON (fixture, "data", "show", "iris");
  g_assert_cmpstr (get_string (shown, "target"), ==, "species");

  roles = DATA_JSON (fixture, "data", "import", small, "--name", "small",
                     "--role", "id=id", "--role", "label=ignore");
  g_assert_cmpstr (json_object_get_string_member (schema_column (roles, "id"), "role"), ==, "id");
  g_assert_cmpstr (json_object_get_string_member (schema_column (roles, "label"), "role"), ==,
                   "ignore");
  g_assert_cmpstr (json_object_get_string_member (schema_column (roles, "x"), "role"), ==, "feature");
}

static void
test_append (CliFixture    *fixture,
             gconstpointer  data)
{
  g_autofree char *small = write_temp (fixture, "small.csv", SMALL_CSV);
  g_autofree char *more = write_temp (fixture, "more.csv", "id,x,label\n4,40,b\n5,50,a\n");
  g_autofree char *third = write_temp (fixture, "third.csv", "id,x,label\n6,60,b\n");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) appended = NULL;
  g_autoptr(CliResult) human = NULL;

  cli_init_workspace (fixture);
  first = import_file (fixture, small, "small");
  appended = DATA_JSON (fixture, "data", "append", "small", more);
  g_assert_cmpint (get_int (appended, "version"), ==, 2);
  g_assert_cmpint (get_int (appended, "rows"), ==, 5);
  g_assert_cmpint (get_int (appended, "appended_rows"), ==, 2);
  g_assert_cmpstr (get_string (appended, "kind"), ==, "append");

  human = data_run (fixture, "data", "append", "small", third, NULL);
  cli_assert_exit (human, 0);
  g_assert_cmpstr (human->out, ==, "Appended 1 row to small: now small@3 with 6 rows\n");
  g_assert_cmpuint (count_versions (fixture, "small"), ==, 3);
}

static void
test_contract_violation (CliFixture    *fixture,
                         gconstpointer  data)
{
  g_autofree char *small = write_temp (fixture, "small.csv", SMALL_CSV);
  g_autofree char *contract = write_temp (fixture, "contract.json",
                                          "{\"columns\": {\"x\": {\"type\": \"integer\", \"max\": 35}},"
                                          " \"allow_new_columns\": true}");
  g_autofree char *breaking = write_temp (fixture, "breaking.csv",
                                          "id,x,label\n1,10,a\n2,99,b\n3,77,a\n");
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) json = NULL;
  JsonObject *violation;

  cli_init_workspace (fixture);
  json_node_unref (import_file (fixture, small, "small"));
  set = DATA_JSON (fixture, "data", "contract", "small", "--set", contract);
  g_assert_cmpstr (get_string (set, "name"), ==, "small");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (set), "contract")));

  result = data_run (fixture, "data", "import", breaking, "--name", "small", NULL);
  cli_assert_exit (result, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "lumina: "));
  g_assert_nonnull (strstr (result->err, "\n  - x (max): "));
  g_assert_nonnull (strstr (result->err, "2 rows"));
  g_assert_nonnull (strstr (result->err, "row 2: 99"));
  g_assert_nonnull (strstr (result->err, "row 3: 77"));

  json = data_run (fixture, "--json", "data", "append", "small", breaking, NULL);
  cli_assert_exit (json, 1);
  report = cli_result_parse_json (json);
  g_assert_nonnull (get_string (report, "error"));
  violation = json_array_get_object_element (
      json_object_get_array_member (json_object_get_object_member (json_node_get_object (report),
                                                                   "report"),
                                    "violations"), 0);
  g_assert_cmpstr (json_object_get_string_member (violation, "column"), ==, "x");
  g_assert_cmpstr (json_object_get_string_member (violation, "rule"), ==, "max");
  g_assert_cmpint (json_object_get_int_member (violation, "count"), ==, 2);

  g_assert_cmpuint (count_versions (fixture, "small"), ==, 1);
}

static JsonNode *
contract_of (JsonNode *output)
{
  return json_object_get_member (json_node_get_object (output), "contract");
}

static void
test_contract_commands (CliFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *small = write_temp (fixture, "small.csv", SMALL_CSV);
  g_autofree char *invalid = write_temp (fixture, "invalid.json", "{\"columns\": [1, 2");
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) derived = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) flags = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) bad = NULL;
  JsonObject *contract;

  cli_init_workspace (fixture);
  json_node_unref (import_file (fixture, small, "small"));

  none = DATA_JSON (fixture, "data", "contract", "small");
  g_assert_true (JSON_NODE_HOLDS_NULL (contract_of (none)));

  derived = DATA_JSON (fixture, "data", "contract", "small", "--from", "small@1");
  contract = json_node_get_object (contract_of (derived));
  g_assert_true (json_object_has_member (json_object_get_object_member (contract, "columns"), "x"));

  human = data_run (fixture, "data", "contract", "small", NULL);
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "COLUMN"));
  g_assert_nonnull (strstr (human->out, "new columns:"));

  bad = data_run (fixture, "data", "contract", "small", "--set", invalid, NULL);
  cli_assert_one_line_error (bad);

  cleared = DATA_JSON (fixture, "data", "contract", "small", "--clear");
  g_assert_true (JSON_NODE_HOLDS_NULL (contract_of (cleared)));

  flags = DATA_JSON (fixture, "data", "schema", "small", "--allow-new-columns",
                     "--deny-missing-columns");
  contract = json_node_get_object (contract_of (flags));
  g_assert_true (json_object_get_boolean_member (contract, "allow_new_columns"));
  g_assert_false (json_object_get_boolean_member (contract, "allow_missing_columns"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (contract, "columns")), ==, 0);
}

static void
test_head (CliFixture    *fixture,
           gconstpointer  data)
{
  g_autofree char *iris = fixture_path ("iris.csv");
  g_autofree char *penguins = fixture_path ("penguins.csv");
  g_autofree char *types = write_temp (fixture, "typed.csv",
                                       "when,ok,n\n2024-01-31T10:00:00Z,true,-3\n"
                                       "2024-02-01T00:00:00Z,false,\n");
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(JsonNode) typed = NULL;
  g_autoptr(JsonNode) gaps = NULL;
  g_autoptr(CliResult) human = NULL;
  JsonObject *row;
  JsonObject *missing;
  g_auto(GStrv) lines = NULL;

  cli_init_workspace (fixture);
  json_node_unref (import_file (fixture, iris, "iris"));
  json_node_unref (import_file (fixture, penguins, "penguins"));
  json_node_unref (import_file (fixture, types, "typed"));

  head = DATA_JSON (fixture, "data", "head", "iris", "-n", "3");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (head)), ==, 3);
  row = json_array_get_object_element (json_node_get_array (head), 0);
  g_assert_cmpfloat (json_object_get_double_member (row, "sepal_length_cm"), ==, 5.1);
  g_assert_cmpstr (json_object_get_string_member (row, "species"), ==, "setosa");

  gaps = DATA_JSON (fixture, "data", "head", "penguins@1", "--rows=4");
  row = json_array_get_object_element (json_node_get_array (gaps), 0);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (row, "body_mass_g")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (row, "body_mass_g"), ==, 3750);
  missing = json_array_get_object_element (json_node_get_array (gaps), 3);
  g_assert_true (json_object_get_null_member (missing, "bill_length_mm"));
  g_assert_true (json_object_get_null_member (missing, "sex"));

  typed = DATA_JSON (fixture, "data", "head", "typed");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (typed)), ==, 2);
  row = json_array_get_object_element (json_node_get_array (typed), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "when"), ==, "2024-01-31T10:00:00Z");
  g_assert_true (json_object_get_boolean_member (row, "ok"));
  g_assert_cmpint (json_object_get_int_member (row, "n"), ==, -3);
  row = json_array_get_object_element (json_node_get_array (typed), 1);
  g_assert_false (json_object_get_boolean_member (row, "ok"));
  g_assert_true (json_object_get_null_member (row, "n"));

  human = data_run (fixture, "data", "head", "iris", NULL);
  cli_assert_exit (human, 0);
  lines = g_strsplit (human->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 12);   /* header, 10 rows, "" */
  g_assert_true (g_str_has_prefix (lines[0], "sepal_length_cm"));
  g_assert_nonnull (strstr (lines[1], "setosa"));
}

static void
test_show (CliFixture    *fixture,
           gconstpointer  data)
{
  g_autofree char *iris = fixture_path ("iris.csv");
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) versions = NULL;
  JsonObject *profile;

  cli_init_workspace (fixture);
  json_node_unref (DATA_JSON (fixture, "data", "import", iris, "--target", "species"));

  shown = DATA_JSON (fixture, "data", "show", "iris@1");
  g_assert_cmpstr (get_string (shown, "ref"), ==, "iris@1");
  profile = json_object_get_object_member (json_node_get_object (shown), "profile");
  g_assert_nonnull (profile);
  g_assert_cmpint (json_object_get_int_member (profile, "rows"), ==, 150);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profile, "columns")), ==, 5);

  human = data_run (fixture, "data", "show", "iris", NULL);
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "iris@1\n"));
  g_assert_nonnull (strstr (human->out, "content sha256"));
  g_assert_nonnull (strstr (human->out, "\nsepal_length_cm "));
  g_assert_nonnull (strstr (human->out, "mean"));
  g_assert_nonnull (strstr (human->out, "setosa 50"));

  versions = data_run (fixture, "data", "versions", "iris", NULL);
  cli_assert_exit (versions, 0);
  g_assert_true (g_str_has_prefix (versions->out, "REF"));
  g_assert_nonnull (strstr (versions->out, "\niris@1 "));
  g_assert_nonnull (strstr (versions->out, " import "));
}

static void
test_resolve_errors (CliFixture    *fixture,
                     gconstpointer  data)
{
  static const char * const refs[] = { "nothing", "iris@99", "iris@zero", "nothing@latest" };
  g_autofree char *iris = fixture_path ("iris.csv");

  cli_init_workspace (fixture);
  json_node_unref (import_file (fixture, iris, "iris"));

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_autoptr(CliResult) show = data_run (fixture, "data", "show", refs[i], NULL);
      g_autoptr(CliResult) head = data_run (fixture, "data", "head", refs[i], NULL);

      g_test_message ("ref %s", refs[i]);
      cli_assert_one_line_error (show);
      cli_assert_one_line_error (head);
    }

  {
    g_autoptr(CliResult) missing = data_run (fixture, "data", "show", "nothing", NULL);
    g_autoptr(CliResult) version = data_run (fixture, "data", "show", "iris@99", NULL);
    g_autoptr(CliResult) diff = data_run (fixture, "data", "diff", "iris@1", "iris@2", NULL);
    g_autoptr(CliResult) append = data_run (fixture, "data", "append", "nothing", iris, NULL);
    g_autoptr(CliResult) versions = data_run (fixture, "data", "versions", "nothing", NULL);
    g_autoptr(CliResult) contract = data_run (fixture, "data", "contract", "nothing", NULL);

    g_assert_nonnull (strstr (missing->err, "nothing"));
    g_assert_nonnull (strstr (version->err, "99"));
    cli_assert_one_line_error (diff);
    cli_assert_one_line_error (append);
    cli_assert_one_line_error (versions);
    cli_assert_one_line_error (contract);
  }
}

static void
test_no_workspace (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliResult) result = data_run (fixture, "data", "list", NULL);

  cli_assert_one_line_error (result);
  g_assert_nonnull (strstr (result->err, "lumina workspace init"));
  g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
}

/* Each runs as "lumina --workspace WS data ARGS"; none may touch WS. */
static const char * const bad_usage_cases[] = {
  "",
  "bogus",
  "import",
  "import a.csv b.csv",
  "import a.csv --type x",
  "import a.csv --type =float",
  "import a.csv --type x=number",
  "import a.csv --role x=boss",
  "import a.csv --delimiter ab",
  "import a.csv --header --no-header",
  "append",
  "append small",
  "append small a.csv extra",
  "list extra",
  "versions",
  "show",
  "show a b",
  "head",
  "head iris -n 0",
  "head iris -n abc",
  "export iris",
  "export --to out.csv",
  "diff iris@1",
  "diff a b c",
  "contract",
  "contract small --set a.json --clear",
  "contract small --from small@1 --set a.json",
  "schema",
  "schema small --allow-new-columns --deny-new-columns",
  "schema small --allow-missing-columns --deny-missing-columns",
  "show iris --bogus",
};

static void
test_bad_usage (CliFixture    *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_usage_cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("--workspace %s data%s%s", fixture->ws,
                                               bad_usage_cases[i][0] ? " " : "",
                                               bad_usage_cases[i]);
      g_auto(GStrv) args = g_strsplit (line, " ", -1);
      g_autoptr(CliResult) result = NULL;

      g_test_message ("lumina %s", line);
      result = cli_runv (fixture, NULL, (const char * const *) args);
      cli_assert_exit (result, 2);
      g_assert_cmpstr (result->out, ==, "");
      g_assert_true (g_str_has_prefix (result->err, "lumina: "));
      g_assert_nonnull (strstr (result->err, "\n\nUsage:"));
      g_assert_nonnull (strstr (result->err, "lumina data"));
      g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
    }
}

static void
test_help (CliFixture    *fixture,
           gconstpointer  data)
{
  static const char * const commands[] = {
    "import", "profile", "append", "list", "versions", "show", "head", "export", "diff", "contract",
    "schema",
  };
  g_autoptr(CliResult) group = cli_run (fixture, "data", "--help", NULL);
  g_autoptr(CliResult) import = cli_run (fixture, "data", "import", "--help", NULL);

  cli_assert_exit (group, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *entry = g_strdup_printf ("\n  %s ", commands[i]);

      g_assert_nonnull (strstr (group->out, entry));
    }

  cli_assert_exit (import, 0);
  g_assert_nonnull (strstr (import->out, "lumina data import [OPTION"));
  g_assert_nonnull (strstr (import->out, "--type"));
  g_assert_nonnull (strstr (import->out, "--no-header"));
}

static void
test_csv_options (CliFixture    *fixture,
                  gconstpointer  data)
{
  g_autofree char *semicolons = write_temp (fixture, "semi colons.csv", "a;b\n1;x\n2;y\n");
  g_autofree char *plain = write_temp (fixture, "plain.txt", "1,2\n3,4\n");
  g_autoptr(JsonNode) semi = NULL;
  g_autoptr(JsonNode) noheader = NULL;
  g_autoptr(CliResult) bad_name = NULL;

  cli_init_workspace (fixture);
  semi = DATA_JSON (fixture, "data", "import", semicolons, "--name", "semi", "--delimiter", ";");
  g_assert_cmpint (get_int (semi, "columns"), ==, 2);
  g_assert_cmpint (get_int (semi, "rows"), ==, 2);

  noheader = DATA_JSON (fixture, "data", "import", plain, "--no-header");
  g_assert_cmpstr (get_string (noheader, "name"), ==, "plain");
  g_assert_cmpint (get_int (noheader, "rows"), ==, 2);

  /* The default name from "semi colons.csv" is not a valid dataset name. */
  bad_name = data_run (fixture, "data", "import", semicolons, NULL);
  cli_assert_one_line_error (bad_name);
}

/* `data profile` reads a file without a workspace or a version: the same
 * profile an import records, in small chunks too; errors name the line. */
static void
test_profile_file (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *penguins = fixture_path ("penguins.csv");
  g_autoptr(GString) text = g_string_new ("n,word\n");
  g_autofree char *late = NULL;
  g_autofree char *bad = write_temp (fixture, "bad.csv", "a,b\n1,2\n3\n");
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) streamed = NULL;
  g_autoptr(JsonNode) chunked = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) broken = NULL;
  g_autoptr(CliResult) usage = NULL;
  JsonArray *columns;

  cli_init_workspace (fixture);
  imported = DATA_JSON (fixture, "data", "import", penguins, "--target", "species");
  g_clear_pointer (&imported, json_node_unref);
  imported = DATA_JSON (fixture, "data", "show", "penguins");
  streamed = DATA_JSON (fixture, "data", "profile", penguins, "--target", "species");
  g_assert_true (json_object_has_member (json_node_get_object (imported), "profile"));
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (imported), "profile"), streamed));

  /* Numbers for a megabyte, then a word: the column is text all the same. */
  for (guint r = 0; text->len < 1500000; r++)
    g_string_append_printf (text, "%u,%u\n", r, r % 7);
  g_string_append (text, "1,seven\n");
  late = write_temp (fixture, "late.csv", text->str);
  chunked = DATA_JSON (fixture, "data", "profile", late, "--chunk-mb", "1");
  columns = json_object_get_array_member (json_node_get_object (chunked), "columns");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1), "type"), ==,
                   "categorical");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (chunked), "rows"), >, 100000);

  human = cli_run (fixture, "data", "profile", penguins, "--target", "species", NULL);
  cli_assert_exit (human, 0);
  g_assert_nonnull (strstr (human->out, "344 rows × 8 columns"));
  g_assert_nonnull (strstr (human->out, "target"));

  broken = cli_run (fixture, "data", "profile", bad, NULL);
  cli_assert_one_line_error (broken);
  g_assert_nonnull (strstr (broken->err, "line 3"));
  usage = cli_run (fixture, "data", "profile", penguins, "--chunk-mb", "0", NULL);
  cli_assert_exit (usage, 2);
}

void
test_cli_add_data_tests (void)
{
  cli_add_test ("/cli/data/import/reference", test_import_reference);
  cli_add_test ("/cli/data/import/human", test_import_human);
  cli_add_test ("/cli/data/import/reused", test_import_reused);
  cli_add_test ("/cli/data/import/type-override", test_type_override);
  cli_add_test ("/cli/data/import/target-and-roles", test_target_and_roles);
  cli_add_test ("/cli/data/import/csv-options", test_csv_options);
  cli_add_test ("/cli/data/import/new-version-diff", test_new_version_diff);
  cli_add_test ("/cli/data/export/round-trip", test_export_round_trip);
  cli_add_test ("/cli/data/append", test_append);
  cli_add_test ("/cli/data/profile", test_profile_file);
  cli_add_test ("/cli/data/contract/violation", test_contract_violation);
  cli_add_test ("/cli/data/contract/commands", test_contract_commands);
  cli_add_test ("/cli/data/head", test_head);
  cli_add_test ("/cli/data/show", test_show);
  cli_add_test ("/cli/data/resolve-errors", test_resolve_errors);
  cli_add_test ("/cli/data/no-workspace", test_no_workspace);
  cli_add_test ("/cli/data/usage/bad", test_bad_usage);
  cli_add_test ("/cli/data/help", test_help);
}
