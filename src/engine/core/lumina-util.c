/* lumina-util.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <nettle/sha2.h>

#include "lumina-util.h"

/**
 * lumina_util_format_time:
 * Formats @time as UTC ISO 8601 with microseconds, e.g.
 * `2026-11-28T15:24:13.123456Z`.  Fixed width, so text order is time order.
 */
char *
lumina_util_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * lumina_util_read_proc_kib:
 * @path: a file such as /proc/meminfo or /proc/self/status
 * @field: such as "MemAvailable:"
 *
 * Returns: the "FIELD: N kB" value in bytes, or 0 when there is none
 */
guint64
lumina_util_read_proc_kib (const char *path,
                           const char *field)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || !(line = strstr (contents, field)))
    return 0;
  return g_ascii_strtoull (line + strlen (field), NULL, 10) * 1024;
}

char *
lumina_util_now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return lumina_util_format_time (now);
}

/**
 * lumina_util_fsync_directory:
 * Flushes a directory entry change (a rename or a new file) to disk.
 */
gboolean
lumina_util_fsync_directory (const char  *path,
                             GError     **error)
{
  int fd;
  int saved_errno;

  fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open folder “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot flush folder “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static int
compare_member_names (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonNode *
canonicalize (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) sorted = json_object_new ();
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      GList *members = json_object_get_members (object);
      JsonNode *result;

      for (const GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (names, l->data);
      g_list_free (members);
      g_ptr_array_sort (names, compare_member_names);

      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);

          json_object_set_member (sorted, name,
                                  canonicalize (json_object_get_member (object, name)));
        }

      result = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (result, sorted);
      return result;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, canonicalize (json_array_get_element (array, i)));

      result = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (result, copy);
      return result;
    }

  return json_node_copy (node);
}

/**
 * lumina_util_canonical_json:
 * Serialises @node compactly with object members sorted by name, so equal
 * values always give equal text (what the event chain hashes).
 */
char *
lumina_util_canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) canonical = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("{}");

  canonical = canonicalize (node);
  return lumina_util_json_to_string (canonical, FALSE);
}

char *
lumina_util_json_to_string (JsonNode *node,
                            gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

/* GLib 2.76 has g_set_str(); the baseline does not. */
gboolean
lumina_set_str (char       **ptr,
                const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

struct _LuminaSha256
{
  struct sha256_ctx ctx;
};

LuminaSha256 *
lumina_sha256_new (void)
{
  LuminaSha256 *self = g_new (LuminaSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
lumina_sha256_update (LuminaSha256 *self,
                      const void   *data,
                      gsize         len)
{
  sha256_update (&self->ctx, len, data);
}

/**
 * lumina_sha256_finish:
 * Returns: (transfer full): the digest in lowercase hex; @self is reset
 */
char *
lumina_sha256_finish (LuminaSha256 *self)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char *text = g_malloc (SHA256_DIGEST_SIZE * 2 + 1);

  sha256_digest (&self->ctx, sizeof digest, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 15];
    }
  text[SHA256_DIGEST_SIZE * 2] = '\0';

  return text;
}

void
lumina_sha256_free (LuminaSha256 *self)
{
  g_free (self);
}

char *
lumina_sha256_hex (const void *data,
                   gsize       len)
{
  g_autoptr(LuminaSha256) sha = lumina_sha256_new ();

  lumina_sha256_update (sha, data, len);
  return lumina_sha256_finish (sha);
}
