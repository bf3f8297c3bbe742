/* lumina-version-list.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_VERSION_LIST (lumina_version_list_get_type ())

G_DECLARE_FINAL_TYPE (LuminaVersionList, lumina_version_list, LUMINA, VERSION_LIST, GtkWidget)

GtkWidget *lumina_version_list_new          (void);
void       lumina_version_list_set_versions (LuminaVersionList *self,
                                             GPtrArray         *versions);
gboolean   lumina_version_list_compare      (LuminaVersionList *self,
                                             int                from,
                                             int                to);
JsonNode  *lumina_version_list_get_diff     (LuminaVersionList *self);

G_END_DECLS
