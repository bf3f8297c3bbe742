/* lumina-preferences-window.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-application.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_PREFERENCES_WINDOW (lumina_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LuminaPreferencesWindow, lumina_preferences_window, LUMINA,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

LuminaPreferencesWindow *lumina_preferences_window_new (LuminaApplication *app);

G_END_DECLS
