/* lumina-prom-source-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-prom-source.h"

G_BEGIN_DECLS

LuminaPromResult *_lumina_prom_parse_query     (GBytes  *body,
                                                guint    status,
                                                GError **error);
char             *_lumina_prom_parse_buildinfo (GBytes  *body,
                                                guint    status,
                                                GError **error);

G_END_DECLS
