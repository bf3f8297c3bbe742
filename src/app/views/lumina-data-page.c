/* lumina-data-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data view: the workspace's datasets in a sortable table, importing
 * (from a file chooser or a file dropped on the view), and the page of one
 * dataset.  It follows the audit log, so versions written by this window,
 * another window or the lumina command line appear as they are made.
 */
#define G_LOG_DOMAIN "lumina-data-page"

#include "config.h"

#include "lumina-data-page-private.h"

#define POLL_INTERVAL_SECONDS 2
#define NARROW_WIDTH          560

G_DEFINE_FINAL_TYPE (LuminaDataPage, lumina_data_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lumina_data_page_search_changed_cb (LuminaDataPage *self)
{
  g_assert (LUMINA_IS_DATA_PAGE (self));

  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
lumina_data_page_activate_cb (LuminaDataPage *self,
                              guint           position,
                              GtkColumnView  *view)
{
  g_autoptr(LuminaDatasetVersion) version = NULL;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  version = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);
  if (version != NULL)
    lumina_data_page_open_dataset (self, lumina_dataset_version_get_name (version), 0);
}

static void
lumina_data_page_update_stack (LuminaDataPage *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->datasets)) == 0;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  if (g_strcmp0 (visible, "dataset") != 0 || empty)
    gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");

  _lumina_data_page_actions_update (self);
}

void
_lumina_data_page_toast (LuminaDataPage *self,
                         const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
lumina_data_page_reload_idle (gpointer user_data)
{
  LuminaDataPage *self = user_data;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  self->reload_idle = 0;
  lumina_data_page_reload (self);

  return G_SOURCE_REMOVE;
}

static void
lumina_data_page_event_appended_cb (LuminaDataPage *self,
                                    LuminaEvent    *event,
                                    LuminaEventLog *log)
{
  g_assert (LUMINA_IS_DATA_PAGE (self));
  g_assert (LUMINA_IS_EVENT (event));

  /* New versions and contract changes; one reload for a burst of them. */
  if (g_str_has_prefix (lumina_event_get_kind (event), "dataset.") && self->reload_idle == 0)
    self->reload_idle = g_idle_add (lumina_data_page_reload_idle, self);
}

static gboolean
lumina_data_page_poll_cb (gpointer user_data)
{
  LuminaDataPage *self = user_data;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  /* Picks up what other processes wrote; their events come back through
   * the log's event-appended signal. */
  if (self->workspace != NULL)
    lumina_event_log_poll (lumina_workspace_get_events (self->workspace));

  return G_SOURCE_CONTINUE;
}

static gboolean
lumina_data_page_narrow_idle (gpointer user_data)
{
  LuminaDataPage *self = user_data;

  g_assert (LUMINA_IS_DATA_PAGE (self));

  self->narrow_idle = 0;
  _lumina_data_page_set_narrow_columns (self, self->narrow);

  return G_SOURCE_REMOVE;
}

static void
lumina_data_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
lumina_data_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);

  /* Changing columns here would re-enter layout; do it right after. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add (lumina_data_page_narrow_idle, self);
    }
}

static void
lumina_data_page_map (GtkWidget *widget)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_data_page_parent_class)->map (widget);

  lumina_data_page_poll_cb (self);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, lumina_data_page_poll_cb, self);
}

static void
lumina_data_page_unmap (GtkWidget *widget)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_data_page_parent_class)->unmap (widget);
}

static void
lumina_data_page_dispose (GObject *object)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (object);
  GtkWidget *child;

  /* Stops the file chooser and any import this window started. */
  g_cancellable_cancel (self->cancellable);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);

  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_DATA_PAGE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->log_signals);
  g_clear_object (&self->filter);
  g_clear_object (&self->datasets);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lumina_data_page_parent_class)->dispose (object);
}

static void
lumina_data_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, lumina_data_page_get_workspace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_data_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LuminaDataPage *self = LUMINA_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      lumina_data_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_data_page_class_init (LuminaDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_data_page_dispose;
  object_class->get_property = lumina_data_page_get_property;
  object_class->set_property = lumina_data_page_set_property;

  widget_class->measure = lumina_data_page_measure;
  widget_class->size_allocate = lumina_data_page_size_allocate;
  widget_class->map = lumina_data_page_map;
  widget_class->unmap = lumina_data_page_unmap;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LUMINA_TYPE_DATASET_PAGE);

  gtk_widget_class_set_css_name (widget_class, "luminadatapage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaDataPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LuminaDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaDataPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaDataPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LuminaDataPage, dataset_page);
  gtk_widget_class_bind_template_callback (widget_class, lumina_data_page_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_data_page_activate_cb);

  _lumina_data_page_class_actions_init (widget_class);
}

static void
lumina_data_page_init (LuminaDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->datasets = g_list_store_new (LUMINA_TYPE_DATASET_VERSION);
  _lumina_data_page_setup_table (self);

  self->log_signals = g_signal_group_new (LUMINA_TYPE_EVENT_LOG);
  g_signal_group_connect_object (self->log_signals, "event-appended",
                                 G_CALLBACK (lumina_data_page_event_appended_cb),
                                 self, G_CONNECT_SWAPPED);

  _lumina_data_page_add_drop_target (self);

  lumina_data_page_update_stack (self);
}

GtkWidget *
lumina_data_page_new (void)
{
  return g_object_new (LUMINA_TYPE_DATA_PAGE, NULL);
}

LuminaWorkspace *
lumina_data_page_get_workspace (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return self->workspace;
}

void
lumina_data_page_set_workspace (LuminaDataPage  *self,
                                LuminaWorkspace *workspace)
{
  g_return_if_fail (LUMINA_IS_DATA_PAGE (self));
  g_return_if_fail (!workspace || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_clear_object (&self->store);
  if (workspace != NULL)
    self->store = lumina_dataset_store_new (workspace);

  lumina_dataset_page_set_store (self->dataset_page, self->store);
  g_signal_group_set_target (self->log_signals,
                             workspace ? lumina_workspace_get_events (workspace) : NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  lumina_data_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * lumina_data_page_get_store:
 *
 * Returns: (transfer none) (nullable): the workspace's datasets
 */
LuminaDatasetStore *
lumina_data_page_get_store (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return self->store;
}

/**
 * lumina_data_page_get_datasets:
 *
 * Returns: (transfer none): the latest version of every dataset, by name
 */
GListModel *
lumina_data_page_get_datasets (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return G_LIST_MODEL (self->datasets);
}

GtkColumnView *
lumina_data_page_get_column_view (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return self->column_view;
}

LuminaDatasetPage *
lumina_data_page_get_dataset_page (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return self->dataset_page;
}

/**
 * lumina_data_page_get_visible_page:
 *
 * Returns: "empty", "list" or "dataset"
 */
const char *
lumina_data_page_get_visible_page (LuminaDataPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * lumina_data_page_reload:
 *
 * Lists the datasets again, and the open dataset's versions.
 */
void
lumina_data_page_reload (LuminaDataPage *self)
{
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LUMINA_IS_DATA_PAGE (self));

  g_clear_handle_id (&self->reload_idle, g_source_remove);

  if (self->store == NULL)
    {
      g_list_store_remove_all (self->datasets);
    }
  else if ((datasets = lumina_dataset_store_list (self->store, &error)) != NULL)
    {
      g_list_store_splice (self->datasets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->datasets)),
                           datasets->pdata, datasets->len);
    }
  else
    {
      _lumina_data_page_toast (self, error->message);
    }

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dataset") == 0)
    lumina_dataset_page_reload (self->dataset_page);

  lumina_data_page_update_stack (self);
}

/**
 * lumina_data_page_open_dataset:
 * @name: a dataset name
 * @number: the version to show, or 0 for the latest
 *
 * Returns: %FALSE when the dataset cannot be shown; a toast says why
 */
gboolean
lumina_data_page_open_dataset (LuminaDataPage *self,
                               const char     *name,
                               int             number)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LUMINA_IS_DATA_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->store == NULL)
    return FALSE;

  if (!lumina_dataset_page_show_dataset (self->dataset_page, name, number, &error))
    {
      _lumina_data_page_toast (self, error->message);
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->stack, "dataset");
  _lumina_data_page_actions_update (self);

  return TRUE;
}

void
lumina_data_page_show_list (LuminaDataPage *self)
{
  g_return_if_fail (LUMINA_IS_DATA_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  lumina_data_page_update_stack (self);
}
