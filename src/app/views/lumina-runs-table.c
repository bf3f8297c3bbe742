/* lumina-runs-table.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Experiments view's table of runs: a factory and a sorter per column,
 * the checkboxes that pick runs to compare, and the filter that applies the
 * search words, the filter query and the trial-runs toggle.
 */
#define G_LOG_DOMAIN "lumina-runs-table"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-experiments-page-private.h"
#include "lumina-run-format.h"

static const char * const column_ids[N_RUN_COLUMNS] = {
  "select", "run", "learner", "status", "metric", "duration", "started", "dataset",
};

static RunColumn
factory_column (GtkListItemFactory *factory)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "lumina-column"));
}

static GtkWidget *
new_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
check_toggled_cb (GtkCheckButton *check,
                  gpointer        user_data)
{
  LuminaExperimentsPage *self = user_data;
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "lumina-list-item");
  LuminaRun *run = item ? gtk_list_item_get_item (item) : NULL;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  if (run == NULL)
    return;

  _lumina_experiments_page_toggle_run (self, run, gtk_check_button_get_active (check));
}

static void
check_finalized_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  LuminaExperimentsPage *self = data;

  g_hash_table_remove (self->checks, where_the_object_was);
}

static GtkWidget *
setup_run_cell (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_append (GTK_BOX (box), new_label (NULL));
  gtk_box_append (GTK_BOX (box), new_label ("caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");

  return box;
}

static GtkWidget *
setup_status_cell (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), new_label (NULL));

  return box;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  LuminaExperimentsPage *self = user_data;
  GtkWidget *child = NULL;

  switch (factory_column (GTK_LIST_ITEM_FACTORY (factory)))
    {
    case RUN_COLUMN_SELECT:
      child = gtk_check_button_new ();
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (child), "lumina-list-item", item);
      g_signal_connect (child, "toggled", G_CALLBACK (check_toggled_cb), self);
      g_object_weak_ref (G_OBJECT (child), check_finalized_cb, self);
      g_hash_table_add (self->checks, child);
      gtk_list_item_set_activatable (item, FALSE);
      break;

    case RUN_COLUMN_RUN:
      child = setup_run_cell ();
      break;

    case RUN_COLUMN_STATUS:
      child = setup_status_cell ();
      break;

    case RUN_COLUMN_METRIC:
    case RUN_COLUMN_DURATION:
      child = new_label ("numeric");
      gtk_label_set_xalign (GTK_LABEL (child), 1.0f);
      break;

    case RUN_COLUMN_STARTED:
      child = new_label ("dim-label");
      break;

    case RUN_COLUMN_LEARNER:
    case RUN_COLUMN_DATASET:
    case N_RUN_COLUMNS:
    default:
      child = new_label (NULL);
      break;
    }

  gtk_list_item_set_child (item, child);
}

static void
bind_select (LuminaExperimentsPage *self,
             GtkWidget             *check,
             LuminaRun             *run)
{
  gboolean active = g_hash_table_contains (self->selected, lumina_run_get_id (run));

  g_signal_handlers_block_by_func (check, check_toggled_cb, self);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_signal_handlers_unblock_by_func (check, check_toggled_cb, self);
}

static void
bind_run (GtkWidget *box,
          LuminaRun *run)
{
  GtkWidget *title = gtk_widget_get_first_child (box);
  g_autofree char *text = lumina_run_format_title (run);
  g_autofree char *short_id = lumina_run_format_short_id (run);
  g_autofree char *subtitle = NULL;
  const char *parent = lumina_run_get_parent_id (run);

  if (parent != NULL && parent[0] != '\0')
    /* Translators: under a run's name: its short id, and that an AutoML search made it */
    subtitle = g_strdup_printf (_("%s · trial"), short_id);
  else
    subtitle = g_strdup (short_id);

  gtk_label_set_text (GTK_LABEL (title), text);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), subtitle);
  gtk_widget_set_tooltip_text (box, lumina_run_get_id (run));
}

static void
bind_status (GtkWidget *box,
             LuminaRun *run)
{
  LuminaRunStatus status = lumina_run_get_status (run);
  GtkWidget *image = gtk_widget_get_first_child (box);
  const char *old_class = g_object_get_data (G_OBJECT (box), "lumina-class");
  const char *css_class = lumina_run_status_css_class (status);

  if (old_class != NULL)
    gtk_widget_remove_css_class (box, old_class);
  gtk_widget_add_css_class (box, css_class);
  g_object_set_data (G_OBJECT (box), "lumina-class", (gpointer) css_class);

  gtk_image_set_from_icon_name (GTK_IMAGE (image), lumina_run_status_icon_name (status));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (image)), lumina_run_format_status (status));
  gtk_widget_set_tooltip_text (box, status == LUMINA_RUN_STATUS_FAILED ? lumina_run_get_error (run) : NULL);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  LuminaExperimentsPage *self = user_data;
  LuminaRun *run = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  LuminaRunInfo *info = lumina_run_info_get (run);
  g_autofree char *text = NULL;

  switch (factory_column (GTK_LIST_ITEM_FACTORY (factory)))
    {
    case RUN_COLUMN_SELECT:
      bind_select (self, child, run);
      return;

    case RUN_COLUMN_RUN:
      bind_run (child, run);
      return;

    case RUN_COLUMN_STATUS:
      bind_status (child, run);
      return;

    case RUN_COLUMN_LEARNER:
      gtk_label_set_text (GTK_LABEL (child), lumina_run_get_learner (run));
      return;

    case RUN_COLUMN_METRIC:
      text = lumina_run_format_metric (info->metric_value);
      gtk_widget_set_tooltip_text (child, info->metric_key);
      break;

    case RUN_COLUMN_DURATION:
      text = lumina_run_format_duration (info->duration);
      break;

    case RUN_COLUMN_STARTED:
      text = lumina_data_format_time (lumina_run_get_started_at (run));
      gtk_widget_set_tooltip_text (child, text);
      g_clear_pointer (&text, g_free);
      text = lumina_data_format_relative (lumina_run_get_started_at (run));
      break;

    case RUN_COLUMN_DATASET:
      gtk_label_set_text (GTK_LABEL (child), lumina_run_get_dataset_ref (run));
      return;

    case N_RUN_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (child), text);
}

static int
compare_double (double a,
                double b)
{
  /* No value counts as the lowest, so sorting best scores first puts the
   * failed and pruned runs last. */
  if (isnan (a) || isnan (b))
    return isnan (b) - isnan (a);

  return (a > b) - (a < b);
}

static int
compare_runs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  LuminaRun *ra = (LuminaRun *) a;
  LuminaRun *rb = (LuminaRun *) b;
  LuminaExperimentsPage *self = g_object_get_data (G_OBJECT (user_data), "lumina-page");
  RunColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "lumina-column"));

  switch (column)
    {
    case RUN_COLUMN_SELECT:
      return g_hash_table_contains (self->selected, lumina_run_get_id (rb)) -
             g_hash_table_contains (self->selected, lumina_run_get_id (ra));
    case RUN_COLUMN_RUN:
      {
        g_autofree char *ta = lumina_run_format_title (ra);
        g_autofree char *tb = lumina_run_format_title (rb);

        return g_utf8_collate (ta, tb);
      }
    case RUN_COLUMN_LEARNER:
      return g_strcmp0 (lumina_run_get_learner (ra), lumina_run_get_learner (rb));
    case RUN_COLUMN_STATUS:
      return (int) lumina_run_get_status (ra) - (int) lumina_run_get_status (rb);
    case RUN_COLUMN_METRIC:
      return compare_double (lumina_run_info_get (ra)->metric_value, lumina_run_info_get (rb)->metric_value);
    case RUN_COLUMN_DURATION:
      return compare_double (lumina_run_info_get (ra)->duration, lumina_run_info_get (rb)->duration);
    case RUN_COLUMN_STARTED:
      /* ISO 8601 in UTC sorts as text; ids break ties between trials started together. */
      return g_strcmp0 (lumina_run_get_started_at (ra), lumina_run_get_started_at (rb)) ?:
             g_strcmp0 (lumina_run_get_id (ra), lumina_run_get_id (rb));
    case RUN_COLUMN_DATASET:
      return g_strcmp0 (lumina_run_get_dataset_ref (ra), lumina_run_get_dataset_ref (rb));
    case N_RUN_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
add_column (LuminaExperimentsPage *self,
            RunColumn              column,
            const char            *title,
            int                    fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkCustomSorter *sorter;
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "lumina-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);

  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_resizable (view_column, column != RUN_COLUMN_SELECT);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);

  /* The sorter finds its column and page through its own data. */
  sorter = gtk_custom_sorter_new (NULL, NULL, NULL);
  g_object_set_data (G_OBJECT (sorter), "lumina-page", self);
  g_object_set_data (G_OBJECT (sorter), "lumina-column", GINT_TO_POINTER (column));
  gtk_custom_sorter_set_sort_func (sorter, compare_runs, sorter, NULL);
  gtk_column_view_column_set_sorter (view_column, GTK_SORTER (sorter));
  g_object_unref (sorter);

  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;   /* owns the reference */
}

static gboolean
match_words (const char *haystack,
             const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && strstr (haystack, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
match_run (gpointer item,
           gpointer user_data)
{
  LuminaExperimentsPage *self = user_data;
  LuminaRun *run = item;
  const char *parent = lumina_run_get_parent_id (run);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (!gtk_toggle_button_get_active (self->trials_button) && parent != NULL && parent[0] != '\0')
    return FALSE;

  if (text != NULL && text[0] != '\0' && !match_words (lumina_run_info_get (run)->haystack, text))
    return FALSE;

  return self->query == NULL || lumina_runs_query_match (self->query, run);
}

void
_lumina_experiments_page_setup_table (LuminaExperimentsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  add_column (self, RUN_COLUMN_SELECT, "", 40);
  add_column (self, RUN_COLUMN_RUN, _("Run"), -1);
  add_column (self, RUN_COLUMN_LEARNER, _("Learner"), 100);
  add_column (self, RUN_COLUMN_STATUS, _("Status"), 120);
  add_column (self, RUN_COLUMN_METRIC, _("Score"), 90);
  add_column (self, RUN_COLUMN_DURATION, _("Duration"), 100);
  add_column (self, RUN_COLUMN_STARTED, _("Started"), 130);
  add_column (self, RUN_COLUMN_DATASET, _("Dataset"), 120);

  self->filter = GTK_FILTER (gtk_custom_filter_new (match_run, self, NULL));
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->runs)),
                                              g_object_ref (self->filter));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  gtk_column_view_sort_by_column (self->column_view, self->columns[RUN_COLUMN_STARTED],
                                  GTK_SORT_DESCENDING);
}

/* After the selection changed other than by a click on a checkbox. */
void
_lumina_experiments_page_sync_checks (LuminaExperimentsPage *self)
{
  GHashTableIter iter;
  gpointer check;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (check), "lumina-list-item");
      LuminaRun *run = gtk_list_item_get_item (item);

      if (run != NULL)
        bind_select (self, check, run);
    }
}

void
_lumina_experiments_page_forget_checks (LuminaExperimentsPage *self)
{
  GHashTableIter iter;
  gpointer check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    g_object_weak_unref (check, check_finalized_cb, self);
  g_hash_table_remove_all (self->checks);
}

void
_lumina_experiments_page_refilter (LuminaExperimentsPage *self)
{
  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  gtk_stack_set_visible_child_name (self->runs_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0 ||
                                    g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0
                                    ? "runs" : "no-results");
}

/* Called once the page has been allocated at a new width class: 0 wide,
 * 1 medium, 2 narrow. */
void
_lumina_experiments_page_set_narrow_columns (LuminaExperimentsPage *self,
                                             guint                  narrow)
{
  /* The width class from which each column is left out. */
  static const guint dropped_from[N_RUN_COLUMNS] = {
    [RUN_COLUMN_SELECT] = 3, [RUN_COLUMN_RUN] = 3, [RUN_COLUMN_LEARNER] = 2, [RUN_COLUMN_STATUS] = 3,
    [RUN_COLUMN_METRIC] = 3, [RUN_COLUMN_DURATION] = 1, [RUN_COLUMN_STARTED] = 2, [RUN_COLUMN_DATASET] = 1,
  };
  GListModel *shown = gtk_column_view_get_columns (self->column_view);
  guint position = 0;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  /* Keep what identifies a run, its state and score on a phone.  Columns are
   * taken out rather than hidden: GTK 4.8 still counts the width of hidden
   * columns. */
  for (guint i = 0; i < N_RUN_COLUMNS; i++)
    {
      gboolean keep = narrow < dropped_from[i];
      gboolean present = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (shown) && !present; j++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (shown, j);

          present = column == self->columns[i];
        }

      if (present && !keep)
        gtk_column_view_remove_column (self->column_view, self->columns[i]);
      else if (!present && keep)
        gtk_column_view_insert_column (self->column_view, position, self->columns[i]);

      position += keep;
    }

  gtk_column_view_column_set_fixed_width (self->columns[RUN_COLUMN_STATUS], narrow > 1 ? 96 : 120);
  gtk_column_view_column_set_fixed_width (self->columns[RUN_COLUMN_METRIC], narrow > 1 ? 72 : 90);
}

GtkColumnViewColumn *
_lumina_experiments_page_find_column (LuminaExperimentsPage *self,
                                      const char            *id)
{
  for (guint i = 0; i < N_RUN_COLUMNS; i++)
    if (g_strcmp0 (column_ids[i], id) == 0)
      return self->columns[i];

  return NULL;
}
