/* lumina-tracker-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step metrics are the tracker's hot path (one point per boosting round
 * from every AutoML worker), so lumina_tracker_log_metric() only appends
 * to a buffer under a mutex.  The buffer goes to the database in one
 * transaction once it holds LUMINA_TRACKER_FLUSH_POINTS points, on
 * lumina_tracker_flush(), when a run finishes and before any read of step
 * metrics.
 */
#define G_LOG_DOMAIN "lumina-tracker-metrics"

#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-tracker-private.h"
#include "lumina-util.h"

/* Expects the db lock and an open transaction. */
gboolean
_lumina_tracker_write_points (LuminaTracker  *self,
                              GArray         *batch,
                              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (batch->len == 0)
    return TRUE;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "INSERT OR REPLACE INTO run_metrics (run, key, step, value) "
                                  "VALUES (?1, ?2, ?3, ?4)",
                                  error)))
    return FALSE;

  for (guint i = 0; i < batch->len; i++)
    {
      const LuminaMetricPoint *point = &g_array_index (batch, LuminaMetricPoint, i);

      sqlite3_bind_text (stmt, 1, point->run_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, point->key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, point->step);
      /* SQLite stores a NaN as NULL anyway; say so explicitly. */
      if (isnan (point->value))
        sqlite3_bind_null (stmt, 4);
      else
        sqlite3_bind_double (stmt, 4, point->value);

      if (!_lumina_tracker_step_done (self, stmt, "storing step metrics", error))
        return FALSE;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/* Expects flush_lock.  The caller writes the batch, then gives it back
 * with _lumina_tracker_give_back_points(). */
GArray *
_lumina_tracker_take_points (LuminaTracker *self)
{
  GArray *batch;

  g_mutex_lock (&self->lock);
  batch = self->points;
  self->points = g_array_sized_new (FALSE, FALSE, sizeof (LuminaMetricPoint),
                                    LUMINA_TRACKER_FLUSH_POINTS);
  g_mutex_unlock (&self->lock);

  return batch;
}

/* Points that could not be written go back in front of newer ones, to be
 * tried again by the next flush. */
void
_lumina_tracker_give_back_points (LuminaTracker *self,
                                  GArray        *batch,
                                  gboolean       written)
{
  if (!written && batch->len > 0)
    {
      g_mutex_lock (&self->lock);
      g_array_prepend_vals (self->points, batch->data, batch->len);
      g_mutex_unlock (&self->lock);
    }

  g_array_unref (batch);
}

/* Writes the buffered points in one transaction.  Without @wait, returns
 * at once when another thread is flushing already. */
gboolean
_lumina_tracker_flush_points (LuminaTracker  *self,
                              gboolean        wait,
                              GError        **error)
{
  GArray *batch;
  gboolean ok = TRUE;

  if (wait)
    g_mutex_lock (&self->flush_lock);
  else if (!g_mutex_trylock (&self->flush_lock))
    return TRUE;

  batch = _lumina_tracker_take_points (self);
  if (batch->len > 0)
    {
      lumina_db_lock (self->db);
      ok = lumina_db_begin (self->db, error);
      if (ok && !_lumina_tracker_write_points (self, batch, error))
        {
          lumina_db_rollback (self->db);
          ok = FALSE;
        }
      ok = ok && lumina_db_commit (self->db, error);
      lumina_db_unlock (self->db);
    }
  _lumina_tracker_give_back_points (self, batch, ok);

  g_mutex_unlock (&self->flush_lock);

  return ok;
}

/* Returns the tracker's own copy of @run_id, or NULL for an unknown run. */
static const char *
intern_run (LuminaTracker *self,
            const char    *run_id)
{
  const char *known;

  g_mutex_lock (&self->lock);
  known = g_hash_table_lookup (self->known_runs, run_id);
  g_mutex_unlock (&self->lock);
  if (known != NULL)
    return known;

  /* Once per run: one started through another tracker or process. */
  if (!_lumina_tracker_check_run (self, run_id, NULL))
    {
      g_mutex_lock (&self->lock);
      self->n_dropped++;
      lumina_set_str (&self->dropped_run, run_id);
      g_mutex_unlock (&self->lock);
      return NULL;
    }

  _lumina_tracker_remember_run (self, run_id);

  g_mutex_lock (&self->lock);
  known = g_hash_table_lookup (self->known_runs, run_id);
  g_mutex_unlock (&self->lock);

  return known;
}

/**
 * lumina_tracker_log_metric:
 * @self: a tracker
 * @run_id: a run started in this workspace
 * @key: the metric's name, e.g. "valid_loss"
 * @step: the step (iteration, epoch) the value belongs to
 * @value: the value; NaN is kept as a missing value
 *
 * Buffers one point of a step metric; a later point for the same step
 * replaces it.  Cheap enough to call every iteration.  Points logged for
 * an unknown run are dropped, and the next lumina_tracker_flush() reports
 * it.  Thread-safe.
 */
void
lumina_tracker_log_metric (LuminaTracker *self,
                           const char    *run_id,
                           const char    *key,
                           guint          step,
                           double         value)
{
  g_autoptr(GError) error = NULL;
  LuminaMetricPoint point;
  gboolean full;

  g_return_if_fail (LUMINA_IS_TRACKER (self));
  g_return_if_fail (run_id != NULL);
  g_return_if_fail (key != NULL && key[0] != '\0');

  if (!(point.run_id = intern_run (self, run_id)))
    return;
  point.step = step;
  point.value = value;

  g_mutex_lock (&self->lock);
  if (!(point.key = g_hash_table_lookup (self->keys, key)))
    {
      char *copy = g_strdup (key);

      g_hash_table_insert (self->keys, copy, copy);
      point.key = copy;
    }
  g_array_append_val (self->points, point);
  full = self->points->len >= LUMINA_TRACKER_FLUSH_POINTS;
  g_mutex_unlock (&self->lock);

  /* Nobody to report to here: the points stay buffered for the next flush. */
  if (full && !_lumina_tracker_flush_points (self, FALSE, &error))
    g_debug ("Step metrics stay buffered: %s", error->message);
}

/**
 * lumina_tracker_flush:
 * @self: a tracker
 * @error: a location for a #GError
 *
 * Stores every step metric point logged so far, in one transaction.
 * Thread-safe.
 *
 * Returns: %FALSE on a database error, or with %LUMINA_ERROR_NOT_FOUND
 *   when points were logged for a run that does not exist (those are
 *   dropped; the others are stored)
 */
gboolean
lumina_tracker_flush (LuminaTracker  *self,
                      GError        **error)
{
  g_autofree char *dropped_run = NULL;
  guint n_dropped;

  g_return_val_if_fail (LUMINA_IS_TRACKER (self), FALSE);

  if (!_lumina_tracker_flush_points (self, TRUE, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  n_dropped = self->n_dropped;
  dropped_run = g_steal_pointer (&self->dropped_run);
  self->n_dropped = 0;
  g_mutex_unlock (&self->lock);

  if (n_dropped > 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "Dropped %u step metric points logged for “%s”, which is no run in this workspace",
                   n_dropped, dropped_run);
      return FALSE;
    }

  return TRUE;
}
