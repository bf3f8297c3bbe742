/* lumina-monitoring-data.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fetching and combining metric samples for the Monitoring view, and
 * handing them to a chart.  Live windows never touch SQL: they read the
 * store's ring buffers.
 */
#define G_LOG_DOMAIN "lumina-monitoring-data"

#include "config.h"

#include <math.h>

#include "lumina-monitoring-data.h"

#define TARGET_POINTS 720

/* ---- windows ------------------------------------------------------------ */

/* A round step that gives about TARGET_POINTS points over @span_ms (at
 * least 300, at most 1000 for the view's ranges). */
gint64
lumina_monitoring_step_for (gint64 span_ms)
{
  static const gint64 steps_s[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
                                    10800, 21600, 43200, 86400 };
  gint64 wanted = span_ms / TARGET_POINTS;

  for (guint i = 0; i < G_N_ELEMENTS (steps_s); i++)
    if (steps_s[i] * 1000 >= wanted)
      return steps_s[i] * 1000;
  return steps_s[G_N_ELEMENTS (steps_s) - 1] * 1000;
}

void
lumina_monitoring_window_init (LuminaMonitoringWindow *window,
                               gint64                  from_ms,
                               gint64                  to_ms,
                               gboolean                live)
{
  g_return_if_fail (window != NULL);
  g_return_if_fail (to_ms > from_ms);

  window->from_ms = from_ms;
  window->to_ms = to_ms;
  window->step_ms = live ? 0 : lumina_monitoring_step_for (to_ms - from_ms);
}

/* ---- fetching ----------------------------------------------------------- */

static GArray *
empty_samples (void)
{
  return g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
}

/**
 * lumina_monitoring_fetch:
 * @agg: how each step is summarized (ignored for live windows)
 *
 * Returns: (transfer full) (element-type LuminaMetricSample): the samples
 *   of the window, oldest first; empty when the query fails
 */
GArray *
lumina_monitoring_fetch (LuminaMetricStore            *store,
                         guint                         series_id,
                         const LuminaMonitoringWindow *window,
                         LuminaMetricAgg               agg)
{
  g_autoptr(GError) error = NULL;
  GArray *samples;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (store), empty_samples ());
  g_return_val_if_fail (window != NULL, empty_samples ());

  if (window->step_ms == 0)
    {
      samples = lumina_metric_store_recent (store, series_id, window->from_ms);
      /* Points appended after "now" was taken belong to the next refresh. */
      while (samples->len > 0 && g_array_index (samples, LuminaMetricSample, samples->len - 1).time_ms > window->to_ms)
        g_array_set_size (samples, samples->len - 1);
      return samples;
    }

  samples = lumina_metric_store_query (store, series_id, window->from_ms, window->to_ms, window->step_ms, agg, &error);
  if (samples == NULL)
    {
      g_debug ("Query of series %u failed: %s", series_id, error->message);
      return empty_samples ();
    }
  return samples;
}

/* Per-second increase of a counter: live windows derive it from the raw
 * samples, longer ones let the store compute it per step. */
GArray *
lumina_monitoring_fetch_rate (LuminaMetricStore            *store,
                              guint                         series_id,
                              const LuminaMonitoringWindow *window)
{
  g_autoptr(GArray) raw = NULL;

  if (window->step_ms > 0)
    return lumina_monitoring_fetch (store, series_id, window, LUMINA_METRIC_AGG_RATE);

  raw = lumina_monitoring_fetch (store, series_id, window, LUMINA_METRIC_AGG_LAST);
  return lumina_monitoring_counter_rate (raw);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const LuminaMetricSample *) a)->time_ms;
  gint64 y = ((const LuminaMetricSample *) b)->time_ms;

  return (x > y) - (x < y);
}

/* Adds samples of equal time.  The collectors stamp one batch with one
 * time and query steps are aligned, so series of one batch line up. */
GArray *
lumina_monitoring_sum (GArray *a,
                       GArray *b)
{
  g_autoptr(GArray) all = empty_samples ();
  GArray *out = empty_samples ();

  if (a != NULL)
    g_array_append_vals (all, a->data, a->len);
  if (b != NULL)
    g_array_append_vals (all, b->data, b->len);
  g_array_sort (all, compare_times);

  for (guint i = 0; i < all->len; i++)
    {
      const LuminaMetricSample *s = &g_array_index (all, LuminaMetricSample, i);
      LuminaMetricSample *last = out->len > 0 ? &g_array_index (out, LuminaMetricSample, out->len - 1) : NULL;

      if (last != NULL && last->time_ms == s->time_ms)
        last->value = isnan (last->value) ? s->value : isnan (s->value) ? last->value : last->value + s->value;
      else
        g_array_append_val (out, *s);
    }
  return out;
}

/* Every series called @name that @matchers select, summed by time. */
GArray *
lumina_monitoring_fetch_sum (LuminaMetricStore            *store,
                             const char                   *name,
                             const char * const           *matchers,
                             const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, name, matchers, NULL);
  GArray *total = empty_samples ();

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      g_autoptr(GArray) samples = lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG);
      GArray *sum = lumina_monitoring_sum (total, samples);

      g_array_unref (total);
      total = sum;
    }
  return total;
}

/* A counter's per-second increase between consecutive samples, a drop
 * counting as a reset to zero (as the store's RATE does). */
GArray *
lumina_monitoring_counter_rate (GArray *counter)
{
  GArray *out = empty_samples ();

  for (guint i = 1; counter != NULL && i < counter->len; i++)
    {
      const LuminaMetricSample *prev = &g_array_index (counter, LuminaMetricSample, i - 1);
      const LuminaMetricSample *cur = &g_array_index (counter, LuminaMetricSample, i);
      double dt = (cur->time_ms - prev->time_ms) / 1000.0;
      double increase = cur->value >= prev->value ? cur->value - prev->value : cur->value;
      LuminaMetricSample rate = { cur->time_ms, NAN };

      if (dt <= 0)
        continue;
      if (isfinite (increase))
        rate.value = increase / dt;
      g_array_append_val (out, rate);
    }
  return out;
}

/* numerator / denominator at equal times; a gap (NaN) where the
 * denominator is zero: no requests means no error rate, not 0 %. */
GArray *
lumina_monitoring_ratio (GArray *numerator,
                         GArray *denominator)
{
  GArray *out = empty_samples ();
  guint j = 0;

  for (guint i = 0; numerator != NULL && denominator != NULL && i < numerator->len; i++)
    {
      const LuminaMetricSample *n = &g_array_index (numerator, LuminaMetricSample, i);
      LuminaMetricSample ratio = { n->time_ms, NAN };

      while (j < denominator->len && g_array_index (denominator, LuminaMetricSample, j).time_ms < n->time_ms)
        j++;
      if (j == denominator->len || g_array_index (denominator, LuminaMetricSample, j).time_ms != n->time_ms)
        continue;
      if (g_array_index (denominator, LuminaMetricSample, j).value > 0)
        ratio.value = n->value / g_array_index (denominator, LuminaMetricSample, j).value;
      g_array_append_val (out, ratio);
    }
  return out;
}

/* ---- naming ------------------------------------------------------------- */

const char *
lumina_monitoring_series_label (const LuminaMetricSeriesInfo *info,
                                const char                   *key)
{
  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; info->labels != NULL && info->labels[i] != NULL && info->labels[i + 1] != NULL; i += 2)
    if (g_str_equal (info->labels[i], key))
      return info->labels[i + 1];
  return NULL;
}

/* The unit a metric's name promises (Prometheus naming conventions) and
 * the factor that turns its base unit into the one shown. */
const char *
lumina_monitoring_guess_unit (const char *metric,
                              double     *scale)
{
  static const struct { const char *suffix; const char *unit; double scale; } units[] = {
    { "_bytes_per_second", "B/s", 1 },
    { "_per_second", "/s", 1 },
    { "_total", "/s", 1 },
    { "_ratio", "%", 100 },
    { "_bytes", "B", 1 },
    { "_seconds", "ms", 1000 },
    { "_celsius", "°C", 1 },
    { "_watts", "W", 1 },
  };

  *scale = 1;
  for (guint i = 0; metric != NULL && i < G_N_ELEMENTS (units); i++)
    if (g_str_has_suffix (metric, units[i].suffix))
      {
        *scale = units[i].scale;
        return units[i].unit;
      }
  return NULL;
}

/* ---- charts ------------------------------------------------------------- */

static void
line_free (gpointer data)
{
  LuminaMonitoringLine *line = data;

  g_free (line->name);
  g_clear_pointer (&line->samples, g_array_unref);
  g_free (line);
}

GPtrArray *
lumina_monitoring_lines_new (void)
{
  return g_ptr_array_new_with_free_func (line_free);
}

/* Takes @samples. */
void
lumina_monitoring_lines_add (GPtrArray        *lines,
                             const char       *name,
                             LuminaChartStyle  style,
                             GArray           *samples,
                             double            scale)
{
  LuminaMonitoringLine *line = g_new0 (LuminaMonitoringLine, 1);

  line->name = g_strdup (name);
  line->style = style;
  line->samples = samples != NULL ? samples : empty_samples ();
  line->scale = scale;
  g_ptr_array_add (lines, line);
}

static char *
lines_key (GPtrArray *lines)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      LuminaMonitoringLine *line = g_ptr_array_index (lines, i);

      g_string_append_printf (key, "%s\x1f%d\x1e", line->name, line->style);
    }
  return g_string_free (key, FALSE);
}

/* Room above the highest point, on a round value, so that a line never
 * runs along the top edge unlabelled. */
static double
nice_ceiling (double value)
{
  static const double steps[] = { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 };

  return lumina_chart_nice_ceiling (value, 1.1, steps, G_N_ELEMENTS (steps));
}

static double
lines_max (GPtrArray *lines)
{
  double max = NAN;

  for (guint i = 0; i < lines->len; i++)
    {
      LuminaMonitoringLine *line = g_ptr_array_index (lines, i);

      for (guint j = 0; j < line->samples->len; j++)
        {
          double y = g_array_index (line->samples, LuminaMetricSample, j).value * line->scale;

          if (isfinite (y) && !(y <= max))
            max = y;
        }
    }
  return max;
}

/* The chart's series become @lines.  Series are only rebuilt when their
 * names change, so a refresh keeps the user's zoom and hidden series. */
void
lumina_monitoring_chart_show (LuminaChart                  *chart,
                              const LuminaMonitoringWindow *window,
                              GPtrArray                    *lines)
{
  g_autofree char *key = lines_key (lines);
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_if_fail (LUMINA_IS_CHART (chart));

  if (g_strcmp0 (g_object_get_data (G_OBJECT (chart), "lumina-monitoring-key"), key) != 0)
    {
      lumina_chart_clear (chart);
      for (guint i = 0; i < lines->len; i++)
        {
          LuminaMonitoringLine *line = g_ptr_array_index (lines, i);

          lumina_chart_add_series (chart, line->name, line->style);
        }
      g_object_set_data_full (G_OBJECT (chart), "lumina-monitoring-key", g_steal_pointer (&key), g_free);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      LuminaMonitoringLine *line = g_ptr_array_index (lines, i);

      g_array_set_size (x, line->samples->len);
      g_array_set_size (y, line->samples->len);
      for (guint j = 0; j < line->samples->len; j++)
        {
          const LuminaMetricSample *s = &g_array_index (line->samples, LuminaMetricSample, j);

          g_array_index (x, double, j) = s->time_ms / 1000.0;
          g_array_index (y, double, j) = s->value * line->scale;
        }
      lumina_chart_set_series_data (chart, i, (const double *) (gpointer) x->data,
                                    (const double *) (gpointer) y->data, x->len);
    }
  lumina_chart_set_x_range (chart, window->from_ms / 1000.0, window->to_ms / 1000.0);
  if (g_object_get_data (G_OBJECT (chart), "lumina-monitoring-fixed-y") == NULL)
    lumina_chart_set_y_range (chart, 0.0, nice_ceiling (lines_max (lines)));
}

/* Axes for a time series chart; @y_max NaN fits the data, with room above. */
void
lumina_monitoring_chart_prepare (LuminaChart *chart,
                                 const char  *title,
                                 const char  *y_label,
                                 const char  *unit,
                                 double       y_max)
{
  g_return_if_fail (LUMINA_IS_CHART (chart));

  lumina_chart_set_title (chart, title);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_TIME, NULL, NULL);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, y_label, unit);
  lumina_chart_set_y_range (chart, 0.0, y_max);
  g_object_set_data (G_OBJECT (chart), "lumina-monitoring-fixed-y", isfinite (y_max) ? GINT_TO_POINTER (TRUE) : NULL);
}
