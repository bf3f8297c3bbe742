/* bench-xgboost.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "xgboost" learner against Python's xgboost on the same matrix:
 *
 *   bench-xgboost DIAMONDS.csv MATRIX.bin [ROUNDS [REPEATS]]
 *
 * predicts diamonds' `price` from the other columns after the tree
 * preprocessing (categoricals as category codes, declared categorical to
 * XGBoost), writes that matrix to MATRIX.bin for xgboost-train.py (int32
 * rows, int32 columns, uint8 categorical flags, float32 features
 * row-major, float32 targets), and prints median seconds of REPEATS fits
 * of ROUNDS boosting rounds (default 200; hist, depth 6, eta 0.1, two
 * threads):
 *
 *   first trial: a fresh matrix, so the DMatrix is built;
 *   later trial: the DMatrix cached in the matrix is reused, which is
 *   what every AutoML trial after the first on a fold costs.
 *
 * The anchor measures xgboost.DMatrix + xgboost.train and xgboost.train
 * alone: the ratios say what the learner adds to the library.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lumina-engine.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
write_matrix (const char          *path,
              const LuminaMatrix  *x,
              const double        *y)
{
  FILE *file = fopen (path, "wb");
  gint32 shape[2] = { (gint32) x->n_rows, (gint32) x->n_cols };
  gboolean ok;

  if (file == NULL)
    return FALSE;

  ok = fwrite (shape, sizeof shape, 1, file) == 1 &&
       fwrite (x->categorical, 1, x->n_cols, file) == x->n_cols &&
       fwrite (x->data, sizeof (float), x->n_rows * x->n_cols, file) == x->n_rows * x->n_cols;
  for (gsize r = 0; ok && r < x->n_rows; r++)
    {
      float value = (float) y[r];

      ok = fwrite (&value, sizeof value, 1, file) == 1;
    }
  return fclose (file) == 0 && ok;
}

static LuminaMatrix *
prepare (const char  *csv,
         double     **y_out,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (csv);
  g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, error);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaPreprocessor) pre = NULL;
  g_autofree double *y = NULL;
  LuminaMatrix *x;
  int target;

  if (frame == NULL)
    return NULL;
  target = lumina_frame_find_column (frame, "price");
  if (target < 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "no column “price”");
      return NULL;
    }

  labels = lumina_labels_fit (lumina_frame_get_column (frame, target), LUMINA_TASK_REGRESSION, error);
  if (labels == NULL || (y = lumina_labels_encode (labels, lumina_frame_get_column (frame, target), error)) == NULL)
    return NULL;

  pre = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  lumina_preprocessor_set_task (pre, LUMINA_TASK_REGRESSION, 1);
  if (!lumina_preprocessor_fit (pre, frame, "price", y, error) ||
      (x = lumina_preprocessor_transform (pre, frame, error)) == NULL)
    return NULL;

  *y_out = g_steal_pointer (&y);
  return x;
}

static double
rmse (LuminaLearner      *learner,
      const LuminaMatrix *x,
      const double       *y)
{
  g_autofree double *p = g_new (double, x->n_rows);
  double sse = 0.0;

  if (!lumina_learner_predict (learner, x, p, NULL))
    return NAN;
  for (gsize r = 0; r < x->n_rows; r++)
    sse += (p[r] - y[r]) * (p[r] - y[r]);
  return sqrt (sse / x->n_rows);
}

static double
fit_once (LuminaMatrix  *x,
          const double  *y,
          JsonObject    *params,
          double        *train_rmse,
          GError       **error)
{
  g_autoptr(LuminaLearner) learner = lumina_learner_new ("xgboost", LUMINA_TASK_REGRESSION, 1, params, error);
  gint64 start;
  double seconds;

  if (learner == NULL)
    return NAN;
  lumina_learner_set_n_threads (learner, 2);
  start = g_get_monotonic_time ();
  if (!lumina_learner_fit (learner, x, y, NULL, NULL, NULL, error))
    return NAN;
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *train_rmse = rmse (learner, x, y);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaMatrix) x = NULL;
  g_autofree double *y = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autofree double *first = NULL;
  g_autofree double *later = NULL;
  g_autofree guint32 *rows = NULL;
  double train_rmse = NAN;
  guint n_rounds, repeats;

  lumina_runtime_ensure_environment (argc, argv);
  if (argc < 3)
    {
      g_printerr ("usage: bench-xgboost DIAMONDS.csv MATRIX.bin [ROUNDS [REPEATS]]\n");
      return 2;
    }
  n_rounds = argc > 3 ? (guint) CLAMP (atoi (argv[3]), 1, 100000) : 200;
  repeats = argc > 4 ? (guint) CLAMP (atoi (argv[4]), 1, 100) : 3;
  first = g_new (double, repeats);
  later = g_new (double, repeats);

  x = prepare (argv[1], &y, &error);
  if (x == NULL)
    {
      g_printerr ("bench-xgboost: %s\n", error->message);
      return 1;
    }
  if (!write_matrix (argv[2], x, y))
    {
      g_printerr ("bench-xgboost: cannot write %s\n", argv[2]);
      return 1;
    }

  json = g_strdup_printf ("{\"n_estimators\": %u, \"learning_rate\": 0.1, \"max_depth\": 6, \"seed\": 0}",
                          n_rounds);
  params = json_from_string (json, NULL);
  rows = g_new (guint32, x->n_rows);
  for (gsize r = 0; r < x->n_rows; r++)
    rows[r] = (guint32) r;

  for (guint i = 0; i < repeats; i++)
    {
      /* A copy has no DMatrix yet: the first trial on a fold. */
      g_autoptr(LuminaMatrix) fresh = lumina_matrix_take_rows (x, rows, x->n_rows);

      first[i] = fit_once (fresh, y, json_node_get_object (params), &train_rmse, &error);
      if (!isnan (first[i]))
        later[i] = fit_once (fresh, y, json_node_get_object (params), &train_rmse, &error);
      if (error != NULL)
        {
          g_printerr ("bench-xgboost: %s\n", error->message);
          return 1;
        }
    }

  qsort (first, repeats, sizeof (double), compare_doubles);
  qsort (later, repeats, sizeof (double), compare_doubles);
  g_print ("data: %" G_GSIZE_FORMAT " rows x %u features, %u rounds, 2 threads\n", x->n_rows, x->n_cols, n_rounds);
  g_print ("lumina_xgb_first_s %.3f\n", first[repeats / 2]);
  g_print ("lumina_xgb_later_s %.3f\n", later[repeats / 2]);
  g_print ("lumina_xgb_train_rmse %.2f\n", train_rmse);
  return 0;
}
