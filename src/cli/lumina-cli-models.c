/* lumina-cli-models.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina models`: the model registry.  This file holds the group, the
 * commands that only read (list, show, versions, history, stages) and
 * the helpers the others share; the commands that change the registry
 * live in lumina-cli-models-edit.c.
 *
 * The actor of changes is --actor, else $LUMINA_ACTOR, else the user name.
 */
#define G_LOG_DOMAIN "lumina-cli-models"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-models-private.h"

#define MAX_CELL 40

/* ---- helpers ------------------------------------------------------------ */

/**
 * lumina_cli_models_open:
 * @cli: the command line state
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the registry of the workspace the
 *   global options name, recording changes as --actor or $LUMINA_ACTOR
 */
LuminaRegistry *
lumina_cli_models_open (LuminaCli  *cli,
                        GError    **error)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;
  const char *env_actor = g_getenv ("LUMINA_ACTOR");

  if (cli->actor == NULL && env_actor != NULL && env_actor[0] != '\0')
    cli->actor = g_strdup (env_actor);

  if (!(workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error)))
    return NULL;

  return lumina_registry_new (workspace);
}

gboolean
lumina_cli_models_parse_version (const char  *text,
                                 guint       *version,
                                 GError     **error)
{
  guint64 value;

  if (text == NULL || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    {
      /* Translators: %s is what the user typed */
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   _("“%s” is not a version number (1, 2, …)"), text != NULL ? text : "");
      return FALSE;
    }

  *version = (guint) value;
  return TRUE;
}

/**
 * lumina_cli_models_print_gates:
 * @report: (nullable): a gate report
 *
 * One line per gate: a mark, its name and its figures.
 */
void
lumina_cli_models_print_gates (JsonObject *report)
{
  JsonArray *gates;

  if (report == NULL || !(gates = json_object_get_array_member (report, "gates")))
    return;

  for (guint i = 0; i < json_array_get_length (gates); i++)
    {
      JsonObject *gate = json_array_get_object_element (gates, i);

      g_print ("  %s %-9s %s\n", json_object_get_boolean_member (gate, "passed") ? "pass" : "FAIL",
               json_object_get_string_member (gate, "gate"), json_object_get_string_member (gate, "summary"));
    }
}

/**
 * lumina_cli_models_fail_gates:
 * @cli: the command line state
 * @error: why the move failed
 * @report: (nullable): the gate report, when gates ran
 *
 * With --json, a refusal by the gates also prints {"error", "gates"} on
 * standard output.
 *
 * Returns: the exit status for a failure
 */
int
lumina_cli_models_fail_gates (LuminaCli     *cli,
                              const GError  *error,
                              JsonObject    *report)
{
  if (cli->json && report != NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_alloc ();

      json_object_set_string_member (object, "error", error->message);
      json_object_set_object_member (object, "gates", json_object_ref (report));
      json_node_init_object (root, object);
      lumina_cli_print_json (root);
    }

  return lumina_cli_fail (error);
}

static char *
format_aliases (JsonObject *aliases)
{
  g_autoptr(GList) members = json_object_get_members (aliases);
  GString *text = g_string_new (NULL);

  for (const GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, text->len > 0 ? " " : "", (const char *) l->data,
                            json_object_get_int_member (aliases, l->data));

  if (text->len == 0)
    g_string_append (text, "-");
  return g_string_free (text, FALSE);
}

static char *
join_strings (JsonArray  *array,
              const char *empty)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array, i));

  if (text->len == 0)
    g_string_append (text, empty);
  return g_string_free (text, FALSE);
}

static char *
format_metric (JsonObject *version)
{
  const char *metric = json_object_get_string_member_with_default (version, "primary_metric", NULL);
  JsonObject *metrics = json_object_get_object_member (version, "metrics");
  g_autofree char *value = NULL;

  if (metric == NULL || metrics == NULL)
    return g_strdup ("-");

  value = lumina_cli_data_format_number (json_object_get_member (metrics, metric), LUMINA_CLI_RUNS_DIGITS);
  return g_strdup_printf ("%s %s", metric, value);
}

static void
print_node (LuminaCli *cli,
            JsonNode  *node)
{
  g_assert (cli->json);

  lumina_cli_print_json (node);
}

/* ---- list --------------------------------------------------------------- */

static int
lumina_cli_models_list (LuminaCli  *cli,
                        char      **args)
{
  const char *headers[] = {
    _("NAME"), _("VERSIONS"), _("LATEST"), _("ALIASES"), _("UPDATED"), NULL
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonNode) models = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !(models = lumina_registry_list_models (registry, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      print_node (cli, models);
      return LUMINA_CLI_EXIT_OK;
    }

  array = json_node_get_array (models);
  if (json_array_get_length (array) == 0)
    {
      g_print (_("No registered models; register a run with “lumina models register RUN --name NAME”\n"));
      return LUMINA_CLI_EXIT_OK;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *model = json_array_get_object_element (array, i);
      char **cells = g_new0 (char *, 6);

      cells[0] = g_strdup (json_object_get_string_member (model, "name"));
      cells[1] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (model, "n_versions"));
      cells[2] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (model, "latest_version"));
      cells[3] = format_aliases (json_object_get_object_member (model, "aliases"));
      cells[4] = lumina_cli_data_relative_time (json_object_get_string_member (model, "updated_at"));
      g_ptr_array_add (rows, cells);
    }
  lumina_cli_data_print_table (headers, "lrrll", rows);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- versions ----------------------------------------------------------- */

static void
print_versions_table (JsonArray *versions)
{
  const char *headers[] = {
    _("VERSION"), _("STAGE"), _("ALIASES"), _("METRIC"), _("RUN"), _("CREATED"), _("ACTOR"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);
      char **cells = g_new0 (char *, 8);

      cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (version, "version"));
      cells[1] = g_strdup (json_object_get_string_member (version, "stage"));
      cells[2] = join_strings (json_object_get_array_member (version, "aliases"), "-");
      cells[3] = format_metric (version);
      cells[4] = g_strndup (json_object_get_string_member (version, "run_id"), LUMINA_CLI_RUNS_SHORT_ID);
      cells[5] = lumina_cli_data_relative_time (json_object_get_string_member (version, "created_at"));
      cells[6] = g_strdup (json_object_get_string_member (version, "actor"));
      g_ptr_array_add (rows, cells);
    }

  lumina_cli_data_print_table (headers, "rlllll" "l", rows);
}

static int
lumina_cli_models_versions (LuminaCli  *cli,
                            char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model"));

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !(versions = lumina_registry_list_versions (registry, args[1], &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    print_node (cli, versions);
  else
    print_versions_table (json_node_get_array (versions));

  return LUMINA_CLI_EXIT_OK;
}

/* ---- show --------------------------------------------------------------- */

static void
print_version_human (JsonObject *version)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (version, "version"));
  g_autofree char *aliases = join_strings (json_object_get_array_member (version, "aliases"), "-");
  g_autofree char *metric = format_metric (version);
  JsonArray *approvals = json_object_get_array_member (version, "approvals");
  JsonArray *signature = json_object_get_array_member (version, "signature");
  JsonObject *card = json_object_get_object_member (version, "card");
  g_autoptr(GString) approvers = g_string_new (NULL);
  const char *keys[] = {
    _("Model"), _("Version"), _("Stage"), _("Aliases"), _("Task"), _("Metric"), _("Run"), _("Dataset"),
    _("Bundle"), _("Bundle sha256"), _("Created"), _("Registered by"), _("Approved by"), NULL
  };
  const char *values[G_N_ELEMENTS (keys)] = { NULL };

  for (guint i = 0; approvals != NULL && i < json_array_get_length (approvals); i++)
    g_string_append_printf (approvers, "%s%s", i > 0 ? ", " : "",
                            json_object_get_string_member (json_array_get_object_element (approvals, i), "actor"));
  values[0] = json_object_get_string_member (version, "model");
  values[1] = number;
  values[2] = json_object_get_string_member (version, "stage");
  values[3] = aliases;
  values[4] = json_object_get_string_member (version, "task");
  values[5] = metric;
  values[6] = json_object_get_string_member (version, "run_id");
  values[7] = json_object_get_string_member_with_default (version, "dataset_ref", NULL);
  values[8] = json_object_get_string_member (version, "bundle");
  values[9] = json_object_get_string_member (version, "bundle_sha256");
  values[10] = json_object_get_string_member (version, "created_at");
  values[11] = json_object_get_string_member (version, "actor");
  values[12] = approvers->len > 0 ? approvers->str : NULL;
  lumina_cli_print_fields (keys, values);

  g_print ("\n%s\n", _("Inputs:"));
  for (guint i = 0; i < json_array_get_length (signature); i++)
    {
      JsonObject *column = json_array_get_object_element (signature, i);

      g_print ("  %s (%s)\n", json_object_get_string_member (column, "name"),
               json_object_get_string_member (column, "type"));
    }

  g_print ("\n%s\n", _("Card:"));
  g_print ("  %s\n", json_object_get_string_member_with_default (card, "description", ""));
  if (*json_object_get_string_member_with_default (card, "intended_use", "") != '\0')
    g_print ("  %s %s\n", _("Intended use:"), json_object_get_string_member (card, "intended_use"));
  if (*json_object_get_string_member_with_default (card, "limitations", "") != '\0')
    g_print ("  %s %s\n", _("Limitations:"), json_object_get_string_member (card, "limitations"));
}

static int
show_model (LuminaCli      *cli,
            LuminaRegistry *registry,
            const char     *name)
{
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aliases = NULL;
  g_autofree char *gates = NULL;
  JsonObject *object;

  if (!(model = lumina_registry_get_model (registry, name, &error)) ||
      !(versions = lumina_registry_list_versions (registry, name, &error)))
    return lumina_cli_fail (error);

  object = json_node_get_object (model);
  if (cli->json)
    {
      json_object_set_member (object, "versions", json_node_ref (versions));
      print_node (cli, model);
      return LUMINA_CLI_EXIT_OK;
    }

  aliases = format_aliases (json_object_get_object_member (object, "aliases"));
  gates = json_to_string (json_object_get_member (object, "gates"), FALSE);
  {
    const char *keys[] = { _("Model"), _("Created"), _("Created by"), _("Aliases"), _("Gates"), NULL };
    const char *values[] = {
      json_object_get_string_member (object, "name"), json_object_get_string_member (object, "created_at"),
      json_object_get_string_member (object, "actor"), aliases, gates,
    };

    lumina_cli_print_fields (keys, values);
  }
  g_print ("\n");
  print_versions_table (json_node_get_array (versions));
  return LUMINA_CLI_EXIT_OK;
}

static int
lumina_cli_models_show (LuminaCli  *cli,
                        char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint number;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model (NAME, NAME@ALIAS or NAME@VERSION)"));

  if (!(registry = lumina_cli_models_open (cli, &error)))
    return lumina_cli_fail (error);
  if (strchr (args[1], '@') == NULL && strchr (args[1], '/') == NULL)
    return show_model (cli, registry, args[1]);

  if (!lumina_registry_resolve (registry, args[1], &name, &number, NULL, &error) ||
      !(version = lumina_registry_get_version (registry, name, number, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    print_node (cli, version);
  else
    print_version_human (json_node_get_object (version));

  return LUMINA_CLI_EXIT_OK;
}

/* ---- history ------------------------------------------------------------ */

/* ISO 8601 (local time unless it says otherwise), or "YYYY-MM-DD HH:MM[:SS]"
 * in local time. */
static GDateTime *
parse_time (const char  *text,
            GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *iso = g_strdup (text);
  GDateTime *time;

  if (strlen (iso) >= 16 && iso[10] == ' ')
    iso[10] = 'T';
  /* GLib wants seconds: "…T14:30" and "…T14:30Z" become "…T14:30:00…". */
  if (strlen (iso) >= 16 && iso[10] == 'T' && iso[13] == ':' && iso[16] != ':')
    {
      char *with_seconds = g_strdup_printf ("%.16s:00%s", iso, iso + 16);

      g_free (iso);
      iso = with_seconds;
    }
  if ((time = g_date_time_new_from_iso8601 (iso, local)) != NULL)
    return time;

  /* Translators: %s is what the user typed */
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               _("“%s” is not a time; write e.g. 2026-03-01T14:30:00Z or “2026-03-01 14:30”"), text);
  return NULL;
}

static char *
format_local (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
format_json_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("-");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
print_events_human (JsonArray *events)
{
  const char *headers[] = {
    _("TIME"), _("ACTOR"), _("KIND"), _("NAME"), _("VERSION"), _("PREVIOUS"), _("REASON"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *name = json_object_get_string_member (event, "name");
      const char *reason = json_object_get_string_member (event, "reason");
      char **cells = g_new0 (char *, 8);

      cells[0] = format_local (json_object_get_string_member (event, "time"));
      cells[1] = g_strdup (json_object_get_string_member (event, "actor"));
      cells[2] = g_strdup (json_object_get_string_member (event, "kind"));
      cells[3] = g_strdup (name[0] != '\0' ? name : "-");
      cells[4] = format_json_value (json_object_get_member (event, "version"));
      cells[5] = format_json_value (json_object_get_member (event, "previous"));
      cells[6] = lumina_cli_data_truncate (reason[0] != '\0' ? reason : "-", MAX_CELL);
      g_ptr_array_add (rows, cells);
    }

  if (rows->len == 0)
    g_print (_("No history\n"));
  else
    lumina_cli_data_print_table (headers, "lllllll", rows);
}

static int
print_aliases_at (LuminaCli      *cli,
                  LuminaRegistry *registry,
                  const char     *name,
                  const char     *alias,
                  const char     *when)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(JsonNode) aliases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GList) members = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *at_text = NULL;
  JsonObject *object;
  const char *headers[] = { _("ALIAS"), _("VERSION"), NULL };

  if (!(at = parse_time (when, &error)) ||
      (alias != NULL && !lumina_registry_check_alias (alias, &error)) ||
      !(aliases = lumina_registry_aliases_at (registry, name, at, &error)))
    return lumina_cli_fail (error);

  object = json_node_get_object (aliases);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    if (alias != NULL && !g_str_equal (l->data, alias))
      json_object_remove_member (object, l->data);

  utc = g_date_time_to_utc (at);
  at_text = g_date_time_format_iso8601 (utc);
  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();
      g_autoptr(JsonNode) root = json_node_alloc ();

      json_object_set_string_member (result, "model", name);
      json_object_set_string_member (result, "at", at_text);
      json_object_set_object_member (result, "aliases", json_object_ref (object));
      print_node (cli, json_node_init_object (root, result));
      return LUMINA_CLI_EXIT_OK;
    }

  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      char **cells = g_new0 (char *, 3);

      cells[0] = g_strdup (l->data);
      cells[1] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, l->data));
      g_ptr_array_add (rows, cells);
    }
  if (rows->len == 0)
    /* Translators: the first %s is a model, the second a time */
    g_print (_("No alias of %s pointed at a version at %s\n"), name, at_text);
  else
    lumina_cli_data_print_table (headers, "lr", rows);
  return LUMINA_CLI_EXIT_OK;
}

static int
lumina_cli_models_history (LuminaCli  *cli,
                           char      **args)
{
  g_autofree char *alias = NULL;
  g_autofree char *when = NULL;
  const GOptionEntry entries[] = {
    { "alias", 0, 0, G_OPTION_ARG_STRING, &alias, N_("Only the moves of alias NAME"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &when,
      N_("Show the version each alias pointed at at TIME (ISO 8601 or “YYYY-MM-DD HH:MM”)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model"));

  if (!(registry = lumina_cli_models_open (cli, &error)))
    return lumina_cli_fail (error);
  if (when != NULL)
    return print_aliases_at (cli, registry, args[1], alias, when);

  if (!(events = lumina_registry_list_events (registry, args[1], alias ? "alias" : NULL, alias, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    print_node (cli, events);
  else
    print_events_human (json_node_get_array (events));
  return LUMINA_CLI_EXIT_OK;
}

/* ---- stages ------------------------------------------------------------- */

static int
lumina_cli_models_stages (LuminaCli  *cli,
                          char      **args)
{
  g_autofree char *set = NULL;
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING, &set,
      N_("Replace the workspace's stages, in lifecycle order (comma-separated)"), N_("STAGES") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stages = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (!(registry = lumina_cli_models_open (cli, &error)))
    return lumina_cli_fail (error);

  if (set != NULL)
    {
      g_auto(GStrv) wanted = g_strsplit (set, ",", -1);

      for (guint i = 0; wanted[i] != NULL; i++)
        g_strstrip (wanted[i]);
      if (!lumina_registry_set_stages (registry, (const char * const *) wanted, &error))
        return lumina_cli_fail (error);
    }
  if (!(stages = lumina_registry_dup_stages (registry, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_alloc ();

      for (guint i = 0; stages[i] != NULL; i++)
        json_array_add_string_element (array, stages[i]);
      print_node (cli, json_node_init_array (root, array));
    }
  else
    for (guint i = 0; stages[i] != NULL; i++)
      g_print ("%s\n", stages[i]);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- the group ---------------------------------------------------------- */

static const LuminaCliCommand models_register_command = {
  "register", N_("RUN --name NAME"),
  N_("Register a run's model bundle as a new version of a model."),
  lumina_cli_models_register, NULL,
};

static const LuminaCliCommand models_list_command = {
  "list", NULL,
  N_("List registered models."),
  lumina_cli_models_list, NULL,
};

static const LuminaCliCommand models_show_command = {
  "show", N_("NAME[@ALIAS|@VERSION]"),
  N_("Show a model and its versions, or one version."),
  lumina_cli_models_show, NULL,
};

static const LuminaCliCommand models_versions_command = {
  "versions", N_("NAME"),
  N_("List the versions of a model, newest first."),
  lumina_cli_models_versions, NULL,
};

static const LuminaCliCommand models_history_command = {
  "history", N_("NAME"),
  N_("Show a model's history, or where its aliases pointed at a time."),
  lumina_cli_models_history, NULL,
};

static const LuminaCliCommand models_alias_command = {
  "alias", N_("NAME VERSION ALIAS"),
  N_("Point an alias (champion, challenger, …) at a version."),
  lumina_cli_models_alias, NULL,
};

static const LuminaCliCommand models_promote_command = {
  "promote", N_("NAME VERSION --to STAGE"),
  N_("Move a version to a lifecycle stage."),
  lumina_cli_models_promote, NULL,
};

static const LuminaCliCommand models_approve_command = {
  "approve", N_("NAME VERSION"),
  N_("Approve a version registered by someone else."),
  lumina_cli_models_approve, NULL,
};

static const LuminaCliCommand models_rollback_command = {
  "rollback", N_("NAME ALIAS"),
  N_("Move an alias back to the version it pointed at before."),
  lumina_cli_models_rollback, NULL,
};

static const LuminaCliCommand models_gates_command = {
  "gates", N_("NAME"),
  N_("Show or change a model's promotion gates."),
  lumina_cli_models_gates, NULL,
};

static const LuminaCliCommand models_card_command = {
  "card", N_("NAME VERSION"),
  N_("Show or edit a version's model card."),
  lumina_cli_models_card, NULL,
};

static const LuminaCliCommand models_export_command = {
  "export", N_("NAME[@ALIAS|@VERSION] --to DIR"),
  N_("Copy a registered bundle and its model card to a new folder."),
  lumina_cli_models_export, NULL,
};

static const LuminaCliCommand models_stages_command = {
  "stages", NULL,
  N_("Show or set the workspace's lifecycle stages."),
  lumina_cli_models_stages, NULL,
};

static const LuminaCliCommand * const models_commands[] = {
  &models_register_command,
  &models_list_command,
  &models_show_command,
  &models_versions_command,
  &models_history_command,
  &models_alias_command,
  &models_promote_command,
  &models_approve_command,
  &models_rollback_command,
  &models_gates_command,
  &models_card_command,
  &models_export_command,
  &models_stages_command,
  NULL
};

const LuminaCliCommand lumina_cli_models_command = {
  "models", NULL,
  N_("Register, promote, roll back and export models."),
  NULL, models_commands,
};
