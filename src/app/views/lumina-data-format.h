/* lumina-data-format.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the Data view writes numbers, dates and column types for people.
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

char       *lumina_data_format_count        (gint64            count);
char       *lumina_data_format_number       (double            value);
char       *lumina_data_format_percent      (double            fraction);
char       *lumina_data_format_time         (const char       *iso8601);
char       *lumina_data_format_relative     (const char       *iso8601);
char       *lumina_data_format_size         (gint64            n_rows,
                                             guint             n_columns);
const char *lumina_data_format_type         (const char       *type);
const char *lumina_data_format_column_type  (LuminaColumnType  type);
const char *lumina_data_format_kind         (const char       *kind);
char       *lumina_data_format_json_value   (JsonNode         *node);
char       *lumina_data_dataset_name_for    (GFile            *file);
GListModel *lumina_data_type_list_new       (void);

G_END_DECLS
