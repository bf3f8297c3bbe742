/* lumina-model-server.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LuminaModelServer: one SoupServer serving any number of model endpoints
 * (lumina-serve-endpoint.c) over the Open Inference Protocol v2 and
 * MLflow's /invocations (lumina-serve-routes.c).  Inference runs on a
 * private worker pool whose size is the number of replicas and can change
 * at any time; finished requests come back to the main context through
 * one idle source per burst, where they are answered, counted and
 * sampled for capture.
 */
#define G_LOG_DOMAIN "lumina-model-server"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-serve-private.h"
#include "lumina-workspace.h"

G_DEFINE_FINAL_TYPE (LuminaModelServer, lumina_model_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_WORKERS,
  PROP_BATCH_WINDOW_MS,
  PROP_MAX_BATCH,
  PROP_BODY_LIMIT,
  PROP_CAPTURE_RATE,
  PROP_CAPTURE_CAP,
  PROP_POLL_INTERVAL_MS,
  PROP_READ_TIMEOUT_S,
  PROP_STATS_WINDOW_S,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MODEL_SWAPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define CAPTURE_QUEUE_SIZE 10000

static void
lumina_model_server_dispose (GObject *object)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  if (self->reading != NULL)
    _lumina_model_server_forget_reading (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->endpoints != NULL)
    {
      _lumina_model_server_flush_batches (self);
      g_hash_table_remove_all (self->endpoints);
    }

  G_OBJECT_CLASS (lumina_model_server_parent_class)->dispose (object);
}

static void
lumina_model_server_finalize (GObject *object)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (object);

  /* Waits for shadow work, which reads the stats below. */
  g_clear_object (&self->pool);
  g_clear_pointer (&self->capture, serve_capture_free);
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  g_clear_pointer (&self->stats_by_key, g_hash_table_unref);
  g_clear_pointer (&self->stats, g_ptr_array_unref);
  g_clear_pointer (&self->reading, g_hash_table_unref);
  g_clear_pointer (&self->responding, g_hash_table_unref);
  g_clear_pointer (&self->done, g_ptr_array_unref);
  g_mutex_clear (&self->done_lock);
  if (self->resolve_destroy != NULL)
    self->resolve_destroy (self->resolve_data);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->host);

  G_OBJECT_CLASS (lumina_model_server_parent_class)->finalize (object);
}

static void
lumina_model_server_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE: g_value_set_object (value, self->workspace); break;
    case PROP_WORKERS: g_value_set_uint (value, self->workers); break;
    case PROP_BATCH_WINDOW_MS: g_value_set_double (value, lumina_model_server_get_batch_window_ms (self)); break;
    case PROP_MAX_BATCH: g_value_set_uint (value, self->max_batch); break;
    case PROP_BODY_LIMIT: g_value_set_uint64 (value, self->body_limit); break;
    case PROP_CAPTURE_RATE: g_value_set_double (value, self->capture_rate); break;
    case PROP_CAPTURE_CAP: g_value_set_uint (value, self->capture_cap); break;
    case PROP_POLL_INTERVAL_MS: g_value_set_uint (value, self->poll_interval_ms); break;
    case PROP_READ_TIMEOUT_S: g_value_set_uint (value, self->read_timeout_s); break;
    case PROP_STATS_WINDOW_S: g_value_set_uint (value, self->stats_window_s); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_model_server_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE: self->workspace = g_value_dup_object (value); break;
    case PROP_WORKERS: lumina_model_server_set_workers (self, g_value_get_uint (value)); break;
    case PROP_BATCH_WINDOW_MS: lumina_model_server_set_batch_window_ms (self, g_value_get_double (value)); break;
    case PROP_MAX_BATCH: lumina_model_server_set_max_batch (self, g_value_get_uint (value)); break;
    case PROP_BODY_LIMIT: lumina_model_server_set_body_limit (self, g_value_get_uint64 (value)); break;
    case PROP_CAPTURE_RATE: lumina_model_server_set_capture_rate (self, g_value_get_double (value)); break;
    case PROP_CAPTURE_CAP: lumina_model_server_set_capture_cap (self, g_value_get_uint (value)); break;
    case PROP_POLL_INTERVAL_MS: lumina_model_server_set_poll_interval_ms (self, g_value_get_uint (value)); break;
    case PROP_READ_TIMEOUT_S: lumina_model_server_set_read_timeout_s (self, g_value_get_uint (value)); break;
    case PROP_STATS_WINDOW_S: lumina_model_server_set_stats_window_s (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_model_server_constructed (GObject *object)
{
  LuminaModelServer *self = LUMINA_MODEL_SERVER (object);

  G_OBJECT_CLASS (lumina_model_server_parent_class)->constructed (object);

  self->soup = soup_server_new ("server-header", "LuminaOps/" PACKAGE_VERSION " ", NULL);
  _lumina_model_server_setup_routes (self);
  if (self->workspace != NULL)
    {
      self->capture = serve_capture_new (self->workspace, CAPTURE_QUEUE_SIZE);
      serve_capture_set_cap (self->capture, self->capture_cap);
    }
}

#define UINT_PROP(id, name, min, max, def) \
  properties[id] = g_param_spec_uint (name, NULL, NULL, min, max, def, \
                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lumina_model_server_class_init (LuminaModelServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_model_server_dispose;
  object_class->finalize = lumina_model_server_finalize;
  object_class->get_property = lumina_model_server_get_property;
  object_class->set_property = lumina_model_server_set_property;
  object_class->constructed = lumina_model_server_constructed;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, LUMINA_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  UINT_PROP (PROP_WORKERS, "workers", 1, 256, 2);
  properties[PROP_BATCH_WINDOW_MS] =
    g_param_spec_double ("batch-window-ms", NULL, NULL, 0, 1000, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  UINT_PROP (PROP_MAX_BATCH, "max-batch", 1, 65536, 64);
  properties[PROP_BODY_LIMIT] =
    g_param_spec_uint64 ("body-limit", NULL, NULL, 1, G_MAXUINT64, 16 << 20,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTURE_RATE] =
    g_param_spec_double ("capture-rate", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  UINT_PROP (PROP_CAPTURE_CAP, "capture-cap", 1, G_MAXUINT, 100000);
  UINT_PROP (PROP_POLL_INTERVAL_MS, "poll-interval-ms", 10, G_MAXUINT, 1000);
  UINT_PROP (PROP_READ_TIMEOUT_S, "read-timeout-s", 1, 3600, 30);
  UINT_PROP (PROP_STATS_WINDOW_S, "stats-window-s", 1, SERVE_STATS_SLOTS - 1, 10);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LuminaModelServer::model-swapped:
   * @endpoint: the endpoint whose model changed
   * @version: the version now serving
   *
   * A followed reference moved and its new version took over.
   */
  signals[MODEL_SWAPPED] =
    g_signal_new ("model-swapped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

void
_lumina_model_server_emit_swapped (LuminaModelServer *self,
                                   const char        *endpoint,
                                   guint              version)
{
  g_signal_emit (self, signals[MODEL_SWAPPED], 0, endpoint, version);
}

static void
lumina_model_server_init (LuminaModelServer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->workers = 2;
  self->max_batch = 64;
  self->body_limit = 16 << 20;
  self->capture_cap = 100000;
  self->poll_interval_ms = 1000;
  self->read_timeout_s = 30;
  self->stats_window_s = 10;
  self->pool = lumina_worker_pool_new ("serve", self->workers);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _serve_endpoint_free);
  self->stats = g_ptr_array_new_with_free_func ((GDestroyNotify) serve_stats_free);
  self->stats_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reading = g_hash_table_new (NULL, NULL);
  self->responding = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->done = g_ptr_array_new ();
  g_mutex_init (&self->done_lock);
}

/**
 * lumina_model_server_new:
 * @workspace: (nullable): where captured requests go; without one, nothing is captured
 *
 * The server lives on the thread-default main context of the caller.
 */
LuminaModelServer *
lumina_model_server_new (LuminaWorkspace *workspace)
{
  g_return_val_if_fail (workspace == NULL || LUMINA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (LUMINA_TYPE_MODEL_SERVER, "workspace", workspace, NULL);
}

LuminaWorkspace *
lumina_model_server_get_workspace (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  return self->workspace;
}

/**
 * lumina_model_server_set_resolver:
 * @func: (nullable): resolves references (see #LuminaServeResolveFunc)
 */
void
lumina_model_server_set_resolver (LuminaModelServer      *self,
                                  LuminaServeResolveFunc  func,
                                  gpointer                user_data,
                                  GDestroyNotify          destroy)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));

  if (self->resolve_destroy != NULL)
    self->resolve_destroy (self->resolve_data);
  self->resolve = func;
  self->resolve_data = user_data;
  self->resolve_destroy = destroy;
}

ServeStats *
_lumina_model_server_get_stats (LuminaModelServer *self,
                                ServeHandle       *handle)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%u\x1f%s", handle->endpoint, handle->version,
                                          serve_variant_name (handle->variant));
  ServeStats *stats = g_hash_table_lookup (self->stats_by_key, key);

  if (stats == NULL)
    {
      stats = serve_stats_new (handle->endpoint, handle->name, handle->version, handle->variant);
      g_ptr_array_add (self->stats, stats);
      g_hash_table_insert (self->stats_by_key, g_steal_pointer (&key), stats);
    }
  return stats;
}

/* @body: (transfer full) */
void
_lumina_model_server_respond (SoupServerMessage *msg,
                              guint              status,
                              const char        *content_type,
                              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
_lumina_model_server_respond_error (SoupServerMessage *msg,
                                    guint              status,
                                    const char        *message)
{
  _lumina_model_server_respond (msg, status, "application/json", sj_error_body (message));
}

/* ---- answering finished requests ---- */

static void finish_stop (LuminaModelServer *self,
                         gboolean           timed_out);

static gboolean
sample_capture (LuminaModelServer *self)
{
  guint64 n = self->capture_seen++;

  /* Request n is kept when floor(n·rate) steps up: the rate, exactly. */
  return (guint64) ((n + 1) * self->capture_rate) > (guint64) (n * self->capture_rate);
}

/* A header value we can send back as it is: printable ASCII, not too long. */
static gboolean
is_request_id (const char *id)
{
  gsize len = 0;

  if (id == NULL || id[0] == '\0')
    return FALSE;
  for (; id[len] != '\0'; len++)
    if (len >= 128 || !g_ascii_isprint (id[len]))
      return FALSE;
  return TRUE;
}

/* Every answer carries an X-Request-Id: the OIP request's "id", else the
 * client's own X-Request-Id, else a fresh UUID.  Captured rows keep it,
 * so delayed labels can be joined to predictions (lumina-feedback.c). */
static char *
dup_request_id (ServeJob *job)
{
  const char *header;

  if (is_request_id (job->info.id))
    return g_strdup (job->info.id);
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (job->msg), "X-Request-Id");
  if (is_request_id (header))
    return g_strdup (header);
  return g_uuid_string_random ();
}

static void
answer (LuminaModelServer *self,
        ServeJob          *job,
        gint64             now)
{
  ServeHandle *handle = job->handle;
  gint64 latency = now - job->start_us;
  gsize len = job->response->len;
  g_autofree char *request_id = dup_request_id (job);

  soup_message_headers_replace (soup_server_message_get_response_headers (job->msg), "X-Request-Id", request_id);
  soup_server_message_set_status (job->msg, job->status, NULL);
  soup_server_message_set_response (job->msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&job->response), FALSE), len);
  soup_server_message_unpause (job->msg);
  if (self->draining)
    g_hash_table_add (self->responding, g_object_ref (job->msg));

  self->in_flight--;
  serve_stats_add_in_flight (handle->stats, -1);
  serve_stats_record (handle->stats, now, latency, job->status != 200);
  if (job->batch_rows > 0)
    serve_stats_record_batch (handle->stats, job->batch_rows);
  if (job->status == 200 && self->capture != NULL && self->capture_rate > 0 && job->n_rows > 0 &&
      sample_capture (self))
    serve_capture_push (self->capture, handle, job->frame, job->row_offset, job->n_rows, job->pred, latency,
                        request_id);
}

static gboolean
drain_done_cb (gpointer data)
{
  LuminaModelServer *self = data;
  g_autoptr(GPtrArray) batches = NULL;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->done_lock);
  batches = g_steal_pointer (&self->done);
  self->done = g_ptr_array_new ();
  self->done_queued = FALSE;
  g_mutex_unlock (&self->done_lock);

  /* Keep the server alive while its last jobs drop their references. */
  g_object_ref (self);
  for (guint b = 0; b < batches->len; b++)
    {
      GPtrArray *jobs = g_ptr_array_index (batches, b);

      for (guint i = 0; i < jobs->len; i++)
        {
          answer (self, g_ptr_array_index (jobs, i), now);
          serve_job_free (g_ptr_array_index (jobs, i));
        }
      g_ptr_array_unref (jobs);
    }
  if (self->stop_task != NULL && !self->closing && self->in_flight == 0)
    finish_stop (self, FALSE);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Any thread: queues @jobs (transfer full) to be answered on the main
 * context, waking it at most once per burst. */
void
_lumina_model_server_complete (LuminaModelServer *self,
                               GPtrArray         *jobs)
{
  gboolean wake;

  g_mutex_lock (&self->done_lock);
  g_ptr_array_add (self->done, jobs);
  wake = !self->done_queued;
  self->done_queued = TRUE;
  g_mutex_unlock (&self->done_lock);

  if (wake)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_done_cb, self, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/* ---- listening and stopping ---- */

gboolean
lumina_model_server_listen (LuminaModelServer  *self,
                            const char         *host,
                            guint               port,
                            GError            **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  if (host == NULL)
    host = "127.0.0.1";
  if (!(address = g_inet_address_new_from_string (host)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG, "“%s” is not an IP address", host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, port);
  /* Our own socket for a deep accept queue: with GLib's default of 10, a
   * burst of new connections overflows it and clients see resets. */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 4096);
  if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  if (self->listening_us == 0)
    self->listening_us = g_get_monotonic_time ();
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_free (self->host);
  self->host = g_strdup (host);

  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (self->poll_interval_ms, _lumina_model_server_poll, self);
  if (self->sweep_id == 0)
    self->sweep_id = g_timeout_add_seconds (1, _lumina_model_server_sweep, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

guint
lumina_model_server_get_port (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->port;
}

/**
 * lumina_model_server_dup_url:
 * Returns: (transfer full) (nullable): "http://HOST:PORT", once listening
 */
char *
lumina_model_server_dup_url (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;
  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u", self->host, self->port);
  return g_strdup_printf ("http://%s:%u", self->host, self->port);
}

/* The last step of a drain: every answer has been written (or the wait
 * timed out), so the connections can go. */
void
_lumina_model_server_close (LuminaModelServer *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->stop_task);

  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  g_hash_table_remove_all (self->responding);
  soup_server_disconnect (self->soup);
  if (self->capture != NULL)
    serve_capture_flush (self->capture);

  if (self->drain_left > 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                             "%u requests were still running when the drain timed out", self->drain_left);
  else
    g_task_return_boolean (task, TRUE);
}

gboolean
_lumina_model_server_stop_timeout (gpointer data)
{
  LuminaModelServer *self = data;

  self->stop_timeout_id = 0;
  if (!self->closing)
    finish_stop (self, TRUE);
  else
    _lumina_model_server_close (self);
  return G_SOURCE_REMOVE;
}

/* Every request has been answered (or the drain timed out); waits for the
 * answers to be written, a little, before closing. */
static void
finish_stop (LuminaModelServer *self,
             gboolean           timed_out)
{
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  self->drain_left = timed_out ? self->in_flight : 0;
  self->closing = TRUE;
  if (timed_out || g_hash_table_size (self->responding) == 0)
    {
      _lumina_model_server_close (self);
      return;
    }
  self->stop_timeout_id = g_timeout_add (2000, _lumina_model_server_stop_timeout, self);
}

/**
 * lumina_model_server_stop_async:
 * @timeout_ms: how long to wait for requests in flight (0: no limit)
 *
 * Drains the server: new requests are answered 503 (with the connection
 * closed), requests in flight finish and are answered, then the server
 * stops listening and drops its connections.  Fails with
 * %G_IO_ERROR_TIMED_OUT when requests were still running at the timeout
 * (the server is stopped all the same).
 */
void
lumina_model_server_stop_async (LuminaModelServer   *self,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_model_server_stop_async);
  if (self->stop_task != NULL)
    {
      g_task_return_new_error (task, LUMINA_ERROR, LUMINA_ERROR_BUSY, "The server is already stopping");
      return;
    }

  self->draining = TRUE;
  self->closing = FALSE;
  self->stop_task = g_steal_pointer (&task);
  _lumina_model_server_flush_batches (self);
  if (self->in_flight == 0)
    {
      finish_stop (self, FALSE);
      return;
    }
  if (timeout_ms > 0)
    self->stop_timeout_id = g_timeout_add (timeout_ms, _lumina_model_server_stop_timeout, self);
}

gboolean
lumina_model_server_stop_finish (LuminaModelServer  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
