/* lumina-matrix.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lumina-matrix.h"

/**
 * lumina_matrix_new:
 * Returns: (transfer full): a zero-filled matrix, or %NULL when the size
 *   overflows or the memory cannot be had (callers estimate memory first).
 */
LuminaMatrix *
lumina_matrix_new (gsize n_rows,
                   guint n_cols)
{
  LuminaMatrix *matrix;
  gsize n_values;

  if (n_cols != 0 && n_rows > G_MAXSIZE / sizeof (float) / n_cols)
    return NULL;

  n_values = n_rows * n_cols;
  matrix = g_new0 (LuminaMatrix, 1);
  matrix->n_rows = n_rows;
  matrix->n_cols = n_cols;
  matrix->data = g_try_malloc0 (MAX (n_values, 1) * sizeof (float));
  matrix->categorical = g_new0 (guint8, MAX (n_cols, 1));
  g_mutex_init (&matrix->backend_lock);

  if (matrix->data == NULL)
    {
      lumina_matrix_free (matrix);
      return NULL;
    }

  return matrix;
}

void
lumina_matrix_set_names (LuminaMatrix       *matrix,
                         const char * const *names)
{
  g_return_if_fail (matrix != NULL);

  g_strfreev (matrix->names);
  matrix->names = NULL;

  if (names == NULL)
    return;

  matrix->names = g_new0 (char *, matrix->n_cols + 1);
  for (guint i = 0; i < matrix->n_cols; i++)
    matrix->names[i] = g_strdup (names[i]);
}

/**
 * lumina_matrix_take_rows:
 * Copies the given rows, in the given order, with names and categorical flags.
 */
LuminaMatrix *
lumina_matrix_take_rows (const LuminaMatrix *matrix,
                         const guint32      *rows,
                         gsize               n_rows)
{
  LuminaMatrix *copy;
  gsize row_bytes;

  g_return_val_if_fail (matrix != NULL, NULL);

  copy = lumina_matrix_new (n_rows, matrix->n_cols);
  if (copy == NULL)
    return NULL;

  row_bytes = matrix->n_cols * sizeof (float);
  for (gsize i = 0; i < n_rows; i++)
    {
      g_assert (rows[i] < matrix->n_rows);
      memcpy (lumina_matrix_row (copy, i), lumina_matrix_row (matrix, rows[i]), row_bytes);
    }

  lumina_matrix_set_names (copy, (const char * const *) matrix->names);
  memcpy (copy->categorical, matrix->categorical, matrix->n_cols);

  return copy;
}

/**
 * lumina_matrix_new_view:
 * A matrix of the rows @first_row .. @first_row + @n_rows - 1 of @matrix
 * that shares their values rather than copying them (names and categorical
 * flags are copied).  @matrix must outlive the view and stay unchanged.
 */
LuminaMatrix *
lumina_matrix_new_view (const LuminaMatrix *matrix,
                        gsize               first_row,
                        gsize               n_rows)
{
  LuminaMatrix *view;

  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (first_row <= matrix->n_rows && n_rows <= matrix->n_rows - first_row, NULL);

  view = g_new0 (LuminaMatrix, 1);
  view->n_rows = n_rows;
  view->n_cols = matrix->n_cols;
  view->data = lumina_matrix_row (matrix, first_row);
  view->borrowed = TRUE;
  view->categorical = g_memdup2 (matrix->categorical, MAX (matrix->n_cols, 1));
  g_mutex_init (&view->backend_lock);
  lumina_matrix_set_names (view, (const char * const *) matrix->names);

  return view;
}

gsize
lumina_matrix_get_size (const LuminaMatrix *matrix)
{
  return matrix->n_rows * matrix->n_cols * sizeof (float);
}

void
lumina_matrix_free (LuminaMatrix *matrix)
{
  if (matrix == NULL)
    return;

  if (matrix->backend_free != NULL && matrix->backend != NULL)
    matrix->backend_free (matrix->backend);
  g_mutex_clear (&matrix->backend_lock);
  if (!matrix->borrowed)
    g_free (matrix->data);
  g_strfreev (matrix->names);
  g_free (matrix->categorical);
  g_free (matrix);
}
