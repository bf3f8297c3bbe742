/* lumina-search.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The AutoML search primitives: search spaces, samplers (random, TPE),
 * the successive-halving pruner and greedy ensemble selection.  Private to
 * the engine (and its tests).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

typedef enum
{
  LUMINA_PARAM_FLOAT,
  LUMINA_PARAM_INT,
  LUMINA_PARAM_CATEGORICAL,
} LuminaParamKind;

/**
 * LuminaParamSpec:
 * One dimension of a search space.  Points are kept in internal
 * coordinates: the value (or its natural log when @log) for numbers, the
 * choice index for categoricals.  @choices are JSON literals ("\"l2\"",
 * "[128,64]").  With @parent set, the dimension is active only when the
 * categorical dimension @parent takes choice @parent_choice; inactive
 * dimensions hold NaN.
 */
typedef struct
{
  const char          *name;
  LuminaParamKind      kind;
  double               low;
  double               high;
  gboolean             log;
  const char * const  *choices;
  const char          *parent;
  guint                parent_choice;
} LuminaParamSpec;

typedef struct
{
  const char            *learner;
  const LuminaParamSpec *params;
  guint                  n_params;
  const char            *fixed;     /* JSON object text merged into every config */
} LuminaSearchSpace;

const LuminaSearchSpace *lumina_search_space_for       (const char              *learner);
guint                    lumina_search_space_n_choices (const LuminaParamSpec   *spec);
/* Internal coordinates of the bounds of @spec (log applied). */
void                     lumina_param_spec_bounds      (const LuminaParamSpec   *spec,
                                                        double                  *low,
                                                        double                  *high);
/* Marks inactive conditional dimensions NaN and rounds integers. */
void                     lumina_search_space_normalize (const LuminaSearchSpace *space,
                                                        double                  *point);
JsonObject              *lumina_search_space_to_params (const LuminaSearchSpace *space,
                                                        const double            *point);
void                     lumina_search_space_from_params (const LuminaSearchSpace *space,
                                                          JsonObject              *params,
                                                          double                  *point);
/* Strong default configurations tried before any sampling, as params
 * objects; NULL-terminated JSON texts. */
const char * const      *lumina_search_space_portfolio (const char              *learner);

typedef struct _LuminaSampler LuminaSampler;

/* Not thread-safe: callers serialise. */
LuminaSampler *lumina_sampler_new_random (const LuminaSearchSpace *space,
                                          guint64                  seed);
/* TPE: @n_startup random points first; then candidates from the density
 * of the best @gamma share of observations, chosen by l(x)/g(x). */
LuminaSampler *lumina_sampler_new_tpe    (const LuminaSearchSpace *space,
                                          guint64                  seed,
                                          guint                    n_startup,
                                          double                   gamma,
                                          guint                    n_candidates);
void           lumina_sampler_suggest    (LuminaSampler           *self,
                                          double                  *point);
/* @loss: lower is better; NaN or infinite losses are ignored. */
void           lumina_sampler_observe    (LuminaSampler           *self,
                                          const double            *point,
                                          double                   loss);
guint          lumina_sampler_get_n_observed (LuminaSampler       *self);
void           lumina_sampler_free       (LuminaSampler           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaSampler, lumina_sampler_free)

/**
 * LuminaHalving:
 * Asynchronous successive halving on iterations.  Rungs sit at
 * @min_resource · @eta^k iterations; a trial reaching a rung continues only
 * when its loss is among the best ⌈n/@eta⌉ of the n trials that reached the
 * rung (once at least @min_trials have).  Brackets keep independent rungs
 * (one per validation fold).  Thread-safe.
 */
typedef struct _LuminaHalving LuminaHalving;

LuminaHalving *lumina_halving_new     (guint          min_resource,
                                       guint          eta,
                                       guint          min_trials);
/* Returns FALSE when the trial should stop. */
gboolean       lumina_halving_report  (LuminaHalving *self,
                                       guint          bracket,
                                       guint          iteration,
                                       double         loss);
/* As lumina_halving_report(), with the rungs of this trial at
 * ⌈@scale · @min_resource · @eta^k⌉ iterations; trials meet at rung k
 * whatever their scale. */
gboolean       lumina_halving_report_scaled (LuminaHalving *self,
                                             guint          bracket,
                                             guint          iteration,
                                             double         scale,
                                             double         loss);
gboolean       lumina_halving_is_rung (LuminaHalving *self,
                                       guint          iteration);
void           lumina_halving_free    (LuminaHalving *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaHalving, lumina_halving_free)

/**
 * lumina_ensemble_select:
 * @preds: @n_models prediction arrays of @n × @n_outputs
 * @weights: (out): @n_models weights summing to 1
 *
 * Caruana's greedy forward selection with replacement, at most @n_steps
 * additions; the best prefix is kept, so the result is never worse than
 * the best single model.  For classification under another metric than
 * the log loss, blends that tie on the metric are told apart by their log
 * loss.  With @costs (one per model, or %NULL), a model joins the blend
 * only while the costs of the models in it add up to at most @max_cost;
 * when no model fits, @weights picks the first and the score is NaN.
 * Returns the ensemble's score on @y.
 */
double         lumina_ensemble_select (LuminaMetric         metric,
                                       LuminaTask           task,
                                       guint                n_classes,
                                       const double        *y,
                                       gsize                n,
                                       guint                n_outputs,
                                       const double * const *preds,
                                       guint                n_models,
                                       guint                n_steps,
                                       const double        *costs,
                                       double               max_cost,
                                       double              *weights);

/**
 * LuminaLearnerProgress:
 * How one learner's search has gone, in seconds of its own trials: the
 * loss of its best finished trial and of the best before that one, the
 * seconds of all its trials, and the seconds spent when each of those two
 * was found.  The search gives each learner a chance inversely
 * proportional to lumina_learner_progress_cost().
 */
typedef struct
{
  double best;
  double best_old;
  double total;
  double found;
  double found_old;
  guint  n_finished;
} LuminaLearnerProgress;

void           lumina_learner_progress_init (LuminaLearnerProgress       *progress);
void           lumina_learner_progress_add  (LuminaLearnerProgress       *progress,
                                             double                       seconds,
                                             double                       loss);
double         lumina_learner_progress_cost (const LuminaLearnerProgress *progress,
                                             double                       best_overall);

/* Loss (lower is better) from a score of @metric. */
double         lumina_metric_to_loss  (LuminaMetric         metric,
                                       double               score);

G_END_DECLS
