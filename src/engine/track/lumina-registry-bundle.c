/* lumina-registry-bundle.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copying bundles: file by file with their SHA-256, into a hidden staging
 * directory that is renamed into place without replacing anything.  Used
 * by registration (lumina-registry-register.c) and by export, which also
 * checks the copy against the recorded hashes.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-registry-private.h"
#include "lumina-util.h"

#define COPY_CHUNK    (256 * 1024)

/* ---- file helpers ------------------------------------------------------- */

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *doing,
                 const char  *path)
{
  g_set_error (error, LUMINA_ERROR, saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS
                                      ? LUMINA_ERROR_PERMISSION : LUMINA_ERROR_FAILED,
               "Cannot %s “%s”: %s", doing, path, g_strerror (saved_errno));
  return FALSE;
}

/* Removes @path and everything below it; symbolic links are removed, never
 * followed. */
gboolean
_lumina_registry_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT;
  if (!S_ISDIR (st.st_mode))
    return g_unlink (path) == 0;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      _lumina_registry_remove_tree (child);
    }

  return g_rmdir (path) == 0;
}

/* rename() that never replaces: EXISTS when @to is there. */
gboolean
_lumina_registry_rename_new (const char  *from,
                             const char  *to,
                             GError     **error)
{
  int saved_errno;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == EINVAL || saved_errno == ENOSYS)
    {
      /* The file system cannot refuse for us: check, then rename. */
      if (!g_file_test (to, G_FILE_TEST_EXISTS) && g_rename (from, to) == 0)
        return TRUE;
      saved_errno = g_file_test (to, G_FILE_TEST_EXISTS) ? EEXIST : errno;
    }

  if (saved_errno == EEXIST || saved_errno == ENOTEMPTY)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "“%s” already exists; nothing is written over it", to);
      return FALSE;
    }

  return set_errno_error (error, saved_errno, "move a bundle into", to);
}

static gboolean
copy_data (int            in,
           int            out,
           LuminaSha256  *sha,
           gint64        *size)
{
  g_autofree char *buffer = g_malloc (COPY_CHUNK);
  ssize_t n;

  while ((n = read (in, buffer, COPY_CHUNK)) != 0)
    {
      ssize_t done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      lumina_sha256_update (sha, buffer, n);
      *size += n;
      while (done < n)
        {
          ssize_t w = write (out, buffer + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return FALSE;
          done += w;
        }
    }

  return fsync (out) == 0;
}

/* Copies one regular file (the new one must not exist) and returns its
 * SHA-256 and size. */
static gboolean
copy_file (const char  *from,
           const char  *to,
           char       **sha256,
           gint64      *size,
           GError     **error)
{
  g_autoptr(LuminaSha256) sha = lumina_sha256_new ();
  int in, out, saved_errno;
  gboolean ok;

  if ((in = g_open (from, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return set_errno_error (error, errno, "read", from);
  if ((out = g_open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
    {
      saved_errno = errno;
      close (in);
      return set_errno_error (error, saved_errno, "create", to);
    }

  *size = 0;
  ok = copy_data (in, out, sha, size);
  saved_errno = errno;
  close (in);
  if (close (out) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    return set_errno_error (error, saved_errno, "copy", from);

  *sha256 = lumina_sha256_finish (sha);
  return TRUE;
}

static void
add_file_entry (JsonArray  *files,
                const char *name,
                const char *sha256,
                gint64      size)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "name", name);
  json_object_set_string_member (entry, "sha256", sha256);
  json_object_set_int_member (entry, "size", size);
  json_array_add_object_element (files, entry);
}

/* Copies the plain files and folders below @from into the existing @to;
 * @prefix is @from's path relative to the bundle ("" at the top). */
gboolean
_lumina_registry_copy_tree (const char  *from,
           const char  *to,
           const char  *prefix,
           JsonArray   *files,
           GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *relative = prefix[0] ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
      g_autofree char *sha256 = NULL;
      gint64 size = 0;
      GStatBuf st;

      if (g_lstat (source, &st) != 0)
        return set_errno_error (error, errno, "read", source);
      if (S_ISDIR (st.st_mode))
        {
          if (g_mkdir (target, 0755) != 0)
            return set_errno_error (error, errno, "create", target);
          if (!_lumina_registry_copy_tree (source, target, relative, files, error))
            return FALSE;
          continue;
        }
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "The bundle holds “%s”, which is not a plain file; a bundle is files and folders only",
                       relative);
          return FALSE;
        }
      if (!copy_file (source, target, &sha256, &size, error))
        return FALSE;
      add_file_entry (files, relative, sha256, size);
    }

  return lumina_util_fsync_directory (to, error);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *x = json_node_get_object (*(JsonNode **) a);
  JsonObject *y = json_node_get_object (*(JsonNode **) b);

  return strcmp (json_object_get_string_member (x, "name"), json_object_get_string_member (y, "name"));
}

/* The files sorted by name, and the bundle's hash: the SHA-256 of the
 * lines "SHA256  NAME\n" in that order (what `sha256sum` prints). */
char *
_lumina_registry_sort_and_hash (JsonArray *files)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GString) listing = g_string_new (NULL);
  GList *elements = json_array_get_elements (files);

  for (GList *l = elements; l != NULL; l = l->next)
    g_ptr_array_add (nodes, json_node_ref (l->data));
  g_list_free (elements);
  g_ptr_array_sort (nodes, compare_entries);

  while (json_array_get_length (files) > 0)
    json_array_remove_element (files, 0);
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (nodes, i));

      json_array_add_element (files, json_node_ref (g_ptr_array_index (nodes, i)));
      g_string_append_printf (listing, "%s  %s\n", json_object_get_string_member (entry, "sha256"),
                              json_object_get_string_member (entry, "name"));
    }

  return lumina_sha256_hex (listing->str, listing->len);
}

/* A fresh hidden directory next to @final_path, for a copy in progress. */
char *
_lumina_registry_make_staging_dir (const char  *final_path,
                  GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (final_path);
  g_autofree char *base = g_path_get_basename (final_path);
  g_autofree char *tmp = NULL;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      set_errno_error (error, errno, "create", parent);
      return NULL;
    }

  tmp = g_strdup_printf ("%s/.%s.tmp-XXXXXX", parent, base);
  if (g_mkdtemp_full (tmp, 0755) == NULL)
    {
      set_errno_error (error, errno, "create a folder in", parent);
      return NULL;
    }

  return g_steal_pointer (&tmp);
}

/* ---- export ------------------------------------------------------------- */

/* The copy must hold exactly the registered files with their hashes. */
static gboolean
check_copy (JsonArray    *recorded,
            JsonArray    *copied,
            const char   *ref,
            GError      **error)
{
  guint n = json_array_get_length (recorded);

  if (n != json_array_get_length (copied))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "The registered bundle of %s has %u files; %u were registered",
                   ref, json_array_get_length (copied), n);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (recorded, i);
      JsonObject *b = json_array_get_object_element (copied, i);

      if (g_strcmp0 (json_object_get_string_member (a, "name"),
                     json_object_get_string_member (b, "name")) != 0 ||
          g_strcmp0 (json_object_get_string_member (a, "sha256"),
                     json_object_get_string_member (b, "sha256")) != 0)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                       "The registered bundle of %s was changed after registration (%s)",
                       ref, json_object_get_string_member (a, "name"));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_card (const char        *dir,
            const char        *name,
            LuminaVersionRow  *row,
            GError           **error)
{
  g_autofree char *path = g_build_filename (dir, LUMINA_REGISTRY_CARD_FILE, NULL);
  g_autoptr(JsonObject) card = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GList) members = json_object_get_members (row->card);

  json_object_set_string_member (card, "model", name);
  json_object_set_int_member (card, "version", row->version);
  json_object_set_string_member (card, "run_id", row->run_id);
  json_object_set_string_member (card, "bundle_sha256", row->bundle_hash);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (card, l->data, json_node_copy (json_object_get_member (row->card, l->data)));

  node = json_node_init_object (json_node_alloc (), card);
  text = lumina_util_json_to_string (node, TRUE);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

static gboolean
read_version (LuminaRegistry    *self,
              const char        *name,
              guint              version,
              LuminaVersionRow  *row,
              GError           **error)
{
  gint64 model_id;
  gboolean ok;

  lumina_db_lock (self->db);
  ok = (model_id = _lumina_registry_lookup_model (self, name, error)) != 0 &&
       _lumina_registry_lookup_version (self, model_id, name, version, row, error);
  lumina_db_unlock (self->db);

  return ok;
}

static void
audit_export (LuminaRegistry *self,
              const char     *name,
              guint           version,
              const char     *directory,
              const char     *actor)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(LuminaEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object = g_strdup_printf ("%s/%u", name, version);

  json_object_set_string_member (details, "model", name);
  json_object_set_int_member (details, "version", version);
  json_object_set_string_member (details, "directory", directory);
  json_object_set_string_member (details, "actor", _lumina_registry_actor (self, actor));
  node = json_node_init_object (json_node_alloc (), details);

  /* The copy is complete; a full event log does not undo it. */
  if (!(event = lumina_event_log_append (lumina_workspace_get_events (self->workspace),
                                         "model.exported", object, node, &error)))
    g_warning ("The export of %s was not recorded: %s", object, error->message);
}

/**
 * lumina_registry_export:
 * @self: a registry
 * @ref: a model reference, as for lumina_registry_resolve()
 * @directory: where to put the copy; must not exist
 * @actor: (nullable): who exports, for the audit event
 * @error: a location for a #GError
 *
 * Copies the registered bundle to @directory, checking every file against
 * its recorded SHA-256, and adds the model card as model-card.json.  The
 * directory appears complete or not at all.  Thread-safe.
 *
 * Returns: %FALSE with EXISTS when @directory exists, CORRUPT when the
 *   registered copy no longer matches its hashes
 */
gboolean
lumina_registry_export (LuminaRegistry  *self,
                        const char      *ref,
                        const char      *directory,
                        const char      *actor,
                        GError         **error)
{
  g_auto(LuminaVersionRow) row = { 0 };
  g_autoptr(JsonArray) copied = json_array_new ();
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *hash = NULL;
  guint version;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  if (!lumina_registry_resolve (self, ref, &name, &version, &bundle, error) ||
      !read_version (self, name, version, &row, error))
    return FALSE;
  if (g_file_test (directory, G_FILE_TEST_EXISTS) || g_file_test (directory, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "“%s” already exists; export into a new folder", directory);
      return FALSE;
    }
  if (!(staging = _lumina_registry_make_staging_dir (directory, error)))
    return FALSE;

  ok = _lumina_registry_copy_tree (bundle, staging, "", copied, error);
  if (ok)
    {
      hash = _lumina_registry_sort_and_hash (copied);
      ok = check_copy (json_node_get_array (row.files), copied, ref, error) &&
           write_card (staging, name, &row, error) &&
           _lumina_registry_rename_new (staging, directory, error);
    }
  if (!ok)
    {
      _lumina_registry_remove_tree (staging);
      return FALSE;
    }

  parent = g_path_get_dirname (directory);
  lumina_util_fsync_directory (parent, NULL);
  audit_export (self, name, version, directory, actor);
  return TRUE;
}
