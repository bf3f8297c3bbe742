/* lumina-cli-runs-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of `lumina runs`: lumina-cli-runs.c holds the
 * command table, list, show and the helpers below; compare lives in
 * lumina-cli-runs-compare.c.
 */
#pragma once

#include "lumina-cli-data-private.h"

G_BEGIN_DECLS

/* Run ids are shown shortened to this many characters. */
#define LUMINA_CLI_RUNS_SHORT_ID 12
/* Names and values in tables are cut to this many characters. */
#define LUMINA_CLI_RUNS_MAX_CELL 28
/* Significant digits of metrics in tables. */
#define LUMINA_CLI_RUNS_DIGITS   6

/* lumina-cli-runs.c */
LuminaTracker *lumina_cli_runs_open_tracker (LuminaCli      *cli,
                                             GError        **error);
LuminaRun     *lumina_cli_runs_resolve      (LuminaTracker  *tracker,
                                             const char     *ref,
                                             GError        **error);

/* lumina-cli-runs-compare.c */
int            lumina_cli_runs_compare      (LuminaCli      *cli,
                                             char          **args);

G_END_DECLS
