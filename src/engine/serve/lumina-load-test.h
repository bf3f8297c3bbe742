/* lumina-load-test.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-registry.h"
#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaLoadSample:
 * @elapsed_s: seconds since the test started, at the end of the interval
 * @duration_s: length of the interval (about 1 s; a ramp step's length for steps)
 * @concurrency: clients sending during the interval
 * @requests: requests answered in the interval (cancelled ones excluded)
 * @errors: of those, the ones that failed (not 2xx, or no answer)
 * @rps: @requests / @duration_s
 * @p50_ms: median latency of the interval's requests
 * @p90_ms: 90th percentile
 * @p99_ms: 99th percentile
 *
 * One second of a load test, or one concurrency step of a ramp.
 */
typedef struct
{
  double  elapsed_s;
  double  duration_s;
  guint   concurrency;
  guint64 requests;
  guint64 errors;
  double  rps;
  double  p50_ms;
  double  p90_ms;
  double  p99_ms;
} LuminaLoadSample;

#define LUMINA_TYPE_LOAD_SAMPLE (lumina_load_sample_get_type ())
GType             lumina_load_sample_get_type (void) G_GNUC_CONST;
LuminaLoadSample *lumina_load_sample_copy     (const LuminaLoadSample *sample);
void              lumina_load_sample_free     (LuminaLoadSample       *sample);

#define LUMINA_TYPE_LOAD_TEST (lumina_load_test_get_type ())

G_DECLARE_FINAL_TYPE (LuminaLoadTest, lumina_load_test, LUMINA, LOAD_TEST, GObject)

/**
 * LuminaLoadTest:
 * A load generator for a served model: C clients POST the same body
 * back to back to a URL (a deployment's /invocations) for D seconds, or
 * in a ramp that steps the number of clients 1, 2, 4, … C to draw a
 * latency-versus-throughput curve.
 *
 * The clients run in a thread of their own (one HTTP session with at
 * least C connections, on that thread's main context), so that they
 * neither compete with the caller's main loop nor with a server living
 * on it.  Latencies go into log-linear histograms (about 1.5 % precision).
 * Every second a "sample" (LuminaLoadSample *) is emitted on the main
 * context that called lumina_load_test_run_async(); each finished ramp
 * step emits "step" (LuminaLoadSample *); "progress" (0–1) follows.
 *
 * The summary (lumina_load_test_get_summary()) is a JSON object:
 * requests, errors, duration_s, rps, p50_ms, p90_ms, p99_ms, mean_ms,
 * max_ms, concurrency, ramp, cancelled, status (an object: HTTP status
 * code, or "transport" for requests that got no answer → count),
 * steps (an array of {concurrency, requests, errors, rps, p50_ms,
 * p90_ms, p99_ms}), and client_busy: the share of wall time the client
 * thread spent on the CPU (near 1 means the client, not the server, was
 * the limit).
 */
LuminaLoadTest *lumina_load_test_new              (const char      *url);
const char     *lumina_load_test_get_url          (LuminaLoadTest  *self);
/* The request body; JSON unless @content_type says otherwise. */
void            lumina_load_test_set_body         (LuminaLoadTest  *self,
                                                   const char      *content_type,
                                                   const char      *body);
const char     *lumina_load_test_get_body         (LuminaLoadTest  *self);
guint           lumina_load_test_get_concurrency  (LuminaLoadTest  *self);
void            lumina_load_test_set_concurrency  (LuminaLoadTest  *self,
                                                   guint            clients);
double          lumina_load_test_get_duration     (LuminaLoadTest  *self);
void            lumina_load_test_set_duration     (LuminaLoadTest  *self,
                                                   double           seconds);
gboolean        lumina_load_test_get_ramp         (LuminaLoadTest  *self);
void            lumina_load_test_set_ramp         (LuminaLoadTest  *self,
                                                   gboolean         ramp);
/* The concurrency of each ramp step, 1, 2, 4, … up to @clients. */
guint          *lumina_load_test_ramp_levels      (guint            clients,
                                                   guint           *n_levels);

gboolean        lumina_load_test_get_running      (LuminaLoadTest  *self);
double          lumina_load_test_get_progress     (LuminaLoadTest  *self);
/* (element-type LuminaLoadSample): what was emitted so far. */
GArray         *lumina_load_test_get_samples      (LuminaLoadTest  *self);
GArray         *lumina_load_test_get_steps        (LuminaLoadTest  *self);
/* (nullable): the summary of the last run, also of a cancelled one. */
JsonObject     *lumina_load_test_get_summary      (LuminaLoadTest  *self);

/* Returns the summary; G_IO_ERROR_CANCELLED after lumina_load_test_cancel()
 * or @cancellable (lumina_load_test_get_summary() then holds what was
 * measured until then). */
void            lumina_load_test_run_async        (LuminaLoadTest       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
JsonObject     *lumina_load_test_run_finish       (LuminaLoadTest       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void            lumina_load_test_cancel           (LuminaLoadTest       *self);

/**
 * lumina_load_test_build_body:
 * @registry: the registry holding @model_ref
 * @model_ref: "NAME@ALIAS" or "NAME@VERSION"
 * @n_rows: rows wanted
 * @from_dataset: (out) (optional): whether the rows are real rows
 * @note: (out) (optional) (transfer full): where the rows came from, in words
 * @error: a location for a #GError
 *
 * An MLflow dataframe_split body of @n_rows rows of the model version's
 * training dataset (its dataset_ref, the target column left out), in the
 * order of the model's input signature.  When that dataset is gone, the
 * rows repeat typical values of the training data kept by the model's
 * preprocessing (medians, commonest categories), and @note says so.
 * Blocking (reads the dataset); thread-safe.
 *
 * Returns: (transfer full) (nullable): the JSON body
 */
char           *lumina_load_test_build_body       (LuminaRegistry  *registry,
                                                   const char      *model_ref,
                                                   guint            n_rows,
                                                   gboolean        *from_dataset,
                                                   char           **note,
                                                   GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaLoadSample, lumina_load_sample_free)

G_END_DECLS
