/* lumina-types.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LuminaEvent        LuminaEvent;
typedef struct _LuminaEventLog     LuminaEventLog;
typedef struct _LuminaJob          LuminaJob;
typedef struct _LuminaObjectStore  LuminaObjectStore;
typedef struct _LuminaWorkerPool   LuminaWorkerPool;
typedef struct _LuminaWorkspace    LuminaWorkspace;

/**
 * LuminaWorkspaceOpenFlags:
 * @LUMINA_WORKSPACE_OPEN_NONE: open an existing workspace
 * @LUMINA_WORKSPACE_OPEN_CREATE: create the directory, database and object store when missing
 */
typedef enum
{
  LUMINA_WORKSPACE_OPEN_NONE   = 0,
  LUMINA_WORKSPACE_OPEN_CREATE = 1 << 0,
} LuminaWorkspaceOpenFlags;

/**
 * LuminaJobState:
 * @LUMINA_JOB_STATE_PENDING: queued, not started
 * @LUMINA_JOB_STATE_RUNNING: a worker is running it
 * @LUMINA_JOB_STATE_SUCCEEDED: finished with a result
 * @LUMINA_JOB_STATE_FAILED: finished with an error
 * @LUMINA_JOB_STATE_CANCELLED: stopped because it was cancelled
 */
typedef enum
{
  LUMINA_JOB_STATE_PENDING,
  LUMINA_JOB_STATE_RUNNING,
  LUMINA_JOB_STATE_SUCCEEDED,
  LUMINA_JOB_STATE_FAILED,
  LUMINA_JOB_STATE_CANCELLED,
} LuminaJobState;

G_END_DECLS
