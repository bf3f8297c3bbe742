/* lumina-monitoring-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-monitoring-data.h"
#include "lumina-monitoring-page.h"

G_BEGIN_DECLS

struct _LuminaMonitoringPage
{
  GtkWidget              parent_instance;

  /* Template children */
  AdwToastOverlay       *toast_overlay;
  GtkStack              *main_stack;
  AdwSqueezer           *switcher_squeezer;
  GtkWidget             *narrow_box;
  AdwViewSwitcherBar    *switcher_bar;
  AdwViewStack          *view_stack;
  GtkDropDown           *range_dropdown;
  GtkDropDown           *refresh_dropdown;
  GtkMenuButton         *custom_button;
  GtkPopover            *custom_popover;
  GtkEntry              *custom_from_entry;
  GtkEntry              *custom_to_entry;
  GtkStack              *dashboard_stack;
  GtkFlowBox            *dashboard_flow;
  GtkStack              *lifecycle_stack;
  GtkBox                *lifecycle_box;
  GtkWidget             *lifecycle_empty_button;
  GtkBox                *health_box;
  GtkWidget             *gpu_group;
  GtkStack              *gpu_stack;
  GtkFlowBox            *gpu_flow;
  GtkLabel              *gpu_reason_label;

  LuminaWorkspace       *workspace;
  LuminaMonitor         *monitor;
  GSettings             *settings;
  GCancellable          *cancellable;

  LuminaMonitoringRange  range;
  gint64                 custom_from_ms;
  gint64                 custom_to_ms;
  guint                  refresh_ms;
  guint                  refresh_source;
  gint64                 last_query_us;
  guint                  n_refreshes;

  /* id → LuminaChart, for the System health and Model lifecycle tabs */
  GHashTable            *charts;

  /* System health */
  gboolean               health_built;
  gboolean               gpu_built;

  /* Model lifecycle */
  char                  *deployments_key;
  GPtrArray             *events;          /* LuminaEvent, newest first */
  gint64                 events_last_id;

  /* Dashboard */
  GPtrArray             *layout;          /* JsonObject */
  GPtrArray             *dashboard_charts; /* LuminaChart, in layout order */
  LuminaPromSource      *prom;
  char                  *prom_token_url;   /* the URL prom's token was read for */
  GCancellable          *prom_token_lookup; /* set while reading it */
  guint                  updating : 1;
};

GtkWidget *_lumina_monitoring_page_card_new          (LuminaChart                  **chart);
LuminaMetricStore *_lumina_monitoring_page_get_store (LuminaMonitoringPage          *self);

void _lumina_monitoring_page_health_refresh          (LuminaMonitoringPage          *self,
                                                      const LuminaMonitoringWindow  *window);
void _lumina_monitoring_page_lifecycle_refresh       (LuminaMonitoringPage          *self,
                                                      const LuminaMonitoringWindow  *window);
void _lumina_monitoring_page_class_dashboard_init    (GtkWidgetClass                *widget_class);
void _lumina_monitoring_page_dashboard_load          (LuminaMonitoringPage          *self);
void _lumina_monitoring_page_secret_changed          (LuminaMonitoringPage          *self,
                                                      const char                    *kind,
                                                      const char                    *target);
void _lumina_monitoring_page_dashboard_refresh       (LuminaMonitoringPage          *self,
                                                      const LuminaMonitoringWindow  *window);
void _lumina_monitoring_page_dashboard_clear         (LuminaMonitoringPage          *self);

G_END_DECLS
