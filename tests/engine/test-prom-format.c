/* test-prom-format.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prometheus text exposition writer and the /metrics exporter, checked
 * by Prometheus' own promtool.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "lumina-metric-point.h"
#include "lumina-prom-exporter.h"
#include "lumina-prom-format.h"
#include "../test-promtool.h"

static GPtrArray *
points_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
}

static void
add_point (GPtrArray  *points,
           const char *name,
           double      value,
           ...)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *label;
  va_list args;

  va_start (args, value);
  while ((label = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (labels, (gpointer) label);
  va_end (args);
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (points, lumina_metric_point_new (name, (const char * const *) labels->pdata, 0, value));
}

static char *
write_page (GPtrArray  *points,
            GHashTable *help)
{
  GString *out = g_string_new (NULL);

  lumina_prom_write_points (out, points, help);
  return g_string_free (out, FALSE);
}

static void
test_values (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 42, "42" }, { -7, "-7" }, { 0, "0" }, { 1e14, "100000000000000" }, { 0.1, "0.1" },
    { 1.5, "1.5" }, { -2.25, "-2.25" }, { 1e-7, "1e-07" }, { 1e20, "1e+20" },
    { 0.30000000000000004, "0.30000000000000004" }, { 123456.789, "123456.789" },
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (lumina_prom_format_value (buffer, sizeof buffer, cases[i].value), ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (buffer, NULL), ==, cases[i].value);
    }
  g_assert_cmpstr (lumina_prom_format_value (buffer, sizeof buffer, NAN), ==, "NaN");
  g_assert_cmpstr (lumina_prom_format_value (buffer, sizeof buffer, INFINITY), ==, "+Inf");
  g_assert_cmpstr (lumina_prom_format_value (buffer, sizeof buffer, -INFINITY), ==, "-Inf");
  g_assert_cmpstr (lumina_prom_format_value (buffer, sizeof buffer, -0.0), ==, "0");
}

static void
test_escaping (void)
{
  g_autoptr(GPtrArray) points = points_new ();
  g_autoptr(GHashTable) help = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *page = NULL;

  add_point (points, "lumina_test_info", 1, "path", "C:\\models\\\"new\"\nline", NULL);
  add_point (points, "lumina-test.bad name", 2, "bad-key", "x", "0digit", "y", NULL);
  add_point (points, "9lives", 3, NULL);
  g_hash_table_insert (help, "lumina_test_info", "Back\\slash and\nnewline.");
  page = write_page (points, help);

  g_assert_nonnull (strstr (page, "# HELP lumina_test_info Back\\\\slash and\\nnewline.\n"));
  g_assert_nonnull (strstr (page, "lumina_test_info{path=\"C:\\\\models\\\\\\\"new\\\"\\nline\"} 1\n"));
  g_assert_nonnull (strstr (page, "# TYPE lumina_test_bad_name gauge\n"));
  g_assert_nonnull (strstr (page, "lumina_test_bad_name{_0digit=\"y\",bad_key=\"x\"} 2\n"));
  g_assert_nonnull (strstr (page, "\n_9lives 3\n"));
  /* A family without help text still gets one: promtool lints its absence */
  g_assert_nonnull (strstr (page, "# HELP _9lives "));
  test_assert_promtool_accepts (page);
}

static void
test_nan_inf (void)
{
  g_autoptr(GPtrArray) points = points_new ();
  g_autofree char *page = NULL;

  add_point (points, "lumina_test_ratio", NAN, "kind", "nan", NULL);
  add_point (points, "lumina_test_ratio", INFINITY, "kind", "pos", NULL);
  add_point (points, "lumina_test_ratio", -INFINITY, "kind", "neg", NULL);
  page = write_page (points, NULL);
  g_assert_cmpstr (page, ==,
                   "# HELP lumina_test_ratio LuminaOps metric lumina_test_ratio.\n"
                   "# TYPE lumina_test_ratio gauge\n"
                   "lumina_test_ratio{kind=\"nan\"} NaN\n"
                   "lumina_test_ratio{kind=\"pos\"} +Inf\n"
                   "lumina_test_ratio{kind=\"neg\"} -Inf\n");
  test_assert_promtool_accepts (page);
}

/* Families come out whole, in order of first appearance, each with one HELP
 * and TYPE; a series written twice keeps its latest point. */
static void
test_grouping (void)
{
  g_autoptr(GPtrArray) points = points_new ();
  g_autoptr(GHashTable) help = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *page = NULL;
  LuminaMetricPoint *later;

  add_point (points, "lumina_test_requests_total", 5, "code", "200", NULL);
  add_point (points, "lumina_test_temperature_celsius", 20.5, "room", "a", NULL);
  add_point (points, "lumina_test_requests_total", 1, "code", "500", NULL);
  add_point (points, "lumina_test_temperature_celsius", 19, "room", "b", NULL);
  later = lumina_metric_point_new ("lumina_test_temperature_celsius",
                                   (const char * const[]) { "room", "a", NULL }, 1000, 21);
  g_ptr_array_add (points, later);
  g_hash_table_insert (help, "lumina_test_requests_total", "Requests served.");
  g_hash_table_insert (help, "lumina_test_temperature_celsius", "Room temperature.");
  page = write_page (points, help);
  g_assert_cmpstr (page, ==,
                   "# HELP lumina_test_requests_total Requests served.\n"
                   "# TYPE lumina_test_requests_total counter\n"
                   "lumina_test_requests_total{code=\"200\"} 5\n"
                   "lumina_test_requests_total{code=\"500\"} 1\n"
                   "# HELP lumina_test_temperature_celsius Room temperature.\n"
                   "# TYPE lumina_test_temperature_celsius gauge\n"
                   "lumina_test_temperature_celsius{room=\"a\"} 21\n"
                   "lumina_test_temperature_celsius{room=\"b\"} 19\n");
  test_assert_promtool_accepts (page);
}

static GPtrArray *
histogram_points (void)
{
  GPtrArray *points = points_new ();

  /* Scrambled on purpose: sum and count first, buckets out of order, two
   * label sets interleaved. */
  add_point (points, "lumina_test_latency_seconds_sum", 3.5, "model", "b", NULL);
  add_point (points, "lumina_test_latency_seconds_count", 4, "model", "b", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 4, "model", "b", "le", "+Inf", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 1, "model", "a", "le", "0.1", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 2, "model", "b", "le", "0.5", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 3, "model", "a", "le", "+Inf", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 2, "model", "a", "le", "0.5", NULL);
  add_point (points, "lumina_test_latency_seconds_bucket", 0, "model", "b", "le", "0.1", NULL);
  add_point (points, "lumina_test_latency_seconds_count", 3, "model", "a", NULL);
  add_point (points, "lumina_test_latency_seconds_sum", 0.75, "model", "a", NULL);
  /* A summary: quantiles plus _sum and _count, no buckets */
  add_point (points, "lumina_test_payload_bytes_count", 10, NULL);
  add_point (points, "lumina_test_payload_bytes", 900, "quantile", "0.99", NULL);
  add_point (points, "lumina_test_payload_bytes", 100, "quantile", "0.5", NULL);
  add_point (points, "lumina_test_payload_bytes_sum", 2048, NULL);
  return points;
}

static void
test_histogram (void)
{
  g_autoptr(GPtrArray) points = histogram_points ();
  g_autofree char *page = write_page (points, NULL);

  g_assert_cmpstr (page, ==,
                   "# HELP lumina_test_latency_seconds LuminaOps metric lumina_test_latency_seconds.\n"
                   "# TYPE lumina_test_latency_seconds histogram\n"
                   "lumina_test_latency_seconds_bucket{le=\"0.1\",model=\"b\"} 0\n"
                   "lumina_test_latency_seconds_bucket{le=\"0.5\",model=\"b\"} 2\n"
                   "lumina_test_latency_seconds_bucket{le=\"+Inf\",model=\"b\"} 4\n"
                   "lumina_test_latency_seconds_sum{model=\"b\"} 3.5\n"
                   "lumina_test_latency_seconds_count{model=\"b\"} 4\n"
                   "lumina_test_latency_seconds_bucket{le=\"0.1\",model=\"a\"} 1\n"
                   "lumina_test_latency_seconds_bucket{le=\"0.5\",model=\"a\"} 2\n"
                   "lumina_test_latency_seconds_bucket{le=\"+Inf\",model=\"a\"} 3\n"
                   "lumina_test_latency_seconds_sum{model=\"a\"} 0.75\n"
                   "lumina_test_latency_seconds_count{model=\"a\"} 3\n"
                   "# HELP lumina_test_payload_bytes LuminaOps metric lumina_test_payload_bytes.\n"
                   "# TYPE lumina_test_payload_bytes summary\n"
                   "lumina_test_payload_bytes{quantile=\"0.5\"} 100\n"
                   "lumina_test_payload_bytes{quantile=\"0.99\"} 900\n"
                   "lumina_test_payload_bytes_sum 2048\n"
                   "lumina_test_payload_bytes_count 10\n");
  test_assert_promtool_accepts (page);
}

static void
test_types_and_timestamps (void)
{
  g_autoptr(GPtrArray) points = points_new ();
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) out = g_string_new (NULL);

  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_uptime_seconds", NULL, 1700000000123, 12.5));
  g_ptr_array_add (points, lumina_metric_point_new ("lumina_test_legacy", NULL, 0, 1));
  g_hash_table_insert (types, "lumina_test_uptime_seconds", "counter");
  g_hash_table_insert (types, "lumina_test_legacy", "untyped");
  lumina_prom_write_points_full (out, points, NULL, types, LUMINA_PROM_WRITE_TIMESTAMPS);
  g_assert_nonnull (strstr (out->str, "# TYPE lumina_test_uptime_seconds counter\n"
                                      "lumina_test_uptime_seconds 12.5 1700000000123\n"));
  /* No timestamp for a point without a time */
  g_assert_nonnull (strstr (out->str, "# TYPE lumina_test_legacy untyped\nlumina_test_legacy 1\n"));
}

/* Everything together, as a real page would look. */
static void
test_promtool_page (void)
{
  g_autoptr(GPtrArray) points = histogram_points ();
  g_autofree char *page = NULL;

  add_point (points, "lumina_host_cpu_usage_ratio", 0.42, "cpu", "0", NULL);
  add_point (points, "lumina_host_cpu_usage_ratio", NAN, "cpu", "1", NULL);
  add_point (points, "lumina_serve_requests_total", 12345, "model", "iris", "version", "3", NULL);
  add_point (points, "lumina_host_memory_bytes", 16.0 * 1024 * 1024 * 1024, NULL);
  add_point (points, "lumina_test_info", 1, "note", "quote \" backslash \\ newline \n end", NULL);
  page = write_page (points, NULL);
  test_assert_promtool_accepts (page);
}

/* ---- the exporter ---- */

typedef struct
{
  guint    status;
  char    *body;
  char    *content_type;
  char    *allow;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_free (reply->content_type);
  g_free (reply->allow);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **bytes = user_data;
  g_autoptr(GError) error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static Reply *
http_request (const char *method,
              const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  Reply *reply = g_new0 (Reply, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &bytes);
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "", g_bytes_get_size (bytes));
  reply->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  reply->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  return reply;
}

static GPtrArray *
collect_cb (gpointer user_data)
{
  guint *calls = user_data;
  GPtrArray *points = histogram_points ();

  (*calls)++;
  add_point (points, "lumina_test_scrapes_total", *calls, NULL);
  add_point (points, "lumina_test_ratio", NAN, "kind", "nan", NULL);
  add_point (points, "lumina_test_ratio", INFINITY, "kind", "inf", NULL);
  return points;
}

static void
test_exporter (void)
{
  guint calls = 0;
  g_autoptr(LuminaPromExporter) exporter = lumina_prom_exporter_new (collect_cb, &calls, NULL);
  g_autoptr(GHashTable) help = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *other = NULL;
  g_autoptr(Reply) metrics = NULL;
  g_autoptr(Reply) head = NULL;
  g_autoptr(Reply) missing = NULL;
  g_autoptr(Reply) post = NULL;
  g_autoptr(Reply) put = NULL;

  g_hash_table_insert (help, "lumina_test_scrapes_total", "Times /metrics was served.");
  lumina_prom_exporter_set_help (exporter, help);
  g_assert_true (lumina_prom_exporter_listen (exporter, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_prom_exporter_get_port (exporter), >, 0);
  url = lumina_prom_exporter_dup_url (exporter);
  base = g_strdup_printf ("http://127.0.0.1:%u", lumina_prom_exporter_get_port (exporter));
  g_assert_cmpstr (url, ==, (other = g_strconcat (base, "/metrics", NULL)));
  g_clear_pointer (&other, g_free);

  metrics = http_request ("GET", url);
  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_cmpstr (metrics->content_type, ==, "text/plain; version=0.0.4; charset=utf-8");
  g_assert_nonnull (strstr (metrics->body, "# HELP lumina_test_scrapes_total Times /metrics was served.\n"
                                           "# TYPE lumina_test_scrapes_total counter\n"
                                           "lumina_test_scrapes_total 1\n"));
  g_assert_nonnull (strstr (metrics->body, "lumina_test_ratio{kind=\"nan\"} NaN\n"));
  g_assert_nonnull (strstr (metrics->body, "lumina_test_ratio{kind=\"inf\"} +Inf\n"));
  test_assert_promtool_accepts (metrics->body);

  head = http_request ("HEAD", url);
  g_assert_cmpuint (head->status, ==, 200);
  g_assert_cmpstr (head->body, ==, "");

  missing = http_request ("GET", (other = g_strconcat (base, "/", NULL)));
  g_assert_cmpuint (missing->status, ==, 404);
  g_clear_pointer (&other, g_free);
  g_clear_pointer (&missing, reply_free);
  missing = http_request ("GET", (other = g_strconcat (base, "/metrics/extra", NULL)));
  g_assert_cmpuint (missing->status, ==, 404);

  post = http_request ("POST", url);
  g_assert_cmpuint (post->status, ==, 405);
  g_assert_cmpstr (post->allow, ==, "GET, HEAD");
  put = http_request ("PUT", url);
  g_assert_cmpuint (put->status, ==, 405);

  /* Only GET and HEAD of /metrics collect */
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (lumina_prom_exporter_get_scrapes (exporter), ==, 2);

  lumina_prom_exporter_stop (exporter);
  g_assert_cmpuint (lumina_prom_exporter_get_port (exporter), ==, 0);
  g_assert_null (lumina_prom_exporter_dup_url (exporter));
}

static void
destroy_cb (gpointer user_data)
{
  gboolean *destroyed = user_data;

  *destroyed = TRUE;
}

static GPtrArray *
empty_cb (gpointer user_data)
{
  return NULL;
}

static void
test_exporter_lifetime (void)
{
  gboolean destroyed = FALSE;
  LuminaPromExporter *exporter = lumina_prom_exporter_new (empty_cb, &destroyed, destroy_cb);
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) metrics = NULL;
  g_autofree char *url = NULL;

  g_object_add_weak_pointer (G_OBJECT (exporter), (gpointer *) &exporter);
  g_assert_false (lumina_prom_exporter_listen (exporter, "not-an-address", 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (lumina_prom_exporter_listen (exporter, "127.0.0.1", 0, &error));
  url = lumina_prom_exporter_dup_url (exporter);
  metrics = http_request ("GET", url);
  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_cmpstr (metrics->body, ==, "");
  g_object_unref (exporter);
  g_assert_null (exporter);
  g_assert_true (destroyed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/prom-format/values", test_values);
  g_test_add_func ("/engine/prom-format/escaping", test_escaping);
  g_test_add_func ("/engine/prom-format/nan-inf", test_nan_inf);
  g_test_add_func ("/engine/prom-format/grouping", test_grouping);
  g_test_add_func ("/engine/prom-format/histogram-and-summary", test_histogram);
  g_test_add_func ("/engine/prom-format/types-and-timestamps", test_types_and_timestamps);
  g_test_add_func ("/engine/prom-format/promtool-page", test_promtool_page);
  g_test_add_func ("/engine/prom-format/exporter-serves-metrics", test_exporter);
  g_test_add_func ("/engine/prom-format/exporter-lifetime", test_exporter_lifetime);

  return g_test_run ();
}
