/* lumina-util.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the engine's domains.  Not part of the umbrella.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LUMINA_SHA256_HEX_LENGTH 64

/* Incremental SHA-256 (nettle: uses the CPU's SHA extensions where present). */
typedef struct _LuminaSha256 LuminaSha256;

LuminaSha256 *lumina_sha256_new        (void);
void          lumina_sha256_update     (LuminaSha256 *self,
                                        const void   *data,
                                        gsize         len);
char         *lumina_sha256_finish     (LuminaSha256 *self);
void          lumina_sha256_free       (LuminaSha256 *self);
char         *lumina_sha256_hex        (const void   *data,
                                        gsize         len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaSha256, lumina_sha256_free)

char     *lumina_util_format_time      (GDateTime   *time);
char     *lumina_util_now_text         (void);
gboolean  lumina_util_fsync_directory  (const char  *path,
                                        GError     **error);
char     *lumina_util_canonical_json   (JsonNode    *node);
char     *lumina_util_json_to_string   (JsonNode    *node,
                                        gboolean     pretty);
guint64   lumina_util_read_proc_kib    (const char  *path,
                                        const char  *field);
gboolean  lumina_set_str               (char       **ptr,
                                        const char  *value);

G_END_DECLS
