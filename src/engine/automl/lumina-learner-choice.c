/* lumina-learner-choice.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which learner the search tries next, by its estimated cost of
 * improvement (ECI, from FLAML: Wang et al., "FLAML: A Fast and
 * Lightweight AutoML Library", MLSys 2021): the seconds a learner is
 * expected to need before its search improves and, behind the best
 * learner, before it catches up at the pace it has been improving.  A
 * learner that keeps improving is cheap; one whose search has stalled (a
 * linear model after its few distinct penalties) grows dear, so its time
 * goes to the learners that still have somewhere to go, whichever ranks
 * first at the moment.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-search.h"

void
lumina_learner_progress_init (LuminaLearnerProgress *progress)
{
  g_return_if_fail (progress != NULL);

  *progress = (LuminaLearnerProgress) { INFINITY, INFINITY, 0, 0, 0, 0 };
}

/**
 * lumina_learner_progress_add:
 * @loss: the trial's loss, or NaN when it did not finish (pruned, failed)
 *
 * Counts a trial of @seconds, in the order the trials finished.
 */
void
lumina_learner_progress_add (LuminaLearnerProgress *progress,
                             double                 seconds,
                             double                 loss)
{
  g_return_if_fail (progress != NULL);

  progress->total += MAX (seconds, 0);
  if (isnan (loss))
    return;
  progress->n_finished++;
  if (loss < progress->best)
    {
      progress->best_old = progress->best;
      progress->best = loss;
      progress->found_old = progress->found;
      progress->found = progress->total;
    }
}

/**
 * lumina_learner_progress_cost:
 * @best_overall: the lowest loss of any learner
 *
 * Returns: the estimated seconds before this learner's search improves
 *   (and, behind @best_overall, before it catches up); always > 0.
 */
double
lumina_learner_progress_cost (const LuminaLearnerProgress *progress,
                              double                       best_overall)
{
  double floor, cost;

  g_return_val_if_fail (progress != NULL, INFINITY);

  /* Never cheaper than one of its trials. */
  floor = MAX (progress->total / MAX (progress->n_finished, 1), 1e-3);
  if (progress->n_finished == 0)
    return MAX (2 * progress->total, floor);

  /* As long as its last improvement took, or as long as it has gone
   * without one since. */
  cost = MAX (progress->found - progress->found_old, progress->total - progress->found);
  if (progress->best > best_overall)
    {
      double gained = isfinite (progress->best_old) ? progress->best_old - progress->best
                                                    : fabs (progress->best);
      double spent = MAX (progress->total - progress->found_old, 1e-6);

      if (gained > 0)
        cost = MAX (cost, (progress->best - best_overall) / (gained / spent));
      else
        cost = MAX (cost, 2 * progress->total);
    }
  return MAX (cost, floor);
}
