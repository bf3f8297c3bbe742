/* lumina-compare-parallel.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The compare page's parallel coordinates: numeric parameters as they are
 * (on a log axis when they span decades), text ones as categories.
 */
#define G_LOG_DOMAIN "lumina-compare-parallel"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-compare-parallel.h"
#include "lumina-data-format.h"
#include "lumina-run-format.h"

static char *
param_label (JsonObject *params,
             const char *key)
{
  if (params == NULL || !json_object_has_member (params, key))
    return NULL;

  return lumina_data_format_json_value (json_object_get_member (params, key));
}

static gboolean
param_is_numeric (GPtrArray  *runs,
                  const char *key)
{
  for (guint i = 0; i < runs->len; i++)
    {
      JsonObject *params = lumina_run_get_params (g_ptr_array_index (runs, i));
      JsonNode *node = params && json_object_has_member (params, key) ? json_object_get_member (params, key) : NULL;

      if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                           (json_node_get_value_type (node) != G_TYPE_INT64 &&
                            json_node_get_value_type (node) != G_TYPE_DOUBLE)))
        return FALSE;
    }

  return TRUE;
}

/* Fills one axis of the parallel chart's row-major values; categorical
 * parameters get their sorted labels as categories. */
static char **
fill_axis (GPtrArray  *runs,
           const char *key,
           guint       axis,
           guint       n_axes,
           double     *values,
           gboolean   *log_scale)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gboolean numeric = param_is_numeric (runs, key);
  double min = INFINITY, max = -INFINITY;

  for (guint i = 0; i < runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (runs, i);
      JsonObject *params = lumina_run_get_params (run);
      g_autofree char *text = param_label (params, key);
      double value = NAN;

      if (text != NULL && numeric)
        value = json_object_get_double_member (params, key);
      else if (text != NULL)
        {
          guint index;

          if (!g_ptr_array_find_with_equal_func (labels, text, g_str_equal, &index))
            {
              index = labels->len;
              g_ptr_array_add (labels, g_steal_pointer (&text));
            }
          value = index;
        }

      values[i * n_axes + axis] = value;
      if (!isnan (value))
        {
          min = MIN (min, value);
          max = MAX (max, value);
        }
    }

  /* Learning rates and regularisation spread over decades. */
  *log_scale = numeric && min > 0 && max / min >= 100;

  if (numeric)
    return NULL;

  g_ptr_array_add (labels, NULL);
  return (char **) g_ptr_array_steal (labels, NULL);
}

/**
 * lumina_compare_fill_parallel:
 * @runs: (element-type LuminaRun): the runs compared
 * @differing: (element-type utf8): names of the parameters whose values differ
 * @main_metric: (nullable): the score that colours the lines
 *
 * One axis per differing parameter, one line per run.
 */
void
lumina_compare_fill_parallel (LuminaParallelChart *chart,
                              GPtrArray           *runs,
                              GPtrArray           *differing,
                              const char          *main_metric)
{
  guint n_axes = differing->len;
  guint n_runs = runs->len;
  g_autofree double *values = g_new0 (double, MAX (1, n_axes * n_runs));
  g_autofree double *scores = g_new0 (double, n_runs);
  g_autofree gboolean *log_scale = g_new0 (gboolean, MAX (1, n_axes));
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  lumina_parallel_chart_clear (chart);
  lumina_parallel_chart_set_placeholder (chart, _("The runs compared share all their parameters"));
  if (n_axes == 0)
    return;

  for (guint a = 0; a < n_axes; a++)
    g_ptr_array_add (categories, fill_axis (runs, differing->pdata[a], a, n_axes, values, &log_scale[a]));
  for (guint i = 0; i < n_runs; i++)
    scores[i] = lumina_run_get_metric (g_ptr_array_index (runs, i), main_metric);

  g_ptr_array_add (differing, NULL);
  lumina_parallel_chart_set_data (chart, n_axes, (const char * const *) differing->pdata,
                                  log_scale, n_runs, values, scores, main_metric);
  g_ptr_array_set_size (differing, n_axes);
  lumina_parallel_chart_set_higher_is_better (chart,
                                              lumina_run_metric_higher_is_better (main_metric));

  for (guint a = 0; a < n_axes; a++)
    if (categories->pdata[a] != NULL)
      lumina_parallel_chart_set_axis_categories (chart, a, categories->pdata[a]);
}
