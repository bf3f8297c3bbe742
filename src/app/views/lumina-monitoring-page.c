/* lumina-monitoring-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Monitoring view's frame: the tabs, the time range and refresh
 * interval, and when the charts refresh.  They refresh only while the view
 * is on screen, only the visible tab, and queried ranges no more often
 * than their step brings new data.  The tabs live in
 * lumina-monitoring-page-{dashboard,lifecycle,health}.c.
 */
#define G_LOG_DOMAIN "lumina-monitoring-page"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "lumina-monitoring-page-private.h"
#include "lumina-secret-entry.h"

#define CARD_CHART_HEIGHT 220

G_DEFINE_FINAL_TYPE (LuminaMonitoringPage, lumina_monitoring_page, GTK_TYPE_WIDGET)

static const gint64 range_spans_ms[] = {
  [LUMINA_MONITORING_RANGE_15_MINUTES] = 15 * 60 * 1000,
  [LUMINA_MONITORING_RANGE_1_HOUR] = 3600 * 1000,
  [LUMINA_MONITORING_RANGE_6_HOURS] = 6 * 3600 * 1000,
  [LUMINA_MONITORING_RANGE_24_HOURS] = 24 * 3600 * 1000,
  [LUMINA_MONITORING_RANGE_7_DAYS] = G_GINT64_CONSTANT (7) * 24 * 3600 * 1000,
  [LUMINA_MONITORING_RANGE_30_DAYS] = G_GINT64_CONSTANT (30) * 24 * 3600 * 1000,
};

static const guint refresh_intervals_ms[] = { 0, 1000, 5000, 30000 };

/* ---- shared helpers ------------------------------------------------------ */

/* A chart in a card, sized for a grid of two or three columns. */
GtkWidget *
_lumina_monitoring_page_card_new (LuminaChart **chart)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *widget = lumina_chart_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (widget, -1, CARD_CHART_HEIGHT);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_margin_top (widget, 6);
  gtk_widget_set_margin_bottom (widget, 6);
  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 6);
  gtk_box_append (GTK_BOX (card), widget);
  *chart = LUMINA_CHART (widget);
  return card;
}

LuminaMetricStore *
_lumina_monitoring_page_get_store (LuminaMonitoringPage *self)
{
  return self->monitor != NULL ? lumina_monitor_get_store (self->monitor) : NULL;
}

/* ---- time window --------------------------------------------------------- */

static gboolean
compute_window (LuminaMonitoringPage   *self,
                LuminaMonitoringWindow *window)
{
  gint64 now_ms = g_get_real_time () / 1000;

  if (self->range == LUMINA_MONITORING_RANGE_CUSTOM)
    {
      lumina_monitoring_window_init (window, self->custom_from_ms, self->custom_to_ms, FALSE);
      return FALSE;
    }
  lumina_monitoring_window_init (window, now_ms - range_spans_ms[self->range], now_ms,
                                 range_spans_ms[self->range] <= LUMINA_MONITORING_LIVE_MAX_MS);
  return window->step_ms == 0;
}

/**
 * lumina_monitoring_page_get_time_window:
 * @live: (out) (optional): whether the window follows "now" from the
 *   in-memory ring buffers
 *
 * The window the charts show, as of now.
 */
void
lumina_monitoring_page_get_time_window (LuminaMonitoringPage *self,
                                        gint64               *from_ms,
                                        gint64               *to_ms,
                                        gboolean             *live)
{
  LuminaMonitoringWindow window;
  gboolean is_live;

  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));

  is_live = compute_window (self, &window);
  if (from_ms != NULL)
    *from_ms = window.from_ms;
  if (to_ms != NULL)
    *to_ms = window.to_ms;
  if (live != NULL)
    *live = is_live;
}

/* ---- refreshing ---------------------------------------------------------- */

/**
 * lumina_monitoring_page_refresh:
 *
 * Fills the visible tab's charts for the current window now.
 */
void
lumina_monitoring_page_refresh (LuminaMonitoringPage *self)
{
  LuminaMonitoringWindow window;
  const char *tab;

  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));

  if (self->monitor == NULL)
    return;

  compute_window (self, &window);
  tab = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strcmp0 (tab, "health") == 0)
    _lumina_monitoring_page_health_refresh (self, &window);
  else if (g_strcmp0 (tab, "lifecycle") == 0)
    _lumina_monitoring_page_lifecycle_refresh (self, &window);
  else
    _lumina_monitoring_page_dashboard_refresh (self, &window);

  self->last_query_us = g_get_monotonic_time ();
  self->n_refreshes++;
}

guint
lumina_monitoring_page_get_n_refreshes (LuminaMonitoringPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), 0);

  return self->n_refreshes;
}

static gboolean
refresh_tick_cb (gpointer data)
{
  LuminaMonitoringPage *self = data;
  LuminaMonitoringWindow window;

  /* A queried range only gains a point per step: asking sooner only
   * repeats the same SQL. */
  if (!compute_window (self, &window) &&
      g_get_monotonic_time () - self->last_query_us < (window.step_ms - 100) * 1000)
    return G_SOURCE_CONTINUE;

  lumina_monitoring_page_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
update_timer (LuminaMonitoringPage *self)
{
  gboolean wanted = gtk_widget_get_mapped (GTK_WIDGET (self)) && self->monitor != NULL &&
                    self->refresh_ms > 0 && self->range != LUMINA_MONITORING_RANGE_CUSTOM;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (!wanted)
    return;
  self->refresh_source = g_timeout_add (self->refresh_ms, refresh_tick_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->refresh_source),
                            "[lumina-monitoring-page] refresh");
}

static void
refresh_if_mapped (LuminaMonitoringPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lumina_monitoring_page_refresh (self);
}

void
lumina_monitoring_page_set_refresh_interval (LuminaMonitoringPage *self,
                                             guint                 interval_ms)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));

  if (self->refresh_ms == interval_ms)
    return;

  self->refresh_ms = interval_ms;
  for (guint i = 0; i < G_N_ELEMENTS (refresh_intervals_ms); i++)
    if (refresh_intervals_ms[i] == interval_ms && gtk_drop_down_get_selected (self->refresh_dropdown) != i)
      gtk_drop_down_set_selected (self->refresh_dropdown, i);
  update_timer (self);
}

guint
lumina_monitoring_page_get_refresh_interval (LuminaMonitoringPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), 0);

  return self->refresh_ms;
}

/* ---- ranges -------------------------------------------------------------- */

static void
show_range (LuminaMonitoringPage  *self,
            LuminaMonitoringRange  range)
{
  self->range = range;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, range);
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), range == LUMINA_MONITORING_RANGE_CUSTOM);
  update_timer (self);
  refresh_if_mapped (self);
}

void
lumina_monitoring_page_set_range (LuminaMonitoringPage  *self,
                                  LuminaMonitoringRange  range)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (range <= LUMINA_MONITORING_RANGE_CUSTOM);

  /* A custom range starts as the last hour, until the user picks one. */
  if (range == LUMINA_MONITORING_RANGE_CUSTOM && self->custom_to_ms <= self->custom_from_ms)
    {
      self->custom_to_ms = g_get_real_time () / 1000;
      self->custom_from_ms = self->custom_to_ms - range_spans_ms[LUMINA_MONITORING_RANGE_1_HOUR];
    }
  show_range (self, range);
}

LuminaMonitoringRange
lumina_monitoring_page_get_range (LuminaMonitoringPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), LUMINA_MONITORING_RANGE_15_MINUTES);

  return self->range;
}

void
lumina_monitoring_page_set_custom_range (LuminaMonitoringPage *self,
                                         gint64                from_ms,
                                         gint64                to_ms)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (to_ms > from_ms);

  self->custom_from_ms = from_ms;
  self->custom_to_ms = to_ms;
  show_range (self, LUMINA_MONITORING_RANGE_CUSTOM);
}

static char *
format_local (gint64 time_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static gboolean
parse_local (GtkEntry *entry,
             gint64   *time_ms)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GDateTime) time = NULL;
  int year, month, day, hour, minute;
  char end;

  if (sscanf (text, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &end) != 5 ||
      (time = g_date_time_new_local (year, month, day, hour, minute, 0)) == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  *time_ms = g_date_time_to_unix (time) * 1000;
  return TRUE;
}

static void
apply_custom_range_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);
  gint64 from_ms = 0, to_ms = 0;
  gboolean from_ok = parse_local (self->custom_from_entry, &from_ms);
  gboolean to_ok = parse_local (self->custom_to_entry, &to_ms);

  if (!from_ok || !to_ok)
    return;
  if (to_ms <= from_ms)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_to_entry), "error");
      return;
    }
  gtk_popover_popdown (self->custom_popover);
  lumina_monitoring_page_set_custom_range (self, from_ms, to_ms);
}

static void
lumina_monitoring_page_range_selected_cb (LuminaMonitoringPage *self,
                                          GParamSpec           *pspec,
                                          GtkDropDown          *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 from_ms, to_ms;

  if (self->updating || selected > LUMINA_MONITORING_RANGE_CUSTOM)
    return;

  if (selected != LUMINA_MONITORING_RANGE_CUSTOM)
    {
      lumina_monitoring_page_set_range (self, selected);
      return;
    }

  /* Custom starts from what is on screen; the popover picks the rest. */
  lumina_monitoring_page_get_time_window (self, &from_ms, &to_ms, NULL);
  self->custom_from_ms = from_ms;
  self->custom_to_ms = to_ms;
  from = format_local (from_ms);
  to = format_local (to_ms);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_to_entry), to);
  lumina_monitoring_page_set_range (self, LUMINA_MONITORING_RANGE_CUSTOM);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_menu_button_popup (self->custom_button);
}

static void
lumina_monitoring_page_refresh_selected_cb (LuminaMonitoringPage *self,
                                            GParamSpec           *pspec,
                                            GtkDropDown          *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (refresh_intervals_ms))
    lumina_monitoring_page_set_refresh_interval (self, refresh_intervals_ms[selected]);
}

/* ---- tabs ---------------------------------------------------------------- */

static void
lumina_monitoring_page_tab_changed_cb (LuminaMonitoringPage *self)
{
  refresh_if_mapped (self);
}

/* Too narrow for the switcher in the toolbar: it moves to the bottom.  The
 * bar stays revealed and is shown or hidden instead, because GTK 4.8's
 * action bar allocates its content a negative height while the reveal
 * animation starts from zero. */
static void
lumina_monitoring_page_squeezed_cb (LuminaMonitoringPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar),
                          adw_squeezer_get_visible_child (self->switcher_squeezer) == self->narrow_box);
}

/* ---- the engine ---------------------------------------------------------- */

void
lumina_monitoring_page_set_workspace (LuminaMonitoringPage *self,
                                      LuminaWorkspace      *workspace)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (workspace == NULL || LUMINA_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events_last_id = 0;
  _lumina_monitoring_page_dashboard_load (self);
  refresh_if_mapped (self);
}

void
lumina_monitoring_page_set_monitor (LuminaMonitoringPage *self,
                                    LuminaMonitor        *monitor)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (monitor == NULL || LUMINA_IS_MONITOR (monitor));

  if (!g_set_object (&self->monitor, monitor))
    return;

  gtk_stack_set_visible_child_name (self->main_stack, monitor != NULL ? "content" : "unavailable");
  update_timer (self);
  refresh_if_mapped (self);
}

LuminaMonitor *
lumina_monitoring_page_get_monitor (LuminaMonitoringPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), NULL);

  return self->monitor;
}

/**
 * lumina_monitoring_page_get_chart:
 *
 * Returns: (transfer none) (nullable): the chart called @id (see the
 *   header), once its tab has been shown
 */
LuminaChart *
lumina_monitoring_page_get_chart (LuminaMonitoringPage *self,
                                  const char           *id)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_has_prefix (id, "dashboard:"))
    {
      guint64 index = g_ascii_strtoull (id + strlen ("dashboard:"), NULL, 10);

      return index < self->dashboard_charts->len ? g_ptr_array_index (self->dashboard_charts, index) : NULL;
    }
  return g_hash_table_lookup (self->charts, id);
}

/* ---- GObject ------------------------------------------------------------- */

static void
lumina_monitoring_page_map (GtkWidget *widget)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);

  GTK_WIDGET_CLASS (lumina_monitoring_page_parent_class)->map (widget);

  lumina_monitoring_page_refresh (self);
  update_timer (self);
}

static void
lumina_monitoring_page_unmap (GtkWidget *widget)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  GTK_WIDGET_CLASS (lumina_monitoring_page_parent_class)->unmap (widget);
}

static void
lumina_monitoring_page_dispose (GObject *object)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  _lumina_monitoring_page_dashboard_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_MONITORING_PAGE);

  g_clear_pointer (&self->charts, g_hash_table_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->layout, g_ptr_array_unref);
  g_clear_pointer (&self->dashboard_charts, g_ptr_array_unref);
  g_clear_pointer (&self->deployments_key, g_free);
  g_cancellable_cancel (self->prom_token_lookup);
  g_clear_object (&self->prom_token_lookup);
  g_clear_pointer (&self->prom_token_url, g_free);
  g_clear_object (&self->prom);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (lumina_monitoring_page_parent_class)->dispose (object);
}

static void
lumina_monitoring_page_class_init (LuminaMonitoringPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_monitoring_page_dispose;
  widget_class->map = lumina_monitoring_page_map;
  widget_class->unmap = lumina_monitoring_page_unmap;

  g_type_ensure (LUMINA_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-monitoring-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, narrow_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, refresh_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, custom_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, custom_popover);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, custom_from_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, custom_to_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, dashboard_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, dashboard_flow);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, lifecycle_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, lifecycle_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, lifecycle_empty_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, health_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, gpu_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, gpu_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, gpu_flow);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringPage, gpu_reason_label);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_page_range_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_page_refresh_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_page_tab_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_page_squeezed_cb);

  gtk_widget_class_install_action (widget_class, "monitoring.apply-custom-range", NULL, apply_custom_range_action);
  _lumina_monitoring_page_class_dashboard_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "luminamonitoringpage");
}

static void
lumina_monitoring_page_init (LuminaMonitoringPage *self)
{
  self->charts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dashboard_charts = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (lumina_secret_notifier_get_default (), "changed",
                           G_CALLBACK (_lumina_monitoring_page_secret_changed), self, G_CONNECT_SWAPPED);
  self->refresh_ms = refresh_intervals_ms[1];

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_selected (self->refresh_dropdown, 1);
  gtk_stack_set_visible_child_name (self->main_stack, "unavailable");
  /* It opens on the tab last shown. */
  g_settings_bind (self->settings, "monitoring-tab", self->view_stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
  _lumina_monitoring_page_dashboard_load (self);
}
