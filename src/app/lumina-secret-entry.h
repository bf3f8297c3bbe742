/* lumina-secret-entry.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_SECRET_NOTIFIER (lumina_secret_notifier_get_type ())

G_DECLARE_FINAL_TYPE (LuminaSecretNotifier, lumina_secret_notifier, LUMINA, SECRET_NOTIFIER, GObject)

/* Emits "changed" (kind, target) once a secret typed in a bound row has
 * been stored, so whoever uses it reads it again, and "store-failed"
 * (kind, target, message) when it could not be. */
LuminaSecretNotifier *lumina_secret_notifier_get_default (void);

void lumina_secret_entry_bind      (AdwEntryRow *row,
                                    GSettings   *settings,
                                    const char  *target_key,
                                    const char  *kind,
                                    const char  *label);
void lumina_secret_migrate_setting (GSettings   *settings,
                                    const char  *secret_key,
                                    const char  *target_key,
                                    const char  *kind,
                                    const char  *label);

G_END_DECLS
