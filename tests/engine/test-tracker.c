/* test-tracker.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Experiments and runs: the round trip of every field, listing and
 * filters, step metric histories, tags, notes, artifacts, errors,
 * concurrent logging and what survives reopening the workspace.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "lumina-engine.h"
#include "lumina-workspace-private.h"

typedef struct
{
  char            *path;
  LuminaWorkspace *ws;
  LuminaTracker   *tracker;
} Fixture;

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->tracker = lumina_tracker_new (f->ws);
}

static void
fixture_close (Fixture *f)
{
  g_object_add_weak_pointer (G_OBJECT (f->tracker), (gpointer *) &f->tracker);
  g_object_unref (f->tracker);
  g_assert_null (f->tracker);
  g_clear_object (&f->ws);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-tracker-XXXXXX", &error);
  g_assert_no_error (error);
  fixture_open (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->path);

  fixture_close (f);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
}

static char *
start (Fixture    *f,
       const char *experiment,
       const char *parent,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  char *id = lumina_tracker_start_run (f->tracker, experiment, parent, name, "linear", NULL,
                                       "iris@1", 7, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
finish (Fixture         *f,
        const char      *id,
        LuminaRunStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_tracker_finish_run (f->tracker, id, status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static LuminaRun *
get (Fixture    *f,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  LuminaRun *run = lumina_tracker_get_run (f->tracker, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}

/* The newest events of the workspace, newest first. */
static GPtrArray *
newest_events (Fixture *f,
               guint    n)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = lumina_event_log_list (lumina_workspace_get_events (f->ws), 0, n, &error);

  g_assert_no_error (error);
  return events;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_status_strings (void)
{
  const char *names[] = { "running", "finished", "pruned", "failed", "cancelled" };
  LuminaRunStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (lumina_run_status_to_string ((LuminaRunStatus) i), ==, names[i]);
      g_assert_true (lumina_run_status_from_string (names[i], &status));
      g_assert_cmpint (status, ==, i);
    }
  g_assert_true (lumina_run_status_from_string ("FAILED", &status));
  g_assert_cmpint (status, ==, LUMINA_RUN_STATUS_FAILED);
  g_assert_false (lumina_run_status_from_string ("done", &status));
  g_assert_false (lumina_run_status_from_string ("", &status));
  g_assert_false (lumina_run_status_from_string (NULL, &status));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autoptr(LuminaRun) running = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  LuminaRunUsage usage = { 12.5, 40.25, G_GUINT64_CONSTANT (3) << 33 };
  const LuminaRunUsage *stored;
  JsonObject *object;

  json_object_set_int_member (params, "max_depth", 6);
  json_object_set_double_member (params, "eta", 0.1);
  json_object_set_string_member (params, "objective", "binary:logistic");
  id = lumina_tracker_start_run (f->tracker, "churn", NULL, "first", "xgboost", params,
                                 "customers@3", G_MAXUINT64 - 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (id), ==, 32);
  g_assert_cmpuint (strspn (id, "0123456789abcdef"), ==, 32);

  running = get (f, id);
  g_assert_cmpint (lumina_run_get_status (running), ==, LUMINA_RUN_STATUS_RUNNING);
  g_assert_null (lumina_run_get_finished_at (running));
  g_assert_nonnull (lumina_run_get_started_at (running));
  g_assert_cmpuint (json_object_get_size (lumina_run_get_metrics (running)), ==, 0);

  for (guint step = 0; step < 5; step++)
    lumina_tracker_log_metric (f->tracker, id, "valid_loss", step, 1.0 / (step + 1));
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "team", "growth", &error));
  g_assert_true (lumina_tracker_set_note (f->tracker, id, "baseline", &error));
  g_assert_true (lumina_tracker_flush (f->tracker, &error));
  g_assert_no_error (error);

  /* Exact doubles survive; a NaN becomes null rather than invalid JSON. */
  json_object_set_double_member (metrics, "roc_auc", 0.91234567890123456);
  json_object_set_double_member (metrics, "log_loss", NAN);
  json_object_set_int_member (metrics, "n_rows", 1000);
  g_assert_true (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_FINISHED, metrics,
                                            &usage, NULL, &error));
  g_assert_no_error (error);

  run = get (f, id);
  g_assert_cmpstr (lumina_run_get_id (run), ==, id);
  g_assert_cmpstr (lumina_run_get_experiment (run), ==, "churn");
  g_assert_null (lumina_run_get_parent_id (run));
  g_assert_cmpstr (lumina_run_get_name (run), ==, "first");
  g_assert_cmpstr (lumina_run_get_learner (run), ==, "xgboost");
  g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_FINISHED);
  g_assert_cmpint (json_object_get_int_member (lumina_run_get_params (run), "max_depth"), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (lumina_run_get_params (run), "eta"), ==, 0.1);
  g_assert_cmpstr (json_object_get_string_member (lumina_run_get_params (run), "objective"), ==,
                   "binary:logistic");
  g_assert_cmpfloat (json_object_get_double_member (lumina_run_get_metrics (run), "roc_auc"), ==,
                     0.91234567890123456);
  g_assert_true (json_object_get_null_member (lumina_run_get_metrics (run), "log_loss"));
  g_assert_cmpint (json_object_get_int_member (lumina_run_get_metrics (run), "n_rows"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (lumina_run_get_tags (run), "team"), ==, "growth");
  g_assert_cmpstr (lumina_run_get_note (run), ==, "baseline");
  g_assert_cmpstr (lumina_run_get_dataset_ref (run), ==, "customers@3");
  g_assert_cmpuint (lumina_run_get_seed (run), ==, G_MAXUINT64 - 5);
  g_assert_cmpstr (lumina_run_get_started_at (run), ==, lumina_run_get_started_at (running));
  g_assert_cmpstr (lumina_run_get_finished_at (run), >=, lumina_run_get_started_at (run));
  stored = lumina_run_get_usage (run);
  g_assert_cmpfloat (stored->duration, ==, 12.5);
  g_assert_cmpfloat (stored->cpu_seconds, ==, 40.25);
  g_assert_cmpuint (stored->peak_bytes, ==, usage.peak_bytes);
  g_assert_null (lumina_run_get_error (run));
  g_assert_cmpuint (json_array_get_length (lumina_run_get_artifacts (run)), ==, 0);

  /* Every field in the JSON form, and it is valid JSON. */
  json = lumina_run_to_json (run);
  object = json_node_get_object (json);
  {
    const char *fields[] = {
      "id", "experiment", "parent_id", "name", "learner", "status", "params", "metrics", "tags",
      "note", "dataset_ref", "seed", "started_at", "finished_at", "duration", "cpu_seconds",
      "peak_bytes", "error", "artifacts",
    };
    g_autofree char *text = json_to_string (json, FALSE);
    g_autoptr(JsonNode) parsed = json_from_string (text, &error);

    g_assert_no_error (error);
    g_assert_nonnull (parsed);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      g_assert_true (json_object_has_member (object, fields[i]));
    g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (fields));
  }
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "finished");
  g_assert_true (json_object_get_null_member (object, "parent_id"));
  g_assert_cmpfloat (json_object_get_double_member (object, "duration"), ==, 12.5);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "tags"), "team"),
                   ==, "growth");

  /* Both ends are in the audit log, and the chain holds. */
  events = newest_events (f, 2);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (lumina_event_get_kind (g_ptr_array_index (events, 0)), ==, "run.finished");
  g_assert_cmpstr (lumina_event_get_object (g_ptr_array_index (events, 0)), ==, id);
  g_assert_cmpstr (lumina_event_get_kind (g_ptr_array_index (events, 1)), ==, "run.started");
  g_assert_cmpstr (lumina_event_get_object (g_ptr_array_index (events, 1)), ==, id);
  report = lumina_event_log_verify (lumina_workspace_get_events (f->ws), &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
}

static guint
index_of (GPtrArray  *runs,
          const char *id)
{
  for (guint i = 0; i < runs->len; i++)
    if (g_strcmp0 (lumina_run_get_id (g_ptr_array_index (runs, i)), id) == 0)
      return i;

  return G_MAXUINT;
}

static GPtrArray *
list (Fixture    *f,
      const char *experiment,
      const char *parent)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *runs = lumina_tracker_list_runs (f->tracker, experiment, parent, &error);

  g_assert_no_error (error);
  g_assert_nonnull (runs);
  return runs;
}

static void
test_parent_child (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *parent = start (f, "search", NULL, "automl");
  g_autofree char *other = NULL;
  g_autofree char *plain = NULL;
  char *children[3] = { NULL };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) kids = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) search = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  g_autoptr(JsonNode) experiments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaRun) child = NULL;
  g_autoptr(LuminaRun) defaulted = NULL;
  JsonArray *array;
  char *orphan;

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_autofree char *name = g_strdup_printf ("trial-%u", i);

      children[i] = start (f, "search", parent, name);
      finish (f, children[i], i == 1 ? LUMINA_RUN_STATUS_PRUNED : LUMINA_RUN_STATUS_FINISHED);
    }
  finish (f, parent, LUMINA_RUN_STATUS_FINISHED);
  other = start (f, "baselines", NULL, "ridge");
  plain = start (f, NULL, "", "no experiment");

  child = get (f, children[0]);
  g_assert_cmpstr (lumina_run_get_parent_id (child), ==, parent);
  defaulted = get (f, plain);
  g_assert_cmpstr (lumina_run_get_experiment (defaulted), ==, "default");
  g_assert_null (lumina_run_get_parent_id (defaulted));

  /* Everything, newest first. */
  all = list (f, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 6);
  g_assert_cmpstr (lumina_run_get_id (g_ptr_array_index (all, 0)), ==, plain);
  g_assert_cmpstr (lumina_run_get_id (g_ptr_array_index (all, 1)), ==, other);
  g_assert_cmpstr (lumina_run_get_id (g_ptr_array_index (all, 5)), ==, parent);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpstr (lumina_run_get_started_at (g_ptr_array_index (all, i - 1)), >=,
                     lumina_run_get_started_at (g_ptr_array_index (all, i)));

  kids = list (f, NULL, parent);
  g_assert_cmpuint (kids->len, ==, 3);
  g_assert_cmpuint (index_of (kids, children[2]), ==, 0);
  g_assert_cmpuint (index_of (kids, children[0]), ==, 2);
  g_assert_cmpint (lumina_run_get_status (g_ptr_array_index (kids, 1)), ==, LUMINA_RUN_STATUS_PRUNED);

  top = list (f, NULL, "");
  g_assert_cmpuint (top->len, ==, 3);
  g_assert_cmpuint (index_of (top, parent), !=, G_MAXUINT);
  g_assert_cmpuint (index_of (top, children[0]), ==, G_MAXUINT);

  search = list (f, "search", "");
  g_assert_cmpuint (search->len, ==, 1);
  g_assert_cmpstr (lumina_run_get_id (g_ptr_array_index (search, 0)), ==, parent);
  none = list (f, "no-such-experiment", NULL);
  g_assert_cmpuint (none->len, ==, 0);
  nobody = list (f, NULL, "0123456789abcdef0123456789abcdef");
  g_assert_cmpuint (nobody->len, ==, 0);

  /* A child of nothing is refused and leaves nothing behind. */
  orphan = lumina_tracker_start_run (f->tracker, "search", "feedfeed", NULL, NULL, NULL, NULL, 0, &error);
  g_assert_null (orphan);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "feedfeed"));
  g_clear_error (&error);

  experiments = lumina_tracker_list_experiments (f->tracker, &error);
  g_assert_no_error (error);
  array = json_node_get_array (experiments);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  /* Most recently used first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "default");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "baselines");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "name"), ==, "search");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "n_runs"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "n_runs"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "last_run_at"), ==,
                   lumina_run_get_started_at (g_ptr_array_index (kids, 0)));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (array, 0), "created_at"));

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    g_free (children[i]);
}

static void
assert_history (Fixture    *f,
                const char *id,
                const char *key,
                guint       n,
                double      scale)
{
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GArray) values = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_tracker_get_metric_history (f->tracker, id, key, &steps, &values, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, n);
  g_assert_cmpuint (values->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (g_array_index (steps, guint, i), ==, i);
      g_assert_cmpfloat (g_array_index (values, double, i), ==, scale * i);
    }
}

static void
test_metric_history (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = start (f, "curves", NULL, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GArray) values = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  const guint n = 10000;

  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
      guint tmp = g_array_index (order, guint, i);

      g_array_index (order, guint, i) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = tmp;
    }

  /* Logged out of order, read back in step order, without an explicit flush. */
  for (guint i = 0; i < n; i++)
    {
      guint step = g_array_index (order, guint, i);

      lumina_tracker_log_metric (f->tracker, id, "valid_loss", step, 0.5 * step);
      lumina_tracker_log_metric (f->tracker, id, "train_loss", step, 0.25 * step);
    }
  assert_history (f, id, "valid_loss", n, 0.5);
  assert_history (f, id, "train_loss", n, 0.25);

  keys = lumina_tracker_list_metric_keys (f->tracker, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 2);
  g_assert_cmpstr (keys[0], ==, "train_loss");
  g_assert_cmpstr (keys[1], ==, "valid_loss");

  /* A key with no points: empty arrays, not an error. */
  g_assert_true (lumina_tracker_get_metric_history (f->tracker, id, "accuracy", &steps, &values, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 0);
  g_assert_cmpuint (values->len, ==, 0);
  g_clear_pointer (&steps, g_array_unref);
  g_clear_pointer (&values, g_array_unref);

  /* A later point replaces the step; NaN and infinities are kept. */
  lumina_tracker_log_metric (f->tracker, id, "odd", 3, 1.0);
  lumina_tracker_log_metric (f->tracker, id, "odd", 3, 2.0);
  lumina_tracker_log_metric (f->tracker, id, "odd", 1, NAN);
  lumina_tracker_log_metric (f->tracker, id, "odd", 2, -INFINITY);
  lumina_tracker_log_metric (f->tracker, id, "odd", G_MAXUINT, 5.0);
  finish (f, id, LUMINA_RUN_STATUS_FINISHED);
  g_assert_true (lumina_tracker_get_metric_history (f->tracker, id, "odd", &steps, &values, &error));
  g_assert_cmpuint (steps->len, ==, 4);
  g_assert_cmpuint (g_array_index (steps, guint, 0), ==, 1);
  g_assert_true (isnan (g_array_index (values, double, 0)));
  g_assert_true (isinf (g_array_index (values, double, 1)) && g_array_index (values, double, 1) < 0);
  g_assert_cmpfloat (g_array_index (values, double, 2), ==, 2.0);
  g_assert_cmpuint (g_array_index (steps, guint, 3), ==, G_MAXUINT);
}

static void
test_tags_and_notes (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = start (f, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  LuminaRun *run;
  JsonObject *tags;

  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "metric", "roc_auc", &error));
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "team", "vision", &error));
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "team", "growth", &error));
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "gone", "soon", &error));
  finish (f, id, LUMINA_RUN_STATUS_FINISHED);
  /* Ended runs still take tags and notes. */
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "gone", NULL, &error));
  g_assert_true (lumina_tracker_set_tag (f->tracker, id, "never-set", NULL, &error));
  g_assert_true (lumina_tracker_set_note (f->tracker, id, "first thoughts", &error));
  g_assert_no_error (error);

  run = get (f, id);
  tags = lumina_run_get_tags (run);
  g_assert_cmpuint (json_object_get_size (tags), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (tags, "metric"), ==, "roc_auc");
  g_assert_cmpstr (json_object_get_string_member (tags, "team"), ==, "growth");
  g_assert_cmpstr (lumina_run_get_note (run), ==, "first thoughts");
  g_object_unref (run);

  g_assert_true (lumina_tracker_set_note (f->tracker, id, "", &error));
  run = get (f, id);
  g_assert_null (lumina_run_get_note (run));
  g_object_unref (run);

  g_assert_false (lumina_tracker_set_tag (f->tracker, id, "", "x", &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

static void
test_artifacts (Fixture       *f,
                gconstpointer  data)
{
  static const guint8 blob[] = { 0x00, 0xff, 'r', 'e', 'p', 0x00, 0x7f, '\n', 0x80 };
  g_autofree char *id = start (f, NULL, NULL, NULL);
  g_autoptr(GBytes) report = g_bytes_new_static ("{\"score\": 0.9}", 14);
  g_autoptr(GBytes) binary = g_bytes_new_static (blob, sizeof blob);
  g_autoptr(GBytes) report2 = g_bytes_new_static ("{\"score\": 0.95}", 15);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, binary);
  g_autofree char *sha2 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report2);
  g_autofree char *object_path = NULL;
  JsonArray *artifacts;

  g_assert_true (lumina_tracker_add_artifact (f->tracker, id, "report.json", report, &error));
  g_assert_true (lumina_tracker_add_artifact (f->tracker, id, "model/weights.bin", binary, &error));
  /* The same name again replaces the link. */
  g_assert_true (lumina_tracker_add_artifact (f->tracker, id, "report.json", report2, &error));
  g_assert_no_error (error);

  back = lumina_tracker_get_artifact (f->tracker, id, "model/weights.bin", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, binary));
  g_clear_pointer (&back, g_bytes_unref);
  back = lumina_tracker_get_artifact (f->tracker, id, "report.json", &error);
  g_assert_true (g_bytes_equal (back, report2));

  run = get (f, id);
  artifacts = lumina_run_get_artifacts (run);
  g_assert_cmpuint (json_array_get_length (artifacts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (artifacts, 0), "name"), ==,
                   "model/weights.bin");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (artifacts, 0), "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (artifacts, 0), "size"), ==, sizeof blob);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (artifacts, 1), "sha256"), ==, sha2);

  /* Content-addressed in the workspace's object store. */
  object_path = lumina_object_store_get_path (lumina_workspace_get_objects (f->ws), sha);
  g_assert_true (g_file_test (object_path, G_FILE_TEST_IS_REGULAR));

  g_assert_null (lumina_tracker_get_artifact (f->tracker, id, "missing.txt", &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.txt"));
  g_clear_error (&error);
  g_assert_false (lumina_tracker_add_artifact (f->tracker, id, "", report, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

static void
assert_not_found (GError     **error,
                  const char  *id)
{
  g_assert_error (*error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr ((*error)->message, id));
  g_clear_error (error);
}

static void
test_unknown_run (Fixture       *f,
                  gconstpointer  data)
{
  const char *id = "deadbeefdeadbeefdeadbeefdeadbeef";
  g_autofree char *real = start (f, NULL, NULL, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GArray) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 last_event = lumina_event_log_get_last_id (lumina_workspace_get_events (f->ws));

  g_assert_null (lumina_tracker_get_run (f->tracker, id, &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_set_tag (f->tracker, id, "k", "v", &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_set_tag (f->tracker, id, "k", NULL, &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_set_note (f->tracker, id, "n", &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_add_artifact (f->tracker, id, "a", bytes, &error));
  assert_not_found (&error, id);
  g_assert_null (lumina_tracker_get_artifact (f->tracker, id, "a", &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  assert_not_found (&error, id);
  g_assert_false (lumina_tracker_get_metric_history (f->tracker, id, "loss", &steps, &values, &error));
  assert_not_found (&error, id);
  g_assert_null (steps);
  g_assert_null (lumina_tracker_list_metric_keys (f->tracker, id, &error));
  assert_not_found (&error, id);

  /* Points for an unknown run are dropped and reported by the next flush;
   * points for real runs in the same batch are kept. */
  lumina_tracker_log_metric (f->tracker, id, "loss", 0, 1.0);
  lumina_tracker_log_metric (f->tracker, id, "loss", 1, 1.0);
  lumina_tracker_log_metric (f->tracker, real, "loss", 0, 1.0);
  g_assert_false (lumina_tracker_flush (f->tracker, &error));
  assert_not_found (&error, id);
  g_assert_true (lumina_tracker_flush (f->tracker, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_get_metric_history (f->tracker, real, "loss", &steps, &values, &error));
  g_assert_cmpuint (steps->len, ==, 1);

  /* Nothing was recorded for the unknown run. */
  events = lumina_event_log_list (lumina_workspace_get_events (f->ws), 0, 10, &error);
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpint (lumina_event_get_id (g_ptr_array_index (events, i)), <=, last_event);
}

static void
test_finish_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = start (f, NULL, NULL, NULL);
  g_autoptr(JsonObject) first = json_object_new ();
  g_autoptr(JsonObject) second = json_object_new ();
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_RUNNING, NULL, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  json_object_set_double_member (first, "accuracy", 0.8);
  json_object_set_double_member (second, "accuracy", 0.1);
  g_assert_true (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_FINISHED, first, NULL, NULL, &error));
  g_assert_no_error (error);

  lumina_tracker_log_metric (f->tracker, id, "late", 0, 1.0);
  g_assert_false (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_FAILED, second, NULL, "boom", &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "finished"));
  g_clear_error (&error);

  run = get (f, id);
  g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_FINISHED);
  g_assert_cmpfloat (json_object_get_double_member (lumina_run_get_metrics (run), "accuracy"), ==, 0.8);
  g_assert_null (lumina_run_get_error (run));
  g_assert_cmpfloat (lumina_run_get_usage (run)->duration, >=, 0);

  /* The failed finish did not lose the point logged before it. */
  g_assert_true (lumina_tracker_flush (f->tracker, &error));
  {
    g_auto(GStrv) keys = lumina_tracker_list_metric_keys (f->tracker, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (keys, ((const char * const []) { "late", NULL }));
  }
}

#define N_THREADS 8
#define N_POINTS  5000

typedef struct
{
  LuminaTracker *tracker;
  const char    *shared;
  guint          index;
  char          *own;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autofree char *key = g_strdup_printf ("thread-%u", w->index);
  g_autofree char *name = g_strdup_printf ("worker-%u", w->index);
  g_autoptr(GError) error = NULL;

  w->own = lumina_tracker_start_run (w->tracker, "threads", w->shared, name, "mlp", NULL, NULL, w->index, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_POINTS; i++)
    {
      lumina_tracker_log_metric (w->tracker, w->shared, key, i, w->index + i * 0.001);
      lumina_tracker_log_metric (w->tracker, w->own, "loss", i, (double) i);
    }
  g_assert_true (lumina_tracker_set_tag (w->tracker, w->own, "worker", key, &error));
  g_assert_true (lumina_tracker_finish_run (w->tracker, w->own, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return NULL;
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *shared = start (f, "threads", NULL, "parent");
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker) { f->tracker, shared, i, NULL };
      threads[i] = g_thread_new ("tracker-test", worker_thread, &workers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_true (lumina_tracker_flush (f->tracker, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autofree char *key = g_strdup_printf ("thread-%u", i);
      g_autoptr(GArray) steps = NULL;
      g_autoptr(GArray) values = NULL;
      g_autoptr(LuminaRun) run = get (f, workers[i].own);

      g_assert_true (lumina_tracker_get_metric_history (f->tracker, shared, key, &steps, &values, &error));
      g_assert_cmpuint (steps->len, ==, N_POINTS);
      for (guint j = 0; j < N_POINTS; j++)
        {
          g_assert_cmpuint (g_array_index (steps, guint, j), ==, j);
          g_assert_cmpfloat (g_array_index (values, double, j), ==, i + j * 0.001);
        }
      assert_history (f, workers[i].own, "loss", N_POINTS, 1.0);
      g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_FINISHED);
      g_assert_cmpstr (json_object_get_string_member (lumina_run_get_tags (run), "worker"), ==, key);
      g_free (workers[i].own);
    }

  children = list (f, NULL, shared);
  g_assert_cmpuint (children->len, ==, N_THREADS);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *parent = start (f, "kept", NULL, "parent");
  g_autofree char *child = start (f, "kept", parent, "child");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("model", 5);
  g_autoptr(JsonObject) metrics = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) children = NULL;

  json_object_set_double_member (metrics, "r2", 0.75);
  g_assert_true (lumina_tracker_add_artifact (f->tracker, child, "model.bin", bytes, &error));
  g_assert_true (lumina_tracker_set_tag (f->tracker, child, "seed", "3", &error));
  g_assert_true (lumina_tracker_set_note (f->tracker, parent, "keep me", &error));
  g_assert_true (lumina_tracker_finish_run (f->tracker, child, LUMINA_RUN_STATUS_FINISHED, metrics, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Logged to a still running run and never flushed by hand: the tracker
   * stores it when it goes away. */
  for (guint i = 0; i < 10; i++)
    lumina_tracker_log_metric (f->tracker, parent, "best_score", i, 0.1 * i);

  fixture_close (f);
  fixture_open (f);
  g_assert_cmpint (lumina_workspace_get_schema_version (f->ws), ==, LUMINA_WORKSPACE_SCHEMA_VERSION);

  run = get (f, child);
  g_assert_cmpstr (lumina_run_get_parent_id (run), ==, parent);
  g_assert_cmpstr (lumina_run_get_experiment (run), ==, "kept");
  g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_FINISHED);
  g_assert_cmpfloat (json_object_get_double_member (lumina_run_get_metrics (run), "r2"), ==, 0.75);
  g_assert_cmpstr (json_object_get_string_member (lumina_run_get_tags (run), "seed"), ==, "3");
  back = lumina_tracker_get_artifact (f->tracker, child, "model.bin", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, bytes));
  g_clear_object (&run);

  run = get (f, parent);
  g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_RUNNING);
  g_assert_cmpstr (lumina_run_get_note (run), ==, "keep me");
  assert_history (f, parent, "best_score", 10, 0.1);
  children = list (f, "kept", parent);
  g_assert_cmpuint (children->len, ==, 1);

  /* The reopened tracker can still finish the run. */
  finish (f, parent, LUMINA_RUN_STATUS_FINISHED);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = start (f, "stopped", NULL, "long search");
  g_autoptr(LuminaRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_usleep (2000);
  g_assert_true (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_CANCELLED, NULL, NULL,
                                            "Operation was cancelled", &error));
  g_assert_no_error (error);

  fixture_close (f);
  fixture_open (f);

  run = get (f, id);
  g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_CANCELLED);
  g_assert_cmpstr (lumina_run_get_error (run), ==, "Operation was cancelled");
  g_assert_nonnull (lumina_run_get_finished_at (run));
  /* Without a measured usage, the wall-clock time is recorded. */
  g_assert_cmpfloat (lumina_run_get_usage (run)->duration, >=, 0.002);
  g_assert_cmpfloat (lumina_run_get_usage (run)->duration, <, 60);
  g_assert_false (lumina_tracker_finish_run (f->tracker, id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
}

/* A workspace written before tracking existed opens, migrates and tracks. */
static void
test_migrate_from_2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("lumina-tracker-old-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (tmp, "lumina.db", NULL);
  g_autofree char *objects = g_build_filename (tmp, "objects", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
  g_autoptr(LuminaWorkspace) ws = NULL;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaAuditReport) report = NULL;
  g_autofree char *id = NULL;

  {
    g_autoptr(LuminaDb) db = lumina_db_open (db_path, TRUE, &error);

    g_assert_no_error (error);
    lumina_db_lock (db);
    g_assert_true (lumina_db_exec (db, "BEGIN", &error));
    g_assert_true (_lumina_workspace_migrate_to (db, 0, 2, &error));
    g_assert_true (lumina_db_exec (db, "INSERT INTO meta VALUES ('id', 'old'), ('created_at', 'then'); COMMIT",
                                   &error));
    lumina_db_unlock (db);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_mkdir (objects, 0700), ==, 0);

  ws = lumina_workspace_open (tmp, LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_workspace_get_schema_version (ws), ==, LUMINA_WORKSPACE_SCHEMA_VERSION);
  tracker = lumina_tracker_new (ws);
  id = lumina_tracker_start_run (tracker, "after", NULL, NULL, NULL, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  report = lumina_event_log_verify (lumina_workspace_get_events (ws), &error);
  g_assert_true (report->ok);
  g_assert_cmpint (report->n_checked, ==, 2);

  g_clear_object (&tracker);
  g_clear_object (&ws);
  g_assert_cmpint (system (cmd), ==, 0);
}

/* What AutoML pays per trial for its bookkeeping; reported, not asserted. */
static void
test_start_finish_cost (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *parent = start (f, "cost", NULL, NULL);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GPtrArray) children = NULL;
  const guint n = 200;
  double start_seconds = 0;
  double finish_seconds = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = NULL;

      g_timer_start (timer);
      id = start (f, "cost", parent, NULL);
      start_seconds += g_timer_elapsed (timer, NULL);
      g_timer_start (timer);
      finish (f, id, LUMINA_RUN_STATUS_FINISHED);
      finish_seconds += g_timer_elapsed (timer, NULL);
    }

  g_timer_start (timer);
  children = list (f, NULL, parent);
  g_assert_cmpuint (children->len, ==, n);
  g_test_message ("start_run %.3f ms, finish_run %.3f ms (each with its event), list %u children %.3f ms",
                  1e3 * start_seconds / n, 1e3 * finish_seconds / n, n, 1e3 * g_timer_elapsed (timer, NULL));
}

static LuminaActiveRun *
find_active (GPtrArray  *active,
             const char *id)
{
  for (guint i = 0; i < active->len; i++)
    {
      LuminaActiveRun *item = g_ptr_array_index (active, i);

      if (g_str_equal (lumina_run_get_id (item->run), id))
        return item;
    }
  return NULL;
}

/* A run in progress in this process is live, with its trials counted and
 * the process's own figures; it cannot be ended as orphaned. */
static void
test_active_live (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *search = start (f, "churn", NULL, "automl");
  g_autofree char *trial1 = start (f, "churn", search, "trial-1");
  g_autofree char *trial2 = start (f, "churn", search, "trial-2");
  g_autofree char *done = start (f, "churn", NULL, "finished");
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;
  LuminaActiveRun *item;

  finish (f, trial1, LUMINA_RUN_STATUS_FINISHED);
  finish (f, done, LUMINA_RUN_STATUS_FINISHED);

  active = lumina_tracker_list_active_runs (f->tracker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 1);   /* trials and ended runs are not listed */
  item = g_ptr_array_index (active, 0);
  g_assert_cmpstr (lumina_run_get_id (item->run), ==, search);
  g_assert_cmpint (item->state, ==, LUMINA_ACTIVE_RUN_LIVE);
  g_assert_true (item->in_this_process);
  g_assert_cmpint (item->pid, ==, getpid ());
  g_assert_cmpstr (item->host, ==, g_get_host_name ());
  g_assert_cmpuint (item->n_children_ended, ==, 1);
  g_assert_cmpuint (item->n_children_running, ==, 1);
  g_assert_cmpuint (item->resident_bytes, >, 0);
  g_assert_cmpuint (item->peak_resident_bytes, >=, item->resident_bytes);
  g_assert_cmpfloat (item->cpu_seconds, >, 0);

  g_assert_false (lumina_tracker_end_orphaned_run (f->tracker, search, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "still running"));
  g_clear_error (&error);
  g_assert_false (lumina_tracker_end_orphaned_run (f->tracker, done, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  finish (f, trial2, LUMINA_RUN_STATUS_PRUNED);
  finish (f, search, LUMINA_RUN_STATUS_FINISHED);
  g_clear_pointer (&active, g_ptr_array_unref);
  active = lumina_tracker_list_active_runs (f->tracker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 0);
}

/* A process that starts a search and exits without finishing it leaves
 * an orphan, told apart by its PID and start time; ending it fails the
 * search and its unfinished trials with the reason. */
static void
test_active_orphaned (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *live = NULL;
  LuminaActiveRun *item = NULL;
  const char *orphan = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (g_getenv ("LUMINA_TEST_ORPHAN_WS"),
                                                                    LUMINA_WORKSPACE_OPEN_NONE, &error);
      g_autoptr(LuminaTracker) tracker = NULL;
      g_autofree char *search = NULL;
      g_autofree char *trial = NULL;
      g_autofree char *ended = NULL;

      g_assert_no_error (error);
      tracker = lumina_tracker_new (ws);
      search = lumina_tracker_start_run (tracker, "churn", NULL, "crashed", NULL, NULL, NULL, 1, &error);
      trial = lumina_tracker_start_run (tracker, "churn", search, "t1", "xgboost", NULL, NULL, 1, &error);
      ended = lumina_tracker_start_run (tracker, "churn", search, "t2", "xgboost", NULL, NULL, 1, &error);
      g_assert_no_error (error);
      g_assert_true (lumina_tracker_finish_run (tracker, ended, LUMINA_RUN_STATUS_FINISHED, NULL, NULL,
                                                NULL, &error));
      return;   /* exits with the search still marked running */
    }

  live = start (f, "churn", NULL, "live");
  g_setenv ("LUMINA_TEST_ORPHAN_WS", f->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  active = lumina_tracker_list_active_runs (f->tracker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 2);
  for (guint i = 0; i < active->len; i++)
    if (!g_str_equal (lumina_run_get_id (((LuminaActiveRun *) g_ptr_array_index (active, i))->run), live))
      item = g_ptr_array_index (active, i);
  g_assert (item != NULL);
  orphan = lumina_run_get_id (item->run);
  g_assert_cmpint (item->state, ==, LUMINA_ACTIVE_RUN_ORPHANED);
  g_assert_false (item->in_this_process);
  g_assert_cmpint (item->pid, !=, getpid ());
  g_assert_cmpuint (item->n_children_running, ==, 1);
  g_assert_cmpuint (item->n_children_ended, ==, 1);
  item = find_active (active, live);
  g_assert (item != NULL);
  g_assert_cmpint (item->state, ==, LUMINA_ACTIVE_RUN_LIVE);

  g_assert_true (lumina_tracker_end_orphaned_run (f->tracker, orphan, &error));
  g_assert_no_error (error);

  {
    g_autoptr(LuminaRun) run = get (f, orphan);

    g_assert_cmpint (lumina_run_get_status (run), ==, LUMINA_RUN_STATUS_FAILED);
    g_assert_nonnull (strstr (lumina_run_get_error (run), "process running it ended"));
  }
  children = list (f, NULL, orphan);
  g_assert_cmpuint (children->len, ==, 2);
  for (guint i = 0; i < children->len; i++)
    g_assert_cmpint (lumina_run_get_status (g_ptr_array_index (children, i)), !=, LUMINA_RUN_STATUS_RUNNING);

  /* Ended once: a second time is refused and changes nothing. */
  g_assert_false (lumina_tracker_end_orphaned_run (f->tracker, orphan, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_clear_pointer (&active, g_ptr_array_unref);
  active = lumina_tracker_list_active_runs (f->tracker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 1);
  g_assert_cmpstr (lumina_run_get_id (((LuminaActiveRun *) g_ptr_array_index (active, 0))->run), ==, live);
  finish (f, live, LUMINA_RUN_STATUS_CANCELLED);
}

static LuminaActiveRunState
state_of (GPtrArray  *active,
          const char *id)
{
  LuminaActiveRun *item = find_active (active, id);

  g_assert (item != NULL);
  return item->state;
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_autofree char *db_path = g_build_filename (f->path, "lumina.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Runs whose start recorded no process (an earlier version): one started
 * before this computer booted is orphaned, a recent one cannot be judged. */
static void
test_active_unrecorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = start (f, "churn", NULL, "first");
  const char *old = "00000000000000000000000000000001";
  const char *recent = "00000000000000000000000000000002";
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format_iso8601 (started);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;

  finish (f, first, LUMINA_RUN_STATUS_FINISHED);
  /* Rows as an earlier version wrote them: no process in any event. */
  sql = g_strdup_printf ("INSERT INTO runs (id, experiment_id, status, started_at) "
                         "SELECT '%s', experiment_id, 'running', '2000-01-01T00:00:00Z' FROM runs WHERE id = '%s';"
                         "INSERT INTO runs (id, experiment_id, status, started_at) "
                         "SELECT '%s', experiment_id, 'running', '%s' FROM runs WHERE id = '%s';",
                         old, first, recent, now, first);
  exec_sql (f, sql);
  active = lumina_tracker_list_active_runs (f->tracker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpint (state_of (active, old), ==, LUMINA_ACTIVE_RUN_ORPHANED);
  g_assert_cmpint (state_of (active, recent), ==, LUMINA_ACTIVE_RUN_ELSEWHERE);
  g_assert_true (lumina_tracker_end_orphaned_run (f->tracker, old, &error));
  g_assert_no_error (error);
  g_assert_false (lumina_tracker_end_orphaned_run (f->tracker, recent, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  finish (f, recent, LUMINA_RUN_STATUS_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/tracker/status-strings", test_status_strings);
  g_test_add_func ("/engine/tracker/migrate-from-2", test_migrate_from_2);
#define ADD(name, func) \
  g_test_add ("/engine/tracker/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("round-trip", test_round_trip);
  ADD ("parent-child", test_parent_child);
  ADD ("metric-history", test_metric_history);
  ADD ("tags-and-notes", test_tags_and_notes);
  ADD ("artifacts", test_artifacts);
  ADD ("unknown-run", test_unknown_run);
  ADD ("finish-twice", test_finish_twice);
  ADD ("concurrent", test_concurrent);
  ADD ("reopen", test_reopen);
  ADD ("cancelled", test_cancelled);
  ADD ("start-finish-cost", test_start_finish_cost);
  ADD ("active-live", test_active_live);
  ADD ("active-orphaned", test_active_orphaned);
  ADD ("active-unrecorded", test_active_unrecorded);
#undef ADD

  return g_test_run ();
}
