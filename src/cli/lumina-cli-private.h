/* lumina-cli-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the `lumina` command line.  Each command
 * group lives in its own lumina-cli-<group>.c and exports one table.
 */
#pragma once

#include <glib.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

/* Exit statuses. */
#define LUMINA_CLI_EXIT_OK     0
#define LUMINA_CLI_EXIT_FAILED 1
#define LUMINA_CLI_EXIT_USAGE  2

typedef struct _LuminaCli        LuminaCli;
typedef struct _LuminaCliCommand LuminaCliCommand;

/* @args is NULL-terminated and starts with the command's own name, like
 * argv starts with the program name.  Returns the exit status. */
typedef int (*LuminaCliCommandFunc) (LuminaCli  *cli,
                                     char      **args);

/* A node in the command tree: either a leaf with @run, or a group with
 * @subcommands (a NULL-terminated array).  New command groups add one
 * exported node here and one line to the table in lumina-cli.c. */
struct _LuminaCliCommand
{
  const char                     *name;
  const char                     *parameter_string; /* N_(), or NULL */
  const char                     *summary;          /* N_() */
  LuminaCliCommandFunc            run;
  const LuminaCliCommand * const *subcommands;
};

struct _LuminaCli
{
  /* Global options, accepted before and after the command. */
  char                   *workspace;
  char                   *actor;
  gboolean                json;
  gboolean                help;
  gboolean                version;

  /* Where dispatch has got to, for usage messages. */
  const LuminaCliCommand *command;
  GString                *command_path;
};

extern const LuminaCliCommand lumina_cli_workspace_command;
extern const LuminaCliCommand lumina_cli_audit_command;
extern const LuminaCliCommand lumina_cli_data_command;
extern const LuminaCliCommand lumina_cli_automl_command;
extern const LuminaCliCommand lumina_cli_predict_command;
extern const LuminaCliCommand lumina_cli_runs_command;
extern const LuminaCliCommand lumina_cli_runs_rerun_command;
extern const LuminaCliCommand lumina_cli_models_command;
extern const LuminaCliCommand lumina_cli_serve_command;
extern const LuminaCliCommand lumina_cli_deploy_command;
extern const LuminaCliCommand lumina_cli_metrics_command;
extern const LuminaCliCommand lumina_cli_feedback_command;

/* lumina-cli.c */
int               lumina_cli_enter              (LuminaCli               *cli,
                                                 const LuminaCliCommand  *command,
                                                 char                   **args);

/* lumina-cli-options.c */
GOptionContext   *lumina_cli_context_new        (LuminaCli               *cli,
                                                 const GOptionEntry      *entries);
gboolean          lumina_cli_parse              (LuminaCli               *cli,
                                                 GOptionContext          *context,
                                                 char                  ***args,
                                                 guint                    max_positional,
                                                 int                     *status);
int               lumina_cli_usage_error        (GOptionContext          *context,
                                                 const char              *format,
                                                 ...) G_GNUC_PRINTF (2, 3);

/* lumina-cli-predict.c */
char             *lumina_cli_resolve_bundle     (LuminaCli               *cli,
                                                 const char              *ref,
                                                 GError                 **error);

/* lumina-cli-output.c */
int               lumina_cli_fail               (const GError            *error);
void              lumina_cli_print_json         (JsonNode                *node);
void              lumina_cli_print_fields       (const char * const      *keys,
                                                 const char * const      *values);
LuminaWorkspace  *lumina_cli_open_workspace     (LuminaCli               *cli,
                                                 LuminaWorkspaceOpenFlags flags,
                                                 GError                 **error);
char             *lumina_cli_dup_workspace_path (LuminaCli               *cli);

G_END_DECLS
