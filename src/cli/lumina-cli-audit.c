/* lumina-cli-audit.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina audit log|verify`: read and check the hash-chained event log.
 */
#define G_LOG_DOMAIN "lumina-cli-audit"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-cli-private.h"

#define DEFAULT_LOG_LIMIT 20

enum { COLUMN_ID, COLUMN_TIME, COLUMN_ACTOR, COLUMN_KIND, COLUMN_OBJECT, N_COLUMNS };

static void
event_columns (LuminaEvent *event,
               char        *columns[N_COLUMNS])
{
  const char *object = lumina_event_get_object (event);

  columns[COLUMN_ID] = g_strdup_printf ("%" G_GINT64_FORMAT, lumina_event_get_id (event));
  columns[COLUMN_TIME] = g_strdup (lumina_event_get_time_text (event));
  columns[COLUMN_ACTOR] = g_strdup (lumina_event_get_actor (event));
  columns[COLUMN_KIND] = g_strdup (lumina_event_get_kind (event));
  columns[COLUMN_OBJECT] = g_strdup (object != NULL && object[0] != '\0' ? object : "-");
}

/* One line per event: "ID  TIME  ACTOR  KIND  OBJECT", in aligned columns. */
static void
print_log_human (GPtrArray *events)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int widths[N_COLUMNS] = { 0 };

  for (guint i = 0; i < events->len; i++)
    {
      char **columns = g_new0 (char *, N_COLUMNS + 1);

      event_columns (g_ptr_array_index (events, i), columns);
      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (int) g_utf8_strlen (columns[c], -1));
      g_ptr_array_add (rows, columns);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **columns = g_ptr_array_index (rows, i);

      g_print ("%*s  %-*s  %-*s  %-*s  %s\n",
               widths[COLUMN_ID], columns[COLUMN_ID],
               widths[COLUMN_TIME], columns[COLUMN_TIME],
               widths[COLUMN_ACTOR], columns[COLUMN_ACTOR],
               widths[COLUMN_KIND], columns[COLUMN_KIND],
               columns[COLUMN_OBJECT]);
    }
}

static void
print_log_json (GPtrArray *events)
{
  g_autoptr(JsonArray) array = json_array_sized_new (events->len);
  g_autoptr(JsonNode) root = json_node_alloc ();

  for (guint i = 0; i < events->len; i++)
    json_array_add_element (array, lumina_event_to_json (g_ptr_array_index (events, i)));

  json_node_init_array (root, array);
  lumina_cli_print_json (root);
}

static int
lumina_cli_audit_log (LuminaCli  *cli,
                      char      **args)
{
  int limit = DEFAULT_LOG_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N events, newest first (default: 20)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  if (limit <= 0)
    /* Translators: %d is the number the user gave */
    return lumina_cli_usage_error (context, _("--limit must be a positive number, not %d"), limit);

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);

  events = lumina_event_log_list (lumina_workspace_get_events (workspace), 0, limit, &error);
  if (events == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_log_json (events);
  else
    print_log_human (events);

  return LUMINA_CLI_EXIT_OK;
}

static void
print_report_json (const LuminaAuditReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, report->ok);
  json_builder_set_member_name (builder, "checked");
  json_builder_add_int_value (builder, report->n_checked);
  json_builder_set_member_name (builder, "broken_id");
  if (report->ok)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, report->broken_id);
  json_builder_set_member_name (builder, "reason");
  if (report->reason != NULL)
    json_builder_add_string_value (builder, report->reason);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static void
print_report_human (const LuminaAuditReport *report)
{
  g_autofree char *checked = g_strdup_printf ("%" G_GINT64_FORMAT, report->n_checked);
  g_autofree char *broken_id = g_strdup_printf ("%" G_GINT64_FORMAT, report->broken_id);

  if (report->ok)
    /* Translators: %s is a number of events */
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Audit chain intact: %s event verified\n",
                          "Audit chain intact: %s events verified\n",
                          (gulong) MAX (report->n_checked, 0)),
             checked);
  else
    /* Translators: the first %s is an event id, the second why it fails */
    g_print (_("Audit chain broken at event %s: %s\n"), broken_id,
             report->reason != NULL ? report->reason : _("no reason given"));
}

static int
lumina_cli_audit_verify (LuminaCli  *cli,
                         char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);

  report = lumina_event_log_verify (lumina_workspace_get_events (workspace), &error);
  if (report == NULL)
    return lumina_cli_fail (error);

  if (cli->json)
    print_report_json (report);
  else
    print_report_human (report);

  /* A broken chain is a finding, not a usage problem: report it, exit 1. */
  return report->ok ? LUMINA_CLI_EXIT_OK : LUMINA_CLI_EXIT_FAILED;
}

static const LuminaCliCommand audit_log_command = {
  "log", NULL,
  N_("List audit events, newest first."),
  lumina_cli_audit_log, NULL,
};

static const LuminaCliCommand audit_verify_command = {
  "verify", NULL,
  N_("Check the hash chain of the audit log; exits with 1 when it is broken."),
  lumina_cli_audit_verify, NULL,
};

static const LuminaCliCommand * const audit_commands[] = {
  &audit_log_command,
  &audit_verify_command,
  NULL
};

const LuminaCliCommand lumina_cli_audit_command = {
  "audit", NULL,
  N_("Read and verify the audit log."),
  NULL, audit_commands,
};
