/* lumina-profile-card.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_PROFILE_CARD (lumina_profile_card_get_type ())

G_DECLARE_FINAL_TYPE (LuminaProfileCard, lumina_profile_card, LUMINA, PROFILE_CARD, GtkWidget)

GtkWidget  *lumina_profile_card_new             (JsonObject        *schema_column,
                                                 JsonObject        *profile_column,
                                                 gint64             n_rows);
const char *lumina_profile_card_get_column_name (LuminaProfileCard *self);

G_END_DECLS
