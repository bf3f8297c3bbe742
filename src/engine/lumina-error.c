/* lumina-error.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-error"

#include "config.h"

#include "lumina-error.h"

G_DEFINE_QUARK (lumina-error-quark, lumina_error)
