/* lumina-cli-runs-compare.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina runs compare RUN RUN…`: the parameters that differ between runs
 * and every metric, side by side.
 */
#define G_LOG_DOMAIN "lumina-cli-runs-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-cli-runs-private.h"

/* The union of the runs' member names in @getter's objects, first seen first. */
static GPtrArray *
union_of_keys (GPtrArray    *runs,
               JsonObject *(*getter) (LuminaRun *))
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < runs->len; i++)
    {
      g_autoptr(GList) members = json_object_get_members (getter (g_ptr_array_index (runs, i)));

      for (const GList *l = members; l != NULL; l = l->next)
        if (!g_ptr_array_find_with_equal_func (names, l->data, g_str_equal, NULL))
          g_ptr_array_add (names, g_strdup (l->data));
    }

  return names;
}

/* One value per run, null where a run lacks the member. */
static JsonArray *
values_across (GPtrArray    *runs,
               JsonObject *(*getter) (LuminaRun *),
               const char   *name)
{
  JsonArray *values = json_array_sized_new (runs->len);

  for (guint i = 0; i < runs->len; i++)
    {
      JsonNode *node = json_object_get_member (getter (g_ptr_array_index (runs, i)), name);

      json_array_add_element (values, node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL));
    }

  return values;
}

static gboolean
all_equal (JsonArray *values)
{
  for (guint i = 1; i < json_array_get_length (values); i++)
    if (!json_node_equal (json_array_get_element (values, 0), json_array_get_element (values, i)))
      return FALSE;

  return TRUE;
}

/* {"runs": [ids], "params": {name: [values]} for the params that differ,
 * "same_params": {name: value}, "metrics": {name: [values]}}. */
static JsonNode *
compare_to_json (GPtrArray *runs)
{
  g_autoptr(GPtrArray) params = union_of_keys (runs, lumina_run_get_params);
  g_autoptr(GPtrArray) metrics = union_of_keys (runs, lumina_run_get_metrics);
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *ids = json_array_new ();
  JsonObject *differ = json_object_new ();
  JsonObject *same = json_object_new ();
  JsonObject *scores = json_object_new ();

  for (guint i = 0; i < runs->len; i++)
    json_array_add_string_element (ids, lumina_run_get_id (g_ptr_array_index (runs, i)));
  for (guint i = 0; i < params->len; i++)
    {
      JsonArray *values = values_across (runs, lumina_run_get_params, g_ptr_array_index (params, i));

      if (all_equal (values))
        {
          json_object_set_member (same, g_ptr_array_index (params, i),
                                  json_node_copy (json_array_get_element (values, 0)));
          json_array_unref (values);
        }
      else
        json_object_set_array_member (differ, g_ptr_array_index (params, i), values);
    }
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *name = g_ptr_array_index (metrics, i);

      json_object_set_array_member (scores, name, values_across (runs, lumina_run_get_metrics, name));
    }

  json_object_set_array_member (root, "runs", ids);
  json_object_set_object_member (root, "params", differ);
  json_object_set_object_member (root, "same_params", same);
  json_object_set_object_member (root, "metrics", scores);

  return json_node_init_object (json_node_alloc (), root);
}

static char **
compare_row (const char *label,
             JsonArray  *values)
{
  char **cells = g_new0 (char *, json_array_get_length (values) + 2);

  cells[0] = g_strdup (label);
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonNode *node = json_array_get_element (values, i);
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))
        text = json_to_string (node, FALSE);
      else
        text = lumina_cli_data_format_number (node, LUMINA_CLI_RUNS_DIGITS);
      cells[i + 1] = lumina_cli_data_truncate (text, LUMINA_CLI_RUNS_MAX_CELL);
    }

  return cells;
}

static char **
compare_text_row (const char  *label,
                  GPtrArray   *runs,
                  const char *(*getter) (LuminaRun *))
{
  char **cells = g_new0 (char *, runs->len + 2);

  cells[0] = g_strdup (label);
  for (guint i = 0; i < runs->len; i++)
    {
      const char *text = getter (g_ptr_array_index (runs, i));

      cells[i + 1] = lumina_cli_data_truncate (text != NULL ? text : "-", LUMINA_CLI_RUNS_MAX_CELL);
    }

  return cells;
}

static const char *
get_status_text (LuminaRun *run)
{
  return lumina_run_status_to_string (lumina_run_get_status (run));
}

static void
add_object_rows (GPtrArray  *rows,
                 const char *prefix,
                 JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *label = g_strdup_printf ("%s%s", prefix, (const char *) l->data);

      g_ptr_array_add (rows, compare_row (label, json_object_get_array_member (object, l->data)));
    }
}

static void
print_compare_human (GPtrArray *runs,
                     JsonNode  *comparison)
{
  JsonObject *object = json_node_get_object (comparison);
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *align = g_strnfill (runs->len + 1, LUMINA_CLI_ALIGN_RIGHT);
  guint n_same = json_object_get_size (json_object_get_object_member (object, "same_params"));

  align[0] = LUMINA_CLI_ALIGN_LEFT;
  g_ptr_array_add (headers, g_strdup (""));
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (headers, g_strndup (lumina_run_get_id (g_ptr_array_index (runs, i)),
                                         LUMINA_CLI_RUNS_SHORT_ID));
  g_ptr_array_add (headers, NULL);

  g_ptr_array_add (rows, compare_text_row (_("name"), runs, lumina_run_get_name));
  g_ptr_array_add (rows, compare_text_row (_("learner"), runs, lumina_run_get_learner));
  g_ptr_array_add (rows, compare_text_row (_("status"), runs, get_status_text));
  add_object_rows (rows, "param.", json_object_get_object_member (object, "params"));
  add_object_rows (rows, "metric.", json_object_get_object_member (object, "metrics"));

  lumina_cli_data_print_table ((const char * const *) headers->pdata, align, rows);
  if (n_same > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u more parameter is the same in every run\n",
                          "%u more parameters are the same in every run\n", n_same),
             n_same);
}

int
lumina_cli_runs_compare (LuminaCli  *cli,
                         char      **args)
{
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, NULL);
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) comparison = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, G_MAXUINT, &status))
    return status;
  if (g_strv_length (args) < 3)
    return lumina_cli_usage_error (context, _("Name at least two runs to compare"));

  if (!(tracker = lumina_cli_runs_open_tracker (cli, &error)))
    return lumina_cli_fail (error);
  for (guint i = 1; args[i] != NULL; i++)
    {
      LuminaRun *run = lumina_cli_runs_resolve (tracker, args[i], &error);

      if (run == NULL)
        return lumina_cli_fail (error);
      g_ptr_array_add (runs, run);
    }

  comparison = compare_to_json (runs);
  if (cli->json)
    lumina_cli_print_json (comparison);
  else
    print_compare_human (runs, comparison);

  return LUMINA_CLI_EXIT_OK;
}
