/* lumina-cli-models-edit.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `lumina models` commands that change the registry: register,
 * alias, promote, approve, rollback, gates, card and export.  Each prints
 * what it did (JSON with --json); a move the gates refuse exits with 1
 * and names the gate and its figures.
 */
#define G_LOG_DOMAIN "lumina-cli-models"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-models-private.h"

static int
print_version (LuminaCli      *cli,
               LuminaRegistry *registry,
               const char     *name,
               guint           version)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (!(node = lumina_registry_get_version (registry, name, version, &error)))
    return lumina_cli_fail (error);

  object = json_node_get_object (node);
  if (cli->json)
    lumina_cli_print_json (node);
  else
    /* Translators: a model name, a version number, the run, and the stage */
    g_print (_("Registered %s version %u from run %s (stage %s)\n"), name, version,
             json_object_get_string_member (object, "run_id"), json_object_get_string_member (object, "stage"));

  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_models_register (LuminaCli  *cli,
                            char      **args)
{
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The model to add a version to (created on first use)"),
      N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GError) error = NULL;
  guint version;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the run to register"));
  if (name == NULL)
    return lumina_cli_usage_error (context, _("Missing --name"));

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !(tracker = lumina_tracker_new (lumina_registry_get_workspace (registry))) ||
      !(run = lumina_cli_runs_resolve (tracker, args[1], &error)) ||
      !(version = lumina_registry_register (registry, lumina_run_get_id (run), name, NULL, reason, &error)))
    return lumina_cli_fail (error);

  return print_version (cli, registry, name, version);
}

/* Prints the outcome of a move: JSON {model, version, <what>, gates}. */
static void
print_move (LuminaCli  *cli,
            const char *name,
            guint       version,
            const char *member,
            const char *value,
            JsonObject *report,
            const char *human)
{
  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_alloc ();

      json_object_set_string_member (object, "model", name);
      if (version > 0)
        json_object_set_int_member (object, "version", version);
      else
        json_object_set_null_member (object, "version");
      json_object_set_string_member (object, member, value);
      if (report != NULL)
        json_object_set_object_member (object, "gates", json_object_ref (report));
      else
        json_object_set_null_member (object, "gates");
      lumina_cli_print_json (json_node_init_object (root, object));
      return;
    }

  g_print ("%s\n", human);
  lumina_cli_models_print_gates (report);
}

int
lumina_cli_models_alias (LuminaCli  *cli,
                         char      **args)
{
  g_autofree char *reason = NULL;
  gboolean force = FALSE;
  gboolean remove = FALSE;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Move it even when a promotion gate refuses (recorded)"),
      NULL },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the alias instead: NAME ALIAS --remove"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *human = NULL;
  guint version = 0;
  int status;

  if (!lumina_cli_parse (cli, context, &args, remove ? 2 : 3, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL || (!remove && args[3] == NULL))
    return lumina_cli_usage_error (context, remove ? _("Missing the model or the alias")
                                                   : _("Missing the model, the version or the alias"));
  if (!remove && !lumina_cli_models_parse_version (args[2], &version, &error))
    return lumina_cli_usage_error (context, "%s", error->message);

  if (!(registry = lumina_cli_models_open (cli, &error)))
    return lumina_cli_fail (error);

  if (remove)
    {
      if (!lumina_registry_remove_alias (registry, args[1], args[2], NULL, reason, &error))
        return lumina_cli_fail (error);
      /* Translators: a model and an alias */
      human = g_strdup_printf (_("Removed %s@%s"), args[1], args[2]);
      print_move (cli, args[1], 0, "alias", args[2], NULL, human);
      return LUMINA_CLI_EXIT_OK;
    }

  if (!lumina_registry_set_alias (registry, args[1], args[3], version, NULL, reason, force, &report, &error))
    return lumina_cli_models_fail_gates (cli, error, report);

  /* Translators: a model, an alias and a version */
  human = g_strdup_printf (_("%s@%s now points at version %u"), args[1], args[3], version);
  print_move (cli, args[1], version, "alias", args[3], report, human);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_models_promote (LuminaCli  *cli,
                           char      **args)
{
  g_autofree char *stage = NULL;
  g_autofree char *reason = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &stage, N_("The stage (see “lumina models stages”)"), N_("STAGE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Promote even when a gate refuses (recorded)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *human = NULL;
  guint version;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model or the version"));
  if (stage == NULL)
    return lumina_cli_usage_error (context, _("Missing --to STAGE"));
  if (!lumina_cli_models_parse_version (args[2], &version, &error))
    return lumina_cli_usage_error (context, "%s", error->message);

  if (!(registry = lumina_cli_models_open (cli, &error)))
    return lumina_cli_fail (error);
  if (!lumina_registry_promote (registry, args[1], version, stage, NULL, reason, force, &report, &error))
    return lumina_cli_models_fail_gates (cli, error, report);

  /* Translators: a model, a version and a stage */
  human = g_strdup_printf (_("%s version %u is now in %s"), args[1], version, stage);
  print_move (cli, args[1], version, "stage", stage, report, human);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_models_approve (LuminaCli  *cli,
                           char      **args)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("A note for the history"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *human = NULL;
  const char *actor;
  guint version;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model or the version"));
  if (!lumina_cli_models_parse_version (args[2], &version, &error))
    return lumina_cli_usage_error (context, "%s", error->message);

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !lumina_registry_approve (registry, args[1], version, NULL, reason, &error))
    return lumina_cli_fail (error);

  actor = lumina_workspace_get_actor (lumina_registry_get_workspace (registry));
  /* Translators: a person, a model and a version */
  human = g_strdup_printf (_("%s approved %s version %u"), actor, args[1], version);
  print_move (cli, args[1], version, "approved_by", actor, NULL, human);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_models_rollback (LuminaCli  *cli,
                            char      **args)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *human = NULL;
  guint version = 0;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model or the alias"));

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !lumina_registry_rollback_alias (registry, args[1], args[2], NULL, reason, &version, &error))
    return lumina_cli_fail (error);

  /* Translators: a model, an alias and a version */
  human = g_strdup_printf (_("Rolled %s@%s back to version %u"), args[1], args[2], version);
  print_move (cli, args[1], version, "alias", args[2], NULL, human);
  return LUMINA_CLI_EXIT_OK;
}

/* ---- gates -------------------------------------------------------------- */

static gboolean
parse_yes_no (const char  *option,
              const char  *text,
              JsonObject  *changes,
              const char  *member,
              GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "no") == 0)
    {
      json_object_set_boolean_member (changes, member, g_ascii_strcasecmp (text, "yes") == 0);
      return TRUE;
    }

  /* Translators: %s is an option such as --require-approval */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s takes yes or no"), option);
  return FALSE;
}

typedef struct
{
  char *metric;
  char *tolerance;
  char *approval;
  char *signature;
  char *direction;
} GateOptions;

static void
gate_options_clear (GateOptions *options)
{
  g_clear_pointer (&options->metric, g_free);
  g_clear_pointer (&options->tolerance, g_free);
  g_clear_pointer (&options->approval, g_free);
  g_clear_pointer (&options->signature, g_free);
  g_clear_pointer (&options->direction, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GateOptions, gate_options_clear)

static JsonObject *
gate_changes (const GateOptions  *options,
              GError            **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  double tolerance;
  char *end;

  if (options->metric != NULL && g_str_equal (options->metric, "default"))
    json_object_set_null_member (changes, "metric");
  else if (options->metric != NULL)
    json_object_set_string_member (changes, "metric", options->metric);
  if (options->tolerance != NULL)
    {
      tolerance = g_ascii_strtod (options->tolerance, &end);
      if (*options->tolerance == '\0' || *end != '\0' || !isfinite (tolerance) || tolerance < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--tolerance takes a number of at least 0"));
          return NULL;
        }
      json_object_set_double_member (changes, "tolerance", tolerance);
    }
  if (options->direction != NULL && !g_str_equal (options->direction, "higher") &&
      !g_str_equal (options->direction, "lower"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--better takes higher or lower"));
      return NULL;
    }
  if (options->direction != NULL)
    json_object_set_boolean_member (changes, "greater_is_better", g_str_equal (options->direction, "higher"));
  if (!parse_yes_no ("--require-approval", options->approval, changes, "require_approval", error) ||
      !parse_yes_no ("--signature", options->signature, changes, "signature", error))
    return NULL;

  return g_steal_pointer (&changes);
}

static void
print_gates_human (JsonObject *gates)
{
  g_autofree char *tolerance = g_strdup_printf ("%g", json_object_get_double_member (gates, "tolerance"));
  JsonNode *direction = json_object_get_member (gates, "greater_is_better");
  const char *keys[] = { _("Metric"), _("Better"), _("Tolerance"), _("Signature"), _("Approval"), NULL };
  const char *metric = json_object_get_string_member_with_default (gates, "metric", NULL);
  const char *values[] = {
    metric != NULL ? metric : _("the primary metric"),
    JSON_NODE_HOLDS_NULL (direction) ? _("by the metric")
                                     : json_node_get_boolean (direction) ? _("higher") : _("lower"),
    tolerance,
    json_object_get_boolean_member (gates, "signature") ? _("checked") : _("off"),
    json_object_get_boolean_member (gates, "require_approval") ? _("required") : _("not required"),
  };

  lumina_cli_print_fields (keys, values);
}

int
lumina_cli_models_gates (LuminaCli  *cli,
                         char      **args)
{
  g_auto(GateOptions) options = { NULL };
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "metric", 0, 0, G_OPTION_ARG_STRING, &options.metric,
      N_("Compare this validation metric (“default”: the primary metric)"), N_("METRIC") },
    { "tolerance", 0, 0, G_OPTION_ARG_STRING, &options.tolerance,
      N_("Accept a candidate this much worse than the champion"), N_("T") },
    { "better", 0, 0, G_OPTION_ARG_STRING, &options.direction,
      N_("Whether higher or lower values of the metric are better (for metrics LuminaOps does not know)"),
      N_("higher|lower") },
    { "require-approval", 0, 0, G_OPTION_ARG_STRING, &options.approval,
      N_("Whether a second person must approve a version first"), N_("yes|no") },
    { "signature", 0, 0, G_OPTION_ARG_STRING, &options.signature,
      N_("Whether to check input compatibility with the champion"), N_("yes|no") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) gates = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model"));
  if (!(changes = gate_changes (&options, &error)))
    return lumina_cli_usage_error (context, "%s", error->message);

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      (json_object_get_size (changes) > 0 &&
       !lumina_registry_set_gates (registry, args[1], changes, NULL, reason, &error)) ||
      !(gates = lumina_registry_get_gates (registry, args[1], &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_alloc ();

      lumina_cli_print_json (json_node_init_object (root, gates));
    }
  else
    print_gates_human (gates);
  return LUMINA_CLI_EXIT_OK;
}

/* ---- card --------------------------------------------------------------- */

/* A text field of a card; %NULL (shown as "-") when empty. */
static const char *
card_text (JsonObject *card,
           const char *member)
{
  const char *text = json_object_get_string_member_with_default (card, member, NULL);

  return text != NULL && text[0] != '\0' ? text : NULL;
}

int
lumina_cli_models_card (LuminaCli  *cli,
                        char      **args)
{
  g_autofree char *description = NULL;
  g_autofree char *intended_use = NULL;
  g_autofree char *limitations = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "set-description", 0, 0, G_OPTION_ARG_STRING, &description, N_("Replace the description"), N_("TEXT") },
    { "set-intended-use", 0, 0, G_OPTION_ARG_STRING, &intended_use, N_("Replace the intended use"), N_("TEXT") },
    { "set-limitations", 0, 0, G_OPTION_ARG_STRING, &limitations, N_("Replace the limitations"), N_("TEXT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the history"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(GError) error = NULL;
  guint version;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 2, &status))
    return status;
  if (args[1] == NULL || args[2] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model or the version"));
  if (!lumina_cli_models_parse_version (args[2], &version, &error))
    return lumina_cli_usage_error (context, "%s", error->message);

  if (description != NULL)
    json_object_set_string_member (changes, "description", description);
  if (intended_use != NULL)
    json_object_set_string_member (changes, "intended_use", intended_use);
  if (limitations != NULL)
    json_object_set_string_member (changes, "limitations", limitations);

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      (json_object_get_size (changes) > 0 &&
       !lumina_registry_update_card (registry, args[1], version, changes, NULL, reason, &error)) ||
      !(card = lumina_registry_get_card (registry, args[1], version, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_alloc ();

      lumina_cli_print_json (json_node_init_object (root, card));
    }
  else
    {
      g_autofree char *metrics = json_to_string (json_object_get_member (card, "metrics"), FALSE);
      const char *keys[] = {
        _("Description"), _("Intended use"), _("Limitations"), _("Dataset"), _("Metrics"), NULL
      };
      const char *values[] = {
        card_text (card, "description"), card_text (card, "intended_use"), card_text (card, "limitations"),
        card_text (card, "dataset"), metrics,
      };

      lumina_cli_print_fields (keys, values);
    }
  return LUMINA_CLI_EXIT_OK;
}

/* ---- export ------------------------------------------------------------- */

int
lumina_cli_models_export (LuminaCli  *cli,
                          char      **args)
{
  g_autofree char *directory = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &directory,
      N_("The new folder to create"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *human = NULL;
  guint version;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the model to export"));
  if (directory == NULL || directory[0] == '\0')
    return lumina_cli_usage_error (context, _("Missing --to DIR"));

  if (!(registry = lumina_cli_models_open (cli, &error)) ||
      !lumina_registry_resolve (registry, args[1], &name, &version, NULL, &error) ||
      !lumina_registry_export (registry, args[1], directory, NULL, &error))
    return lumina_cli_fail (error);

  /* Translators: a model, a version and a folder */
  human = g_strdup_printf (_("Exported %s version %u to %s"), name, version, directory);
  print_move (cli, name, version, "directory", directory, NULL, human);
  return LUMINA_CLI_EXIT_OK;
}
