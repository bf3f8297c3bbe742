/* lumina-models-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the Models view: lumina-models-page.c holds
 * the widget and loading; lumina-models-page-list.c the list of models;
 * lumina-models-page-detail.c
 * one model's aliases, versions, history and the aliases at a time;
 * lumina-models-page-actions.c promoting, rolling back, approving, cards,
 * export and deploy; lumina-models-page-compare.c two versions side by side.
 */
#pragma once

#include "lumina-models-page.h"
#include "lumina-models-task.h"

G_BEGIN_DECLS

struct _LuminaModelsPage
{
  GtkWidget            parent_instance;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkButton           *empty_button;
  AdwLeaflet          *leaflet;
  GtkSearchEntry      *search_entry;
  GtkStack            *list_stack;
  GtkListBox          *model_list;
  GtkButton           *back_button;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkButton           *rollback_button;
  GtkButton           *compare_button;
  GtkButton           *deploy_button;
  GtkStack            *detail_stack;
  GtkScrolledWindow   *detail_scroller;
  AdwPreferencesGroup *aliases_group;
  GtkListBox          *aliases_list;
  AdwPreferencesGroup *versions_group;
  GtkListBox          *versions_list;
  AdwPreferencesGroup *at_group;
  GtkEntry            *at_entry;
  GtkPopover          *calendar_popover;
  GtkCalendar         *calendar;
  GtkSpinButton       *hour_spin;
  GtkSpinButton       *minute_spin;
  GtkButton           *yesterday_button;
  GtkListBox          *at_list;
  AdwPreferencesGroup *history_group;
  GtkListBox          *history_list;
  GtkDropDown         *compare_a;
  GtkDropDown         *compare_b;
  AdwPreferencesGroup *compare_metrics_group;
  GtkListBox          *compare_metrics_list;
  AdwPreferencesGroup *compare_signature_group;
  GtkListBox          *compare_signature_list;
  GtkFlowBox          *compare_cards;

  LuminaWorkspace     *workspace;
  LuminaRegistry      *registry;
  GSignalGroup        *registry_signals;
  GSignalGroup        *log_signals;
  GCancellable        *cancellable;

  JsonNode            *models;         /* lumina_registry_list_models() */
  char                *model;          /* the model shown, or NULL */
  JsonNode            *model_info;     /* lumina_registry_get_model() of it */
  JsonNode            *versions;       /* its versions, newest first */
  JsonNode            *events;         /* its history, oldest first */
  GtkStringList       *version_names;  /* the compare drop-downs' items */
  GDateTime           *at_time;        /* the time the aliases were looked up at */

  guint                reload_source;
  guint                poll_source;
  guint                folded_source;
  guint                n_tasks;        /* writes in flight */
  guint                filling_list : 1;
  guint                filling_compare : 1;
};

/* lumina-models-page.c */
void        _lumina_models_page_toast            (LuminaModelsPage *self,
                                                  const char       *title);
void        _lumina_models_page_clear_list       (GtkListBox       *list);
void        _lumina_models_page_run_task         (LuminaModelsPage    *self,
                                                  LuminaModelsTask    *task,
                                                  GAsyncReadyCallback  callback);
void        _lumina_models_page_task_done        (LuminaModelsPage *self);
JsonObject *_lumina_models_page_find_version     (LuminaModelsPage *self,
                                                  guint             version);
guint       _lumina_models_page_get_alias        (LuminaModelsPage *self,
                                                  const char       *alias);

/* lumina-models-page-list.c */
void        _lumina_models_page_fill_list        (LuminaModelsPage *self);
void        _lumina_models_page_select_row       (LuminaModelsPage *self);

/* lumina-models-page-detail.c */
void        _lumina_models_page_fill_detail      (LuminaModelsPage *self);
void        _lumina_models_page_show_aliases_at  (LuminaModelsPage *self,
                                                  GDateTime        *at);
guint       _lumina_models_page_rollback_target (LuminaModelsPage *self,
                                                  const char       *alias);
void        _lumina_models_page_class_detail_init (GtkWidgetClass  *widget_class);

/* lumina-models-page-actions.c */
void        _lumina_models_page_class_actions_init (GtkWidgetClass *widget_class);
void        _lumina_models_page_actions_update   (LuminaModelsPage *self);

/* lumina-models-page-compare.c */
void        _lumina_models_page_fill_compare     (LuminaModelsPage *self);
void        _lumina_models_page_set_compare_items (LuminaModelsPage *self);
void        _lumina_models_page_class_compare_init (GtkWidgetClass *widget_class);

G_END_DECLS
