/* test-runtime.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cblas.h>

#include "lumina-engine.h"

/* The child runs this same binary with the variable unset; main() re-execs
 * it, and it reports what its process was started with. */
static void
test_reexec_sets_passive (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "OMP_WAIT_POLICY");
  g_subprocess_launcher_setenv (launcher, "LUMINA_TEST_REPORT_ENV", "1", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, exe, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));
  g_assert_cmpstr (out, ==, "startup=passive\n");
}

static void
test_keeps_user_value (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "OMP_WAIT_POLICY", "active", TRUE);
  g_subprocess_launcher_setenv (launcher, "LUMINA_TEST_REPORT_ENV", "1", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, exe, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "startup=active\n");
}

/* On a CPU with AVX2 and FMA, OpenBLAS never runs its SSE3 kernels:
 * either it recognised the CPU or the re-exec asked for Haswell. */
static void
test_openblas_core (void)
{
  static const char * const legacy[] = { "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx2") || !__builtin_cpu_supports ("fma"))
    {
      g_test_skip ("this CPU has no AVX2 and FMA");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "OPENBLAS_CORETYPE");
  g_subprocess_launcher_setenv (launcher, "LUMINA_TEST_REPORT_BLAS", "1", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, exe, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));
  g_test_message ("OpenBLAS core: %s", out);
  g_assert_true (g_str_has_prefix (out, "core="));
  for (guint i = 0; legacy[i] != NULL; i++)
    g_assert_cmpstr (g_strstrip (out + 5), !=, legacy[i]);
}

static void
test_describe_libraries (void)
{
  g_autofree char *text = lumina_runtime_describe_libraries ();

  g_assert_nonnull (strstr (text, "XGBoost 1."));
  g_assert_nonnull (strstr (text, "SQLite 3."));
  g_assert_nonnull (strstr (text, "GLib 2."));
}

int
main (int   argc,
      char *argv[])
{
  lumina_runtime_ensure_environment (argc, argv);

  if (g_getenv ("LUMINA_TEST_REPORT_ENV") != NULL)
    {
      g_autofree char *value = lumina_runtime_get_startup_env ("OMP_WAIT_POLICY");

      g_print ("startup=%s\n", value ? value : "(unset)");
      return 0;
    }

  if (g_getenv ("LUMINA_TEST_REPORT_BLAS") != NULL)
    {
      g_print ("core=%s\n", openblas_get_corename ());
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/runtime/reexec-sets-passive", test_reexec_sets_passive);
  g_test_add_func ("/engine/runtime/keeps-user-value", test_keeps_user_value);
  g_test_add_func ("/engine/runtime/openblas-core", test_openblas_core);
  g_test_add_func ("/engine/runtime/describe-libraries", test_describe_libraries);

  return g_test_run ();
}
