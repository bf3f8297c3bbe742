/* lumina-monitoring-page-lifecycle.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Model lifecycle tab: for each deployment that has served here, its
 * request rate, error rate and p50/p99 latency per model version, with
 * its changes and the alias moves of its model (from the workspace's
 * event log) marked on the charts.
 */
#define G_LOG_DOMAIN "lumina-monitoring-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-monitoring-page-private.h"

#define MAX_EVENTS 2000

/* ---- deployments --------------------------------------------------------- */

/* Deployment name → model name, for each deployment the store has figures of. */
static GHashTable *
list_deployments (LuminaMetricStore *store)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, "lumina_serve_requests_per_second", NULL, NULL);
  GHashTable *deployments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      const char *name = lumina_monitoring_series_label (info, "deployment");
      const char *model = lumina_monitoring_series_label (info, "model");

      if (name != NULL && !g_hash_table_contains (deployments, name))
        g_hash_table_insert (deployments, g_strdup (name), g_strdup (model != NULL ? model : ""));
    }
  return deployments;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
make_key (GStrv names)
{
  return g_strjoinv ("\n", names);
}

static void
forget_charts (LuminaMonitoringPage *self)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, self->charts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (g_str_has_prefix (id, "requests:") || g_str_has_prefix (id, "errors:") || g_str_has_prefix (id, "latency:") ||
        g_str_has_prefix (id, "in-flight:"))
      g_hash_table_iter_remove (&iter);
}

static void
add_chart (LuminaMonitoringPage *self,
           GtkFlowBox           *flow,
           const char           *kind,
           const char           *name,
           const char           *title,
           const char           *y_label,
           const char           *unit)
{
  LuminaChart *chart;
  GtkWidget *card = _lumina_monitoring_page_card_new (&chart);

  lumina_monitoring_chart_prepare (chart, title, y_label, unit, NAN);
  lumina_chart_set_placeholder (chart, _("No requests in this time range"));
  gtk_flow_box_append (flow, card);
  gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
  g_hash_table_insert (self->charts, g_strdup_printf ("%s:%s", kind, name), chart);
}

static void
rebuild (LuminaMonitoringPage *self,
         GStrv                 names,
         GHashTable           *models)
{
  GtkWidget *child;

  forget_charts (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lifecycle_box))) != NULL)
    gtk_box_remove (self->lifecycle_box, child);

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *flow = gtk_flow_box_new ();
      const char *model = g_hash_table_lookup (models, names[i]);
      /* Translators: under a deployment's name, such as “Serves the model iris” */
      g_autofree char *description = g_strdup_printf (_("Serves the model %s"), model);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), names[i]);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
      add_chart (self, GTK_FLOW_BOX (flow), "requests", names[i], _("Request Rate"), _("Rate"), "req/s");
      add_chart (self, GTK_FLOW_BOX (flow), "errors", names[i], _("Error Rate"), _("Failed"), "%");
      add_chart (self, GTK_FLOW_BOX (flow), "latency", names[i], _("Latency"), _("Latency"), "ms");
      add_chart (self, GTK_FLOW_BOX (flow), "in-flight", names[i], _("Requests in Flight"), _("Requests"), NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), flow);
      gtk_box_append (self->lifecycle_box, group);
    }
}

/* ---- figures ------------------------------------------------------------- */

static char *
variant_name (LuminaMetricSeriesInfo *info)
{
  const char *version = lumina_monitoring_series_label (info, "version");
  const char *variant = lumina_monitoring_series_label (info, "variant");

  if (g_strcmp0 (variant, "primary") == 0 || variant == NULL)
    /* Translators: a model version in a chart legend, such as “v3” */
    return g_strdup_printf (_("v%s"), version != NULL ? version : "?");
  /* Translators: a model version and its role, such as “v4 challenger” */
  return g_strdup_printf (_("v%s %s"), version != NULL ? version : "?", variant);
}

static GArray *
variant_rate (LuminaMetricStore            *store,
              const char                   *metric,
              const char * const           *matchers,
              const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, metric, matchers, NULL);

  if (found == NULL || found->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (LuminaMetricSample));
  return lumina_monitoring_fetch_rate (store, ((LuminaMetricSeriesInfo *) g_ptr_array_index (found, 0))->id, window);
}

static void
add_latency (GPtrArray                    *lines,
             LuminaMetricStore            *store,
             const char                   *metric,
             const char                   *quantile,
             const char                   *variant,
             const char * const           *matchers,
             const LuminaMonitoringWindow *window)
{
  g_autofree char *name = variant != NULL ? g_strdup_printf ("%s %s", variant, quantile) : g_strdup (quantile);

  lumina_monitoring_lines_add (lines, name, LUMINA_CHART_STYLE_LINE,
                               lumina_monitoring_fetch_sum (store, metric, matchers, window), 1000);
}

static void
fill_deployment (LuminaMonitoringPage         *self,
                 LuminaMetricStore            *store,
                 const char                   *name,
                 const LuminaMonitoringWindow *window)
{
  const char *matchers[] = { "deployment", "=", name, NULL };
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, "lumina_serve_requests_per_second", matchers, NULL);
  g_autoptr(GPtrArray) requests = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) errors = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) latency = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) in_flight = lumina_monitoring_lines_new ();
  g_autofree char *in_flight_id = g_strdup_printf ("in-flight:%s", name);
  g_autofree char *requests_id = g_strdup_printf ("requests:%s", name);
  g_autofree char *errors_id = g_strdup_printf ("errors:%s", name);
  g_autofree char *latency_id = g_strdup_printf ("latency:%s", name);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      g_autofree char *variant = variant_name (info);
      const char *one[] = { "deployment", "=", name,
                            "version", "=", lumina_monitoring_series_label (info, "version"),
                            "variant", "=", lumina_monitoring_series_label (info, "variant"), NULL };
      g_autoptr(GArray) failed = NULL;
      g_autoptr(GArray) served = NULL;

      if (one[5] == NULL || one[8] == NULL)
        continue;
      lumina_monitoring_lines_add (requests, variant, LUMINA_CHART_STYLE_LINE,
                                   lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG), 1);
      failed = variant_rate (store, "lumina_serve_errors_total", one, window);
      served = variant_rate (store, "lumina_serve_requests_total", one, window);
      lumina_monitoring_lines_add (errors, variant, LUMINA_CHART_STYLE_LINE, lumina_monitoring_ratio (failed, served), 100);
      add_latency (latency, store, "lumina_serve_latency_p50_seconds", _("p50"), found->len > 1 ? variant : NULL, one, window);
      add_latency (latency, store, "lumina_serve_latency_p99_seconds", _("p99"), found->len > 1 ? variant : NULL, one, window);
      lumina_monitoring_lines_add (in_flight, variant, LUMINA_CHART_STYLE_LINE,
                                   lumina_monitoring_fetch_sum (store, "lumina_serve_in_flight", one, window), 1);
    }
  lumina_monitoring_chart_show (g_hash_table_lookup (self->charts, requests_id), window, requests);
  lumina_monitoring_chart_show (g_hash_table_lookup (self->charts, errors_id), window, errors);
  lumina_monitoring_chart_show (g_hash_table_lookup (self->charts, latency_id), window, latency);
  lumina_monitoring_chart_show (g_hash_table_lookup (self->charts, in_flight_id), window, in_flight);
}

/* ---- annotations --------------------------------------------------------- */

static void
load_events (LuminaMonitoringPage *self)
{
  LuminaEventLog *log = lumina_workspace_get_events (self->workspace);
  gint64 last_id = lumina_event_log_get_last_id (log);
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  if (self->events != NULL && last_id == self->events_last_id)
    return;

  events = lumina_event_log_list (log, 0, MAX_EVENTS, &error);
  if (events == NULL)
    {
      g_debug ("Could not read the event log: %s", error->message);
      return;
    }
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events = events;
  self->events_last_id = last_id;
}

static char *
describe_event (LuminaEvent *event,
                const char  *name,
                const char  *model)
{
  const char *kind = lumina_event_get_kind (event);
  const char *object = lumina_event_get_object (event);

  if (g_str_has_prefix (kind, "deployment.") && g_strcmp0 (object, name) == 0)
    {
      if (g_str_equal (kind, "deployment.created"))
        return g_strdup (_("Created"));
      if (g_str_equal (kind, "deployment.started"))
        return g_strdup (_("Started"));
      if (g_str_equal (kind, "deployment.stopped"))
        return g_strdup (_("Stopped"));
      if (g_str_equal (kind, "deployment.updated"))
        return g_strdup (_("Settings changed"));
      return NULL;
    }

  if (g_str_equal (kind, "model.alias") && model != NULL && model[0] != '\0' && object != NULL &&
      g_str_has_prefix (object, model) && object[strlen (model)] == '@')
    {
      g_autoptr(JsonNode) details = lumina_event_dup_details_node (event);
      JsonObject *o = details != NULL && JSON_NODE_HOLDS_OBJECT (details) ? json_node_get_object (details) : NULL;
      gint64 version = o != NULL ? json_object_get_int_member_with_default (o, "version", 0) : 0;

      if (version > 0)
        /* Translators: an alias move marked on a chart, such as “@champion → v2” */
        return g_strdup_printf (_("@%s → v%" G_GINT64_FORMAT), object + strlen (model) + 1, version);
      /* Translators: an alias removed, marked on a chart */
      return g_strdup_printf (_("@%s removed"), object + strlen (model) + 1);
    }
  return NULL;
}

/* Events closer than 1/50 of the window share one marker, so labels never
 * overlap: it names the latest change and counts the others. */
static void
annotate (LuminaMonitoringPage         *self,
          const char                   *name,
          const char                   *model,
          const LuminaMonitoringWindow *window)
{
  const char *kinds[] = { "requests", "errors", "latency", "in-flight" };
  double from_s = window->from_ms / 1000.0, to_s = window->to_ms / 1000.0;
  double near = (to_s - from_s) / 50;
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint i = self->events != NULL ? self->events->len : 0; i > 0; i--)
    {
      LuminaEvent *event = g_ptr_array_index (self->events, i - 1);
      GDateTime *time = lumina_event_get_time (event);
      double x = g_date_time_to_unix (time) + g_date_time_get_microsecond (time) / 1e6;
      g_autofree char *label = NULL;

      if (x < from_s || x > to_s || (label = describe_event (event, name, model)) == NULL)
        continue;
      if (xs->len > 0 && x - g_array_index (xs, double, xs->len - 1) < near)
        {
          g_free (g_ptr_array_index (labels, labels->len - 1));
          g_ptr_array_index (labels, labels->len - 1) = g_steal_pointer (&label);
          g_array_index (xs, double, xs->len - 1) = x;
          g_array_index (counts, guint, counts->len - 1)++;
          continue;
        }
      g_array_append_val (xs, x);
      g_ptr_array_add (labels, g_steal_pointer (&label));
      g_array_set_size (counts, counts->len + 1);
    }

  for (guint i = 0; i < labels->len; i++)
    if (g_array_index (counts, guint, i) > 0)
      {
        /* Translators: a chart marker for several changes at once, such as “Started +2” */
        char *text = g_strdup_printf (_("%s +%u"), (char *) g_ptr_array_index (labels, i), g_array_index (counts, guint, i));

        g_free (g_ptr_array_index (labels, i));
        g_ptr_array_index (labels, i) = text;
      }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *id = g_strdup_printf ("%s:%s", kinds[k], name);
      LuminaChart *chart = g_hash_table_lookup (self->charts, id);

      lumina_chart_clear_markers (chart);
      for (guint i = 0; i < xs->len; i++)
        lumina_chart_add_annotation (chart, g_array_index (xs, double, i), g_ptr_array_index (labels, i));
    }
}

void
_lumina_monitoring_page_lifecycle_refresh (LuminaMonitoringPage         *self,
                                           const LuminaMonitoringWindow *window)
{
  LuminaMetricStore *store = _lumina_monitoring_page_get_store (self);
  g_autoptr(GHashTable) deployments = NULL;
  g_autofree GStrv names = NULL;
  g_autofree char *key = NULL;

  g_assert (LUMINA_IS_MONITORING_PAGE (self));

  if (store == NULL)
    return;

  deployments = list_deployments (store);
  names = (GStrv) g_hash_table_get_keys_as_array (deployments, NULL);
  g_qsort_with_data (names, (int) g_hash_table_size (deployments), sizeof (char *), compare_names, NULL);
  gtk_stack_set_visible_child_name (self->lifecycle_stack, names[0] != NULL ? "charts" : "empty");
  if (names[0] == NULL)
    return;

  key = make_key (names);
  if (g_strcmp0 (key, self->deployments_key) != 0)
    {
      rebuild (self, names, deployments);
      g_free (self->deployments_key);
      self->deployments_key = g_steal_pointer (&key);
    }

  if (self->workspace != NULL)
    load_events (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      fill_deployment (self, store, names[i], window);
      annotate (self, names[i], g_hash_table_lookup (deployments, names[i]), window);
    }
}
