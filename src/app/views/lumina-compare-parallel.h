/* lumina-compare-parallel.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-engine.h"
#include "lumina-parallel-chart.h"

G_BEGIN_DECLS

void lumina_compare_fill_parallel (LuminaParallelChart *chart,
                                   GPtrArray           *runs,
                                   GPtrArray           *differing,
                                   const char          *main_metric);

G_END_DECLS
