/* test-workspace.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"
#include "lumina-workspace-private.h"

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lumina-ws-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_cmpint (system (cmd), ==, 0);
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every file under @dir with its content, to prove a failure changed nothing. */
static void
snapshot_tree (const char *dir,
               GString    *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_string_append_printf (out, "D %s\n", path);
          snapshot_tree (path, out);
        }
      else
        {
          g_autofree char *contents = NULL;
          g_autofree char *sum = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
          sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, len);
          g_string_append_printf (out, "F %s %s\n", path, sum);
        }
    }
}

static char *
tree_state (const char *dir)
{
  GString *out = g_string_new (NULL);

  snapshot_tree (dir, out);
  return g_string_free (out, FALSE);
}

static void
test_create_and_reopen (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *path = g_build_filename (tmp, "nested", "ws", NULL);
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (path, "objects", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;
  g_autofree char *first_id = NULL;

  ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (objects, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (lumina_workspace_get_schema_version (ws), ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  g_assert_cmpstr (lumina_workspace_get_path (ws), ==, path);
  g_assert_cmpstr (lumina_workspace_get_actor (ws), ==, g_get_user_name ());

  info = lumina_workspace_query_info (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_events, ==, 1);
  g_assert_cmpint (info->n_objects, ==, 0);
  g_assert_cmpint (strlen (info->id), ==, 36);
  first_id = g_strdup (info->id);
  g_clear_pointer (&info, lumina_workspace_info_free);
  g_clear_object (&ws);

  /* Reopening neither recreates nor re-announces. */
  ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  info = lumina_workspace_query_info (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_events, ==, 1);
  g_assert_cmpstr (info->id, ==, first_id);

  g_clear_object (&ws);
  rm_rf (tmp);
}

static void
test_missing_without_create (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *path = g_build_filename (tmp, "absent", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;

  ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_null (ws);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  rm_rf (tmp);
}

static void
test_migrate_from_empty (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (tmp, "objects", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  /* A schema-0 database: valid SQLite, nothing in it yet. */
  exec_sql (db_path, "PRAGMA user_version = 0; VACUUM;");
  g_assert_cmpint (g_mkdir (objects, 0700), ==, 0);

  ws = lumina_workspace_open (tmp, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  info = lumina_workspace_query_info (ws, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->schema_version, ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  g_assert_nonnull (info->id);
  g_assert_cmpint (info->n_events, ==, 1);

  g_clear_object (&ws);
  rm_rf (tmp);
}

/* A workspace as schema 1 left it (events only) gains the dataset tables
 * and keeps its history. */
static void
test_migrate_from_1 (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (tmp, "objects", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;

  {
    g_autoptr(LuminaDb) db = lumina_db_open (db_path, TRUE, &error);

    g_assert_no_error (error);
    lumina_db_lock (db);
    g_assert_true (lumina_db_exec (db, "BEGIN", &error));
    g_assert_true (_lumina_workspace_migrate_to (db, 0, 1, &error));
    g_assert_true (lumina_db_exec (db, "INSERT INTO meta VALUES ('id', 'old-one'), ('created_at', 'then'); COMMIT", &error));
    lumina_db_unlock (db);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_mkdir (objects, 0700), ==, 0);
  exec_sql (db_path, "CREATE TABLE probe (x); DROP TABLE probe;");

  ws = lumina_workspace_open (tmp, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_object_unref (lumina_event_log_append (lumina_workspace_get_events (ws), "test.after-migration", NULL, NULL, &error));
  g_assert_no_error (error);
  info = lumina_workspace_query_info (ws, &error);
  g_assert_cmpstr (info->id, ==, "old-one");
  g_assert_cmpint (info->schema_version, ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  g_clear_object (&ws);

  exec_sql (db_path, "SELECT count(*) FROM dataset_versions;");
  ws = lumina_workspace_open (tmp, LUMINA_WORKSPACE_OPEN_NONE, &error);
  report = lumina_event_log_verify (lumina_workspace_get_events (ws), &error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_checked, ==, 1);

  g_clear_object (&ws);
  rm_rf (tmp);
}


static void
assert_refused_unchanged (const char  *path,
                          GQuark       domain,
                          int          code,
                          const char  *named_file)
{
  g_autofree char *before = tree_state (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;

  ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_null (ws);
  g_assert_error (error, domain, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, named_file));
  /* One sentence: no line breaks, ends without a full stop (callers add context). */
  g_assert_null (strchr (error->message, '\n'));

  after = tree_state (path);
  g_assert_cmpstr (before, ==, after);
}

static char *
make_workspace (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (tmp, LUMINA_WORKSPACE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ws);
  return g_steal_pointer (&tmp);
}

static void
test_refuse_newer_schema (void)
{
  g_autofree char *path = make_workspace ();
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);

  /* Switch out of WAL so the header write lands in the main file, as a
   * newer version that closed cleanly would leave it. */
  exec_sql (db_path, "PRAGMA user_version = 99;");
  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_SCHEMA_TOO_NEW, db_path);
  rm_rf (path);
}

static void
test_refuse_not_sqlite (void)
{
  g_autofree char *path = make_workspace ();
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (db_path, "this is not a database, just some text\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, db_path);

  g_file_set_contents (db_path, "", 0, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, db_path);
  rm_rf (path);
}

static void
test_refuse_damaged_pages (void)
{
  g_autofree char *path = make_workspace ();
  g_autofree char *db_path = g_build_filename (path, "lumina.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  exec_sql (db_path, "PRAGMA journal_mode = DELETE;");
  g_assert_true (g_file_get_contents (db_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  /* Keep the header, scribble over the schema page's b-tree. */
  memset (contents + 100, 0xA5, len - 100);
  g_file_set_contents (db_path, contents, len, &error);
  g_assert_no_error (error);

  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, db_path);
  rm_rf (path);
}

static void
test_refuse_foreign_sqlite (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (tmp, "objects", NULL);

  exec_sql (db_path, "CREATE TABLE songs (title TEXT);");
  g_assert_cmpint (g_mkdir (objects, 0700), ==, 0);
  assert_refused_unchanged (tmp, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, db_path);

  exec_sql (db_path, "PRAGMA application_id = 42;");
  assert_refused_unchanged (tmp, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, db_path);
  rm_rf (tmp);
}

static void
test_refuse_missing_objects (void)
{
  g_autofree char *path = make_workspace ();
  g_autofree char *objects = g_build_filename (path, "objects", NULL);

  rm_rf (objects);
  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, objects);
  rm_rf (path);
}

static void
test_refuse_path_is_file (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *file = g_build_filename (tmp, "plain-file", NULL);
  g_autofree char *inside = g_build_filename (file, "ws", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);

  ws = lumina_workspace_open (file, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_null (ws);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);

  ws = lumina_workspace_open (inside, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_null (ws);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, inside));
  rm_rf (tmp);
}

/* Root ignores permission bits, so the child drops to "nobody" first. */
static void
test_refuse_unwritable (void)
{
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *db_path = NULL;

  if (!g_test_subprocess ())
    {
      g_autofree char *parent = make_tmp_dir ();

      path = g_build_filename (parent, "ws", NULL);
      {
        g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, NULL);
        g_assert_nonnull (ws);
      }
      g_assert_cmpint (g_chmod (parent, 0755), ==, 0);
      cmd = g_strdup_printf ("chmod -R a+rX,a-w '%s'", path);
      g_assert_cmpint (system (cmd), ==, 0);

      g_setenv ("LUMINA_TEST_WS", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();

      g_free (cmd);
      cmd = g_strdup_printf ("chmod -R u+w '%s'", parent);
      g_assert_cmpint (system (cmd), ==, 0);
      rm_rf (parent);
      return;
    }

  path = g_strdup (g_getenv ("LUMINA_TEST_WS"));
  db_path = g_build_filename (path, "lumina.db", NULL);
  if (geteuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      g_assert_cmpint (setgid (nobody->pw_gid), ==, 0);
      g_assert_cmpint (setuid (nobody->pw_uid), ==, 0);
    }

  assert_refused_unchanged (path, LUMINA_ERROR, LUMINA_ERROR_PERMISSION, path);
}

typedef struct
{
  const char *path;
  int         n;
} WriterData;

static gpointer
writer_thread (gpointer data)
{
  WriterData *wd = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (wd->path, LUMINA_WORKSPACE_OPEN_NONE, &error);

  g_assert_no_error (error);
  for (int i = 0; i < wd->n; i++)
    {
      g_autoptr(LuminaEvent) event = NULL;

      event = lumina_event_log_append (lumina_workspace_get_events (ws), "test.write", "w", NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (event);
    }

  return NULL;
}

/* Two connections, as the CLI and the GUI would have: SQLite's locking with
 * the busy timeout serialises them and the chain stays intact. */
static void
test_concurrent_writers (void)
{
  g_autofree char *path = make_workspace ();
  WriterData wd = { path, 150 };
  GThread *a, *b;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;

  a = g_thread_new ("writer-a", writer_thread, &wd);
  b = g_thread_new ("writer-b", writer_thread, &wd);
  g_thread_join (a);
  g_thread_join (b);

  ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  report = lumina_event_log_verify (lumina_workspace_get_events (ws), &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_checked, ==, 1 + 2 * wd.n);

  g_clear_object (&ws);
  rm_rf (path);
}

static void
test_default_path (void)
{
  g_autofree char *path = lumina_workspace_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "luminaops", "default", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_no_leak (void)
{
  g_autofree char *path = make_workspace ();
  LuminaWorkspace *ws = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_NONE, NULL);
  LuminaEventLog *events = lumina_workspace_get_events (ws);
  LuminaObjectStore *objects = lumina_workspace_get_objects (ws);

  g_object_add_weak_pointer (G_OBJECT (ws), (gpointer *) &ws);
  g_object_add_weak_pointer (G_OBJECT (events), (gpointer *) &events);
  g_object_add_weak_pointer (G_OBJECT (objects), (gpointer *) &objects);
  g_object_unref (ws);
  g_assert_null (ws);
  g_assert_null (events);
  g_assert_null (objects);
  rm_rf (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/workspace/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/engine/workspace/missing-without-create", test_missing_without_create);
  g_test_add_func ("/engine/workspace/migrate-from-empty", test_migrate_from_empty);
  g_test_add_func ("/engine/workspace/migrate-from-1", test_migrate_from_1);
  g_test_add_func ("/engine/workspace/refuse-newer-schema", test_refuse_newer_schema);
  g_test_add_func ("/engine/workspace/refuse-not-sqlite", test_refuse_not_sqlite);
  g_test_add_func ("/engine/workspace/refuse-damaged-pages", test_refuse_damaged_pages);
  g_test_add_func ("/engine/workspace/refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  g_test_add_func ("/engine/workspace/refuse-missing-objects", test_refuse_missing_objects);
  g_test_add_func ("/engine/workspace/refuse-path-is-file", test_refuse_path_is_file);
  g_test_add_func ("/engine/workspace/refuse-unwritable", test_refuse_unwritable);
  g_test_add_func ("/engine/workspace/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/engine/workspace/default-path", test_default_path);
  g_test_add_func ("/engine/workspace/no-leak", test_no_leak);

  return g_test_run ();
}
