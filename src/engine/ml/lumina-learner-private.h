/* lumina-learner-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What learner implementations share with the base class.
 */
#pragma once

#include "lumina-learner.h"

G_BEGIN_DECLS

/* The implementations; lumina_learner_new() maps kinds onto them. */
GType     _lumina_xgboost_learner_get_type (void);  /* kinds "xgboost" and "forest" */
GType     _lumina_mlp_learner_get_type     (void);  /* kind "mlp" */
GType     _lumina_linear_learner_get_type  (void);  /* kind "linear" */

/* Calls the iteration function, records @iteration as the number of
 * iterations done; returns FALSE when fitting must stop. */
gboolean  _lumina_learner_report_iteration (LuminaLearner *self,
                                            guint          iteration,
                                            double         valid_loss);
void      _lumina_learner_set_n_iterations (LuminaLearner *self,
                                            guint          n_iterations);
void      _lumina_learner_set_n_features   (LuminaLearner *self,
                                            guint          n_features);

/* Parameter access for configure(): read a value or store the default.
 * Wrong JSON types and values outside [min, max] set INVALID_CONFIG errors
 * naming the learner and parameter. */
gboolean  _lumina_learner_param_double     (LuminaLearner *self,
                                            const char    *name,
                                            double         default_value,
                                            double         min,
                                            double         max,
                                            double        *out,
                                            GError       **error);
gboolean  _lumina_learner_param_int        (LuminaLearner *self,
                                            const char    *name,
                                            gint64         default_value,
                                            gint64         min,
                                            gint64         max,
                                            gint64        *out,
                                            GError       **error);
gboolean  _lumina_learner_param_string     (LuminaLearner *self,
                                            const char    *name,
                                            const char    *default_value,
                                            const char * const *allowed,
                                            const char   **out,
                                            GError       **error);
/* Rejects any parameter not in @known (NULL-terminated). */
gboolean  _lumina_learner_check_known      (LuminaLearner *self,
                                            const char * const *known,
                                            GError       **error);

G_END_DECLS
