/* lumina-cli-output.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers every command uses: errors, JSON and "key: value" output, and
 * opening the workspace the global options name.
 */
#define G_LOG_DOMAIN "lumina-cli-output"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

/**
 * lumina_cli_fail:
 * @error: what went wrong; its message is one sentence
 *
 * Returns: the exit status for a failure at run time
 */
int
lumina_cli_fail (const GError *error)
{
  g_assert (error != NULL);

  g_printerr ("lumina: %s\n", error->message);
  return LUMINA_CLI_EXIT_FAILED;
}

/**
 * lumina_cli_print_json:
 * @node: the document to print
 *
 * Writes @node as UTF-8 JSON and a newline on standard output: indented
 * for a terminal, compact for pipes and files.
 */
void
lumina_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_assert (node != NULL);

  json_generator_set_pretty (generator, isatty (STDOUT_FILENO));
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  /* Raw bytes, not g_print(): JSON is UTF-8 whatever the locale says. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/**
 * lumina_cli_print_fields:
 * @keys: (array zero-terminated=1): translated labels
 * @values: (array): one value per label
 *
 * Prints "key: value" lines with the values in one column.
 */
void
lumina_cli_print_fields (const char * const *keys,
                         const char * const *values)
{
  glong width = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    width = MAX (width, g_utf8_strlen (keys[i], -1));

  for (guint i = 0; keys[i] != NULL; i++)
    {
      glong pad = width - g_utf8_strlen (keys[i], -1);

      g_print ("%s:%*s %s\n", keys[i], (int) pad, "", values[i] != NULL ? values[i] : "-");
    }
}

/**
 * lumina_cli_dup_workspace_path:
 * @cli: the command line state
 *
 * Returns: (transfer full): the directory from --workspace, or the default
 *   workspace's
 */
char *
lumina_cli_dup_workspace_path (LuminaCli *cli)
{
  if (cli->workspace != NULL)
    return g_strdup (cli->workspace);

  return lumina_workspace_get_default_path ();
}

/* Quotes @path only when a shell would split or expand it. */
static char *
shell_word (const char *path)
{
  static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "0123456789/._+-=:,@%";

  if (path[0] != '\0' && strspn (path, safe) == strlen (path))
    return g_strdup (path);

  return g_shell_quote (path);
}

static gboolean
has_database (const char *path)
{
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);

  return g_file_test (db_path, G_FILE_TEST_EXISTS);
}

/**
 * lumina_cli_open_workspace:
 * @cli: the command line state
 * @flags: how to open a workspace named with --workspace; the default
 *   workspace is always created on first use
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the workspace, recording events as
 *   the --actor given, if any
 */
LuminaWorkspace *
lumina_cli_open_workspace (LuminaCli                 *cli,
                           LuminaWorkspaceOpenFlags   flags,
                           GError                   **error)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = lumina_cli_dup_workspace_path (cli);

  if (cli->workspace == NULL)
    flags |= LUMINA_WORKSPACE_OPEN_CREATE;

  /* Before opening, so a workspace created now is created by the actor too. */
  lumina_workspace_set_default_actor (cli->actor);
  workspace = lumina_workspace_open (path, flags, &local_error);
  if (workspace == NULL)
    {
      if (g_error_matches (local_error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND) &&
          !has_database (path))
        {
          g_autofree char *word = shell_word (path);

          /* Translators: the first %s is a directory, the second the same
           * directory quoted for a shell */
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                       _("No workspace at %s; create it with “lumina workspace init --workspace %s”"),
                       path, word);
          return NULL;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&workspace);
}
