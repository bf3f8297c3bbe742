/* lumina-deployments-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-deployment-figures.h"
#include "lumina-deployments-page.h"

G_BEGIN_DECLS

struct _LuminaDeploymentsPage
{
  GtkWidget                parent_instance;

  /* Template children */
  AdwToastOverlay         *toast_overlay;
  GtkStack                *stack;
  GtkWidget               *empty_button;
  GtkLabel                *summary_label;
  GtkListBox              *list_box;
  GtkLabel                *detail_title;
  GtkLabel                *detail_subtitle;
  GtkLabel                *detail_status;
  GtkLabel                *detail_error_label;
  GtkWidget               *start_button;
  GtkWidget               *stop_button;
  GtkWidget               *restart_button;
  GtkLabel                *rps_label;
  GtkLabel                *p50_label;
  GtkLabel                *p99_label;
  GtkLabel                *errors_label;
  LuminaChart             *latency_chart;
  LuminaChart             *throughput_chart;
  GtkSpinButton           *workers_spin;
  GtkSpinButton           *batch_spin;
  GtkSpinButton           *capture_spin;
  AdwComboRow             *challenger_row;
  AdwComboRow             *mode_row;
  GtkWidget               *canary_row;
  GtkScale                *canary_scale;
  AdwActionRow            *split_row;
  AdwActionRow            *oip_row;
  AdwActionRow            *invocations_row;
  AdwActionRow            *curl_row;
  GtkButton               *oip_copy_button;
  GtkButton               *invocations_copy_button;
  GtkButton               *curl_copy_button;
  GtkLabel                *curl_label;
  GtkSpinButton           *clients_spin;
  GtkSpinButton           *duration_spin;
  GtkSwitch               *ramp_switch;
  GtkButton               *load_button;
  GtkButton               *cancel_load_button;
  GtkProgressBar          *load_progress;
  GtkLabel                *load_note_label;
  LuminaChart             *load_chart;
  GtkWidget               *load_result_group;
  AdwActionRow            *summary_requests_row;
  AdwActionRow            *summary_rps_row;
  AdwActionRow            *summary_latency_row;
  AdwActionRow            *summary_errors_row;
  AdwActionRow            *summary_client_row;

  LuminaDeploymentManager *manager;
  GSignalGroup            *manager_signals;
  GSignalGroup            *registry_signals;
  JsonArray               *deployments;     /* the last list read */
  GHashTable              *histories;       /* name → LuminaDeploymentHistory */
  GHashTable              *rows;            /* name → LuminaDeploymentRow (borrowed) */
  char                    *selected;
  GCancellable            *cancellable;
  guint                    sample_source;
  guint                    canary_source;
  guint                    reload_source;

  /* The detail. */
  GStrv                    challenger_refs; /* "" first: none */
  char                    *curl_ref;        /* the model ref the example was built for */
  char                    *curl_command;
  LuminaLoadTest          *load_test;
  GCancellable            *load_cancellable;
  char                    *load_deployment;
  char                    *load_body;
  char                    *load_body_ref;
  char                    *load_note;

  guint                    updating : 1;   /* widgets being set from the engine */
};

/* lumina-deployments-page.c */
JsonObject *_lumina_deployments_page_find   (LuminaDeploymentsPage *self,
                                             const char            *name);
void        _lumina_deployments_page_toast  (LuminaDeploymentsPage *self,
                                             const char            *title);
void        _lumina_deployments_page_error  (LuminaDeploymentsPage *self,
                                             const GError          *error);
void        _lumina_deployments_page_actions_update (LuminaDeploymentsPage *self);

/* lumina-deployments-page-detail.c */
double      _lumina_deployments_nice_ceiling           (double                 value);
void        _lumina_deployments_page_class_detail_init (GtkWidgetClass        *widget_class);
void        _lumina_deployments_page_detail_init       (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_detail_show       (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_detail_refill     (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_detail_update     (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_detail_sample     (LuminaDeploymentsPage         *self,
                                                        const LuminaDeploymentFigures *figures,
                                                        LuminaDeploymentHistory       *history,
                                                        double                         time);

/* lumina-deployments-page-load.c */
void        _lumina_deployments_page_class_load_init   (GtkWidgetClass        *widget_class);
void        _lumina_deployments_page_load_init         (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_build_example     (LuminaDeploymentsPage *self,
                                                        JsonObject            *info);
void        _lumina_deployments_page_load_reset        (LuminaDeploymentsPage *self);
void        _lumina_deployments_page_load_dispose      (LuminaDeploymentsPage *self);

G_END_DECLS
