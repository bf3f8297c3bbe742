/* lumina-cli-runs.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina runs list|show|compare|rerun`: the tracked runs of a workspace.
 * A run is named by its id or by a unique prefix of at least
 * MIN_PREFIX_LENGTH characters.  This file holds the group, list and
 * show; compare lives in lumina-cli-runs-compare.c, rerun in
 * lumina-cli-rerun.c.
 */
#define G_LOG_DOMAIN "lumina-cli-runs"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-runs-private.h"

#define MIN_PREFIX_LENGTH  4
#define MAX_SHOWN_MATCHES  5

/* Scores worth a column when the run does not name its own, best known first. */
static const char * const main_metrics[] = {
  "score", "roc_auc", "accuracy", "balanced_accuracy", "f1_macro", "r2", "rmse", "mae", "log_loss",
};

/* ---- resolving and formatting ------------------------------------------- */

static char *
describe_matches (GPtrArray *matches)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (matches->len, MAX_SHOWN_MATCHES); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            lumina_run_get_id (g_ptr_array_index (matches, i)));
  if (matches->len > MAX_SHOWN_MATCHES)
    g_string_append (text, ", …");

  return g_string_free (text, FALSE);
}

/**
 * lumina_cli_runs_resolve:
 * @tracker: the workspace's tracker
 * @ref: a full run id, or a unique prefix of at least MIN_PREFIX_LENGTH
 *   characters, in any case
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the run; NOT_FOUND when nothing
 *   matches, INVALID_INPUT for a short or ambiguous prefix (the message
 *   lists the matches)
 */
LuminaRun *
lumina_cli_runs_resolve (LuminaTracker  *tracker,
                         const char     *ref,
                         GError        **error)
{
  g_autofree char *prefix = g_ascii_strdown (ref, -1);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *listed = NULL;
  LuminaRun *run;

  if ((run = lumina_tracker_get_run (tracker, prefix, NULL)) != NULL)
    return run;

  if (strlen (prefix) < MIN_PREFIX_LENGTH)
    {
      /* Translators: %d is a number of characters, %s what the user typed */
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   _("A run id prefix needs at least %d characters; “%s” is too short"),
                   MIN_PREFIX_LENGTH, ref);
      return NULL;
    }

  if (!(runs = lumina_tracker_list_runs (tracker, NULL, NULL, error)))
    return NULL;
  for (guint i = 0; i < runs->len; i++)
    if (g_str_has_prefix (lumina_run_get_id (g_ptr_array_index (runs, i)), prefix))
      g_ptr_array_add (matches, g_ptr_array_index (runs, i));

  if (matches->len == 1)
    return g_object_ref (g_ptr_array_index (matches, 0));

  if (matches->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   _("No run “%s”; “lumina runs list” shows the runs"), ref);
      return NULL;
    }

  listed = describe_matches (matches);
  /* Translators: %s is a prefix, %u a count, the last %s a list of run ids */
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               _("The run id prefix “%s” matches %u runs (%s); give more characters"),
               ref, matches->len, listed);
  return NULL;
}

LuminaTracker *
lumina_cli_runs_open_tracker (LuminaCli  *cli,
                              GError    **error)
{
  g_autoptr(LuminaWorkspace) workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error);

  if (workspace == NULL)
    return NULL;

  return lumina_tracker_new (workspace);
}

/* The metric a run is judged by: the one its "metric" tag names, else a
 * well-known score, else its first metric by name. */
static const char *
main_metric (LuminaRun *run)
{
  JsonObject *metrics = lumina_run_get_metrics (run);
  JsonObject *tags = lumina_run_get_tags (run);
  const char *tagged[] = {
    json_object_get_string_member_with_default (tags, "metric", NULL),
    json_object_get_string_member_with_default (tags, "automl.metric", NULL),
  };
  g_autoptr(GList) members = NULL;
  const char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tagged); i++)
    if (tagged[i] != NULL && json_object_has_member (metrics, tagged[i]))
      return tagged[i];

  for (guint i = 0; i < G_N_ELEMENTS (main_metrics); i++)
    if (json_object_has_member (metrics, main_metrics[i]))
      return main_metrics[i];

  members = json_object_get_members (metrics);
  for (const GList *l = members; l != NULL; l = l->next)
    if (first == NULL || strcmp (l->data, first) < 0)
      first = l->data;

  return first;
}

static char *
format_score (LuminaRun *run)
{
  const char *key = main_metric (run);
  g_autofree char *value = NULL;

  if (key == NULL)
    return g_strdup ("-");

  value = lumina_cli_data_format_number (json_object_get_member (lumina_run_get_metrics (run), key),
                                         LUMINA_CLI_RUNS_DIGITS);
  return g_strdup_printf ("%s %s", key, value);
}

static char *
format_seconds (double seconds)
{
  if (seconds <= 0)
    return g_strdup ("-");
  if (seconds < 0.1)
    return g_strdup_printf ("%.3f s", seconds);
  if (seconds < 60)
    return g_strdup_printf ("%.1f s", seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%d min %02d s", (int) seconds / 60, (int) seconds % 60);

  return g_strdup_printf ("%d h %02d min", (int) seconds / 3600, ((int) seconds % 3600) / 60);
}

/* Any JSON value as a table cell: numbers and strings as they are, other
 * values as compact JSON. */
static char *
format_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
    return lumina_cli_data_format_number (node, 0);

  return json_to_string (node, FALSE);
}

static void
print_runs_json (GPtrArray *runs)
{
  g_autoptr(JsonArray) array = json_array_sized_new (runs->len);
  g_autoptr(JsonNode) root = json_node_alloc ();

  for (guint i = 0; i < runs->len; i++)
    json_array_add_element (array, lumina_run_to_json (g_ptr_array_index (runs, i)));

  json_node_init_array (root, array);
  lumina_cli_print_json (root);
}

/* ---- list --------------------------------------------------------------- */

static char **
list_row (LuminaRun *run)
{
  char **cells = g_new0 (char *, 9);
  const char *name = lumina_run_get_name (run);

  cells[0] = g_strndup (lumina_run_get_id (run), LUMINA_CLI_RUNS_SHORT_ID);
  cells[1] = g_strdup (lumina_run_get_experiment (run));
  cells[2] = lumina_cli_data_truncate (name != NULL ? name : "-", LUMINA_CLI_RUNS_MAX_CELL);
  cells[3] = g_strdup (lumina_run_get_learner (run) != NULL ? lumina_run_get_learner (run) : "-");
  cells[4] = g_strdup (lumina_run_status_to_string (lumina_run_get_status (run)));
  cells[5] = format_score (run);
  cells[6] = format_seconds (lumina_run_get_usage (run)->duration);
  cells[7] = lumina_cli_data_relative_time (lumina_run_get_started_at (run));

  return cells;
}

static void
print_list_human (GPtrArray *runs)
{
  const char *headers[] = {
    _("ID"), _("EXPERIMENT"), _("NAME"), _("LEARNER"), _("STATUS"), _("SCORE"), _("DURATION"),
    _("STARTED"), NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (runs->len == 0)
    {
      g_print (_("No runs; start some with “lumina automl run”\n"));
      return;
    }

  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (rows, list_row (g_ptr_array_index (runs, i)));

  lumina_cli_data_print_table (headers, "lllllrrl", rows);
}

static int
lumina_cli_runs_list (LuminaCli  *cli,
                      char      **args)
{
  g_autofree char *experiment = NULL;
  g_autofree char *parent = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Also list child runs (AutoML trials); by default only top-level runs"), NULL },
    { "experiment", 0, 0, G_OPTION_ARG_STRING, &experiment,
      N_("Only the runs of experiment NAME"), N_("NAME") },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent,
      N_("Only the child runs (AutoML trials) of RUN"), N_("RUN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) parent_run = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (parent != NULL && parent[0] == '\0')
    return lumina_cli_usage_error (context, _("--parent needs a run id"));
  if (parent != NULL && all)
    return lumina_cli_usage_error (context, _("--all and --parent cannot be combined"));

  if (!(tracker = lumina_cli_runs_open_tracker (cli, &error)) ||
      (parent != NULL && !(parent_run = lumina_cli_runs_resolve (tracker, parent, &error))) ||
      !(runs = lumina_tracker_list_runs (tracker, experiment,
                                         parent_run ? lumina_run_get_id (parent_run) : all ? NULL : "",
                                         &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    print_runs_json (runs);
  else
    print_list_human (runs);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- show --------------------------------------------------------------- */

/* {"key": {"points", "last_step", "last_value"}} for each step metric. */
static JsonObject *
step_metrics_summary (LuminaTracker  *tracker,
                      LuminaRun      *run,
                      GError        **error)
{
  g_autoptr(JsonObject) summary = json_object_new ();
  g_auto(GStrv) keys = lumina_tracker_list_metric_keys (tracker, lumina_run_get_id (run), error);

  if (keys == NULL)
    return NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GArray) steps = NULL;
      g_autoptr(GArray) values = NULL;
      JsonObject *entry = json_object_new ();

      if (!lumina_tracker_get_metric_history (tracker, lumina_run_get_id (run), keys[i],
                                              &steps, &values, error))
        {
          json_object_unref (entry);
          return NULL;
        }
      json_object_set_int_member (entry, "points", steps->len);
      if (steps->len > 0)
        {
          json_object_set_int_member (entry, "last_step", g_array_index (steps, guint, steps->len - 1));
          json_object_set_double_member (entry, "last_value",
                                         g_array_index (values, double, values->len - 1));
        }
      json_object_set_object_member (summary, keys[i], entry);
    }

  return g_steal_pointer (&summary);
}

static void
print_section (const char *title,
               JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    return;

  g_print ("\n%s\n", title);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *value = format_value (json_object_get_member (object, l->data));

      g_print ("  %s = %s\n", (const char *) l->data, value);
    }
}

static void
print_artifacts (JsonArray *artifacts)
{
  if (json_array_get_length (artifacts) == 0)
    return;

  g_print ("\n%s\n", _("Artifacts:"));
  for (guint i = 0; i < json_array_get_length (artifacts); i++)
    {
      JsonObject *artifact = json_array_get_object_element (artifacts, i);
      g_autofree char *size = g_format_size (json_object_get_int_member (artifact, "size"));
      const char *sha256 = json_object_get_string_member (artifact, "sha256");
      g_autofree char *hash = lumina_cli_data_short_hash (sha256);

      g_print ("  %s  %s  %s\n", json_object_get_string_member (artifact, "name"), size, hash);
    }
}

static void
print_step_metrics (JsonObject *summary)
{
  g_autoptr(GList) members = json_object_get_members (summary);

  if (members == NULL)
    return;

  g_print ("\n%s\n", _("Step metrics:"));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (summary, l->data);
      g_autofree char *last = lumina_cli_data_format_number (json_object_get_member (entry, "last_value"),
                                                             LUMINA_CLI_RUNS_DIGITS);

      /* Translators: a step metric, its number of points and its last value */
      g_print (_("  %s: %u points, last %s\n"), (const char *) l->data,
               (guint) json_object_get_int_member (entry, "points"), last);
    }
}

static void
print_show_human (LuminaRun  *run,
                  JsonObject *step_metrics,
                  guint       n_children)
{
  const LuminaRunUsage *usage = lumina_run_get_usage (run);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, lumina_run_get_seed (run));
  g_autofree char *duration = format_seconds (usage->duration);
  g_autofree char *cpu = format_seconds (usage->cpu_seconds);
  g_autofree char *peak = usage->peak_bytes > 0 ? g_format_size (usage->peak_bytes) : NULL;
  g_autofree char *children = n_children > 0 ? g_strdup_printf ("%u", n_children) : NULL;
  const char *keys[] = {
    _("ID"), _("Name"), _("Experiment"), _("Parent"), _("Learner"), _("Status"), _("Dataset"),
    _("Seed"), _("Started"), _("Finished"), _("Duration"), _("CPU time"), _("Peak memory"),
    _("Child runs"), _("Error"), _("Note"), NULL
  };
  const char *values[] = {
    lumina_run_get_id (run), lumina_run_get_name (run), lumina_run_get_experiment (run),
    lumina_run_get_parent_id (run), lumina_run_get_learner (run),
    lumina_run_status_to_string (lumina_run_get_status (run)), lumina_run_get_dataset_ref (run),
    seed, lumina_run_get_started_at (run), lumina_run_get_finished_at (run), duration, cpu, peak,
    children, lumina_run_get_error (run), lumina_run_get_note (run),
  };

  lumina_cli_print_fields (keys, values);
  print_section (_("Parameters:"), lumina_run_get_params (run));
  print_section (_("Metrics:"), lumina_run_get_metrics (run));
  print_section (_("Tags:"), lumina_run_get_tags (run));
  print_step_metrics (step_metrics);
  print_artifacts (lumina_run_get_artifacts (run));
}

static int
lumina_cli_runs_show (LuminaCli  *cli,
                      char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(JsonObject) step_metrics = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the run to show"));

  if (!(tracker = lumina_cli_runs_open_tracker (cli, &error)) ||
      !(run = lumina_cli_runs_resolve (tracker, args[1], &error)) ||
      !(children = lumina_tracker_list_runs (tracker, NULL, lumina_run_get_id (run), &error)) ||
      !(step_metrics = step_metrics_summary (tracker, run, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = lumina_run_to_json (run);
      JsonObject *object = json_node_get_object (root);

      json_object_set_object_member (object, "step_metrics", json_object_ref (step_metrics));
      json_object_set_int_member (object, "n_children", children->len);
      lumina_cli_print_json (root);
    }
  else
    print_show_human (run, step_metrics, children->len);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- the group ---------------------------------------------------------- */

static const LuminaCliCommand runs_list_command = {
  "list", NULL,
  N_("List runs, newest first."),
  lumina_cli_runs_list, NULL,
};

static const LuminaCliCommand runs_show_command = {
  "show", N_("RUN"),
  N_("Show everything recorded about a run."),
  lumina_cli_runs_show, NULL,
};

static const LuminaCliCommand runs_compare_command = {
  "compare", N_("RUN RUN…"),
  N_("Compare runs: the parameters that differ and every metric."),
  lumina_cli_runs_compare, NULL,
};

static const LuminaCliCommand * const runs_commands[] = {
  &runs_list_command,
  &runs_show_command,
  &runs_compare_command,
  &lumina_cli_runs_rerun_command,
  NULL
};

const LuminaCliCommand lumina_cli_runs_command = {
  "runs", NULL,
  N_("List, inspect, compare and rerun tracked runs."),
  NULL, runs_commands,
};
