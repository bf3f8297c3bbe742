/* lumina-runs-filter.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Experiments view's table shows: search words, the filter query,
 * trial runs, the sort order, and the runs checked for comparison.
 */
#define G_LOG_DOMAIN "lumina-runs-filter"

#include "config.h"

#include "lumina-experiments-page-private.h"

void
lumina_experiments_page_set_search_text (LuminaExperimentsPage *self,
                                         const char            *text)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* The entry reports the change after a delay; apply it now. */
  _lumina_experiments_page_refilter (self);
}

/* Parses @text and, when it parses, filters the table by it. */
gboolean
_lumina_experiments_page_apply_filter (LuminaExperimentsPage *self,
                                       const char            *text)
{
  g_autoptr(GError) error = NULL;
  LuminaRunsQuery *query;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  if (!(query = lumina_runs_query_parse (text, &error)))
    {
      gtk_label_set_text (self->filter_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
  g_clear_pointer (&self->query, lumina_runs_query_free);
  if (lumina_runs_query_get_n_clauses (query) > 0)
    self->query = query;
  else
    lumina_runs_query_free (query);

  if (self->query != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");

  _lumina_experiments_page_refilter (self);

  return TRUE;
}

/**
 * lumina_experiments_page_set_filter_text:
 * @text: a filter such as "param.max_depth>5 status=finished"
 *
 * Returns: %FALSE when @text does not parse; the error is shown under the
 *   entry and the table keeps the last valid filter
 */
gboolean
lumina_experiments_page_set_filter_text (LuminaExperimentsPage *self,
                                         const char            *text)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), FALSE);

  text = text ? text : "";
  if (text[0] != '\0')
    gtk_toggle_button_set_active (self->filter_button, TRUE);

  /* Setting the text reports a change per edit (the old text removed, the
   * new inserted); only the end result counts. */
  self->setting_filter = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text);
  self->setting_filter = FALSE;

  return _lumina_experiments_page_apply_filter (self, text);
}

/**
 * lumina_experiments_page_get_filter_error:
 *
 * Returns: (nullable): why the filter as typed does not parse
 */
const char *
lumina_experiments_page_get_filter_error (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->filter_error_label)))
    return NULL;

  return gtk_label_get_text (self->filter_error_label);
}

void
lumina_experiments_page_set_show_trials (LuminaExperimentsPage *self,
                                         gboolean               show_trials)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  gtk_toggle_button_set_active (self->trials_button, show_trials);
}

/**
 * lumina_experiments_page_sort_by:
 * @column: "select", "run", "learner", "status", "metric", "duration",
 *   "started" or "dataset"
 */
void
lumina_experiments_page_sort_by (LuminaExperimentsPage *self,
                                 const char            *column,
                                 GtkSortType            direction)
{
  GtkColumnViewColumn *view_column;

  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  view_column = _lumina_experiments_page_find_column (self, column);
  g_return_if_fail (view_column != NULL);

  gtk_column_view_sort_by_column (self->column_view, view_column, direction);
}

void
_lumina_experiments_page_toggle_run (LuminaExperimentsPage *self,
                                     LuminaRun             *run,
                                     gboolean               selected)
{
  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  if (selected)
    g_hash_table_insert (self->selected, (gpointer) lumina_run_get_id (run), g_object_ref (run));
  else
    g_hash_table_remove (self->selected, lumina_run_get_id (run));

  _lumina_experiments_page_selection_changed (self);
}

/**
 * lumina_experiments_page_set_run_selected:
 * @run_id: a loaded run's id
 *
 * Checks or unchecks a run, as its checkbox does.
 */
void
lumina_experiments_page_set_run_selected (LuminaExperimentsPage *self,
                                          const char            *run_id,
                                          gboolean               selected)
{
  guint n_runs;

  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));
  g_return_if_fail (run_id != NULL);

  n_runs = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(LuminaRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (g_strcmp0 (lumina_run_get_id (run), run_id) == 0)
        {
          _lumina_experiments_page_toggle_run (self, run, selected);
          _lumina_experiments_page_sync_checks (self);
          return;
        }
    }
}

guint
lumina_experiments_page_get_n_selected (LuminaExperimentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), 0);

  return g_hash_table_size (self->selected);
}

void
lumina_experiments_page_clear_selection (LuminaExperimentsPage *self)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  g_hash_table_remove_all (self->selected);
  _lumina_experiments_page_selection_changed (self);
  _lumina_experiments_page_sync_checks (self);
}
