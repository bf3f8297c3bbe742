/* lumina-runtime.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void      lumina_runtime_ensure_environment  (int          argc,
                                              char       **argv);
char     *lumina_runtime_get_startup_env     (const char  *name);
char     *lumina_runtime_describe_libraries  (void);

G_END_DECLS
