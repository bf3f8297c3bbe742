/* lumina-overview-figures.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Overview reads from the metric store, as plain functions: the
 * recent points of a metric summed (or maxed) over its series, the same
 * metric over two adjacent periods, and how a change reads for people.
 */
#pragma once

#include "lumina-engine.h"

G_BEGIN_DECLS

/* How the points of several series at one time (or in one step) combine. */
typedef enum
{
  LUMINA_OVERVIEW_COMBINE_SUM,
  LUMINA_OVERVIEW_COMBINE_MAX,
} LuminaOverviewCombine;

/* Whether a rise is good news (throughput, accuracy) or bad (latency, errors). */
typedef enum
{
  LUMINA_OVERVIEW_POLARITY_NEUTRAL,
  LUMINA_OVERVIEW_POLARITY_HIGHER_IS_BETTER,
  LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER,
} LuminaOverviewPolarity;

/* The points, oldest first, of every series of @name matching @matchers
 * (label, op, value triples) at or after @since_ms, from the store's ring
 * buffers: one point per distinct time, combined by @combine.
 * Returns: (transfer full) (element-type LuminaMetricSample) */
GArray     *lumina_overview_recent          (LuminaMetricStore      *store,
                                             const char             *name,
                                             const char * const     *matchers,
                                             gint64                  since_ms,
                                             LuminaOverviewCombine   combine);

/* Per interval between two consecutive points of two counters (errors and
 * requests, summed by time): the increase of @numerator over that of
 * @denominator; NaN where the denominator did not grow.  A drop counts as a
 * reset.  Each ratio is timed at the later point.
 * Returns: (transfer full) (element-type LuminaMetricSample) */
GArray     *lumina_overview_counter_ratio   (GArray                 *numerator,
                                             GArray                 *denominator);
/* The same over the whole of both arrays; NaN without traffic. */
double      lumina_overview_counter_ratio_total (GArray             *numerator,
                                                 GArray             *denominator);

/* Reads the last 2 × @period_ms in one-minute steps (flushed data): each
 * step aggregates a series with @agg, series combine within a step by
 * @combine, and each period is the mean of its steps (@sum_steps FALSE) or
 * their sum (TRUE).  NaN for a period without data; FALSE when nothing
 * matched or the store failed. */
gboolean    lumina_overview_period_values   (LuminaMetricStore      *store,
                                             const char             *name,
                                             const char * const     *matchers,
                                             LuminaMetricAgg         agg,
                                             LuminaOverviewCombine   combine,
                                             gboolean                sum_steps,
                                             gint64                  now_ms,
                                             gint64                  period_ms,
                                             double                 *previous,
                                             double                 *current);

/* "↑ 12 %", "↓ 3 %", "No change", or NULL when the periods cannot be
 * compared (no earlier data).  @style_class is set to "success", "error"
 * or "dim-label" by @polarity. */
char       *lumina_overview_format_change   (double                  previous,
                                             double                  current,
                                             LuminaOverviewPolarity  polarity,
                                             const char            **style_class);

/* @samples within the @window_ms before @now_ms, averaged into
 * @n_buckets equal slots (NaN where a slot has none) and multiplied by
 * @scale, for a sparkline whose right edge is now.
 * Returns: (transfer full) (element-type double) */
GArray     *lumina_overview_bucketize       (GArray                 *samples,
                                             gint64                  now_ms,
                                             gint64                  window_ms,
                                             guint                   n_buckets,
                                             double                  scale);

G_END_DECLS
