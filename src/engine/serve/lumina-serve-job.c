/* lumina-serve-job.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Served model versions (refcounted handles: a request keeps the version
 * it started on across a hot swap) and the work a worker does for a batch
 * of requests: parse each body, predict once on all their rows, split the
 * result back, format each answer, then hand the batch to the main
 * context in one go.  Shadow scoring runs as separate work afterwards.
 */
#define G_LOG_DOMAIN "lumina-serve-job"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-preprocess-private.h"
#include "lumina-serve-private.h"

/**
 * serve_handle_load:
 * Any thread.  Returns: (transfer full): the loaded bundle, or %NULL
 */
ServeHandle *
serve_handle_load (const char  *endpoint,
                   const char  *name,
                   guint        version,
                   const char  *bundle_path,
                   GError     **error)
{
  g_autoptr(LuminaModel) model = lumina_model_load (bundle_path, error);
  g_autoptr(JsonNode) signature = NULL;
  LuminaLabels *labels;
  JsonArray *columns;
  ServeHandle *handle;

  if (model == NULL)
    return NULL;

  handle = g_new0 (ServeHandle, 1);
  g_atomic_ref_count_init (&handle->ref);
  handle->endpoint = g_strdup (endpoint);
  handle->name = g_strdup (name != NULL ? name : endpoint);
  handle->version = version;
  handle->bundle_path = g_strdup (bundle_path);
  handle->task = lumina_model_get_task (model);
  handle->n_outputs = lumina_model_get_n_outputs (model);

  signature = lumina_model_get_signature (model);
  columns = json_node_get_array (signature);
  handle->n_columns = json_array_get_length (columns);
  handle->columns = g_new0 (ServeColumnSpec, MAX (handle->n_columns, 1));
  handle->column_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < handle->n_columns; c++)
    {
      JsonObject *column = json_array_get_object_element (columns, c);

      handle->columns[c].name = g_strdup (json_object_get_string_member (column, "name"));
      if (!lumina_column_type_from_string (json_object_get_string_member_with_default (column, "type", ""),
                                           &handle->columns[c].type))
        handle->columns[c].type = LUMINA_COLUMN_TYPE_FLOAT;
      g_hash_table_insert (handle->column_index, handle->columns[c].name, GUINT_TO_POINTER (c + 1));
    }

  labels = lumina_model_get_labels (model);
  handle->label_type = _lumina_labels_get_column_type (labels);
  handle->classes = g_new0 (char *, handle->n_outputs + 1);
  if (handle->task != LUMINA_TASK_REGRESSION)
    for (guint c = 0; c < handle->n_outputs; c++)
      handle->classes[c] = g_strdup (lumina_labels_get_class (labels, c));
  handle->pending = g_ptr_array_new ();
  handle->model = g_steal_pointer (&model);
  return handle;
}

ServeHandle *
serve_handle_ref (ServeHandle *handle)
{
  g_atomic_ref_count_inc (&handle->ref);
  return handle;
}

void
serve_handle_unref (ServeHandle *handle)
{
  if (handle == NULL || !g_atomic_ref_count_dec (&handle->ref))
    return;

  g_assert (handle->batch_source == NULL);
  g_clear_object (&handle->model);
  for (guint c = 0; c < handle->n_columns; c++)
    g_free (handle->columns[c].name);
  g_free (handle->columns);
  g_hash_table_unref (handle->column_index);
  g_strfreev (handle->classes);
  g_ptr_array_unref (handle->pending);
  g_free (handle->endpoint);
  g_free (handle->name);
  g_free (handle->bundle_path);
  g_free (handle);
}

/* Main context. */
ServeJob *
serve_job_new (LuminaModelServer *server,
               SoupServerMessage *msg,
               ServeHandle       *handle,
               ServeBodyKind      kind,
               gint64             start_us)
{
  ServeJob *job = g_new0 (ServeJob, 1);

  job->server = g_object_ref (server);
  job->msg = g_object_ref (msg);
  job->handle = serve_handle_ref (handle);
  job->kind = kind;
  job->start_us = start_us;
  job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  return job;
}

/* Main context (it drops the server and message). */
void
serve_job_free (ServeJob *job)
{
  g_clear_pointer (&job->handle, serve_handle_unref);
  g_clear_pointer (&job->shadow, serve_handle_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_object (&job->frame);
  g_clear_pointer (&job->info.id, g_free);
  g_clear_pointer (&job->pred, g_free);
  if (job->response != NULL)
    g_string_free (job->response, TRUE);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job);
}

static SjParser *
thread_parser (void)
{
  static GPrivate key = G_PRIVATE_INIT ((GDestroyNotify) sj_parser_free);
  SjParser *parser = g_private_get (&key);

  if (parser == NULL)
    {
      parser = sj_parser_new ();
      g_private_set (&key, parser);
    }
  return parser;
}

static void
fail_job (ServeJob     *job,
          guint         status,
          const GError *error)
{
  job->status = status;
  job->response = g_string_new (NULL);
  if (job->kind == SERVE_BODY_OIP)
    {
      g_string_append (job->response, "{\"error\":");
      sj_append_string (job->response, error->message);
    }
  else
    {
      g_string_append_printf (job->response, "{\"error_code\":\"%s\",\"message\":",
                              status == 400 ? "BAD_REQUEST" : "INTERNAL_ERROR");
      sj_append_string (job->response, error->message);
      g_string_append (job->response, ",\"error\":");
      sj_append_string (job->response, error->message);
    }
  g_string_append_c (job->response, '}');
  g_clear_pointer (&job->body, g_bytes_unref);
}

typedef struct
{
  ServeHandle *shadow;
  LuminaFrame *frame;
  double      *primary;
  LuminaTask   task;
} ShadowWork;

/* Worker thread, off every response's path. */
static void
shadow_run (gpointer data)
{
  ShadowWork *work = data;
  g_autofree double *pred = lumina_model_predict (work->shadow->model, work->frame, NULL);

  if (pred != NULL && work->shadow->task == work->task)
    serve_stats_compare (work->shadow->stats, work->task, work->shadow->n_outputs,
                         work->primary, pred, lumina_frame_get_n_rows (work->frame));
  serve_handle_unref (work->shadow);
  g_object_unref (work->frame);
  g_free (work->primary);
  g_free (work);
}

static void
split_results (GPtrArray    *ok,
               LuminaFrame  *batch,
               const double *pred)
{
  ServeHandle *handle = ((ServeJob *) g_ptr_array_index (ok, 0))->handle;
  gsize offset = 0;

  for (guint i = 0; i < ok->len; i++)
    {
      ServeJob *job = g_ptr_array_index (ok, i);
      gsize n_values = job->n_rows * handle->n_outputs;

      job->pred = g_memdup2 (pred + offset * handle->n_outputs, MAX (n_values, 1) * sizeof (double));
      job->response = serve_format_response (handle, job->kind, &job->info, job->pred, job->n_rows);
      job->status = 200;
      g_set_object (&job->frame, batch);
      job->row_offset = offset;
      g_clear_pointer (&job->body, g_bytes_unref);
      offset += job->n_rows;
    }
}

static void
predict_batch (GPtrArray        *ok,
               LuminaWorkerPool *pool)
{
  ServeJob *first = g_ptr_array_index (ok, 0);
  ServeHandle *handle = first->handle;
  g_autoptr(LuminaFrame) batch = NULL;
  g_autofree double *pred = NULL;
  g_autoptr(GError) error = NULL;
  gsize total = 0;

  if (ok->len == 1)
    batch = g_object_ref (first->frame);
  else
    {
      g_autofree LuminaFrame **frames = g_new (LuminaFrame *, ok->len);

      for (guint i = 0; i < ok->len; i++)
        frames[i] = ((ServeJob *) g_ptr_array_index (ok, i))->frame;
      batch = serve_frame_concat (frames, ok->len);
    }
  total = lumina_frame_get_n_rows (batch);
  first->batch_rows = total;

  if (total == 0)
    pred = g_new0 (double, 1);
  else if (!(pred = lumina_model_predict (handle->model, batch, &error)))
    {
      guint status = g_error_matches (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT) ? 400 : 500;

      for (guint i = 0; i < ok->len; i++)
        fail_job (g_ptr_array_index (ok, i), status, error);
      return;
    }

  split_results (ok, batch, pred);
  if (first->shadow != NULL && total > 0)
    {
      ShadowWork *work = g_new0 (ShadowWork, 1);

      work->shadow = serve_handle_ref (first->shadow);
      work->frame = g_object_ref (batch);
      work->primary = g_steal_pointer (&pred);
      work->task = handle->task;
      lumina_worker_pool_push (pool, shadow_run, work);
    }
}

/**
 * serve_jobs_run:
 * @jobs: (transfer full): requests for the same handle
 *
 * Worker thread.  Answers every job, then passes @jobs to the main context.
 */
void
serve_jobs_run (GPtrArray        *jobs,
                LuminaWorkerPool *pool)
{
  g_autoptr(GPtrArray) ok = g_ptr_array_new ();
  SjParser *parser = thread_parser ();
  ServeJob *first = g_ptr_array_index (jobs, 0);

  for (guint i = 0; i < jobs->len; i++)
    {
      ServeJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(GError) error = NULL;

      job->frame = serve_parse_body (job->handle, job->kind, job->body, parser, &job->info, &error);
      if (job->frame == NULL)
        {
          fail_job (job, 400, error);
          continue;
        }
      job->n_rows = lumina_frame_get_n_rows (job->frame);
      g_ptr_array_add (ok, job);
    }

  if (ok->len > 0)
    predict_batch (ok, pool);
  _lumina_model_server_complete (first->server, jobs);
}
