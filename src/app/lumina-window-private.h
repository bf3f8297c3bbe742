/* lumina-window-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-chat-sidebar.h"
#include "lumina-overview-page.h"
#include "lumina-window.h"

G_BEGIN_DECLS

struct _LuminaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *view_title;
  GtkMenuButton        *primary_menu_button;
  AdwFlap              *chat_flap;
  GtkStack             *stack;
  LuminaChatSidebar    *chat_sidebar;
  LuminaOverviewPage   *overview_page;

  GSettings            *settings;
  LuminaWorkspace      *workspace;
  LuminaRegistry       *registry;
  LuminaDeploymentManager *deployments;
  LuminaMonitor        *monitor;

  guint                 show_chat : 1;
};

/* The views in sidebar order; Alt+1 … Alt+0 select them. */
extern const char * const _lumina_window_view_names[];

void _lumina_window_class_actions_init (GtkWidgetClass *widget_class);
void _lumina_window_actions_update     (LuminaWindow   *self);

G_END_DECLS
