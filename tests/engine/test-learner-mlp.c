/* test-learner-mlp.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"
#include "lumina-mlp-private.h"

static JsonObject *
params_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static LuminaLearner *
new_mlp (LuminaTask  task,
         guint       n_classes,
         const char *json)
{
  g_autoptr(JsonObject) params = params_from (json);
  g_autoptr(GError) error = NULL;
  LuminaLearner *learner = lumina_learner_new ("mlp", task, n_classes, params, &error);

  g_assert_no_error (error);
  return learner;
}

/* Three gaussian blobs in 4 dimensions, or a smooth function of them. */
static LuminaMatrix *
make_data (gsize       n,
           LuminaTask  task,
           guint32     seed,
           double    **y_out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  LuminaMatrix *x = lumina_matrix_new (n, 4);
  double *y = g_new (double, n);

  for (gsize r = 0; r < n; r++)
    {
      float *row = lumina_matrix_row (x, r);
      guint c = (guint) (r % 3);

      for (guint j = 0; j < 4; j++)
        row[j] = (float) g_rand_double_range (rand, -1.0, 1.0);

      if (task == LUMINA_TASK_REGRESSION)
        y[r] = 100.0 + 20.0 * sin (2.0 * row[0]) + 10.0 * row[1] * row[2];
      else
        {
          c = task == LUMINA_TASK_BINARY ? c % 2 : c;
          row[0] += 1.5f * c;
          row[1] -= 1.0f * c;
          y[r] = c;
        }
    }
  *y_out = y;
  return x;
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
test_xor (void)
{
  g_autoptr(LuminaLearner) learner =
    new_mlp (LUMINA_TASK_BINARY, 2,
             "{\"hidden_layers\": [8], \"epochs\": 400, \"batch_size\": 4, \"dropout\": 0,"
             " \"learning_rate\": 0.05, \"weight_decay\": 0, \"lr_schedule\": \"constant\"}");
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (4, 2);
  const float points[] = { -1, -1, -1, 1, 1, -1, 1, 1 };
  const double y[] = { 0, 1, 1, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree double *p = NULL;

  memcpy (x->data, points, sizeof points);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_learner_get_n_iterations (learner), ==, 400);

  p = predict (learner, x);
  for (guint r = 0; r < 4; r++)
    {
      g_assert_cmpfloat_with_epsilon (p[2 * r] + p[2 * r + 1], 1.0, 1e-12);
      if (y[r] == 1)
        g_assert_cmpfloat (p[2 * r + 1], >, 0.9);
      else
        g_assert_cmpfloat (p[2 * r + 1], <, 0.1);
    }
}

/* Mean loss of the batch at the current parameters.  With dropout, the
 * generator restarts from the same seed so every pass draws the same masks. */
static double
batch_loss (LuminaMlpWork *work,
            const float   *x,
            const float   *y,
            guint          rows,
            float          dropout)
{
  LuminaMlpRng rng;

  lumina_mlp_rng_init (&rng, 99);
  _lumina_mlp_forward (work, x, rows, dropout, &rng);
  return _lumina_mlp_batch_loss (work, y, rows) / rows;
}

static float
smallest_hidden_margin (LuminaMlpWork *work,
                        guint          rows)
{
  float margin = INFINITY;

  for (guint l = 0; l + 1 < work->net->n_layers; l++)
    for (gsize i = 0; i < (gsize) rows * work->net->units[l + 1]; i++)
      margin = MIN (margin, fabsf (work->z[l][i]));
  return margin;
}

/* Float32 central differences with h = 1e-2 carry about 1e-5 of rounding
 * noise and h² truncation; ReLU kinks are kept 0.05 away from every
 * pre-activation, more than any perturbation moves them. */
static void
gradient_check (LuminaMlpActivation activation,
                LuminaMlpHead       head,
                float               dropout)
{
  const guint rows = 7, k = head == LUMINA_MLP_HEAD_SOFTMAX ? 3 : 1;
  guint units[] = { 4, 6, 5, k };
  LuminaMlpNet *net = _lumina_mlp_net_new (units, 3, activation, head);
  LuminaMlpWork *work = _lumina_mlp_work_new (net, rows);
  float x[7 * 4], y[7];
  g_autofree float *analytic = NULL;
  double worst = 0.0, norm_diff = 0.0, norm = 0.0;
  guint64 seed;

  for (seed = 1; seed < 500; seed++)
    {
      LuminaMlpRng rng;

      lumina_mlp_rng_init (&rng, seed);
      _lumina_mlp_net_init (net, &rng);
      for (gsize i = net->n_weights; i < net->n_params; i++)
        net->params[i] = (float) (0.2 * lumina_mlp_rng_uniform (&rng) - 0.1);
      for (guint i = 0; i < G_N_ELEMENTS (x); i++)
        x[i] = (float) (3.0 * lumina_mlp_rng_uniform (&rng) - 1.5);
      for (guint r = 0; r < rows; r++)
        y[r] = head == LUMINA_MLP_HEAD_LINEAR ? (float) (2.0 * lumina_mlp_rng_uniform (&rng) - 1.0)
                                              : (float) lumina_mlp_rng_below (&rng, MAX (k, 2));

      batch_loss (work, x, y, rows, dropout);
      if (activation != LUMINA_MLP_RELU || smallest_hidden_margin (work, rows) > 0.05f)
        break;
    }
  g_assert_cmpuint (seed, <, 500);

  batch_loss (work, x, y, rows, dropout);
  _lumina_mlp_backward (work, y, rows);
  analytic = g_memdup2 (work->grad, net->n_params * sizeof (float));

  for (gsize i = 0; i < net->n_params; i++)
    {
      const float h = 1e-2f;
      float saved = net->params[i];
      double plus, minus, numeric, diff;

      net->params[i] = saved + h;
      plus = batch_loss (work, x, y, rows, dropout);
      net->params[i] = saved - h;
      minus = batch_loss (work, x, y, rows, dropout);
      net->params[i] = saved;

      numeric = (plus - minus) / (2.0 * h);
      diff = fabs (numeric - analytic[i]);
      g_assert_cmpfloat (diff, <=, 2e-4 + 5e-3 * fabs (analytic[i]));
      worst = MAX (worst, diff / (2e-4 + 5e-3 * fabs (analytic[i])));
      norm_diff += diff * diff;
      norm += (double) analytic[i] * analytic[i];
    }

  g_assert_cmpfloat (norm, >, 1e-4);
  g_assert_cmpfloat (sqrt (norm_diff / norm), <, 1e-3);
  g_test_message ("activation %d head %d dropout %.1f: worst difference %.2f of the tolerance, relative %.2e",
                  activation, head, dropout, worst, sqrt (norm_diff / norm));

  _lumina_mlp_work_free (work);
  _lumina_mlp_net_free (net);
}

static void
test_gradient_check (void)
{
  LuminaMlpActivation activations[] = { LUMINA_MLP_RELU, LUMINA_MLP_GELU };
  LuminaMlpHead heads[] = { LUMINA_MLP_HEAD_SOFTMAX, LUMINA_MLP_HEAD_SIGMOID, LUMINA_MLP_HEAD_LINEAR };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint h = 0; h < G_N_ELEMENTS (heads); h++)
      gradient_check (activations[a], heads[h], 0.0f);

  /* Dropout with fixed masks: the backward pass scales by the same mask. */
  gradient_check (LUMINA_MLP_RELU, LUMINA_MLP_HEAD_SOFTMAX, 0.3f);
  gradient_check (LUMINA_MLP_GELU, LUMINA_MLP_HEAD_LINEAR, 0.3f);
}

static double *
fit_and_predict (guint64       seed,
                 GBytes      **saved)
{
  g_autofree char *json = g_strdup_printf ("{\"seed\": %" G_GUINT64_FORMAT ", \"hidden_layers\": \"16, 8\","
                                           " \"epochs\": 8, \"batch_size\": 32}", seed);
  g_autoptr(LuminaLearner) learner = new_mlp (LUMINA_TASK_MULTICLASS, 3, json);
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_data (300, LUMINA_TASK_MULTICLASS, 1, &y);
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (saved != NULL)
    *saved = lumina_learner_save (learner, &error);
  g_assert_no_error (error);
  return predict (learner, x);
}

static void
test_determinism (void)
{
  g_autoptr(GBytes) saved_a = NULL;
  g_autoptr(GBytes) saved_b = NULL;
  g_autofree double *a = fit_and_predict (7, &saved_a);
  g_autofree double *b = fit_and_predict (7, &saved_b);
  g_autofree double *c = fit_and_predict (8, NULL);

  g_assert_cmpmem (a, 300 * 3 * sizeof (double), b, 300 * 3 * sizeof (double));
  g_assert_true (g_bytes_equal (saved_a, saved_b));
  g_assert_true (memcmp (a, c, 300 * 3 * sizeof (double)) != 0);
}

static void
check_round_trip (LuminaTask  task,
                  guint       n_classes,
                  const char *json)
{
  g_autoptr(LuminaLearner) learner = new_mlp (task, n_classes, json);
  g_autoptr(LuminaLearner) loaded = NULL;
  g_autofree double *y = NULL;
  /* More rows than one forward pass takes at predict time. */
  g_autoptr(LuminaMatrix) x = make_data (600, task, 3, &y);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree double *before = NULL;
  g_autofree double *after = NULL;
  gsize size = x->n_rows * lumina_learner_get_n_outputs (learner) * sizeof (double);

  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  bytes = lumina_learner_save (learner, &error);
  g_assert_no_error (error);

  loaded = lumina_learner_load ("mlp", task, n_classes, lumina_learner_get_params (learner), bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_learner_get_n_features (loaded), ==, 4);

  before = predict (learner, x);
  after = predict (loaded, x);
  g_assert_cmpmem (before, size, after, size);

  /* A row on its own gets what it got among the others (BLAS may sum
   * in another order for one row). */
  for (gsize row = 0; row < x->n_rows; row += 37)
    {
      g_autoptr(LuminaMatrix) one = lumina_matrix_new_view (x, row, 1);
      g_autofree double *alone = predict (loaded, one);
      guint k = lumina_learner_get_n_outputs (loaded);

      for (guint c = 0; c < k; c++)
        g_assert_cmpfloat_with_epsilon (alone[c], before[row * k + c],
                                        1e-5 * MAX (1.0, fabs (before[row * k + c])));
    }

  again = lumina_learner_save (loaded, &error);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
test_save_load (void)
{
  const char *json = "{\"hidden_layers\": [12, 6], \"epochs\": 5, \"activation\": \"gelu\"}";
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{\"format\": \"lumina-mlp\", \"version\": 1}", 38);
  g_autoptr(GError) error = NULL;
  LuminaLearner *broken;

  check_round_trip (LUMINA_TASK_MULTICLASS, 3, json);
  check_round_trip (LUMINA_TASK_BINARY, 2, json);
  check_round_trip (LUMINA_TASK_REGRESSION, 1, json);

  broken = lumina_learner_load ("mlp", LUMINA_TASK_BINARY, 2, NULL, garbage, &error);
  g_assert_null (broken);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
}

typedef struct
{
  guint         calls;
  guint         stop_at;
  GCancellable *cancel;
  GArray       *losses;
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
  if (watch->losses != NULL)
    g_array_append_val (watch->losses, valid_loss);
  if (watch->cancel != NULL && iteration == watch->stop_at)
    g_cancellable_cancel (watch->cancel);
  return watch->cancel != NULL || watch->stop_at == 0 || iteration < watch->stop_at;
}

/* Regression with a validation set: training stops once validation RMSE
 * has not improved for 3 epochs, keeps the best epoch, and the loss
 * reported for it is the RMSE of predict() in the target's units. */
static void
test_early_stopping (void)
{
  g_autoptr(LuminaLearner) learner =
    new_mlp (LUMINA_TASK_REGRESSION, 1,
             "{\"hidden_layers\": [64, 64], \"epochs\": 300, \"early_stopping_rounds\": 3,"
             " \"learning_rate\": 0.01, \"dropout\": 0, \"weight_decay\": 0, \"batch_size\": 8}");
  g_autofree double *y = NULL;
  g_autofree double *yv = NULL;
  g_autoptr(LuminaMatrix) x = make_data (40, LUMINA_TASK_REGRESSION, 5, &y);
  g_autoptr(LuminaMatrix) xv = make_data (200, LUMINA_TASK_REGRESSION, 6, &yv);
  g_autoptr(GError) error = NULL;
  g_autofree double *p = NULL;
  Watch watch = { 0 };
  guint best;
  double sse = 0.0, best_loss;

  watch.losses = g_array_new (FALSE, FALSE, sizeof (double));
  lumina_learner_set_iteration_func (learner, watch_cb, &watch);
  g_assert_true (lumina_learner_fit (learner, x, y, xv, yv, NULL, &error));
  g_assert_no_error (error);

  best = lumina_learner_get_n_iterations (learner);
  g_assert_cmpuint (watch.calls, <, 300);
  g_assert_cmpuint (best, ==, watch.calls - 3);
  best_loss = g_array_index (watch.losses, double, best - 1);
  for (guint i = 0; i < watch.losses->len; i++)
    g_assert_cmpfloat (g_array_index (watch.losses, double, i), >=, best_loss);

  p = predict (learner, xv);
  for (gsize r = 0; r < xv->n_rows; r++)
    sse += (p[r] - yv[r]) * (p[r] - yv[r]);
  g_assert_cmpfloat_with_epsilon (sqrt (sse / xv->n_rows), best_loss, 1e-4 * best_loss);
  g_array_unref (watch.losses);
}

static void
test_callback_stops (void)
{
  g_autoptr(LuminaLearner) learner = new_mlp (LUMINA_TASK_BINARY, 2, "{\"epochs\": 50, \"hidden_layers\": [8]}");
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_data (100, LUMINA_TASK_BINARY, 2, &y);
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, 5, NULL, NULL };

  lumina_learner_set_iteration_func (learner, watch_cb, &watch);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (watch.calls, ==, 5);
  g_assert_cmpuint (lumina_learner_get_n_iterations (learner), ==, 5);
}

static void
test_cancel (void)
{
  g_autoptr(LuminaLearner) learner = new_mlp (LUMINA_TASK_MULTICLASS, 3, "{\"epochs\": 50, \"hidden_layers\": [8]}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_data (100, LUMINA_TASK_MULTICLASS, 2, &y);
  g_autoptr(GError) error = NULL;
  double out[3 * 100];
  Watch watch = { 0, 2, cancellable, NULL };

  lumina_learner_set_iteration_func (learner, watch_cb, &watch);
  g_assert_false (lumina_learner_fit (learner, x, y, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watch.calls, ==, 2);
  g_clear_error (&error);

  /* Nothing half-fitted is left behind. */
  g_assert_false (lumina_learner_predict (learner, x, out, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

static void
test_invalid_params (void)
{
  const char *bad[] = {
    "{\"hidden_layers\": [0]}",
    "{\"hidden_layers\": [128, -1]}",
    "{\"hidden_layers\": \"128,x\"}",
    "{\"hidden_layers\": 64}",
    "{\"hidden_layers\": [64], \"hidden_layer_sizes\": [64]}",
    "{\"epochs\": 10, \"max_epochs\": 10}",
    "{\"activation\": \"tanh\"}",
    "{\"dropout\": 0.95}",
    "{\"learning_rate\": 0}",
    "{\"batch_size\": 0}",
    "{\"lr_schedule\": \"step\"}",
    "{\"momentum\": 0.9}",
  };
  g_autoptr(LuminaLearner) ok = new_mlp (LUMINA_TASK_BINARY, 2, "{\"hidden_layer_sizes\": \" 32, 16 \", \"max_epochs\": 3}");
  JsonArray *widths = json_object_get_array_member (lumina_learner_get_params (ok), "hidden_layer_sizes");

  g_assert_cmpuint (json_array_get_length (widths), ==, 2);
  g_assert_cmpint (json_array_get_int_element (widths, 1), ==, 16);
  g_assert_cmpint (json_object_get_int_member (lumina_learner_get_params (ok), "early_stopping_rounds"), ==, 15);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) params = params_from (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaLearner) learner = lumina_learner_new ("mlp", LUMINA_TASK_BINARY, 2, params, &error);

      g_assert_null (learner);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
    }
}

/* A NaN that reaches the learner counts as 0; importances sum to 1. */
static void
test_nan_and_importance (void)
{
  g_autoptr(LuminaLearner) learner = new_mlp (LUMINA_TASK_REGRESSION, 1, "{\"epochs\": 3, \"hidden_layers\": [8]}");
  g_autofree double *y = NULL;
  g_autofree double *y_same = NULL;
  g_autoptr(LuminaMatrix) x = make_data (50, LUMINA_TASK_REGRESSION, 4, &y);
  g_autoptr(LuminaMatrix) zeroed = make_data (50, LUMINA_TASK_REGRESSION, 4, &y_same);
  g_autoptr(GError) error = NULL;
  g_autofree double *with_nan = NULL;
  g_autofree double *with_zero = NULL;
  g_autofree double *importance = NULL;
  double total = 0.0;

  lumina_matrix_row (x, 3)[1] = NAN;
  lumina_matrix_row (zeroed, 3)[1] = 0.0f;
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  with_nan = predict (learner, x);
  with_zero = predict (learner, zeroed);
  g_assert_cmpmem (with_nan, 50 * sizeof (double), with_zero, 50 * sizeof (double));
  for (guint r = 0; r < 50; r++)
    g_assert_true (isfinite (with_nan[r]));

  importance = lumina_learner_feature_importance (learner);
  for (guint j = 0; j < 4; j++)
    {
      g_assert_cmpfloat (importance[j], >, 0.0);
      total += importance[j];
    }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/learner-mlp/xor", test_xor);
  g_test_add_func ("/engine/learner-mlp/gradient-check", test_gradient_check);
  g_test_add_func ("/engine/learner-mlp/determinism", test_determinism);
  g_test_add_func ("/engine/learner-mlp/save-load", test_save_load);
  g_test_add_func ("/engine/learner-mlp/early-stopping", test_early_stopping);
  g_test_add_func ("/engine/learner-mlp/callback-stops", test_callback_stops);
  g_test_add_func ("/engine/learner-mlp/cancel", test_cancel);
  g_test_add_func ("/engine/learner-mlp/invalid-params", test_invalid_params);
  g_test_add_func ("/engine/learner-mlp/nan-and-importance", test_nan_and_importance);

  return g_test_run ();
}
