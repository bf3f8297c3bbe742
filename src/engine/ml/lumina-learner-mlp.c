/* lumina-learner-mlp.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "mlp" learner: a fully connected network on CBLAS (lumina-mlp-net.c,
 * lumina-mlp-train.c) with a softmax head for multiclass, a sigmoid head
 * for binary and a linear head for regression (the target is standardised
 * for training and restored in predict()).  Inputs come imputed and
 * standardised from the dense preprocessor; a NaN that still arrives
 * counts as 0.
 *
 * Parameters: hidden_layers (alias hidden_layer_sizes; array of widths or
 * "128,64"), activation, dropout, learning_rate, weight_decay, batch_size,
 * epochs (alias max_epochs), early_stopping_rounds, lr_schedule.
 *
 * Every epoch reports the validation loss (log loss, or RMSE in the
 * target's units; NaN without a validation set).  With a validation set
 * the weights of the best epoch are kept, also when the iteration function
 * stops training, and n_iterations is that epoch.
 *
 * Threads: OpenBLAS's thread count is process-wide, so setting it here
 * would change it under every other learner training at the same time.
 * This learner leaves it alone; the process sets it once (for example with
 * OPENBLAS_NUM_THREADS), and lumina_learner_set_n_threads() does not apply.
 */
#define G_LOG_DOMAIN "lumina-mlp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-learner-private.h"
#include "lumina-mlp-private.h"

#define MAX_HIDDEN_LAYERS  16
#define MAX_LAYER_WIDTH    8192
/* Rows per forward pass at predict time: blocks of 1,024 rows on a
 * 256-wide layer leave the heap for fresh pages at every call, twice as
 * slow on 2,000 rows as blocks of 256. */
#define PREDICT_ROWS       256

typedef struct _LuminaMlpLearner LuminaMlpLearner;

typedef struct
{
  LuminaLearnerClass parent_class;
} LuminaMlpLearnerClass;

struct _LuminaMlpLearner
{
  LuminaLearner         parent_instance;

  GArray               *hidden;
  LuminaMlpActivation   activation;
  double                dropout;
  double                learning_rate;
  double                weight_decay;
  guint                 batch_size;
  guint                 epochs;
  guint                 patience;
  gboolean              cosine;

  /* Fitted state. */
  LuminaMlpNet         *net;
  double                target_mean;
  double                target_scale;
};

G_DEFINE_FINAL_TYPE (LuminaMlpLearner, _lumina_mlp_learner, LUMINA_TYPE_LEARNER)

#define MLP(learner) ((LuminaMlpLearner *) (learner))

static const char * const known_params[] = {
  "hidden_layers", "hidden_layer_sizes", "activation", "dropout", "learning_rate",
  "weight_decay", "batch_size", "epochs", "max_epochs", "early_stopping_rounds",
  "lr_schedule", NULL
};

/* Picks @name or its alias (sklearn's spelling, which the AutoML search
 * space uses); giving both is an error. */
static gboolean
pick_name (LuminaLearner  *learner,
           const char     *name,
           const char     *alias,
           const char    **out,
           GError        **error)
{
  JsonObject *params = lumina_learner_get_params (learner);
  gboolean has_name = json_object_has_member (params, name);
  gboolean has_alias = json_object_has_member (params, alias);

  if (has_name && has_alias)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "Parameters “%s” and “%s” of the mlp learner mean the same; give one", name, alias);
      return FALSE;
    }
  *out = has_alias ? alias : name;
  return TRUE;
}

static gboolean
add_width (GArray  *widths,
           double   value)
{
  guint width;

  if (!(value >= 1 && value <= MAX_LAYER_WIDTH && value == floor (value)) ||
      widths->len >= MAX_HIDDEN_LAYERS)
    return FALSE;

  width = (guint) value;
  g_array_append_val (widths, width);
  return TRUE;
}

static gboolean
parse_widths_string (const char *text,
                     GArray     *widths)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_auto(GStrv) parts = NULL;

  if (*trimmed == '\0')
    return TRUE;

  parts = g_strsplit (trimmed, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, MAX_LAYER_WIDTH, &value, NULL) ||
          !add_width (widths, (double) value))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_widths_node (JsonNode *node,
                   GArray   *widths)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return parse_widths_string (json_node_get_string (node), widths);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_value_type (element) : G_TYPE_INVALID;

      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) ||
          !add_width (widths, json_node_get_double (element)))
        return FALSE;
    }
  return TRUE;
}

/* Reads the hidden layer widths and stores them back as an array of ints. */
static gboolean
configure_hidden (LuminaLearner  *learner,
                  GError        **error)
{
  LuminaMlpLearner *self = MLP (learner);
  JsonObject *params = lumina_learner_get_params (learner);
  const char *name;
  JsonNode *node;
  JsonArray *canonical;

  if (!pick_name (learner, "hidden_layers", "hidden_layer_sizes", &name, error))
    return FALSE;

  g_array_set_size (self->hidden, 0);
  node = json_object_get_member (params, name);
  if (node == NULL)
    {
      guint defaults[] = { 128, 64 };

      g_array_append_vals (self->hidden, defaults, G_N_ELEMENTS (defaults));
    }
  else if (!parse_widths_node (node, self->hidden))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG,
                   "Parameter “%s” of the mlp learner must be a list of at most %u layer widths "
                   "between 1 and %u, such as [128, 64] or \"128,64\"",
                   name, MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH);
      return FALSE;
    }

  canonical = json_array_new ();
  for (guint i = 0; i < self->hidden->len; i++)
    json_array_add_int_element (canonical, g_array_index (self->hidden, guint, i));
  json_object_set_array_member (params, name, canonical);
  return TRUE;
}

static gboolean
mlp_configure (LuminaLearner  *learner,
               GError        **error)
{
  static const char * const activations[] = { "relu", "gelu", NULL };
  static const char * const schedules[] = { "cosine", "constant", NULL };
  LuminaMlpLearner *self = MLP (learner);
  const char *activation, *schedule, *epochs_name;
  gint64 batch_size, epochs, patience;

  if (!_lumina_learner_check_known (learner, known_params, error) ||
      !configure_hidden (learner, error) ||
      !pick_name (learner, "epochs", "max_epochs", &epochs_name, error) ||
      !_lumina_learner_param_string (learner, "activation", "relu", activations, &activation, error) ||
      !_lumina_learner_param_string (learner, "lr_schedule", "cosine", schedules, &schedule, error) ||
      !_lumina_learner_param_double (learner, "dropout", 0.1, 0.0, 0.9, &self->dropout, error) ||
      !_lumina_learner_param_double (learner, "learning_rate", 1e-3, 1e-7, 10.0, &self->learning_rate, error) ||
      !_lumina_learner_param_double (learner, "weight_decay", 1e-4, 0.0, 1.0, &self->weight_decay, error) ||
      !_lumina_learner_param_int (learner, "batch_size", 128, 1, 1 << 16, &batch_size, error) ||
      !_lumina_learner_param_int (learner, epochs_name, 200, 1, 100000, &epochs, error) ||
      !_lumina_learner_param_int (learner, "early_stopping_rounds", 15, 0, 100000, &patience, error))
    return FALSE;

  self->activation = g_str_equal (activation, "gelu") ? LUMINA_MLP_GELU : LUMINA_MLP_RELU;
  self->cosine = g_str_equal (schedule, "cosine");
  self->batch_size = (guint) batch_size;
  self->epochs = (guint) epochs;
  self->patience = (guint) patience;
  return TRUE;
}

/* A copy of @x with every non-finite value set to 0, or %NULL when @x has
 * none and can be used as it is. */
static float *
finite_copy (const LuminaMatrix *x)
{
  gsize n = x->n_rows * x->n_cols;
  float *copy;
  gsize first = 0;

  while (first < n && isfinite (x->data[first]))
    first++;
  if (first == n)
    return NULL;

  copy = g_memdup2 (x->data, n * sizeof (float));
  for (gsize i = first; i < n; i++)
    if (!isfinite (copy[i]))
      copy[i] = 0.0f;
  return copy;
}

static float *
targets_for_training (LuminaMlpLearner *self,
                      const double     *y,
                      gsize             n)
{
  float *out = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    out[i] = (float) ((y[i] - self->target_mean) / self->target_scale);
  return out;
}

static void
fit_target_scaling (LuminaMlpLearner *self,
                    const double     *y,
                    gsize             n)
{
  double mean = 0.0, var = 0.0;

  self->target_mean = 0.0;
  self->target_scale = 1.0;
  if (lumina_learner_get_task (LUMINA_LEARNER (self)) != LUMINA_TASK_REGRESSION)
    return;

  for (gsize i = 0; i < n; i++)
    mean += y[i];
  mean /= n;
  for (gsize i = 0; i < n; i++)
    var += (y[i] - mean) * (y[i] - mean);
  var /= n;

  self->target_mean = mean;
  self->target_scale = var > 0.0 ? sqrt (var) : 1.0;
}

static LuminaMlpNet *
build_net (LuminaMlpLearner *self,
           guint             n_features)
{
  LuminaLearner *learner = LUMINA_LEARNER (self);
  LuminaTask task = lumina_learner_get_task (learner);
  g_autofree guint *units = g_new (guint, self->hidden->len + 2);
  LuminaMlpHead head = LUMINA_MLP_HEAD_LINEAR;
  guint n_out = 1;

  if (task == LUMINA_TASK_MULTICLASS)
    {
      head = LUMINA_MLP_HEAD_SOFTMAX;
      n_out = lumina_learner_get_n_classes (learner);
    }
  else if (task == LUMINA_TASK_BINARY)
    head = LUMINA_MLP_HEAD_SIGMOID;

  units[0] = n_features;
  for (guint i = 0; i < self->hidden->len; i++)
    units[i + 1] = g_array_index (self->hidden, guint, i);
  units[self->hidden->len + 1] = n_out;

  return _lumina_mlp_net_new (units, self->hidden->len + 1, self->activation, head);
}

static gboolean
report_epoch (guint    epoch,
              double   valid_loss,
              gpointer user_data)
{
  return _lumina_learner_report_iteration (LUMINA_LEARNER (user_data), epoch, valid_loss);
}

static gboolean
mlp_fit (LuminaLearner       *learner,
         const LuminaMatrix  *x,
         const double        *y,
         const LuminaMatrix  *x_valid,
         const double        *y_valid,
         GCancellable        *cancellable,
         GError             **error)
{
  LuminaMlpLearner *self = MLP (learner);
  g_autofree float *x_clean = finite_copy (x);
  g_autofree float *xv_clean = x_valid != NULL ? finite_copy (x_valid) : NULL;
  g_autofree float *y_train = NULL;
  g_autofree float *y_valid_f = NULL;
  LuminaMlpData train, valid;
  LuminaMlpTrainOptions options = { 0 };
  LuminaMlpRng rng;
  LuminaMlpNet *net;
  guint kept_epoch = 0;

  g_clear_pointer (&self->net, _lumina_mlp_net_free);
  fit_target_scaling (self, y, x->n_rows);
  y_train = targets_for_training (self, y, x->n_rows);
  train = (LuminaMlpData) { x_clean != NULL ? x_clean : x->data, y_train, x->n_rows };
  if (x_valid != NULL)
    {
      y_valid_f = targets_for_training (self, y_valid, x_valid->n_rows);
      valid = (LuminaMlpData) { xv_clean != NULL ? xv_clean : x_valid->data, y_valid_f, x_valid->n_rows };
    }

  options.epochs = self->epochs;
  options.batch_size = self->batch_size;
  options.patience = self->patience;
  options.learning_rate = self->learning_rate;
  options.weight_decay = self->weight_decay;
  options.dropout = self->dropout;
  options.cosine = self->cosine;
  options.target_scale = self->target_scale;
  options.epoch_func = report_epoch;
  options.epoch_data = learner;
  options.cancellable = cancellable;

  net = build_net (self, x->n_cols);
  lumina_mlp_rng_init (&rng, lumina_learner_get_seed (learner));
  _lumina_mlp_net_init (net, &rng);

  if (!_lumina_mlp_train (net, &rng, &train, x_valid != NULL ? &valid : NULL, &options,
                          &kept_epoch, error))
    {
      _lumina_mlp_net_free (net);
      _lumina_learner_set_n_features (learner, 0);
      _lumina_learner_set_n_iterations (learner, 0);
      return FALSE;
    }

  self->net = net;
  _lumina_learner_set_n_iterations (learner, kept_epoch);
  return TRUE;
}

static void
write_outputs (LuminaMlpLearner *self,
               const float      *p,
               guint             rows,
               double           *out)
{
  guint k = _lumina_mlp_net_n_outputs (self->net);

  switch (self->net->head)
    {
    case LUMINA_MLP_HEAD_SOFTMAX:
      for (gsize i = 0; i < (gsize) rows * k; i++)
        out[i] = p[i];
      break;
    case LUMINA_MLP_HEAD_SIGMOID:
      for (guint r = 0; r < rows; r++)
        {
          out[2 * r] = 1.0 - p[r];
          out[2 * r + 1] = p[r];
        }
      break;
    case LUMINA_MLP_HEAD_LINEAR:
    default:
      for (guint r = 0; r < rows; r++)
        out[r] = p[r] * self->target_scale + self->target_mean;
      break;
    }
}

static gboolean
mlp_predict (LuminaLearner       *learner,
             const LuminaMatrix  *x,
             double              *out,
             GError             **error)
{
  LuminaMlpLearner *self = MLP (learner);
  guint d = x->n_cols, n_outputs = lumina_learner_get_n_outputs (learner);
  guint max_rows;
  LuminaMlpWork *work;
  g_autofree float *chunk = NULL;

  if (self->net == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The mlp learner has not been fitted");
      return FALSE;
    }

  /* Buffers for the rows at hand: a one-row request should not clear
   * the space of a thousand. */
  max_rows = (guint) MAX (MIN ((gsize) PREDICT_ROWS, x->n_rows), 1);
  work = _lumina_mlp_work_new (self->net, max_rows);
  chunk = g_new (float, (gsize) max_rows * d);

  for (gsize start = 0; start < x->n_rows; start += max_rows)
    {
      guint rows = (guint) MIN ((gsize) max_rows, x->n_rows - start);
      const float *src = lumina_matrix_row (x, start);

      for (gsize i = 0; i < (gsize) rows * d; i++)
        chunk[i] = isfinite (src[i]) ? src[i] : 0.0f;

      _lumina_mlp_forward (work, chunk, rows, 0.0f, NULL);
      write_outputs (self, work->a[self->net->n_layers], rows, out + start * n_outputs);
    }

  _lumina_mlp_work_free (work);
  return TRUE;
}

static GBytes *
mlp_save (LuminaLearner  *learner,
          GError        **error)
{
  LuminaMlpLearner *self = MLP (learner);

  if (self->net == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The mlp learner has not been fitted");
      return NULL;
    }
  return _lumina_mlp_save (self->net, self->target_mean, self->target_scale);
}

static gboolean
mlp_load (LuminaLearner  *learner,
          GBytes         *bytes,
          GError        **error)
{
  LuminaMlpLearner *self = MLP (learner);
  LuminaTask task = lumina_learner_get_task (learner);
  LuminaMlpHead head = task == LUMINA_TASK_MULTICLASS ? LUMINA_MLP_HEAD_SOFTMAX :
                       task == LUMINA_TASK_BINARY ? LUMINA_MLP_HEAD_SIGMOID : LUMINA_MLP_HEAD_LINEAR;
  guint n_out = task == LUMINA_TASK_MULTICLASS ? lumina_learner_get_n_classes (learner) : 1;
  LuminaMlpNet *net;

  net = _lumina_mlp_load (bytes, head, n_out, &self->target_mean, &self->target_scale, error);
  if (net == NULL)
    return FALSE;

  g_clear_pointer (&self->net, _lumina_mlp_net_free);
  self->net = net;
  _lumina_learner_set_n_features (learner, net->units[0]);
  return TRUE;
}

/* Normalised sum of |weight| leaving each input in the first layer. */
static double *
mlp_feature_importance (LuminaLearner *learner)
{
  LuminaMlpLearner *self = MLP (learner);
  guint d, width;
  double *importance;
  double total = 0.0;

  if (self->net == NULL)
    return NULL;

  d = self->net->units[0];
  width = self->net->units[1];
  importance = g_new0 (double, d);
  for (guint i = 0; i < d; i++)
    {
      const float *row = self->net->w[0] + (gsize) i * width;

      for (guint j = 0; j < width; j++)
        importance[i] += fabsf (row[j]);
      total += importance[i];
    }
  for (guint i = 0; i < d; i++)
    importance[i] = total > 0.0 ? importance[i] / total : 1.0 / d;
  return importance;
}

static void
_lumina_mlp_learner_finalize (GObject *object)
{
  LuminaMlpLearner *self = MLP (object);

  g_clear_pointer (&self->net, _lumina_mlp_net_free);
  g_clear_pointer (&self->hidden, g_array_unref);

  G_OBJECT_CLASS (_lumina_mlp_learner_parent_class)->finalize (object);
}

static void
_lumina_mlp_learner_class_init (LuminaMlpLearnerClass *klass)
{
  LuminaLearnerClass *learner_class = LUMINA_LEARNER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = _lumina_mlp_learner_finalize;
  learner_class->configure = mlp_configure;
  learner_class->fit = mlp_fit;
  learner_class->predict = mlp_predict;
  learner_class->save = mlp_save;
  learner_class->load = mlp_load;
  learner_class->feature_importance = mlp_feature_importance;
}

static void
_lumina_mlp_learner_init (LuminaMlpLearner *self)
{
  self->hidden = g_array_new (FALSE, FALSE, sizeof (guint));
  self->target_scale = 1.0;
}
