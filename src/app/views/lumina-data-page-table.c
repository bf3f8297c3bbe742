/* lumina-data-page-table.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data view's table of datasets: one row per dataset (its latest
 * version), a factory per column, a sorter per column and the search filter.
 */
#define G_LOG_DOMAIN "lumina-data-page-table"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-data-page-private.h"

static char *
format_cell (LuminaDatasetVersion *version,
             ListColumn            column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (lumina_dataset_version_get_name (version));

    case COLUMN_VERSIONS:
      /* The latest version's number is how many versions there are. */
      return g_strdup_printf ("%d", lumina_dataset_version_get_number (version));

    case COLUMN_ROWS:
      return lumina_data_format_count (lumina_dataset_version_get_n_rows (version));

    case COLUMN_COLUMNS:
      return g_strdup_printf ("%u", lumina_dataset_version_get_n_columns (version));

    case COLUMN_CHANGED:
      return lumina_data_format_relative (lumina_dataset_version_get_created_at (version));

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ListColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *subtitle = gtk_label_new (NULL);

      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), subtitle);
      gtk_list_item_set_child (item, box);
      return;
    }

  if (column == COLUMN_CHANGED)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static char *
describe_dataset (LuminaDatasetVersion *version)
{
  const char *target = lumina_dataset_version_get_target (version);
  const char *source = lumina_dataset_version_get_source (version);

  if (target != NULL)
    /* Translators: the column a dataset's models predict */
    return g_strdup_printf (_("Target: %s"), target);

  return g_path_get_basename (source ? source : "");
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  LuminaDatasetVersion *version = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  ListColumn column = GPOINTER_TO_INT (user_data);
  g_autofree char *text = format_cell (version, column);

  if (column == COLUMN_NAME)
    {
      g_autofree char *subtitle = describe_dataset (version);
      GtkWidget *label = gtk_widget_get_first_child (child);

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (label)), subtitle);
      return;
    }

  gtk_label_set_text (GTK_LABEL (child), text);
  if (column == COLUMN_CHANGED)
    {
      g_autofree char *tooltip = lumina_data_format_time (lumina_dataset_version_get_created_at (version));

      gtk_widget_set_tooltip_text (child, tooltip);
    }
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  LuminaDatasetVersion *va = (LuminaDatasetVersion *) a;
  LuminaDatasetVersion *vb = (LuminaDatasetVersion *) b;
  gint64 x = 0, y = 0;

  switch ((ListColumn) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NAME:
      return g_utf8_collate (lumina_dataset_version_get_name (va), lumina_dataset_version_get_name (vb));

    case COLUMN_VERSIONS:
      x = lumina_dataset_version_get_number (va);
      y = lumina_dataset_version_get_number (vb);
      break;

    case COLUMN_ROWS:
      x = lumina_dataset_version_get_n_rows (va);
      y = lumina_dataset_version_get_n_rows (vb);
      break;

    case COLUMN_COLUMNS:
      x = lumina_dataset_version_get_n_columns (va);
      y = lumina_dataset_version_get_n_columns (vb);
      break;

    case COLUMN_CHANGED:
      /* ISO 8601 in UTC sorts as text. */
      return g_strcmp0 (lumina_dataset_version_get_created_at (va), lumina_dataset_version_get_created_at (vb));

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  return (x > y) - (x < y);
}

static void
lumina_data_page_add_column (LuminaDataPage *self,
                             ListColumn      column,
                             const char     *title,
                             int             fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;
  GtkColumnViewColumn *view_column;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_versions, GINT_TO_POINTER (column), NULL));
  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);

  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;   /* owns the reference */
}

static gboolean
match_search (gpointer item,
              gpointer user_data)
{
  LuminaDataPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_text = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;

  folded_name = g_utf8_casefold (lumina_dataset_version_get_name (item), -1);
  folded_text = g_utf8_casefold (text, -1);

  return strstr (folded_name, folded_text) != NULL;
}

void
_lumina_data_page_setup_table (LuminaDataPage *self)
{
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  lumina_data_page_add_column (self, COLUMN_NAME, _("Name"), -1);
  lumina_data_page_add_column (self, COLUMN_VERSIONS, _("Versions"), 96);
  lumina_data_page_add_column (self, COLUMN_ROWS, _("Rows"), 110);
  lumina_data_page_add_column (self, COLUMN_COLUMNS, _("Columns"), 96);
  lumina_data_page_add_column (self, COLUMN_CHANGED, _("Last Change"), 140);

  self->filter = GTK_FILTER (gtk_custom_filter_new (match_search, self, NULL));
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->datasets)),
                                        g_object_ref (self->filter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_NAME], GTK_SORT_ASCENDING);
}

/* Called once the page has been allocated at a new width class. */
void
_lumina_data_page_set_narrow_columns (LuminaDataPage *self,
                                      gboolean        narrow)
{
  g_assert (LUMINA_IS_DATA_PAGE (self));

  /* On a phone-sized window keep what identifies a dataset, its size and age.
   * The columns are taken out rather than hidden: GTK 4.8 still counts the
   * width of hidden columns, which leaves the name column no room to expand. */
  if (narrow)
    {
      gtk_column_view_remove_column (self->column_view, self->columns[COLUMN_VERSIONS]);
      gtk_column_view_remove_column (self->column_view, self->columns[COLUMN_COLUMNS]);
    }
  else
    {
      gtk_column_view_insert_column (self->column_view, COLUMN_VERSIONS, self->columns[COLUMN_VERSIONS]);
      gtk_column_view_insert_column (self->column_view, COLUMN_COLUMNS, self->columns[COLUMN_COLUMNS]);
    }
  gtk_column_view_column_set_fixed_width (self->columns[COLUMN_ROWS], narrow ? 80 : 110);
  gtk_column_view_column_set_fixed_width (self->columns[COLUMN_CHANGED], narrow ? 100 : 140);
}
