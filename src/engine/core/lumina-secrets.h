/* lumina-secrets.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Credentials (tokens, API keys) kept out of the workspace, settings and
 * logs: in the desktop keyring through the Secret Service when one runs,
 * otherwise in a file only its owner can read.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LuminaSecretsBackend:
 * @LUMINA_SECRETS_BACKEND_KEYRING: the Secret Service (GNOME Keyring,
 *   KeePassXC, the Flatpak secret portal)
 * @LUMINA_SECRETS_BACKEND_FILE: a 0600 JSON file in the user's config
 *   directory, where no Secret Service exists (servers, CI)
 */
typedef enum
{
  LUMINA_SECRETS_BACKEND_KEYRING,
  LUMINA_SECRETS_BACKEND_FILE,
} LuminaSecretsBackend;

/* Well-known kinds of secret; the target says which server it is for. */
#define LUMINA_SECRET_PROMETHEUS_TOKEN "prometheus-token"

LuminaSecretsBackend lumina_secrets_get_backend  (void);
char                *lumina_secrets_get_file_path (void);

gboolean  lumina_secrets_store         (const char           *kind,
                                        const char           *target,
                                        const char           *label,
                                        const char           *secret,
                                        GCancellable         *cancellable,
                                        GError              **error);
char     *lumina_secrets_lookup        (const char           *kind,
                                        const char           *target,
                                        GCancellable         *cancellable,
                                        GError              **error);

void      lumina_secrets_store_async   (const char           *kind,
                                        const char           *target,
                                        const char           *label,
                                        const char           *secret,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  lumina_secrets_store_finish  (GAsyncResult         *result,
                                        GError              **error);
void      lumina_secrets_lookup_async  (const char           *kind,
                                        const char           *target,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *lumina_secrets_lookup_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
