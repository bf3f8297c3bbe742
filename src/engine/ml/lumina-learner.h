/* lumina-learner.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-matrix.h"
#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaIterationFunc:
 * @learner: the learner being fitted
 * @iteration: 1-based boosting round or epoch just completed
 * @valid_loss: the learner's own loss on the validation set after that
 *   iteration (log loss for classification, RMSE for regression), or NaN
 *   when no validation set was given
 *
 * Called from the fitting thread after every iteration of an iterative
 * learner.  Return %FALSE to stop fitting now (pruning); the learner then
 * keeps what it has and fit() still returns %TRUE.
 */
typedef gboolean (*LuminaIterationFunc) (LuminaLearner *learner,
                                         guint          iteration,
                                         double         valid_loss,
                                         gpointer       user_data);

#define LUMINA_TYPE_LEARNER (lumina_learner_get_type ())

G_DECLARE_DERIVABLE_TYPE (LuminaLearner, lumina_learner, LUMINA, LEARNER, GObject)

struct _LuminaLearnerClass
{
  GObjectClass parent_class;

  /* Validates and completes the parameters (defaults filled in). */
  gboolean  (*configure)          (LuminaLearner       *self,
                                   GError             **error);
  gboolean  (*fit)                (LuminaLearner       *self,
                                   const LuminaMatrix  *x,
                                   const double        *y,
                                   const LuminaMatrix  *x_valid,
                                   const double        *y_valid,
                                   GCancellable        *cancellable,
                                   GError             **error);
  gboolean  (*predict)            (LuminaLearner       *self,
                                   const LuminaMatrix  *x,
                                   double              *out,
                                   GError             **error);
  GBytes   *(*save)               (LuminaLearner       *self,
                                   GError             **error);
  gboolean  (*load)               (LuminaLearner       *self,
                                   GBytes              *bytes,
                                   GError             **error);
  double   *(*feature_importance) (LuminaLearner       *self);
  /* (optional) Frees what training left behind. */
  void      (*compact)            (LuminaLearner       *self);
};

const char * const *lumina_learner_list_kinds      (void);
LuminaLearner *lumina_learner_new                 (const char          *kind,
                                                   LuminaTask           task,
                                                   guint                n_classes,
                                                   JsonObject          *params,
                                                   GError             **error);
LuminaLearner *lumina_learner_load                (const char          *kind,
                                                   LuminaTask           task,
                                                   guint                n_classes,
                                                   JsonObject          *params,
                                                   GBytes              *bytes,
                                                   GError             **error);
const char    *lumina_learner_get_kind            (LuminaLearner       *self);
LuminaTask     lumina_learner_get_task            (LuminaLearner       *self);
guint          lumina_learner_get_n_classes       (LuminaLearner       *self);
guint          lumina_learner_get_n_outputs       (LuminaLearner       *self);
guint          lumina_learner_get_n_features      (LuminaLearner       *self);
JsonObject    *lumina_learner_get_params          (LuminaLearner       *self);
guint          lumina_learner_get_n_iterations    (LuminaLearner       *self);
guint64        lumina_learner_get_seed            (LuminaLearner       *self);
void           lumina_learner_set_n_threads       (LuminaLearner       *self,
                                                   guint                n_threads);
guint          lumina_learner_get_n_threads       (LuminaLearner       *self);
void           lumina_learner_set_iteration_func  (LuminaLearner       *self,
                                                   LuminaIterationFunc  func,
                                                   gpointer             user_data);
gboolean       lumina_learner_fit                 (LuminaLearner       *self,
                                                   const LuminaMatrix  *x,
                                                   const double        *y,
                                                   const LuminaMatrix  *x_valid,
                                                   const double        *y_valid,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean       lumina_learner_predict             (LuminaLearner       *self,
                                                   const LuminaMatrix  *x,
                                                   double              *out,
                                                   GError             **error);
GBytes        *lumina_learner_save                (LuminaLearner       *self,
                                                   GError             **error);
double        *lumina_learner_feature_importance  (LuminaLearner       *self);
void           lumina_learner_compact             (LuminaLearner       *self);

G_END_DECLS
