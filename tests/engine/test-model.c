/* test-model.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"

static LuminaFrame *
load_csv (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return frame;
}

static LuminaLabels *
fit_labels (LuminaFrame  *frame,
            const char   *target,
            double      **y)
{
  const LuminaColumn *column = lumina_frame_get_column (frame, lumina_frame_find_column (frame, target));
  g_autoptr(GError) error = NULL;
  LuminaLabels *labels;
  LuminaTask task;

  g_assert_true (lumina_labels_infer_task (column, &task, &error));
  labels = lumina_labels_fit (column, task, &error);
  g_assert_no_error (error);
  *y = lumina_labels_encode (labels, column, &error);
  g_assert_no_error (error);
  return labels;
}

/* One fitted member: a preprocessor of @style and a learner of @kind. */
static LuminaLearner *
fit_member (LuminaFrame            *frame,
            const char             *target,
            LuminaLabels           *labels,
            const double           *y,
            const char             *kind,
            LuminaPreprocessStyle   style,
            LuminaPreprocessor    **preprocessor)
{
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (style);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  LuminaTask task = lumina_labels_get_task (labels);

  lumina_preprocessor_set_task (pre, task, lumina_labels_get_n_classes (labels));
  g_assert_true (lumina_preprocessor_fit (pre, frame, target, y, &error));
  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);

  learner = lumina_learner_new (kind, task, lumina_labels_get_n_classes (labels), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  *preprocessor = g_steal_pointer (&pre);
  return g_steal_pointer (&learner);
}

static LuminaModel *
fit_model (LuminaFrame           *frame,
           const char            *target,
           const char            *kind,
           LuminaPreprocessStyle  style)
{
  g_autofree double *y = NULL;
  g_autoptr(LuminaLabels) labels = fit_labels (frame, target, &y);
  g_autoptr(LuminaPreprocessor) pre = NULL;
  g_autoptr(LuminaLearner) learner = fit_member (frame, target, labels, y, kind, style, &pre);
  LuminaModel *model = lumina_model_new (target, labels);

  lumina_model_add_member (model, pre, learner, 1.0);
  return model;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-model-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_save_load_identical (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("iris.csv");
  g_autoptr(LuminaModel) model = fit_model (frame, "species", "xgboost", LUMINA_PREPROCESS_TREES);
  g_autoptr(LuminaModel) loaded = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "iris-model", NULL);
  g_autofree char *member = g_build_filename (path, "member-0.json", NULL);
  g_autofree double *before = NULL;
  g_autofree double *after = NULL;
  gsize n = lumina_frame_get_n_rows (frame);
  JsonObject *root;

  lumina_model_set_lineage (model, "iris@1", "abc123", "run-1");
  g_assert_true (lumina_model_save (model, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (member, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  loaded = lumina_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_model_get_task (loaded), ==, LUMINA_TASK_MULTICLASS);
  g_assert_cmpuint (lumina_model_get_n_outputs (loaded), ==, 3);
  g_assert_cmpstr (lumina_model_get_target (loaded), ==, "species");

  before = lumina_model_predict (model, frame, &error);
  after = lumina_model_predict (loaded, frame, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n * 3; i++)
    g_assert_cmpfloat (before[i], ==, after[i]);

  manifest = lumina_model_get_manifest (loaded);
  root = json_node_get_object (manifest);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "luminaops-model");
  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "task"), ==, "multiclass");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "classes"), 0), ==, "setosa");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "signature")), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "lineage"), "run_id"),
                   ==, "run-1");

  remove_tree (dir);
}

static void
test_predict_frame (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("iris.csv");
  g_autoptr(LuminaModel) model = fit_model (frame, "species", "linear", LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaFrame) result = NULL;
  g_autoptr(GError) error = NULL;
  const LuminaColumn *prediction, *truth;
  guint correct = 0;
  gsize n = lumina_frame_get_n_rows (frame);

  result = lumina_model_predict_frame (model, frame, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_columns (result), ==, 5 + 1 + 3);
  g_assert_cmpuint (lumina_frame_get_n_rows (result), ==, n);
  g_assert_cmpstr (lumina_frame_get_column (result, 0)->name, ==, "sepal_length_cm");
  g_assert_cmpstr (lumina_frame_get_column (result, 5)->name, ==, "prediction");
  g_assert_cmpstr (lumina_frame_get_column (result, 6)->name, ==, "proba_setosa");
  g_assert_cmpstr (lumina_frame_get_column (result, 8)->name, ==, "proba_virginica");

  prediction = lumina_frame_get_column (result, 5);
  truth = lumina_frame_get_column (result, 4);
  g_assert_cmpint (prediction->type, ==, LUMINA_COLUMN_TYPE_CATEGORICAL);
  for (gsize row = 0; row < n; row++)
    {
      double sum = 0;

      /* Rows in input order: the copied inputs equal the originals. */
      g_assert_cmpfloat (lumina_frame_get_column (result, 0)->f64[row], ==,
                         lumina_frame_get_column (frame, 0)->f64[row]);
      for (guint c = 0; c < 3; c++)
        sum += lumina_frame_get_column (result, 6 + c)->f64[row];
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
      correct += g_str_equal (lumina_column_get_string (prediction, row), lumina_column_get_string (truth, row));
    }
  g_assert_cmpuint (correct, >=, n * 9 / 10);

  /* Predicting again on the result replaces the prediction columns. */
  {
    g_autoptr(LuminaFrame) again = lumina_model_predict_frame (model, result, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (lumina_frame_get_n_columns (again), ==, 9);
  }
}

static void
test_ensemble_average (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("breast_cancer.csv");
  g_autofree double *y = NULL;
  g_autoptr(LuminaLabels) labels = fit_labels (frame, "diagnosis", &y);
  g_autoptr(LuminaPreprocessor) pre_a = NULL;
  g_autoptr(LuminaPreprocessor) pre_b = NULL;
  g_autoptr(LuminaLearner) a = fit_member (frame, "diagnosis", labels, y, "linear", LUMINA_PREPROCESS_DENSE, &pre_a);
  g_autoptr(LuminaLearner) b = fit_member (frame, "diagnosis", labels, y, "xgboost", LUMINA_PREPROCESS_TREES, &pre_b);
  g_autoptr(LuminaModel) only_a = lumina_model_new ("diagnosis", labels);
  g_autoptr(LuminaModel) only_b = lumina_model_new ("diagnosis", labels);
  g_autoptr(LuminaModel) both = lumina_model_new ("diagnosis", labels);
  g_autofree double *pa = NULL;
  g_autofree double *pb = NULL;
  g_autofree double *pab = NULL;
  g_autoptr(GError) error = NULL;
  gsize n = lumina_frame_get_n_rows (frame);

  lumina_model_add_member (only_a, pre_a, a, 1.0);
  lumina_model_add_member (only_b, pre_b, b, 1.0);
  lumina_model_add_member (both, pre_a, a, 1.0);
  lumina_model_add_member (both, pre_b, b, 3.0);
  g_assert_cmpuint (lumina_model_get_n_members (both), ==, 2);

  pa = lumina_model_predict (only_a, frame, &error);
  pb = lumina_model_predict (only_b, frame, &error);
  pab = lumina_model_predict (both, frame, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n * 2; i++)
    g_assert_cmpfloat_with_epsilon (pab[i], (pa[i] + 3 * pb[i]) / 4, 1e-12);

  /* A two-member bundle keeps both and predicts the same. */
  {
    g_autofree char *dir = make_temp_dir ();
    g_autofree char *path = g_build_filename (dir, "ensemble", NULL);
    g_autoptr(LuminaModel) loaded = NULL;
    g_autofree double *back = NULL;

    g_assert_true (lumina_model_save (both, path, &error));
    loaded = lumina_model_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lumina_model_get_n_members (loaded), ==, 2);
    back = lumina_model_predict (loaded, frame, &error);
    g_assert_no_error (error);
    for (gsize i = 0; i < n * 2; i++)
      g_assert_cmpfloat_with_epsilon (back[i], pab[i], 1e-9);
    remove_tree (dir);
  }
}

static void
test_permutation_importance (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("iris.csv");
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) signature = NULL;
  g_autofree double *importance = NULL;
  LuminaColumn *noise = lumina_column_new ("noise", LUMINA_COLUMN_TYPE_FLOAT, lumina_frame_get_n_rows (frame));
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  JsonArray *entries;
  int petal = -1, noise_index = -1;

  for (gsize row = 0; row < noise->n_rows; row++)
    noise->f64[row] = g_rand_double (rand);
  lumina_frame_add_column (frame, noise);

  model = fit_model (frame, "species", "linear", LUMINA_PREPROCESS_DENSE);
  importance = lumina_model_permutation_importance (model, frame, LUMINA_METRIC_LOG_LOSS, 3, 42, &error);
  g_assert_no_error (error);

  signature = lumina_model_get_signature (model);
  entries = json_node_get_array (signature);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (entries, i), "name");

      if (g_str_equal (name, "petal_length_cm"))
        petal = (int) i;
      if (g_str_equal (name, "noise"))
        noise_index = (int) i;
      g_test_message ("importance of %s: %.4f", name, importance[i]);
    }
  g_assert_cmpint (petal, >=, 0);
  g_assert_cmpint (noise_index, >=, 0);
  g_assert_cmpfloat (importance[petal], >, importance[noise_index] + 0.05);

  /* Same seed, same answer. */
  {
    g_autofree double *again = lumina_model_permutation_importance (model, frame, LUMINA_METRIC_LOG_LOSS, 3, 42, &error);

    g_assert_cmpmem (again, 5 * sizeof (double), importance, 5 * sizeof (double));
  }

  /* A regression metric does not apply. */
  g_assert_null (lumina_model_permutation_importance (model, frame, LUMINA_METRIC_RMSE, 1, 1, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
}

static void
expect_corrupt (const char *path,
                const char *mention)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaModel) model = lumina_model_load (path, &error);

  g_assert_null (model);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, mention));
}

static void
rewrite_manifest (const char *path,
                  const char *member,
                  gint64      value)
{
  g_autofree char *file = g_build_filename (path, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (json_parser_load_from_file (parser, file, &error));
  json_object_set_int_member (json_node_get_object (json_parser_get_root (parser)), member, value);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  g_assert_true (g_file_set_contents (file, text, -1, &error));
}

static void
test_corrupt_bundles (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("iris.csv");
  g_autoptr(LuminaModel) model = fit_model (frame, "species", "linear", LUMINA_PREPROCESS_DENSE);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "m", NULL);
  g_autofree char *manifest = g_build_filename (path, "manifest.json", NULL);
  g_autofree char *member = g_build_filename (path, "member-0.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "nothing-here", NULL);
  g_autofree char *original = NULL;
  g_autofree char *member_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaModel) none = NULL;

  g_assert_true (lumina_model_save (model, path, &error));
  g_assert_true (g_file_get_contents (manifest, &original, NULL, NULL));
  g_assert_true (g_file_get_contents (member, &member_text, NULL, NULL));

  none = lumina_model_load (missing, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (manifest, "{ not json", -1, NULL));
  expect_corrupt (path, "not valid JSON");

  g_assert_true (g_file_set_contents (manifest, "{\"format\": \"something-else\"}", -1, NULL));
  expect_corrupt (path, "not a LuminaOps model");

  g_assert_true (g_file_set_contents (manifest, original, -1, NULL));
  rewrite_manifest (path, "format_version", 2);
  expect_corrupt (path, "format_version 2");

  g_unlink (manifest);
  expect_corrupt (path, "manifest.json");

  g_assert_true (g_file_set_contents (manifest, original, -1, NULL));
  g_assert_true (g_file_set_contents (member, "{}", -1, NULL));
  expect_corrupt (path, "“member-0.json” does not match its checksum");

  g_unlink (member);
  expect_corrupt (path, "“member-0.json” cannot be read");

  /* Restored, it loads again. */
  g_assert_true (g_file_set_contents (member, member_text, -1, NULL));
  {
    g_autoptr(LuminaModel) back = lumina_model_load (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (back);
  }

  remove_tree (dir);
}

static void
test_save_refuses_existing (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("iris.csv");
  g_autoptr(LuminaModel) model = fit_model (frame, "species", "linear", LUMINA_PREPROCESS_DENSE);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "taken", NULL);
  g_autofree char *file_path = g_build_filename (dir, "file", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_false (lumina_model_save (model, path, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file_path, "x", -1, NULL));
  g_assert_false (lumina_model_save (model, file_path, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);

  g_clear_error (&error);

  /* A member that cannot be saved: the error, and no partial bundle. */
  {
    g_autofree char *partial = g_build_filename (dir, "partial", NULL);
    g_autoptr(LuminaModel) broken = lumina_model_new ("species", lumina_model_get_labels (model));
    g_autoptr(LuminaLearner) unfitted = lumina_learner_new ("linear", LUMINA_TASK_MULTICLASS, 3, NULL, &error);
    LuminaPreprocessor *pre = NULL;

    g_assert_no_error (error);
    lumina_model_get_member (model, 0, &pre, NULL);
    lumina_model_add_member (broken, pre, lumina_model_get_member (model, 0, NULL, NULL), 1.0);
    lumina_model_add_member (broken, pre, unfitted, 1.0);
    g_assert_false (lumina_model_save (broken, partial, &error));
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  }

  /* Nothing left behind: the directory, the file, and nothing else. */
  g_assert_cmpuint (count_entries (dir), ==, 2);
  g_assert_cmpuint (count_entries (path), ==, 0);

  remove_tree (dir);
}

static void
test_regression_frame (void)
{
  g_autoptr(LuminaFrame) frame = load_csv ("diabetes.csv");
  const char *target = lumina_frame_get_column (frame, lumina_frame_get_n_columns (frame) - 1)->name;
  g_autoptr(LuminaModel) model = fit_model (frame, target, "linear", LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaFrame) result = NULL;
  g_autoptr(GError) error = NULL;
  const LuminaColumn *prediction;

  g_assert_cmpint (lumina_model_get_task (model), ==, LUMINA_TASK_REGRESSION);
  result = lumina_model_predict_frame (model, frame, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_columns (result), ==, lumina_frame_get_n_columns (frame) + 1);
  prediction = lumina_frame_get_column (result, lumina_frame_get_n_columns (result) - 1);
  g_assert_cmpstr (prediction->name, ==, "prediction");
  g_assert_cmpint (prediction->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  g_assert_true (isfinite (prediction->f64[0]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/save-load-identical", test_save_load_identical);
  g_test_add_func ("/model/predict-frame", test_predict_frame);
  g_test_add_func ("/model/ensemble-average", test_ensemble_average);
  g_test_add_func ("/model/permutation-importance", test_permutation_importance);
  g_test_add_func ("/model/corrupt-bundles", test_corrupt_bundles);
  g_test_add_func ("/model/save-refuses-existing", test_save_refuses_existing);
  g_test_add_func ("/model/regression-frame", test_regression_frame);

  return g_test_run ();
}
