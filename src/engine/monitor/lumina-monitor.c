/* lumina-monitor.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-monitor"

#include "config.h"

#include <unistd.h>

#include "lumina-collect-process.h"
#include "lumina-error.h"
#include "lumina-model-server.h"
#include "lumina-monitor.h"
#include "lumina-tracker.h"

/* How often the runs in progress are checked for job processes to watch. */
#define JOBS_INTERVAL_S 5

struct _LuminaMonitor
{
  GObject                  parent_instance;

  LuminaMetricStore       *store;
  LuminaCollectorThread   *collectors;
  LuminaDeploymentManager *deployments;
  LuminaTracker           *tracker;
  GCancellable            *jobs_cancellable;   /* set while a check runs */
  GArray                  *job_pids;           /* int: job processes being watched */
  guint                    servers_source;
  guint                    jobs_source;
};

G_DEFINE_FINAL_TYPE (LuminaMonitor, lumina_monitor, G_TYPE_OBJECT)

static void
lumina_monitor_dispose (GObject *object)
{
  LuminaMonitor *self = LUMINA_MONITOR (object);

  lumina_monitor_stop (self);
  g_clear_object (&self->deployments);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (lumina_monitor_parent_class)->dispose (object);
}

static void
lumina_monitor_finalize (GObject *object)
{
  LuminaMonitor *self = LUMINA_MONITOR (object);

  g_clear_object (&self->collectors);
  g_clear_pointer (&self->job_pids, g_array_unref);
  if (self->store != NULL)
    lumina_metric_store_flush (self->store, NULL);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lumina_monitor_parent_class)->finalize (object);
}

static void
lumina_monitor_class_init (LuminaMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_monitor_dispose;
  object_class->finalize = lumina_monitor_finalize;
}

static void
lumina_monitor_init (LuminaMonitor *self)
{
  self->job_pids = g_array_new (FALSE, FALSE, sizeof (int));
}

/* Called on the collector thread; the store's appends are thread-safe. */
static void
collected_cb (GPtrArray *points,
              gpointer   user_data)
{
  LuminaMetricStore *store = user_data;
  g_autoptr(GError) error = NULL;

  if (!lumina_metric_store_append_points (store, points, &error))
    g_warning ("Could not store %u collected points: %s", points->len, error->message);
}

/**
 * lumina_monitor_new:
 * Opens the workspace's metric store (metrics.db). Nothing is collected
 * until lumina_monitor_start().
 */
LuminaMonitor *
lumina_monitor_new (LuminaWorkspace  *workspace,
                    GError          **error)
{
  g_autoptr(LuminaMonitor) self = NULL;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (LUMINA_TYPE_MONITOR, NULL);
  self->store = lumina_metric_store_new (workspace, error);
  if (self->store == NULL)
    return NULL;
  self->tracker = lumina_tracker_new (workspace);
  return g_steal_pointer (&self);
}

LuminaMetricStore *
lumina_monitor_get_store (LuminaMonitor *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITOR (self), NULL);

  return self->store;
}

/* Returns: (nullable): the collector thread, once started */
LuminaCollectorThread *
lumina_monitor_get_collectors (LuminaMonitor *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITOR (self), NULL);

  return self->collectors;
}

/* The model servers of @deployments are sampled at each tick. */
void
lumina_monitor_set_deployments (LuminaMonitor           *self,
                                LuminaDeploymentManager *deployments)
{
  g_return_if_fail (LUMINA_IS_MONITOR (self));
  g_return_if_fail (!deployments || LUMINA_IS_DEPLOYMENT_MANAGER (deployments));

  g_set_object (&self->deployments, deployments);
}

static void
add_point (GPtrArray          *points,
           const char         *name,
           const char * const *labels,
           gint64              time_ms,
           double              value)
{
  g_ptr_array_add (points, lumina_metric_point_new (name, labels, time_ms, value));
}

/**
 * lumina_monitor_sample_servers:
 *
 * Stores each running deployment's RED figures now: requests and errors
 * (counters), request rate, p50 and p99 latency and requests in flight,
 * per model version and variant (primary, challenger, shadow). Main
 * context: the servers live there.
 */
void
lumina_monitor_sample_servers (LuminaMonitor *self)
{
  g_autoptr(GPtrArray) points = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_ms = g_get_real_time () / 1000;

  g_return_if_fail (LUMINA_IS_MONITOR (self));

  if (self->deployments == NULL)
    return;

  points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
  names = lumina_deployment_manager_list_names (self->deployments);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      LuminaModelServer *server = lumina_deployment_manager_get_server (self->deployments, names[i]);
      g_autoptr(GPtrArray) stats = NULL;

      if (server == NULL)
        continue;
      stats = lumina_model_server_get_stats (server);
      for (guint s = 0; s < stats->len; s++)
        {
          LuminaServeStats *st = g_ptr_array_index (stats, s);
          g_autofree char *version = g_strdup_printf ("%u", st->version);
          const char *labels[] = { "deployment", names[i], "model", st->model, "version", version,
                                   "variant", st->variant, NULL };

          if (g_str_equal (st->variant, "shadow"))
            {
              add_point (points, "lumina_serve_shadow_compared_total", labels, now_ms, (double) st->compared);
              if (st->compared > 0)
                add_point (points, "lumina_serve_shadow_agreement_ratio", labels, now_ms, st->agreement);
              continue;
            }
          add_point (points, "lumina_serve_requests_total", labels, now_ms, (double) st->requests);
          add_point (points, "lumina_serve_errors_total", labels, now_ms, (double) st->errors);
          add_point (points, "lumina_serve_requests_per_second", labels, now_ms, st->rps);
          add_point (points, "lumina_serve_in_flight", labels, now_ms, st->in_flight);
          if (st->rps > 0)
            {
              add_point (points, "lumina_serve_latency_p50_seconds", labels, now_ms, st->p50_ms / 1000.0);
              add_point (points, "lumina_serve_latency_p99_seconds", labels, now_ms, st->p99_ms / 1000.0);
            }
        }
    }
  if (points->len > 0 && !lumina_metric_store_append_points (self->store, points, &error))
    g_warning ("Could not store the model servers' figures: %s", error->message);
}

static gboolean
sample_servers_cb (gpointer data)
{
  lumina_monitor_sample_servers (data);
  return G_SOURCE_CONTINUE;
}

/* ---- job processes --------------------------------------------------- */

static void
list_job_pids_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  GError *error = NULL;

  if (!(active = lumina_tracker_list_active_runs (task_data, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < active->len; i++)
    {
      const LuminaActiveRun *item = g_ptr_array_index (active, i);

      if (item->state == LUMINA_ACTIVE_RUN_LIVE && !item->in_this_process)
        g_array_append_val (pids, item->pid);
    }
  g_task_return_pointer (task, g_steal_pointer (&pids), (GDestroyNotify) g_array_unref);
}

static gboolean
has_pid (GArray *pids,
         int     pid)
{
  for (guint i = 0; i < pids->len; i++)
    if (g_array_index (pids, int, i) == pid)
      return TRUE;
  return FALSE;
}

static void
list_job_pids_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LuminaMonitor) self = user_data;
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GError) error = NULL;
  LuminaProcessCollector *process;

  pids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->jobs_cancellable);
  if (pids == NULL)
    {
      g_debug ("Could not list the jobs in progress: %s", error->message);
      return;
    }
  if (self->collectors == NULL
      || !(process = lumina_collector_thread_get_process_collector (self->collectors)))
    return;

  for (guint i = 0; i < self->job_pids->len; i++)
    {
      int pid = g_array_index (self->job_pids, int, i);

      if (!has_pid (pids, pid))
        lumina_process_collector_remove_pid (process, pid);
    }
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, int, i);

      if (!has_pid (self->job_pids, pid))
        {
          g_debug ("Watching job process %d", pid);
          lumina_process_collector_add_pid (process, pid);
        }
    }
  g_array_set_size (self->job_pids, 0);
  g_array_append_vals (self->job_pids, pids->data, pids->len);
}

static gboolean
watch_jobs_cb (gpointer data)
{
  LuminaMonitor *self = data;
  g_autoptr(GTask) task = NULL;

  if (self->jobs_cancellable != NULL)
    return G_SOURCE_CONTINUE;   /* the last check is still reading */

  self->jobs_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->jobs_cancellable, list_job_pids_cb, g_object_ref (self));
  g_task_set_source_tag (task, watch_jobs_cb);
  g_task_set_task_data (task, g_object_ref (self->tracker), g_object_unref);
  g_task_run_in_thread (task, list_job_pids_thread);
  return G_SOURCE_CONTINUE;
}

/**
 * lumina_monitor_start:
 * @interval_ms: between collections; 0 for the default (1 s)
 *
 * Starts the collector thread (host, this process, GPUs) and the sampling
 * of model servers, both into the store.  The processes of jobs in
 * progress on this computer (`lumina automl run` in a terminal, say) are
 * found from the workspace's runs every few seconds and collected too.
 */
gboolean
lumina_monitor_start (LuminaMonitor  *self,
                      guint           interval_ms,
                      GError        **error)
{
  g_return_val_if_fail (LUMINA_IS_MONITOR (self), FALSE);

  if (lumina_monitor_is_running (self))
    return TRUE;
  if (interval_ms == 0)
    interval_ms = LUMINA_COLLECTOR_DEFAULT_INTERVAL_MS;

  g_clear_object (&self->collectors);
  self->collectors = lumina_collector_thread_new (interval_ms);
  lumina_collector_thread_set_sink (self->collectors, collected_cb, g_object_ref (self->store), g_object_unref);
  if (!lumina_collector_thread_start (self->collectors, error))
    {
      g_clear_object (&self->collectors);
      return FALSE;
    }
  self->servers_source = g_timeout_add (interval_ms, sample_servers_cb, self);
  self->jobs_source = g_timeout_add_seconds (JOBS_INTERVAL_S, watch_jobs_cb, self);
  watch_jobs_cb (self);
  return TRUE;
}

void
lumina_monitor_stop (LuminaMonitor *self)
{
  g_return_if_fail (LUMINA_IS_MONITOR (self));

  g_clear_handle_id (&self->servers_source, g_source_remove);
  g_clear_handle_id (&self->jobs_source, g_source_remove);
  g_cancellable_cancel (self->jobs_cancellable);
  g_clear_object (&self->jobs_cancellable);
  g_array_set_size (self->job_pids, 0);
  if (self->collectors != NULL)
    lumina_collector_thread_stop (self->collectors);
}

gboolean
lumina_monitor_is_running (LuminaMonitor *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITOR (self), FALSE);

  return self->collectors != NULL && lumina_collector_thread_is_running (self->collectors);
}
