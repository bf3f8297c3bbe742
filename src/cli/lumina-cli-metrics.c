/* lumina-cli-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina metrics`: the workspace's metric store (metrics.db) from the
 * command line.  This file holds the command table, `list` and the
 * helpers the others share; query is in lumina-cli-metrics-query.c,
 * collect and serve in lumina-cli-metrics-run.c.
 */
#define G_LOG_DOMAIN "lumina-cli-metrics"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"
#include "lumina-cli-metrics-private.h"


/* ---- helpers shared with lumina-cli-metrics-run.c ---- */

static const struct
{
  const char *suffix;
  gint64      ms;
} units[] = {
  { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", HOUR_MS }, { "d", DAY_MS }, { "w", 7 * DAY_MS },
};

/* "10s", "1.5m", "2h", "7d", "500ms"; a bare number is seconds. */
gboolean
lumina_cli_metrics_parse_span (const char *text,
                               gint64     *ms)
{
  char *end = NULL;
  gint64 unit = 1000;
  double number;

  if (text == NULL || !(g_ascii_isdigit (text[0]) || text[0] == '.'))
    return FALSE;
  number = g_ascii_strtod (text, &end);
  if (end == NULL || end == text)
    return FALSE;
  if (*end != '\0')
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (units) && !g_str_equal (end, units[i].suffix); i++)
        ;
      if (i == G_N_ELEMENTS (units))
        return FALSE;
      unit = units[i].ms;
    }
  if (!isfinite (number) || number * (double) unit > (double) TIME_MAX_MS)
    return FALSE;
  *ms = (gint64) llround (number * (double) unit);
  return TRUE;
}

/**
 * lumina_cli_metrics_parse_duration:
 * @text: a number and a unit (ms, s, m, h, d, w), like "10s"; a bare
 *   number is seconds
 *
 * Returns: %FALSE with @error set when @text is not a positive duration
 */
gboolean
lumina_cli_metrics_parse_duration (const char  *text,
                                   gint64      *ms,
                                   GError     **error)
{
  if (lumina_cli_metrics_parse_span (text, ms) && *ms > 0)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a duration: use a number and a unit, like “10s”, “1m”, “2h” or “500ms”"), text);
  return FALSE;
}

static GArray *
last_of (GArray             *points,
         LuminaMetricSample *latest)
{
  if (points != NULL && points->len > 0)
    *latest = g_array_index (points, LuminaMetricSample, points->len - 1);
  return points;
}

/**
 * lumina_cli_metrics_latest:
 *
 * The newest sample of a series: from its ring when this process appended
 * to it, else the newest hour of the 1 h roll-up, refined from the raw
 * samples of that hour when they are still kept.
 *
 * Returns: %FALSE when the series has no sample
 */
gboolean
lumina_cli_metrics_latest (LuminaMetricStore  *store,
                           guint               series_id,
                           LuminaMetricSample *latest)
{
  g_autoptr(GArray) recent = lumina_metric_store_recent (store, series_id, 0);
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GArray) raw = NULL;
  LuminaMetricSample hour = { -1, NAN };

  if (recent != NULL && recent->len > 0)
    {
      last_of (recent, latest);
      return TRUE;
    }
  hours = last_of (lumina_metric_store_query_at (store, series_id, LUMINA_METRIC_RESOLUTION_1H, 0, TIME_MAX_MS,
                                                 HOUR_MS, LUMINA_METRIC_AGG_LAST, NULL), &hour);
  if (hour.time_ms < 0)
    return FALSE;
  *latest = hour;
  raw = last_of (lumina_metric_store_query_at (store, series_id, LUMINA_METRIC_RESOLUTION_RAW, hour.time_ms,
                                               MIN (hour.time_ms + HOUR_MS - 1, TIME_MAX_MS), 1,
                                               LUMINA_METRIC_AGG_LAST, NULL), latest);
  return TRUE;
}

/* ---- formatting ---- */

char *
lumina_cli_metrics_series_title (const char         *name,
                                 const char * const *labels)
{
  g_autofree char *text = lumina_metric_labels_format (labels);

  if (text[0] == '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s{%s}", name, text);
}

char *
lumina_cli_metrics_format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (lumina_prom_format_value (buffer, sizeof buffer, value));
}

/* "2026-01-31T12:00:00.000Z" */
char *
lumina_cli_metrics_format_time_utc (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

/* "2026-01-31 13:00:00" in local time, with milliseconds on request. */
char *
lumina_cli_metrics_format_time_local (gint64   ms,
                                      gboolean millis)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *seconds = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");

  if (!millis)
    return g_steal_pointer (&seconds);
  return g_strdup_printf ("%s.%03d", seconds, (int) (ms % 1000));
}

void
lumina_cli_metrics_add_labels (JsonBuilder        *builder,
                               const char * const *labels)
{
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  for (guint i = 0; labels != NULL && labels[i] != NULL && labels[i + 1] != NULL; i += 2)
    {
      json_builder_set_member_name (builder, labels[i]);
      json_builder_add_string_value (builder, labels[i + 1]);
    }
  json_builder_end_object (builder);
}

void
lumina_cli_metrics_add_time (JsonBuilder *builder,
                             const char  *member,
                             gint64       ms)
{
  g_autofree char *ms_member = g_strconcat (member, "_ms", NULL);
  g_autofree char *iso = lumina_cli_metrics_format_time_utc (ms);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, iso);
  json_builder_set_member_name (builder, ms_member);
  json_builder_add_int_value (builder, ms);
}

void
lumina_cli_metrics_add_value (JsonBuilder *builder,
                              const char  *member,
                              double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

LuminaMetricStore *
lumina_cli_metrics_open_store (LuminaCli  *cli,
                               GError    **error)
{
  g_autoptr(LuminaWorkspace) workspace = lumina_cli_open_workspace (cli, 0, error);

  if (workspace == NULL)
    return NULL;
  return lumina_metric_store_new (workspace, error);
}

/* ---- list ---- */

int
lumina_cli_metrics_compare_series (gconstpointer a,
                                   gconstpointer b)
{
  const LuminaMetricSeriesInfo *x = *(LuminaMetricSeriesInfo * const *) a;
  const LuminaMetricSeriesInfo *y = *(LuminaMetricSeriesInfo * const *) b;
  g_autofree char *xl = NULL;
  g_autofree char *yl = NULL;
  int c = strcmp (x->name, y->name);

  if (c != 0)
    return c;
  xl = lumina_metric_labels_format ((const char * const *) x->labels);
  yl = lumina_metric_labels_format ((const char * const *) y->labels);
  return strcmp (xl, yl);
}

static void
print_list_json (LuminaMetricStore *store,
                 GPtrArray         *series)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      LuminaMetricSample latest;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      lumina_cli_metrics_add_labels (builder, (const char * const *) info->labels);
      if (lumina_cli_metrics_latest (store, info->id, &latest))
        {
          lumina_cli_metrics_add_value (builder, "last_value", latest.value);
          lumina_cli_metrics_add_time (builder, "last_time", latest.time_ms);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static void
print_list_table (LuminaMetricStore *store,
                  GPtrArray         *series)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char * const headers[] = { _("SERIES"), _("LAST VALUE"), _("LAST SAMPLE"), NULL };

  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      LuminaMetricSample latest;
      char **row = g_new0 (char *, 4);

      row[0] = lumina_cli_metrics_series_title (info->name, (const char * const *) info->labels);
      if (lumina_cli_metrics_latest (store, info->id, &latest))
        {
          row[1] = lumina_cli_metrics_format_value (latest.value);
          row[2] = lumina_cli_metrics_format_time_local (latest.time_ms, FALSE);
        }
      else
        {
          row[1] = g_strdup ("—");
          row[2] = g_strdup ("—");
        }
      g_ptr_array_add (rows, row);
    }
  lumina_cli_data_print_table (headers, "lrl", rows);
}

static int
lumina_cli_metrics_list (LuminaCli  *cli,
                         char      **args)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (!(store = lumina_cli_metrics_open_store (cli, &error)))
    return lumina_cli_fail (error);

  series = lumina_metric_store_list_series (store);
  g_ptr_array_sort (series, lumina_cli_metrics_compare_series);
  if (cli->json)
    print_list_json (store, series);
  else if (series->len == 0)
    g_print (_("No metrics yet. Collect some with “lumina metrics collect”.\n"));
  else
    print_list_table (store, series);

  return LUMINA_CLI_EXIT_OK;
}

/* ---- the command table ---- */

static const LuminaCliCommand metrics_list_command = {
  "list", NULL,
  N_("List every series in the metric store with its latest value."),
  lumina_cli_metrics_list, NULL,
};

static const LuminaCliCommand metrics_query_command = {
  "query", N_("METRIC"),
  N_("Print a series over a time range, aggregated per step."),
  lumina_cli_metrics_query, NULL,
};

static const LuminaCliCommand metrics_collect_command = {
  "collect", NULL,
  N_("Collect host, process and GPU metrics into the store until Ctrl+C."),
  lumina_cli_metrics_collect, NULL,
};

static const LuminaCliCommand metrics_serve_command = {
  "serve", NULL,
  N_("Serve the latest value of every recent series for Prometheus at /metrics until Ctrl+C."),
  lumina_cli_metrics_serve, NULL,
};

static const LuminaCliCommand * const metrics_subcommands[] = {
  &metrics_list_command,
  &metrics_query_command,
  &metrics_collect_command,
  &metrics_serve_command,
  NULL
};

const LuminaCliCommand lumina_cli_metrics_command = {
  "metrics", NULL,
  N_("List, query, collect and export monitoring metrics."),
  NULL, metrics_subcommands,
};
