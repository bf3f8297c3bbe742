/* lumina-metric-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metric store object: metrics.db and its schema, appends, ring
 * buffers, retention settings and the throttled "changed" signal.  Series
 * are in lumina-metric-catalog.c, the writer thread in
 * lumina-metric-writer.c, queries in lumina-metric-query.c.
 *
 * Locking: `lock` guards the series table, pending samples, rings,
 * retention settings and the announce state, and is only held briefly.
 * `write_lock` guards the write connection and the writer's per-series
 * state; it is taken before `lock`, never after.  Queries use a second,
 * read-only connection, so they never wait for a write (WAL).
 */
#define G_LOG_DOMAIN "lumina-metric-store"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"
#include "lumina-workspace.h"

/* "LMNM": PRAGMA application_id of metrics.db. */
#define METRICS_APPLICATION_ID 0x4C4D4E4D
#define METRICS_SCHEMA_VERSION 1
/* Appenders wait for the writer past this many pending samples. */
#define MAX_PENDING            (1 << 21)
#define BATCH_SAMPLES          (1 << 16)
#define ANNOUNCE_INTERVAL_US   (250 * G_TIME_SPAN_MILLISECOND)

#define DAY_MS ((gint64) 24 * 3600 * 1000)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS series ("
  "  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, labels BLOB);"
  "CREATE TABLE IF NOT EXISTS chunks ("
  "  id INTEGER PRIMARY KEY, series INTEGER NOT NULL, start_ms INTEGER NOT NULL,"
  "  end_ms INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);"
  "CREATE INDEX IF NOT EXISTS chunks_by_series ON chunks (series, end_ms);"
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER);"
#define ROLLUP_TABLE(name)                                                      \
  "CREATE TABLE IF NOT EXISTS " name " ("                                       \
  "  series INTEGER NOT NULL, t INTEGER NOT NULL, count INTEGER NOT NULL,"      \
  "  sum REAL, min REAL, max REAL, last_t INTEGER NOT NULL, last REAL,"         \
  "  inc REAL NOT NULL, PRIMARY KEY (series, t)) WITHOUT ROWID;"
  ROLLUP_TABLE ("rollup_10s")
  ROLLUP_TABLE ("rollup_1min")
  ROLLUP_TABLE ("rollup_1h");
#undef ROLLUP_TABLE

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LuminaMetricStore, lumina_metric_store, G_TYPE_OBJECT)

static void
lumina_metric_store_dispose (GObject *object)
{
  LuminaMetricStore *self = (LuminaMetricStore *)object;
  g_autoptr(GError) error = NULL;

  _lumina_metric_writer_stop (self);

  g_mutex_lock (&self->write_lock);
  if (self->write_db != NULL && !_lumina_metric_flush_locked (self, TRUE, &error))
    g_warning ("Metric samples were lost when the store closed: %s", error->message);
  g_clear_pointer (&self->chunk_insert, sqlite3_finalize);
  g_clear_pointer (&self->chunk_update, sqlite3_finalize);
  _lumina_metric_rollup_finalize_statements (self);
  g_clear_pointer (&self->write_db, lumina_db_unref);
  g_mutex_unlock (&self->write_lock);

  g_mutex_lock (&self->lock);
  if (self->announce_source != NULL)
    {
      g_source_destroy (self->announce_source);
      g_clear_pointer (&self->announce_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->read_db, lumina_db_unref);

  G_OBJECT_CLASS (lumina_metric_store_parent_class)->dispose (object);
}

static void
lumina_metric_store_finalize (GObject *object)
{
  LuminaMetricStore *self = (LuminaMetricStore *)object;

  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->series_by_key, g_hash_table_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->writers, g_ptr_array_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_error (&self->writer_error);
  g_free (self->path);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->write_lock);
  g_cond_clear (&self->wake_cond);
  g_cond_clear (&self->drained_cond);

  G_OBJECT_CLASS (lumina_metric_store_parent_class)->finalize (object);
}

static void
lumina_metric_store_class_init (LuminaMetricStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_metric_store_dispose;
  object_class->finalize = lumina_metric_store_finalize;

  /**
   * LuminaMetricStore::changed:
   * @n_samples: samples written since the last emission
   *
   * New samples reached metrics.db.  Emitted on the store's main context,
   * at most about four times a second.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
lumina_metric_store_init (LuminaMetricStore *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->write_lock);
  g_cond_init (&self->wake_cond);
  g_cond_init (&self->drained_cond);
  self->owner_context = g_main_context_ref_thread_default ();
  self->pending = g_array_sized_new (FALSE, FALSE, sizeof (LuminaMetricPending), BATCH_SAMPLES);
  self->series = g_ptr_array_new_with_free_func (_lumina_metric_series_free);
  g_ptr_array_add (self->series, NULL);
  self->series_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->writers = g_ptr_array_new_with_free_func (_lumina_metric_writer_series_free);
  self->retention[LUMINA_METRIC_RESOLUTION_RAW] = 2 * DAY_MS;
  self->retention[LUMINA_METRIC_RESOLUTION_10S] = 14 * DAY_MS;
  self->retention[LUMINA_METRIC_RESOLUTION_1MIN] = 90 * DAY_MS;
  self->retention[LUMINA_METRIC_RESOLUTION_1H] = 2 * 365 * DAY_MS;
}

static gboolean
open_databases (LuminaMetricStore  *self,
                GError            **error)
{
  g_autofree char *pragma = NULL;
  gint64 version = 0;

  if (!(self->write_db = lumina_db_open (self->path, TRUE, error)))
    return FALSE;
  if (!lumina_db_query_int64 (self->write_db, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > METRICS_SCHEMA_VERSION)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_SCHEMA_TOO_NEW,
                   "“%s” was written by a newer LuminaOps (metrics schema %" G_GINT64_FORMAT ")",
                   self->path, version);
      return FALSE;
    }
  pragma = g_strdup_printf ("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                            "PRAGMA cache_size = -16384; %s"
                            "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            schema_sql, METRICS_APPLICATION_ID, METRICS_SCHEMA_VERSION);
  if (!lumina_db_exec (self->write_db, pragma, error) ||
      !_lumina_metric_series_load (self, error) ||
      !_lumina_metric_horizons_load (self, error))
    return FALSE;

  if (!(self->read_db = lumina_db_open (self->path, FALSE, error)) ||
      !lumina_db_exec (self->read_db, "PRAGMA cache_size = -8192; PRAGMA query_only = 1;", error))
    return FALSE;
  return TRUE;
}

/**
 * lumina_metric_store_new_for_path:
 * @path: the database file, created when missing
 *
 * Opens the store and starts its writer thread.  The store belongs to the
 * thread-default main context, where it emits #LuminaMetricStore::changed.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
LuminaMetricStore *
lumina_metric_store_new_for_path (const char  *path,
                                  GError     **error)
{
  g_autoptr(LuminaMetricStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_METRIC_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_databases (self, error))
    return NULL;
  _lumina_metric_writer_start (self);
  return g_steal_pointer (&self);
}

/**
 * lumina_metric_store_new:
 * @workspace: the workspace whose `metrics.db` to open
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
LuminaMetricStore *
lumina_metric_store_new (LuminaWorkspace  *workspace,
                         GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  path = g_build_filename (lumina_workspace_get_path (workspace), "metrics.db", NULL);
  return lumina_metric_store_new_for_path (path, error);
}

const char *
lumina_metric_store_get_path (LuminaMetricStore *self)
{
  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), NULL);

  return self->path;
}

static gboolean
unknown_series (guint    series_id,
                GError **error)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
               "There is no metric series %u", series_id);
  return FALSE;
}

/* Call with the lock held; it may be released while waiting. */
static void
push_locked (LuminaMetricStore *self,
             guint              series_id,
             gint64             time_ms,
             double             value)
{
  LuminaMetricPending pending = { series_id, time_ms, value };
  LuminaMetricSeries *series = g_ptr_array_index (self->series, series_id);

  while (self->pending->len >= MAX_PENDING && !self->stopping)
    g_cond_wait (&self->drained_cond, &self->lock);
  g_array_append_val (self->pending, pending);
  _lumina_metric_ring_push (&series->ring, time_ms, value);
  if (self->pending->len == BATCH_SAMPLES)
    g_cond_signal (&self->wake_cond);
}

/**
 * lumina_metric_store_append:
 * @series_id: from lumina_metric_store_series()
 * @time_ms: milliseconds since the Unix epoch
 * @value: any double, NaN and infinities included
 *
 * Queues one sample for the writer and puts it in the series' ring buffer.
 * Thread-safe and cheap; blocks only when the writer is far behind.
 *
 * Returns: %TRUE, or %FALSE with @error set for an unknown series or a
 *   time before 1970 or after year 9999
 */
gboolean
lumina_metric_store_append (LuminaMetricStore  *self,
                            guint               series_id,
                            gint64              time_ms,
                            double              value,
                            GError            **error)
{
  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), FALSE);

  if (!_lumina_metric_check_time (time_ms, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  if (!_lumina_metric_series_known (self, series_id))
    {
      g_mutex_unlock (&self->lock);
      return unknown_series (series_id, error);
    }
  push_locked (self, series_id, time_ms, value);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * lumina_metric_store_append_samples:
 * @samples: (array length=n_samples): samples of one series
 *
 * Like lumina_metric_store_append() for many samples at once.  A bad time
 * anywhere rejects the whole batch.  Thread-safe.
 */
gboolean
lumina_metric_store_append_samples (LuminaMetricStore         *self,
                                    guint                      series_id,
                                    const LuminaMetricSample  *samples,
                                    gsize                      n_samples,
                                    GError                   **error)
{
  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), FALSE);
  g_return_val_if_fail (samples != NULL || n_samples == 0, FALSE);

  for (gsize i = 0; i < n_samples; i++)
    if (!_lumina_metric_check_time (samples[i].time_ms, error))
      return FALSE;

  g_mutex_lock (&self->lock);
  if (!_lumina_metric_series_known (self, series_id))
    {
      g_mutex_unlock (&self->lock);
      return unknown_series (series_id, error);
    }
  for (gsize i = 0; i < n_samples; i++)
    push_locked (self, series_id, samples[i].time_ms, samples[i].value);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * lumina_metric_store_append_points:
 * @points: (element-type LuminaMetricPoint): points of any series
 *
 * Appends points by name and labels, creating series on first use.  Every
 * point is checked first: a bad name, label or time rejects the whole batch
 * and nothing is written.  Thread-safe.
 */
gboolean
lumina_metric_store_append_points (LuminaMetricStore  *self,
                                   GPtrArray          *points,
                                   GError            **error)
{
  g_autofree guint *ids = NULL;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);
      g_auto(GStrv) sorted = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!_lumina_metric_check_name (point->name, error) ||
          !_lumina_metric_check_time (point->time_ms, error))
        return FALSE;
      sorted = _lumina_metric_sorted_labels ((const char * const *) point->labels, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  ids = g_new (guint, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);

      if (!(ids[i] = lumina_metric_store_series (self, point->name,
                                                 (const char * const *) point->labels, error)))
        return FALSE;
    }

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);

      push_locked (self, ids[i], point->time_ms, point->value);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * lumina_metric_store_flush:
 *
 * Writes every sample appended so far, so queries see them.  Also reports
 * a failure of the writer thread since the last call.  Thread-safe; it
 * blocks on SQLite.
 */
gboolean
lumina_metric_store_flush (LuminaMetricStore  *self,
                           GError            **error)
{
  GError *writer_error;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), FALSE);

  g_mutex_lock (&self->write_lock);
  ok = self->write_db != NULL && _lumina_metric_flush_locked (self, TRUE, error);
  g_mutex_unlock (&self->write_lock);
  if (!ok)
    return FALSE;

  g_mutex_lock (&self->lock);
  writer_error = g_steal_pointer (&self->writer_error);
  g_mutex_unlock (&self->lock);
  if (writer_error != NULL)
    {
      g_propagate_error (error, writer_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * lumina_metric_store_recent:
 * @since_ms: the oldest time wanted
 *
 * The ring buffer: the series' latest points (at most 1024, appended or
 * not yet written), at or after @since_ms, oldest first.  Never touches
 * SQL.  Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaMetricSample): the points;
 *   empty for an unknown series
 */
GArray *
lumina_metric_store_recent (LuminaMetricStore *self,
                            guint              series_id,
                            gint64             since_ms)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), out);

  g_mutex_lock (&self->lock);
  if (_lumina_metric_series_known (self, series_id))
    {
      LuminaMetricSeries *series = g_ptr_array_index (self->series, series_id);

      _lumina_metric_ring_collect (&series->ring, since_ms, out);
    }
  g_mutex_unlock (&self->lock);
  return out;
}

/**
 * lumina_metric_store_set_retention:
 * @keep_ms: how long to keep data at @resolution, 0 for ever
 *
 * Defaults: raw 2 days, 10 s 14 days, 1 min 90 days, 1 h 2 years.
 * Thread-safe.
 */
void
lumina_metric_store_set_retention (LuminaMetricStore      *self,
                                   LuminaMetricResolution  resolution,
                                   gint64                  keep_ms)
{
  g_return_if_fail (LUMINA_IS_METRIC_STORE (self));
  g_return_if_fail (resolution <= LUMINA_METRIC_RESOLUTION_1H);
  g_return_if_fail (keep_ms >= 0);

  g_mutex_lock (&self->lock);
  self->retention[resolution] = keep_ms;
  g_mutex_unlock (&self->lock);
}

gint64
lumina_metric_store_get_retention (LuminaMetricStore      *self,
                                   LuminaMetricResolution  resolution)
{
  gint64 keep_ms;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), 0);
  g_return_val_if_fail (resolution <= LUMINA_METRIC_RESOLUTION_1H, 0);

  g_mutex_lock (&self->lock);
  keep_ms = self->retention[resolution];
  g_mutex_unlock (&self->lock);
  return keep_ms;
}

/**
 * lumina_metric_store_enforce_retention:
 * @now_ms: the time retention is measured back from
 *
 * Flushes, then drops data older than each resolution's retention.  The
 * writer also does this every ten minutes with the wall clock.
 * Thread-safe; it blocks on SQLite.
 */
gboolean
lumina_metric_store_enforce_retention (LuminaMetricStore  *self,
                                       gint64              now_ms,
                                       GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), FALSE);

  g_mutex_lock (&self->write_lock);
  ok = self->write_db != NULL &&
       _lumina_metric_flush_locked (self, TRUE, error) &&
       _lumina_metric_retention_run (self, now_ms, error);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static gboolean
announce_cb (gpointer data)
{
  LuminaMetricStore *self = data;
  guint64 n;

  g_mutex_lock (&self->lock);
  n = self->unannounced;
  self->unannounced = 0;
  self->last_announce_us = g_get_monotonic_time ();
  g_clear_pointer (&self->announce_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (n > 0)
    g_signal_emit (self, signals[CHANGED], 0, n);
  return G_SOURCE_REMOVE;
}

/* Any thread.  Queues at most one emission of "changed" on the owner
 * context, no sooner than ANNOUNCE_INTERVAL_US after the last.  Dispose
 * destroys a queued source, so it holds no reference. */
void
_lumina_metric_announce (LuminaMetricStore *self,
                         guint64            n_samples)
{
  g_mutex_lock (&self->lock);
  self->unannounced += n_samples;
  if (self->announce_source == NULL && !self->stopping)
    {
      gint64 wait_us = self->last_announce_us + ANNOUNCE_INTERVAL_US - g_get_monotonic_time ();

      self->announce_source = wait_us > 0 ? g_timeout_source_new ((guint) (wait_us / 1000) + 1)
                                          : g_idle_source_new ();
      g_source_set_static_name (self->announce_source, "[lumina-metric-store] changed");
      g_source_set_callback (self->announce_source, announce_cb, self, NULL);
      g_source_attach (self->announce_source, self->owner_context);
    }
  g_mutex_unlock (&self->lock);
}
