/* lumina-monitoring-page-health.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The System health tab: this machine's CPU, memory, load, disks, network
 * and file systems, this process, and its GPUs, or the collector's own
 * word on why there are none.
 */
#define G_LOG_DOMAIN "lumina-monitoring-page"

#include "config.h"

#include <math.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "lumina-monitoring-page-private.h"

/* More lines than this make a legend nobody can read. */
#define MAX_CORES        8
#define MAX_FILESYSTEMS  6
#define MAX_GPUS         4

typedef struct
{
  const char *id;
  const char *title;
  const char *y_label;
  const char *unit;
  double      y_max;
} ChartSpec;

/* ---- building ------------------------------------------------------------ */

/* A titled group of charts after @after (NULL: first); *after becomes it. */
static GtkFlowBox *
add_section (LuminaMonitoringPage  *self,
             GtkWidget            **after,
             guint                  columns,
             const char            *title,
             const char            *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *flow = gtk_flow_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), columns);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), flow);
  gtk_box_insert_child_after (self->health_box, group, *after);
  *after = group;
  return GTK_FLOW_BOX (flow);
}

static void
add_charts (LuminaMonitoringPage *self,
            GtkFlowBox           *flow,
            const ChartSpec      *specs,
            guint                 n_specs)
{
  for (guint i = 0; i < n_specs; i++)
    {
      LuminaChart *chart;
      GtkWidget *card = _lumina_monitoring_page_card_new (&chart);

      lumina_monitoring_chart_prepare (chart, _(specs[i].title), _(specs[i].y_label), specs[i].unit, specs[i].y_max);
      lumina_chart_set_placeholder (chart, _("Waiting for the first samples…"));
      gtk_flow_box_append (flow, card);
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
      g_hash_table_insert (self->charts, g_strdup (specs[i].id), chart);
    }
}

static void
build (LuminaMonitoringPage *self)
{
  static const ChartSpec host[] = {
    { "cpu", N_("CPU"), N_("Busy"), "%", 100 },
    { "load", N_("Load"), N_("Runnable tasks"), NULL, NAN },
    { "memory", N_("Memory"), N_("Memory"), "B", NAN },
    { "swap", N_("Swap"), N_("Swap"), "B", NAN },
  };
  static const ChartSpec io[] = {
    { "disk", N_("Disk Throughput"), N_("Rate"), "B/s", NAN },
    { "iops", N_("Disk Operations"), N_("Rate"), "IOPS", NAN },
    { "network", N_("Network"), N_("Rate"), "B/s", NAN },
    { "filesystem", N_("File System Usage"), N_("Used"), "%", 100 },
  };
  static const ChartSpec process[] = {
    { "process-cpu", N_("CPU"), N_("Share of one core"), "%", NAN },
    { "process-memory", N_("Memory"), N_("Resident"), "B", NAN },
  };
  GtkWidget *after = NULL;

  add_charts (self, add_section (self, &after, 2, _("Processor and Memory"), _("This machine, sampled every second")),
              host, G_N_ELEMENTS (host));
  add_charts (self, add_section (self, &after, 2, _("Storage and Network"),
                                 _("Whole disks and every interface but loopback, summed")),
              io, G_N_ELEMENTS (io));
  add_charts (self, add_section (self, &after, 2, _("This Application"), _("LuminaOps itself, its model servers included")),
              process, G_N_ELEMENTS (process));
  self->health_built = TRUE;
}

/* ---- filling ------------------------------------------------------------- */

static LuminaChart *
chart (LuminaMonitoringPage *self,
       const char           *id)
{
  return g_hash_table_lookup (self->charts, id);
}

static void
add_sum (GPtrArray                    *lines,
         LuminaMetricStore            *store,
         const char                   *title,
         const char                   *metric,
         const LuminaMonitoringWindow *window)
{
  lumina_monitoring_lines_add (lines, title, LUMINA_CHART_STYLE_LINE,
                               lumina_monitoring_fetch_sum (store, metric, NULL, window), 1);
}

static gint
compare_cpu (gconstpointer a,
             gconstpointer b)
{
  const char *x = lumina_monitoring_series_label (*(LuminaMetricSeriesInfo **) a, "cpu");
  const char *y = lumina_monitoring_series_label (*(LuminaMetricSeriesInfo **) b, "cpu");
  gboolean x_total = g_strcmp0 (x, "total") == 0;
  gboolean y_total = g_strcmp0 (y, "total") == 0;

  if (x_total || y_total)
    return y_total - x_total;
  return (int) g_ascii_strtoll (x ? x : "0", NULL, 10) - (int) g_ascii_strtoll (y ? y : "0", NULL, 10);
}

static void
fill_cpu (LuminaMonitoringPage         *self,
          LuminaMetricStore            *store,
          const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, "host_cpu_usage_ratio", NULL, NULL);
  g_autoptr(GPtrArray) lines = lumina_monitoring_lines_new ();
  guint cores = 0;

  g_ptr_array_sort (found, compare_cpu);
  for (guint i = 0; i < found->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      const char *cpu = lumina_monitoring_series_label (info, "cpu");
      g_autofree char *name = NULL;

      if (g_strcmp0 (cpu, "total") == 0)
        name = g_strdup (_("All cores"));
      else if (cpu == NULL || cores++ >= MAX_CORES)
        continue;
      else
        /* Translators: one CPU core in a chart legend, such as “Core 3” */
        name = g_strdup_printf (_("Core %s"), cpu);
      lumina_monitoring_lines_add (lines, name, LUMINA_CHART_STYLE_LINE,
                                   lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG), 100);
    }
  lumina_monitoring_chart_show (chart (self, "cpu"), window, lines);
}

static GArray *
fetch_one (LuminaMetricStore            *store,
           const char                   *metric,
           const char * const           *matchers,
           const LuminaMonitoringWindow *window)
{
  return lumina_monitoring_fetch_sum (store, metric, matchers, window);
}

static double
array_max (GArray *samples)
{
  double max = NAN;

  for (guint i = 0; i < samples->len; i++)
    if (!(g_array_index (samples, LuminaMetricSample, i).value <= max))
      max = g_array_index (samples, LuminaMetricSample, i).value;
  return max;
}

static void
fill_host (LuminaMonitoringPage         *self,
           LuminaMetricStore            *store,
           const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) memory = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) swap = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) load = lumina_monitoring_lines_new ();
  g_autoptr(GArray) swap_total = NULL;

  lumina_monitoring_lines_add (memory, _("Used"), LUMINA_CHART_STYLE_AREA,
                               fetch_one (store, "host_memory_used_bytes", NULL, window), 1);
  lumina_monitoring_lines_add (memory, _("Total"), LUMINA_CHART_STYLE_LINE,
                               fetch_one (store, "host_memory_total_bytes", NULL, window), 1);
  lumina_monitoring_chart_show (chart (self, "memory"), window, memory);
  swap_total = fetch_one (store, "host_swap_total_bytes", NULL, window);
  if (array_max (swap_total) > 0)
    {
      lumina_monitoring_lines_add (swap, _("Used"), LUMINA_CHART_STYLE_AREA,
                                   fetch_one (store, "host_swap_used_bytes", NULL, window), 1);
      lumina_monitoring_lines_add (swap, _("Total"), LUMINA_CHART_STYLE_LINE, g_steal_pointer (&swap_total), 1);
    }
  else if (swap_total->len > 0)
    lumina_chart_set_placeholder (chart (self, "swap"), _("This machine has no swap space"));
  lumina_monitoring_chart_show (chart (self, "swap"), window, swap);

  lumina_monitoring_lines_add (load, _("1 min"), LUMINA_CHART_STYLE_LINE, fetch_one (store, "host_load1", NULL, window), 1);
  lumina_monitoring_lines_add (load, _("5 min"), LUMINA_CHART_STYLE_LINE, fetch_one (store, "host_load5", NULL, window), 1);
  lumina_monitoring_lines_add (load, _("15 min"), LUMINA_CHART_STYLE_LINE, fetch_one (store, "host_load15", NULL, window), 1);
  lumina_monitoring_chart_show (chart (self, "load"), window, load);
}

static void
fill_io (LuminaMonitoringPage         *self,
         LuminaMetricStore            *store,
         const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) disk = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) iops = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) network = lumina_monitoring_lines_new ();

  add_sum (disk, store, _("Read"), "host_disk_read_bytes_per_second", window);
  add_sum (disk, store, _("Write"), "host_disk_write_bytes_per_second", window);
  lumina_monitoring_chart_show (chart (self, "disk"), window, disk);
  add_sum (iops, store, _("Reads and writes"), "host_disk_iops", window);
  lumina_monitoring_chart_show (chart (self, "iops"), window, iops);
  add_sum (network, store, _("Received"), "host_network_receive_bytes_per_second", window);
  add_sum (network, store, _("Sent"), "host_network_transmit_bytes_per_second", window);
  lumina_monitoring_chart_show (chart (self, "network"), window, network);
}

static void
fill_filesystems (LuminaMonitoringPage         *self,
                  LuminaMetricStore            *store,
                  const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, "host_filesystem_size_bytes", NULL, NULL);
  g_autoptr(GPtrArray) lines = lumina_monitoring_lines_new ();

  for (guint i = 0; found != NULL && i < found->len && lines->len < MAX_FILESYSTEMS; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      const char *mountpoint = lumina_monitoring_series_label (info, "mountpoint");
      const char *matchers[] = { "mountpoint", "=", mountpoint, "device", "=",
                                 lumina_monitoring_series_label (info, "device"), NULL };
      g_autoptr(GArray) size = NULL;
      g_autoptr(GArray) used = NULL;

      if (mountpoint == NULL || matchers[5] == NULL)
        continue;
      size = lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG);
      used = fetch_one (store, "host_filesystem_used_bytes", matchers, window);
      lumina_monitoring_lines_add (lines, mountpoint, LUMINA_CHART_STYLE_LINE, lumina_monitoring_ratio (used, size), 100);
    }
  lumina_monitoring_chart_show (chart (self, "filesystem"), window, lines);
}

static void
fill_process (LuminaMonitoringPage         *self,
              LuminaMetricStore            *store,
              const LuminaMonitoringWindow *window)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  const char *matchers[] = { "pid", "=", pid, NULL };
  g_autoptr(GPtrArray) cpu = lumina_monitoring_lines_new ();
  g_autoptr(GPtrArray) memory = lumina_monitoring_lines_new ();

  lumina_monitoring_lines_add (cpu, _("CPU"), LUMINA_CHART_STYLE_AREA,
                               fetch_one (store, "process_cpu_usage_ratio", matchers, window), 100);
  lumina_monitoring_chart_show (chart (self, "process-cpu"), window, cpu);
  lumina_monitoring_lines_add (memory, _("Resident"), LUMINA_CHART_STYLE_AREA,
                               fetch_one (store, "process_resident_bytes", matchers, window), 1);
  lumina_monitoring_lines_add (memory, _("Peak"), LUMINA_CHART_STYLE_LINE,
                               fetch_one (store, "process_peak_resident_bytes", matchers, window), 1);
  lumina_monitoring_chart_show (chart (self, "process-memory"), window, memory);
}

/* ---- GPUs ---------------------------------------------------------------- */

static void
fill_gpu_chart (LuminaMonitoringPage         *self,
                LuminaMetricStore            *store,
                const char                   *id,
                const char                   *metric,
                double                        scale,
                const LuminaMonitoringWindow *window)
{
  g_autoptr(GPtrArray) found = lumina_metric_store_find_series (store, metric, NULL, NULL);
  g_autoptr(GPtrArray) lines = lumina_monitoring_lines_new ();

  for (guint i = 0; found != NULL && i < found->len && i < MAX_GPUS; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (found, i);
      const char *gpu = lumina_monitoring_series_label (info, "gpu");
      /* Translators: one GPU in a chart legend, such as “GPU 0” */
      g_autofree char *name = g_strdup_printf (_("GPU %s"), gpu != NULL ? gpu : "?");

      lumina_monitoring_lines_add (lines, name, LUMINA_CHART_STYLE_LINE,
                                   lumina_monitoring_fetch (store, info->id, window, LUMINA_METRIC_AGG_AVG), scale);
    }
  lumina_monitoring_chart_show (chart (self, id), window, lines);
}

static void
fill_gpus (LuminaMonitoringPage         *self,
           LuminaMetricStore            *store,
           const LuminaMonitoringWindow *window)
{
  static const ChartSpec gpu[] = {
    { "gpu-utilization", N_("GPU Utilization"), N_("Busy"), "%", 100 },
    { "gpu-memory", N_("GPU Memory"), N_("Used"), "B", NAN },
    { "gpu-temperature", N_("GPU Temperature"), N_("Temperature"), "°C", NAN },
    { "gpu-power", N_("GPU Power"), N_("Power"), "W", NAN },
  };
  LuminaGpuCollector *collector = lumina_collector_thread_get_gpu_collector (lumina_monitor_get_collectors (self->monitor));

  if (collector == NULL || !lumina_gpu_collector_is_available (collector))
    {
      g_autofree char *reason = collector != NULL ? lumina_gpu_collector_dup_unavailable_reason (collector) : NULL;

      gtk_label_set_text (self->gpu_reason_label, reason != NULL ? reason : _("GPU metrics are not collected."));
      gtk_stack_set_visible_child_name (self->gpu_stack, "unavailable");
      return;
    }

  if (!self->gpu_built)
    {
      add_charts (self, self->gpu_flow, gpu, G_N_ELEMENTS (gpu));
      self->gpu_built = TRUE;
    }
  gtk_stack_set_visible_child_name (self->gpu_stack, "charts");
  fill_gpu_chart (self, store, "gpu-utilization", "gpu_utilization_ratio", 100, window);
  fill_gpu_chart (self, store, "gpu-memory", "gpu_memory_used_bytes", 1, window);
  fill_gpu_chart (self, store, "gpu-temperature", "gpu_temperature_celsius", 1, window);
  fill_gpu_chart (self, store, "gpu-power", "gpu_power_watts", 1, window);
}

void
_lumina_monitoring_page_health_refresh (LuminaMonitoringPage         *self,
                                        const LuminaMonitoringWindow *window)
{
  LuminaMetricStore *store = _lumina_monitoring_page_get_store (self);

  g_assert (LUMINA_IS_MONITORING_PAGE (self));

  if (store == NULL)
    return;
  if (!self->health_built)
    build (self);

  fill_cpu (self, store, window);
  fill_host (self, store, window);
  fill_io (self, store, window);
  fill_filesystems (self, store, window);
  fill_process (self, store, window);
  fill_gpus (self, store, window);
}
