/* lumina-profile-strings.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Categorical and text column accumulators.  A chunk's codes are tallied in
 * an array first, so strings are looked up once per dictionary entry and
 * chunk, never once per row; that is also where chunks with different
 * dictionaries meet, by string.
 */
#define G_LOG_DOMAIN "lumina-profile-strings"

#include "config.h"

#include <string.h>

#include "lumina-profile-private.h"

static const char * const boolean_dict[] = { "false", "true" };

const char * const *
_lumina_profile_boolean_dict (void)
{
  return boolean_dict;
}

/**
 * _lumina_profile_column_codes:
 * @column: a categorical, text or boolean column (false = 0, true = 1)
 * @out: room for the column's rows
 *
 * Returns: how many rows are missing (%LUMINA_PROFILE_NO_CODE in @out)
 */
gsize
_lumina_profile_column_codes (const LuminaColumn *column,
                              guint32            *out)
{
  gsize n = column->n_rows, missing = 0;

  if (column->type == LUMINA_COLUMN_TYPE_BOOLEAN)
    for (gsize i = 0; i < n; i++)
      out[i] = column->u8[i] != 0;
  else
    memcpy (out, column->codes, n * sizeof (guint32));

  for (gsize word = 0; column->validity != NULL && word * 64 < n; word++)
    {
      guint64 bits = ~column->validity[word];

      if (word * 64 + 64 > n)
        bits &= (G_GUINT64_CONSTANT (1) << (n - word * 64)) - 1;
      for (; bits != 0; bits &= bits - 1, missing++)
        out[word * 64 + (gsize) __builtin_ctzll (bits)] = LUMINA_PROFILE_NO_CODE;
    }
  return missing;
}

LuminaStringStats *
_lumina_string_stats_new (void)
{
  LuminaStringStats *self = g_new0 (LuminaStringStats, 1);

  self->top = lumina_top_k_new ();
  return self;
}

void
_lumina_string_stats_free (LuminaStringStats *self)
{
  lumina_top_k_free (self->top);
  g_free (self);
}

/**
 * _lumina_string_stats_add:
 * @codes: @column's codes, %LUMINA_PROFILE_NO_CODE where missing
 */
void
_lumina_string_stats_add (LuminaStringStats    *self,
                          const LuminaColumn   *column,
                          const guint32        *codes,
                          LuminaProfileScratch *scratch)
{
  gboolean text = column->type == LUMINA_COLUMN_TYPE_TEXT;
  guint64 *tally;

  _lumina_profile_scratch_dict (scratch, column->n_dict, 0);
  tally = scratch->tally;
  memset (tally, 0, column->n_dict * sizeof (guint64));
  for (gsize i = 0; i < column->n_rows; i++)
    if (codes[i] != LUMINA_PROFILE_NO_CODE)
      tally[codes[i]]++;

  for (guint32 code = 0; code < column->n_dict; code++)
    {
      guint64 chars;

      if (tally[code] == 0)
        continue;
      lumina_top_k_add (self->top, column->dict[code], tally[code]);
      if (!text)
        continue;
      chars = (guint64) g_utf8_strlen (column->dict[code], -1);
      self->total_chars += chars * tally[code];
      self->max_chars = MAX (self->max_chars, chars);
      self->n_values += tally[code];
    }
}

void
_lumina_string_stats_merge (LuminaStringStats       *self,
                            const LuminaStringStats *other)
{
  lumina_top_k_merge (self->top, other->top);
  self->total_chars += other->total_chars;
  self->max_chars = MAX (self->max_chars, other->max_chars);
  self->n_values += other->n_values;
}

static void
add_top_entry (JsonBuilder *builder,
               const char  *value,
               guint64      count)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, (gint64) count);
  json_builder_end_object (builder);
}

static void
add_top_exact (JsonBuilder *builder,
               gboolean     exact)
{
  json_builder_set_member_name (builder, "top_exact");
  json_builder_add_boolean_value (builder, exact);
}

void
_lumina_string_stats_to_json (LuminaStringStats *self,
                              LuminaColumnType   type,
                              JsonBuilder       *builder)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) values = lumina_top_k_get_top (self->top, LUMINA_PROFILE_TOP, &counts);

  json_builder_set_member_name (builder, "top");
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    add_top_entry (builder, g_ptr_array_index (values, i), g_array_index (counts, guint64, i));
  json_builder_end_array (builder);
  add_top_exact (builder, lumina_top_k_is_exact (self->top));

  if (type == LUMINA_COLUMN_TYPE_TEXT && self->n_values > 0)
    {
      _lumina_profile_add_double (builder, "mean_length",
                                  (double) self->total_chars / (double) self->n_values);
      json_builder_set_member_name (builder, "max_length");
      json_builder_add_int_value (builder, (gint64) self->max_chars);
    }
}

/* Booleans: at most two values, most frequent first, ties by name. */
void
_lumina_boolean_top_to_json (guint64      n_true,
                             guint64      n_false,
                             JsonBuilder *builder)
{
  gboolean true_first = n_true > n_false;

  json_builder_set_member_name (builder, "top");
  json_builder_begin_array (builder);
  if (true_first)
    add_top_entry (builder, "true", n_true);
  if (n_false > 0)
    add_top_entry (builder, "false", n_false);
  if (!true_first && n_true > 0)
    add_top_entry (builder, "true", n_true);
  json_builder_end_array (builder);
  add_top_exact (builder, TRUE);
}
