/* lumina-search-space.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the AutoML search explores for each learner, and the configurations
 * it tries first.  Parameter names are the learners' own (their Python
 * API names).
 */
#define G_LOG_DOMAIN "lumina-automl"

#include "config.h"

#include <math.h>

#include "lumina-metrics.h"
#include "lumina-search.h"

static const LuminaParamSpec xgboost_params[] = {
  { "learning_rate",    LUMINA_PARAM_FLOAT, 0.01, 0.3, TRUE },
  { "max_depth",        LUMINA_PARAM_INT,   3, 10, FALSE },
  { "min_child_weight", LUMINA_PARAM_FLOAT, 1, 20, TRUE },
  { "subsample",        LUMINA_PARAM_FLOAT, 0.5, 1, FALSE },
  { "colsample_bytree", LUMINA_PARAM_FLOAT, 0.4, 1, FALSE },
  { "reg_lambda",       LUMINA_PARAM_FLOAT, 1e-3, 10, TRUE },
  { "reg_alpha",        LUMINA_PARAM_FLOAT, 1e-4, 1, TRUE },
};

static const LuminaParamSpec forest_params[] = {
  { "n_estimators",     LUMINA_PARAM_INT,   50, 300, TRUE },
  { "max_depth",        LUMINA_PARAM_INT,   6, 20, FALSE },
  { "subsample",        LUMINA_PARAM_FLOAT, 0.5, 1, FALSE },
  { "colsample_bynode", LUMINA_PARAM_FLOAT, 0.3, 1, FALSE },
  { "min_child_weight", LUMINA_PARAM_FLOAT, 1, 10, TRUE },
};

static const char * const mlp_shapes[] = {
  "[64]", "[128]", "[256]", "[64,32]", "[128,64]", "[256,128]", "[128,64,32]", NULL
};
static const char * const mlp_batches[] = { "32", "64", "128", "256", NULL };

static const LuminaParamSpec mlp_params[] = {
  { "hidden_layer_sizes", LUMINA_PARAM_CATEGORICAL, 0, 0, FALSE, mlp_shapes },
  { "dropout",            LUMINA_PARAM_FLOAT, 0, 0.5, FALSE },
  { "learning_rate",      LUMINA_PARAM_FLOAT, 1e-4, 3e-2, TRUE },
  { "weight_decay",       LUMINA_PARAM_FLOAT, 1e-6, 1e-2, TRUE },
  { "batch_size",         LUMINA_PARAM_CATEGORICAL, 0, 0, FALSE, mlp_batches },
};

static const char * const linear_penalties[] = { "\"l2\"", "\"l1\"", NULL };

static const LuminaParamSpec linear_params[] = {
  { "penalty", LUMINA_PARAM_CATEGORICAL, 0, 0, FALSE, linear_penalties },
  { "alpha",   LUMINA_PARAM_FLOAT, 1e-5, 1, TRUE },
};

static const LuminaSearchSpace spaces[] = {
  { "xgboost", xgboost_params, G_N_ELEMENTS (xgboost_params),
    "{\"n_estimators\": 1000, \"early_stopping_rounds\": 30}" },
  { "forest", forest_params, G_N_ELEMENTS (forest_params), "{}" },
  { "mlp", mlp_params, G_N_ELEMENTS (mlp_params),
    "{\"max_epochs\": 200, \"early_stopping_rounds\": 15}" },
  { "linear", linear_params, G_N_ELEMENTS (linear_params), "{}" },
};

static const char * const xgboost_portfolio[] = {
  "{\"learning_rate\": 0.1, \"max_depth\": 6}",
  "{\"learning_rate\": 0.3, \"max_depth\": 3, \"subsample\": 0.9, \"colsample_bytree\": 0.8}",
  "{\"learning_rate\": 0.05, \"max_depth\": 8, \"min_child_weight\": 2, \"subsample\": 0.8,"
  " \"colsample_bytree\": 0.7}",
  NULL
};
static const char * const forest_portfolio[] = {
  "{\"n_estimators\": 100, \"max_depth\": 12, \"subsample\": 0.8, \"colsample_bynode\": 0.6}",
  NULL
};
static const char * const mlp_portfolio[] = {
  "{\"hidden_layer_sizes\": [128, 64], \"learning_rate\": 0.001, \"dropout\": 0.1}",
  NULL
};
static const char * const linear_portfolio[] = {
  "{\"penalty\": \"l2\", \"alpha\": 0.0001}",
  NULL
};

const LuminaSearchSpace *
lumina_search_space_for (const char *learner)
{
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    if (g_strcmp0 (spaces[i].learner, learner) == 0)
      return &spaces[i];

  return NULL;
}

const char * const *
lumina_search_space_portfolio (const char *learner)
{
  if (g_strcmp0 (learner, "xgboost") == 0)
    return xgboost_portfolio;
  if (g_strcmp0 (learner, "forest") == 0)
    return forest_portfolio;
  if (g_strcmp0 (learner, "mlp") == 0)
    return mlp_portfolio;
  if (g_strcmp0 (learner, "linear") == 0)
    return linear_portfolio;
  return NULL;
}

guint
lumina_search_space_n_choices (const LuminaParamSpec *spec)
{
  guint n = 0;

  if (spec->choices != NULL)
    while (spec->choices[n] != NULL)
      n++;
  return n;
}

void
lumina_param_spec_bounds (const LuminaParamSpec *spec,
                          double                *low,
                          double                *high)
{
  if (spec->kind == LUMINA_PARAM_CATEGORICAL)
    {
      *low = 0;
      *high = lumina_search_space_n_choices (spec) - 1;
    }
  else if (spec->log)
    {
      *low = log (spec->low);
      *high = log (spec->high);
    }
  else
    {
      *low = spec->low;
      *high = spec->high;
    }
}

static int
find_param (const LuminaSearchSpace *space,
            const char              *name)
{
  for (guint i = 0; i < space->n_params; i++)
    if (g_strcmp0 (space->params[i].name, name) == 0)
      return i;
  return -1;
}

void
lumina_search_space_normalize (const LuminaSearchSpace *space,
                               double                  *point)
{
  for (guint i = 0; i < space->n_params; i++)
    {
      const LuminaParamSpec *spec = &space->params[i];
      double low, high;

      lumina_param_spec_bounds (spec, &low, &high);
      if (spec->parent != NULL)
        {
          int parent = find_param (space, spec->parent);

          if (parent < 0 || isnan (point[parent]) ||
              (guint) point[parent] != spec->parent_choice)
            {
              point[i] = NAN;
              continue;
            }
        }
      if (isnan (point[i]))
        point[i] = (low + high) / 2;
      point[i] = CLAMP (point[i], low, high);
      if (spec->kind == LUMINA_PARAM_CATEGORICAL)
        point[i] = floor (point[i] + 0.5);
      else if (spec->kind == LUMINA_PARAM_INT && !spec->log)
        point[i] = floor (point[i] + 0.5);
    }
}

JsonObject *
lumina_search_space_to_params (const LuminaSearchSpace *space,
                               const double            *point)
{
  g_autoptr(JsonNode) fixed = json_from_string (space->fixed, NULL);
  JsonObject *params = json_object_ref (json_node_get_object (fixed));

  for (guint i = 0; i < space->n_params; i++)
    {
      const LuminaParamSpec *spec = &space->params[i];
      double value = point[i];

      if (isnan (value))
        continue;
      if (spec->kind == LUMINA_PARAM_CATEGORICAL)
        {
          guint n = lumina_search_space_n_choices (spec);
          guint index = (guint) CLAMP (value, 0, n - 1);

          json_object_set_member (params, spec->name,
                                  json_from_string (spec->choices[index], NULL));
          continue;
        }
      if (spec->log)
        value = exp (value);
      if (spec->kind == LUMINA_PARAM_INT)
        json_object_set_int_member (params, spec->name,
                                    (gint64) CLAMP (floor (value + 0.5), spec->low, spec->high));
      else
        json_object_set_double_member (params, spec->name, CLAMP (value, spec->low, spec->high));
    }

  return params;
}

/* The point of @params in @space's coordinates; NaN where @params does
 * not set a dimension (or sets a value outside its choices). */
void
lumina_search_space_from_params (const LuminaSearchSpace *space,
                                 JsonObject              *params,
                                 double                  *point)
{
  for (guint i = 0; i < space->n_params; i++)
    {
      const LuminaParamSpec *spec = &space->params[i];
      JsonNode *node = json_object_get_member (params, spec->name);

      point[i] = NAN;
      if (node == NULL)
        continue;
      if (spec->kind == LUMINA_PARAM_CATEGORICAL)
        {
          g_autofree char *text = json_to_string (node, FALSE);

          for (guint c = 0; spec->choices[c] != NULL; c++)
            {
              g_autoptr(JsonNode) choice = json_from_string (spec->choices[c], NULL);
              g_autofree char *choice_text = json_to_string (choice, FALSE);

              if (g_strcmp0 (text, choice_text) == 0)
                point[i] = c;
            }
          continue;
        }
      if (JSON_NODE_HOLDS_VALUE (node))
        {
          double value = json_node_get_double (node);

          if (json_node_get_value_type (node) == G_TYPE_INT64)
            value = json_node_get_int (node);
          point[i] = spec->log ? log (MAX (value, 1e-300)) : value;
        }
    }
}

double
lumina_metric_to_loss (LuminaMetric metric,
                       double       score)
{
  return lumina_metric_greater_is_better (metric) ? -score : score;
}
