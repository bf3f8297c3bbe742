/* lumina-run-format.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the Experiments view writes runs for people: statuses, durations,
 * short ids, and which metric is a run's main score.
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

/* What the runs table sorts and searches by, computed once per snapshot. */
typedef struct
{
  char   *haystack;      /* case-folded text of every field */
  char   *metric_key;    /* the main metric, or NULL */
  double  metric_value;  /* NaN without one */
  double  duration;      /* seconds, NaN when unknown */
} LuminaRunInfo;

LuminaRunInfo *lumina_run_info_get               (LuminaRun       *run);

const char    *lumina_run_format_status          (LuminaRunStatus  status);
const char    *lumina_run_status_icon_name       (LuminaRunStatus  status);
const char    *lumina_run_status_css_class       (LuminaRunStatus  status);
char          *lumina_run_format_duration        (double           seconds);
char          *lumina_run_format_short_id        (LuminaRun       *run);
char          *lumina_run_format_title           (LuminaRun       *run);
char          *lumina_run_format_metric          (double           value);
const char    *lumina_run_pick_main_metric       (LuminaRun       *run);
double         lumina_run_get_metric             (LuminaRun       *run,
                                                  const char      *key);
double         lumina_run_compute_duration       (LuminaRun       *run);
gboolean       lumina_run_metric_higher_is_better (const char     *key);

G_END_DECLS
