/* lumina-monitoring-add-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-monitoring-add-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-monitoring-add-dialog.h"
#include "lumina-monitoring-layout.h"
#include "lumina-secret-entry.h"

struct _LuminaMonitoringAddDialog
{
  AdwWindow       parent_instance;

  /* Template children */
  GtkSearchEntry *search_entry;
  GtkListBox     *series_list;
  AdwEntryRow    *url_row;
  AdwEntryRow    *token_row;
  AdwEntryRow    *query_row;
  GtkWidget      *add_query_button;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LuminaMonitoringAddDialog, lumina_monitoring_add_dialog, ADW_TYPE_WINDOW)

enum {
  CHART_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
choose (LuminaMonitoringAddDialog *self,
        JsonObject                *chart)
{
  g_signal_emit (self, signals[CHART_CHOSEN], 0, chart);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- local series -------------------------------------------------------- */

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LuminaMonitoringAddDialog *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *haystack = g_object_get_data (G_OBJECT (row), "lumina-search");
  g_autofree char *needle = g_utf8_casefold (text, -1);

  return needle[0] == '\0' || strstr (haystack, needle) != NULL;
}

static void
lumina_monitoring_add_dialog_search_changed_cb (LuminaMonitoringAddDialog *self)
{
  gtk_list_box_invalidate_filter (self->series_list);
}

static void
lumina_monitoring_add_dialog_row_activated_cb (LuminaMonitoringAddDialog *self,
                                               GtkListBoxRow             *row)
{
  const char *metric = g_object_get_data (G_OBJECT (row), "lumina-metric");
  const char * const *labels = g_object_get_data (G_OBJECT (row), "lumina-labels");
  g_autoptr(JsonObject) chart = NULL;

  if (metric == NULL)
    return;
  chart = lumina_monitoring_chart_new_series (metric, metric, labels);
  choose (self, chart);
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const LuminaMetricSeriesInfo *x = *(LuminaMetricSeriesInfo * const *) a;
  const LuminaMetricSeriesInfo *y = *(LuminaMetricSeriesInfo * const *) b;
  g_autofree char *x_labels = lumina_metric_labels_format ((const char * const *) x->labels);
  g_autofree char *y_labels = lumina_metric_labels_format ((const char * const *) y->labels);
  int by_name = g_strcmp0 (x->name, y->name);

  return by_name != 0 ? by_name : g_utf8_collate (x_labels, y_labels);
}

static void
add_series_rows (LuminaMonitoringAddDialog *self,
                 LuminaMetricStore         *store)
{
  g_autoptr(GPtrArray) series = lumina_metric_store_list_series (store);

  g_ptr_array_sort (series, compare_series);
  for (guint i = 0; i < series->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      g_autofree char *labels = lumina_metric_labels_format ((const char * const *) info->labels);
      g_autofree char *search = g_strconcat (info->name, " ", labels, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), labels[0] != '\0' ? labels : _("No labels"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "lumina-metric", g_strdup (info->name), g_free);
      g_object_set_data_full (G_OBJECT (row), "lumina-labels", g_strdupv (info->labels), (GDestroyNotify) g_strfreev);
      g_object_set_data_full (G_OBJECT (row), "lumina-search", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->series_list, row);
    }
}

/**
 * lumina_monitoring_add_dialog_get_n_visible:
 *
 * Returns: how many series rows the search leaves on screen
 */
guint
lumina_monitoring_add_dialog_get_n_visible (LuminaMonitoringAddDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (LUMINA_IS_MONITORING_ADD_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->series_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        g_object_get_data (G_OBJECT (child), "lumina-metric") != NULL)
      n++;
  return n;
}

/* ---- PromQL -------------------------------------------------------------- */

static void
lumina_monitoring_add_dialog_query_changed_cb (LuminaMonitoringAddDialog *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->query_row))));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  gtk_widget_set_sensitive (self->add_query_button, query[0] != '\0' && url[0] != '\0');
}

static void
lumina_monitoring_add_dialog_add_query_cb (LuminaMonitoringAddDialog *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->query_row))));
  g_autoptr(JsonObject) chart = NULL;

  if (!gtk_widget_get_sensitive (self->add_query_button))
    return;
  chart = lumina_monitoring_chart_new_promql (query, query);
  choose (self, chart);
}

/* ---- GObject ------------------------------------------------------------- */

static void
lumina_monitoring_add_dialog_dispose (GObject *object)
{
  LuminaMonitoringAddDialog *self = LUMINA_MONITORING_ADD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_MONITORING_ADD_DIALOG);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lumina_monitoring_add_dialog_parent_class)->dispose (object);
}

static void
lumina_monitoring_add_dialog_class_init (LuminaMonitoringAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_monitoring_add_dialog_dispose;

  /**
   * LuminaMonitoringAddDialog::chart-chosen:
   * @chart: the chart's layout entry
   */
  signals[CHART_CHOSEN] =
    g_signal_new ("chart-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-monitoring-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, series_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaMonitoringAddDialog, add_query_button);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_add_dialog_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_add_dialog_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_add_dialog_query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_monitoring_add_dialog_add_query_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lumina_monitoring_add_dialog_init (LuminaMonitoringAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->series_list, filter_row, self, NULL);
}

/**
 * lumina_monitoring_add_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 * @settings: the application's settings, which hold the Prometheus server
 *
 * Returns: (transfer none): the dialog; it is destroyed when closed
 */
LuminaMonitoringAddDialog *
lumina_monitoring_add_dialog_new (GtkWindow         *parent,
                                  LuminaMetricStore *store,
                                  GSettings         *settings)
{
  LuminaMonitoringAddDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LUMINA_TYPE_MONITORING_ADD_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "prometheus-url", self->url_row, "text", G_SETTINGS_BIND_DEFAULT);
  lumina_secret_entry_bind (ADW_ENTRY_ROW (self->token_row), settings, "prometheus-url",
                            LUMINA_SECRET_PROMETHEUS_TOKEN, _("LuminaOps: Prometheus access token"));
  g_signal_connect_object (self->url_row, "changed", G_CALLBACK (lumina_monitoring_add_dialog_query_changed_cb),
                           self, G_CONNECT_SWAPPED);
  add_series_rows (self, store);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  return self;
}
