/* lumina-collect-thread.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One plain GThread sleeping on a condition variable between ticks: no
 * main context is needed, and stop() wakes it at once.  Ticks keep to a
 * fixed grid (start + k × interval) so they do not drift; a tick that ran
 * late skips the slots it missed rather than bunching up.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-collect-thread"

#include "config.h"

#include <sys/resource.h>
#include <unistd.h>

#include "lumina-collect-private.h"
#include "lumina-collect-thread.h"
#include "lumina-metric-point.h"

struct _LuminaCollectorThread
{
  GObject                 parent_instance;

  guint                   interval_ms;
  LuminaHostCollector    *host;
  LuminaProcessCollector *process;
  LuminaGpuCollector     *gpu;

  LuminaCollectorSink     sink;
  gpointer                sink_data;
  GDestroyNotify          sink_notify;

  GThread                *thread;
  GMutex                  lock;       /* guards the fields below */
  GCond                   wake;
  gboolean                stopping;
  guint64                 n_batches;
  gint64                  cpu_time_us;

  char                   *last_error; /* collector thread only: logs each new error once */
};

G_DEFINE_FINAL_TYPE (LuminaCollectorThread, lumina_collector_thread, G_TYPE_OBJECT)

static void
lumina_collector_thread_dispose (GObject *object)
{
  LuminaCollectorThread *self = (LuminaCollectorThread *)object;

  lumina_collector_thread_stop (self);

  G_OBJECT_CLASS (lumina_collector_thread_parent_class)->dispose (object);
}

static void
lumina_collector_thread_finalize (GObject *object)
{
  LuminaCollectorThread *self = (LuminaCollectorThread *)object;

  if (self->sink_notify != NULL)
    self->sink_notify (self->sink_data);
  g_clear_object (&self->host);
  g_clear_object (&self->process);
  g_clear_object (&self->gpu);
  g_clear_pointer (&self->last_error, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);

  G_OBJECT_CLASS (lumina_collector_thread_parent_class)->finalize (object);
}

static void
lumina_collector_thread_class_init (LuminaCollectorThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_collector_thread_dispose;
  object_class->finalize = lumina_collector_thread_finalize;
}

static void
lumina_collector_thread_init (LuminaCollectorThread *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
}

/**
 * lumina_collector_thread_new_full:
 * @interval_ms: time between batches; 0 for the default (1000)
 * @host: (nullable): collects the machine; %NULL for none
 * @process: (nullable): collects watched processes; %NULL for none
 * @gpu: (nullable): collects NVIDIA GPUs; %NULL for none
 *
 * The collectors belong to the thread once it starts: do not collect from
 * them elsewhere (adding and removing PIDs stays allowed).
 */
LuminaCollectorThread *
lumina_collector_thread_new_full (guint                   interval_ms,
                                  LuminaHostCollector    *host,
                                  LuminaProcessCollector *process,
                                  LuminaGpuCollector     *gpu)
{
  LuminaCollectorThread *self;

  g_return_val_if_fail (host == NULL || LUMINA_IS_HOST_COLLECTOR (host), NULL);
  g_return_val_if_fail (process == NULL || LUMINA_IS_PROCESS_COLLECTOR (process), NULL);
  g_return_val_if_fail (gpu == NULL || LUMINA_IS_GPU_COLLECTOR (gpu), NULL);

  self = g_object_new (LUMINA_TYPE_COLLECTOR_THREAD, NULL);
  self->interval_ms = interval_ms > 0 ? interval_ms : LUMINA_COLLECTOR_DEFAULT_INTERVAL_MS;
  g_set_object (&self->host, host);
  g_set_object (&self->process, process);
  g_set_object (&self->gpu, gpu);
  return self;
}

/**
 * lumina_collector_thread_new:
 * @interval_ms: time between batches; 0 for the default (1000)
 *
 * Collects this machine from /proc, this process (more PIDs through
 * lumina_collector_thread_get_process_collector()), and the NVIDIA GPUs
 * when a driver is there.
 */
LuminaCollectorThread *
lumina_collector_thread_new (guint interval_ms)
{
  g_autoptr(LuminaHostCollector) host = lumina_host_collector_new (NULL);
  g_autoptr(LuminaProcessCollector) process = lumina_process_collector_new (NULL);
  g_autoptr(LuminaGpuCollector) gpu = lumina_gpu_collector_new (NULL);

  lumina_process_collector_add_pid (process, getpid ());
  return lumina_collector_thread_new_full (interval_ms, host, process, gpu);
}

/* Set before lumina_collector_thread_start(); @notify runs on @user_data
 * when the thread object is finalized. */
void
lumina_collector_thread_set_sink (LuminaCollectorThread *self,
                                  LuminaCollectorSink    sink,
                                  gpointer               user_data,
                                  GDestroyNotify         notify)
{
  g_return_if_fail (LUMINA_IS_COLLECTOR_THREAD (self));
  g_return_if_fail (self->thread == NULL);

  if (self->sink_notify != NULL)
    self->sink_notify (self->sink_data);
  self->sink = sink;
  self->sink_data = user_data;
  self->sink_notify = notify;
}

/* Returns: (transfer none) (nullable): */
LuminaProcessCollector *
lumina_collector_thread_get_process_collector (LuminaCollectorThread *self)
{
  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), NULL);

  return self->process;
}

/* Returns: (transfer none) (nullable): */
LuminaGpuCollector *
lumina_collector_thread_get_gpu_collector (LuminaCollectorThread *self)
{
  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), NULL);

  return self->gpu;
}

guint
lumina_collector_thread_get_interval_ms (LuminaCollectorThread *self)
{
  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), 0);

  return self->interval_ms;
}

static void
report_error (LuminaCollectorThread *self,
              GError                *error)
{
  if (error == NULL)
    return;
  /* Once per distinct message: a missing file stays missing every tick. */
  if (g_strcmp0 (self->last_error, error->message) != 0)
    {
      g_debug ("Collecting: %s", error->message);
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
    }
  g_error_free (error);
}

static gint64
thread_cpu_time_us (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
tick (LuminaCollectorThread *self)
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
  gint64 monotonic_us = g_get_monotonic_time ();
  gint64 time_ms = g_get_real_time () / 1000;
  GError *error = NULL;
  gint64 cpu_us;

  if (self->host != NULL
      && !lumina_host_collector_collect (self->host, monotonic_us, time_ms, points, &error))
    report_error (self, g_steal_pointer (&error));
  if (self->process != NULL
      && !lumina_process_collector_collect (self->process, monotonic_us, time_ms, points, &error))
    report_error (self, g_steal_pointer (&error));
  if (self->gpu != NULL && !lumina_gpu_collector_collect (self->gpu, time_ms, points, &error))
    report_error (self, g_steal_pointer (&error));

  /* What collecting itself costs, so it shows on the charts too. */
  cpu_us = thread_cpu_time_us ();
  _lumina_collect_add (points, "lumina_collector_cpu_seconds_total", time_ms,
                       cpu_us / (double) G_USEC_PER_SEC, NULL);

  if (self->sink != NULL)
    self->sink (points, self->sink_data);

  g_mutex_lock (&self->lock);
  self->n_batches++;
  self->cpu_time_us = cpu_us;
  g_mutex_unlock (&self->lock);
}

static gpointer
collector_thread_main (gpointer data)
{
  LuminaCollectorThread *self = data;
  gint64 interval_us = self->interval_ms * (gint64) 1000;
  gint64 next = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 now;

      g_mutex_unlock (&self->lock);
      tick (self);
      g_mutex_lock (&self->lock);

      now = g_get_monotonic_time ();
      next += interval_us;
      if (next <= now)
        next = now + interval_us - (now - next) % interval_us;
      while (!self->stopping && g_get_monotonic_time () < next)
        g_cond_wait_until (&self->wake, &self->lock, next);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * lumina_collector_thread_start:
 *
 * Starts collecting: a first batch at once, then one per interval.  The
 * first batch has no rates (they need two snapshots).
 *
 * Returns: %FALSE if the thread could not be created
 */
gboolean
lumina_collector_thread_start (LuminaCollectorThread  *self,
                               GError                **error)
{
  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->stopping = FALSE;
  self->thread = g_thread_try_new ("lumina-collect", collector_thread_main, self, error);
  return self->thread != NULL;
}

/**
 * lumina_collector_thread_stop:
 *
 * Wakes the thread and waits for it: at most the length of one batch in
 * progress, never an interval.  No sink call happens after it returns.
 * Call from the thread that started it; safe to call when not running.
 */
void
lumina_collector_thread_stop (LuminaCollectorThread *self)
{
  g_return_if_fail (LUMINA_IS_COLLECTOR_THREAD (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

gboolean
lumina_collector_thread_is_running (LuminaCollectorThread *self)
{
  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), FALSE);

  return self->thread != NULL;
}

/* Thread-safe: batches handed to the sink so far. */
guint64
lumina_collector_thread_get_n_batches (LuminaCollectorThread *self)
{
  guint64 n;

  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_batches;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Thread-safe: CPU time (user + system) the collector thread has used,
 * as of its last batch. */
gint64
lumina_collector_thread_get_cpu_time_us (LuminaCollectorThread *self)
{
  gint64 cpu_us;

  g_return_val_if_fail (LUMINA_IS_COLLECTOR_THREAD (self), 0);

  g_mutex_lock (&self->lock);
  cpu_us = self->cpu_time_us;
  g_mutex_unlock (&self->lock);
  return cpu_us;
}
