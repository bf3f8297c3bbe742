/* lumina-prom-exporter.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves GET /metrics in the Prometheus text format from a callback, so
 * whatever holds the points (the metric store, a test) plugs in.
 */
#define G_LOG_DOMAIN "lumina-prom-exporter"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "lumina-error.h"
#include "lumina-prom-exporter.h"
#include "lumina-prom-format.h"

struct _LuminaPromExporter
{
  GObject                parent_instance;

  SoupServer            *soup;
  LuminaPromCollectFunc  collect;
  gpointer               collect_data;
  GDestroyNotify         collect_destroy;
  GHashTable            *help;
  GHashTable            *types;
  char                  *host;
  guint                  port;
  guint64                scrapes;
};

G_DEFINE_FINAL_TYPE (LuminaPromExporter, lumina_prom_exporter, G_TYPE_OBJECT)

static void
lumina_prom_exporter_dispose (GObject *object)
{
  LuminaPromExporter *self = (LuminaPromExporter *) object;

  lumina_prom_exporter_stop (self);
  g_clear_object (&self->soup);
  if (self->collect_destroy != NULL)
    g_clear_pointer (&self->collect_data, self->collect_destroy);
  self->collect = NULL;

  G_OBJECT_CLASS (lumina_prom_exporter_parent_class)->dispose (object);
}

static void
lumina_prom_exporter_finalize (GObject *object)
{
  LuminaPromExporter *self = (LuminaPromExporter *) object;

  g_clear_pointer (&self->help, g_hash_table_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_free (self->host);

  G_OBJECT_CLASS (lumina_prom_exporter_parent_class)->finalize (object);
}

static void
lumina_prom_exporter_class_init (LuminaPromExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_prom_exporter_dispose;
  object_class->finalize = lumina_prom_exporter_finalize;
}

static void
lumina_prom_exporter_init (LuminaPromExporter *self)
{
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  LuminaPromExporter *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GPtrArray) points = NULL;
  GString *page;

  g_assert (LUMINA_IS_PROM_EXPORTER (self));

  if (g_strcmp0 (path, "/metrics") != 0)
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "text/plain; charset=utf-8", g_strdup ("Not found: try /metrics\n"));
      return;
    }
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0 && g_strcmp0 (method, SOUP_METHOD_HEAD) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      respond_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    g_strdup ("Method not allowed: /metrics takes GET\n"));
      return;
    }

  self->scrapes++;
  if (self->collect != NULL)
    points = self->collect (self->collect_data);
  page = g_string_sized_new (4096);
  if (points != NULL)
    lumina_prom_write_points_full (page, points, self->help, self->types, LUMINA_PROM_WRITE_NONE);
  respond_text (msg, SOUP_STATUS_OK, LUMINA_PROM_CONTENT_TYPE, g_string_free (page, FALSE));
}

/**
 * lumina_prom_exporter_new:
 * @collect: (scope notified): called for each scrape
 *
 * Call it, and use the exporter, on one main context: the thread-default
 * one at creation.
 *
 * Returns: (transfer full): a new exporter, not yet listening
 */
LuminaPromExporter *
lumina_prom_exporter_new (LuminaPromCollectFunc collect,
                          gpointer              user_data,
                          GDestroyNotify        destroy)
{
  LuminaPromExporter *self;

  g_return_val_if_fail (collect != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_PROM_EXPORTER, NULL);
  self->collect = collect;
  self->collect_data = user_data;
  self->collect_destroy = destroy;
  self->soup = soup_server_new ("server-header", "LuminaOps/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  return self;
}

static void
replace_table (GHashTable **slot,
               GHashTable  *table)
{
  if (table != NULL)
    g_hash_table_ref (table);
  g_clear_pointer (slot, g_hash_table_unref);
  *slot = table;
}

/**
 * lumina_prom_exporter_set_help:
 * @help: (nullable) (element-type utf8 utf8): family name to help text
 */
void
lumina_prom_exporter_set_help (LuminaPromExporter *self,
                               GHashTable         *help)
{
  g_return_if_fail (LUMINA_IS_PROM_EXPORTER (self));

  replace_table (&self->help, help);
}

/**
 * lumina_prom_exporter_set_types:
 * @types: (nullable) (element-type utf8 utf8): family name to metric type,
 *   as for lumina_prom_write_points_full()
 */
void
lumina_prom_exporter_set_types (LuminaPromExporter *self,
                                GHashTable         *types)
{
  g_return_if_fail (LUMINA_IS_PROM_EXPORTER (self));

  replace_table (&self->types, types);
}

/**
 * lumina_prom_exporter_listen:
 * @host: (nullable): an IP address; %NULL for 127.0.0.1
 * @port: a TCP port, or 0 to pick a free one (see get_port())
 */
gboolean
lumina_prom_exporter_listen (LuminaPromExporter  *self,
                             const char          *host,
                             guint                port,
                             GError             **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *uris;

  g_return_val_if_fail (LUMINA_IS_PROM_EXPORTER (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  if (host == NULL)
    host = "127.0.0.1";
  if (!(address = g_inet_address_new_from_string (host)))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG, "“%s” is not an IP address", host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_free (self->host);
  self->host = g_strdup (host);
  return TRUE;
}

/**
 * lumina_prom_exporter_stop:
 *
 * Stops listening and drops open connections.  Safe to call twice.
 */
void
lumina_prom_exporter_stop (LuminaPromExporter *self)
{
  g_return_if_fail (LUMINA_IS_PROM_EXPORTER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  self->port = 0;
}

guint
lumina_prom_exporter_get_port (LuminaPromExporter *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_EXPORTER (self), 0);

  return self->port;
}

/**
 * lumina_prom_exporter_dup_url:
 *
 * Returns: (transfer full) (nullable): "http://HOST:PORT/metrics" while
 *   listening
 */
char *
lumina_prom_exporter_dup_url (LuminaPromExporter *self)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (LUMINA_IS_PROM_EXPORTER (self), NULL);

  if (self->port == 0)
    return NULL;
  address = g_inet_address_new_from_string (self->host);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/metrics", self->host, self->port);
  return g_strdup_printf ("http://%s:%u/metrics", self->host, self->port);
}

/* Returns: how many times /metrics was served */
guint64
lumina_prom_exporter_get_scrapes (LuminaPromExporter *self)
{
  g_return_val_if_fail (LUMINA_IS_PROM_EXPORTER (self), 0);

  return self->scrapes;
}
