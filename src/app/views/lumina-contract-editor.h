/* lumina-contract-editor.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_CONTRACT_EDITOR (lumina_contract_editor_get_type ())

G_DECLARE_FINAL_TYPE (LuminaContractEditor, lumina_contract_editor, LUMINA, CONTRACT_EDITOR, GtkWidget)

GtkWidget *lumina_contract_editor_new          (void);
void       lumina_contract_editor_set_version  (LuminaContractEditor *self,
                                                LuminaDatasetStore   *store,
                                                LuminaDatasetVersion *version);
void       lumina_contract_editor_reload       (LuminaContractEditor *self);
JsonNode  *lumina_contract_editor_get_contract (LuminaContractEditor *self);
gboolean   lumina_contract_editor_get_modified (LuminaContractEditor *self);

G_END_DECLS
