/* lumina-automl.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaAutomlConfig:
 * @dataset: "name", "name@3" or "name@latest"
 * @target: the target column
 * @task: with @task_set, overrides the inferred task
 * @metric: with @metric_set, overrides the task's default metric
 * @learners: (nullable): NULL-terminated subset of xgboost, forest, mlp,
 *   linear; %NULL for all
 * @budget_seconds: wall-clock budget for the search, honoured within 5%
 * @cv_folds: 0 chooses by size (5-fold below 10,000 rows, 3-fold below
 *   100,000, holdout above); 1 is a 20% holdout; k ≥ 2 is k-fold
 * @seed: makes the search reproducible
 * @experiment: (nullable): experiment name; default "automl-<dataset>"
 * @n_parallel: trials run at once (0: by cores and memory)
 * @memory_limit: bytes a trial may use (0: from available memory)
 * @test_fraction: when > 0, this share of rows (stratified, by @seed) is
 *   held out from the search and reported as test scores
 */
typedef struct
{
  char         *dataset;
  char         *target;
  LuminaTask    task;
  gboolean      task_set;
  LuminaMetric  metric;
  gboolean      metric_set;
  char        **learners;
  double        budget_seconds;
  guint         cv_folds;
  guint64       seed;
  char         *experiment;
  guint         n_parallel;
  guint64       memory_limit;
  double        test_fraction;
} LuminaAutomlConfig;

LuminaAutomlConfig *lumina_automl_config_new  (void);
LuminaAutomlConfig *lumina_automl_config_copy (const LuminaAutomlConfig *config);
void                lumina_automl_config_free (LuminaAutomlConfig       *config);
JsonNode           *lumina_automl_config_to_json (const LuminaAutomlConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaAutomlConfig, lumina_automl_config_free)

#define LUMINA_TYPE_AUTOML (lumina_automl_get_type ())

G_DECLARE_FINAL_TYPE (LuminaAutoml, lumina_automl, LUMINA, AUTOML, GObject)

/**
 * LuminaAutoml:
 * One AutoML search: a parent run in the tracker with one child run per
 * trial.  Signals are emitted on the main context that was the thread
 * default when lumina_automl_new() was called:
 *
 * - "trial-finished" (JsonObject *trial): a trial ended (finished, pruned,
 *   failed, skipped); see lumina_automl_dup_leaderboard() for its fields
 * - "progress" (double fraction, const char *message)
 */
LuminaAutoml *lumina_automl_new               (LuminaWorkspace          *workspace,
                                               const LuminaAutomlConfig *config,
                                               GError                  **error);
/* Resolves the dataset, infers the task and metric, plans validation and
 * estimates memory; cheap enough for the wizard's review page.  Returns a
 * JSON object: {dataset, rows, columns, task, n_classes, metric, validation,
 * learners, estimated_peak_bytes, available_bytes, n_parallel, notes[]}. */
JsonNode     *lumina_automl_plan              (LuminaAutoml             *self,
                                               GError                  **error);
/* Runs the whole search in the calling thread (the CLI, a worker). */
gboolean      lumina_automl_run               (LuminaAutoml             *self,
                                               GCancellable             *cancellable,
                                               GError                  **error);
void          lumina_automl_run_async         (LuminaAutoml             *self,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
gboolean      lumina_automl_run_finish        (LuminaAutoml             *self,
                                               GAsyncResult             *result,
                                               GError                  **error);
const LuminaAutomlConfig *lumina_automl_get_config (LuminaAutoml        *self);
const char   *lumina_automl_get_run_id        (LuminaAutoml             *self);
/* Trials so far, best first (a snapshot, safe from any thread): array of
 * {run_id, learner, params, status, score, score_std, fit_seconds,
 *  finished_at (seconds since start), iterations, curve: [loss...], error} */
JsonNode     *lumina_automl_dup_leaderboard   (LuminaAutoml             *self);
/* Best score so far against seconds since start: array of [t, score]. */
JsonNode     *lumina_automl_dup_score_history (LuminaAutoml             *self);
/* After a successful run: the best model's run id (the ensemble's when it
 * won), its bundle directory, and its test/validation report
 * {metric, validation_score, test_score?, confusion?, roc?, residuals?,
 *  importance: [{feature, value}]}. */
const char   *lumina_automl_get_best_run_id   (LuminaAutoml             *self);
const char   *lumina_automl_get_bundle_path   (LuminaAutoml             *self);
JsonNode     *lumina_automl_dup_report        (LuminaAutoml             *self);

/* Reproduces one trial run from its recorded learner, params, seed,
 * validation scheme and dataset version, as a new run tagged rerun_of.
 * With @n_threads 1 the metrics are identical to the original's. */
gboolean      lumina_automl_rerun             (LuminaWorkspace          *workspace,
                                               const char               *run_id,
                                               guint                     n_threads,
                                               char                    **new_run_id,
                                               JsonObject              **metrics,
                                               GError                  **error);

/* Where bundles of a workspace live: <workspace>/bundles/<run id>. */
char         *lumina_automl_bundle_path_for_run (LuminaWorkspace        *workspace,
                                                 const char             *run_id);

G_END_DECLS
