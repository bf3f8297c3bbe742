/* test-object-store.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "lumina-engine.h"

#define HELLO_SHA256 "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

typedef struct
{
  char            *path;
  LuminaWorkspace *ws;
  LuminaObjectStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-objects-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->store = lumina_workspace_get_objects (f->ws);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("chmod -R u+w '%s' && rm -rf '%s'", f->path, f->path);

  g_clear_object (&f->ws);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d))
    n++;
  return n;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  hash = lumina_object_store_put_bytes (f->store, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, ==, HELLO_SHA256);
  g_assert_true (lumina_object_store_contains (f->store, hash));

  path = lumina_object_store_get_path (f->store, hash);
  g_assert_true (g_str_has_suffix (path, "/objects/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));

  back = lumina_object_store_read_bytes (f->store, hash, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, back));
  g_assert_true (lumina_object_store_verify (f->store, hash, &error));
  g_assert_no_error (error);

  info = lumina_workspace_query_info (f->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_objects, ==, 1);
  g_assert_cmpint (info->object_bytes, ==, 5);
}

static void
test_dedup (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = lumina_object_store_put_bytes (f->store, bytes, &error);
  g_autofree char *b = NULL;
  g_autofree char *objects_tmp = g_build_filename (f->path, "objects", "tmp", NULL);
  g_autofree char *prefix_dir = g_build_filename (f->path, "objects", "2c", NULL);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("hello", 5, NULL);
  g_autofree char *c = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  b = lumina_object_store_put_bytes (f->store, bytes, &error);
  g_assert_no_error (error);
  c = lumina_object_store_put_stream (f->store, stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, c);
  g_assert_cmpuint (count_files (prefix_dir), ==, 1);
  g_assert_cmpuint (count_files (objects_tmp), ==, 0);

  info = lumina_workspace_query_info (f->ws, &error);
  g_assert_cmpint (info->n_objects, ==, 1);
}

static void
test_large_stream (Fixture       *f,
                   gconstpointer  data)
{
  gsize size = 3 * 1024 * 1024 + 17;
  g_autofree guint8 *buffer = g_malloc (size);
  g_autofree char *expected = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  for (gsize i = 0; i < size; i++)
    buffer[i] = (guint8) (i * 2654435761u >> 13);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, buffer, size);

  stream = g_memory_input_stream_new_from_data (buffer, size, NULL);
  hash = lumina_object_store_put_stream (f->store, stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, ==, expected);

  mapped = lumina_object_store_map (f->store, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_mapped_file_get_length (mapped), ==, size);
  g_assert_cmpmem (g_mapped_file_get_contents (mapped), size, buffer, size);
}

/* A stream that fails after handing out part of its data: a crash or I/O
 * error in the middle of a write. */
typedef struct { GInputStream parent; gsize served; } FailingStream;
typedef struct { GInputStreamClass parent_class; } FailingStreamClass;
static GType failing_stream_get_type (void);
G_DEFINE_TYPE (FailingStream, failing_stream, G_TYPE_INPUT_STREAM)

static gssize
failing_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  FailingStream *self = (FailingStream *) stream;

  if (self->served >= 600 * 1024)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "source went away");
      return -1;
    }

  count = MIN (count, 100 * 1024);
  memset (buffer, 'x', count);
  self->served += count;
  return count;
}

static void
failing_stream_class_init (FailingStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = failing_stream_read;
}

static void
failing_stream_init (FailingStream *self)
{
}

static void
test_failed_write_leaves_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GInputStream) stream = g_object_new (failing_stream_get_type (), NULL);
  g_autofree char *objects = g_build_filename (f->path, "objects", NULL);
  g_autofree char *objects_tmp = g_build_filename (objects, "tmp", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  hash = lumina_object_store_put_stream (f->store, stream, NULL, &error);
  g_assert_null (hash);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);

  /* Only the (empty) tmp folder: no object, no leftover partial file. */
  g_assert_cmpuint (count_files (objects), ==, 1);
  g_assert_cmpuint (count_files (objects_tmp), ==, 0);
  g_clear_error (&error);
  info = lumina_workspace_query_info (f->ws, &error);
  g_assert_cmpint (info->n_objects, ==, 0);
}

/* A writer killed between write and rename leaves a locked temporary file;
 * once it is dead the file is unlocked, invisible, and removed on open. */
static void
test_killed_writer_cleaned (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *objects = g_build_filename (f->path, "objects", NULL);
  g_autofree char *objects_tmp = g_build_filename (objects, "tmp", NULL);
  g_autoptr(GError) error = NULL;
  int fds[2];
  pid_t pid;
  char c;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(GInputStream) stream = NULL;
      int in = fds[1];

      /* The child writes from a pipe that never ends, then is killed. */
      close (fds[0]);
      g_assert_cmpint (write (in, "!", 1), ==, 1);
      stream = g_unix_input_stream_new (open ("/dev/zero", O_RDONLY), TRUE);
      (void) lumina_object_store_put_stream (f->store, stream, NULL, NULL);
      _exit (0);
    }

  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  while (count_files (objects_tmp) == 0)
    g_usleep (1000);
  g_usleep (20000);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  close (fds[0]);

  g_assert_cmpuint (count_files (objects_tmp), ==, 1);
  g_assert_cmpuint (count_files (objects), ==, 1);

  g_clear_object (&f->ws);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  f->store = lumina_workspace_get_objects (f->ws);
  g_assert_cmpuint (count_files (objects_tmp), ==, 0);
}

static void
test_missing_and_damaged (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = lumina_object_store_put_bytes (f->store, bytes, &error);
  g_autofree char *path = lumina_object_store_get_path (f->store, hash);
  g_autoptr(GBytes) back = NULL;

  /* Objects are read-only on disk; a damaged one is caught by verify. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (g_file_set_contents (path, "jello", 5, NULL));
  g_assert_false (lumina_object_store_verify (f->store, hash, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  back = lumina_object_store_read_bytes (f->store, hash, &error);
  g_assert_null (back);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  back = lumina_object_store_read_bytes (f->store, "../../etc/passwd", &error);
  g_assert_null (back);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_false (lumina_object_store_contains (f->store, "ABC"));
}

typedef struct
{
  LuminaObjectStore *store;
  int                seed;
} PutData;

static gpointer
put_thread (gpointer data)
{
  PutData *pd = data;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *text = g_strdup_printf ("object %d", (i + pd->seed) % 50);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = lumina_object_store_put_bytes (pd->store, bytes, &error);

      g_assert_no_error (error);
      g_assert_true (lumina_object_store_verify (pd->store, hash, NULL));
    }

  return NULL;
}

static void
test_concurrent_puts (Fixture       *f,
                      gconstpointer  data)
{
  PutData a = { f->store, 0 }, b = { f->store, 25 };
  GThread *ta = g_thread_new ("put-a", put_thread, &a);
  GThread *tb = g_thread_new ("put-b", put_thread, &b);
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  g_thread_join (ta);
  g_thread_join (tb);

  info = lumina_workspace_query_info (f->ws, NULL);
  g_assert_cmpint (info->n_objects, ==, 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/engine/object-store/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("dedup", test_dedup);
  ADD ("large-stream", test_large_stream);
  ADD ("failed-write-leaves-nothing", test_failed_write_leaves_nothing);
  ADD ("killed-writer-cleaned", test_killed_writer_cleaned);
  ADD ("missing-and-damaged", test_missing_and_damaged);
  ADD ("concurrent-puts", test_concurrent_puts);
#undef ADD

  return g_test_run ();
}
