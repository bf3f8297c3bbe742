/* test-model-server-abuse.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model server against hostile clients: huge bodies, slow requests,
 * floods of connections.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>

#include "test-model-server.h"

#define ONE_ROW "{\"instances\":[[5.1,3.5,1.4,0.2]]}"

static void
assert_serves (Served *served)
{
  g_autoptr(HttpReply) reply = served_post (served, "/invocations", "application/json", ONE_ROW);

  g_assert_cmpuint (reply->status, ==, 200);
}

static int
connect_raw (guint port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

typedef struct
{
  int      fd;
  GString *received;
  gboolean closed;
} RawRead;

/* Takes what has arrived, without blocking the main context for long;
 * done once a response head is in or the peer closed. */
static gboolean
raw_progress (gpointer data)
{
  RawRead *raw = data;
  struct timeval timeout = { 0, 2000 };
  char buffer[4096];
  fd_set set;
  gssize n;

  if (raw->closed)
    return TRUE;
  FD_ZERO (&set);
  FD_SET (raw->fd, &set);
  if (select (raw->fd + 1, &set, NULL, NULL, &timeout) <= 0)
    return FALSE;
  n = read (raw->fd, buffer, sizeof buffer);
  if (n <= 0)
    {
      raw->closed = TRUE;
      return TRUE;
    }
  g_string_append_len (raw->received, buffer, n);
  return strstr (raw->received->str, "\r\n\r\n") != NULL;
}

static gboolean
raw_closed (gpointer data)
{
  raw_progress (data);
  return ((RawRead *) data)->closed;
}

static void
test_body_limit (void)
{
  Served *served = served_new (models.iris);
  gsize size = 100 * 1024 * 1024;
  g_autofree char *huge = g_malloc (size);
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HttpReply) reply = NULL;
  g_autoptr(GString) received = g_string_new (NULL);
  g_autofree char *chunk = g_malloc0 (1 << 20);
  const char *head = "POST /invocations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     "Content-Length: 104857600\r\n\r\n";
  RawRead raw = { -1, received, FALSE };

  served_listen (served);
  memset (huge, ' ', size);

  /* A client that asks first never sends the body. */
  url = served_url (served, "/invocations");
  msg = soup_message_new ("POST", url);
  bytes = g_bytes_new_static (huge, size);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_message_headers_set_expectations (soup_message_get_request_headers (msg), SOUP_EXPECTATION_CONTINUE);
  reply = http_send (served->session, msg);
  http_wait (reply);
  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 413);
  g_assert_nonnull (strstr (reply->body, "size limit"));
  assert_serves (served);

  /* One that just sends gets its answer after 1 MB of the 100. */
  raw.fd = connect_raw (lumina_model_server_get_port (served->server));
  write_all (raw.fd, head, strlen (head));
  memset (chunk, ' ', 1 << 20);
  write_all (raw.fd, chunk, 1 << 20);
  serve_test_iterate_until (raw_progress, &raw, 10000);
  g_assert_true (g_str_has_prefix (received->str, "HTTP/1.1 413"));
  close (raw.fd);
  assert_serves (served);
  served_free (served);
}

static void
test_slowloris (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(GString) got_a = g_string_new (NULL);
  g_autoptr(GString) got_b = g_string_new (NULL);
  RawRead a = { -1, got_a, FALSE };
  RawRead b = { -1, got_b, FALSE };
  g_autoptr(HttpReply) metrics = NULL;
  const char *partial_head = "POST /invocations HTTP/1.1\r\nHost: localhost\r\nContent-Len";
  const char *partial_body = "POST /invocations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                             "Content-Length: 100\r\n\r\n{\"instances\"";
  gint64 start;

  lumina_model_server_set_read_timeout_s (served->server, 2);
  served_listen (served);
  a.fd = connect_raw (lumina_model_server_get_port (served->server));
  b.fd = connect_raw (lumina_model_server_get_port (served->server));
  write_all (a.fd, partial_head, strlen (partial_head));
  write_all (b.fd, partial_body, strlen (partial_body));

  /* Others are served while those dangle. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 50; i++)
    assert_serves (served);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Then the server gives up on them. */
  serve_test_iterate_until (raw_closed, &a, 10000);
  serve_test_iterate_until (raw_closed, &b, 10000);
  close (a.fd);
  close (b.fd);
  metrics = served_get (served, "/metrics");
  g_assert_nonnull (strstr (metrics->body, "lumina_serve_rejected_requests_total{reason=\"read_timeout\"} 2\n"));
  assert_serves (served);
  served_free (served);
}

typedef struct
{
  guint    port;
  guint    n;
  guint    refused;
  gboolean done;
} Flood;

static gpointer
flood_thread (gpointer data)
{
  Flood *flood = data;

  for (guint i = 0; i < flood->n; i++)
    {
      int fd = connect_raw (flood->port);

      if (fd < 0)
        {
          flood->refused++;
          continue;
        }
      /* Half say a little, none finishes. */
      if (i % 2 == 1)
        write_all (fd, "POST /invocations HTTP/1.1\r\nHo", 30);
      close (fd);
    }
  g_atomic_int_set (&flood->done, TRUE);
  return NULL;
}

static gboolean
flood_done (gpointer data)
{
  return g_atomic_int_get (&((Flood *) data)->done);
}

#if defined(__SANITIZE_ADDRESS__)
size_t __sanitizer_get_current_allocated_bytes (void);
#endif

/* What the process holds: its resident set, or under AddressSanitizer (whose
 * quarantine and shadow memory would swamp the resident set) the bytes its
 * heap has live. */
static gint64
memory_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

#if defined(__SANITIZE_ADDRESS__)
  return (gint64) (__sanitizer_get_current_allocated_bytes () / 1024);
#endif

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static gboolean
settled (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

static void
test_flood (void)
{
  Served *served = served_new (models.iris);
  Flood flood = { 0, 10000, 0, FALSE };
  g_autoptr(GThread) thread = NULL;
  gint64 before, after, until;

  served_listen (served);
  for (guint i = 0; i < 50; i++)
    assert_serves (served);
  before = memory_kb ();

  flood.port = lumina_model_server_get_port (served->server);
  thread = g_thread_new ("flood", flood_thread, &flood);
  serve_test_iterate_until (flood_done, &flood, 120000);
  g_thread_join (g_steal_pointer (&thread));
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  serve_test_iterate_until (settled, &until, 5000);

  for (guint i = 0; i < 50; i++)
    assert_serves (served);
  after = memory_kb ();
  g_test_message ("Memory %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after 10,000 connections (%u refused)",
                  before, after, flood.refused);
  g_assert_cmpuint (flood.refused, ==, 0);
  g_assert_cmpint (after - before, <, 48 * 1024);
  served_free (served);
}

/* Connections that close before their request line, then a sweep of the
 * slow readers: libsoup finishes those messages without a signal, and the
 * sweep must not find them again (it used to, freed). None counts as a read
 * timeout. */
static void
test_closed_early (void)
{
  Served *served = served_new (models.iris);
  Flood flood = { 0, 500, 0, FALSE };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(HttpReply) metrics = NULL;
  gint64 until;

  lumina_model_server_set_read_timeout_s (served->server, 1);
  served_listen (served);
  flood.port = lumina_model_server_get_port (served->server);
  thread = g_thread_new ("flood", flood_thread, &flood);
  serve_test_iterate_until (flood_done, &flood, 60000);
  g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpuint (flood.refused, ==, 0);

  /* Past the timeout, with a sweep each second. */
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  serve_test_iterate_until (settled, &until, 10000);
  assert_serves (served);
  metrics = served_get (served, "/metrics");
  g_assert_null (strstr (metrics->body, "reason=\"read_timeout\"} 1"));
  g_assert_nonnull (strstr (metrics->body, "lumina_serve_rejected_requests_total{reason=\"read_timeout\"} 0\n"));
  served_free (served);
}

void
test_model_server_add_abuse_tests (void)
{
  g_test_add_func ("/engine/model-server/body-limit", test_body_limit);
  g_test_add_func ("/engine/model-server/slowloris", test_slowloris);
  g_test_add_func ("/engine/model-server/connection-flood", test_flood);
  g_test_add_func ("/engine/model-server/closed-early", test_closed_early);
}
