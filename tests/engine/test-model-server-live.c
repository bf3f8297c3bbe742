/* test-model-server-live.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model server under load: hot swaps, draining, canary and shadow
 * challengers, micro-batching, scaling and capture.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "test-model-server.h"

#define ONE_ROW_OIP "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[5.9,3.0,5.1,1.8]}]}"

/* A registry stand-in: "iris@prod" is at @version, "iris@canary" at
 * version 2; version v's bundle is @paths[v]. */
typedef struct
{
  guint       version;
  const char *paths[3];
  guint       calls;
} TestRegistry;

static gboolean
test_resolve (gpointer     user_data,
              const char  *ref,
              char       **name,
              guint       *version,
              char       **bundle_path,
              GError     **error)
{
  TestRegistry *registry = user_data;
  guint v = g_str_has_suffix (ref, "@canary") ? 2 : registry->version;

  registry->calls++;
  *name = g_strdup ("iris-registered");
  *version = v;
  *bundle_path = g_strdup (registry->paths[v]);
  return TRUE;
}

/* Keeps @width requests in flight until told to stop. */
typedef struct
{
  Served       *served;
  const char   *path;
  const char   *body;
  guint         width;
  guint         in_flight;
  guint         started;
  guint         finished;
  guint         failed;
  guint         versions[3];
  gboolean      stop;
  guint         max;
} Load;

static void load_next (Load *load);

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *body = bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
  const char *version = body != NULL ? strstr (body, "\"model_version\":\"") : NULL;

  load->in_flight--;
  load->finished++;
  if (bytes == NULL || soup_message_get_status (msg) != 200)
    {
      load->failed++;
      g_test_message ("failed request %u: %u %s %s", load->finished, soup_message_get_status (msg), body ? body : "",
                      error ? error->message : "");
    }
  else if (version != NULL)
    load->versions[MIN (version[17] - '0', 2)]++;
  load_next (load);
}

static void
load_next (Load *load)
{
  while (!load->stop && load->in_flight < load->width && load->started < load->max)
    {
      g_autofree char *url = served_url (load->served, load->path);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) bytes = g_bytes_new_static (load->body, strlen (load->body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      load->in_flight++;
      load->started++;
      soup_session_send_and_read_async (load->served->session, msg, G_PRIORITY_DEFAULT, NULL, load_cb, load);
    }
}

static gboolean
load_idle (gpointer data)
{
  Load *load = data;

  return load->in_flight == 0 && (load->stop || load->started >= load->max);
}

static gboolean
load_progress (gpointer data)
{
  Load *load = data;

  return load->finished >= 200 || load_idle (load);
}

static gboolean
load_switched (gpointer data)
{
  Load *load = data;

  return load->versions[2] >= 300 || load_idle (load);
}

static void
swapped_cb (LuminaModelServer *server,
            const char        *endpoint,
            guint              version,
            gpointer           user_data)
{
  g_assert_cmpstr (endpoint, ==, "iris");
  *(guint *) user_data = version;
}

static void
test_hot_swap (void)
{
  TestRegistry registry = { 1, { NULL, models.iris, models.iris_linear }, 0 };
  Served *served = served_new (NULL);
  Load load = { served, "/v2/models/iris/infer", ONE_ROW_OIP, 16, .max = 20000 };
  guint swapped_to = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(HttpReply) meta = NULL;

  lumina_model_server_set_resolver (served->server, test_resolve, &registry, NULL);
  g_signal_connect (served->server, "model-swapped", G_CALLBACK (swapped_cb), &swapped_to);
  lumina_model_server_set_poll_interval_ms (served->server, 20);
  lumina_model_server_set_workers (served->server, 3);
  g_assert_true (lumina_model_server_add_ref (served->server, "iris", "iris@prod", &error));
  g_assert_no_error (error);
  served_listen (served);

  load_next (&load);
  serve_test_iterate_until (load_progress, &load, 30000);
  registry.version = 2;
  serve_test_iterate_until (load_switched, &load, 30000);
  load.stop = TRUE;
  serve_test_iterate_until (load_idle, &load, 30000);

  g_test_message ("%u requests: %u on v1, %u on v2", load.finished, load.versions[1], load.versions[2]);
  g_assert_cmpuint (load.failed, ==, 0);
  g_assert_cmpuint (load.versions[1], >=, 200);
  g_assert_cmpuint (load.versions[2], >=, 300);
  g_assert_cmpuint (load.versions[1] + load.versions[2], ==, load.finished);
  g_assert_cmpuint (swapped_to, ==, 2);

  meta = served_get (served, "/v2/models/iris");
  g_assert_nonnull (strstr (meta->body, "\"versions\":[\"2\"]"));
  g_assert_nonnull (strstr (meta->body, "\"model\":\"iris-registered\""));
  stats = lumina_model_server_get_stats (served->server);
  g_assert_cmpuint (stats->len, ==, 2);
  served_free (served);
}

typedef struct
{
  gboolean     done;
  gboolean     ok;
  GError      *error;
} StopResult;

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopResult *stop = user_data;

  stop->ok = lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (source), result, &stop->error);
  stop->done = TRUE;
}

static gboolean
stop_done (gpointer data)
{
  return ((StopResult *) data)->done;
}

static gboolean
five_in_flight (gpointer data)
{
  return lumina_model_server_get_in_flight (data) == 5;
}

static void
test_drain (void)
{
  Served *served = served_new (models.iris);
  HttpReply *replies[5];
  StopResult stop = { 0 };
  g_autoptr(HttpReply) after = NULL;
  g_autofree char *url = NULL;

  /* A long batch window holds the requests in flight. */
  lumina_model_server_set_batch_window_ms (served->server, 500);
  served_listen (served);
  url = served_url (served, "/v2/models/iris/infer");
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    replies[i] = http_start (served->session, "POST", url, "application/json", ONE_ROW_OIP, -1);
  serve_test_iterate_until (five_in_flight, served->server, 10000);

  lumina_model_server_stop_async (served->server, 5000, NULL, stopped_cb, &stop);
  serve_test_iterate_until (stop_done, &stop, 10000);
  g_assert_no_error (stop.error);
  g_assert_true (stop.ok);
  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      http_wait (replies[i]);
      g_assert_no_error (replies[i]->error);
      g_assert_cmpuint (replies[i]->status, ==, 200);
      http_reply_free (replies[i]);
    }

  after = http_start (served->session, "POST", url, "application/json", ONE_ROW_OIP, -1);
  http_wait (after);
  g_assert_nonnull (after->error);
  served_free (served);
}

static void
test_canary (void)
{
  TestRegistry registry = { 1, { NULL, models.iris, models.iris_linear }, 0 };
  Served *served = served_new (NULL);
  Load load = { served, "/v2/models/iris/infer", ONE_ROW_OIP, 8, .max = 400 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HttpReply) metrics = NULL;

  lumina_model_server_set_resolver (served->server, test_resolve, &registry, NULL);
  g_assert_true (lumina_model_server_add_ref (served->server, "iris", "iris@prod", &error));
  g_assert_true (lumina_model_server_set_challenger (served->server, "iris", NULL, "iris@canary",
                                                     LUMINA_SERVE_CHALLENGER_CANARY, 25, &error));
  g_assert_no_error (error);
  served_listen (served);

  load_next (&load);
  serve_test_iterate_until (load_idle, &load, 30000);
  g_test_message ("primary %u, challenger %u", load.versions[1], load.versions[2]);
  g_assert_cmpuint (load.failed, ==, 0);
  /* The share is kept by a counter: exact, whatever the concurrency. */
  g_assert_cmpuint (load.versions[2], >=, 95);
  g_assert_cmpuint (load.versions[2], <=, 105);

  metrics = served_get (served, "/metrics");
  g_assert_nonnull (strstr (metrics->body,
                            "lumina_serve_requests_total{model=\"iris\",version=\"2\",variant=\"challenger\"} 100\n"));
  g_assert_nonnull (strstr (metrics->body,
                            "lumina_serve_requests_total{model=\"iris\",version=\"1\",variant=\"primary\"} 300\n"));
  served_free (served);
}

static gboolean
shadow_compared (gpointer data)
{
  g_autoptr(GPtrArray) stats = lumina_model_server_get_stats (data);

  for (guint i = 0; i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      if (g_strcmp0 (s->variant, "shadow") == 0 && s->compared >= 150)
        return TRUE;
    }
  return FALSE;
}

static void
test_shadow (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(LuminaModel) model = lumina_model_load (models.iris, NULL);
  g_autoptr(LuminaFrame) frame = serve_test_inputs (model, "iris.csv", 150);
  g_autofree char *body = frame_to_split (frame);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(HttpReply) metrics = NULL;
  gboolean seen = FALSE;

  g_assert_true (lumina_model_server_set_challenger (served->server, "iris", models.iris_linear, NULL,
                                                     LUMINA_SERVE_CHALLENGER_SHADOW, 0, &error));
  g_assert_no_error (error);
  served_listen (served);
  {
    g_autoptr(HttpReply) reply = served_post (served, "/invocations", "application/json", body);

    /* Answers come from the primary. */
    assert_mlflow_predictions (model, frame, reply);
  }
  serve_test_iterate_until (shadow_compared, served->server, 10000);

  stats = lumina_model_server_get_stats (served->server);
  for (guint i = 0; i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      if (g_strcmp0 (s->variant, "shadow") != 0)
        continue;
      seen = TRUE;
      g_test_message ("shadow agreement %.3f, mean abs diff %.4f", s->agreement, s->mean_abs_diff);
      g_assert_cmpuint (s->compared, ==, 150);
      /* Two decent iris models agree on most flowers. */
      g_assert_cmpfloat (s->agreement, >, 0.8);
      g_assert_cmpfloat (s->agreement, <=, 1.0);
      g_assert_cmpfloat (s->mean_abs_diff, >=, 0);
    }
  g_assert_true (seen);
  metrics = served_get (served, "/metrics");
  g_assert_nonnull (strstr (metrics->body,
                            "lumina_serve_shadow_compared_rows_total{model=\"iris\",version=\"1\",variant=\"shadow\"} 150\n"));
  served_free (served);
}

static void
test_batching_and_scale (void)
{
  Served *served = served_new (models.iris);
  Load load = { served, "/v2/models/iris/infer", ONE_ROW_OIP, 32, .max = 600 };
  g_autoptr(HttpReply) metrics = NULL;

  lumina_model_server_set_batch_window_ms (served->server, 2);
  served_listen (served);
  load_next (&load);
  serve_test_iterate_until (load_progress, &load, 30000);
  /* Scaling while requests run. */
  lumina_model_server_set_workers (served->server, 4);
  lumina_model_server_set_batch_window_ms (served->server, 0.5);
  serve_test_iterate_until (load_idle, &load, 30000);
  lumina_model_server_set_workers (served->server, 1);
  g_assert_cmpuint (load.failed, ==, 0);
  g_assert_cmpuint (load.versions[1], ==, 600);

  metrics = served_get (served, "/metrics");
  /* Some predict calls served more than one request. */
  g_assert_null (strstr (metrics->body, "lumina_serve_batch_rows_count{model=\"iris\",version=\"1\",variant=\"primary\"} 600\n"));
  g_assert_nonnull (strstr (metrics->body, "lumina_serve_requests_total{model=\"iris\",version=\"1\",variant=\"primary\"} 600\n"));
  served_free (served);
}

static gint64
count_rows (const char *workspace,
            const char *where)
{
  g_autofree char *db_path = g_build_filename (workspace, "lumina.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM served_requests WHERE %s", where);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_capture (void)
{
  g_autofree char *path = g_build_filename (models.dir, "capture-ws", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) workspace = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  Served *served = g_new0 (Served, 1);
  Load load = { served, "/invocations", "{\"instances\":[[5.9,3.0,5.1,1.8],[5.1,3.5,1.4,0.2]]}", 8, .max = 40 };

  g_assert_no_error (error);
  served->server = lumina_model_server_new (workspace);
  served->session = soup_session_new_with_options ("max-conns-per-host", 64, NULL);
  g_assert_true (lumina_model_server_add_bundle (served->server, "iris", models.iris, &error));
  lumina_model_server_set_capture_rate (served->server, 0.5);
  served_listen (served);

  load_next (&load);
  serve_test_iterate_until (load_idle, &load, 30000);
  g_assert_cmpuint (load.failed, ==, 0);
  lumina_model_server_flush_capture (served->server);
  g_assert_cmpint (count_rows (path, "deployment = 'iris'"), ==, 20);
  g_assert_cmpint (count_rows (path, "model = 'iris' AND version = 1 AND latency_us > 0 AND "
                                     "json_array_length (inputs) = 2 AND "
                                     "json_extract (inputs, '$[0].petal_length_cm') = 5.1 AND "
                                     "json_extract (outputs, '$[1].prediction') = 'setosa'"), ==, 20);

  /* The cap keeps the newest rows. */
  lumina_model_server_set_capture_rate (served->server, 1);
  lumina_model_server_set_capture_cap (served->server, 25);
  load.started = load.finished = 0;
  load.max = 60;
  load_next (&load);
  serve_test_iterate_until (load_idle, &load, 30000);
  lumina_model_server_flush_capture (served->server);
  g_assert_cmpint (count_rows (path, "1"), ==, 25);
  served_free (served);
}

void
test_model_server_add_live_tests (void)
{
  g_test_add_func ("/engine/model-server/hot-swap", test_hot_swap);
  g_test_add_func ("/engine/model-server/drain", test_drain);
  g_test_add_func ("/engine/model-server/canary", test_canary);
  g_test_add_func ("/engine/model-server/shadow", test_shadow);
  g_test_add_func ("/engine/model-server/batching-and-scale", test_batching_and_scale);
  g_test_add_func ("/engine/model-server/capture", test_capture);
}
