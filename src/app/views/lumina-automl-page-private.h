/* lumina-automl-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-automl-page.h"
#include "lumina-automl-trial.h"

G_BEGIN_DECLS

struct _LuminaAutomlPage
{
  GtkWidget         parent_instance;

  /* Template children */
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  GtkDropDown      *runs_dropdown;
  GtkImage         *state_icon;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkButton        *cancel_button;
  GtkProgressBar   *progress_bar;
  GtkLabel         *status_label;
  GtkLabel         *time_label;
  GtkLabel         *error_label;
  GtkColumnView    *leaderboard_view;
  GtkFlowBox       *live_charts;
  LuminaChart      *score_chart;
  LuminaChart      *curves_chart;
  GtkWidget        *result_box;
  AdwActionRow     *best_row;
  GtkLabel         *result_notes;
  AdwActionRow     *bundle_row;
  GtkButton        *register_button;
  GtkFlowBox       *result_charts;
  LuminaChart      *eval_chart;
  LuminaChart      *roc_chart;
  LuminaChart      *importance_chart;

  LuminaWorkspace  *workspace;
  LuminaTracker    *tracker;
  GListStore       *trials;         /* LuminaAutomlTrial, best first */
  GListStore       *runs;           /* LuminaRun: the recent AutoML parent runs */
  GCancellable     *cancellable;    /* the running search's */
  LuminaAutoml     *automl;         /* the search started here, running or done */
  GSignalGroup     *automl_signals;
  GHashTable       *curve_series;   /* run id → series index + 1 in curves_chart */
  char             *shown_run_id;   /* the parent run on screen */
  char             *error_message;
  char             *bundle_path;
  JsonNode         *history;        /* the shown search's best score over time */

  gint64            started_at;     /* monotonic µs */
  gint64            finished_at;
  guint             clock_source;
  guint             refresh_source;
  gboolean          refresh_pending;
  guint             narrow : 1;
  guint             running : 1;
  guint             updating_runs : 1;
};

/* lumina-automl-page.c */
void _lumina_automl_page_actions_update  (LuminaAutomlPage *self);
void _lumina_automl_page_notify_running  (LuminaAutomlPage *self);

/* lumina-automl-page-live.c */
void _lumina_automl_page_setup_live      (LuminaAutomlPage *self);
gboolean _lumina_automl_page_shows_live  (LuminaAutomlPage *self);
void _lumina_automl_page_show_header     (LuminaAutomlPage         *self,
                                          const LuminaAutomlConfig *config,
                                          const char               *metric);
void _lumina_automl_page_refresh_live    (LuminaAutomlPage *self);
void _lumina_automl_page_show_outcome    (LuminaAutomlPage *self,
                                          GError           *error);

/* lumina-automl-page-table.c */
void _lumina_automl_page_setup_table     (LuminaAutomlPage *self);
void _lumina_automl_page_set_narrow      (LuminaAutomlPage *self,
                                          gboolean          narrow);

/* lumina-automl-page-results.c */
void _lumina_automl_page_reset_charts    (LuminaAutomlPage *self,
                                          const char       *metric);
void _lumina_automl_page_update_live     (LuminaAutomlPage *self,
                                          JsonNode         *leaderboard,
                                          JsonNode         *history);
void _lumina_automl_page_update_score    (LuminaAutomlPage *self);
void _lumina_automl_page_show_result     (LuminaAutomlPage *self,
                                          JsonNode         *report,
                                          const char       *best_run_id,
                                          const char       *bundle_path);
void _lumina_automl_page_hide_result     (LuminaAutomlPage *self);
void _lumina_automl_page_load_past_run   (LuminaAutomlPage *self,
                                          LuminaRun        *run);
void _lumina_automl_page_runs_selected_cb (LuminaAutomlPage *self);

G_END_DECLS
