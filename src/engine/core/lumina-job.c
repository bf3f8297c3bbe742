/* lumina-job.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A unit of background work with a state, a progress fraction, a message and
 * a cancellable.  The worker never touches GObject state: it fills a
 * mutex-protected "pending" block and queues at most one idle source on the
 * job's main context, which applies it, notifies, and finally delivers the
 * result through the job's GTask.
 */
#define G_LOG_DOMAIN "lumina-job"

#include "config.h"

#include "lumina-enums.h"
#include "lumina-job.h"
#include "lumina-util.h"
#include "lumina-worker-pool.h"

struct _LuminaJob
{
  GObject         parent_instance;

  char           *title;
  LuminaJobState  state;
  double          fraction;
  char           *message;
  GCancellable   *cancellable;
  GMainContext   *owner_context;
  GTask          *task;

  /* Set by run_async, read by the worker. */
  LuminaJobFunc   func;
  gpointer        task_data;
  GDestroyNotify  task_data_free;
  GDestroyNotify  result_free;

  /* Protected by @lock: written by the worker, drained on the owner context. */
  GMutex          lock;
  double          pending_fraction;
  char           *pending_message;
  gpointer        result;
  GError         *error;
  guint           pending_started : 1;
  guint           pending_done : 1;
  guint           flush_queued : 1;
};

G_DEFINE_FINAL_TYPE (LuminaJob, lumina_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_MESSAGE,
  PROP_STATE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lumina_job_dispose (GObject *object)
{
  LuminaJob *self = (LuminaJob *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (lumina_job_parent_class)->dispose (object);
}

static void
lumina_job_finalize (GObject *object)
{
  LuminaJob *self = (LuminaJob *)object;

  if (self->result != NULL && self->result_free != NULL)
    self->result_free (self->result);
  if (self->task_data != NULL && self->task_data_free != NULL)
    self->task_data_free (self->task_data);
  g_clear_error (&self->error);
  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->pending_message, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lumina_job_parent_class)->finalize (object);
}

static void
lumina_job_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LuminaJob *self = LUMINA_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_job_class_init (LuminaJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lumina_job_dispose;
  object_class->finalize = lumina_job_finalize;
  object_class->get_property = lumina_job_get_property;

  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LUMINA_TYPE_JOB_STATE,
                                              LUMINA_JOB_STATE_PENDING, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lumina_job_init (LuminaJob *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->owner_context = g_main_context_ref_thread_default ();
  self->state = LUMINA_JOB_STATE_PENDING;
}

LuminaJob *
lumina_job_new (const char *title)
{
  LuminaJob *self = g_object_new (LUMINA_TYPE_JOB, NULL);

  self->title = g_strdup (title);
  return self;
}

const char *
lumina_job_get_title (LuminaJob *self)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), NULL);

  return self->title;
}

LuminaJobState
lumina_job_get_state (LuminaJob *self)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), LUMINA_JOB_STATE_FAILED);

  return self->state;
}

double
lumina_job_get_fraction (LuminaJob *self)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), 0);

  return self->fraction;
}

const char *
lumina_job_get_message (LuminaJob *self)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), NULL);

  return self->message;
}

/**
 * lumina_job_get_cancellable:
 * Returns: (transfer none): cancelled when the job is
 */
GCancellable *
lumina_job_get_cancellable (LuminaJob *self)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), NULL);

  return self->cancellable;
}

/**
 * lumina_job_cancel:
 * Asks the job to stop.  Thread-safe.  The job ends in
 * %LUMINA_JOB_STATE_CANCELLED once its function returns.
 */
void
lumina_job_cancel (LuminaJob *self)
{
  g_return_if_fail (LUMINA_IS_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

static void
set_state (LuminaJob      *self,
           LuminaJobState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_fraction (LuminaJob *self,
              double     fraction)
{
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
complete (LuminaJob *self,
          gpointer   result,
          GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (error == NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      if (result != NULL && self->result_free != NULL)
        self->result_free (result);
      result = NULL;
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The job was cancelled");
    }

  if (error != NULL)
    {
      set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ?
                         LUMINA_JOB_STATE_CANCELLED : LUMINA_JOB_STATE_FAILED);
      g_task_return_error (task, error);
    }
  else
    {
      set_fraction (self, 1.0);
      set_state (self, LUMINA_JOB_STATE_SUCCEEDED);
      g_task_return_pointer (task, result, self->result_free);
    }

  if (self->task_data_free != NULL)
    g_clear_pointer (&self->task_data, self->task_data_free);
}

static gboolean
flush_cb (gpointer user_data)
{
  LuminaJob *self = user_data;
  g_autofree char *message = NULL;
  gpointer result = NULL;
  GError *error = NULL;
  gboolean started, done;
  double fraction;

  g_mutex_lock (&self->lock);
  self->flush_queued = FALSE;
  fraction = self->pending_fraction;
  message = g_steal_pointer (&self->pending_message);
  started = self->pending_started;
  done = self->pending_done;
  if (done)
    {
      result = g_steal_pointer (&self->result);
      error = g_steal_pointer (&self->error);
      self->pending_done = FALSE;
    }
  g_mutex_unlock (&self->lock);

  if (started && self->state == LUMINA_JOB_STATE_PENDING)
    set_state (self, LUMINA_JOB_STATE_RUNNING);

  if (fraction > self->fraction)
    set_fraction (self, fraction);

  if (message != NULL && lumina_set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  if (done)
    complete (self, result, error);

  return G_SOURCE_REMOVE;
}

/* Expects @lock held. */
static void
queue_flush_locked (LuminaJob *self)
{
  GSource *source;

  if (self->flush_queued)
    return;

  self->flush_queued = TRUE;
  source = g_idle_source_new ();
  g_source_set_name (source, "[lumina-job-flush]");
  g_source_set_callback (source, flush_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->owner_context);
  g_source_unref (source);
}

/**
 * lumina_job_set_progress:
 * @self: the job
 * @fraction: done so far, 0 to 1; progress never goes backwards
 * @message: (nullable): what the job is doing, or %NULL to keep the last one
 *
 * Thread-safe.  Calls are coalesced: whatever the rate, the main context
 * sees at most one update per iteration.
 */
void
lumina_job_set_progress (LuminaJob  *self,
                         double      fraction,
                         const char *message)
{
  g_return_if_fail (LUMINA_IS_JOB (self));

  g_mutex_lock (&self->lock);
  self->pending_fraction = CLAMP (fraction, 0.0, 1.0);
  if (message != NULL)
    lumina_set_str (&self->pending_message, message);
  queue_flush_locked (self);
  g_mutex_unlock (&self->lock);
}

static void
worker (gpointer data)
{
  LuminaJob *self = data;
  GError *error = NULL;
  gpointer result = NULL;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error) == FALSE)
    {
      g_mutex_lock (&self->lock);
      self->pending_started = TRUE;
      queue_flush_locked (self);
      g_mutex_unlock (&self->lock);

      result = self->func (self, self->task_data, self->cancellable, &error);
      g_assert (result != NULL || error != NULL);
    }

  g_mutex_lock (&self->lock);
  self->result = result;
  self->error = error;
  self->pending_done = TRUE;
  queue_flush_locked (self);
  g_mutex_unlock (&self->lock);

  g_object_unref (self);
}

/**
 * lumina_job_run_async:
 * @self: a job that has not run yet
 * @pool: (nullable): where to run it; %NULL for the default pool
 * @func: the work, run on a worker thread
 * @task_data: (transfer full): inputs for @func, copied by the caller
 * @task_data_free: (nullable): frees @task_data once the job has finished
 * @result_free: (nullable): frees a result nobody took
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 */
void
lumina_job_run_async (LuminaJob           *self,
                      LuminaWorkerPool    *pool,
                      LuminaJobFunc        func,
                      gpointer             task_data,
                      GDestroyNotify       task_data_free,
                      GDestroyNotify       result_free,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (LUMINA_IS_JOB (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->task == NULL && self->state == LUMINA_JOB_STATE_PENDING);

  if (pool == NULL)
    pool = lumina_worker_pool_get_default ();

  g_clear_pointer (&self->owner_context, g_main_context_unref);
  self->owner_context = g_main_context_ref_thread_default ();
  self->task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (self->task, lumina_job_run_async);
  g_task_set_name (self->task, self->title);
  self->func = func;
  self->task_data = task_data;
  self->task_data_free = task_data_free;
  self->result_free = result_free;

  lumina_worker_pool_push (pool, worker, g_object_ref (self));
}

/**
 * lumina_job_run_finish:
 * Returns: (transfer full) (nullable): the result of the job's function
 */
gpointer
lumina_job_run_finish (LuminaJob     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (LUMINA_IS_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
