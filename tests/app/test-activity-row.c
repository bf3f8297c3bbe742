/* test-activity-row.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-activity-row"

#include "config.h"

#include <string.h>

#include "lumina-activity-row.h"

static void
assert_kind (const char *kind,
             const char *expected)
{
  g_autofree char *title = lumina_activity_format_kind (kind);

  g_assert_cmpstr (title, ==, expected);
}

static void
test_format_kind (void)
{
  assert_kind ("workspace.created", "Workspace created");
  assert_kind ("dataset.imported", "Dataset imported");
  assert_kind ("model.version_promoted", "Model version promoted");
  assert_kind ("Agent.Token-Revoked", "Agent token revoked");
  assert_kind ("a..b.", "A b");
  assert_kind ("x", "X");
  assert_kind ("", "");
}

static void
assert_relative (GDateTime  *now,
                 GTimeSpan   ago,
                 const char *expected)
{
  g_autoptr(GDateTime) time = g_date_time_add (now, -ago);
  g_autofree char *text = lumina_activity_format_relative_time (time, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_relative_time (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 14, 15, 9, 26);
  g_autoptr(GDateTime) old = g_date_time_new_utc (2025, 12, 1, 10, 0, 0);
  g_autofree char *old_text = NULL;

  assert_relative (now, 0, "Just now");
  assert_relative (now, 59 * G_TIME_SPAN_SECOND, "Just now");
  assert_relative (now, -5 * G_TIME_SPAN_MINUTE, "Just now");
  assert_relative (now, G_TIME_SPAN_MINUTE, "1 minute ago");
  assert_relative (now, 5 * G_TIME_SPAN_MINUTE + 10 * G_TIME_SPAN_SECOND, "5 minutes ago");
  assert_relative (now, G_TIME_SPAN_HOUR, "1 hour ago");
  assert_relative (now, 23 * G_TIME_SPAN_HOUR, "23 hours ago");
  assert_relative (now, 30 * G_TIME_SPAN_HOUR, "Yesterday");
  assert_relative (now, 3 * G_TIME_SPAN_DAY, "3 days ago");

  old_text = lumina_activity_format_relative_time (old, now);
  g_assert_nonnull (strstr (old_text, "2025"));
  g_assert_nonnull (strstr (old_text, "December"));
}

static void
test_icon_name (void)
{
  g_assert_cmpstr (lumina_activity_get_icon_name ("workspace.created"), ==, "lumina-overview-symbolic");
  g_assert_cmpstr (lumina_activity_get_icon_name ("alert.fired"), ==, "lumina-alerts-symbolic");
  g_assert_cmpstr (lumina_activity_get_icon_name ("dataset.imported"), ==, "lumina-data-symbolic");
  g_assert_cmpstr (lumina_activity_get_icon_name ("model"), ==, "lumina-models-symbolic");
  /* A prefix of a longer word is not its domain. */
  g_assert_cmpstr (lumina_activity_get_icon_name ("alerting.x"), ==, "lumina-activity-symbolic");
  g_assert_cmpstr (lumina_activity_get_icon_name ("something"), ==, "lumina-activity-symbolic");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/activity-row/format-kind", test_format_kind);
  g_test_add_func ("/app/activity-row/relative-time", test_relative_time);
  g_test_add_func ("/app/activity-row/icon-name", test_icon_name);

  return g_test_run ();
}
