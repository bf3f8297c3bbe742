/* lumina-deployment-figures.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-deployment-figures"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-deployment-figures.h"

void
lumina_deployment_figures_compute (GPtrArray               *stats,
                                   LuminaDeploymentFigures *figures)
{
  LuminaServeStats *current = NULL;

  memset (figures, 0, sizeof *figures);
  figures->p50_ms = figures->p99_ms = NAN;
  figures->challenger_p50_ms = figures->challenger_p99_ms = NAN;
  figures->agreement = NAN;

  for (guint i = 0; stats != NULL && i < stats->len; i++)
    {
      LuminaServeStats *s = g_ptr_array_index (stats, i);

      if (g_strcmp0 (s->variant, "shadow") == 0)
        {
          figures->has_challenger = figures->shadow = TRUE;
          figures->challenger_version = s->version;
          figures->challenger_p50_ms = s->p50_ms;
          figures->challenger_p99_ms = s->p99_ms;
          figures->compared += s->compared;
          figures->agreement = s->agreement;
          continue;
        }

      figures->rps += s->rps;
      figures->requests += s->requests;
      figures->errors += s->errors;
      figures->in_flight += s->in_flight;

      if (g_strcmp0 (s->variant, "challenger") == 0)
        {
          figures->has_challenger = TRUE;
          figures->challenger_version = s->version;
          figures->challenger_rps += s->rps;
          figures->challenger_requests += s->requests;
          figures->challenger_p50_ms = s->p50_ms;
          figures->challenger_p99_ms = s->p99_ms;
        }
      else if (current == NULL || s->current)
        current = s;
    }

  if (current != NULL)
    {
      figures->version = current->version;
      figures->p50_ms = current->p50_ms;
      figures->p99_ms = current->p99_ms;
    }
}

LuminaDeploymentHistory *
lumina_deployment_history_new (void)
{
  LuminaDeploymentHistory *history = g_new0 (LuminaDeploymentHistory, 1);

  history->time = g_array_new (FALSE, FALSE, sizeof (double));
  history->rps = g_array_new (FALSE, FALSE, sizeof (double));
  history->errors_per_s = g_array_new (FALSE, FALSE, sizeof (double));
  history->error_rate = g_array_new (FALSE, FALSE, sizeof (double));
  history->p50_ms = g_array_new (FALSE, FALSE, sizeof (double));
  history->p99_ms = g_array_new (FALSE, FALSE, sizeof (double));
  return history;
}

void
lumina_deployment_history_free (LuminaDeploymentHistory *history)
{
  g_array_unref (history->time);
  g_array_unref (history->rps);
  g_array_unref (history->errors_per_s);
  g_array_unref (history->error_rate);
  g_array_unref (history->p50_ms);
  g_array_unref (history->p99_ms);
  g_free (history);
}

static void
history_push (LuminaDeploymentHistory *history,
              double                   time,
              double                   rps,
              double                   errors_per_s,
              double                   error_rate,
              double                   p50,
              double                   p99)
{
  GArray *arrays[] = { history->time, history->rps, history->errors_per_s, history->error_rate,
                       history->p50_ms, history->p99_ms };
  double values[] = { time, rps, errors_per_s, error_rate, p50, p99 };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      if (arrays[i]->len >= LUMINA_DEPLOYMENT_HISTORY_LEN)
        g_array_remove_index (arrays[i], 0);
      g_array_append_val (arrays[i], values[i]);
    }
}

double
lumina_deployment_history_append (LuminaDeploymentHistory       *history,
                                  double                         time,
                                  const LuminaDeploymentFigures *figures)
{
  double previous = history->time->len > 0 ? g_array_index (history->time, double, history->time->len - 1) : NAN;
  double interval = isfinite (previous) && time > previous ? time - previous : 1.0;
  guint64 requests = 0, errors = 0;
  double rate;

  /* Counters start again when the server restarts. */
  if (history->has_last && figures->requests >= history->last_requests && figures->errors >= history->last_errors)
    {
      requests = figures->requests - history->last_requests;
      errors = figures->errors - history->last_errors;
    }
  history->last_requests = figures->requests;
  history->last_errors = figures->errors;
  history->has_last = TRUE;

  rate = requests > 0 ? (double) errors / requests : 0.0;
  history_push (history, time, figures->rps, errors / interval, rate, figures->p50_ms, figures->p99_ms);
  return rate;
}

void
lumina_deployment_history_gap (LuminaDeploymentHistory *history,
                               double                   time)
{
  history->has_last = FALSE;
  if (history->rps->len > 0 && isnan (g_array_index (history->rps, double, history->rps->len - 1)))
    return;
  history_push (history, time, NAN, NAN, NAN, NAN, NAN);
}

char *
lumina_format_rps (double rps)
{
  if (!isfinite (rps))
    return g_strdup ("—");
  if (rps >= 100)
    /* Translators: requests per second */
    return g_strdup_printf (_("%.0f req/s"), rps);
  return g_strdup_printf (_("%.1f req/s"), rps);
}

char *
lumina_format_ms (double ms)
{
  if (!isfinite (ms))
    return g_strdup ("—");
  if (ms >= 1000)
    /* Translators: a latency in seconds */
    return g_strdup_printf (_("%.2f s"), ms / 1000);
  if (ms >= 10)
    /* Translators: a latency in milliseconds */
    return g_strdup_printf (_("%.0f ms"), ms);
  return g_strdup_printf (_("%.1f ms"), ms);
}

char *
lumina_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  if (fraction > 0 && fraction < 0.001)
    return g_strdup ("< 0.1 %");
  /* Translators: a percentage; keep the space before % if your language uses one */
  return g_strdup_printf (_("%.1f %%"), fraction * 100);
}

static char *
format_in (double      value,
           double      scale)
{
  if (!isfinite (value))
    return g_strdup ("—");
  value /= scale;
  return g_strdup_printf (value >= 10 ? "%.0f" : "%.1f", value);
}

char *
lumina_format_latency_pair (double p50_ms,
                            double p99_ms)
{
  gboolean seconds = isfinite (p99_ms) && p99_ms >= 1000;
  g_autofree char *p50 = format_in (p50_ms, seconds ? 1000 : 1);
  g_autofree char *p99 = format_in (p99_ms, seconds ? 1000 : 1);

  if (!isfinite (p50_ms) && !isfinite (p99_ms))
    return g_strdup ("—");
  if (seconds)
    /* Translators: median and 99th percentile latency in seconds, such as “0.9 / 1.2 s” */
    return g_strdup_printf (_("%s / %s s"), p50, p99);
  /* Translators: median and 99th percentile latency in milliseconds, such as “1.2 / 4.0 ms” */
  return g_strdup_printf (_("%s / %s ms"), p50, p99);
}
