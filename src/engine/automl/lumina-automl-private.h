/* lumina-automl-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the AutoML job: the prepared data (labels,
 * splits, one design matrix per fold built once and reused by every trial)
 * and the execution of one trial.
 */
#pragma once

#include "lumina-automl.h"
#include "lumina-frame.h"
#include "lumina-learner.h"
#include "lumina-model.h"
#include "lumina-preprocess.h"
#include "lumina-search.h"
#include "lumina-tracker.h"

G_BEGIN_DECLS

/* One validation fold.  In small folds, learners that stop early fit on
 * x_fit and stop on x_stop, a stratified seventh of the training rows
 * held back for that purpose, so that the few validation rows that score
 * the trial never pick its number of rounds or epochs.  Both are views of
 * x_train (its first and last rows); NULL when the fold is too small to
 * spare the rows or large enough to stop on x_valid. */
typedef struct
{
  LuminaMatrix *x_train;
  LuminaMatrix *x_valid;
  double       *y_train;
  double       *y_valid;
  guint32      *valid_rows;   /* indices into the search rows */
  gsize         n_valid;
  LuminaMatrix *x_fit;
  LuminaMatrix *x_stop;
  const double *y_fit;        /* into y_train */
  const double *y_stop;
  LuminaPreprocessor *pp;     /* fitted on the fold's training rows */
} LuminaFold;

typedef struct
{
  LuminaPreprocessStyle style;
  LuminaFold           *folds;
  guint                 n_folds;
  gsize                 bytes;
  guint                 n_features;
  double                build_seconds;   /* preprocessing every fold */
} LuminaFoldSet;

/* The report's permutation importance: rows (of the test set, else the
 * search's) and shuffles per column. */
#define LUMINA_AUTOML_IMPORTANCE_ROWS    2000
#define LUMINA_AUTOML_IMPORTANCE_REPEATS 3

/* Immutable once built; shared by all workers. */
typedef struct
{
  char          *dataset_ref;    /* resolved: name@N */
  char          *dataset_hash;
  char          *target;
  LuminaTask     task;
  guint          n_classes;
  guint          n_outputs;
  LuminaMetric   metric;
  LuminaLabels  *labels;
  LuminaFrame   *search_frame;   /* rows used by the search (not test) */
  LuminaFrame   *test_frame;     /* (nullable) held-out rows */
  double        *y;              /* encoded target of search_frame */
  gsize          n_rows;
  double        *y_test;
  gsize          n_test;
  guint          n_columns;
  guint          n_folds;        /* folds evaluated */
  gboolean       holdout;
  guint8        *fold_of;        /* per search row */
  guint64        seed;
  LuminaFoldSet *trees;
  LuminaFoldSet *dense;
  GPtrArray     *notes;
} LuminaAutomlData;

LuminaAutomlData *_lumina_automl_data_new        (LuminaWorkspace           *workspace,
                                                  const LuminaAutomlConfig  *config,
                                                  GError                   **error);
gboolean          _lumina_automl_data_build_folds (LuminaAutomlData         *data,
                                                  LuminaPreprocessStyle      style,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);
LuminaFoldSet    *_lumina_automl_data_get_folds  (LuminaAutomlData          *data,
                                                  const char                *learner);
LuminaPreprocessStyle _lumina_automl_style_for   (const char                *learner);
/* Bytes a trial of @learner would add on top of the shared matrices. */
/* Lowers @params' max_depth (trees) to what keeps XGBoost's histograms of
 * one tree under LUMINA_AUTOML_HIST_BYTES on this table; TRUE if it did. */
#define LUMINA_AUTOML_HIST_BYTES (512.0 * 1024 * 1024)
gboolean          _lumina_automl_cap_depth       (LuminaAutomlData          *data,
                                                  const char                *learner,
                                                  JsonObject                *params);
guint64           _lumina_automl_estimate_trial_bytes (LuminaAutomlData     *data,
                                                  const char                *learner,
                                                  JsonObject                *params);
guint64           _lumina_automl_available_bytes (void);
guint64           _lumina_automl_peak_rss        (void);
void              _lumina_automl_data_free       (LuminaAutomlData          *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaAutomlData, _lumina_automl_data_free)

typedef struct
{
  const char    *learner;
  JsonObject    *params;          /* with "seed" */
  guint          n_threads;
  LuminaHalving *halving;         /* (nullable) */
  LuminaTracker *tracker;         /* (nullable) logs "valid_loss" steps */
  const char    *run_id;
  GCancellable  *cancellable;     /* (nullable) */
  gint64         deadline;        /* monotonic µs, 0: none */
} LuminaTrialSpec;

typedef struct
{
  LuminaRunStatus status;
  double          score;
  double          score_std;
  JsonObject     *metrics;        /* every metric of the task, on OOF rows */
  double         *oof;            /* n_rows × n_outputs; NaN rows unused */
  double          iterations;     /* mean over folds */
  GArray         *curve;          /* of double: fold 0's validation loss */
  char           *error;
  double          seconds;
  double          cpu_seconds;
  double          predict_seconds; /* predicting the validation rows, all folds */
  gsize           predicted_rows;
  LuminaLearner  *model;          /* (nullable) a holdout's fitted learner */
} LuminaTrialResult;

void              _lumina_automl_run_trial       (LuminaAutomlData          *data,
                                                  const LuminaTrialSpec     *spec,
                                                  LuminaTrialResult         *result);
void              _lumina_trial_result_clear     (LuminaTrialResult         *result);
/* Every metric of the task as JSON numbers (NaN omitted). */
JsonObject       *_lumina_automl_metrics_for     (LuminaAutomlData          *data,
                                                  const double              *y,
                                                  const double              *pred,
                                                  gsize                      n);
/* @params with the iteration count found by early stopping, for a refit
 * without a validation set. */
JsonObject       *_lumina_automl_refit_params    (const char                *learner,
                                                  JsonObject                *params,
                                                  double                     iterations);

/* One entry of the leaderboard. */
typedef struct
{
  guint            number;
  char            *run_id;
  char            *learner;
  JsonObject      *params;
  double          *point;         /* in the learner's search space, for the sampler */
  LuminaRunStatus  status;
  gboolean         skipped;
  double           score;
  double           score_std;
  double           seconds;
  double           predict_per_row; /* seconds to predict one row */
  double           finished_at;
  double           iterations;
  GArray          *curve;
  char            *error;
  double          *oof;           /* kept for the best finished trials only */
  LuminaLearner   *model;         /* a holdout's fit, kept with the oof */
  JsonObject      *metrics;
} LuminaAutomlTrial;

void              _lumina_automl_trial_free      (LuminaAutomlTrial         *trial);
JsonNode         *_lumina_automl_trial_to_json   (LuminaAutomlTrial         *trial);

struct _LuminaAutoml
{
  GObject             parent_instance;

  LuminaWorkspace    *workspace;
  LuminaAutomlConfig *config;
  char              **learners;
  GMainContext       *context;
  GThread            *creator;
  LuminaTracker      *tracker;
  LuminaAutomlData   *data;
  char               *experiment;
  char               *run_id;
  char               *best_run_id;
  char               *bundle_path;
  JsonNode           *report;

  /* Guards everything below. */
  GMutex              lock;
  GCond               cond;
  GPtrArray          *trials;       /* of LuminaAutomlTrial, in finishing order */
  GArray             *history;      /* of double pairs: t, best score */
  gint64              start;
  gint64              deadline;
  guint               n_workers;
  guint               n_started;
  guint               portfolio_round;
  guint               portfolio_learner;
  GHashTable         *samplers;     /* learner → LuminaSampler */
  GRand              *rand;
  GHashTable         *halvings;     /* learner → LuminaHalving, pruned learners only */
  GCancellable       *stop;
  gint                out_of_time;  /* atomic: stop was cancelled at the deadline */
  double              blend_reserve; /* s, for the rehearsed ensemble */
  guint               n_rehearsals;
  gboolean            oof_pinned;   /* a rehearsal reads the kept predictions */
  guint               n_parallel;
  guint               n_threads;
  guint64             memory_limit;
  double              last_progress;
  double              refit_factor; /* LUMINA_AUTOML_REFIT_FACTOR, for tests */
};

/* lumina-automl.c */
void              _lumina_automl_emit_trial      (LuminaAutoml              *self,
                                                  LuminaAutomlTrial         *trial);
void              _lumina_automl_emit_progress   (LuminaAutoml              *self,
                                                  double                     fraction,
                                                  const char                *message);
gboolean          _lumina_automl_prepare         (LuminaAutoml              *self,
                                                  GError                   **error);
JsonObject       *_lumina_automl_trial_tags      (LuminaAutoml              *self);

/* lumina-automl-search.c */
gboolean          _lumina_automl_search          (LuminaAutoml              *self,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);

/* Whether @learner's next trial gets the pruner: only when its trials are
 * dear for the time left (N_FULL_TRIALS_WITHOUT_PRUNING).  Under the lock. */
gboolean          _lumina_automl_worth_pruning   (LuminaAutoml              *self,
                                                  const char                *learner);
/* Best finished first; the caller holds the lock. */
GPtrArray        *_lumina_automl_sorted_trials   (LuminaAutoml              *self);
/* A guess at the seconds a refit of @trial on every search row takes,
 * from the trial's own time. */
double            _lumina_automl_refit_estimate  (LuminaAutoml              *self,
                                                  LuminaAutomlTrial         *trial);
/* A guess at the seconds @trial adds after the search: its refit, and
 * the report's predictions with it (the permutation importance mostly,
 * from the trial's own prediction time).  A blend's is its members' sum. */
double            _lumina_automl_finish_estimate (LuminaAutoml              *self,
                                                  LuminaAutomlTrial         *trial);
/* The report's part of it alone (a kept holdout fit needs no refit). */
double            _lumina_automl_report_estimate (LuminaAutoml              *self,
                                                  LuminaAutomlTrial         *trial);
/* The monotonic time (µs) by which the whole job should be done. */
gint64            _lumina_automl_budget_end      (LuminaAutoml              *self);

/* lumina-automl-finish.c: ensemble, refit, bundle, report. */
gboolean          _lumina_automl_finish          (LuminaAutoml              *self,
                                                  JsonObject               **best_metrics,
                                                  GError                   **error);
/* The trials of @sorted (best first) the ensemble selection weighs:
 * finished, with their out-of-fold predictions kept. */
GPtrArray        *_lumina_automl_ensemble_candidates (GPtrArray             *sorted);
/* The seconds the refit and report of the blend an ensemble selection
 * over @candidates (finished trials with predictions, best first) would
 * choose should take, or 0 when it would keep the best trial alone. */
double            _lumina_automl_blend_estimate  (LuminaAutoml              *self,
                                                  GPtrArray                 *candidates);

/* lumina-automl-report.c */
JsonNode         *_lumina_automl_build_report    (LuminaAutoml              *self,
                                                  LuminaModel               *model,
                                                  double                     validation_score,
                                                  JsonObject                *validation_metrics,
                                                  GPtrArray                 *members,
                                                  GArray                    *weights,
                                                  gboolean                   ensemble);
/* The parent run's final metrics: validation metrics, test_* ones. */
JsonObject       *_lumina_automl_report_metrics  (JsonNode                  *report,
                                                  JsonObject                *validation_metrics);

G_END_DECLS
