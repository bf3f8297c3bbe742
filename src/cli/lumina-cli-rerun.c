/* lumina-cli-rerun.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina runs rerun RUN`: reproduces an AutoML trial and shows its old
 * and new metrics side by side.
 */
#define G_LOG_DOMAIN "lumina-cli-rerun"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-cli-private.h"
#include "lumina-cli-runs-private.h"

static double
metric_value (JsonObject *metrics,
              const char *name)
{
  JsonNode *node = metrics ? json_object_get_member (metrics, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

/* The union of both objects' keys, old ones first. */
static GPtrArray *
metric_names (JsonObject *old_metrics,
              JsonObject *new_metrics)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonObject *objects[] = { old_metrics, new_metrics };

  for (guint k = 0; k < G_N_ELEMENTS (objects); k++)
    {
      GList *members = objects[k] ? json_object_get_members (objects[k]) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_ptr_array_find_with_equal_func (names, l->data, g_str_equal, NULL))
          g_ptr_array_add (names, g_strdup (l->data));
      g_list_free (members);
    }
  return names;
}

static void
print_json (const char *old_id,
            const char *new_id,
            JsonObject *old_metrics,
            JsonObject *new_metrics)
{
  g_autoptr(GPtrArray) names = metric_names (old_metrics, new_metrics);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *metrics = json_object_new ();
  gboolean identical = TRUE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      JsonObject *pair = json_object_new ();
      double a = metric_value (old_metrics, name), b = metric_value (new_metrics, name);

      json_object_set_member (pair, "old", old_metrics && json_object_has_member (old_metrics, name)
                              ? json_node_copy (json_object_get_member (old_metrics, name))
                              : json_node_new (JSON_NODE_NULL));
      json_object_set_member (pair, "new", new_metrics && json_object_has_member (new_metrics, name)
                              ? json_node_copy (json_object_get_member (new_metrics, name))
                              : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (metrics, name, pair);
      identical &= a == b;
    }
  json_object_set_string_member (root, "run", old_id);
  json_object_set_string_member (root, "new_run", new_id);
  json_object_set_object_member (root, "metrics", metrics);
  json_object_set_boolean_member (root, "identical", identical);
  node = json_node_init_object (json_node_alloc (), root);
  lumina_cli_print_json (node);
}

static void
print_human (const char *old_id,
             const char *new_id,
             JsonObject *old_metrics,
             JsonObject *new_metrics)
{
  g_autoptr(GPtrArray) names = metric_names (old_metrics, new_metrics);

  g_print ("%-18s %-20s %-20s\n", _("metric"), old_id, new_id);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      double a = metric_value (old_metrics, name), b = metric_value (new_metrics, name);

      g_print ("%-18s %-20.10g %-20.10g%s\n", name, a, b, a == b ? "" : _("  (differs)"));
    }
}

static int
lumina_cli_runs_rerun (LuminaCli  *cli,
                       char      **args)
{
  int threads = 1;
  const GOptionEntry entries[] = {
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Threads to fit with (default: 1, which reproduces metrics exactly)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    return status;
  if (args[1] == NULL)
    return lumina_cli_usage_error (context, _("Missing the run to rerun"));
  if (threads < 1)
    return lumina_cli_usage_error (context, _("--threads takes a positive count"));

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, &error);
  if (workspace == NULL)
    return lumina_cli_fail (error);
  tracker = lumina_tracker_new (workspace);
  run = lumina_cli_runs_resolve (tracker, args[1], &error);
  if (run == NULL)
    return lumina_cli_fail (error);
  if (!lumina_automl_rerun (workspace, lumina_run_get_id (run), threads, &new_id, &metrics, &error))
    return lumina_cli_fail (error);

  if (cli->json)
    print_json (lumina_run_get_id (run), new_id, lumina_run_get_metrics (run), metrics);
  else
    print_human (lumina_run_get_id (run), new_id, lumina_run_get_metrics (run), metrics);
  return LUMINA_CLI_EXIT_OK;
}

const LuminaCliCommand lumina_cli_runs_rerun_command = {
  "rerun", N_("RUN"),
  N_("Reproduce an AutoML trial and compare its metrics."),
  lumina_cli_runs_rerun, NULL,
};
