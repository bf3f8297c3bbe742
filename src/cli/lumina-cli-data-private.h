/* lumina-cli-data-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of `lumina data`: lumina-cli-data.c holds the
 * command table and the helpers below; the commands live in
 * lumina-cli-data-import.c, lumina-cli-data-inspect.c and
 * lumina-cli-data-contract.c.
 */
#pragma once

#include "lumina-cli-private.h"

G_BEGIN_DECLS

/* How a column of a text table is aligned. */
#define LUMINA_CLI_ALIGN_LEFT  'l'
#define LUMINA_CLI_ALIGN_RIGHT 'r'

/* lumina-cli-data.c */
LuminaDatasetStore *lumina_cli_data_open_store     (LuminaCli            *cli,
                                                    GError              **error);
int                 lumina_cli_data_fail_report    (LuminaCli            *cli,
                                                    const GError         *error,
                                                    JsonNode             *report);
void                lumina_cli_data_print_table    (const char * const   *headers,
                                                    const char           *align,
                                                    GPtrArray            *rows);
void                lumina_cli_data_print_schema   (LuminaDatasetVersion *version);
gboolean            lumina_cli_data_print_profile  (JsonNode             *profile,
                                                    GHashTable           *roles);
char               *lumina_cli_data_short_hash     (const char           *hash);
char               *lumina_cli_data_relative_time  (const char           *iso8601);
char               *lumina_cli_data_truncate       (const char           *text,
                                                    glong                 max_chars);
char               *lumina_cli_data_format_number  (JsonNode             *node,
                                                    int                   digits);
void                lumina_cli_data_print_object   (const char           *member,
                                                    JsonNode             *value,
                                                    ...) G_GNUC_NULL_TERMINATED;

/* lumina-cli-data-import.c */
int                 lumina_cli_data_import         (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_profile        (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_append         (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_export         (LuminaCli            *cli,
                                                    char                **args);

/* lumina-cli-data-inspect.c */
int                 lumina_cli_data_list           (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_versions       (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_show           (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_head           (LuminaCli            *cli,
                                                    char                **args);

/* lumina-cli-data-contract.c */
int                 lumina_cli_data_diff           (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_contract       (LuminaCli            *cli,
                                                    char                **args);
int                 lumina_cli_data_schema         (LuminaCli            *cli,
                                                    char                **args);

G_END_DECLS
