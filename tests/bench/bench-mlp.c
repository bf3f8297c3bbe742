/* bench-mlp.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MLP training against scikit-learn's MLPClassifier, in one run:
 *
 *   bench-mlp DIAMONDS.csv MATRIX.bin [EPOCHS [REPEATS]]
 *
 * classifies diamonds' `cut` (5 classes) from the other columns after the
 * dense preprocessing (one-hot, standardisation), writes that exact matrix
 * to MATRIX.bin for sklearn-mlp.py (int32 rows, int32 columns, float32
 * features row-major, float32 class indices), and prints the median
 * seconds of REPEATS fits (default 3): [128, 64] ReLU, Adam at 1e-3,
 * batches of 128, EPOCHS epochs (default 10), no dropout, no early
 * stopping.  OpenBLAS's core and thread count are printed with it: both
 * sides of the comparison use the same library.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cblas.h>

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
       fwrite (x->data, sizeof (float), x->n_rows * x->n_cols, file) == x->n_rows * x->n_cols;
  for (gsize r = 0; ok && r < x->n_rows; r++)
    {
      float label = (float) y[r];

      ok = fwrite (&label, sizeof label, 1, file) == 1;
    }
  return fclose (file) == 0 && ok;
}

static LuminaMatrix *
prepare (const char  *csv,
         double     **y_out,
         guint       *n_classes,
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
  target = lumina_frame_find_column (frame, "cut");
  if (target < 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "no column “cut”");
      return NULL;
    }

  labels = lumina_labels_fit (lumina_frame_get_column (frame, target), LUMINA_TASK_MULTICLASS, error);
  if (labels == NULL || (y = lumina_labels_encode (labels, lumina_frame_get_column (frame, target), error)) == NULL)
    return NULL;

  pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  lumina_preprocessor_set_task (pre, LUMINA_TASK_MULTICLASS, lumina_labels_get_n_classes (labels));
  if (!lumina_preprocessor_fit (pre, frame, "cut", y, error) ||
      (x = lumina_preprocessor_transform (pre, frame, error)) == NULL)
    return NULL;

  *n_classes = lumina_labels_get_n_classes (labels);
  *y_out = g_steal_pointer (&y);
  return x;
}

static double
train_accuracy (LuminaLearner      *learner,
                const LuminaMatrix *x,
                const double       *y,
                guint               k)
{
  g_autofree double *p = g_new (double, x->n_rows * k);
  gsize correct = 0;

  if (!lumina_learner_predict (learner, x, p, NULL))
    return NAN;

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaMatrix) x = NULL;
  g_autofree double *y = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autofree double *seconds = NULL;
  double accuracy = NAN;
  guint n_classes = 0, epochs, repeats;

  lumina_runtime_ensure_environment (argc, argv);
  if (argc < 3)
    {
      g_printerr ("usage: bench-mlp DIAMONDS.csv MATRIX.bin [EPOCHS [REPEATS]]\n");
      return 2;
    }
  epochs = argc > 3 ? (guint) CLAMP (atoi (argv[3]), 1, 10000) : 10;
  repeats = argc > 4 ? (guint) CLAMP (atoi (argv[4]), 1, 100) : 3;
  seconds = g_new (double, repeats);

  x = prepare (argv[1], &y, &n_classes, &error);
  if (x == NULL)
    {
      g_printerr ("bench-mlp: %s\n", error->message);
      return 1;
    }
  if (!write_matrix (argv[2], x, y))
    {
      g_printerr ("bench-mlp: cannot write %s\n", argv[2]);
      return 1;
    }

  json = g_strdup_printf ("{\"hidden_layers\": [128, 64], \"activation\": \"relu\", \"dropout\": 0,"
                          " \"learning_rate\": 0.001, \"weight_decay\": 0.0001, \"batch_size\": 128,"
                          " \"epochs\": %u, \"lr_schedule\": \"constant\", \"seed\": 0}", epochs);
  params = json_from_string (json, NULL);

  for (guint i = 0; i < repeats; i++)
    {
      g_autoptr(LuminaLearner) learner = lumina_learner_new ("mlp", LUMINA_TASK_MULTICLASS, n_classes,
                                                             json_node_get_object (params), &error);
      gint64 start = g_get_monotonic_time ();

      if (learner == NULL || !lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error))
        {
          g_printerr ("bench-mlp: %s\n", error->message);
          return 1;
        }
      seconds[i] = (g_get_monotonic_time () - start) / 1e6;
      accuracy = train_accuracy (learner, x, y, n_classes);
    }

  qsort (seconds, repeats, sizeof (double), compare_doubles);
  g_print ("data: %" G_GSIZE_FORMAT " rows x %u features, %u classes, %u epochs\n",
           x->n_rows, x->n_cols, n_classes, epochs);
  g_print ("openblas: %s core, %d threads\n", openblas_get_corename (), openblas_get_num_threads ());
  g_print ("lumina_mlp_fit_s %.3f\n", seconds[repeats / 2]);
  g_print ("lumina_mlp_train_accuracy %.4f\n", accuracy);
  return 0;
}
