/* lumina-serve-stats.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per model-version counters.  Totals and Prometheus histograms since the
 * start, and a ring of per-second latency histograms (log-spaced, four
 * buckets per doubling from 10 µs) for percentiles over recent seconds.
 * Everything but the shadow comparison is touched on the main context
 * only, so it needs no lock.
 */
#define G_LOG_DOMAIN "lumina-serve-stats"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-serve-private.h"

#define N_FINE 96

static const double latency_bounds[] = {
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};
static const double batch_bounds[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096, 16384 };

#define N_LATENCY G_N_ELEMENTS (latency_bounds)
#define N_BATCH   G_N_ELEMENTS (batch_bounds)

typedef struct
{
  gint64  second;
  guint64 n;
  guint64 errors;
  guint32 counts[N_FINE];
} Slot;

struct _ServeStats
{
  char         *endpoint;
  char         *model;
  guint         version;
  ServeVariant  variant;
  gint64        created_us;

  guint64       requests;
  guint64       errors;
  int           in_flight;
  guint64       latency_counts[N_LATENCY + 1];
  double        latency_sum;
  guint64       batch_counts[N_BATCH + 1];
  double        batch_sum;
  guint64       batches;
  Slot          ring[SERVE_STATS_SLOTS];

  GMutex        lock;
  guint64       compared;
  guint64       agreed;
  double        abs_diff_sum;
  gboolean      classifier;
};

const char *
serve_variant_name (ServeVariant variant)
{
  switch (variant)
    {
    case SERVE_VARIANT_CHALLENGER:
      return "challenger";
    case SERVE_VARIANT_SHADOW:
      return "shadow";
    case SERVE_VARIANT_PRIMARY:
    default:
      return "primary";
    }
}

ServeStats *
serve_stats_new (const char   *endpoint,
                 const char   *model,
                 guint         version,
                 ServeVariant  variant)
{
  ServeStats *stats = g_new0 (ServeStats, 1);

  stats->endpoint = g_strdup (endpoint);
  stats->model = g_strdup (model);
  stats->version = version;
  stats->variant = variant;
  stats->created_us = g_get_monotonic_time ();
  g_mutex_init (&stats->lock);
  return stats;
}

void
serve_stats_free (ServeStats *stats)
{
  g_free (stats->endpoint);
  g_free (stats->model);
  g_mutex_clear (&stats->lock);
  g_free (stats);
}

static Slot *
slot_for (ServeStats *stats,
          gint64      second)
{
  Slot *slot = &stats->ring[second % SERVE_STATS_SLOTS];

  if (slot->second != second)
    {
      memset (slot, 0, sizeof *slot);
      slot->second = second;
    }
  return slot;
}

static guint
fine_bucket (gint64 latency_us)
{
  double x = latency_us / 10.0;
  int b;

  if (x <= 1)
    return 0;
  b = (int) (4 * log2 (x));
  return CLAMP (b, 0, N_FINE - 1);
}

void
serve_stats_record (ServeStats *stats,
                    gint64      now_us,
                    gint64      latency_us,
                    gboolean    error)
{
  double seconds = latency_us / 1e6;
  Slot *slot = slot_for (stats, now_us / G_USEC_PER_SEC);
  guint b;

  stats->requests++;
  slot->n++;
  if (error)
    {
      stats->errors++;
      slot->errors++;
    }
  for (b = 0; b < N_LATENCY && seconds > latency_bounds[b]; b++)
    ;
  stats->latency_counts[b]++;
  stats->latency_sum += seconds;
  slot->counts[fine_bucket (latency_us)]++;
}

void
serve_stats_record_batch (ServeStats *stats,
                          gsize       rows)
{
  guint b;

  for (b = 0; b < N_BATCH && rows > batch_bounds[b]; b++)
    ;
  stats->batch_counts[b]++;
  stats->batch_sum += rows;
  stats->batches++;
}

void
serve_stats_add_in_flight (ServeStats *stats,
                           int         delta)
{
  stats->in_flight += delta;
}

/* Thread-safe: called by the workers that score shadow traffic. */
void
serve_stats_compare (ServeStats   *stats,
                     LuminaTask    task,
                     guint         n_outputs,
                     const double *primary,
                     const double *shadow,
                     gsize         n_rows)
{
  guint64 agreed = 0;
  double diff = 0;

  for (gsize r = 0; r < n_rows; r++)
    {
      if (task == LUMINA_TASK_REGRESSION)
        {
          diff += fabs (primary[r] - shadow[r]);
          continue;
        }
      agreed += serve_best_class (primary + r * n_outputs, n_outputs) ==
                serve_best_class (shadow + r * n_outputs, n_outputs);
      /* For classifiers, the difference is in the top class's probability. */
      diff += fabs (primary[r * n_outputs + serve_best_class (primary + r * n_outputs, n_outputs)] -
                    shadow[r * n_outputs + serve_best_class (primary + r * n_outputs, n_outputs)]);
    }

  g_mutex_lock (&stats->lock);
  stats->classifier = task != LUMINA_TASK_REGRESSION;
  stats->compared += n_rows;
  stats->agreed += agreed;
  stats->abs_diff_sum += diff;
  g_mutex_unlock (&stats->lock);
}

static double
fine_value_ms (guint bucket)
{
  return 0.01 * pow (2, (bucket + 0.5) / 4);
}

LuminaServeStats *
serve_stats_summary (ServeStats *stats,
                     gint64      now_us,
                     guint       window_s,
                     gint64      since_us,
                     gboolean    current)
{
  LuminaServeStats *summary = g_new0 (LuminaServeStats, 1);
  guint32 counts[N_FINE] = { 0 };
  gint64 now_s = now_us / G_USEC_PER_SEC;
  guint64 n = 0;
  double elapsed;

  window_s = CLAMP (window_s, 1, SERVE_STATS_SLOTS - 1);
  for (guint i = 0; i < SERVE_STATS_SLOTS; i++)
    {
      const Slot *slot = &stats->ring[i];

      if (slot->n == 0 || slot->second <= now_s - window_s || slot->second > now_s)
        continue;
      n += slot->n;
      for (guint b = 0; b < N_FINE; b++)
        counts[b] += slot->counts[b];
    }

  summary->endpoint = g_strdup (stats->endpoint);
  summary->model = g_strdup (stats->model);
  summary->version = stats->version;
  summary->variant = g_strdup (serve_variant_name (stats->variant));
  summary->current = current;
  summary->requests = stats->requests;
  summary->errors = stats->errors;
  summary->in_flight = MAX (stats->in_flight, 0);
  /* Every variant's rate over the same span (the window, or the time since
   * the server began listening), so that a challenger added a second ago
   * compares fairly with the primary. */
  if (since_us <= 0)
    since_us = stats->created_us;
  elapsed = MIN ((double) window_s, MAX ((now_us - since_us) / 1e6, 1.0));
  summary->rps = n / elapsed;
  for (int q = 0; q < 2 && n > 0; q++)
    {
      guint64 rank = (guint64) ceil ((q == 0 ? 0.5 : 0.99) * n);
      guint64 seen = 0;
      guint b;

      for (b = 0; b < N_FINE && (seen += counts[b]) < rank; b++)
        ;
      *(q == 0 ? &summary->p50_ms : &summary->p99_ms) = fine_value_ms (MIN (b, N_FINE - 1));
    }

  g_mutex_lock (&stats->lock);
  summary->compared = stats->compared;
  summary->agreement = stats->classifier && stats->compared > 0 ? (double) stats->agreed / stats->compared : NAN;
  summary->mean_abs_diff = stats->compared > 0 ? stats->abs_diff_sum / stats->compared : NAN;
  g_mutex_unlock (&stats->lock);
  return summary;
}

void
lumina_serve_stats_free (LuminaServeStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->endpoint);
  g_free (stats->model);
  g_free (stats->variant);
  g_free (stats);
}

/* ---- Prometheus text exposition ---- */

static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_labels (GString    *out,
               ServeStats *stats,
               const char *extra)
{
  g_string_append (out, "{model=\"");
  append_label_value (out, stats->endpoint);
  g_string_append_printf (out, "\",version=\"%u\",variant=\"%s\"", stats->version,
                          serve_variant_name (stats->variant));
  if (extra != NULL)
    g_string_append (out, extra);
  g_string_append_c (out, '}');
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (out, "NaN");
  else
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

static void
header (GString    *out,
        const char *name,
        const char *type,
        const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
render_histogram (GString       *out,
                  GPtrArray     *all,
                  const char    *name,
                  gboolean       latency)
{
  for (guint i = 0; i < all->len; i++)
    {
      ServeStats *stats = g_ptr_array_index (all, i);
      const double *bounds = latency ? latency_bounds : batch_bounds;
      const guint64 *counts = latency ? stats->latency_counts : stats->batch_counts;
      guint n = latency ? N_LATENCY : N_BATCH;
      guint64 total = 0;

      for (guint b = 0; b <= n; b++)
        {
          char le[G_ASCII_DTOSTR_BUF_SIZE + 16];
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          total += counts[b];
          if (b < n)
            g_snprintf (le, sizeof le, ",le=\"%s\"", g_ascii_dtostr (number, sizeof number, bounds[b]));
          else
            g_strlcpy (le, ",le=\"+Inf\"", sizeof le);
          g_string_append_printf (out, "%s_bucket", name);
          append_labels (out, stats, le);
          g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", total);
        }
      g_string_append_printf (out, "%s_sum", name);
      append_labels (out, stats, NULL);
      g_string_append_c (out, ' ');
      append_number (out, latency ? stats->latency_sum : stats->batch_sum);
      g_string_append_printf (out, "\n%s_count", name);
      append_labels (out, stats, NULL);
      g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", total);
    }
}

static void
render_shadow (GString   *out,
               GPtrArray *all)
{
  static const char * const names[] = {
    "lumina_serve_shadow_compared_rows_total",
    "lumina_serve_shadow_agreement_ratio",
    "lumina_serve_shadow_mean_absolute_difference",
  };
  static const char * const helps[] = {
    "Rows scored by both the primary and the shadow model.",
    "Share of compared rows where the shadow predicts the primary's class.",
    "Mean absolute difference between primary and shadow (value, or top-class probability).",
  };

  for (guint m = 0; m < G_N_ELEMENTS (names); m++)
    {
      header (out, names[m], m == 0 ? "counter" : "gauge", helps[m]);
      for (guint i = 0; i < all->len; i++)
        {
          ServeStats *stats = g_ptr_array_index (all, i);
          double value;

          if (stats->variant != SERVE_VARIANT_SHADOW)
            continue;
          g_mutex_lock (&stats->lock);
          if (m == 0)
            value = stats->compared;
          else if (m == 1)
            value = stats->classifier && stats->compared > 0 ? (double) stats->agreed / stats->compared : NAN;
          else
            value = stats->compared > 0 ? stats->abs_diff_sum / stats->compared : NAN;
          g_mutex_unlock (&stats->lock);
          g_string_append (out, names[m]);
          append_labels (out, stats, NULL);
          g_string_append_c (out, ' ');
          append_number (out, value);
          g_string_append_c (out, '\n');
        }
    }
}

/* @all: every ServeStats; @current: the ones serving now (a set). */
void
serve_stats_render (GPtrArray  *all,
                    GHashTable *current,
                    GString    *out)
{
  header (out, "lumina_serve_model_info", "gauge",
          "Model versions being served now (1), by endpoint, version and variant.");
  for (guint i = 0; i < all->len; i++)
    {
      ServeStats *stats = g_ptr_array_index (all, i);
      g_autoptr(GString) extra = g_string_new (",name=\"");

      if (!g_hash_table_contains (current, stats))
        continue;
      append_label_value (extra, stats->model);
      g_string_append_c (extra, '"');
      g_string_append (out, "lumina_serve_model_info");
      append_labels (out, stats, extra->str);
      g_string_append (out, " 1\n");
    }

  header (out, "lumina_serve_requests_total", "counter", "Inference requests answered.");
  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (out, "lumina_serve_requests_total");
      append_labels (out, g_ptr_array_index (all, i), NULL);
      g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", ((ServeStats *) g_ptr_array_index (all, i))->requests);
    }
  header (out, "lumina_serve_request_errors_total", "counter",
          "Inference requests answered with an error status.");
  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (out, "lumina_serve_request_errors_total");
      append_labels (out, g_ptr_array_index (all, i), NULL);
      g_string_append_printf (out, " %" G_GUINT64_FORMAT "\n", ((ServeStats *) g_ptr_array_index (all, i))->errors);
    }
  header (out, "lumina_serve_in_flight_requests", "gauge", "Inference requests being processed.");
  for (guint i = 0; i < all->len; i++)
    {
      g_string_append (out, "lumina_serve_in_flight_requests");
      append_labels (out, g_ptr_array_index (all, i), NULL);
      g_string_append_printf (out, " %d\n", MAX (((ServeStats *) g_ptr_array_index (all, i))->in_flight, 0));
    }

  header (out, "lumina_serve_request_duration_seconds", "histogram",
          "Time from a request's arrival to its answer.");
  render_histogram (out, all, "lumina_serve_request_duration_seconds", TRUE);
  header (out, "lumina_serve_batch_rows", "histogram", "Rows scored by one predict call.");
  render_histogram (out, all, "lumina_serve_batch_rows", FALSE);
  render_shadow (out, all);
}
