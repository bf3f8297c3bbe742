/* lumina-frame.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A typed, columnar, immutable-once-built table: what the ML code consumes.
 */
#define G_LOG_DOMAIN "lumina-frame"

#include "config.h"

#include <string.h>

#include "lumina-dataset-private.h"
#include "lumina-error.h"
#include "lumina-frame-private.h"

G_DEFINE_FINAL_TYPE (LuminaFrame, lumina_frame, G_TYPE_OBJECT)

static void
lumina_frame_finalize (GObject *object)
{
  LuminaFrame *self = (LuminaFrame *)object;

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->mapping, g_mapped_file_unref);

  G_OBJECT_CLASS (lumina_frame_parent_class)->finalize (object);
}

static void
lumina_frame_class_init (LuminaFrameClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_frame_finalize;
}

static void
lumina_frame_init (LuminaFrame *self)
{
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_column_free);
}

/**
 * lumina_frame_new:
 * @n_rows: the number of rows every column will have
 *
 * Returns: (transfer full): an empty frame to add columns to
 */
LuminaFrame *
lumina_frame_new (gsize n_rows)
{
  LuminaFrame *self = g_object_new (LUMINA_TYPE_FRAME, NULL);

  self->n_rows = n_rows;
  return self;
}

/**
 * lumina_frame_add_column:
 * @column: (transfer full): a column with the frame's row count
 */
void
lumina_frame_add_column (LuminaFrame  *self,
                         LuminaColumn *column)
{
  g_return_if_fail (LUMINA_IS_FRAME (self));
  g_return_if_fail (column != NULL);
  g_return_if_fail (column->n_rows == self->n_rows);

  /* The lookup table only serves building. */
  g_clear_pointer (&column->dict_index, g_hash_table_unref);
  g_ptr_array_add (self->columns, column);
}

gsize
lumina_frame_get_n_rows (LuminaFrame *self)
{
  g_return_val_if_fail (LUMINA_IS_FRAME (self), 0);

  return self->n_rows;
}

guint
lumina_frame_get_n_columns (LuminaFrame *self)
{
  g_return_val_if_fail (LUMINA_IS_FRAME (self), 0);

  return self->columns->len;
}

/**
 * lumina_frame_get_column:
 * Returns: (transfer none): the column at @index
 */
const LuminaColumn *
lumina_frame_get_column (LuminaFrame *self,
                         guint        index)
{
  g_return_val_if_fail (LUMINA_IS_FRAME (self), NULL);
  g_return_val_if_fail (index < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, index);
}

/**
 * lumina_frame_find_column:
 * Returns: the index of the column called @name, or -1
 */
int
lumina_frame_find_column (LuminaFrame *self,
                          const char  *name)
{
  g_return_val_if_fail (LUMINA_IS_FRAME (self), -1);

  for (guint i = 0; i < self->columns->len; i++)
    if (g_strcmp0 (((LuminaColumn *) g_ptr_array_index (self->columns, i))->name, name) == 0)
      return (int) i;

  return -1;
}

void
lumina_frame_set_role (LuminaFrame      *self,
                       guint             index,
                       LuminaColumnRole  role)
{
  g_return_if_fail (LUMINA_IS_FRAME (self));
  g_return_if_fail (index < self->columns->len);

  ((LuminaColumn *) g_ptr_array_index (self->columns, index))->role = role;
}

static gsize
value_size (const LuminaColumn *column)
{
  if (column->f64 || column->i64)
    return 8;
  if (column->codes)
    return 4;
  return 1;
}

static void *
value_buffer (const LuminaColumn *column)
{
  if (column->f64) return column->f64;
  if (column->i64) return column->i64;
  if (column->codes) return column->codes;
  return column->u8;
}

/* A new column of the same name, type, role and dictionary, with @n_rows rows. */
static LuminaColumn *
column_like (const LuminaColumn *source,
             gsize               n_rows)
{
  LuminaColumn *column = lumina_column_new (source->name, source->type, n_rows);

  column->role = source->role;
  if (source->n_dict > 0)
    {
      column->dict = g_new (char *, source->n_dict);
      for (guint32 i = 0; i < source->n_dict; i++)
        column->dict[i] = g_strdup (source->dict[i]);
      column->n_dict = source->n_dict;
    }

  return column;
}

/**
 * lumina_frame_take_rows:
 * @rows: (array length=n_rows): row indexes, in the order wanted; may repeat
 *
 * Returns: (transfer full): a new frame with copies of those rows
 */
LuminaFrame *
lumina_frame_take_rows (LuminaFrame   *self,
                        const guint32 *rows,
                        gsize          n_rows)
{
  LuminaFrame *frame;

  g_return_val_if_fail (LUMINA_IS_FRAME (self), NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  frame = lumina_frame_new (n_rows);
  for (guint c = 0; c < self->columns->len; c++)
    {
      const LuminaColumn *source = g_ptr_array_index (self->columns, c);
      LuminaColumn *column = column_like (source, n_rows);
      gsize size = value_size (source);
      const guint8 *from = value_buffer (source);
      guint8 *to = value_buffer (column);

      for (gsize r = 0; r < n_rows; r++)
        {
          g_return_val_if_fail (rows[r] < self->n_rows, frame);
          memcpy (to + r * size, from + (gsize) rows[r] * size, size);
          if (!lumina_column_is_valid (source, rows[r]))
            lumina_column_set_null (column, r);
        }

      lumina_frame_add_column (frame, column);
    }

  return frame;
}

/**
 * lumina_frame_slice:
 * Returns: (transfer full): rows @offset to @offset + @n_rows, copied
 */
LuminaFrame *
lumina_frame_slice (LuminaFrame *self,
                    gsize        offset,
                    gsize        n_rows)
{
  g_autofree guint32 *rows = NULL;

  g_return_val_if_fail (LUMINA_IS_FRAME (self), NULL);
  g_return_val_if_fail (offset <= self->n_rows, NULL);

  n_rows = MIN (n_rows, self->n_rows - offset);
  rows = g_new (guint32, MAX (n_rows, 1));
  for (gsize i = 0; i < n_rows; i++)
    rows[i] = (guint32) (offset + i);

  return lumina_frame_take_rows (self, rows, n_rows);
}

/**
 * lumina_frame_select:
 * @columns: (array length=n_columns): column indexes, in the order wanted
 *
 * Returns: (transfer full): a new frame with copies of those columns
 */
LuminaFrame *
lumina_frame_select (LuminaFrame *self,
                     const guint *columns,
                     guint        n_columns)
{
  LuminaFrame *frame;

  g_return_val_if_fail (LUMINA_IS_FRAME (self), NULL);

  frame = lumina_frame_new (self->n_rows);
  for (guint i = 0; i < n_columns; i++)
    {
      const LuminaColumn *source;
      LuminaColumn *column;

      g_return_val_if_fail (columns[i] < self->columns->len, frame);
      source = g_ptr_array_index (self->columns, columns[i]);
      column = column_like (source, self->n_rows);
      memcpy (value_buffer (column), value_buffer (source), value_size (source) * self->n_rows);
      if (source->validity != NULL)
        {
          gsize words = (self->n_rows + 63) / 64;

          column->validity = g_memdup2 (source->validity, MAX (words, 1) * sizeof (guint64));
          column->null_count = source->null_count;
        }
      lumina_frame_add_column (frame, column);
    }

  return frame;
}

/* splitmix64: small, fast, and the same sequence on every platform. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
shuffle (guint32 *rows,
         gsize    n,
         guint64 *state)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = next_random (state) % i;
      guint32 tmp = rows[i - 1];

      rows[i - 1] = rows[j];
      rows[j] = tmp;
    }
}

/* Group key of a row for stratification: the value's bits, missing apart. */
static guint64
stratum_of (const LuminaColumn *column,
            gsize               row)
{
  guint64 bits;

  if (!lumina_column_is_valid (column, row))
    return G_MAXUINT64;
  if (column->codes) return column->codes[row];
  if (column->u8) return column->u8[row];
  if (column->i64) return (guint64) column->i64[row];
  memcpy (&bits, &column->f64[row], sizeof bits);
  return bits;
}

/**
 * lumina_frame_train_test_split:
 * @test_fraction: the share of rows for @test, 0 to 1
 * @stratify_column: keep this column's class shares equal in both parts, or -1
 * @seed: the same seed always gives the same split
 * @train: (out) (transfer full): the training rows
 * @test: (out) (transfer full): the held-out rows
 */
void
lumina_frame_train_test_split (LuminaFrame  *self,
                               double        test_fraction,
                               int           stratify_column,
                               guint64       seed,
                               LuminaFrame **train,
                               LuminaFrame **test)
{
  g_autoptr(GHashTable) strata = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) train_rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) test_rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  const LuminaColumn *column = NULL;
  guint64 state = seed;

  g_return_if_fail (LUMINA_IS_FRAME (self));
  g_return_if_fail (test_fraction >= 0 && test_fraction <= 1);
  g_return_if_fail (stratify_column < (int) self->columns->len);

  if (stratify_column >= 0)
    column = g_ptr_array_index (self->columns, stratify_column);

  /* Strata in order of first appearance, rows in row order: the split
   * depends only on the data and the seed. */
  strata = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (gsize r = 0; r < self->n_rows; r++)
    {
      guint64 key = column ? stratum_of (column, r) : 0;
      GArray *group = g_hash_table_lookup (strata, &key);
      guint32 row = (guint32) r;

      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (strata, g_memdup2 (&key, sizeof key), group);
          g_ptr_array_add (groups, group);
        }
      g_array_append_val (group, row);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      GArray *group = g_ptr_array_index (groups, g);
      gsize n_test = (gsize) (group->len * test_fraction + 0.5);

      shuffle ((guint32 *) group->data, group->len, &state);
      g_array_append_vals (test_rows, group->data, n_test);
      g_array_append_vals (train_rows, (guint32 *) group->data + n_test, group->len - n_test);
    }

  *train = lumina_frame_take_rows (self, (guint32 *) train_rows->data, train_rows->len);
  *test = lumina_frame_take_rows (self, (guint32 *) test_rows->data, test_rows->len);
}

/**
 * lumina_frame_get_memory_size:
 * Returns: bytes held by the frame's values, bitmaps and dictionaries
 */
gsize
lumina_frame_get_memory_size (LuminaFrame *self)
{
  gsize total = 0;

  g_return_val_if_fail (LUMINA_IS_FRAME (self), 0);

  for (guint c = 0; c < self->columns->len; c++)
    {
      const LuminaColumn *column = g_ptr_array_index (self->columns, c);

      total += value_size (column) * column->n_rows;
      if (column->validity)
        total += (column->n_rows + 63) / 64 * sizeof (guint64);
      for (guint32 i = 0; i < column->n_dict; i++)
        total += strlen (column->dict[i]) + 1 + sizeof (char *);
    }

  return total;
}

static gboolean
same_columns (LuminaFrame *a,
              LuminaFrame *b)
{
  if (a->columns->len != b->columns->len)
    return FALSE;

  for (guint c = 0; c < a->columns->len; c++)
    {
      const LuminaColumn *x = g_ptr_array_index (a->columns, c);
      const LuminaColumn *y = g_ptr_array_index (b->columns, c);

      if (g_strcmp0 (x->name, y->name) != 0 || x->type != y->type)
        return FALSE;
    }

  return TRUE;
}

static void
concat_column (LuminaColumn  *column,
               LuminaFrame  **frames,
               guint          n_frames,
               guint          c)
{
  gsize offset = 0;

  for (guint f = 0; f < n_frames; f++)
    {
      const LuminaColumn *part = g_ptr_array_index (frames[f]->columns, c);

      if (part->codes != NULL)
        {
          g_autofree guint32 *remap = g_new (guint32, MAX (part->n_dict, 1));

          for (guint32 i = 0; i < part->n_dict; i++)
            remap[i] = lumina_column_intern (column, part->dict[i]);
          for (gsize r = 0; r < part->n_rows; r++)
            column->codes[offset + r] = lumina_column_is_valid (part, r) ? remap[part->codes[r]] : 0;
        }
      else
        memcpy ((guint8 *) value_buffer (column) + offset * value_size (part), value_buffer (part),
                part->n_rows * value_size (part));

      for (gsize r = 0; part->validity && r < part->n_rows; r++)
        if (!lumina_column_is_valid (part, r))
          lumina_column_set_null (column, offset + r);
      offset += part->n_rows;
    }
}

/**
 * _lumina_frame_concat:
 * Stacks frames with the same columns (names and types) row-wise;
 * dictionaries merge in order of first appearance.
 *
 * Returns: (transfer full) (nullable): the new frame
 */
LuminaFrame *
_lumina_frame_concat (LuminaFrame **frames,
                      guint         n_frames,
                      GError      **error)
{
  LuminaFrame *frame;
  gsize n_rows = 0;

  g_return_val_if_fail (n_frames > 0, NULL);

  for (guint f = 0; f < n_frames; f++)
    {
      if (!same_columns (frames[0], frames[f]))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "The rows to add do not have the dataset's columns and types");
          return NULL;
        }
      n_rows += frames[f]->n_rows;
    }

  frame = lumina_frame_new (n_rows);
  for (guint c = 0; c < frames[0]->columns->len; c++)
    {
      const LuminaColumn *first = g_ptr_array_index (frames[0]->columns, c);
      LuminaColumn *column = lumina_column_new (first->name, first->type, n_rows);

      column->role = first->role;
      concat_column (column, frames, n_frames, c);
      lumina_frame_add_column (frame, column);
    }

  return frame;
}
