/* lumina-collect-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the collector files.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LUMINA_COLLECT_MAX_TOKENS 32

guint    _lumina_collect_tokenize  (char        *line,
                                    char       **tokens,
                                    guint        max_tokens);
gboolean _lumina_collect_parse_u64 (const char  *token,
                                    guint64     *value);
void     _lumina_collect_malformed (GError     **error,
                                    const char  *file,
                                    guint        line,
                                    const char  *what);
void     _lumina_collect_add       (GPtrArray   *points,
                                    const char  *name,
                                    gint64       time_ms,
                                    double       value,
                                    ...) G_GNUC_NULL_TERMINATED;
char    *_lumina_collect_read      (const char  *root,
                                    const char  *relative,
                                    GError     **error);

G_END_DECLS
