/* lumina-register-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_REGISTER_DIALOG (lumina_register_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaRegisterDialog, lumina_register_dialog, LUMINA, REGISTER_DIALOG, AdwWindow)

GtkWidget *lumina_register_dialog_new      (GtkWindow            *parent,
                                            LuminaRegistry       *registry,
                                            const char           *run_id);
void       lumina_register_dialog_set_name (LuminaRegisterDialog *self,
                                            const char           *name);
gboolean   lumina_register_dialog_register (LuminaRegisterDialog *self);
gboolean   lumina_register_dialog_get_busy (LuminaRegisterDialog *self);

G_END_DECLS
