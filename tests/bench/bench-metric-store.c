/* bench-metric-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metric store, in one run:
 *
 *   bench-metric-store [N_SERIES SAMPLES_PER_SERIES]
 *
 * 1. Ingest: N_SERIES series (1,000) x SAMPLES_PER_SERIES samples (10,000)
 *    at one sample per second, appended time-major from one thread with
 *    lumina_metric_store_append(), until flushed (chunks and roll-ups
 *    written): samples/s.  The anchor is the append loop alone, without
 *    the writer: what the cheapest possible store could not beat.
 * 2. Query: one series of 7 days at 1 s (604,800 samples), read as 1,000
 *    points of avg, max and rate (median of 21 runs), and the same range
 *    read from raw samples (query_at RAW) as the anchor.
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"
#include "lumina-metric-store.h"

#define T0      G_GINT64_CONSTANT (1700000000000)
#define WEEK_S  (7 * 24 * 3600)
#define RUNS    21

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static void
remove_tree (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", dir);
}

static LuminaMetricStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "metrics.db", NULL);
  LuminaMetricStore *store = lumina_metric_store_new_for_path (path, &error);

  g_assert_no_error (error);
  /* Synthetic 2023 data must survive the writer's own retention pass. */
  for (int r = LUMINA_METRIC_RESOLUTION_RAW; r <= LUMINA_METRIC_RESOLUTION_1H; r++)
    lumina_metric_store_set_retention (store, r, 0);
  return store;
}

static double
bench_ingest (guint n_series,
              guint n_samples)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lumina-bench-metrics-XXXXXX", &error);
  g_autofree guint *ids = g_new (guint, n_series);
  LuminaMetricStore *store = open_store (dir);
  double seconds, anchor, total = (double) n_series * n_samples;
  gint64 start;
  volatile double sink = 0;

  for (guint s = 0; s < n_series; s++)
    {
      g_autofree char *index = g_strdup_printf ("%u", s);

      ids[s] = lumina_metric_store_series (store, "bench_value", (const char *[]) { "n", index, NULL }, &error);
      g_assert_no_error (error);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_samples; i++)
    for (guint s = 0; s < n_series; s++)
      if (!lumina_metric_store_append (store, ids[s], T0 + (gint64) i * 1000, (double) ((i * 31 + s) % 1000),
                                       &error))
        g_error ("%s", error->message);
  if (!lumina_metric_store_flush (store, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  /* Anchor: the same loop doing only arithmetic. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_samples; i++)
    for (guint s = 0; s < n_series; s++)
      sink += (double) ((i * 31 + s) % 1000) + ids[s];
  anchor = (g_get_monotonic_time () - start) / 1e6;

  g_print ("ingest: %u series x %u samples = %.0f samples in %.2f s: %.2f M samples/s "
           "(bare loop %.3f s)\n",
           n_series, n_samples, total, seconds, total / seconds / 1e6, anchor);

  g_object_unref (store);
  {
    g_autofree char *path = g_build_filename (dir, "metrics.db", NULL);
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      g_print ("ingest: metrics.db %.1f MiB, %.1f bytes/sample with roll-ups\n",
               st.st_size / 1048576.0, st.st_size / total);
  }
  remove_tree (dir);
  return total / seconds;
}

static double
time_query (LuminaMetricStore      *store,
            guint                   id,
            gboolean                raw,
            LuminaMetricAgg         agg,
            guint                  *n_points)
{
  double times[RUNS];
  gint64 from = T0, to = T0 + (gint64) WEEK_S * 1000 - 1;
  gint64 step = (to - from + 1) / 1000;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) points = NULL;
      gint64 start = g_get_monotonic_time ();

      if (raw)
        points = lumina_metric_store_query_at (store, id, LUMINA_METRIC_RESOLUTION_RAW, from, to, step, agg, &error);
      else
        points = lumina_metric_store_query (store, id, from, to, step, agg, &error);
      times[r] = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);
      *n_points = points->len;
    }
  return median (times, RUNS);
}

static void
bench_query (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lumina-bench-metrics-XXXXXX", &error);
  g_autofree LuminaMetricSample *samples = g_new (LuminaMetricSample, WEEK_S);
  LuminaMetricStore *store = open_store (dir);
  guint id = lumina_metric_store_series (store, "week_at_1s", NULL, &error);
  guint n_points = 0;
  double ms_avg, ms_max, ms_rate, ms_raw;

  for (guint i = 0; i < WEEK_S; i++)
    samples[i] = (LuminaMetricSample) { T0 + (gint64) i * 1000, (double) (i % 3600) };
  if (!lumina_metric_store_append_samples (store, id, samples, WEEK_S, &error) ||
      !lumina_metric_store_flush (store, &error))
    g_error ("%s", error->message);

  ms_avg = time_query (store, id, FALSE, LUMINA_METRIC_AGG_AVG, &n_points);
  ms_max = time_query (store, id, FALSE, LUMINA_METRIC_AGG_MAX, &n_points);
  ms_rate = time_query (store, id, FALSE, LUMINA_METRIC_AGG_RATE, &n_points);
  g_print ("query: 7 days at 1 s (%u samples) -> %u points: avg %.2f ms, max %.2f ms, rate %.2f ms "
           "(median of %u)\n", WEEK_S, n_points, ms_avg, ms_max, ms_rate, RUNS);
  ms_raw = time_query (store, id, TRUE, LUMINA_METRIC_AGG_AVG, &n_points);
  g_print ("query: the same from raw samples: %.2f ms (%.1fx the roll-up query)\n", ms_raw, ms_raw / ms_avg);

  g_object_unref (store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint n_series = argc > 2 ? (guint) atoi (argv[1]) : 1000;
  guint n_samples = argc > 2 ? (guint) atoi (argv[2]) : 10000;

  bench_ingest (n_series, n_samples);
  bench_query ();
  return 0;
}
