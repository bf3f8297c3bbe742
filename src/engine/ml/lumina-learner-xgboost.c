/* lumina-learner-xgboost.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "xgboost" and "forest" learners, through XGBoost's C API.
 *
 * "xgboost" is gradient boosting with the hist tree method: one boosting
 * round per iteration, the validation loss evaluated after each, early
 * stopping on it, and the model cut back to its best round at the end.
 * "forest" is a random forest on XGBoost's trees: n_estimators trees on
 * row and column subsamples, each grown from the gradients at the base
 * score (XGBoosterBoostOneIter) rather than at the trees before it, with
 * learning rate 1/n_estimators, so the margin is the base plus the trees'
 * mean leaf value, as in XGBoost's one-round random-forest mode.  Grown a
 * tree per iteration, a forest can be stopped between trees (a search's
 * deadline); a forest stopped before its last tree is no model, and the
 * fit says it was cancelled.  Its class probabilities are the trees' mean leaf class
 * frequencies, as a random forest's are, not XGBoost's link function of
 * the mean leaf value: one Newton step from the base score squashed
 * through the sigmoid or softmax is badly calibrated (never sure, even
 * where every tree agrees), which costs the forest in log loss and in
 * blends.  The leaf values are that step, G/H at the base score, so the
 * frequencies follow from the margin linearly (forest_probabilities()).
 *
 * The DMatrix (XGBoost's copy of the data with its quantile sketch) is
 * the expensive part of a trial, so it is built once per LuminaMatrix and
 * kept in the matrix's backend slot: every later trial on the same fold
 * reuses it.  The first boosting round on a shared DMatrix runs under the
 * matrix's lock because XGBoost builds its histogram index lazily on
 * first use; once built (the bin count is fixed) it is only read.
 *
 * Missing values (NaN) go down XGBoost's learned default directions;
 * columns the matrix marks categorical are declared as such, so trees
 * split on category sets.  Models are saved as XGBoost JSON, which
 * Python's xgboost loads as it is.
 */
#define G_LOG_DOMAIN "lumina-xgboost"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "lumina-error.h"
#include "lumina-learner-private.h"

#define HIST_BINS 256
/* The forest's starting point: margin 0 for binary:logistic, a margin of
 * 0.5 on every class (a uniform softmax) for multi:softprob. */
#define FOREST_BASE_SCORE 0.5

typedef struct _LuminaXgboostLearner LuminaXgboostLearner;

typedef struct
{
  LuminaLearnerClass parent_class;
} LuminaXgboostLearnerClass;

struct _LuminaXgboostLearner
{
  LuminaLearner  parent_instance;

  gboolean       forest;
  guint          n_estimators;
  guint          early_stopping_rounds;
  double         learning_rate;
  guint          max_depth;
  double         min_child_weight;
  double         subsample;
  double         colsample_bytree;
  double         colsample_bynode;
  double         reg_lambda;
  double         reg_alpha;
  double         gamma;

  GMutex         lock;
  BoosterHandle  booster;
  DMatrixHandle  predict_proxy;
};

G_DEFINE_FINAL_TYPE (LuminaXgboostLearner, _lumina_xgboost_learner, LUMINA_TYPE_LEARNER)

#define XGB(learner) ((LuminaXgboostLearner *) (learner))

/* What a LuminaMatrix's backend slot holds. */
typedef struct
{
  DMatrixHandle  dmatrix;
  float         *labels;
  gsize          n_labels;
} Backend;

static gboolean
xgb_check (int          status,
           const char  *what,
           GError     **error)
{
  if (status == 0)
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "XGBoost could not %s: %s", what, XGBGetLastError ());
  return FALSE;
}

static void
xgb_quiet (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (XGBSetGlobalConfig ("{\"verbosity\": 0}") != 0)
        g_warning ("XGBoost refused its global configuration: %s", XGBGetLastError ());
      g_once_init_leave (&initialised, 1);
    }
}

static gboolean
xgboost_configure (LuminaLearner  *learner,
                   GError        **error)
{
  static const char * const boost_known[] = {
    "n_estimators", "early_stopping_rounds", "learning_rate", "max_depth", "min_child_weight",
    "subsample", "colsample_bytree", "colsample_bynode", "reg_lambda", "reg_alpha", "gamma", NULL
  };
  static const char * const forest_known[] = {
    "n_estimators", "max_depth", "min_child_weight", "subsample", "colsample_bytree",
    "colsample_bynode", "reg_lambda", "reg_alpha", "gamma", NULL
  };
  LuminaXgboostLearner *self = XGB (learner);
  gint64 n_estimators, early_stopping, max_depth;

  self->forest = g_strcmp0 (lumina_learner_get_kind (learner), "forest") == 0;

  if (!_lumina_learner_check_known (learner, self->forest ? forest_known : boost_known, error) ||
      !_lumina_learner_param_int (learner, "n_estimators", 100, 1, 100000, &n_estimators, error) ||
      !_lumina_learner_param_int (learner, "max_depth", self->forest ? 12 : 6, 1, 64, &max_depth, error) ||
      !_lumina_learner_param_double (learner, "min_child_weight", 1.0, 0.0, 1e6, &self->min_child_weight, error) ||
      !_lumina_learner_param_double (learner, "subsample", self->forest ? 0.8 : 1.0, 0.01, 1.0, &self->subsample, error) ||
      !_lumina_learner_param_double (learner, "colsample_bytree", 1.0, 0.01, 1.0, &self->colsample_bytree, error) ||
      !_lumina_learner_param_double (learner, "colsample_bynode", self->forest ? 0.8 : 1.0, 0.01, 1.0,
                                     &self->colsample_bynode, error) ||
      !_lumina_learner_param_double (learner, "reg_lambda", self->forest ? 1e-5 : 1.0, 0.0, 1e6, &self->reg_lambda, error) ||
      !_lumina_learner_param_double (learner, "reg_alpha", 0.0, 0.0, 1e6, &self->reg_alpha, error) ||
      !_lumina_learner_param_double (learner, "gamma", 0.0, 0.0, 1e6, &self->gamma, error))
    return FALSE;

  if (self->forest)
    {
      self->learning_rate = 1.0 / (double) n_estimators;
      early_stopping = 0;
    }
  else if (!_lumina_learner_param_double (learner, "learning_rate", 0.3, 1e-6, 1.0, &self->learning_rate, error) ||
           !_lumina_learner_param_int (learner, "early_stopping_rounds", 0, 0, 100000, &early_stopping, error))
    return FALSE;

  self->n_estimators = (guint) n_estimators;
  self->max_depth = (guint) max_depth;
  self->early_stopping_rounds = (guint) early_stopping;
  return TRUE;
}

static void
backend_free (gpointer data)
{
  Backend *backend = data;

  if (backend->dmatrix != NULL)
    XGDMatrixFree (backend->dmatrix);
  g_free (backend->labels);
  g_free (backend);
}

static DMatrixHandle
create_dmatrix (const LuminaMatrix  *x,
                const float         *labels,
                guint                n_threads,
                GError             **error)
{
  g_autofree char *array = NULL;
  g_autofree char *config = NULL;
  DMatrixHandle dmatrix = NULL;

  array = g_strdup_printf ("{\"data\": [%" G_GUINTPTR_FORMAT ", true], \"shape\": [%" G_GSIZE_FORMAT ", %u],"
                           " \"typestr\": \"<f4\", \"version\": 3}",
                           (guintptr) x->data, x->n_rows, x->n_cols);
  config = g_strdup_printf ("{\"missing\": NaN, \"nthread\": %u}", n_threads);
  if (!xgb_check (XGDMatrixCreateFromDense (array, config, &dmatrix), "copy the data", error))
    return NULL;

  if (x->categorical != NULL)
    {
      g_autofree const char **types = g_new (const char *, x->n_cols);
      gboolean any = FALSE;

      for (guint j = 0; j < x->n_cols; j++)
        {
          types[j] = x->categorical[j] ? "c" : "q";
          any |= x->categorical[j] != 0;
        }
      if (any && !xgb_check (XGDMatrixSetStrFeatureInfo (dmatrix, "feature_type", types, x->n_cols),
                             "declare the categorical columns", error))
        {
          XGDMatrixFree (dmatrix);
          return NULL;
        }
    }

  if (!xgb_check (XGDMatrixSetFloatInfo (dmatrix, "label", labels, x->n_rows), "set the labels", error))
    {
      XGDMatrixFree (dmatrix);
      return NULL;
    }
  return dmatrix;
}

/* Returns the DMatrix of @x with labels @y: the one cached in the matrix
 * when its labels are the same, else (the first time) a new one that is
 * cached.  *@owned receives a DMatrix the caller must free when the cache
 * holds different labels. */
static DMatrixHandle
lookup_dmatrix (const LuminaMatrix  *x,
                const double        *y,
                guint                n_threads,
                DMatrixHandle       *owned,
                GError             **error)
{
  LuminaMatrix *matrix = (LuminaMatrix *) x;
  g_autofree float *labels = g_new (float, MAX (x->n_rows, 1));
  g_autoptr(GMutexLocker) locker = NULL;
  Backend *backend;

  *owned = NULL;
  for (gsize i = 0; i < x->n_rows; i++)
    labels[i] = (float) y[i];

  locker = g_mutex_locker_new (&matrix->backend_lock);

  if (matrix->backend != NULL && matrix->backend_free == backend_free)
    {
      backend = matrix->backend;
      if (backend->n_labels == x->n_rows &&
          memcmp (backend->labels, labels, x->n_rows * sizeof (float)) == 0)
        return backend->dmatrix;

      /* Same features, other labels: a private copy. */
      *owned = create_dmatrix (x, labels, n_threads, error);
      return *owned;
    }

  if (matrix->backend != NULL)
    {
      *owned = create_dmatrix (x, labels, n_threads, error);
      return *owned;
    }

  backend = g_new0 (Backend, 1);
  backend->dmatrix = create_dmatrix (x, labels, n_threads, error);
  if (backend->dmatrix == NULL)
    {
      backend_free (backend);
      return NULL;
    }
  backend->labels = g_steal_pointer (&labels);
  backend->n_labels = x->n_rows;
  matrix->backend = backend;
  matrix->backend_free = backend_free;
  return backend->dmatrix;
}

static const char *
objective_for (LuminaLearner *learner,
               const char   **eval_metric)
{
  switch (lumina_learner_get_task (learner))
    {
    case LUMINA_TASK_BINARY:
      *eval_metric = "logloss";
      return "binary:logistic";
    case LUMINA_TASK_MULTICLASS:
      *eval_metric = "mlogloss";
      return "multi:softprob";
    case LUMINA_TASK_REGRESSION:
    default:
      *eval_metric = "rmse";
      return "reg:squarederror";
    }
}

static gboolean
set_param (BoosterHandle   booster,
           const char     *name,
           const char     *value,
           GError        **error)
{
  if (XGBoosterSetParam (booster, name, value) == 0)
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
               "XGBoost rejected %s = %s: %s", name, value, XGBGetLastError ());
  return FALSE;
}

static gboolean
set_double_param (BoosterHandle   booster,
                  const char     *name,
                  double          value,
                  GError        **error)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return set_param (booster, name, g_ascii_dtostr (text, sizeof text, value), error);
}

static gboolean
set_uint_param (BoosterHandle   booster,
                const char     *name,
                guint64         value,
                GError        **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  return set_param (booster, name, text, error);
}

static gboolean
configure_booster (LuminaXgboostLearner  *self,
                   BoosterHandle          booster,
                   GError               **error)
{
  LuminaLearner *learner = LUMINA_LEARNER (self);
  const char *eval_metric = NULL;
  const char *objective = objective_for (learner, &eval_metric);

  if (!set_param (booster, "objective", objective, error) ||
      !set_param (booster, "eval_metric", eval_metric, error) ||
      !set_param (booster, "tree_method", "hist", error) ||
      !set_uint_param (booster, "max_bin", HIST_BINS, error) ||
      !set_uint_param (booster, "nthread", lumina_learner_get_n_threads (learner), error) ||
      !set_uint_param (booster, "seed", lumina_learner_get_seed (learner) % G_MAXINT32, error) ||
      !set_double_param (booster, "eta", self->learning_rate, error) ||
      !set_uint_param (booster, "max_depth", self->max_depth, error) ||
      !set_double_param (booster, "min_child_weight", self->min_child_weight, error) ||
      !set_double_param (booster, "subsample", self->subsample, error) ||
      !set_double_param (booster, "colsample_bytree", self->colsample_bytree, error) ||
      !set_double_param (booster, "colsample_bynode", self->colsample_bynode, error) ||
      !set_double_param (booster, "lambda", self->reg_lambda, error) ||
      !set_double_param (booster, "alpha", self->reg_alpha, error) ||
      !set_double_param (booster, "gamma", self->gamma, error))
    return FALSE;

  if (lumina_learner_get_task (learner) == LUMINA_TASK_MULTICLASS &&
      !set_uint_param (booster, "num_class", lumina_learner_get_n_classes (learner), error))
    return FALSE;

  if (self->forest && !set_double_param (booster, "base_score", FOREST_BASE_SCORE, error))
    return FALSE;

  return TRUE;
}

/* The gradients and hessians of the objective at the forest's base score,
 * as XGBoost computes them there: squared error at 0.5, the logistic loss
 * at probability 0.5 (margin 0), its softmax at margins of 0.5 on every
 * class (a uniform 1/k).  Row-major, k per row for several classes. */
static void
forest_gradients (LuminaLearner *learner,
                  const double  *y,
                  gsize          n_rows,
                  float         *grad,
                  float         *hess)
{
  guint k = lumina_learner_get_n_classes (learner);

  switch (lumina_learner_get_task (learner))
    {
    case LUMINA_TASK_MULTICLASS:
      {
        float p = 1.0f / k;

        for (gsize i = 0; i < n_rows; i++)
          for (guint c = 0; c < k; c++)
            {
              grad[i * k + c] = p - ((guint) y[i] == c ? 1.0f : 0.0f);
              hess[i * k + c] = 2.0f * p * (1.0f - p);
            }
      }
      break;

    case LUMINA_TASK_BINARY:
      for (gsize i = 0; i < n_rows; i++)
        {
          grad[i] = 0.5f - (float) y[i];
          hess[i] = 0.25f;
        }
      break;

    case LUMINA_TASK_REGRESSION:
    default:
      for (gsize i = 0; i < n_rows; i++)
        {
          grad[i] = (float) FOREST_BASE_SCORE - (float) y[i];
          hess[i] = 1.0f;
        }
      break;
    }
}

/* "[3]\tvalid-logloss:0.123456" → 0.123456 */
static double
parse_eval (const char *text)
{
  const char *colon = text != NULL ? strrchr (text, ':') : NULL;

  if (colon == NULL)
    return NAN;
  return g_ascii_strtod (colon + 1, NULL);
}

/* One boosting round, or one more tree of the forest (from the gradients
 * at the base score, whatever the trees before it). */
static int
grow_round (LuminaXgboostLearner *self,
            BoosterHandle         booster,
            guint                 round,
            DMatrixHandle         dtrain,
            float                *grad,
            float                *hess,
            gsize                 len)
{
  if (self->forest)
    return XGBoosterBoostOneIter (booster, dtrain, grad, hess, len);
  return XGBoosterUpdateOneIter (booster, (int) round, dtrain);
}

static gboolean
xgboost_fit (LuminaLearner       *learner,
             const LuminaMatrix  *x,
             const double        *y,
             const LuminaMatrix  *x_valid,
             const double        *y_valid,
             GCancellable        *cancellable,
             GError             **error)
{
  LuminaXgboostLearner *self = XGB (learner);
  guint n_threads = lumina_learner_get_n_threads (learner);
  guint n_rounds = self->n_estimators;
  gsize n_outputs = lumina_learner_get_task (learner) == LUMINA_TASK_MULTICLASS
                    ? lumina_learner_get_n_classes (learner) : 1;
  g_autofree float *grad = NULL;
  g_autofree float *hess = NULL;
  DMatrixHandle owned_train = NULL, owned_valid = NULL;
  DMatrixHandle dtrain, dvalid = NULL;
  BoosterHandle booster = NULL;
  double best_loss = INFINITY;
  guint best_round = 0, rounds_done = 0;
  gboolean ok = FALSE;

  xgb_quiet ();

  dtrain = lookup_dmatrix (x, y, n_threads, &owned_train, error);
  if (dtrain == NULL)
    goto out;
  if (x_valid != NULL)
    {
      dvalid = lookup_dmatrix (x_valid, y_valid, n_threads, &owned_valid, error);
      if (dvalid == NULL)
        goto out;
    }

  {
    DMatrixHandle cache[2] = { dtrain, dvalid };

    if (!xgb_check (XGBoosterCreate (cache, dvalid != NULL ? 2 : 1, &booster), "create a booster", error))
      goto out;
  }
  if (!configure_booster (self, booster, error))
    goto out;
  if (self->forest)
    {
      grad = g_new (float, MAX (x->n_rows * n_outputs, 1));
      hess = g_new (float, MAX (x->n_rows * n_outputs, 1));
      forest_gradients (learner, y, x->n_rows, grad, hess);
    }

  for (guint round = 0; round < n_rounds; round++)
    {
      double loss = NAN;
      gboolean keep_going;
      int status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (round == 0)
        {
          /* The shared DMatrix builds its histogram index on first use. */
          LuminaMatrix *shared = (LuminaMatrix *) x;

          g_mutex_lock (&shared->backend_lock);
          status = grow_round (self, booster, 0, dtrain, grad, hess, x->n_rows * n_outputs);
          g_mutex_unlock (&shared->backend_lock);
        }
      else
        status = grow_round (self, booster, round, dtrain, grad, hess, x->n_rows * n_outputs);

      if (!xgb_check (status, self->forest ? "grow a tree" : "train a boosting round", error))
        goto out;
      rounds_done = round + 1;

      /* A forest is scored once whole: before, its margin is a fraction of
       * one.  Scoring all its trees takes a while: not when stopped. */
      if (dvalid != NULL && self->forest && rounds_done == n_rounds &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (dvalid != NULL && (!self->forest || rounds_done == n_rounds))
        {
          DMatrixHandle sets[1] = { dvalid };
          const char *names[1] = { "valid" };
          const char *result = NULL;

          if (!xgb_check (XGBoosterEvalOneIter (booster, (int) round, sets, names, 1, &result),
                          "evaluate the validation set", error))
            goto out;
          loss = parse_eval (result);
          if (loss < best_loss)
            {
              best_loss = loss;
              best_round = round;
            }
        }

      keep_going = _lumina_learner_report_iteration (learner, rounds_done, loss);

      if (!keep_going && self->forest && rounds_done < n_rounds)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "Stopped after %u of the forest's %u trees", rounds_done, n_rounds);
          goto out;
        }
      if (!keep_going)
        break;
      if (dvalid != NULL && self->early_stopping_rounds > 0 &&
          round - best_round >= self->early_stopping_rounds)
        break;
    }

  /* Keep the best round when the validation loss chose one. */
  if (dvalid != NULL && self->early_stopping_rounds > 0 && isfinite (best_loss) &&
      best_round + 1 < rounds_done)
    {
      BoosterHandle sliced = NULL;

      if (!xgb_check (XGBoosterSlice (booster, 0, (int) best_round + 1, 1, &sliced),
                      "cut the model back to its best round", error))
        goto out;
      XGBoosterFree (booster);
      booster = sliced;
      rounds_done = best_round + 1;
    }

  g_mutex_lock (&self->lock);
  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  self->booster = g_steal_pointer (&booster);
  g_mutex_unlock (&self->lock);

  /* A forest is one model, whatever the number of its trees. */
  _lumina_learner_set_n_iterations (learner, self->forest ? 1 : rounds_done);
  ok = TRUE;

out:
  if (booster != NULL)
    XGBoosterFree (booster);
  if (owned_train != NULL)
    XGDMatrixFree (owned_train);
  if (owned_valid != NULL)
    XGDMatrixFree (owned_valid);
  if (!ok)
    _lumina_learner_set_n_features (learner, 0);
  return ok;
}

/* Mean leaf class frequencies from the forest's margins @m (@k per row,
 * or one for binary).  A leaf's value is Σ(y - p₀) / (Σh₀ + λ) with the
 * gradients at the base probability p₀; h₀ = p₀(1 - p₀) for the logistic
 * loss and 2p₀(1 - p₀) for XGBoost's softmax, so the frequency of a class
 * in the leaf is p₀ + h₀ × value (λ is 1e-5 by default), and that is
 * linear: the mean over trees is p₀ + h₀ × (margin - base margin). */
static void
forest_probabilities (LuminaTask   task,
                      guint        n_classes,
                      const float *m,
                      double      *out)
{
  if (task == LUMINA_TASK_BINARY)
    {
      double p = CLAMP (0.5 + 0.25 * m[0], 0.0, 1.0);

      out[0] = 1.0 - p;
      out[1] = p;
    }
  else
    {
      double p0 = 1.0 / n_classes, h0 = 2 * p0 * (1 - p0), total = 0;

      for (guint c = 0; c < n_classes; c++)
        {
          out[c] = MAX (p0 + h0 * (m[c] - FOREST_BASE_SCORE), 0.0);
          total += out[c];
        }
      for (guint c = 0; c < n_classes; c++)
        out[c] = total > 0 ? out[c] / total : p0;
    }
}

static gboolean
xgboost_predict (LuminaLearner       *learner,
                 const LuminaMatrix  *x,
                 double              *out,
                 GError             **error)
{
  LuminaXgboostLearner *self = XGB (learner);
  LuminaTask task = lumina_learner_get_task (learner);
  guint n_classes = lumina_learner_get_n_classes (learner);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *array = NULL;
  const bst_ulong *shape = NULL;
  const float *result = NULL;
  bst_ulong dim = 0;
  gsize expected;
  gboolean margins = self->forest && task != LUMINA_TASK_REGRESSION;

  if (self->booster == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s learner has not been fitted", lumina_learner_get_kind (learner));
      return FALSE;
    }

  array = g_strdup_printf ("{\"data\": [%" G_GUINTPTR_FORMAT ", true], \"shape\": [%" G_GSIZE_FORMAT ", %u],"
                           " \"typestr\": \"<f4\", \"version\": 3}",
                           (guintptr) x->data, x->n_rows, x->n_cols);
  /* A proxy kept between calls: without one XGBoost builds a new one per
   * call, reading the cgroup CPU quota files each time (a third of the
   * cost of a one-row prediction). */
  if (self->predict_proxy == NULL &&
      !xgb_check (XGProxyDMatrixCreate (&self->predict_proxy), "create a prediction proxy", error))
    return FALSE;
  /* Type 1: margins, for the forest's class frequencies. */
  if (!xgb_check (XGBoosterPredictFromDense (self->booster, array,
                                             margins ?
                                             "{\"type\": 1, \"training\": false, \"iteration_begin\": 0,"
                                             " \"iteration_end\": 0, \"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}" :
                                             "{\"type\": 0, \"training\": false, \"iteration_begin\": 0,"
                                             " \"iteration_end\": 0, \"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}",
                                             self->predict_proxy, &shape, &dim, &result),
                  "predict", error))
    return FALSE;

  expected = x->n_rows * (task == LUMINA_TASK_MULTICLASS ? n_classes : 1);
  {
    gsize got = 1;

    for (bst_ulong d = 0; d < dim; d++)
      got *= shape[d];
    if (got != expected)
      {
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                     "XGBoost returned %" G_GSIZE_FORMAT " predictions for %" G_GSIZE_FORMAT " rows",
                     got, x->n_rows);
        return FALSE;
      }
  }

  if (margins)
    {
      guint k = task == LUMINA_TASK_MULTICLASS ? n_classes : 1;

      for (gsize r = 0; r < x->n_rows; r++)
        forest_probabilities (task, n_classes, result + r * k, out + r * n_classes);
      return TRUE;
    }

  for (gsize r = 0; r < x->n_rows; r++)
    {
      switch (task)
        {
        case LUMINA_TASK_BINARY:
          out[2 * r + 1] = result[r];
          out[2 * r] = 1.0 - result[r];
          break;
        case LUMINA_TASK_MULTICLASS:
          for (guint k = 0; k < n_classes; k++)
            out[r * n_classes + k] = result[r * n_classes + k];
          break;
        case LUMINA_TASK_REGRESSION:
        default:
          out[r] = result[r];
          break;
        }
    }
  return TRUE;
}

static GBytes *
xgboost_save (LuminaLearner  *learner,
              GError        **error)
{
  LuminaXgboostLearner *self = XGB (learner);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *buffer = NULL;
  bst_ulong length = 0;

  if (self->booster == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s learner has not been fitted", lumina_learner_get_kind (learner));
      return NULL;
    }

  if (!xgb_check (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"json\"}", &length, &buffer),
                  "save the model", error))
    return NULL;
  return g_bytes_new (buffer, length);
}

/* A booster keeps its tree updater's buffers (a histogram per node of the
 * last tree, the row partition) and a prediction cache per training
 * matrix.  A fresh booster loaded from the model's binary form has only
 * the trees. */
static void
xgboost_compact (LuminaLearner *learner)
{
  LuminaXgboostLearner *self = XGB (learner);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GError) error = NULL;
  BoosterHandle fresh = NULL;
  const char *buffer = NULL;
  bst_ulong length = 0;

  if (self->booster == NULL)
    return;
  if (!xgb_check (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"ubj\"}", &length, &buffer),
                  "save the model", &error) ||
      !xgb_check (XGBoosterCreate (NULL, 0, &fresh), "create a booster", &error) ||
      !xgb_check (XGBoosterLoadModelFromBuffer (fresh, buffer, length), "load the model", &error) ||
      !set_uint_param (fresh, "nthread", lumina_learner_get_n_threads (learner), &error))
    {
      /* Nothing lost: the booster stays as it was. */
      g_debug ("Could not compact an XGBoost model: %s", error->message);
      if (fresh != NULL)
        XGBoosterFree (fresh);
      return;
    }
  XGBoosterFree (self->booster);
  self->booster = fresh;
}

static gboolean
xgboost_load (LuminaLearner  *learner,
              GBytes         *bytes,
              GError        **error)
{
  LuminaXgboostLearner *self = XGB (learner);
  g_autoptr(GMutexLocker) locker = NULL;
  BoosterHandle booster = NULL;
  bst_ulong n_features = 0;
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);
  int rounds = 0;

  xgb_quiet ();

  if (size == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The XGBoost model is empty");
      return FALSE;
    }

  if (!xgb_check (XGBoosterCreate (NULL, 0, &booster), "create a booster", error))
    return FALSE;
  if (XGBoosterLoadModelFromBuffer (booster, data, size) != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The XGBoost model cannot be read: %s",
                   XGBGetLastError ());
      XGBoosterFree (booster);
      return FALSE;
    }
  if (!set_uint_param (booster, "nthread", lumina_learner_get_n_threads (learner), error) ||
      !xgb_check (XGBoosterGetNumFeature (booster, &n_features), "read the model's feature count", error) ||
      !xgb_check (XGBoosterBoostedRounds (booster, &rounds), "read the model's round count", error))
    {
      XGBoosterFree (booster);
      return FALSE;
    }
  if (n_features == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The XGBoost model has no features");
      XGBoosterFree (booster);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  self->booster = booster;
  _lumina_learner_set_n_features (learner, (guint) n_features);
  _lumina_learner_set_n_iterations (learner, (guint) rounds);
  return TRUE;
}

/* Total gain per feature, normalised to sum to 1; features no tree
 * splits on get 0. */
static double *
xgboost_feature_importance (LuminaLearner *learner)
{
  LuminaXgboostLearner *self = XGB (learner);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  guint n = lumina_learner_get_n_features (learner);
  const char **names = NULL;
  const bst_ulong *shape = NULL;
  const float *scores = NULL;
  bst_ulong n_named = 0, dim = 0;
  double *importance;
  double total = 0.0;

  if (self->booster == NULL || n == 0)
    return NULL;

  if (XGBoosterFeatureScore (self->booster, "{\"importance_type\": \"total_gain\"}",
                             &n_named, &names, &dim, &shape, &scores) != 0)
    {
      g_warning ("XGBoost could not score the features: %s", XGBGetLastError ());
      return NULL;
    }

  importance = g_new0 (double, n);
  for (bst_ulong i = 0; i < n_named; i++)
    {
      const char *name = names[i];
      guint64 index;

      /* Without feature names XGBoost calls them f0, f1, ... */
      if (name[0] != 'f' || !g_ascii_string_to_unsigned (name + 1, 10, 0, n - 1, &index, NULL))
        continue;
      importance[index] += scores[i];
      total += scores[i];
    }
  for (guint j = 0; j < n; j++)
    importance[j] = total > 0.0 ? importance[j] / total : 0.0;
  return importance;
}

static void
_lumina_xgboost_learner_finalize (GObject *object)
{
  LuminaXgboostLearner *self = XGB (object);

  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  if (self->predict_proxy != NULL)
    XGDMatrixFree (self->predict_proxy);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (_lumina_xgboost_learner_parent_class)->finalize (object);
}

static void
_lumina_xgboost_learner_class_init (LuminaXgboostLearnerClass *klass)
{
  LuminaLearnerClass *learner_class = LUMINA_LEARNER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = _lumina_xgboost_learner_finalize;
  learner_class->configure = xgboost_configure;
  learner_class->fit = xgboost_fit;
  learner_class->predict = xgboost_predict;
  learner_class->save = xgboost_save;
  learner_class->load = xgboost_load;
  learner_class->feature_importance = xgboost_feature_importance;
  learner_class->compact = xgboost_compact;
}

static void
_lumina_xgboost_learner_init (LuminaXgboostLearner *self)
{
  g_mutex_init (&self->lock);
}
