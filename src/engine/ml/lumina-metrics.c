/* lumina-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model scores, all with optional row weights.  Definitions follow
 * scikit-learn's: ROC AUC counts tied scores as half (exact, by grouping
 * ties), multiclass ROC AUC is the macro one-vs-rest mean over the classes
 * present, log loss clips probabilities to [1e-15, 1 - 1e-15], macro F1
 * averages over the classes that occur in the truth or the predictions,
 * R² is NaN when the truth has no variance.
 *
 * Default metrics: ROC AUC for binary tasks (threshold-free, what AutoML
 * leaderboards show for two classes), accuracy for multiclass tasks (what
 * users read first), RMSE for regression.
 */
#define G_LOG_DOMAIN "lumina-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lumina-metrics.h"

#define PROBABILITY_EPSILON 1e-15

static const char * const metric_names[] = {
  [LUMINA_METRIC_ACCURACY] = "accuracy",
  [LUMINA_METRIC_BALANCED_ACCURACY] = "balanced_accuracy",
  [LUMINA_METRIC_ROC_AUC] = "roc_auc",
  [LUMINA_METRIC_LOG_LOSS] = "log_loss",
  [LUMINA_METRIC_F1_MACRO] = "f1_macro",
  [LUMINA_METRIC_RMSE] = "rmse",
  [LUMINA_METRIC_MAE] = "mae",
  [LUMINA_METRIC_R2] = "r2",
};

static const LuminaMetric binary_metrics[] = {
  LUMINA_METRIC_ROC_AUC, LUMINA_METRIC_ACCURACY, LUMINA_METRIC_BALANCED_ACCURACY,
  LUMINA_METRIC_LOG_LOSS, LUMINA_METRIC_F1_MACRO,
};
static const LuminaMetric multiclass_metrics[] = {
  LUMINA_METRIC_ACCURACY, LUMINA_METRIC_BALANCED_ACCURACY, LUMINA_METRIC_LOG_LOSS,
  LUMINA_METRIC_F1_MACRO, LUMINA_METRIC_ROC_AUC,
};
static const LuminaMetric regression_metrics[] = {
  LUMINA_METRIC_RMSE, LUMINA_METRIC_MAE, LUMINA_METRIC_R2,
};

const char *
lumina_metric_to_string (LuminaMetric metric)
{
  g_return_val_if_fail (metric < G_N_ELEMENTS (metric_names), NULL);

  return metric_names[metric];
}

gboolean
lumina_metric_from_string (const char   *text,
                           LuminaMetric *metric)
{
  for (guint i = 0; i < G_N_ELEMENTS (metric_names); i++)
    if (g_strcmp0 (text, metric_names[i]) == 0)
      {
        *metric = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
lumina_metric_greater_is_better (LuminaMetric metric)
{
  return metric != LUMINA_METRIC_LOG_LOSS && metric != LUMINA_METRIC_RMSE && metric != LUMINA_METRIC_MAE;
}

/* The values @metric can take: scores of a share run 0–1, errors and the
 * log loss from 0 up, R² up to 1 (and down without bound). */
void
lumina_metric_bounds (LuminaMetric  metric,
                      double       *min,
                      double       *max)
{
  g_return_if_fail (min != NULL && max != NULL);

  switch (metric)
    {
    case LUMINA_METRIC_LOG_LOSS:
    case LUMINA_METRIC_RMSE:
    case LUMINA_METRIC_MAE:
      *min = 0, *max = INFINITY;
      break;
    case LUMINA_METRIC_R2:
      *min = -INFINITY, *max = 1;
      break;
    case LUMINA_METRIC_ACCURACY:
    case LUMINA_METRIC_BALANCED_ACCURACY:
    case LUMINA_METRIC_ROC_AUC:
    case LUMINA_METRIC_F1_MACRO:
      *min = 0, *max = 1;
      break;
    default:
      *min = -INFINITY, *max = INFINITY;
      break;
    }
}

gboolean
lumina_metric_applies_to (LuminaMetric metric,
                          LuminaTask   task)
{
  gboolean regression_metric = metric == LUMINA_METRIC_RMSE || metric == LUMINA_METRIC_MAE ||
                               metric == LUMINA_METRIC_R2;

  return regression_metric == (task == LUMINA_TASK_REGRESSION);
}

LuminaMetric
lumina_metric_default_for (LuminaTask task)
{
  switch (task)
    {
    case LUMINA_TASK_BINARY:
      return LUMINA_METRIC_ROC_AUC;
    case LUMINA_TASK_MULTICLASS:
      return LUMINA_METRIC_ACCURACY;
    case LUMINA_TASK_REGRESSION:
    default:
      return LUMINA_METRIC_RMSE;
    }
}

/**
 * lumina_metric_list_for:
 * Returns: (transfer none): the metrics of @task, the default first
 */
const LuminaMetric *
lumina_metric_list_for (LuminaTask  task,
                        guint      *n_metrics)
{
  switch (task)
    {
    case LUMINA_TASK_BINARY:
      *n_metrics = G_N_ELEMENTS (binary_metrics);
      return binary_metrics;
    case LUMINA_TASK_MULTICLASS:
      *n_metrics = G_N_ELEMENTS (multiclass_metrics);
      return multiclass_metrics;
    case LUMINA_TASK_REGRESSION:
    default:
      *n_metrics = G_N_ELEMENTS (regression_metrics);
      return regression_metrics;
    }
}

static inline double
weight_of (const double *weights,
           gsize         i)
{
  return weights != NULL ? weights[i] : 1.0;
}

static guint
argmax (const double *row,
        guint         n)
{
  guint best = 0;

  for (guint c = 1; c < n; c++)
    if (row[c] > row[best])
      best = c;
  return best;
}

static gboolean
valid_class (double y,
             guint  n_classes)
{
  return y >= 0 && y < n_classes && y == floor (y);
}

/* Weighted counts: n_classes × n_classes, row = truth, column = predicted. */
static double *
weighted_confusion (guint         n_classes,
                    const double *y,
                    const double *proba,
                    const double *weights,
                    gsize         n)
{
  double *counts = g_new0 (double, (gsize) n_classes * n_classes);

  for (gsize i = 0; i < n; i++)
    if (valid_class (y[i], n_classes))
      counts[(gsize) y[i] * n_classes + argmax (proba + i * n_classes, n_classes)] += weight_of (weights, i);
  return counts;
}

static double
accuracy_like (LuminaMetric  metric,
               guint         n_classes,
               const double *y,
               const double *proba,
               const double *weights,
               gsize         n)
{
  g_autofree double *counts = weighted_confusion (n_classes, y, proba, weights, n);
  double total = 0, correct = 0, recall_sum = 0, f1_sum = 0;
  guint n_present = 0, n_seen = 0;

  for (guint c = 0; c < n_classes; c++)
    {
      double truth = 0, predicted = 0, hit = counts[(gsize) c * n_classes + c];

      for (guint d = 0; d < n_classes; d++)
        {
          truth += counts[(gsize) c * n_classes + d];
          predicted += counts[(gsize) d * n_classes + c];
        }
      total += truth;
      correct += hit;
      if (truth > 0)
        {
          recall_sum += hit / truth;
          n_present++;
        }
      if (truth > 0 || predicted > 0)
        {
          f1_sum += 2 * hit / (truth + predicted);
          n_seen++;
        }
    }

  if (!(total > 0))
    return NAN;

  switch (metric)
    {
    case LUMINA_METRIC_ACCURACY:
      return correct / total;
    case LUMINA_METRIC_BALANCED_ACCURACY:
      return recall_sum / n_present;
    case LUMINA_METRIC_F1_MACRO:
      return f1_sum / n_seen;
    case LUMINA_METRIC_ROC_AUC:
    case LUMINA_METRIC_LOG_LOSS:
    case LUMINA_METRIC_RMSE:
    case LUMINA_METRIC_MAE:
    case LUMINA_METRIC_R2:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  double score;
  double positive;   /* weight if positive, else 0 */
  double negative;   /* weight if negative, else 0 */
} Scored;

static int
compare_scored (const void *a,
                const void *b)
{
  double x = ((const Scored *) a)->score;
  double y = ((const Scored *) b)->score;

  return (x > y) - (x < y);
}

/* An unsigned key that orders as the double does (-0 and +0 alike). */
static inline guint64
sort_key (double value)
{
  union { double d; guint64 u; } bits = { .d = value == 0 ? 0.0 : value };

  return (bits.u >> 63) ? ~bits.u : bits.u | G_GUINT64_CONSTANT (0x8000000000000000);
}

/* Sorts @items by score, ascending.  AUC is computed for every blend in
 * ensemble selection (thousands of times over the same rows), so this is
 * a least-significant-digit radix sort over the scores' bits, which skips
 * the bytes every score shares (the exponent of probabilities mostly);
 * short arrays go to qsort. */
static void
sort_scored (Scored *items,
             gsize   n)
{
  g_autofree guint64 *keys = NULL;
  g_autofree Scored *spare = NULL;
  g_autofree guint64 *spare_keys = NULL;
  gsize (*counts)[256] = NULL;

  if (n < 256 || n > G_MAXUINT32)
    {
      qsort (items, n, sizeof (Scored), compare_scored);
      return;
    }

  keys = g_new (guint64, n);
  spare_keys = g_new (guint64, n);
  spare = g_new (Scored, n);
  counts = g_malloc0 (sizeof (gsize[8][256]));
  for (gsize i = 0; i < n; i++)
    {
      keys[i] = sort_key (items[i].score);
      for (guint b = 0; b < 8; b++)
        counts[b][(keys[i] >> (8 * b)) & 0xff]++;
    }

  for (guint b = 0; b < 8; b++)
    {
      gsize offset = 0;
      gboolean one_bucket = FALSE;

      for (guint v = 0; v < 256; v++)
        {
          gsize count = counts[b][v];

          if (count == n)
            one_bucket = TRUE;
          counts[b][v] = offset;
          offset += count;
        }
      if (one_bucket)
        continue;
      for (gsize i = 0; i < n; i++)
        {
          gsize to = counts[b][(keys[i] >> (8 * b)) & 0xff]++;

          spare[to] = items[i];
          spare_keys[to] = keys[i];
        }
      memcpy (items, spare, n * sizeof (Scored));
      memcpy (keys, spare_keys, n * sizeof (guint64));
    }
  g_free (counts);
}

/* AUC of class @positive against the rest: the weighted share of
 * (positive, negative) pairs ranked right, ties counting half. */
static double
auc_one_vs_rest (guint         n_classes,
                 guint         positive,
                 const double *y,
                 const double *proba,
                 const double *weights,
                 gsize         n)
{
  g_autofree Scored *items = g_new (Scored, MAX (n, 1));
  double total_positive = 0, total_negative = 0, below = 0, area = 0;
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = weight_of (weights, i);

      if (!valid_class (y[i], n_classes))
        continue;
      items[m].score = proba[i * n_classes + positive];
      items[m].positive = y[i] == positive ? w : 0;
      items[m].negative = y[i] == positive ? 0 : w;
      total_positive += items[m].positive;
      total_negative += items[m].negative;
      m++;
    }

  if (!(total_positive > 0) || !(total_negative > 0))
    return NAN;

  sort_scored (items, m);
  for (gsize i = 0; i < m;)
    {
      double group_positive = 0, group_negative = 0;
      gsize j = i;

      for (; j < m && items[j].score == items[i].score; j++)
        {
          group_positive += items[j].positive;
          group_negative += items[j].negative;
        }
      area += group_positive * (below + 0.5 * group_negative);
      below += group_negative;
      i = j;
    }

  return area / (total_positive * total_negative);
}

static double
roc_auc (guint         n_classes,
         const double *y,
         const double *proba,
         const double *weights,
         gsize         n)
{
  double sum = 0;
  guint defined = 0;

  if (n_classes == 2)
    return auc_one_vs_rest (n_classes, 1, y, proba, weights, n);

  for (guint c = 0; c < n_classes; c++)
    {
      double auc = auc_one_vs_rest (n_classes, c, y, proba, weights, n);

      if (!isnan (auc))
        {
          sum += auc;
          defined++;
        }
    }
  return defined > 0 ? sum / defined : NAN;
}

static double
log_loss (guint         n_classes,
          const double *y,
          const double *proba,
          const double *weights,
          gsize         n)
{
  double total = 0, loss = 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = weight_of (weights, i), p;

      if (!valid_class (y[i], n_classes))
        continue;
      p = proba[i * n_classes + (gsize) y[i]];
      p = isnan (p) ? PROBABILITY_EPSILON : CLAMP (p, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
      loss -= w * log (p);
      total += w;
    }
  return total > 0 ? loss / total : NAN;
}

static double
regression_metric (LuminaMetric  metric,
                   const double *y,
                   const double *pred,
                   const double *weights,
                   gsize         n)
{
  double total = 0, sum_abs = 0, sum_sq = 0, mean = 0, variance = 0;

  for (gsize i = 0; i < n; i++)
    {
      double w = weight_of (weights, i), error = pred[i] - y[i];

      total += w;
      sum_abs += w * fabs (error);
      sum_sq += w * error * error;
      mean += w * y[i];
    }
  if (!(total > 0))
    return NAN;
  mean /= total;

  switch (metric)
    {
    case LUMINA_METRIC_RMSE:
      return sqrt (sum_sq / total);
    case LUMINA_METRIC_MAE:
      return sum_abs / total;
    case LUMINA_METRIC_R2:
      for (gsize i = 0; i < n; i++)
        variance += weight_of (weights, i) * (y[i] - mean) * (y[i] - mean);
      return variance > 0 ? 1 - sum_sq / variance : NAN;
    case LUMINA_METRIC_ACCURACY:
    case LUMINA_METRIC_BALANCED_ACCURACY:
    case LUMINA_METRIC_ROC_AUC:
    case LUMINA_METRIC_LOG_LOSS:
    case LUMINA_METRIC_F1_MACRO:
    default:
      g_assert_not_reached ();
    }
}

/**
 * lumina_metric_compute:
 *
 * Returns: the metric, NaN when undefined for these rows (no rows, zero
 *   total weight, a single class for ROC AUC, no variance for R²) or when
 *   @metric does not apply to @task.
 */
double
lumina_metric_compute (LuminaMetric  metric,
                       LuminaTask    task,
                       guint         n_classes,
                       const double *y,
                       const double *pred,
                       const double *weights,
                       gsize         n)
{
  g_return_val_if_fail (metric < G_N_ELEMENTS (metric_names), NAN);
  g_return_val_if_fail (n == 0 || (y != NULL && pred != NULL), NAN);

  if (n == 0 || !lumina_metric_applies_to (metric, task))
    return NAN;
  if (task != LUMINA_TASK_REGRESSION && n_classes < 2)
    return NAN;

  switch (metric)
    {
    case LUMINA_METRIC_ACCURACY:
    case LUMINA_METRIC_BALANCED_ACCURACY:
    case LUMINA_METRIC_F1_MACRO:
      return accuracy_like (metric, n_classes, y, pred, weights, n);
    case LUMINA_METRIC_ROC_AUC:
      return roc_auc (n_classes, y, pred, weights, n);
    case LUMINA_METRIC_LOG_LOSS:
      return log_loss (n_classes, y, pred, weights, n);
    case LUMINA_METRIC_RMSE:
    case LUMINA_METRIC_MAE:
    case LUMINA_METRIC_R2:
      return regression_metric (metric, y, pred, weights, n);
    default:
      g_assert_not_reached ();
    }
}

/**
 * lumina_confusion_matrix:
 * Returns: (transfer full): n_classes × n_classes counts (row = truth,
 *   column = the class of highest probability); rows with a truth outside
 *   0..n_classes-1 are left out
 */
guint64 *
lumina_confusion_matrix (guint         n_classes,
                         const double *y,
                         const double *proba,
                         gsize         n)
{
  guint64 *counts;

  g_return_val_if_fail (n_classes >= 1, NULL);

  counts = g_new0 (guint64, (gsize) n_classes * n_classes);
  for (gsize i = 0; i < n; i++)
    if (valid_class (y[i], n_classes))
      counts[(gsize) y[i] * n_classes + argmax (proba + i * n_classes, n_classes)]++;
  return counts;
}

/**
 * lumina_roc_curve:
 * One point per distinct score, from (0,0) to (1,1).  Without positives or
 * without negatives the curve is the diagonal (2 points).
 *
 * Returns: the number of points
 */
gsize
lumina_roc_curve (guint          n_classes,
                  guint          positive,
                  const double  *y,
                  const double  *proba,
                  gsize          n,
                  double       **fpr,
                  double       **tpr)
{
  g_autofree Scored *items = g_new (Scored, MAX (n, 1));
  double total_positive = 0, total_negative = 0, tp = 0, fp = 0;
  gsize m = 0, points = 1;

  g_return_val_if_fail (fpr != NULL && tpr != NULL && positive < n_classes, 0);

  for (gsize i = 0; i < n; i++)
    {
      if (!valid_class (y[i], n_classes))
        continue;
      /* Negated, so the ascending sort walks from the highest score down. */
      items[m].score = -proba[i * n_classes + positive];
      items[m].positive = y[i] == positive;
      items[m].negative = y[i] != positive;
      total_positive += items[m].positive;
      total_negative += items[m].negative;
      m++;
    }

  *fpr = g_new0 (double, m + 2);
  *tpr = g_new0 (double, m + 2);

  if (total_positive == 0 || total_negative == 0)
    {
      (*fpr)[1] = (*tpr)[1] = 1;
      return 2;
    }

  sort_scored (items, m);
  for (gsize i = 0; i < m;)
    {
      gsize j = i;

      for (; j < m && items[j].score == items[i].score; j++)
        {
          tp += items[j].positive;
          fp += items[j].negative;
        }
      (*fpr)[points] = fp / total_negative;
      (*tpr)[points] = tp / total_positive;
      points++;
      i = j;
    }

  return points;
}
