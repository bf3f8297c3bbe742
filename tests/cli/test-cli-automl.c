/* test-cli-automl.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina automl run`, `lumina predict` and their usage errors.
 */
#define G_LOG_DOMAIN "test-cli-automl"

#include "config.h"

#include <string.h>

#include "test-cli-util.h"

void test_cli_add_automl_tests (void);

static CliResult *
ws_runv (CliFixture         *fixture,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->ws);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return cli_runv (fixture, NULL, (const char * const *) argv->pdata);
}

#define WS_RUN(fixture, ...) \
  ws_runv ((fixture), (const char * const []) { __VA_ARGS__, NULL })

static void
import_iris (CliFixture *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autoptr(CliResult) result = NULL;

  cli_init_workspace (fixture);
  result = WS_RUN (fixture, "data", "import", path, "--name", "iris");
  cli_assert_exit (result, 0);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_run_and_predict (CliFixture    *fixture,
                      gconstpointer  data)
{
  g_autofree char *iris = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autofree char *out = g_build_filename (fixture->tmpdir, "pred.csv", NULL);
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) predicted = NULL;
  g_autoptr(CliResult) by_dir = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *prefix = NULL;
  JsonObject *object;
  const char *best_run;

  import_iris (fixture);
  result = WS_RUN (fixture, "--json", "automl", "run", "--data", "iris", "--target", "species",
                   "--budget", "4", "--seed", "3");
  cli_assert_exit (result, 0);
  root = cli_result_parse_json (result);
  object = json_node_get_object (root);
  best_run = json_object_get_string_member (object, "best_run");
  g_assert_nonnull (best_run);
  g_assert_cmpstr (json_object_get_string_member (object, "metric"), ==, "accuracy");
  g_assert_true (g_file_test (json_object_get_string_member (object, "bundle"), G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "leaderboard")),
                    >, 0);

  /* By run id prefix, to a file. */
  prefix = g_strndup (best_run, 8);
  predicted = WS_RUN (fixture, "predict", "--model", prefix, "--data", iris, "--out", out);
  cli_assert_exit (predicted, 0);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "prediction"));
  g_assert_nonnull (strstr (contents, "proba_setosa"));
  g_assert_nonnull (strstr (contents, "proba_virginica"));
  g_assert_cmpuint (count_lines (contents), ==, 151);

  /* By bundle directory, to standard output. */
  by_dir = WS_RUN (fixture, "predict", "--model", json_object_get_string_member (object, "bundle"),
                   "--data", iris);
  cli_assert_exit (by_dir, 0);
  g_assert_cmpstr (by_dir->out, ==, contents);
}

static void
test_usage_errors (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliResult) no_target = NULL;
  g_autoptr(CliResult) no_dataset = NULL;
  g_autoptr(CliResult) bad_learner = NULL;
  g_autoptr(CliResult) no_model = NULL;

  import_iris (fixture);
  no_target = WS_RUN (fixture, "automl", "run", "--data", "iris");
  cli_assert_exit (no_target, 2);
  g_assert_nonnull (strstr (no_target->err, "--target"));

  no_dataset = WS_RUN (fixture, "automl", "run", "--data", "nothing", "--target", "y",
                       "--budget", "2");
  cli_assert_exit (no_dataset, 1);
  cli_assert_one_line_error (no_dataset);
  g_assert_nonnull (strstr (no_dataset->err, "nothing"));

  bad_learner = WS_RUN (fixture, "automl", "run", "--data", "iris", "--target", "species",
                        "--learners", "xgboost,svm");
  cli_assert_exit (bad_learner, 1);
  g_assert_nonnull (strstr (bad_learner->err, "svm"));

  no_model = WS_RUN (fixture, "predict", "--model", "ffffffff", "--data", "x.csv");
  cli_assert_exit (no_model, 1);
  cli_assert_one_line_error (no_model);
}

void
test_cli_add_automl_tests (void)
{
  cli_add_test ("/cli/automl/run-and-predict", test_run_and_predict);
  cli_add_test ("/cli/automl/usage-errors", test_usage_errors);
}
