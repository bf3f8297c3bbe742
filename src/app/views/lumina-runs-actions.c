/* lumina-runs-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Experiments view's sidebar of experiments and its actions: opening a
 * run, comparing the checked runs, and going back to the table.
 */
#define G_LOG_DOMAIN "lumina-runs-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-experiments-page-private.h"
#include "lumina-run-format.h"

static GtkWidget *
create_experiment_row (const char *name,
                       const char *title,
                       const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *caption = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (caption), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, title);
  g_object_set_data_full (G_OBJECT (row), "lumina-experiment", g_strdup (name), g_free);

  return row;
}

static char *
describe_experiment (JsonObject *experiment)
{
  gint64 n_runs = json_object_get_int_member_with_default (experiment, "n_runs", 0);
  const char *last = json_object_get_string_member_with_default (experiment, "last_run_at", NULL);
  g_autofree char *count = NULL;
  g_autofree char *when = NULL;

  /* Translators: how many runs an experiment has */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " run",
                                        "%" G_GINT64_FORMAT " runs", (gulong) n_runs), n_runs);
  if (last == NULL)
    return g_steal_pointer (&count);

  when = lumina_data_format_relative (last);
  /* Translators: an experiment's run count and when its last run started, such as “31 runs · 2 hours ago” */
  return g_strdup_printf (_("%s · %s"), count, when);
}

static void
select_current_row (LuminaExperimentsPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->experiment_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = g_object_get_data (G_OBJECT (child), "lumina-experiment");

      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (name, self->experiment ? self->experiment : "") == 0)
        {
          gtk_list_box_select_row (self->experiment_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/* @experiments: (nullable): the tracker's list, or %NULL to only update the
 * selected row */
void
_lumina_experiments_page_fill_sidebar (LuminaExperimentsPage *self,
                                       JsonNode              *experiments)
{
  JsonArray *array;
  GtkWidget *child;
  guint n_runs = 0;
  g_autofree char *all_subtitle = NULL;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  self->filling_sidebar = TRUE;
  if (experiments != NULL && JSON_NODE_HOLDS_ARRAY (experiments))
    {
      array = json_node_get_array (experiments);
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->experiment_list))) != NULL)
        gtk_list_box_remove (self->experiment_list, child);
      g_list_store_remove_all (self->experiments);

      for (guint i = 0; i < json_array_get_length (array); i++)
        n_runs += json_object_get_int_member_with_default (json_array_get_object_element (array, i), "n_runs", 0);

      all_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n_runs), n_runs);
      gtk_list_box_append (self->experiment_list, create_experiment_row ("", _("All Runs"), all_subtitle));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *experiment = json_array_get_object_element (array, i);
          const char *name = json_object_get_string_member_with_default (experiment, "name", "");
          g_autofree char *subtitle = describe_experiment (experiment);
          g_autoptr(GtkStringObject) item = gtk_string_object_new (name);

          g_list_store_append (self->experiments, item);
          gtk_list_box_append (self->experiment_list, create_experiment_row (name, name, subtitle));
        }
    }

  if (gtk_list_box_get_selection_mode (self->experiment_list) != GTK_SELECTION_NONE)
    select_current_row (self);
  self->filling_sidebar = FALSE;
}

static void
lumina_experiments_page_compare_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  lumina_experiments_page_compare_selected (LUMINA_EXPERIMENTS_PAGE (widget));
}

static void
lumina_experiments_page_back_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  lumina_experiments_page_show_list (LUMINA_EXPERIMENTS_PAGE (widget));
}

static void
lumina_experiments_page_show_experiments_action (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *param)
{
  LuminaExperimentsPage *self = LUMINA_EXPERIMENTS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "experiments");
}

static void
lumina_experiments_page_open_run_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  lumina_experiments_page_open_run (LUMINA_EXPERIMENTS_PAGE (widget), g_variant_get_string (param, NULL));
}

void
_lumina_experiments_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "experiments.compare", NULL,
                                   lumina_experiments_page_compare_action);
  gtk_widget_class_install_action (widget_class, "experiments.back", NULL,
                                   lumina_experiments_page_back_action);
  gtk_widget_class_install_action (widget_class, "experiments.show-experiments", NULL,
                                   lumina_experiments_page_show_experiments_action);
  gtk_widget_class_install_action (widget_class, "experiments.open-run", "s",
                                   lumina_experiments_page_open_run_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "experiments.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "experiments.compare", NULL);
}

/* The one place that decides which Experiments actions can run. */
void
_lumina_experiments_page_actions_update (LuminaExperimentsPage *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  guint n = g_hash_table_size (self->selected);
  gboolean can_compare = n >= 2 && n <= LUMINA_EXPERIMENTS_MAX_COMPARE;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;

  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiments.compare", can_compare);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiments.back",
                                 g_strcmp0 (visible, "run") == 0 || g_strcmp0 (visible, "compare") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiments.show-experiments",
                                 adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "experiments.open-run", self->tracker != NULL);

  if (n > LUMINA_EXPERIMENTS_MAX_COMPARE)
    /* Translators: a tooltip; the first number is the most runs a comparison takes */
    tooltip = g_strdup_printf (_("Up to %u runs can be compared at once; %u are selected"),
                               LUMINA_EXPERIMENTS_MAX_COMPARE, n);
  else if (n < 2)
    tooltip = g_strdup (_("Check two or more runs to compare them"));
  else
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Compare the %u Selected Run",
                                            "Compare the %u Selected Runs", n), n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button), tooltip);

  /* Translators: the compare button with the number of checked runs */
  label = n > 0 ? g_strdup_printf (_("_Compare (%u)"), n) : g_strdup (_("_Compare"));
  gtk_button_set_label (self->compare_button, label);
}

void
_lumina_experiments_page_selection_changed (LuminaExperimentsPage *self)
{
  g_assert (LUMINA_IS_EXPERIMENTS_PAGE (self));

  _lumina_experiments_page_actions_update (self);
}

/**
 * lumina_experiments_page_open_run:
 * @run_id: a run id
 *
 * Shows the page of one run, as activating it in the table does.
 *
 * Returns: %FALSE when there is no such run; a toast says why
 */
gboolean
lumina_experiments_page_open_run (LuminaExperimentsPage *self,
                                  const char            *run_id)
{
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  if (self->tracker == NULL)
    return FALSE;

  if (!(run = lumina_tracker_get_run (self->tracker, run_id, &error)))
    {
      _lumina_experiments_page_toast (self, error->message);
      return FALSE;
    }

  lumina_run_page_set_run (self->run_page, self->tracker, run);
  gtk_stack_set_visible_child_name (self->stack, "run");
  _lumina_experiments_page_actions_update (self);

  return TRUE;
}

static int
compare_started (gconstpointer a,
                 gconstpointer b)
{
  LuminaRun *ra = *(LuminaRun * const *) a;
  LuminaRun *rb = *(LuminaRun * const *) b;

  return g_strcmp0 (lumina_run_get_started_at (ra), lumina_run_get_started_at (rb)) ?:
         g_strcmp0 (lumina_run_get_id (ra), lumina_run_get_id (rb));
}

/**
 * lumina_experiments_page_compare_selected:
 *
 * Shows the checked runs side by side, oldest first.
 *
 * Returns: %FALSE unless 2 to %LUMINA_EXPERIMENTS_MAX_COMPARE runs are checked
 */
gboolean
lumina_experiments_page_compare_selected (LuminaExperimentsPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n;

  g_return_val_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self), FALSE);

  n = g_hash_table_size (self->selected);
  if (self->tracker == NULL || n < 2 || n > LUMINA_EXPERIMENTS_MAX_COMPARE)
    return FALSE;

  runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (runs, g_object_ref (value));
  g_ptr_array_sort (runs, compare_started);

  lumina_compare_page_set_runs (self->compare_page, self->tracker, runs);
  gtk_stack_set_visible_child_name (self->stack, "compare");
  _lumina_experiments_page_actions_update (self);

  return TRUE;
}

void
lumina_experiments_page_show_list (LuminaExperimentsPage *self)
{
  g_return_if_fail (LUMINA_IS_EXPERIMENTS_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->experiments)) == 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  _lumina_experiments_page_actions_update (self);
}
