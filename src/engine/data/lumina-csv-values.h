/* lumina-csv-values.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsers for one CSV field (not NUL-terminated).  Engine-internal.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LUMINA_TIME_FORMAT_ISO,       /* 2024-01-31[(T| )12:30[:45[.123]]][Z|±hh:mm] */
  LUMINA_TIME_FORMAT_YMD_SLASH, /* 2024/01/31 [12:30[:45]] */
  LUMINA_TIME_FORMAT_MDY,       /* 01/31/2024 [12:30[:45]] */
  LUMINA_TIME_FORMAT_DMY,       /* 31/01/2024 [12:30[:45]] */
  LUMINA_TIME_FORMAT_DMY_DOT,   /* 31.01.2024 [12:30[:45]] */
  LUMINA_N_TIME_FORMATS
} LuminaTimeFormat;

gboolean lumina_csv_is_missing    (const char *s,
                                   gsize       len);
const char *lumina_csv_scan_number (const char   *p,
                                    const char   *end,
                                    const guint8 *stops,
                                    gboolean     *is_integer,
                                    gint64       *integer,
                                    double       *value);
gboolean lumina_csv_text_needs_quotes (const char *text);
gboolean lumina_csv_parse_int64   (const char *s,
                                   gsize       len,
                                   gint64     *value);
gboolean lumina_csv_parse_double  (const char *s,
                                   gsize       len,
                                   double     *value);
gboolean lumina_csv_parse_bool    (const char *s,
                                   gsize       len,
                                   gboolean   *value);
gboolean lumina_csv_parse_time    (const char       *s,
                                   gsize             len,
                                   LuminaTimeFormat  format,
                                   gint64           *usec);
int      lumina_csv_detect_time   (const char *s,
                                   gsize       len,
                                   gint64     *usec);

G_END_DECLS
