/* test-search.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The AutoML search primitives: search spaces, samplers, the
 * successive-halving pruner, the choice of learner and ensemble selection.
 */
#include "config.h"

#include <math.h>

#include "lumina-engine.h"
#include "lumina-search.h"

/* A shifted quadratic bowl over the xgboost space, in coordinates scaled
 * to [0, 1]; its minimum 0 is inside the space, off-centre. */
static double
bowl (const LuminaSearchSpace *space,
      const double            *point)
{
  static const double centre[] = { 0.2, 0.75, 0.3, 0.85, 0.6, 0.15, 0.4, 0.5, 0.5 };
  double total = 0;

  for (guint d = 0; d < space->n_params; d++)
    {
      double low, high, u;

      lumina_param_spec_bounds (&space->params[d], &low, &high);
      u = (point[d] - low) / (high - low);
      total += (u - centre[d % G_N_ELEMENTS (centre)]) * (u - centre[d % G_N_ELEMENTS (centre)]);
    }
  return total;
}

static double
best_of_search (LuminaSampler           *sampler,
                const LuminaSearchSpace *space,
                guint                    n_trials)
{
  double point[16];
  double best = INFINITY;

  g_assert_cmpuint (space->n_params, <=, G_N_ELEMENTS (point));
  for (guint t = 0; t < n_trials; t++)
    {
      double loss;

      lumina_sampler_suggest (sampler, point);
      loss = bowl (space, point);
      lumina_sampler_observe (sampler, point, loss);
      best = MIN (best, loss);
    }
  return best;
}

static void
test_tpe_beats_random (void)
{
  const LuminaSearchSpace *space = lumina_search_space_for ("xgboost");
  double tpe_total = 0, random_total = 0;
  guint tpe_wins = 0;
  const guint n_seeds = 12;

  g_assert_nonnull (space);
  for (guint seed = 1; seed <= n_seeds; seed++)
    {
      g_autoptr(LuminaSampler) tpe = lumina_sampler_new_tpe (space, seed, 10, 0.2, 24);
      g_autoptr(LuminaSampler) rnd = lumina_sampler_new_random (space, seed);
      double a = best_of_search (tpe, space, 60);
      double b = best_of_search (rnd, space, 60);

      tpe_total += a;
      random_total += b;
      tpe_wins += a < b;
    }

  g_test_message ("mean best: TPE %.4f, random %.4f; TPE better on %u of %u seeds",
                  tpe_total / n_seeds, random_total / n_seeds, tpe_wins, n_seeds);
  g_assert_cmpfloat (tpe_total / n_seeds, <, 0.6 * random_total / n_seeds);
  g_assert_cmpuint (tpe_wins, >=, n_seeds * 3 / 4);
}

/* Every suggestion, turned into params, stays within the declared bounds. */
static void
check_params_in_bounds (const LuminaSearchSpace *space,
                        JsonObject              *params)
{
  for (guint d = 0; d < space->n_params; d++)
    {
      const LuminaParamSpec *spec = &space->params[d];
      JsonNode *node = json_object_get_member (params, spec->name);

      g_assert_nonnull (node);
      if (spec->kind == LUMINA_PARAM_CATEGORICAL)
        {
          g_autofree char *text = json_to_string (node, FALSE);
          gboolean found = FALSE;

          for (guint c = 0; spec->choices[c] != NULL; c++)
            {
              g_autoptr(JsonNode) choice = json_from_string (spec->choices[c], NULL);
              g_autofree char *choice_text = json_to_string (choice, FALSE);

              found |= g_strcmp0 (text, choice_text) == 0;
            }
          g_assert_true (found);
        }
      else if (spec->kind == LUMINA_PARAM_INT)
        {
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (node), >=, (gint64) spec->low);
          g_assert_cmpint (json_node_get_int (node), <=, (gint64) spec->high);
        }
      else
        {
          g_assert_cmpfloat (json_node_get_double (node), >=, spec->low);
          g_assert_cmpfloat (json_node_get_double (node), <=, spec->high);
        }
    }
}

static void
test_samplers_respect_space (void)
{
  const char *learners[] = { "xgboost", "forest", "mlp", "linear" };

  for (guint l = 0; l < G_N_ELEMENTS (learners); l++)
    {
      const LuminaSearchSpace *space = lumina_search_space_for (learners[l]);
      g_autoptr(LuminaSampler) rnd = lumina_sampler_new_random (space, 7);
      g_autoptr(LuminaSampler) tpe = lumina_sampler_new_tpe (space, 7, 5, 0.2, 24);

      g_assert_nonnull (space);
      g_assert_nonnull (lumina_search_space_portfolio (learners[l]));
      for (guint t = 0; t < 200; t++)
        {
          double point[16];
          g_autoptr(JsonObject) a = NULL;
          g_autoptr(JsonObject) b = NULL;

          lumina_sampler_suggest (rnd, point);
          a = lumina_search_space_to_params (space, point);
          check_params_in_bounds (space, a);
          lumina_sampler_suggest (tpe, point);
          lumina_sampler_observe (tpe, point, g_random_double ());
          b = lumina_search_space_to_params (space, point);
          check_params_in_bounds (space, b);
        }
    }
  g_assert_null (lumina_search_space_for ("svm"));
}

/* learning_rate is log-uniform on [0.01, 0.3]: half of the draws fall
 * below the geometric mean 0.0548, not the 16% a linear scale gives. */
static void
test_random_log_scale (void)
{
  const LuminaSearchSpace *space = lumina_search_space_for ("xgboost");
  g_autoptr(LuminaSampler) rnd = lumina_sampler_new_random (space, 3);
  guint below = 0, n = 2000;
  guint depth_seen[11] = { 0 };

  for (guint t = 0; t < n; t++)
    {
      double point[16];
      g_autoptr(JsonObject) params = NULL;

      lumina_sampler_suggest (rnd, point);
      params = lumina_search_space_to_params (space, point);
      below += json_object_get_double_member (params, "learning_rate") < sqrt (0.01 * 0.3);
      depth_seen[json_object_get_int_member (params, "max_depth")]++;
      /* Fixed members come with every configuration. */
      g_assert_cmpint (json_object_get_int_member (params, "n_estimators"), ==, 1000);
    }
  g_assert_cmpfloat ((double) below / n, >, 0.45);
  g_assert_cmpfloat ((double) below / n, <, 0.55);
  for (guint d = 3; d <= 10; d++)
    g_assert_cmpuint (depth_seen[d], >, n / 8 / 2);
}

/* Seeded samplers repeat themselves. */
static void
test_sampler_seeded (void)
{
  const LuminaSearchSpace *space = lumina_search_space_for ("mlp");
  g_autoptr(LuminaSampler) a = lumina_sampler_new_tpe (space, 11, 3, 0.2, 24);
  g_autoptr(LuminaSampler) b = lumina_sampler_new_tpe (space, 11, 3, 0.2, 24);

  for (guint t = 0; t < 20; t++)
    {
      double pa[16], pb[16];

      lumina_sampler_suggest (a, pa);
      lumina_sampler_suggest (b, pb);
      for (guint d = 0; d < space->n_params; d++)
        g_assert_cmpfloat (pa[d], ==, pb[d]);
      lumina_sampler_observe (a, pa, t % 5);
      lumina_sampler_observe (b, pb, t % 5);
    }
}

static void
test_params_round_trip (void)
{
  const LuminaSearchSpace *space = lumina_search_space_for ("mlp");
  g_autoptr(JsonNode) node = json_from_string (lumina_search_space_portfolio ("mlp")[0], NULL);
  double point[16];
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonArray) shape = NULL;

  lumina_search_space_from_params (space, json_node_get_object (node), point);
  g_assert_cmpfloat (point[0], ==, 4);  /* [128,64] */
  g_assert_true (isnan (point[4]));     /* batch_size not set */
  lumina_search_space_normalize (space, point);
  params = lumina_search_space_to_params (space, point);
  shape = json_array_ref (json_object_get_array_member (params, "hidden_layer_sizes"));
  g_assert_cmpuint (json_array_get_length (shape), ==, 2);
  g_assert_cmpint (json_array_get_int_element (shape, 0), ==, 128);
  g_assert_cmpint (json_array_get_int_element (shape, 1), ==, 64);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (params, "learning_rate"),
                                  0.001, 1e-9);
}

/* Loss curves a + 1/t: trial i has a = i / 20. */
static double
curve (guint  trial,
       guint  t)
{
  return trial / 20.0 + 1.0 / t;
}

static guint
run_curve (LuminaHalving *halving,
           guint          trial,
           guint          max_iter)
{
  for (guint t = 1; t <= max_iter; t++)
    if (!lumina_halving_report (halving, 0, t, curve (trial, t)))
      return t;
  return max_iter;
}

static void
test_halving_prunes_bad_half (void)
{
  g_autoptr(LuminaHalving) halving = lumina_halving_new (10, 2, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint good[10], bad[10];

  g_assert_true (lumina_halving_is_rung (halving, 10));
  g_assert_true (lumina_halving_is_rung (halving, 40));
  g_assert_false (lumina_halving_is_rung (halving, 30));

  for (guint i = 0; i < 10; i++)
    {
      good[i] = i;
      bad[i] = 10 + i;
    }
  for (guint i = 9; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), tmp;

      tmp = good[i]; good[i] = good[j]; good[j] = tmp;
      tmp = bad[i]; bad[i] = bad[j]; bad[j] = tmp;
    }

  /* The good half arrives first, then every one of the bad half stops at
   * the first rung, while the best trial runs to the end. */
  for (guint i = 0; i < 10; i++)
    {
      guint stopped = run_curve (halving, good[i], 100);

      if (good[i] == 0)
        g_assert_cmpuint (stopped, ==, 100);
      else
        g_assert_true (stopped == 100 || lumina_halving_is_rung (halving, stopped));
    }
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (run_curve (halving, bad[i], 100), ==, 10);
}

static void
test_halving_never_prunes_best (void)
{
  for (guint seed = 0; seed < 20; seed++)
    {
      g_autoptr(LuminaHalving) halving = lumina_halving_new (10, 3, 3);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      guint order[30];
      guint n_full = 0;

      for (guint i = 0; i < 30; i++)
        order[i] = i;
      for (guint i = 29; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1), tmp = order[i];

          order[i] = order[j];
          order[j] = tmp;
        }
      for (guint i = 0; i < 30; i++)
        {
          guint stopped = run_curve (halving, order[i], 100);

          if (order[i] == 0)
            g_assert_cmpuint (stopped, ==, 100);
          n_full += stopped == 100;
        }
      /* Pruning did happen: most trials stopped early. */
      g_assert_cmpuint (n_full, <, 15);
    }
}

/* A slow learner (its rungs stretched tenfold) meets the others at rung 0
 * after 100 iterations, not 10: there it is compared with their losses
 * after 10, and its better loss lets it through. */
static void
test_halving_scaled_rungs (void)
{
  g_autoptr(LuminaHalving) halving = lumina_halving_new (10, 3, 3);

  /* Two fast trials that reached rung 0 (iteration 10) at losses 0.5 and 0.6. */
  g_assert_true (lumina_halving_report (halving, 0, 10, 0.5));
  g_assert_true (lumina_halving_report (halving, 0, 10, 0.6));

  /* Unscaled, a slow trial's loss of 0.9 after 10 iterations is pruned. */
  g_assert_false (lumina_halving_report (halving, 1, 10, 0.5) &&
                  lumina_halving_report (halving, 1, 10, 0.6) &&
                  lumina_halving_report (halving, 1, 10, 0.9));

  /* Scaled, iteration 10 and 30 are no rungs for it; 100 is rung 0. */
  g_assert_true (lumina_halving_report_scaled (halving, 0, 10, 10.0, 0.9));
  g_assert_true (lumina_halving_report_scaled (halving, 0, 30, 10.0, 0.9));
  g_assert_true (lumina_halving_report_scaled (halving, 0, 100, 10.0, 0.4));
  /* A slow trial that is also bad is pruned there. */
  g_assert_false (lumina_halving_report_scaled (halving, 0, 100, 10.0, 0.95));
  /* A shrunk scale brings the rungs forward: rung 0 at iteration 4, rung 1
   * (30 unscaled) at 10. */
  g_assert_true (lumina_halving_report_scaled (halving, 0, 4, 1.0 / 3, 0.3));
  g_assert_true (lumina_halving_report_scaled (halving, 0, 10, 1.0 / 3, 0.2));
}

/* Under accuracy, models that tie on the metric are told apart by log
 * loss: two equally accurate but differently unsure models blend into a
 * better calibrated one, where accuracy alone keeps the first. */
static void
test_ensemble_accuracy_ties (void)
{
  const double y[] = { 0, 1, 0, 1, 0, 1, 0, 1 };
  double a[16], b[16];
  const double *preds[] = { a, b };
  double weights[2];
  g_autofree double *blend = g_new (double, 16);
  double score;

  /* Both right on every row; A hesitant on the first half, B on the second. */
  for (guint i = 0; i < 8; i++)
    {
      double pa = i < 4 ? 0.55 : 0.95;
      double pb = i < 4 ? 0.95 : 0.55;

      pa = y[i] ? pa : 1 - pa;
      pb = y[i] ? pb : 1 - pb;
      a[2 * i] = 1 - pa; a[2 * i + 1] = pa;
      b[2 * i] = 1 - pb; b[2 * i + 1] = pb;
    }

  score = lumina_ensemble_select (LUMINA_METRIC_ACCURACY, LUMINA_TASK_BINARY, 2, y, 8, 2,
                                  preds, 2, 25, NULL, 0, weights);
  g_assert_cmpfloat (score, ==, 1.0);
  g_assert_cmpfloat (weights[0], >, 0.3);
  g_assert_cmpfloat (weights[1], >, 0.3);
  for (guint i = 0; i < 16; i++)
    blend[i] = weights[0] * a[i] + weights[1] * b[i];
  g_assert_cmpfloat (lumina_metric_compute (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y,
                                            blend, NULL, 8), <,
                     lumina_metric_compute (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y,
                                            a, NULL, 8));
}

/* Model A is sure and right on the first half of @y (8 binary labels),
 * unsure on the second; B the other way round; C is mediocre everywhere. */
static void
complementary_models (const double *y,
                      double       *a,
                      double       *b,
                      double       *c)
{
  for (guint i = 0; i < 8; i++)
    {
      double pa = i < 4 ? (y[i] ? 0.95 : 0.05) : (y[i] ? 0.35 : 0.65);
      double pb = i >= 4 ? (y[i] ? 0.95 : 0.05) : (y[i] ? 0.35 : 0.65);
      double pc = y[i] ? 0.6 : 0.4;

      a[2 * i] = 1 - pa; a[2 * i + 1] = pa;
      b[2 * i] = 1 - pb; b[2 * i + 1] = pb;
      c[2 * i] = 1 - pc; c[2 * i + 1] = pc;
    }
}

/* A + B beats all of them. */
static void
test_ensemble_complementary (void)
{
  const double y[] = { 0, 1, 0, 1, 0, 1, 0, 1 };
  double a[16], b[16], c[16];
  const double *preds[] = { c, a, b };
  double weights[3];
  double best_single = INFINITY, score;

  complementary_models (y, a, b, c);
  for (guint m = 0; m < 3; m++)
    best_single = MIN (best_single, lumina_metric_compute (LUMINA_METRIC_LOG_LOSS,
                                                           LUMINA_TASK_BINARY, 2, y,
                                                           preds[m], NULL, 8));

  score = lumina_ensemble_select (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y, 8, 2,
                                  preds, 3, 25, NULL, 0, weights);
  g_assert_cmpfloat (score, <, best_single - 0.05);
  g_assert_cmpfloat (weights[1], >, 0.3);
  g_assert_cmpfloat (weights[2], >, 0.3);
  g_assert_cmpfloat_with_epsilon (weights[0] + weights[1] + weights[2], 1.0, 1e-12);
}

/* The same three models with costs: A + B would cost more than allowed,
 * so the blend keeps within the limit, and nothing fits a tiny one. */
static void
test_ensemble_within_cost (void)
{
  const double y[] = { 0, 1, 0, 1, 0, 1, 0, 1 };
  const double costs[] = { 0.5, 1.0, 1.0 };
  double a[16], b[16], c[16];
  const double *preds[] = { c, a, b };
  double weights[3];
  double free_score, score, spent = 0;

  complementary_models (y, a, b, c);
  free_score = lumina_ensemble_select (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y, 8, 2,
                                       preds, 3, 25, costs, 10, weights);
  g_assert_cmpfloat (weights[1], >, 0.3);
  g_assert_cmpfloat (weights[2], >, 0.3);

  score = lumina_ensemble_select (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y, 8, 2,
                                  preds, 3, 25, costs, 1.5, weights);
  for (guint m = 0; m < 3; m++)
    if (weights[m] > 0)
      spent += costs[m];
  g_assert_cmpfloat (spent, <=, 1.5);
  g_assert_false (weights[1] > 0 && weights[2] > 0);
  g_assert_cmpfloat (score, >, free_score);
  g_assert_cmpfloat_with_epsilon (weights[0] + weights[1] + weights[2], 1.0, 1e-12);

  score = lumina_ensemble_select (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_BINARY, 2, y, 8, 2,
                                  preds, 3, 25, costs, 0.4, weights);
  g_assert_true (isnan (score));
  g_assert_cmpfloat (weights[0], ==, 1);
  g_assert_cmpfloat (weights[1] + weights[2], ==, 0);
}

static void
test_ensemble_never_worse (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (guint round = 0; round < 20; round++)
    {
      const gsize n = 60;
      double y[60];
      double *preds[5];
      double weights[5];
      double best_single = -INFINITY, score;

      for (gsize i = 0; i < n; i++)
        y[i] = g_rand_double (rand) * 10;
      for (guint m = 0; m < 5; m++)
        {
          preds[m] = g_new (double, n);
          for (gsize i = 0; i < n; i++)
            preds[m][i] = y[i] + (g_rand_double (rand) - 0.5) * (m + 1) * 3 + m * 0.5;
          best_single = MAX (best_single,
                             lumina_metric_compute (LUMINA_METRIC_R2, LUMINA_TASK_REGRESSION, 0,
                                                    y, preds[m], NULL, n));
        }
      score = lumina_ensemble_select (LUMINA_METRIC_R2, LUMINA_TASK_REGRESSION, 0, y, n, 1,
                                      (const double * const *) preds, 5, 25, NULL, 0, weights);
      g_assert_cmpfloat (score, >=, best_single);
      for (guint m = 0; m < 5; m++)
        g_free (preds[m]);
    }
}

/* Two learners at the same best loss: one improved on its last trial,
 * the other has gone twenty trials without improving. */
static void
test_choice_stalled_costs_more (void)
{
  LuminaLearnerProgress improving, stalled;
  static const double steps[] = { 0.5, 0.4, 0.3, 0.2 };

  lumina_learner_progress_init (&improving);
  lumina_learner_progress_init (&stalled);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    lumina_learner_progress_add (&improving, 1, steps[i]);
  for (guint i = 0; i < 21; i++)
    lumina_learner_progress_add (&stalled, 1, 0.2);

  g_assert_cmpfloat_with_epsilon (lumina_learner_progress_cost (&improving, 0.2), 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (lumina_learner_progress_cost (&stalled, 0.2), 20, 1e-9);
}

/* Behind the best, the cost is the gap at the pace of the last
 * improvement; a learner with only pruned trials costs twice its time. */
static void
test_choice_catching_up (void)
{
  LuminaLearnerProgress fast, slow, pruned;

  lumina_learner_progress_init (&fast);
  lumina_learner_progress_init (&slow);
  lumina_learner_progress_init (&pruned);
  /* 0.05 better after 2 s: 0.1 behind takes 4 s. */
  lumina_learner_progress_add (&fast, 2, 0.35);
  lumina_learner_progress_add (&fast, 2, 0.30);
  /* 0.01 better after 2 s: 0.1 behind takes 20 s. */
  lumina_learner_progress_add (&slow, 2, 0.31);
  lumina_learner_progress_add (&slow, 2, 0.30);
  lumina_learner_progress_add (&pruned, 3, NAN);
  lumina_learner_progress_add (&pruned, 2, NAN);

  g_assert_cmpfloat_with_epsilon (lumina_learner_progress_cost (&fast, 0.2), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (lumina_learner_progress_cost (&slow, 0.2), 20, 1e-9);
  g_assert_cmpuint (pruned.n_finished, ==, 0);
  g_assert_cmpfloat_with_epsilon (lumina_learner_progress_cost (&pruned, 0.2), 10, 1e-9);
}

/* A search of 300 one-second trials between a learner whose every
 * configuration scores the same (0.30) and one whose search keeps finding
 * better configurations (each trial anywhere between 0.15 and a ceiling
 * that falls as its trials add up, as a guided sampler's do): the second
 * gets the larger share, and its best passes the first's. */
static void
test_choice_search_share (void)
{
  guint picks[2] = { 0, 0 };

  for (guint32 seed = 1; seed <= 10; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      LuminaLearnerProgress progress[2];
      guint n_tuned = 1;

      lumina_learner_progress_init (&progress[0]);
      lumina_learner_progress_init (&progress[1]);
      /* The first trial of each, as the portfolio does. */
      lumina_learner_progress_add (&progress[0], 1, 0.30);
      lumina_learner_progress_add (&progress[1], 1, 0.15 + 0.3 * g_rand_double (rand));
      for (guint t = 0; t < 300; t++)
        {
          double best = MIN (progress[0].best, progress[1].best);
          double w0 = 1 / lumina_learner_progress_cost (&progress[0], best);
          double w1 = 1 / lumina_learner_progress_cost (&progress[1], best);

          if (g_rand_double (rand) * (w0 + w1) < w0)
            {
              lumina_learner_progress_add (&progress[0], 1, 0.30);
              picks[0]++;
            }
          else
            {
              n_tuned++;
              lumina_learner_progress_add (&progress[1], 1,
                                           0.15 + 0.3 * g_rand_double (rand) * 20 / (20 + n_tuned));
              picks[1]++;
            }
        }
      g_assert_cmpfloat (progress[1].best, <, 0.16);
      g_assert_cmpfloat (progress[0].total + progress[1].total, ==, 302);
    }
  g_test_message ("%u and %u trials", picks[0], picks[1]);
  g_assert_cmpuint (picks[1], >, picks[0] * 13 / 10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/tpe/beats-random", test_tpe_beats_random);
  g_test_add_func ("/search/sampler/bounds", test_samplers_respect_space);
  g_test_add_func ("/search/sampler/log-scale", test_random_log_scale);
  g_test_add_func ("/search/sampler/seeded", test_sampler_seeded);
  g_test_add_func ("/search/space/params-round-trip", test_params_round_trip);
  g_test_add_func ("/search/halving/prunes-bad-half", test_halving_prunes_bad_half);
  g_test_add_func ("/search/halving/never-prunes-best", test_halving_never_prunes_best);
  g_test_add_func ("/search/halving/scaled-rungs", test_halving_scaled_rungs);
  g_test_add_func ("/search/learner-choice/stalled-costs-more", test_choice_stalled_costs_more);
  g_test_add_func ("/search/learner-choice/catching-up", test_choice_catching_up);
  g_test_add_func ("/search/learner-choice/search-share", test_choice_search_share);
  g_test_add_func ("/search/ensemble/complementary", test_ensemble_complementary);
  g_test_add_func ("/search/ensemble/accuracy-ties", test_ensemble_accuracy_ties);
  g_test_add_func ("/search/ensemble/within-cost", test_ensemble_within_cost);
  g_test_add_func ("/search/ensemble/never-worse", test_ensemble_never_worse);

  return g_test_run ();
}
