/* lumina-frame.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaColumn:
 * One typed column.  Exactly one value buffer is set, by @type:
 * INTEGER and TIMESTAMP use @i64, FLOAT uses @f64, BOOLEAN uses @u8 (0 or 1),
 * CATEGORICAL and TEXT use @codes into @dict (@n_dict strings, code order is
 * first appearance).  @validity is a bitmap (bit i of word i/64 set = row i
 * present); %NULL means no value is missing.  Values of missing rows are 0.
 * Buffers may point into a read-only mapping: never write through them.
 */
struct _LuminaColumn
{
  char              *name;
  LuminaColumnType   type;
  LuminaColumnRole   role;
  gsize              n_rows;
  gsize              null_count;

  double            *f64;
  gint64            *i64;
  guint8            *u8;
  guint32           *codes;
  char             **dict;
  guint32            n_dict;

  guint64           *validity;

  /*< private >*/
  GHashTable        *dict_index;
  gboolean           borrowed;
};

static inline gboolean
lumina_column_is_valid (const LuminaColumn *column,
                        gsize               row)
{
  return column->validity == NULL || (column->validity[row >> 6] >> (row & 63)) & 1;
}

LuminaColumn      *lumina_column_new         (const char         *name,
                                              LuminaColumnType    type,
                                              gsize               n_rows);
void               lumina_column_free        (LuminaColumn       *column);
void               lumina_column_set_null    (LuminaColumn       *column,
                                              gsize               row);
guint32            lumina_column_intern      (LuminaColumn       *column,
                                              const char         *value);
char              *lumina_format_double      (double              value);
double             lumina_column_get_double  (const LuminaColumn *column,
                                              gsize               row);
const char        *lumina_column_get_string  (const LuminaColumn *column,
                                              gsize               row);
char              *lumina_column_format_value (const LuminaColumn *column,
                                               gsize               row);
gboolean           lumina_column_type_is_numeric (LuminaColumnType type);
const char        *lumina_column_type_to_string  (LuminaColumnType type);
gboolean           lumina_column_type_from_string (const char       *text,
                                                   LuminaColumnType *type);
const char        *lumina_column_role_to_string  (LuminaColumnRole role);
gboolean           lumina_column_role_from_string (const char       *text,
                                                   LuminaColumnRole *role);

#define LUMINA_TYPE_FRAME (lumina_frame_get_type ())

G_DECLARE_FINAL_TYPE (LuminaFrame, lumina_frame, LUMINA, FRAME, GObject)

LuminaFrame        *lumina_frame_new             (gsize          n_rows);
void                lumina_frame_add_column      (LuminaFrame   *self,
                                                  LuminaColumn  *column);
gsize               lumina_frame_get_n_rows      (LuminaFrame   *self);
guint               lumina_frame_get_n_columns   (LuminaFrame   *self);
const LuminaColumn *lumina_frame_get_column      (LuminaFrame   *self,
                                                  guint          index);
int                 lumina_frame_find_column     (LuminaFrame   *self,
                                                  const char    *name);
void                lumina_frame_set_role        (LuminaFrame   *self,
                                                  guint          index,
                                                  LuminaColumnRole role);
LuminaFrame        *lumina_frame_take_rows       (LuminaFrame   *self,
                                                  const guint32 *rows,
                                                  gsize          n_rows);
LuminaFrame        *lumina_frame_slice           (LuminaFrame   *self,
                                                  gsize          offset,
                                                  gsize          n_rows);
LuminaFrame        *lumina_frame_select          (LuminaFrame   *self,
                                                  const guint   *columns,
                                                  guint          n_columns);
void                lumina_frame_train_test_split (LuminaFrame  *self,
                                                   double        test_fraction,
                                                   int           stratify_column,
                                                   guint64       seed,
                                                   LuminaFrame **train,
                                                   LuminaFrame **test);
gsize               lumina_frame_get_memory_size (LuminaFrame   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaColumn, lumina_column_free)

G_END_DECLS
