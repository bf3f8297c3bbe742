/* lumina-tracker-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the tracker: lumina-tracker.c starts and
 * finishes runs and keeps tags and notes, lumina-tracker-metrics.c buffers
 * step metrics, lumina-tracker-artifacts.c links objects to runs,
 * lumina-tracker-query.c reads, and lumina-run.c turns a stored run into
 * a LuminaRun snapshot.
 *
 * Lock order: flush_lock, then lock, then the db.  Nothing takes lock
 * while holding the db.
 */
#pragma once

#include <sqlite3.h>

#include "lumina-db.h"
#include "lumina-tracker.h"

G_BEGIN_DECLS

/* The columns _lumina_run_new_from_row() reads, in this order, from a
 * query over "runs AS r JOIN experiments AS e". */
#define LUMINA_RUN_COLUMNS                                                  \
  "r.id, e.name, r.parent_id, r.name, r.learner, r.status, r.params, "      \
  "r.metrics, r.note, r.dataset_ref, r.seed, r.started_at, r.finished_at, " \
  "r.duration, r.cpu_seconds, r.peak_bytes, r.error"

#define LUMINA_RUN_FROM "runs AS r JOIN experiments AS e ON e.id = r.experiment_id"

LuminaRun  *_lumina_run_new_from_row  (sqlite3_stmt *stmt);
/* Only while the snapshot is being assembled, before anyone else sees it. */
void        _lumina_run_add_tag       (LuminaRun    *self,
                                       const char   *key,
                                       const char   *value);
void        _lumina_run_add_artifact  (LuminaRun    *self,
                                       const char   *name,
                                       const char   *sha256,
                                       gint64        size);

/* A deep copy of @object with every non-finite number turned into null,
 * which JSON cannot spell. */
JsonObject *_lumina_run_copy_object   (JsonObject   *object);

/* Step metrics are written once this many are buffered. */
#define LUMINA_TRACKER_FLUSH_POINTS 1000

typedef struct
{
  const char *run_id;   /* owned by known_runs */
  const char *key;      /* owned by keys */
  guint       step;
  double      value;
} LuminaMetricPoint;

struct _LuminaTracker
{
  GObject          parent_instance;

  LuminaWorkspace *workspace;
  LuminaDb        *db;

  /* Held while a batch is taken and written, so a flush returns only
   * after every point logged before it is stored. */
  GMutex           flush_lock;

  GMutex           lock;
  GArray          *points;       /* LuminaMetricPoint, not yet stored */
  GHashTable      *known_runs;   /* run id → itself: runs known to exist */
  GHashTable      *keys;         /* metric key → itself */
  guint            n_dropped;    /* points logged for unknown runs */
  char            *dropped_run;
};

/* lumina-tracker.c */
gboolean    _lumina_tracker_step_done        (LuminaTracker  *self,
                                              sqlite3_stmt   *stmt,
                                              const char     *doing,
                                              GError        **error);
void        _lumina_tracker_bind_nullable    (sqlite3_stmt   *stmt,
                                              int             index,
                                              const char     *text);
/* Expects the db lock.  NOT_FOUND for an unknown run; the status and
 * start time come back when asked for. */
gboolean    _lumina_tracker_lookup_run       (LuminaTracker  *self,
                                              const char     *run_id,
                                              char          **status,
                                              char          **started_at,
                                              GError        **error);
/* Takes the db lock. */
gboolean    _lumina_tracker_check_run        (LuminaTracker  *self,
                                              const char     *run_id,
                                              GError        **error);
void        _lumina_tracker_remember_run     (LuminaTracker  *self,
                                              const char     *run_id);

/* lumina-tracker-query.c */
/* Which runs a query reads: a WHERE clause over r (runs) and e
 * (experiments) with up to two text parameters, ?1 and ?2. */
typedef struct
{
  const char *where;
  const char *arg1;
  const char *arg2;
} RunFilter;

GPtrArray  *_lumina_tracker_query_runs       (LuminaTracker    *self,
                                              const RunFilter  *filter,
                                              GError          **error);

/* lumina-tracker-active.c */
/* Adds "host", "pid" and "process_start" (clock ticks after boot) for
 * this process: who to ask whether a run is still going. */
void        _lumina_tracker_describe_process (JsonObject     *details);

/* lumina-tracker-metrics.c */
GArray     *_lumina_tracker_take_points      (LuminaTracker  *self);
gboolean    _lumina_tracker_write_points     (LuminaTracker  *self,
                                              GArray         *batch,
                                              GError        **error);
void        _lumina_tracker_give_back_points (LuminaTracker  *self,
                                              GArray         *batch,
                                              gboolean        written);
gboolean    _lumina_tracker_flush_points     (LuminaTracker  *self,
                                              gboolean        wait,
                                              GError        **error);

G_END_DECLS
