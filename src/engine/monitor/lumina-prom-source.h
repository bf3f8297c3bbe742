/* lumina-prom-source.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Prometheus server as a data source: PromQL range and instant queries
 * over its HTTP API, and a connection test.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LUMINA_PROM_ERROR (lumina_prom_error_quark ())

/**
 * LuminaPromError:
 * @LUMINA_PROM_ERROR_BAD_DATA: HTTP 400 (`bad_data`): the query or a
 *   parameter is wrong, e.g. a PromQL syntax error
 * @LUMINA_PROM_ERROR_EXECUTION: HTTP 422 (`execution`): the query is valid
 *   but cannot be evaluated
 * @LUMINA_PROM_ERROR_TIMEOUT: HTTP 503 (`timeout`): evaluation took longer
 *   than the server or the query allows
 * @LUMINA_PROM_ERROR_UNAVAILABLE: HTTP 503 otherwise: not ready, overloaded
 * @LUMINA_PROM_ERROR_UNAUTHORIZED: HTTP 401 or 403: the token is missing or
 *   wrong (a proxy in front of Prometheus answers these)
 * @LUMINA_PROM_ERROR_HTTP: any other failure status
 * @LUMINA_PROM_ERROR_BAD_RESPONSE: the answer is not the JSON Prometheus
 *   sends, or holds no numbers
 *
 * The message carries Prometheus' own `errorType` and `error` text when it
 * sent them.  Network failures are GIO errors (e.g.
 * %G_IO_ERROR_CONNECTION_REFUSED, %G_IO_ERROR_TIMED_OUT) with context added.
 */
typedef enum
{
  LUMINA_PROM_ERROR_BAD_DATA,
  LUMINA_PROM_ERROR_EXECUTION,
  LUMINA_PROM_ERROR_TIMEOUT,
  LUMINA_PROM_ERROR_UNAVAILABLE,
  LUMINA_PROM_ERROR_UNAUTHORIZED,
  LUMINA_PROM_ERROR_HTTP,
  LUMINA_PROM_ERROR_BAD_RESPONSE,
} LuminaPromError;

GQuark lumina_prom_error_quark (void);

/* Prometheus refuses range queries with more points per series. */
#define LUMINA_PROM_MAX_POINTS 11000

/**
 * LuminaPromSeries:
 * @name: (nullable): the `__name__` label; queries that compute new
 *   values (`rate(...)`, `a + b`) drop it
 * @labels: the other labels as key, value, ..., %NULL; sorted by key
 * @times: (element-type double): sample times, seconds since the Unix epoch
 * @values: (element-type double): sample values; NaN and ±Inf kept
 */
typedef struct
{
  char   *name;
  GStrv   labels;
  GArray *times;
  GArray *values;
} LuminaPromSeries;

/**
 * LuminaPromResult:
 * @result_type: "matrix" (range query), "vector" or "scalar" (instant query)
 * @series: (element-type LuminaPromSeries): one per series; a scalar gives
 *   one series without labels
 * @start_s: start of a range query, or the evaluation time of an instant one
 * @end_s: end of a range query
 * @step_s: the step actually used by a range query (see
 *   lumina_prom_source_fit_step()); 0 for an instant query
 * @warnings: (nullable): warnings Prometheus attached to the answer
 */
typedef struct
{
  char      *result_type;
  GPtrArray *series;
  double     start_s;
  double     end_s;
  double     step_s;
  GStrv      warnings;
} LuminaPromResult;

const char *lumina_prom_series_get_label (const LuminaPromSeries *series,
                                          const char             *key);
void        lumina_prom_result_free      (LuminaPromResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaPromResult, lumina_prom_result_free)

#define LUMINA_TYPE_PROM_SOURCE (lumina_prom_source_get_type ())

G_DECLARE_FINAL_TYPE (LuminaPromSource, lumina_prom_source, LUMINA, PROM_SOURCE, GObject)

LuminaPromSource *lumina_prom_source_new                (const char           *base_url);
const char       *lumina_prom_source_get_base_url       (LuminaPromSource     *self);
void              lumina_prom_source_set_base_url       (LuminaPromSource     *self,
                                                         const char           *base_url);
const char       *lumina_prom_source_get_bearer_token   (LuminaPromSource     *self);
void              lumina_prom_source_set_bearer_token   (LuminaPromSource     *self,
                                                         const char           *bearer_token);
guint             lumina_prom_source_get_timeout        (LuminaPromSource     *self);
void              lumina_prom_source_set_timeout        (LuminaPromSource     *self,
                                                         guint                 timeout_s);
double            lumina_prom_source_get_query_timeout  (LuminaPromSource     *self);
void              lumina_prom_source_set_query_timeout  (LuminaPromSource     *self,
                                                         double                query_timeout_s);

double            lumina_prom_source_fit_step           (double                start_s,
                                                         double                end_s,
                                                         double                step_s);

void              lumina_prom_source_query_range_async  (LuminaPromSource     *self,
                                                         const char           *promql,
                                                         double                start_s,
                                                         double                end_s,
                                                         double                step_s,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
LuminaPromResult *lumina_prom_source_query_range_finish (LuminaPromSource     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void              lumina_prom_source_query_async        (LuminaPromSource     *self,
                                                         const char           *promql,
                                                         double                time_s,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
LuminaPromResult *lumina_prom_source_query_finish       (LuminaPromSource     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void              lumina_prom_source_ping_async         (LuminaPromSource     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char             *lumina_prom_source_ping_finish        (LuminaPromSource     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
