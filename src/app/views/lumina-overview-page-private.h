/* lumina-overview-page-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-overview-page.h"
#include "lumina-sparkline.h"

G_BEGIN_DECLS

#define LUMINA_OVERVIEW_WINDOW_MS   (15 * 60 * 1000)   /* sparklines and periods: 15 minutes */
#define LUMINA_OVERVIEW_SPARK_SLOTS 90                 /* ten seconds each */

typedef struct
{
  GtkLabel        *value;
  GtkLabel        *detail;
  LuminaSparkline *sparkline;
} LuminaOverviewTile;

struct _LuminaOverviewPage
{
  GtkWidget                parent_instance;

  /* Template children */
  GtkWidget               *start_card;
  GtkWidget               *deploy_button;
  GtkStack                *deployments_stack;
  GtkFlowBox              *deployments_box;
  GtkFlowBox              *host_box;
  GtkLabel                *host_note;
  GtkLabel                *cpu_value;
  GtkLabel                *cpu_detail;
  LuminaSparkline         *cpu_sparkline;
  GtkLabel                *memory_value;
  GtkLabel                *memory_detail;
  LuminaSparkline         *memory_sparkline;
  GtkLabel                *disk_value;
  GtkLabel                *disk_detail;
  LuminaSparkline         *disk_sparkline;
  GtkLabel                *load_value;
  GtkLabel                *load_detail;
  LuminaSparkline         *load_sparkline;
  AdwActionRow            *location_row;
  GtkLabel                *schema_label;
  GtkLabel                *created_label;
  GtkLabel                *events_label;
  GtkLabel                *objects_label;
  GtkListBox              *activity_list;
  GtkListBox              *jobs_list;
  GtkLabel                *placeholder_title;
  GtkLabel                *placeholder_description;

  LuminaWorkspace         *workspace;
  LuminaDeploymentManager *deployments;
  LuminaMonitor           *monitor;
  LuminaTracker           *tracker;
  GCancellable            *jobs_cancellable;
  char                    *jobs_signature;
  guint                    jobs_reload_source;
  gboolean                 jobs_live;
  gboolean                 jobs_reload_wanted;
  GListStore              *events;        /* LuminaEvent, newest first */
  GSignalGroup            *log_signals;
  GSignalGroup            *deployment_signals;

  double                   host[LUMINA_OVERVIEW_N_HOST_FIGURES];
  gint64                   n_objects;

  guint                    poll_source;
  guint                    info_idle;
  guint                    ticks;
};

void _lumina_overview_page_sync_cards    (LuminaOverviewPage *self);
void _lumina_overview_page_update_cards  (LuminaOverviewPage *self,
                                          gboolean            compare);
void _lumina_overview_page_update_host   (LuminaOverviewPage *self);
void _lumina_overview_page_update_empty  (LuminaOverviewPage *self);

void _lumina_overview_page_reload_jobs       (LuminaOverviewPage *self);
void _lumina_overview_page_queue_reload_jobs (LuminaOverviewPage *self);
void _lumina_overview_page_clear_jobs        (LuminaOverviewPage *self);

G_END_DECLS
