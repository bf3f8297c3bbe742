/* lumina-import-dialog-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-import-dialog.h"
#include "lumina-row-viewer.h"

G_BEGIN_DECLS

struct _LuminaImportDialog
{
  AdwWindow            parent_instance;

  /* Template children */
  GtkButton           *close_button;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkWidget           *form_box;
  GtkLabel            *error_label;
  AdwPreferencesGroup *dataset_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *target_row;
  AdwActionRow        *format_row;
  AdwPreferencesGroup *preview_group;
  LuminaRowViewer     *preview;
  GtkListBox          *types_list;
  GtkLabel            *report_label;
  GtkListBox          *violations_list;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;

  LuminaDatasetStore  *store;
  GFile               *file;
  GCancellable        *cancellable;
  LuminaFrame         *frame;
  LuminaCsvInfo        info;
  GPtrArray           *type_dropdowns;   /* GtkDropDown, one per column */
  LuminaJob           *job;
  JsonNode            *report;
  char                *error_message;

  LuminaImportState    state;
};

void _lumina_import_dialog_set_state      (LuminaImportDialog *self,
                                          LuminaImportState   state);
void _lumina_import_dialog_actions_update (LuminaImportDialog *self);
void _lumina_import_dialog_read_preview   (LuminaImportDialog *self);
void _lumina_import_dialog_show_report    (LuminaImportDialog *self,
                                          const char         *message);

G_END_DECLS
