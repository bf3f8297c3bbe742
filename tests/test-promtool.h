/* test-promtool.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks a Prometheus text page with Debian's promtool, for the engine
 * and CLI tests alike.
 */
#pragma once

#include <gio/gio.h>

/* Fails the test (never skips) when promtool is missing or unhappy: exit
 * 1 is a parse error, 3 a lint warning. */
static inline void
test_assert_promtool_accepts (const char *page)
{
  g_autofree char *promtool = g_find_program_in_path ("promtool");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  if (promtool == NULL)
    {
      g_test_fail_printf ("promtool is not in PATH: install Debian's prometheus package (.ci/run does)");
      return;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_MERGE, &error, promtool, "check", "metrics", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, page, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0 || *output != '\0')
    g_test_message ("page:\n%s", page);
  g_assert_cmpstr (output, ==, "");
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}
