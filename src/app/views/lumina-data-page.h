/* lumina-data-page.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-dataset-page.h"
#include "lumina-engine.h"
#include "lumina-import-dialog.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_DATA_PAGE (lumina_data_page_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDataPage, lumina_data_page, LUMINA, DATA_PAGE, GtkWidget)

GtkWidget          *lumina_data_page_new              (void);
LuminaWorkspace    *lumina_data_page_get_workspace    (LuminaDataPage  *self);
void                lumina_data_page_set_workspace    (LuminaDataPage  *self,
                                                       LuminaWorkspace *workspace);
LuminaDatasetStore *lumina_data_page_get_store        (LuminaDataPage  *self);
GListModel         *lumina_data_page_get_datasets     (LuminaDataPage  *self);
GtkColumnView      *lumina_data_page_get_column_view  (LuminaDataPage  *self);
LuminaDatasetPage  *lumina_data_page_get_dataset_page (LuminaDataPage  *self);
const char         *lumina_data_page_get_visible_page (LuminaDataPage  *self);
void                lumina_data_page_reload           (LuminaDataPage  *self);
gboolean            lumina_data_page_open_dataset     (LuminaDataPage  *self,
                                                       const char      *name,
                                                       int              number);
void                lumina_data_page_show_list        (LuminaDataPage  *self);
LuminaImportDialog *lumina_data_page_import_file      (LuminaDataPage  *self,
                                                       GFile           *file);

G_END_DECLS
