/* lumina-automl-trial.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_AUTOML_TRIAL (lumina_automl_trial_get_type ())

G_DECLARE_FINAL_TYPE (LuminaAutomlTrial, lumina_automl_trial, LUMINA, AUTOML_TRIAL, GObject)

LuminaAutomlTrial *lumina_automl_trial_new             (JsonObject        *trial,
                                                        guint              rank);
guint              lumina_automl_trial_get_rank        (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_run_id      (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_learner     (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_status      (LuminaAutomlTrial *self);
double             lumina_automl_trial_get_score       (LuminaAutomlTrial *self);
double             lumina_automl_trial_get_score_std   (LuminaAutomlTrial *self);
double             lumina_automl_trial_get_fit_seconds (LuminaAutomlTrial *self);
double             lumina_automl_trial_get_predict_us  (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_error       (LuminaAutomlTrial *self);
JsonObject        *lumina_automl_trial_get_json        (LuminaAutomlTrial *self);
char              *lumina_automl_trial_dup_params_summary (LuminaAutomlTrial *self);
char              *lumina_automl_trial_dup_score_text  (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_learner_label (LuminaAutomlTrial *self);
const char        *lumina_automl_trial_get_status_icon (LuminaAutomlTrial *self);

G_END_DECLS
