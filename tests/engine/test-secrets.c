/* test-secrets.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets in a real GNOME Keyring (gnome-keyring-daemon on a private
 * session bus), and in the 0600 file where no Secret Service runs: round
 * trips, one secret per target, forgetting, and refusing a file others
 * can read or one that is not ours to parse.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "lumina-engine.h"

#define URL_A "http://127.0.0.1:9090"
#define URL_B "http://127.0.0.1:9091"

static char *
lookup (const char *target)
{
  g_autoptr(GError) error = NULL;
  char *secret = lumina_secrets_lookup (LUMINA_SECRET_PROMETHEUS_TOKEN, target, NULL, &error);

  g_assert_no_error (error);
  return secret;
}

static void
store (const char *target,
       const char *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_secrets_store (LUMINA_SECRET_PROMETHEUS_TOKEN, target, "Prometheus token", secret,
                                       NULL, &error));
  g_assert_no_error (error);
}

/* Stored per target, replaced, forgotten. */
static void
check_round_trip (void)
{
  g_autofree char *missing = lookup (URL_A);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *forgotten = NULL;
  g_autofree char *kept = NULL;

  g_assert_null (missing);
  store (URL_A, "token-a");
  store (URL_B, "token-b");
  a = lookup (URL_A);
  b = lookup (URL_B);
  g_assert_cmpstr (a, ==, "token-a");
  g_assert_cmpstr (b, ==, "token-b");

  store (URL_A, "token-a2");
  replaced = lookup (URL_A);
  g_assert_cmpstr (replaced, ==, "token-a2");

  store (URL_A, "");
  forgotten = lookup (URL_A);
  g_assert_null (forgotten);
  kept = lookup (URL_B);
  g_assert_cmpstr (kept, ==, "token-b");
  /* Forgetting what is not there is not an error. */
  store (URL_A, NULL);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(char **) user_data = lumina_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*(char **) user_data);
}

static void
check_async (void)
{
  gboolean stored = FALSE;
  g_autofree char *secret = NULL;

  lumina_secrets_store_async (LUMINA_SECRET_PROMETHEUS_TOKEN, URL_B, NULL, "async-token", NULL, stored_cb, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
  lumina_secrets_lookup_async (LUMINA_SECRET_PROMETHEUS_TOKEN, URL_B, NULL, looked_up_cb, &secret);
  while (secret == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (secret, ==, "async-token");
}

static void
test_file (void)
{
  g_autofree char *path = lumina_secrets_get_file_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  char *secret;

  /* No session bus: no Secret Service. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_assert_cmpint (lumina_secrets_get_backend (), ==, LUMINA_SECRETS_BACKEND_FILE);
  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));

  check_round_trip ();
  check_async ();
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_setenv ("LUMINA_SECRETS_BACKEND", "keyring", TRUE);
  g_assert_cmpint (lumina_secrets_get_backend (), ==, LUMINA_SECRETS_BACKEND_KEYRING);
  g_unsetenv ("LUMINA_SECRETS_BACKEND");
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Readable by others: refused, and left as it is. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  secret = lumina_secrets_lookup (LUMINA_SECRET_PROMETHEUS_TOKEN, URL_B, NULL, &error);
  g_assert_null (secret);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  g_assert_false (lumina_secrets_store (LUMINA_SECRET_PROMETHEUS_TOKEN, URL_B, NULL, "x", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Not JSON: a clear error, and the file is not overwritten. */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_set_contents_full (path, "{ not json", -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
  g_assert_false (lumina_secrets_store (LUMINA_SECRET_PROMETHEUS_TOKEN, URL_B, NULL, "x", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "{ not json");
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static gboolean
secrets_owned (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                           NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
test_keyring (void)
{
  const char *bus_argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *address = NULL;
  char buffer[512] = { 0 };
  GPid bus_pid;
  int out_fd;
  gssize n;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lumina_secrets_get_file_path ();
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_autofree char *runtime = NULL;
  g_autofree char *keyrings = NULL;
  g_auto(GStrv) envp = NULL;
  GPid pid;
  int in_fd;

  /* A private session bus, so the keyring started below is the only one. */
  g_spawn_async_with_pipes (NULL, (char **) bus_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, &bus_pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  n = read (out_fd, buffer, sizeof buffer - 1);
  g_assert_cmpint (n, >, 0);
  close (out_fd);
  address = g_strstrip (g_strndup (buffer, n));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (secrets_owned (bus));

  /* A real keyring on this private bus, unlocked with a password on stdin. */
  runtime = g_build_filename (g_get_user_cache_dir (), "keyring-runtime", NULL);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  keyrings = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (keyrings, 0700), ==, 0);
  envp = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", runtime, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  envp = g_environ_setenv (envp, "HOME", g_get_home_dir (), TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (in_fd, "test-password", 13), ==, 13);
  close (in_fd);
  for (guint i = 0; i < 200 && !secrets_owned (bus); i++)
    g_usleep (50 * 1000);
  g_assert_true (secrets_owned (bus));
  g_assert_cmpint (lumina_secrets_get_backend (), ==, LUMINA_SECRETS_BACKEND_KEYRING);
  g_setenv ("LUMINA_SECRETS_BACKEND", "file", TRUE);
  g_assert_cmpint (lumina_secrets_get_backend (), ==, LUMINA_SECRETS_BACKEND_FILE);
  g_unsetenv ("LUMINA_SECRETS_BACKEND");

  check_round_trip ();
  check_async ();
  /* Nothing went to the file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* One stored while no keyring ran is still found. */
  g_setenv ("LUMINA_SECRETS_BACKEND", "file", TRUE);
  store ("http://127.0.0.1:9092", "from-the-file");
  g_unsetenv ("LUMINA_SECRETS_BACKEND");
  {
    g_autofree char *found = lookup ("http://127.0.0.1:9092");

    g_assert_cmpstr (found, ==, "from-the-file");
  }
  g_assert_cmpint (g_unlink (path), ==, 0);

  kill (pid, SIGTERM);
  g_spawn_close_pid (pid);
  secret_service_disconnect ();
  g_clear_object (&bus);
  kill (bus_pid, SIGTERM);
  g_spawn_close_pid (bus_pid);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("lumina-secrets-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);
  const char *dirs[][2] = { { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
                            { "XDG_CACHE_HOME", "cache" } };
  int status;

  /* Our own user directories, set before GLib first reads them (GLib's
   * G_TEST_OPTION_ISOLATE_DIRS would do it, but leaks what it replaces). */
  g_assert (home != NULL);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i][1], NULL);

      g_setenv (dirs[i][0], dir, TRUE);
    }
  g_unsetenv ("LUMINA_SECRETS_BACKEND");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/secrets/file", test_file);
  g_test_add_func ("/engine/secrets/keyring", test_keyring);

  status = g_test_run ();
  if (system (command) != 0)
    g_printerr ("Could not remove %s\n", home);
  return status;
}
