/* bench-serve-train.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The serving benchmark's model: gradient-boosted trees (XGBoost, hist,
 * 100 rounds of depth 6) predicting the "label" column of a CSV, saved as
 * a LuminaOps bundle:
 *
 *   bench-serve-train DATA.csv BUNDLE_DIR
 */
#include "config.h"

#include <stdio.h>

#include "lumina-engine.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *y = NULL;
  const LuminaColumn *target;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: %s DATA.csv BUNDLE_DIR\n", argv[0]);
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!(frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error)))
    goto failed;
  target = lumina_frame_get_column (frame, lumina_frame_find_column (frame, "label"));
  if (!(labels = lumina_labels_fit (target, LUMINA_TASK_BINARY, &error)) ||
      !(y = lumina_labels_encode (labels, target, &error)))
    goto failed;
  lumina_preprocessor_set_task (pre, LUMINA_TASK_BINARY, 2);
  if (!lumina_preprocessor_fit (pre, frame, "label", y, &error) ||
      !(x = lumina_preprocessor_transform (pre, frame, &error)))
    goto failed;

  params = json_from_string ("{\"n_estimators\": 100, \"max_depth\": 6, \"learning_rate\": 0.1,"
                             " \"early_stopping_rounds\": 0}", NULL);
  learner = lumina_learner_new ("xgboost", LUMINA_TASK_BINARY, 2, json_node_get_object (params), &error);
  if (learner == NULL)
    goto failed;
  lumina_learner_set_n_threads (learner, 2);
  if (!lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error))
    goto failed;

  model = lumina_model_new ("label", labels);
  lumina_model_add_member (model, pre, learner, 1.0);
  if (!lumina_model_save (model, argv[2], &error))
    goto failed;
  printf ("trees: %u rounds, %u features\n", lumina_learner_get_n_iterations (learner),
          lumina_learner_get_n_features (learner));
  return 0;

failed:
  fprintf (stderr, "bench-serve-train: %s\n", error->message);
  return 1;
}
