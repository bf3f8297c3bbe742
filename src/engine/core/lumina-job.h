/* lumina-job.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaJobFunc:
 * Runs on a worker thread with a copy of its inputs in @task_data.  Returns
 * the result (freed with the job's result_free if nobody takes it), or %NULL
 * with @error set.  Report progress with lumina_job_set_progress().
 */
typedef gpointer (*LuminaJobFunc) (LuminaJob     *job,
                                   gpointer       task_data,
                                   GCancellable  *cancellable,
                                   GError       **error);

#define LUMINA_TYPE_JOB (lumina_job_get_type ())

G_DECLARE_FINAL_TYPE (LuminaJob, lumina_job, LUMINA, JOB, GObject)

LuminaJob      *lumina_job_new             (const char          *title);
const char     *lumina_job_get_title       (LuminaJob           *self);
LuminaJobState  lumina_job_get_state       (LuminaJob           *self);
double          lumina_job_get_fraction    (LuminaJob           *self);
const char     *lumina_job_get_message     (LuminaJob           *self);
GCancellable   *lumina_job_get_cancellable (LuminaJob           *self);
void            lumina_job_cancel          (LuminaJob           *self);
void            lumina_job_set_progress    (LuminaJob           *self,
                                            double               fraction,
                                            const char          *message);
void            lumina_job_run_async       (LuminaJob           *self,
                                            LuminaWorkerPool    *pool,
                                            LuminaJobFunc        func,
                                            gpointer             task_data,
                                            GDestroyNotify       task_data_free,
                                            GDestroyNotify       result_free,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gpointer        lumina_job_run_finish      (LuminaJob           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
