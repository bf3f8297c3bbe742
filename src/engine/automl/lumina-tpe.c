/* lumina-tpe.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samplers over a search space: seeded random search, and the
 * Tree-structured Parzen Estimator (Bergstra et al., 2011) in its
 * univariate form: for each dimension, a Parzen density l(x) over the best
 * γ share of the trials so far and g(x) over the rest; candidates drawn
 * from l(x) and the one with the largest l(x)/g(x) (expected improvement)
 * is proposed.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-search.h"

typedef struct
{
  double *point;
  double  loss;
} Observation;

struct _LuminaSampler
{
  const LuminaSearchSpace *space;
  GRand                   *rand;
  gboolean                 tpe;
  guint                    n_startup;
  double                   gamma;
  guint                    n_candidates;
  GArray                  *observations;  /* of Observation */
};

static LuminaSampler *
sampler_new (const LuminaSearchSpace *space,
             guint64                  seed)
{
  LuminaSampler *self = g_new0 (LuminaSampler, 1);
  guint32 seeds[2] = { (guint32) seed, (guint32) (seed >> 32) };

  self->space = space;
  self->rand = g_rand_new_with_seed_array (seeds, 2);
  self->observations = g_array_new (FALSE, FALSE, sizeof (Observation));
  return self;
}

LuminaSampler *
lumina_sampler_new_random (const LuminaSearchSpace *space,
                           guint64                  seed)
{
  g_return_val_if_fail (space != NULL, NULL);

  return sampler_new (space, seed);
}

LuminaSampler *
lumina_sampler_new_tpe (const LuminaSearchSpace *space,
                        guint64                  seed,
                        guint                    n_startup,
                        double                   gamma,
                        guint                    n_candidates)
{
  LuminaSampler *self;

  g_return_val_if_fail (space != NULL, NULL);
  g_return_val_if_fail (gamma > 0 && gamma < 1, NULL);

  self = sampler_new (space, seed);
  self->tpe = TRUE;
  self->n_startup = MAX (n_startup, 1);
  self->gamma = gamma;
  self->n_candidates = MAX (n_candidates, 1);
  return self;
}

void
lumina_sampler_free (LuminaSampler *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->observations->len; i++)
    g_free (g_array_index (self->observations, Observation, i).point);
  g_array_unref (self->observations);
  g_rand_free (self->rand);
  g_free (self);
}

guint
lumina_sampler_get_n_observed (LuminaSampler *self)
{
  return self->observations->len;
}

void
lumina_sampler_observe (LuminaSampler *self,
                        const double  *point,
                        double         loss)
{
  Observation obs;

  g_return_if_fail (self != NULL);

  if (!isfinite (loss))
    return;

  obs.point = g_memdup2 (point, sizeof (double) * MAX (self->space->n_params, 1));
  obs.loss = loss;
  g_array_append_val (self->observations, obs);
}

static double
uniform_value (LuminaSampler         *self,
               const LuminaParamSpec *spec)
{
  double low, high;

  lumina_param_spec_bounds (spec, &low, &high);
  if (spec->kind == LUMINA_PARAM_CATEGORICAL)
    return g_rand_int_range (self->rand, 0, (gint32) high + 1);
  return g_rand_double_range (self->rand, low, high + 1e-300);
}

/* ---- Parzen estimators ------------------------------------------------- */

typedef struct
{
  double *mu;
  double *sigma;
  guint   n;
  double  low;
  double  high;
} Parzen;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Components at each value plus a wide prior at the centre; bandwidths
 * from the distance to the neighbours (as hyperopt does), clipped. */
static void
parzen_init (Parzen       *p,
             const double *values,
             guint         n,
             double        low,
             double        high)
{
  double range = MAX (high - low, 1e-12);
  double min_sigma = range / MIN (100.0, 1.0 + n);

  p->n = n + 1;
  p->low = low;
  p->high = high;
  p->mu = g_new (double, p->n);
  p->sigma = g_new (double, p->n);
  memcpy (p->mu, values, sizeof (double) * n);
  p->mu[n] = (low + high) / 2;
  qsort (p->mu, p->n, sizeof (double), compare_doubles);

  for (guint i = 0; i < p->n; i++)
    {
      double left = i > 0 ? p->mu[i] - p->mu[i - 1] : p->mu[i] - low;
      double right = i + 1 < p->n ? p->mu[i + 1] - p->mu[i] : high - p->mu[i];

      p->sigma[i] = CLAMP (MAX (left, right), min_sigma, range);
    }
  /* The prior keeps its full width wherever it landed after sorting. */
  for (guint i = 0; i < p->n; i++)
    if (p->mu[i] == (low + high) / 2)
      {
        p->sigma[i] = range;
        break;
      }
}

static void
parzen_clear (Parzen *p)
{
  g_free (p->mu);
  g_free (p->sigma);
}

static double
normal_cdf (double z)
{
  return 0.5 * erfc (-z / G_SQRT2);
}

static double
parzen_log_density (const Parzen *p,
                    double        x)
{
  double total = 0;

  for (guint i = 0; i < p->n; i++)
    {
      double z = (x - p->mu[i]) / p->sigma[i];
      double mass = normal_cdf ((p->high - p->mu[i]) / p->sigma[i]) -
                    normal_cdf ((p->low - p->mu[i]) / p->sigma[i]);

      total += exp (-0.5 * z * z) / (p->sigma[i] * sqrt (2 * G_PI) * MAX (mass, 1e-12));
    }
  return log (MAX (total / p->n, 1e-300));
}

static double
gaussian (GRand *rand)
{
  double u1 = g_rand_double (rand), u2 = g_rand_double (rand);

  return sqrt (-2 * log (MAX (u1, 1e-300))) * cos (2 * G_PI * u2);
}

static double
parzen_sample (const Parzen *p,
               GRand        *rand)
{
  guint i = g_rand_int_range (rand, 0, p->n);

  for (guint tries = 0; tries < 32; tries++)
    {
      double x = p->mu[i] + p->sigma[i] * gaussian (rand);

      if (x >= p->low && x <= p->high)
        return x;
    }
  return CLAMP (p->mu[i], p->low, p->high);
}

/* ---- per dimension ----------------------------------------------------- */

/* Values of dimension @d (NaN skipped) of the observations in @order from
 * @start to @end. */
static guint
collect_values (LuminaSampler *self,
                const guint   *order,
                guint          start,
                guint          end,
                guint          d,
                double        *out)
{
  guint n = 0;

  for (guint k = start; k < end; k++)
    {
      double v = g_array_index (self->observations, Observation, order[k]).point[d];

      if (!isnan (v))
        out[n++] = v;
    }
  return n;
}

static double
suggest_numeric (LuminaSampler         *self,
                 const LuminaParamSpec *spec,
                 const double          *good,
                 guint                  n_good,
                 const double          *bad,
                 guint                  n_bad)
{
  Parzen l, g;
  double low, high, best = NAN, best_score = -INFINITY;

  lumina_param_spec_bounds (spec, &low, &high);
  parzen_init (&l, good, n_good, low, high);
  parzen_init (&g, bad, n_bad, low, high);
  for (guint c = 0; c < self->n_candidates; c++)
    {
      double x = parzen_sample (&l, self->rand);
      double score = parzen_log_density (&l, x) - parzen_log_density (&g, x);

      if (score > best_score)
        {
          best_score = score;
          best = x;
        }
    }
  parzen_clear (&l);
  parzen_clear (&g);
  return best;
}

static double
suggest_categorical (LuminaSampler         *self,
                     const LuminaParamSpec *spec,
                     const double          *good,
                     guint                  n_good,
                     const double          *bad,
                     guint                  n_bad)
{
  guint n = lumina_search_space_n_choices (spec);
  g_autofree double *pl = g_new0 (double, n);
  g_autofree double *pg = g_new0 (double, n);
  double best = 0, best_score = -INFINITY;

  for (guint c = 0; c < n; c++)
    pl[c] = pg[c] = 1;
  for (guint i = 0; i < n_good; i++)
    pl[(guint) CLAMP (good[i], 0, n - 1)] += 1;
  for (guint i = 0; i < n_bad; i++)
    pg[(guint) CLAMP (bad[i], 0, n - 1)] += 1;

  for (guint k = 0; k < self->n_candidates; k++)
    {
      double r = g_rand_double (self->rand) * (n_good + n);
      guint c = 0;
      double score;

      while (c + 1 < n && r >= pl[c])
        r -= pl[c++];
      score = log (pl[c] / (n_good + n)) - log (pg[c] / (n_bad + n));
      if (score > best_score)
        {
          best_score = score;
          best = c;
        }
    }
  return best;
}

static int
compare_by_loss (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Observation *obs = user_data;
  double x = obs[*(const guint *) a].loss;
  double y = obs[*(const guint *) b].loss;

  return (x > y) - (x < y);
}

static void
suggest_tpe (LuminaSampler *self,
             double        *point)
{
  guint n = self->observations->len;
  g_autofree guint *order = g_new (guint, n);
  g_autofree double *good = g_new (double, n);
  g_autofree double *bad = g_new (double, n);
  guint n_split = (guint) MAX (1, ceil (self->gamma * n));
  guint n_real = 0;

  /* Pruned trials (observed at the largest loss) are only ever bad. */
  for (guint i = 0; i < n; i++)
    n_real += g_array_index (self->observations, Observation, i).loss < G_MAXDOUBLE;
  n_split = MIN (n_split, MAX (n_real, 1));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_by_loss, self->observations->data);

  for (guint d = 0; d < self->space->n_params; d++)
    {
      const LuminaParamSpec *spec = &self->space->params[d];
      guint n_good = collect_values (self, order, 0, n_split, d, good);
      guint n_bad = collect_values (self, order, n_split, n, d, bad);

      if (n_good == 0)
        point[d] = uniform_value (self, spec);
      else if (spec->kind == LUMINA_PARAM_CATEGORICAL)
        point[d] = suggest_categorical (self, spec, good, n_good, bad, n_bad);
      else
        point[d] = suggest_numeric (self, spec, good, n_good, bad, n_bad);
    }
}

void
lumina_sampler_suggest (LuminaSampler *self,
                        double        *point)
{
  g_return_if_fail (self != NULL);

  if (self->tpe && self->observations->len >= self->n_startup)
    suggest_tpe (self, point);
  else
    for (guint d = 0; d < self->space->n_params; d++)
      point[d] = uniform_value (self, &self->space->params[d]);

  lumina_search_space_normalize (self->space, point);
}
