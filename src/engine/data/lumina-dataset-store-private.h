/* lumina-dataset-store-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-dataset-private.h"
#include "lumina-db.h"
#include "lumina-workspace.h"

G_BEGIN_DECLS

struct _LuminaDatasetStore
{
  GObject          parent_instance;

  LuminaWorkspace *workspace;
  LuminaDb        *db;
};

gboolean              _lumina_dataset_validate_name       (const char          *name,
                                                           GError             **error);
LuminaDatasetVersion *_lumina_dataset_store_query_version (LuminaDatasetStore  *self,
                                                           const char          *name,
                                                           int                  number,
                                                           GError             **error);
LuminaDatasetVersion *_lumina_dataset_store_lookup        (LuminaDatasetStore  *self,
                                                           const char          *name,
                                                           int                  number,
                                                           GError             **error);

G_END_DECLS
