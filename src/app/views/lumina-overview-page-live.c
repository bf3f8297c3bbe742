/* lumina-overview-page-live.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live half of the Overview: a card per deployment, with the server's
 * own figures and the metric store's last 15 minutes, and the host's
 * resources.  Sparklines read the store's ring buffers (memory only);
 * comparing periods reads flushed minutes from SQL, so it runs less often.
 */
#define G_LOG_DOMAIN "lumina-overview-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-deployment-figures.h"
#include "lumina-deployment-row.h"
#include "lumina-overview-figures.h"
#include "lumina-overview-page-private.h"

#define ACCURACY_METRIC      "lumina_model_accuracy_ratio"
#define ACCURACY_LOOKBACK_MS (7 * G_GINT64_CONSTANT (24 * 3600 * 1000))

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static LuminaMetricStore *
get_store (LuminaOverviewPage *self)
{
  return self->monitor != NULL ? lumina_monitor_get_store (self->monitor) : NULL;
}

/* ---- deployment cards --------------------------------------------------- */

static GPtrArray *
list_cards (LuminaOverviewPage *self)
{
  GPtrArray *cards = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->deployments_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (LUMINA_IS_KPI_CARD (card))
        g_ptr_array_add (cards, card);
    }

  return cards;
}

static gboolean
cards_match (GPtrArray          *cards,
             const char * const *names)
{
  guint n_names = names != NULL ? g_strv_length ((char **) names) : 0;

  if (cards->len != n_names)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (lumina_kpi_card_get_deployment (g_ptr_array_index (cards, i)), names[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
add_card (LuminaOverviewPage *self,
          const char         *name)
{
  GtkWidget *card = lumina_kpi_card_new (name);
  GtkWidget *child = gtk_flow_box_child_new ();

  /* The card is the button; its flow box slot need not take focus too. */
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), card);
  gtk_flow_box_append (self->deployments_box, child);
}

/* One card per stored deployment, in the manager's order. */
void
_lumina_overview_page_sync_cards (LuminaOverviewPage *self)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_auto(GStrv) names = NULL;
  GtkWidget *child;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->deployments != NULL)
    names = lumina_deployment_manager_list_names (self->deployments);

  cards = list_cards (self);
  if (!cards_match (cards, (const char * const *) names))
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->deployments_box))) != NULL)
        gtk_flow_box_remove (self->deployments_box, child);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        add_card (self, names[i]);
    }

  gtk_stack_set_visible_child_name (self->deployments_stack,
                                    names != NULL && names[0] != NULL ? "cards" : "empty");
  _lumina_overview_page_update_empty (self);
}

static GArray *
spark (GArray *samples,
       gint64  now,
       double  scale)
{
  return lumina_overview_bucketize (samples, now, LUMINA_OVERVIEW_WINDOW_MS,
                                    LUMINA_OVERVIEW_SPARK_SLOTS, scale);
}

static void
update_card_figures (LuminaOverviewPage *self,
                     LuminaKpiCard      *card,
                     gint64              now)
{
  const char *name = lumina_kpi_card_get_deployment (card);
  const char *matchers[] = { "deployment", "=", name, "variant", "!=", "shadow", NULL };
  LuminaModelServer *server = lumina_deployment_manager_get_server (self->deployments, name);
  LuminaMetricStore *store = get_store (self);
  LuminaDeploymentFigures figures;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GArray) rps = NULL;
  g_autoptr(GArray) p99 = NULL;
  g_autoptr(GArray) errors = NULL;
  g_autoptr(GArray) requests = NULL;
  g_autoptr(GArray) ratios = NULL;
  g_autoptr(GArray) rps_line = NULL;
  g_autoptr(GArray) p99_line = NULL;
  g_autoptr(GArray) error_line = NULL;
  g_autofree char *latency_text = NULL;
  g_autofree char *rps_text = NULL;
  g_autofree char *error_text = NULL;
  double error_rate = NAN;

  if (server != NULL)
    stats = lumina_model_server_get_stats (server);
  lumina_deployment_figures_compute (stats, &figures);

  if (store != NULL)
    {
      gint64 since = now - LUMINA_OVERVIEW_WINDOW_MS;

      rps = lumina_overview_recent (store, "lumina_serve_requests_per_second", matchers, since,
                                    LUMINA_OVERVIEW_COMBINE_SUM);
      p99 = lumina_overview_recent (store, "lumina_serve_latency_p99_seconds", matchers, since,
                                    LUMINA_OVERVIEW_COMBINE_MAX);
      errors = lumina_overview_recent (store, "lumina_serve_errors_total", matchers, since,
                                       LUMINA_OVERVIEW_COMBINE_SUM);
      requests = lumina_overview_recent (store, "lumina_serve_requests_total", matchers, since,
                                         LUMINA_OVERVIEW_COMBINE_SUM);
      ratios = lumina_overview_counter_ratio (errors, requests);
      rps_line = spark (rps, now, 1.0);
      p99_line = spark (p99, now, 1000.0);
      error_line = spark (ratios, now, 1.0);
      error_rate = lumina_overview_counter_ratio_total (errors, requests);
    }

  /* Without traffic in the window, the server's count since it started. */
  if (isnan (error_rate) && server != NULL && figures.requests > 0)
    error_rate = (double) figures.errors / (double) figures.requests;

  /* A percentile of no requests is no figure at all. */
  latency_text = server != NULL && figures.rps > 0 ? lumina_format_ms (figures.p99_ms) : NULL;
  rps_text = server != NULL ? lumina_format_rps (figures.rps) : NULL;
  error_text = lumina_format_percent (error_rate);

  lumina_kpi_card_set_metric (card, LUMINA_KPI_LATENCY, latency_text, p99_line);
  lumina_kpi_card_set_metric (card, LUMINA_KPI_ERRORS, error_text, error_line);
  lumina_kpi_card_set_metric (card, LUMINA_KPI_THROUGHPUT, rps_text, rps_line);
}

static void
compare_error_rates (LuminaMetricStore  *store,
                     const char * const *matchers,
                     gint64              now,
                     double             *previous,
                     double             *current)
{
  double errors[2], requests[2];

  *previous = *current = NAN;
  if (!lumina_overview_period_values (store, "lumina_serve_errors_total", matchers,
                                      LUMINA_METRIC_AGG_RATE, LUMINA_OVERVIEW_COMBINE_SUM, TRUE,
                                      now, LUMINA_OVERVIEW_WINDOW_MS, &errors[0], &errors[1]) ||
      !lumina_overview_period_values (store, "lumina_serve_requests_total", matchers,
                                      LUMINA_METRIC_AGG_RATE, LUMINA_OVERVIEW_COMBINE_SUM, TRUE,
                                      now, LUMINA_OVERVIEW_WINDOW_MS, &requests[0], &requests[1]))
    return;

  if (requests[0] > 0)
    *previous = errors[0] / requests[0];
  if (requests[1] > 0)
    *current = errors[1] / requests[1];
}

static void
show_change (LuminaKpiCard          *card,
             LuminaKpiMetric         metric,
             double                  previous,
             double                  current,
             LuminaOverviewPolarity  polarity)
{
  const char *style = NULL;
  g_autofree char *text = lumina_overview_format_change (previous, current, polarity, &style);

  lumina_kpi_card_set_change (card, metric, text, style);
}

/* The newest accuracy recorded from delayed labels, or NaN. */
static double
latest_accuracy (LuminaMetricStore *store,
                 const char        *name,
                 gint64             now)
{
  const char *matchers[] = { "deployment", "=", name, NULL };
  g_autoptr(GArray) recent = NULL;
  double previous, current;

  recent = lumina_overview_recent (store, ACCURACY_METRIC, matchers, 0, LUMINA_OVERVIEW_COMBINE_MAX);
  if (recent->len > 0)
    return g_array_index (recent, LuminaMetricSample, recent->len - 1).value;

  /* Labels applied before this process started are only on disk. */
  if (lumina_overview_period_values (store, ACCURACY_METRIC, matchers, LUMINA_METRIC_AGG_LAST,
                                     LUMINA_OVERVIEW_COMBINE_MAX, FALSE, now, ACCURACY_LOOKBACK_MS,
                                     &previous, &current))
    return isfinite (current) ? current : previous;

  return NAN;
}

static void
update_card_changes (LuminaOverviewPage *self,
                     LuminaKpiCard      *card,
                     gint64              now)
{
  const char *name = lumina_kpi_card_get_deployment (card);
  const char *matchers[] = { "deployment", "=", name, "variant", "!=", "shadow", NULL };
  LuminaMetricStore *store = get_store (self);
  double previous = NAN, current = NAN;

  if (store == NULL)
    return;

  lumina_overview_period_values (store, "lumina_serve_latency_p99_seconds", matchers,
                                 LUMINA_METRIC_AGG_AVG, LUMINA_OVERVIEW_COMBINE_MAX, FALSE,
                                 now, LUMINA_OVERVIEW_WINDOW_MS, &previous, &current);
  show_change (card, LUMINA_KPI_LATENCY, previous, current, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER);

  compare_error_rates (store, matchers, now, &previous, &current);
  show_change (card, LUMINA_KPI_ERRORS, previous, current, LUMINA_OVERVIEW_POLARITY_LOWER_IS_BETTER);

  lumina_overview_period_values (store, "lumina_serve_requests_per_second", matchers,
                                 LUMINA_METRIC_AGG_AVG, LUMINA_OVERVIEW_COMBINE_SUM, FALSE,
                                 now, LUMINA_OVERVIEW_WINDOW_MS, &previous, &current);
  show_change (card, LUMINA_KPI_THROUGHPUT, previous, current, LUMINA_OVERVIEW_POLARITY_HIGHER_IS_BETTER);

  lumina_kpi_card_set_accuracy (card, latest_accuracy (store, name, now));
}

static void
update_card_status (LuminaKpiCard *card,
                    JsonObject    *info)
{
  const char *ref = json_object_get_string_member_with_default (info, "model_ref", "");
  const char *style = NULL;
  g_autofree char *status = lumina_deployment_describe_status (info, &style);
  g_autofree char *model = NULL;

  if (json_object_has_member (info, "version"))
    /* Translators: what a deployment serves, such as “churn@champion → version 3” */
    model = g_strdup_printf (_("%s → version %" G_GINT64_FORMAT), ref,
                             json_object_get_int_member (info, "version"));
  else
    model = g_strdup (ref);

  lumina_kpi_card_set_status (card, status, g_strcmp0 (style, "stopped") != 0 ? style : NULL, model);
}

static JsonObject *
find_info (JsonArray  *list,
           const char *name)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *info = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (info, "name", NULL), name) == 0)
        return info;
    }
  return NULL;
}

void
_lumina_overview_page_update_cards (LuminaOverviewPage *self,
                                    gboolean            compare)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_ms ();

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->deployments == NULL)
    return;

  if (!(list = lumina_deployment_manager_list (self->deployments, &error)))
    g_debug ("Could not list the deployments: %s", error->message);

  cards = list_cards (self);
  for (guint i = 0; i < cards->len; i++)
    {
      LuminaKpiCard *card = g_ptr_array_index (cards, i);
      JsonObject *info = find_info (list != NULL ? json_node_get_array (list) : NULL,
                                    lumina_kpi_card_get_deployment (card));

      if (info != NULL)
        update_card_status (card, info);
      update_card_figures (self, card, now);
      if (compare)
        update_card_changes (self, card, now);
    }
}

/* ---- host resources ----------------------------------------------------- */

/* The newest value of the one series of @name (matching @matchers), with
 * its last 15 minutes as a sparkline. */
static double
read_latest (LuminaMetricStore  *store,
             const char         *name,
             const char * const *matchers,
             gint64              now,
             double              scale,
             GArray            **line)
{
  g_autoptr(GArray) recent = lumina_overview_recent (store, name, matchers, now - LUMINA_OVERVIEW_WINDOW_MS,
                                                     LUMINA_OVERVIEW_COMBINE_MAX);

  if (line != NULL)
    *line = spark (recent, now, scale);
  return recent->len > 0 ? g_array_index (recent, LuminaMetricSample, recent->len - 1).value : NAN;
}

static void
set_tile (GtkLabel        *value_label,
          GtkLabel        *detail_label,
          LuminaSparkline *sparkline,
          const char      *value,
          const char      *detail,
          GArray          *line)
{
  gtk_label_set_text (value_label, value != NULL ? value : "—");
  gtk_label_set_text (detail_label, detail != NULL ? detail : _("Collecting…"));
  if (line != NULL)
    lumina_sparkline_set_data (sparkline, (const double *) (gpointer) line->data, NULL,
                               line->len, line->len, 0);
}

static void
update_cpu (LuminaOverviewPage *self,
            LuminaMetricStore  *store,
            gint64              now)
{
  const char *matchers[] = { "cpu", "=", "total", NULL };
  g_autoptr(GArray) line = NULL;
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  double cpu = read_latest (store, "host_cpu_usage_ratio", matchers, now, 100.0, &line);
  guint n_cpus = g_get_num_processors ();

  self->host[LUMINA_OVERVIEW_HOST_CPU] = cpu;
  if (isfinite (cpu))
    {
      value = lumina_format_percent (cpu);
      /* Translators: the number of processors of this computer */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u processor", "%u processors", n_cpus), n_cpus);
    }
  set_tile (self->cpu_value, self->cpu_detail, self->cpu_sparkline, value, detail, line);
}

static void
update_memory (LuminaOverviewPage *self,
               LuminaMetricStore  *store,
               gint64              now)
{
  g_autoptr(GArray) line = NULL;
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  double used = read_latest (store, "host_memory_used_bytes", NULL, now, 1.0, &line);
  double total = read_latest (store, "host_memory_total_bytes", NULL, now, 1.0, NULL);

  self->host[LUMINA_OVERVIEW_HOST_MEMORY_USED] = used;
  self->host[LUMINA_OVERVIEW_HOST_MEMORY_TOTAL] = total;
  if (isfinite (used) && isfinite (total) && total > 0)
    {
      g_autofree char *used_text = g_format_size ((guint64) used);
      g_autofree char *total_text = g_format_size ((guint64) total);

      value = lumina_format_percent (used / total);
      /* Translators: memory in use, as in “6.1 GB of 16.0 GB” */
      detail = g_strdup_printf (_("%s of %s"), used_text, total_text);
    }
  set_tile (self->memory_value, self->memory_detail, self->memory_sparkline, value, detail, line);
}

/* The root file system; where it is not measured (a container's overlay),
 * the measured one that holds the workspace. */
static char *
pick_mountpoint (LuminaOverviewPage *self,
                 LuminaMetricStore  *store)
{
  g_autoptr(GPtrArray) series = lumina_metric_store_find_series (store, "host_filesystem_size_bytes", NULL, NULL);
  const char *path = self->workspace != NULL ? lumina_workspace_get_path (self->workspace) : "/";
  const char *best = NULL;

  for (guint i = 0; series != NULL && i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      const char *mount = NULL;

      for (guint l = 0; info->labels != NULL && info->labels[l] != NULL && info->labels[l + 1] != NULL; l += 2)
        if (g_str_equal (info->labels[l], "mountpoint"))
          mount = info->labels[l + 1];
      if (mount == NULL)
        continue;
      if (g_str_equal (mount, "/"))
        return g_strdup (mount);
      if (g_str_has_prefix (path, mount) && (path[strlen (mount)] == '/' || path[strlen (mount)] == '\0') &&
          (best == NULL || strlen (mount) > strlen (best)))
        best = mount;
    }

  return g_strdup (best);
}

static void
update_disk (LuminaOverviewPage *self,
             LuminaMetricStore  *store,
             gint64              now)
{
  g_autofree char *mount = pick_mountpoint (self, store);
  const char *matchers[] = { "mountpoint", "=", mount, NULL };
  g_autoptr(GArray) line = NULL;
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  double used = NAN, size = NAN;

  if (mount != NULL)
    {
      used = read_latest (store, "host_filesystem_used_bytes", matchers, now, 1.0, &line);
      size = read_latest (store, "host_filesystem_size_bytes", matchers, now, 1.0, NULL);
    }

  self->host[LUMINA_OVERVIEW_HOST_DISK_USED] = used;
  self->host[LUMINA_OVERVIEW_HOST_DISK_SIZE] = size;
  if (isfinite (used) && isfinite (size) && size > 0)
    {
      g_autofree char *free_text = g_format_size ((guint64) MAX (0, size - used));

      value = lumina_format_percent (used / size);
      /* Translators: free space on a file system, then where it is mounted: “120 GB free on /” */
      detail = g_strdup_printf (_("%s free on %s"), free_text, mount);
    }
  set_tile (self->disk_value, self->disk_detail, self->disk_sparkline, value, detail, line);
}

static void
update_load (LuminaOverviewPage *self,
             LuminaMetricStore  *store,
             gint64              now)
{
  g_autoptr(GArray) line = NULL;
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  double load = read_latest (store, "host_load1", NULL, now, 1.0, &line);
  guint n_cpus = g_get_num_processors ();

  self->host[LUMINA_OVERVIEW_HOST_LOAD1] = load;
  if (isfinite (load))
    {
      value = g_strdup_printf ("%.2f", load);
      /* Translators: the load average divided by the number of processors */
      detail = g_strdup_printf (_("%.2f per processor"), load / MAX (1, n_cpus));
    }
  set_tile (self->load_value, self->load_detail, self->load_sparkline, value, detail, line);
}

void
_lumina_overview_page_update_host (LuminaOverviewPage *self)
{
  LuminaMetricStore *store;
  gint64 now = now_ms ();

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  for (guint i = 0; i < LUMINA_OVERVIEW_N_HOST_FIGURES; i++)
    self->host[i] = NAN;

  store = get_store (self);
  gtk_widget_set_visible (GTK_WIDGET (self->host_note), store == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_box), store != NULL);
  if (store == NULL)
    {
      gtk_label_set_text (self->host_note, _("Resource figures are not collected in this window."));
      return;
    }

  update_cpu (self, store, now);
  update_memory (self, store, now);
  update_disk (self, store, now);
  update_load (self, store, now);
}
