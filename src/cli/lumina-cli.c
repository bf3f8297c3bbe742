/* lumina-cli.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina`: the command line.  main() parses the global options, then
 * walks the command tree below; each group lives in lumina-cli-<group>.c.
 */
#define G_LOG_DOMAIN "lumina-cli"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

/* Command groups, in the order `lumina --help` lists them. */
static const LuminaCliCommand * const lumina_cli_groups[] = {
  &lumina_cli_workspace_command,
  &lumina_cli_data_command,
  &lumina_cli_automl_command,
  &lumina_cli_runs_command,
  &lumina_cli_models_command,
  &lumina_cli_predict_command,
  &lumina_cli_serve_command,
  &lumina_cli_deploy_command,
  &lumina_cli_metrics_command,
  &lumina_cli_feedback_command,
  &lumina_cli_audit_command,
  NULL
};

static const LuminaCliCommand lumina_cli_root_command = {
  "lumina", NULL,
  N_("Manage LuminaOps workspaces from the command line."),
  NULL, lumina_cli_groups,
};

static const LuminaCliCommand *
find_subcommand (const LuminaCliCommand *group,
                 const char             *name)
{
  g_assert (group->subcommands != NULL);

  for (guint i = 0; group->subcommands[i] != NULL; i++)
    {
      if (g_strcmp0 (group->subcommands[i]->name, name) == 0)
        return group->subcommands[i];
    }

  return NULL;
}

/* @args[0] is the group's name; @args[1] names the subcommand to run. */
static int
lumina_cli_dispatch (LuminaCli       *cli,
                     GOptionContext  *context,
                     char           **args)
{
  const LuminaCliCommand *command;

  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing a command"));

  command = find_subcommand (cli->command, args[1]);
  if (command == NULL)
    return lumina_cli_usage_error (context, _("Unknown command “%s”"), args[1]);

  return lumina_cli_enter (cli, command, args + 1);
}

static int
lumina_cli_run_group (LuminaCli  *cli,
                      char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  int status;

  if (!lumina_cli_parse (cli, context, &args, G_MAXUINT, &status))
    return status;

  return lumina_cli_dispatch (cli, context, args);
}

/**
 * lumina_cli_enter:
 * @cli: the command line state
 * @command: the command named by @args[0]
 * @args: the command's arguments, its name first
 *
 * Returns: the exit status of @command
 */
int
lumina_cli_enter (LuminaCli               *cli,
                  const LuminaCliCommand  *command,
                  char                   **args)
{
  cli->command = command;
  g_string_append_printf (cli->command_path, " %s", command->name);

  if (command->run != NULL)
    return command->run (cli, args);

  return lumina_cli_run_group (cli, args);
}

/* "XGBoost 1.7.4, SQLite 3.40.1, …" as {"XGBoost": "1.7.4", …}; the
 * plain string when it does not have that shape. */
static JsonNode *
libraries_to_json (const char *libraries)
{
  g_auto(GStrv) parts = g_strsplit (libraries, ", ", -1);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *space = strrchr (parts[i], ' ');

      if (space == NULL || space == parts[i] || space[1] == '\0')
        return json_node_init_string (json_node_alloc (), libraries);

      *space = '\0';
      json_object_set_string_member (object, parts[i], space + 1);
    }

  node = json_node_alloc ();
  return json_node_init_object (node, object);
}

static void
print_version_json (const char *libraries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *omp_wait_policy = lumina_runtime_get_startup_env ("OMP_WAIT_POLICY");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "libraries");
  json_builder_add_value (builder, libraries_to_json (libraries));
  json_builder_set_member_name (builder, "runtime");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "omp_wait_policy");
  if (omp_wait_policy != NULL)
    json_builder_add_string_value (builder, omp_wait_policy);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static int
lumina_cli_print_version (LuminaCli       *cli,
                          GOptionContext  *context,
                          char           **args)
{
  g_autofree char *libraries = lumina_runtime_describe_libraries ();

  if (args[1] != NULL)
    return lumina_cli_usage_error (context, _("Unexpected argument “%s”"), args[1]);

  if (cli->json)
    print_version_json (libraries);
  else
    g_print ("lumina %s\n%s\n", PACKAGE_VERSION, libraries);

  return LUMINA_CLI_EXIT_OK;
}

static int
lumina_cli_run (LuminaCli  *cli,
                char      **args)
{
  const GOptionEntry root_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli->version,
      N_("Show the version of lumina and of its libraries"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  int status;

  cli->command = &lumina_cli_root_command;
  g_string_assign (cli->command_path, lumina_cli_root_command.name);
  context = lumina_cli_context_new (cli, root_entries);

  if (!lumina_cli_parse (cli, context, &args, G_MAXUINT, &status))
    return status;

  if (cli->version)
    return lumina_cli_print_version (cli, context, args);

  return lumina_cli_dispatch (cli, context, args);
}

int
main (int    argc,
      char **argv)
{
  g_auto(GStrv) args = NULL;
  LuminaCli cli = { 0 };
  int status;

  /* Re-executes once to fix the OpenMP environment; must come first. */
  lumina_runtime_ensure_environment (argc, argv);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  cli.command_path = g_string_new (NULL);

  status = lumina_cli_run (&cli, args);

  g_string_free (cli.command_path, TRUE);
  g_free (cli.workspace);
  g_free (cli.actor);

  return status;
}
