/* lumina-data-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-data-page.h"

G_BEGIN_DECLS

typedef enum {
  COLUMN_NAME,
  COLUMN_VERSIONS,
  COLUMN_ROWS,
  COLUMN_COLUMNS,
  COLUMN_CHANGED,
  N_COLUMNS
} ListColumn;

struct _LuminaDataPage
{
  GtkWidget            parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkSearchEntry      *search_entry;
  GtkColumnView       *column_view;
  LuminaDatasetPage   *dataset_page;

  LuminaWorkspace     *workspace;
  LuminaDatasetStore  *store;
  GListStore          *datasets;       /* LuminaDatasetVersion, the latest of each */
  GtkFilter           *filter;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GSignalGroup        *log_signals;
  GCancellable        *cancellable;
  LuminaImportDialog  *import_dialog;  /* weak */

  guint                poll_source;
  guint                reload_idle;
  guint                narrow_idle;
  guint                narrow : 1;
};

void _lumina_data_page_setup_table          (LuminaDataPage *self);
void _lumina_data_page_set_narrow_columns   (LuminaDataPage *self,
                                             gboolean        narrow);
void _lumina_data_page_class_actions_init   (GtkWidgetClass *widget_class);
void _lumina_data_page_actions_update       (LuminaDataPage *self);
void _lumina_data_page_add_drop_target      (LuminaDataPage *self);
void _lumina_data_page_toast                (LuminaDataPage *self,
                                             const char     *title);

G_END_DECLS
