/* lumina-types.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LuminaColumn       LuminaColumn;
typedef struct _LuminaEvent        LuminaEvent;
typedef struct _LuminaEventLog     LuminaEventLog;
typedef struct _LuminaFrame        LuminaFrame;
typedef struct _LuminaJob          LuminaJob;
typedef struct _LuminaLearner      LuminaLearner;
typedef struct _LuminaMatrix       LuminaMatrix;
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

/**
 * LuminaColumnType:
 * @LUMINA_COLUMN_TYPE_INTEGER: whole numbers, stored as int64
 * @LUMINA_COLUMN_TYPE_FLOAT: real numbers, stored as float64
 * @LUMINA_COLUMN_TYPE_BOOLEAN: true/false, stored as one byte per row
 * @LUMINA_COLUMN_TYPE_CATEGORICAL: strings from a small set, dictionary-encoded
 * @LUMINA_COLUMN_TYPE_TEXT: free strings, dictionary-encoded
 * @LUMINA_COLUMN_TYPE_TIMESTAMP: instants, stored as int64 microseconds since the Unix epoch (UTC)
 */
typedef enum
{
  LUMINA_COLUMN_TYPE_INTEGER,
  LUMINA_COLUMN_TYPE_FLOAT,
  LUMINA_COLUMN_TYPE_BOOLEAN,
  LUMINA_COLUMN_TYPE_CATEGORICAL,
  LUMINA_COLUMN_TYPE_TEXT,
  LUMINA_COLUMN_TYPE_TIMESTAMP,
} LuminaColumnType;

/**
 * LuminaColumnRole:
 * @LUMINA_COLUMN_ROLE_FEATURE: an input to models
 * @LUMINA_COLUMN_ROLE_TARGET: what models predict
 * @LUMINA_COLUMN_ROLE_ID: identifies a row; never an input
 * @LUMINA_COLUMN_ROLE_IGNORE: kept in the data, unused by models
 */
typedef enum
{
  LUMINA_COLUMN_ROLE_FEATURE,
  LUMINA_COLUMN_ROLE_TARGET,
  LUMINA_COLUMN_ROLE_ID,
  LUMINA_COLUMN_ROLE_IGNORE,
} LuminaColumnRole;

/**
 * LuminaTask:
 * @LUMINA_TASK_BINARY: two classes; models output P(class 0), P(class 1)
 * @LUMINA_TASK_MULTICLASS: three or more classes; one probability per class
 * @LUMINA_TASK_REGRESSION: a real-valued target; one output
 */
typedef enum
{
  LUMINA_TASK_BINARY,
  LUMINA_TASK_MULTICLASS,
  LUMINA_TASK_REGRESSION,
} LuminaTask;

/**
 * LuminaMetric:
 * Scores a model.  For classification the predictions are class probabilities.
 */
typedef enum
{
  LUMINA_METRIC_ACCURACY,
  LUMINA_METRIC_BALANCED_ACCURACY,
  LUMINA_METRIC_ROC_AUC,
  LUMINA_METRIC_LOG_LOSS,
  LUMINA_METRIC_F1_MACRO,
  LUMINA_METRIC_RMSE,
  LUMINA_METRIC_MAE,
  LUMINA_METRIC_R2,
} LuminaMetric;

/**
 * LuminaRunStatus:
 * @LUMINA_RUN_STATUS_RUNNING: started, not finished
 * @LUMINA_RUN_STATUS_FINISHED: completed with metrics
 * @LUMINA_RUN_STATUS_PRUNED: stopped early by the scheduler as not promising
 * @LUMINA_RUN_STATUS_FAILED: stopped by an error (recorded on the run)
 * @LUMINA_RUN_STATUS_CANCELLED: stopped by the user or a deadline
 */
typedef enum
{
  LUMINA_RUN_STATUS_RUNNING,
  LUMINA_RUN_STATUS_FINISHED,
  LUMINA_RUN_STATUS_PRUNED,
  LUMINA_RUN_STATUS_FAILED,
  LUMINA_RUN_STATUS_CANCELLED,
} LuminaRunStatus;

G_END_DECLS
