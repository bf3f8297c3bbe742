/* lumina-models-task.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-models-task"

#include "config.h"

#include "lumina-models-task.h"

LuminaModelsTask *
lumina_models_task_new (LuminaModelsTaskKind  kind,
                        const char           *name,
                        guint                 version)
{
  LuminaModelsTask *task = g_new0 (LuminaModelsTask, 1);

  task->kind = kind;
  task->name = g_strdup (name);
  task->version = version;
  return task;
}

void
lumina_models_task_free (LuminaModelsTask *task)
{
  if (task == NULL)
    return;

  g_free (task->name);
  g_free (task->run_id);
  g_free (task->target);
  g_free (task->directory);
  g_free (task->reason);
  g_clear_pointer (&task->changes, json_object_unref);
  g_clear_pointer (&task->report, json_object_unref);
  g_free (task);
}

/* Worker thread: the registry may be called from any thread, and the task
 * data is this thread's alone until it returns. */
static gboolean
run_task (LuminaRegistry    *registry,
          LuminaModelsTask  *task,
          GError           **error)
{
  switch (task->kind)
    {
    case LUMINA_MODELS_TASK_REGISTER:
      task->result_version = lumina_registry_register (registry, task->run_id, task->name, NULL,
                                                       task->reason, error);
      return task->result_version > 0;

    case LUMINA_MODELS_TASK_SET_ALIAS:
      return lumina_registry_set_alias (registry, task->name, task->target, task->version, NULL,
                                        task->reason, task->force, &task->report, error);

    case LUMINA_MODELS_TASK_PROMOTE:
      return lumina_registry_promote (registry, task->name, task->version, task->target, NULL,
                                      task->reason, task->force, &task->report, error);

    case LUMINA_MODELS_TASK_ROLLBACK:
      return lumina_registry_rollback_alias (registry, task->name, task->target, NULL, task->reason,
                                             &task->result_version, error);

    case LUMINA_MODELS_TASK_APPROVE:
      return lumina_registry_approve (registry, task->name, task->version, NULL, task->reason, error);

    case LUMINA_MODELS_TASK_UPDATE_CARD:
      return lumina_registry_update_card (registry, task->name, task->version, task->changes, NULL,
                                          task->reason, error);

    case LUMINA_MODELS_TASK_EXPORT:
      return lumina_registry_export (registry, task->target, task->directory, NULL, error);

    case LUMINA_MODELS_TASK_CHECK_GATES:
      task->report = lumina_registry_check_gates (registry, task->name, task->version, NULL, error);
      return task->report != NULL;

    default:
      g_assert_not_reached ();
    }
}

static void
task_thread (GTask        *gtask,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LuminaRegistry *registry = g_object_get_data (G_OBJECT (gtask), "lumina-registry");
  GError *error = NULL;

  if (run_task (registry, task_data, &error))
    g_task_return_boolean (gtask, TRUE);
  else
    g_task_return_error (gtask, error);
}

/**
 * lumina_models_task_run_async:
 * @registry: the registry to write to
 * @task: (transfer full): what to do
 *
 * Runs @task on a worker thread; the callback gets it back through
 * lumina_models_task_finish(), with its results, whether it failed or not.
 */
void
lumina_models_task_run_async (LuminaRegistry      *registry,
                              LuminaModelsTask    *task,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) gtask = NULL;

  g_return_if_fail (LUMINA_IS_REGISTRY (registry));
  g_return_if_fail (task != NULL);

  gtask = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, lumina_models_task_run_async);
  g_task_set_task_data (gtask, task, (GDestroyNotify) lumina_models_task_free);
  g_object_set_data_full (G_OBJECT (gtask), "lumina-registry", g_object_ref (registry), g_object_unref);
  g_task_run_in_thread (gtask, task_thread);
}

/**
 * lumina_models_task_finish:
 * @task: (out) (optional) (transfer none): the task, valid while @result is
 *
 * Returns: %FALSE with the registry's error, or %G_IO_ERROR_CANCELLED
 */
gboolean
lumina_models_task_finish (GAsyncResult      *result,
                           LuminaModelsTask **task,
                           GError           **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (task != NULL)
    *task = g_task_get_task_data (G_TASK (result));

  return g_task_propagate_boolean (G_TASK (result), error);
}
