/* lumina-metric-query.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Range queries and histogram quantiles.
 *
 * A query covers whole steps: windows start at multiples of @step_ms (from
 * the epoch), from the one holding @from_ms to the one holding @to_ms, and
 * every sample or bucket in a window counts.  Windows without data yield no
 * point.  Raw samples and roll-up buckets fold into the same accumulator,
 * so a step that is a multiple of the resolution gives the same answer at
 * every resolution.  Queries read what has been flushed.
 */
#define G_LOG_DOMAIN "lumina-metric-query"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

#define CHUNKS_SQL                                                                     \
  "SELECT data FROM chunks WHERE series = ?1 AND start_ms < ?3 AND end_ms >= "        \
  "(SELECT coalesce (max (end_ms), ?2) FROM chunks WHERE series = ?1 AND end_ms < ?2)"
#define ROLLUP_SQL                                                                     \
  "SELECT t, count, sum, min, max, last_t, last, inc FROM %s "                        \
  "WHERE series = ?1 AND t >= ?2 AND t < ?3 AND t + %" G_GINT64_FORMAT " > ?4 ORDER BY t"

static const char * const rollup_tables[LUMINA_METRIC_N_ROLLUPS] = {
  "rollup_10s", "rollup_1min", "rollup_1h",
};

typedef struct
{
  LuminaMetricAgg     agg;
  gint64              step;
  gint64              window;   /* start of the window being folded */
  LuminaMetricBucket  acc;
  GArray             *out;
} Fold;

static void
fold_init (Fold            *fold,
           LuminaMetricAgg  agg,
           gint64           step)
{
  fold->agg = agg;
  fold->step = step;
  fold->window = G_MININT64;
  _lumina_metric_bucket_reset (&fold->acc);
  fold->out = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
}

static double
fold_value (const Fold *fold)
{
  const LuminaMetricBucket *acc = &fold->acc;

  switch (fold->agg)
    {
    case LUMINA_METRIC_AGG_AVG:   return acc->sum / (double) acc->count;
    case LUMINA_METRIC_AGG_MIN:   return acc->min;
    case LUMINA_METRIC_AGG_MAX:   return acc->max;
    case LUMINA_METRIC_AGG_SUM:   return acc->sum;
    case LUMINA_METRIC_AGG_COUNT: return (double) acc->count;
    case LUMINA_METRIC_AGG_LAST:  return acc->last;
    case LUMINA_METRIC_AGG_RATE:  return acc->inc / ((double) fold->step / 1000.0);
    default:
      g_assert_not_reached ();
    }
}

static void
fold_emit (Fold *fold)
{
  if (fold->acc.count > 0)
    {
      LuminaMetricSample point = { fold->window, fold_value (fold) };

      g_array_append_val (fold->out, point);
    }
  _lumina_metric_bucket_reset (&fold->acc);
}

/* Moves to the window of @t, emitting the one left behind. */
static LuminaMetricBucket *
fold_at (Fold   *fold,
         gint64  t)
{
  gint64 window = t - t % fold->step;

  if (window != fold->window)
    {
      fold_emit (fold);
      fold->window = window;
    }
  return &fold->acc;
}

static void
bucket_merge (LuminaMetricBucket       *into,
              const LuminaMetricBucket *from)
{
  into->count += from->count;
  into->sum += from->sum;
  into->min = fmin (into->min, from->min);
  into->max = fmax (into->max, from->max);
  if (from->last_t >= into->last_t)
    {
      into->last_t = from->last_t;
      into->last = from->last;
    }
  into->inc += from->inc;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const LuminaMetricSample *) a)->time_ms;
  gint64 y = ((const LuminaMetricSample *) b)->time_ms;

  return (x > y) - (x < y);
}

/* Raw samples overlapping [start, end), plus the chunk before them, which
 * holds the previous value of a counter.  Call with the read lock held. */
static GArray *
read_raw (LuminaMetricStore  *self,
          guint               series,
          gint64              start,
          gint64              end,
          GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (self->read_db, CHUNKS_SQL, error);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, series);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!_lumina_metric_chunk_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                      samples, error))
      return NULL;
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->read_db, error, "reading samples");
      return NULL;
    }
  for (guint i = 1; i < samples->len; i++)
    if (compare_times (&g_array_index (samples, LuminaMetricSample, i - 1),
                       &g_array_index (samples, LuminaMetricSample, i)) > 0)
      {
        g_array_sort (samples, compare_times);  /* stable */
        break;
      }
  return g_steal_pointer (&samples);
}

static gboolean
fold_raw (LuminaMetricStore  *self,
          Fold               *fold,
          guint               series,
          gint64              start,
          gint64              end,
          gint64              horizon,
          GError            **error)
{
  g_autoptr(GArray) samples = read_raw (self, series, start, end, error);
  gboolean prev_known = FALSE;
  double prev = NAN;

  if (samples == NULL)
    return FALSE;
  for (guint i = 0; i < samples->len; i++)
    {
      const LuminaMetricSample *s = &g_array_index (samples, LuminaMetricSample, i);
      double inc;

      if (s->time_ms < horizon)
        continue;
      if (s->time_ms >= end)
        break;
      inc = prev_known ? _lumina_metric_counter_inc (prev, s->value) : 0.0;
      if (!isnan (s->value))
        {
          prev_known = TRUE;
          prev = s->value;
        }
      if (s->time_ms >= start)
        _lumina_metric_bucket_add (fold_at (fold, s->time_ms), s->time_ms, s->value, inc);
    }
  return TRUE;
}

static inline double
column_double (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

static gboolean
fold_rollup (LuminaMetricStore       *self,
             Fold                    *fold,
             guint                    series,
             LuminaMetricResolution   resolution,
             gint64                   start,
             gint64                   end,
             gint64                   horizon,
             GError                 **error)
{
  g_autofree char *sql = g_strdup_printf (ROLLUP_SQL, rollup_tables[resolution - 1],
                                          lumina_metric_resolution_get_ms (resolution));
  g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (self->read_db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, horizon);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LuminaMetricBucket row;

      row.t = sqlite3_column_int64 (stmt, 0);
      row.count = sqlite3_column_int64 (stmt, 1);
      row.sum = column_double (stmt, 2);
      row.min = column_double (stmt, 3);
      row.max = column_double (stmt, 4);
      row.last_t = sqlite3_column_int64 (stmt, 5);
      row.last = column_double (stmt, 6);
      row.inc = column_double (stmt, 7);
      bucket_merge (fold_at (fold, row.t), &row);
    }
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->read_db, error, "reading roll-ups");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_range (gint64   from_ms,
             gint64   to_ms,
             gint64   step_ms,
             GError **error)
{
  if (!_lumina_metric_check_time (from_ms, error) || !_lumina_metric_check_time (to_ms, error))
    return FALSE;
  if (from_ms > to_ms)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The query starts (%" G_GINT64_FORMAT ") after it ends (%" G_GINT64_FORMAT ")",
                   from_ms, to_ms);
      return FALSE;
    }
  if (step_ms <= 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The query step must be at least 1 ms, not %" G_GINT64_FORMAT, step_ms);
      return FALSE;
    }
  return TRUE;
}

/**
 * lumina_metric_store_query_at:
 * @resolution: the resolution to read
 * @agg: how to combine the samples of each step
 *
 * Like lumina_metric_store_query(), at a resolution of the caller's choice.
 * Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaMetricSample) (nullable):
 *   one point per step with data, at the step's start; or %NULL with @error
 */
GArray *
lumina_metric_store_query_at (LuminaMetricStore       *self,
                              guint                    series_id,
                              LuminaMetricResolution   resolution,
                              gint64                   from_ms,
                              gint64                   to_ms,
                              gint64                   step_ms,
                              LuminaMetricAgg          agg,
                              GError                 **error)
{
  Fold fold;
  gint64 start, end, horizon;
  gboolean known, ok;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), NULL);
  g_return_val_if_fail (resolution <= LUMINA_METRIC_RESOLUTION_1H, NULL);
  g_return_val_if_fail (agg <= LUMINA_METRIC_AGG_RATE, NULL);

  if (!check_range (from_ms, to_ms, step_ms, error))
    return NULL;

  g_mutex_lock (&self->lock);
  known = _lumina_metric_series_known (self, series_id);
  horizon = self->horizon[resolution];
  g_mutex_unlock (&self->lock);
  if (!known)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "There is no metric series %u", series_id);
      return NULL;
    }

  start = from_ms - from_ms % step_ms;
  end = to_ms - to_ms % step_ms + step_ms;
  fold_init (&fold, agg, step_ms);

  lumina_db_lock (self->read_db);
  if (resolution == LUMINA_METRIC_RESOLUTION_RAW)
    ok = fold_raw (self, &fold, series_id, start, end, horizon, error);
  else
    ok = fold_rollup (self, &fold, series_id, resolution, start, end, horizon, error);
  lumina_db_unlock (self->read_db);

  if (!ok)
    {
      g_array_unref (fold.out);
      return NULL;
    }
  fold_emit (&fold);
  return fold.out;
}

/**
 * lumina_metric_store_query:
 * @series_id: from lumina_metric_store_series()
 * @from_ms: start of the range
 * @to_ms: end of the range, included
 * @step_ms: width of each output point
 * @agg: how to combine the samples of each step
 *
 * Reads the coarsest resolution with at least one bucket per step (see
 * lumina_metric_resolution_for_step()).  NaN and infinite samples come back
 * as they are: LAST returns them, SUM and AVG propagate them, MIN and MAX
 * skip NaN.  RATE is the counter's increase within the step (a drop
 * counting as a reset to zero) divided by the step in seconds.
 * Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaMetricSample) (nullable):
 *   one point per step with data, at the step's start; or %NULL with @error
 */
GArray *
lumina_metric_store_query (LuminaMetricStore  *self,
                           guint               series_id,
                           gint64              from_ms,
                           gint64              to_ms,
                           gint64              step_ms,
                           LuminaMetricAgg     agg,
                           GError            **error)
{
  return lumina_metric_store_query_at (self, series_id, lumina_metric_resolution_for_step (step_ms),
                                       from_ms, to_ms, step_ms, agg, error);
}

typedef struct
{
  double upper;
  double count;
} HistBucket;

/* Prometheus' bucketQuantile(): @buckets sorted by upper bound, counts
 * cumulative. */
static double
bucket_quantile (double      q,
                 HistBucket *buckets,
                 guint       n)
{
  guint b;
  double rank, start = 0.0, count;

  if (isnan (q))
    return NAN;
  if (q < 0)
    return -INFINITY;
  if (q > 1)
    return INFINITY;
  if (n < 2 || !isinf (buckets[n - 1].upper) || buckets[n - 1].upper < 0)
    return NAN;
  /* Counts must not decrease with the bound; rounding and scrape races can
   * make them, so take the running maximum as Prometheus does. */
  for (guint i = 1; i < n; i++)
    buckets[i].count = MAX (buckets[i].count, buckets[i - 1].count);
  if (buckets[n - 1].count == 0)
    return NAN;

  rank = q * buckets[n - 1].count;
  for (b = 0; b < n - 1 && buckets[b].count < rank; b++)
    ;
  if (b == n - 1)
    return buckets[n - 2].upper;
  if (b == 0 && buckets[0].upper <= 0)
    return buckets[0].upper;
  count = buckets[b].count;
  if (b > 0)
    {
      start = buckets[b - 1].upper;
      count -= buckets[b - 1].count;
      rank -= buckets[b - 1].count;
    }
  return start + (buckets[b].upper - start) * (rank / count);
}

typedef struct
{
  double  upper;
  GArray *increases;   /* LuminaMetricSample: increase per window */
  guint   next;
} HistSeries;

static int
compare_upper (gconstpointer a,
               gconstpointer b)
{
  double x = ((const HistSeries *) a)->upper, y = ((const HistSeries *) b)->upper;

  return (x > y) - (x < y);
}

static void
hist_series_clear (gpointer data)
{
  HistSeries *h = data;

  g_clear_pointer (&h->increases, g_array_unref);
}

static gboolean
parse_le (const LuminaMetricSeriesInfo  *info,
          double                        *upper,
          GError                       **error)
{
  const char *le = NULL;
  char *end = NULL;

  for (guint i = 0; info->labels != NULL && info->labels[i] != NULL; i += 2)
    if (g_str_equal (info->labels[i], "le"))
      le = info->labels[i + 1];
  if (le == NULL)
    return FALSE;
  *upper = g_ascii_strtod (le, &end);
  if (end == le || *end != '\0')
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The le label of series %u, “%s”, is not a number", info->id, le);
      return FALSE;
    }
  return TRUE;
}

/* Whether @info's labels, less "le", equal @labels (both sorted). */
static gboolean
same_labels_but_le (const LuminaMetricSeriesInfo *info,
                    const char * const           *labels)
{
  guint j = 0;

  for (guint i = 0; info->labels != NULL && info->labels[i] != NULL; i += 2)
    {
      if (g_str_equal (info->labels[i], "le"))
        continue;
      if (labels == NULL || labels[j] == NULL ||
          !g_str_equal (info->labels[i], labels[j]) || !g_str_equal (info->labels[i + 1], labels[j + 1]))
        return FALSE;
      j += 2;
    }
  return labels == NULL || labels[j] == NULL;
}

static GArray *
histogram_series (LuminaMetricStore   *self,
                  const char          *name,
                  const char * const  *labels,
                  gint64               from_ms,
                  gint64               to_ms,
                  gint64               step_ms,
                  GError             **error)
{
  g_autofree char *bucket_name = g_str_has_suffix (name, "_bucket") ? g_strdup (name)
                                                                   : g_strconcat (name, "_bucket", NULL);
  g_autoptr(GPtrArray) all = lumina_metric_store_find_series (self, bucket_name, NULL, error);
  g_autoptr(GArray) hist = g_array_new (FALSE, TRUE, sizeof (HistSeries));

  if (all == NULL)
    return NULL;
  g_array_set_clear_func (hist, hist_series_clear);
  for (guint i = 0; i < all->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (all, i);
      g_autoptr(GError) local_error = NULL;
      HistSeries h = { 0 };

      if (!same_labels_but_le (info, labels))
        continue;
      if (!parse_le (info, &h.upper, &local_error))
        {
          if (local_error == NULL)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* The rate of every bucket over the step; quantiles only need their
       * proportions, so rate serves as well as the increase. */
      if (!(h.increases = lumina_metric_store_query (self, info->id, from_ms, to_ms, step_ms,
                                                     LUMINA_METRIC_AGG_RATE, error)))
        return NULL;
      g_array_append_val (hist, h);
    }
  if (hist->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "There is no histogram “%s” with those labels", bucket_name);
      return NULL;
    }
  g_array_sort (hist, compare_upper);
  return g_steal_pointer (&hist);
}

/* The next window any bucket has data for, or G_MAXINT64. */
static gint64
next_window (GArray *hist)
{
  gint64 window = G_MAXINT64;

  for (guint i = 0; i < hist->len; i++)
    {
      HistSeries *h = &g_array_index (hist, HistSeries, i);

      if (h->next < h->increases->len)
        window = MIN (window, g_array_index (h->increases, LuminaMetricSample, h->next).time_ms);
    }
  return window;
}

/**
 * lumina_metric_store_query_quantile:
 * @name: the histogram's name, with or without the "_bucket" suffix
 * @labels: (nullable) (array zero-terminated=1): the labels of the bucket
 *   series other than "le", as key, value pairs
 * @q: the quantile, 0 to 1
 *
 * histogram_quantile() of Prometheus over the increase of each cumulative
 * bucket counter (`NAME_bucket{le="..."}`) in every step: linear
 * interpolation within the bucket holding the rank, the upper bound of the
 * last finite bucket when the rank falls in +Inf, NaN without
 * observations.  Thread-safe.
 *
 * Returns: (transfer full) (element-type LuminaMetricSample) (nullable):
 *   one point per step with data; or %NULL with @error set
 */
GArray *
lumina_metric_store_query_quantile (LuminaMetricStore   *self,
                                    const char          *name,
                                    const char * const  *labels,
                                    double               q,
                                    gint64               from_ms,
                                    gint64               to_ms,
                                    gint64               step_ms,
                                    GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) sorted = NULL;
  g_autoptr(GArray) hist = NULL;
  g_autofree HistBucket *buckets = NULL;
  GArray *out;
  gint64 window;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), NULL);

  if (!_lumina_metric_check_name (name, error) || !check_range (from_ms, to_ms, step_ms, error))
    return NULL;
  sorted = _lumina_metric_sorted_labels (labels, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!(hist = histogram_series (self, name, (const char * const *) sorted, from_ms, to_ms, step_ms, error)))
    return NULL;

  out = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  buckets = g_new (HistBucket, hist->len);
  while ((window = next_window (hist)) != G_MAXINT64)
    {
      LuminaMetricSample point = { window, NAN };
      guint n = 0;

      for (guint i = 0; i < hist->len; i++)
        {
          HistSeries *h = &g_array_index (hist, HistSeries, i);
          const LuminaMetricSample *s;

          if (h->next >= h->increases->len)
            continue;
          s = &g_array_index (h->increases, LuminaMetricSample, h->next);
          if (s->time_ms != window)
            continue;
          /* Equal bounds ("1" and "1.0") are one bucket. */
          if (n > 0 && buckets[n - 1].upper == h->upper)
            buckets[n - 1].count += s->value;
          else
            buckets[n++] = (HistBucket) { h->upper, s->value };
          h->next++;
        }
      point.value = bucket_quantile (q, buckets, n);
      g_array_append_val (out, point);
    }
  return out;
}
