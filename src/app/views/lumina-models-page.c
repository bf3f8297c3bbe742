/* lumina-models-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Models view: the registered models of the workspace beside the page
 * of one of them.  The view reads the registry on the main thread (small,
 * indexed queries), writes to it on worker threads, and reloads when the
 * registry says a model changed or a "model.*" event arrives from another
 * process.
 */
#define G_LOG_DOMAIN "lumina-models-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-models-format.h"
#include "lumina-models-page-private.h"

#define POLL_INTERVAL_SECONDS 2
#define RELOAD_DELAY_MSEC     100

G_DEFINE_FINAL_TYPE (LuminaModelsPage, lumina_models_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_lumina_models_page_toast (LuminaModelsPage *self,
                           const char       *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_lumina_models_page_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* ---- writes ------------------------------------------------------------- */

/* Runs @task on a worker; @callback gets @self (a new reference) as its
 * user data and must call _lumina_models_page_task_done(). */
void
_lumina_models_page_run_task (LuminaModelsPage    *self,
                              LuminaModelsTask    *task,
                              GAsyncReadyCallback  callback)
{
  g_assert (LUMINA_IS_MODELS_PAGE (self));
  g_assert (self->registry != NULL);

  self->n_tasks++;
  lumina_models_task_run_async (self->registry, task, self->cancellable, callback, g_object_ref (self));
  _lumina_models_page_actions_update (self);
}

void
_lumina_models_page_task_done (LuminaModelsPage *self)
{
  g_assert (self->n_tasks > 0);

  self->n_tasks--;
  _lumina_models_page_actions_update (self);
}

/* ---- the shown model ---------------------------------------------------- */

JsonObject *
_lumina_models_page_find_version (LuminaModelsPage *self,
                                  guint             version)
{
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;

  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonObject *object = json_array_get_object_element (versions, i);

      if (lumina_models_json_uint (object, "version") == version)
        return object;
    }

  return NULL;
}

/* The version @alias points at now, 0 for none. */
guint
_lumina_models_page_get_alias (LuminaModelsPage *self,
                               const char       *alias)
{
  JsonObject *model = self->model_info != NULL ? json_node_get_object (self->model_info) : NULL;
  JsonObject *aliases = model != NULL ? json_object_get_object_member (model, "aliases") : NULL;

  return lumina_models_json_uint (aliases, alias);
}

static void
lumina_models_page_load_model (LuminaModelsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->model_info, json_node_unref);
  g_clear_pointer (&self->versions, json_node_unref);
  g_clear_pointer (&self->events, json_node_unref);

  if (self->model == NULL || self->registry == NULL)
    return;

  if (!(self->model_info = lumina_registry_get_model (self->registry, self->model, &error)) ||
      !(self->versions = lumina_registry_list_versions (self->registry, self->model, &error)) ||
      !(self->events = lumina_registry_list_events (self->registry, self->model, NULL, NULL, &error)))
    {
      g_debug ("Cannot read model %s: %s", self->model, error->message);
      g_clear_pointer (&self->model_info, json_node_unref);
      g_clear_pointer (&self->versions, json_node_unref);
      g_clear_pointer (&self->model, g_free);
    }
}

static void
lumina_models_page_update_stack (LuminaModelsPage *self)
{
  gboolean empty = self->models == NULL || json_array_get_length (json_node_get_array (self->models)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "models");
}

/**
 * lumina_models_page_reload:
 *
 * Reads the registry again: the list of models and the model shown.
 */
void
lumina_models_page_reload (LuminaModelsPage *self)
{
  g_autoptr(GError) error = NULL;
  JsonArray *models;

  g_return_if_fail (LUMINA_IS_MODELS_PAGE (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->models, json_node_unref);

  if (self->registry != NULL && !(self->models = lumina_registry_list_models (self->registry, &error)))
    _lumina_models_page_toast (self, error->message);

  /* Show the first model when none is chosen, so a wide window is never
   * half empty. */
  models = self->models != NULL ? json_node_get_array (self->models) : NULL;
  if (self->model == NULL && models != NULL && json_array_get_length (models) > 0)
    self->model = g_strdup (json_object_get_string_member (json_array_get_object_element (models, 0), "name"));

  lumina_models_page_load_model (self);
  _lumina_models_page_fill_list (self);
  lumina_models_page_update_stack (self);
  _lumina_models_page_fill_detail (self);
  _lumina_models_page_set_compare_items (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "compare") == 0)
    _lumina_models_page_fill_compare (self);
  _lumina_models_page_actions_update (self);
}

static gboolean
lumina_models_page_reload_cb (gpointer user_data)
{
  LuminaModelsPage *self = user_data;

  self->reload_source = 0;
  lumina_models_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
lumina_models_page_queue_reload (LuminaModelsPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (RELOAD_DELAY_MSEC, lumina_models_page_reload_cb, self);
}

static void
lumina_models_page_registry_changed_cb (LuminaModelsPage *self,
                                        const char       *name,
                                        LuminaRegistry   *registry)
{
  g_assert (LUMINA_IS_MODELS_PAGE (self));

  lumina_models_page_queue_reload (self);
}

static void
lumina_models_page_event_appended_cb (LuminaModelsPage *self,
                                      LuminaEvent      *event,
                                      LuminaEventLog   *log)
{
  g_assert (LUMINA_IS_MODELS_PAGE (self));

  if (g_str_has_prefix (lumina_event_get_kind (event), "model."))
    lumina_models_page_queue_reload (self);
}

static gboolean
lumina_models_page_poll_cb (gpointer user_data)
{
  LuminaModelsPage *self = user_data;

  if (self->workspace != NULL)
    lumina_event_log_poll (lumina_workspace_get_events (self->workspace));

  return G_SOURCE_CONTINUE;
}

/* ---- callbacks ---------------------------------------------------------- */

static void
lumina_models_page_search_changed_cb (LuminaModelsPage *self)
{
  _lumina_models_page_fill_list (self);
}

static void
lumina_models_page_model_activated_cb (LuminaModelsPage *self,
                                       GtkListBoxRow    *row,
                                       GtkListBox       *list)
{
  if (!self->filling_list)
    lumina_models_page_show_model (self, g_object_get_data (G_OBJECT (row), "lumina-model"));
}

static gboolean
lumina_models_page_apply_folded (gpointer data)
{
  LuminaModelsPage *self = data;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  self->folded_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
  gtk_list_box_set_selection_mode (self->model_list, folded ? GTK_SELECTION_NONE : GTK_SELECTION_SINGLE);
  if (!folded)
    _lumina_models_page_select_row (self);
  _lumina_models_page_actions_update (self);
  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is being allocated: changing widgets then
 * would leave the window unallocated for the frame it paints, so the
 * changes wait for the frame to end. */
static void
lumina_models_page_folded_cb (LuminaModelsPage *self)
{
  if (self->folded_source == 0)
    self->folded_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, lumina_models_page_apply_folded, self, NULL);
}

/* ---- GObject ------------------------------------------------------------ */

static void
lumina_models_page_map (GtkWidget *widget)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_models_page_parent_class)->map (widget);

  lumina_models_page_poll_cb (self);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS, lumina_models_page_poll_cb, self);
}

static void
lumina_models_page_unmap (GtkWidget *widget)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_models_page_parent_class)->unmap (widget);
}

static void
lumina_models_page_dispose (GObject *object)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->folded_source, g_source_remove);
  if (self->registry_signals != NULL)
    g_signal_group_set_target (self->registry_signals, NULL);
  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_MODELS_PAGE);

  g_clear_object (&self->registry_signals);
  g_clear_object (&self->log_signals);
  g_clear_object (&self->version_names);
  g_clear_pointer (&self->models, json_node_unref);
  g_clear_pointer (&self->model_info, json_node_unref);
  g_clear_pointer (&self->versions, json_node_unref);
  g_clear_pointer (&self->events, json_node_unref);
  g_clear_pointer (&self->at_time, g_date_time_unref);
  g_clear_pointer (&self->model, g_free);
  g_clear_object (&self->registry);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lumina_models_page_parent_class)->dispose (object);
}

static void
lumina_models_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, lumina_models_page_get_workspace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_models_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      lumina_models_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_models_page_class_init (LuminaModelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_models_page_dispose;
  object_class->get_property = lumina_models_page_get_property;
  object_class->set_property = lumina_models_page_set_property;

  widget_class->map = lumina_models_page_map;
  widget_class->unmap = lumina_models_page_unmap;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "luminamodelspage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-models-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, model_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, rollback_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, deploy_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, aliases_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, aliases_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, versions_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, versions_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, at_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, at_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, yesterday_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, at_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_a);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_b);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_metrics_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_metrics_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_signature_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_signature_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaModelsPage, compare_cards);
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_model_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_folded_cb);

  _lumina_models_page_class_detail_init (widget_class);
  _lumina_models_page_class_compare_init (widget_class);
  _lumina_models_page_class_actions_init (widget_class);
}

static void
lumina_models_page_init (LuminaModelsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->version_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->compare_a, G_LIST_MODEL (self->version_names));
  gtk_drop_down_set_model (self->compare_b, G_LIST_MODEL (self->version_names));

  self->registry_signals = g_signal_group_new (LUMINA_TYPE_REGISTRY);
  g_signal_group_connect_object (self->registry_signals, "changed",
                                 G_CALLBACK (lumina_models_page_registry_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  self->log_signals = g_signal_group_new (LUMINA_TYPE_EVENT_LOG);
  g_signal_group_connect_object (self->log_signals, "event-appended",
                                 G_CALLBACK (lumina_models_page_event_appended_cb),
                                 self, G_CONNECT_SWAPPED);

  lumina_models_page_apply_folded (self);
  lumina_models_page_update_stack (self);
}

GtkWidget *
lumina_models_page_new (void)
{
  return g_object_new (LUMINA_TYPE_MODELS_PAGE, NULL);
}

LuminaWorkspace *
lumina_models_page_get_workspace (LuminaModelsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  return self->workspace;
}

/**
 * lumina_models_page_set_workspace:
 * @workspace: (nullable): the workspace whose registry to show
 *
 * The page keeps one #LuminaRegistry per workspace; other views register
 * models through it (lumina_models_page_get_registry()) so this page
 * hears about them at once.
 */
void
lumina_models_page_set_workspace (LuminaModelsPage *self,
                                  LuminaWorkspace  *workspace)
{
  g_return_if_fail (LUMINA_IS_MODELS_PAGE (self));
  g_return_if_fail (!workspace || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_clear_object (&self->registry);
  g_clear_pointer (&self->model, g_free);
  if (workspace != NULL)
    self->registry = lumina_registry_new (workspace);

  g_signal_group_set_target (self->registry_signals, self->registry);
  g_signal_group_set_target (self->log_signals, workspace ? lumina_workspace_get_events (workspace) : NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "model");
  lumina_models_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * lumina_models_page_get_registry:
 *
 * Returns: (transfer none) (nullable): the registry of the workspace shown
 */
LuminaRegistry *
lumina_models_page_get_registry (LuminaModelsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  return self->registry;
}

/**
 * lumina_models_page_show_model:
 * @name: a registered model
 *
 * Returns: %FALSE when there is no such model
 */
gboolean
lumina_models_page_show_model (LuminaModelsPage *self,
                               const char       *name)
{
  g_autofree char *previous = NULL;

  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), FALSE);

  if (name == NULL || self->registry == NULL)
    return FALSE;

  previous = g_steal_pointer (&self->model);
  self->model = g_strdup (name);
  lumina_models_page_reload (self);
  if (self->model == NULL)
    {
      self->model = g_steal_pointer (&previous);
      lumina_models_page_reload (self);
      return FALSE;
    }

  if (g_strcmp0 (previous, name) != 0)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "model");
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  _lumina_models_page_actions_update (self);
  return TRUE;
}

const char *
lumina_models_page_get_model (LuminaModelsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  return self->model;
}

/**
 * lumina_models_page_get_visible_page:
 *
 * Returns: "empty", "list" (folded, on the list of models), "model" or
 *   "compare"
 */
const char *
lumina_models_page_get_visible_page (LuminaModelsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";
  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0)
    return "list";
  return gtk_stack_get_visible_child_name (self->detail_stack);
}

void
lumina_models_page_set_search_text (LuminaModelsPage *self,
                                    const char       *text)
{
  g_return_if_fail (LUMINA_IS_MODELS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  _lumina_models_page_fill_list (self);
}

/**
 * lumina_models_page_get_busy:
 *
 * Returns: %TRUE while a write to the registry is in flight
 */
gboolean
lumina_models_page_get_busy (LuminaModelsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), FALSE);

  return self->n_tasks > 0 || self->reload_source != 0;
}
