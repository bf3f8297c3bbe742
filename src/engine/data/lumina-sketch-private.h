/* lumina-sketch-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sorting helpers shared by the sketches and the profiler.
 */
#pragma once

#include "lumina-sketch.h"

G_BEGIN_DECLS

void _lumina_sort_doubles   (double      *values,
                             gsize        n_values);
void _lumina_select_doubles (double      *values,
                             gsize        n_values,
                             const gsize *ranks,
                             guint        n_ranks);

G_END_DECLS
