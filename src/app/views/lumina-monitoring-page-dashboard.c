/* lumina-monitoring-page-dashboard.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Dashboard tab: charts the user adds (a stored series, or a PromQL
 * query against a Prometheus server), removes and moves, remembered per
 * workspace in monitoring-layout.json.
 */
#define G_LOG_DOMAIN "lumina-monitoring-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-monitoring-add-dialog.h"
#include "lumina-monitoring-layout.h"
#include "lumina-monitoring-page-private.h"

#define MAX_LINES 8

/* ---- the layout ---------------------------------------------------------- */

static char *
layout_path (LuminaMonitoringPage *self)
{
  return g_build_filename (lumina_workspace_get_path (self->workspace), LUMINA_MONITORING_LAYOUT_FILE, NULL);
}

static void
save_layout (LuminaMonitoringPage *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  path = layout_path (self);
  if (!lumina_monitoring_layout_save (path, self->layout, &error))
    {
      g_debug ("Could not save %s: %s", path, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The dashboard layout could not be saved")));
    }
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static GtkWidget *
chart_card (LuminaMonitoringPage *self,
            JsonObject           *spec,
            guint                 index)
{
  LuminaChart *chart;
  GtkWidget *card = _lumina_monitoring_page_card_new (&chart);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *title = gtk_label_new (json_object_get_string_member_with_default (spec, "title", ""));
  GtkWidget *left = icon_button ("go-previous-symbolic", _("Move Left"), "monitoring.move-chart",
                                 g_variant_new ("(ui)", index, -1));
  GtkWidget *right = icon_button ("go-next-symbolic", _("Move Right"), "monitoring.move-chart",
                                  g_variant_new ("(ui)", index, 1));
  GtkWidget *remove = icon_button ("user-trash-symbolic", _("Remove Chart"), "monitoring.remove-chart",
                                   g_variant_new_uint32 (index));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_sensitive (left, index > 0);
  gtk_widget_set_sensitive (right, index + 1 < self->layout->len);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), left);
  gtk_box_append (GTK_BOX (header), right);
  gtk_box_append (GTK_BOX (header), remove);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_box_prepend (GTK_BOX (card), header);
  gtk_widget_set_margin_top (GTK_WIDGET (chart), 0);

  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_TIME, NULL, NULL);
  lumina_chart_set_y_range (chart, 0.0, NAN);
  lumina_chart_set_placeholder (chart, _("No samples in this time range"));
  g_object_set_data (G_OBJECT (chart), "lumina-spec", spec);
  g_ptr_array_add (self->dashboard_charts, chart);
  return card;
}

void
_lumina_monitoring_page_dashboard_clear (LuminaMonitoringPage *self)
{
  GtkWidget *child;

  if (self->dashboard_charts != NULL)
    g_ptr_array_set_size (self->dashboard_charts, 0);
  while (self->dashboard_flow != NULL &&
         (child = gtk_widget_get_first_child (GTK_WIDGET (self->dashboard_flow))) != NULL)
    gtk_flow_box_remove (self->dashboard_flow, child);
}

static void
rebuild (LuminaMonitoringPage *self)
{
  _lumina_monitoring_page_dashboard_clear (self);
  for (guint i = 0; i < self->layout->len; i++)
    {
      GtkWidget *card = chart_card (self, g_ptr_array_index (self->layout, i), i);

      gtk_flow_box_append (self->dashboard_flow, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
    }
  gtk_stack_set_visible_child_name (self->dashboard_stack, self->layout->len > 0 ? "grid" : "empty");

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lumina_monitoring_page_refresh (self);
}

/* A workspace without a layout gets the default one, written only once the
 * user changes it. */
void
_lumina_monitoring_page_dashboard_load (LuminaMonitoringPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_clear_pointer (&self->layout, g_ptr_array_unref);
  if (self->workspace != NULL)
    {
      path = layout_path (self);
      self->layout = lumina_monitoring_layout_load (path, &error);
      if (self->layout == NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Using the default dashboard: %s", error->message);
    }
  if (self->layout == NULL)
    self->layout = lumina_monitoring_layout_default ();
  rebuild (self);
}

/* ---- changes ------------------------------------------------------------- */

guint
lumina_monitoring_page_get_n_dashboard_charts (LuminaMonitoringPage *self)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), 0);

  return self->layout->len;
}

/**
 * lumina_monitoring_page_get_dashboard_chart:
 *
 * Returns: (transfer none) (nullable): the layout entry of the chart at @index
 */
JsonObject *
lumina_monitoring_page_get_dashboard_chart (LuminaMonitoringPage *self,
                                            guint                 index)
{
  g_return_val_if_fail (LUMINA_IS_MONITORING_PAGE (self), NULL);

  return index < self->layout->len ? g_ptr_array_index (self->layout, index) : NULL;
}

void
lumina_monitoring_page_add_dashboard_chart (LuminaMonitoringPage *self,
                                            JsonObject           *chart)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (chart != NULL);

  g_ptr_array_add (self->layout, json_object_ref (chart));
  save_layout (self);
  rebuild (self);
}

void
lumina_monitoring_page_remove_dashboard_chart (LuminaMonitoringPage *self,
                                               guint                 index)
{
  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (index < self->layout->len);

  g_ptr_array_remove_index (self->layout, index);
  save_layout (self);
  rebuild (self);
}

/* Moves the chart at @index by @delta places (negative: to the left). */
void
lumina_monitoring_page_move_dashboard_chart (LuminaMonitoringPage *self,
                                             guint                 index,
                                             int                   delta)
{
  int target = (int) index + delta;
  gpointer chart;

  g_return_if_fail (LUMINA_IS_MONITORING_PAGE (self));
  g_return_if_fail (index < self->layout->len);

  if (target < 0 || target >= (int) self->layout->len || delta == 0)
    return;

  chart = g_ptr_array_steal_index (self->layout, index);
  g_ptr_array_insert (self->layout, target, chart);
  save_layout (self);
  rebuild (self);
}

static void
chart_chosen_cb (LuminaMonitoringPage *self,
                 JsonObject           *chart)
{
  lumina_monitoring_page_add_dashboard_chart (self, chart);
}

static void
add_chart_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);
  LuminaMetricStore *store = _lumina_monitoring_page_get_store (self);
  LuminaMonitoringAddDialog *dialog;

  if (store == NULL)
    return;
  dialog = lumina_monitoring_add_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), store, self->settings);
  g_signal_connect_object (dialog, "chart-chosen", G_CALLBACK (chart_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);
  guint index = g_variant_get_uint32 (param);

  if (index < self->layout->len)
    lumina_monitoring_page_remove_dashboard_chart (self, index);
}

static void
move_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  LuminaMonitoringPage *self = LUMINA_MONITORING_PAGE (widget);
  guint index;
  int delta;

  g_variant_get (param, "(ui)", &index, &delta);
  if (index < self->layout->len)
    lumina_monitoring_page_move_dashboard_chart (self, index, delta);
}

/* ---- local series -------------------------------------------------------- */

/* The labels that tell the chart's series apart, as a legend entry. */
static char *
line_name (LuminaMetricSeriesInfo *info,
           JsonObject             *fixed,
           const char             *fallback)
{
  GString *name = g_string_new (NULL);

  for (guint i = 0; info->labels != NULL && info->labels[i] != NULL && info->labels[i + 1] != NULL; i += 2)
    {
      if (fixed != NULL && json_object_has_member (fixed, info->labels[i]))
        continue;
      if (name->len > 0)
        g_string_append (name, " ");
      g_string_append (name, info->labels[i + 1]);
    }
  if (name->len == 0)
    g_string_append (name, fallback);
  return g_string_free (name, FALSE);
}

static void
fill_series (LuminaMonitoringPage         *self,
             LuminaChart                  *chart,
             JsonObject                   *spec,
             const LuminaMonitoringWindow *window)
{
  LuminaMetricStore *store = _lumina_monitoring_page_get_store (self);
  const char *metric = json_object_get_string_member (spec, "metric");
  g_auto(GStrv) matchers = lumina_monitoring_chart_dup_matchers (spec);
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, metric, (const char * const *) matchers, NULL);
  g_autoptr(GPtrArray) lines = lumina_monitoring_lines_new ();
  gboolean counter = g_str_has_suffix (metric, "_total");
  double max = NAN;
  gboolean percent;
  double scale;
  const char *unit = lumina_monitoring_guess_unit (metric, &scale);

  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, NULL, unit);
  for (guint i = 0; found != NULL && i < found->len && i < MAX_LINES; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      g_autofree char *name = line_name (info, lumina_monitoring_chart_get_labels (spec),
                                         json_object_get_string_member_with_default (spec, "title", metric));
      GArray *samples = counter ? lumina_monitoring_fetch_rate (store, info->id, window)
                                : lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG);

      for (guint j = 0; j < samples->len; j++)
        if (!(g_array_index (samples, LuminaMetricSample, j).value * scale <= max))
          max = g_array_index (samples, LuminaMetricSample, j).value * scale;
      lumina_monitoring_lines_add (lines, name, LUMINA_CHART_STYLE_LINE, samples, scale);
    }
  /* Shares of a whole read best on their full 0–100 % scale. */
  percent = g_strcmp0 (unit, "%") == 0 && !(max > 100);
  g_object_set_data (G_OBJECT (chart), "lumina-monitoring-fixed-y", GINT_TO_POINTER (percent));
  if (percent)
    lumina_chart_set_y_range (chart, 0.0, 100);
  lumina_monitoring_chart_show (chart, window, lines);
}

/* ---- PromQL -------------------------------------------------------------- */

typedef struct
{
  LuminaMonitoringPage   *self;
  LuminaChart            *chart;
  LuminaMonitoringWindow  window;
} PromQuery;

static void
prom_query_free (PromQuery *query)
{
  g_object_set_data (G_OBJECT (query->chart), "lumina-busy", NULL);
  g_object_unref (query->self);
  g_object_unref (query->chart);
  g_free (query);
}

static GArray *
prom_samples (LuminaPromSeries *series)
{
  GArray *samples = g_array_sized_new (FALSE, FALSE, sizeof (LuminaMetricSample), series->times->len);

  for (guint i = 0; i < series->times->len; i++)
    {
      LuminaMetricSample s = { (gint64) (g_array_index (series->times, double, i) * 1000),
                               g_array_index (series->values, double, i) };

      g_array_append_val (samples, s);
    }
  return samples;
}

static void
prom_queried_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PromQuery *query = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) answer = lumina_prom_source_query_range_finish (LUMINA_PROM_SOURCE (object), result, &error);
  g_autoptr(GPtrArray) lines = lumina_monitoring_lines_new ();

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          lumina_chart_set_placeholder (query->chart, error->message);
          lumina_monitoring_chart_show (query->chart, &query->window, lines);
        }
      prom_query_free (query);
      return;
    }

  for (guint i = 0; i < answer->series->len && i < MAX_LINES; i++)
    {
      LuminaPromSeries *series = g_ptr_array_index (answer->series, i);
      g_autofree char *labels = lumina_metric_labels_format ((const char * const *) series->labels);
      const char *name = series->name != NULL ? series->name : "";

      lumina_monitoring_lines_add (lines, labels[0] != '\0' ? labels : name[0] != '\0' ? name : _("Value"),
                                   LUMINA_CHART_STYLE_LINE, prom_samples (series), 1);
    }
  lumina_chart_set_placeholder (query->chart, _("The query returned no samples in this time range"));
  lumina_monitoring_chart_show (query->chart, &query->window, lines);
  prom_query_free (query);
}

static void
prom_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LuminaMonitoringPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lumina_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->prom_token_lookup);
  /* Unreadable: the queries go without one, and the server says why. */
  if (error != NULL)
    g_warning ("Could not read the Prometheus token: %s", error->message);
  if (self->prom != NULL)
    lumina_prom_source_set_bearer_token (self->prom, token != NULL && token[0] != '\0' ? token : NULL);
  lumina_monitoring_page_refresh (self);
}

/* The token is read from the keyring (asynchronously) whenever the URL
 * changes or a new one is stored; queries wait for it. */
static LuminaPromSource *
ensure_prom (LuminaMonitoringPage *self,
             gboolean             *waiting)
{
  g_autofree char *url = g_strstrip (g_settings_get_string (self->settings, "prometheus-url"));

  *waiting = FALSE;
  if (url[0] == '\0')
    return NULL;
  if (self->prom == NULL)
    self->prom = lumina_prom_source_new (url);
  else if (g_strcmp0 (lumina_prom_source_get_base_url (self->prom), url) != 0)
    lumina_prom_source_set_base_url (self->prom, url);

  if (g_strcmp0 (self->prom_token_url, url) != 0)
    {
      g_free (self->prom_token_url);
      self->prom_token_url = g_strdup (url);
      g_cancellable_cancel (self->prom_token_lookup);
      g_clear_object (&self->prom_token_lookup);
      self->prom_token_lookup = g_cancellable_new ();
      lumina_prom_source_set_bearer_token (self->prom, NULL);
      lumina_secrets_lookup_async (LUMINA_SECRET_PROMETHEUS_TOKEN, url, self->prom_token_lookup,
                                   prom_token_cb, g_object_ref (self));
    }
  *waiting = self->prom_token_lookup != NULL;
  return self->prom;
}

/* A token was stored: read it again before the next queries. */
void
_lumina_monitoring_page_secret_changed (LuminaMonitoringPage *self,
                                        const char           *kind,
                                        const char           *target)
{
  g_assert (LUMINA_IS_MONITORING_PAGE (self));

  if (g_strcmp0 (kind, LUMINA_SECRET_PROMETHEUS_TOKEN) != 0 || g_strcmp0 (target, self->prom_token_url) != 0)
    return;
  g_clear_pointer (&self->prom_token_url, g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lumina_monitoring_page_refresh (self);
}

static void
fill_promql (LuminaMonitoringPage         *self,
             LuminaChart                  *chart,
             JsonObject                   *spec,
             const LuminaMonitoringWindow *window)
{
  gboolean waiting;
  LuminaPromSource *prom = ensure_prom (self, &waiting);
  PromQuery *query;
  double from_s = window->from_ms / 1000.0, to_s = window->to_ms / 1000.0;
  double step_s = MAX (window->step_ms, lumina_monitoring_step_for (window->to_ms - window->from_ms)) / 1000.0;

  if (prom == NULL)
    {
      g_autoptr(GPtrArray) none = lumina_monitoring_lines_new ();

      lumina_chart_set_placeholder (chart, _("Set a Prometheus server address in Add Chart to see this query"));
      lumina_monitoring_chart_show (chart, window, none);
      return;
    }
  /* One query at a time per chart: a slow server is not asked again.  Nor
   * is it asked before its token has been read. */
  if (waiting || g_object_get_data (G_OBJECT (chart), "lumina-busy") != NULL)
    return;

  query = g_new0 (PromQuery, 1);
  query->self = g_object_ref (self);
  query->chart = g_object_ref (chart);
  query->window = *window;
  g_object_set_data (G_OBJECT (chart), "lumina-busy", GINT_TO_POINTER (TRUE));
  lumina_prom_source_query_range_async (prom, json_object_get_string_member (spec, "query"), from_s, to_s,
                                        lumina_prom_source_fit_step (from_s, to_s, step_s),
                                        self->cancellable, prom_queried_cb, query);
}

void
_lumina_monitoring_page_dashboard_refresh (LuminaMonitoringPage         *self,
                                           const LuminaMonitoringWindow *window)
{
  g_assert (LUMINA_IS_MONITORING_PAGE (self));

  if (_lumina_monitoring_page_get_store (self) == NULL)
    return;

  for (guint i = 0; i < self->dashboard_charts->len; i++)
    {
      LuminaChart *chart = g_ptr_array_index (self->dashboard_charts, i);
      JsonObject *spec = g_object_get_data (G_OBJECT (chart), "lumina-spec");

      if (g_strcmp0 (json_object_get_string_member (spec, "kind"), "promql") == 0)
        fill_promql (self, chart, spec, window);
      else
        fill_series (self, chart, spec, window);
    }
}

void
_lumina_monitoring_page_class_dashboard_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "monitoring.add-chart", NULL, add_chart_action);
  gtk_widget_class_install_action (widget_class, "monitoring.remove-chart", "u", remove_chart_action);
  gtk_widget_class_install_action (widget_class, "monitoring.move-chart", "(ui)", move_chart_action);
}
