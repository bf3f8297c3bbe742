/* lumina-automl-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The AutoML view: the running or finished search with its leaderboard and
 * charts, the recent searches to switch between, and the empty state.  The
 * live part is in lumina-automl-page-live.c, the drawing in -results.c,
 * the recent searches in -history.c and the leaderboard table in -table.c.
 */
#define G_LOG_DOMAIN "lumina-automl-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-page-private.h"
#include "lumina-compat.h"

#define NARROW_WIDTH 600

G_DEFINE_FINAL_TYPE (LuminaAutomlPage, lumina_automl_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_lumina_automl_page_notify_running (LuminaAutomlPage *self)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
lumina_automl_page_cancel_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  lumina_automl_page_cancel (LUMINA_AUTOML_PAGE (widget));
}

static void
lumina_automl_page_open_folder_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (widget);

  if (self->bundle_path != NULL)
    lumina_compat_open_folder (widget, self->bundle_path);
}

/* The one place that decides which AutoML view actions can run. */
void
_lumina_automl_page_actions_update (LuminaAutomlPage *self)
{
  gboolean shown_is_live;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  shown_is_live = _lumina_automl_page_shows_live (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "automl.cancel", self->running && shown_is_live);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->running && shown_is_live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "automl.open-folder",
                                 self->bundle_path != NULL &&
                                 g_file_test (self->bundle_path, G_FILE_TEST_IS_DIR));
}

/* ---- GtkWidget ---------------------------------------------------------- */

static void
lumina_automl_page_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static gboolean
lumina_automl_page_narrow_idle (gpointer user_data)
{
  LuminaAutomlPage *self = user_data;

  /* The page may have been disposed meanwhile. */
  if (self->leaderboard_view != NULL)
    _lumina_automl_page_set_narrow (self, self->narrow);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
lumina_automl_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);

  /* Changing columns here would re-enter layout; do it right after. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      g_idle_add (lumina_automl_page_narrow_idle, g_object_ref (self));
    }
}

static void
lumina_automl_page_dispose (GObject *object)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (object);
  GtkWidget *child;

  /* Closing the window stops the search; what it found is in the tracker. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->automl_signals != NULL)
    g_signal_group_set_target (self->automl_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_AUTOML_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->automl_signals);
  g_clear_object (&self->automl);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tracker);
  g_clear_object (&self->workspace);
  g_clear_object (&self->trials);
  g_clear_object (&self->runs);
  g_clear_pointer (&self->curve_series, g_hash_table_unref);
  g_clear_pointer (&self->shown_run_id, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->bundle_path, g_free);
  g_clear_pointer (&self->history, json_node_unref);

  G_OBJECT_CLASS (lumina_automl_page_parent_class)->dispose (object);
}

static void
lumina_automl_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_automl_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LuminaAutomlPage *self = LUMINA_AUTOML_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      lumina_automl_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_automl_page_class_init (LuminaAutomlPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_automl_page_dispose;
  object_class->get_property = lumina_automl_page_get_property;
  object_class->set_property = lumina_automl_page_set_property;

  widget_class->measure = lumina_automl_page_measure;
  widget_class->size_allocate = lumina_automl_page_size_allocate;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LUMINA_TYPE_CHART);

  gtk_widget_class_set_css_name (widget_class, "luminaautomlpage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-automl-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, runs_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, leaderboard_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, live_charts);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, score_chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, curves_chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, best_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, result_notes);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, bundle_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, result_charts);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, eval_chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, roc_chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaAutomlPage, importance_chart);

  gtk_widget_class_install_action (widget_class, "automl.cancel", NULL, lumina_automl_page_cancel_action);
  gtk_widget_class_install_action (widget_class, "automl.open-folder", NULL,
                                   lumina_automl_page_open_folder_action);
}

static void
run_label_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
run_label_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkListItemFactory *
run_label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (run_label_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (run_label_bind_cb), NULL);
  return factory;
}

static void
lumina_automl_page_init (LuminaAutomlPage *self)
{
  g_autoptr(GtkListItemFactory) button_factory = run_label_factory (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = run_label_factory (FALSE);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->trials = g_list_store_new (LUMINA_TYPE_AUTOML_TRIAL);
  self->runs = g_list_store_new (LUMINA_TYPE_RUN);
  self->curve_series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _lumina_automl_page_setup_table (self);

  _lumina_automl_page_setup_live (self);
  /* The chosen run's name shrinks to an ellipsis in a narrow window; the
   * list shows it whole. */
  gtk_drop_down_set_factory (self->runs_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->runs_dropdown, list_factory);
  g_signal_connect_object (self->runs_dropdown, "notify::selected",
                           G_CALLBACK (_lumina_automl_page_runs_selected_cb), self, G_CONNECT_SWAPPED);

  _lumina_automl_page_reset_charts (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  _lumina_automl_page_actions_update (self);
}

GtkWidget *
lumina_automl_page_new (void)
{
  return g_object_new (LUMINA_TYPE_AUTOML_PAGE, NULL);
}

LuminaWorkspace *
lumina_automl_page_get_workspace (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return self->workspace;
}

void
lumina_automl_page_set_workspace (LuminaAutomlPage *self,
                                  LuminaWorkspace  *workspace)
{
  g_return_if_fail (LUMINA_IS_AUTOML_PAGE (self));
  g_return_if_fail (!workspace || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_clear_object (&self->tracker);
  if (workspace != NULL)
    self->tracker = lumina_tracker_new (workspace);
  lumina_automl_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
lumina_automl_page_get_running (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), FALSE);

  return self->running;
}

/**
 * lumina_automl_page_get_automl:
 *
 * Returns: (transfer none) (nullable): the search started in this view
 */
LuminaAutoml *
lumina_automl_page_get_automl (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return self->automl;
}

/**
 * lumina_automl_page_get_error:
 *
 * Returns: (nullable): why the search on screen failed
 */
const char *
lumina_automl_page_get_error (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return self->error_message;
}

/**
 * lumina_automl_page_get_visible_page:
 *
 * Returns: "empty" or "run"
 */
const char *
lumina_automl_page_get_visible_page (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * lumina_automl_page_get_leaderboard:
 *
 * Returns: (transfer none): the trials of the search on screen, best first
 */
GListModel *
lumina_automl_page_get_leaderboard (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return G_LIST_MODEL (self->trials);
}

GtkColumnView *
lumina_automl_page_get_column_view (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return self->leaderboard_view;
}

gboolean
lumina_automl_page_get_result_visible (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), FALSE);

  return gtk_widget_get_visible (self->result_box);
}

/**
 * lumina_automl_page_get_recent_runs:
 *
 * Returns: (transfer none): the AutoML parent runs listed, newest first
 */
GListModel *
lumina_automl_page_get_recent_runs (LuminaAutomlPage *self)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  return G_LIST_MODEL (self->runs);
}

/**
 * lumina_automl_page_get_chart:
 * @name: "score", "curves", "eval", "roc" or "importance"
 *
 * Returns: (transfer none) (nullable): that chart
 */
LuminaChart *
lumina_automl_page_get_chart (LuminaAutomlPage *self,
                              const char       *name)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), NULL);

  if (g_strcmp0 (name, "score") == 0)
    return self->score_chart;
  if (g_strcmp0 (name, "curves") == 0)
    return self->curves_chart;
  if (g_strcmp0 (name, "eval") == 0)
    return self->eval_chart;
  if (g_strcmp0 (name, "roc") == 0)
    return self->roc_chart;
  if (g_strcmp0 (name, "importance") == 0)
    return self->importance_chart;

  return NULL;
}
