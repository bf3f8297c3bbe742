/* lumina-metric-writer.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer: a thread that takes the appended samples in batches and
 * writes them, in one transaction per batch, as raw chunks and roll-ups.
 *
 * Each series has a head chunk in memory.  A full head is written and a new
 * one begun.  Batches taken because enough samples piled up write only full
 * chunks and closed buckets; synchronous flushes (every FLUSH_INTERVAL_MS,
 * and lumina_metric_store_flush()) also write the partial heads and open
 * buckets, so queries see everything appended before them.  A partial head
 * keeps its row and is rewritten as it grows.
 */
#define G_LOG_DOMAIN "lumina-metric-writer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

#define FLUSH_INTERVAL_US       (G_USEC_PER_SEC)
#define RETENTION_INTERVAL_US   (10 * 60 * G_USEC_PER_SEC)
#define BATCH_SAMPLES           (1 << 16)

#define CHUNK_INSERT_SQL "INSERT INTO chunks (series, start_ms, end_ms, n, data) VALUES (?1, ?2, ?3, ?4, ?5)"
#define CHUNK_UPDATE_SQL "UPDATE chunks SET start_ms = ?2, end_ms = ?3, n = ?4, data = ?5 WHERE id = ?1"
#define LAST_CHUNK_SQL   "SELECT data FROM chunks WHERE series = ?1 ORDER BY end_ms DESC LIMIT 1"

void
_lumina_metric_writer_series_free (gpointer data)
{
  LuminaMetricWriterSeries *ws = data;

  if (ws == NULL)
    return;
  g_free (ws->head_t);
  g_free (ws->head_v);
  g_free (ws);
}

/* The last non-NaN sample already stored, so counter increments continue
 * across restarts. */
static gboolean
load_previous (LuminaMetricStore         *self,
               guint                      id,
               LuminaMetricWriterSeries  *ws,
               GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (self->write_db, LAST_CHUNK_SQL, error);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      lumina_db_set_error (self->write_db, error, "reading the last chunk");
      return FALSE;
    }
  if (!_lumina_metric_chunk_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                    samples, error))
    return FALSE;
  for (guint i = 0; i < samples->len; i++)
    {
      const LuminaMetricSample *s = &g_array_index (samples, LuminaMetricSample, i);

      if (!isnan (s->value) && (!ws->prev_known || s->time_ms >= ws->prev_t))
        {
          ws->prev_known = TRUE;
          ws->prev_t = s->time_ms;
          ws->prev_v = s->value;
        }
    }
  return TRUE;
}

static LuminaMetricWriterSeries *
writer_series (LuminaMetricStore  *self,
               guint               id,
               GError            **error)
{
  LuminaMetricWriterSeries *ws;

  if (id >= self->writers->len)
    g_ptr_array_set_size (self->writers, id + 1);
  if ((ws = g_ptr_array_index (self->writers, id)) != NULL)
    return ws;

  ws = g_new0 (LuminaMetricWriterSeries, 1);
  ws->head_t = g_new (gint64, LUMINA_METRIC_CHUNK_MAX);
  ws->head_v = g_new (double, LUMINA_METRIC_CHUNK_MAX);
  for (guint r = 0; r < LUMINA_METRIC_N_ROLLUPS; r++)
    _lumina_metric_bucket_reset (&ws->open[r]);
  if (!load_previous (self, id, ws, error))
    {
      _lumina_metric_writer_series_free (ws);
      return NULL;
    }
  g_ptr_array_index (self->writers, id) = ws;
  return ws;
}

static sqlite3_stmt *
cached (LuminaMetricStore  *self,
        sqlite3_stmt      **slot,
        const char         *sql,
        GError            **error)
{
  if (*slot == NULL)
    *slot = lumina_db_prepare (self->write_db, sql, error);
  return *slot;
}

static gboolean
write_head (LuminaMetricStore         *self,
            guint                      id,
            LuminaMetricWriterSeries  *ws,
            GError                   **error)
{
  g_autoptr(GBytes) data = NULL;
  sqlite3_stmt *stmt;
  gint64 start = G_MAXINT64, end = G_MININT64;
  int rc;

  if (!ws->head_dirty || ws->head_len == 0)
    return TRUE;
  stmt = ws->head_row == 0 ? cached (self, &self->chunk_insert, CHUNK_INSERT_SQL, error)
                           : cached (self, &self->chunk_update, CHUNK_UPDATE_SQL, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ws->head_len; i++)
    {
      start = MIN (start, ws->head_t[i]);
      end = MAX (end, ws->head_t[i]);
    }
  data = _lumina_metric_chunk_encode (ws->head_t, ws->head_v, ws->head_len);
  sqlite3_bind_int64 (stmt, 1, ws->head_row == 0 ? (gint64) id : ws->head_row);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, ws->head_len);
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (data, NULL), g_bytes_get_size (data), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->write_db, error, "writing samples");
      return FALSE;
    }
  if (ws->head_row == 0)
    ws->head_row = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt));
  ws->head_dirty = FALSE;
  return TRUE;
}

static int
compare_pending_times (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  gint64 x = ((const LuminaMetricPending *) a)->time_ms;
  gint64 y = ((const LuminaMetricPending *) b)->time_ms;

  return (x > y) - (x < y);
}

static gboolean
ingest_series (LuminaMetricStore    *self,
               guint                 id,
               LuminaMetricPending  *samples,
               guint                 n,
               GError              **error)
{
  LuminaMetricWriterSeries *ws;

  if (!(ws = writer_series (self, id, error)))
    return FALSE;

  for (guint i = 1; i < n; i++)
    if (samples[i].time_ms < samples[i - 1].time_ms)
      {
        /* Stable, so equal times keep their order of arrival. */
        g_qsort_with_data (samples, n, sizeof *samples, compare_pending_times, NULL);
        break;
      }

  for (guint i = 0; i < n; i++)
    {
      gint64 t = samples[i].time_ms;
      double v = samples[i].value;
      double inc = 0.0;

      if (ws->prev_known && t >= ws->prev_t)
        inc = _lumina_metric_counter_inc (ws->prev_v, v);
      if (!isnan (v) && (!ws->prev_known || t >= ws->prev_t))
        {
          ws->prev_known = TRUE;
          ws->prev_t = t;
          ws->prev_v = v;
        }

      ws->head_t[ws->head_len] = t;
      ws->head_v[ws->head_len] = v;
      ws->head_len++;
      ws->head_dirty = TRUE;
      if (ws->head_len == LUMINA_METRIC_CHUNK_MAX)
        {
          if (!write_head (self, id, ws, error))
            return FALSE;
          ws->head_row = 0;
          ws->head_len = 0;
        }

      if (!_lumina_metric_rollup_add (self, id, ws, t, v, inc, error))
        return FALSE;
    }
  return TRUE;
}

/* Groups @batch by series (a counting sort, stable) and ingests each. */
static gboolean
ingest_batch (LuminaMetricStore  *self,
              GArray             *batch,
              guint               n_ids,
              GError            **error)
{
  const LuminaMetricPending *in = (const LuminaMetricPending *) batch->data;
  g_autofree guint *start = g_new0 (guint, n_ids + 1);
  g_autofree guint *fill = NULL;
  g_autofree LuminaMetricPending *grouped = g_new (LuminaMetricPending, batch->len);

  for (guint i = 0; i < batch->len; i++)
    start[in[i].series + 1]++;
  for (guint id = 1; id <= n_ids; id++)
    start[id] += start[id - 1];
  fill = g_memdup2 (start, (n_ids + 1) * sizeof (guint));
  for (guint i = 0; i < batch->len; i++)
    grouped[fill[in[i].series]++] = in[i];

  for (guint id = 0; id < n_ids; id++)
    if (start[id + 1] > start[id] &&
        !ingest_series (self, id, grouped + start[id], start[id + 1] - start[id], error))
      return FALSE;
  return TRUE;
}

static gboolean
write_partials (LuminaMetricStore  *self,
                GError            **error)
{
  for (guint id = 0; id < self->writers->len; id++)
    {
      LuminaMetricWriterSeries *ws = g_ptr_array_index (self->writers, id);

      if (ws == NULL)
        continue;
      if (!write_head (self, id, ws, error) ||
          !_lumina_metric_rollup_flush (self, id, ws, error))
        return FALSE;
    }
  return TRUE;
}

/* Takes what is pending and writes it; with @sync, also the partial heads
 * and open buckets.  On failure the batch is lost and the writer's state
 * starts over from what is stored.  Call with the write lock held. */
gboolean
_lumina_metric_flush_locked (LuminaMetricStore  *self,
                             gboolean            sync,
                             GError            **error)
{
  g_autoptr(GArray) batch = NULL;
  guint n_ids;

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  self->pending = g_array_sized_new (FALSE, FALSE, sizeof (LuminaMetricPending), BATCH_SAMPLES);
  n_ids = self->series->len;
  g_cond_broadcast (&self->drained_cond);
  g_mutex_unlock (&self->lock);

  if (batch->len == 0 && !(sync && self->writer_dirty))
    return TRUE;

  if (!lumina_db_begin (self->write_db, error))
    goto failed;
  if (batch->len > 0 && !ingest_batch (self, batch, n_ids, error))
    goto failed;
  self->writer_dirty = TRUE;
  if (sync && !write_partials (self, error))
    goto failed;
  if (!lumina_db_commit (self->write_db, error))
    goto failed;
  if (sync)
    self->writer_dirty = FALSE;

  if (batch->len > 0)
    _lumina_metric_announce (self, batch->len);
  return TRUE;

failed:
  lumina_db_rollback (self->write_db);
  g_ptr_array_set_size (self->writers, 0);
  self->writer_dirty = FALSE;
  g_prefix_error (error, "%u samples were lost: ", batch->len);
  return FALSE;
}

static void
keep_error (LuminaMetricStore *self,
            GError            *error)
{
  g_mutex_lock (&self->lock);
  if (self->writer_error == NULL)
    self->writer_error = g_steal_pointer (&error);
  g_mutex_unlock (&self->lock);
  g_clear_error (&error);
}

static void
write_once (LuminaMetricStore *self,
            gboolean           sync)
{
  GError *error = NULL;

  g_mutex_lock (&self->write_lock);
  if (!_lumina_metric_flush_locked (self, sync, &error))
    keep_error (self, g_steal_pointer (&error));
  if (g_get_monotonic_time () >= self->next_retention_us)
    {
      self->next_retention_us = g_get_monotonic_time () + RETENTION_INTERVAL_US;
      if (!_lumina_metric_retention_run (self, g_get_real_time () / 1000, &error))
        keep_error (self, g_steal_pointer (&error));
    }
  g_mutex_unlock (&self->write_lock);
}

static gpointer
writer_thread (gpointer data)
{
  LuminaMetricStore *self = data;
  gint64 next_sync = g_get_monotonic_time () + FLUSH_INTERVAL_US;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gboolean sync;

      while (!self->stopping && self->pending->len < BATCH_SAMPLES &&
             g_cond_wait_until (&self->wake_cond, &self->lock, next_sync))
        ;
      if (self->stopping)
        break;
      sync = g_get_monotonic_time () >= next_sync;
      if (sync)
        next_sync = g_get_monotonic_time () + FLUSH_INTERVAL_US;
      g_mutex_unlock (&self->lock);

      write_once (self, sync);

      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

void
_lumina_metric_writer_start (LuminaMetricStore *self)
{
  g_assert (self->thread == NULL);

  self->next_retention_us = g_get_monotonic_time () + RETENTION_INTERVAL_US;
  self->thread = g_thread_new ("lumina-metrics", writer_thread, self);
}

/* Stops the thread; what is still pending is left for a final flush. */
void
_lumina_metric_writer_stop (LuminaMetricStore *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->wake_cond);
  g_cond_broadcast (&self->drained_cond);
  g_mutex_unlock (&self->lock);

  if (self->thread != NULL)
    g_clear_pointer (&self->thread, g_thread_join);
}
