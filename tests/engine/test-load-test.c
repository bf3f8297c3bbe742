/* test-load-test.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The load generator against a real model server on 127.0.0.1 serving a
 * model trained here and registered with its training dataset: bodies
 * from real rows (and the fallback when the dataset is gone), counts that
 * add up with the server's own, errors by status for a bad payload,
 * cancel, and the steps of a ramp.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"
#include "test-serve-util.h"

typedef struct
{
  char              *path;
  LuminaWorkspace   *ws;
  LuminaRegistry    *registry;
  LuminaModelServer *server;
  char              *url;
} Fixture;

static char *
make_run (Fixture    *f,
          const char *dataset_ref)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (f->ws);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundles = g_build_filename (f->path, "bundles", NULL);
  g_autofree char *bundle = NULL;
  char *run_id;

  run_id = lumina_tracker_start_run (tracker, "load", NULL, "linear", "linear", NULL, dataset_ref, 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, run_id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_cmpint (g_mkdir_with_parents (bundles, 0755), ==, 0);
  bundle = serve_test_train (bundles, run_id, "iris.csv", "species", "linear");
  return run_id;
}

static void
import_iris (Fixture *f)
{
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (f->ws);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  LuminaImportOptions options = { .csv = { .header = -1 }, .target = "species" };
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(GError) error = NULL;

  version = lumina_dataset_store_import (store, "iris", file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_dataset_version_get_number (version), ==, 1);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *run1 = NULL;
  g_autofree char *run2 = NULL;
  g_autofree char *base = NULL;

  f->path = g_dir_make_tmp ("lumina-load-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->registry = lumina_registry_new (f->ws);
  import_iris (f);

  run1 = make_run (f, "iris@1");
  run2 = make_run (f, "deleted@3");
  g_assert_cmpuint (lumina_registry_register (f->registry, run1, "iris", NULL, "first", &error), ==, 1);
  g_assert_cmpuint (lumina_registry_register (f->registry, run2, "iris", NULL, "second", &error), ==, 2);
  g_assert_no_error (error);

  f->server = lumina_model_server_new (f->ws);
  lumina_model_server_set_resolver (f->server, (LuminaServeResolveFunc) lumina_registry_resolve,
                                    g_object_ref (f->registry), g_object_unref);
  g_assert_true (lumina_model_server_add_ref (f->server, "iris", "iris@1", &error));
  lumina_model_server_set_workers (f->server, 2);
  g_assert_true (lumina_model_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  base = lumina_model_server_dup_url (f->server);
  f->url = g_strconcat (base, "/invocations", NULL);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gboolean stopped = FALSE;

  lumina_model_server_stop_async (f->server, 2000, NULL, stopped_cb, &stopped);
  serve_test_iterate_until (flag_set, &stopped, 10000);
  g_clear_object (&f->server);
  g_clear_object (&f->registry);
  g_clear_object (&f->ws);
  serve_test_remove_tree (f->path);
  g_free (f->path);
  g_free (f->url);
}

typedef struct
{
  JsonObject *summary;
  GError     *error;
  gboolean    done;
  guint       n_samples;
  guint       n_steps;
  guint64     sampled;
} RunResult;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunResult *r = user_data;

  r->summary = lumina_load_test_run_finish (LUMINA_LOAD_TEST (object), result, &r->error);
  r->done = TRUE;
}

static void
sample_cb (LuminaLoadTest   *test,
           LuminaLoadSample *sample,
           RunResult        *r)
{
  g_assert_true (lumina_load_test_get_running (test));
  r->n_samples++;
  r->sampled += sample->requests;
  g_assert_cmpuint (sample->errors, <=, sample->requests);
}

static void
step_cb (LuminaLoadTest   *test,
         LuminaLoadSample *step,
         RunResult        *r)
{
  r->n_steps++;
}

static void
run_test (LuminaLoadTest *test,
          RunResult      *r,
          GCancellable   *cancellable)
{
  g_signal_connect (test, "sample", G_CALLBACK (sample_cb), r);
  g_signal_connect (test, "step", G_CALLBACK (step_cb), r);
  lumina_load_test_run_async (test, cancellable, run_done_cb, r);
  g_assert_true (lumina_load_test_get_running (test));
  serve_test_iterate_until (flag_set, &r->done, 60000);
  g_assert_false (lumina_load_test_get_running (test));
}

static guint64
served_requests (Fixture *f)
{
  g_autoptr(GPtrArray) stats = lumina_model_server_get_stats (f->server);
  guint64 total = 0;

  for (guint i = 0; i < stats->len; i++)
    total += ((LuminaServeStats *) g_ptr_array_index (stats, i))->requests;
  return total;
}

static void
test_body (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *fallback_note = NULL;
  g_autofree char *body = NULL;
  g_autofree char *fallback = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HttpReply) reply = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  gboolean from_dataset = FALSE;
  JsonObject *split;
  JsonArray *rows;

  body = lumina_load_test_build_body (f->registry, "iris@1", 5, &from_dataset, &note, &error);
  g_assert_no_error (error);
  g_assert_true (from_dataset);
  g_assert_cmpstr (note, ==, "5 rows of iris@1");
  node = json_from_string (body, &error);
  g_assert_no_error (error);
  split = json_object_get_object_member (json_node_get_object (node), "dataframe_split");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (split, "columns")), ==, 4);
  g_assert_null (strstr (body, "species"));
  rows = json_object_get_array_member (split, "data");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  /* The first row of tests/data/iris.csv. */
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (rows, 0), 0), 5.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (rows, 0), 3), 0.2, 1e-9);

  reply = http_call (session, "POST", f->url, "application/json", body);
  g_assert_cmpuint (reply->status, ==, 200);

  /* Version 2 was trained on a dataset the workspace no longer has. */
  fallback = lumina_load_test_build_body (f->registry, "iris@2", 2, &from_dataset, &fallback_note, &error);
  g_assert_no_error (error);
  g_assert_false (from_dataset);
  g_assert_nonnull (strstr (fallback_note, "deleted@3"));
  g_clear_pointer (&reply, http_reply_free);
  reply = http_call (session, "POST", f->url, "application/json", fallback);
  g_assert_cmpuint (reply->status, ==, 200);

  g_assert_null (lumina_load_test_build_body (f->registry, "nosuch@1", 1, NULL, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_constant (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaLoadTest) test = lumina_load_test_new (f->url);
  g_autofree char *body = lumina_load_test_build_body (f->registry, "iris@1", 4, NULL, NULL, &error);
  RunResult r = { 0 };
  guint64 before = served_requests (f);
  guint64 requests;
  GArray *samples;
  JsonObject *status;

  lumina_load_test_set_body (test, NULL, body);
  lumina_load_test_set_concurrency (test, 4);
  lumina_load_test_set_duration (test, 2.0);
  run_test (test, &r, NULL);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.summary);

  requests = json_object_get_int_member (r.summary, "requests");
  g_test_message ("%" G_GUINT64_FORMAT " requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, client busy %.0f %%",
                  requests, json_object_get_double_member (r.summary, "rps"),
                  json_object_get_double_member (r.summary, "p50_ms"),
                  json_object_get_double_member (r.summary, "p99_ms"),
                  100 * json_object_get_double_member (r.summary, "client_busy"));
  g_assert_cmpuint (requests, >, 10);
  g_assert_cmpint (json_object_get_int_member (r.summary, "errors"), ==, 0);
  status = json_object_get_object_member (r.summary, "status");
  g_assert_cmpint (json_object_get_int_member (status, "200"), ==, requests);
  g_assert_cmpuint (json_object_get_size (status), ==, 1);

  /* Every answered request is in one second's sample, and the server saw each. */
  samples = lumina_load_test_get_samples (test);
  g_assert_cmpuint (samples->len, ==, r.n_samples);
  g_assert_cmpuint (r.n_samples, >=, 2);
  g_assert_cmpuint (r.sampled, ==, requests);
  g_assert_cmpuint (served_requests (f) - before, ==, requests);
  g_assert_cmpuint (r.n_steps, ==, 0);

  g_assert_cmpfloat (json_object_get_double_member (r.summary, "duration_s"), >=, 2.0);
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "duration_s"), <, 10.0);
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "p50_ms"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "p50_ms"), <=,
                     json_object_get_double_member (r.summary, "p90_ms"));
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "p90_ms"), <=,
                     json_object_get_double_member (r.summary, "p99_ms"));
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "p99_ms"), <=,
                     json_object_get_double_member (r.summary, "max_ms"));
  /* The client thread was not what limited the rate. */
  g_assert_cmpfloat (json_object_get_double_member (r.summary, "client_busy"), <, 0.95);
  g_assert_cmpfloat (lumina_load_test_get_progress (test), ==, 1.0);
  g_assert_true (lumina_load_test_get_summary (test) == r.summary);
  json_object_unref (r.summary);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LuminaLoadTest) test = lumina_load_test_new (f->url);
  RunResult r = { 0 };
  guint64 requests;
  JsonObject *status;

  lumina_load_test_set_body (test, NULL, "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1]]}}");
  lumina_load_test_set_concurrency (test, 2);
  lumina_load_test_set_duration (test, 1.0);
  run_test (test, &r, NULL);
  g_assert_no_error (r.error);

  requests = json_object_get_int_member (r.summary, "requests");
  g_assert_cmpuint (requests, >, 0);
  g_assert_cmpint (json_object_get_int_member (r.summary, "errors"), ==, requests);
  status = json_object_get_object_member (r.summary, "status");
  g_assert_cmpint (json_object_get_int_member (status, "400"), ==, requests);
  json_object_unref (r.summary);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaLoadTest) test = lumina_load_test_new (f->url);
  g_autoptr(LuminaLoadTest) second = lumina_load_test_new (f->url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *body = lumina_load_test_build_body (f->registry, "iris@1", 1, NULL, NULL, &error);
  gint64 start = g_get_monotonic_time ();
  RunResult r = { 0 };
  RunResult s = { 0 };
  JsonObject *summary;

  lumina_load_test_set_body (test, NULL, body);
  lumina_load_test_set_duration (test, 60.0);
  g_timeout_add (1200, cancel_cb, cancellable);
  run_test (test, &r, cancellable);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.summary);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  /* What was measured until then stays readable. */
  summary = lumina_load_test_get_summary (test);
  g_assert_nonnull (summary);
  g_assert_true (json_object_get_boolean_member (summary, "cancelled"));
  g_assert_cmpint (json_object_get_int_member (summary, "requests"), >, 0);
  g_assert_cmpuint (r.sampled, ==, json_object_get_int_member (summary, "requests"));

  /* lumina_load_test_cancel() does the same. */
  lumina_load_test_set_body (second, NULL, body);
  lumina_load_test_set_duration (second, 60.0);
  g_signal_connect_swapped (second, "sample", G_CALLBACK (lumina_load_test_cancel), second);
  run_test (second, &s, NULL);
  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_clear_error (&s.error);
}

static void
test_ramp (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaLoadTest) test = lumina_load_test_new (f->url);
  g_autofree char *body = lumina_load_test_build_body (f->registry, "iris@1", 1, NULL, NULL, &error);
  g_autofree guint *levels = NULL;
  RunResult r = { 0 };
  GArray *steps;
  JsonArray *summary_steps;
  guint64 stepped = 0;
  guint n = 0;

  levels = lumina_load_test_ramp_levels (5, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (levels[0], ==, 1);
  g_assert_cmpuint (levels[2], ==, 4);
  g_assert_cmpuint (levels[3], ==, 5);

  lumina_load_test_set_body (test, NULL, body);
  lumina_load_test_set_concurrency (test, 4);
  lumina_load_test_set_ramp (test, TRUE);
  lumina_load_test_set_duration (test, 3.0);
  run_test (test, &r, NULL);
  g_assert_no_error (r.error);

  /* 1, 2, 4 clients, a second each. */
  steps = lumina_load_test_get_steps (test);
  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpuint (r.n_steps, ==, 3);
  for (guint i = 0; i < steps->len; i++)
    {
      LuminaLoadSample *step = &g_array_index (steps, LuminaLoadSample, i);

      g_assert_cmpuint (step->concurrency, ==, 1u << i);
      g_assert_cmpuint (step->requests, >, 0);
      g_assert_cmpfloat (step->duration_s, >, 0.9);
      g_assert_false (isnan (step->p99_ms));
      g_test_message ("%u clients: %.0f req/s, p50 %.2f ms, p99 %.2f ms",
                      step->concurrency, step->rps, step->p50_ms, step->p99_ms);
      stepped += step->requests;
    }
  g_assert_cmpuint (stepped, ==, json_object_get_int_member (r.summary, "requests"));
  summary_steps = json_object_get_array_member (r.summary, "steps");
  g_assert_cmpuint (json_array_get_length (summary_steps), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (summary_steps, 2), "concurrency"), ==, 4);
  g_assert_true (json_object_get_boolean_member (r.summary, "ramp"));
  json_object_unref (r.summary);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/engine/load-test/body", Fixture, NULL, fixture_setup, test_body, fixture_teardown);
  g_test_add ("/engine/load-test/constant", Fixture, NULL, fixture_setup, test_constant, fixture_teardown);
  g_test_add ("/engine/load-test/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/engine/load-test/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/engine/load-test/ramp", Fixture, NULL, fixture_setup, test_ramp, fixture_teardown);

  return g_test_run ();
}
