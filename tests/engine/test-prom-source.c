/* test-prom-source.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LuminaPromSource against a real Prometheus (Debian's /usr/bin/prometheus)
 * that scrapes a LuminaPromExporter running in this process, plus small
 * local fakes for what a real server cannot be made to do on demand
 * (hanging, answering 503 while not ready, recording headers).
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "lumina-error.h"
#include "lumina-metric-point.h"
#include "lumina-prom-exporter.h"
#include "lumina-prom-source.h"

#define ROOM_B "b \"quoted\" \\ back"

/* ---- helpers ---- */

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
stash_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static LuminaPromResult *
query_range (LuminaPromSource  *source,
             const char        *promql,
             double             start_s,
             double             end_s,
             double             step_s,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lumina_prom_source_query_range_async (source, promql, start_s, end_s, step_s, cancellable, stash_cb, &result);
  return lumina_prom_source_query_range_finish (source, wait_for (&result), error);
}

static LuminaPromResult *
query (LuminaPromSource  *source,
       const char        *promql,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lumina_prom_source_query_async (source, promql, 0, NULL, stash_cb, &result);
  return lumina_prom_source_query_finish (source, wait_for (&result), error);
}

static char *
ping (LuminaPromSource  *source,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lumina_prom_source_ping_async (source, NULL, stash_cb, &result);
  return lumina_prom_source_ping_finish (source, wait_for (&result), error);
}

static double
now_s (void)
{
  return g_get_real_time () / (double) G_USEC_PER_SEC;
}

/* A port nothing listens on (right now). */
static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static const LuminaPromSeries *
find_series (LuminaPromResult *result,
             const char       *key,
             const char       *value)
{
  for (guint i = 0; i < result->series->len; i++)
    {
      const LuminaPromSeries *series = g_ptr_array_index (result->series, i);

      if (g_strcmp0 (lumina_prom_series_get_label (series, key), value) == 0)
        return series;
    }
  g_error ("No series with %s=\"%s\" in the result", key, value);
}

/* ---- the real Prometheus ---- */

static GPtrArray *
collect_cb (gpointer user_data)
{
  GPtrArray *points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);

  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_temperature_celsius",
                                                    (const char * const[]) { "room", "a", NULL }, 0, 21.5));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_temperature_celsius",
                                                    (const char * const[]) { "room", ROOM_B, NULL }, 0, -3));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_special",
                                                    (const char * const[]) { "kind", "nan", NULL }, 0, NAN));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_special",
                                                    (const char * const[]) { "kind", "inf", NULL }, 0, INFINITY));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_special",
                                                    (const char * const[]) { "kind", "neg_inf", NULL }, 0, -INFINITY));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_events_total", NULL, 0, 42));
  return points;
}

typedef struct
{
  char               *dir;
  GSubprocess        *prometheus;
  gboolean            exited;
  LuminaPromExporter *exporter;
  LuminaPromSource   *source;
  char               *url;
} PromFixture;

/* Prometheus dies with us, even when a failed assertion aborts the test
 * before the fixture teardown can run. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PromFixture *fixture = user_data;

  fixture->exited = TRUE;
}

static void
write_config (PromFixture *fixture,
              const char  *path)
{
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  config = g_strdup_printf ("global:\n"
                            "  scrape_interval: 1s\n"
                            "  scrape_timeout: 1s\n"
                            "scrape_configs:\n"
                            "  - job_name: lumina\n"
                            "    static_configs:\n"
                            "      - targets: ['127.0.0.1:%u']\n",
                            lumina_prom_exporter_get_port (fixture->exporter));
  g_assert_true (g_file_set_contents (path, config, -1, &error));
}

static void
print_log (PromFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "prometheus.log", NULL);
  g_autofree char *log = NULL;

  if (g_file_get_contents (path, &log, NULL, NULL))
    g_test_message ("prometheus.log:\n%s", log);
}

/* Starts Prometheus on a free port; returns once it answers. */
static gboolean
start_prometheus (PromFixture *fixture,
                  const char  *binary)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *config = g_build_filename (fixture->dir, "prometheus.yml", NULL);
  g_autofree char *data = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *log = g_build_filename (fixture->dir, "prometheus.log", NULL);
  g_autofree char *config_arg = g_strconcat ("--config.file=", config, NULL);
  g_autofree char *data_arg = g_strconcat ("--storage.tsdb.path=", data, NULL);
  g_autofree char *listen_arg = NULL;
  g_autoptr(GError) error = NULL;
  guint port = free_port ();
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  write_config (fixture, config);
  listen_arg = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  fixture->exited = FALSE;
  fixture->prometheus = g_subprocess_launcher_spawn (launcher, &error, binary, config_arg, data_arg,
                                                     listen_arg, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (fixture->prometheus, NULL, exited_cb, fixture);

  g_free (fixture->url);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  lumina_prom_source_set_base_url (fixture->source, fixture->url);
  while (!fixture->exited && g_get_monotonic_time () < deadline)
    {
      g_autofree char *version = ping (fixture->source, NULL);

      if (version != NULL)
        return TRUE;
      iterate_for (100);
    }
  return FALSE;
}

/* Waits until Prometheus has scraped our exporter and the values are in. */
static void
wait_for_scrapes (PromFixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(LuminaPromResult) up = query (fixture->source, "up{job=\"lumina\"} == 1", NULL);
      g_autoptr(LuminaPromResult) values = query (fixture->source, "lumina_test_temperature_celsius", NULL);

      if (up != NULL && up->series->len == 1 && values != NULL && values->series->len == 2 &&
          lumina_prom_exporter_get_scrapes (fixture->exporter) >= 2)
        {
          g_test_message ("scraped after %.1f s", (g_get_monotonic_time () - deadline) / 1e6 + 60);
          return;
        }
      iterate_for (200);
    }
  print_log (fixture);
  g_assert_not_reached ();
}

static void
prom_fixture_set_up (PromFixture   *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *binary = g_find_program_in_path ("prometheus");
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  if (binary == NULL)
    g_test_message ("prometheus is not in PATH: install Debian's prometheus package (.ci/run does)");
  g_assert_nonnull (binary);

  fixture->dir = g_dir_make_tmp ("lumina-prom-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->exporter = lumina_prom_exporter_new (collect_cb, NULL, NULL);
  g_assert_true (lumina_prom_exporter_listen (fixture->exporter, NULL, 0, &error));
  fixture->source = lumina_prom_source_new (NULL);

  /* The free port may be taken between our probe and Prometheus' bind */
  for (guint attempt = 0; attempt < 3 && !started; attempt++)
    {
      if (fixture->prometheus != NULL)
        {
          g_subprocess_force_exit (fixture->prometheus);
          g_subprocess_wait (fixture->prometheus, NULL, NULL);
          g_clear_object (&fixture->prometheus);
        }
      started = start_prometheus (fixture, binary);
    }
  if (!started)
    print_log (fixture);
  g_assert_true (started);
  /* Prometheus 2.42 passes targets to its scrapers every 5 s: only tests
   * that read scraped values wait for them. */
  if (GPOINTER_TO_INT (user_data))
    wait_for_scrapes (fixture);
}

static void
prom_fixture_tear_down (PromFixture   *fixture,
                        gconstpointer  user_data)
{
  if (fixture->prometheus != NULL)
    {
      g_subprocess_force_exit (fixture->prometheus);
      g_subprocess_wait (fixture->prometheus, NULL, NULL);
      /* Let the wait_async callback run before the fixture goes */
      while (!fixture->exited)
        g_main_context_iteration (NULL, TRUE);
      g_clear_object (&fixture->prometheus);
    }
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->exporter);
  if (fixture->dir != NULL)
    remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->url, g_free);
}

static void
test_ping (PromFixture   *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = ping (fixture->source, &error);

  g_assert_no_error (error);
  g_test_message ("Prometheus %s", version);
  g_assert_true (g_str_has_prefix (version, "2."));
}

static void
assert_all_values (const LuminaPromSeries *series,
                   double                  expected)
{
  g_assert_nonnull (series);
  g_assert_cmpuint (series->values->len, >, 0);
  g_assert_cmpuint (series->values->len, ==, series->times->len);
  for (guint i = 0; i < series->values->len; i++)
    g_assert_cmpfloat (g_array_index (series->values, double, i), ==, expected);
}

static void
test_range_values (PromFixture   *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  double end = now_s ();
  g_autoptr(LuminaPromResult) result = query_range (fixture->source, "lumina_test_temperature_celsius",
                                                    end - 60, end, 1, NULL, &error);
  g_autoptr(LuminaPromResult) counter = NULL;
  const LuminaPromSeries *a, *b;

  g_assert_no_error (error);
  g_assert_cmpstr (result->result_type, ==, "matrix");
  g_assert_cmpfloat (result->step_s, ==, 1);
  g_assert_cmpuint (result->series->len, ==, 2);
  a = find_series (result, "room", "a");
  b = find_series (result, "room", ROOM_B);
  assert_all_values (a, 21.5);
  assert_all_values (b, -3);
  g_assert_cmpstr (a->name, ==, "lumina_test_temperature_celsius");
  g_assert_cmpstr (lumina_prom_series_get_label (a, "job"), ==, "lumina");
  g_assert_nonnull (lumina_prom_series_get_label (a, "instance"));
  /* Labels come sorted by key, without __name__ */
  g_assert_cmpstr (a->labels[0], ==, "instance");
  g_assert_cmpstr (a->labels[2], ==, "job");
  g_assert_cmpstr (a->labels[4], ==, "room");
  g_assert_null (a->labels[6]);
  for (guint i = 1; i < a->times->len; i++)
    g_assert_cmpfloat (fabs (g_array_index (a->times, double, i) - g_array_index (a->times, double, i - 1) - 1), <, 1e-6);
  g_assert_cmpfloat (g_array_index (a->times, double, a->times->len - 1), <=, end + 1e-3);

  counter = query_range (fixture->source, "lumina_test_events_total", end - 10, end, 0.5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (counter->step_s, ==, 0.5);
  assert_all_values (g_ptr_array_index (counter->series, 0), 42);
}

static void
test_nan_inf (PromFixture   *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  double end = now_s ();
  g_autoptr(LuminaPromResult) instant = query (fixture->source, "lumina_test_special", &error);
  g_autoptr(LuminaPromResult) range = NULL;
  g_autoptr(LuminaPromResult) scalar = NULL;
  const LuminaPromSeries *series;

  g_assert_no_error (error);
  g_assert_cmpstr (instant->result_type, ==, "vector");
  g_assert_cmpuint (instant->series->len, ==, 3);
  g_assert_true (isnan (g_array_index (find_series (instant, "kind", "nan")->values, double, 0)));
  g_assert_cmpfloat (g_array_index (find_series (instant, "kind", "inf")->values, double, 0), ==, INFINITY);
  g_assert_cmpfloat (g_array_index (find_series (instant, "kind", "neg_inf")->values, double, 0), ==, -INFINITY);

  range = query_range (fixture->source, "lumina_test_special", end - 30, end, 1, NULL, &error);
  g_assert_no_error (error);
  series = find_series (range, "kind", "nan");
  g_assert_cmpuint (series->values->len, >, 0);
  for (guint i = 0; i < series->values->len; i++)
    g_assert_true (isnan (g_array_index (series->values, double, i)));
  assert_all_values (find_series (range, "kind", "inf"), INFINITY);

  scalar = query (fixture->source, "1 + 1.5", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalar->result_type, ==, "scalar");
  g_assert_cmpuint (scalar->series->len, ==, 1);
  g_assert_cmpfloat (g_array_index (((LuminaPromSeries *) g_ptr_array_index (scalar->series, 0))->values, double, 0), ==, 2.5);
}

/* A PromQL syntax error: 400, errorType bad_data */
static void
test_bad_data_400 (PromFixture   *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  double end = now_s ();
  g_autoptr(LuminaPromResult) result = query_range (fixture->source, "sum(lumina_test_temperature_celsius",
                                                    end - 60, end, 1, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_BAD_DATA);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "bad_data: "));
  g_assert_nonnull (strstr (error->message, "parse error"));
  g_assert_nonnull (strstr (error->message, "unclosed left parenthesis"));
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
}

#define QUERY_422 "label_replace(vector(1), \"x\", \"a\", \"\", \"\")" \
                  " + on() (label_replace(vector(1), \"x\", \"a\", \"\", \"\")" \
                  " or label_replace(vector(1), \"x\", \"b\", \"\", \"\"))"

/* Valid PromQL that cannot be evaluated: two series match one on the right
 * of a one-to-one operation.  Prometheus answers 422, errorType execution. */
static void
test_execution_422 (PromFixture   *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = query (fixture->source, QUERY_422, &error);
  g_autoptr(LuminaPromResult) range = NULL;
  double end = now_s ();

  g_assert_null (result);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_EXECUTION);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "execution: "));
  g_assert_nonnull (strstr (error->message, "many-to-many matching not allowed"));
  g_assert_nonnull (strstr (error->message, "HTTP 422"));
  g_clear_error (&error);

  range = query_range (fixture->source, QUERY_422, end - 10, end, 1, NULL, &error);
  g_assert_null (range);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_EXECUTION);
}

/* Prometheus' own 503: evaluation beyond the query's `timeout` parameter. */
static void
test_timeout_503 (PromFixture   *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = NULL;
  double end = now_s ();

  lumina_prom_source_set_query_timeout (fixture->source, 1e-6);
  result = query_range (fixture->source, "lumina_test_temperature_celsius", end - 60, end, 1, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "timeout: query timed out"));
  g_assert_nonnull (strstr (error->message, "HTTP 503"));
  g_clear_error (&error);

  lumina_prom_source_set_query_timeout (fixture->source, 10);
  result = query_range (fixture->source, "vector(7)", end - 60, end, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->series->len, ==, 1);
  assert_all_values (g_ptr_array_index (result->series, 0), 7);
}

/* Two days at 1 s is 172,801 points: the step grows to fit 11,000. */
static void
test_step_fitted (PromFixture   *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = NULL;
  g_autofree char *uri = g_strconcat (fixture->url, "/api/v1/query_range", NULL);
  g_autofree char *form = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  /* Ends a minute ahead, so that steps of ~16 s still land after the
   * first scrape (with the 5-minute lookback, future steps see it) */
  double end = floor (now_s ()) + 60;
  double start = end - 2 * 24 * 3600;
  const LuminaPromSeries *series;

  /* Unadjusted, Prometheus refuses it */
  start_text = g_strdup_printf ("%.0f", start);
  end_text = g_strdup_printf ("%.0f", end);
  form = soup_form_encode ("query", "lumina_test_temperature_celsius", "start", start_text,
                           "end", end_text, "step", "1", NULL);
  msg = soup_message_new_from_encoded_form ("POST", uri, g_steal_pointer (&form));
  raw = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), "11,000 points"));

  result = query_range (fixture->source, "lumina_test_temperature_celsius", start, end, 1, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("step used: %g s", result->step_s);
  g_assert_cmpfloat (result->step_s, ==, lumina_prom_source_fit_step (start, end, 1));
  g_assert_cmpfloat (result->step_s, >, 1);
  g_assert_cmpfloat ((end - start) / result->step_s, <=, LUMINA_PROM_MAX_POINTS);
  g_assert_cmpfloat (result->start_s, ==, start);
  g_assert_cmpfloat (result->end_s, ==, end);
  series = find_series (result, "room", "a");
  assert_all_values (series, 21.5);
  g_assert_cmpuint (series->values->len, <=, LUMINA_PROM_MAX_POINTS + 1);
}

/* ---- without a server ---- */

static void
test_fit_step (void)
{
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 3600, 15), ==, 15);
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 11000, 1), ==, 1);
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 11001, 1), ==, 1.001);
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 172800, 1), ==, 15.71);
  g_assert_cmpfloat (lumina_prom_source_fit_step (100, 100, 5), ==, 5);
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 10, 0.0001), ==, 0.001);
  g_assert_cmpfloat (lumina_prom_source_fit_step (0, 10, 0.1), ==, 0.1);
  for (double range = 1; range < 1e9; range *= 3.7)
    {
      double step = lumina_prom_source_fit_step (0, range, 0.001);

      g_assert_cmpfloat (range / step, <=, LUMINA_PROM_MAX_POINTS);
      g_assert_cmpfloat (range / (step - 0.001), >, LUMINA_PROM_MAX_POINTS);
    }
}

static void
test_connection_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = query (source, "up", &error);
  g_autofree char *version = NULL;

  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "Cannot reach Prometheus at http://127.0.0.1:"));
  g_clear_error (&error);
  version = ping (source, &error);
  g_assert_null (version);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_bad_arguments (void)
{
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new ("not a url");
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = query (source, "up", &error);

  g_assert_null (result);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  lumina_prom_source_set_base_url (source, "http://127.0.0.1:1");
  result = query_range (source, "up", 100, 50, 1, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  result = query_range (source, "up", 0, 50, 0, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  result = query_range (source, "up", 0, NAN, 1, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

/* ---- a local fake: records requests, answers what it is told ---- */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       status;
  const char *content_type;
  const char *body;
  gboolean    hang;
  guint       requests;
  char       *authorization;
  char       *path;
  char       *method;
  GHashTable *form;
} Fake;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query_params,
              gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);

  fake->requests++;
  g_free (fake->authorization);
  fake->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (fake->path);
  fake->path = g_strdup (path);
  g_free (fake->method);
  fake->method = g_strdup (soup_server_message_get_method (msg));
  g_clear_pointer (&fake->form, g_hash_table_unref);
  if (request_body->length > 0)
    {
      g_autofree char *text = g_strndup (request_body->data, request_body->length);

      fake->form = soup_form_decode (text);
    }
  if (fake->hang)
    {
      soup_server_message_pause (msg);
      return;
    }
  soup_server_message_set_status (msg, fake->status, NULL);
  soup_server_message_set_response (msg, fake->content_type, SOUP_MEMORY_STATIC, fake->body, strlen (fake->body));
}

static Fake *
fake_new (guint       status,
          const char *content_type,
          const char *body)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->status = status;
  fake->content_type = content_type;
  fake->body = body;
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->form, g_hash_table_unref);
  g_free (fake->url);
  g_free (fake->authorization);
  g_free (fake->path);
  g_free (fake->method);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

#define BUILDINFO "{\"status\":\"success\",\"data\":{\"version\":\"2.42.0-fake\"}}"
#define EMPTY_MATRIX "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"

static void
test_bearer_token_local_recorder (void)
{
  g_autoptr(Fake) fake = fake_new (200, "application/json", BUILDINFO);
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *with_slash = g_strconcat (fake->url, "/", NULL);
  g_autoptr(LuminaPromResult) result = NULL;

  version = ping (source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "2.42.0-fake");
  g_assert_cmpstr (fake->path, ==, "/api/v1/status/buildinfo");
  g_assert_null (fake->authorization);

  lumina_prom_source_set_bearer_token (source, "s3cret-token");
  g_clear_pointer (&version, g_free);
  version = ping (source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake->authorization, ==, "Bearer s3cret-token");

  /* Queries carry it too, as a POST form; a trailing slash is fine */
  fake->body = EMPTY_MATRIX;
  lumina_prom_source_set_base_url (source, with_slash);
  result = query_range (source, "rate(x[5m])", 1000, 2000, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->series->len, ==, 0);
  g_assert_cmpstr (fake->path, ==, "/api/v1/query_range");
  g_assert_cmpstr (fake->method, ==, "POST");
  g_assert_cmpstr (fake->authorization, ==, "Bearer s3cret-token");
  g_assert_cmpstr (g_hash_table_lookup (fake->form, "query"), ==, "rate(x[5m])");
  g_assert_cmpstr (g_hash_table_lookup (fake->form, "start"), ==, "1000.000");
  g_assert_cmpstr (g_hash_table_lookup (fake->form, "end"), ==, "2000.000");
  g_assert_cmpstr (g_hash_table_lookup (fake->form, "step"), ==, "10.000");
  g_assert_false (g_hash_table_contains (fake->form, "timeout"));
}

/* What Prometheus answers on /api/ while it is not ready yet: 503 with
 * plain text.  A proxy may send Prometheus-shaped JSON instead. */
static void
test_not_ready_fake_503 (void)
{
  g_autoptr(Fake) fake = fake_new (503, "text/plain", "Service Unavailable\n");
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = query (source, "up", &error);

  g_assert_null (result);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "HTTP 503 Service Unavailable: Service Unavailable");
  g_clear_error (&error);

  fake->content_type = "application/json";
  fake->body = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"TSDB not ready\"}";
  result = query (source, "up", &error);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "unavailable: TSDB not ready (HTTP 503)");
  g_clear_error (&error);

  fake->status = 401;
  fake->body = "Unauthorized";
  result = query (source, "up", &error);
  g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_UNAUTHORIZED);
}

static void
test_invalid_json_fake (void)
{
  static const char * const bodies[] = {
    "<html>not json</html>",
    "{\"status\":\"success\"}",
    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":{}}}",
    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"abc\"]]}]}}",
    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,2]]}]}}",
    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[\"1\",\"2\"]}]}}",
    "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"a\"]}}",
    "[1,2]",
    "",
  };
  g_autoptr(Fake) fake = fake_new (200, "application/json", "");
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaPromResult) result = NULL;

      fake->body = bodies[i];
      result = query (source, "up", &error);
      g_assert_null (result);
      g_assert_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_BAD_RESPONSE);
    }
}

static void
test_parse_fake (void)
{
  g_autoptr(Fake) fake = fake_new (200, "application/json",
    "{\"status\":\"success\",\"warnings\":[\"careful\"],\"data\":{\"resultType\":\"matrix\",\"result\":["
    "{\"metric\":{\"z\":\"1\",\"__name__\":\"m\",\"a\":\"2\"},"
    "\"values\":[[1700000000,\"1\"],[1700000000.5,\"NaN\"],[1700000001,\"+Inf\"],[1700000001.5,\"-Inf\"]]}]}}");
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = query_range (source, "m", 1700000000, 1700000002, 0.5, NULL, &error);
  const LuminaPromSeries *series;

  g_assert_no_error (error);
  g_assert_cmpuint (result->series->len, ==, 1);
  series = g_ptr_array_index (result->series, 0);
  g_assert_cmpstr (series->name, ==, "m");
  g_assert_cmpstr (series->labels[0], ==, "a");
  g_assert_cmpstr (series->labels[2], ==, "z");
  g_assert_cmpstr (lumina_prom_series_get_label (series, "__name__"), ==, "m");
  g_assert_cmpuint (series->values->len, ==, 4);
  g_assert_cmpfloat (g_array_index (series->times, double, 1), ==, 1700000000.5);
  g_assert_cmpfloat (g_array_index (series->values, double, 0), ==, 1);
  g_assert_true (isnan (g_array_index (series->values, double, 1)));
  g_assert_cmpfloat (g_array_index (series->values, double, 2), ==, INFINITY);
  g_assert_cmpfloat (g_array_index (series->values, double, 3), ==, -INFINITY);
  g_assert_cmpstr (result->warnings[0], ==, "careful");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancellation_fake_hang (void)
{
  g_autoptr(Fake) fake = fake_new (200, "application/json", EMPTY_MATRIX);
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = NULL;
  gint64 started = g_get_monotonic_time ();

  fake->hang = TRUE;
  g_timeout_add (200, cancel_cb, cancellable);
  result = query_range (source, "up", 0, 100, 1, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake->requests, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Cancelled before it starts */
  g_cancellable_cancel (cancelled);
  result = query_range (source, "up", 0, 100, 1, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_timeout_fake_hang (void)
{
  g_autoptr(Fake) fake = fake_new (200, "application/json", EMPTY_MATRIX);
  g_autoptr(LuminaPromSource) source = lumina_prom_source_new (fake->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaPromResult) result = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_cmpuint (lumina_prom_source_get_timeout (source), ==, 30);
  fake->hang = TRUE;
  lumina_prom_source_set_timeout (source, 1);
  result = query (source, "up", &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 s"));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC - 50000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_PROM(path, scraped, func) \
  g_test_add ("/engine/prom-source/" path, PromFixture, GINT_TO_POINTER (scraped), \
              prom_fixture_set_up, func, prom_fixture_tear_down)

  ADD_PROM ("ping-buildinfo", FALSE, test_ping);
  ADD_PROM ("range-values", TRUE, test_range_values);
  ADD_PROM ("nan-inf-round-trip", TRUE, test_nan_inf);
  ADD_PROM ("bad-data-400", FALSE, test_bad_data_400);
  ADD_PROM ("execution-422", FALSE, test_execution_422);
  ADD_PROM ("query-timeout-503", FALSE, test_timeout_503);
  ADD_PROM ("step-fitted-to-11000-points", TRUE, test_step_fitted);
#undef ADD_PROM

  g_test_add_func ("/engine/prom-source/fit-step", test_fit_step);
  g_test_add_func ("/engine/prom-source/connection-refused", test_connection_refused);
  g_test_add_func ("/engine/prom-source/bad-arguments", test_bad_arguments);
  g_test_add_func ("/engine/prom-source/bearer-token-local-recorder", test_bearer_token_local_recorder);
  g_test_add_func ("/engine/prom-source/not-ready-fake-503", test_not_ready_fake_503);
  g_test_add_func ("/engine/prom-source/invalid-json-fake", test_invalid_json_fake);
  g_test_add_func ("/engine/prom-source/parse-fake", test_parse_fake);
  g_test_add_func ("/engine/prom-source/cancellation-fake-hang", test_cancellation_fake_hang);
  g_test_add_func ("/engine/prom-source/timeout-fake-hang", test_timeout_fake_hang);

  return g_test_run ();
}
