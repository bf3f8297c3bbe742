/* lumina-prom-source.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PromQL over Prometheus' HTTP API (/api/v1/query_range, /api/v1/query,
 * /api/v1/status/buildinfo).  Requests run on the source's main context;
 * answers are parsed on a worker thread (lumina-prom-source-parse.c), since
 * a range query can bring hundreds of thousands of samples.
 */
#define G_LOG_DOMAIN "lumina-prom-source"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "lumina-error.h"
#include "lumina-prom-source-private.h"

G_DEFINE_QUARK (lumina-prom-error-quark, lumina_prom_error)

struct _LuminaPromSource
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *bearer_token;
  guint        timeout_s;
  double       query_timeout_s;
};

G_DEFINE_FINAL_TYPE (LuminaPromSource, lumina_prom_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_BEARER_TOKEN,
  PROP_TIMEOUT,
  PROP_QUERY_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  REQUEST_RANGE,
  REQUEST_INSTANT,
  REQUEST_PING,
} RequestKind;

/* One request in flight.  The network half (message, timer, cancellable
 * link) belongs to the main context and is dropped before parsing starts
 * on a worker, which sees only the copies below. */
typedef struct
{
  RequestKind   kind;
  char         *base_url;
  GCancellable *cancellable;     /* ours: the caller's or the timer cancels it */
  GCancellable *caller_cancellable;
  gulong        cancelled_id;
  GSource      *timer;
  guint         timeout_s;
  gboolean      timed_out;
  GBytes       *body;
  guint         status;
  double        start_s;
  double        end_s;
  double        step_s;
} Request;

static void
request_drop_network (Request *request)
{
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
  request->cancelled_id = 0;
  if (request->timer != NULL)
    g_source_destroy (request->timer);
  g_clear_pointer (&request->timer, g_source_unref);
}

static void
request_free (Request *request)
{
  request_drop_network (request);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->caller_cancellable);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->base_url);
  g_free (request);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (request->kind == REQUEST_PING)
    {
      char *version = _lumina_prom_parse_buildinfo (request->body, request->status, &error);

      if (version == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, version, g_free);
    }
  else
    {
      LuminaPromResult *result = _lumina_prom_parse_query (request->body, request->status, &error);

      if (result == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      result->start_s = request->start_s;
      result->end_s = request->end_s;
      result->step_s = request->step_s;
      g_task_return_pointer (task, result, (GDestroyNotify) lumina_prom_result_free);
    }
}

/* ---- requests (main context) ---- */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  request_drop_network (request);
  if (request->body == NULL)
    {
      if (request->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 "Prometheus at %s did not answer within %u s",
                                 request->base_url, request->timeout_s);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_prefix_error (&error, "Cannot reach Prometheus at %s: ", request->base_url);
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }
  request->status = soup_message_get_status (msg);
  g_task_run_in_thread (task, parse_thread);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
timer_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static SoupMessage *
new_message (LuminaPromSource  *self,
             const char        *path,
             char              *form)
{
  g_autofree char *base = g_strdup (self->base_url != NULL ? self->base_url : "");
  g_autofree char *uri = NULL;
  SoupMessage *msg;

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  uri = g_strconcat (base, path, NULL);
  if (form != NULL)
    msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, uri, form);
  else
    msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (msg == NULL)
    return NULL;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (self->bearer_token != NULL && *self->bearer_token != '\0')
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->bearer_token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  return msg;
}

/* Sends @form (transfer full, nullable: a GET) to @path. */
static void
send_request (LuminaPromSource *self,
              GTask            *task,
              Request          *request,
              const char       *path,
              char             *form)
{
  g_autoptr(SoupMessage) msg = new_message (self, path, form);

  request->base_url = g_strdup (self->base_url);
  request->timeout_s = self->timeout_s;
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (msg == NULL)
    {
      g_task_return_new_error (task, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                               "“%s” is not an http or https URL", self->base_url ? self->base_url : "");
      g_object_unref (task);
      return;
    }
  if (g_task_get_cancellable (task) != NULL)
    {
      request->caller_cancellable = g_object_ref (g_task_get_cancellable (task));
      request->cancelled_id = g_cancellable_connect (request->caller_cancellable,
                                                     G_CALLBACK (caller_cancelled_cb),
                                                     request->cancellable, NULL);
    }
  if (self->timeout_s > 0)
    {
      request->timer = g_timeout_source_new (self->timeout_s * 1000);  /* _seconds() may fire early */
      g_source_set_callback (request->timer, timer_cb, request, NULL);
      g_source_attach (request->timer, g_main_context_get_thread_default ());
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, request->cancellable,
                                    sent_cb, task);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

/* Prometheus reads plain float seconds; "1.5s" would be a bad duration. */
static char *
format_timeout (double seconds)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6f", MAX (seconds, 1e-6)));
}

/**
 * lumina_prom_source_fit_step:
 *
 * Returns: @step_s, enlarged where needed so that the range holds at most
 *   %LUMINA_PROM_MAX_POINTS steps, and rounded up to whole milliseconds
 *   (Prometheus' resolution).  Thread-safe.
 */
double
lumina_prom_source_fit_step (double start_s,
                             double end_s,
                             double step_s)
{
  double range_ms = (end_s - start_s) * 1000;
  double step_ms = MAX (1, ceil (step_s * 1000 - 1e-6));

  if (range_ms > 0)
    {
      double min_ms = ceil (range_ms / LUMINA_PROM_MAX_POINTS - 1e-9);

      while (range_ms / min_ms > LUMINA_PROM_MAX_POINTS)
        min_ms += 1;
      step_ms = MAX (step_ms, min_ms);
    }
  return step_ms / 1000;
}

/**
 * lumina_prom_source_query_range_async:
 * @promql: the expression
 * @start_s: start, seconds since the Unix epoch
 * @end_s: end, >= @start_s
 * @step_s: wanted resolution; enlarged to keep within Prometheus' limit of
 *   %LUMINA_PROM_MAX_POINTS points per series (the result tells the step used)
 *
 * Runs a range query (POST /api/v1/query_range).  Main context.
 */
void
lumina_prom_source_query_range_async (LuminaPromSource    *self,
                                      const char          *promql,
                                      double               start_s,
                                      double               end_s,
                                      double               step_s,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Request *request;
  g_autofree char *start = NULL, *end = NULL, *step = NULL, *timeout = NULL;

  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));
  g_return_if_fail (promql != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_prom_source_query_range_async);
  if (!isfinite (start_s) || !isfinite (end_s) || end_s < start_s || !(step_s > 0) || !isfinite (step_s))
    {
      g_task_return_new_error (task, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                               "A range query needs start ≤ end and a positive step");
      g_object_unref (task);
      return;
    }
  request = g_new0 (Request, 1);
  request->kind = REQUEST_RANGE;
  request->start_s = start_s;
  request->end_s = end_s;
  request->step_s = lumina_prom_source_fit_step (start_s, end_s, step_s);
  if (request->step_s != step_s)
    g_debug ("Step %g s enlarged to %g s for %g s of range", step_s, request->step_s, end_s - start_s);
  start = format_number (start_s);
  end = format_number (end_s);
  step = format_number (request->step_s);
  timeout = self->query_timeout_s > 0 ? format_timeout (self->query_timeout_s) : NULL;
  send_request (self, task, request, "/api/v1/query_range",
                soup_form_encode ("query", promql, "start", start, "end", end, "step", step,
                                  timeout != NULL ? "timeout" : NULL, timeout, NULL));
}

LuminaPromResult *
lumina_prom_source_query_range_finish (LuminaPromSource  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lumina_prom_source_query_async:
 * @time_s: evaluation time, seconds since the Unix epoch; 0 for now
 *
 * Runs an instant query (POST /api/v1/query).  Main context.
 */
void
lumina_prom_source_query_async (LuminaPromSource    *self,
                                const char          *promql,
                                double               time_s,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Request *request;
  g_autofree char *time_text = NULL, *timeout = NULL;
  GHashTable *form;

  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));
  g_return_if_fail (promql != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_prom_source_query_async);
  request = g_new0 (Request, 1);
  request->kind = REQUEST_INSTANT;
  request->start_s = time_s > 0 ? time_s : g_get_real_time () / (double) G_USEC_PER_SEC;
  request->end_s = request->start_s;
  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, "query", (gpointer) promql);
  if (time_s > 0)
    g_hash_table_insert (form, "time", (time_text = format_number (time_s)));
  if (self->query_timeout_s > 0)
    g_hash_table_insert (form, "timeout", (timeout = format_timeout (self->query_timeout_s)));
  send_request (self, task, request, "/api/v1/query", soup_form_encode_hash (form));
  g_hash_table_unref (form);
}

LuminaPromResult *
lumina_prom_source_query_finish (LuminaPromSource  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * lumina_prom_source_ping_async:
 *
 * Checks that the server answers as Prometheus does (GET
 * /api/v1/status/buildinfo), for a "Test connection" button.  Main context.
 */
void
lumina_prom_source_ping_async (LuminaPromSource    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_prom_source_ping_async);
  request = g_new0 (Request, 1);
  request->kind = REQUEST_PING;
  send_request (self, task, request, "/api/v1/status/buildinfo", NULL);
}

/**
 * lumina_prom_source_ping_finish:
 *
 * Returns: (transfer full) (nullable): the server's version, "" when it
 *   does not tell; %NULL on error
 */
char *
lumina_prom_source_ping_finish (LuminaPromSource  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the object ---- */

static void
lumina_prom_source_finalize (GObject *object)
{
  LuminaPromSource *self = (LuminaPromSource *) object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->bearer_token);

  G_OBJECT_CLASS (lumina_prom_source_parent_class)->finalize (object);
}

static void
lumina_prom_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LuminaPromSource *self = LUMINA_PROM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_BEARER_TOKEN:
      g_value_set_string (value, self->bearer_token);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_s);
      break;
    case PROP_QUERY_TIMEOUT:
      g_value_set_double (value, self->query_timeout_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_prom_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LuminaPromSource *self = LUMINA_PROM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      lumina_prom_source_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_BEARER_TOKEN:
      lumina_prom_source_set_bearer_token (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      lumina_prom_source_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_QUERY_TIMEOUT:
      lumina_prom_source_set_query_timeout (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_prom_source_class_init (LuminaPromSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lumina_prom_source_finalize;
  object_class->get_property = lumina_prom_source_get_property;
  object_class->set_property = lumina_prom_source_set_property;

  /* "http://host:9090", or with a path prefix behind a proxy */
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, flags);
  /* Sent as "Authorization: Bearer …" when set; never logged */
  properties[PROP_BEARER_TOKEN] = g_param_spec_string ("bearer-token", NULL, NULL, NULL, flags);
  /* Seconds a request may take in all before it fails; 0: no limit */
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, 30, flags);
  /* Seconds Prometheus may spend evaluating (its `timeout` parameter); 0: its default */
  properties[PROP_QUERY_TIMEOUT] = g_param_spec_double ("query-timeout", NULL, NULL, 0, 3600, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lumina_prom_source_init (LuminaPromSource *self)
{
  self->timeout_s = 30;
  /* No I/O timeout of libsoup's own: each request has a timer for the
   * whole exchange, which also covers a server that accepts and stalls. */
  self->session = soup_session_new_with_options ("user-agent", "LuminaOps/" PACKAGE_VERSION " ", NULL);
}

/**
 * lumina_prom_source_new:
 * @base_url: (nullable): e.g. "http://127.0.0.1:9090"
 *
 * Use the source on one main context: the thread-default one at creation.
 */
LuminaPromSource *
lumina_prom_source_new (const char *base_url)
{
  return g_object_new (LUMINA_TYPE_PROM_SOURCE, "base-url", base_url, NULL);
}

const char *
lumina_prom_source_get_base_url (LuminaPromSource *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), NULL);

  return self->base_url;
}

void
lumina_prom_source_set_base_url (LuminaPromSource *self,
                                 const char       *base_url)
{
  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
lumina_prom_source_get_bearer_token (LuminaPromSource *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), NULL);

  return self->bearer_token;
}

void
lumina_prom_source_set_bearer_token (LuminaPromSource *self,
                                     const char       *bearer_token)
{
  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));

  if (g_strcmp0 (self->bearer_token, bearer_token) == 0)
    return;
  g_free (self->bearer_token);
  self->bearer_token = g_strdup (bearer_token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEARER_TOKEN]);
}

guint
lumina_prom_source_get_timeout (LuminaPromSource *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), 0);

  return self->timeout_s;
}

/* @timeout_s: seconds for a whole request; 0 for no limit */
void
lumina_prom_source_set_timeout (LuminaPromSource *self,
                                guint             timeout_s)
{
  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));

  if (self->timeout_s == timeout_s)
    return;
  self->timeout_s = timeout_s;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

double
lumina_prom_source_get_query_timeout (LuminaPromSource *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_SOURCE (self), 0);

  return self->query_timeout_s;
}

/* @query_timeout_s: seconds Prometheus may evaluate a query; 0 for its default */
void
lumina_prom_source_set_query_timeout (LuminaPromSource *self,
                                      double            query_timeout_s)
{
  g_return_if_fail (LUMINA_IS_PROM_SOURCE (self));

  if (self->query_timeout_s == query_timeout_s)
    return;
  self->query_timeout_s = query_timeout_s;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_TIMEOUT]);
}
