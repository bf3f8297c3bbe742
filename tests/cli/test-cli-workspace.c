/* test-cli-workspace.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina workspace init|info` and how the CLI finds its workspace.
 */
#define G_LOG_DOMAIN "test-cli-workspace"

#include "config.h"

#include <string.h>

#include "lumina-engine.h"

#include "test-cli-util.h"

static JsonNode *
workspace_info_json (CliFixture *fixture)
{
  g_autoptr(CliResult) result = cli_run (fixture, "workspace", "info", "--json",
                                         "--workspace", fixture->ws, NULL);

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");
  return cli_result_parse_json (result);
}

static void
test_init_creates (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *db_path = g_build_filename (fixture->ws, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (fixture->ws, "objects", NULL);

  result = cli_run (fixture, "--json", "workspace", "init", "--workspace", fixture->ws, NULL);
  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");

  root = cli_result_parse_json (result);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "created"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"),
                   ==, fixture->ws);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (objects, G_FILE_TEST_IS_DIR));
}

static void
test_init_idempotent (CliFixture    *fixture,
                      gconstpointer  data)
{
  g_autoptr(CliResult) again = NULL;
  g_autoptr(CliResult) again_json = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) root = NULL;

  cli_init_workspace (fixture);
  before = workspace_info_json (fixture);

  again = cli_run (fixture, "workspace", "init", "--workspace", fixture->ws, NULL);
  cli_assert_exit (again, 0);
  g_assert_nonnull (strstr (again->out, "already exists"));
  g_assert_nonnull (strstr (again->out, fixture->ws));

  again_json = cli_run (fixture, "workspace", "init", "--workspace", fixture->ws, "--json", NULL);
  cli_assert_exit (again_json, 0);
  root = cli_result_parse_json (again_json);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "created"));

  /* Nothing changed: same identity, no new event. */
  after = workspace_info_json (fixture);
  g_assert_true (json_node_equal (before, after));
}

static void
test_info_json (CliFixture    *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *info;

  cli_init_workspace (fixture);
  root = workspace_info_json (fixture);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  info = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (info, "path"), ==, fixture->ws);
  g_assert_cmpint (json_object_get_int_member (info, "schema_version"),
                   ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  g_assert_cmpuint (strlen (json_object_get_string_member (info, "id")), >, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (info, "created")), >, 0);
  g_assert_cmpint (json_object_get_int_member (info, "events"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (info, "objects"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (info, "object_bytes"), ==, 0);
}

/* Global options give the same result before and after the command. */
static void
test_info_option_position (CliFixture    *fixture,
                           gconstpointer  data)
{
  g_autoptr(CliResult) before = NULL;
  g_autoptr(CliResult) between = NULL;
  g_autoptr(CliResult) after = NULL;

  cli_init_workspace (fixture);
  before = cli_run (fixture, "--json", "--workspace", fixture->ws, "workspace", "info", NULL);
  between = cli_run (fixture, "workspace", "--json", "info", "--workspace", fixture->ws, NULL);
  after = cli_run (fixture, "workspace", "info", "--workspace", fixture->ws, "--json", NULL);

  cli_assert_exit (before, 0);
  cli_assert_exit (between, 0);
  cli_assert_exit (after, 0);
  g_assert_cmpstr (before->out, ==, after->out);
  g_assert_cmpstr (between->out, ==, after->out);
}

static void
test_info_human (CliFixture    *fixture,
                 gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_auto(GStrv) lines = NULL;
  gssize offsets[7];

  cli_init_workspace (fixture);
  result = cli_run (fixture, "workspace", "info", "--workspace", fixture->ws, NULL);
  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");

  lines = g_strsplit (result->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);   /* seven fields and the last newline */
  g_assert_true (g_str_has_prefix (lines[0], "path:"));
  g_assert_true (g_str_has_suffix (lines[0], fixture->ws));

  /* Values start in one column. */
  for (guint i = 0; i < 7; i++)
    {
      const char *colon = strchr (lines[i], ':');

      g_assert_nonnull (colon);
      offsets[i] = colon + 1 + strspn (colon + 1, " ") - lines[i];
      g_assert_cmpint (offsets[i], ==, offsets[0]);
    }
}

static void
test_default_path (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = g_build_filename (fixture->xdg, "luminaops", "default", NULL);
  g_autofree char *db_path = g_build_filename (expected, "lumina.db", NULL);
  g_autoptr(CliResult) result = cli_run (fixture, "workspace", "info", "--json", NULL);
  g_autoptr(JsonNode) root = NULL;

  cli_assert_exit (result, 0);
  root = cli_result_parse_json (result);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"),
                   ==, expected);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_missing_dir (CliFixture    *fixture,
                  gconstpointer  data)
{
  const char *commands[][2] = { { "workspace", "info" }, { "audit", "log" }, { "audit", "verify" } };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(CliResult) result = cli_run (fixture, commands[i][0], commands[i][1], "--json",
                                             "--workspace", fixture->ws, NULL);

      cli_assert_one_line_error (result);
      g_assert_nonnull (strstr (result->err, fixture->ws));
      g_assert_nonnull (strstr (result->err, "workspace init"));
      g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (fixture->xdg, G_FILE_TEST_EXISTS));
    }
}

static void
test_not_sqlite (CliFixture    *fixture,
                 gconstpointer  data)
{
  static const char garbage[] = "this is not an SQLite database, just some text\n";
  const char *commands[][2] = {
    { "workspace", "info" }, { "workspace", "init" }, { "audit", "log" }, { "audit", "verify" }
  };
  g_autofree char *db_path = g_build_filename (fixture->ws, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (fixture->ws, "objects", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (objects, 0700), ==, 0);
  g_file_set_contents (db_path, garbage, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(CliResult) result = cli_run (fixture, commands[i][0], commands[i][1],
                                             "--workspace", fixture->ws, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);

      g_test_message ("lumina %s %s", commands[i][0], commands[i][1]);
      cli_assert_one_line_error (result);
      g_assert_nonnull (strstr (result->err, db_path));

      g_file_get_contents (db_path, &contents, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (contents, ==, garbage);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
}

/* --actor is who the events are attributed to, creation included. */
static void
test_init_actor (CliFixture    *fixture,
                 gconstpointer  data)
{
  g_autoptr(CliResult) init = cli_run (fixture, "--actor", "ci-bot", "workspace", "init",
                                       "--workspace", fixture->ws, NULL);
  g_autoptr(CliResult) log = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *first;

  cli_assert_exit (init, 0);
  log = cli_run (fixture, "audit", "log", "--json", "--workspace", fixture->ws, NULL);
  cli_assert_exit (log, 0);
  root = cli_result_parse_json (log);
  first = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "workspace.created");
  g_assert_cmpstr (json_object_get_string_member (first, "actor"), ==, "ci-bot");
}

void
test_cli_add_workspace_tests (void)
{
  cli_add_test ("/cli/workspace/init-actor", test_init_actor);
  cli_add_test ("/cli/workspace/init-creates", test_init_creates);
  cli_add_test ("/cli/workspace/init-idempotent", test_init_idempotent);
  cli_add_test ("/cli/workspace/info-json", test_info_json);
  cli_add_test ("/cli/workspace/info-option-position", test_info_option_position);
  cli_add_test ("/cli/workspace/info-human", test_info_human);
  cli_add_test ("/cli/workspace/default-path", test_default_path);
  cli_add_test ("/cli/workspace/missing-dir", test_missing_dir);
  cli_add_test ("/cli/workspace/not-sqlite", test_not_sqlite);
}
