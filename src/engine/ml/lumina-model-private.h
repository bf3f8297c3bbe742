/* lumina-model-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-model.h"

G_BEGIN_DECLS

typedef struct
{
  LuminaPreprocessor *preprocessor;
  LuminaLearner      *learner;
  double              weight;
} Member;

struct _LuminaModel
{
  GObject        parent_instance;

  char          *target;
  LuminaLabels  *labels;
  GPtrArray     *members;      /* of Member */
  JsonObject    *metrics;
  char          *dataset_ref;
  char          *dataset_hash;
  char          *run_id;
  char          *created_at;
};

gboolean       _lumina_model_check_members    (LuminaModel   *self,
                                               GError       **error);
/* The weighted average of the members' predictions on their own matrices. */
double        *_lumina_model_predict_matrices (LuminaModel   *self,
                                               LuminaMatrix **matrices,
                                               gsize          n_rows,
                                               GError       **error);
LuminaMatrix **_lumina_model_transform_all    (LuminaModel   *self,
                                               LuminaFrame   *frame,
                                               GError       **error);
void           _lumina_model_free_matrices    (LuminaMatrix **matrices,
                                               guint          n);

/* Builds the manifest; @file_hashes (nullable) gives each member file's SHA-256. */
JsonNode *_lumina_model_build_manifest (LuminaModel  *self,
                                        char        **file_hashes);

G_END_DECLS
