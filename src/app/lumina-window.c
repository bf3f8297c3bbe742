/* lumina-window.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-page.h"
#include "lumina-automl-page.h"
#include "lumina-deployments-page.h"
#include "lumina-experiments-page.h"
#include "lumina-models-page.h"
#include "lumina-monitoring-page.h"
#include "lumina-window-private.h"

#define FOLLOW_INTERVAL_MS  2000
#define SHUTDOWN_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (LuminaWindow, lumina_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_SHOW_CHAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
lumina_window_create_sidebar_row (GtkStackPage *page)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  g_assert (GTK_IS_STACK_PAGE (page));

  image = gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page));
  label = gtk_label_new (gtk_stack_page_get_title (page));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "lumina-view",
                          g_strdup (gtk_stack_page_get_name (page)), g_free);

  return row;
}

static void
lumina_window_populate_sidebar (LuminaWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->stack);
  guint n_pages = g_list_model_get_n_items (G_LIST_MODEL (pages));

  g_assert (LUMINA_IS_WINDOW (self));

  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_list_box_append (self->sidebar_list,
                           lumina_window_create_sidebar_row (GTK_STACK_PAGE (page)));
    }
}

static void
lumina_window_select_sidebar_row (LuminaWindow *self,
                                  const char   *name)
{
  g_assert (LUMINA_IS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "lumina-view"), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

static void
lumina_window_update_view (LuminaWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  g_assert (LUMINA_IS_WINDOW (self));

  if (name == NULL || child == NULL)
    return;

  adw_window_title_set_title (self->view_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  lumina_window_select_sidebar_row (self, name);
  g_settings_set_string (self->settings, "last-view", name);

  _lumina_window_actions_update (self);
}

static void
lumina_window_stack_visible_child_cb (LuminaWindow *self,
                                      GParamSpec   *pspec,
                                      GtkStack     *stack)
{
  g_assert (LUMINA_IS_WINDOW (self));

  /* The stack reports its first page while the template is still being built. */
  if (self->settings == NULL)
    return;

  lumina_window_update_view (self);
}

static void
lumina_window_sidebar_row_activated_cb (LuminaWindow  *self,
                                        GtkListBoxRow *row,
                                        GtkListBox    *list)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lumina-view");

  g_assert (LUMINA_IS_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-view", "s", name);
}

static void
lumina_window_leaflet_folded_cb (LuminaWindow *self,
                                 GParamSpec   *pspec,
                                 AdwLeaflet   *leaflet)
{
  g_assert (LUMINA_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  /* Folded, the sidebar list is a page of its own: a selected row there would
   * look like a checked item rather than a place to go. */
  gtk_list_box_set_selection_mode (self->sidebar_list,
                                   adw_leaflet_get_folded (leaflet) ? GTK_SELECTION_NONE
                                                                    : GTK_SELECTION_SINGLE);
  if (!adw_leaflet_get_folded (leaflet))
    lumina_window_select_sidebar_row (self, gtk_stack_get_visible_child_name (self->stack));

  _lumina_window_actions_update (self);
}

static void
lumina_window_chat_flap_folded_cb (LuminaWindow *self,
                                   GParamSpec   *pspec,
                                   AdwFlap      *flap)
{
  g_assert (LUMINA_IS_WINDOW (self));

  /* On a narrow window the assistant would cover the view; let the user bring
   * it back over the content with F9 instead. */
  if (adw_flap_get_folded (flap))
    lumina_window_set_show_chat (self, FALSE);
}

static void
lumina_window_restore_state (LuminaWindow *self)
{
  g_autofree char *last_view = NULL;

  g_assert (LUMINA_IS_WINDOW (self));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "show-chat", self, "show-chat", G_SETTINGS_BIND_DEFAULT);

  last_view = g_settings_get_string (self->settings, "last-view");
  if (!lumina_window_show_view (self, last_view))
    lumina_window_show_view (self, "overview");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
lumina_window_save_state (LuminaWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width = 0;
  int height = 0;

  g_assert (LUMINA_IS_WINDOW (self));

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 294, 32767));
    }
  g_settings_apply (self->settings);
}

static gboolean
lumina_window_close_request (GtkWindow *window)
{
  lumina_window_save_state (LUMINA_WINDOW (window));

  return GTK_WINDOW_CLASS (lumina_window_parent_class)->close_request (window);
}

/* One registry per window, shared with the Models view so that its alias
 * moves reach the deployments at once; one deployment manager, which
 * serves again what was running when the app last closed and follows
 * what the CLI asks for. */
static void
lumina_window_setup_deployments (LuminaWindow *self)
{
  LuminaRegistry *registry;

  g_assert (LUMINA_IS_WINDOW (self));

  if (self->workspace == NULL)
    return;

  registry = lumina_models_page_get_registry (LUMINA_MODELS_PAGE (gtk_stack_get_child_by_name (self->stack, "models")));
  self->registry = registry != NULL ? g_object_ref (registry) : lumina_registry_new (self->workspace);
  self->deployments = lumina_deployment_manager_new (self->workspace, self->registry);
  lumina_deployment_manager_restore (self->deployments);
  lumina_deployment_manager_set_follow (self->deployments, FOLLOW_INTERVAL_MS);
  lumina_deployments_page_set_manager (LUMINA_DEPLOYMENTS_PAGE (gtk_stack_get_child_by_name (self->stack, "deployments")),
                                       self->deployments);
  lumina_overview_page_set_deployments (self->overview_page, self->deployments);
}

/* The workspace's metric store, fed every second by the collectors (host,
 * this process, GPUs) and by this window's model servers. A store that
 * cannot open leaves the monitoring views saying why, not the window. */
static void
lumina_window_setup_monitor (LuminaWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_WINDOW (self));

  if (self->workspace == NULL)
    return;

  self->monitor = lumina_monitor_new (self->workspace, &error);
  if (self->monitor == NULL)
    {
      g_warning ("Metrics are not collected: %s", error->message);
      return;
    }
  lumina_monitor_set_deployments (self->monitor, self->deployments);
  if (!lumina_monitor_start (self->monitor, 0, &error))
    g_warning ("Metrics are not collected: %s", error->message);
  lumina_overview_page_set_monitor (self->overview_page, self->monitor);
}

/* The Monitoring view charts this window's monitor; without one it says
 * that nothing is collected. */
static void
lumina_window_setup_monitoring (LuminaWindow *self)
{
  LuminaMonitoringPage *page = LUMINA_MONITORING_PAGE (gtk_stack_get_child_by_name (self->stack, "monitoring"));

  g_assert (LUMINA_IS_WINDOW (self));

  lumina_monitoring_page_set_workspace (page, self->workspace);
  lumina_monitoring_page_set_monitor (page, self->monitor);
}

static void
lumina_window_deployments_shut_down_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;

  lumina_deployment_manager_shutdown_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, NULL);
  if (app != NULL)
    g_application_release (app);
  g_object_unref (object);
}

/* Drains the servers without blocking: the manager (and the application)
 * stay alive until the requests in flight are answered. */
static void
lumina_window_shut_down_deployments (LuminaWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_assert (LUMINA_IS_WINDOW (self));

  if (self->deployments == NULL)
    return;

  lumina_deployment_manager_set_follow (self->deployments, 0);
  if (app != NULL)
    g_application_hold (G_APPLICATION (app));
  lumina_deployment_manager_shutdown_async (self->deployments, SHUTDOWN_TIMEOUT_MS,
                                            lumina_window_deployments_shut_down_cb,
                                            app != NULL ? g_object_ref (app) : NULL);
  /* The callback owns the manager now. */
  self->deployments = NULL;
}

static void
lumina_window_constructed (GObject *object)
{
  LuminaWindow *self = LUMINA_WINDOW (object);

  G_OBJECT_CLASS (lumina_window_parent_class)->constructed (object);

  lumina_overview_page_set_workspace (self->overview_page, self->workspace);
  lumina_data_page_set_workspace (LUMINA_DATA_PAGE (gtk_stack_get_child_by_name (self->stack, "data")),
                                  self->workspace);
  lumina_experiments_page_set_workspace (LUMINA_EXPERIMENTS_PAGE (gtk_stack_get_child_by_name (self->stack, "experiments")),
                                         self->workspace);
  lumina_automl_page_set_workspace (LUMINA_AUTOML_PAGE (gtk_stack_get_child_by_name (self->stack, "automl")),
                                    self->workspace);
  lumina_models_page_set_workspace (LUMINA_MODELS_PAGE (gtk_stack_get_child_by_name (self->stack, "models")),
                                    self->workspace);
  lumina_window_setup_deployments (self);
  lumina_window_setup_monitor (self);
  lumina_window_setup_monitoring (self);
  lumina_window_restore_state (self);
  lumina_window_update_view (self);
}

static void
lumina_window_dispose (GObject *object)
{
  LuminaWindow *self = LUMINA_WINDOW (object);

  if (self->settings != NULL)
    g_settings_unbind (self, "show-chat");

  if (self->monitor != NULL)
    lumina_monitor_stop (self->monitor);
  lumina_window_shut_down_deployments (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->registry);
  g_clear_object (&self->monitor);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (lumina_window_parent_class)->dispose (object);
}

static void
lumina_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LuminaWindow *self = LUMINA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, lumina_window_get_workspace (self));
      break;

    case PROP_SHOW_CHAT:
      g_value_set_boolean (value, lumina_window_get_show_chat (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LuminaWindow *self = LUMINA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_SHOW_CHAT:
      lumina_window_set_show_chat (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_window_class_init (LuminaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lumina_window_constructed;
  object_class->dispose = lumina_window_dispose;
  object_class->get_property = lumina_window_get_property;
  object_class->set_property = lumina_window_set_property;

  window_class->close_request = lumina_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_CHAT] =
    g_param_spec_boolean ("show-chat", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LUMINA_TYPE_AUTOML_PAGE);
  g_type_ensure (LUMINA_TYPE_CHAT_SIDEBAR);
  g_type_ensure (LUMINA_TYPE_DATA_PAGE);
  g_type_ensure (LUMINA_TYPE_DEPLOYMENTS_PAGE);
  g_type_ensure (LUMINA_TYPE_EXPERIMENTS_PAGE);
  g_type_ensure (LUMINA_TYPE_MODELS_PAGE);
  g_type_ensure (LUMINA_TYPE_MONITORING_PAGE);
  g_type_ensure (LUMINA_TYPE_OVERVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, chat_flap);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, chat_sidebar);
  gtk_widget_class_bind_template_child (widget_class, LuminaWindow, overview_page);
  gtk_widget_class_bind_template_callback (widget_class, lumina_window_stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_window_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_window_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_window_chat_flap_folded_cb);

  _lumina_window_class_actions_init (widget_class);
}

static void
lumina_window_init (LuminaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_object_bind_property (self, "show-chat", self->chat_flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  lumina_window_populate_sidebar (self);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * lumina_window_new:
 * @app: the application
 * @workspace: the open workspace the window shows
 *
 * Returns: (transfer none): a new window, owned by @app
 */
LuminaWindow *
lumina_window_new (LuminaApplication *app,
                   LuminaWorkspace   *workspace)
{
  g_return_val_if_fail (LUMINA_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);

  return g_object_new (LUMINA_TYPE_WINDOW,
                       "application", app,
                       "workspace", workspace,
                       NULL);
}

LuminaWorkspace *
lumina_window_get_workspace (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), NULL);

  return self->workspace;
}

/**
 * lumina_window_get_registry:
 * @self: a #LuminaWindow
 *
 * Returns: (transfer none) (nullable): the model registry of the window's workspace
 */
LuminaRegistry *
lumina_window_get_registry (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), NULL);

  return self->registry;
}

/**
 * lumina_window_get_deployments:
 * @self: a #LuminaWindow
 *
 * Returns: (transfer none) (nullable): the deployments served by this window
 */
LuminaDeploymentManager *
lumina_window_get_deployments (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), NULL);

  return self->deployments;
}

/**
 * lumina_window_get_monitor:
 * @self: a #LuminaWindow
 *
 * Returns: (transfer none) (nullable): the workspace's monitoring service
 */
LuminaMonitor *
lumina_window_get_monitor (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), NULL);

  return self->monitor;
}

/**
 * lumina_window_get_visible_view:
 * @self: a #LuminaWindow
 *
 * Returns: (nullable): the name of the view on screen, such as "overview"
 */
const char *
lumina_window_get_visible_view (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * lumina_window_show_view:
 * @self: a #LuminaWindow
 * @name: a view name, such as "alerts"
 *
 * Returns: %FALSE when there is no view called @name
 */
gboolean
lumina_window_show_view (LuminaWindow *self,
                         const char   *name)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), FALSE);

  if (name == NULL || gtk_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_debug ("No view called %s", name ? name : "(null)");
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->stack, name);

  return TRUE;
}

gboolean
lumina_window_get_show_chat (LuminaWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_WINDOW (self), FALSE);

  return self->show_chat;
}

void
lumina_window_set_show_chat (LuminaWindow *self,
                             gboolean      show_chat)
{
  g_return_if_fail (LUMINA_IS_WINDOW (self));

  show_chat = !!show_chat;
  if (self->show_chat == show_chat)
    return;

  self->show_chat = show_chat;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CHAT]);
}
