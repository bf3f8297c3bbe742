/* lumina-metric-store-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store spans several files: lumina-metric-store.c (object,
 * appends), lumina-metric-catalog.c (series), lumina-metric-writer.c (the
 * writer thread), lumina-metric-chunk.c (raw chunk codec),
 * lumina-metric-rollup.c (roll-ups and retention), lumina-metric-query.c
 * (range queries and quantiles), lumina-metric-ring.c (ring buffers) and
 * lumina-metric-names.c (validation, series keys, matchers).
 */
#pragma once

#include "lumina-db.h"
#include "lumina-metric-store.h"

G_BEGIN_DECLS

/* Samples per raw chunk row; a full chunk is about 9 KiB. */
#define LUMINA_METRIC_CHUNK_MAX  1024
/* Points kept per series in memory for live charts. */
#define LUMINA_METRIC_RING_MAX   1024
/* Largest valid timestamp: the end of year 9999. */
#define LUMINA_METRIC_TIME_MAX   G_GINT64_CONSTANT (253402300799999)

#define LUMINA_METRIC_N_ROLLUPS  3

/* A sample waiting for the writer. */
typedef struct
{
  guint  series;
  gint64 time_ms;
  double value;
} LuminaMetricPending;

typedef struct
{
  LuminaMetricSample *samples;
  guint               len;     /* number held, <= LUMINA_METRIC_RING_MAX */
  guint               cap;     /* allocated */
  guint               next;    /* slot of the next write once full */
} LuminaMetricRing;

/* One series as the store knows it; guarded by the store's lock. */
typedef struct
{
  guint             id;
  char             *name;
  GStrv             labels;
  char             *key;
  LuminaMetricRing  ring;
} LuminaMetricSeries;

/* An open roll-up bucket being accumulated. */
typedef struct
{
  gint64  t;        /* bucket start, or G_MININT64 when empty */
  gint64  count;
  double  sum;
  double  min;
  double  max;
  gint64  last_t;
  double  last;
  double  inc;
} LuminaMetricBucket;

/* The writer's state for one series; guarded by the write lock. */
typedef struct
{
  gint64              head_row;   /* chunk row of the head, 0 before its first write */
  guint               head_len;
  gint64             *head_t;
  double             *head_v;
  gboolean            head_dirty;
  gboolean            prev_known; /* for counter increments across batches */
  gint64              prev_t;
  double              prev_v;
  LuminaMetricBucket  open[LUMINA_METRIC_N_ROLLUPS];
} LuminaMetricWriterSeries;

struct _LuminaMetricStore
{
  GObject        parent_instance;

  char          *path;
  GMainContext  *owner_context;

  /* Appends, the series table and rings. */
  GMutex         lock;
  GCond          wake_cond;     /* the writer waits on it */
  GCond          drained_cond;  /* appenders over the limit wait on it */
  GArray        *pending;       /* LuminaMetricPending */
  GPtrArray     *series;        /* LuminaMetricSeries by id; [0] is NULL */
  GHashTable    *series_by_key; /* key -> LuminaMetricSeries */
  gboolean       stopping;
  GError        *writer_error;
  guint64        unannounced;   /* samples flushed but not yet announced */
  GSource       *announce_source;
  gint64         last_announce_us;

  /* The write connection and the writer's per-series state. */
  GMutex         write_lock;
  LuminaDb      *write_db;
  GPtrArray     *writers;       /* LuminaMetricWriterSeries by id */
  sqlite3_stmt  *chunk_insert;
  sqlite3_stmt  *chunk_update;
  sqlite3_stmt  *rollup_upsert[LUMINA_METRIC_N_ROLLUPS];
  GThread       *thread;
  gint64         next_retention_us;
  gboolean       writer_dirty;  /* heads or buckets not yet written */

  /* The read connection, for queries. */
  LuminaDb      *read_db;

  /* Retention, in ms (0: forever), and what has been cut so far. */
  gint64         retention[LUMINA_METRIC_N_RESOLUTIONS];
  gint64         horizon[LUMINA_METRIC_N_RESOLUTIONS];
};

/* the series table */
void      _lumina_metric_series_free   (gpointer             data);
gboolean  _lumina_metric_series_load   (LuminaMetricStore   *self,
                                        GError             **error);

/* Call with the store's lock held. */
static inline gboolean
_lumina_metric_series_known (LuminaMetricStore *self,
                             guint              series_id)
{
  return series_id > 0 && series_id < self->series->len &&
         g_ptr_array_index (self->series, series_id) != NULL;
}

/* names */
gboolean  _lumina_metric_check_name    (const char          *name,
                                        GError             **error);
GStrv     _lumina_metric_sorted_labels (const char * const  *labels,
                                        GError             **error);
char     *_lumina_metric_series_key    (const char          *name,
                                        const char * const  *sorted_labels);
GBytes   *_lumina_metric_labels_pack   (const char * const  *sorted_labels);
GStrv     _lumina_metric_labels_unpack (const void          *data,
                                        gsize                len);
gboolean  _lumina_metric_check_time    (gint64               time_ms,
                                        GError             **error);
GPtrArray *_lumina_metric_matchers_compile (const char * const *matchers,
                                            GError            **error);
gboolean  _lumina_metric_matchers_match (GPtrArray           *compiled,
                                         const char * const  *labels);

/* chunk codec */
GBytes   *_lumina_metric_chunk_encode  (const gint64        *times,
                                        const double        *values,
                                        guint                n);
gboolean  _lumina_metric_chunk_decode  (const guint8        *data,
                                        gsize                len,
                                        GArray              *samples,
                                        GError             **error);

/* ring buffers; callers hold the store lock */
void      _lumina_metric_ring_push     (LuminaMetricRing    *ring,
                                        gint64               time_ms,
                                        double               value);
void      _lumina_metric_ring_collect  (LuminaMetricRing    *ring,
                                        gint64               since_ms,
                                        GArray              *out);
void      _lumina_metric_ring_clear    (LuminaMetricRing    *ring);

/* roll-ups and retention; callers hold the write lock */
void      _lumina_metric_bucket_reset  (LuminaMetricBucket  *bucket);
void      _lumina_metric_bucket_add    (LuminaMetricBucket  *bucket,
                                        gint64               time_ms,
                                        double               value,
                                        double               inc);
gboolean  _lumina_metric_rollup_add    (LuminaMetricStore   *self,
                                        guint                series,
                                        LuminaMetricWriterSeries *ws,
                                        gint64               time_ms,
                                        double               value,
                                        double               inc,
                                        GError             **error);
gboolean  _lumina_metric_rollup_flush  (LuminaMetricStore   *self,
                                        guint                series,
                                        LuminaMetricWriterSeries *ws,
                                        GError             **error);
void      _lumina_metric_rollup_finalize_statements (LuminaMetricStore *self);
gboolean  _lumina_metric_retention_run (LuminaMetricStore   *self,
                                        gint64               now_ms,
                                        GError             **error);
gboolean  _lumina_metric_horizons_load (LuminaMetricStore   *self,
                                        GError             **error);

/* the writer */
void      _lumina_metric_writer_start  (LuminaMetricStore   *self);
void      _lumina_metric_writer_stop   (LuminaMetricStore   *self);
gboolean  _lumina_metric_flush_locked  (LuminaMetricStore   *self,
                                        gboolean             sync,
                                        GError             **error);
void      _lumina_metric_writer_series_free (gpointer        data);
void      _lumina_metric_announce      (LuminaMetricStore   *self,
                                        guint64              n_samples);

/* counters */
double    _lumina_metric_counter_inc   (double               prev,
                                        double               value);

G_END_DECLS
