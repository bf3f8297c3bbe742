/* lumina-automl-trial.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the AutoML leaderboard: a trial as lumina_automl_dup_leaderboard()
 * describes it, with its rank, and the text the table shows for it.
 */
#define G_LOG_DOMAIN "lumina-automl-trial"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-automl-trial.h"

#define MAX_PARAMS_SHOWN 4

struct _LuminaAutomlTrial
{
  GObject     parent_instance;

  JsonObject *json;
  guint       rank;
};

G_DEFINE_FINAL_TYPE (LuminaAutomlTrial, lumina_automl_trial, G_TYPE_OBJECT)

static void
lumina_automl_trial_finalize (GObject *object)
{
  LuminaAutomlTrial *self = LUMINA_AUTOML_TRIAL (object);

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (lumina_automl_trial_parent_class)->finalize (object);
}

static void
lumina_automl_trial_class_init (LuminaAutomlTrialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_automl_trial_finalize;
}

static void
lumina_automl_trial_init (LuminaAutomlTrial *self)
{
}

/**
 * lumina_automl_trial_new:
 * @trial: one element of lumina_automl_dup_leaderboard()
 * @rank: its place, from 1
 */
LuminaAutomlTrial *
lumina_automl_trial_new (JsonObject *trial,
                         guint       rank)
{
  LuminaAutomlTrial *self;

  g_return_val_if_fail (trial != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_AUTOML_TRIAL, NULL);
  self->json = json_object_ref (trial);
  self->rank = rank;

  return self;
}

static double
get_double (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;

  return json_node_get_double (node);
}

guint
lumina_automl_trial_get_rank (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), 0);

  return self->rank;
}

const char *
lumina_automl_trial_get_run_id (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  return json_object_get_string_member_with_default (self->json, "run_id", NULL);
}

const char *
lumina_automl_trial_get_learner (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  return json_object_get_string_member_with_default (self->json, "learner", "");
}

const char *
lumina_automl_trial_get_status (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  return json_object_get_string_member_with_default (self->json, "status", "finished");
}

double
lumina_automl_trial_get_score (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NAN);

  return get_double (self->json, "score");
}

double
lumina_automl_trial_get_score_std (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NAN);

  return get_double (self->json, "score_std");
}

double
lumina_automl_trial_get_fit_seconds (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NAN);

  return get_double (self->json, "fit_seconds");
}

/**
 * lumina_automl_trial_get_predict_us:
 *
 * Returns: microseconds to predict one row, measured on the trial's
 *   validation rows; NaN when the trial predicted none
 */
double
lumina_automl_trial_get_predict_us (LuminaAutomlTrial *self)
{
  double us;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NAN);

  us = get_double (self->json, "predict_us_per_row");
  return us > 0 ? us : NAN;
}

/**
 * lumina_automl_trial_get_error:
 *
 * Returns: (nullable): why a failed trial failed
 */
const char *
lumina_automl_trial_get_error (LuminaAutomlTrial *self)
{
  JsonNode *node;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  node = json_object_get_member (self->json, "error");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * lumina_automl_trial_get_json:
 *
 * Returns: (transfer none): the trial as the engine described it
 */
JsonObject *
lumina_automl_trial_get_json (LuminaAutomlTrial *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  return self->json;
}

static char *
format_param (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("…");

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.3g", json_node_get_double (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");

  return g_strdup (json_node_get_string (node));
}

/**
 * lumina_automl_trial_dup_params_summary:
 *
 * Returns: (transfer full): the first few parameters, e.g. "max_depth 6, eta 0.1"
 */
char *
lumina_automl_trial_dup_params_summary (LuminaAutomlTrial *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *params;
  guint n = 0;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  if (!json_object_has_member (self->json, "params") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->json, "params")))
    return g_strdup ("");

  params = json_object_get_object_member (self->json, "params");
  members = json_object_get_members (params);
  for (const GList *l = members; l != NULL; l = l->next, n++)
    {
      g_autofree char *value = NULL;

      if (n == MAX_PARAMS_SHOWN)
        {
          g_string_append (text, ", …");
          break;
        }

      value = format_param (json_object_get_member (params, l->data));
      g_string_append_printf (text, "%s%s %s", n > 0 ? ", " : "", (const char *) l->data, value);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * lumina_automl_trial_dup_score_text:
 *
 * Returns: (transfer full): the cross-validated score and its spread,
 *   e.g. "0.953 ± 0.012", or "—" when the trial has none
 */
char *
lumina_automl_trial_dup_score_text (LuminaAutomlTrial *self)
{
  double score;
  double std;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  score = lumina_automl_trial_get_score (self);
  std = lumina_automl_trial_get_score_std (self);

  if (!isfinite (score))
    return g_strdup ("—");
  if (!isfinite (std) || std <= 0)
    return g_strdup_printf ("%.4f", score);

  return g_strdup_printf ("%.4f ± %.4f", score, std);
}

const char *
lumina_automl_trial_get_learner_label (LuminaAutomlTrial *self)
{
  const char *learner;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  learner = lumina_automl_trial_get_learner (self);
  if (g_strcmp0 (learner, "xgboost") == 0)
    return _("XGBoost");
  if (g_strcmp0 (learner, "forest") == 0)
    return _("Random Forest");
  if (g_strcmp0 (learner, "mlp") == 0)
    return _("Neural Network");
  if (g_strcmp0 (learner, "linear") == 0)
    return _("Linear");
  if (g_strcmp0 (learner, "ensemble") == 0)
    return _("Ensemble");

  return learner;
}

/**
 * lumina_automl_trial_get_status_icon:
 *
 * Returns: the icon for the trial's status: finished, pruned, failed,
 *   skipped, cancelled or running
 */
const char *
lumina_automl_trial_get_status_icon (LuminaAutomlTrial *self)
{
  const char *status;

  g_return_val_if_fail (LUMINA_IS_AUTOML_TRIAL (self), NULL);

  status = lumina_automl_trial_get_status (self);
  if (g_strcmp0 (status, "finished") == 0)
    return "object-select-symbolic";
  if (g_strcmp0 (status, "pruned") == 0)
    return "edit-cut-symbolic";
  if (g_strcmp0 (status, "failed") == 0)
    return "dialog-error-symbolic";
  if (g_strcmp0 (status, "skipped") == 0)
    return "media-skip-forward-symbolic";
  /* Cut at the end of the budget, or by the user. */
  if (g_strcmp0 (status, "cancelled") == 0)
    return "process-stop-symbolic";

  return "content-loading-symbolic";
}
