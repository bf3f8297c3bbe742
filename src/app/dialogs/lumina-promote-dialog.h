/* lumina-promote-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_PROMOTE_DIALOG (lumina_promote_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaPromoteDialog, lumina_promote_dialog, LUMINA, PROMOTE_DIALOG, AdwWindow)

GtkWidget  *lumina_promote_dialog_new        (GtkWindow           *parent,
                                              LuminaRegistry      *registry,
                                              const char          *name,
                                              guint                version);
gboolean    lumina_promote_dialog_set_target (LuminaPromoteDialog *self,
                                              const char          *kind,
                                              const char          *value);
JsonObject *lumina_promote_dialog_get_report (LuminaPromoteDialog *self);
gboolean    lumina_promote_dialog_get_busy   (LuminaPromoteDialog *self);

G_END_DECLS
