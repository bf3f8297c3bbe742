/* test-learner-xgboost.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "xgboost" and "forest" learners: fitting known problems, missing
 * values and categorical splits, early stopping and pruning, DMatrix reuse,
 * determinism, save/load, and Python's xgboost reading the saved model.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"

static LuminaLearner *
new_learner (const char *kind,
             LuminaTask  task,
             guint       n_classes,
             const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  LuminaLearner *learner;

  g_assert_nonnull (node);
  learner = lumina_learner_new (kind, task, n_classes, json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_nonnull (learner);
  return learner;
}

static double *
predict (LuminaLearner      *learner,
         const LuminaMatrix *x)
{
  g_autoptr(GError) error = NULL;
  double *out = g_new (double, x->n_rows * lumina_learner_get_n_outputs (learner));

  lumina_learner_predict (learner, x, out, &error);
  g_assert_no_error (error);
  return out;
}

static void
fit (LuminaLearner      *learner,
     const LuminaMatrix *x,
     const double       *y,
     const LuminaMatrix *x_valid,
     const double       *y_valid)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_learner_fit (learner, x, y, x_valid, y_valid, NULL, &error));
  g_assert_no_error (error);
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
    {
      guint best = 0;

      for (guint j = 1; j < k; j++)
        if (p[r * k + j] > p[r * k + best])
          best = j;
      correct += best == (guint) y[r];
    }
  return (double) correct / x->n_rows;
}

/* Two noisy interleaved classes: label = (x0 > 0) xor (x1 > 0), with
 * @n_noise uninformative columns and @flip of the labels flipped. */
static LuminaMatrix *
make_xor (gsize    n,
          guint    n_noise,
          double   flip,
          guint32  seed,
          double **y_out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  LuminaMatrix *x = lumina_matrix_new (n, 2 + n_noise);
  double *y = g_new (double, n);

  for (gsize r = 0; r < n; r++)
    {
      float *row = lumina_matrix_row (x, r);

      for (guint j = 0; j < x->n_cols; j++)
        row[j] = (float) g_rand_double_range (rand, -1.0, 1.0);
      y[r] = (row[0] > 0) != (row[1] > 0);
      if (g_rand_double (rand) < flip)
        y[r] = 1.0 - y[r];
    }
  *y_out = y;
  return x;
}

static void
test_binary_xor (void)
{
  g_autofree double *y = NULL;
  g_autofree double *y_test = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (2000, 3, 0.0, 1, &y);
  g_autoptr(LuminaMatrix) x_test = make_xor (1000, 3, 0.0, 2, &y_test);
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 60}");
  g_autofree double *p = NULL;

  fit (learner, x, y, NULL, NULL);
  g_assert_cmpuint (lumina_learner_get_n_iterations (learner), ==, 60);
  g_assert_cmpuint (lumina_learner_get_n_features (learner), ==, 5);
  g_assert_cmpfloat (accuracy (learner, x_test, y_test), >, 0.97);

  p = predict (learner, x_test);
  for (gsize r = 0; r < x_test->n_rows; r++)
    {
      g_assert_cmpfloat (p[2 * r], >=, 0.0);
      g_assert_cmpfloat (fabs (p[2 * r] + p[2 * r + 1] - 1.0), <, 1e-6);
    }
}

/* Three classes by the angle of (x0, x1); probabilities sum to one. */
static void
test_multiclass (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (1500, 2);
  g_autofree double *y = g_new (double, 1500);
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_MULTICLASS, 3, "{\"n_estimators\": 40}");
  g_autofree double *p = NULL;

  for (gsize r = 0; r < x->n_rows; r++)
    {
      float *row = lumina_matrix_row (x, r);
      double angle;

      row[0] = (float) g_rand_double_range (rand, -1.0, 1.0);
      row[1] = (float) g_rand_double_range (rand, -1.0, 1.0);
      angle = atan2 (row[1], row[0]) + G_PI;
      y[r] = MIN (floor (angle / (2 * G_PI / 3)), 2);
    }

  fit (learner, x, y, NULL, NULL);
  g_assert_cmpuint (lumina_learner_get_n_outputs (learner), ==, 3);
  g_assert_cmpfloat (accuracy (learner, x, y), >, 0.97);

  p = predict (learner, x);
  for (gsize r = 0; r < x->n_rows; r++)
    g_assert_cmpfloat (fabs (p[3 * r] + p[3 * r + 1] + p[3 * r + 2] - 1.0), <, 1e-5);
}

static void
test_regression (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (3000, 3);
  g_autofree double *y = g_new (double, 3000);
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_REGRESSION, 1,
                                                  "{\"n_estimators\": 200, \"learning_rate\": 0.1}");
  g_autofree double *p = NULL;
  double sse = 0.0, var = 0.0, mean = 0.0;

  for (gsize r = 0; r < x->n_rows; r++)
    {
      float *row = lumina_matrix_row (x, r);

      for (guint j = 0; j < 3; j++)
        row[j] = (float) g_rand_double_range (rand, -2.0, 2.0);
      y[r] = 10.0 * sin (row[0]) + row[1] * row[1];
      mean += y[r] / x->n_rows;
    }

  fit (learner, x, y, NULL, NULL);
  p = predict (learner, x);
  for (gsize r = 0; r < x->n_rows; r++)
    {
      sse += (p[r] - y[r]) * (p[r] - y[r]);
      var += (y[r] - mean) * (y[r] - mean);
    }
  g_test_message ("regression R2 = %.5f", 1.0 - sse / var);
  g_assert_cmpfloat (1.0 - sse / var, >, 0.99);
}

/* Missingness itself carries the label: trees learn a default direction. */
static void
test_missing_values (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (1000, 2);
  g_autofree double *y = g_new (double, 1000);
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 20}");

  for (gsize r = 0; r < x->n_rows; r++)
    {
      float *row = lumina_matrix_row (x, r);

      y[r] = r % 2;
      row[0] = y[r] == 1.0 ? NAN : (float) g_rand_double (rand);
      row[1] = (float) g_rand_double (rand);
    }

  fit (learner, x, y, NULL, NULL);
  g_assert_cmpfloat (accuracy (learner, x, y), ==, 1.0);
}

/* Categories 1, 3 and 5 of 8 are positive: one categorical split separates
 * them, one split on the codes as numbers cannot. */
static void
test_categorical_split (void)
{
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (800, 1);
  g_autofree double *y = g_new (double, 800);
  const char *params = "{\"n_estimators\": 1, \"max_depth\": 1, \"learning_rate\": 1.0, \"min_child_weight\": 0}";
  g_autoptr(LuminaLearner) as_numbers = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, params);
  g_autoptr(LuminaLearner) as_categories = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, params);
  g_autoptr(LuminaMatrix) x_cat = NULL;
  guint32 rows[800];

  for (gsize r = 0; r < x->n_rows; r++)
    {
      guint code = r % 8;

      x->data[r] = (float) code;
      y[r] = code == 1 || code == 3 || code == 5;
      rows[r] = (guint32) r;
    }
  x_cat = lumina_matrix_take_rows (x, rows, x->n_rows);
  x_cat->categorical[0] = 1;

  fit (as_numbers, x, y, NULL, NULL);
  fit (as_categories, x_cat, y, NULL, NULL);
  g_assert_cmpfloat (accuracy (as_numbers, x, y), <, 0.9);
  g_assert_cmpfloat (accuracy (as_categories, x_cat, y), ==, 1.0);
}

typedef struct
{
  guint   calls;
  guint   stop_at;
  double  last_loss;
  GCancellable *cancel;
} Progress;

static gboolean
on_iteration (LuminaLearner *learner,
              guint          iteration,
              double         valid_loss,
              gpointer       user_data)
{
  Progress *progress = user_data;

  progress->calls++;
  g_assert_cmpuint (iteration, ==, progress->calls);
  progress->last_loss = valid_loss;
  if (progress->cancel != NULL && iteration == progress->stop_at)
    g_cancellable_cancel (progress->cancel);
  return progress->cancel != NULL || progress->stop_at == 0 || iteration < progress->stop_at;
}

static void
relabel_threshold (const LuminaMatrix *x,
                   double             *y,
                   double              flip,
                   guint32             seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize r = 0; r < x->n_rows; r++)
    {
      y[r] = lumina_matrix_row (x, r)[0] > 0;
      if (g_rand_double (rand) < flip)
        y[r] = 1.0 - y[r];
    }
}

/* Noisy labels: the validation loss bottoms out early and the model is cut
 * back to its best round. */
static void
test_early_stopping (void)
{
  g_autofree double *y = NULL;
  g_autofree double *y_valid = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (1000, 10, 0.3, 6, &y);
  g_autoptr(LuminaMatrix) x_valid = make_xor (500, 10, 0.3, 7, &y_valid);
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_BINARY, 2,
                                                  "{\"n_estimators\": 1000, \"early_stopping_rounds\": 10,"
                                                  " \"learning_rate\": 0.3, \"max_depth\": 8}");
  Progress progress = { 0 };
  guint kept;

  /* A plain threshold on x0 with 30% of labels flipped. */
  relabel_threshold (x, y, 0.3, 16);
  relabel_threshold (x_valid, y_valid, 0.3, 17);
  lumina_learner_set_iteration_func (learner, on_iteration, &progress);
  fit (learner, x, y, x_valid, y_valid);

  kept = lumina_learner_get_n_iterations (learner);
  g_test_message ("early stopping: %u rounds run, %u kept", progress.calls, kept);
  g_assert_cmpuint (progress.calls, <, 1000);
  g_assert_cmpuint (kept + 10, ==, progress.calls);
  g_assert_true (isfinite (progress.last_loss));
  g_assert_cmpfloat (progress.last_loss, >, 0.0);
  g_assert_cmpfloat (accuracy (learner, x_valid, y_valid), >, 0.6);
}

static void
test_prune_and_cancel (void)
{
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (500, 2, 0.1, 8, &y);
  g_autoptr(LuminaLearner) pruned = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 100}");
  g_autoptr(LuminaLearner) cancelled = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 100}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress prune = { .stop_at = 5 };
  Progress cancel = { .stop_at = 3, .cancel = cancellable };

  lumina_learner_set_iteration_func (pruned, on_iteration, &prune);
  fit (pruned, x, y, NULL, NULL);
  g_assert_cmpuint (prune.calls, ==, 5);
  g_assert_cmpuint (lumina_learner_get_n_iterations (pruned), ==, 5);
  g_assert_true (isnan (prune.last_loss));  /* no validation set */

  lumina_learner_set_iteration_func (cancelled, on_iteration, &cancel);
  g_assert_false (lumina_learner_fit (cancelled, x, y, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, ==, 3);
}

static void
test_forest (void)
{
  g_autofree double *y = NULL;
  g_autofree double *y_test = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (2000, 4, 0.0, 9, &y);
  g_autoptr(LuminaMatrix) x_test = make_xor (1000, 4, 0.0, 10, &y_test);
  g_autoptr(LuminaLearner) forest = new_learner ("forest", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 50}");
  g_autoptr(LuminaLearner) stopped = new_learner ("forest", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 50}");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autofree char *text = NULL;
  g_autofree double *importance = NULL;
  JsonObject *booster_params;
  Progress progress = { 0 };
  Progress stop = { .stop_at = 20 };

  /* A tree per iteration, scored once the forest is whole. */
  lumina_learner_set_iteration_func (forest, on_iteration, &progress);
  fit (forest, x, y, x_test, y_test);
  g_assert_cmpuint (progress.calls, ==, 50);
  g_assert_true (isfinite (progress.last_loss));
  g_assert_cmpuint (lumina_learner_get_n_iterations (forest), ==, 1);
  g_assert_cmpfloat (accuracy (forest, x_test, y_test), >, 0.95);

  /* Stopped between trees (a search's deadline), it is no model. */
  lumina_learner_set_iteration_func (stopped, on_iteration, &stop);
  g_assert_false (lumina_learner_fit (stopped, x, y, x_test, y_test, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "20 of the forest's 50 trees"));
  g_assert_cmpuint (stop.calls, ==, 20);
  g_assert_true (isnan (stop.last_loss));
  g_clear_error (&error);

  /* 50 trees, each grown from the base score's gradients. */
  bytes = lumina_learner_save (forest, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  model = json_from_string (text, &error);
  g_assert_no_error (error);
  booster_params = json_object_get_object_member (
    json_object_get_object_member (
      json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (model), "learner"),
        "gradient_booster"),
      "model"),
    "gbtree_model_param");
  g_assert_cmpstr (json_object_get_string_member (booster_params, "num_trees"), ==, "50");
  g_assert_cmpstr (json_object_get_string_member (booster_params, "num_parallel_tree"), ==, "1");

  importance = lumina_learner_feature_importance (forest);
  g_assert_nonnull (importance);
  {
    double total = 0.0;

    for (guint j = 0; j < 6; j++)
      total += importance[j];
    g_assert_cmpfloat (fabs (total - 1.0), <, 1e-9);
    for (guint j = 2; j < 6; j++)
      g_assert_cmpfloat (importance[0] + importance[1], >, 4 * importance[j]);
  }
}

/* Mean log loss of @learner's probabilities on (@x, @y). */
static double
mean_log_loss (LuminaLearner      *learner,
               const LuminaMatrix *x,
               const double       *y)
{
  g_autofree double *p = predict (learner, x);
  guint k = lumina_learner_get_n_outputs (learner);
  double total = 0.0;

  for (gsize r = 0; r < x->n_rows; r++)
    {
      double sum = 0.0;

      for (guint c = 0; c < k; c++)
        {
          g_assert_cmpfloat (p[r * k + c], >=, 0.0);
          g_assert_cmpfloat (p[r * k + c], <=, 1.0);
          sum += p[r * k + c];
        }
      g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-6);
      total -= log (MAX (p[r * k + (guint) y[r]], 1e-15));
    }
  return total / x->n_rows;
}

/* A forest's probabilities are its trees' mean leaf class frequencies:
 * where the classes separate cleanly and every tree agrees, it is sure.
 * XGBoost's own link of the mean leaf value stays near 0.88 at best
 * (sigmoid of a single Newton step), a log loss above 0.12. */
static void
test_forest_probabilities (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (1200, 2);
  g_autofree double *binary = g_new (double, 1200);
  g_autofree double *three = g_new (double, 1200);
  g_autoptr(LuminaLearner) forest2 = new_learner ("forest", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 50}");
  g_autoptr(LuminaLearner) forest3 = new_learner ("forest", LUMINA_TASK_MULTICLASS, 3,
                                                  "{\"n_estimators\": 50}");

  /* Classes by bands of x0, with a gap between bands. */
  for (gsize r = 0; r < x->n_rows; r++)
    {
      float *row = lumina_matrix_row (x, r);
      guint band = r % 3;

      row[0] = (float) (band + g_rand_double_range (rand, 0.0, 0.8));
      row[1] = (float) g_rand_double (rand);
      three[r] = band;
      binary[r] = band == 2;
    }

  fit (forest2, x, binary, NULL, NULL);
  fit (forest3, x, three, NULL, NULL);
  g_assert_cmpfloat (mean_log_loss (forest2, x, binary), <, 0.05);
  g_assert_cmpfloat (mean_log_loss (forest3, x, three), <, 0.05);
  g_assert_cmpfloat (accuracy (forest3, x, three), >, 0.99);
}

/* The DMatrix is built once per matrix and reused; other labels on the
 * same matrix still train on their own labels. */
static void
test_dmatrix_reuse (void)
{
  g_autofree double *y = NULL;
  g_autofree double *flipped = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (1000, 2, 0.0, 11, &y);
  g_autoptr(LuminaLearner) first = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 30}");
  g_autoptr(LuminaLearner) second = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 30}");
  g_autoptr(LuminaLearner) other = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 30}");
  gpointer backend;

  g_assert_null (x->backend);
  fit (first, x, y, NULL, NULL);
  backend = x->backend;
  g_assert_nonnull (backend);
  fit (second, x, y, NULL, NULL);
  g_assert_true (x->backend == backend);

  flipped = g_new (double, x->n_rows);
  for (gsize r = 0; r < x->n_rows; r++)
    flipped[r] = 1.0 - y[r];
  fit (other, x, flipped, NULL, NULL);
  g_assert_true (x->backend == backend);
  g_assert_cmpfloat (accuracy (first, x, y), >, 0.97);
  g_assert_cmpfloat (accuracy (other, x, flipped), >, 0.97);
}

typedef struct
{
  LuminaMatrix *x;
  double       *y;
  double       *out;
} ThreadFit;

static gpointer
fit_in_thread (gpointer data)
{
  ThreadFit *job = data;
  g_autoptr(LuminaLearner) learner = new_learner ("xgboost", LUMINA_TASK_BINARY, 2,
                                                  "{\"n_estimators\": 40, \"subsample\": 0.7}");

  fit (learner, job->x, job->y, NULL, NULL);
  job->out = predict (learner, job->x);
  return NULL;
}

/* Trials on one shared matrix in parallel give what a lone trial gives. */
static void
test_parallel_trials (void)
{
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (3000, 5, 0.1, 12, &y);
  g_autoptr(LuminaLearner) alone = new_learner ("xgboost", LUMINA_TASK_BINARY, 2,
                                                "{\"n_estimators\": 40, \"subsample\": 0.7}");
  g_autoptr(LuminaMatrix) x_alone = NULL;
  g_autofree double *expected = NULL;
  ThreadFit jobs[4];
  GThread *threads[4];
  guint32 *rows = g_new (guint32, x->n_rows);

  for (gsize r = 0; r < x->n_rows; r++)
    rows[r] = (guint32) r;
  x_alone = lumina_matrix_take_rows (x, rows, x->n_rows);
  g_free (rows);
  fit (alone, x_alone, y, NULL, NULL);
  expected = predict (alone, x_alone);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = (ThreadFit) { x, y, NULL };
      threads[i] = g_thread_new ("fit", fit_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpmem (jobs[i].out, x->n_rows * 2 * sizeof (double), expected, x->n_rows * 2 * sizeof (double));
      g_free (jobs[i].out);
    }
}

/* Same seed, same model, whatever the thread count; another seed differs. */
static void
test_determinism (void)
{
  g_autofree double *y = NULL;
  g_autoptr(LuminaMatrix) x = make_xor (2000, 6, 0.1, 13, &y);
  const char *params = "{\"n_estimators\": 30, \"subsample\": 0.6, \"colsample_bytree\": 0.5, \"seed\": 3}";
  g_autoptr(LuminaLearner) one = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, params);
  g_autoptr(LuminaLearner) two = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, params);
  g_autoptr(LuminaLearner) reseeded = new_learner ("xgboost", LUMINA_TASK_BINARY, 2,
                                                   "{\"n_estimators\": 30, \"subsample\": 0.6,"
                                                   " \"colsample_bytree\": 0.5, \"seed\": 4}");
  g_autofree double *p1 = NULL;
  g_autofree double *p2 = NULL;
  g_autofree double *p3 = NULL;
  gsize size = x->n_rows * 2 * sizeof (double);

  lumina_learner_set_n_threads (two, 2);
  fit (one, x, y, NULL, NULL);
  fit (two, x, y, NULL, NULL);
  fit (reseeded, x, y, NULL, NULL);
  p1 = predict (one, x);
  p2 = predict (two, x);
  p3 = predict (reseeded, x);
  g_assert_cmpmem (p1, size, p2, size);
  g_assert_true (memcmp (p1, p3, size) != 0);
}

static void
test_save_load (void)
{
  const char *kinds[] = { "xgboost", "forest" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree double *y = NULL;
      g_autoptr(LuminaMatrix) x = make_xor (600, 3, 0.1, 14, &y);
      g_autoptr(LuminaLearner) learner = new_learner (kinds[i], LUMINA_TASK_BINARY, 2, "{\"n_estimators\": 25}");
      g_autoptr(LuminaLearner) loaded = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *before = NULL;
      g_autofree double *after = NULL;

      fit (learner, x, y, NULL, NULL);
      bytes = lumina_learner_save (learner, &error);
      g_assert_no_error (error);
      loaded = lumina_learner_load (kinds[i], LUMINA_TASK_BINARY, 2,
                                    lumina_learner_get_params (learner), bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lumina_learner_get_n_features (loaded), ==, 5);
      before = predict (learner, x);
      after = predict (loaded, x);
      g_assert_cmpmem (before, x->n_rows * 2 * sizeof (double), after, x->n_rows * 2 * sizeof (double));

      /* Compacted (training's buffers dropped), it predicts the same and
       * saves the same model. */
      lumina_learner_compact (learner);
      g_clear_pointer (&after, g_free);
      after = predict (learner, x);
      g_assert_cmpmem (before, x->n_rows * 2 * sizeof (double), after, x->n_rows * 2 * sizeof (double));
      g_assert_cmpuint (lumina_learner_get_n_features (learner), ==, 5);
      {
        g_autoptr(GBytes) again = lumina_learner_save (learner, &error);

        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (bytes, again));
      }
    }
}

/* Debian's interpreter, where python3-xgboost lives, even when another
 * python3 comes first in PATH. */
static const char *
python (void)
{
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

static gboolean
python_has_xgboost (void)
{
  const char *argv[] = { python (), "-c", "import xgboost, numpy", NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Python's xgboost loads the saved JSON and predicts what we predict, for
 * every task, with missing values and a categorical column (a forest's
 * probabilities from its margins, as xgb-predict.py describes). */
static void
test_python_interop (void)
{
  static const struct { LuminaTask task; guint n_classes; const char *kind; } cases[] = {
    { LUMINA_TASK_BINARY, 2, "xgboost" },
    { LUMINA_TASK_MULTICLASS, 4, "xgboost" },
    { LUMINA_TASK_REGRESSION, 1, "xgboost" },
    { LUMINA_TASK_BINARY, 2, "forest" },
  };
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "engine", "xgb-predict.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (!python_has_xgboost ())
    {
      g_test_skip ("python3-xgboost is not installed");
      return;
    }

  dir = g_dir_make_tmp ("lumina-xgb-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (20 + c);
      g_autoptr(LuminaMatrix) x = lumina_matrix_new (400, 4);
      g_autofree double *y = g_new (double, 400);
      g_autoptr(LuminaLearner) learner = new_learner (cases[c].kind, cases[c].task, cases[c].n_classes,
                                                      "{\"n_estimators\": 20}");
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *model_path = g_build_filename (dir, "model.json", NULL);
      g_autofree char *x_path = g_build_filename (dir, "x.f32", NULL);
      g_autofree char *out_path = g_build_filename (dir, "out.f64", NULL);
      g_autofree char *n_rows = g_strdup_printf ("%" G_GSIZE_FORMAT, x->n_rows);
      g_autofree char *n_cols = g_strdup_printf ("%u", x->n_cols);
      g_autofree char *python_out = NULL;
      g_autofree double *ours = NULL;
      const char *argv[] = { python (), script, model_path, x_path, n_rows, n_cols, out_path,
                             cases[c].kind, NULL };
      g_autofree char *err_text = NULL;
      gsize length = 0;
      guint k = cases[c].task == LUMINA_TASK_MULTICLASS ? cases[c].n_classes : 1;
      int status = -1;

      x->categorical[3] = 1;
      for (gsize r = 0; r < x->n_rows; r++)
        {
          float *row = lumina_matrix_row (x, r);
          guint category = g_rand_int_range (rand, 0, 6);

          for (guint j = 0; j < 3; j++)
            row[j] = g_rand_double (rand) < 0.1 ? NAN : (float) g_rand_double_range (rand, -1, 1);
          row[3] = (float) category;
          if (cases[c].task == LUMINA_TASK_REGRESSION)
            y[r] = (isnan (row[0]) ? 0.5 : row[0]) + (category % 3);
          else
            y[r] = (category + (row[1] > 0)) % cases[c].n_classes;
        }

      fit (learner, x, y, NULL, NULL);
      bytes = lumina_learner_save (learner, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (model_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
      g_assert_true (g_file_set_contents (x_path, (const char *) x->data, x->n_rows * x->n_cols * sizeof (float), NULL));

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, &err_text, &status, &error));
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("xgb-predict.py failed: %s", err_text);

      g_assert_true (g_file_get_contents (out_path, &python_out, &length, NULL));
      g_assert_cmpuint (length, ==, x->n_rows * k * sizeof (double));
      ours = predict (learner, x);
      for (gsize r = 0; r < x->n_rows; r++)
        for (guint j = 0; j < k; j++)
          {
            double theirs = ((double *) python_out)[r * k + j];
            double mine = cases[c].task == LUMINA_TASK_BINARY ? ours[2 * r + 1] : ours[r * k + j];

            g_assert_cmpfloat (fabs (theirs - mine), <, 1e-6);
          }

      g_unlink (model_path);
      g_unlink (x_path);
      g_unlink (out_path);
    }
  g_rmdir (dir);
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaLearner) forest = NULL;
  g_autoptr(LuminaLearner) loaded = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"max_depth\": 0}", NULL);
  g_autoptr(JsonNode) unknown = json_from_string ("{\"learning_rate\": 0.1}", NULL);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("{\"not\": \"a model\"}", 19);
  g_autoptr(LuminaMatrix) x = lumina_matrix_new (10, 2);
  double out[20];

  learner = lumina_learner_new ("xgboost", LUMINA_TASK_BINARY, 2, json_node_get_object (node), &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_assert_nonnull (strstr (error->message, "max_depth"));
  g_assert_null (learner);
  g_clear_error (&error);

  /* The forest's learning rate is fixed at 1. */
  forest = lumina_learner_new ("forest", LUMINA_TASK_BINARY, 2, json_node_get_object (unknown), &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_assert_null (forest);
  g_clear_error (&error);

  loaded = lumina_learner_load ("xgboost", LUMINA_TASK_BINARY, 2, NULL, garbage, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
  g_assert_null (loaded);
  g_clear_error (&error);

  learner = new_learner ("xgboost", LUMINA_TASK_BINARY, 2, "{}");
  g_assert_false (lumina_learner_predict (learner, x, out, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/learner-xgboost/binary-xor", test_binary_xor);
  g_test_add_func ("/engine/learner-xgboost/multiclass", test_multiclass);
  g_test_add_func ("/engine/learner-xgboost/regression", test_regression);
  g_test_add_func ("/engine/learner-xgboost/missing-values", test_missing_values);
  g_test_add_func ("/engine/learner-xgboost/categorical-split", test_categorical_split);
  g_test_add_func ("/engine/learner-xgboost/early-stopping", test_early_stopping);
  g_test_add_func ("/engine/learner-xgboost/prune-and-cancel", test_prune_and_cancel);
  g_test_add_func ("/engine/learner-xgboost/forest", test_forest);
  g_test_add_func ("/engine/learner-xgboost/forest-probabilities", test_forest_probabilities);
  g_test_add_func ("/engine/learner-xgboost/dmatrix-reuse", test_dmatrix_reuse);
  g_test_add_func ("/engine/learner-xgboost/parallel-trials", test_parallel_trials);
  g_test_add_func ("/engine/learner-xgboost/determinism", test_determinism);
  g_test_add_func ("/engine/learner-xgboost/save-load", test_save_load);
  g_test_add_func ("/engine/learner-xgboost/python-interop", test_python_interop);
  g_test_add_func ("/engine/learner-xgboost/invalid", test_invalid);

  return g_test_run ();
}
