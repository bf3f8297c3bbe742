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

#include <cblas.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <xgboost/c_api.h>

#include "lumina-runtime.h"

/* OpenBLAS picks its kernels when it is loaded.  Older releases (Debian
 * 12 ships 0.3.21) do not know recent x86 models and fall back to their
 * SSE3 "Prescott" kernels on CPUs that have AVX2 and FMA, which makes the
 * MLP's matrix products about a third slower.  Returns the core to ask
 * for instead, or NULL when the detection is fine or the user chose. */
static const char *
openblas_core_hint (void)
{
#if defined(__x86_64__)
  static const char * const legacy[] = { "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", NULL };
  const char *core;

  if (g_getenv ("OPENBLAS_CORETYPE") != NULL)
    return NULL;

  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx2") || !__builtin_cpu_supports ("fma"))
    return NULL;

  core = openblas_get_corename ();
  for (guint i = 0; core != NULL && legacy[i] != NULL; i++)
    if (g_ascii_strcasecmp (core, legacy[i]) == 0)
      return "Haswell";
#endif
  return NULL;
}

/**
 * lumina_runtime_ensure_environment:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * Call first thing in main().  Two libraries read the environment once,
 * when they are loaded at process start, so setting variables later has no
 * effect; when either needs one, this re-executes the program once with
 * them set:
 *
 * - libgomp (XGBoost's OpenMP) spin-waits by default, which makes training
 *   several times slower on a busy machine: OMP_WAIT_POLICY=passive;
 * - OpenBLAS falls back to SSE3 kernels on AVX2 CPUs it does not know:
 *   OPENBLAS_CORETYPE=Haswell (see openblas_core_hint()).
 *
 * Values the user set are kept.
 */
void
lumina_runtime_ensure_environment (int    argc,
                                   char **argv)
{
  const char *core = openblas_core_hint ();
  gboolean set_omp = g_getenv ("OMP_WAIT_POLICY") == NULL;

  if (!set_omp && core == NULL)
    return;

  /* Set before exec: the new image sees them, so this never loops. */
  if (set_omp)
    g_setenv ("OMP_WAIT_POLICY", "passive", TRUE);
  if (core != NULL)
    g_setenv ("OPENBLAS_CORETYPE", core, TRUE);

  /* The program's real path, so the process keeps its name (ps, top, the
   * process collectors) rather than taking "exe" from /proc/self/exe. */
  {
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

    if (self != NULL && g_path_is_absolute (self) && !g_str_has_suffix (self, " (deleted)"))
      execv (self, argv);
  }
  execv ("/proc/self/exe", argv);

  /* No /proc (unusual sandboxes): carry on, merely slower. */
  g_debug ("Cannot re-execute with a tuned environment: %s", g_strerror (errno));
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
