/* lumina-row-viewer.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table of a frame's rows.  The column view only ever makes widgets for
 * the rows on screen, and LuminaFrameRows only makes items for those, so a
 * version of a million rows scrolls like one of a hundred.  Columns have a
 * fixed width by type so that scrolling never has to measure new rows.
 */
#define G_LOG_DOMAIN "lumina-row-viewer"

#include "config.h"

#include <string.h>

#include "lumina-frame-rows.h"
#include "lumina-row-viewer.h"

struct _LuminaRowViewer
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkScrolledWindow *scrolled_window;
  GtkColumnView     *column_view;

  LuminaFrameRows   *rows;
};

G_DEFINE_FINAL_TYPE (LuminaRowViewer, lumina_row_viewer, GTK_TYPE_WIDGET)

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "lumina-numeric"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (g_object_get_data (G_OBJECT (factory), "lumina-index") != NULL)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  LuminaFrameRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);
  g_autofree char *text = lumina_frame_row_format (row, column);

  /* A missing value is a dash, dimmed, so it never reads as an empty string. */
  gtk_label_set_text (GTK_LABEL (label), text ? text : "—");
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
bind_index_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  LuminaFrameRow *row = gtk_list_item_get_item (item);
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GSIZE_FORMAT, lumina_frame_row_get_index (row) + 1);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkColumnViewColumn *
create_column (const char *title,
               gboolean    numeric,
               int         width,
               GCallback   bind,
               gpointer    bind_data)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "lumina-numeric", GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", bind, bind_data);

  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_column_set_resizable (column, TRUE);

  return column;
}

static int
width_for_type (LuminaColumnType type)
{
  switch (type)
    {
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      return 90;

    case LUMINA_COLUMN_TYPE_INTEGER:
    case LUMINA_COLUMN_TYPE_FLOAT:
      return 120;

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
      return 140;

    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      return 190;

    case LUMINA_COLUMN_TYPE_TEXT:
    default:
      return 200;
    }
}

static void
lumina_row_viewer_clear_columns (LuminaRowViewer *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  g_assert (LUMINA_IS_ROW_VIEWER (self));

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

static void
lumina_row_viewer_add_columns (LuminaRowViewer *self,
                               LuminaFrame     *frame)
{
  g_autoptr(GtkColumnViewColumn) index = NULL;
  g_autofree char *widest = NULL;

  g_assert (LUMINA_IS_ROW_VIEWER (self));

  /* Wide enough for the last row number in tabular digits. */
  widest = g_strdup_printf ("%" G_GSIZE_FORMAT, lumina_frame_get_n_rows (frame));
  index = create_column ("#", TRUE, 28 + 9 * (int) strlen (widest), G_CALLBACK (bind_index_cb), NULL);
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (index)), "lumina-index", GINT_TO_POINTER (TRUE));
  gtk_column_view_column_set_resizable (index, FALSE);
  gtk_column_view_append_column (self->column_view, index);

  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      const LuminaColumn *data = lumina_frame_get_column (frame, c);
      g_autoptr(GtkColumnViewColumn) column = NULL;

      column = create_column (data->name, lumina_column_type_is_numeric (data->type),
                              width_for_type (data->type), G_CALLBACK (bind_cell_cb),
                              GUINT_TO_POINTER (c));
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
lumina_row_viewer_dispose (GObject *object)
{
  LuminaRowViewer *self = LUMINA_ROW_VIEWER (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_ROW_VIEWER);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->rows);

  G_OBJECT_CLASS (lumina_row_viewer_parent_class)->dispose (object);
}

static void
lumina_row_viewer_class_init (LuminaRowViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_row_viewer_dispose;

  gtk_widget_class_set_css_name (widget_class, "luminarowviewer");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-row-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaRowViewer, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, LuminaRowViewer, column_view);
}

static void
lumina_row_viewer_init (LuminaRowViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lumina_row_viewer_new (void)
{
  return g_object_new (LUMINA_TYPE_ROW_VIEWER, NULL);
}

/**
 * lumina_row_viewer_set_frame:
 * @frame: (nullable): the rows to show
 * @limit: show at most this many rows, or 0 for all
 */
void
lumina_row_viewer_set_frame (LuminaRowViewer *self,
                             LuminaFrame     *frame,
                             guint            limit)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (LUMINA_IS_ROW_VIEWER (self));
  g_return_if_fail (!frame || LUMINA_IS_FRAME (frame));

  if (self->rows != NULL && frame == lumina_frame_rows_get_frame (self->rows) &&
      (limit == 0 || limit == g_list_model_get_n_items (G_LIST_MODEL (self->rows))))
    return;

  gtk_column_view_set_model (self->column_view, NULL);
  lumina_row_viewer_clear_columns (self);
  g_clear_object (&self->rows);

  if (frame == NULL)
    return;

  self->rows = lumina_frame_rows_new (frame, limit);
  lumina_row_viewer_add_columns (self, frame);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0.0);
}

/**
 * lumina_row_viewer_get_frame:
 *
 * Returns: (transfer none) (nullable): the frame shown
 */
LuminaFrame *
lumina_row_viewer_get_frame (LuminaRowViewer *self)
{
  g_return_val_if_fail (LUMINA_IS_ROW_VIEWER (self), NULL);

  return self->rows ? lumina_frame_rows_get_frame (self->rows) : NULL;
}

/**
 * lumina_row_viewer_get_model:
 *
 * Returns: (transfer none) (nullable): the rows, a list of #LuminaFrameRow
 */
GListModel *
lumina_row_viewer_get_model (LuminaRowViewer *self)
{
  g_return_val_if_fail (LUMINA_IS_ROW_VIEWER (self), NULL);

  return G_LIST_MODEL (self->rows);
}

GtkColumnView *
lumina_row_viewer_get_column_view (LuminaRowViewer *self)
{
  g_return_val_if_fail (LUMINA_IS_ROW_VIEWER (self), NULL);

  return self->column_view;
}

GtkAdjustment *
lumina_row_viewer_get_vadjustment (LuminaRowViewer *self)
{
  g_return_val_if_fail (LUMINA_IS_ROW_VIEWER (self), NULL);

  return gtk_scrolled_window_get_vadjustment (self->scrolled_window);
}
