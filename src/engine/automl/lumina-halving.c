/* lumina-halving.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asynchronous successive halving (ASHA, Li et al., 2020) used as a pruner:
 * iterative learners report their validation loss after each iteration;
 * at the rungs r·η^k a trial goes on only when it ranks in the best 1/η of
 * the trials that reached the same rung before it.  A trial may have its
 * rungs stretched (lumina_halving_report_scaled()) so that trials are
 * compared at the same progress rather than the same iteration count: a
 * booster with a tenth of the learning rate reaches each rung after ten
 * times the rounds.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-search.h"

struct _LuminaHalving
{
  GMutex      lock;
  guint       min_resource;
  guint       eta;
  guint       min_trials;
  GHashTable *rungs;  /* "bracket:iteration" → GArray of double */
};

LuminaHalving *
lumina_halving_new (guint min_resource,
                    guint eta,
                    guint min_trials)
{
  LuminaHalving *self = g_new0 (LuminaHalving, 1);

  g_mutex_init (&self->lock);
  self->min_resource = MAX (min_resource, 1);
  self->eta = MAX (eta, 2);
  self->min_trials = MAX (min_trials, 1);
  self->rungs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  return self;
}

void
lumina_halving_free (LuminaHalving *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->rungs);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* The rung that @iteration is, for a trial whose rungs are stretched by
 * @scale; -1 when it is none. */
static int
rung_index (LuminaHalving *self,
            guint          iteration,
            double         scale)
{
  double rung = self->min_resource;

  for (int k = 0; k < 64; k++, rung *= self->eta)
    {
      double at = ceil (rung * scale - 1e-9);

      if (at == iteration)
        return k;
      if (at > iteration)
        break;
    }
  return -1;
}

gboolean
lumina_halving_is_rung (LuminaHalving *self,
                        guint          iteration)
{
  return rung_index (self, iteration, 1.0) >= 0;
}

gboolean
lumina_halving_report (LuminaHalving *self,
                       guint          bracket,
                       guint          iteration,
                       double         loss)
{
  return lumina_halving_report_scaled (self, bracket, iteration, 1.0, loss);
}

gboolean
lumina_halving_report_scaled (LuminaHalving *self,
                              guint          bracket,
                              guint          iteration,
                              double         scale,
                              double         loss)
{
  g_autofree char *key = NULL;
  GArray *losses;
  guint n_better = 0;
  guint n_keep;
  guint n_seen;
  int rung;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (scale > 0, TRUE);

  rung = rung_index (self, iteration, scale);
  if (rung < 0 || isnan (loss))
    return TRUE;

  key = g_strdup_printf ("%u:%d", bracket, rung);
  g_mutex_lock (&self->lock);
  losses = g_hash_table_lookup (self->rungs, key);
  if (losses == NULL)
    {
      losses = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (self->rungs, g_steal_pointer (&key), losses);
    }
  g_array_append_val (losses, loss);
  for (guint i = 0; i < losses->len; i++)
    if (g_array_index (losses, double, i) < loss)
      n_better++;
  n_seen = losses->len;
  n_keep = (n_seen + self->eta - 1) / self->eta;
  g_mutex_unlock (&self->lock);

  if (n_seen < self->min_trials)
    return TRUE;
  return n_better < n_keep;
}
