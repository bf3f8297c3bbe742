/* lumina-engine.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one header other targets (app, CLI, agent, tests) include.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"
#include "lumina-enums.h"
#include "lumina-error.h"

#include "lumina-job.h"
#include "lumina-object-store.h"
#include "lumina-runtime.h"
#include "lumina-secrets.h"
#include "lumina-worker-pool.h"
#include "lumina-workspace.h"

#include "lumina-event.h"
#include "lumina-event-log.h"

#include "lumina-csv.h"
#include "lumina-dataset.h"
#include "lumina-frame.h"

#include "lumina-learner.h"
#include "lumina-matrix.h"
#include "lumina-metrics.h"
#include "lumina-model.h"
#include "lumina-preprocess.h"

#include "lumina-tracker.h"
#include "lumina-registry.h"

#include "lumina-automl.h"

#include "lumina-model-server.h"
#include "lumina-deployment.h"
#include "lumina-load-test.h"

#include "lumina-metric-point.h"
#include "lumina-metric-store.h"
#include "lumina-collect-thread.h"
#include "lumina-prom-exporter.h"
#include "lumina-prom-format.h"
#include "lumina-prom-source.h"
#include "lumina-monitor.h"
#include "lumina-feedback.h"
