/* test-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known answers, worked by hand (and matching scikit-learn's examples).
 */
#include "config.h"

#include <math.h>

#include "lumina-engine.h"

/* Binary probabilities from P(class 1). */
static double *
binary_proba (const double *p1,
              gsize         n)
{
  double *proba = g_new (double, 2 * n);

  for (gsize i = 0; i < n; i++)
    {
      proba[2 * i] = 1 - p1[i];
      proba[2 * i + 1] = p1[i];
    }
  return proba;
}

static double
binary_metric (LuminaMetric  metric,
               const double *y,
               const double *p1,
               const double *weights,
               gsize         n)
{
  g_autofree double *proba = binary_proba (p1, n);

  return lumina_metric_compute (metric, LUMINA_TASK_BINARY, 2, y, proba, weights, n);
}

static void
test_roc_auc (void)
{
  const double y[] = { 0, 0, 1, 1 };
  const double scores[] = { 0.1, 0.4, 0.35, 0.8 };
  const double tied[] = { 0.2, 0.5, 0.5, 0.5 };
  const double y2[] = { 0, 1, 0, 1 };
  const double tied2[] = { 0.5, 0.5, 0.2, 0.9 };
  const double one_class[] = { 1, 1, 1, 1 };
  /* Weight 2 on a row counts like the row twice. */
  const double y5[] = { 0, 0, 1, 1, 1 };
  const double s5[] = { 0.1, 0.4, 0.35, 0.8, 0.35 };
  const double w[] = { 1, 1, 2, 1 };

  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_ROC_AUC, y, scores, NULL, 4), 0.75, 1e-12);
  /* pos {0.5, 0.5} vs neg {0.2, 0.5}: (1 + 0.5) * 2 / 4 */
  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_ROC_AUC, y, tied, NULL, 4), 0.75, 1e-12);
  /* pos {0.5, 0.9} vs neg {0.5, 0.2}: (0.5 + 1 + 1 + 1) / 4 */
  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_ROC_AUC, y2, tied2, NULL, 4), 0.875, 1e-12);
  g_assert_true (isnan (binary_metric (LUMINA_METRIC_ROC_AUC, one_class, scores, NULL, 4)));
  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_ROC_AUC, y, scores, w, 4),
                                  binary_metric (LUMINA_METRIC_ROC_AUC, y5, s5, NULL, 5), 1e-12);
}

/* Past a few hundred rows the scores are radix-sorted: the AUC must still
 * equal the pairwise definition, whatever the scores' signs, zeros of
 * either sign, ties, magnitudes or weights. */
static void
test_roc_auc_many_rows (void)
{
  enum { N = 3000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *y = g_new (double, N);
  g_autofree double *p1 = g_new (double, N);
  g_autofree double *w = g_new (double, N);
  g_autofree double *fpr = NULL;
  g_autofree double *tpr = NULL;
  g_autofree double *proba = NULL;
  double pairs = 0, right = 0, area = 0;
  gsize points;

  for (gsize i = 0; i < N; i++)
    {
      y[i] = g_rand_int_range (rand, 0, 3) == 0;
      switch (i % 6)
        {
        case 0: p1[i] = g_rand_int_range (rand, 0, 40) / 40.0 + 0.3 * y[i]; break;   /* ties */
        case 1: p1[i] = -g_rand_double (rand) * 1e6 * (y[i] ? 0.5 : 1); break;
        case 2: p1[i] = (i % 4 == 0) ? -0.0 : 0.0; break;
        case 3: p1[i] = g_rand_double (rand) * 1e-310; break;                          /* subnormal */
        case 4: p1[i] = g_rand_double_range (rand, -3, 3) + y[i]; break;
        default: p1[i] = 1e300 * g_rand_double (rand); break;
        }
      w[i] = g_rand_int_range (rand, 1, 4);
    }
  for (gsize i = 0; i < N; i++)
    for (gsize j = 0; j < N; j++)
      if (y[i] == 1 && y[j] == 0)
        {
          pairs += w[i] * w[j];
          right += w[i] * w[j] * (p1[i] > p1[j] ? 1 : p1[i] == p1[j] ? 0.5 : 0);
        }
  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_ROC_AUC, y, p1, w, N), right / pairs, 1e-12);

  /* The curve walks the same order: its trapezoids add up to the AUC. */
  proba = binary_proba (p1, N);
  points = lumina_roc_curve (2, 1, y, proba, N, &fpr, &tpr);
  for (gsize i = 1; i < points; i++)
    {
      g_assert_cmpfloat (fpr[i], >=, fpr[i - 1]);
      g_assert_cmpfloat (tpr[i], >=, tpr[i - 1]);
      area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
    }
  g_assert_cmpfloat (fpr[points - 1], ==, 1);
  g_assert_cmpfloat_with_epsilon (area, binary_metric (LUMINA_METRIC_ROC_AUC, y, p1, NULL, N), 1e-12);
}

static void
test_roc_auc_multiclass (void)
{
  /* Class 0 and 2 separated perfectly; class 1 scored 0.5 for every row: AUC 0.5. */
  const double y[] = { 0, 1, 2, 0, 1, 2 };
  const double proba[] = {
    0.5, 0.5, 0.0,
    0.1, 0.5, 0.4,
    0.0, 0.5, 0.5,
    0.4, 0.5, 0.1,
    0.2, 0.5, 0.3,
    0.05, 0.5, 0.45,
  };
  double auc = lumina_metric_compute (LUMINA_METRIC_ROC_AUC, LUMINA_TASK_MULTICLASS, 3, y, proba, NULL, 6);

  g_assert_cmpfloat_with_epsilon (auc, (1.0 + 0.5 + 1.0) / 3, 1e-12);
}

static void
test_log_loss (void)
{
  const double y[] = { 1, 0 };
  const double p1[] = { 0.9, 0.2 };
  const double certain_wrong[] = { 0.0, 0.2 };

  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_LOG_LOSS, y, p1, NULL, 2),
                                  -(log (0.9) + log (0.8)) / 2, 1e-12);
  /* Clipped at 1e-15: -ln(1e-15) = 34.5387763949... */
  g_assert_cmpfloat_with_epsilon (binary_metric (LUMINA_METRIC_LOG_LOSS, y, certain_wrong, NULL, 2),
                                  (34.538776394910684 - log (0.8)) / 2, 1e-9);
}

static void
test_classification_counts (void)
{
  /* scikit-learn's f1_score example: macro F1 0.2666... */
  const double y[] = { 0, 1, 2, 0, 1, 2 };
  const double predicted[] = { 0, 2, 1, 0, 0, 1 };
  /* balanced_accuracy_score example: 0.625 */
  const double y2[] = { 0, 1, 0, 0, 1, 0 };
  const double predicted2[] = { 0, 1, 0, 0, 0, 1 };
  double proba[18], proba2[12];
  g_autofree guint64 *confusion = NULL;

  for (guint i = 0; i < 6; i++)
    {
      for (guint c = 0; c < 3; c++)
        proba[i * 3 + c] = c == predicted[i] ? 0.8 : 0.1;
      proba2[i * 2] = predicted2[i] == 0 ? 0.7 : 0.3;
      proba2[i * 2 + 1] = 1 - proba2[i * 2];
    }

  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_F1_MACRO, LUMINA_TASK_MULTICLASS, 3,
                                                         y, proba, NULL, 6), 0.26666666666666666, 1e-12);
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_ACCURACY, LUMINA_TASK_MULTICLASS, 3,
                                                         y, proba, NULL, 6), 2.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_BALANCED_ACCURACY, LUMINA_TASK_BINARY, 2,
                                                         y2, proba2, NULL, 6), 0.625, 1e-12);
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_ACCURACY, LUMINA_TASK_BINARY, 2,
                                                         y2, proba2, NULL, 6), 4.0 / 6, 1e-12);

  confusion = lumina_confusion_matrix (3, y, proba, 6);
  g_assert_cmpuint (confusion[0 * 3 + 0], ==, 2);
  g_assert_cmpuint (confusion[1 * 3 + 0], ==, 1);
  g_assert_cmpuint (confusion[1 * 3 + 2], ==, 1);
  g_assert_cmpuint (confusion[2 * 3 + 1], ==, 2);
  g_assert_cmpuint (confusion[2 * 3 + 2], ==, 0);
}

static void
test_regression (void)
{
  /* scikit-learn's r2_score example: 0.948... */
  const double y[] = { 3, -0.5, 2, 7 };
  const double pred[] = { 2.5, 0.0, 2, 8 };
  const double constant[] = { 1, 1, 1, 1 };
  const double w[] = { 1, 1, 1, 0 };

  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_R2, LUMINA_TASK_REGRESSION, 1,
                                                         y, pred, NULL, 4), 0.9486081370449679, 1e-12);
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_RMSE, LUMINA_TASK_REGRESSION, 1,
                                                         y, pred, NULL, 4), sqrt (1.5 / 4), 1e-12);
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_MAE, LUMINA_TASK_REGRESSION, 1,
                                                         y, pred, NULL, 4), 0.5, 1e-12);
  /* Weight 0 drops the last row: errors 0.5, 0.5, 0. */
  g_assert_cmpfloat_with_epsilon (lumina_metric_compute (LUMINA_METRIC_MAE, LUMINA_TASK_REGRESSION, 1,
                                                         y, pred, w, 4), 1.0 / 3, 1e-12);
  g_assert_true (isnan (lumina_metric_compute (LUMINA_METRIC_R2, LUMINA_TASK_REGRESSION, 1,
                                               constant, pred, NULL, 4)));
  g_assert_true (isnan (lumina_metric_compute (LUMINA_METRIC_RMSE, LUMINA_TASK_REGRESSION, 1,
                                               y, pred, NULL, 0)));
  g_assert_true (isnan (lumina_metric_compute (LUMINA_METRIC_ROC_AUC, LUMINA_TASK_REGRESSION, 1,
                                               y, pred, NULL, 4)));
}

static void
test_roc_curve (void)
{
  const double y[] = { 0, 0, 1, 1 };
  const double scores[] = { 0.1, 0.4, 0.35, 0.8 };
  const double expected_fpr[] = { 0, 0, 0.5, 0.5, 1 };
  const double expected_tpr[] = { 0, 0.5, 0.5, 1, 1 };
  g_autofree double *proba = binary_proba (scores, 4);
  g_autofree double *fpr = NULL;
  g_autofree double *tpr = NULL;
  gsize n = lumina_roc_curve (2, 1, y, proba, 4, &fpr, &tpr);

  g_assert_cmpuint (n, ==, 5);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (fpr[i], ==, expected_fpr[i]);
      g_assert_cmpfloat (tpr[i], ==, expected_tpr[i]);
    }
}

static void
test_names_and_defaults (void)
{
  guint n;
  const LuminaMetric *list;

  for (LuminaMetric m = LUMINA_METRIC_ACCURACY; m <= LUMINA_METRIC_R2; m++)
    {
      LuminaMetric back;

      g_assert_true (lumina_metric_from_string (lumina_metric_to_string (m), &back));
      g_assert_cmpint (back, ==, m);
    }
  g_assert_cmpstr (lumina_metric_to_string (LUMINA_METRIC_BALANCED_ACCURACY), ==, "balanced_accuracy");
  g_assert_false (lumina_metric_from_string ("auc", &n));

  g_assert_cmpint (lumina_metric_default_for (LUMINA_TASK_BINARY), ==, LUMINA_METRIC_ROC_AUC);
  g_assert_cmpint (lumina_metric_default_for (LUMINA_TASK_MULTICLASS), ==, LUMINA_METRIC_ACCURACY);
  g_assert_cmpint (lumina_metric_default_for (LUMINA_TASK_REGRESSION), ==, LUMINA_METRIC_RMSE);
  g_assert_false (lumina_metric_greater_is_better (LUMINA_METRIC_LOG_LOSS));
  g_assert_true (lumina_metric_greater_is_better (LUMINA_METRIC_R2));
  g_assert_false (lumina_metric_applies_to (LUMINA_METRIC_RMSE, LUMINA_TASK_BINARY));
  g_assert_true (lumina_metric_applies_to (LUMINA_METRIC_LOG_LOSS, LUMINA_TASK_MULTICLASS));

  list = lumina_metric_list_for (LUMINA_TASK_REGRESSION, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (list[0], ==, LUMINA_METRIC_RMSE);
  list = lumina_metric_list_for (LUMINA_TASK_BINARY, &n);
  g_assert_cmpint (list[0], ==, LUMINA_METRIC_ROC_AUC);
}

/* Every metric computed on random predictions lies within its bounds, and
 * the bounds are the tight ones (a perfect score reaches the best end). */
static void
test_bounds (void)
{
  const LuminaTask tasks[] = { LUMINA_TASK_BINARY, LUMINA_TASK_MULTICLASS, LUMINA_TASK_REGRESSION };
  double lo, hi;

  for (guint t = 0; t < G_N_ELEMENTS (tasks); t++)
    {
      guint k = tasks[t] == LUMINA_TASK_MULTICLASS ? 3 : tasks[t] == LUMINA_TASK_BINARY ? 2 : 1;
      gsize n = 200;
      g_autofree double *y = g_new (double, n);
      g_autofree double *pred = g_new (double, n * k);
      g_autofree double *perfect = g_new0 (double, n * k);

      for (gsize i = 0; i < n; i++)
        {
          double sum = 0;

          y[i] = k > 1 ? (double) (i % k) : g_test_rand_double_range (-5, 5);
          for (guint c = 0; c < k; c++)
            sum += pred[i * k + c] = g_test_rand_double_range (0.01, 1);
          for (guint c = 0; c < k && k > 1; c++)
            pred[i * k + c] /= sum;
          if (k > 1)
            perfect[i * k + (guint) y[i]] = 1;
          else
            perfect[i] = y[i], pred[i] = y[i] * -3;   /* worse than the mean: R² < 0 */
        }
      for (LuminaMetric m = LUMINA_METRIC_ACCURACY; m <= LUMINA_METRIC_R2; m++)
        {
          double value, best;

          if (!lumina_metric_applies_to (m, tasks[t]))
            continue;
          lumina_metric_bounds (m, &lo, &hi);
          value = lumina_metric_compute (m, tasks[t], k > 1 ? k : 0, y, pred, NULL, n);
          best = lumina_metric_compute (m, tasks[t], k > 1 ? k : 0, y, perfect, NULL, n);
          g_assert_cmpfloat (value, >=, lo);
          g_assert_cmpfloat (value, <=, hi);
          g_assert_cmpfloat_with_epsilon (best, lumina_metric_greater_is_better (m) ? hi : lo, 1e-6);
        }
    }
  lumina_metric_bounds (LUMINA_METRIC_R2, &lo, &hi);
  g_assert_true (isinf (lo) && lo < 0);
  lumina_metric_bounds (LUMINA_METRIC_RMSE, &lo, &hi);
  g_assert_true (isinf (hi) && hi > 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/roc-auc", test_roc_auc);
  g_test_add_func ("/metrics/roc-auc-many-rows", test_roc_auc_many_rows);
  g_test_add_func ("/metrics/roc-auc-multiclass", test_roc_auc_multiclass);
  g_test_add_func ("/metrics/log-loss", test_log_loss);
  g_test_add_func ("/metrics/classification-counts", test_classification_counts);
  g_test_add_func ("/metrics/regression", test_regression);
  g_test_add_func ("/metrics/roc-curve", test_roc_curve);
  g_test_add_func ("/metrics/names-and-defaults", test_names_and_defaults);
  g_test_add_func ("/metrics/bounds", test_bounds);

  return g_test_run ();
}
