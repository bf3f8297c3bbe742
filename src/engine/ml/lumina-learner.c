/* lumina-learner.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one interface every learner follows.  The base class owns what all
 * learners share: kind, task, parameters (with defaults filled in by the
 * implementation's configure()), the iteration callback and thread count.
 * Parameter "seed" (integer, default 42) is common to all learners.
 */
#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-learner-private.h"

typedef struct
{
  char                *kind;
  LuminaTask           task;
  guint                n_classes;
  JsonObject          *params;
  guint64              seed;
  guint                n_threads;
  guint                n_iterations;
  guint                n_features;
  LuminaIterationFunc  iteration_func;
  gpointer             iteration_data;
} LuminaLearnerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LuminaLearner, lumina_learner, G_TYPE_OBJECT)

static const char * const learner_kinds[] = { "xgboost", "forest", "mlp", "linear", NULL };

static void
lumina_learner_finalize (GObject *object)
{
  LuminaLearner *self = LUMINA_LEARNER (object);
  LuminaLearnerPrivate *priv = lumina_learner_get_instance_private (self);

  g_clear_pointer (&priv->kind, g_free);
  g_clear_pointer (&priv->params, json_object_unref);

  G_OBJECT_CLASS (lumina_learner_parent_class)->finalize (object);
}

static void
lumina_learner_class_init (LuminaLearnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_learner_finalize;
}

static void
lumina_learner_init (LuminaLearner *self)
{
  LuminaLearnerPrivate *priv = lumina_learner_get_instance_private (self);

  priv->n_threads = 1;
  priv->seed = 42;
}

/**
 * lumina_learner_list_kinds:
 * Returns: (transfer none): the learner kinds lumina_learner_new() accepts.
 */
const char * const *
lumina_learner_list_kinds (void)
{
  return learner_kinds;
}

static GType
learner_type_for_kind (const char *kind)
{
  if (g_strcmp0 (kind, "xgboost") == 0 || g_strcmp0 (kind, "forest") == 0)
    return _lumina_xgboost_learner_get_type ();
  if (g_strcmp0 (kind, "mlp") == 0)
    return _lumina_mlp_learner_get_type ();
  if (g_strcmp0 (kind, "linear") == 0)
    return _lumina_linear_learner_get_type ();
  return G_TYPE_INVALID;
}

static JsonObject *
copy_params (JsonObject *params)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = NULL;

  if (params == NULL)
    return copy;

  members = json_object_get_members (params);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (params, l->data)));

  return copy;
}

/**
 * lumina_learner_new:
 * @kind: one of lumina_learner_list_kinds()
 * @n_classes: 2 for binary, the number of classes for multiclass, 1 for regression
 * @params: (nullable): hyperparameters; unknown names and out-of-range values
 *   are errors.  Not modified; the learner keeps a completed copy.
 *
 * Returns: (transfer full): an unfitted learner, or %NULL with @error set
 */
LuminaLearner *
lumina_learner_new (const char  *kind,
                    LuminaTask   task,
                    guint        n_classes,
                    JsonObject  *params,
                    GError     **error)
{
  g_autoptr(LuminaLearner) self = NULL;
  LuminaLearnerPrivate *priv;
  GType type = learner_type_for_kind (kind);
  gint64 seed;

  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "Unknown learner “%s” (known: xgboost, forest, mlp, linear)", kind ? kind : "");
      return NULL;
    }

  if ((task == LUMINA_TASK_BINARY && n_classes != 2) ||
      (task == LUMINA_TASK_MULTICLASS && n_classes < 3) ||
      (task == LUMINA_TASK_REGRESSION && n_classes != 1))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "A %s task cannot have %u classes",
                   task == LUMINA_TASK_REGRESSION ? "regression" :
                   task == LUMINA_TASK_BINARY ? "binary" : "multiclass", n_classes);
      return NULL;
    }

  self = g_object_new (type, NULL);
  priv = lumina_learner_get_instance_private (self);
  priv->kind = g_strdup (kind);
  priv->task = task;
  priv->n_classes = n_classes;
  priv->params = copy_params (params);

  if (!_lumina_learner_param_int (self, "seed", 42, 0, G_MAXINT64, &seed, error))
    return NULL;
  priv->seed = (guint64) seed;

  if (!LUMINA_LEARNER_GET_CLASS (self)->configure (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * lumina_learner_load:
 * Rebuilds a fitted learner from what lumina_learner_save() returned.
 */
LuminaLearner *
lumina_learner_load (const char  *kind,
                     LuminaTask   task,
                     guint        n_classes,
                     JsonObject  *params,
                     GBytes      *bytes,
                     GError     **error)
{
  g_autoptr(LuminaLearner) self = lumina_learner_new (kind, task, n_classes, params, error);

  if (self == NULL)
    return NULL;

  if (!LUMINA_LEARNER_GET_CLASS (self)->load (self, bytes, error))
    return NULL;

  return g_steal_pointer (&self);
}

#define PRIV(self) ((LuminaLearnerPrivate *) lumina_learner_get_instance_private (self))

const char *
lumina_learner_get_kind (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), NULL);
  return PRIV (self)->kind;
}

LuminaTask
lumina_learner_get_task (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), LUMINA_TASK_REGRESSION);
  return PRIV (self)->task;
}

guint
lumina_learner_get_n_classes (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 0);
  return PRIV (self)->n_classes;
}

/**
 * lumina_learner_get_n_outputs:
 * Returns: the values predict() writes per row: one probability per class
 *   (two for binary), or one value for regression.
 */
guint
lumina_learner_get_n_outputs (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 0);
  return PRIV (self)->n_classes;
}

guint
lumina_learner_get_n_features (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 0);
  return PRIV (self)->n_features;
}

/**
 * lumina_learner_get_params:
 * Returns: (transfer none): every hyperparameter, defaults included.
 */
JsonObject *
lumina_learner_get_params (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), NULL);
  return PRIV (self)->params;
}

guint
lumina_learner_get_n_iterations (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 0);
  return PRIV (self)->n_iterations;
}

guint64
lumina_learner_get_seed (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 0);
  return PRIV (self)->seed;
}

void
lumina_learner_set_n_threads (LuminaLearner *self,
                              guint          n_threads)
{
  g_return_if_fail (LUMINA_IS_LEARNER (self));
  PRIV (self)->n_threads = MAX (n_threads, 1);
}

guint
lumina_learner_get_n_threads (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), 1);
  return PRIV (self)->n_threads;
}

void
lumina_learner_set_iteration_func (LuminaLearner       *self,
                                   LuminaIterationFunc  func,
                                   gpointer             user_data)
{
  g_return_if_fail (LUMINA_IS_LEARNER (self));
  PRIV (self)->iteration_func = func;
  PRIV (self)->iteration_data = user_data;
}

static gboolean
check_matrix (LuminaLearner       *self,
              const LuminaMatrix  *x,
              const char          *what,
              GError             **error)
{
  if (x == NULL || x->n_rows == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s set has no rows", what);
      return FALSE;
    }
  if (x->n_cols == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s set has no feature columns", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_labels (LuminaLearner  *self,
              const double   *y,
              gsize           n,
              const char     *what,
              GError        **error)
{
  LuminaLearnerPrivate *priv = PRIV (self);

  for (gsize i = 0; i < n; i++)
    {
      gboolean ok = isfinite (y[i]);

      if (ok && priv->task != LUMINA_TASK_REGRESSION)
        ok = y[i] >= 0 && y[i] < priv->n_classes && y[i] == floor (y[i]);

      if (!ok)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "Row %" G_GSIZE_FORMAT " of the %s set has an invalid target value %g",
                       i + 1, what, y[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * lumina_learner_fit:
 * @x_valid: (nullable): a validation set for early stopping and the
 *   iteration callback's loss; with @y_valid.
 *
 * Targets are class indices (0 .. n_classes-1) for classification.
 * Cancelling @cancellable stops fitting with %G_IO_ERROR_CANCELLED.
 */
gboolean
lumina_learner_fit (LuminaLearner       *self,
                    const LuminaMatrix  *x,
                    const double        *y,
                    const LuminaMatrix  *x_valid,
                    const double        *y_valid,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), FALSE);
  g_return_val_if_fail ((x_valid == NULL) == (y_valid == NULL), FALSE);

  if (!check_matrix (self, x, "training", error) ||
      !check_labels (self, y, x->n_rows, "training", error))
    return FALSE;

  if (x_valid != NULL)
    {
      if (!check_matrix (self, x_valid, "validation", error) ||
          !check_labels (self, y_valid, x_valid->n_rows, "validation", error))
        return FALSE;
      if (x_valid->n_cols != x->n_cols)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "The validation set has %u columns, the training set %u",
                       x_valid->n_cols, x->n_cols);
          return FALSE;
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  PRIV (self)->n_iterations = 0;
  PRIV (self)->n_features = x->n_cols;

  return LUMINA_LEARNER_GET_CLASS (self)->fit (self, x, y, x_valid, y_valid, cancellable, error);
}

/**
 * lumina_learner_predict:
 * @out: room for n_rows × lumina_learner_get_n_outputs() values, row-major
 */
gboolean
lumina_learner_predict (LuminaLearner       *self,
                        const LuminaMatrix  *x,
                        double              *out,
                        GError             **error)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), FALSE);
  g_return_val_if_fail (x != NULL && out != NULL, FALSE);

  if (PRIV (self)->n_features == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s learner has not been fitted", PRIV (self)->kind);
      return FALSE;
    }
  if (x->n_cols != PRIV (self)->n_features)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The model expects %u features, the data has %u",
                   PRIV (self)->n_features, x->n_cols);
      return FALSE;
    }
  if (x->n_rows == 0)
    return TRUE;

  return LUMINA_LEARNER_GET_CLASS (self)->predict (self, x, out, error);
}

GBytes *
lumina_learner_save (LuminaLearner  *self,
                     GError        **error)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), NULL);

  if (PRIV (self)->n_features == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The %s learner has not been fitted", PRIV (self)->kind);
      return NULL;
    }

  return LUMINA_LEARNER_GET_CLASS (self)->save (self, error);
}

/**
 * lumina_learner_compact:
 *
 * Frees the memory training left behind in a fitted learner that is kept
 * for predictions only (XGBoost's histograms and row partitions: hundreds
 * of megabytes on a large table).  Predictions stay the same.
 */
void
lumina_learner_compact (LuminaLearner *self)
{
  g_return_if_fail (LUMINA_IS_LEARNER (self));

  if (PRIV (self)->n_features > 0 && LUMINA_LEARNER_GET_CLASS (self)->compact != NULL)
    LUMINA_LEARNER_GET_CLASS (self)->compact (self);
}

/**
 * lumina_learner_feature_importance:
 * Returns: (transfer full) (nullable): the learner's own importance of each
 *   feature, normalised to sum to 1 (gain for trees, |weight| for linear
 *   and neural models), or %NULL when not fitted.
 */
double *
lumina_learner_feature_importance (LuminaLearner *self)
{
  g_return_val_if_fail (LUMINA_IS_LEARNER (self), NULL);

  if (PRIV (self)->n_features == 0 || LUMINA_LEARNER_GET_CLASS (self)->feature_importance == NULL)
    return NULL;

  return LUMINA_LEARNER_GET_CLASS (self)->feature_importance (self);
}

gboolean
_lumina_learner_report_iteration (LuminaLearner *self,
                                  guint          iteration,
                                  double         valid_loss)
{
  LuminaLearnerPrivate *priv = PRIV (self);

  priv->n_iterations = iteration;

  if (priv->iteration_func == NULL)
    return TRUE;

  return priv->iteration_func (self, iteration, valid_loss, priv->iteration_data);
}

void
_lumina_learner_set_n_iterations (LuminaLearner *self,
                                  guint          n_iterations)
{
  PRIV (self)->n_iterations = n_iterations;
}

void
_lumina_learner_set_n_features (LuminaLearner *self,
                                guint          n_features)
{
  PRIV (self)->n_features = n_features;
}

static gboolean
param_error (LuminaLearner  *self,
             const char     *name,
             const char     *expected,
             GError        **error)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
               "Parameter “%s” of the %s learner must be %s", name, PRIV (self)->kind, expected);
  return FALSE;
}

gboolean
_lumina_learner_param_double (LuminaLearner  *self,
                              const char     *name,
                              double          default_value,
                              double          min,
                              double          max,
                              double         *out,
                              GError        **error)
{
  JsonObject *params = PRIV (self)->params;
  JsonNode *node = json_object_get_member (params, name);
  g_autofree char *expected = NULL;
  double value = default_value;

  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
        return param_error (self, name, "a number", error);
      value = json_node_get_double (node);
    }

  if (!(value >= min && value <= max))
    {
      expected = g_strdup_printf ("between %g and %g", min, max);
      return param_error (self, name, expected, error);
    }

  json_object_set_double_member (params, name, value);
  *out = value;
  return TRUE;
}

gboolean
_lumina_learner_param_int (LuminaLearner  *self,
                           const char     *name,
                           gint64          default_value,
                           gint64          min,
                           gint64          max,
                           gint64         *out,
                           GError        **error)
{
  JsonObject *params = PRIV (self)->params;
  JsonNode *node = json_object_get_member (params, name);
  g_autofree char *expected = NULL;
  gint64 value = default_value;

  if (node != NULL)
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      double d = type == G_TYPE_DOUBLE ? json_node_get_double (node) : 0.5;

      if (type == G_TYPE_INT64)
        value = json_node_get_int (node);
      else if (d == floor (d) && fabs (d) < 9e15)
        value = (gint64) d;
      else
        return param_error (self, name, "an integer", error);
    }

  if (value < min || value > max)
    {
      expected = g_strdup_printf ("between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, min, max);
      return param_error (self, name, expected, error);
    }

  json_object_set_int_member (params, name, value);
  *out = value;
  return TRUE;
}

gboolean
_lumina_learner_param_string (LuminaLearner       *self,
                              const char          *name,
                              const char          *default_value,
                              const char * const  *allowed,
                              const char         **out,
                              GError             **error)
{
  JsonObject *params = PRIV (self)->params;
  JsonNode *node = json_object_get_member (params, name);
  const char *value = default_value;

  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return param_error (self, name, "a string", error);
      value = json_node_get_string (node);
    }

  if (allowed != NULL && !g_strv_contains (allowed, value))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);
      g_autofree char *expected = g_strdup_printf ("one of %s", list);
      return param_error (self, name, expected, error);
    }

  json_object_set_string_member (params, name, value);
  *out = json_object_get_string_member (params, name);
  return TRUE;
}

gboolean
_lumina_learner_check_known (LuminaLearner       *self,
                             const char * const  *known,
                             GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (PRIV (self)->params);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (g_strcmp0 (l->data, "seed") != 0 && !g_strv_contains (known, l->data))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                       "The %s learner has no parameter “%s”", PRIV (self)->kind, (const char *) l->data);
          return FALSE;
        }
    }
  return TRUE;
}
