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

char     *lumina_util_format_time      (GDateTime   *time);
char     *lumina_util_now_text         (void);
gboolean  lumina_util_fsync_directory  (const char  *path,
                                        GError     **error);
char     *lumina_util_canonical_json   (JsonNode    *node);
char     *lumina_util_json_to_string   (JsonNode    *node,
                                        gboolean     pretty);
gboolean  lumina_set_str               (char       **ptr,
                                        const char  *value);

G_END_DECLS
