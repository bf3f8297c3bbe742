/* lumina-deployments-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Deployments view: the workspace's deployments as a boxed list with
 * live figures, and the detail of one (lifecycle, scaling, challenger,
 * charts, endpoints, load test; see -detail.c and -load.c).  The list is
 * read again whenever the deployment manager says something changed; the
 * running servers' statistics are sampled once a second while the view
 * is on screen.
 */
#define G_LOG_DOMAIN "lumina-deployments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-deploy-dialog.h"
#include "lumina-deployment-row.h"
#include "lumina-deployments-page-private.h"

G_DEFINE_FINAL_TYPE (LuminaDeploymentsPage, lumina_deployments_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

JsonObject *
_lumina_deployments_page_find (LuminaDeploymentsPage *self,
                               const char            *name)
{
  for (guint i = 0; name != NULL && self->deployments != NULL && i < json_array_get_length (self->deployments); i++)
    {
      JsonObject *info = json_array_get_object_element (self->deployments, i);

      if (g_strcmp0 (json_object_get_string_member (info, "name"), name) == 0)
        return info;
    }
  return NULL;
}

void
_lumina_deployments_page_toast (LuminaDeploymentsPage *self,
                                const char            *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_lumina_deployments_page_error (LuminaDeploymentsPage *self,
                                const GError          *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static LuminaDeploymentHistory *
ensure_history (LuminaDeploymentsPage *self,
                const char            *name)
{
  LuminaDeploymentHistory *history = g_hash_table_lookup (self->histories, name);

  if (history == NULL)
    {
      history = lumina_deployment_history_new ();
      g_hash_table_insert (self->histories, g_strdup (name), history);
    }
  return history;
}

/* ---- the list ----------------------------------------------------------- */

static void
update_summary (LuminaDeploymentsPage *self)
{
  guint n = self->deployments != NULL ? json_array_get_length (self->deployments) : 0;
  guint running = 0;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (self->deployments, i), "state"),
                   "running") == 0)
      running++;

  /* Translators: how many deployments the workspace has */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deployment", "%u deployments", n), n);
  /* Translators: the Deployments view's summary, such as “3 deployments · 2 served by this window” */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u served by this window",
                                       "%s · %u served by this window", running), count, running);
  gtk_label_set_text (self->summary_label, text);
}

static void
sync_rows (LuminaDeploymentsPage *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  guint n = self->deployments != NULL ? json_array_get_length (self->deployments) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = json_array_get_object_element (self->deployments, i);
      const char *name = json_object_get_string_member (info, "name");
      GtkWidget *row = g_hash_table_lookup (self->rows, name);

      g_hash_table_add (present, (gpointer) name);
      if (row == NULL)
        {
          row = lumina_deployment_row_new (name);
          g_hash_table_insert (self->rows, g_strdup (name), row);
          gtk_list_box_insert (self->list_box, row, (int) i);
        }
      lumina_deployment_row_update (LUMINA_DEPLOYMENT_ROW (row), info);
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (present, key))
      {
        gtk_list_box_remove (self->list_box, value);
        g_hash_table_remove (self->histories, key);
        g_hash_table_iter_remove (&iter);
      }
}

void
lumina_deployments_page_reload (LuminaDeploymentsPage *self)
{
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->deployments, json_array_unref);
  if (self->manager != NULL && !(list = lumina_deployment_manager_list (self->manager, &error)))
    g_warning ("Could not list deployments: %s", error->message);
  if (list != NULL)
    self->deployments = json_array_ref (json_node_get_array (list));

  sync_rows (self);
  update_summary (self);

  n = self->deployments != NULL ? json_array_get_length (self->deployments) : 0;
  if (self->selected != NULL && _lumina_deployments_page_find (self, self->selected) == NULL)
    {
      g_clear_pointer (&self->selected, g_free);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (self->selected == NULL)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    _lumina_deployments_page_detail_update (self);

  _lumina_deployments_page_actions_update (self);
}

static gboolean
reload_cb (gpointer data)
{
  LuminaDeploymentsPage *self = data;

  self->reload_source = 0;
  lumina_deployments_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
lumina_deployments_page_changed_cb (LuminaDeploymentsPage   *self,
                                    const char              *name,
                                    LuminaDeploymentManager *manager)
{
  g_assert (LUMINA_IS_DEPLOYMENTS_PAGE (self));

  /* A start or an update announces several changes in a row. */
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_cb, self);
}

/* ---- sampling ----------------------------------------------------------- */

void
lumina_deployments_page_sample (LuminaDeploymentsPage *self)
{
  double now = g_get_real_time () / (double) G_USEC_PER_SEC;
  guint n;

  g_return_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self));

  n = self->deployments != NULL ? json_array_get_length (self->deployments) : 0;
  for (guint i = 0; self->manager != NULL && i < n; i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (self->deployments, i), "name");
      LuminaModelServer *server = lumina_deployment_manager_get_server (self->manager, name);
      LuminaDeploymentHistory *history = ensure_history (self, name);
      GtkWidget *row = g_hash_table_lookup (self->rows, name);
      LuminaDeploymentFigures figures;

      if (server == NULL)
        {
          lumina_deployment_history_gap (history, now);
          if (row != NULL)
            lumina_deployment_row_clear_figures (LUMINA_DEPLOYMENT_ROW (row), history);
          continue;
        }

      {
        g_autoptr(GPtrArray) stats = lumina_model_server_get_stats (server);
        double error_rate;

        lumina_deployment_figures_compute (stats, &figures);
        error_rate = lumina_deployment_history_append (history, now, &figures);
        if (row != NULL)
          lumina_deployment_row_set_figures (LUMINA_DEPLOYMENT_ROW (row), &figures, error_rate, history);
        if (g_strcmp0 (name, self->selected) == 0)
          _lumina_deployments_page_detail_sample (self, &figures, history, now);
      }
    }
}

static gboolean
sample_cb (gpointer data)
{
  lumina_deployments_page_sample (data);
  return G_SOURCE_CONTINUE;
}

gboolean
lumina_deployments_page_get_sampling (LuminaDeploymentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), FALSE);

  return self->sample_source != 0;
}

static void
lumina_deployments_page_map (GtkWidget *widget)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_deployments_page_parent_class)->map (widget);

  lumina_deployments_page_reload (self);
  lumina_deployments_page_sample (self);
  if (self->sample_source == 0)
    self->sample_source = g_timeout_add_seconds (1, sample_cb, self);
}

static void
lumina_deployments_page_unmap (GtkWidget *widget)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);

  g_clear_handle_id (&self->sample_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_deployments_page_parent_class)->unmap (widget);
}

/* ---- navigation and actions --------------------------------------------- */

gboolean
lumina_deployments_page_show_deployment (LuminaDeploymentsPage *self,
                                         const char            *name)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), FALSE);

  if (_lumina_deployments_page_find (self, name) == NULL)
    lumina_deployments_page_reload (self);
  if (_lumina_deployments_page_find (self, name) == NULL)
    return FALSE;

  if (g_strcmp0 (self->selected, name) != 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (name);
      _lumina_deployments_page_detail_show (self);
    }
  gtk_stack_set_visible_child_name (self->stack, "detail");
  _lumina_deployments_page_actions_update (self);
  return TRUE;
}

const char *
lumina_deployments_page_get_selected (LuminaDeploymentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), NULL);

  return self->selected;
}

static void
lumina_deployments_page_row_activated_cb (LuminaDeploymentsPage *self,
                                          GtkListBoxRow         *row,
                                          GtkListBox            *list)
{
  g_assert (LUMINA_IS_DEPLOYMENTS_PAGE (self));

  lumina_deployments_page_show_deployment (self, lumina_deployment_row_get_name (LUMINA_DEPLOYMENT_ROW (row)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);

  g_clear_pointer (&self->selected, g_free);
  _lumina_deployments_page_detail_init (self);
  _lumina_deployments_page_load_init (self);
  _lumina_deployments_page_load_reset (self);
  lumina_deployments_page_reload (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
  _lumina_deployments_page_toast (self, _("Copied to clipboard"));
}

static void
deployment_created_cb (LuminaDeploymentsPage *self,
                       const char            *name,
                       GtkWindow             *dialog)
{
  g_assert (LUMINA_IS_DEPLOYMENTS_PAGE (self));

  lumina_deployments_page_reload (self);
  lumina_deployments_page_show_deployment (self, name);
  /* Deployed from another view (a model's Deploy…): go and watch it start. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-view", "s", "deployments");
}

GtkWindow *
lumina_deployments_page_new_deployment (LuminaDeploymentsPage *self,
                                        const char            *model_ref)
{
  GtkRoot *root;
  GtkWindow *dialog;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), NULL);
  g_return_val_if_fail (self->manager != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = GTK_WINDOW (lumina_deploy_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 self->manager, model_ref));
  g_signal_connect_object (dialog, "created", G_CALLBACK (deployment_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
  return dialog;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  lumina_deployments_page_new_deployment (LUMINA_DEPLOYMENTS_PAGE (widget), NULL);
}

LuminaChart *
lumina_deployments_page_get_chart (LuminaDeploymentsPage *self,
                                   const char            *name)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), NULL);

  if (g_strcmp0 (name, "latency") == 0)
    return self->latency_chart;
  if (g_strcmp0 (name, "throughput") == 0)
    return self->throughput_chart;
  if (g_strcmp0 (name, "load") == 0)
    return self->load_chart;
  return NULL;
}

LuminaLoadTest *
lumina_deployments_page_get_load_test (LuminaDeploymentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), NULL);

  return self->load_test;
}

/* The one place that decides which of the view's actions can run. */
void
_lumina_deployments_page_actions_update (LuminaDeploymentsPage *self)
{
  JsonObject *info = _lumina_deployments_page_find (self, self->selected);
  const char *state = info != NULL ? json_object_get_string_member (info, "state") : NULL;
  gboolean running = g_strcmp0 (state, "running") == 0;
  gboolean stopping = g_strcmp0 (state, "stopping") == 0;
  gboolean loading = self->load_test != NULL && lumina_load_test_get_running (self->load_test);
  gboolean wanted = info != NULL &&
                    g_strcmp0 (json_object_get_string_member_with_default (info, "wanted", NULL), "running") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.new", self->manager != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.back", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.start", info != NULL && !running && !stopping);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.stop", info != NULL && (running || wanted) && !stopping);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.restart", running && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.delete", info != NULL && !running && !stopping && !wanted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.load-test", running && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.cancel-load-test", loading);

  /* Only the buttons that apply are shown. */
  gtk_widget_set_visible (self->start_button, !running && !stopping);
  gtk_widget_set_visible (self->stop_button, running || stopping || wanted);
  gtk_widget_set_visible (self->restart_button, running);
}

/* ---- GObject ------------------------------------------------------------ */

static void
lumina_deployments_page_dispose (GObject *object)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sample_source, g_source_remove);
  g_clear_handle_id (&self->canary_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  _lumina_deployments_page_load_dispose (self);

  if (self->manager_signals != NULL)
    g_signal_group_set_target (self->manager_signals, NULL);
  if (self->registry_signals != NULL)
    g_signal_group_set_target (self->registry_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_DEPLOYMENTS_PAGE);

  g_clear_object (&self->manager_signals);
  g_clear_object (&self->registry_signals);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->deployments, json_array_unref);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->challenger_refs, g_strfreev);
  g_clear_pointer (&self->curl_ref, g_free);
  g_clear_pointer (&self->curl_command, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lumina_deployments_page_parent_class)->dispose (object);
}

static void
lumina_deployments_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_deployments_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      lumina_deployments_page_set_manager (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_deployments_page_class_init (LuminaDeploymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_deployments_page_dispose;
  object_class->get_property = lumina_deployments_page_get_property;
  object_class->set_property = lumina_deployments_page_set_property;

  widget_class->map = lumina_deployments_page_map;
  widget_class->unmap = lumina_deployments_page_unmap;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         LUMINA_TYPE_DEPLOYMENT_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LUMINA_TYPE_CHART);

  gtk_widget_class_set_css_name (widget_class, "luminadeploymentspage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-deployments-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentsPage, name)
  CHILD (toast_overlay); CHILD (stack); CHILD (empty_button); CHILD (summary_label); CHILD (list_box);
  CHILD (detail_title); CHILD (detail_subtitle); CHILD (detail_status); CHILD (detail_error_label);
  CHILD (start_button); CHILD (stop_button); CHILD (restart_button);
  CHILD (rps_label); CHILD (p50_label); CHILD (p99_label); CHILD (errors_label);
  CHILD (latency_chart); CHILD (throughput_chart);
  CHILD (workers_spin); CHILD (batch_spin); CHILD (capture_spin);
  CHILD (challenger_row); CHILD (mode_row); CHILD (canary_row); CHILD (canary_scale); CHILD (split_row);
  CHILD (oip_row); CHILD (invocations_row); CHILD (curl_row);
  CHILD (oip_copy_button); CHILD (invocations_copy_button); CHILD (curl_copy_button); CHILD (curl_label);
  CHILD (clients_spin); CHILD (duration_spin); CHILD (ramp_switch);
  CHILD (load_button); CHILD (cancel_load_button); CHILD (load_progress); CHILD (load_note_label);
  CHILD (load_chart); CHILD (load_result_group);
  CHILD (summary_requests_row); CHILD (summary_rps_row); CHILD (summary_latency_row);
  CHILD (summary_errors_row); CHILD (summary_client_row);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "deployments.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "deployments.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "deployments.copy", "s", copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "deployments.back", NULL);

  _lumina_deployments_page_class_detail_init (widget_class);
  _lumina_deployments_page_class_load_init (widget_class);
}

static void
lumina_deployments_page_init (LuminaDeploymentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) lumina_deployment_history_free);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->manager_signals = g_signal_group_new (LUMINA_TYPE_DEPLOYMENT_MANAGER);
  g_signal_group_connect_object (self->manager_signals, "changed",
                                 G_CALLBACK (lumina_deployments_page_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  self->registry_signals = g_signal_group_new (LUMINA_TYPE_REGISTRY);
  g_signal_group_connect_object (self->registry_signals, "changed",
                                 G_CALLBACK (_lumina_deployments_page_detail_refill),
                                 self, G_CONNECT_SWAPPED);

  _lumina_deployments_page_detail_init (self);
  _lumina_deployments_page_load_init (self);
  _lumina_deployments_page_load_reset (self);
  lumina_deployments_page_reload (self);
}

GtkWidget *
lumina_deployments_page_new (void)
{
  return g_object_new (LUMINA_TYPE_DEPLOYMENTS_PAGE, NULL);
}

LuminaDeploymentManager *
lumina_deployments_page_get_manager (LuminaDeploymentsPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self), NULL);

  return self->manager;
}

void
lumina_deployments_page_set_manager (LuminaDeploymentsPage   *self,
                                     LuminaDeploymentManager *manager)
{
  g_return_if_fail (LUMINA_IS_DEPLOYMENTS_PAGE (self));
  g_return_if_fail (!manager || LUMINA_IS_DEPLOYMENT_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;

  g_signal_group_set_target (self->manager_signals, manager);
  g_signal_group_set_target (self->registry_signals,
                             manager != NULL ? lumina_deployment_manager_get_registry (manager) : NULL);
  g_hash_table_remove_all (self->histories);
  g_clear_pointer (&self->selected, g_free);
  lumina_deployments_page_reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}
