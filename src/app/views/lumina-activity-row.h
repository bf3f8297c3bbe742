/* lumina-activity-row.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_ACTIVITY_ROW (lumina_activity_row_get_type ())

G_DECLARE_FINAL_TYPE (LuminaActivityRow, lumina_activity_row, LUMINA, ACTIVITY_ROW, AdwActionRow)

GtkWidget   *lumina_activity_row_new                   (LuminaEvent       *event);
LuminaEvent *lumina_activity_row_get_event             (LuminaActivityRow *self);
void         lumina_activity_row_update_time           (LuminaActivityRow *self,
                                                        GDateTime         *now);

char        *lumina_activity_format_kind               (const char        *kind);
char        *lumina_activity_format_relative_time      (GDateTime         *time,
                                                        GDateTime         *now);
const char  *lumina_activity_get_icon_name             (const char        *kind);

G_END_DECLS
