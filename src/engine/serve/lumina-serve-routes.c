/* lumina-serve-routes.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model server's HTTP surface, on the main context.
 *
 *   GET  /v2/health/live, /v2/health/ready, /v2           Open Inference Protocol v2
 *   GET  /v2/models/NAME[/versions/V][/ready]
 *   POST /v2/models/NAME[/versions/V]/infer
 *   POST /invocations                                     MLflow scoring: the model is
 *        /v2/models/NAME[/versions/V]/invocations         named by the path, by ?model=NAME
 *                                                         or a Lumina-Model header, else the
 *                                                         first endpoint added
 *   GET  /ping, /health, /version                         MLflow health checks
 *   GET  /metrics                                         Prometheus text format
 *
 * Bodies over the limit get 413 before they are read: the early handler
 * checks Content-Length, takes the connection from libsoup, answers and
 * closes it after discarding at most body-limit more bytes (so a client
 * that writes its whole body before reading still sees the answer when
 * it is not far over).  With "Expect: 100-continue" the body is never
 * sent.  Chunked bodies are counted as they arrive and stop being kept
 * once over the limit.  A request whose headers and body have not arrived
 * within read-timeout-s has its connection shut (slow clients cannot pin
 * connections forever; libsoup reads them all on the main loop without
 * blocking it).
 */
#define G_LOG_DOMAIN "lumina-serve-routes"

#include "config.h"

#include <string.h>

#include "lumina-serve-private.h"

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              char              *body)
{
  _lumina_model_server_respond (msg, status, "application/json", body);
}

static gboolean
is_get (LuminaModelServer *self,
        SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
    return TRUE;
  self->unrouted[SERVE_UNROUTED_METHOD]++;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
  _lumina_model_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use GET here");
  return FALSE;
}

static gboolean
is_post (LuminaModelServer *self,
         SoupServerMessage *msg)
{
  if (soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    return TRUE;
  self->unrouted[SERVE_UNROUTED_METHOD]++;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
  _lumina_model_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Use POST here");
  return FALSE;
}

static void
not_found (LuminaModelServer *self,
           SoupServerMessage *msg,
           const char        *message)
{
  self->unrouted[SERVE_UNROUTED_NOT_FOUND]++;
  _lumina_model_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, message);
}

static gboolean
all_ready (LuminaModelServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((ServeEndpoint *) value)->primary == NULL)
      return FALSE;
  return g_hash_table_size (self->endpoints) > 0 && !self->draining;
}

/* The MLflow body kind from Content-Type; FALSE for 415. */
static gboolean
invocation_kind (SoupServerMessage *msg,
                 ServeBodyKind     *kind)
{
  g_autoptr(GHashTable) params = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, &params);
  GHashTableIter iter;
  gpointer key, value;

  *kind = SERVE_BODY_MLFLOW_JSON;
  if (type == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (type, "text/csv") == 0)
    *kind = SERVE_BODY_MLFLOW_CSV;
  else if (g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;
  if (params == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, "charset") != 0 || value == NULL ||
        (g_ascii_strcasecmp (value, "utf-8") != 0 && g_ascii_strcasecmp (value, "utf8") != 0))
      return FALSE;
  return TRUE;
}

static void
infer (LuminaModelServer *self,
       SoupServerMessage *msg,
       ServeEndpoint     *endpoint,
       ServeHandle       *forced,
       gboolean           mlflow)
{
  ServeBodyKind kind = SERVE_BODY_OIP;

  if (!is_post (self, msg))
    return;
  if (endpoint->primary == NULL)
    {
      self->unrouted[SERVE_UNROUTED_UNAVAILABLE]++;
      _lumina_model_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "The model is not loaded");
      return;
    }
  if (mlflow && !invocation_kind (msg, &kind))
    {
      self->unrouted[SERVE_UNROUTED_MEDIA_TYPE]++;
      _lumina_model_server_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                          "Send application/json or text/csv, in UTF-8");
      return;
    }
  _lumina_model_server_dispatch (self, endpoint, forced, msg, kind);
}

static ServeHandle *
find_version (ServeEndpoint *endpoint,
              const char    *text)
{
  guint64 version;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &version, NULL))
    return NULL;
  if (endpoint->primary != NULL && endpoint->primary->version == version)
    return endpoint->primary;
  if (endpoint->challenger != NULL && endpoint->challenger->version == version)
    return endpoint->challenger;
  return NULL;
}

static void
model_metadata (LuminaModelServer *self,
                SoupServerMessage *msg,
                ServeEndpoint     *endpoint,
                ServeHandle       *handle)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new ();

  if (!is_get (self, msg))
    return;
  if (handle == NULL)
    handle = endpoint->primary;
  g_ptr_array_add (versions, handle);
  if (endpoint->challenger != NULL && handle == endpoint->primary &&
      endpoint->challenger->version != handle->version)
    g_ptr_array_add (versions, endpoint->challenger);
  respond_json (msg, SOUP_STATUS_OK, serve_format_model_metadata (handle, versions));
}

/* /v2/models/NAME[/versions/V][/ACTION] */
static void
route_model (LuminaModelServer *self,
             SoupServerMessage *msg,
             const char        *rest)
{
  g_auto(GStrv) parts = g_strsplit (rest, "/", 5);
  guint n = g_strv_length (parts);
  ServeEndpoint *endpoint = n > 0 ? g_hash_table_lookup (self->endpoints, parts[0]) : NULL;
  ServeHandle *handle = NULL;
  const char *action;
  guint next = 1;

  if (endpoint == NULL || endpoint->primary == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Unknown model '%s'", n > 0 ? parts[0] : "");

      not_found (self, msg, message);
      return;
    }
  if (n >= 3 && strcmp (parts[1], "versions") == 0)
    {
      if (!(handle = find_version (endpoint, parts[2])))
        {
          g_autofree char *message = g_strdup_printf ("Model '%s' has no version '%s' being served",
                                                      parts[0], parts[2]);

          not_found (self, msg, message);
          return;
        }
      next = 3;
    }
  action = next < n ? parts[next] : "";
  if (next + 1 < n)
    action = "?";

  if (action[0] == '\0')
    model_metadata (self, msg, endpoint, handle);
  else if (strcmp (action, "ready") == 0)
    {
      if (is_get (self, msg))
        {
          GString *out = g_string_new ("{\"name\":");

          sj_append_string (out, endpoint->name);
          g_string_append_printf (out, ",\"ready\":%s}", self->draining ? "false" : "true");
          respond_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
        }
    }
  else if (strcmp (action, "infer") == 0)
    infer (self, msg, endpoint, handle, FALSE);
  else if (strcmp (action, "invocations") == 0)
    infer (self, msg, endpoint, handle, TRUE);
  else
    not_found (self, msg, "No such resource");
}

static void
route_invocations (LuminaModelServer *self,
                   SoupServerMessage *msg,
                   GHashTable        *query)
{
  const char *name = query != NULL ? g_hash_table_lookup (query, "model") : NULL;
  ServeEndpoint *endpoint;

  if (name == NULL)
    name = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Lumina-Model");
  endpoint = name != NULL ? g_hash_table_lookup (self->endpoints, name)
                          : _lumina_model_server_default_endpoint (self);
  if (endpoint == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Unknown model '%s'", name != NULL ? name : "");

      not_found (self, msg, message);
      return;
    }
  infer (self, msg, endpoint, NULL, TRUE);
}

static void
route_simple (LuminaModelServer *self,
              SoupServerMessage *msg,
              const char        *path)
{
  gboolean ready = all_ready (self);

  if (!is_get (self, msg))
    return;
  if (strcmp (path, "/v2/health/live") == 0)
    respond_json (msg, SOUP_STATUS_OK, g_strdup ("{\"live\":true}"));
  else if (strcmp (path, "/v2/health/ready") == 0)
    respond_json (msg, ready ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE,
                  g_strdup (ready ? "{\"live\":true,\"ready\":true}" : "{\"live\":true,\"ready\":false}"));
  else if (strcmp (path, "/v2") == 0)
    respond_json (msg, SOUP_STATUS_OK,
                  g_strdup ("{\"name\":\"luminaops\",\"version\":\"" PACKAGE_VERSION "\",\"extensions\":[]}"));
  else if (strcmp (path, "/metrics") == 0)
    _lumina_model_server_respond (msg, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8",
                                  lumina_model_server_render_metrics (self));
  else if (strcmp (path, "/version") == 0)
    _lumina_model_server_respond (msg, SOUP_STATUS_OK, "text/plain", g_strdup (PACKAGE_VERSION));
  else
    _lumina_model_server_respond (msg, ready ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE,
                                  "application/json", g_strdup ("\n"));
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  LuminaModelServer *self = user_data;

  if (self->draining)
    {
      self->unrouted[SERVE_UNROUTED_UNAVAILABLE]++;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _lumina_model_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "The server is stopping");
      return;
    }

  if (g_str_has_prefix (path, "/v2/models/"))
    route_model (self, msg, path + strlen ("/v2/models/"));
  else if (strcmp (path, "/invocations") == 0)
    route_invocations (self, msg, query);
  else if (strcmp (path, "/v2/health/live") == 0 || strcmp (path, "/v2/health/ready") == 0 ||
           strcmp (path, "/v2") == 0 || strcmp (path, "/metrics") == 0 || strcmp (path, "/ping") == 0 ||
           strcmp (path, "/health") == 0 || strcmp (path, "/version") == 0)
    route_simple (self, msg, path);
  else
    not_found (self, msg, "No such resource");
}

/* ---- bodies over the limit ---- */

typedef struct
{
  GIOStream *stream;
  char      *response;
  guint64    left;
  guint8     buffer[16384];
} Reject;

static void
reject_free (Reject *reject)
{
  g_io_stream_close_async (reject->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (reject->stream);
  g_free (reject->response);
  g_free (reject);
}

static void
discard_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reject *reject = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (guint64) n >= reject->left)
    {
      reject_free (reject);
      return;
    }
  reject->left -= n;
  g_input_stream_read_async (G_INPUT_STREAM (source), reject->buffer, sizeof reject->buffer,
                             G_PRIORITY_LOW, NULL, discard_cb, reject);
}

static void
rejected_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Reject *reject = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      reject_free (reject);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (reject->stream), reject->buffer,
                             sizeof reject->buffer, G_PRIORITY_LOW, NULL, discard_cb, reject);
}

static void
reject_too_large (LuminaModelServer *self,
                  SoupServerMessage *msg,
                  const char        *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *body = sj_error_body (message);
  Reject *reject;

  self->unrouted[SERVE_UNROUTED_TOO_LARGE]++;
  if (soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE)
    {
      /* libsoup answers without asking for the body. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      _lumina_model_server_respond (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "application/json",
                                    g_steal_pointer (&body));
      return;
    }

  reject = g_new0 (Reject, 1);
  reject->stream = soup_server_message_steal_connection (msg);
  reject->left = self->body_limit;
  reject->response = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                                      "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n%s",
                                      strlen (body), body);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (reject->stream), reject->response,
                                   strlen (reject->response), G_PRIORITY_DEFAULT, NULL, rejected_cb, reject);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  LuminaModelServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  guint64 *size = g_object_get_data (G_OBJECT (msg), "lumina-body-size");

  *size += g_bytes_get_size (chunk);
  if (*size <= self->body_limit || soup_server_message_get_status (msg) != 0)
    return;
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  self->unrouted[SERVE_UNROUTED_TOO_LARGE]++;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  _lumina_model_server_respond (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "application/json",
                                sj_error_body ("The request body is over the size limit"));
}

/* libsoup says neither "request-read" nor "request-aborted" for a
 * connection that closes before its request line, so a message also leaves
 * the table when it goes away. */
static void
reading_message_gone (gpointer  data,
                      GObject  *where_the_object_was)
{
  LuminaModelServer *self = data;

  g_hash_table_remove (self->reading, where_the_object_was);
}

static void
reading_forget (LuminaModelServer *self,
                SoupServerMessage *msg)
{
  if (g_hash_table_remove (self->reading, msg))
    g_object_weak_unref (G_OBJECT (msg), reading_message_gone, self);
}

/* Called on dispose: no message may outlive the server holding its notify. */
void
_lumina_model_server_forget_reading (LuminaModelServer *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->reading);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_object_weak_unref (key, reading_message_gone, self);
      g_hash_table_iter_remove (&iter);
    }
}

static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  LuminaModelServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if ((guint64) soup_message_headers_get_content_length (headers) > self->body_limit)
        {
          g_autofree char *message =
            g_strdup_printf ("The request body is over the size limit (%" G_GUINT64_FORMAT " bytes)",
                             self->body_limit);

          reading_forget (self, msg);
          reject_too_large (self, msg, message);
        }
      break;

    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
      g_object_set_data_full (G_OBJECT (msg), "lumina-body-size", g_new0 (guint64, 1), g_free);
      g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
      break;

    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

/* ---- slow clients ---- */

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  LuminaModelServer *self = user_data;
  /* Whole seconds are enough, and need no allocation. */
  guint start = (guint) (g_get_monotonic_time () / G_USEC_PER_SEC);

  if (!g_hash_table_contains (self->reading, msg))
    g_object_weak_ref (G_OBJECT (msg), reading_message_gone, self);
  g_hash_table_insert (self->reading, msg, GUINT_TO_POINTER (start));
}

static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  LuminaModelServer *self = user_data;

  reading_forget (self, msg);
  if (g_hash_table_remove (self->responding, msg) && self->closing && self->stop_task != NULL &&
      g_hash_table_size (self->responding) == 0)
    {
      /* Not from inside libsoup's own signal. */
      g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
      self->stop_timeout_id = g_idle_add (_lumina_model_server_stop_timeout, self);
    }
}

/* Shuts connections whose request has been arriving for too long. */
gboolean
_lumina_model_server_sweep (gpointer data)
{
  LuminaModelServer *self = data;
  gint64 deadline = g_get_monotonic_time () / G_USEC_PER_SEC - self->read_timeout_s;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->reading);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GSocket *socket;

      if ((gint64) GPOINTER_TO_UINT (value) > deadline)
        continue;
      socket = soup_server_message_get_socket (key);
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      self->unrouted[SERVE_UNROUTED_TIMEOUT]++;
      g_object_weak_unref (key, reading_message_gone, self);
      g_hash_table_iter_remove (&iter);
    }
  return G_SOURCE_CONTINUE;
}

void
_lumina_model_server_setup_routes (LuminaModelServer *self)
{
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-read", G_CALLBACK (request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_done_cb), self, 0);
}
