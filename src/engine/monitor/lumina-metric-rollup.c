/* lumina-metric-rollup.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Roll-ups at 10 s, 1 min and 1 h, and retention.
 *
 * The writer feeds every sample to one open bucket per resolution and
 * series.  A bucket is written when a sample falls into another bucket and
 * at every synchronous flush; writes merge into any row already there
 * (count and sum add, min and max combine, the later "last" wins, counter
 * increments add), so a bucket written in parts equals the bucket written
 * once.  In SQLite a NaN becomes NULL; NULL reads back as NaN.
 *
 * "inc" is the counter increase that ends in the bucket: for each sample,
 * its increase over the previous sample of the series (a drop being a
 * reset), so rate() over roll-ups agrees with rate() over raw samples.
 */
#define G_LOG_DOMAIN "lumina-metric-rollup"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

static const char * const rollup_tables[LUMINA_METRIC_N_ROLLUPS] = {
  "rollup_10s", "rollup_1min", "rollup_1h",
};

#define UPSERT_SQL                                                                    \
  "INSERT INTO %s (series, t, count, sum, min, max, last_t, last, inc) "              \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "                                      \
  "ON CONFLICT (series, t) DO UPDATE SET "                                            \
  "count = count + excluded.count, "                                                  \
  "sum = sum + excluded.sum, "                                                        \
  "min = CASE WHEN min IS NULL THEN excluded.min WHEN excluded.min IS NULL THEN min " \
  "      ELSE min (min, excluded.min) END, "                                          \
  "max = CASE WHEN max IS NULL THEN excluded.max WHEN excluded.max IS NULL THEN max " \
  "      ELSE max (max, excluded.max) END, "                                          \
  "last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END, "     \
  "last_t = max (last_t, excluded.last_t), "                                          \
  "inc = inc + excluded.inc"

void
_lumina_metric_bucket_reset (LuminaMetricBucket *bucket)
{
  bucket->t = G_MININT64;
  bucket->count = 0;
  bucket->sum = 0.0;
  bucket->min = NAN;
  bucket->max = NAN;
  bucket->last_t = G_MININT64;
  bucket->last = NAN;
  bucket->inc = 0.0;
}

void
_lumina_metric_bucket_add (LuminaMetricBucket *bucket,
                           gint64              time_ms,
                           double              value,
                           double              inc)
{
  bucket->count++;
  bucket->sum += value;
  /* fmin and fmax skip a NaN operand, so NaN survives only when alone. */
  bucket->min = fmin (bucket->min, value);
  bucket->max = fmax (bucket->max, value);
  if (time_ms >= bucket->last_t)
    {
      bucket->last_t = time_ms;
      bucket->last = value;
    }
  bucket->inc += inc;
}

static inline gint64
floor_to (gint64 t,
          gint64 width)
{
  return t - t % width;  /* times are never negative */
}

static sqlite3_stmt *
upsert_statement (LuminaMetricStore  *self,
                  guint               r,
                  GError            **error)
{
  if (self->rollup_upsert[r] == NULL)
    {
      g_autofree char *sql = g_strdup_printf (UPSERT_SQL, rollup_tables[r]);

      self->rollup_upsert[r] = lumina_db_prepare (self->write_db, sql, error);
    }
  return self->rollup_upsert[r];
}

static gboolean
bucket_write (LuminaMetricStore   *self,
              guint                series,
              guint                r,
              LuminaMetricBucket  *bucket,
              GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (bucket->count == 0)
    return TRUE;
  if (!(stmt = upsert_statement (self, r, error)))
    return FALSE;

  /* sqlite3_bind_double() turns NaN into NULL by itself. */
  sqlite3_bind_int64 (stmt, 1, series);
  sqlite3_bind_int64 (stmt, 2, bucket->t);
  sqlite3_bind_int64 (stmt, 3, bucket->count);
  sqlite3_bind_double (stmt, 4, bucket->sum);
  sqlite3_bind_double (stmt, 5, bucket->min);
  sqlite3_bind_double (stmt, 6, bucket->max);
  sqlite3_bind_int64 (stmt, 7, bucket->last_t);
  sqlite3_bind_double (stmt, 8, bucket->last);
  sqlite3_bind_double (stmt, 9, bucket->inc);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->write_db, error, "writing a roll-up");
      return FALSE;
    }
  _lumina_metric_bucket_reset (bucket);
  return TRUE;
}

/* Adds one sample to the open bucket of every roll-up resolution, writing
 * the buckets it leaves behind. */
gboolean
_lumina_metric_rollup_add (LuminaMetricStore         *self,
                           guint                      series,
                           LuminaMetricWriterSeries  *ws,
                           gint64                     time_ms,
                           double                     value,
                           double                     inc,
                           GError                   **error)
{
  for (guint r = 0; r < LUMINA_METRIC_N_ROLLUPS; r++)
    {
      LuminaMetricBucket *bucket = &ws->open[r];
      gint64 t = floor_to (time_ms, lumina_metric_resolution_get_ms (r + 1));

      if (bucket->t != t)
        {
          if (!bucket_write (self, series, r, bucket, error))
            return FALSE;
          bucket->t = t;
        }
      _lumina_metric_bucket_add (bucket, time_ms, value, inc);
    }
  return TRUE;
}

/* Writes the open buckets of @ws as they stand; later samples of the same
 * buckets merge into those rows. */
gboolean
_lumina_metric_rollup_flush (LuminaMetricStore         *self,
                             guint                      series,
                             LuminaMetricWriterSeries  *ws,
                             GError                   **error)
{
  for (guint r = 0; r < LUMINA_METRIC_N_ROLLUPS; r++)
    if (!bucket_write (self, series, r, &ws->open[r], error))
      return FALSE;
  return TRUE;
}

void
_lumina_metric_rollup_finalize_statements (LuminaMetricStore *self)
{
  for (guint r = 0; r < LUMINA_METRIC_N_ROLLUPS; r++)
    g_clear_pointer (&self->rollup_upsert[r], sqlite3_finalize);
}

static gboolean
exec_with_cutoff (LuminaDb    *db,
                  const char  *sql,
                  gint64       cutoff,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (db, error, "dropping old samples");
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_horizon (LuminaDb    *db,
              guint        r,
              gint64       horizon,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lumina_db_prepare (db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);
  g_autofree char *key = g_strdup_printf ("horizon.%u", r);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, horizon);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (db, error, "saving the retention horizon");
      return FALSE;
    }
  return TRUE;
}

/* Drops whole chunks that end before the raw cutoff and whole buckets that
 * end at or before their resolution's cutoff.  Queries also ignore raw
 * samples older than the cutoff, so a chunk straddling it reads as cut
 * exactly.  Call with the write lock held. */
gboolean
_lumina_metric_retention_run (LuminaMetricStore  *self,
                              gint64              now_ms,
                              GError            **error)
{
  gint64 cutoffs[LUMINA_METRIC_N_RESOLUTIONS];

  for (guint r = 0; r < LUMINA_METRIC_N_RESOLUTIONS; r++)
    cutoffs[r] = self->retention[r] > 0 ? MAX (self->horizon[r], now_ms - self->retention[r])
                                        : self->horizon[r];

  if (!lumina_db_begin (self->write_db, error))
    return FALSE;
  if (!exec_with_cutoff (self->write_db, "DELETE FROM chunks WHERE end_ms < ?1", cutoffs[0], error))
    goto failed;
  for (guint r = 0; r < LUMINA_METRIC_N_ROLLUPS; r++)
    {
      g_autofree char *sql =
        g_strdup_printf ("DELETE FROM %s WHERE t + %" G_GINT64_FORMAT " <= ?1",
                         rollup_tables[r], lumina_metric_resolution_get_ms (r + 1));

      if (!exec_with_cutoff (self->write_db, sql, cutoffs[r + 1], error))
        goto failed;
    }
  for (guint r = 0; r < LUMINA_METRIC_N_RESOLUTIONS; r++)
    if (!save_horizon (self->write_db, r, cutoffs[r], error))
      goto failed;
  if (!lumina_db_commit (self->write_db, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  memcpy (self->horizon, cutoffs, sizeof cutoffs);
  g_mutex_unlock (&self->lock);
  return TRUE;

failed:
  lumina_db_rollback (self->write_db);
  return FALSE;
}

gboolean
_lumina_metric_horizons_load (LuminaMetricStore  *self,
                              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lumina_db_prepare (self->write_db, "SELECT key, value FROM meta WHERE key LIKE 'horizon.%'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      guint64 r = g_ascii_strtoull (key + strlen ("horizon."), NULL, 10);

      if (r < LUMINA_METRIC_N_RESOLUTIONS)
        self->horizon[r] = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->write_db, error, "reading retention horizons");
      return FALSE;
    }
  return TRUE;
}
