/* lumina-runs-query.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The filter language of the Experiments view: clauses separated by spaces,
 * all of which must hold, such as
 *
 *   param.max_depth>5 metric.roc_auc>=0.9 tag.team=vision status=finished
 *
 * Fields: param.NAME, metric.NAME, tag.NAME, status, learner, name,
 * experiment, dataset.  Operators: = == != > >= < <= and ~ (contains).
 * Numbers compare as numbers, anything else as case-insensitive text.
 */
#pragma once

#include "lumina-engine.h"

G_BEGIN_DECLS

typedef struct _LuminaRunsQuery LuminaRunsQuery;

LuminaRunsQuery *lumina_runs_query_parse      (const char      *text,
                                               GError         **error);
gboolean         lumina_runs_query_match      (LuminaRunsQuery *self,
                                               LuminaRun       *run);
guint            lumina_runs_query_get_n_clauses (LuminaRunsQuery *self);
void             lumina_runs_query_free       (LuminaRunsQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaRunsQuery, lumina_runs_query_free)

G_END_DECLS
