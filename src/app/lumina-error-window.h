/* lumina-error-window.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-application.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_ERROR_WINDOW (lumina_error_window_get_type ())

G_DECLARE_FINAL_TYPE (LuminaErrorWindow, lumina_error_window, LUMINA, ERROR_WINDOW,
                      AdwApplicationWindow)

LuminaErrorWindow *lumina_error_window_new         (LuminaApplication *app,
                                                    const char        *path,
                                                    const GError      *error);
const char        *lumina_error_window_get_message (LuminaErrorWindow *self);

G_END_DECLS
