/* lumina-cli-models-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of `lumina models`: lumina-cli-models.c holds
 * the command table, the read-only commands (list, show, versions,
 * history, stages) and the helpers below; the commands that change the
 * registry live in lumina-cli-models-edit.c.
 */
#pragma once

#include "lumina-cli-runs-private.h"

G_BEGIN_DECLS

/* lumina-cli-models.c */
LuminaRegistry *lumina_cli_models_open        (LuminaCli      *cli,
                                               GError        **error);
gboolean        lumina_cli_models_parse_version (const char   *text,
                                                 guint        *version,
                                                 GError      **error);
int             lumina_cli_models_fail_gates  (LuminaCli      *cli,
                                               const GError   *error,
                                               JsonObject     *report);
void            lumina_cli_models_print_gates (JsonObject     *report);

/* lumina-cli-models-edit.c */
int             lumina_cli_models_register    (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_alias       (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_promote     (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_approve     (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_rollback    (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_gates       (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_card        (LuminaCli      *cli,
                                               char          **args);
int             lumina_cli_models_export      (LuminaCli      *cli,
                                               char          **args);

G_END_DECLS
