/* lumina-serve-capture.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sampled requests and their predictions, written to the workspace's
 * served_requests table by one writer thread in batched transactions.
 * The request path only appends to a bounded queue (a full queue drops
 * the sample and counts it); the JSON is formatted by the writer.  Each
 * deployment keeps at most the cap's newest rows.  Each row keeps the
 * request's id (the X-Request-Id it was answered with), which delayed
 * labels are joined on (lumina-feedback.c).
 */
#define G_LOG_DOMAIN "lumina-serve-capture"

#include "config.h"

#include "lumina-db.h"
#include "lumina-serve-private.h"
#include "lumina-workspace-private.h"

#define MAX_BATCH 1024

typedef struct
{
  ServeHandle *handle;
  LuminaFrame *frame;
  gsize        offset;
  gsize        n_rows;
  double      *pred;
  gint64       latency_us;
  char        *time;
  char        *request_id;
} Item;

struct _ServeCapture
{
  LuminaWorkspace *workspace;
  GThread         *thread;
  GHashTable      *counts;      /* deployment → rows; writer thread only */

  GMutex           lock;
  GCond            cond;
  GQueue           queue;
  guint            queue_size;
  guint            cap;
  gboolean         writing;
  gboolean         stopping;
  guint64          written;
  guint64          dropped;
};

static void
item_free (Item *item)
{
  serve_handle_unref (item->handle);
  g_object_unref (item->frame);
  g_free (item->pred);
  g_free (item->time);
  g_free (item->request_id);
  g_free (item);
}

static gint64 *
deployment_count (ServeCapture *capture,
                  LuminaDb     *db,
                  const char   *deployment)
{
  gint64 *count = g_hash_table_lookup (capture->counts, deployment);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (count != NULL)
    return count;
  count = g_new0 (gint64, 1);
  stmt = lumina_db_prepare (db, "SELECT COUNT(*) FROM served_requests WHERE deployment = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, deployment, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *count = sqlite3_column_int64 (stmt, 0);
    }
  g_hash_table_insert (capture->counts, g_strdup (deployment), count);
  return count;
}

static void
trim (ServeCapture *capture,
      LuminaDb     *db,
      GHashTable   *touched,
      guint         cap)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 *count = deployment_count (capture, db, key);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (*count <= cap)
        continue;
      stmt = lumina_db_prepare (db,
                                "DELETE FROM served_requests WHERE id IN (SELECT id FROM served_requests"
                                " WHERE deployment = ?1 ORDER BY time, id LIMIT ?2)", NULL);
      if (stmt == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, *count - cap);
      if (sqlite3_step (stmt) == SQLITE_DONE)
        *count = cap;
    }
}

static guint
write_items (ServeCapture *capture,
             GPtrArray    *items,
             GPtrArray    *inputs,
             GPtrArray    *outputs,
             guint         cap)
{
  LuminaDb *db = _lumina_workspace_get_db (capture->workspace);
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint written = 0;

  lumina_db_lock (db);
  if (!lumina_db_begin (db, &error))
    goto out;
  stmt = lumina_db_prepare (db,
                            "INSERT INTO served_requests (deployment, model, version, time, latency_us,"
                            " inputs, outputs, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &error);
  for (guint i = 0; stmt != NULL && i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      /* Counted before the insert, which it would otherwise include. */
      gint64 *count = deployment_count (capture, db, item->handle->endpoint);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, item->handle->endpoint, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, item->handle->name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, item->handle->version);
      sqlite3_bind_text (stmt, 4, item->time, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, item->latency_us);
      sqlite3_bind_text (stmt, 6, g_ptr_array_index (inputs, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, g_ptr_array_index (outputs, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, item->request_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        continue;
      written++;
      (*count)++;
      g_hash_table_add (touched, item->handle->endpoint);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  trim (capture, db, touched, cap);
  if (!lumina_db_commit (db, &error))
    written = 0;

out:
  lumina_db_unlock (db);
  if (error != NULL)
    g_warning ("Could not record served requests: %s", error->message);
  return written;
}

static gpointer
writer_thread (gpointer data)
{
  ServeCapture *capture = data;

  g_mutex_lock (&capture->lock);
  for (;;)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
      g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
      guint cap = capture->cap;
      guint written;

      while (g_queue_is_empty (&capture->queue) && !capture->stopping)
        g_cond_wait (&capture->cond, &capture->lock);
      if (g_queue_is_empty (&capture->queue))
        break;
      while (!g_queue_is_empty (&capture->queue) && items->len < MAX_BATCH)
        g_ptr_array_add (items, g_queue_pop_head (&capture->queue));
      capture->writing = TRUE;
      g_mutex_unlock (&capture->lock);

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = g_ptr_array_index (items, i);

          g_ptr_array_add (inputs, serve_format_rows_json (item->frame, item->offset, item->n_rows));
          g_ptr_array_add (outputs, serve_format_outputs_json (item->handle, item->pred, item->n_rows));
        }
      written = write_items (capture, items, inputs, outputs, cap);

      g_mutex_lock (&capture->lock);
      capture->written += written;
      capture->writing = FALSE;
      g_cond_broadcast (&capture->cond);
    }
  g_mutex_unlock (&capture->lock);
  return NULL;
}

ServeCapture *
serve_capture_new (LuminaWorkspace *workspace,
                   guint            queue_size)
{
  ServeCapture *capture = g_new0 (ServeCapture, 1);

  capture->workspace = g_object_ref (workspace);
  capture->queue_size = queue_size;
  capture->cap = 100000;
  capture->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&capture->lock);
  g_cond_init (&capture->cond);
  g_queue_init (&capture->queue);
  capture->thread = g_thread_new ("serve-capture", writer_thread, capture);
  return capture;
}

/* Writes what is queued, then stops the writer. */
void
serve_capture_free (ServeCapture *capture)
{
  if (capture == NULL)
    return;
  g_mutex_lock (&capture->lock);
  capture->stopping = TRUE;
  g_cond_broadcast (&capture->cond);
  g_mutex_unlock (&capture->lock);
  g_thread_join (capture->thread);

  g_queue_clear_full (&capture->queue, (GDestroyNotify) item_free);
  g_hash_table_unref (capture->counts);
  g_mutex_clear (&capture->lock);
  g_cond_clear (&capture->cond);
  g_object_unref (capture->workspace);
  g_free (capture);
}

void
serve_capture_set_cap (ServeCapture *capture,
                       guint         max_rows)
{
  g_mutex_lock (&capture->lock);
  capture->cap = max_rows;
  g_mutex_unlock (&capture->lock);
}

gboolean
serve_capture_push (ServeCapture *capture,
                    ServeHandle  *handle,
                    LuminaFrame  *frame,
                    gsize         row_offset,
                    gsize         n_rows,
                    const double *pred,
                    gint64        latency_us,
                    const char   *request_id)
{
  g_autoptr(GDateTime) now = NULL;
  Item *item;

  g_mutex_lock (&capture->lock);
  if (capture->queue.length >= capture->queue_size)
    {
      capture->dropped++;
      g_mutex_unlock (&capture->lock);
      return FALSE;
    }
  g_mutex_unlock (&capture->lock);

  now = g_date_time_new_now_utc ();
  item = g_new0 (Item, 1);
  item->handle = serve_handle_ref (handle);
  item->frame = g_object_ref (frame);
  item->offset = row_offset;
  item->n_rows = n_rows;
  item->pred = g_memdup2 (pred, MAX (n_rows * handle->n_outputs, 1) * sizeof (double));
  item->latency_us = latency_us;
  item->time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  item->request_id = g_strdup (request_id);

  g_mutex_lock (&capture->lock);
  g_queue_push_tail (&capture->queue, item);
  if (capture->queue.length == 1)
    g_cond_broadcast (&capture->cond);
  g_mutex_unlock (&capture->lock);
  return TRUE;
}

/* Blocks until everything queued so far is written. */
void
serve_capture_flush (ServeCapture *capture)
{
  g_mutex_lock (&capture->lock);
  while (!g_queue_is_empty (&capture->queue) || capture->writing)
    g_cond_wait (&capture->cond, &capture->lock);
  g_mutex_unlock (&capture->lock);
}

void
serve_capture_counts (ServeCapture *capture,
                      guint64      *written,
                      guint64      *dropped)
{
  g_mutex_lock (&capture->lock);
  *written = capture->written;
  *dropped = capture->dropped;
  g_mutex_unlock (&capture->lock);
}
