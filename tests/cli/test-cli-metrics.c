/* test-cli-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina metrics` and `lumina feedback`: the real binary against a
 * workspace whose metric store was filled through the engine, a headless
 * collector, a /metrics page checked by promtool, and delayed labels
 * joined to requests a model server in this process captured.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "test-cli-util.h"
#include "test-serve-util.h"
#include "../test-promtool.h"

#define STEP_MS 10000

#define WS_RUN(fixture, ...) \
  ws_runv ((fixture), (const char * const []) { __VA_ARGS__, NULL })

static CliResult *
ws_runv (CliFixture         *fixture,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->ws);
  g_ptr_array_add (argv, NULL);
  return cli_runv (fixture, NULL, (const char * const *) argv->pdata);
}

static JsonNode *
ok_json (CliResult *result)
{
  cli_assert_exit (result, 0);
  return cli_result_parse_json (result);
}

/* A usage error: exit 2, nothing on stdout, the reason on stderr. */
static void
assert_usage_error (CliResult  *result,
                    const char *reason)
{
  cli_assert_exit (result, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_nonnull (strstr (result->err, reason));
}

static void
assert_failure (CliResult  *result,
                const char *reason)
{
  cli_assert_one_line_error (result);
  g_assert_nonnull (strstr (result->err, reason));
}

static LuminaWorkspace *
open_workspace (CliFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  LuminaWorkspace *ws = lumina_workspace_open (fixture->ws, 0, &error);

  g_assert_no_error (error);
  return ws;
}

static LuminaMetricStore *
open_store (CliFixture *fixture)
{
  g_autoptr(LuminaWorkspace) ws = open_workspace (fixture);
  g_autoptr(GError) error = NULL;
  LuminaMetricStore *store = lumina_metric_store_new (ws, &error);

  g_assert_no_error (error);
  return store;
}

static guint
series (LuminaMetricStore  *store,
        const char         *name,
        const char * const *labels)
{
  g_autoptr(GError) error = NULL;
  guint id = lumina_metric_store_series (store, name, labels, &error);

  g_assert_no_error (error);
  return id;
}

static void
append (LuminaMetricStore *store,
        guint              id,
        gint64             time_ms,
        double             value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_metric_store_append (store, id, time_ms, value, &error));
  g_assert_no_error (error);
}

/* A whole minute an hour ago, so 30 s steps line up with it. */
static gint64
base_time (void)
{
  gint64 now_ms = g_get_real_time () / 1000;

  return (now_ms - 3600000) / 60000 * 60000;
}

static char *
iso (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* gauge{host=a}: 0, 1, …, 11 every 10 s from @t0; gauge{host=b}: 100 + k;
 * a counter rising by 5 each 10 s; a histogram's buckets; and one sample
 * five minutes ago. */
static void
fill_store (CliFixture *fixture,
            gint64      t0)
{
  g_autoptr(LuminaMetricStore) store = open_store (fixture);
  const char *a[] = { "host", "a", NULL };
  const char *b[] = { "host", "b", NULL };
  const char *le[][3] = { { "le", "0.1", NULL }, { "le", "0.5", NULL }, { "le", "+Inf", NULL } };
  const double counts[] = { 10, 20, 20 };
  guint ga = series (store, "lumina_test_level", a);
  guint gb = series (store, "lumina_test_level", b);
  guint counter = series (store, "lumina_test_requests_total", NULL);
  guint recent = series (store, "lumina_test_recent", NULL);
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < 12; k++)
    {
      append (store, ga, t0 + k * STEP_MS, k);
      append (store, gb, t0 + k * STEP_MS, 100 + k);
      append (store, counter, t0 + k * STEP_MS, 5.0 * k);
    }
  for (guint i = 0; i < G_N_ELEMENTS (le); i++)
    {
      guint bucket = series (store, "lumina_test_latency_seconds_bucket", le[i]);

      append (store, bucket, t0, 0);
      append (store, bucket, t0 + STEP_MS, counts[i]);
    }
  append (store, recent, g_get_real_time () / 1000 - 5 * 60000, 42.5);
  g_assert_true (lumina_metric_store_flush (store, &error));
}

static JsonObject *
find_listed (JsonArray  *list,
             const char *name,
             const char *host)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *object = json_array_get_object_element (list, i);
      JsonObject *labels = json_object_get_object_member (object, "labels");

      if (g_str_equal (json_object_get_string_member (object, "name"), name) &&
          g_strcmp0 (json_object_get_string_member_with_default (labels, "host", NULL), host) == 0)
        return object;
    }
  g_assert_not_reached ();
}

static void
test_list (CliFixture    *fixture,
           gconstpointer  data)
{
  gint64 t0 = base_time ();
  g_autoptr(CliResult) empty = NULL;
  g_autoptr(CliResult) table = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  JsonObject *a;

  cli_init_workspace (fixture);
  empty = WS_RUN (fixture, "metrics", "list");
  cli_assert_exit (empty, 0);
  g_assert_nonnull (strstr (empty->out, "No metrics yet"));

  fill_store (fixture, t0);
  {
    g_autoptr(CliResult) result = WS_RUN (fixture, "--json", "metrics", "list");

    root = ok_json (result);
  }
  list = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (list), ==, 7);
  a = find_listed (list, "lumina_test_level", "a");
  g_assert_cmpfloat (json_object_get_double_member (a, "last_value"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (a, "last_time_ms"), ==, t0 + 11 * STEP_MS);
  g_assert_cmpfloat (json_object_get_double_member (find_listed (list, "lumina_test_level", "b"), "last_value"),
                     ==, 111);
  g_assert_cmpfloat (json_object_get_double_member (find_listed (list, "lumina_test_requests_total", NULL),
                                                    "last_value"), ==, 55);

  table = WS_RUN (fixture, "metrics", "list");
  cli_assert_exit (table, 0);
  g_assert_nonnull (strstr (table->out, "SERIES"));
  g_assert_nonnull (strstr (table->out, "lumina_test_level{host=\"b\"}"));
  g_assert_nonnull (strstr (table->out, "42.5"));
}

/* `metrics query --json` over the two minutes, 30 s steps; the gauge is {host=a}. */
static JsonArray *
query_points (CliFixture  *fixture,
              gint64       t0,
              const char  *metric,
              const char  *agg,
              JsonNode   **root)
{
  g_autofree char *from = iso (t0);
  g_autofree char *to = iso (t0 + 11 * STEP_MS);
  gboolean gauge = g_str_equal (metric, "lumina_test_level");
  g_autoptr(CliResult) result = WS_RUN (fixture, "--json", "metrics", "query", metric,
                                        "--from", from, "--to", to, "--step", "30s", "--agg", agg,
                                        gauge ? "--label" : "--to", gauge ? "host=a" : to);

  *root = ok_json (result);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (*root), "step_ms"), ==, 30000);
  return json_object_get_array_member (json_node_get_object (*root), "points");
}

static void
test_query_aggregations (CliFixture    *fixture,
                         gconstpointer  data)
{
  /* Windows of 30 s hold k = 0-2, 3-5, 6-8 and 9-11. */
  static const struct
  {
    const char *agg;
    double      values[4];
  } cases[] = {
    { "avg", { 1, 4, 7, 10 } }, { "min", { 0, 3, 6, 9 } }, { "max", { 2, 5, 8, 11 } },
    { "sum", { 3, 12, 21, 30 } }, { "count", { 3, 3, 3, 3 } }, { "last", { 2, 5, 8, 11 } },
  };
  gint64 t0 = base_time ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *points;

  cli_init_workspace (fixture);
  fill_store (fixture, t0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_clear_pointer (&root, json_node_unref);
      points = query_points (fixture, t0, "lumina_test_level", cases[i].agg, &root);
      g_assert_cmpuint (json_array_get_length (points), ==, 4);
      for (guint p = 0; p < 4; p++)
        {
          JsonObject *point = json_array_get_object_element (points, p);

          g_assert_cmpint (json_object_get_int_member (point, "time_ms"), ==, t0 + p * 30000);
          g_assert_cmpfloat (json_object_get_double_member (point, "value"), ==, cases[i].values[p]);
        }
    }

  /* rate: the counter rises 5 per 10 s, 15 in each later window. */
  g_clear_pointer (&root, json_node_unref);
  points = query_points (fixture, t0, "lumina_test_requests_total", "rate", &root);
  g_assert_cmpuint (json_array_get_length (points), ==, 4);
  for (guint p = 1; p < 4; p++)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (points, p),
                                                                   "value"), 0.5, 1e-12);

  /* p50 and p95 of the histogram's 20 observations: 10 at most 0.1, 10 in (0.1, 0.5]. */
  g_clear_pointer (&root, json_node_unref);
  points = query_points (fixture, t0, "lumina_test_latency_seconds", "p50", &root);
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (points, 0),
                                                                 "value"), 0.1, 1e-12);
  g_clear_pointer (&root, json_node_unref);
  points = query_points (fixture, t0, "lumina_test_latency_seconds", "p95", &root);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (points, 0),
                                                                 "value"), 0.46, 1e-12);
}

static void
test_query_formats (CliFixture    *fixture,
                    gconstpointer  data)
{
  gint64 t0 = base_time ();
  g_autofree char *from = iso (t0);
  g_autofree char *to = iso (t0 + 11 * STEP_MS);
  g_autofree char *first = NULL;
  g_autoptr(CliResult) csv = NULL;
  g_autoptr(CliResult) table = NULL;
  g_autoptr(CliResult) relative = NULL;
  g_autoptr(CliResult) now_form = NULL;
  g_autoptr(CliResult) too_recent = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *points;

  cli_init_workspace (fixture);
  fill_store (fixture, t0);

  csv = WS_RUN (fixture, "metrics", "query", "lumina_test_level", "--label", "host=b", "--from", from,
                "--to", to, "--step", "1m", "--csv");
  cli_assert_exit (csv, 0);
  lines = g_strsplit (csv->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "time,value");
  first = g_strdup_printf ("%.*s.000Z,102.5", (int) strlen (from) - 1, from);
  g_assert_cmpstr (lines[1], ==, first);
  g_assert_true (g_str_has_suffix (lines[2], ",108.5"));
  g_assert_cmpstr (lines[3], ==, "");

  table = WS_RUN (fixture, "metrics", "query", "lumina_test_level", "--label", "host=a", "--from", from,
                  "--to", to, "--step", "1m", "--agg", "max");
  cli_assert_exit (table, 0);
  g_assert_nonnull (strstr (table->out, "TIME"));
  g_assert_nonnull (strstr (table->out, "VALUE"));
  g_assert_nonnull (strstr (table->out, " 5\n"));
  g_assert_nonnull (strstr (table->out, " 11\n"));

  /* Relative times: the sample five minutes ago is in the last ten, not the last two. */
  relative = WS_RUN (fixture, "--json", "metrics", "query", "lumina_test_recent", "--from", "-10m");
  root = ok_json (relative);
  points = json_object_get_array_member (json_node_get_object (root), "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (points, 0), "value"), ==, 42.5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "step_ms"), ==, 5000);

  now_form = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--from", "now-1h",
                     "--to", "now", "--csv");
  cli_assert_exit (now_form, 0);
  g_assert_true (g_str_has_suffix (now_form->out, ",42.5\n"));
  too_recent = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--from", "-2m", "--csv");
  cli_assert_exit (too_recent, 0);
  g_assert_cmpstr (too_recent->out, ==, "time,value\n");
}

static void
test_query_errors (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliResult) unknown = NULL;
  g_autoptr(CliResult) ambiguous = NULL;
  g_autoptr(CliResult) no_match = NULL;
  g_autoptr(CliResult) bad_time = NULL;
  g_autoptr(CliResult) reversed = NULL;
  g_autoptr(CliResult) bad_agg = NULL;
  g_autoptr(CliResult) bad_step = NULL;
  g_autoptr(CliResult) bad_label = NULL;
  g_autoptr(CliResult) both = NULL;
  g_autoptr(CliResult) missing = NULL;
  g_autoptr(CliResult) not_histogram = NULL;
  g_autoptr(CliResult) no_workspace = NULL;

  cli_init_workspace (fixture);
  fill_store (fixture, base_time ());

  unknown = WS_RUN (fixture, "metrics", "query", "lumina_test_levels");
  assert_failure (unknown, "did you mean “lumina_test_level”");
  ambiguous = WS_RUN (fixture, "metrics", "query", "lumina_test_level");
  assert_failure (ambiguous, "lumina_test_level{host=\"a\"}, lumina_test_level{host=\"b\"}");
  no_match = WS_RUN (fixture, "metrics", "query", "lumina_test_level", "--label", "host=c");
  assert_failure (no_match, "No series matches lumina_test_level{host=\"c\"}");
  not_histogram = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--agg", "p99");
  assert_failure (not_histogram, "not a histogram");

  bad_time = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--from", "yesterday");
  assert_usage_error (bad_time, "“yesterday” is not a time");
  reversed = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--from", "now", "--to", "-1h");
  assert_usage_error (reversed, "is after --to");
  bad_agg = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--agg", "median");
  assert_usage_error (bad_agg, "“median” is not an aggregation");
  bad_step = WS_RUN (fixture, "metrics", "query", "lumina_test_recent", "--step", "10x");
  assert_usage_error (bad_step, "“10x” is not a duration");
  bad_label = WS_RUN (fixture, "metrics", "query", "lumina_test_level", "--label", "host");
  assert_usage_error (bad_label, "is not NAME=VALUE");
  both = WS_RUN (fixture, "--json", "metrics", "query", "lumina_test_recent", "--csv");
  assert_usage_error (both, "not both");
  missing = WS_RUN (fixture, "metrics", "query");
  assert_usage_error (missing, "Give the metric");

  {
    g_autofree char *nowhere = g_build_filename (fixture->tmpdir, "nowhere", NULL);
    const char *args[] = { "metrics", "list", "--workspace", nowhere, NULL };

    no_workspace = cli_runv (fixture, NULL, args);
    assert_failure (no_workspace, "No workspace at");
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }
}

static void
test_collect (CliFixture    *fixture,
              gconstpointer  data)
{
  const char *total[] = { "cpu", "total", NULL };
  g_autoptr(CliResult) result = NULL;
  g_autoptr(CliResult) bad = NULL;
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_ms;

  cli_init_workspace (fixture);
  bad = WS_RUN (fixture, "metrics", "collect", "--interval", "1ms");
  assert_usage_error (bad, "--interval must be");

  result = WS_RUN (fixture, "metrics", "collect", "--duration", "3s", "--interval", "500ms");
  cli_assert_exit (result, 0);
  g_assert_nonnull (strstr (result->out, "Stopped after"));

  store = open_store (fixture);
  now_ms = g_get_real_time () / 1000;
  samples = lumina_metric_store_query_at (store, series (store, "host_cpu_usage_ratio", total),
                                          LUMINA_METRIC_RESOLUTION_RAW, now_ms - 60000, now_ms, 1,
                                          LUMINA_METRIC_AGG_LAST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, >=, 3);
  for (guint i = 0; i < samples->len; i++)
    {
      double value = g_array_index (samples, LuminaMetricSample, i).value;

      g_assert_cmpfloat (value, >=, 0);
      g_assert_cmpfloat (value, <=, 1);
    }
}

/* In the child: dies with the test, so a failed assertion leaves no server behind. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A search running in another process (`lumina automl run`) is found from
 * its run, and the headless collector records that process's CPU time and
 * memory under its PID. */
static void
test_collect_jobs (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *iris = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) search = NULL;
  g_autoptr(CliResult) imported = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(GArray) cpu = NULL;
  g_autoptr(GArray) memory = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_text = NULL;
  gboolean found = FALSE;
  gint64 now_ms;
  int pid;

  cli_init_workspace (fixture);
  imported = WS_RUN (fixture, "data", "import", iris, "--name", "iris");
  cli_assert_exit (imported, 0);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->xdg, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  search = g_subprocess_launcher_spawn (launcher, &error, cli_binary_path (), "automl", "run", "--data", "iris",
                                        "--target", "species", "--budget", "120", "--workspace", fixture->ws, NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (search));

  ws = open_workspace (fixture);
  tracker = lumina_tracker_new (ws);
  for (guint i = 0; i < 300 && !found; i++)
    {
      g_autoptr(GPtrArray) active = lumina_tracker_list_active_runs (tracker, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < active->len; j++)
        {
          const LuminaActiveRun *item = g_ptr_array_index (active, j);

          found |= item->pid == pid && item->state == LUMINA_ACTIVE_RUN_LIVE;
        }
      if (!found)
        g_usleep (100 * 1000);
    }
  g_assert_true (found);

  result = WS_RUN (fixture, "metrics", "collect", "--duration", "3s", "--interval", "250ms");
  cli_assert_exit (result, 0);
  g_subprocess_force_exit (search);
  g_subprocess_wait (search, NULL, &error);
  g_assert_no_error (error);

  store = open_store (fixture);
  pid_text = g_strdup_printf ("%d", pid);
  now_ms = g_get_real_time () / 1000;
  {
    const char *labels[] = { "name", "lumina", "pid", pid_text, NULL };

    cpu = lumina_metric_store_query_at (store, series (store, "process_cpu_seconds_total", labels),
                                        LUMINA_METRIC_RESOLUTION_RAW, now_ms - 60000, now_ms, 1,
                                        LUMINA_METRIC_AGG_LAST, &error);
    g_assert_no_error (error);
    memory = lumina_metric_store_query_at (store, series (store, "process_peak_resident_bytes", labels),
                                           LUMINA_METRIC_RESOLUTION_RAW, now_ms - 60000, now_ms, 1,
                                           LUMINA_METRIC_AGG_LAST, &error);
    g_assert_no_error (error);
  }
  /* Collected from the first check on (at start), every 250 ms. */
  g_assert_cmpuint (cpu->len, >=, 4);
  g_assert_cmpuint (memory->len, >=, 4);
  g_assert_cmpfloat (g_array_index (cpu, LuminaMetricSample, cpu->len - 1).value, >,
                     g_array_index (cpu, LuminaMetricSample, 0).value);
  g_assert_cmpfloat (g_array_index (memory, LuminaMetricSample, 0).value, >, 1e6);
}

/* Starts `metrics serve` (with --max-age @max_age unless %NULL) and reads
 * the URL it prints. */
static GSubprocess *
spawn_serve (CliFixture  *fixture,
             gboolean     collect,
             const char  *max_age,
             char       **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_strv_builder_add_many (builder, cli_binary_path (), "metrics", "serve", "--port", "0", "--json",
                           "--workspace", fixture->ws, NULL);
  if (collect)
    g_strv_builder_add_many (builder, "--with-collector", "--interval", "200ms", NULL);
  if (max_age != NULL)
    g_strv_builder_add_many (builder, "--max-age", max_age, NULL);
  argv = g_strv_builder_end (builder);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->xdg, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  *url = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "url"));
  g_assert_true (g_str_has_prefix (*url, "http://127.0.0.1:"));
  return process;
}

static char *
scrape (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
interrupt (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serve (CliFixture    *fixture,
            gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) recent = NULL;
  g_autoptr(GSubprocess) collecting = NULL;
  g_autoptr(CliResult) bad_port = NULL;
  g_autoptr(CliResult) bad_age = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *recent_page = NULL;
  g_autofree char *live = NULL;

  cli_init_workspace (fixture);
  fill_store (fixture, base_time ());
  bad_port = WS_RUN (fixture, "metrics", "serve", "--port", "70000");
  assert_usage_error (bad_port, "--port must be");
  bad_age = WS_RUN (fixture, "metrics", "serve", "--max-age", "soon");
  assert_usage_error (bad_age, "--max-age");

  /* Every series, however old its newest sample. */
  process = spawn_serve (fixture, FALSE, "all", &url);
  page = scrape (url);
  g_assert_nonnull (strstr (page, "lumina_test_level{host=\"a\"} 11\n"));
  g_assert_nonnull (strstr (page, "lumina_test_level{host=\"b\"} 111\n"));
  g_assert_nonnull (strstr (page, "# TYPE lumina_test_requests_total counter\nlumina_test_requests_total 55\n"));
  g_assert_nonnull (strstr (page, "lumina_test_recent 42.5\n"));
  g_assert_nonnull (strstr (page, "lumina_test_latency_seconds_bucket{le=\"+Inf\"} 20\n"));
  test_assert_promtool_accepts (page);
  interrupt (process);

  /* Only the series heard of in the last 10 minutes: those last written an
   * hour ago (a process that ended, a server that stopped) are left off. */
  g_clear_pointer (&url, g_free);
  recent = spawn_serve (fixture, FALSE, "10m", &url);
  recent_page = scrape (url);
  g_assert_nonnull (strstr (recent_page, "lumina_test_recent 42.5\n"));
  g_assert_null (strstr (recent_page, "lumina_test_level"));
  g_assert_null (strstr (recent_page, "lumina_test_requests_total"));
  test_assert_promtool_accepts (recent_page);
  interrupt (recent);

  /* With the collector, host metrics show up on the page as they come; the
   * default age (5 minutes) keeps the hour-old series off it. */
  g_clear_pointer (&url, g_free);
  collecting = spawn_serve (fixture, TRUE, NULL, &url);
  for (guint i = 0; i < 100 && (live == NULL || strstr (live, "host_cpu_usage_ratio{cpu=\"total\"}") == NULL); i++)
    {
      g_usleep (100000);
      g_free (live);
      live = scrape (url);
    }
  g_assert_nonnull (strstr (live, "host_cpu_usage_ratio{cpu=\"total\"}"));
  g_assert_null (strstr (live, "lumina_test_level"));
  test_assert_promtool_accepts (live);
  interrupt (collecting);
}

/* ---- feedback ---- */

static const double iris_rows[][4] = {
  { 5.1, 3.5, 1.4, 0.2 }, { 6.7, 3.0, 5.2, 2.3 }, { 5.9, 3.0, 4.2, 1.5 },
};

/* The class served for row @row under OIP id @id. */
static char *
infer (SoupSession *session,
       const char  *url,
       const char  *id,
       guint        row)
{
  g_autofree char *full = g_strconcat (url, "/v2/models/api/infer", NULL);
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],"
                                           "\"datatype\":\"FP64\",\"data\":[%g,%g,%g,%g]}]}", id,
                                           iris_rows[row][0], iris_rows[row][1], iris_rows[row][2],
                                           iris_rows[row][3]);
  g_autoptr(HttpReply) reply = http_call (session, "POST", full, "application/json", body);
  g_autoptr(JsonNode) root = http_reply_json (reply);
  JsonObject *output;

  g_assert_cmpuint (reply->status, ==, 200);
  output = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "outputs"), 0);
  return g_strdup (json_array_get_string_element (json_object_get_array_member (output, "data"), 0));
}

static char *
write_text (CliFixture *fixture,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (fixture->tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_feedback (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaModelServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GString) csv = g_string_new ("request_id,label\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(CliResult) text = NULL;
  g_autoptr(CliResult) bad = NULL;
  g_autoptr(CliResult) usage = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *url = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *bad_csv = NULL;
  JsonObject *version;
  JsonArray *points;
  gboolean stopped = FALSE;

  cli_init_workspace (fixture);
  ws = open_workspace (fixture);
  bundle = serve_test_train (fixture->tmpdir, "iris-bundle", "iris.csv", "species", "linear");
  server = lumina_model_server_new (ws);
  lumina_model_server_set_capture_rate (server, 1.0);
  g_assert_true (lumina_model_server_add_bundle (server, "api", bundle, &error));
  g_assert_true (lumina_model_server_listen (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  url = lumina_model_server_dup_url (server);

  /* Two right, one wrong, one never served. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i);
      g_autofree char *predicted = infer (session, url, id, i);

      g_string_append_printf (csv, "%s,%s\n", id,
                              i < 2 ? predicted : g_str_equal (predicted, "setosa") ? "virginica" : "setosa");
    }
  g_string_append (csv, "ghost,setosa\n");
  lumina_model_server_flush_capture (server);
  labels = write_text (fixture, "labels.csv", csv->str);

  {
    g_autoptr(CliResult) result = WS_RUN (fixture, "--json", "feedback", "api", labels);

    report = ok_json (result);
  }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "rows_read"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "matched"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "unmatched"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "recorded"), ==, 3);
  version = json_array_get_object_element (json_object_get_array_member (json_node_get_object (report),
                                                                         "versions"), 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (version, "accuracy"), 2.0 / 3.0, 1e-12);
  g_assert_cmpint (json_object_get_int_member (version, "labels"), ==, 3);

  {
    g_autoptr(CliResult) result = WS_RUN (fixture, "--json", "metrics", "query", "lumina_model_accuracy_ratio",
                                          "--label", "deployment=api", "--from", "-1h", "--to", "+1h",
                                          "--agg", "last");

    stored = ok_json (result);
  }
  points = json_object_get_array_member (json_node_get_object (stored), "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (points, 0),
                                                                 "value"), 2.0 / 3.0, 1e-12);

  /* Again: nothing new, nothing counted twice. */
  {
    g_autoptr(CliResult) result = WS_RUN (fixture, "--json", "feedback", "api", labels);

    again = ok_json (result);
  }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "recorded"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "unchanged"), ==, 3);
  version = json_array_get_object_element (json_object_get_array_member (json_node_get_object (again),
                                                                         "versions"), 0);
  g_assert_cmpint (json_object_get_int_member (version, "labels"), ==, 3);

  text = WS_RUN (fixture, "feedback", "api", labels);
  cli_assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, "Unmatched:"));
  g_assert_nonnull (strstr (text->out, "1 (ghost)"));
  g_assert_nonnull (strstr (text->out, "accuracy 0.666667 over 3 labels"));

  bad_csv = write_text (fixture, "bad.csv", "request_id,colour\nr0,blue\n");
  bad = WS_RUN (fixture, "feedback", "api", bad_csv);
  assert_failure (bad, "no label column");
  usage = WS_RUN (fixture, "feedback", "api");
  assert_usage_error (usage, "Give the deployment");

  lumina_model_server_stop_async (server, 1000, NULL, stopped_cb, &stopped);
  serve_test_iterate_until (flag_set, &stopped, 10000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  cli_add_test ("/cli/metrics/list", test_list);
  cli_add_test ("/cli/metrics/query/aggregations", test_query_aggregations);
  cli_add_test ("/cli/metrics/query/formats", test_query_formats);
  cli_add_test ("/cli/metrics/query/errors", test_query_errors);
  cli_add_test ("/cli/metrics/collect", test_collect);
  cli_add_test ("/cli/metrics/collect-jobs", test_collect_jobs);
  cli_add_test ("/cli/metrics/serve", test_serve);
  cli_add_test ("/cli/metrics/feedback", test_feedback);

  return g_test_run ();
}
