/* test-cli.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Command tree, help, bad usage and --version of the `lumina` binary.
 * The workspace, audit and data commands are tested in
 * test-cli-workspace.c, test-cli-audit.c and test-cli-data.c.
 */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <string.h>

#include "test-cli-util.h"

typedef struct
{
  const char *args;
  const char *usage;   /* the start of the usage line expected */
} UsageCase;

static const UsageCase help_cases[] = {
  { "--help", "lumina [OPTION" },
  { "-h", "lumina [OPTION" },
  { "workspace --help", "lumina workspace [OPTION" },
  { "workspace -h", "lumina workspace [OPTION" },
  { "workspace init --help", "lumina workspace init [OPTION" },
  { "workspace info --help", "lumina workspace info [OPTION" },
  { "--json workspace info --help", "lumina workspace info [OPTION" },
  { "audit --help", "lumina audit [OPTION" },
  { "audit log --help", "lumina audit log [OPTION" },
  { "audit verify -h", "lumina audit verify [OPTION" },
};

/* Each runs with "--json --workspace WS" appended; none may touch WS. */
static const UsageCase bad_usage_cases[] = {
  { "", "lumina [OPTION" },
  { "bogus", "lumina [OPTION" },
  { "--bogus workspace info", "lumina [OPTION" },
  { "--workspace= workspace info", "lumina [OPTION" },
  { "--version extra", "lumina [OPTION" },
  { "workspace", "lumina workspace [OPTION" },
  { "workspace bogus", "lumina workspace [OPTION" },
  { "workspace init extra", "lumina workspace init [OPTION" },
  { "workspace info --bogus", "lumina workspace info [OPTION" },
  { "workspace info extra", "lumina workspace info [OPTION" },
  { "audit bogus", "lumina audit [OPTION" },
  { "audit log --limit abc", "lumina audit log [OPTION" },
  { "audit log --limit -3", "lumina audit log [OPTION" },
  { "audit log --limit 0", "lumina audit log [OPTION" },
  { "audit log --limit=99999999999", "lumina audit log [OPTION" },
  { "audit log --limit", "lumina audit log [OPTION" },
  { "audit log extra", "lumina audit log [OPTION" },
  { "audit verify extra", "lumina audit verify [OPTION" },
};

static GStrv
split_args (const char *args)
{
  if (args[0] == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (args, " ", -1);
}

static void
test_help_levels (CliFixture    *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (help_cases); i++)
    {
      g_auto(GStrv) args = split_args (help_cases[i].args);
      g_autoptr(CliResult) result = NULL;

      g_test_message ("lumina %s", help_cases[i].args);
      result = cli_runv (fixture, NULL, (const char * const *) args);
      cli_assert_exit (result, 0);
      g_assert_cmpstr (result->err, ==, "");
      g_assert_true (g_str_has_prefix (result->out, "Usage:"));
      g_assert_nonnull (strstr (result->out, help_cases[i].usage));
      g_assert_nonnull (strstr (result->out, "--workspace"));
    }
}

static void
test_help_lists_commands (CliFixture    *fixture,
                          gconstpointer  data)
{
  g_autoptr(CliResult) top = cli_run (fixture, "--help", NULL);
  g_autoptr(CliResult) audit = cli_run (fixture, "audit", "--help", NULL);
  g_autoptr(CliResult) log = cli_run (fixture, "audit", "log", "--help", NULL);

  cli_assert_exit (top, 0);
  g_assert_nonnull (strstr (top->out, "\n  workspace "));
  g_assert_nonnull (strstr (top->out, "\n  audit "));
  g_assert_nonnull (strstr (top->out, "--version"));

  cli_assert_exit (audit, 0);
  g_assert_nonnull (strstr (audit->out, "\n  log "));
  g_assert_nonnull (strstr (audit->out, "\n  verify "));

  cli_assert_exit (log, 0);
  g_assert_nonnull (strstr (log->out, "--limit"));
}

static void
test_bad_usage (CliFixture    *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_usage_cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s%s--json --workspace %s",
                                               bad_usage_cases[i].args,
                                               bad_usage_cases[i].args[0] ? " " : "",
                                               fixture->ws);
      g_auto(GStrv) args = split_args (line);
      g_autoptr(CliResult) result = NULL;

      g_test_message ("lumina %s", line);
      result = cli_runv (fixture, NULL, (const char * const *) args);
      cli_assert_exit (result, 2);
      g_assert_cmpstr (result->out, ==, "");
      g_assert_true (g_str_has_prefix (result->err, "lumina: "));
      g_assert_nonnull (strstr (result->err, "\n\nUsage:"));
      g_assert_nonnull (strstr (result->err, bad_usage_cases[i].usage));
      g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (fixture->xdg, G_FILE_TEST_EXISTS));
    }
}

static void
test_version_human (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(CliResult) result = cli_run (fixture, "--version", NULL);

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");
  g_assert_true (g_str_has_prefix (result->out, "lumina " PACKAGE_VERSION "\n"));
  g_assert_nonnull (strstr (result->out, "SQLite"));
  g_assert_nonnull (strstr (result->out, "XGBoost"));
}

static char *
run_version_json (CliFixture *fixture,
                  const char *omp_env)
{
  const char *env[] = { omp_env, NULL };
  const char *args[] = { "--version", "--json", NULL };
  g_autoptr(CliResult) result = cli_runv (fixture, env, args);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *libraries;
  JsonNode *policy;

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");
  root = cli_result_parse_json (result);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);

  libraries = json_object_get_member (object, "libraries");
  g_assert_nonnull (libraries);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (libraries) || JSON_NODE_HOLDS_VALUE (libraries));

  policy = json_object_get_member (json_object_get_object_member (object, "runtime"),
                                   "omp_wait_policy");
  g_assert_nonnull (policy);
  return JSON_NODE_HOLDS_NULL (policy) ? NULL : g_strdup (json_node_get_string (policy));
}

static void
test_version_json_passive (CliFixture    *fixture,
                           gconstpointer  data)
{
  /* Started without the variable, the CLI re-executes itself with it. */
  g_autofree char *policy = run_version_json (fixture, "OMP_WAIT_POLICY");

  g_assert_cmpstr (policy, ==, "passive");
}

static void
test_version_json_explicit (CliFixture    *fixture,
                            gconstpointer  data)
{
  g_autofree char *policy = run_version_json (fixture, "OMP_WAIT_POLICY=active");

  g_assert_cmpstr (policy, ==, "active");
}

void test_cli_add_automl_tests (void);

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_add_test ("/cli/help/levels", test_help_levels);
  cli_add_test ("/cli/help/lists-commands", test_help_lists_commands);
  cli_add_test ("/cli/usage/bad", test_bad_usage);
  cli_add_test ("/cli/version/human", test_version_human);
  cli_add_test ("/cli/version/json-passive", test_version_json_passive);
  cli_add_test ("/cli/version/json-explicit", test_version_json_explicit);
  test_cli_add_workspace_tests ();
  test_cli_add_audit_tests ();
  test_cli_add_data_tests ();
  test_cli_add_automl_tests ();

  return g_test_run ();
}
