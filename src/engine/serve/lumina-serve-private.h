/* lumina-serve-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the model server.
 */
#pragma once

#include <libsoup/soup.h>

#include "lumina-frame.h"
#include "lumina-model.h"
#include "lumina-model-server.h"
#include "lumina-worker-pool.h"

G_BEGIN_DECLS

/* ---- lumina-serve-json.c: a small, fast JSON reader and writer helpers ---- */

typedef enum
{
  SJ_NULL,
  SJ_BOOL,
  SJ_NUMBER,
  SJ_STRING,
  SJ_ARRAY,
  SJ_OBJECT,
} SjType;

typedef struct _SjNode SjNode;

/* Objects hold their members as nodes with @key set. */
struct _SjNode
{
  guint8       type;
  guint8       is_int;    /* a number literal without fraction or exponent, in @i */
  guint8       boolean;
  guint32      len;       /* string bytes, array items or object members */
  const char  *key;
  union
  {
    double       num;
    const char  *str;
    SjNode      *items;
  } v;
  gint64       i;
};

typedef struct _SjParser SjParser;

SjParser     *sj_parser_new        (void);
void          sj_parser_free       (SjParser     *parser);
/* The tree lives until the next parse or free. */
SjNode       *sj_parse             (SjParser     *parser,
                                    const char   *data,
                                    gsize         len,
                                    GError      **error);
SjNode       *sj_object_get        (const SjNode *object,
                                    const char   *key);
void          sj_append_string     (GString      *out,
                                    const char   *text);
void          sj_append_escaped    (GString      *out,
                                    const char   *text);
void          sj_append_double     (GString      *out,
                                    double        value);
char         *sj_error_body        (const char   *message);

/* ---- a served model version ---- */

typedef enum
{
  SERVE_VARIANT_PRIMARY,
  SERVE_VARIANT_CHALLENGER,
  SERVE_VARIANT_SHADOW,
} ServeVariant;

typedef struct _ServeStats ServeStats;
typedef struct _ServeHandle ServeHandle;
typedef struct _ServeJob ServeJob;

typedef struct
{
  char             *name;
  LuminaColumnType  type;
} ServeColumnSpec;

/* Refcounted; immutable once built except @pending and @batch_source,
 * which only the main context touches. */
struct _ServeHandle
{
  gatomicrefcount    ref;
  LuminaModel       *model;
  char              *endpoint;
  char              *name;
  guint              version;
  char              *bundle_path;
  ServeVariant       variant;
  ServeStats        *stats;      /* owned by the server */

  guint              n_columns;
  ServeColumnSpec   *columns;
  GHashTable        *column_index;  /* name → index + 1 */
  LuminaTask         task;
  guint              n_outputs;
  char             **classes;
  LuminaColumnType   label_type;

  GPtrArray         *pending;
  GSource           *batch_source;
};

ServeHandle  *serve_handle_load     (const char   *endpoint,
                                     const char   *name,
                                     guint         version,
                                     const char   *bundle_path,
                                     GError      **error);
ServeHandle  *serve_handle_ref      (ServeHandle  *handle);
void          serve_handle_unref    (ServeHandle  *handle);
const char   *serve_variant_name    (ServeVariant  variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServeHandle, serve_handle_unref)

/* ---- lumina-serve-input.c: request bodies → frames ---- */

typedef enum
{
  SERVE_BODY_OIP,
  SERVE_BODY_MLFLOW_JSON,
  SERVE_BODY_MLFLOW_CSV,
} ServeBodyKind;

#define SERVE_OUTPUT_PREDICTION    (1u << 0)
#define SERVE_OUTPUT_PROBABILITIES (1u << 1)

/* What a request asked for beyond its rows. */
typedef struct
{
  char  *id;        /* OIP request id, echoed */
  guint  outputs;   /* SERVE_OUTPUT_* */
} ServeRequestInfo;

LuminaFrame  *serve_parse_body      (ServeHandle       *handle,
                                     ServeBodyKind      kind,
                                     GBytes            *body,
                                     SjParser          *parser,
                                     ServeRequestInfo  *info,
                                     GError           **error);
LuminaFrame  *serve_frame_concat    (LuminaFrame      **frames,
                                     guint              n_frames);

/* Shared by the input parsers. */
typedef struct
{
  ServeHandle   *handle;
  LuminaColumn **columns;
  gsize          n_rows;
} ServeBuilder;

void          serve_builder_init    (ServeBuilder      *builder,
                                     ServeHandle       *handle,
                                     gsize              n_rows);
void          serve_builder_clear   (ServeBuilder      *builder);
LuminaFrame  *serve_builder_finish  (ServeBuilder      *builder);
gboolean      serve_set_cell        (LuminaColumn      *column,
                                     gsize              row,
                                     const SjNode      *value,
                                     GError           **error);
gboolean      serve_invalid         (GError           **error,
                                     const char        *format,
                                     ...) G_GNUC_PRINTF (2, 3);
int           serve_column_of       (ServeHandle       *handle,
                                     const char        *name);
void          serve_flatten         (const SjNode      *node,
                                     GPtrArray         *leaves);
/* lumina-serve-input-oip.c */
LuminaFrame  *serve_parse_oip       (ServeHandle       *handle,
                                     const SjNode      *root,
                                     ServeRequestInfo  *info,
                                     GError           **error);

/* ---- lumina-serve-output.c: responses ---- */

GString      *serve_format_response (ServeHandle       *handle,
                                     ServeBodyKind      kind,
                                     const ServeRequestInfo *info,
                                     const double      *pred,
                                     gsize              n_rows);
char         *serve_format_rows_json (LuminaFrame      *frame,
                                      gsize             offset,
                                      gsize             n_rows);
char         *serve_format_outputs_json (ServeHandle   *handle,
                                         const double  *pred,
                                         gsize          n_rows);
char         *serve_format_model_metadata (ServeHandle *handle,
                                           GPtrArray   *versions);
guint         serve_best_class      (const double      *row,
                                     guint              n);

/* ---- lumina-serve-stats.c ---- */

#define SERVE_STATS_SLOTS 64

ServeStats   *serve_stats_new       (const char   *endpoint,
                                     const char   *model,
                                     guint         version,
                                     ServeVariant  variant);
void          serve_stats_free      (ServeStats   *stats);
void          serve_stats_record    (ServeStats   *stats,
                                     gint64        now_us,
                                     gint64        latency_us,
                                     gboolean      error);
void          serve_stats_record_batch (ServeStats *stats,
                                        gsize       rows);
void          serve_stats_add_in_flight (ServeStats *stats,
                                         int         delta);
/* Thread-safe. */
void          serve_stats_compare   (ServeStats   *stats,
                                     LuminaTask    task,
                                     guint         n_outputs,
                                     const double *primary,
                                     const double *shadow,
                                     gsize         n_rows);
LuminaServeStats *serve_stats_summary (ServeStats *stats,
                                       gint64      now_us,
                                       guint       window_s,
                                       gint64      since_us,
                                       gboolean    current);
void          serve_stats_render    (GPtrArray    *stats,
                                     GHashTable   *current,
                                     GString      *out);

/* ---- lumina-serve-capture.c ---- */

typedef struct _ServeCapture ServeCapture;

ServeCapture *serve_capture_new     (LuminaWorkspace *workspace,
                                     guint            queue_size);
void          serve_capture_free    (ServeCapture    *capture);
void          serve_capture_set_cap (ServeCapture    *capture,
                                     guint            max_rows);
/* Takes refs; FALSE (and counted) when the queue is full.  @request_id
 * (nullable) is what the request was answered with in X-Request-Id. */
gboolean      serve_capture_push    (ServeCapture    *capture,
                                     ServeHandle     *handle,
                                     LuminaFrame     *frame,
                                     gsize            row_offset,
                                     gsize            n_rows,
                                     const double    *pred,
                                     gint64           latency_us,
                                     const char      *request_id);
void          serve_capture_flush   (ServeCapture    *capture);
void          serve_capture_counts  (ServeCapture    *capture,
                                     guint64         *written,
                                     guint64         *dropped);

/* ---- lumina-serve-job.c: running requests on the worker pool ---- */

struct _ServeJob
{
  LuminaModelServer *server;
  SoupServerMessage *msg;
  ServeHandle       *handle;
  ServeHandle       *shadow;
  ServeBodyKind      kind;
  GBytes            *body;
  gint64             start_us;

  ServeRequestInfo   info;
  LuminaFrame       *frame;       /* this request's rows, or the whole batch's */
  gsize              row_offset;
  gsize              n_rows;
  double            *pred;        /* this request's rows only */
  gsize              batch_rows;  /* set on the first job of a batch */
  guint              status;
  GString           *response;
};

typedef void (*ServeDoneFunc) (GPtrArray *jobs,
                               gpointer   user_data);

ServeJob     *serve_job_new         (LuminaModelServer *server,
                                     SoupServerMessage *msg,
                                     ServeHandle       *handle,
                                     ServeBodyKind      kind,
                                     gint64             start_us);
void          serve_job_free        (ServeJob          *job);
/* Worker thread: parses, predicts once for all @jobs, formats. */
void          serve_jobs_run        (GPtrArray         *jobs,
                                     LuminaWorkerPool  *pool);

/* ---- the server (lumina-model-server.c, -routes.c, -endpoint.c) ---- */

typedef struct
{
  char                      *name;
  guint                      order;
  char                      *path;            /* the primary's source: a bundle, */
  char                      *ref;             /* or a reference to resolve */
  char                      *challenger_path;
  char                      *challenger_ref;
  LuminaServeChallengerMode  mode;
  guint                      canary_bp;       /* share in basis points, 0..10000 */
  guint64                    counter;
  ServeHandle               *primary;
  ServeHandle               *challenger;
  guint                      loading;         /* swaps being loaded */
} ServeEndpoint;

typedef enum
{
  SERVE_UNROUTED_NOT_FOUND,
  SERVE_UNROUTED_METHOD,
  SERVE_UNROUTED_TOO_LARGE,
  SERVE_UNROUTED_MEDIA_TYPE,
  SERVE_UNROUTED_UNAVAILABLE,
  SERVE_UNROUTED_TIMEOUT,
  SERVE_N_UNROUTED
} ServeUnrouted;

struct _LuminaModelServer
{
  GObject                 parent_instance;

  LuminaWorkspace        *workspace;
  SoupServer             *soup;
  GMainContext           *context;
  LuminaWorkerPool       *pool;
  ServeCapture           *capture;
  char                   *host;
  guint                   port;
  gint64                  listening_us;   /* monotonic, when listening began */

  LuminaServeResolveFunc  resolve;
  gpointer                resolve_data;
  GDestroyNotify          resolve_destroy;

  GHashTable             *endpoints;        /* name → ServeEndpoint */
  guint                   next_order;
  GPtrArray              *stats;            /* ServeStats, owned */
  GHashTable             *stats_by_key;

  guint                   workers;
  gint64                  batch_window_us;
  guint                   max_batch;
  guint64                 body_limit;
  double                  capture_rate;
  guint                   capture_cap;
  guint64                 capture_seen;
  guint                   poll_interval_ms;
  guint                   read_timeout_s;
  guint                   stats_window_s;

  guint                   poll_id;
  guint                   sweep_id;
  GHashTable             *reading;          /* SoupServerMessage → start, in monotonic seconds */

  GMutex                  done_lock;
  GPtrArray              *done;             /* arrays of finished jobs */
  gboolean                done_queued;
  guint                   in_flight;

  guint64                 unrouted[SERVE_N_UNROUTED];
  guint64                 swaps;
  guint64                 swap_failures;

  gboolean                draining;
  gboolean                closing;
  guint                   drain_left;
  GHashTable             *responding;       /* answered while draining, not yet written */
  GTask                  *stop_task;
  guint                   stop_timeout_id;
};

/* lumina-model-server.c */
void          _lumina_model_server_complete (LuminaModelServer *self,
                                             GPtrArray         *jobs);
ServeStats   *_lumina_model_server_get_stats (LuminaModelServer *self,
                                              ServeHandle       *handle);
void          _lumina_model_server_respond   (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *content_type,
                                              char              *body);
void          _lumina_model_server_respond_error (SoupServerMessage *msg,
                                                  guint              status,
                                                  const char        *message);

void          _lumina_model_server_close     (LuminaModelServer *self);
void          _lumina_model_server_emit_swapped (LuminaModelServer *self,
                                                 const char        *endpoint,
                                                 guint              version);
gboolean      _lumina_model_server_stop_timeout (gpointer        data);

/* lumina-serve-routes.c */
void          _lumina_model_server_setup_routes (LuminaModelServer *self);
gboolean      _lumina_model_server_sweep     (gpointer           data);
void          _lumina_model_server_forget_reading (LuminaModelServer *self);

/* lumina-serve-endpoint.c */
void          _serve_endpoint_free           (ServeEndpoint     *endpoint);
ServeEndpoint *_lumina_model_server_default_endpoint (LuminaModelServer *self);
void          _lumina_model_server_dispatch  (LuminaModelServer *self,
                                              ServeEndpoint     *endpoint,
                                              ServeHandle       *forced,
                                              SoupServerMessage *msg,
                                              ServeBodyKind      kind);
void          _lumina_model_server_flush_batches (LuminaModelServer *self);
gboolean      _lumina_model_server_poll      (gpointer           data);

G_END_DECLS
