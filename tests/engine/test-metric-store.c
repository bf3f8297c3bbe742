/* test-metric-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metric store: series identity, the chunk codec, roll-up maths against
 * sums computed here from the raw samples, resolution choice, retention,
 * counter rates across resets, histogram quantiles worked by hand, ring
 * buffers, concurrent appends, persistence, listing, the "changed" signal
 * and errors that leave nothing behind.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"
#include "lumina-metric-store.h"
#include "lumina-metric-store-private.h"

#define T0      G_GINT64_CONSTANT (1700000000000)  /* a multiple of 10 s, not of 1 min */
#define HOUR_MS G_GINT64_CONSTANT (3600000)
#define DAY_MS  (24 * HOUR_MS)

typedef struct
{
  char              *path;
  LuminaWorkspace   *ws;
  LuminaMetricStore *store;
} Fixture;

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = lumina_metric_store_new (f->ws, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_close (Fixture *f)
{
  g_object_add_weak_pointer (G_OBJECT (f->store), (gpointer *) &f->store);
  g_object_unref (f->store);
  g_assert_null (f->store);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-metrics-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  fixture_open (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->path);

  fixture_close (f);
  g_clear_object (&f->ws);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
}

static void
reopen (Fixture *f)
{
  fixture_close (f);
  fixture_open (f);
}

static guint
series (Fixture            *f,
        const char         *name,
        const char * const *labels)
{
  g_autoptr(GError) error = NULL;
  guint id = lumina_metric_store_series (f->store, name, labels, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  return id;
}

static void
append (Fixture *f,
        guint    id,
        gint64   t,
        double   v)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_metric_store_append (f->store, id, t, v, &error));
  g_assert_no_error (error);
}

static void
flush (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_metric_store_flush (f->store, &error));
  g_assert_no_error (error);
}

static GArray *
query_at (Fixture                *f,
          guint                   id,
          LuminaMetricResolution  res,
          gint64                  from,
          gint64                  to,
          gint64                  step,
          LuminaMetricAgg         agg)
{
  g_autoptr(GError) error = NULL;
  GArray *out = lumina_metric_store_query_at (f->store, id, res, from, to, step, agg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

static GArray *
query (Fixture         *f,
       guint            id,
       gint64           from,
       gint64           to,
       gint64           step,
       LuminaMetricAgg  agg)
{
  return query_at (f, id, lumina_metric_resolution_for_step (step), from, to, step, agg);
}

#define POINT(a, i) (g_array_index ((a), LuminaMetricSample, (i)))

static double
total (GArray *points)
{
  double sum = 0;

  for (guint i = 0; i < points->len; i++)
    sum += POINT (points, i).value;
  return sum;
}

static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1.0, fabs (b)));
}

/* Same name, same labels in any order: one series, across restarts. */
static void
test_series_ids (Fixture       *f,
                 gconstpointer  data)
{
  const char *a[] = { "host", "a", "core", "0", NULL };
  const char *b[] = { "core", "0", "host", "a", NULL };
  const char *c[] = { "core", "1", "host", "a", NULL };
  guint id_a = series (f, "host_cpu_usage_ratio", a);
  guint id_c = series (f, "host_cpu_usage_ratio", c);
  guint id_plain = series (f, "up", NULL);
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpuint (series (f, "host_cpu_usage_ratio", b), ==, id_a);
  g_assert_cmpuint (id_c, !=, id_a);
  g_assert_cmpuint (id_plain, !=, id_a);
  g_assert_cmpuint (id_plain, !=, id_c);

  reopen (f);
  g_assert_cmpuint (series (f, "host_cpu_usage_ratio", b), ==, id_a);
  g_assert_cmpuint (series (f, "host_cpu_usage_ratio", c), ==, id_c);
  g_assert_cmpuint (series (f, "up", NULL), ==, id_plain);
  all = lumina_metric_store_list_series (f->store);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_true (g_file_test (lumina_metric_store_get_path (f->store), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_suffix (lumina_metric_store_get_path (f->store), "/metrics.db"));
}

static void
test_codec (void)
{
  gint64 times[300];
  double values[300];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      /* Regular, jittered, backwards and far jumps; all kinds of doubles. */
      times[i] = i < 100 ? T0 + i * 1000 : i < 200 ? T0 + 100000 + i * 7 + (i % 3) * 13
                                                   : LUMINA_METRIC_TIME_MAX - i * 999983;
      values[i] = i % 5 == 0 ? NAN : i % 7 == 0 ? -INFINITY : i % 11 == 0 ? -0.0 : g_test_rand_double ();
    }
  bytes = _lumina_metric_chunk_encode (times, values, G_N_ELEMENTS (times));
  data = g_bytes_get_data (bytes, &len);
  /* Regular times cost about one byte each. */
  g_assert_cmpuint (len, <, 300 * 8 + 300 * 4);
  g_assert_true (_lumina_metric_chunk_decode (data, len, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, G_N_ELEMENTS (times));
  for (guint i = 0; i < out->len; i++)
    {
      g_assert_cmpint (POINT (out, i).time_ms, ==, times[i]);
      g_assert_cmpmem (&POINT (out, i).value, sizeof (double), &values[i], sizeof (double));
    }

  g_assert_false (_lumina_metric_chunk_decode (data, len - 1, out, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
  g_assert_cmpuint (out->len, ==, G_N_ELEMENTS (times));  /* nothing appended */
}

/* NaN (payload included), infinities and negative zero come back bit for
 * bit; samples appended out of order come back in time order. */
static void
test_raw_values (Fixture       *f,
                 gconstpointer  data)
{
  guint64 payload_bits = G_GUINT64_CONSTANT (0x7ff8000000000123);
  double payload_nan;
  double values[6] = { 1.5, NAN, INFINITY, -INFINITY, -0.0, 0 };
  gint64 times[6] = { T0 + 5, T0 + 1, T0 + 4, T0 + 2, T0 + 3, T0 + 6 };
  guint id = series (f, "weird_values", NULL);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) recent = NULL;

  memcpy (&payload_nan, &payload_bits, sizeof payload_nan);
  values[5] = payload_nan;
  for (guint i = 0; i < 6; i++)
    append (f, id, times[i], values[i]);

  /* The ring has them before any flush, in time order. */
  recent = lumina_metric_store_recent (f->store, id, 0);
  g_assert_cmpuint (recent->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (POINT (recent, i).time_ms, ==, T0 + 1 + i);

  flush (f);
  reopen (f);
  points = query_at (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 10, 1, LUMINA_METRIC_AGG_LAST);
  g_assert_cmpuint (points->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      guint j;

      for (j = 0; times[j] != POINT (points, i).time_ms; j++)
        ;
      g_assert_cmpint (POINT (points, i).time_ms, ==, T0 + 1 + i);
      g_assert_cmpmem (&POINT (points, i).value, sizeof (double), &values[j], sizeof (double));
    }
}

typedef struct
{
  GArray *times;
  GArray *values;
} Raw;

/* What a query must answer, worked out here from the raw samples. */
static GArray *
expected (Raw             *raw,
          gint64           step,
          LuminaMetricAgg  agg)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  guint i = 0;

  while (i < raw->times->len)
    {
      gint64 window = g_array_index (raw->times, gint64, i) / step * step;
      double sum = 0, min = INFINITY, max = -INFINITY, last = 0;
      guint count = 0;
      LuminaMetricSample point = { window, 0 };

      for (; i < raw->times->len && g_array_index (raw->times, gint64, i) < window + step; i++)
        {
          double v = g_array_index (raw->values, double, i);

          sum += v;
          min = MIN (min, v);
          max = MAX (max, v);
          last = v;
          count++;
        }
      point.value = agg == LUMINA_METRIC_AGG_AVG ? sum / count : agg == LUMINA_METRIC_AGG_MIN ? min
                  : agg == LUMINA_METRIC_AGG_MAX ? max : agg == LUMINA_METRIC_AGG_SUM ? sum
                  : agg == LUMINA_METRIC_AGG_COUNT ? count : last;
      g_array_append_val (out, point);
    }
  return out;
}

static void
assert_points_equal (GArray *got,
                     GArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    {
      g_assert_cmpint (POINT (got, i).time_ms, ==, POINT (want, i).time_ms);
      assert_close (POINT (got, i).value, POINT (want, i).value);
    }
}

/* Five hours of irregular samples, flushed in the middle of buckets so roll-up
 * rows are written in parts: every aggregation at every resolution equals the
 * one computed from the raw samples, and the raw path agrees. */
static void
test_rollups (Fixture       *f,
              gconstpointer  data)
{
  static const gint64 steps[] = { 10000, 60000, 120000, HOUR_MS, 2 * HOUR_MS };
  static const LuminaMetricResolution picked[] = {
    LUMINA_METRIC_RESOLUTION_10S, LUMINA_METRIC_RESOLUTION_1MIN, LUMINA_METRIC_RESOLUTION_1MIN,
    LUMINA_METRIC_RESOLUTION_1H, LUMINA_METRIC_RESOLUTION_1H,
  };
  static const LuminaMetricAgg aggs[] = {
    LUMINA_METRIC_AGG_AVG, LUMINA_METRIC_AGG_MIN, LUMINA_METRIC_AGG_MAX,
    LUMINA_METRIC_AGG_SUM, LUMINA_METRIC_AGG_COUNT, LUMINA_METRIC_AGG_LAST,
  };
  guint id = series (f, "latency_seconds", (const char *[]) { "job", "api", NULL });
  Raw raw = { g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (double)) };
  gint64 t = T0 + 1234;
  GRand *rand = g_rand_new_with_seed (42);
  guint n = 0;

  while (t < T0 + 5 * HOUR_MS)
    {
      double v = g_rand_double_range (rand, -50, 50);

      g_array_append_val (raw.times, t);
      g_array_append_val (raw.values, v);
      append (f, id, t, v);
      if (++n % 777 == 0)
        flush (f);
      t += g_rand_int_range (rand, 200, 1800);
    }
  flush (f);
  g_rand_free (rand);

  g_assert_cmpint (lumina_metric_resolution_for_step (1), ==, LUMINA_METRIC_RESOLUTION_RAW);
  g_assert_cmpint (lumina_metric_resolution_for_step (9999), ==, LUMINA_METRIC_RESOLUTION_RAW);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_assert_cmpint (lumina_metric_resolution_for_step (steps[s]), ==, picked[s]);
      for (guint a = 0; a < G_N_ELEMENTS (aggs); a++)
        {
          g_autoptr(GArray) want = expected (&raw, steps[s], aggs[a]);
          g_autoptr(GArray) got = query (f, id, T0, T0 + 6 * HOUR_MS, steps[s], aggs[a]);
          g_autoptr(GArray) from_raw = query_at (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0,
                                                 T0 + 6 * HOUR_MS, steps[s], aggs[a]);

          assert_points_equal (got, want);
          assert_points_equal (from_raw, want);
        }
    }
  g_array_unref (raw.times);
  g_array_unref (raw.values);
}

static gint64
count_points (Fixture                *f,
              guint                   id,
              LuminaMetricResolution  res,
              gint64                  from,
              gint64                  to,
              gint64                  step)
{
  g_autoptr(GArray) points = query_at (f, id, res, from, to, step, LUMINA_METRIC_AGG_COUNT);

  return (gint64) total (points);
}

static gint64
first_time (Fixture                *f,
            guint                   id,
            LuminaMetricResolution  res,
            gint64                  step)
{
  g_autoptr(GArray) points = query_at (f, id, res, T0, T0 + 4 * DAY_MS, step, LUMINA_METRIC_AGG_COUNT);

  g_assert_cmpuint (points->len, >, 0);
  return POINT (points, 0).time_ms;
}

/* Three days at one sample per 10 s; each resolution keeps its own span. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  guint id = series (f, "disk_free_bytes", NULL);
  gint64 now = T0 + 3 * DAY_MS;
  gint64 all = 3 * DAY_MS / 10000;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (lumina_metric_store_get_retention (f->store, LUMINA_METRIC_RESOLUTION_RAW), ==, 2 * DAY_MS);
  g_assert_cmpint (lumina_metric_store_get_retention (f->store, LUMINA_METRIC_RESOLUTION_1H), ==, 730 * DAY_MS);
  for (gint64 t = T0; t < now; t += 10000)
    append (f, id, t, 1.0);
  flush (f);

  lumina_metric_store_set_retention (f->store, LUMINA_METRIC_RESOLUTION_RAW, HOUR_MS);
  lumina_metric_store_set_retention (f->store, LUMINA_METRIC_RESOLUTION_10S, DAY_MS);
  lumina_metric_store_set_retention (f->store, LUMINA_METRIC_RESOLUTION_1MIN, 2 * DAY_MS);
  lumina_metric_store_set_retention (f->store, LUMINA_METRIC_RESOLUTION_1H, 0);
  g_assert_true (lumina_metric_store_enforce_retention (f->store, now, &error));
  g_assert_no_error (error);

  for (int pass = 0; pass < 2; pass++)
    {
      /* Raw: exactly the last hour, even inside a chunk that straddles it. */
      g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, now, 1000), ==, HOUR_MS / 10000);
      g_assert_cmpint (first_time (f, id, LUMINA_METRIC_RESOLUTION_RAW, 1000), ==, now - HOUR_MS);
      /* 10 s: buckets ending after now - 1 day. */
      g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_10S, T0, now, 10000), ==, DAY_MS / 10000);
      g_assert_cmpint (first_time (f, id, LUMINA_METRIC_RESOLUTION_10S, 10000), ==, now - DAY_MS);
      /* 1 min: whole minutes ending after now - 2 days. */
      g_assert_cmpint (first_time (f, id, LUMINA_METRIC_RESOLUTION_1MIN, 60000), ==,
                       (now - 2 * DAY_MS) / 60000 * 60000);
      /* 1 h: kept for ever, every sample counted. */
      g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_1H, T0, now, HOUR_MS), ==, all);

      /* Automatic choice: a 1 s step reads raw, a 1 h step still sees day one. */
      g_assert_cmpint (first_time (f, id, lumina_metric_resolution_for_step (1000), 1000), ==, now - HOUR_MS);
      g_assert_cmpint (first_time (f, id, lumina_metric_resolution_for_step (HOUR_MS), HOUR_MS), ==,
                       T0 / HOUR_MS * HOUR_MS);
      reopen (f);  /* the cut survives a restart */
    }

  /* Enforcing again with the defaults restored changes nothing already cut. */
  g_assert_true (lumina_metric_store_enforce_retention (f->store, now, &error));
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_1H, T0, now, HOUR_MS), ==, all);
}

static double
single (Fixture                *f,
        guint                   id,
        LuminaMetricResolution  res,
        gint64                  from,
        gint64                  to,
        gint64                  step,
        LuminaMetricAgg         agg)
{
  g_autoptr(GArray) points = query_at (f, id, res, from, to, step, agg);

  g_assert_cmpuint (points->len, ==, 1);
  return POINT (points, 0).value;
}

/* 0 10 20 5 | 15 25 3 13, one per second, with a restart between the halves:
 * increases 0+10+10+5 = 25 and 10+10+3+10 = 33 over 4 s each. */
static void
test_rate (Fixture       *f,
           gconstpointer  data)
{
  static const double counter[] = { 0, 10, 20, 5, 15, 25, 3, 13 };
  guint id = series (f, "requests_total", NULL);
  g_autoptr(GArray) rates = NULL;

  for (guint i = 0; i < 4; i++)
    append (f, id, T0 + i * 1000, counter[i]);
  reopen (f);  /* the second half goes to another chunk */
  for (guint i = 4; i < 8; i++)
    append (f, id, T0 + i * 1000, counter[i]);
  flush (f);

  rates = query_at (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 7000, 4000, LUMINA_METRIC_AGG_RATE);
  g_assert_cmpuint (rates->len, ==, 2);
  g_assert_cmpint (POINT (rates, 0).time_ms, ==, T0);
  assert_close (POINT (rates, 0).value, 25.0 / 4);
  g_assert_cmpint (POINT (rates, 1).time_ms, ==, T0 + 4000);
  assert_close (POINT (rates, 1).value, 33.0 / 4);

  /* Starting at the second window still counts the step from 5 to 15. */
  assert_close (single (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0 + 4000, T0 + 7000, 4000,
                        LUMINA_METRIC_AGG_RATE), 33.0 / 4);
  /* Roll-ups carry the same increases, across the restart too. */
  assert_close (single (f, id, LUMINA_METRIC_RESOLUTION_10S, T0, T0 + 7000, 10000,
                        LUMINA_METRIC_AGG_RATE), 58.0 / 10);
  assert_close (single (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 7000, 10000,
                        LUMINA_METRIC_AGG_RATE), 58.0 / 10);
  assert_close (single (f, id, LUMINA_METRIC_RESOLUTION_1H, T0, T0 + 7000, HOUR_MS,
                        LUMINA_METRIC_AGG_RATE), 58.0 / 3600);
  g_assert_cmpfloat (single (f, id, LUMINA_METRIC_RESOLUTION_10S, T0, T0 + 7000, 10000,
                             LUMINA_METRIC_AGG_LAST), ==, 13);
}

static void
append_histogram (Fixture    *f,
                  const char *job,
                  gint64      t,
                  const double counts[4])
{
  static const char * const bounds[] = { "0.1", "0.5", "1", "+Inf" };

  for (guint i = 0; i < 4; i++)
    {
      const char *labels[] = { "le", bounds[i], "job", job, NULL };

      append (f, series (f, "http_request_duration_seconds_bucket", labels), t, counts[i]);
    }
}

static double
quantile_at (Fixture *f,
             double   q,
             guint    window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  gint64 w = G_GINT64_CONSTANT (1700000040000);

  points = lumina_metric_store_query_quantile (f->store, "http_request_duration_seconds",
                                               (const char *[]) { "job", "api", NULL }, q,
                                               w, w + 119999, 60000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpint (POINT (points, window).time_ms, ==, w + window * 60000);
  return POINT (points, window).value;
}

/* Window 1 increases (cumulative): 10 30 45 50; window 2: 10 10 35 50. */
static void
test_quantile (Fixture       *f,
               gconstpointer  data)
{
  gint64 w = G_GINT64_CONSTANT (1700000040000);  /* a whole minute */
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;

  append_histogram (f, "api", w, (double[]) { 0, 0, 0, 0 });
  append_histogram (f, "api", w + 30000, (double[]) { 10, 30, 45, 50 });
  append_histogram (f, "api", w + 90000, (double[]) { 20, 40, 80, 100 });
  /* Another job's histogram must not mix in. */
  append_histogram (f, "web", w, (double[]) { 0, 0, 0, 0 });
  append_histogram (f, "web", w + 30000, (double[]) { 1000, 1000, 1000, 1000 });
  flush (f);

  assert_close (quantile_at (f, 0.5, 0), 0.1 + 0.4 * 15 / 20);   /* rank 25 in (0.1, 0.5] */
  assert_close (quantile_at (f, 0.1, 0), 0.1 * 5 / 10);          /* rank 5 in (0, 0.1] */
  assert_close (quantile_at (f, 0.9, 0), 1.0);                   /* rank 45, top of (0.5, 1] */
  assert_close (quantile_at (f, 0.95, 0), 1.0);                  /* rank 47.5 in +Inf */
  assert_close (quantile_at (f, 0.99, 0), 1.0);
  assert_close (quantile_at (f, 0.5, 1), 0.5 + 0.5 * 15 / 25);   /* rank 25 in (0.5, 1] */
  assert_close (quantile_at (f, 0.99, 1), 1.0);
  g_assert_true (isinf (quantile_at (f, 1.5, 0)) && quantile_at (f, 1.5, 0) > 0);
  g_assert_true (isinf (quantile_at (f, -1, 0)) && quantile_at (f, -1, 0) < 0);

  points = lumina_metric_store_query_quantile (f->store, "http_request_duration_seconds_bucket",
                                               (const char *[]) { "job", "web", NULL }, 0.5,
                                               w, w + 59999, 60000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 1);
  assert_close (POINT (points, 0).value, 0.05);  /* all 1000 in the first bucket */
  g_clear_pointer (&points, g_array_unref);

  points = lumina_metric_store_query_quantile (f->store, "http_request_duration_seconds",
                                               (const char *[]) { "job", "nope", NULL }, 0.5,
                                               w, w + 59999, 60000, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_null (points);
}

static void
test_ring (Fixture       *f,
           gconstpointer  data)
{
  guint id = series (f, "gpu_util_ratio", NULL);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) tail = NULL;
  g_autoptr(GArray) none = NULL;

  for (guint i = 0; i < 1500; i++)
    append (f, id, T0 + i * 100, i);

  all = lumina_metric_store_recent (f->store, id, 0);
  g_assert_cmpuint (all->len, ==, LUMINA_METRIC_RING_MAX);
  for (guint i = 0; i < all->len; i++)
    {
      guint k = 1500 - LUMINA_METRIC_RING_MAX + i;

      g_assert_cmpint (POINT (all, i).time_ms, ==, T0 + k * 100);
      g_assert_cmpfloat (POINT (all, i).value, ==, k);
    }
  tail = lumina_metric_store_recent (f->store, id, T0 + 1490 * 100);
  g_assert_cmpuint (tail->len, ==, 10);
  g_assert_cmpfloat (POINT (tail, 0).value, ==, 1490);
  none = lumina_metric_store_recent (f->store, 9999, 0);
  g_assert_cmpuint (none->len, ==, 0);
}

#define N_THREADS         4
#define SAMPLES_PER_THREAD 100000

typedef struct
{
  Fixture *f;
  guint    own;
  guint    shared;
  guint    index;
} Worker;

static gpointer
append_thread (gpointer data)
{
  Worker *w = data;

  for (guint i = 0; i < SAMPLES_PER_THREAD; i++)
    {
      guint id = i % 2 == 0 ? w->own : w->shared;
      gint64 t = T0 + (gint64) i * 10 + w->index;

      if (!lumina_metric_store_append (w->f->store, id, t, 1.0 + w->index, NULL))
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

/* Four threads race on their own series and a shared one while the writer
 * thread drains batches: every sample arrives. */
static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  guint shared = series (f, "shared_total", NULL);
  gint64 end = T0 + (gint64) SAMPLES_PER_THREAD * 10 + N_THREADS;
  double want_shared = 0;

  for (guint k = 0; k < N_THREADS; k++)
    {
      g_autofree char *index = g_strdup_printf ("%u", k);

      workers[k] = (Worker) { f, series (f, "own_total", (const char *[]) { "thread", index, NULL }), shared, k };
      threads[k] = g_thread_new ("appender", append_thread, &workers[k]);
    }
  for (guint k = 0; k < N_THREADS; k++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[k])));
  flush (f);

  for (guint k = 0; k < N_THREADS; k++)
    {
      g_autoptr(GArray) sums = query (f, workers[k].own, T0, end, DAY_MS, LUMINA_METRIC_AGG_SUM);

      g_assert_cmpint (count_points (f, workers[k].own, LUMINA_METRIC_RESOLUTION_RAW, T0, end, DAY_MS),
                       ==, SAMPLES_PER_THREAD / 2);
      g_assert_cmpint (count_points (f, workers[k].own, LUMINA_METRIC_RESOLUTION_10S, T0, end, DAY_MS),
                       ==, SAMPLES_PER_THREAD / 2);
      assert_close (total (sums), (1.0 + k) * SAMPLES_PER_THREAD / 2);
      want_shared += (1.0 + k) * SAMPLES_PER_THREAD / 2;
    }
  g_assert_cmpint (count_points (f, shared, LUMINA_METRIC_RESOLUTION_RAW, T0, end, DAY_MS),
                   ==, N_THREADS * SAMPLES_PER_THREAD / 2);
  g_assert_cmpint (count_points (f, shared, LUMINA_METRIC_RESOLUTION_1H, T0, end, DAY_MS),
                   ==, N_THREADS * SAMPLES_PER_THREAD / 2);
  {
    g_autoptr(GArray) sums = query (f, shared, T0, end, DAY_MS, LUMINA_METRIC_AGG_SUM);

    assert_close (total (sums), want_shared);
  }
}

/* Closing writes what was appended; reopening reads it and appends more. */
static void
test_persist (Fixture       *f,
              gconstpointer  data)
{
  guint id = series (f, "temp_celsius", (const char *[]) { "zone", "cpu", NULL });
  g_autoptr(GArray) points = NULL;

  for (guint i = 0; i < 3000; i++)
    append (f, id, T0 + i * 1000, i % 100);
  reopen (f);  /* no explicit flush: dispose writes */

  g_assert_cmpuint (series (f, "temp_celsius", (const char *[]) { "zone", "cpu", NULL }), ==, id);
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 3000000, DAY_MS), ==, 3000);
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_1MIN, T0, T0 + 3000000, DAY_MS), ==, 3000);
  for (guint i = 3000; i < 4000; i++)
    append (f, id, T0 + i * 1000, i % 100);
  flush (f);
  reopen (f);
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 4000000, DAY_MS), ==, 4000);
  points = query (f, id, T0, T0 + 4000000, DAY_MS, LUMINA_METRIC_AGG_MAX);
  g_assert_cmpfloat (total (points), ==, 99);
}

static guint
n_found (Fixture            *f,
         const char         *name,
         const char * const *matchers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (f->store, name, matchers, &error);

  g_assert_no_error (error);
  return found->len;
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  guint a = series (f, "node_load1", (const char *[]) { "instance", "gpu-01", "job", "node", NULL });
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  LuminaMetricSeriesInfo *info;

  series (f, "node_load1", (const char *[]) { "instance", "gpu-02", "job", "node", NULL });
  series (f, "node_load1", (const char *[]) { "instance", "cpu-01", NULL });
  series (f, "node_load5", (const char *[]) { "instance", "gpu-01", "job", "node", NULL });

  all = lumina_metric_store_list_series (f->store);
  g_assert_cmpuint (all->len, ==, 4);
  info = g_ptr_array_index (all, 0);
  g_assert_cmpuint (info->id, ==, a);
  g_assert_cmpstr (info->name, ==, "node_load1");
  g_assert_cmpstr (info->labels[0], ==, "instance");
  g_assert_cmpstr (info->labels[1], ==, "gpu-01");
  g_assert_cmpstr (info->labels[2], ==, "job");
  g_assert_cmpstr (info->labels[4], ==, NULL);

  g_assert_cmpuint (n_found (f, "node_load1", NULL), ==, 3);
  g_assert_cmpuint (n_found (f, NULL, (const char *[]) { "instance", "=", "gpu-01", NULL }), ==, 2);
  g_assert_cmpuint (n_found (f, "node_load1", (const char *[]) { "instance", "=~", "gpu-.*", NULL }), ==, 2);
  g_assert_cmpuint (n_found (f, "node_load1", (const char *[]) { "instance", "=~", "gpu", NULL }), ==, 0);
  g_assert_cmpuint (n_found (f, "node_load1", (const char *[]) { "instance", "!~", "gpu-.*", NULL }), ==, 1);
  g_assert_cmpuint (n_found (f, "node_load1", (const char *[]) { "job", "!=", "node", NULL }), ==, 1);
  /* A missing label is "". */
  g_assert_cmpuint (n_found (f, NULL, (const char *[]) { "job", "=", "", NULL }), ==, 1);

  found = lumina_metric_store_find_series (f->store, NULL, (const char *[]) { "job", "=~", "(", NULL }, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_null (found);
  g_clear_error (&error);
  found = lumina_metric_store_find_series (f->store, NULL, (const char *[]) { "job", "==", "x", NULL }, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_null (found);
}

typedef struct
{
  guint    emissions;
  guint64  samples;
  GThread *thread;
} Changes;

static void
on_changed (LuminaMetricStore *store,
            guint64            n_samples,
            Changes           *changes)
{
  changes->emissions++;
  changes->samples += n_samples;
  changes->thread = g_thread_self ();
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_for_samples (Changes *changes,
                  guint64  samples)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (changes->samples < samples && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (changes->samples, ==, samples);
}

static void
test_signal (Fixture       *f,
             gconstpointer  data)
{
  guint id = series (f, "signal_test", NULL);
  Changes changes = { 0 };
  guint before;

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &changes);

  /* The writer thread flushes on its own within about a second. */
  for (guint i = 0; i < 10; i++)
    append (f, id, T0 + i, i);
  wait_for_samples (&changes, 10);
  g_assert_true (changes.thread == g_thread_self ());
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, T0, T0 + 100, 1000), ==, 10);

  /* Two flushes in quick succession are announced once. */
  before = changes.emissions;
  append (f, id, T0 + 100, 1);
  flush (f);
  append (f, id, T0 + 101, 1);
  flush (f);
  g_assert_cmpuint (changes.emissions, ==, before);  /* never from inside flush */
  wait_for_samples (&changes, 12);
  iterate_for (400);
  g_assert_cmpuint (changes.emissions, ==, before + 1);
  g_assert_cmpuint (changes.samples, ==, 12);
}

/* Bad input is refused with LUMINA_ERROR and leaves nothing behind. */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  guint id = series (f, "good_metric", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) recent = NULL;
  static const char *bad_names[] = { "", "9lives", "has-dash", "spa ce", "é" };
  const char * const *bad_labels[] = {
    (const char *[]) { "__reserved", "x", NULL },
    (const char *[]) { "a:b", "x", NULL },
    (const char *[]) { "1a", "x", NULL },
    (const char *[]) { "odd", NULL },
    (const char *[]) { "k", "1", "k", "2", NULL },
    (const char *[]) { "k", "\xff\xfe", NULL },
  };

  g_assert_true (lumina_metric_name_is_valid ("a:b_c9"));
  g_assert_true (lumina_metric_name_is_valid (":x"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_cmpuint (lumina_metric_store_series (f->store, bad_names[i], NULL, &error), ==, 0);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_labels); i++)
    {
      g_assert_cmpuint (lumina_metric_store_series (f->store, "fine", bad_labels[i], &error), ==, 0);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  g_assert_false (lumina_metric_store_append (f->store, 999, T0, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lumina_metric_store_append (f->store, 0, T0, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lumina_metric_store_append (f->store, id, -1, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_metric_store_append (f->store, id, LUMINA_METRIC_TIME_MAX + 1, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_metric_store_append_samples (f->store, id,
                                                      (LuminaMetricSample[]) { { T0, 1 }, { -5, 2 } }, 2,
                                                      &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A batch with one bad point writes none of it, nor creates its series. */
  g_ptr_array_add (points, lumina_metric_point_new ("good_metric", NULL, T0, 1));
  g_ptr_array_add (points, lumina_metric_point_new ("fresh_metric", NULL, T0, 1));
  g_ptr_array_add (points, lumina_metric_point_new ("bad-metric", NULL, T0, 1));
  g_assert_false (lumina_metric_store_append_points (f->store, points, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_ptr_array_remove_index (points, 2);
  g_ptr_array_add (points, lumina_metric_point_new ("good_metric", NULL, -7, 1));
  g_assert_false (lumina_metric_store_append_points (f->store, points, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  flush (f);
  all = lumina_metric_store_list_series (f->store);
  g_assert_cmpuint (all->len, ==, 1);
  recent = lumina_metric_store_recent (f->store, id, 0);
  g_assert_cmpuint (recent->len, ==, 0);
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, 0, LUMINA_METRIC_TIME_MAX, DAY_MS), ==, 0);

  /* Queries. */
  g_assert_null (lumina_metric_store_query (f->store, id, T0 + 1, T0, 1000, LUMINA_METRIC_AGG_AVG, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (lumina_metric_store_query (f->store, id, T0, T0 + 1, 0, LUMINA_METRIC_AGG_AVG, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (lumina_metric_store_query (f->store, id, T0, T0 + 1, -5, LUMINA_METRIC_AGG_AVG, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (lumina_metric_store_query (f->store, 4242, T0, T0 + 1, 1, LUMINA_METRIC_AGG_AVG, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (lumina_metric_store_query_quantile (f->store, "bad name", NULL, 0.5, T0, T0 + 1, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The good point alone goes through. */
  g_ptr_array_remove_index (points, 2);
  g_assert_true (lumina_metric_store_append_points (f->store, points, &error));
  g_assert_no_error (error);
  flush (f);
  g_assert_cmpint (count_points (f, id, LUMINA_METRIC_RESOLUTION_RAW, 0, LUMINA_METRIC_TIME_MAX, DAY_MS), ==, 1);
  g_assert_cmpuint (n_found (f, "fresh_metric", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/metric-store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/engine/metric-store/codec", test_codec);
  ADD ("series-ids", test_series_ids);
  ADD ("raw-values", test_raw_values);
  ADD ("rollups", test_rollups);
  ADD ("retention", test_retention);
  ADD ("rate", test_rate);
  ADD ("quantile", test_quantile);
  ADD ("ring", test_ring);
  ADD ("concurrent", test_concurrent);
  ADD ("persist", test_persist);
  ADD ("list", test_list);
  ADD ("signal", test_signal);
  ADD ("errors", test_errors);

#undef ADD

  return g_test_run ();
}
