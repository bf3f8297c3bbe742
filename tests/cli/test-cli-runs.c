/* test-cli-runs.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina runs list|show|compare`: runs are recorded through the engine's
 * tracker in this process, then read by the real binary.
 */
#define G_LOG_DOMAIN "test-cli-runs"

#include "config.h"

#include <string.h>

#include "lumina-engine.h"
#include "test-cli-util.h"

/* What populate() recorded. */
typedef struct
{
  char *parent;
  char *children[3];
  char *baseline;
} Runs;

static void
runs_clear (Runs *runs)
{
  g_free (runs->parent);
  for (guint i = 0; i < G_N_ELEMENTS (runs->children); i++)
    g_free (runs->children[i]);
  g_free (runs->baseline);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Runs, runs_clear)

static char *
start (LuminaTracker *tracker,
       const char    *experiment,
       const char    *parent,
       const char    *name,
       const char    *learner,
       int            max_depth)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_int_member (params, "max_depth", max_depth);
  json_object_set_double_member (params, "eta", 0.3);
  id = lumina_tracker_start_run (tracker, experiment, parent, name, learner, params, "iris@1", 5, &error);
  g_assert_no_error (error);
  return id;
}

static void
finish (LuminaTracker *tracker,
        const char    *id,
        double         score)
{
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autoptr(GError) error = NULL;
  LuminaRunUsage usage = { 3.5, 7.0, 64 << 20 };

  json_object_set_double_member (metrics, "roc_auc", score);
  json_object_set_double_member (metrics, "accuracy", score - 0.1);
  g_assert_true (lumina_tracker_finish_run (tracker, id, LUMINA_RUN_STATUS_FINISHED, metrics, &usage, NULL, &error));
  g_assert_no_error (error);
}

/* An AutoML-like parent with three trials, and a baseline elsewhere. */
static void
populate (CliFixture *fixture,
          Runs       *runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (fixture->ws, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("{\"ok\":true}", 11);

  g_assert_no_error (error);
  tracker = lumina_tracker_new (ws);

  runs->parent = start (tracker, "search", NULL, "automl", "automl", 0);
  for (guint i = 0; i < G_N_ELEMENTS (runs->children); i++)
    {
      g_autofree char *name = g_strdup_printf ("trial-%u", i);

      runs->children[i] = start (tracker, "search", runs->parent, name, "xgboost", 3 + (int) i);
      for (guint step = 0; step < 20; step++)
        lumina_tracker_log_metric (tracker, runs->children[i], "valid_loss", step, 1.0 / (step + 1));
      g_assert_true (lumina_tracker_set_tag (tracker, runs->children[i], "metric", "roc_auc", &error));
      finish (tracker, runs->children[i], 0.8 + 0.05 * i);
    }
  g_assert_true (lumina_tracker_add_artifact (tracker, runs->parent, "report.json", report, &error));
  g_assert_true (lumina_tracker_set_note (tracker, runs->parent, "the search", &error));
  g_assert_no_error (error);
  finish (tracker, runs->parent, 0.9);

  runs->baseline = start (tracker, "baselines", NULL, "ridge", "linear", 0);
}

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

static JsonArray *
ok_json_array (CliResult *result,
               JsonNode **root)
{
  cli_assert_exit (result, 0);
  *root = cli_result_parse_json (result);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  return json_node_get_array (*root);
}

static const char *
id_at (JsonArray *array,
       guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (array, i), "id");
}

/* ---- tests ------------------------------------------------------------- */

static void
test_list (CliFixture    *fixture,
           gconstpointer  data)
{
  g_auto(Runs) runs = { NULL };
  g_autoptr(CliResult) top = NULL;
  g_autoptr(CliResult) all = NULL;
  g_autoptr(CliResult) baselines = NULL;
  g_autoptr(CliResult) children = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(JsonNode) top_root = NULL;
  g_autoptr(JsonNode) all_root = NULL;
  g_autoptr(JsonNode) baselines_root = NULL;
  g_autoptr(JsonNode) children_root = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *short_id = NULL;
  JsonArray *array;
  JsonObject *first;

  populate (fixture, &runs);

  /* Top-level runs by default; --all adds the trials. */
  top = WS_RUN (fixture, "runs", "list", "--json");
  array = ok_json_array (top, &top_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (id_at (array, 0), ==, runs.baseline);
  g_assert_cmpstr (id_at (array, 1), ==, runs.parent);

  all = WS_RUN (fixture, "runs", "list", "--all", "--json");
  array = ok_json_array (all, &all_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  g_assert_cmpstr (id_at (array, 0), ==, runs.baseline);
  g_assert_cmpstr (id_at (array, 4), ==, runs.parent);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (first, "experiment"), ==, "baselines");
  g_assert_cmpstr (json_object_get_string_member (first, "dataset_ref"), ==, "iris@1");
  g_assert_true (json_object_has_member (first, "artifacts"));
  g_assert_cmpstr (all->err, ==, "");

  baselines = WS_RUN (fixture, "runs", "list", "--experiment", "baselines", "--json");
  array = ok_json_array (baselines, &baselines_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (id_at (array, 0), ==, runs.baseline);

  /* The parent by a prefix; its children newest first. */
  prefix = g_strndup (runs.parent, 6);
  children = WS_RUN (fixture, "--json", "runs", "list", "--parent", prefix);
  array = ok_json_array (children, &children_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (id_at (array, 0), ==, runs.children[2]);
  g_assert_cmpstr (id_at (array, 2), ==, runs.children[0]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "parent_id"), ==,
                   runs.parent);

  human = WS_RUN (fixture, "runs", "list", "--all");
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "ID"));
  g_assert_nonnull (strstr (human->out, "STATUS"));
  short_id = g_strndup (runs.children[1], 12);
  g_assert_nonnull (strstr (human->out, short_id));
  g_assert_null (strstr (human->out, runs.children[1]));   /* ids are shortened */
  g_assert_nonnull (strstr (human->out, "roc_auc 0.85"));
  g_assert_nonnull (strstr (human->out, "trial-1"));
  g_assert_nonnull (strstr (human->out, "running"));
  g_assert_nonnull (strstr (human->out, "3.5 s"));
}

static void
test_list_empty (CliFixture    *fixture,
                 gconstpointer  data)
{
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;

  cli_init_workspace (fixture);
  human = WS_RUN (fixture, "runs", "list");
  cli_assert_exit (human, 0);
  g_assert_nonnull (strstr (human->out, "No runs"));

  json = WS_RUN (fixture, "runs", "list", "--json");
  g_assert_cmpuint (json_array_get_length (ok_json_array (json, &root)), ==, 0);
}

static void
test_show (CliFixture    *fixture,
           gconstpointer  data)
{
  g_auto(Runs) runs = { NULL };
  g_autofree char *prefix = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) parent = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *loss;

  populate (fixture, &runs);
  prefix = g_strndup (runs.children[0], 8);

  human = WS_RUN (fixture, "runs", "show", prefix);
  cli_assert_exit (human, 0);
  g_assert_nonnull (strstr (human->out, runs.children[0]));
  g_assert_nonnull (strstr (human->out, runs.parent));
  g_assert_nonnull (strstr (human->out, "trial-0"));
  g_assert_nonnull (strstr (human->out, "Parameters:\n"));
  g_assert_nonnull (strstr (human->out, "  max_depth = 3\n"));
  g_assert_nonnull (strstr (human->out, "Metrics:\n"));
  g_assert_nonnull (strstr (human->out, "  roc_auc = 0.8\n"));
  g_assert_nonnull (strstr (human->out, "  metric = roc_auc\n"));
  g_assert_nonnull (strstr (human->out, "valid_loss: 20 points, last 0.05"));

  parent = WS_RUN (fixture, "runs", "show", runs.parent);
  cli_assert_exit (parent, 0);
  g_assert_nonnull (strstr (parent->out, "Artifacts:\n  report.json"));
  g_assert_nonnull (strstr (parent->out, "the search"));

  json = WS_RUN (fixture, "runs", "show", runs.parent, "--json");
  cli_assert_exit (json, 0);
  root = cli_result_parse_json (json);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, runs.parent);
  g_assert_cmpint (json_object_get_int_member (object, "n_children"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "the search");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "artifacts")), ==, 1);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "step_metrics")), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&json, cli_result_free);

  json = WS_RUN (fixture, "runs", "show", prefix, "--json");
  root = cli_result_parse_json (json);
  loss = json_object_get_object_member (json_object_get_object_member (json_node_get_object (root), "step_metrics"),
                                        "valid_loss");
  g_assert_cmpint (json_object_get_int_member (loss, "points"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (loss, "last_step"), ==, 19);
  g_assert_cmpfloat (json_object_get_double_member (loss, "last_value"), ==, 1.0 / 20);
}

static void
test_compare (CliFixture    *fixture,
              gconstpointer  data)
{
  g_auto(Runs) runs = { NULL };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *depths;
  JsonArray *scores;

  populate (fixture, &runs);
  a = g_strndup (runs.children[0], 5);
  b = g_strndup (runs.children[2], 5);

  human = WS_RUN (fixture, "runs", "compare", a, b);
  cli_assert_exit (human, 0);
  g_assert_nonnull (strstr (human->out, "param.max_depth"));
  g_assert_null (strstr (human->out, "param.eta"));
  g_assert_nonnull (strstr (human->out, "metric.roc_auc"));
  g_assert_nonnull (strstr (human->out, "metric.accuracy"));
  g_assert_nonnull (strstr (human->out, "trial-2"));
  g_assert_nonnull (strstr (human->out, "1 more parameter is the same in every run"));

  json = WS_RUN (fixture, "--json", "runs", "compare", a, b, runs.baseline);
  cli_assert_exit (json, 0);
  root = cli_result_parse_json (json);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "runs")), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "runs"), 0), ==,
                   runs.children[0]);
  depths = json_object_get_array_member (json_object_get_object_member (object, "params"), "max_depth");
  g_assert_cmpint (json_array_get_int_element (depths, 0), ==, 3);
  g_assert_cmpint (json_array_get_int_element (depths, 1), ==, 5);
  g_assert_cmpint (json_array_get_int_element (depths, 2), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "same_params"), "eta"),
                     ==, 0.3);
  /* The baseline is still running: no metrics, null in its column. */
  scores = json_object_get_array_member (json_object_get_object_member (object, "metrics"), "roc_auc");
  g_assert_cmpuint (json_array_get_length (scores), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (scores, 1), ==, 0.9);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (scores, 2)));
}

/* Two runs whose ids share a prefix, written as another program would. */
static void
add_twins (CliFixture *fixture)
{
  g_autofree char *db_path = g_build_filename (fixture->ws, "lumina.db", NULL);

  cli_exec_sql (db_path,
                "INSERT INTO experiments (name, created_at) VALUES ('twins', '2026-01-01T00:00:00.000000Z');"
                "INSERT INTO runs (id, experiment_id, status, started_at) VALUES "
                "('abcd1111111111111111111111111111', (SELECT id FROM experiments WHERE name = 'twins'),"
                " 'finished', '2026-01-01T00:00:01.000000Z'),"
                "('abcd2222222222222222222222222222', (SELECT id FROM experiments WHERE name = 'twins'),"
                " 'failed', '2026-01-01T00:00:02.000000Z');");
}

static void
assert_error (CliFixture *fixture,
              const char *expected,
              const char *first_arg,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(CliResult) result = NULL;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  result = ws_runv (fixture, (const char * const *) args->pdata);
  cli_assert_one_line_error (result);
  if (strstr (result->err, expected) == NULL)
    g_test_message ("stderr: %s", result->err);
  g_assert_nonnull (strstr (result->err, expected));
}

static void
test_prefix_errors (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(CliResult) exact = NULL;
  g_autoptr(CliResult) unique = NULL;

  cli_init_workspace (fixture);
  add_twins (fixture);

  assert_error (fixture, "at least 4 characters", "runs", "show", "abc", NULL);
  assert_error (fixture, "matches 2 runs", "runs", "show", "abcd", NULL);
  assert_error (fixture, "abcd1111111111111111111111111111", "runs", "compare", "ABCD", "abcd2", NULL);
  assert_error (fixture, "No run “ffff0000”", "runs", "show", "ffff0000", NULL);
  assert_error (fixture, "No run", "runs", "list", "--parent", "ffff0000", NULL);
  assert_error (fixture, "matches 2 runs", "--json", "runs", "list", "--parent", "abcd", NULL);

  /* One more character makes it unique; case does not matter. */
  unique = WS_RUN (fixture, "runs", "show", "ABCD2");
  cli_assert_exit (unique, 0);
  g_assert_nonnull (strstr (unique->out, "abcd2222222222222222222222222222"));
  g_assert_nonnull (strstr (unique->out, "failed"));
  exact = WS_RUN (fixture, "runs", "show", "abcd1111111111111111111111111111", "--json");
  cli_assert_exit (exact, 0);
}

static void
test_usage (CliFixture    *fixture,
            gconstpointer  data)
{
  const char *cases[][5] = {
    { "runs", "show", NULL, NULL },
    { "runs", "compare", "abcd1", NULL },
    { "runs", "list", "extra", NULL },
    { "runs", "show", "abcd1", "abcd2" },
    { "runs", "bogus", NULL, NULL },
  };
  g_autoptr(CliResult) help = NULL;
  g_autoptr(CliResult) missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CliResult) result = ws_runv (fixture, cases[i]);

      cli_assert_exit (result, 2);
      g_assert_cmpstr (result->out, ==, "");
      g_assert_nonnull (strstr (result->err, "Usage:"));
      g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
    }

  help = cli_run (fixture, "runs", "--help", NULL);
  cli_assert_exit (help, 0);
  g_assert_nonnull (strstr (help->out, "\n  list "));
  g_assert_nonnull (strstr (help->out, "\n  show "));
  g_assert_nonnull (strstr (help->out, "\n  compare "));
  g_assert_nonnull (strstr (help->out, "\n  rerun "));

  /* No workspace there: one clear line, nothing created. */
  missing = WS_RUN (fixture, "runs", "list");
  cli_assert_one_line_error (missing);
  g_assert_false (g_file_test (fixture->ws, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_add_test ("/cli/runs/list", test_list);
  cli_add_test ("/cli/runs/list-empty", test_list_empty);
  cli_add_test ("/cli/runs/show", test_show);
  cli_add_test ("/cli/runs/compare", test_compare);
  cli_add_test ("/cli/runs/prefix-errors", test_prefix_errors);
  cli_add_test ("/cli/runs/usage", test_usage);

  return g_test_run ();
}
