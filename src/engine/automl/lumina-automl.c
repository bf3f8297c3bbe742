/* lumina-automl.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AutoML job: configuration, planning, signals and the parent run.
 * The search itself is in lumina-automl-search.c, the refit and report in
 * lumina-automl-finish.c.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-automl-private.h"
#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-workspace.h"

enum {
  TRIAL_FINISHED,
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LuminaAutoml, lumina_automl, G_TYPE_OBJECT)

/* ---- configuration ----------------------------------------------------- */

LuminaAutomlConfig *
lumina_automl_config_new (void)
{
  LuminaAutomlConfig *config = g_new0 (LuminaAutomlConfig, 1);

  config->budget_seconds = 60;
  config->seed = 42;
  return config;
}

LuminaAutomlConfig *
lumina_automl_config_copy (const LuminaAutomlConfig *config)
{
  LuminaAutomlConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->dataset = g_strdup (config->dataset);
  copy->target = g_strdup (config->target);
  copy->learners = g_strdupv (config->learners);
  copy->experiment = g_strdup (config->experiment);
  return copy;
}

void
lumina_automl_config_free (LuminaAutomlConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->dataset);
  g_free (config->target);
  g_strfreev (config->learners);
  g_free (config->experiment);
  g_free (config);
}

static const char *
task_to_string (LuminaTask task)
{
  switch (task)
    {
    case LUMINA_TASK_BINARY: return "binary";
    case LUMINA_TASK_MULTICLASS: return "multiclass";
    case LUMINA_TASK_REGRESSION: return "regression";
    default: return "unknown";
    }
}

JsonNode *
lumina_automl_config_to_json (const LuminaAutomlConfig *config)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *learners = json_array_new ();

  g_return_val_if_fail (config != NULL, NULL);

  json_object_set_string_member (object, "dataset", config->dataset);
  json_object_set_string_member (object, "target", config->target);
  if (config->task_set)
    json_object_set_string_member (object, "task", task_to_string (config->task));
  if (config->metric_set)
    json_object_set_string_member (object, "metric", lumina_metric_to_string (config->metric));
  for (guint i = 0; config->learners != NULL && config->learners[i] != NULL; i++)
    json_array_add_string_element (learners, config->learners[i]);
  json_object_set_array_member (object, "learners", learners);
  json_object_set_double_member (object, "budget_seconds", config->budget_seconds);
  json_object_set_int_member (object, "cv_folds", config->cv_folds);
  json_object_set_int_member (object, "seed", (gint64) config->seed);
  if (config->experiment != NULL)
    json_object_set_string_member (object, "experiment", config->experiment);
  json_object_set_int_member (object, "n_parallel", config->n_parallel);
  json_object_set_int_member (object, "memory_limit", (gint64) config->memory_limit);
  json_object_set_double_member (object, "test_fraction", config->test_fraction);
  return json_node_init_object (json_node_alloc (), object);
}

/* ---- object ------------------------------------------------------------ */

static void
lumina_automl_finalize (GObject *object)
{
  LuminaAutoml *self = LUMINA_AUTOML (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->config, lumina_automl_config_free);
  g_strfreev (self->learners);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->data, _lumina_automl_data_free);
  g_free (self->experiment);
  g_free (self->run_id);
  g_free (self->best_run_id);
  g_free (self->bundle_path);
  g_clear_pointer (&self->report, json_node_unref);
  g_ptr_array_unref (self->trials);
  g_array_unref (self->history);
  g_hash_table_unref (self->samplers);
  g_rand_free (self->rand);
  g_clear_pointer (&self->halvings, g_hash_table_unref);
  g_clear_object (&self->stop);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (lumina_automl_parent_class)->finalize (object);
}

static void
lumina_automl_class_init (LuminaAutomlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lumina_automl_finalize;

  signals[TRIAL_FINISHED] =
    g_signal_new ("trial-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
}

static void
lumina_automl_init (LuminaAutoml *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->trials = g_ptr_array_new_with_free_func ((GDestroyNotify) _lumina_automl_trial_free);
  self->history = g_array_new (FALSE, FALSE, sizeof (double));
  self->samplers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) lumina_sampler_free);
  self->stop = g_cancellable_new ();
}

static gboolean
check_learners (LuminaAutoml  *self,
                GError       **error)
{
  const char * const *known = lumina_learner_list_kinds ();
  const char * const *wanted = (const char * const *) self->config->learners;

  if (wanted == NULL || wanted[0] == NULL)
    wanted = known;
  for (guint i = 0; wanted[i] != NULL; i++)
    if (!g_strv_contains (known, wanted[i]) || lumina_search_space_for (wanted[i]) == NULL)
      {
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                     "Unknown learner “%s” (known: xgboost, forest, mlp, linear)", wanted[i]);
        return FALSE;
      }
  self->learners = g_strdupv ((char **) wanted);
  return TRUE;
}

LuminaAutoml *
lumina_automl_new (LuminaWorkspace          *workspace,
                   const LuminaAutomlConfig *config,
                   GError                  **error)
{
  g_autoptr(LuminaAutoml) self = NULL;
  guint32 seeds[2];

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (config->dataset == NULL || *config->dataset == '\0' ||
      config->target == NULL || *config->target == '\0')
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "AutoML needs a dataset and a target column");
      return NULL;
    }
  if (!(config->budget_seconds > 0) || !isfinite (config->budget_seconds))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The time budget must be a positive number of seconds");
      return NULL;
    }
  if (config->test_fraction < 0 || config->test_fraction >= 0.9)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The test fraction must be in [0, 0.9)");
      return NULL;
    }

  self = g_object_new (LUMINA_TYPE_AUTOML, NULL);
  self->workspace = g_object_ref (workspace);
  self->config = lumina_automl_config_copy (config);
  self->context = g_main_context_ref_thread_default ();
  self->creator = g_thread_self ();
  self->tracker = lumina_tracker_new (workspace);
  /* Tests make refits look too slow for the budget with a large factor
   * on their estimates. */
  {
    const char *factor = g_getenv ("LUMINA_AUTOML_REFIT_FACTOR");
    double value = factor != NULL ? g_ascii_strtod (factor, NULL) : 1;

    self->refit_factor = isfinite (value) && value > 0 ? value : 1;
  }
  seeds[0] = (guint32) config->seed;
  seeds[1] = (guint32) (config->seed >> 32);
  self->rand = g_rand_new_with_seed_array (seeds, 2);
  if (!check_learners (self, error))
    return NULL;
  if (config->experiment != NULL && *config->experiment != '\0')
    self->experiment = g_strdup (config->experiment);
  else
    {
      g_auto(GStrv) parts = g_strsplit (config->dataset, "@", 2);

      self->experiment = g_strdup_printf ("automl-%s", parts[0]);
    }
  return g_steal_pointer (&self);
}

/* ---- signals on the owner's context ------------------------------------ */

typedef struct
{
  LuminaAutoml *self;
  JsonObject   *trial;
  double        fraction;
  char         *message;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->self);
  g_clear_pointer (&emission->trial, json_object_unref);
  g_free (emission->message);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->trial != NULL)
    g_signal_emit (emission->self, signals[TRIAL_FINISHED], 0, emission->trial);
  else
    g_signal_emit (emission->self, signals[PROGRESS], 0, emission->fraction, emission->message);
  return G_SOURCE_REMOVE;
}

void
_lumina_automl_emit_trial (LuminaAutoml      *self,
                           LuminaAutomlTrial *trial)
{
  Emission *emission = g_new0 (Emission, 1);
  g_autoptr(JsonNode) node = _lumina_automl_trial_to_json (trial);

  emission->self = g_object_ref (self);
  emission->trial = json_object_ref (json_node_get_object (node));
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, emission, emission_free);
}

void
_lumina_automl_emit_progress (LuminaAutoml *self,
                              double        fraction,
                              const char   *message)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (self);
  emission->fraction = CLAMP (fraction, 0, 1);
  emission->message = g_strdup (message);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, emission, emission_free);
}

/* ---- planning ---------------------------------------------------------- */

gboolean
_lumina_automl_prepare (LuminaAutoml  *self,
                        GError       **error)
{
  guint cores = MAX (g_get_num_processors (), 1);

  if (self->data != NULL)
    return TRUE;

  self->data = _lumina_automl_data_new (self->workspace, self->config, error);
  if (self->data == NULL)
    return FALSE;

  self->n_parallel = self->config->n_parallel > 0 ? self->config->n_parallel : MIN (cores, 8);
  self->n_threads = MAX (cores / self->n_parallel, 1);
  self->memory_limit = self->config->memory_limit;
  if (self->memory_limit == 0)
    {
      guint64 available = _lumina_automl_available_bytes ();

      self->memory_limit = available > 0 ? available * 3 / 4 / self->n_parallel : G_MAXUINT64;
    }
  return TRUE;
}

JsonNode *
lumina_automl_plan (LuminaAutoml  *self,
                    GError       **error)
{
  g_autoptr(JsonObject) plan = json_object_new ();
  JsonArray *learners = json_array_new ();
  JsonArray *notes = json_array_new ();
  LuminaAutomlData *data;
  guint64 peak = 0;

  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  if (!_lumina_automl_prepare (self, error))
    {
      json_array_unref (learners);
      json_array_unref (notes);
      return NULL;
    }
  data = self->data;
  for (guint i = 0; self->learners[i] != NULL; i++)
    {
      json_array_add_string_element (learners, self->learners[i]);
      peak = MAX (peak, _lumina_automl_estimate_trial_bytes (data, self->learners[i], NULL));
    }
  for (guint i = 0; i < data->notes->len; i++)
    json_array_add_string_element (notes, g_ptr_array_index (data->notes, i));

  json_object_set_string_member (plan, "dataset", data->dataset_ref);
  json_object_set_int_member (plan, "rows", (gint64) (data->n_rows + data->n_test));
  json_object_set_int_member (plan, "columns", data->n_columns);
  json_object_set_string_member (plan, "task", task_to_string (data->task));
  json_object_set_int_member (plan, "n_classes", data->n_classes);
  json_object_set_string_member (plan, "metric", lumina_metric_to_string (data->metric));
  if (data->holdout)
    json_object_set_string_member (plan, "validation", "holdout 20%");
  else
    {
      g_autofree char *text = g_strdup_printf ("%u-fold", data->n_folds);

      json_object_set_string_member (plan, "validation", text);
    }
  json_object_set_array_member (plan, "learners", learners);
  /* The shared matrices (both styles, as a bound) plus the trials at once. */
  peak = peak * self->n_parallel +
         (guint64) data->n_rows * (data->n_columns + 1) * 4 * 2 * (data->n_folds + 1);
  json_object_set_int_member (plan, "estimated_peak_bytes", (gint64) peak);
  json_object_set_int_member (plan, "available_bytes", (gint64) _lumina_automl_available_bytes ());
  json_object_set_int_member (plan, "n_parallel", self->n_parallel);
  json_object_set_array_member (plan, "notes", notes);
  return json_node_init_object (json_node_alloc (), plan);
}

JsonObject *
_lumina_automl_trial_tags (LuminaAutoml *self)
{
  JsonObject *tags = json_object_new ();
  g_autofree char *folds = g_strdup_printf ("%u", self->data->holdout ? 1 : self->data->n_folds);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->config->seed);
  g_autofree char *fraction = g_strdup_printf ("%.17g", self->config->test_fraction);

  json_object_set_string_member (tags, "automl.target", self->data->target);
  json_object_set_string_member (tags, "automl.task", task_to_string (self->data->task));
  json_object_set_string_member (tags, "automl.metric",
                                 lumina_metric_to_string (self->data->metric));
  json_object_set_string_member (tags, "automl.cv_folds", folds);
  json_object_set_string_member (tags, "automl.split_seed", seed);
  json_object_set_string_member (tags, "automl.test_fraction", fraction);
  return tags;
}

/* ---- running ----------------------------------------------------------- */

gboolean
lumina_automl_run (LuminaAutoml  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), FALSE);
  g_return_val_if_fail (self->run_id == NULL, FALSE);

  return _lumina_automl_search (self, cancellable, error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (lumina_automl_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lumina_automl_run_async (LuminaAutoml        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LUMINA_IS_AUTOML (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_automl_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

gboolean
lumina_automl_run_finish (LuminaAutoml  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- accessors --------------------------------------------------------- */

const LuminaAutomlConfig *
lumina_automl_get_config (LuminaAutoml *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  return self->config;
}

const char *
lumina_automl_get_run_id (LuminaAutoml *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  return g_atomic_pointer_get (&self->run_id);
}

const char *
lumina_automl_get_best_run_id (LuminaAutoml *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  return self->best_run_id;
}

const char *
lumina_automl_get_bundle_path (LuminaAutoml *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  return self->bundle_path;
}

JsonNode *
lumina_automl_dup_report (LuminaAutoml *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML (self), NULL);

  return self->report ? json_node_copy (self->report) : NULL;
}

char *
lumina_automl_bundle_path_for_run (LuminaWorkspace *workspace,
                                   const char      *run_id)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  return g_build_filename (lumina_workspace_get_path (workspace), "bundles", run_id, NULL);
}
