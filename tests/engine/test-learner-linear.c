/* test-learner-linear.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"

static LuminaLearner *
new_linear (LuminaTask  task,
            guint       n_classes,
            const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  LuminaLearner *learner;

  g_assert_nonnull (node);
  learner = lumina_learner_new ("linear", task, n_classes, json_node_get_object (node), &error);
  g_assert_no_error (error);
  return learner;
}

static double *
predict (LuminaLearner      *learner,
         const LuminaMatrix *x)
{
  g_autoptr(GError) error = NULL;
  double *out = g_new (double, x->n_rows * lumina_learner_get_n_outputs (learner));

  g_assert_true (lumina_learner_predict (learner, x, out, &error));
  g_assert_no_error (error);
  return out;
}

static void
fit (LuminaLearner      *learner,
     const LuminaMatrix *x,
     const double       *y)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static guint
argmax (const double *p,
        guint         k)
{
  guint best = 0;

  for (guint j = 1; j < k; j++)
    if (p[j] > p[best])
      best = j;
  return best;
}

static double
accuracy (LuminaLearner      *learner,
          const LuminaMatrix *x,
          const double       *y)
{
  g_autofree double *p = predict (learner, x);
  guint k = lumina_learner_get_n_outputs (learner);
  guint correct = 0;

  for (gsize r = 0; r < x->n_rows; r++)
    correct += argmax (p + r * k, k) == (guint) y[r];
  return (double) correct / x->n_rows;
}

/* Points at least 0.2 away from the line x0 + 0.5 x1 = 0.1. */
static void
test_separable (void)
{
  g_autoptr(LuminaLearner) learner = new_linear (LUMINA_TASK_BINARY, 2, "{\"alpha\": 1e-5}");
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (200, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  double y[200];

  for (guint r = 0; r < 200;)
    {
      float a = (float) g_rand_double_range (rand, -2, 2), b = (float) g_rand_double_range (rand, -2, 2);
      double margin = a + 0.5 * b - 0.1;

      if (fabs (margin) < 0.2)
        continue;
      lumina_matrix_row (x, r)[0] = a;
      lumina_matrix_row (x, r)[1] = b;
      y[r++] = margin > 0;
    }

  fit (learner, x, y);
  g_assert_cmpfloat (accuracy (learner, x, y), ==, 1.0);
  g_assert_cmpuint (lumina_learner_get_n_iterations (learner), >, 1);
}

/* Solves a (n × n, row-major) x = b in place by Gaussian elimination. */
static void
solve (double *a,
       double *b,
       guint   n)
{
  for (guint c = 0; c < n; c++)
    {
      guint pivot = c;

      for (guint r = c + 1; r < n; r++)
        if (fabs (a[r * n + c]) > fabs (a[pivot * n + c]))
          pivot = r;
      for (guint j = 0; j < n; j++)
        {
          double t = a[c * n + j];
          a[c * n + j] = a[pivot * n + j];
          a[pivot * n + j] = t;
        }
      { double t = b[c]; b[c] = b[pivot]; b[pivot] = t; }

      for (guint r = c + 1; r < n; r++)
        {
          double f = a[r * n + c] / a[c * n + c];

          for (guint j = c; j < n; j++)
            a[r * n + j] -= f * a[c * n + j];
          b[r] -= f * b[c];
        }
    }
  for (guint c = n; c-- > 0;)
    {
      for (guint j = c + 1; j < n; j++)
        b[c] -= a[c * n + j] * b[j];
      b[c] /= a[c * n + c];
    }
}

static LuminaMatrix *
make_regression (gsize         n,
                 guint         d,
                 const double *beta,
                 double        noise,
                 guint32       seed,
                 double      **y_out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  LuminaMatrix *x = lumina_matrix_new (n, d);
  double *y = g_new (double, n);

  for (gsize r = 0; r < n; r++)
    {
      y[r] = 3.0 + noise * g_rand_double_range (rand, -1, 1);
      for (guint j = 0; j < d; j++)
        {
          lumina_matrix_row (x, r)[j] = (float) g_rand_double_range (rand, -2, 2);
          y[r] += beta[j] * lumina_matrix_row (x, r)[j];
        }
    }
  *y_out = y;
  return x;
}

/* The coefficients through predict(): f(e_j) - f(0). */
static void
read_coefficients (LuminaLearner *learner,
                   guint          d,
                   double        *coef,
                   double        *intercept)
{
  g_autoptr(LuminaMatrix) probe = lumina_matrix_new (d + 1, d);
  g_autofree double *p = NULL;

  for (guint j = 0; j < d; j++)
    lumina_matrix_row (probe, j + 1)[j] = 1.0f;
  p = predict (learner, probe);
  *intercept = p[0];
  for (guint j = 0; j < d; j++)
    coef[j] = p[j + 1] - p[0];
}

/* With an unpenalised intercept, ½‖y - Xw - b‖²/n + ½α‖w‖² is minimised by
 * w = (Xc'Xc + nαI)⁻¹ Xc'yc on centred data, b = ȳ - x̄'w. */
static void
test_ridge_closed_form (void)
{
  const double beta[] = { 1.5, -2.0, 0.5, 0.0, 3.0 };
  const guint d = 5, n = 200;
  const double alpha = 0.05;
  g_autoptr(LuminaLearner) learner = new_linear (LUMINA_TASK_REGRESSION, 1, "{\"alpha\": 0.05}");
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_regression (n, d, beta, 0.5, 3, &y);
  double mean[5] = { 0 }, ymean = 0.0, a[25] = { 0 }, w[5] = { 0 }, coef[5], intercept, b;

  for (guint r = 0; r < n; r++)
    {
      ymean += y[r] / n;
      for (guint j = 0; j < d; j++)
        mean[j] += lumina_matrix_row (x, r)[j] / (double) n;
    }
  for (guint r = 0; r < n; r++)
    for (guint i = 0; i < d; i++)
      {
        double xi = lumina_matrix_row (x, r)[i] - mean[i];

        w[i] += xi * (y[r] - ymean);
        for (guint j = 0; j < d; j++)
          a[i * d + j] += xi * (lumina_matrix_row (x, r)[j] - mean[j]);
      }
  for (guint i = 0; i < d; i++)
    a[i * d + i] += n * alpha;
  solve (a, w, d);
  b = ymean;
  for (guint j = 0; j < d; j++)
    b -= mean[j] * w[j];

  fit (learner, x, y);
  read_coefficients (learner, d, coef, &intercept);
  for (guint j = 0; j < d; j++)
    g_assert_cmpfloat_with_epsilon (coef[j], w[j], 1e-4);
  g_assert_cmpfloat_with_epsilon (intercept, b, 1e-4);
}

/* The lasso's optimality conditions: the loss gradient g_j = x_j'(Xw + b - y)/n
 * is -α sign(w_j) where w_j ≠ 0, and |g_j| ≤ α where w_j = 0. */
static void
check_lasso_optimality (LuminaLearner      *learner,
                        const LuminaMatrix *x,
                        const double       *y,
                        double              alpha)
{
  g_autofree double *p = predict (learner, x);
  double coef[8], intercept, mean_residual = 0.0;

  read_coefficients (learner, x->n_cols, coef, &intercept);
  for (guint j = 0; j < x->n_cols; j++)
    {
      double g = 0.0;

      for (gsize r = 0; r < x->n_rows; r++)
        g += lumina_matrix_row (x, r)[j] * (p[r] - y[r]) / x->n_rows;
      if (coef[j] != 0.0)
        g_assert_cmpfloat_with_epsilon (g, coef[j] > 0 ? -alpha : alpha, 1e-5);
      else
        g_assert_cmpfloat (fabs (g), <=, alpha);
    }
  for (gsize r = 0; r < x->n_rows; r++)
    mean_residual += (p[r] - y[r]) / x->n_rows;
  g_assert_cmpfloat_with_epsilon (mean_residual, 0.0, 1e-6);
}

static void
check_l1_zeros (LuminaTask task)
{
  const double beta[] = { 2.0, -1.5, 1.0, 0, 0, 0, 0, 0 };
  g_autoptr(LuminaLearner) learner = new_linear (task, task == LUMINA_TASK_BINARY ? 2 : 1,
                                                 "{\"penalty\": \"l1\", \"alpha\": 0.05}");
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_regression (400, 8, beta, 0.5, 9, &y);
  g_autofree double *importance = NULL;

  if (task == LUMINA_TASK_BINARY)
    for (guint r = 0; r < 400; r++)
      y[r] = y[r] > 3.0;

  fit (learner, x, y);
  importance = lumina_learner_feature_importance (learner);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (importance[j], >, 0.1);
  for (guint j = 3; j < 8; j++)
    g_assert_cmpfloat (importance[j], ==, 0.0);

  if (task == LUMINA_TASK_REGRESSION)
    check_lasso_optimality (learner, x, y, 0.05);
}

static void
test_l1_zeros (void)
{
  check_l1_zeros (LUMINA_TASK_REGRESSION);
  check_l1_zeros (LUMINA_TASK_BINARY);
}

typedef struct
{
  guint         calls;
  guint         stop_at;
  GCancellable *cancel;
  gboolean      all_finite;
} Watch;

static gboolean
watch_cb (LuminaLearner *learner,
          guint          iteration,
          double         valid_loss,
          gpointer       user_data)
{
  Watch *watch = user_data;

  watch->calls++;
  g_assert_cmpuint (iteration, ==, watch->calls);
  watch->all_finite = watch->all_finite && isfinite (valid_loss);
  if (watch->cancel != NULL && iteration == watch->stop_at)
    g_cancellable_cancel (watch->cancel);
  return watch->cancel != NULL || watch->stop_at == 0 || iteration < watch->stop_at;
}

/* Four standardised measurements; every fifth row held out. */
static void
load_iris (LuminaMatrix **train,
           double       **y_train,
           LuminaMatrix **test,
           double       **y_test)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
  const LuminaColumn *species;
  gsize n, n_test = 0, n_train = 0;

  g_assert_no_error (error);
  n = lumina_frame_get_n_rows (frame);
  g_assert_cmpuint (n, ==, 150);
  species = lumina_frame_get_column (frame, 4);
  g_assert_cmpuint (species->n_dict, ==, 3);

  *train = lumina_matrix_new (120, 4);
  *test = lumina_matrix_new (30, 4);
  *y_train = g_new (double, 120);
  *y_test = g_new (double, 30);
  for (gsize r = 0; r < n; r++)
    {
      gboolean held_out = r % 5 == 0;
      LuminaMatrix *m = held_out ? *test : *train;
      gsize row = held_out ? n_test++ : n_train++;

      for (guint j = 0; j < 4; j++)
        {
          const LuminaColumn *column = lumina_frame_get_column (frame, j);
          double mean = 0, var = 0;

          for (gsize i = 0; i < n; i++)
            mean += lumina_column_get_double (column, i) / n;
          for (gsize i = 0; i < n; i++)
            var += pow (lumina_column_get_double (column, i) - mean, 2) / n;
          lumina_matrix_row (m, row)[j] = (float) ((lumina_column_get_double (column, r) - mean) / sqrt (var));
        }
      (held_out ? *y_test : *y_train)[row] = species->codes[r];
    }
}

static void
test_iris_multinomial (void)
{
  g_autoptr(LuminaLearner) learner = new_linear (LUMINA_TASK_MULTICLASS, 3, "{}");
  g_autoptr(LuminaMatrix) train = NULL;
  g_autoptr(LuminaMatrix) test = NULL;
  g_autofree double *y_train = NULL;
  g_autofree double *y_test = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, 0, NULL, TRUE };
  double acc;

  load_iris (&train, &y_train, &test, &y_test);
  lumina_learner_set_iteration_func (learner, watch_cb, &watch);
  g_assert_true (lumina_learner_fit (learner, train, y_train, test, y_test, NULL, &error));
  g_assert_no_error (error);

  acc = accuracy (learner, test, y_test);
  g_test_message ("iris holdout accuracy %.3f after %u iterations", acc, watch.calls);
  g_assert_cmpfloat (acc, >, 0.9);
  g_assert_true (watch.all_finite);
  g_assert_cmpuint (watch.calls, ==, lumina_learner_get_n_iterations (learner));
  g_assert_cmpuint (watch.calls, <, 500);
}

static void
check_round_trip (LuminaTask  task,
                  guint       n_classes,
                  const char *json)
{
  const double beta[] = { 1.0, -1.0, 0.5, 0.25 };
  g_autoptr(LuminaLearner) learner = new_linear (task, n_classes, json);
  g_autoptr(LuminaLearner) loaded = NULL;
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_regression (150, 4, beta, 1.0, 5, &y);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree double *before = NULL;
  g_autofree double *after = NULL;
  gsize size = x->n_rows * n_classes * sizeof (double);

  if (task != LUMINA_TASK_REGRESSION)
    for (guint r = 0; r < 150; r++)
      y[r] = (guint) (y[r] > 3.0) + (task == LUMINA_TASK_MULTICLASS && y[r] > 5.0);

  fit (learner, x, y);
  bytes = lumina_learner_save (learner, &error);
  g_assert_no_error (error);
  loaded = lumina_learner_load ("linear", task, n_classes, lumina_learner_get_params (learner), bytes, &error);
  g_assert_no_error (error);

  before = predict (learner, x);
  after = predict (loaded, x);
  g_assert_cmpmem (before, size, after, size);
  again = lumina_learner_save (loaded, &error);
  g_assert_true (g_bytes_equal (bytes, again));

  /* A model saved for another task does not load. */
  g_assert_null (lumina_learner_load ("linear", task == LUMINA_TASK_MULTICLASS ? LUMINA_TASK_BINARY : LUMINA_TASK_MULTICLASS,
                                      task == LUMINA_TASK_MULTICLASS ? 2 : 3, NULL, bytes, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
}

static void
test_save_load (void)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("[1, 2]", 6);
  g_autoptr(GError) error = NULL;

  check_round_trip (LUMINA_TASK_REGRESSION, 1, "{\"penalty\": \"l1\", \"alpha\": 0.01}");
  check_round_trip (LUMINA_TASK_BINARY, 2, "{}");
  check_round_trip (LUMINA_TASK_MULTICLASS, 3, "{\"alpha\": 0.1}");

  g_assert_null (lumina_learner_load ("linear", LUMINA_TASK_REGRESSION, 1, NULL, garbage, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
}

static void
test_callback_and_cancel (void)
{
  const double beta[] = { 1.0, -1.0, 0.5 };
  g_autoptr(LuminaLearner) learner = new_linear (LUMINA_TASK_REGRESSION, 1, "{\"tol\": 1e-12}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_regression (100, 3, beta, 1.0, 8, &y);
  g_autoptr(GError) error = NULL;
  Watch stop = { 0, 3, NULL, TRUE };
  Watch cancel = { 0, 2, cancellable, TRUE };
  double out[100];

  lumina_learner_set_iteration_func (learner, watch_cb, &stop);
  fit (learner, x, y);
  g_assert_cmpuint (stop.calls, ==, 3);
  g_assert_cmpuint (lumina_learner_get_n_iterations (learner), ==, 3);
  g_assert_false (stop.all_finite);  /* no validation set: NaN */

  lumina_learner_set_iteration_func (learner, watch_cb, &cancel);
  g_assert_false (lumina_learner_fit (learner, x, y, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, ==, 2);
  g_clear_error (&error);
  g_assert_false (lumina_learner_predict (learner, x, out, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

static void
test_invalid_params (void)
{
  const char *bad[] = {
    "{\"penalty\": \"l3\"}",
    "{\"penalty\": 1}",
    "{\"alpha\": -1}",
    "{\"max_iter\": 0}",
    "{\"tol\": 0}",
    "{\"C\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaLearner) learner =
        lumina_learner_new ("linear", LUMINA_TASK_BINARY, 2, json_node_get_object (node), &error);

      g_assert_null (learner);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/learner-linear/separable", test_separable);
  g_test_add_func ("/engine/learner-linear/ridge-closed-form", test_ridge_closed_form);
  g_test_add_func ("/engine/learner-linear/l1-zeros", test_l1_zeros);
  g_test_add_func ("/engine/learner-linear/iris-multinomial", test_iris_multinomial);
  g_test_add_func ("/engine/learner-linear/save-load", test_save_load);
  g_test_add_func ("/engine/learner-linear/callback-and-cancel", test_callback_and_cancel);
  g_test_add_func ("/engine/learner-linear/invalid-params", test_invalid_params);

  return g_test_run ();
}
