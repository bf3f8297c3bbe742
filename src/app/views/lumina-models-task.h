/* lumina-models-task.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Registry writes for the Models view, run on a worker thread: registering
 * copies a bundle, exporting copies one out, and every other write commits
 * a transaction, none of which belongs on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

typedef enum
{
  LUMINA_MODELS_TASK_REGISTER,      /* run_id, name, reason → version */
  LUMINA_MODELS_TASK_SET_ALIAS,     /* name, version, target (alias), reason, force → report */
  LUMINA_MODELS_TASK_PROMOTE,       /* name, version, target (stage), reason, force → report */
  LUMINA_MODELS_TASK_ROLLBACK,      /* name, target (alias), reason → version */
  LUMINA_MODELS_TASK_APPROVE,       /* name, version, reason */
  LUMINA_MODELS_TASK_UPDATE_CARD,   /* name, version, changes, reason */
  LUMINA_MODELS_TASK_EXPORT,        /* target (NAME@VERSION), directory */
  LUMINA_MODELS_TASK_CHECK_GATES,   /* name, version → report */
} LuminaModelsTaskKind;

typedef struct
{
  LuminaModelsTaskKind  kind;
  char                 *name;
  char                 *run_id;
  char                 *target;
  char                 *directory;
  char                 *reason;
  JsonObject           *changes;
  guint                 version;
  gboolean              force;

  /* Results */
  guint                 result_version;
  JsonObject           *report;
} LuminaModelsTask;

LuminaModelsTask *lumina_models_task_new    (LuminaModelsTaskKind  kind,
                                             const char           *name,
                                             guint                 version);
void              lumina_models_task_free   (LuminaModelsTask     *task);
void              lumina_models_task_run_async (LuminaRegistry      *registry,
                                                LuminaModelsTask    *task,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean          lumina_models_task_finish (GAsyncResult         *result,
                                             LuminaModelsTask    **task,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaModelsTask, lumina_models_task_free)

G_END_DECLS
