/* lumina-dataset-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-dataset.h"
#include "lumina-frame.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  int        number;
  char      *kind;
  int        parent;
  char      *source;
  char      *content_hash;
  char     **segments;
  gint64     n_rows;
  guint      n_columns;
  char      *target;
  JsonNode  *schema;
  JsonNode  *profile;
  char      *created_at;
  char      *actor;
} LuminaDatasetVersionData;

LuminaDatasetVersion *_lumina_dataset_version_new (LuminaDatasetVersionData *data,
                                                   gboolean                  reused);
LuminaDatasetVersion *_lumina_dataset_version_mark_reused (LuminaDatasetVersion *self);

/* Contracts: lumina-contract.c */
gboolean  _lumina_contract_validate (JsonNode     *contract,
                                     GError      **error);
JsonNode *_lumina_contract_check    (JsonNode     *contract,
                                     LuminaFrame  *frame);
JsonNode *_lumina_schema_from_frame (LuminaFrame  *frame);

/* Frames: concatenation of segments with dictionaries merged. */
LuminaFrame *_lumina_frame_concat   (LuminaFrame **frames,
                                     guint         n_frames,
                                     GError      **error);

G_END_DECLS
