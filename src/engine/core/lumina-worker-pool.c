/* lumina-worker-pool.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A named pool of threads for one kind of work, with a fixed limit.
 */
#define G_LOG_DOMAIN "lumina-worker-pool"

#include "config.h"

#include "lumina-worker-pool.h"

struct _LuminaWorkerPool
{
  GObject      parent_instance;

  char        *name;
  GThreadPool *pool;
};

typedef struct
{
  LuminaWorkFunc func;
  gpointer       data;
} WorkItem;

G_DEFINE_FINAL_TYPE (LuminaWorkerPool, lumina_worker_pool, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_THREADS,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
run_item (gpointer data,
          gpointer user_data)
{
  WorkItem *item = data;

  item->func (item->data);
  g_free (item);
}

static void
lumina_worker_pool_finalize (GObject *object)
{
  LuminaWorkerPool *self = (LuminaWorkerPool *)object;

  /* Waits for queued work: it holds copies and must run to its callbacks. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (lumina_worker_pool_parent_class)->finalize (object);
}

static void
lumina_worker_pool_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LuminaWorkerPool *self = LUMINA_WORKER_POOL (object);

  switch (prop_id)
    {
    case PROP_MAX_THREADS:
      g_value_set_uint (value, lumina_worker_pool_get_max_threads (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_worker_pool_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LuminaWorkerPool *self = LUMINA_WORKER_POOL (object);

  switch (prop_id)
    {
    case PROP_MAX_THREADS:
      lumina_worker_pool_set_max_threads (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_worker_pool_class_init (LuminaWorkerPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lumina_worker_pool_finalize;
  object_class->get_property = lumina_worker_pool_get_property;
  object_class->set_property = lumina_worker_pool_set_property;

  properties[PROP_MAX_THREADS] =
    g_param_spec_uint ("max-threads", NULL, NULL, 1, 1024, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lumina_worker_pool_init (LuminaWorkerPool *self)
{
}

/**
 * lumina_worker_pool_new:
 * @name: what the pool is for, e.g. "training"
 * @max_threads: the most threads running at once; 0 for one per CPU core
 */
LuminaWorkerPool *
lumina_worker_pool_new (const char *name,
                        guint       max_threads)
{
  LuminaWorkerPool *self;

  g_return_val_if_fail (name != NULL, NULL);

  if (max_threads == 0)
    max_threads = g_get_num_processors ();

  self = g_object_new (LUMINA_TYPE_WORKER_POOL, NULL);
  self->name = g_strdup (name);
  self->pool = g_thread_pool_new (run_item, self, max_threads, FALSE, NULL);

  return self;
}

/**
 * lumina_worker_pool_get_default:
 * Returns: (transfer none): the process-wide "jobs" pool, one thread per core
 */
LuminaWorkerPool *
lumina_worker_pool_get_default (void)
{
  static LuminaWorkerPool *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, lumina_worker_pool_new ("jobs", 0));

  return instance;
}

const char *
lumina_worker_pool_get_name (LuminaWorkerPool *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKER_POOL (self), NULL);

  return self->name;
}

guint
lumina_worker_pool_get_max_threads (LuminaWorkerPool *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKER_POOL (self), 0);

  return (guint) g_thread_pool_get_max_threads (self->pool);
}

/**
 * lumina_worker_pool_set_max_threads:
 * @max_threads: the new limit; 0 for one per CPU core
 */
void
lumina_worker_pool_set_max_threads (LuminaWorkerPool *self,
                                    guint             max_threads)
{
  g_return_if_fail (LUMINA_IS_WORKER_POOL (self));

  if (max_threads == 0)
    max_threads = g_get_num_processors ();

  if (max_threads == lumina_worker_pool_get_max_threads (self))
    return;

  g_thread_pool_set_max_threads (self->pool, (int) max_threads, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_THREADS]);
}

/**
 * lumina_worker_pool_push:
 * Queues @func to run on one of the pool's threads.  Thread-safe.
 */
void
lumina_worker_pool_push (LuminaWorkerPool *self,
                         LuminaWorkFunc    func,
                         gpointer          data)
{
  WorkItem *item;

  g_return_if_fail (LUMINA_IS_WORKER_POOL (self));
  g_return_if_fail (func != NULL);

  item = g_new0 (WorkItem, 1);
  item->func = func;
  item->data = data;

  g_thread_pool_push (self->pool, item, NULL);
}
