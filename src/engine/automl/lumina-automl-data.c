/* lumina-automl-data.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the AutoML search trains on: the dataset version, its target and
 * task, the held-out test rows, the validation folds, and one design
 * matrix per fold and preprocessing style, fitted on training folds only.
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-automl-private.h"
#include "lumina-dataset.h"
#include "lumina-error.h"
#include "lumina-metrics.h"
#include "lumina-util.h"

/* Early stopping holds back one part in STOPPING_PARTS of a fold's
 * training rows, in folds of STOPPING_MIN_ROWS to STOPPING_MAX_ROWS.
 * Above that the validation fold has a thousand rows or more, the round
 * it picks flatters the score by less than good configurations differ,
 * and keeping every row for training and stopping on more rows is worth
 * more (measured on wa_churn: 0.002 ROC AUC on the test rows). */
#define STOPPING_PARTS    7
#define STOPPING_MIN_ROWS 50
#define STOPPING_MAX_ROWS 4000

static void
fold_set_free (LuminaFoldSet *set)
{
  if (set == NULL)
    return;

  for (guint f = 0; f < set->n_folds; f++)
    {
      g_clear_pointer (&set->folds[f].x_fit, lumina_matrix_free);
      g_clear_pointer (&set->folds[f].x_stop, lumina_matrix_free);
      g_clear_pointer (&set->folds[f].x_train, lumina_matrix_free);
      g_clear_pointer (&set->folds[f].x_valid, lumina_matrix_free);
      g_free (set->folds[f].y_train);
      g_free (set->folds[f].y_valid);
      g_free (set->folds[f].valid_rows);
      g_clear_object (&set->folds[f].pp);
    }
  g_free (set->folds);
  g_free (set);
}

void
_lumina_automl_data_free (LuminaAutomlData *data)
{
  if (data == NULL)
    return;

  g_free (data->dataset_ref);
  g_free (data->dataset_hash);
  g_free (data->target);
  g_clear_pointer (&data->labels, lumina_labels_free);
  g_clear_object (&data->search_frame);
  g_clear_object (&data->test_frame);
  g_free (data->y);
  g_free (data->y_test);
  g_free (data->fold_of);
  fold_set_free (data->trees);
  fold_set_free (data->dense);
  g_ptr_array_unref (data->notes);
  g_free (data);
}

static gboolean
resolve_task (const LuminaAutomlConfig *config,
              const LuminaColumn       *target,
              LuminaTask               *task,
              GError                  **error)
{
  if (!config->task_set)
    return lumina_labels_infer_task (target, task, error);

  if (config->task == LUMINA_TASK_REGRESSION && !lumina_column_type_is_numeric (target->type))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Regression needs a numeric target, but “%s” holds %s values",
                   target->name, lumina_column_type_to_string (target->type));
      return FALSE;
    }
  *task = config->task;
  return TRUE;
}

/* The rows whose target is present; a note when some are not. */
static LuminaFrame *
rows_with_target (LuminaFrame       *frame,
                  int                target,
                  LuminaAutomlData  *data,
                  GError           **error)
{
  const LuminaColumn *column = lumina_frame_get_column (frame, target);
  gsize n = lumina_frame_get_n_rows (frame);
  g_autofree guint32 *rows = g_new (guint32, MAX (n, 1));
  gsize kept = 0;
  LuminaFrame *result;

  for (gsize row = 0; row < n; row++)
    if (lumina_column_is_valid (column, row))
      rows[kept++] = row;

  if (kept == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The target column “%s” has no values", column->name);
      return NULL;
    }
  if (kept < n)
    g_ptr_array_add (data->notes,
                     g_strdup_printf ("%" G_GSIZE_FORMAT " rows without a target were left out",
                                      n - kept));
  result = lumina_frame_take_rows (frame, rows, kept);
  lumina_frame_set_role (result, target, LUMINA_COLUMN_ROLE_TARGET);
  return result;
}

static gboolean
check_metric (const LuminaAutomlConfig  *config,
              LuminaAutomlData          *data,
              GError                   **error)
{
  if (!config->metric_set)
    {
      data->metric = lumina_metric_default_for (data->task);
      return TRUE;
    }
  if (!lumina_metric_applies_to (config->metric, data->task))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "The metric %s does not apply to a %s task",
                   lumina_metric_to_string (config->metric),
                   data->task == LUMINA_TASK_REGRESSION ? "regression" :
                   data->task == LUMINA_TASK_BINARY ? "binary" : "multiclass");
      return FALSE;
    }
  data->metric = config->metric;
  return TRUE;
}

/* Splits @frame (encoded target @y) into search and test rows. */
static void
split_test (LuminaAutomlData *data,
            LuminaFrame      *frame,
            double           *y,
            gsize             n,
            double            test_fraction)
{
  g_autofree guint8 *bucket = NULL;
  g_autofree guint32 *search_rows = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *test_rows = g_new (guint32, MAX (n, 1));
  guint cut = (guint) CLAMP (round (test_fraction * 100), 0, 99);
  gsize n_search = 0, n_test = 0;

  bucket = lumina_folds_assign (n, 100, y, data->n_classes, data->seed ^ 0x7e57);
  for (gsize row = 0; row < n; row++)
    {
      if (bucket[row] < cut)
        test_rows[n_test++] = row;
      else
        search_rows[n_search++] = row;
    }

  data->search_frame = lumina_frame_take_rows (frame, search_rows, n_search);
  data->test_frame = n_test > 0 ? lumina_frame_take_rows (frame, test_rows, n_test) : NULL;
  data->y = g_new (double, MAX (n_search, 1));
  data->y_test = g_new (double, MAX (n_test, 1));
  for (gsize i = 0; i < n_search; i++)
    data->y[i] = y[search_rows[i]];
  for (gsize i = 0; i < n_test; i++)
    data->y_test[i] = y[test_rows[i]];
  data->n_rows = n_search;
  data->n_test = n_test;
}

static void
plan_folds (LuminaAutomlData *data,
            guint             cv_folds)
{
  guint k = cv_folds;

  if (k == 0)
    k = data->n_rows < 10000 ? 5 : data->n_rows < 100000 ? 3 : 1;
  k = MIN (k, (guint) MAX (data->n_rows / 2, 1));
  data->holdout = k <= 1;
  data->n_folds = data->holdout ? 1 : k;
  data->fold_of = lumina_folds_assign (data->n_rows, data->holdout ? 5 : k, data->y,
                                       data->n_classes, data->seed);
}

static gboolean
load_frame (LuminaWorkspace           *workspace,
            const LuminaAutomlConfig  *config,
            LuminaAutomlData          *data,
            LuminaFrame              **frame,
            GError                   **error)
{
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (workspace);
  g_autoptr(LuminaDatasetVersion) version = NULL;

  version = lumina_dataset_store_resolve (store, config->dataset, error);
  if (version == NULL)
    return FALSE;
  *frame = lumina_dataset_store_load (store, version, error);
  if (*frame == NULL)
    return FALSE;
  data->dataset_ref = lumina_dataset_version_dup_ref (version);
  data->dataset_hash = g_strdup (lumina_dataset_version_get_content_hash (version));
  if (lumina_frame_get_n_rows (*frame) == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The dataset %s has no rows", data->dataset_ref);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_target (LuminaAutomlData          *data,
                const LuminaAutomlConfig  *config,
                LuminaFrame              **frame,
                GError                   **error)
{
  int target = lumina_frame_find_column (*frame, config->target);
  LuminaFrame *kept;

  if (target < 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "The dataset %s has no column “%s”", data->dataset_ref, config->target);
      return FALSE;
    }
  if (!resolve_task (config, lumina_frame_get_column (*frame, target), &data->task, error))
    return FALSE;
  kept = rows_with_target (*frame, target, data, error);
  if (kept == NULL)
    return FALSE;
  g_object_unref (*frame);
  *frame = kept;

  data->labels = lumina_labels_fit (lumina_frame_get_column (*frame, target), data->task, error);
  if (data->labels == NULL)
    return FALSE;
  data->n_classes = lumina_labels_get_n_classes (data->labels);
  if (data->task != LUMINA_TASK_REGRESSION && data->n_classes < 2)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The target “%s” has only one class; there is nothing to learn",
                   config->target);
      return FALSE;
    }
  data->n_outputs = data->task == LUMINA_TASK_REGRESSION ? 1 : data->n_classes;
  return check_metric (config, data, error);
}

LuminaAutomlData *
_lumina_automl_data_new (LuminaWorkspace           *workspace,
                         const LuminaAutomlConfig  *config,
                         GError                   **error)
{
  g_autoptr(LuminaAutomlData) data = g_new0 (LuminaAutomlData, 1);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autofree double *y = NULL;
  int target;

  data->notes = g_ptr_array_new_with_free_func (g_free);
  data->target = g_strdup (config->target);
  data->seed = config->seed;

  if (!load_frame (workspace, config, data, &frame, error) ||
      !prepare_target (data, config, &frame, error))
    return NULL;

  target = lumina_frame_find_column (frame, config->target);
  y = lumina_labels_encode (data->labels, lumina_frame_get_column (frame, target), error);
  if (y == NULL)
    return NULL;
  data->n_columns = lumina_frame_get_n_columns (frame);
  split_test (data, frame, y, lumina_frame_get_n_rows (frame),
              CLAMP (config->test_fraction, 0, 0.9));
  if (data->n_rows < 4)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The dataset %s has too few rows (%" G_GSIZE_FORMAT ") to validate a model",
                   data->dataset_ref, data->n_rows);
      return NULL;
    }
  plan_folds (data, config->cv_folds);
  return g_steal_pointer (&data);
}

LuminaPreprocessStyle
_lumina_automl_style_for (const char *learner)
{
  if (g_strcmp0 (learner, "xgboost") == 0 || g_strcmp0 (learner, "forest") == 0)
    return LUMINA_PREPROCESS_TREES;
  return LUMINA_PREPROCESS_DENSE;
}

LuminaFoldSet *
_lumina_automl_data_get_folds (LuminaAutomlData *data,
                               const char       *learner)
{
  return _lumina_automl_style_for (learner) == LUMINA_PREPROCESS_TREES ? data->trees : data->dense;
}

/* Moves a stratified, seeded seventh of @train_rows (in their order) to
 * the end, as the fold's stopping rows; returns how many, or 0 when the
 * fold is too small to spare them or large enough to stop on its
 * validation rows. */
static gsize
order_stopping_rows (LuminaAutomlData *data,
                     guint             f,
                     guint32          *train_rows,
                     gsize             n_train)
{
  g_autofree double *y = NULL;
  g_autofree guint8 *part = NULL;
  g_autofree guint32 *stop = NULL;
  gsize n_fit = 0, n_stop = 0;

  if (n_train < STOPPING_MIN_ROWS || n_train >= STOPPING_MAX_ROWS)
    return 0;

  y = g_new (double, n_train);
  for (gsize i = 0; i < n_train; i++)
    y[i] = data->y[train_rows[i]];
  part = lumina_folds_assign (n_train, STOPPING_PARTS, y,
                              data->task == LUMINA_TASK_REGRESSION ? 0 : data->n_classes,
                              data->seed ^ (0x9E3779B97F4A7C15ull * (f + 1)));
  stop = g_new (guint32, n_train);
  for (gsize i = 0; i < n_train; i++)
    {
      if (part[i] == 0)
        stop[n_stop++] = train_rows[i];
      else
        train_rows[n_fit++] = train_rows[i];
    }
  memcpy (train_rows + n_fit, stop, n_stop * sizeof (guint32));
  return n_stop;
}

static gboolean
build_fold (LuminaAutomlData       *data,
            LuminaPreprocessStyle   style,
            guint                   f,
            LuminaFold             *fold,
            gboolean                keep_notes,
            GError                **error)
{
  g_autofree guint32 *train_rows = g_new (guint32, data->n_rows);
  g_autoptr(LuminaPreprocessor) pp = lumina_preprocessor_new (style);
  g_autoptr(LuminaFrame) train = NULL;
  g_autoptr(LuminaFrame) valid = NULL;
  gsize n_train = 0, n_stop;

  fold->valid_rows = g_new (guint32, data->n_rows);
  for (gsize row = 0; row < data->n_rows; row++)
    {
      if (data->fold_of[row] == f)
        fold->valid_rows[fold->n_valid++] = row;
      else
        train_rows[n_train++] = row;
    }
  n_stop = order_stopping_rows (data, f, train_rows, n_train);
  fold->y_train = g_new (double, MAX (n_train, 1));
  fold->y_valid = g_new (double, MAX (fold->n_valid, 1));
  for (gsize i = 0; i < n_train; i++)
    fold->y_train[i] = data->y[train_rows[i]];
  for (gsize i = 0; i < fold->n_valid; i++)
    fold->y_valid[i] = data->y[fold->valid_rows[i]];

  train = lumina_frame_take_rows (data->search_frame, train_rows, n_train);
  valid = lumina_frame_take_rows (data->search_frame, fold->valid_rows, fold->n_valid);
  lumina_preprocessor_set_task (pp, data->task, data->n_classes);
  if (!lumina_preprocessor_fit (pp, train, data->target, fold->y_train, error))
    return FALSE;
  fold->x_train = lumina_preprocessor_transform (pp, train, error);
  if (fold->x_train == NULL)
    return FALSE;
  fold->x_valid = lumina_preprocessor_transform (pp, valid, error);
  if (fold->x_valid == NULL)
    return FALSE;
  if (fold->x_train->n_cols == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "No usable feature columns remain besides the target “%s”", data->target);
      return FALSE;
    }
  if (n_stop > 0)
    {
      fold->x_fit = lumina_matrix_new_view (fold->x_train, 0, n_train - n_stop);
      fold->x_stop = lumina_matrix_new_view (fold->x_train, n_train - n_stop, n_stop);
      fold->y_fit = fold->y_train;
      fold->y_stop = fold->y_train + (n_train - n_stop);
    }
  if (keep_notes)
    {
      const char * const *notes = lumina_preprocessor_get_notes (pp);

      for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
        g_ptr_array_add (data->notes, g_strdup (notes[i]));
    }
  fold->pp = g_steal_pointer (&pp);
  return TRUE;
}

gboolean
_lumina_automl_data_build_folds (LuminaAutomlData      *data,
                                 LuminaPreprocessStyle  style,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  LuminaFoldSet **slot = style == LUMINA_PREPROCESS_TREES ? &data->trees : &data->dense;
  LuminaFoldSet *set;
  gint64 start = g_get_monotonic_time ();

  if (*slot != NULL)
    return TRUE;

  set = g_new0 (LuminaFoldSet, 1);
  set->style = style;
  set->folds = g_new0 (LuminaFold, data->n_folds);
  set->n_folds = data->n_folds;
  for (guint f = 0; f < data->n_folds; f++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !build_fold (data, style, f, &set->folds[f], f == 0 && data->trees == NULL &&
                       data->dense == NULL, error))
        {
          fold_set_free (set);
          return FALSE;
        }
      set->bytes += lumina_matrix_get_size (set->folds[f].x_train) +
                    lumina_matrix_get_size (set->folds[f].x_valid);
    }
  set->n_features = set->folds[0].x_train->n_cols;
  set->build_seconds = (g_get_monotonic_time () - start) / 1e6;
  *slot = set;
  return TRUE;
}

static double
param_double (JsonObject *params,
              const char *name,
              double      fallback)
{
  JsonNode *node = params ? json_object_get_member (params, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return json_node_get_double (node);
}

/* XGBoost's hist method (1.7) keeps a histogram (a gradient pair per bin
 * per feature) for every node of the tree it grows: 8,000 nodes of a
 * depth-12 tree on 50 features take about 700 MB.  A tree has at most two
 * nodes per row. */
static double
hist_bytes (LuminaAutomlData *data,
            double            cols,
            double            depth)
{
  double nodes = MIN (pow (2, depth + 1), 2.0 * data->n_rows);

  return nodes * cols * 256 * 16;
}

gboolean
_lumina_automl_cap_depth (LuminaAutomlData *data,
                          const char       *learner,
                          JsonObject       *params)
{
  LuminaFoldSet *set;
  double depth, cols;
  gint64 cap;

  if (g_strcmp0 (learner, "xgboost") != 0 && g_strcmp0 (learner, "forest") != 0)
    return FALSE;
  set = _lumina_automl_data_get_folds (data, learner);
  cols = MAX (set ? set->n_features : data->n_columns, 1);
  depth = param_double (params, "max_depth", g_strcmp0 (learner, "forest") == 0 ? 12 : 6);
  for (cap = (gint64) depth; cap > 3 && hist_bytes (data, cols, cap) > LUMINA_AUTOML_HIST_BYTES; cap--)
    ;
  if (cap >= depth)
    return FALSE;
  json_object_set_int_member (params, "max_depth", cap);
  return TRUE;
}

guint64
_lumina_automl_estimate_trial_bytes (LuminaAutomlData *data,
                                     const char       *learner,
                                     JsonObject       *params)
{
  LuminaFoldSet *set = _lumina_automl_data_get_folds (data, learner);
  double n = data->n_rows, cols = set ? set->n_features : data->n_columns;
  double outputs = data->n_outputs;
  double bytes = n * outputs * 8 * 2;

  if (g_strcmp0 (learner, "xgboost") == 0 || g_strcmp0 (learner, "forest") == 0)
    {
      double depth = MIN (param_double (params, "max_depth", 6), 16);
      double trees = param_double (params, "n_estimators", 100) * (data->n_classes > 2 ? outputs : 1);

      /* The quantised copy of the training matrix, gradients, the
       * histograms of the tree being grown, and the trees. */
      bytes += n * cols * 2 + n * outputs * 16 + hist_bytes (data, cols, depth) +
               trees * MIN (pow (2, depth + 1), n) * 24;
    }
  else if (g_strcmp0 (learner, "mlp") == 0)
    {
      double width = 256 * 3;

      /* Weights with optimiser state and a batch of activations. */
      bytes += (cols * width + width * width) * 4 * 4 + 256 * width * 8;
    }
  else
    bytes += cols * outputs * 8 * 4 + n * cols * 8;

  return (guint64) bytes;
}

guint64
_lumina_automl_available_bytes (void)
{
  return lumina_util_read_proc_kib ("/proc/meminfo", "MemAvailable:");
}

guint64
_lumina_automl_peak_rss (void)
{
  return lumina_util_read_proc_kib ("/proc/self/status", "VmHWM:");
}
