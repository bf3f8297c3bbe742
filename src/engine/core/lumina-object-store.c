/* lumina-object-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable files named by the SHA-256 of their content, under
 * objects/<first two hex digits>/<the other 62>.  A write goes to a locked
 * temporary file in objects/tmp, is fsynced, then renamed into place, so a
 * crash at any point leaves either the whole object or nothing visible.
 * Temporary files left by a crashed writer are removed on open: a writer
 * holds an flock on its file, so only abandoned ones can be locked.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-object-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "lumina-db.h"
#include "lumina-error.h"
#include "lumina-object-store.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

#define HASH_LENGTH 64
#define CHUNK_SIZE  (256 * 1024)

struct _LuminaObjectStore
{
  GObject   parent_instance;

  char     *dir;
  char     *tmp_dir;
  LuminaDb *db;
};

G_DEFINE_FINAL_TYPE (LuminaObjectStore, lumina_object_store, G_TYPE_OBJECT)

static void
lumina_object_store_finalize (GObject *object)
{
  LuminaObjectStore *self = (LuminaObjectStore *)object;

  g_clear_pointer (&self->db, lumina_db_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->tmp_dir, g_free);

  G_OBJECT_CLASS (lumina_object_store_parent_class)->finalize (object);
}

static void
lumina_object_store_class_init (LuminaObjectStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_object_store_finalize;
}

static void
lumina_object_store_init (LuminaObjectStore *self)
{
}

static void
remove_abandoned_temporaries (LuminaObjectStore *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->tmp_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (self->tmp_dir, name, NULL);
      int fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);

      if (fd < 0)
        continue;

      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_debug ("Removing abandoned temporary object %s", path);
          g_unlink (path);
        }

      close (fd);
    }
}

LuminaObjectStore *
_lumina_object_store_new (const char *objects_dir,
                          LuminaDb   *db)
{
  LuminaObjectStore *self = g_object_new (LUMINA_TYPE_OBJECT_STORE, NULL);

  self->dir = g_strdup (objects_dir);
  self->tmp_dir = g_build_filename (objects_dir, "tmp", NULL);
  self->db = lumina_db_ref (db);

  remove_abandoned_temporaries (self);

  return self;
}

gboolean
lumina_object_store_is_valid_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) != HASH_LENGTH)
    return FALSE;

  for (guint i = 0; i < HASH_LENGTH; i++)
    if (!g_ascii_isxdigit (hash[i]) || g_ascii_isupper (hash[i]))
      return FALSE;

  return TRUE;
}

/**
 * lumina_object_store_get_path:
 * Returns: (transfer full): where the object @hash lives, whether or not it exists
 */
char *
lumina_object_store_get_path (LuminaObjectStore *self,
                              const char        *hash)
{
  char prefix[3] = { 0 };

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);
  g_return_val_if_fail (lumina_object_store_is_valid_hash (hash), NULL);

  memcpy (prefix, hash, 2);
  return g_build_filename (self->dir, prefix, hash + 2, NULL);
}

gboolean
lumina_object_store_contains (LuminaObjectStore *self,
                              const char        *hash)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), FALSE);

  if (!lumina_object_store_is_valid_hash (hash))
    return FALSE;

  path = lumina_object_store_get_path (self, hash);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

#define WRITEBACK_STEP (8 * 1024 * 1024)

typedef struct
{
  char      *path;
  int        fd;
  LuminaSha256 *checksum;
  goffset    size;
  goffset    flushed;   /* writeback started up to here */
} TempObject;

static void
temp_object_free (TempObject *temp)
{
  if (temp->fd >= 0)
    {
      close (temp->fd);
      g_unlink (temp->path);
    }
  g_clear_pointer (&temp->checksum, lumina_sha256_free);
  g_free (temp->path);
  g_free (temp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TempObject, temp_object_free)

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, LUMINA_ERROR,
               saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM ?
                 LUMINA_ERROR_PERMISSION : LUMINA_ERROR_FAILED,
               "Cannot %s “%s”: %s", what, path, g_strerror (saved_errno));
}

static TempObject *
temp_object_new (LuminaObjectStore  *self,
                 GError            **error)
{
  g_autoptr(TempObject) temp = g_new0 (TempObject, 1);

  temp->fd = -1;
  temp->checksum = lumina_sha256_new ();
  temp->path = g_build_filename (self->tmp_dir, "put-XXXXXX", NULL);

  if (g_mkdir_with_parents (self->tmp_dir, 0700) != 0)
    {
      set_errno_error (error, errno, "create the folder", self->tmp_dir);
      return NULL;
    }

  temp->fd = g_mkstemp_full (temp->path, O_RDWR | O_CLOEXEC, 0600);
  if (temp->fd < 0)
    {
      set_errno_error (error, errno, "create a file in", self->tmp_dir);
      return NULL;
    }

  /* Held until the rename: tells remove_abandoned_temporaries() we are alive. */
  flock (temp->fd, LOCK_EX);

  return g_steal_pointer (&temp);
}

static gboolean
temp_object_write (TempObject  *temp,
                   const void  *data,
                   gsize        length,
                   GError     **error)
{
  const guint8 *p = data;
  gsize remaining = length;

  if (temp->checksum != NULL)
    lumina_sha256_update (temp->checksum, data, length);
  temp->size += length;

  while (remaining > 0)
    {
      gssize n = write (temp->fd, p, remaining);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, "write", temp->path);
          return FALSE;
        }

      p += n;
      remaining -= n;
    }

  /* Start the disk on what is written so far: the fsync at the commit then
   * waits for the tail only, not for the whole object. */
  if (temp->size - temp->flushed >= WRITEBACK_STEP)
    {
      sync_file_range (temp->fd, temp->flushed, temp->size - temp->flushed, SYNC_FILE_RANGE_WRITE);
      temp->flushed = temp->size;
    }

  return TRUE;
}

static gboolean
record_object (LuminaObjectStore  *self,
               const char         *hash,
               goffset             size,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = lumina_util_now_text ();
  gboolean ok = FALSE;

  lumina_db_lock (self->db);
  stmt = lumina_db_prepare (self->db,
                            "INSERT OR IGNORE INTO objects (hash, size, created_at) "
                            "VALUES (?1, ?2, ?3)",
                            error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, size);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        lumina_db_set_error (self->db, error, "recording an object");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  lumina_db_unlock (self->db);

  return ok;
}

/* fsync, then rename into place (or drop it when the object already exists). */
static char *
temp_object_commit (LuminaObjectStore  *self,
                    TempObject         *temp,
                    const char         *known_hash,
                    GError            **error)
{
  g_autofree char *hash = known_hash ? g_strdup (known_hash) : lumina_sha256_finish (temp->checksum);
  g_autofree char *path = lumina_object_store_get_path (self, hash);
  g_autofree char *parent = g_path_get_dirname (path);

  if (fsync (temp->fd) != 0)
    {
      set_errno_error (error, errno, "flush", temp->path);
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (g_mkdir_with_parents (parent, 0700) != 0)
        {
          set_errno_error (error, errno, "create the folder", parent);
          return NULL;
        }

      fchmod (temp->fd, 0444);
      if (g_rename (temp->path, path) != 0)
        {
          set_errno_error (error, errno, "move an object into", parent);
          return NULL;
        }

      if (!lumina_util_fsync_directory (parent, error))
        return NULL;
    }

  /* The rename consumed the file, or the object existed: either way drop ours. */
  g_unlink (temp->path);
  close (temp->fd);
  temp->fd = -1;

  if (!record_object (self, hash, temp->size, error))
    return NULL;

  return g_steal_pointer (&hash);
}

/**
 * lumina_object_store_put_stream:
 * Copies @stream into the store.  Thread-safe; blocks, so call it from a
 * worker for anything large.  On error nothing becomes visible.
 *
 * Returns: (transfer full) (nullable): the object's SHA-256 in lowercase hex
 */
char *
lumina_object_store_put_stream (LuminaObjectStore  *self,
                                GInputStream       *stream,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(TempObject) temp = NULL;
  g_autofree guint8 *buffer = NULL;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (!(temp = temp_object_new (self, error)))
    return NULL;

  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (!temp_object_write (temp, buffer, n, error))
        return NULL;
    }

  return temp_object_commit (self, temp, NULL, error);
}

char *
lumina_object_store_put_bytes (LuminaObjectStore  *self,
                               GBytes             *bytes,
                               GError            **error)
{
  g_autoptr(TempObject) temp = NULL;
  gsize length = 0;
  const void *data;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);

  if (!(temp = temp_object_new (self, error)) ||
      !temp_object_write (temp, data, length, error))
    return NULL;

  return temp_object_commit (self, temp, NULL, error);
}

/* ---- streaming writer: hash and write in one pass, small pieces buffered */

#define WRITER_BUFFER (1024 * 1024)

struct _LuminaObjectWriter
{
  LuminaObjectStore *store;
  TempObject        *temp;
  guint8            *buffer;
  gsize              used;
  GError            *error;
};

LuminaObjectWriter *
_lumina_object_writer_new (LuminaObjectStore  *self,
                           GError            **error)
{
  LuminaObjectWriter *writer;
  TempObject *temp;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);

  if (!(temp = temp_object_new (self, error)))
    return NULL;

  writer = g_new0 (LuminaObjectWriter, 1);
  writer->store = g_object_ref (self);
  writer->temp = temp;
  writer->buffer = g_malloc (WRITER_BUFFER);
  return writer;
}

static void
writer_flush (LuminaObjectWriter *writer)
{
  if (writer->used > 0 && writer->error == NULL)
    temp_object_write (writer->temp, writer->buffer, writer->used, &writer->error);
  writer->used = 0;
}

/* Errors are kept and reported by commit. */
void
_lumina_object_writer_write (gpointer    data,
                             const void *bytes,
                             gsize       len)
{
  LuminaObjectWriter *writer = data;

  if (writer->error != NULL)
    return;

  if (len >= WRITER_BUFFER / 4)
    {
      writer_flush (writer);
      if (writer->error == NULL)
        temp_object_write (writer->temp, bytes, len, &writer->error);
      return;
    }

  if (writer->used + len > WRITER_BUFFER)
    writer_flush (writer);
  memcpy (writer->buffer + writer->used, bytes, len);
  writer->used += len;
}

/**
 * _lumina_object_writer_commit:
 * @unless: (nullable): a hash for which nothing is stored: when the content
 *   turns out to be that, the temporary file is dropped
 *
 * Returns: (transfer full) (nullable): the object's hash
 */
char *
_lumina_object_writer_commit (LuminaObjectWriter  *writer,
                              const char          *unless,
                              GError             **error)
{
  g_autofree char *hash = NULL;

  writer_flush (writer);
  if (writer->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&writer->error));
      return NULL;
    }

  hash = lumina_sha256_finish (writer->temp->checksum);
  if (g_strcmp0 (hash, unless) == 0)
    return g_steal_pointer (&hash);

  return temp_object_commit (writer->store, writer->temp, hash, error);
}

void
_lumina_object_writer_free (LuminaObjectWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->temp, temp_object_free);
  g_clear_object (&writer->store);
  g_clear_error (&writer->error);
  g_free (writer->buffer);
  g_free (writer);
}

char *
lumina_object_store_put_file (LuminaObjectStore  *self,
                              GFile              *file,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;

  return lumina_object_store_put_stream (self, G_INPUT_STREAM (stream), cancellable, error);
}

static gboolean
check_present (LuminaObjectStore  *self,
               const char         *hash,
               const char         *path,
               GError            **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
               "Object %.12s… is missing from the workspace (expected at “%s”); "
               "restore the objects folder from a backup",
               hash, path);
  return FALSE;
}

/**
 * lumina_object_store_read_bytes:
 * Returns: (transfer full) (nullable): the object's content
 */
GBytes *
lumina_object_store_read_bytes (LuminaObjectStore  *self,
                                const char         *hash,
                                GError            **error)
{
  g_autoptr(GMappedFile) mapped = lumina_object_store_map (self, hash, error);

  if (mapped == NULL)
    return NULL;

  return g_mapped_file_get_bytes (mapped);
}

/**
 * lumina_object_store_map:
 * Maps the object read-only; near-instant for any size.
 *
 * Returns: (transfer full) (nullable): the mapping
 */
GMappedFile *
lumina_object_store_map (LuminaObjectStore  *self,
                         const char         *hash,
                         GError            **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LUMINA_IS_OBJECT_STORE (self), NULL);

  if (!lumina_object_store_is_valid_hash (hash))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "“%s” is not an object id (64 lowercase hex digits)", hash ? hash : "");
      return NULL;
    }

  path = lumina_object_store_get_path (self, hash);
  if (!check_present (self, hash, path, error))
    return NULL;

  return g_mapped_file_new (path, FALSE, error);
}

/**
 * lumina_object_store_verify:
 * Re-hashes the object; fails with %LUMINA_ERROR_CORRUPT when its content
 * no longer matches its name.
 */
gboolean
lumina_object_store_verify (LuminaObjectStore  *self,
                            const char         *hash,
                            GError            **error)
{
  g_autoptr(GMappedFile) mapped = lumina_object_store_map (self, hash, error);
  g_autofree char *actual = NULL;

  if (mapped == NULL)
    return FALSE;

  actual = lumina_sha256_hex (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  if (g_strcmp0 (actual, hash) != 0)
    {
      g_autofree char *path = lumina_object_store_get_path (self, hash);

      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "Object “%s” is damaged (its content hashes to %.12s…); "
                   "restore it from a backup",
                   path, actual);
      return FALSE;
    }

  return TRUE;
}
