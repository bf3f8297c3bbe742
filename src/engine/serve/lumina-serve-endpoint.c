/* lumina-serve-endpoint.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Endpoints of the model server: their sources, the resolver poll and hot
 * swaps, canary and shadow challengers, and dispatching requests to the
 * worker pool with micro-batching.
 *
 * Everything here runs on the server's main context, which is what makes a
 * swap atomic: a request takes a reference on the handle current when it
 * arrives, and a swap only replaces the endpoint's pointer, so requests in
 * flight finish on the version they started with.
 *
 * Micro-batching: with a window, requests for the same handle wait in its
 * pending list until the window (from the first) has passed or max-batch
 * requests are waiting; the list then goes to a worker as one job, so one
 * predict call serves them all.  No worker ever sleeps on a window.
 */
#define G_LOG_DOMAIN "lumina-serve-endpoint"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-serve-private.h"
#include "lumina-util.h"

void
_serve_endpoint_free (ServeEndpoint *endpoint)
{
  g_clear_pointer (&endpoint->primary, serve_handle_unref);
  g_clear_pointer (&endpoint->challenger, serve_handle_unref);
  g_free (endpoint->name);
  g_free (endpoint->path);
  g_free (endpoint->ref);
  g_free (endpoint->challenger_path);
  g_free (endpoint->challenger_ref);
  g_free (endpoint);
}

/* The version a source points at now: a bundle is version 1; a reference
 * asks the resolver. */
static ServeHandle *
load_source (LuminaModelServer  *self,
             const char         *endpoint,
             const char         *path,
             const char         *ref,
             ServeVariant        variant,
             GError            **error)
{
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  guint version = 1;
  ServeHandle *handle;

  if (ref != NULL)
    {
      if (self->resolve == NULL)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                       "No resolver is set to resolve “%s”", ref);
          return NULL;
        }
      if (!self->resolve (self->resolve_data, ref, &name, &version, &bundle, error))
        return NULL;
      path = bundle;
    }

  if (!(handle = serve_handle_load (endpoint, name, version, path, error)))
    return NULL;
  handle->variant = variant;
  handle->stats = _lumina_model_server_get_stats (self, handle);
  return handle;
}

static gboolean
add_endpoint (LuminaModelServer  *self,
              const char         *name,
              const char         *path,
              const char         *ref,
              GError            **error)
{
  ServeEndpoint *endpoint;
  ServeHandle *handle;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), FALSE);
  g_return_val_if_fail (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL, FALSE);

  if (g_hash_table_contains (self->endpoints, name))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS, "An endpoint named “%s” exists", name);
      return FALSE;
    }
  if (!(handle = load_source (self, name, path, ref, SERVE_VARIANT_PRIMARY, error)))
    return FALSE;

  endpoint = g_new0 (ServeEndpoint, 1);
  endpoint->name = g_strdup (name);
  endpoint->order = self->next_order++;
  endpoint->path = g_strdup (path);
  endpoint->ref = g_strdup (ref);
  endpoint->primary = handle;
  g_hash_table_insert (self->endpoints, endpoint->name, endpoint);
  return TRUE;
}

/**
 * lumina_model_server_add_bundle:
 * @name: the endpoint's name (no '/')
 *
 * Serves the bundle at @bundle_path as version 1 of @name.  Loads it on
 * the calling thread.
 */
gboolean
lumina_model_server_add_bundle (LuminaModelServer  *self,
                                const char         *name,
                                const char         *bundle_path,
                                GError            **error)
{
  g_return_val_if_fail (bundle_path != NULL, FALSE);

  return add_endpoint (self, name, bundle_path, NULL, error);
}

/**
 * lumina_model_server_add_ref:
 *
 * Serves what the resolver says @ref points at, and follows it: every
 * poll interval the resolver is asked again, and a new version is loaded
 * in a worker thread and swapped in.
 */
gboolean
lumina_model_server_add_ref (LuminaModelServer  *self,
                             const char         *name,
                             const char         *ref,
                             GError            **error)
{
  g_return_val_if_fail (ref != NULL, FALSE);

  return add_endpoint (self, name, NULL, ref, error);
}

gboolean
lumina_model_server_remove (LuminaModelServer *self,
                            const char        *name)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), FALSE);

  return g_hash_table_remove (self->endpoints, name);
}

/**
 * lumina_model_server_list_endpoints:
 * Returns: (transfer full): endpoint names in the order they were added
 */
char **
lumina_model_server_list_endpoints (LuminaModelServer *self)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  g_ptr_array_set_size (names, g_hash_table_size (self->endpoints));
  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ServeEndpoint *endpoint = value;
      guint before = 0;
      GHashTableIter other;
      gpointer o;

      g_hash_table_iter_init (&other, self->endpoints);
      while (g_hash_table_iter_next (&other, NULL, &o))
        before += ((ServeEndpoint *) o)->order < endpoint->order;
      g_ptr_array_index (names, before) = g_strdup (endpoint->name);
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

ServeEndpoint *
_lumina_model_server_default_endpoint (LuminaModelServer *self)
{
  ServeEndpoint *best = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (best == NULL || ((ServeEndpoint *) value)->order < best->order)
      best = value;
  return best;
}

/**
 * lumina_model_server_set_challenger:
 * @bundle_path: (nullable): the challenger's bundle, or
 * @ref: (nullable): a reference to resolve (and follow) instead
 * @canary_percent: for %LUMINA_SERVE_CHALLENGER_CANARY, the share of
 *   requests the challenger answers (0 to 100); every n-th request by a
 *   counter, so the share is exact over any run of requests
 */
gboolean
lumina_model_server_set_challenger (LuminaModelServer          *self,
                                    const char                 *name,
                                    const char                 *bundle_path,
                                    const char                 *ref,
                                    LuminaServeChallengerMode   mode,
                                    double                      canary_percent,
                                    GError                    **error)
{
  ServeEndpoint *endpoint;
  ServeHandle *handle;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), FALSE);
  g_return_val_if_fail ((bundle_path == NULL) != (ref == NULL), FALSE);
  g_return_val_if_fail (canary_percent >= 0 && canary_percent <= 100, FALSE);

  if (!(endpoint = g_hash_table_lookup (self->endpoints, name)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "No endpoint named “%s”", name);
      return FALSE;
    }
  handle = load_source (self, name, bundle_path, ref,
                        mode == LUMINA_SERVE_CHALLENGER_SHADOW ? SERVE_VARIANT_SHADOW : SERVE_VARIANT_CHALLENGER,
                        error);
  if (handle == NULL)
    return FALSE;

  g_clear_pointer (&endpoint->challenger, serve_handle_unref);
  endpoint->challenger = handle;
  lumina_set_str (&endpoint->challenger_path, bundle_path);
  lumina_set_str (&endpoint->challenger_ref, ref);
  endpoint->mode = mode;
  endpoint->canary_bp = (guint) lround (canary_percent * 100);
  endpoint->counter = 0;
  return TRUE;
}

void
lumina_model_server_clear_challenger (LuminaModelServer *self,
                                      const char        *name)
{
  ServeEndpoint *endpoint;

  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));

  if (!(endpoint = g_hash_table_lookup (self->endpoints, name)))
    return;
  g_clear_pointer (&endpoint->challenger, serve_handle_unref);
  g_clear_pointer (&endpoint->challenger_path, g_free);
  g_clear_pointer (&endpoint->challenger_ref, g_free);
}

/* ---- hot swaps ---- */

typedef struct
{
  LuminaModelServer *self;
  char              *endpoint;
  gboolean           challenger;
  char              *ref;
  char              *name;
  guint              version;
  char              *bundle;
  ServeVariant       variant;
} SwapData;

static void
swap_data_free (SwapData *data)
{
  g_free (data->endpoint);
  g_free (data->ref);
  g_free (data->name);
  g_free (data->bundle);
  g_free (data);
}

static void
swap_load_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SwapData *data = task_data;
  GError *error = NULL;
  ServeHandle *handle = serve_handle_load (data->endpoint, data->name, data->version, data->bundle, &error);

  if (handle == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, handle, (GDestroyNotify) serve_handle_unref);
}

static void
swap_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (source);
  SwapData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ServeHandle *handle = g_task_propagate_pointer (G_TASK (result), &error);
  ServeEndpoint *endpoint = g_hash_table_lookup (self->endpoints, data->endpoint);
  ServeHandle **slot;

  if (endpoint != NULL)
    endpoint->loading--;
  if (handle == NULL)
    {
      self->swap_failures++;
      g_warning ("Could not load version %u of %s for %s: %s", data->version, data->name,
                 data->endpoint, error->message);
      return;
    }
  slot = endpoint == NULL ? NULL : data->challenger ? &endpoint->challenger : &endpoint->primary;
  /* The source may have changed while loading. */
  if (slot == NULL || *slot == NULL ||
      g_strcmp0 (data->challenger ? endpoint->challenger_ref : endpoint->ref, data->ref) != 0)
    {
      serve_handle_unref (handle);
      return;
    }

  handle->variant = data->variant;
  handle->stats = _lumina_model_server_get_stats (self, handle);
  g_debug ("%s: version %u replaces %u", data->endpoint, handle->version, (*slot)->version);
  serve_handle_unref (*slot);
  *slot = handle;
  self->swaps++;
  if (!data->challenger)
    _lumina_model_server_emit_swapped (self, data->endpoint, handle->version);
}

static void
poll_source (LuminaModelServer *self,
             ServeEndpoint     *endpoint,
             gboolean           challenger)
{
  ServeHandle *current = challenger ? endpoint->challenger : endpoint->primary;
  const char *ref = challenger ? endpoint->challenger_ref : endpoint->ref;
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SwapData *data;
  guint version = 0;

  if (ref == NULL || current == NULL)
    return;
  if (!self->resolve (self->resolve_data, ref, &name, &version, &bundle, &error))
    {
      g_debug ("Could not resolve %s: %s", ref, error->message);
      return;
    }
  if (version == current->version && g_strcmp0 (bundle, current->bundle_path) == 0)
    return;

  data = g_new0 (SwapData, 1);
  data->self = self;
  data->endpoint = g_strdup (endpoint->name);
  data->challenger = challenger;
  data->ref = g_strdup (ref);
  data->name = g_steal_pointer (&name);
  data->version = version;
  data->bundle = g_steal_pointer (&bundle);
  data->variant = current->variant;
  endpoint->loading++;

  task = g_task_new (self, NULL, swap_loaded_cb, NULL);
  g_task_set_source_tag (task, poll_source);
  g_task_set_task_data (task, data, (GDestroyNotify) swap_data_free);
  g_task_run_in_thread (task, swap_load_thread);
}

/* Asks the resolver about every followed reference; loads what moved. */
gboolean
_lumina_model_server_poll (gpointer user_data)
{
  LuminaModelServer *self = user_data;
  GHashTableIter iter;
  gpointer value;

  if (self->resolve == NULL || self->draining)
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ServeEndpoint *endpoint = value;

      if (endpoint->loading > 0)
        continue;
      poll_source (self, endpoint, FALSE);
      poll_source (self, endpoint, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

/**
 * lumina_model_server_poll_now:
 * Polls the resolver at once instead of waiting for the interval.
 *
 * Returns: %TRUE when a swap is being loaded
 */
gboolean
lumina_model_server_poll_now (LuminaModelServer *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean loading = FALSE;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), FALSE);

  _lumina_model_server_poll (self);
  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    loading |= ((ServeEndpoint *) value)->loading > 0;
  return loading;
}

/* ---- dispatch and micro-batching ---- */

static void
run_jobs (gpointer data)
{
  GPtrArray *jobs = data;
  ServeJob *first = g_ptr_array_index (jobs, 0);

  serve_jobs_run (jobs, first->server->pool);
}

static void
flush_handle (LuminaModelServer *self,
              ServeHandle       *handle)
{
  GPtrArray *jobs;

  if (handle->batch_source != NULL)
    {
      g_source_destroy (handle->batch_source);
      g_clear_pointer (&handle->batch_source, g_source_unref);
    }
  if (handle->pending->len == 0)
    return;
  jobs = handle->pending;
  handle->pending = g_ptr_array_new ();
  lumina_worker_pool_push (self->pool, run_jobs, jobs);
}

typedef struct
{
  LuminaModelServer *self;
  ServeHandle       *handle;
} BatchTimer;

static gboolean
batch_timer_cb (gpointer user_data)
{
  BatchTimer *timer = user_data;

  g_clear_pointer (&timer->handle->batch_source, g_source_unref);
  flush_handle (timer->self, timer->handle);
  return G_SOURCE_REMOVE;
}

static void
batch_timer_free (gpointer data)
{
  BatchTimer *timer = data;

  serve_handle_unref (timer->handle);
  g_free (timer);
}

static gboolean
ready_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

/* A source that fires at its ready time: finer than a timeout's milliseconds. */
static GSourceFuncs ready_funcs = { NULL, NULL, ready_dispatch, NULL, NULL, NULL };

static void
start_batch_timer (LuminaModelServer *self,
                   ServeHandle       *handle)
{
  BatchTimer *timer = g_new0 (BatchTimer, 1);
  GSource *source = g_source_new (&ready_funcs, sizeof (GSource));

  timer->self = self;
  timer->handle = serve_handle_ref (handle);
  g_source_set_ready_time (source, g_get_monotonic_time () + self->batch_window_us);
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, batch_timer_cb, timer, batch_timer_free);
  g_source_attach (source, self->context);
  handle->batch_source = source;
}

static void
flush_endpoint (LuminaModelServer *self,
                ServeEndpoint     *endpoint)
{
  if (endpoint->primary != NULL)
    flush_handle (self, endpoint->primary);
  if (endpoint->challenger != NULL)
    flush_handle (self, endpoint->challenger);
}

/* Sends every waiting batch to the workers (before a drain). */
void
_lumina_model_server_flush_batches (LuminaModelServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    flush_endpoint (self, value);
}

static ServeHandle *
choose_handle (ServeEndpoint *endpoint)
{
  guint64 n;

  if (endpoint->challenger == NULL || endpoint->mode != LUMINA_SERVE_CHALLENGER_CANARY)
    return endpoint->primary;
  /* Request n goes to the challenger when floor(n·share) steps up. */
  n = endpoint->counter++;
  if (((n + 1) * endpoint->canary_bp) / 10000 > (n * endpoint->canary_bp) / 10000)
    return endpoint->challenger;
  return endpoint->primary;
}

/**
 * _lumina_model_server_dispatch:
 * @forced: (nullable): the version the request named, else chosen here
 *
 * Pauses @msg and queues it; the answer comes from the worker.
 */
void
_lumina_model_server_dispatch (LuminaModelServer *self,
                               ServeEndpoint     *endpoint,
                               ServeHandle       *forced,
                               SoupServerMessage *msg,
                               ServeBodyKind      kind)
{
  ServeHandle *handle = forced != NULL ? forced : choose_handle (endpoint);
  ServeJob *job = serve_job_new (self, msg, handle, kind, g_get_monotonic_time ());

  if (handle == endpoint->primary && endpoint->challenger != NULL &&
      endpoint->mode == LUMINA_SERVE_CHALLENGER_SHADOW)
    job->shadow = serve_handle_ref (endpoint->challenger);

  soup_server_message_pause (msg);
  self->in_flight++;
  serve_stats_add_in_flight (handle->stats, 1);

  g_ptr_array_add (handle->pending, job);
  if (self->batch_window_us <= 0 || handle->pending->len >= self->max_batch)
    flush_handle (self, handle);
  else if (handle->batch_source == NULL)
    start_batch_timer (self, handle);
}
