/* lumina-overview-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace at a glance: where it lives, what it holds, and the latest
 * entries of its audit log, kept live from this process and from others
 * (the command line, agents) writing to the same workspace.
 */
#define G_LOG_DOMAIN "lumina-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-activity-row.h"
#include "lumina-overview-page.h"

#define MAX_RECENT_EVENTS      50
#define POLL_INTERVAL_SECONDS  2
#define TICKS_PER_TIME_REFRESH 15

struct _LuminaOverviewPage
{
  GtkWidget        parent_instance;

  /* Template children */
  AdwActionRow    *location_row;
  GtkLabel        *schema_label;
  GtkLabel        *created_label;
  GtkLabel        *events_label;
  GtkLabel        *objects_label;
  GtkListBox      *activity_list;
  GtkLabel        *placeholder_title;
  GtkLabel        *placeholder_description;

  LuminaWorkspace *workspace;
  GListStore      *events;        /* LuminaEvent, newest first */
  GSignalGroup    *log_signals;

  guint            poll_source;
  guint            info_idle;
  guint            ticks;
};

G_DEFINE_FINAL_TYPE (LuminaOverviewPage, lumina_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
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

  if (++self->ticks % TICKS_PER_TIME_REFRESH == 0)
    lumina_overview_page_update_times (self);

  return G_SOURCE_CONTINUE;
}

static GtkWidget *
lumina_overview_page_create_row (gpointer item,
                                 gpointer user_data)
{
  return lumina_activity_row_new (LUMINA_EVENT (item));
}

static void
lumina_overview_page_map (GtkWidget *widget)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_overview_page_parent_class)->map (widget);

  lumina_overview_page_poll_cb (self);
  lumina_overview_page_update_times (self);
  lumina_overview_page_refresh_info (self);

  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_SECONDS,
                                               lumina_overview_page_poll_cb, self);
}

static void
lumina_overview_page_unmap (GtkWidget *widget)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_overview_page_parent_class)->unmap (widget);
}

static void
lumina_overview_page_dispose (GObject *object)
{
  LuminaOverviewPage *self = LUMINA_OVERVIEW_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->info_idle, g_source_remove);

  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_OVERVIEW_PAGE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->log_signals);
  g_clear_object (&self->events);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "luminaoverviewpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, schema_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, created_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, events_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, objects_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaOverviewPage, activity_list);
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
  lumina_overview_page_reload (self);

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
