/* lumina-experiments-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-experiments-page.h"
#include "lumina-runs-query.h"

G_BEGIN_DECLS

typedef enum {
  RUN_COLUMN_SELECT,
  RUN_COLUMN_RUN,
  RUN_COLUMN_LEARNER,
  RUN_COLUMN_STATUS,
  RUN_COLUMN_METRIC,
  RUN_COLUMN_DURATION,
  RUN_COLUMN_STARTED,
  RUN_COLUMN_DATASET,
  N_RUN_COLUMNS
} RunColumn;

struct _LuminaExperimentsPage
{
  GtkWidget            parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwLeaflet          *leaflet;
  GtkListBox          *experiment_list;
  GtkButton           *experiments_button;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *filter_button;
  GtkToggleButton     *trials_button;
  GtkButton           *compare_button;
  GtkRevealer         *filter_revealer;
  GtkEntry            *filter_entry;
  GtkLabel            *filter_error_label;
  GtkStack            *runs_stack;
  GtkColumnView       *column_view;
  LuminaRunPage       *run_page;
  LuminaComparePage   *compare_page;

  LuminaWorkspace     *workspace;
  LuminaTracker       *tracker;
  GListStore          *experiments;    /* GtkStringObject: experiment names */
  GListStore          *runs;           /* LuminaRun: every run of the experiment */
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkFilter           *filter;
  LuminaRunsQuery     *query;
  GHashTable          *selected;       /* run id → LuminaRun */
  GHashTable          *checks;         /* the rows' check buttons, weak */
  GtkColumnViewColumn *columns[N_RUN_COLUMNS];
  char                *experiment;     /* NULL: all experiments */
  GSignalGroup        *log_signals;
  GCancellable        *cancellable;
  GCancellable        *load_cancellable;

  guint                poll_source;
  guint                reload_source;
  guint                narrow_idle;
  guint                loading : 1;
  guint                reload_again : 1;
  guint                narrow : 2;      /* 0 wide, 1 medium, 2 narrow */
  guint                filling_sidebar : 1;
  guint                setting_filter : 1;
};

void      _lumina_experiments_page_setup_table        (LuminaExperimentsPage *self);
void      _lumina_experiments_page_set_narrow_columns (LuminaExperimentsPage *self,
                                                       guint                  narrow);
GtkColumnViewColumn *
          _lumina_experiments_page_find_column        (LuminaExperimentsPage *self,
                                                       const char            *id);
gboolean  _lumina_experiments_page_apply_filter        (LuminaExperimentsPage *self,
                                                       const char            *text);
void      _lumina_experiments_page_refilter           (LuminaExperimentsPage *self);
void      _lumina_experiments_page_selection_changed  (LuminaExperimentsPage *self);
void      _lumina_experiments_page_sync_checks        (LuminaExperimentsPage *self);
void      _lumina_experiments_page_forget_checks      (LuminaExperimentsPage *self);
void      _lumina_experiments_page_toggle_run         (LuminaExperimentsPage *self,
                                                       LuminaRun             *run,
                                                       gboolean               selected);
void      _lumina_experiments_page_fill_sidebar       (LuminaExperimentsPage *self,
                                                       JsonNode              *experiments);
void      _lumina_experiments_page_class_actions_init (GtkWidgetClass        *widget_class);
void      _lumina_experiments_page_actions_update     (LuminaExperimentsPage *self);
void      _lumina_experiments_page_toast              (LuminaExperimentsPage *self,
                                                       const char            *title);

G_END_DECLS
