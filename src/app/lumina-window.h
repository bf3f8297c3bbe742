/* lumina-window.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-application.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_WINDOW (lumina_window_get_type ())

G_DECLARE_FINAL_TYPE (LuminaWindow, lumina_window, LUMINA, WINDOW, AdwApplicationWindow)

LuminaWindow    *lumina_window_new              (LuminaApplication *app,
                                                 LuminaWorkspace   *workspace);
LuminaWorkspace *lumina_window_get_workspace    (LuminaWindow      *self);
LuminaRegistry  *lumina_window_get_registry     (LuminaWindow      *self);
LuminaDeploymentManager *lumina_window_get_deployments (LuminaWindow *self);
LuminaMonitor   *lumina_window_get_monitor      (LuminaWindow      *self);
const char      *lumina_window_get_visible_view (LuminaWindow      *self);
gboolean         lumina_window_show_view        (LuminaWindow      *self,
                                                 const char        *name);
gboolean         lumina_window_get_show_chat    (LuminaWindow      *self);
void             lumina_window_set_show_chat    (LuminaWindow      *self,
                                                 gboolean           show_chat);

G_END_DECLS
