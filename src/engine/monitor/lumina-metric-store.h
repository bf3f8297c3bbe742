/* lumina-metric-store.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The embedded time-series store behind monitoring: named, labelled series,
 * batched appends from any thread, compact raw chunks, 10 s / 1 min / 1 h
 * roll-ups, retention, range queries and in-memory ring buffers for live
 * charts.  It keeps its own SQLite file, `metrics.db`, in the workspace.
 */
#pragma once

#include <glib-object.h>

#include "lumina-metric-point.h"
#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaMetricAgg:
 * @LUMINA_METRIC_AGG_AVG: mean of the samples in each step
 * @LUMINA_METRIC_AGG_MIN: smallest sample (NaN samples are ignored)
 * @LUMINA_METRIC_AGG_MAX: largest sample (NaN samples are ignored)
 * @LUMINA_METRIC_AGG_SUM: sum of the samples
 * @LUMINA_METRIC_AGG_COUNT: number of samples
 * @LUMINA_METRIC_AGG_LAST: the latest sample
 * @LUMINA_METRIC_AGG_RATE: per-second increase of a counter over the step,
 *   a drop in value counting as a reset to zero
 */
typedef enum
{
  LUMINA_METRIC_AGG_AVG,
  LUMINA_METRIC_AGG_MIN,
  LUMINA_METRIC_AGG_MAX,
  LUMINA_METRIC_AGG_SUM,
  LUMINA_METRIC_AGG_COUNT,
  LUMINA_METRIC_AGG_LAST,
  LUMINA_METRIC_AGG_RATE,
} LuminaMetricAgg;

/**
 * LuminaMetricResolution:
 * @LUMINA_METRIC_RESOLUTION_RAW: every sample as appended
 * @LUMINA_METRIC_RESOLUTION_10S: 10 second roll-up buckets
 * @LUMINA_METRIC_RESOLUTION_1MIN: 1 minute roll-up buckets
 * @LUMINA_METRIC_RESOLUTION_1H: 1 hour roll-up buckets
 */
typedef enum
{
  LUMINA_METRIC_RESOLUTION_RAW,
  LUMINA_METRIC_RESOLUTION_10S,
  LUMINA_METRIC_RESOLUTION_1MIN,
  LUMINA_METRIC_RESOLUTION_1H,
} LuminaMetricResolution;

#define LUMINA_METRIC_N_RESOLUTIONS 4

/* One (time, value) pair, as queries and ring buffers return them. */
typedef struct
{
  gint64 time_ms;
  double value;
} LuminaMetricSample;

/* One series, as listings return it. */
typedef struct
{
  guint  id;
  char  *name;
  GStrv  labels;   /* NULL, or key, value, ..., NULL; keys sorted */
} LuminaMetricSeriesInfo;

void                    lumina_metric_series_info_free       (LuminaMetricSeriesInfo *info);

gint64                  lumina_metric_resolution_get_ms      (LuminaMetricResolution  resolution);
LuminaMetricResolution  lumina_metric_resolution_for_step    (gint64                  step_ms);
gboolean                lumina_metric_name_is_valid          (const char             *name);
gboolean                lumina_metric_label_name_is_valid    (const char             *name);

#define LUMINA_TYPE_METRIC_STORE (lumina_metric_store_get_type ())

G_DECLARE_FINAL_TYPE (LuminaMetricStore, lumina_metric_store, LUMINA, METRIC_STORE, GObject)

LuminaMetricStore *lumina_metric_store_new               (LuminaWorkspace        *workspace,
                                                          GError                **error);
LuminaMetricStore *lumina_metric_store_new_for_path      (const char             *path,
                                                          GError                **error);
const char        *lumina_metric_store_get_path          (LuminaMetricStore      *self);

guint              lumina_metric_store_series            (LuminaMetricStore      *self,
                                                          const char             *name,
                                                          const char * const     *labels,
                                                          GError                **error);
GPtrArray         *lumina_metric_store_list_series       (LuminaMetricStore      *self);
GPtrArray         *lumina_metric_store_find_series       (LuminaMetricStore      *self,
                                                          const char             *name,
                                                          const char * const     *matchers,
                                                          GError                **error);

gboolean           lumina_metric_store_append            (LuminaMetricStore      *self,
                                                          guint                   series_id,
                                                          gint64                  time_ms,
                                                          double                  value,
                                                          GError                **error);
gboolean           lumina_metric_store_append_samples    (LuminaMetricStore      *self,
                                                          guint                   series_id,
                                                          const LuminaMetricSample *samples,
                                                          gsize                   n_samples,
                                                          GError                **error);
gboolean           lumina_metric_store_append_points     (LuminaMetricStore      *self,
                                                          GPtrArray              *points,
                                                          GError                **error);
gboolean           lumina_metric_store_flush             (LuminaMetricStore      *self,
                                                          GError                **error);

void               lumina_metric_store_set_retention     (LuminaMetricStore      *self,
                                                          LuminaMetricResolution  resolution,
                                                          gint64                  keep_ms);
gint64             lumina_metric_store_get_retention     (LuminaMetricStore      *self,
                                                          LuminaMetricResolution  resolution);
gboolean           lumina_metric_store_enforce_retention (LuminaMetricStore      *self,
                                                          gint64                  now_ms,
                                                          GError                **error);

GArray            *lumina_metric_store_query             (LuminaMetricStore      *self,
                                                          guint                   series_id,
                                                          gint64                  from_ms,
                                                          gint64                  to_ms,
                                                          gint64                  step_ms,
                                                          LuminaMetricAgg         agg,
                                                          GError                **error);
GArray            *lumina_metric_store_query_at          (LuminaMetricStore      *self,
                                                          guint                   series_id,
                                                          LuminaMetricResolution  resolution,
                                                          gint64                  from_ms,
                                                          gint64                  to_ms,
                                                          gint64                  step_ms,
                                                          LuminaMetricAgg         agg,
                                                          GError                **error);
GArray            *lumina_metric_store_query_quantile    (LuminaMetricStore      *self,
                                                          const char             *name,
                                                          const char * const     *labels,
                                                          double                  q,
                                                          gint64                  from_ms,
                                                          gint64                  to_ms,
                                                          gint64                  step_ms,
                                                          GError                **error);
GArray            *lumina_metric_store_recent            (LuminaMetricStore      *self,
                                                          guint                   series_id,
                                                          gint64                  since_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaMetricSeriesInfo, lumina_metric_series_info_free)

G_END_DECLS
