/* lumina-overview-figures.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-overview-figures"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-overview-figures.h"

#define STEP_MS             (60 * 1000)
#define NO_CHANGE_FRACTION  0.01

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const LuminaMetricSample *) a)->time_ms;
  gint64 y = ((const LuminaMetricSample *) b)->time_ms;

  return (x > y) - (x < y);
}

/* Sorts @samples by time and folds those at one time into one point. */
static void
combine_by_time (GArray                *samples,
                 LuminaOverviewCombine  combine)
{
  guint out = 0;

  g_array_sort (samples, compare_times);
  for (guint i = 0; i < samples->len; i++)
    {
      LuminaMetricSample *s = &g_array_index (samples, LuminaMetricSample, i);
      LuminaMetricSample *last = out > 0 ? &g_array_index (samples, LuminaMetricSample, out - 1) : NULL;

      if (last != NULL && last->time_ms == s->time_ms)
        {
          if (combine == LUMINA_OVERVIEW_COMBINE_SUM)
            last->value += s->value;
          else if (isnan (last->value) || s->value > last->value)
            last->value = s->value;
          continue;
        }
      g_array_index (samples, LuminaMetricSample, out++) = *s;
    }
  g_array_set_size (samples, out);
}

GArray *
lumina_overview_recent (LuminaMetricStore     *store,
                        const char            *name,
                        const char * const    *matchers,
                        gint64                 since_ms,
                        LuminaOverviewCombine  combine)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (store), all);
  g_return_val_if_fail (name != NULL, all);

  if (!(series = lumina_metric_store_find_series (store, name, matchers, &error)))
    {
      g_debug ("Could not look up %s: %s", name, error->message);
      return all;
    }

  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      g_autoptr(GArray) points = lumina_metric_store_recent (store, info->id, since_ms);

      g_array_append_vals (all, points->data, points->len);
    }
  combine_by_time (all, combine);

  return all;
}

static double
counter_increase (double before,
                  double after)
{
  /* A counter that went down was reset: it counted from zero since. */
  return after >= before ? after - before : after;
}

GArray *
lumina_overview_counter_ratio (GArray *numerator,
                               GArray *denominator)
{
  GArray *ratios = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  const LuminaMetricSample *prev_n = NULL;
  const LuminaMetricSample *prev_d = NULL;
  guint i = 0, j = 0;

  g_return_val_if_fail (numerator != NULL && denominator != NULL, ratios);

  /* Both are sampled at the same ticks; a time only one has is skipped. */
  while (i < numerator->len && j < denominator->len)
    {
      const LuminaMetricSample *n = &g_array_index (numerator, LuminaMetricSample, i);
      const LuminaMetricSample *d = &g_array_index (denominator, LuminaMetricSample, j);

      if (n->time_ms < d->time_ms)
        {
          i++;
          continue;
        }
      if (d->time_ms < n->time_ms)
        {
          j++;
          continue;
        }
      if (prev_n != NULL)
        {
          double dd = counter_increase (prev_d->value, d->value);
          LuminaMetricSample ratio = {
            d->time_ms, dd > 0 ? counter_increase (prev_n->value, n->value) / dd : NAN
          };

          g_array_append_val (ratios, ratio);
        }
      prev_n = n;
      prev_d = d;
      i++;
      j++;
    }

  return ratios;
}

static double
total_increase (GArray *samples)
{
  double total = 0;

  for (guint i = 1; i < samples->len; i++)
    total += counter_increase (g_array_index (samples, LuminaMetricSample, i - 1).value,
                               g_array_index (samples, LuminaMetricSample, i).value);
  return total;
}

double
lumina_overview_counter_ratio_total (GArray *numerator,
                                     GArray *denominator)
{
  double requests;

  g_return_val_if_fail (numerator != NULL && denominator != NULL, NAN);

  requests = total_increase (denominator);
  return requests > 0 ? total_increase (numerator) / requests : NAN;
}

/* Every step of every matching series over [@from_ms, @to_ms]. */
static GArray *
query_steps (LuminaMetricStore  *store,
             GPtrArray          *series,
             LuminaMetricAgg     agg,
             gint64              from_ms,
             gint64              to_ms)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));

  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) steps = NULL;

      steps = lumina_metric_store_query (store, info->id, from_ms, to_ms, STEP_MS, agg, &error);
      if (steps == NULL)
        {
          g_debug ("Could not query series %u: %s", info->id, error->message);
          continue;
        }
      g_array_append_vals (all, steps->data, steps->len);
    }

  return all;
}

gboolean
lumina_overview_period_values (LuminaMetricStore     *store,
                               const char            *name,
                               const char * const    *matchers,
                               LuminaMetricAgg        agg,
                               LuminaOverviewCombine  combine,
                               gboolean               sum_steps,
                               gint64                 now_ms,
                               gint64                 period_ms,
                               double                *previous,
                               double                *current)
{
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GArray) steps = NULL;
  double sum[2] = { 0, 0 };
  guint count[2] = { 0, 0 };

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (store), FALSE);
  g_return_val_if_fail (period_ms > 0, FALSE);
  g_return_val_if_fail (previous != NULL && current != NULL, FALSE);

  *previous = *current = NAN;

  series = lumina_metric_store_find_series (store, name, matchers, NULL);
  if (series == NULL || series->len == 0)
    return FALSE;

  steps = query_steps (store, series, agg, now_ms - 2 * period_ms, now_ms);
  combine_by_time (steps, combine);

  for (guint i = 0; i < steps->len; i++)
    {
      const LuminaMetricSample *s = &g_array_index (steps, LuminaMetricSample, i);
      guint which = s->time_ms >= now_ms - period_ms ? 1 : 0;

      if (!isfinite (s->value))
        continue;
      sum[which] += s->value;
      count[which]++;
    }

  if (count[0] > 0)
    *previous = sum_steps ? sum[0] : sum[0] / count[0];
  if (count[1] > 0)
    *current = sum_steps ? sum[1] : sum[1] / count[1];

  return TRUE;
}

static const char *
change_style (gboolean               up,
              LuminaOverviewPolarity polarity)
{
  switch (polarity)
    {
    case LUMINA_OVERVIEW_POLARITY_HIGHER_IS_BETTER:
      /* Less traffic or accuracy deserves a look, not an alarm. */
      return up ? "success" : "warning";

    case LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER:
      return up ? "error" : "success";

    case LUMINA_OVERVIEW_POLARITY_NEUTRAL:
    default:
      return "dim-label";
    }
}

char *
lumina_overview_format_change (double                   previous,
                               double                   current,
                               LuminaOverviewPolarity   polarity,
                               const char             **style_class)
{
  double fraction;
  gboolean up;

  g_return_val_if_fail (style_class != NULL, NULL);

  *style_class = "dim-label";

  if (!isfinite (previous) || !isfinite (current))
    return NULL;

  if (previous == 0)
    {
      if (current == 0)
        return g_strdup (_("No change"));
      *style_class = change_style (current > 0, polarity);
      /* Translators: a figure that was zero in the previous period */
      return g_strdup (current > 0 ? _("↑ from zero") : _("↓ from zero"));
    }

  fraction = (current - previous) / fabs (previous);
  if (fabs (fraction) < NO_CHANGE_FRACTION)
    return g_strdup (_("No change"));

  up = fraction > 0;
  *style_class = change_style (up, polarity);
  if (fabs (fraction) >= 10)
    /* Translators: a change of more than a thousand percent */
    return g_strdup (up ? _("↑ > 999 %") : _("↓ > 999 %"));
  /* Translators: a rise or fall in percent, as in “↑ 12 %” */
  return g_strdup_printf (up ? _("↑ %.0f %%") : _("↓ %.0f %%"), fabs (fraction) * 100);
}

GArray *
lumina_overview_bucketize (GArray *samples,
                           gint64  now_ms,
                           gint64  window_ms,
                           guint   n_buckets,
                           double  scale)
{
  g_autofree double *sum = NULL;
  g_autofree guint *count = NULL;
  gint64 from_ms = now_ms - window_ms;
  GArray *values;

  g_return_val_if_fail (samples != NULL, NULL);
  g_return_val_if_fail (window_ms > 0 && n_buckets > 0, NULL);

  sum = g_new0 (double, n_buckets);
  count = g_new0 (guint, n_buckets);
  for (guint i = 0; i < samples->len; i++)
    {
      const LuminaMetricSample *s = &g_array_index (samples, LuminaMetricSample, i);
      gint64 b;

      if (s->time_ms < from_ms || !isfinite (s->value))
        continue;
      b = MIN ((s->time_ms - from_ms) * (gint64) n_buckets / window_ms, (gint64) n_buckets - 1);
      sum[b] += s->value;
      count[b]++;
    }

  values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_buckets);
  for (guint b = 0; b < n_buckets; b++)
    {
      double value = count[b] > 0 ? sum[b] / count[b] * scale : NAN;

      g_array_append_val (values, value);
    }

  return values;
}
