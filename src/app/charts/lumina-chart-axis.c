/* lumina-chart-axis.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Axis maths: mapping values to 0–1, "nice" tick steps (1, 2, 5 × 10^k),
 * log decades, clock-aligned time ticks, and labels with SI prefixes or
 * durations.
 */
#define G_LOG_DOMAIN "lumina-chart-axis"

#include "config.h"

#include <math.h>

#include "lumina-chart-private.h"

static const double time_steps[] = {
  1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800,
  3600, 7200, 10800, 21600, 43200,
  86400, 172800, 432000, 604800, 1209600, 2592000, 7776000, 31536000,
};

static double
scaled (const LuminaChartRange *range,
        double                  value)
{
  if (range->scale == LUMINA_CHART_SCALE_LOG)
    return value > 0 ? log10 (value) : -HUGE_VAL;

  return value;
}

double
_lumina_chart_map (const LuminaChartRange *range,
                   double                  value)
{
  double lo = scaled (range, range->min);
  double hi = scaled (range, range->max);

  if (!(hi > lo))
    return 0.5;

  return (scaled (range, value) - lo) / (hi - lo);
}

double
_lumina_chart_unmap (const LuminaChartRange *range,
                     double                  fraction)
{
  double lo = scaled (range, range->min);
  double hi = scaled (range, range->max);
  double value = lo + fraction * (hi - lo);

  if (range->scale == LUMINA_CHART_SCALE_LOG)
    return pow (10.0, value);

  return value;
}

/* Heckbert's nice numbers: 1, 2, 5 or 10 times a power of ten. */
double
_lumina_chart_nice_number (double   value,
                           gboolean round)
{
  double exponent;
  double fraction;
  double nice;

  if (!(value > 0) || !isfinite (value))
    return 1.0;

  exponent = floor (log10 (value));
  fraction = value / pow (10.0, exponent);

  if (round)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;

  return nice * pow (10.0, exponent);
}

/* Widens a data range so it starts and ends on round values, and gives an
 * empty range some height. */
void
_lumina_chart_nice_range (LuminaChartScale  scale,
                          double           *min,
                          double           *max)
{
  double step;

  if (scale == LUMINA_CHART_SCALE_LOG)
    {
      double lo = *min > 0 ? *min : 1.0;
      double hi = *max > 0 ? *max : lo * 10;

      *min = pow (10.0, floor (log10 (lo)));
      *max = pow (10.0, ceil (log10 (hi)));
      if (*max <= *min)
        *max = *min * 10;
      return;
    }

  if (*max <= *min)
    {
      double pad = *min != 0 ? fabs (*min) * 0.1 : 1.0;

      *min -= pad;
      *max += pad;
    }

  if (scale == LUMINA_CHART_SCALE_TIME)
    return;

  step = _lumina_chart_nice_number ((*max - *min) / 5, TRUE);
  *min = floor (*min / step) * step;
  *max = ceil (*max / step) * step;
}

static char *
format_duration (double seconds,
                 double step)
{
  double abs_s = fabs (seconds);
  const char *sign = seconds < 0 ? "−" : "";

  if (abs_s < 60 || step < 1)
    return g_strdup_printf ("%s%g s", sign, round (abs_s * 1000) / 1000);
  if (abs_s < 3600)
    {
      int m = (int) (abs_s / 60);
      int s = (int) round (abs_s - m * 60.0);

      return s ? g_strdup_printf ("%s%d m %d s", sign, m, s) : g_strdup_printf ("%s%d m", sign, m);
    }
  if (abs_s < 86400)
    {
      int h = (int) (abs_s / 3600);
      int m = (int) round ((abs_s - h * 3600.0) / 60);

      return m ? g_strdup_printf ("%s%d h %d m", sign, h, m) : g_strdup_printf ("%s%d h", sign, h);
    }

  return g_strdup_printf ("%s%g d", sign, round (abs_s / 8640) / 10);
}

/* A value for a tick @step apart from its neighbours: enough decimals to tell
 * them apart, an SI prefix for big and small magnitudes. */
char *
_lumina_chart_format_value (double      value,
                            double      step,
                            const char *unit)
{
  static const char *prefixes[] = { "p", "n", "µ", "m", "", "k", "M", "G", "T", "P" };
  double magnitude = MAX (fabs (value), fabs (step));
  int power = 0;
  int decimals;
  const char *sign = value < 0 ? "−" : "";
  gboolean has_unit = unit != NULL && unit[0] != '\0';

  if (has_unit && g_str_equal (unit, "s") && fabs (value) >= 60)
    return format_duration (value, step);

  if (value == 0 || fabs (value) < fabs (step) * 1e-9)
    return g_strdup_printf ("0%s%s", has_unit ? " " : "", has_unit ? unit : "");

  if (magnitude >= 1e4 || magnitude < 1e-3)
    power = (int) floor (log10 (magnitude) / 3);
  power = CLAMP (power, -4, 5);

  value /= pow (1000.0, power);
  step /= pow (1000.0, power);
  decimals = step > 0 ? (int) MAX (0, -floor (log10 (step) + 1e-9)) : 2;
  if (step > 0 && fabs (step * pow (10, decimals) - round (step * pow (10, decimals))) > 1e-6)
    decimals++;
  decimals = MIN (decimals, 9);

  return g_strdup_printf ("%s%.*f%s%s%s", sign, decimals, fabs (value),
                          (has_unit || power != 0) ? " " : "",
                          prefixes[power + 4], has_unit ? unit : "");
}

char *
_lumina_chart_format_time (double seconds,
                           double step)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((gint64) floor (seconds));

  if (dt == NULL)
    return g_strdup ("");
  if (step < 60)
    return g_date_time_format (dt, "%H:%M:%S");
  if (step < 86400)
    return g_date_time_format (dt, "%H:%M");
  if (step < 31536000)
    return g_date_time_format (dt, "%b %-d");

  return g_date_time_format (dt, "%Y");
}

static void
tick_clear (gpointer data)
{
  LuminaChartTick *tick = data;

  g_free (tick->label);
}

static GArray *
tick_array_new (void)
{
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (LuminaChartTick));

  g_array_set_clear_func (ticks, tick_clear);

  return ticks;
}

static void
add_tick (GArray *ticks,
          double  value,
          char   *label)
{
  LuminaChartTick tick = { value, label };

  g_array_append_val (ticks, tick);
}

static void
linear_ticks (GArray     *ticks,
              double      min,
              double      max,
              guint       max_ticks,
              const char *unit)
{
  double step = _lumina_chart_nice_number ((max - min) / MAX (1, max_ticks - 1), TRUE);
  double first;

  while ((max - min) / step + 1 > max_ticks)
    step = _lumina_chart_nice_number (step * 1.5, FALSE);

  /* A short axis must still show two values to read a scale from. */
  for (guint i = 0; i < 4 && floor (max / step + 1e-9) - ceil (min / step - 1e-9) < 1; i++)
    step = _lumina_chart_nice_number (step / 2, FALSE);

  /* Durations step in whole minutes and hours, not in hundreds of seconds. */
  if (unit != NULL && g_str_equal (unit, "s") && step >= 60)
    for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
      if ((max - min) / time_steps[i] + 1 <= max_ticks)
        {
          step = time_steps[i];
          break;
        }

  first = ceil (min / step - 1e-9) * step;
  for (guint i = 0; first + i * step <= max + step * 1e-9 && i < max_ticks; i++)
    {
      double value = first + i * step;

      if (fabs (value) < step * 1e-9)
        value = 0;
      add_tick (ticks, value, _lumina_chart_format_value (value, step, unit));
    }
}

static void
log_ticks (GArray     *ticks,
           double      min,
           double      max,
           guint       max_ticks,
           const char *unit)
{
  double lo = floor (log10 (MAX (min, 1e-300)) + 1e-9);
  double hi = log10 (MAX (max, 1e-300));
  double every = ceil ((hi - lo + 1) / MAX (1, max_ticks));

  every = MAX (1, every);
  for (double e = lo; e <= hi + 1e-9; e += every)
    {
      double value = pow (10.0, e);

      if (value >= min * (1 - 1e-9))
        add_tick (ticks, value, _lumina_chart_format_value (value, value, unit));
    }

  /* Less than a decade: fall back to linear ticks inside it. */
  if (ticks->len < 2)
    {
      g_array_set_size (ticks, 0);
      linear_ticks (ticks, min, max, max_ticks, unit);
    }
}

static void
time_ticks (GArray *ticks,
            double  min,
            double  max,
            guint   max_ticks)
{
  double step = time_steps[G_N_ELEMENTS (time_steps) - 1];
  g_autoptr(GDateTime) local = NULL;
  double offset;
  double first;

  if (max - min < 2)
    {
      linear_ticks (ticks, min, max, max_ticks, NULL);
      return;
    }

  /* The finest step whose ticks, wherever they fall, are few enough. */
  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    if (floor ((max - min) / time_steps[i]) + 1 <= max_ticks)
      {
        step = time_steps[i];
        break;
      }

  /* Align on the local clock (midnight, whole hours) rather than on UTC. */
  local = g_date_time_new_from_unix_local ((gint64) min);
  offset = local != NULL ? g_date_time_get_utc_offset (local) / (double) G_TIME_SPAN_SECOND : 0;
  first = ceil ((min + offset) / step) * step - offset;

  for (double t = first; t <= max + 1e-6; t += step)
    add_tick (ticks, t, _lumina_chart_format_time (t, step));
}

/* Ticks for the range [@min, @max], at most @max_ticks of them.  Returns an
 * array of LuminaChartTick that frees its labels. */
GArray *
_lumina_chart_ticks (LuminaChartScale  scale,
                     double            min,
                     double            max,
                     guint             max_ticks,
                     const char       *unit)
{
  GArray *ticks = tick_array_new ();

  max_ticks = MAX (max_ticks, 2);
  if (!isfinite (min) || !isfinite (max) || !(max > min))
    return ticks;

  switch (scale)
    {
    case LUMINA_CHART_SCALE_LOG:
      if (min > 0)
        log_ticks (ticks, min, max, max_ticks, unit);
      else
        linear_ticks (ticks, min, max, max_ticks, unit);
      break;
    case LUMINA_CHART_SCALE_TIME:
      time_ticks (ticks, min, max, max_ticks);
      break;
    case LUMINA_CHART_SCALE_LINEAR:
    default:
      linear_ticks (ticks, min, max, max_ticks, unit);
      break;
    }

  return ticks;
}

/**
 * lumina_chart_nice_ceiling:
 * @value: the highest point
 * @headroom: the room to leave above it, such as 1.1 for 10 %
 * @steps: (array length=n_steps): round mantissas from 1 to 10, ascending
 *
 * The first round value (a step times a power of ten) above @value ×
 * @headroom, so that a line never runs along the top edge unlabelled.
 *
 * Returns: the ceiling, or NaN for a value that is not finite and positive
 */
double
lumina_chart_nice_ceiling (double        value,
                           double        headroom,
                           const double *steps,
                           guint         n_steps)
{
  double magnitude, fraction;

  if (!isfinite (value) || value <= 0)
    return NAN;

  value *= headroom;
  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;
  for (guint i = 0; i < n_steps; i++)
    if (fraction <= steps[i])
      return steps[i] * magnitude;
  return 10 * magnitude;
}
