/* lumina-automl-rerun.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reproduces one trial of an AutoML search from what its run recorded:
 * learner, parameters (with the seed), the validation scheme in its tags
 * and the dataset version.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include "lumina-automl-private.h"
#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-workspace.h"

static gboolean
task_from_string (const char *text,
                  LuminaTask *task)
{
  if (g_strcmp0 (text, "binary") == 0)
    *task = LUMINA_TASK_BINARY;
  else if (g_strcmp0 (text, "multiclass") == 0)
    *task = LUMINA_TASK_MULTICLASS;
  else if (g_strcmp0 (text, "regression") == 0)
    *task = LUMINA_TASK_REGRESSION;
  else
    return FALSE;
  return TRUE;
}

/* The configuration the trial of @run was validated under. */
static LuminaAutomlConfig *
config_from_run (LuminaRun  *run,
                 GError    **error)
{
  g_autoptr(LuminaAutomlConfig) config = lumina_automl_config_new ();
  JsonObject *tags = lumina_run_get_tags (run);
  const char *learner = lumina_run_get_learner (run);
  const char *task, *metric;

  if (tags == NULL || !json_object_has_member (tags, "automl.target") ||
      lumina_search_space_for (learner) == NULL || lumina_run_get_dataset_ref (run) == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Run %s is not an AutoML trial of a single learner; it cannot be rerun",
                   lumina_run_get_id (run));
      return NULL;
    }
  config->dataset = g_strdup (lumina_run_get_dataset_ref (run));
  config->target = g_strdup (json_object_get_string_member (tags, "automl.target"));
  task = json_object_get_string_member_with_default (tags, "automl.task", NULL);
  config->task_set = task_from_string (task, &config->task);
  metric = json_object_get_string_member_with_default (tags, "automl.metric", NULL);
  config->metric_set = metric != NULL && lumina_metric_from_string (metric, &config->metric);
  config->cv_folds = g_ascii_strtoull (json_object_get_string_member_with_default (tags, "automl.cv_folds", "0"),
                                       NULL, 10);
  config->seed = g_ascii_strtoull (json_object_get_string_member_with_default (tags, "automl.split_seed", "42"),
                                   NULL, 10);
  config->test_fraction = g_ascii_strtod (json_object_get_string_member_with_default (tags, "automl.test_fraction", "0"),
                                          NULL);
  return g_steal_pointer (&config);
}

static void
copy_tags (LuminaTracker *tracker,
           const char    *run_id,
           JsonObject    *tags)
{
  GList *members = json_object_get_members (tags);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_str_has_prefix (l->data, "automl."))
      lumina_tracker_set_tag (tracker, run_id, l->data,
                              json_object_get_string_member (tags, l->data), NULL);
  g_list_free (members);
}

gboolean
lumina_automl_rerun (LuminaWorkspace  *workspace,
                     const char       *run_id,
                     guint             n_threads,
                     char            **new_run_id,
                     JsonObject      **metrics,
                     GError          **error)
{
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(LuminaAutomlConfig) config = NULL;
  g_autoptr(LuminaAutomlData) data = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  LuminaTrialSpec spec = { 0 };
  LuminaTrialResult result = { 0 };
  LuminaRunUsage usage = { 0 };
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  tracker = lumina_tracker_new (workspace);
  run = lumina_tracker_get_run (tracker, run_id, error);
  if (run == NULL)
    return FALSE;
  config = config_from_run (run, error);
  if (config == NULL)
    return FALSE;
  data = _lumina_automl_data_new (workspace, config, error);
  if (data == NULL ||
      !_lumina_automl_data_build_folds (data, _lumina_automl_style_for (lumina_run_get_learner (run)),
                                        NULL, error))
    return FALSE;

  name = g_strdup_printf ("rerun of %s", lumina_run_get_name (run) ? lumina_run_get_name (run)
                                                                  : lumina_run_get_id (run));
  id = lumina_tracker_start_run (tracker, lumina_run_get_experiment (run), NULL, name,
                                 lumina_run_get_learner (run), lumina_run_get_params (run),
                                 data->dataset_ref, lumina_run_get_seed (run), error);
  if (id == NULL)
    return FALSE;
  copy_tags (tracker, id, lumina_run_get_tags (run));
  lumina_tracker_set_tag (tracker, id, "rerun_of", lumina_run_get_id (run), NULL);

  spec.learner = lumina_run_get_learner (run);
  spec.params = lumina_run_get_params (run);
  spec.n_threads = MAX (n_threads, 1);
  spec.tracker = tracker;
  spec.run_id = id;
  _lumina_automl_run_trial (data, &spec, &result);

  usage.duration = result.seconds;
  usage.cpu_seconds = result.cpu_seconds;
  usage.peak_bytes = _lumina_automl_peak_rss ();
  ok = lumina_tracker_finish_run (tracker, id, result.status, result.metrics, &usage,
                                  result.error, error);
  if (ok && result.status != LUMINA_RUN_STATUS_FINISHED)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "The rerun of %s %s: %s",
                   lumina_run_get_id (run), lumina_run_status_to_string (result.status),
                   result.error ? result.error : "no result");
      ok = FALSE;
    }
  if (ok)
    {
      if (new_run_id != NULL)
        *new_run_id = g_steal_pointer (&id);
      if (metrics != NULL)
        *metrics = json_object_ref (result.metrics);
    }
  _lumina_trial_result_clear (&result);
  return ok;
}
