/* lumina-cli-workspace.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina workspace init|info`.
 */
#define G_LOG_DOMAIN "lumina-cli-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

static gboolean
workspace_exists (const char *path)
{
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);

  return g_file_test (db_path, G_FILE_TEST_EXISTS);
}

static void
print_init_json (LuminaWorkspace *workspace,
                 gboolean         created)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, lumina_workspace_get_path (workspace));
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, created);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static int
lumina_cli_workspace_init (LuminaCli  *cli,
                           char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean existed;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  /* Opening an existing workspace without CREATE keeps init idempotent:
   * it changes nothing and appends no event. */
  path = lumina_cli_dup_workspace_path (cli);
  existed = workspace_exists (path);
  workspace = lumina_cli_open_workspace (cli,
                                         existed ? LUMINA_WORKSPACE_OPEN_NONE
                                                 : LUMINA_WORKSPACE_OPEN_CREATE,
                                         &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_init_json (workspace, !existed);
  else if (existed)
    g_print (_("Workspace already exists at %s\n"), lumina_workspace_get_path (workspace));
  else
    g_print (_("Created workspace at %s\n"), lumina_workspace_get_path (workspace));

  return LUMINA_CLI_EXIT_OK;
}

static void
print_info_json (const LuminaWorkspaceInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, info->path);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, info->schema_version);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, info->id);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, info->created_at);
  json_builder_set_member_name (builder, "events");
  json_builder_add_int_value (builder, info->n_events);
  json_builder_set_member_name (builder, "objects");
  json_builder_add_int_value (builder, info->n_objects);
  json_builder_set_member_name (builder, "object_bytes");
  json_builder_add_int_value (builder, info->object_bytes);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static void
print_info_human (const LuminaWorkspaceInfo *info)
{
  g_autofree char *schema = g_strdup_printf ("%d", info->schema_version);
  g_autofree char *events = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_events);
  g_autofree char *objects = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_objects);
  g_autofree char *size = g_format_size ((guint64) MAX (info->object_bytes, 0));
  g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", info->object_bytes, size);
  const char *keys[] = {
    _("path"), _("schema version"), _("workspace id"), _("created"),
    _("events"), _("objects"), _("object bytes"), NULL
  };
  const char *values[] = {
    info->path, schema, info->id, info->created_at, events, objects, bytes
  };

  lumina_cli_print_fields (keys, values);
}

static int
lumina_cli_workspace_info (LuminaCli  *cli,
                           char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);

  info = lumina_workspace_query_info (workspace, &error);
  if (info == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_info_json (info);
  else
    print_info_human (info);

  return LUMINA_CLI_EXIT_OK;
}

static const LuminaCliCommand workspace_init_command = {
  "init", NULL,
  N_("Create the workspace; does nothing when it exists."),
  lumina_cli_workspace_init, NULL,
};

static const LuminaCliCommand workspace_info_command = {
  "info", NULL,
  N_("Show the workspace's location, schema, identity and size."),
  lumina_cli_workspace_info, NULL,
};

static const LuminaCliCommand * const workspace_commands[] = {
  &workspace_init_command,
  &workspace_info_command,
  NULL
};

const LuminaCliCommand lumina_cli_workspace_command = {
  "workspace", NULL,
  N_("Create and inspect workspaces."),
  NULL, workspace_commands,
};
