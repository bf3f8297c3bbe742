/* test-cli-serve.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina serve`: the real binary, queried over HTTP, stopped by SIGINT.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "test-cli-util.h"
#include "test-serve-util.h"

static GBytes *
request (SoupSession *session,
         const char  *method,
         const char  *url,
         const char  *content_type,
         const char  *body,
         guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (body != NULL)
    {
      g_autoptr(GBytes) payload = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, payload);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return bytes;
}

/* The rows of iris.csv without the target, as CSV. */
static char *
write_inputs (CliFixture *fixture)
{
  g_autoptr(LuminaFrame) frame = serve_test_load_csv ("iris.csv");
  guint keep[] = { 0, 1, 2, 3 };
  g_autoptr(LuminaFrame) inputs = lumina_frame_select (frame, keep, 4);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "inputs.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_csv_write_frame (inputs, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  return g_steal_pointer (&path);
}

/* `lumina predict` on the same rows: proba_<class> columns by row. */
static LuminaFrame *
predict_with_cli (CliFixture *fixture,
                  const char *bundle,
                  const char *inputs)
{
  g_autofree char *out = g_build_filename (fixture->tmpdir, "predicted.csv", NULL);
  g_autoptr(CliResult) result = cli_run (fixture, "predict", "--model", bundle, "--data", inputs,
                                         "--out", out, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame;

  cli_assert_exit (result, 0);
  frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return frame;
}

static void
compare_predictions (LuminaFrame *expected,
                     GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *predictions;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  predictions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "predictions");
  g_assert_cmpuint (json_array_get_length (predictions), ==, lumina_frame_get_n_rows (expected));
  for (guint c = 0; c < lumina_frame_get_n_columns (expected); c++)
    {
      const LuminaColumn *column = lumina_frame_get_column (expected, c);

      for (guint r = 0; r < json_array_get_length (predictions); r++)
        {
          JsonObject *record = json_array_get_object_element (predictions, r);

          if (g_str_has_prefix (column->name, "proba_"))
            g_assert_cmpfloat_with_epsilon (json_object_get_double_member (record, column->name),
                                            column->f64[r], 1e-9);
          else if (g_strcmp0 (column->name, "prediction") == 0)
            g_assert_cmpstr (json_object_get_string_member (record, "prediction"), ==,
                             lumina_column_get_string (column, r));
        }
    }
}

static void
test_serve_and_interrupt (CliFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *bundle = serve_test_train (fixture->tmpdir, "iris-bundle", "iris.csv", "species", "xgboost");
  g_autofree char *inputs = write_inputs (fixture);
  g_autoptr(LuminaFrame) expected = predict_with_cli (fixture, bundle, inputs);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ready = NULL;
  g_autoptr(GBytes) scored = NULL;
  g_autoptr(GBytes) metrics = NULL;
  g_autofree char *line = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  JsonObject *info;
  guint status = 0;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->xdg, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli_binary_path (), "serve", bundle, "--port", "0",
                                         "--workers", "2", "--batch-window", "1", "--json", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  info = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (info, "port"), >, 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (info, "endpoints"), 0), ==,
                   "iris-bundle");

  url = g_strdup_printf ("%s/v2/health/ready", json_object_get_string_member (info, "url"));
  ready = request (session, "GET", url, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (g_file_get_contents (inputs, &csv, NULL, &error));
  g_free (url);
  url = g_strdup_printf ("%s/invocations", json_object_get_string_member (info, "url"));
  scored = request (session, "POST", url, "text/csv", csv, &status);
  g_assert_cmpuint (status, ==, 200);
  compare_predictions (expected, scored);

  g_free (url);
  url = g_strdup_printf ("%s/metrics", json_object_get_string_member (info, "url"));
  metrics = request (session, "GET", url, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (metrics, NULL), "lumina_serve_requests_total{model=\"iris-bundle\""));

  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serve_usage (CliFixture    *fixture,
                  gconstpointer  data)
{
  g_autoptr(CliResult) missing = cli_run (fixture, "serve", NULL);
  g_autoptr(CliResult) bad = cli_run (fixture, "serve", "/nonexistent/bundle", "--port", "0", NULL);

  cli_assert_exit (missing, 2);
  g_assert_cmpint (bad->status, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  cli_add_test ("/cli/serve/serve-and-interrupt", test_serve_and_interrupt);
  cli_add_test ("/cli/serve/usage", test_serve_usage);

  return g_test_run ();
}
