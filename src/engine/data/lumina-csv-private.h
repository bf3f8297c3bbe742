/* lumina-csv-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Column builders: growable typed buffers that infer their type from the
 * values pushed into them.  A value that would need a wider type than the
 * buffer can hold without the original text (a word in a numeric column)
 * asks the reader to restart with that column's kind fixed.
 */
#pragma once

#include "lumina-csv-values.h"
#include "lumina-frame.h"

G_BEGIN_DECLS

typedef enum
{
  KIND_UNKNOWN,      /* only missing values so far */
  KIND_INTEGER,
  KIND_FLOAT,
  KIND_BOOLEAN,
  KIND_TIME,
  KIND_STRING,
} ValueKind;

typedef enum
{
  PUSH_OK,
  PUSH_RESTART,      /* widen: see the builder's wanted_kind / wanted_format */
  PUSH_INVALID,      /* a user-fixed type refused the value */
} PushResult;

typedef struct
{
  ValueKind    kind;
  int          time_format;
  gboolean     fixed;          /* kind decided up front: no inference */
  gboolean     user_fixed;     /* ... by the user: a bad value is an error */
  int          user_type;      /* LuminaColumnType the user asked for, or -1 */

  ValueKind    wanted_kind;    /* after PUSH_RESTART */
  int          wanted_format;
  gboolean     bad_utf8;       /* after PUSH_INVALID on a string */

  gsize        n_rows;
  gsize        capacity;
  gint64      *i64;
  double      *f64;
  guint8      *u8;
  guint32     *codes;
  guint64     *validity;
  gsize        null_count;
  GHashTable  *dict_index;     /* string → code + 1 */
  GPtrArray   *dict;           /* owned strings, in order of first appearance */
  guint64      text_bytes;
} ColumnBuilder;

void        column_builder_init     (ColumnBuilder *b,
                                     gsize          capacity);
void        column_builder_clear    (ColumnBuilder *b);
void        column_builder_grow     (ColumnBuilder *b);
void        column_builder_fix      (ColumnBuilder *b,
                                     ValueKind      kind,
                                     int            time_format,
                                     gboolean       by_user,
                                     int            user_type);
PushResult  column_builder_push     (ColumnBuilder *b,
                                     const char    *s,
                                     gsize          len,
                                     gboolean       quoted);
gboolean    column_builder_unify    (ColumnBuilder **parts,
                                     guint           n_parts,
                                     ValueKind      *wanted_kind,
                                     int            *wanted_format);
LuminaColumn *column_builder_concat (ColumnBuilder **parts,
                                     guint           n_parts,
                                     const char     *name);
ValueKind   column_builder_detect_kind (const char *s,
                                        gsize       len,
                                        int        *format);
GInputStream *_lumina_csv_open_text (GFile          *file,
                                     GInputStream  **raw,
                                     gboolean       *gzip,
                                     GCancellable   *cancellable,
                                     GError        **error);
guint64     _lumina_csv_count_newlines (const char *p,
                                        const char *end);
LuminaColumnType lumina_csv_string_type (guint64 n_distinct,
                                         guint64 n_valid);
const char *value_kind_describe     (ValueKind      kind,
                                     int            user_type);

G_END_DECLS
