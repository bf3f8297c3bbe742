/* lumina-cli-metrics-run.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The long-running `lumina metrics` commands: collect (the collectors into
 * the store, headless) and serve (the store as a Prometheus /metrics
 * page).  Both run a main loop until SIGINT or SIGTERM and flush the store
 * before they exit.
 */
#define G_LOG_DOMAIN "lumina-cli-metrics-run"

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "lumina-cli-metrics-private.h"

#define STATUS_INTERVAL_S  60
#define MIN_INTERVAL_MS    100
#define MAX_INTERVAL_MS    (3600 * 1000)
#define DEFAULT_PROM_PORT  9464
/* Prometheus looks back 5 minutes for a series' newest sample; a series the
 * store has not heard of for longer (a process that ended, a model server
 * stopped) is left off the page, as a live exporter would. */
#define DEFAULT_MAX_AGE_MS (5 * 60 * 1000)

typedef struct
{
  GMainLoop     *loop;
  LuminaMonitor *monitor;
  gboolean       json;
  guint          sigint;
  guint          sigterm;
} RunState;

static gboolean
quit_cb (gpointer data)
{
  RunState *state = data;

  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static void
run_until_signal (RunState *state)
{
  state->loop = g_main_loop_new (NULL, FALSE);
  state->sigint = g_unix_signal_add (SIGINT, quit_cb, state);
  state->sigterm = g_unix_signal_add (SIGTERM, quit_cb, state);
  g_main_loop_run (state->loop);
  g_clear_handle_id (&state->sigint, g_source_remove);
  g_clear_handle_id (&state->sigterm, g_source_remove);
  g_clear_pointer (&state->loop, g_main_loop_unref);
}

static LuminaMonitor *
open_monitor (LuminaCli  *cli,
              GError    **error)
{
  g_autoptr(LuminaWorkspace) workspace = lumina_cli_open_workspace (cli, 0, error);

  if (workspace == NULL)
    return NULL;
  return lumina_monitor_new (workspace, error);
}

/* --interval, checked. */
static gboolean
parse_interval (const char  *text,
                guint       *interval_ms,
                GError     **error)
{
  gint64 ms = 1000;

  if (text != NULL && !lumina_cli_metrics_parse_duration (text, &ms, error))
    return FALSE;
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--interval must be from 100ms to 1h, not %s"), text);
      return FALSE;
    }
  *interval_ms = (guint) ms;
  return TRUE;
}

static guint
count_series (LuminaMetricStore *store)
{
  g_autoptr(GPtrArray) series = lumina_metric_store_list_series (store);

  return series->len;
}

/* Stops collecting and writes what is pending. */
static gboolean
stop_and_flush (LuminaMonitor  *monitor,
                GError        **error)
{
  lumina_monitor_stop (monitor);
  return lumina_metric_store_flush (lumina_monitor_get_store (monitor), error);
}

/* ---- collect ---- */

static guint64
batches_of (LuminaMonitor *monitor)
{
  LuminaCollectorThread *collectors = lumina_monitor_get_collectors (monitor);

  return collectors != NULL ? lumina_collector_thread_get_n_batches (collectors) : 0;
}

static gboolean
status_cb (gpointer data)
{
  RunState *state = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  LuminaMetricStore *store = lumina_monitor_get_store (state->monitor);

  if (state->json)
    return G_SOURCE_CONTINUE;
  /* Translators: a status line; %s is a time of day */
  g_print (_("%s: %" G_GUINT64_FORMAT " batches collected, %u series in the store\n"), time,
           batches_of (state->monitor), count_series (store));
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static void
print_collect_summary (RunState *state)
{
  LuminaMetricStore *store = lumina_monitor_get_store (state->monitor);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!state->json)
    {
      g_print (_("Stopped after %" G_GUINT64_FORMAT " batches; %u series in the store.\n"),
               batches_of (state->monitor), count_series (store));
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, lumina_metric_store_get_path (store));
  json_builder_set_member_name (builder, "batches");
  json_builder_add_int_value (builder, (gint64) batches_of (state->monitor));
  json_builder_set_member_name (builder, "series");
  json_builder_add_int_value (builder, count_series (store));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static int
collect_run (LuminaCli *cli,
             guint      interval_ms,
             gint64     duration_ms)
{
  g_autoptr(LuminaMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  RunState state = { NULL };
  guint status_id, duration_id = 0;

  if (!(monitor = open_monitor (cli, &error)) || !lumina_monitor_start (monitor, interval_ms, &error))
    return lumina_cli_fail (error);

  state.monitor = monitor;
  state.json = cli->json;
  if (!cli->json)
    {
      g_print (_("Collecting host, process and GPU metrics every %u ms into %s; Ctrl+C stops.\n"),
               interval_ms, lumina_metric_store_get_path (lumina_monitor_get_store (monitor)));
      fflush (stdout);
    }
  status_id = g_timeout_add_seconds (STATUS_INTERVAL_S, status_cb, &state);
  if (duration_ms > 0)
    duration_id = g_timeout_add ((guint) MIN (duration_ms, G_MAXUINT), quit_cb, &state);
  run_until_signal (&state);
  g_source_remove (status_id);
  g_clear_handle_id (&duration_id, g_source_remove);

  if (!stop_and_flush (monitor, &error))
    return lumina_cli_fail (error);
  print_collect_summary (&state);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_metrics_collect (LuminaCli  *cli,
                            char      **args)
{
  g_autofree char *interval = NULL;
  g_autofree char *duration = NULL;
  const GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval,
      N_("Time between collections, like “1s” or “500ms” (default: 1s)"), N_("DURATION") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration,
      N_("Stop after this long, like “10m” (default: run until Ctrl+C)"), N_("DURATION") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GError) error = NULL;
  guint interval_ms = 0;
  gint64 duration_ms = 0;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (!parse_interval (interval, &interval_ms, &error) ||
      (duration != NULL && !lumina_cli_metrics_parse_duration (duration, &duration_ms, &error)))
    return lumina_cli_usage_error (context, "%s", error->message);

  return collect_run (cli, interval_ms, duration_ms);
}

/* ---- serve ---- */

typedef struct
{
  LuminaMetricStore *store;
  gint64             max_age_ms;   /* 0: every series */
} ServeSource;

static void
serve_source_free (ServeSource *source)
{
  g_object_unref (source->store);
  g_free (source);
}

/* The exporter's callback: the latest sample of every series heard of
 * within the maximum age. */
static GPtrArray *
latest_points (gpointer user_data)
{
  ServeSource *source = user_data;
  g_autoptr(GPtrArray) series = lumina_metric_store_list_series (source->store);
  GPtrArray *points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
  gint64 oldest_ms = source->max_age_ms > 0 ? g_get_real_time () / 1000 - source->max_age_ms : G_MININT64;

  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      LuminaMetricSample latest;

      if (lumina_cli_metrics_latest (source->store, info->id, &latest) && latest.time_ms >= oldest_ms)
        g_ptr_array_add (points, lumina_metric_point_new (info->name, (const char * const *) info->labels,
                                                          latest.time_ms, latest.value));
    }
  return points;
}

static void
print_serving (LuminaCli          *cli,
               LuminaPromExporter *exporter,
               ServeSource        *source,
               gboolean            collecting)
{
  g_autofree char *url = lumina_prom_exporter_dup_url (exporter);
  g_autoptr(GPtrArray) served = latest_points (source);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!cli->json)
    {
      g_print (_("Serving %u series at %s%s; Ctrl+C stops.\n"), served->len, url,
               collecting ? _(" while collecting") : "");
      fflush (stdout);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, lumina_prom_exporter_get_port (exporter));
  json_builder_set_member_name (builder, "series");
  json_builder_add_int_value (builder, served->len);
  json_builder_set_member_name (builder, "collecting");
  json_builder_add_boolean_value (builder, collecting);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static int
serve_run (LuminaCli  *cli,
           const char *host,
           guint       port,
           gboolean    collect,
           guint       interval_ms,
           gint64      max_age_ms)
{
  g_autoptr(LuminaMonitor) monitor = NULL;
  g_autoptr(LuminaPromExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  LuminaMetricStore *store;
  ServeSource *source;
  RunState state = { NULL };

  if (!(monitor = open_monitor (cli, &error)))
    return lumina_cli_fail (error);
  store = lumina_monitor_get_store (monitor);
  source = g_new0 (ServeSource, 1);
  source->store = g_object_ref (store);
  source->max_age_ms = max_age_ms;
  exporter = lumina_prom_exporter_new (latest_points, source, (GDestroyNotify) serve_source_free);
  if (!lumina_prom_exporter_listen (exporter, host, port, &error))
    {
      g_prefix_error (&error, _("Could not listen on %s port %u: "), host, port);
      return lumina_cli_fail (error);
    }
  if (collect && !lumina_monitor_start (monitor, interval_ms, &error))
    return lumina_cli_fail (error);

  print_serving (cli, exporter, source, collect);
  state.monitor = monitor;
  run_until_signal (&state);

  lumina_prom_exporter_stop (exporter);
  if (!stop_and_flush (monitor, &error))
    return lumina_cli_fail (error);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_metrics_serve (LuminaCli  *cli,
                          char      **args)
{
  g_autofree char *host = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *max_age = NULL;
  int port = DEFAULT_PROM_PORT;
  gint64 max_age_ms = DEFAULT_MAX_AGE_MS;
  gboolean collect = FALSE;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The address to listen on (default: 127.0.0.1)"),
      N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port; 0 picks a free one (default: 9464)"), N_("PORT") },
    { "with-collector", 0, 0, G_OPTION_ARG_NONE, &collect,
      N_("Also collect host, process and GPU metrics into the store"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval,
      N_("Time between collections with --with-collector (default: 1s)"), N_("DURATION") },
    { "max-age", 0, 0, G_OPTION_ARG_STRING, &max_age,
      N_("Leave out series whose newest sample is older than this; “all” keeps every series (default: 5m)"),
      N_("DURATION") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GError) error = NULL;
  guint interval_ms = 0;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (port < 0 || port > 65535)
    return lumina_cli_usage_error (context, _("--port must be from 0 to 65535"));
  if (!parse_interval (interval, &interval_ms, &error))
    return lumina_cli_usage_error (context, "%s", error->message);
  if (g_strcmp0 (max_age, "all") == 0)
    max_age_ms = 0;
  else if (max_age != NULL && !lumina_cli_metrics_parse_duration (max_age, &max_age_ms, &error))
    return lumina_cli_usage_error (context, _("--max-age takes a duration or “all”: %s"), error->message);

  return serve_run (cli, host != NULL ? host : "127.0.0.1", (guint) port, collect, interval_ms,
                    max_age_ms);
}
