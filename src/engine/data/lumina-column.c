/* lumina-column.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-column"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-frame.h"

static const char * const type_names[] = {
  [LUMINA_COLUMN_TYPE_INTEGER] = "integer",
  [LUMINA_COLUMN_TYPE_FLOAT] = "float",
  [LUMINA_COLUMN_TYPE_BOOLEAN] = "boolean",
  [LUMINA_COLUMN_TYPE_CATEGORICAL] = "categorical",
  [LUMINA_COLUMN_TYPE_TEXT] = "text",
  [LUMINA_COLUMN_TYPE_TIMESTAMP] = "timestamp",
};

static const char * const role_names[] = {
  [LUMINA_COLUMN_ROLE_FEATURE] = "feature",
  [LUMINA_COLUMN_ROLE_TARGET] = "target",
  [LUMINA_COLUMN_ROLE_ID] = "id",
  [LUMINA_COLUMN_ROLE_IGNORE] = "ignore",
};

const char *
lumina_column_type_to_string (LuminaColumnType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), NULL);

  return type_names[type];
}

gboolean
lumina_column_type_from_string (const char       *text,
                                LuminaColumnType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_strcmp0 (text, type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }

  return FALSE;
}

const char *
lumina_column_role_to_string (LuminaColumnRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), NULL);

  return role_names[role];
}

gboolean
lumina_column_role_from_string (const char       *text,
                                LuminaColumnRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *role = i;
        return TRUE;
      }

  return FALSE;
}

gboolean
lumina_column_type_is_numeric (LuminaColumnType type)
{
  return type == LUMINA_COLUMN_TYPE_INTEGER ||
         type == LUMINA_COLUMN_TYPE_FLOAT ||
         type == LUMINA_COLUMN_TYPE_BOOLEAN ||
         type == LUMINA_COLUMN_TYPE_TIMESTAMP;
}

/**
 * lumina_column_new:
 * Allocates a column of @n_rows zeroed values, none missing.
 *
 * Returns: (transfer full): the column
 */
LuminaColumn *
lumina_column_new (const char       *name,
                   LuminaColumnType  type,
                   gsize             n_rows)
{
  LuminaColumn *column = g_new0 (LuminaColumn, 1);
  gsize n = MAX (n_rows, 1);

  column->name = g_strdup (name);
  column->type = type;
  column->n_rows = n_rows;

  switch (type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      column->i64 = g_new0 (gint64, n);
      break;

    case LUMINA_COLUMN_TYPE_FLOAT:
      column->f64 = g_new0 (double, n);
      break;

    case LUMINA_COLUMN_TYPE_BOOLEAN:
      column->u8 = g_new0 (guint8, n);
      break;

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
      column->codes = g_new0 (guint32, n);
      break;

    default:
      g_assert_not_reached ();
    }

  return column;
}

void
lumina_column_free (LuminaColumn *column)
{
  if (column == NULL)
    return;

  if (column->borrowed)
    g_free (column->dict);   /* the pointer table is ours, the strings are the mapping's */
  else
    {
      g_free (column->f64);
      g_free (column->i64);
      g_free (column->u8);
      g_free (column->codes);
      g_free (column->validity);
      for (guint32 i = 0; i < column->n_dict; i++)
        g_free (column->dict[i]);
      g_free (column->dict);
    }
  g_clear_pointer (&column->dict_index, g_hash_table_unref);
  g_free (column->name);
  g_free (column);
}

/**
 * lumina_column_set_null:
 * Marks @row missing and zeroes its value.
 */
void
lumina_column_set_null (LuminaColumn *column,
                        gsize         row)
{
  g_return_if_fail (column != NULL && !column->borrowed);
  g_return_if_fail (row < column->n_rows);

  if (column->validity == NULL)
    {
      gsize words = (column->n_rows + 63) / 64;

      column->validity = g_new (guint64, MAX (words, 1));
      memset (column->validity, 0xff, MAX (words, 1) * sizeof (guint64));
    }

  if (!lumina_column_is_valid (column, row))
    return;

  column->validity[row >> 6] &= ~(G_GUINT64_CONSTANT (1) << (row & 63));
  column->null_count++;

  if (column->f64) column->f64[row] = 0;
  else if (column->i64) column->i64[row] = 0;
  else if (column->u8) column->u8[row] = 0;
  else if (column->codes) column->codes[row] = 0;
}

/**
 * lumina_column_intern:
 * Returns: the dictionary code of @value, adding it when new
 */
guint32
lumina_column_intern (LuminaColumn *column,
                      const char   *value)
{
  gpointer code;

  g_return_val_if_fail (column != NULL && column->codes != NULL && !column->borrowed, 0);

  if (column->dict_index == NULL)
    {
      column->dict_index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint32 i = 0; i < column->n_dict; i++)
        g_hash_table_insert (column->dict_index, column->dict[i], GUINT_TO_POINTER (i + 1));
    }

  if ((code = g_hash_table_lookup (column->dict_index, value)))
    return GPOINTER_TO_UINT (code) - 1;

  if ((column->n_dict & (column->n_dict - 1)) == 0)
    column->dict = g_renew (char *, column->dict, MAX (column->n_dict * 2, 4));
  column->dict[column->n_dict] = g_strdup (value);
  /* dict may have moved: the table keys are the strings, not slots. */
  g_hash_table_insert (column->dict_index, column->dict[column->n_dict],
                       GUINT_TO_POINTER (column->n_dict + 1));

  return column->n_dict++;
}

/**
 * lumina_format_double:
 * Formats @value with the fewest significant digits (15 to 17) that read
 * back as exactly the same double: 0.1 stays "0.1", not "0.10000000000000001".
 *
 * Returns: (transfer full): the text
 */
char *
lumina_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  if (isnan (value))
    return g_strdup ("nan");

  for (int precision = 15; precision < 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return g_strdup (buffer);
    }

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

/**
 * lumina_column_get_double:
 * Returns: the value as a double (codes for strings), NAN when missing
 */
double
lumina_column_get_double (const LuminaColumn *column,
                          gsize               row)
{
  g_return_val_if_fail (column != NULL && row < column->n_rows, NAN);

  if (!lumina_column_is_valid (column, row))
    return NAN;

  if (column->f64) return column->f64[row];
  if (column->i64) return (double) column->i64[row];
  if (column->u8) return column->u8[row];
  return column->codes[row];
}

/**
 * lumina_column_get_string:
 * Returns: (nullable): the string of a categorical or text row, %NULL when missing
 */
const char *
lumina_column_get_string (const LuminaColumn *column,
                          gsize               row)
{
  g_return_val_if_fail (column != NULL && row < column->n_rows, NULL);
  g_return_val_if_fail (column->codes != NULL, NULL);

  if (!lumina_column_is_valid (column, row))
    return NULL;

  return column->dict[column->codes[row]];
}

/**
 * lumina_column_format_value:
 * Formats a row the way it is written to CSV: shortest round-trip floats,
 * ISO 8601 timestamps, "true"/"false"; an empty string when missing.
 *
 * Returns: (transfer full): the text
 */
char *
lumina_column_format_value (const LuminaColumn *column,
                            gsize               row)
{
  g_return_val_if_fail (column != NULL && row < column->n_rows, NULL);

  if (!lumina_column_is_valid (column, row))
    return g_strdup ("");

  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, column->i64[row]);

    case LUMINA_COLUMN_TYPE_FLOAT:
      return lumina_format_double (column->f64[row]);

    case LUMINA_COLUMN_TYPE_BOOLEAN:
      return g_strdup (column->u8[row] ? "true" : "false");

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
      return g_strdup (column->dict[column->codes[row]]);

    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      {
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (0);
        g_autoptr(GDateTime) at = g_date_time_add (time, column->i64[row]);

        if (column->i64[row] % G_USEC_PER_SEC == 0)
          return g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
        return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S.%fZ");
      }

    default:
      g_assert_not_reached ();
    }
}
