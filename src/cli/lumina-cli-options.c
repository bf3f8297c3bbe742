/* lumina-cli-options.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Option parsing shared by every level of the command tree.  Each level
 * builds one GOptionContext holding the global options plus its own, so
 * global options work before and after a command name.
 */
#define G_LOG_DOMAIN "lumina-cli-options"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

static gboolean
set_string_option (char       **target,
                   const char  *option_name,
                   const char  *value,
                   GError     **error)
{
  g_assert (target != NULL);

  if (value == NULL || value[0] == '\0')
    {
      /* Translators: %s is an option name such as --workspace */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a non-empty value"), option_name);
      return FALSE;
    }

  g_free (*target);
  *target = g_strdup (value);
  return TRUE;
}

static gboolean
on_workspace_option (const char  *option_name,
                     const char  *value,
                     gpointer     data,
                     GError     **error)
{
  LuminaCli *cli = data;

  return set_string_option (&cli->workspace, option_name, value, error);
}

static gboolean
on_actor_option (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  LuminaCli *cli = data;

  return set_string_option (&cli->actor, option_name, value, error);
}

static gboolean
on_json_option (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  LuminaCli *cli = data;

  cli->json = TRUE;
  return TRUE;
}

static gboolean
on_help_option (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  LuminaCli *cli = data;

  cli->help = TRUE;
  return TRUE;
}

static const GOptionEntry global_entries[] = {
  { "workspace", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, on_workspace_option,
    N_("Use the workspace in DIR instead of the default one"), N_("DIR") },
  { "json", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_json_option,
    N_("Print machine-readable JSON on standard output"), NULL },
  { "actor", 0, 0, G_OPTION_ARG_CALLBACK, on_actor_option,
    N_("Record NAME as the actor of audit events instead of the user name"), N_("NAME") },
  { "help", 'h', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_help_option,
    N_("Show help and exit"), NULL },
  { NULL }
};

static char *
describe_subcommands (const LuminaCliCommand *group,
                      const char             *command_path)
{
  GString *text = g_string_new (_("Commands:"));
  int width = 0;

  g_assert (group->subcommands != NULL);

  for (guint i = 0; group->subcommands[i] != NULL; i++)
    width = MAX (width, (int) strlen (group->subcommands[i]->name));

  for (guint i = 0; group->subcommands[i] != NULL; i++)
    g_string_append_printf (text, "\n  %-*s  %s", width, group->subcommands[i]->name,
                            _(group->subcommands[i]->summary));

  g_string_append (text, "\n\n");
  /* Translators: %s is a command line such as "lumina workspace" */
  g_string_append_printf (text, _("Run “%s COMMAND --help” for the options of a command."),
                          command_path);

  return g_string_free (text, FALSE);
}

/**
 * lumina_cli_context_new:
 * @cli: the command line state; its current command is described
 * @entries: (nullable): options of this command on top of the global ones
 *
 * Returns: (transfer full): a context whose help names the full command,
 *   e.g. "lumina audit log".  Groups stop parsing at their subcommand.
 */
GOptionContext *
lumina_cli_context_new (LuminaCli          *cli,
                        const GOptionEntry *entries)
{
  const LuminaCliCommand *command = cli->command;
  gboolean is_group = command->subcommands != NULL;
  GOptionContext *context;
  GOptionGroup *group;

  /* GOption prints the program name in its usage line; naming the
   * whole command there gives "Usage: lumina audit log [OPTION…]". */
  g_set_prgname (cli->command_path->str);

  context = g_option_context_new (is_group ? N_("COMMAND [ARGS…]") : command->parameter_string);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, is_group);

  if (is_group)
    {
      g_autofree char *description = describe_subcommands (command, cli->command_path->str);

      g_option_context_set_description (context, description);
    }

  group = g_option_group_new ("lumina", NULL, NULL, cli, NULL);
  if (entries != NULL)
    g_option_group_add_entries (group, entries);
  g_option_group_add_entries (group, global_entries);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  return context;
}

/**
 * lumina_cli_usage_error:
 * @context: the context of the command that was misused
 * @format: a one-line message
 *
 * Prints the message and the command's usage on standard error.
 *
 * Returns: the exit status for bad usage
 */
int
lumina_cli_usage_error (GOptionContext *context,
                        const char     *format,
                        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *help = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("lumina: %s\n\n%s", message, help);

  return LUMINA_CLI_EXIT_USAGE;
}

/**
 * lumina_cli_parse:
 * @cli: the command line state
 * @context: from lumina_cli_context_new()
 * @args: (inout): the command's arguments, command name first; parsed
 *   options are removed
 * @max_positional: how many arguments may remain after the command name
 * @status: (out): the exit status when this returns %FALSE
 *
 * Returns: %TRUE when the command should run; %FALSE when it is done,
 *   because help was printed or the usage was wrong
 */
gboolean
lumina_cli_parse (LuminaCli        *cli,
                  GOptionContext   *context,
                  char           ***args,
                  guint             max_positional,
                  int              *status)
{
  g_autoptr(GError) error = NULL;
  guint n_positional;

  if (!g_option_context_parse_strv (context, args, &error))
    {
      *status = lumina_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }

  if (cli->help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      *status = LUMINA_CLI_EXIT_OK;
      return FALSE;
    }

  n_positional = g_strv_length (*args) - 1;
  if (n_positional > max_positional)
    {
      *status = lumina_cli_usage_error (context, _("Unexpected argument “%s”"),
                                        (*args)[1 + max_positional]);
      return FALSE;
    }

  return TRUE;
}
