/* lumina-cli-serve.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina serve REF...`: serves model bundles over HTTP (Open Inference
 * Protocol v2 and MLflow's /invocations, /metrics for Prometheus) in the
 * foreground until SIGINT or SIGTERM, which drain the server first.
 *
 * A REF is a registry reference (NAME@ALIAS or NAME@VERSION, followed as
 * the alias moves), a bundle directory or a run id (or its start),
 * optionally named: ENDPOINT=REF.  Without a name an endpoint is called
 * after the model, or the bundle's directory.
 */
#define G_LOG_DOMAIN "lumina-cli-serve"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "lumina-cli-private.h"

#define DRAIN_TIMEOUT_MS 10000

typedef struct
{
  LuminaModelServer *server;
  GMainLoop         *loop;
  gboolean           stopping;
  GError            *error;
} ServeState;

/* A registry reference: NAME@ALIAS or NAME@VERSION, not a path that exists. */
static gboolean
is_registry_ref (const char *ref)
{
  return strchr (ref, '@') != NULL && !g_file_test (ref, G_FILE_TEST_EXISTS);
}

/* Adds one endpoint for @arg ([NAME=]REF).  A registry reference is
 * followed: the endpoint swaps models when the alias moves. */
static gboolean
add_endpoint (LuminaCli          *cli,
              LuminaModelServer  *server,
              const char         *arg,
              GError            **error)
{
  const char *equals = strchr (arg, '=');
  g_autofree char *name = equals != NULL ? g_strndup (arg, equals - arg) : NULL;
  const char *ref = equals != NULL ? equals + 1 : arg;
  g_autofree char *bundle = NULL;

  if (is_registry_ref (ref))
    {
      if (g_object_get_data (G_OBJECT (server), "lumina-cli-registry") == NULL)
        {
          g_autoptr(LuminaWorkspace) workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error);
          LuminaRegistry *registry;

          if (workspace == NULL)
            return FALSE;
          registry = lumina_registry_new (workspace);
          g_object_set_data_full (G_OBJECT (server), "lumina-cli-registry", g_object_ref (registry), g_object_unref);
          lumina_model_server_set_resolver (server, (LuminaServeResolveFunc) lumina_registry_resolve,
                                            registry, g_object_unref);
        }
      if (name == NULL)
        name = g_strndup (ref, strchr (ref, '@') - ref);
      return lumina_model_server_add_ref (server, name, ref, error);
    }

  bundle = lumina_cli_resolve_bundle (cli, ref, error);
  if (bundle == NULL)
    return FALSE;

  if (name == NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (bundle, NULL);

      name = g_path_get_basename (canonical);
    }

  return lumina_model_server_add_bundle (server, name, bundle, error);
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ServeState *state = user_data;

  lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (!state->stopping)
    {
      state->stopping = TRUE;
      lumina_model_server_stop_async (state->server, DRAIN_TIMEOUT_MS, NULL, stopped_cb, state);
    }
  return G_SOURCE_CONTINUE;
}

static void
print_listening (LuminaCli         *cli,
                 LuminaModelServer *server)
{
  g_autofree char *url = lumina_model_server_dup_url (server);
  g_auto(GStrv) names = lumina_model_server_list_endpoints (server);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, lumina_model_server_get_port (server));
      json_builder_set_member_name (builder, "endpoints");
      json_builder_begin_array (builder);
      for (guint i = 0; names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      lumina_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; names[i] != NULL; i++)
        g_print (_("Serving %s at %s/v2/models/%s\n"), names[i], url, names[i]);
      g_print (_("Listening on %s\n"), url);
    }
  fflush (stdout);
}

static gboolean
configure (LuminaCli          *cli,
           LuminaModelServer **server,
           double              capture_rate,
           int                 workers,
           double              batch_window,
           int                 max_batch,
           GError            **error)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;

  if (capture_rate > 0 &&
      !(workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error)))
    return FALSE;
  *server = lumina_model_server_new (workspace);
  if (workers > 0)
    lumina_model_server_set_workers (*server, workers);
  if (max_batch > 0)
    lumina_model_server_set_max_batch (*server, max_batch);
  lumina_model_server_set_batch_window_ms (*server, batch_window);
  lumina_model_server_set_capture_rate (*server, capture_rate);
  return TRUE;
}

static int
lumina_cli_serve (LuminaCli  *cli,
                  char      **args)
{
  g_autofree char *host = NULL;
  int port = 8080;
  int workers = 0;
  int max_batch = 0;
  double batch_window = 0;
  double capture_rate = 0;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The address to listen on (default: 127.0.0.1)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port to listen on; 0 picks a free one (default: 8080)"), N_("PORT") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, N_("Inference threads (default: 2)"), N_("N") },
    { "batch-window", 0, 0, G_OPTION_ARG_DOUBLE, &batch_window,
      N_("Milliseconds a request may wait to share a predict call with others (default: 0, off)"), N_("MS") },
    { "max-batch", 0, 0, G_OPTION_ARG_INT, &max_batch, N_("Most requests in one batch (default: 64)"), N_("N") },
    { "capture-rate", 0, 0, G_OPTION_ARG_DOUBLE, &capture_rate,
      N_("Share of requests recorded in the workspace, 0 to 1 (default: 0)"), N_("R") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaModelServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  ServeState state = { 0 };
  guint sigint, sigterm;
  int status;

  if (!lumina_cli_parse (cli, context, &args, G_MAXUINT, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing a model: a bundle directory or a run id"));
  if (port < 0 || port > 65535)
    return lumina_cli_usage_error (context, _("--port must be between 0 and 65535"));
  if (workers < 0 || workers > 256 || max_batch < 0)
    return lumina_cli_usage_error (context, _("--workers must be between 1 and 256"));
  if (!(batch_window >= 0 && batch_window <= 1000))
    return lumina_cli_usage_error (context, _("--batch-window must be between 0 and 1000"));
  if (!(capture_rate >= 0 && capture_rate <= 1))
    return lumina_cli_usage_error (context, _("--capture-rate must be between 0 and 1"));

  if (!configure (cli, &server, capture_rate, workers, batch_window, max_batch, &error))
    return lumina_cli_fail (error);
  for (guint i = 1; args[i] != NULL; i++)
    if (!add_endpoint (cli, server, args[i], &error))
      return lumina_cli_fail (error);
  if (!lumina_model_server_listen (server, host, port, &error))
    return lumina_cli_fail (error);
  print_listening (cli, server);

  loop = g_main_loop_new (NULL, FALSE);
  state.server = server;
  state.loop = loop;
  sigint = g_unix_signal_add (SIGINT, signal_cb, &state);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (state.error != NULL)
    {
      g_autoptr(GError) drain_error = g_steal_pointer (&state.error);

      return lumina_cli_fail (drain_error);
    }
  return LUMINA_CLI_EXIT_OK;
}

const LuminaCliCommand lumina_cli_serve_command = {
  "serve", N_("REF…"),
  N_("Serve models over HTTP (Open Inference Protocol v2, MLflow /invocations, /metrics)."),
  lumina_cli_serve, NULL,
};
