/* test-cli-models.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina models`: runs with real model bundles (linear models fitted on
 * iris in this process, saved where AutoML saves them) are registered,
 * moved, gated, approved, rolled back, carded and exported by the real
 * binary; outputs are read as JSON.
 */
#define G_LOG_DOMAIN "test-cli-models"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "lumina-engine.h"
#include "test-cli-util.h"

/* Fits a linear model on iris (@params may cripple it), records a
 * finished run and saves its bundle; returns the run id. */
static char *
make_run (LuminaWorkspace *ws,
          JsonObject      *params)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
  const LuminaColumn *target = lumina_frame_get_column (frame, lumina_frame_find_column (frame, "species"));
  g_autoptr(LuminaLabels) labels = lumina_labels_fit (target, LUMINA_TASK_MULTICLASS, NULL);
  g_autofree double *y = lumina_labels_encode (labels, target, NULL);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (ws);
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autofree double *pred = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *parent = NULL;
  char *run_id;

  lumina_preprocessor_set_task (pre, LUMINA_TASK_MULTICLASS, 3);
  g_assert_true (lumina_preprocessor_fit (pre, frame, "species", y, &error));
  x = lumina_preprocessor_transform (pre, frame, &error);
  learner = lumina_learner_new ("linear", LUMINA_TASK_MULTICLASS, 3, params, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  model = lumina_model_new ("species", labels);
  lumina_model_add_member (model, pre, learner, 1.0);
  pred = lumina_model_predict (model, frame, &error);
  g_assert_no_error (error);
  json_object_set_double_member (metrics, "accuracy",
                                 lumina_metric_compute (LUMINA_METRIC_ACCURACY, LUMINA_TASK_MULTICLASS, 3, y, pred,
                                                        NULL, lumina_frame_get_n_rows (frame)));

  run_id = lumina_tracker_start_run (tracker, "cli", NULL, "linear", "linear", params, "iris@1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, run_id, LUMINA_RUN_STATUS_FINISHED, metrics, NULL, NULL,
                                            &error));
  lumina_model_set_metrics (model, metrics);
  lumina_model_set_lineage (model, "iris@1", NULL, run_id);
  bundle = lumina_automl_bundle_path_for_run (ws, run_id);
  parent = g_path_get_dirname (bundle);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (lumina_model_save (model, bundle, &error));
  g_assert_no_error (error);
  return run_id;
}

/* A good run and a much worse one. */
static void
populate (CliFixture  *fixture,
          char       **good,
          char       **bad)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (fixture->ws, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_autoptr(JsonObject) strong = json_object_new ();

  g_assert_no_error (error);
  json_object_set_string_member (strong, "penalty", "l1");
  json_object_set_double_member (strong, "alpha", 0.5);
  *good = make_run (ws, NULL);
  *bad = make_run (ws, strong);
}

static CliResult *
ws_runv (CliFixture         *fixture,
         const char * const *env,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->ws);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  return cli_runv (fixture, env, (const char * const *) argv->pdata);
}

#define WS_RUN(fixture, ...) \
  ws_runv ((fixture), NULL, (const char * const []) { __VA_ARGS__, NULL })
#define WS_RUN_AS(fixture, actor, ...) \
  ws_runv ((fixture), (const char * const []) { "LUMINA_ACTOR=" actor, NULL }, \
           (const char * const []) { __VA_ARGS__, NULL })

/* Runs a command that must succeed and print JSON. */
static JsonNode *
ok_json (CliResult *result)
{
  if (result->status != 0)
    g_test_message ("stderr: %s", result->err);
  cli_assert_exit (result, 0);
  return cli_result_parse_json (result);
}

#define OK_JSON(root, fixture, ...)                                   \
  G_STMT_START {                                                      \
    g_autoptr(CliResult) _result = WS_RUN (fixture, __VA_ARGS__);     \
    g_clear_pointer (&(root), json_node_unref);                       \
    (root) = ok_json (_result);                                       \
  } G_STMT_END

static void
assert_fails (CliResult  *result,
              int         status,
              const char *message)
{
  g_test_message ("%s", result->err);
  cli_assert_exit (result, status);
  g_assert_nonnull (strstr (result->err, message));
}

/* ---- tests ------------------------------------------------------------- */

static void
test_register_and_list (CliFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(CliResult) versions = NULL;
  JsonObject *object;

  populate (fixture, &good, &bad);
  prefix = g_strndup (good, 8);

  OK_JSON (root, fixture, "--json", "models", "register", prefix, "--name", "iris", "--reason", "first");
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "run_id"), ==, good);
  g_assert_cmpstr (json_object_get_string_member (object, "stage"), ==, "dev");
  g_assert_true (g_file_test (json_object_get_string_member (object, "bundle"), G_FILE_TEST_IS_DIR));

  OK_JSON (root, fixture, "models", "register", bad, "--name", "iris", "--json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 2);

  OK_JSON (root, fixture, "--json", "models", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "iris");
  g_assert_cmpint (json_object_get_int_member (object, "n_versions"), ==, 2);

  OK_JSON (root, fixture, "--json", "models", "versions", "iris");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (root), 0),
                                               "version"), ==, 2);

  OK_JSON (root, fixture, "--json", "models", "show", "iris");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "versions")),
                    ==, 2);
  OK_JSON (root, fixture, "--json", "models", "show", "iris@1");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);
  OK_JSON (root, fixture, "--json", "models", "show", "iris/2");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 2);

  human = WS_RUN (fixture, "models", "list");
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "NAME"));
  g_assert_nonnull (strstr (human->out, "iris"));
  versions = WS_RUN (fixture, "models", "versions", "iris");
  cli_assert_exit (versions, 0);
  g_assert_true (g_str_has_prefix (versions->out, "VERSION"));
  g_assert_nonnull (strstr (versions->out, "accuracy"));
}

static void
test_gates_and_rollback (CliFixture    *fixture,
                         gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) refused = NULL;
  g_autoptr(CliResult) refused_json = NULL;
  g_autoptr(CliResult) human = NULL;
  g_autoptr(JsonNode) refusal = NULL;
  g_autoptr(GDateTime) between = NULL;
  g_autofree char *between_text = NULL;
  JsonArray *moves;
  JsonObject *object;

  populate (fixture, &good, &bad);
  OK_JSON (root, fixture, "--json", "models", "register", good, "--name", "iris");
  OK_JSON (root, fixture, "--json", "models", "register", bad, "--name", "iris");

  OK_JSON (root, fixture, "--json", "models", "alias", "iris", "1", "champion", "--reason", "launch");
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "alias"), ==, "champion");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "gates"), "passed"));
  between = g_date_time_new_now_utc ();
  between_text = g_date_time_format_iso8601 (between);

  /* The worse version is refused, naming the gate and the figures. */
  refused = WS_RUN (fixture, "models", "alias", "iris", "2", "champion");
  assert_fails (refused, 1, "metric gate: accuracy 0.333333");
  g_assert_nonnull (strstr (refused->err, "lumina: Version 2 of “iris” cannot become its champion"));
  refused_json = WS_RUN (fixture, "--json", "models", "promote", "iris", "2", "--to", "production");
  assert_fails (refused_json, 1, "metric gate");
  refusal = cli_result_parse_json (refused_json);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (refusal),
                                                                                 "gates"), "passed"));

  /* Forced, it moves, and says the gates failed. */
  OK_JSON (root, fixture, "--json", "models", "alias", "iris", "2", "champion", "--force", "--reason", "hotfix");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (root), "gates"),
                                                  "passed"));

  OK_JSON (root, fixture, "--json", "models", "rollback", "iris", "champion", "--reason", "errors");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);

  OK_JSON (root, fixture, "--json", "models", "history", "iris", "--alias", "champion");
  moves = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (moves), ==, 3);
  object = json_array_get_object_element (moves, 2);
  g_assert_cmpint (json_object_get_int_member (object, "previous"), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "reason"), "rollback to version 1: errors"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_array_get_object_element (moves, 1),
                                                                                "details"), "forced"));

  /* Where champion pointed between the first and the second move. */
  OK_JSON (root, fixture, "--json", "models", "history", "iris", "--at", between_text);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "aliases"),
                                               "champion"), ==, 1);
  OK_JSON (root, fixture, "--json", "models", "history", "iris", "--at", "2000-01-01 00:00");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (root), "aliases")),
                    ==, 0);

  human = WS_RUN (fixture, "models", "history", "iris");
  cli_assert_exit (human, 0);
  g_assert_true (g_str_has_prefix (human->out, "TIME"));
  g_assert_nonnull (strstr (human->out, "rollback to version 1"));
}

static void
test_approval (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) registered = NULL;
  g_autoptr(CliResult) self_approval = NULL;
  g_autoptr(CliResult) unapproved = NULL;
  g_autoptr(CliResult) approved = NULL;
  g_autoptr(CliResult) moved = NULL;
  g_autoptr(JsonNode) approval = NULL;
  g_autoptr(JsonNode) moved_root = NULL;

  populate (fixture, &good, &bad);
  registered = WS_RUN_AS (fixture, "alice", "models", "register", good, "--name", "iris");
  cli_assert_exit (registered, 0);

  OK_JSON (root, fixture, "--json", "models", "gates", "iris", "--require-approval", "yes", "--tolerance", "0.01");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "require_approval"));
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "tolerance"), ==, 0.01);

  self_approval = WS_RUN_AS (fixture, "alice", "models", "approve", "iris", "1");
  assert_fails (self_approval, 1, "cannot also approve");
  unapproved = WS_RUN_AS (fixture, "alice", "models", "alias", "iris", "1", "champion");
  assert_fails (unapproved, 1, "approval gate");

  /* --actor wins over $LUMINA_ACTOR. */
  approved = WS_RUN_AS (fixture, "alice", "--actor", "bob", "--json", "models", "approve", "iris", "1");
  approval = ok_json (approved);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (approval), "approved_by"), ==, "bob");

  moved = WS_RUN_AS (fixture, "alice", "--json", "models", "alias", "iris", "1", "champion");
  moved_root = ok_json (moved);
  OK_JSON (root, fixture, "--json", "models", "show", "iris@champion");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "approvals")),
                    ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "actor"), ==, "alice");
}

static void
test_promote_card_export (CliFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *dest = g_build_filename (fixture->tmpdir, "exported", NULL);
  g_autofree char *card_file = g_build_filename (dest, "model-card.json", NULL);
  g_autofree char *card_text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) unknown_stage = NULL;
  g_autoptr(CliResult) again = NULL;
  g_autoptr(CliResult) card_human = NULL;

  populate (fixture, &good, &bad);
  OK_JSON (root, fixture, "--json", "models", "register", good, "--name", "iris");

  OK_JSON (root, fixture, "--json", "models", "promote", "iris", "1", "--to", "staging", "--reason", "ready");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "stage"), ==, "staging");
  unknown_stage = WS_RUN (fixture, "models", "promote", "iris", "1", "--to", "qa");
  assert_fails (unknown_stage, 1, "Unknown stage “qa”");
  OK_JSON (root, fixture, "--json", "models", "stages");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 4);

  OK_JSON (root, fixture, "--json", "models", "card", "iris", "1", "--set-description", "Iris species.",
           "--set-limitations", "Three species only.");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "description"), ==, "Iris species.");
  card_human = WS_RUN (fixture, "models", "card", "iris", "1");
  cli_assert_exit (card_human, 0);
  g_assert_nonnull (strstr (card_human->out, "Three species only."));

  OK_JSON (root, fixture, "--json", "models", "export", "iris", "--to", dest);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "directory"), ==, dest);
  g_assert_true (g_file_get_contents (card_file, &card_text, NULL, NULL));
  g_assert_nonnull (strstr (card_text, "Iris species."));
  again = WS_RUN (fixture, "models", "export", "iris@1", "--to", dest);
  assert_fails (again, 1, "already exists");
}

static void
test_errors (CliFixture    *fixture,
             gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *usage[][6] = {
    { "models", "register", NULL },
    { "models", "alias", "iris", "one", "champion", NULL },
    { "models", "alias", "iris", "1", NULL },
    { "models", "promote", "iris", "1", NULL },
    { "models", "gates", "iris", "--require-approval", "maybe", NULL },
    { "models", "bogus", NULL },
  };
  const char *failures[][6] = {
    { "models", "register", "ffff0000", "--name", "iris", NULL },
    { "models", "show", "nothing", NULL },
    { "models", "show", "iris@challenger", NULL },
    { "models", "rollback", "iris", "champion", NULL },
    { "models", "alias", "iris", "9", "champion", NULL },
    { "models", "history", "iris", "--at", "yesterday", NULL },
  };
  g_autoptr(CliResult) help = NULL;
  g_autoptr(CliResult) no_name = NULL;
  g_autoptr(CliResult) bad_name = NULL;

  populate (fixture, &good, &bad);
  no_name = WS_RUN (fixture, "models", "register", good);
  assert_fails (no_name, 2, "--name");
  bad_name = WS_RUN (fixture, "models", "register", good, "--name", "no/slash");
  cli_assert_one_line_error (bad_name);
  OK_JSON (root, fixture, "--json", "models", "register", good, "--name", "iris");

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autoptr(CliResult) result = ws_runv (fixture, NULL, usage[i]);

      cli_assert_exit (result, 2);
      g_assert_nonnull (strstr (result->err, "Usage:"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autoptr(CliResult) result = ws_runv (fixture, NULL, failures[i]);

      g_test_message ("%s", result->err);
      cli_assert_one_line_error (result);
    }

  help = cli_run (fixture, "models", "--help", NULL);
  cli_assert_exit (help, 0);
  for (const char * const *name = (const char * const []) { "register", "list", "show", "versions", "history",
                                                             "alias", "promote", "approve", "rollback", "gates",
                                                             "card", "export", NULL };
       *name != NULL; name++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", *name);

      g_assert_nonnull (strstr (help->out, line));
    }
}

/* ---- deployments --------------------------------------------------------- */

static JsonObject *
deployment_settings (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "settings");
}

/* An HTTP GET on 127.0.0.1:@port; returns the status line. */
static char *
http_get_status (guint16     port,
                 const char *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, &error));
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  return g_strchomp (g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error));
}

static void
test_deploy (CliFixture    *fixture,
             gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) refused = NULL;
  g_autoptr(CliResult) unknown = NULL;
  g_autoptr(CliResult) wrong = NULL;
  g_autoptr(CliResult) deleted = NULL;
  g_autoptr(GSubprocess) run = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *status = NULL;
  g_autofree char *port_text = NULL;
  guint16 port;

  populate (fixture, &good, &bad);
  OK_JSON (root, fixture, "--json", "models", "register", good, "--name", "iris");
  OK_JSON (root, fixture, "--json", "models", "register", bad, "--name", "iris");
  OK_JSON (root, fixture, "--json", "models", "alias", "iris", "1", "champion");

  OK_JSON (root, fixture, "--json", "deploy", "create", "api", "iris@champion", "--workers", "3");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "wanted"), ==, "stopped");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (deployment_settings (root), "workers"), ==, 3);
  port = (guint16) json_object_get_int_member (deployment_settings (root), "port");
  g_assert_cmpuint (port, >=, 8080);

  unknown = WS_RUN (fixture, "deploy", "create", "other", "nosuch@champion");
  assert_fails (unknown, 1, "nosuch");
  wrong = WS_RUN (fixture, "deploy", "create", "other", "iris@champion", "--mode", "mirror");
  assert_fails (wrong, 1, "mode");

  OK_JSON (root, fixture, "--json", "deploy", "update", "api", "--challenger", "iris@2", "--mode", "shadow");
  g_assert_cmpstr (json_object_get_string_member (deployment_settings (root), "challenger"), ==, "iris@2");
  OK_JSON (root, fixture, "--json", "deploy", "scale", "api", "2");
  g_assert_cmpint (json_object_get_int_member (deployment_settings (root), "workers"), ==, 2);
  OK_JSON (root, fixture, "--json", "deploy", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);

  /* Wanted running: `deploy run` serves it, and Ctrl+C drains and exits. */
  OK_JSON (root, fixture, "--json", "deploy", "start", "api");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "wanted"), ==, "running");
  refused = WS_RUN (fixture, "deploy", "delete", "api");
  assert_fails (refused, 1, "stop it");

  run = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli_binary_path (), "--workspace", fixture->ws,
                          "deploy", "run", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  port_text = g_strdup_printf (":%u/v2/models/api", port);
  g_assert_nonnull (strstr (line, port_text));
  status = http_get_status (port, "/v2/models/api/ready");
  g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK");

  g_subprocess_send_signal (run, SIGINT);
  g_assert_true (g_subprocess_wait (run, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (run));
  g_assert_cmpint (g_subprocess_get_exit_status (run), ==, 0);

  OK_JSON (root, fixture, "--json", "deploy", "stop", "api");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "wanted"), ==, "stopped");
  deleted = WS_RUN (fixture, "deploy", "delete", "api");
  cli_assert_exit (deleted, 0);
  OK_JSON (root, fixture, "--json", "deploy", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_add_test ("/cli/models/register-and-list", test_register_and_list);
  cli_add_test ("/cli/models/gates-and-rollback", test_gates_and_rollback);
  cli_add_test ("/cli/models/approval", test_approval);
  cli_add_test ("/cli/models/promote-card-export", test_promote_card_export);
  cli_add_test ("/cli/models/errors", test_errors);
  cli_add_test ("/cli/deploy/lifecycle", test_deploy);

  return g_test_run ();
}
