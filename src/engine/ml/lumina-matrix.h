/* lumina-matrix.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaMatrix:
 * The dense design matrix learners consume: @n_rows × @n_cols single-precision
 * values, row-major, NaN where a value is missing.  @names holds one name per
 * column; @categorical marks columns that hold category codes (0, 1, 2, ...)
 * that tree learners may split on as categories.  Both may be %NULL.
 * Treat a matrix as immutable once a learner has seen it.
 */
struct _LuminaMatrix
{
  float   *data;
  gsize    n_rows;
  guint    n_cols;
  char   **names;
  guint8  *categorical;

  /*< private >*/
  /* A learner library's view of this matrix (an XGBoost DMatrix), built
   * once and reused by every trial that trains on the same matrix. */
  gpointer       backend;
  GDestroyNotify backend_free;
  GMutex         backend_lock;
  gboolean       borrowed;      /* @data belongs to another matrix */
};

static inline float *
lumina_matrix_row (const LuminaMatrix *matrix,
                   gsize               row)
{
  return matrix->data + row * (gsize) matrix->n_cols;
}

LuminaMatrix *lumina_matrix_new       (gsize               n_rows,
                                       guint               n_cols);
LuminaMatrix *lumina_matrix_take_rows (const LuminaMatrix *matrix,
                                       const guint32      *rows,
                                       gsize               n_rows);
LuminaMatrix *lumina_matrix_new_view  (const LuminaMatrix *matrix,
                                       gsize               first_row,
                                       gsize               n_rows);
void          lumina_matrix_set_names (LuminaMatrix       *matrix,
                                       const char * const *names);
gsize         lumina_matrix_get_size  (const LuminaMatrix *matrix);
void          lumina_matrix_free      (LuminaMatrix       *matrix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaMatrix, lumina_matrix_free)

G_END_DECLS
