/* test-event-log.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "lumina-engine.h"

typedef struct
{
  char            *path;
  char            *db_path;
  LuminaWorkspace *ws;
  LuminaEventLog  *log;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-events-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->path, "lumina.db", NULL);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->log = lumina_workspace_get_events (f->ws);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->path);

  g_clear_object (&f->ws);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->db_path);
  g_free (f->path);
}

static JsonNode *
details_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
append_some (Fixture *f,
             int      n)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *object = g_strdup_printf ("dataset-%d", i);
      g_autoptr(JsonNode) details = details_of ("{\"rows\": 150, \"b\": [1, {\"z\": 1, \"a\": 2}]}");
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaEvent) event = lumina_event_log_append (f->log, "dataset.imported", object,
                                                              details, &error);

      g_assert_no_error (error);
      g_assert_nonnull (event);
    }
}

/* Runs SQL the way a tamperer with file access would: triggers dropped first. */
static void
tamper (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  g_autofree char *full = g_strconcat ("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; ",
                                       sql, NULL);

  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, full, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
test_append_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) details = details_of ("{\"zeta\": 1, \"alpha\": {\"y\": true, \"x\": null}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaEvent) first = NULL;
  g_autoptr(LuminaEvent) event = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  lumina_workspace_set_actor (f->ws, "alice");
  event = lumina_event_log_append (f->log, "model.promoted", "churn@3", details, &error);
  g_assert_no_error (error);

  g_assert_cmpint (lumina_event_get_id (event), ==, 2);
  g_assert_cmpstr (lumina_event_get_actor (event), ==, "alice");
  g_assert_cmpstr (lumina_event_get_kind (event), ==, "model.promoted");
  g_assert_cmpstr (lumina_event_get_object (event), ==, "churn@3");
  /* Canonical: members sorted at every level, compact. */
  g_assert_cmpstr (lumina_event_get_details (event), ==, "{\"alpha\":{\"x\":null,\"y\":true},\"zeta\":1}");
  g_assert_cmpint (strlen (lumina_event_get_hash (event)), ==, 64);
  g_assert_nonnull (lumina_event_get_time (event));
  g_assert_cmpint (ABS (g_date_time_difference (now, lumina_event_get_time (event))), <, 60 * G_USEC_PER_SEC);

  list = lumina_event_log_list (f->log, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_object_ref (g_ptr_array_index (list, 1));
  g_assert_cmpstr (lumina_event_get_kind (first), ==, "workspace.created");
  g_assert_cmpstr (lumina_event_get_prev_hash (first), ==,
                   "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_cmpstr (lumina_event_get_prev_hash (event), ==, lumina_event_get_hash (first));
  g_assert_cmpstr (lumina_event_get_hash (g_ptr_array_index (list, 0)), ==, lumina_event_get_hash (event));
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page1 = NULL;
  g_autoptr(GPtrArray) page2 = NULL;

  append_some (f, 9);  /* ids 2..10 */
  page1 = lumina_event_log_list (f->log, 0, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page1->len, ==, 4);
  g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (page1, 0)), ==, 10);
  g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (page1, 3)), ==, 7);

  page2 = lumina_event_log_list (f->log, 7, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page2->len, ==, 6);
  g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (page2, 5)), ==, 1);
  g_assert_cmpint (lumina_event_log_get_last_id (f->log), ==, 10);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) array = details_of ("[1, 2]");
  LuminaEvent *event;

  event = lumina_event_log_append (f->log, "Bad Kind!", NULL, NULL, &error);
  g_assert_null (event);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  event = lumina_event_log_append (f->log, "", NULL, NULL, &error);
  g_assert_null (event);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  event = lumina_event_log_append (f->log, "ok.kind", NULL, array, &error);
  g_assert_null (event);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);

  g_assert_cmpint (lumina_event_log_get_last_id (f->log), ==, 1);
}

static void
test_verify_intact (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;

  append_some (f, 20);
  report = lumina_event_log_verify (f->log, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_checked, ==, 21);
  g_assert_cmpint (report->broken_id, ==, 0);
  g_assert_null (report->reason);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET actor = 'x'", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM events", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
}

static void
assert_broken_at (Fixture    *f,
                  gint64      id,
                  const char *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaAuditReport) report = lumina_event_log_verify (f->log, &error);

  g_assert_no_error (error);
  g_assert_false (report->ok);
  g_assert_cmpint (report->broken_id, ==, id);
  g_test_message ("broken at %" G_GINT64_FORMAT ": %s", report->broken_id, report->reason);
  g_assert_nonnull (strstr (report->reason, reason_part));
}

static void
test_tamper_content (Fixture       *f,
                     gconstpointer  data)
{
  append_some (f, 10);
  tamper (f, "UPDATE events SET details = '{\"rows\":151}' WHERE id = 6");
  assert_broken_at (f, 6, "changed");
}

static void
test_tamper_actor (Fixture       *f,
                   gconstpointer  data)
{
  append_some (f, 3);
  tamper (f, "UPDATE events SET actor = 'mallory' WHERE id = 1");
  assert_broken_at (f, 1, "changed");
}

static void
test_tamper_rehashed (Fixture       *f,
                      gconstpointer  data)
{
  /* Changing a row and giving it a fresh but unlinked hash breaks the next link. */
  append_some (f, 5);
  tamper (f, "UPDATE events SET hash = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' WHERE id = 3");
  assert_broken_at (f, 3, "changed");
}

static void
test_tamper_deleted_row (Fixture       *f,
                         gconstpointer  data)
{
  append_some (f, 8);
  tamper (f, "DELETE FROM events WHERE id = 4");
  assert_broken_at (f, 5, "missing");
}

static void
test_tamper_truncated_tail (Fixture       *f,
                            gconstpointer  data)
{
  append_some (f, 8);
  tamper (f, "DELETE FROM events WHERE id > 6");
  assert_broken_at (f, 7, "removed");
}

static void
on_event_appended (LuminaEventLog *log,
                   LuminaEvent    *event,
                   gpointer        user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_object_ref (event));
}

static void
test_signal_same_thread (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect (f->log, "event-appended", G_CALLBACK (on_event_appended), seen);
  append_some (f, 3);
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (seen, 0)), ==, 2);
  g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (seen, 2)), ==, 4);
  g_signal_handlers_disconnect_by_data (f->log, seen);
}

static gpointer
append_from_worker (gpointer data)
{
  LuminaEventLog *log = data;

  for (int i = 0; i < 50; i++)
    g_object_unref (lumina_event_log_append (log, "job.progress", "worker", NULL, NULL));
  return NULL;
}

static void
test_signal_from_worker (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);
  GThread *thread;

  g_signal_connect (f->log, "event-appended", G_CALLBACK (on_event_appended), seen);
  thread = g_thread_new ("appender", append_from_worker, f->log);
  g_thread_join (thread);
  /* Nothing is emitted on the worker; the main context delivers all, in order. */
  g_assert_cmpuint (seen->len, ==, 0);
  while (seen->len < 50)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (seen, i)), ==, 2 + i);
  g_signal_handlers_disconnect_by_data (f->log, seen);
}

static void
test_poll_other_process (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) other = NULL;
  g_autoptr(LuminaEvent) event = NULL;

  g_signal_connect (f->log, "event-appended", G_CALLBACK (on_event_appended), seen);

  /* A second connection stands for the CLI writing while the app runs. */
  other = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  lumina_workspace_set_actor (other, "cli-user");
  event = lumina_event_log_append (lumina_workspace_get_events (other), "dataset.imported", "iris", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 0);

  lumina_event_log_poll (f->log);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (lumina_event_get_actor (g_ptr_array_index (seen, 0)), ==, "cli-user");

  lumina_event_log_poll (f->log);
  g_assert_cmpuint (seen->len, ==, 1);
  g_signal_handlers_disconnect_by_data (f->log, seen);
}

static void
test_to_json (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) list = lumina_event_log_list (f->log, 0, 1, NULL);
  g_autoptr(JsonNode) node = lumina_event_to_json (g_ptr_array_index (list, 0));
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "workspace.created");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "details")));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "details"),
                                               "schema_version"), ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  g_assert_cmpint (strlen (json_object_get_string_member (object, "hash")), ==, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/engine/event-log/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("append-fields", test_append_fields);
  ADD ("list-paging", test_list_paging);
  ADD ("bad-input", test_bad_input);
  ADD ("verify-intact", test_verify_intact);
  ADD ("append-only", test_append_only);
  ADD ("tamper-content", test_tamper_content);
  ADD ("tamper-actor", test_tamper_actor);
  ADD ("tamper-rehashed", test_tamper_rehashed);
  ADD ("tamper-deleted-row", test_tamper_deleted_row);
  ADD ("tamper-truncated-tail", test_tamper_truncated_tail);
  ADD ("signal-same-thread", test_signal_same_thread);
  ADD ("signal-from-worker", test_signal_from_worker);
  ADD ("poll-other-process", test_poll_other_process);
  ADD ("to-json", test_to_json);
#undef ADD

  return g_test_run ();
}
