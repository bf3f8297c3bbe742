/* lumina-application.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_APPLICATION (lumina_application_get_type ())

G_DECLARE_FINAL_TYPE (LuminaApplication, lumina_application, LUMINA, APPLICATION, AdwApplication)

LuminaApplication *lumina_application_new           (void);
GSettings         *lumina_application_get_settings  (LuminaApplication *self);
LuminaWorkspace   *lumina_application_get_workspace (LuminaApplication *self);
char              *lumina_application_dup_workspace_path (LuminaApplication *self,
                                                          const char        *requested);

G_END_DECLS
