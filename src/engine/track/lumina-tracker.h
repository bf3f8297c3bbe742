/* lumina-tracker.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

const char *lumina_run_status_to_string   (LuminaRunStatus  status);
gboolean    lumina_run_status_from_string (const char      *text,
                                           LuminaRunStatus *status);

/**
 * LuminaRunUsage:
 * What a run cost: wall-clock seconds, CPU seconds of the threads that did
 * its work, and peak resident memory in bytes (0 when unknown).
 */
typedef struct
{
  double  duration;
  double  cpu_seconds;
  guint64 peak_bytes;
} LuminaRunUsage;

#define LUMINA_TYPE_RUN (lumina_run_get_type ())

G_DECLARE_FINAL_TYPE (LuminaRun, lumina_run, LUMINA, RUN, GObject)

/* A snapshot of one run as stored. */
const char     *lumina_run_get_id           (LuminaRun *self);
const char     *lumina_run_get_experiment   (LuminaRun *self);
const char     *lumina_run_get_parent_id    (LuminaRun *self);
const char     *lumina_run_get_name         (LuminaRun *self);
const char     *lumina_run_get_learner      (LuminaRun *self);
LuminaRunStatus lumina_run_get_status       (LuminaRun *self);
JsonObject     *lumina_run_get_params       (LuminaRun *self);
JsonObject     *lumina_run_get_metrics      (LuminaRun *self);
JsonObject     *lumina_run_get_tags         (LuminaRun *self);
const char     *lumina_run_get_note         (LuminaRun *self);
const char     *lumina_run_get_dataset_ref  (LuminaRun *self);
guint64         lumina_run_get_seed         (LuminaRun *self);
const char     *lumina_run_get_started_at   (LuminaRun *self);
const char     *lumina_run_get_finished_at  (LuminaRun *self);
const LuminaRunUsage *lumina_run_get_usage  (LuminaRun *self);
const char     *lumina_run_get_error        (LuminaRun *self);
/* JSON array of {"name", "sha256", "size"}. */
JsonArray      *lumina_run_get_artifacts    (LuminaRun *self);
JsonNode       *lumina_run_to_json          (LuminaRun *self);

#define LUMINA_TYPE_TRACKER (lumina_tracker_get_type ())

G_DECLARE_FINAL_TYPE (LuminaTracker, lumina_tracker, LUMINA, TRACKER, GObject)

/**
 * LuminaTracker:
 * Experiments and runs in the workspace database.  Every call may be made
 * from any thread.  Step metrics are buffered and written in batches (at
 * the latest when the run finishes or lumina_tracker_flush() is called).
 */
LuminaTracker *lumina_tracker_new              (LuminaWorkspace  *workspace);
char          *lumina_tracker_start_run        (LuminaTracker    *self,
                                                const char       *experiment,
                                                const char       *parent_id,
                                                const char       *name,
                                                const char       *learner,
                                                JsonObject       *params,
                                                const char       *dataset_ref,
                                                guint64           seed,
                                                GError          **error);
void           lumina_tracker_log_metric       (LuminaTracker    *self,
                                                const char       *run_id,
                                                const char       *key,
                                                guint             step,
                                                double            value);
gboolean       lumina_tracker_flush            (LuminaTracker    *self,
                                                GError          **error);
gboolean       lumina_tracker_set_tag          (LuminaTracker    *self,
                                                const char       *run_id,
                                                const char       *key,
                                                const char       *value,
                                                GError          **error);
gboolean       lumina_tracker_set_note         (LuminaTracker    *self,
                                                const char       *run_id,
                                                const char       *note,
                                                GError          **error);
/* Stores @bytes in the object store and links it to the run under @name. */
gboolean       lumina_tracker_add_artifact     (LuminaTracker    *self,
                                                const char       *run_id,
                                                const char       *name,
                                                GBytes           *bytes,
                                                GError          **error);
GBytes        *lumina_tracker_get_artifact     (LuminaTracker    *self,
                                                const char       *run_id,
                                                const char       *name,
                                                GError          **error);
/* Ends the run: status, final metrics, usage and (for FAILED) the error.
 * Appends a "run.finished" event. */
gboolean       lumina_tracker_finish_run       (LuminaTracker    *self,
                                                const char       *run_id,
                                                LuminaRunStatus   status,
                                                JsonObject       *metrics,
                                                const LuminaRunUsage *usage,
                                                const char       *error_message,
                                                GError          **error);
LuminaRun     *lumina_tracker_get_run          (LuminaTracker    *self,
                                                const char       *run_id,
                                                GError          **error);
/* Runs newest first; @experiment and @parent_id filter when not NULL
 * (parent_id "" = top-level runs only). */
GPtrArray     *lumina_tracker_list_runs        (LuminaTracker    *self,
                                                const char       *experiment,
                                                const char       *parent_id,
                                                GError          **error);
/* JSON array of {"name", "created_at", "n_runs", "last_run_at"}. */
JsonNode      *lumina_tracker_list_experiments (LuminaTracker    *self,
                                                GError          **error);
/* The history of one step metric: steps and values, in step order. */
gboolean       lumina_tracker_get_metric_history (LuminaTracker  *self,
                                                  const char     *run_id,
                                                  const char     *key,
                                                  GArray        **steps,
                                                  GArray        **values,
                                                  GError        **error);
/* Names of the step metrics a run has. */
char         **lumina_tracker_list_metric_keys (LuminaTracker    *self,
                                                const char       *run_id,
                                                GError          **error);

/**
 * LuminaActiveRunState:
 * @LUMINA_ACTIVE_RUN_LIVE: the process running it is alive on this computer
 * @LUMINA_ACTIVE_RUN_ORPHANED: the process that started it on this computer
 *   has ended without finishing it (it crashed or was killed)
 * @LUMINA_ACTIVE_RUN_ELSEWHERE: started on another computer, or by a version
 *   that did not record its process; it cannot be checked from here
 */
typedef enum
{
  LUMINA_ACTIVE_RUN_LIVE,
  LUMINA_ACTIVE_RUN_ORPHANED,
  LUMINA_ACTIVE_RUN_ELSEWHERE,
} LuminaActiveRunState;

/**
 * LuminaActiveRun:
 * A top-level run still marked running, with where it runs and how far
 * it has come.  The process figures are those of the whole process, and
 * only for %LUMINA_ACTIVE_RUN_LIVE.
 */
typedef struct
{
  LuminaRun            *run;
  LuminaActiveRunState  state;
  char                 *host;             /* NULL when not recorded */
  int                   pid;              /* 0 when not recorded */
  gboolean              in_this_process;
  guint                 n_children_ended; /* trials done, pruned or failed */
  guint                 n_children_running;
  double                cpu_seconds;
  guint64               resident_bytes;
  guint64               peak_resident_bytes;
} LuminaActiveRun;

void       lumina_active_run_free          (LuminaActiveRun  *active);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaActiveRun, lumina_active_run_free)

/* Top-level runs still running, newest first. */
GPtrArray *lumina_tracker_list_active_runs (LuminaTracker    *self,
                                            GError          **error);
/* Ends an orphaned run and its children still marked running as failed. */
gboolean   lumina_tracker_end_orphaned_run (LuminaTracker    *self,
                                            const char       *run_id,
                                            GError          **error);

G_END_DECLS
