/* lumina-import-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_IMPORT_DIALOG (lumina_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaImportDialog, lumina_import_dialog, LUMINA, IMPORT_DIALOG, AdwWindow)

/**
 * LuminaImportState:
 * @LUMINA_IMPORT_STATE_LOADING: reading the file for the preview
 * @LUMINA_IMPORT_STATE_UNREADABLE: the file could not be read
 * @LUMINA_IMPORT_STATE_READY: the preview is shown; the import can start
 * @LUMINA_IMPORT_STATE_IMPORTING: the import runs
 * @LUMINA_IMPORT_STATE_REFUSED: the data broke the contract; the report is shown
 * @LUMINA_IMPORT_STATE_DONE: the version was written
 */
typedef enum
{
  LUMINA_IMPORT_STATE_LOADING,
  LUMINA_IMPORT_STATE_UNREADABLE,
  LUMINA_IMPORT_STATE_READY,
  LUMINA_IMPORT_STATE_IMPORTING,
  LUMINA_IMPORT_STATE_REFUSED,
  LUMINA_IMPORT_STATE_DONE,
} LuminaImportState;

LuminaImportDialog *lumina_import_dialog_new          (GtkWindow          *parent,
                                                       LuminaDatasetStore *store,
                                                       GFile              *file);
LuminaImportState   lumina_import_dialog_get_state    (LuminaImportDialog *self);
GFile              *lumina_import_dialog_get_file     (LuminaImportDialog *self);
LuminaFrame        *lumina_import_dialog_get_preview  (LuminaImportDialog *self);
void                lumina_import_dialog_set_name     (LuminaImportDialog *self,
                                                       const char         *name);
const char         *lumina_import_dialog_get_name     (LuminaImportDialog *self);
gboolean            lumina_import_dialog_set_column_type (LuminaImportDialog *self,
                                                       const char         *column,
                                                       LuminaColumnType    type);
gboolean            lumina_import_dialog_set_target   (LuminaImportDialog *self,
                                                       const char         *column);
gboolean            lumina_import_dialog_import       (LuminaImportDialog *self);
void                lumina_import_dialog_cancel       (LuminaImportDialog *self);
LuminaJob          *lumina_import_dialog_get_job      (LuminaImportDialog *self);
JsonNode           *lumina_import_dialog_get_report   (LuminaImportDialog *self);
const char         *lumina_import_dialog_get_error    (LuminaImportDialog *self);

G_END_DECLS
