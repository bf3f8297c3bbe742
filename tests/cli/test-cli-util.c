/* test-cli-util.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-cli-util"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "test-cli-util.h"

const char *
cli_binary_path (void)
{
  const char *path = g_getenv ("LUMINA_CLI");

  return path != NULL && path[0] != '\0' ? path : LUMINA_CLI_BUILD_PATH;
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

void
cli_fixture_setup (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("lumina-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->ws = g_build_filename (fixture->tmpdir, "ws", NULL);
  fixture->xdg = g_build_filename (fixture->tmpdir, "xdg", NULL);
}

void
cli_fixture_teardown (CliFixture    *fixture,
                      gconstpointer  data)
{
  remove_tree (fixture->tmpdir);
  g_clear_pointer (&fixture->tmpdir, g_free);
  g_clear_pointer (&fixture->ws, g_free);
  g_clear_pointer (&fixture->xdg, g_free);
}

void
cli_add_test (const char  *path,
              CliTestFunc  func)
{
  g_test_add (path, CliFixture, NULL, cli_fixture_setup, func, cli_fixture_teardown);
}

static void
apply_env (GSubprocessLauncher *launcher,
           const char * const  *env)
{
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');

      if (equals == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
      else
        {
          g_autofree char *name = g_strndup (env[i], equals - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
        }
    }
}

CliResult *
cli_runv (CliFixture         *fixture,
          const char * const *env,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);

  g_ptr_array_add (argv, (gpointer) cli_binary_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->xdg, TRUE);
  apply_env (launcher, env);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_exited (subprocess))
    result->status = g_subprocess_get_exit_status (subprocess);
  else
    result->status = -1;

  return result;
}

CliResult *
cli_run (CliFixture *fixture,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_runv (fixture, NULL, (const char * const *) args->pdata);
}

void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

/* The whole of stdout must be one JSON document. */
JsonNode *
cli_result_parse_json (CliResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, result->out, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

void
cli_assert_exit (CliResult *result,
                 int        status)
{
  if (result->status != status)
    g_test_message ("stdout: %s\nstderr: %s", result->out, result->err);
  g_assert_cmpint (result->status, ==, status);
}

/* A run-time failure: nothing on stdout, one "lumina: …" line on stderr. */
void
cli_assert_one_line_error (CliResult *result)
{
  const char *newline = strchr (result->err, '\n');

  cli_assert_exit (result, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "lumina: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
}

void
cli_init_workspace (CliFixture *fixture)
{
  g_autoptr(CliResult) result = cli_run (fixture, "workspace", "init",
                                         "--workspace", fixture->ws, NULL);

  cli_assert_exit (result, 0);
}

void
cli_exec_sql (const char *db_path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, message);
  sqlite3_free (message);
  sqlite3_close (db);
  g_assert_cmpint (rc, ==, SQLITE_OK);
}
