/* lumina-model-card-dialog.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_MODEL_CARD_DIALOG (lumina_model_card_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LuminaModelCardDialog, lumina_model_card_dialog, LUMINA, MODEL_CARD_DIALOG, AdwWindow)

GtkWidget *lumina_model_card_dialog_new      (GtkWindow             *parent,
                                              LuminaRegistry        *registry,
                                              const char            *name,
                                              guint                  version);
void       lumina_model_card_dialog_set_text (LuminaModelCardDialog *self,
                                              const char            *field,
                                              const char            *text);
gboolean   lumina_model_card_dialog_save     (LuminaModelCardDialog *self);
gboolean   lumina_model_card_dialog_get_busy (LuminaModelCardDialog *self);

G_END_DECLS
