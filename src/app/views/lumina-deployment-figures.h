/* lumina-deployment-figures.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live figures of a deployment, as the Deployments view shows them: one
 * sample of a running model server's statistics, and a history of samples
 * for sparklines and charts.
 */
#pragma once

#include "lumina-engine.h"

G_BEGIN_DECLS

#define LUMINA_DEPLOYMENT_HISTORY_LEN 600   /* samples: ten minutes at one a second */

typedef struct
{
  /* Primary and canary challenger together (shadow scoring is extra work,
   * not traffic). */
  double   rps;
  guint64  requests;
  guint64  errors;
  guint    in_flight;
  /* The primary version now current. */
  guint    version;
  double   p50_ms;
  double   p99_ms;
  /* The challenger (canary) or shadow, when there is one. */
  gboolean has_challenger;
  gboolean shadow;
  guint    challenger_version;
  double   challenger_rps;
  guint64  challenger_requests;
  double   challenger_p50_ms;
  double   challenger_p99_ms;
  guint64  compared;
  double   agreement;
} LuminaDeploymentFigures;

void lumina_deployment_figures_compute (GPtrArray               *stats,
                                        LuminaDeploymentFigures *figures);

typedef struct
{
  GArray  *time;         /* double: seconds since the epoch */
  GArray  *rps;
  GArray  *errors_per_s;
  GArray  *error_rate;   /* 0–1 */
  GArray  *p50_ms;
  GArray  *p99_ms;
  guint64  last_requests;
  guint64  last_errors;
  gboolean has_last;
} LuminaDeploymentHistory;

LuminaDeploymentHistory *lumina_deployment_history_new    (void);
void                     lumina_deployment_history_free   (LuminaDeploymentHistory       *history);
/* Appends a sample taken at @time; returns the error rate since the last one. */
double                   lumina_deployment_history_append (LuminaDeploymentHistory       *history,
                                                           double                         time,
                                                           const LuminaDeploymentFigures *figures);
/* A gap (the deployment is not running here). */
void                     lumina_deployment_history_gap    (LuminaDeploymentHistory       *history,
                                                           double                         time);

char *lumina_format_rps      (double rps);
char *lumina_format_ms       (double ms);
char *lumina_format_percent  (double fraction);
/* "1.2 / 4.0 ms": a median and a 99th percentile in one unit. */
char *lumina_format_latency_pair (double p50_ms,
                                  double p99_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaDeploymentHistory, lumina_deployment_history_free)

G_END_DECLS
