/* lumina-automl-page-table.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The AutoML leaderboard: one row per trial, best first, with its rank,
 * learner, the parameters it tried, its cross-validated score, fit time and
 * a status icon.  Narrow windows keep only rank, learner, score and status.
 */
#define G_LOG_DOMAIN "lumina-automl-page-table"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-automl-page-private.h"

typedef enum {
  COLUMN_RANK,
  COLUMN_LEARNER,
  COLUMN_PARAMS,
  COLUMN_SCORE,
  COLUMN_FIT_TIME,
  COLUMN_PREDICT_TIME,
  COLUMN_STATUS,
  N_COLUMNS
} LeaderboardColumn;

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LeaderboardColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = column == COLUMN_SCORE || column == COLUMN_FIT_TIME ||
                     column == COLUMN_PREDICT_TIME || column == COLUMN_RANK;

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_PARAMS)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static char *
format_fit_time (double seconds)
{
  if (!isfinite (seconds))
    return g_strdup ("—");
  if (seconds < 1.0)
    /* Translators: a fit time in milliseconds */
    return g_strdup_printf (_("%.0f ms"), seconds * 1000.0);
  if (seconds < 60.0)
    /* Translators: a fit time in seconds */
    return g_strdup_printf (_("%.1f s"), seconds);

  /* Translators: a fit time in minutes and seconds */
  return g_strdup_printf (_("%u min %02u s"), (guint) seconds / 60, (guint) seconds % 60);
}

/* One row's prediction time: what serving the model costs per request. */
static char *
format_predict_time (double us)
{
  if (!isfinite (us))
    return g_strdup ("—");
  if (us < 10)
    /* Translators: a prediction time per row in microseconds */
    return g_strdup_printf (_("%.2f µs"), us);
  if (us < 1000)
    /* Translators: a prediction time per row in microseconds */
    return g_strdup_printf (_("%.0f µs"), us);

  /* Translators: a prediction time per row in milliseconds */
  return g_strdup_printf (_("%.1f ms"), us / 1000);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  LeaderboardColumn column = GPOINTER_TO_UINT (user_data);
  LuminaAutomlTrial *trial = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_RANK:
      text = g_strdup_printf ("%u", lumina_automl_trial_get_rank (trial));
      break;

    case COLUMN_LEARNER:
      text = g_strdup (lumina_automl_trial_get_learner_label (trial));
      break;

    case COLUMN_PARAMS:
      text = lumina_automl_trial_dup_params_summary (trial);
      break;

    case COLUMN_SCORE:
      text = lumina_automl_trial_dup_score_text (trial);
      break;

    case COLUMN_FIT_TIME:
      text = format_fit_time (lumina_automl_trial_get_fit_seconds (trial));
      break;

    case COLUMN_PREDICT_TIME:
      text = format_predict_time (lumina_automl_trial_get_predict_us (trial));
      break;

    case COLUMN_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               column == COLUMN_PARAMS ? text
                               : column == COLUMN_PREDICT_TIME ? _("Time to predict one row, measured on the validation rows")
                               : NULL);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_set_halign (image, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (item, image);
}

static const char *
status_text (const char *status)
{
  if (g_strcmp0 (status, "finished") == 0)
    return _("Finished");
  if (g_strcmp0 (status, "pruned") == 0)
    return _("Pruned: stopped early as not promising");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Failed");
  if (g_strcmp0 (status, "skipped") == 0)
    return _("Skipped");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("Stopped");

  return status;
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LuminaAutomlTrial *trial = gtk_list_item_get_item (item);
  GtkWidget *image = gtk_list_item_get_child (item);
  const char *status = lumina_automl_trial_get_status (trial);
  const char *error = lumina_automl_trial_get_error (trial);
  g_autofree char *tooltip = NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (image), lumina_automl_trial_get_status_icon (trial));
  if (error != NULL)
    tooltip = g_strdup_printf ("%s: %s", status_text (status), error);
  else
    tooltip = g_strdup (status_text (status));
  gtk_widget_set_tooltip_text (image, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);

  gtk_widget_remove_css_class (image, "success");
  gtk_widget_remove_css_class (image, "error");
  gtk_widget_remove_css_class (image, "dim-label");
  if (g_strcmp0 (status, "finished") == 0)
    gtk_widget_add_css_class (image, "success");
  else if (g_strcmp0 (status, "failed") == 0)
    gtk_widget_add_css_class (image, "error");
  else
    gtk_widget_add_css_class (image, "dim-label");
}

static GtkColumnViewColumn *
add_column (LuminaAutomlPage  *self,
            LeaderboardColumn  column,
            const char        *title,
            gboolean           expand,
            int                fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  if (column == COLUMN_STATUS)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_status_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_status_cb), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GUINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GUINT_TO_POINTER (column));
    }

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, column == COLUMN_PARAMS);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->leaderboard_view, view_column);
  g_object_set_data (G_OBJECT (view_column), "lumina-column", GUINT_TO_POINTER (column));
  g_object_unref (view_column);

  return view_column;
}

void
_lumina_automl_page_setup_table (LuminaAutomlPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->trials)));
  gtk_column_view_set_model (self->leaderboard_view, GTK_SELECTION_MODEL (selection));

  /* Translators: the rank column of the leaderboard */
  add_column (self, COLUMN_RANK, _("#"), FALSE, 48);
  add_column (self, COLUMN_LEARNER, _("Learner"), FALSE, -1);
  add_column (self, COLUMN_PARAMS, _("Parameters"), TRUE, -1);
  add_column (self, COLUMN_SCORE, _("Score"), FALSE, -1);
  add_column (self, COLUMN_FIT_TIME, _("Fit Time"), FALSE, -1);
  /* Translators: the leaderboard column with each model's time to predict one row */
  add_column (self, COLUMN_PREDICT_TIME, _("Predict Time"), FALSE, -1);
  /* Translators: the status column of the leaderboard; keep it short */
  add_column (self, COLUMN_STATUS, _("Status"), FALSE, -1);
}

void
_lumina_automl_page_set_narrow (LuminaAutomlPage *self,
                                gboolean          narrow)
{
  GListModel *columns;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  columns = gtk_column_view_get_columns (self->leaderboard_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      LeaderboardColumn kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), "lumina-column"));

      if (kind == COLUMN_PARAMS || kind == COLUMN_FIT_TIME || kind == COLUMN_PREDICT_TIME)
        gtk_column_view_column_set_visible (column, !narrow);
      /* Without the parameters, the learner takes the spare width. */
      if (kind == COLUMN_LEARNER)
        gtk_column_view_column_set_expand (column, narrow);
    }
}
