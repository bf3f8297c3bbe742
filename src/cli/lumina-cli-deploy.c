/* lumina-cli-deploy.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina deploy`: deployments stored in the workspace.  start and stop
 * record what is wanted; the app, or `lumina deploy run` in a terminal or
 * a service unit, serves the deployments wanted running and follows
 * changes made from elsewhere within a couple of seconds.
 */
#define G_LOG_DOMAIN "lumina-cli-deploy"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"
#include "lumina-cli-models-private.h"

#define DRAIN_TIMEOUT_MS 10000
#define FOLLOW_INTERVAL_MS 1000

static LuminaDeploymentManager *
open_manager (LuminaCli  *cli,
              GError    **error)
{
  g_autoptr(LuminaRegistry) registry = lumina_cli_models_open (cli, error);

  if (registry == NULL)
    return NULL;

  return lumina_deployment_manager_new (lumina_registry_get_workspace (registry), registry);
}

/* The settings options shared by create and update; a value is only set
 * when its option was given. */
typedef struct
{
  char   *host;
  int     port;
  int     workers;
  double  batch_window;
  int     max_batch;
  double  capture_rate;
  char   *challenger;
  char   *mode;
  double  canary_percent;
} SettingsOptions;

#define UNSET_INT (-1)
#define UNSET_DOUBLE (-1.0)

static void
settings_options_init (SettingsOptions *options)
{
  memset (options, 0, sizeof *options);
  options->port = UNSET_INT;
  options->workers = UNSET_INT;
  options->max_batch = UNSET_INT;
  options->batch_window = UNSET_DOUBLE;
  options->capture_rate = UNSET_DOUBLE;
  options->canary_percent = UNSET_DOUBLE;
}

static void
settings_options_clear (SettingsOptions *options)
{
  g_free (options->host);
  g_free (options->challenger);
  g_free (options->mode);
}

static JsonObject *
settings_options_to_json (SettingsOptions *options)
{
  JsonObject *settings = json_object_new ();

  if (options->host != NULL)
    json_object_set_string_member (settings, "host", options->host);
  if (options->port != UNSET_INT)
    json_object_set_int_member (settings, "port", options->port);
  if (options->workers != UNSET_INT)
    json_object_set_int_member (settings, "workers", options->workers);
  if (options->batch_window != UNSET_DOUBLE)
    json_object_set_double_member (settings, "batch_window_ms", options->batch_window);
  if (options->max_batch != UNSET_INT)
    json_object_set_int_member (settings, "max_batch", options->max_batch);
  if (options->capture_rate != UNSET_DOUBLE)
    json_object_set_double_member (settings, "capture_rate", options->capture_rate);
  if (options->challenger != NULL)
    json_object_set_string_member (settings, "challenger", options->challenger);
  if (options->mode != NULL)
    json_object_set_string_member (settings, "mode", options->mode);
  if (options->canary_percent != UNSET_DOUBLE)
    json_object_set_double_member (settings, "canary_percent", options->canary_percent);

  return settings;
}

#define SETTINGS_ENTRIES(o) \
  { "host", 0, 0, G_OPTION_ARG_STRING, &(o).host, N_("The address to listen on (default: 127.0.0.1)"), N_("ADDRESS") }, \
  { "port", 0, 0, G_OPTION_ARG_INT, &(o).port, N_("The port (default: the first free one from 8080)"), N_("PORT") }, \
  { "workers", 0, 0, G_OPTION_ARG_INT, &(o).workers, N_("Inference threads, 1 to 64 (default: 2)"), N_("N") }, \
  { "batch-window", 0, 0, G_OPTION_ARG_DOUBLE, &(o).batch_window, \
    N_("Micro-batching window in milliseconds, 0 to 50; 0 is off (default: 0.2)"), N_("MS") }, \
  { "max-batch", 0, 0, G_OPTION_ARG_INT, &(o).max_batch, N_("Most requests in one batch (default: 64)"), N_("N") }, \
  { "capture-rate", 0, 0, G_OPTION_ARG_DOUBLE, &(o).capture_rate, \
    N_("Share of requests recorded for drift and accuracy, 0 to 1 (default: 0.1)"), N_("R") }, \
  { "challenger", 0, 0, G_OPTION_ARG_STRING, &(o).challenger, \
    N_("A second model (NAME@ALIAS or NAME@VERSION) to try on live traffic; \"\" for none"), N_("REF") }, \
  { "mode", 0, 0, G_OPTION_ARG_STRING, &(o).mode, \
    N_("canary: the challenger answers a share of requests; shadow: it sees all, answers none"), N_("MODE") }, \
  { "canary-percent", 0, 0, G_OPTION_ARG_DOUBLE, &(o).canary_percent, \
    N_("The challenger's share of requests in canary mode, 0 to 100 (default: 10)"), N_("P") }

static const char *
setting_text (JsonObject *settings,
              const char *key,
              char      **storage)
{
  JsonNode *node = json_object_get_member (settings, key);

  g_free (*storage);
  if (node == NULL)
    *storage = g_strdup ("");
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    *storage = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    *storage = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    *storage = g_strdup_printf ("%g", json_node_get_double (node));

  return *storage;
}

static void
print_deployment (JsonObject *object)
{
  JsonObject *settings = json_object_get_object_member (object, "settings");
  g_autofree char *version = NULL;
  char *s[4] = { NULL };
  const char *keys[] = {
    N_("Name"), N_("Model"), N_("Serves"), N_("Wanted"), N_("State"), N_("Address"),
    N_("Workers"), N_("Batch window (ms)"), N_("Capture rate"), N_("Challenger"), N_("URL"),
    N_("Error"), NULL
  };
  const char *values[13] = { NULL };
  g_autofree char *address = NULL;
  g_autofree char *challenger = NULL;
  const char *challenger_ref = json_object_get_string_member (settings, "challenger");

  if (json_object_has_member (object, "version"))
    version = g_strdup_printf ("%s version %" G_GINT64_FORMAT,
                               json_object_get_string_member (object, "model"),
                               json_object_get_int_member (object, "version"));
  address = g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                             json_object_get_string_member (settings, "host"),
                             json_object_get_int_member (settings, "port"));
  if (challenger_ref[0] != '\0')
    challenger = g_strdup_printf ("%s (%s%s)", challenger_ref,
                                  json_object_get_string_member (settings, "mode"),
                                  g_str_equal (json_object_get_string_member (settings, "mode"), "canary")
                                  ? setting_text (settings, "canary_percent", &s[3]) : "");

  values[0] = json_object_get_string_member (object, "name");
  values[1] = json_object_get_string_member (object, "model_ref");
  values[2] = version != NULL ? version : _("(does not resolve)");
  values[3] = json_object_get_string_member (object, "wanted");
  values[4] = json_object_get_string_member (object, "state");
  values[5] = address;
  values[6] = setting_text (settings, "workers", &s[0]);
  values[7] = setting_text (settings, "batch_window_ms", &s[1]);
  values[8] = setting_text (settings, "capture_rate", &s[2]);
  values[9] = challenger != NULL ? challenger : "—";
  values[10] = json_object_get_string_member_with_default (object, "url", "—");
  values[11] = json_object_get_string_member_with_default (object, "error", NULL);
  if (values[11] == NULL)
    keys[11] = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    keys[i] = _(keys[i]);
  lumina_cli_print_fields (keys, values);

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    g_free (s[i]);
}

static int
print_one (LuminaCli               *cli,
           LuminaDeploymentManager *manager,
           const char              *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lumina_deployment_manager_get (manager, name, &error);

  if (node == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    lumina_cli_print_json (node);
  else
    print_deployment (json_node_get_object (node));

  return LUMINA_CLI_EXIT_OK;
}

/* Parses the settings options; returns FALSE with @status set when the
 * command is to end now. */
static gboolean
parse_settings (LuminaCli        *cli,
                char           ***args,
                guint             max_positional,
                GOptionContext  **context,
                JsonObject      **settings,
                int              *status)
{
  SettingsOptions options;
  gboolean ok;

  settings_options_init (&options);
  {
    const GOptionEntry entries[] = { SETTINGS_ENTRIES (options), { NULL } };

    *context = lumina_cli_context_new (cli, entries);
    ok = lumina_cli_parse (cli, *context, args, max_positional, status);
  }
  if (ok)
    *settings = settings_options_to_json (&options);
  settings_options_clear (&options);

  return ok;
}

static int
lumina_cli_deploy_create (LuminaCli  *cli,
                          char      **args)
{
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int status;

  if (!parse_settings (cli, &args, 2, &context, &settings, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Give a deployment name and a model (NAME@ALIAS or NAME@VERSION)"));

  if (!(manager = open_manager (cli, &error)) ||
      !lumina_deployment_manager_create (manager, args[1], args[2], settings, &error))
    return lumina_cli_fail (error);

  return print_one (cli, manager, args[1]);
}

static int
lumina_cli_deploy_update (LuminaCli  *cli,
                          char      **args)
{
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int status;

  if (!parse_settings (cli, &args, 1, &context, &settings, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Give the deployment to change"));
  if (json_object_get_size (settings) == 0)
    return lumina_cli_usage_error (context, _("Nothing to change: give at least one setting"));

  if (!(manager = open_manager (cli, &error)) ||
      !lumina_deployment_manager_update (manager, args[1], settings, &error))
    return lumina_cli_fail (error);

  return print_one (cli, manager, args[1]);
}

static int
lumina_cli_deploy_scale (LuminaCli  *cli,
                         char      **args)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  guint64 workers;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Give the deployment and its number of workers"));
  if (!g_ascii_string_to_unsigned (args[2], 10, 1, 64, &workers, NULL))
    return lumina_cli_usage_error (context, _("The number of workers must be from 1 to 64"));

  if (!(manager = open_manager (cli, &error)) ||
      !lumina_deployment_manager_scale (manager, args[1], (guint) workers, &error))
    return lumina_cli_fail (error);

  return print_one (cli, manager, args[1]);
}

static int
lumina_cli_deploy_list (LuminaCli  *cli,
                        char      **args)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char * const headers[] = { _("NAME"), _("MODEL"), _("VERSION"), _("WANTED"), _("ADDRESS"), _("WORKERS"),
                                   _("CHALLENGER"), NULL };
  JsonArray *array;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  if (!(manager = open_manager (cli, &error)) ||
      !(list = lumina_deployment_manager_list (manager, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      lumina_cli_print_json (list);
      return LUMINA_CLI_EXIT_OK;
    }

  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    {
      g_print (_("No deployments yet. Create one with “lumina deploy create NAME MODEL@champion”.\n"));
      return LUMINA_CLI_EXIT_OK;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      JsonObject *settings = json_object_get_object_member (object, "settings");
      const char *challenger = json_object_get_string_member (settings, "challenger");
      char **row = g_new0 (char *, 8);

      row[0] = g_strdup (json_object_get_string_member (object, "name"));
      row[1] = g_strdup (json_object_get_string_member (object, "model_ref"));
      row[2] = json_object_has_member (object, "version")
               ? g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "version"))
               : g_strdup ("—");
      row[3] = g_strdup (json_object_get_string_member (object, "wanted"));
      row[4] = g_strdup_printf ("%s:%" G_GINT64_FORMAT, json_object_get_string_member (settings, "host"),
                                json_object_get_int_member (settings, "port"));
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (settings, "workers"));
      row[6] = g_strdup (challenger[0] != '\0' ? challenger : "—");
      g_ptr_array_add (rows, row);
    }
  lumina_cli_data_print_table (headers, "llrllrl", rows);

  return LUMINA_CLI_EXIT_OK;
}

/* Parses a command whose only argument is a deployment name and opens
 * the manager; returns NULL with @status set when the command is to end. */
static LuminaDeploymentManager *
open_for_name (LuminaCli   *cli,
               char      ***args,
               const char  *missing,
               int         *status)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GError) error = NULL;
  LuminaDeploymentManager *manager;

  if (!lumina_cli_parse (cli, context, args, 1, status))
    return NULL;
  if ((*args)[1] == NULL)
    {
      *status = lumina_cli_usage_error (context, "%s", missing);
      return NULL;
    }
  if (!(manager = open_manager (cli, &error)))
    *status = lumina_cli_fail (error);

  return manager;
}

static int
lumina_cli_deploy_show (LuminaCli  *cli,
                        char      **args)
{
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  int status;

  if (!(manager = open_for_name (cli, &args, _("Give the deployment to show"), &status)))
    return status;

  return print_one (cli, manager, args[1]);
}

static int
lumina_cli_deploy_start_stop (LuminaCli  *cli,
                              char      **args,
                              gboolean    start)
{
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!(manager = open_for_name (cli, &args, _("Give the deployment"), &status)))
    return status;

  if (!lumina_deployment_manager_set_wanted (manager, args[1], start, &error))
    return lumina_cli_fail (error);

  if (cli->json)
    return print_one (cli, manager, args[1]);

  g_print (start ? _("Deployment %s is wanted running: LuminaOps or “lumina deploy run” serves it.\n")
                 : _("Deployment %s is wanted stopped: whatever serves it drains and stops.\n"),
           args[1]);
  return LUMINA_CLI_EXIT_OK;
}

static int
lumina_cli_deploy_start (LuminaCli  *cli,
                         char      **args)
{
  return lumina_cli_deploy_start_stop (cli, args, TRUE);
}

static int
lumina_cli_deploy_stop (LuminaCli  *cli,
                        char      **args)
{
  return lumina_cli_deploy_start_stop (cli, args, FALSE);
}

static int
lumina_cli_deploy_delete (LuminaCli  *cli,
                          char      **args)
{
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!(manager = open_for_name (cli, &args, _("Give the deployment to delete"), &status)))
    return status;

  if (!lumina_deployment_manager_delete (manager, args[1], &error))
    return lumina_cli_fail (error);

  if (!cli->json)
    g_print (_("Deleted deployment %s\n"), args[1]);
  return LUMINA_CLI_EXIT_OK;
}

typedef struct
{
  LuminaDeploymentManager *manager;
  GMainLoop               *loop;
  gboolean                 stopping;
} RunState;

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  lumina_deployment_manager_shutdown_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, NULL);
  g_main_loop_quit (state->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  RunState *state = user_data;

  if (!state->stopping)
    {
      state->stopping = TRUE;
      lumina_deployment_manager_shutdown_async (state->manager, DRAIN_TIMEOUT_MS, shutdown_cb, state);
    }

  return G_SOURCE_CONTINUE;
}

static void
changed_cb (LuminaDeploymentManager *manager,
            const char              *name,
            LuminaCli               *cli)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (manager, name);
  g_autofree char *url = server != NULL ? lumina_model_server_dup_url (server) : NULL;

  if (cli->json)
    return;

  if (url != NULL)
    g_print (_("%s: serving at %s/v2/models/%s\n"), name, url, name);
  else
    g_print (_("%s: %s\n"), name,
             lumina_deployment_state_to_string (lumina_deployment_manager_get_state (manager, name)));
  fflush (stdout);
}

static int
lumina_cli_deploy_run (LuminaCli  *cli,
                       char      **args)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaDeploymentManager) manager = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  RunState state = { 0 };
  guint sigint, sigterm;
  guint running = 0;
  int status;

  if (!lumina_cli_parse (cli, context, &args, G_MAXUINT, &status))
    return status;

  if (!(manager = open_manager (cli, &error)))
    return lumina_cli_fail (error);

  g_signal_connect (manager, "changed", G_CALLBACK (changed_cb), cli);
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (!lumina_deployment_manager_start (manager, args[i], &error))
        return lumina_cli_fail (error);
      running++;
    }

  if (args[1] == NULL)
    running = lumina_deployment_manager_restore (manager);
  lumina_deployment_manager_set_follow (manager, FOLLOW_INTERVAL_MS);

  if (cli->json)
    {
      g_autoptr(JsonNode) list = lumina_deployment_manager_list (manager, NULL);

      if (list != NULL)
        lumina_cli_print_json (list);
    }
  else
    {
      if (running == 0)
        g_print (_("No deployment is wanted running yet; waiting for “lumina deploy start NAME”.\n"));
    }
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  state.manager = manager;
  state.loop = loop;
  sigint = g_unix_signal_add (SIGINT, signal_cb, &state);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_func (manager, changed_cb, cli);

  return LUMINA_CLI_EXIT_OK;
}

static const LuminaCliCommand deploy_create_command = {
  "create", N_("NAME MODEL@ALIAS"),
  N_("Create a deployment of a registered model."),
  lumina_cli_deploy_create, NULL,
};

static const LuminaCliCommand deploy_list_command = {
  "list", NULL,
  N_("List deployments."),
  lumina_cli_deploy_list, NULL,
};

static const LuminaCliCommand deploy_show_command = {
  "show", N_("NAME"),
  N_("Show a deployment, with live figures when it runs in this process."),
  lumina_cli_deploy_show, NULL,
};

static const LuminaCliCommand deploy_start_command = {
  "start", N_("NAME"),
  N_("Mark a deployment to run; the app or “lumina deploy run” serves it."),
  lumina_cli_deploy_start, NULL,
};

static const LuminaCliCommand deploy_stop_command = {
  "stop", N_("NAME"),
  N_("Mark a deployment to stop; whatever serves it drains and stops."),
  lumina_cli_deploy_stop, NULL,
};

static const LuminaCliCommand deploy_scale_command = {
  "scale", N_("NAME WORKERS"),
  N_("Change a deployment's number of inference threads, live."),
  lumina_cli_deploy_scale, NULL,
};

static const LuminaCliCommand deploy_update_command = {
  "update", N_("NAME"),
  N_("Change a deployment's settings (batching, capture, challenger, …)."),
  lumina_cli_deploy_update, NULL,
};

static const LuminaCliCommand deploy_delete_command = {
  "delete", N_("NAME"),
  N_("Delete a stopped deployment."),
  lumina_cli_deploy_delete, NULL,
};

static const LuminaCliCommand deploy_run_command = {
  "run", N_("[NAME…]"),
  N_("Serve deployments in the foreground (all wanted running, or the named ones) until Ctrl+C."),
  lumina_cli_deploy_run, NULL,
};

static const LuminaCliCommand * const deploy_subcommands[] = {
  &deploy_create_command,
  &deploy_list_command,
  &deploy_show_command,
  &deploy_start_command,
  &deploy_stop_command,
  &deploy_scale_command,
  &deploy_update_command,
  &deploy_delete_command,
  &deploy_run_command,
  NULL
};

const LuminaCliCommand lumina_cli_deploy_command = {
  "deploy", NULL,
  N_("Create, start, stop and scale model deployments."),
  NULL, deploy_subcommands,
};
