/* test-cli-audit.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina audit log|verify`.  Extra events are appended through the engine
 * in this process, then read back through the binary.
 */
#define G_LOG_DOMAIN "test-cli-audit"

#include "config.h"

#include <string.h>

#include "lumina-engine.h"

#include "test-cli-util.h"

#define N_EXTRA_EVENTS 24

static void
append_events (CliFixture *fixture,
               guint       n_events)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = lumina_workspace_open (fixture->ws, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  lumina_workspace_set_actor (workspace, "tester");

  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *object = g_strdup_printf ("thing-%u", i);
      g_autoptr(LuminaEvent) event = NULL;

      event = lumina_event_log_append (lumina_workspace_get_events (workspace),
                                       "test.appended", object, NULL, &error);
      g_assert_no_error (error);
    }
}

static JsonArray *
audit_log_json (CliFixture *fixture,
                const char *limit)
{
  const char *args[] = { "audit", "log", "--json", "--workspace", fixture->ws,
                         limit != NULL ? "--limit" : NULL, limit, NULL };
  g_autoptr(CliResult) result = cli_runv (fixture, NULL, args);
  g_autoptr(JsonNode) root = NULL;

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");
  root = cli_result_parse_json (result);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

static void
assert_newest_first (JsonArray *events,
                     gint64     newest_id)
{
  static const char * const members[] = {
    "id", "time", "actor", "kind", "object", "details", "prev_hash", "hash"
  };

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        g_assert_true (json_object_has_member (event, members[m]));
      g_assert_cmpint (json_object_get_int_member (event, "id"), ==, newest_id - i);
    }
}

static void
test_log_json (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) few = NULL;
  g_autoptr(JsonArray) by_default = NULL;
  const gint64 n_total = N_EXTRA_EVENTS + 1;
  JsonObject *oldest;
  JsonObject *newest;

  cli_init_workspace (fixture);
  append_events (fixture, N_EXTRA_EVENTS);

  all = audit_log_json (fixture, "100");
  g_assert_cmpuint (json_array_get_length (all), ==, n_total);
  assert_newest_first (all, n_total);

  newest = json_array_get_object_element (all, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "kind"), ==, "test.appended");
  g_assert_cmpstr (json_object_get_string_member (newest, "actor"), ==, "tester");
  g_assert_cmpstr (json_object_get_string_member (newest, "object"), ==, "thing-23");
  oldest = json_array_get_object_element (all, n_total - 1);
  g_assert_cmpstr (json_object_get_string_member (oldest, "kind"), ==, "workspace.created");

  few = audit_log_json (fixture, "3");
  g_assert_cmpuint (json_array_get_length (few), ==, 3);
  assert_newest_first (few, n_total);

  by_default = audit_log_json (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (by_default), ==, 20);
  assert_newest_first (by_default, n_total);
}

static void
test_log_human (CliFixture    *fixture,
                gconstpointer  data)
{
  g_autoptr(CliResult) result = NULL;
  g_auto(GStrv) lines = NULL;

  cli_init_workspace (fixture);
  append_events (fixture, 4);
  result = cli_run (fixture, "audit", "log", "--limit", "3", "--workspace", fixture->ws, NULL);
  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");

  lines = g_strsplit (result->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* three events and the last newline */
  g_assert_true (g_str_has_prefix (lines[0], "5  "));
  g_assert_true (g_str_has_prefix (lines[2], "3  "));
  g_assert_nonnull (strstr (lines[0], "  tester  test.appended  thing-3"));
}

static JsonObject *
audit_verify_json (CliFixture *fixture,
                   int         status)
{
  g_autoptr(CliResult) result = cli_run (fixture, "audit", "verify", "--json",
                                         "--workspace", fixture->ws, NULL);
  g_autoptr(JsonNode) root = NULL;

  cli_assert_exit (result, status);
  g_assert_cmpstr (result->err, ==, "");
  root = cli_result_parse_json (result);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
test_verify_ok (CliFixture    *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(CliResult) human = NULL;

  cli_init_workspace (fixture);
  append_events (fixture, 2);

  report = audit_verify_json (fixture, 0);
  g_assert_true (json_object_get_boolean_member (report, "ok"));
  g_assert_cmpint (json_object_get_int_member (report, "checked"), ==, 3);
  g_assert_true (json_object_get_null_member (report, "broken_id"));
  g_assert_true (json_object_get_null_member (report, "reason"));

  human = cli_run (fixture, "audit", "verify", "--workspace", fixture->ws, NULL);
  cli_assert_exit (human, 0);
  g_assert_cmpstr (human->out, ==, "Audit chain intact: 3 events verified\n");
}

static void
test_verify_tampered (CliFixture    *fixture,
                      gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->ws, "lumina.db", NULL);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(CliResult) human = NULL;

  cli_init_workspace (fixture);
  append_events (fixture, 2);
  cli_exec_sql (db_path,
                "DROP TRIGGER events_no_update;"
                "UPDATE events SET actor = 'mallory' WHERE id = 1;");

  report = audit_verify_json (fixture, 1);
  g_assert_false (json_object_get_boolean_member (report, "ok"));
  g_assert_cmpint (json_object_get_int_member (report, "broken_id"), ==, 1);
  g_assert_cmpuint (strlen (json_object_get_string_member (report, "reason")), >, 0);

  human = cli_run (fixture, "audit", "verify", "--workspace", fixture->ws, NULL);
  cli_assert_exit (human, 1);
  g_assert_true (g_str_has_prefix (human->out, "Audit chain broken at event 1: "));
}

void
test_cli_add_audit_tests (void)
{
  cli_add_test ("/cli/audit/log-json", test_log_json);
  cli_add_test ("/cli/audit/log-human", test_log_human);
  cli_add_test ("/cli/audit/verify-ok", test_verify_ok);
  cli_add_test ("/cli/audit/verify-tampered", test_verify_tampered);
}
