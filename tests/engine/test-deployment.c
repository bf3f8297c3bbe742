/* test-deployment.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deployments on real registered models served over real HTTP on
 * 127.0.0.1: create with checked settings, start, scale live, follow an
 * alias move, canary traffic to a challenger, drain on stop, restore in a
 * new process-like manager, a port in use, following another manager's
 * changes, and delete.
 */
#include "config.h"

#include <string.h>

#include "lumina-engine.h"
#include "test-serve-util.h"

typedef struct
{
  char                    *path;
  LuminaWorkspace         *ws;
  LuminaRegistry          *registry;
  LuminaDeploymentManager *manager;
  SoupSession             *session;
} Fixture;

/* A finished run whose bundle sits where AutoML puts it. */
static char *
make_run (Fixture    *f,
          const char *kind)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (f->ws);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundles = g_build_filename (f->path, "bundles", NULL);
  g_autofree char *bundle = NULL;
  char *run_id;

  run_id = lumina_tracker_start_run (tracker, "deploy", NULL, kind, kind, NULL, "iris@1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, run_id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_cmpint (g_mkdir_with_parents (bundles, 0755), ==, 0);
  bundle = serve_test_train (bundles, run_id, "iris.csv", "species", kind);
  return run_id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *run1 = NULL;
  g_autofree char *run2 = NULL;

  f->path = g_dir_make_tmp ("lumina-deploy-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->registry = lumina_registry_new (f->ws);
  f->manager = lumina_deployment_manager_new (f->ws, f->registry);
  f->session = soup_session_new ();

  run1 = make_run (f, "linear");
  run2 = make_run (f, "xgboost");
  g_assert_cmpuint (lumina_registry_register (f->registry, run1, "iris", NULL, "first", &error), ==, 1);
  g_assert_cmpuint (lumina_registry_register (f->registry, run2, "iris", NULL, "second", &error), ==, 2);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, "start", TRUE, NULL, &error));
  g_assert_no_error (error);
}

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (lumina_deployment_manager_shutdown_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, NULL));
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main context run for @ms (the servers live on it). */
static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
shutdown_manager (LuminaDeploymentManager *manager)
{
  gboolean done = FALSE;

  lumina_deployment_manager_shutdown_async (manager, 2000, shutdown_cb, &done);
  serve_test_iterate_until (flag_set, &done, 10000);
  g_assert_true (done);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  shutdown_manager (f->manager);
  g_clear_object (&f->manager);
  g_clear_object (&f->session);
  g_clear_object (&f->registry);
  g_clear_object (&f->ws);
  serve_test_remove_tree (f->path);
  g_free (f->path);
}

static JsonObject *
get (Fixture    *f,
     const char *name)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = lumina_deployment_manager_get (f->manager, name, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static char *
url_of (Fixture    *f,
        const char *name,
        const char *path)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (f->manager, name);
  g_autofree char *base = NULL;

  g_assert_nonnull (server);
  base = lumina_model_server_dup_url (server);
  return g_strconcat (base, path, NULL);
}

static const char iris_rows[] =
  "{\"dataframe_split\": {\"columns\": [\"sepal_length_cm\", \"sepal_width_cm\", \"petal_length_cm\","
  " \"petal_width_cm\"], \"data\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 3.0, 4.2, 1.5]]}}";

static JsonNode *
invoke (Fixture    *f,
        const char *name)
{
  g_autofree char *url = url_of (f, name, "/invocations");
  g_autoptr(HttpReply) reply = http_call (f->session, "POST", url, "application/json", iris_rows);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  return http_reply_json (reply);
}

/* The served version, as the model's OIP metadata reports it. */
static gint64
served_version (Fixture    *f,
                const char *name)
{
  g_autofree char *path = g_strdup_printf ("/v2/models/%s", name);
  g_autofree char *url = url_of (f, name, path);
  g_autoptr(HttpReply) reply = http_call (f->session, "GET", url, NULL, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  node = http_reply_json (reply);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (node), "parameters"),
                                     "version");
}

static void
test_create_checks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  struct { const char *key; const char *json; } cases[] = {
    { "workers", "0" }, { "workers", "65" }, { "capture_rate", "1.5" }, { "port", "70000" },
    { "mode", "\"mirror\"" }, { "host", "\"not an address\"" }, { "batch_window_ms", "\"fast\"" },
    { "replicas", "2" }, { "challenger", "\"nosuch@champion\"" },
  };

  g_assert_false (lumina_deployment_manager_create (f->manager, "bad name", "iris@champion", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_deployment_manager_create (f->manager, "api", "nosuch@champion", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lumina_deployment_manager_create (f->manager, "api", "iris@9", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"%s\": %s}", cases[i].key, cases[i].json);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);

      g_assert_false (lumina_deployment_manager_create (f->manager, "api", "iris@champion",
                                                        json_node_get_object (node), &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].key) == NULL && strstr (error->message, "nosuch") == NULL)
        g_error ("The error for %s does not name it: %s", text, error->message);
      g_clear_error (&error);
    }

  /* Nothing half-made. */
  list = lumina_deployment_manager_list (f->manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);

  g_assert_true (lumina_deployment_manager_create (f->manager, "api", "iris@champion", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_deployment_manager_create (f->manager, "api2", "iris@2", NULL, &error));
  g_assert_false (lumina_deployment_manager_create (f->manager, "api", "iris@2", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);

  a = get (f, "api");
  b = get (f, "api2");
  g_assert_cmpstr (json_object_get_string_member (a, "wanted"), ==, "stopped");
  g_assert_cmpstr (json_object_get_string_member (a, "state"), ==, "stopped");
  g_assert_cmpstr (json_object_get_string_member (a, "model"), ==, "iris");
  g_assert_cmpint (json_object_get_int_member (a, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (b, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "settings"), "workers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "settings"), "port"), >=, 8080);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "settings"), "port"), !=,
                   json_object_get_int_member (json_object_get_object_member (b, "settings"), "port"));
}

static JsonObject *
port_zero (void)
{
  JsonObject *settings = json_object_new ();

  /* Tests pick the port themselves so parallel runs never collide. */
  json_object_set_int_member (settings, "port", 0);
  return settings;
}

static void
create_on_free_port (Fixture    *f,
                     const char *name,
                     const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(JsonObject) settings = port_zero ();

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  json_object_set_int_member (settings, "port", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  g_assert_true (lumina_deployment_manager_create (f->manager, name, ref, settings, &error));
  g_assert_no_error (error);
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (lumina_deployment_manager_stop_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, NULL));
  *done = TRUE;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(HttpReply) late = NULL;
  g_autofree char *stats_url = NULL;
  gboolean stopped = FALSE;
  LuminaModelServer *server;
  JsonArray *predictions;

  create_on_free_port (f, "api", "iris@champion");
  g_assert_true (lumina_deployment_manager_start (f->manager, "api", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lumina_deployment_manager_get_state (f->manager, "api"), ==, LUMINA_DEPLOYMENT_RUNNING);

  answer = invoke (f, "api");
  predictions = json_object_get_array_member (json_node_get_object (answer), "predictions");
  g_assert_cmpuint (json_array_get_length (predictions), ==, 3);
  g_assert_cmpint (served_version (f, "api"), ==, 1);

  info = get (f, "api");
  g_assert_cmpstr (json_object_get_string_member (info, "wanted"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (info, "state"), ==, "running");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "url"), "http://127.0.0.1:"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (info, "server"),
                                                                          "models")), >=, 1);

  /* Scale, live. */
  server = lumina_deployment_manager_get_server (f->manager, "api");
  g_assert_true (lumina_deployment_manager_scale (f->manager, "api", 4, &error));
  g_assert_cmpuint (lumina_model_server_get_workers (server), ==, 4);
  g_assert_false (lumina_deployment_manager_scale (f->manager, "api", 0, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  g_assert_cmpuint (lumina_model_server_get_workers (server), ==, 4);

  /* The address cannot change under a running server. */
  {
    g_autoptr(JsonObject) change = json_object_new ();

    json_object_set_int_member (change, "port", 1);
    g_assert_false (lumina_deployment_manager_update (f->manager, "api", change, &error));
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY);
    g_clear_error (&error);
  }

  /* An alias move reaches the running deployment. */
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, "better", TRUE, NULL, &error));
  g_assert_true (lumina_model_server_poll_now (server));
  iterate_for (300);
  g_assert_cmpint (served_version (f, "api"), ==, 2);

  /* Deleting a deployment meant to run is refused. */
  g_assert_false (lumina_deployment_manager_delete (f->manager, "api", &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY);
  g_clear_error (&error);

  /* Stop (the server's drain has its own tests); the port closes. */
  stats_url = url_of (f, "api", "/v2/health/live");
  lumina_deployment_manager_stop_async (f->manager, "api", 5000, NULL, stop_cb, &stopped);
  serve_test_iterate_until (flag_set, &stopped, 10000);
  g_assert_true (stopped);
  g_assert_null (lumina_deployment_manager_get_server (f->manager, "api"));
  late = http_start (f->session, "GET", stats_url, NULL, NULL, 0);
  http_wait (late);
  g_assert_nonnull (late->error);
  g_assert_cmpuint (late->status, ==, 0);
  after = get (f, "api");
  g_assert_cmpstr (json_object_get_string_member (after, "wanted"), ==, "stopped");
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "stopped");
  g_assert_false (json_object_has_member (after, "url"));

  g_assert_true (lumina_deployment_manager_delete (f->manager, "api", &error));
  g_assert_no_error (error);
  g_assert_null (lumina_deployment_manager_get (f->manager, "api", &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
}

static void
test_canary (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GPtrArray) stats = NULL;
  guint64 primary = 0, challenger = 0;

  create_on_free_port (f, "api", "iris@1");
  g_assert_true (lumina_deployment_manager_start (f->manager, "api", &error));
  json_object_set_string_member (change, "challenger", "iris@2");
  json_object_set_string_member (change, "mode", "canary");
  json_object_set_double_member (change, "canary_percent", 50);
  g_assert_true (lumina_deployment_manager_update (f->manager, "api", change, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(JsonNode) answer = invoke (f, "api");
    }

  stats = lumina_model_server_get_stats (lumina_deployment_manager_get_server (f->manager, "api"));
  for (guint i = 0; i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      if (s->version == 1 && g_str_equal (s->variant, "primary"))
        primary += s->requests;
      else if (s->version == 2 && g_str_equal (s->variant, "challenger"))
        challenger += s->requests;
    }
  g_assert_cmpuint (primary + challenger, ==, 40);
  g_assert_cmpuint (challenger, >=, 12);
  g_assert_cmpuint (challenger, <=, 28);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaDeploymentManager) second = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(GSocket) blocker = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(JsonObject) b = NULL;

  create_on_free_port (f, "a", "iris@champion");
  create_on_free_port (f, "b", "iris@2");
  create_on_free_port (f, "c", "iris@2");
  g_assert_true (lumina_deployment_manager_start (f->manager, "a", &error));
  g_assert_true (lumina_deployment_manager_start (f->manager, "b", &error));
  g_assert_no_error (error);

  /* Shutting down keeps what is wanted. */
  shutdown_manager (f->manager);
  g_assert_null (lumina_deployment_manager_get_server (f->manager, "a"));

  /* Someone else holds b's port now. */
  b = get (f, "b");
  blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new (loopback, json_object_get_int_member (json_object_get_object_member (b, "settings"),
                                                                              "port"));
  g_assert_true (g_socket_bind (blocker, address, FALSE, &error));
  g_assert_true (g_socket_listen (blocker, &error));

  second = lumina_deployment_manager_new (f->ws, f->registry);
  g_test_expect_message ("lumina-deployment", G_LOG_LEVEL_WARNING, "*could not start*");
  g_assert_cmpuint (lumina_deployment_manager_restore (second), ==, 1);
  g_test_assert_expected_messages ();
  g_assert_nonnull (lumina_deployment_manager_get_server (second, "a"));
  g_assert_cmpint (lumina_deployment_manager_get_state (second, "b"), ==, LUMINA_DEPLOYMENT_FAILED);
  g_assert_cmpint (lumina_deployment_manager_get_state (second, "c"), ==, LUMINA_DEPLOYMENT_STOPPED);
  failed = lumina_deployment_manager_get (second, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (failed), "state"), ==, "failed");
  g_assert_nonnull (json_object_get_string_member_with_default (json_node_get_object (failed), "error", NULL));

  /* a serves, from the new manager. */
  {
    LuminaModelServer *server = lumina_deployment_manager_get_server (second, "a");
    g_autofree char *base = lumina_model_server_dup_url (server);
    g_autofree char *url = g_strconcat (base, "/v2/health/ready", NULL);
    g_autoptr(HttpReply) reply = http_call (f->session, "GET", url, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }

  shutdown_manager (second);
}

static gboolean
is_running (gpointer data)
{
  Fixture *f = data;

  return lumina_deployment_manager_get_server (f->manager, "api") != NULL;
}

static gboolean
is_stopped (gpointer data)
{
  Fixture *f = data;

  return lumina_deployment_manager_get_state (f->manager, "api") == LUMINA_DEPLOYMENT_STOPPED;
}

/* Another process (here another manager on the same workspace, as the CLI
 * would be) changes what is wanted; the following manager acts on it. */
static void
test_follow (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaDeploymentManager) cli = lumina_deployment_manager_new (f->ws, f->registry);
  LuminaModelServer *server;

  create_on_free_port (f, "api", "iris@champion");
  lumina_deployment_manager_set_follow (f->manager, 50);

  g_assert_true (lumina_deployment_manager_set_wanted (cli, "api", TRUE, &error));
  g_assert_no_error (error);
  serve_test_iterate_until (is_running, f, 5000);
  server = lumina_deployment_manager_get_server (f->manager, "api");
  g_assert_nonnull (server);
  g_assert_null (lumina_deployment_manager_get_server (cli, "api"));

  g_assert_true (lumina_deployment_manager_scale (cli, "api", 3, &error));
  iterate_for (300);
  g_assert_cmpuint (lumina_model_server_get_workers (server), ==, 3);

  g_assert_true (lumina_deployment_manager_set_wanted (cli, "api", FALSE, &error));
  serve_test_iterate_until (is_stopped, f, 5000);
  g_assert_cmpint (lumina_deployment_manager_get_state (f->manager, "api"), ==, LUMINA_DEPLOYMENT_STOPPED);
  lumina_deployment_manager_set_follow (f->manager, 0);
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean stopped = FALSE;
  const char *expected[] = { "deployment.created", "deployment.started", "deployment.updated", "deployment.stopped",
                             "deployment.deleted" };
  guint found = 0;

  create_on_free_port (f, "api", "iris@champion");
  g_assert_true (lumina_deployment_manager_start (f->manager, "api", &error));
  g_assert_true (lumina_deployment_manager_scale (f->manager, "api", 3, &error));
  lumina_deployment_manager_stop_async (f->manager, "api", 1000, NULL, stop_cb, &stopped);
  serve_test_iterate_until (flag_set, &stopped, 5000);
  g_assert_true (lumina_deployment_manager_delete (f->manager, "api", &error));
  g_assert_no_error (error);

  events = lumina_event_log_list (lumina_workspace_get_events (f->ws), 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      LuminaEvent *event = g_ptr_array_index (events, i);

      for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
        if (g_str_equal (lumina_event_get_kind (event), expected[k]) &&
            g_strcmp0 (lumina_event_get_object (event), "api") == 0)
          found |= 1u << k;
    }
  g_assert_cmphex (found, ==, (1u << G_N_ELEMENTS (expected)) - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/deployment/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("create-checks", test_create_checks);
  ADD ("lifecycle", test_lifecycle);
  ADD ("canary", test_canary);
  ADD ("restore", test_restore);
  ADD ("follow", test_follow);
  ADD ("events", test_events);
#undef ADD

  return g_test_run ();
}
