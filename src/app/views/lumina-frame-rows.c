/* lumina-frame-rows.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of a LuminaFrame as a GListModel.  Items are made on demand and
 * hold only the frame and a row number, so a list view over a million rows
 * costs the rows on screen and nothing more; the values stay in the
 * frame's (often memory-mapped) columns until a cell formats them.
 */
#define G_LOG_DOMAIN "lumina-frame-rows"

#include "config.h"

#include "lumina-frame-rows.h"

struct _LuminaFrameRow
{
  GObject      parent_instance;

  LuminaFrame *frame;
  gsize        index;
};

G_DEFINE_FINAL_TYPE (LuminaFrameRow, lumina_frame_row, G_TYPE_OBJECT)

static void
lumina_frame_row_finalize (GObject *object)
{
  LuminaFrameRow *self = LUMINA_FRAME_ROW (object);

  g_clear_object (&self->frame);

  G_OBJECT_CLASS (lumina_frame_row_parent_class)->finalize (object);
}

static void
lumina_frame_row_class_init (LuminaFrameRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_frame_row_finalize;
}

static void
lumina_frame_row_init (LuminaFrameRow *self)
{
}

LuminaFrame *
lumina_frame_row_get_frame (LuminaFrameRow *self)
{
  g_return_val_if_fail (LUMINA_IS_FRAME_ROW (self), NULL);

  return self->frame;
}

gsize
lumina_frame_row_get_index (LuminaFrameRow *self)
{
  g_return_val_if_fail (LUMINA_IS_FRAME_ROW (self), 0);

  return self->index;
}

/**
 * lumina_frame_row_format:
 * @column: a column index of the frame
 *
 * Returns: (transfer full) (nullable): the value as text, or %NULL when it is missing
 */
char *
lumina_frame_row_format (LuminaFrameRow *self,
                         guint           column)
{
  const LuminaColumn *data;

  g_return_val_if_fail (LUMINA_IS_FRAME_ROW (self), NULL);
  g_return_val_if_fail (column < lumina_frame_get_n_columns (self->frame), NULL);

  data = lumina_frame_get_column (self->frame, column);
  if (!lumina_column_is_valid (data, self->index))
    return NULL;

  return lumina_column_format_value (data, self->index);
}

struct _LuminaFrameRows
{
  GObject      parent_instance;

  LuminaFrame *frame;
  guint        n_items;
};

static GType
lumina_frame_rows_get_item_type (GListModel *model)
{
  return LUMINA_TYPE_FRAME_ROW;
}

static guint
lumina_frame_rows_get_n_items (GListModel *model)
{
  return LUMINA_FRAME_ROWS (model)->n_items;
}

static gpointer
lumina_frame_rows_get_item (GListModel *model,
                            guint       position)
{
  LuminaFrameRows *self = LUMINA_FRAME_ROWS (model);
  LuminaFrameRow *row;

  if (position >= self->n_items)
    return NULL;

  row = g_object_new (LUMINA_TYPE_FRAME_ROW, NULL);
  row->frame = g_object_ref (self->frame);
  row->index = position;

  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lumina_frame_rows_get_item_type;
  iface->get_n_items = lumina_frame_rows_get_n_items;
  iface->get_item = lumina_frame_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LuminaFrameRows, lumina_frame_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
lumina_frame_rows_finalize (GObject *object)
{
  LuminaFrameRows *self = LUMINA_FRAME_ROWS (object);

  g_clear_object (&self->frame);

  G_OBJECT_CLASS (lumina_frame_rows_parent_class)->finalize (object);
}

static void
lumina_frame_rows_class_init (LuminaFrameRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_frame_rows_finalize;
}

static void
lumina_frame_rows_init (LuminaFrameRows *self)
{
}

/**
 * lumina_frame_rows_new:
 * @frame: the rows to list
 * @limit: list at most this many rows, or 0 for all of them
 *
 * Returns: (transfer full): a list model of #LuminaFrameRow
 */
LuminaFrameRows *
lumina_frame_rows_new (LuminaFrame *frame,
                       guint        limit)
{
  LuminaFrameRows *self;
  gsize n_rows;

  g_return_val_if_fail (LUMINA_IS_FRAME (frame), NULL);

  n_rows = MIN (lumina_frame_get_n_rows (frame), (gsize) G_MAXUINT);

  self = g_object_new (LUMINA_TYPE_FRAME_ROWS, NULL);
  self->frame = g_object_ref (frame);
  self->n_items = limit > 0 ? MIN ((guint) n_rows, limit) : (guint) n_rows;

  return self;
}

LuminaFrame *
lumina_frame_rows_get_frame (LuminaFrameRows *self)
{
  g_return_val_if_fail (LUMINA_IS_FRAME_ROWS (self), NULL);

  return self->frame;
}
