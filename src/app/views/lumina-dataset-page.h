/* lumina-dataset-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-contract-editor.h"
#include "lumina-engine.h"
#include "lumina-row-viewer.h"
#include "lumina-version-list.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_DATASET_PAGE (lumina_dataset_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDatasetPage, lumina_dataset_page, LUMINA, DATASET_PAGE, GtkWidget)

GtkWidget            *lumina_dataset_page_new                 (void);
void                  lumina_dataset_page_set_store           (LuminaDatasetPage   *self,
                                                               LuminaDatasetStore  *store);
gboolean              lumina_dataset_page_show_dataset        (LuminaDatasetPage   *self,
                                                               const char          *name,
                                                               int                  number,
                                                               GError             **error);
void                  lumina_dataset_page_reload              (LuminaDatasetPage   *self);
const char           *lumina_dataset_page_get_name            (LuminaDatasetPage   *self);
LuminaDatasetVersion *lumina_dataset_page_get_version         (LuminaDatasetPage   *self);
gboolean              lumina_dataset_page_select_version      (LuminaDatasetPage   *self,
                                                               int                  number);
void                  lumina_dataset_page_set_visible_tab     (LuminaDatasetPage   *self,
                                                               const char          *name);
const char           *lumina_dataset_page_get_visible_tab     (LuminaDatasetPage   *self);
guint                 lumina_dataset_page_get_n_profile_cards (LuminaDatasetPage   *self);
LuminaRowViewer      *lumina_dataset_page_get_row_viewer      (LuminaDatasetPage   *self);
LuminaVersionList    *lumina_dataset_page_get_version_list    (LuminaDatasetPage   *self);
LuminaContractEditor *lumina_dataset_page_get_contract_editor (LuminaDatasetPage   *self);

G_END_DECLS
