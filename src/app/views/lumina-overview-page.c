/* lumina-overview-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace at a glance: a card per deployment with its live figures,
 * this computer's resources, the latest entries of the audit log (kept live
 * from this process and from others writing to the same workspace), and
 * where the workspace lives.  Everything refreshes every two seconds while
 * the page is on screen, and nothing runs while it is not.
 */
#define G_LOG_DOMAIN "lumina-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "lumina-activity-row.h"
#include "lumina-overview-page-private.h"

#define MAX_RECENT_EVENTS      10
#define POLL_INTERVAL_SECONDS  2
#define TICKS_PER_TIME_REFRESH 15
#define TICKS_PER_COMPARISON   15

G_DEFINE_FINAL_TYPE (LuminaOverviewPage, lumina_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_DEPLOYMENTS,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_created (const char *created_at)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (created_at == NULL || created_at[0] == '\0')
    return g_strdup (_("Unknown"));

  time = g_date_time_new_from_iso8601 (created_at, NULL);
  if (time == NULL)
    return g_strdup (created_at);

  local = g_date_time_to_local (time);
  /* Translators: a date and time, see the GDateTime documentation for the codes */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

static void
lumina_overview_page_refresh_info (LuminaOverviewPage *self)
{
  g_autoptr(LuminaWorkspaceInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *created = NULL;
  g_autofree char *n_events = NULL;
  g_autofree char *size = NULL;
  g_autofree char *objects = NULL;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->workspace == NULL)
    return;

  adw_action_row_set_subtitle (self->location_row, lumina_workspace_get_path (self->workspace));

  if (!(info = lumina_workspace_query_info (self->workspace, &error)))
    {
      g_debug ("Could not query the workspace: %s", error->message);
      gtk_label_set_text (self->events_label, _("Unavailable"));
      gtk_label_set_text (self->objects_label, _("Unavailable"));
      return;
    }

  schema = g_strdup_printf ("%d", info->schema_version);
  created = format_created (info->created_at);
  n_events = g_strdup_printf ("%" G_GINT64_FORMAT, info->n_events);
  size = g_format_size ((guint64) MAX (0, info->object_bytes));
  /* Translators: the number of stored files, then their total size */
  objects = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d file · %s", "%d files · %s",
                                          (gulong) MAX (0, info->n_objects)),
                             (int) info->n_objects, size);

  self->n_objects = info->n_objects;
  _lumina_overview_page_update_empty (self);

  gtk_label_set_text (self->schema_label, schema);
  gtk_label_set_text (self->created_label, created);
  gtk_label_set_text (self->events_label, n_events);
  gtk_label_set_text (self->objects_label, objects);
}

static gboolean
lumina_overview_page_refresh_info_idle (gpointer user_data)
{
  LuminaOverviewPage *self = user_data;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  self->info_idle = 0;
  lumina_overview_page_refresh_info (self);

  return G_SOURCE_REMOVE;
}

static void
lumina_overview_page_queue_refresh_info (LuminaOverviewPage *self)
{
  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->info_idle == 0)
    self->info_idle = g_idle_add (lumina_overview_page_refresh_info_idle, self);
}

static void
lumina_overview_page_update_times (LuminaOverviewPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->activity_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LUMINA_IS_ACTIVITY_ROW (child))
        lumina_activity_row_update_time (LUMINA_ACTIVITY_ROW (child), now);
    }
}

static void
lumina_overview_page_show_placeholder (LuminaOverviewPage *self,
                                       const char         *title,
                                       const char         *description)
{
  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  gtk_label_set_text (self->placeholder_title, title);
  gtk_label_set_text (self->placeholder_description, description);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  gint64 id_a = lumina_event_get_id (*(LuminaEvent * const *) a);
  gint64 id_b = lumina_event_get_id (*(LuminaEvent * const *) b);

  return (id_a < id_b) - (id_a > id_b);
}

static void
lumina_overview_page_reload (LuminaOverviewPage *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  g_list_store_remove_all (self->events);

  if (self->workspace == NULL)
    return;

  lumina_overview_page_refresh_info (self);

  events = lumina_event_log_list (lumina_workspace_get_events (self->workspace), 0,
                                  MAX_RECENT_EVENTS, &error);
  if (events == NULL)
    {
      lumina_overview_page_show_placeholder (self, _("Could Not Read the Activity Log"),
                                             error->message);
      return;
    }

  g_ptr_array_sort (events, compare_newest_first);
  g_list_store_splice (self->events, 0, 0, events->pdata, MIN (events->len, MAX_RECENT_EVENTS));
}

static void
lumina_overview_page_event_appended_cb (LuminaOverviewPage *self,
                                        LuminaEvent        *event,
                                        LuminaEventLog     *log)
{
  g_autoptr(LuminaEvent) newest = NULL;
  guint n_items;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));
  g_assert (LUMINA_IS_EVENT (event));

  if (g_str_has_prefix (lumina_event_get_kind (event), "run.") && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lumina_overview_page_queue_reload_jobs (self);

  newest = g_list_model_get_item (G_LIST_MODEL (self->events), 0);
  if (newest != NULL && lumina_event_get_id (newest) >= lumina_event_get_id (event))
    return;

  g_list_store_insert (self->events, 0, event);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  if (n_items > MAX_RECENT_EVENTS)
    g_list_store_splice (self->events, MAX_RECENT_EVENTS, n_items - MAX_RECENT_EVENTS, NULL, 0);

  lumina_overview_page_queue_refresh_info (self);
}

static gboolean
lumina_overview_page_poll_cb (gpointer user_data)
{
  LuminaOverviewPage *self = user_data;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  /* Picks up what other processes appended; new events arrive through
   * the log's event-appended signal. */
  if (self->workspace != NULL)
    lumina_event_log_poll (lumina_workspace_get_events (self->workspace));

  self->ticks++;
  _lumina_overview_page_update_cards (self, self->ticks % TICKS_PER_COMPARISON == 0);
  _lumina_overview_page_update_host (self);

  /* Live jobs' trials, times and process figures move without events. */
  if (self->jobs_live)
    _lumina_overview_page_reload_jobs (self);

  if (self->ticks % TICKS_PER_TIME_REFRESH == 0)
    lumina_overview_page_update_times (self);

  return G_SOURCE_CONTINUE;
}

/* Where an event leads: the run, the model, the deployment or the view it
 * belongs to; FALSE for events with nowhere to go. */
static gboolean
event_target (LuminaEvent  *event,
              const char  **action,
              char        **target)
{
  const char *kind = lumina_event_get_kind (event);
  const char *object = lumina_event_get_object (event);
  gboolean has_object = object != NULL && object[0] != '\0';

  *action = "win.show-view";
  *target = NULL;

  if (g_str_has_prefix (kind, "run.") && has_object)
    {
      *action = "win.show-run";
      *target = g_strdup (object);
    }
  else if (g_str_has_prefix (kind, "model.") && has_object)
    {
      /* Model events name NAME/VERSION or NAME@ALIAS. */
      *action = "win.show-model";
      *target = g_strndup (object, strcspn (object, "/@"));
    }
  else if (g_str_has_prefix (kind, "deployment.") && has_object)
    {
      *action = "win.show-deployment";
      *target = g_strdup (object);
    }
  else if (g_str_has_prefix (kind, "dataset."))
    *target = g_strdup ("data");
  else if (g_str_has_prefix (kind, "automl."))
    *target = g_strdup ("automl");
  else if (g_str_has_prefix (kind, "alert.") || g_str_has_prefix (kind, "remediation."))
    *target = g_strdup ("alerts");

  return *target != NULL && (*target)[0] != '\0';
}

static void
lumina_overview_page_deployments_changed_cb (LuminaOverviewPage      *self,
                                             const char              *name,
                                             LuminaDeploymentManager *manager)
{
  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  _lumina_overview_page_sync_cards (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lumina_overview_page_update_cards (self, TRUE);
}

static GtkWidget *
lumina_overview_page_create_row (gpointer item,
                                 gpointer user_data)
{
  GtkWidget *row = lumina_activity_row_new (LUMINA_EVENT (item));
  g_autofree char *target = NULL;
  const char *action;
  GtkWidget *chevron;

  if (!event_target (LUMINA_EVENT (item), &action, &target))
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      return row;
    }

  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (target));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  chevron = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (chevron, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chevron);

  return row;
}

static void
lumina_overview_page_map (GtkWidget *widget)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_overview_page_parent_class)->map (widget);

  lumina_overview_page_refresh (self);
  _lumina_overview_page_reload_jobs (self);

  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS,
                                               lumina_overview_page_poll_cb, self);
}

static void
lumina_overview_page_unmap (GtkWidget *widget)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->jobs_reload_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_overview_page_parent_class)->unmap (widget);
}

static void
lumina_overview_page_dispose (GObject *object)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->info_idle, g_source_remove);
  _lumina_overview_page_clear_jobs (self);

  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);
  if (self->deployment_signals != NULL)
    g_signal_group_set_target (self->deployment_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_OVERVIEW_PAGE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->log_signals);
  g_clear_object (&self->deployment_signals);
  g_clear_object (&self->events);
  g_clear_object (&self->deployments);
  g_clear_object (&self->monitor);
  g_clear_object (&self->tracker);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (lumina_overview_page_parent_class)->dispose (object);
}

static void
lumina_overview_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, lumina_overview_page_get_workspace (self));
      break;

    case PROP_DEPLOYMENTS:
      g_value_set_object (value, lumina_overview_page_get_deployments (self));
      break;

    case PROP_MONITOR:
      g_value_set_object (value, lumina_overview_page_get_monitor (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_overview_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      lumina_overview_page_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_DEPLOYMENTS:
      lumina_overview_page_set_deployments (self, g_value_get_object (value));
      break;

    case PROP_MONITOR:
      lumina_overview_page_set_monitor (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_overview_page_class_init (LuminaOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_overview_page_dispose;
  object_class->get_property = lumina_overview_page_get_property;
  object_class->set_property = lumina_overview_page_set_property;

  widget_class->map = lumina_overview_page_map;
  widget_class->unmap = lumina_overview_page_unmap;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         LUMINA_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEPLOYMENTS] =
    g_param_spec_object ("deployments", NULL, NULL,
                         LUMINA_TYPE_DEPLOYMENT_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         LUMINA_TYPE_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "luminaoverviewpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-overview-page.ui");
  g_type_ensure (LUMINA_TYPE_SPARKLINE);

  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, start_card);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, deploy_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, deployments_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, deployments_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, host_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, host_note);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, cpu_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, cpu_detail);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, cpu_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, memory_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, memory_detail);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, memory_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, disk_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, disk_detail);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, disk_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, load_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, load_detail);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, load_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, location_row);
  /* Reachable by name (for tests), not kept in the struct. */
  gtk_widget_class_bind_template_child_full (widget_class, "start_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cpu_tile", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, schema_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, created_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, events_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, objects_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, activity_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, jobs_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, placeholder_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, placeholder_description);
}

static void
lumina_overview_page_init (LuminaOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->events = g_list_store_new (LUMINA_TYPE_EVENT);
  gtk_list_box_bind_model (self->activity_list, G_LIST_MODEL (self->events),
                           lumina_overview_page_create_row, NULL, NULL);

  self->log_signals = g_signal_group_new (LUMINA_TYPE_EVENT_LOG);
  g_signal_group_connect_object (self->log_signals, "event-appended",
                                 G_CALLBACK (lumina_overview_page_event_appended_cb),
                                 self, G_CONNECT_SWAPPED);

  self->deployment_signals = g_signal_group_new (LUMINA_TYPE_DEPLOYMENT_MANAGER);
  g_signal_group_connect_object (self->deployment_signals, "changed",
                                 G_CALLBACK (lumina_overview_page_deployments_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  /* The tiles are the buttons; their flow box slots need not take focus too. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->host_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  for (guint i = 0; i < LUMINA_OVERVIEW_N_HOST_FIGURES; i++)
    self->host[i] = NAN;
  self->n_objects = -1;
  _lumina_overview_page_sync_cards (self);
  _lumina_overview_page_update_host (self);
}

GtkWidget *
lumina_overview_page_new (void)
{
  return g_object_new (LUMINA_TYPE_OVERVIEW_PAGE, NULL);
}

LuminaWorkspace *
lumina_overview_page_get_workspace (LuminaOverviewPage *self)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NULL);

  return self->workspace;
}

void
lumina_overview_page_set_workspace (LuminaOverviewPage *self,
                                    LuminaWorkspace    *workspace)
{
  g_return_if_fail (LUMINA_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (!workspace || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_signal_group_set_target (self->log_signals,
                             workspace ? lumina_workspace_get_events (workspace) : NULL);
  g_clear_object (&self->tracker);
  _lumina_overview_page_clear_jobs (self);
  if (workspace != NULL)
    self->tracker = lumina_tracker_new (workspace);
  lumina_overview_page_reload (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lumina_overview_page_reload_jobs (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * lumina_overview_page_get_activity:
 * @self: a #LuminaOverviewPage
 *
 * Returns: (transfer none): the events listed under Recent Activity, newest first
 */
GListModel *
lumina_overview_page_get_activity (LuminaOverviewPage *self)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NULL);

  return G_LIST_MODEL (self->events);
}

void
_lumina_overview_page_update_empty (LuminaOverviewPage *self)
{
  gboolean no_deployments;
  gboolean start;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  /* Nothing stored at all: data comes first, before any deployment. */
  no_deployments = g_strcmp0 (gtk_stack_get_visible_child_name (self->deployments_stack), "empty") == 0;
  start = self->workspace != NULL && self->n_objects == 0 && no_deployments;
  gtk_widget_set_visible (self->start_card, start);

  /* One suggested action on the page: importing data comes before deploying. */
  if (start)
    gtk_widget_remove_css_class (self->deploy_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->deploy_button, "suggested-action");
}

LuminaDeploymentManager *
lumina_overview_page_get_deployments (LuminaOverviewPage *self)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NULL);

  return self->deployments;
}

void
lumina_overview_page_set_deployments (LuminaOverviewPage      *self,
                                      LuminaDeploymentManager *deployments)
{
  g_return_if_fail (LUMINA_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (!deployments || LUMINA_IS_DEPLOYMENT_MANAGER (deployments));

  if (!g_set_object (&self->deployments, deployments))
    return;

  g_signal_group_set_target (self->deployment_signals, deployments);
  _lumina_overview_page_sync_cards (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lumina_overview_page_update_cards (self, TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPLOYMENTS]);
}

LuminaMonitor *
lumina_overview_page_get_monitor (LuminaOverviewPage *self)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NULL);

  return self->monitor;
}

void
lumina_overview_page_set_monitor (LuminaOverviewPage *self,
                                  LuminaMonitor      *monitor)
{
  g_return_if_fail (LUMINA_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (!monitor || LUMINA_IS_MONITOR (monitor));

  if (!g_set_object (&self->monitor, monitor))
    return;

  _lumina_overview_page_update_host (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _lumina_overview_page_update_cards (self, TRUE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

void
lumina_overview_page_refresh (LuminaOverviewPage *self)
{
  g_return_if_fail (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->workspace != NULL)
    lumina_event_log_poll (lumina_workspace_get_events (self->workspace));

  lumina_overview_page_refresh_info (self);
  _lumina_overview_page_sync_cards (self);
  _lumina_overview_page_update_cards (self, TRUE);
  _lumina_overview_page_update_host (self);
  lumina_overview_page_update_times (self);
}

gboolean
lumina_overview_page_get_live (LuminaOverviewPage *self)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), FALSE);

  return self->poll_source != 0;
}

LuminaKpiCard *
lumina_overview_page_find_card (LuminaOverviewPage *self,
                                const char         *deployment)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->deployments_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (LUMINA_IS_KPI_CARD (card) &&
          g_strcmp0 (lumina_kpi_card_get_deployment (LUMINA_KPI_CARD (card)), deployment) == 0)
        return LUMINA_KPI_CARD (card);
    }

  return NULL;
}

double
lumina_overview_page_get_host_figure (LuminaOverviewPage       *self,
                                      LuminaOverviewHostFigure  figure)
{
  g_return_val_if_fail (LUMINA_IS_OVERVIEW_PAGE (self), NAN);
  g_return_val_if_fail (figure < LUMINA_OVERVIEW_N_HOST_FIGURES, NAN);

  return self->host[figure];
}
