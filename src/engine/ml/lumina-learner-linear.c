/* lumina-learner-linear.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "linear" learner: regularised logistic regression (binary, and
 * multinomial softmax for multiclass) and linear regression, minimising
 *
 *   mean loss + alpha × (½‖w‖² for "l2" | ‖w‖₁ for "l1")
 *
 * with the intercepts unpenalised: L-BFGS for l2, OWL-QN for l1
 * (lumina-linear-lbfgs.c).  The loss is the log loss, or half the squared
 * error for regression.  Regression trains on the standardised target with
 * the penalty rescaled so the minimiser is the same as on the raw target.
 * Inputs come imputed and standardised; a NaN that still arrives counts
 * as 0.  Parameters: penalty, alpha, max_iter, tol.  Every solver
 * iteration is reported, with the validation loss when there is a
 * validation set (log loss, or RMSE in the target's units).
 */
#define G_LOG_DOMAIN "lumina-linear"

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-learner-private.h"
#include "lumina-linear-private.h"

#define LBFGS_HISTORY  10
#define CHUNK_ROWS     1024

typedef struct _LuminaLinearLearner LuminaLinearLearner;

typedef struct
{
  LuminaLearnerClass parent_class;
} LuminaLinearLearnerClass;

struct _LuminaLinearLearner
{
  LuminaLearner  parent_instance;

  gboolean       l1;
  double         alpha;
  double         tol;
  guint          max_iter;

  /* Fitted state, in the units of the raw target. */
  guint          n_features;
  guint          n_out;        /* n_classes for multiclass, else 1 */
  double        *coef;         /* n_features × n_out, row-major */
  double        *intercept;    /* n_out */
};

G_DEFINE_FINAL_TYPE (LuminaLinearLearner, _lumina_linear_learner, LUMINA_TYPE_LEARNER)

#define LINEAR(learner) ((LuminaLinearLearner *) (learner))

/* One data set seen by the objective: x in double, finite. */
typedef struct
{
  LuminaTask     task;
  guint          d;
  guint          k;
  gsize          n;
  double        *x;
  const double  *y;
  double        *z;          /* n × k scratch */
  double         l2;
} Problem;

typedef struct
{
  LuminaLinearLearner *self;
  Problem             *valid;
  double               target_scale;
} Progress;

static gboolean
linear_configure (LuminaLearner  *learner,
                  GError        **error)
{
  static const char * const known[] = { "penalty", "alpha", "max_iter", "tol", NULL };
  static const char * const penalties[] = { "l2", "l1", NULL };
  LuminaLinearLearner *self = LINEAR (learner);
  const char *penalty;
  gint64 max_iter;

  if (!_lumina_learner_check_known (learner, known, error) ||
      !_lumina_learner_param_string (learner, "penalty", "l2", penalties, &penalty, error) ||
      !_lumina_learner_param_double (learner, "alpha", 1e-3, 0.0, 1e6, &self->alpha, error) ||
      !_lumina_learner_param_int (learner, "max_iter", 500, 1, 1000000, &max_iter, error) ||
      !_lumina_learner_param_double (learner, "tol", 1e-6, 1e-15, 1.0, &self->tol, error))
    return FALSE;

  self->l1 = g_str_equal (penalty, "l1");
  self->max_iter = (guint) max_iter;
  return TRUE;
}

static double *
to_double (const float *x,
           gsize        n)
{
  double *out = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    out[i] = isfinite (x[i]) ? x[i] : 0.0;
  return out;
}

static inline double
softplus (double z)
{
  return z > 0.0 ? z + log1p (exp (-z)) : log1p (exp (z));
}

/* Turns row @r of z (linear outputs, intercept added) into the loss
 * gradient with respect to them; returns the row's loss. */
static double
row_loss (const Problem *p,
          double        *zr,
          double         y)
{
  double max = -INFINITY, sum = 0.0, lse, loss;
  guint label;

  switch (p->task)
    {
    case LUMINA_TASK_REGRESSION:
      zr[0] -= y;
      return 0.5 * zr[0] * zr[0];
    case LUMINA_TASK_BINARY:
      loss = softplus (zr[0]) - y * zr[0];
      zr[0] = 1.0 / (1.0 + exp (-zr[0])) - y;
      return loss;
    case LUMINA_TASK_MULTICLASS:
    default:
      label = (guint) y;
      for (guint j = 0; j < p->k; j++)
        max = MAX (max, zr[j]);
      for (guint j = 0; j < p->k; j++)
        sum += exp (zr[j] - max);
      lse = max + log (sum);
      loss = lse - zr[label];
      for (guint j = 0; j < p->k; j++)
        zr[j] = exp (zr[j] - lse);
      zr[label] -= 1.0;
      return loss;
    }
}

/* z = x W + b */
static void
linear_outputs (const Problem *p,
                const double  *params)
{
  const double *b = params + (gsize) p->d * p->k;

  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) p->n, (int) p->k, (int) p->d,
               1.0, p->x, (int) p->d, params, (int) p->k, 0.0, p->z, (int) p->k);
  for (gsize r = 0; r < p->n; r++)
    for (guint j = 0; j < p->k; j++)
      p->z[r * p->k + j] += b[j];
}

static double
objective (const double *params,
           double       *grad,
           gpointer      user_data)
{
  const Problem *p = user_data;
  gsize n_coef = (gsize) p->d * p->k;
  double *gb = grad + n_coef;
  double loss = 0.0;

  linear_outputs (p, params);
  memset (gb, 0, p->k * sizeof (double));
  for (gsize r = 0; r < p->n; r++)
    {
      double *zr = p->z + r * p->k;

      loss += row_loss (p, zr, p->y[r]);
      for (guint j = 0; j < p->k; j++)
        gb[j] += zr[j];
    }

  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) p->d, (int) p->k, (int) p->n,
               1.0 / p->n, p->x, (int) p->d, p->z, (int) p->k, 0.0, grad, (int) p->k);
  for (guint j = 0; j < p->k; j++)
    gb[j] /= p->n;
  loss /= p->n;

  if (p->l2 > 0.0)
    for (gsize i = 0; i < n_coef; i++)
      {
        loss += 0.5 * p->l2 * params[i] * params[i];
        grad[i] += p->l2 * params[i];
      }
  return loss;
}

/* Validation loss: log loss, or RMSE in the units of the raw target. */
static double
validation_loss (Problem      *p,
                 const double *params,
                 double        target_scale)
{
  double loss = 0.0;

  linear_outputs (p, params);
  for (gsize r = 0; r < p->n; r++)
    {
      double *zr = p->z + r * p->k;
      double l = row_loss (p, zr, p->y[r]);

      if (p->task == LUMINA_TASK_BINARY || p->task == LUMINA_TASK_MULTICLASS)
        l = MIN (l, -log (1e-15));  /* the clipping of log loss metrics */
      loss += l;
    }

  if (p->task == LUMINA_TASK_REGRESSION)
    return sqrt (2.0 * loss / p->n) * target_scale;
  return loss / p->n;
}

static gboolean
report_progress (guint         iteration,
                 const double *params,
                 gpointer      user_data)
{
  Progress *progress = user_data;
  double loss = NAN;

  if (progress->valid != NULL)
    loss = validation_loss (progress->valid, params, progress->target_scale);
  return _lumina_learner_report_iteration (LUMINA_LEARNER (progress->self), iteration, loss);
}

static void
problem_init (Problem            *p,
              LuminaTask          task,
              guint               k,
              const LuminaMatrix *x,
              const double       *y)
{
  p->task = task;
  p->d = x->n_cols;
  p->k = k;
  p->n = x->n_rows;
  p->x = to_double (x->data, x->n_rows * x->n_cols);
  p->y = y;
  p->z = g_new (double, p->n * k);
  p->l2 = 0.0;
}

static void
problem_clear (Problem *p)
{
  g_clear_pointer (&p->x, g_free);
  g_clear_pointer (&p->z, g_free);
}

static double *
standardise_target (const double *y,
                    gsize         n,
                    double       *mean,
                    double       *scale)
{
  double *out = g_new (double, n);
  double m = 0.0, var = 0.0;

  for (gsize i = 0; i < n; i++)
    m += y[i];
  m /= n;
  for (gsize i = 0; i < n; i++)
    var += (y[i] - m) * (y[i] - m);
  var /= n;

  *mean = m;
  *scale = var > 0.0 ? sqrt (var) : 1.0;
  for (gsize i = 0; i < n; i++)
    out[i] = (y[i] - m) / *scale;
  return out;
}

/* Intercepts at the class log-priors, so the solver starts from the best
 * constant model (for regression on the standardised target that is 0). */
static void
initial_intercepts (const Problem *p,
                    double        *b)
{
  g_autofree double *counts = g_new0 (double, MAX (p->k, 2));

  if (p->task == LUMINA_TASK_REGRESSION)
    return;

  for (gsize r = 0; r < p->n; r++)
    counts[(guint) p->y[r]] += 1.0;

  if (p->task == LUMINA_TASK_BINARY)
    b[0] = log ((counts[1] + 0.5) / (counts[0] + 0.5));
  else
    for (guint j = 0; j < p->k; j++)
      b[j] = log ((counts[j] + 0.5) / (p->n + 0.5 * p->k));
}

static void
store_solution (LuminaLinearLearner *self,
                const double        *params,
                guint                d,
                guint                k,
                double               mean,
                double               scale)
{
  gsize n_coef = (gsize) d * k;

  g_clear_pointer (&self->coef, g_free);
  g_clear_pointer (&self->intercept, g_free);
  self->n_features = d;
  self->n_out = k;
  self->coef = g_new (double, n_coef);
  self->intercept = g_new (double, k);
  for (gsize i = 0; i < n_coef; i++)
    self->coef[i] = params[i] * scale;
  for (guint j = 0; j < k; j++)
    self->intercept[j] = mean + params[n_coef + j] * scale;
}

static gboolean
linear_fit (LuminaLearner       *learner,
            const LuminaMatrix  *x,
            const double        *y,
            const LuminaMatrix  *x_valid,
            const double        *y_valid,
            GCancellable        *cancellable,
            GError             **error)
{
  LuminaLinearLearner *self = LINEAR (learner);
  LuminaTask task = lumina_learner_get_task (learner);
  guint k = task == LUMINA_TASK_MULTICLASS ? lumina_learner_get_n_classes (learner) : 1;
  double mean = 0.0, scale = 1.0;
  g_autofree double *y_std = NULL;
  g_autofree double *yv_std = NULL;
  g_autofree double *params = NULL;
  Problem train, valid;
  Progress progress = { self, NULL, 1.0 };
  LuminaLbfgsOptions options = { 0 };
  int iterations;

  if (task == LUMINA_TASK_REGRESSION)
    {
      y_std = standardise_target (y, x->n_rows, &mean, &scale);
      y = y_std;
    }
  problem_init (&train, task, k, x, y);
  train.l2 = self->l1 ? 0.0 : self->alpha;
  if (x_valid != NULL)
    {
      if (task == LUMINA_TASK_REGRESSION)
        {
          yv_std = g_new (double, x_valid->n_rows);
          for (gsize i = 0; i < x_valid->n_rows; i++)
            yv_std[i] = (y_valid[i] - mean) / scale;
          y_valid = yv_std;
        }
      problem_init (&valid, task, k, x_valid, y_valid);
      progress.valid = &valid;
      progress.target_scale = scale;
    }

  params = g_new0 (double, (gsize) train.d * k + k);
  initial_intercepts (&train, params + (gsize) train.d * k);

  options.n = (gsize) train.d * k + k;
  options.n_penalised = (gsize) train.d * k;
  /* ½‖y - Xw‖²/n + α‖w‖₁ on the raw target is scale² times the same with
   * α / scale on the standardised one; the L2 term scales like the loss. */
  options.l1 = self->l1 ? self->alpha / scale : 0.0;
  options.max_iter = self->max_iter;
  options.tol = self->tol;
  options.history = LBFGS_HISTORY;
  options.objective = objective;
  options.progress = report_progress;
  options.user_data = &train;
  options.progress_data = &progress;
  options.cancellable = cancellable;

  iterations = _lumina_lbfgs_minimize (params, &options, error);

  problem_clear (&train);
  if (x_valid != NULL)
    problem_clear (&valid);

  if (iterations < 0)
    {
      g_clear_pointer (&self->coef, g_free);
      g_clear_pointer (&self->intercept, g_free);
      _lumina_learner_set_n_features (learner, 0);
      return FALSE;
    }

  store_solution (self, params, x->n_cols, k, mean, scale);
  _lumina_learner_set_n_iterations (learner, (guint) iterations);
  return TRUE;
}

static void
write_outputs (LuminaLinearLearner *self,
               LuminaTask           task,
               const double        *z,
               guint                rows,
               double              *out)
{
  guint k = self->n_out;

  for (guint r = 0; r < rows; r++)
    {
      const double *zr = z + (gsize) r * k;
      double max = -INFINITY, sum = 0.0;

      if (task == LUMINA_TASK_REGRESSION)
        out[r] = zr[0];
      else if (task == LUMINA_TASK_BINARY)
        {
          out[2 * r + 1] = 1.0 / (1.0 + exp (-zr[0]));
          out[2 * r] = 1.0 - out[2 * r + 1];
        }
      else
        {
          double *pr = out + (gsize) r * k;

          for (guint j = 0; j < k; j++)
            max = MAX (max, zr[j]);
          for (guint j = 0; j < k; j++)
            sum += (pr[j] = exp (zr[j] - max));
          for (guint j = 0; j < k; j++)
            pr[j] /= sum;
        }
    }
}

static gboolean
linear_predict (LuminaLearner       *learner,
                const LuminaMatrix  *x,
                double              *out,
                GError             **error)
{
  LuminaLinearLearner *self = LINEAR (learner);
  LuminaTask task = lumina_learner_get_task (learner);
  guint d = self->n_features, k = self->n_out;
  guint n_outputs = lumina_learner_get_n_outputs (learner);
  g_autofree double *chunk = NULL;
  g_autofree double *z = NULL;

  if (self->coef == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The linear learner has not been fitted");
      return FALSE;
    }

  chunk = g_new (double, (gsize) CHUNK_ROWS * d);
  z = g_new (double, (gsize) CHUNK_ROWS * k);
  for (gsize start = 0; start < x->n_rows; start += CHUNK_ROWS)
    {
      guint rows = (guint) MIN ((gsize) CHUNK_ROWS, x->n_rows - start);
      const float *src = lumina_matrix_row (x, start);

      for (gsize i = 0; i < (gsize) rows * d; i++)
        chunk[i] = isfinite (src[i]) ? src[i] : 0.0;
      for (guint r = 0; r < rows; r++)
        memcpy (z + (gsize) r * k, self->intercept, k * sizeof (double));
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) rows, (int) k, (int) d,
                   1.0, chunk, (int) d, self->coef, (int) k, 1.0, z, (int) k);
      write_outputs (self, task, z, rows, out + start * n_outputs);
    }
  return TRUE;
}

static GBytes *
linear_save (LuminaLearner  *learner,
             GError        **error)
{
  LuminaLinearLearner *self = LINEAR (learner);

  if (self->coef == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The linear learner has not been fitted");
      return NULL;
    }
  return _lumina_linear_save (self->n_features, self->n_out, self->coef, self->intercept);
}

static gboolean
linear_load (LuminaLearner  *learner,
             GBytes         *bytes,
             GError        **error)
{
  LuminaLinearLearner *self = LINEAR (learner);
  LuminaTask task = lumina_learner_get_task (learner);
  guint k = task == LUMINA_TASK_MULTICLASS ? lumina_learner_get_n_classes (learner) : 1;
  double *coef = NULL, *intercept = NULL;
  guint d = 0;

  if (!_lumina_linear_load (bytes, k, &d, &coef, &intercept, error))
    return FALSE;

  g_free (self->coef);
  g_free (self->intercept);
  self->coef = coef;
  self->intercept = intercept;
  self->n_features = d;
  self->n_out = k;
  _lumina_learner_set_n_features (learner, d);
  return TRUE;
}

/* Normalised |coefficient|, summed over classes. */
static double *
linear_feature_importance (LuminaLearner *learner)
{
  LuminaLinearLearner *self = LINEAR (learner);
  guint d = self->n_features, k = self->n_out;
  double *importance;
  double total = 0.0;

  if (self->coef == NULL)
    return NULL;

  importance = g_new0 (double, d);
  for (guint i = 0; i < d; i++)
    {
      for (guint j = 0; j < k; j++)
        importance[i] += fabs (self->coef[(gsize) i * k + j]);
      total += importance[i];
    }
  for (guint i = 0; i < d; i++)
    importance[i] = total > 0.0 ? importance[i] / total : 1.0 / d;
  return importance;
}

static void
_lumina_linear_learner_finalize (GObject *object)
{
  LuminaLinearLearner *self = LINEAR (object);

  g_clear_pointer (&self->coef, g_free);
  g_clear_pointer (&self->intercept, g_free);

  G_OBJECT_CLASS (_lumina_linear_learner_parent_class)->finalize (object);
}

static void
_lumina_linear_learner_class_init (LuminaLinearLearnerClass *klass)
{
  LuminaLearnerClass *learner_class = LUMINA_LEARNER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = _lumina_linear_learner_finalize;
  learner_class->configure = linear_configure;
  learner_class->fit = linear_fit;
  learner_class->predict = linear_predict;
  learner_class->save = linear_save;
  learner_class->load = linear_load;
  learner_class->feature_importance = linear_feature_importance;
}

static void
_lumina_linear_learner_init (LuminaLinearLearner *self)
{
}
