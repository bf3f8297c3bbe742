/* lumina-csv-builder.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-csv-builder"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-csv-private.h"

/* Strings with at most this many distinct values (and repeating) are categorical. */
#define CATEGORICAL_MAX_DISTINCT 1000

void
column_builder_init (ColumnBuilder *b,
                     gsize          capacity)
{
  memset (b, 0, sizeof *b);
  b->capacity = MAX (capacity, 64);
  b->user_type = -1;
  b->wanted_format = -1;
  b->time_format = -1;
}

static void
free_values (ColumnBuilder *b)
{
  g_clear_pointer (&b->i64, g_free);
  g_clear_pointer (&b->f64, g_free);
  g_clear_pointer (&b->u8, g_free);
  g_clear_pointer (&b->codes, g_free);
  g_clear_pointer (&b->dict_index, g_hash_table_unref);
  g_clear_pointer (&b->dict, g_ptr_array_unref);
}

void
column_builder_clear (ColumnBuilder *b)
{
  free_values (b);
  g_clear_pointer (&b->validity, g_free);
}

static void
allocate_for_kind (ColumnBuilder *b)
{
  switch (b->kind)
    {
    case KIND_INTEGER:
    case KIND_TIME:
      b->i64 = g_new0 (gint64, b->capacity);
      break;
    case KIND_FLOAT:
      b->f64 = g_new0 (double, b->capacity);
      break;
    case KIND_BOOLEAN:
      b->u8 = g_new0 (guint8, b->capacity);
      break;
    case KIND_STRING:
      b->codes = g_new0 (guint32, b->capacity);
      b->dict = g_ptr_array_new_with_free_func (g_free);
      b->dict_index = g_hash_table_new (g_str_hash, g_str_equal);
      break;
    case KIND_UNKNOWN:
    default:
      break;
    }
}

void
column_builder_fix (ColumnBuilder *b,
                    ValueKind      kind,
                    int            time_format,
                    gboolean       by_user,
                    int            user_type)
{
  g_assert (b->n_rows == 0);

  free_values (b);
  b->kind = kind;
  b->time_format = time_format;
  b->fixed = TRUE;
  b->user_fixed = by_user;
  b->user_type = user_type;
  allocate_for_kind (b);
}

void
column_builder_grow (ColumnBuilder *b)
{
  gsize old = b->capacity;

  b->capacity *= 2;
  if (b->i64) b->i64 = g_renew (gint64, b->i64, b->capacity);
  if (b->f64) b->f64 = g_renew (double, b->f64, b->capacity);
  if (b->u8) b->u8 = g_renew (guint8, b->u8, b->capacity);
  if (b->codes) b->codes = g_renew (guint32, b->codes, b->capacity);
  if (b->validity)
    {
      gsize old_words = (old + 63) / 64, words = (b->capacity + 63) / 64;

      b->validity = g_renew (guint64, b->validity, words);
      memset (b->validity + old_words, 0xff, (words - old_words) * sizeof (guint64));
    }
}

static void
push_null (ColumnBuilder *b)
{
  gsize row = b->n_rows++;

  if (b->validity == NULL)
    {
      gsize words = (b->capacity + 63) / 64;

      b->validity = g_new (guint64, words);
      memset (b->validity, 0xff, words * sizeof (guint64));
    }
  b->validity[row >> 6] &= ~(G_GUINT64_CONSTANT (1) << (row & 63));
  b->null_count++;

  if (b->i64) b->i64[row] = 0;
  else if (b->f64) b->f64[row] = 0;
  else if (b->u8) b->u8[row] = 0;
  else if (b->codes) b->codes[row] = 0;
}

/* Integer buffer → float buffer, in place of the old one. */
static void
widen_to_float (ColumnBuilder *b)
{
  b->f64 = g_new (double, b->capacity);
  for (gsize i = 0; i < b->n_rows; i++)
    b->f64[i] = (double) b->i64[i];
  g_clear_pointer (&b->i64, g_free);
  b->kind = KIND_FLOAT;
}

static PushResult
restart (ColumnBuilder *b,
         ValueKind      kind,
         int            format)
{
  b->wanted_kind = kind;
  b->wanted_format = format;
  return b->user_fixed ? PUSH_INVALID : PUSH_RESTART;
}

ValueKind
column_builder_detect_kind (const char *s,
                            gsize       len,
                            int        *format)
{
  gint64 i;
  double d;
  gboolean v;

  if (lumina_csv_parse_int64 (s, len, &i))
    return KIND_INTEGER;
  if (lumina_csv_parse_double (s, len, &d))
    return KIND_FLOAT;
  if (lumina_csv_parse_bool (s, len, &v))
    return KIND_BOOLEAN;
  if ((*format = lumina_csv_detect_time (s, len, &i)) >= 0)
    return KIND_TIME;
  return KIND_STRING;
}

static PushResult
push_string (ColumnBuilder *b,
             const char    *s,
             gsize          len)
{
  char stack[256];
  g_autofree char *heap = NULL;
  char *key = stack;
  gpointer code;

  if (len >= sizeof stack)
    key = heap = g_malloc (len + 1);
  memcpy (key, s, len);
  key[len] = '\0';

  if ((code = g_hash_table_lookup (b->dict_index, key)) == NULL)
    {
      char *copy;

      /* Only new strings need checking: each is validated once. */
      if (!g_utf8_validate_len (key, len, NULL))
        {
          b->bad_utf8 = TRUE;
          return PUSH_INVALID;
        }
      copy = heap ? g_steal_pointer (&heap) : g_strndup (key, len);
      g_ptr_array_add (b->dict, copy);
      code = GUINT_TO_POINTER (b->dict->len);
      g_hash_table_insert (b->dict_index, copy, code);
      b->text_bytes += len;
    }

  b->codes[b->n_rows++] = GPOINTER_TO_UINT (code) - 1;
  return PUSH_OK;
}

static PushResult
push_first (ColumnBuilder *b,
            const char    *s,
            gsize          len,
            gboolean       quoted)
{
  int format = -1;
  ValueKind kind = column_builder_detect_kind (s, len, &format);

  /* Earlier rows, if any, were all missing: nothing to lose by deciding now. */
  b->kind = kind;
  b->time_format = format;
  allocate_for_kind (b);
  return column_builder_push (b, s, len, quoted);
}

/**
 * column_builder_push:
 * Appends one field.  On %PUSH_RESTART or %PUSH_INVALID nothing was added.
 */
PushResult
column_builder_push (ColumnBuilder *b,
                     const char    *s,
                     gsize          len,
                     gboolean       quoted)
{
  gint64 i;
  double d;
  gboolean v;

  if (b->n_rows == b->capacity)
    column_builder_grow (b);

  /* A quoted "NA" is the text NA; a quoted empty field is still missing. */
  if (quoted ? len == 0 : lumina_csv_is_missing (s, len))
    {
      push_null (b);
      return PUSH_OK;
    }

  switch (b->kind)
    {
    case KIND_FLOAT:
      if (lumina_csv_parse_double (s, len, &d))
        {
          if (isnan (d))
            push_null (b);
          else
            b->f64[b->n_rows++] = d;
          return PUSH_OK;
        }
      return restart (b, KIND_STRING, -1);

    case KIND_INTEGER:
      if (lumina_csv_parse_int64 (s, len, &i))
        return (b->i64[b->n_rows++] = i, PUSH_OK);
      if (!b->fixed && lumina_csv_parse_double (s, len, &d))
        {
          widen_to_float (b);
          return column_builder_push (b, s, len, quoted);
        }
      return restart (b, KIND_STRING, -1);

    case KIND_BOOLEAN:
      if (lumina_csv_parse_bool (s, len, &v))
        return (b->u8[b->n_rows++] = (guint8) v, PUSH_OK);
      /* Asked for booleans, 0 and 1 are what most files use. */
      if (b->fixed && lumina_csv_parse_int64 (s, len, &i) && (i == 0 || i == 1))
        return (b->u8[b->n_rows++] = (guint8) i, PUSH_OK);
      return restart (b, KIND_STRING, -1);

    case KIND_TIME:
      if (b->time_format < 0 && (b->time_format = lumina_csv_detect_time (s, len, &i)) < 0)
        return restart (b, KIND_STRING, -1);
      if (lumina_csv_parse_time (s, len, b->time_format, &i))
        return (b->i64[b->n_rows++] = i, PUSH_OK);
      {
        int other = lumina_csv_detect_time (s, len, &i);

        /* 13/01/2024 after 01/02/2024: the day came first all along. */
        if (other >= 0 && !b->fixed)
          return restart (b, KIND_TIME, other);
        return restart (b, KIND_STRING, -1);
      }

    case KIND_STRING:
      return push_string (b, s, len);

    case KIND_UNKNOWN:
    default:
      return push_first (b, s, len, quoted);
    }
}

/**
 * column_builder_unify:
 * Brings the parts of one column to a common kind: integer widens to float
 * and all-missing parts take the others' kind, in place.  Anything else
 * that differs needs a restart with the returned kind, and FALSE is returned.
 */
gboolean
column_builder_unify (ColumnBuilder **parts,
                      guint           n_parts,
                      ValueKind      *wanted_kind,
                      int            *wanted_format)
{
  ValueKind kind = KIND_UNKNOWN;
  int format = -1;

  for (guint p = 0; p < n_parts; p++)
    {
      ValueKind k = parts[p]->kind;

      if (k == KIND_UNKNOWN || (k == kind && (k != KIND_TIME || parts[p]->time_format == format)))
        continue;
      if (kind == KIND_UNKNOWN)
        kind = k, format = parts[p]->time_format;
      else if ((kind == KIND_INTEGER || kind == KIND_FLOAT) && (k == KIND_INTEGER || k == KIND_FLOAT))
        kind = KIND_FLOAT;
      else
        {
          *wanted_kind = KIND_STRING;
          *wanted_format = -1;
          return FALSE;
        }
    }

  for (guint p = 0; p < n_parts; p++)
    {
      ColumnBuilder *b = parts[p];

      if (b->kind == KIND_INTEGER && kind == KIND_FLOAT)
        widen_to_float (b);
      else if (b->kind == KIND_UNKNOWN && kind != KIND_UNKNOWN)
        {
          b->kind = kind;
          b->time_format = format;
          allocate_for_kind (b);
        }
    }

  return TRUE;
}

/**
 * lumina_csv_string_type:
 * Strings are categorical when they take few distinct values, absolutely
 * or against how many there are; text otherwise.
 */
LuminaColumnType
lumina_csv_string_type (guint64 n_distinct,
                        guint64 n_valid)
{
  return n_distinct <= CATEGORICAL_MAX_DISTINCT && (n_distinct <= 20 || n_distinct * 2 <= n_valid) ?
           LUMINA_COLUMN_TYPE_CATEGORICAL : LUMINA_COLUMN_TYPE_TEXT;
}

static LuminaColumnType
final_type (ColumnBuilder **parts,
            guint           n_parts,
            guint32         n_dict,
            gsize           n_valid)
{
  ColumnBuilder *b = parts[0];

  if (b->user_type >= 0)
    return b->user_type;

  switch (b->kind)
    {
    case KIND_INTEGER: return LUMINA_COLUMN_TYPE_INTEGER;
    case KIND_BOOLEAN: return LUMINA_COLUMN_TYPE_BOOLEAN;
    case KIND_TIME: return LUMINA_COLUMN_TYPE_TIMESTAMP;
    case KIND_STRING:
      return lumina_csv_string_type (n_dict, n_valid);
    case KIND_FLOAT:
    case KIND_UNKNOWN:
    default:
      return LUMINA_COLUMN_TYPE_FLOAT;
    }
}

static void
copy_validity (LuminaColumn  *column,
               ColumnBuilder *part,
               gsize          offset)
{
  if (part->validity == NULL)
    return;

  for (gsize r = 0; r < part->n_rows; r++)
    if (!((part->validity[r >> 6] >> (r & 63)) & 1))
      lumina_column_set_null (column, offset + r);
}

static void
concat_strings (LuminaColumn   *column,
                ColumnBuilder **parts,
                guint           n_parts)
{
  gsize offset = 0;

  for (guint p = 0; p < n_parts; p++)
    {
      ColumnBuilder *part = parts[p];
      g_autofree guint32 *remap = g_new (guint32, MAX (part->dict->len, 1));

      for (guint i = 0; i < part->dict->len; i++)
        remap[i] = p == 0 ? i : lumina_column_intern (column, g_ptr_array_index (part->dict, i));
      if (p == 0)
        {
          /* The first part's dictionary is taken whole, codes unchanged. */
          for (guint i = 0; i < part->dict->len; i++)
            lumina_column_intern (column, g_ptr_array_index (part->dict, i));
        }

      for (gsize r = 0; r < part->n_rows; r++)
        column->codes[offset + r] = remap[part->codes[r]];
      offset += part->n_rows;
    }
}

/**
 * column_builder_concat:
 * Joins the parts (already unified) into one column, in part order.
 * Missing rows in a string column keep code 0 and are marked invalid.
 */
LuminaColumn *
column_builder_concat (ColumnBuilder **parts,
                       guint           n_parts,
                       const char     *name)
{
  LuminaColumn *column;
  gsize n_rows = 0, n_valid = 0, offset = 0;
  ValueKind kind = parts[0]->kind;

  for (guint p = 0; p < n_parts; p++)
    n_rows += parts[p]->n_rows, n_valid += parts[p]->n_rows - parts[p]->null_count;

  column = lumina_column_new (name, kind == KIND_STRING ? LUMINA_COLUMN_TYPE_TEXT :
                                    kind == KIND_INTEGER ? LUMINA_COLUMN_TYPE_INTEGER :
                                    kind == KIND_TIME ? LUMINA_COLUMN_TYPE_TIMESTAMP :
                                    kind == KIND_BOOLEAN ? LUMINA_COLUMN_TYPE_BOOLEAN :
                                    LUMINA_COLUMN_TYPE_FLOAT,
                              n_rows);

  if (kind == KIND_STRING)
    concat_strings (column, parts, n_parts);
  else
    for (guint p = 0; p < n_parts; p++)
      {
        ColumnBuilder *part = parts[p];

        if (part->i64) memcpy (column->i64 + offset, part->i64, part->n_rows * sizeof (gint64));
        if (part->f64) memcpy (column->f64 + offset, part->f64, part->n_rows * sizeof (double));
        if (part->u8) memcpy (column->u8 + offset, part->u8, part->n_rows);
        offset += part->n_rows;
      }

  offset = 0;
  for (guint p = 0; p < n_parts; p++)
    {
      copy_validity (column, parts[p], offset);
      offset += parts[p]->n_rows;
    }

  column->type = final_type (parts, n_parts, column->n_dict, n_valid);
  return column;
}

const char *
value_kind_describe (ValueKind kind,
                     int       user_type)
{
  if (user_type >= 0)
    return lumina_column_type_to_string (user_type);

  switch (kind)
    {
    case KIND_INTEGER: return "integer";
    case KIND_FLOAT: return "float";
    case KIND_BOOLEAN: return "boolean";
    case KIND_TIME: return "timestamp";
    case KIND_STRING: return "text";
    case KIND_UNKNOWN:
    default:
      return "unknown";
    }
}
