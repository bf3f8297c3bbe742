/* lumina-profile-numeric-json.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finishing a numeric column: distinct count, quantiles and histogram,
 * exact from the kept values or estimated from the sketches (KLL for the
 * quantiles, the grid for the histogram).
 */
#define G_LOG_DOMAIN "lumina-profile-numeric-json"

#include "config.h"

#include <math.h>

#include "lumina-profile-private.h"
#include "lumina-sketch-private.h"
#include "lumina-util.h"

static const struct
{
  const char *name;
  double      q;
} quantiles[] = {
  { "p01", 0.01 }, { "p05", 0.05 }, { "p25", 0.25 }, { "p50", 0.50 },
  { "p75", 0.75 }, { "p95", 0.95 }, { "p99", 0.99 },
};

typedef struct
{
  guint  n_bins;
  double edges[LUMINA_PROFILE_BINS + 1];
  double counts[LUMINA_PROFILE_BINS];
  gboolean unit;   /* one bin per integer value */
} Histogram;

/**
 * _lumina_numeric_stats_distinct:
 * Returns: the number of distinct non-missing values, infinities included
 */
guint64
_lumina_numeric_stats_distinct (LuminaNumericStats *self,
                                gboolean           *exact)
{
  guint64 infinities = (self->pos_inf > 0) + (self->neg_inf > 0);
  g_autoptr(LuminaDistinct) distinct = NULL;

  if (self->distinct != NULL)
    {
      *exact = lumina_distinct_is_exact (self->distinct);
      return lumina_distinct_count (self->distinct) + infinities;
    }

  distinct = lumina_distinct_new ();
  lumina_distinct_add_doubles (distinct, self->kept, self->n_kept);
  *exact = lumina_distinct_is_exact (distinct);
  return lumina_distinct_count (distinct) + infinities;
}

static double
interpolate (double a,
             double b,
             double fraction)
{
  double value;

  if (fraction == 0 || a == b)
    return a;
  value = a + fraction * (b - a);
  return isfinite (value) ? value : (1 - fraction) * a + fraction * b;
}

static int
compare_size (gconstpointer a,
              gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return (x > y) - (x < y);
}

/* Linear interpolation between order statistics (NumPy's default). */
static void
exact_quantiles (double *values,
                 gsize   n,
                 double *out)
{
  gsize ranks[2 * G_N_ELEMENTS (quantiles)];
  guint n_ranks = 0, unique = 0;

  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      gsize lo = (gsize) floor ((double) (n - 1) * quantiles[i].q);

      ranks[n_ranks++] = lo;
      ranks[n_ranks++] = MIN (lo + 1, n - 1);
    }
  qsort (ranks, n_ranks, sizeof (gsize), compare_size);
  for (guint i = 0; i < n_ranks; i++)
    if (unique == 0 || ranks[unique - 1] != ranks[i])
      ranks[unique++] = ranks[i];
  _lumina_select_doubles (values, n, ranks, unique);

  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      double h = (double) (n - 1) * quantiles[i].q;
      gsize lo = (gsize) floor (h);

      out[i] = interpolate (values[lo], values[MIN (lo + 1, n - 1)], h - (double) lo);
    }
}

static void
histogram_layout (LuminaNumericStats *self,
                  LuminaColumnType    type,
                  Histogram          *histogram)
{
  double min = self->min, max = self->max;
  gboolean integral = type == LUMINA_COLUMN_TYPE_INTEGER || type == LUMINA_COLUMN_TYPE_BOOLEAN;

  histogram->unit = integral && max - min < LUMINA_PROFILE_BINS;
  if (histogram->unit)
    histogram->n_bins = (guint) (max - min) + 1;
  else
    histogram->n_bins = min == max ? 1 : LUMINA_PROFILE_BINS;

  for (guint i = 0; i <= histogram->n_bins; i++)
    {
      if (histogram->unit)
        histogram->edges[i] = min - 0.5 + i;
      else
        histogram->edges[i] = interpolate (min, max, (double) i / histogram->n_bins);
    }
  histogram->edges[histogram->n_bins] = histogram->unit ? max + 0.5 : max;
}

static void
exact_histogram (LuminaNumericStats *self,
                 Histogram          *histogram)
{
  double min = self->min, max = self->max;
  double half_range = max / 2 - min / 2;   /* no overflow, unlike max - min */
  guint last = histogram->n_bins - 1;

  for (gsize i = 0; i < self->n_kept; i++)
    {
      double x = self->kept[i];
      double t = histogram->unit ? x - min
        : half_range > 0 ? (x / 2 - min / 2) / half_range * histogram->n_bins : 0;

      histogram->counts[MIN ((guint) t, last)]++;
    }
}

static void
sketch_histogram (LuminaNumericStats *self,
                  Histogram          *histogram)
{
  double previous = 0;

  for (guint i = 0; i < histogram->n_bins; i++)
    {
      double cumulative = i + 1 == histogram->n_bins ? (double) self->n
        : round (lumina_grid_count_below (self->grid, histogram->edges[i + 1]));

      cumulative = CLAMP (cumulative, previous, (double) self->n);
      histogram->counts[i] = cumulative - previous;
      previous = cumulative;
    }
}

static void
add_quantiles (LuminaNumericStats *self,
               JsonBuilder        *builder)
{
  double values[G_N_ELEMENTS (quantiles)];

  if (self->kll == NULL)
    exact_quantiles (self->kept, self->n_kept, values);
  else
    for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
      values[i] = lumina_kll_quantile (self->kll, quantiles[i].q);

  json_builder_set_member_name (builder, "quantiles");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    _lumina_profile_add_double (builder, quantiles[i].name, values[i]);
  json_builder_end_object (builder);
}

static void
add_histogram (LuminaNumericStats *self,
               LuminaColumnType    type,
               JsonBuilder        *builder)
{
  Histogram histogram = { 0 };

  histogram_layout (self, type, &histogram);
  if (self->kll == NULL)
    exact_histogram (self, &histogram);
  else
    sketch_histogram (self, &histogram);

  json_builder_set_member_name (builder, "histogram");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  for (guint i = 0; i <= histogram.n_bins; i++)
    json_builder_add_double_value (builder, histogram.edges[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < histogram.n_bins; i++)
    json_builder_add_int_value (builder, (gint64) histogram.counts[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          double       usec)
{
  gint64 value = (gint64) usec;
  gint64 seconds = value / G_USEC_PER_SEC - (value % G_USEC_PER_SEC < 0);
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (whole == NULL || (time = g_date_time_add (whole, value - seconds * G_USEC_PER_SEC)) == NULL)
    return;
  text = lumina_util_format_time (time);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           guint64      count)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) count);
}

/**
 * _lumina_numeric_stats_to_json:
 * Adds the numeric members of a column's profile object.
 */
void
_lumina_numeric_stats_to_json (LuminaNumericStats *self,
                               LuminaColumnType    type,
                               JsonBuilder        *builder)
{
  if (self->n > 0)
    {
      _lumina_profile_add_double (builder, "min", self->min);
      _lumina_profile_add_double (builder, "max", self->max);
      _lumina_profile_add_double (builder, "mean", self->mean);
    }
  if (self->n > 1)
    _lumina_profile_add_double (builder, "std", sqrt (self->m2 / (double) (self->n - 1)));
  if (self->n > 0 && type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    {
      add_time (builder, "min_time", self->min);
      add_time (builder, "max_time", self->max);
    }
  if (type == LUMINA_COLUMN_TYPE_FLOAT)
    add_count (builder, "infinite", self->pos_inf + self->neg_inf);
  add_count (builder, "zeros", self->zeros);

  if (self->n > 0)
    {
      add_quantiles (self, builder);
      add_histogram (self, type, builder);
    }

  if (type == LUMINA_COLUMN_TYPE_BOOLEAN)
    {
      guint64 n_true = (guint64) llround (self->mean * (double) self->n);

      _lumina_boolean_top_to_json (n_true, self->n - n_true, builder);
    }
}
