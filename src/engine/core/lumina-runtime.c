/* lumina-runtime.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Process-level set-up shared by every binary.
 */
#define G_LOG_DOMAIN "lumina-runtime"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <xgboost/c_api.h>

#include "lumina-runtime.h"

/**
 * lumina_runtime_ensure_environment:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * Call first thing in main().  libgomp (XGBoost's OpenMP) reads
 * OMP_WAIT_POLICY once, when it is loaded at process start, and its default
 * spin-waiting makes training several times slower on a busy machine.
 * Setting the variable later has no effect, so when it is unset this
 * re-executes the program once with OMP_WAIT_POLICY=passive.  A value the
 * user set is kept.
 */
void
lumina_runtime_ensure_environment (int    argc,
                                   char **argv)
{
  if (g_getenv ("OMP_WAIT_POLICY") != NULL)
    return;

  /* Set before exec: the new image sees it, so this never loops. */
  g_setenv ("OMP_WAIT_POLICY", "passive", TRUE);
  execv ("/proc/self/exe", argv);

  /* No /proc (unusual sandboxes): carry on, merely slower. */
  g_debug ("Cannot re-execute with OMP_WAIT_POLICY=passive: %s", g_strerror (errno));
}

/**
 * lumina_runtime_get_startup_env:
 * @name: a variable name
 *
 * Reads @name from the environment the process was started with
 * (/proc/self/environ), not the current one: what libraries that read the
 * environment at load time have seen.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when unset
 */
char *
lumina_runtime_get_startup_env (const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *prefix = NULL;
  gsize length = 0;
  gsize pos = 0;

  g_return_val_if_fail (name != NULL, NULL);

  if (!g_file_get_contents ("/proc/self/environ", &contents, &length, NULL))
    return NULL;

  prefix = g_strconcat (name, "=", NULL);
  while (pos < length)
    {
      const char *entry = contents + pos;

      if (g_str_has_prefix (entry, prefix))
        return g_strdup (entry + strlen (prefix));

      pos += strlen (entry) + 1;
    }

  return NULL;
}

/**
 * lumina_runtime_describe_libraries:
 * Returns: (transfer full): the versions of the libraries the engine runs on
 */
char *
lumina_runtime_describe_libraries (void)
{
  int xgb_major = 0, xgb_minor = 0, xgb_patch = 0;

  XGBoostVersion (&xgb_major, &xgb_minor, &xgb_patch);

  return g_strdup_printf ("XGBoost %d.%d.%d, SQLite %s, GLib %u.%u.%u, json-glib %d.%d.%d, libsoup %u.%u.%u",
                          xgb_major, xgb_minor, xgb_patch,
                          sqlite3_libversion (),
                          glib_major_version, glib_minor_version, glib_micro_version,
                          JSON_MAJOR_VERSION, JSON_MINOR_VERSION, JSON_MICRO_VERSION,
                          soup_get_major_version (), soup_get_minor_version (),
                          soup_get_micro_version ());
}
