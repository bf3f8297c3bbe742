/* test-registry.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model registry on real models: small linear and tree models fitted
 * on iris, saved as run bundles the way AutoML saves them, then
 * registered, aliased, promoted through the gates, approved, rolled back,
 * carded and exported; bad input, history at past times, immutability
 * and threads.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"
#include "lumina-registry-private.h"

typedef struct
{
  char            *path;
  LuminaWorkspace *ws;
  LuminaRegistry  *registry;
  LuminaTracker   *tracker;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-registry-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  lumina_workspace_set_actor (f->ws, "alice");
  f->registry = lumina_registry_new (f->ws);
  f->tracker = lumina_tracker_new (f->ws);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->path);

  g_object_add_weak_pointer (G_OBJECT (f->registry), (gpointer *) &f->registry);
  g_object_unref (f->registry);
  g_assert_null (f->registry);
  g_clear_object (&f->tracker);
  g_clear_object (&f->ws);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
}

/* ---- making runs with bundles ------------------------------------------ */

/* iris, with @changed_column turned into a categorical column ("v0",
 * "v1", … by its whole part) when not NULL. */
static LuminaFrame *
load_iris (const char *changed_column)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame;
  int changed = -1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      for (guint c = 0; cells[c] != NULL; c++)
        {
          if (i == 0 && g_strcmp0 (cells[c], changed_column) == 0)
            changed = (int) c;
          if (i > 0 && (int) c == changed)
            g_string_append_printf (out, "v%d", (int) g_ascii_strtod (cells[c], NULL));
          else
            g_string_append (out, cells[c]);
          g_string_append_c (out, cells[c + 1] != NULL ? ',' : '\n');
        }
    }

  bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  frame = lumina_csv_read_bytes (bytes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return frame;
}

/* Every metric of the task, on the training rows. */
static JsonObject *
score (LuminaModel *model,
       LuminaFrame *frame,
       const double *y)
{
  JsonObject *metrics = json_object_new ();
  LuminaTask task = lumina_model_get_task (model);
  guint n_classes = lumina_labels_get_n_classes (lumina_model_get_labels (model));
  g_autoptr(GError) error = NULL;
  g_autofree double *pred = lumina_model_predict (model, frame, &error);
  const LuminaMetric *list;
  guint n_metrics;

  g_assert_no_error (error);
  list = lumina_metric_list_for (task, &n_metrics);
  for (guint i = 0; i < n_metrics; i++)
    {
      double value = lumina_metric_compute (list[i], task, n_classes, y, pred, NULL,
                                            lumina_frame_get_n_rows (frame));

      if (isfinite (value))
        json_object_set_double_member (metrics, lumina_metric_to_string (list[i]), value);
    }
  return metrics;
}

/* Fits @kind on iris reading only @columns (NULL: all), records a
 * finished run and saves its bundle where AutoML would.  Returns the run
 * id; the accuracy goes to @accuracy. */
static char *
make_run_with (Fixture            *f,
               const char         *kind,
               JsonObject         *params,
               const char * const *columns,
               const char         *changed_column,
               double             *accuracy)
{
  g_autoptr(LuminaFrame) frame = load_iris (changed_column);
  const LuminaColumn *target = lumina_frame_get_column (frame, lumina_frame_find_column (frame, "species"));
  g_autoptr(LuminaLabels) labels = lumina_labels_fit (target, LUMINA_TASK_MULTICLASS, NULL);
  g_autofree double *y = lumina_labels_encode (labels, target, NULL);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *parent = NULL;
  char *run_id;

  for (guint c = 0; columns != NULL && c < lumina_frame_get_n_columns (frame); c++)
    {
      const char *name = lumina_frame_get_column (frame, c)->name;

      if (!g_str_equal (name, "species") && !g_strv_contains (columns, name))
        lumina_frame_set_role (frame, c, LUMINA_COLUMN_ROLE_IGNORE);
    }

  lumina_preprocessor_set_task (pre, LUMINA_TASK_MULTICLASS, lumina_labels_get_n_classes (labels));
  g_assert_true (lumina_preprocessor_fit (pre, frame, "species", y, &error));
  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);
  learner = lumina_learner_new (kind, LUMINA_TASK_MULTICLASS, lumina_labels_get_n_classes (labels), params, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  model = lumina_model_new ("species", labels);
  lumina_model_add_member (model, pre, learner, 1.0);
  metrics = score (model, frame, y);
  *accuracy = json_object_get_double_member (metrics, "accuracy");

  run_id = lumina_tracker_start_run (f->tracker, "registry", NULL, kind, kind, NULL, "iris@1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (f->tracker, run_id, LUMINA_RUN_STATUS_FINISHED, metrics, NULL,
                                            NULL, &error));
  lumina_model_set_metrics (model, metrics);
  lumina_model_set_lineage (model, "iris@1", NULL, run_id);
  bundle = lumina_automl_bundle_path_for_run (f->ws, run_id);
  parent = g_path_get_dirname (bundle);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (lumina_model_save (model, bundle, &error));
  g_assert_no_error (error);
  return run_id;
}

static char *
make_run (Fixture            *f,
          const char         *kind,
          const char * const *columns,
          const char         *changed_column,
          double             *accuracy)
{
  return make_run_with (f, kind, NULL, columns, changed_column, accuracy);
}

static const char * const all_columns[] = {
  "sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", NULL
};
static const char * const petal_columns[] = { "petal_length_cm", "petal_width_cm", NULL };

static guint
register_ok (Fixture    *f,
             const char *run_id,
             const char *name,
             const char *actor)
{
  g_autoptr(GError) error = NULL;
  guint version = lumina_registry_register (f->registry, run_id, name, actor, "test", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (version, >, 0);
  return version;
}

/* A model "iris" with a good version 1 and a worse version 2 (crippled
 * by a strong L1 penalty), both reading all columns; their accuracies
 * come back. */
static void
register_good_and_bad (Fixture *f,
                       double  *good,
                       double  *bad)
{
  g_autoptr(JsonObject) strong = json_object_new ();
  g_autofree char *good_run = make_run (f, "linear", all_columns, NULL, good);
  g_autofree char *bad_run = NULL;

  json_object_set_string_member (strong, "penalty", "l1");
  json_object_set_double_member (strong, "alpha", 0.5);
  bad_run = make_run_with (f, "linear", strong, all_columns, NULL, bad);

  g_assert_cmpfloat (*good, >, 0.9);
  g_assert_cmpfloat (*bad, <, *good - 0.1);
  g_assert_cmpuint (register_ok (f, good_run, "iris", NULL), ==, 1);
  g_assert_cmpuint (register_ok (f, bad_run, "iris", NULL), ==, 2);
}

static GDateTime *
at (int day,
    int hour)
{
  return g_date_time_new_utc (2026, 3, day, hour, 0, 0);
}

static void
set_now (Fixture *f,
         int      day,
         int      hour)
{
  g_autoptr(GDateTime) now = at (day, hour);

  _lumina_registry_set_now (f->registry, now);
}

static JsonObject *
version_json (Fixture    *f,
              const char *name,
              guint       version,
              JsonNode  **root)
{
  g_autoptr(GError) error = NULL;

  *root = lumina_registry_get_version (f->registry, name, version, &error);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

static JsonArray *
events (Fixture    *f,
        const char *kind,
        const char *name,
        JsonNode  **root)
{
  g_autoptr(GError) error = NULL;

  *root = lumina_registry_list_events (f->registry, "iris", kind, name, &error);
  g_assert_no_error (error);
  return json_node_get_array (*root);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) v1_root = NULL;
  g_autoptr(JsonNode) models = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *registry_dir = g_build_filename (f->path, "registry", "iris", NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *source_manifest = NULL;
  g_autofree char *source_bundle = NULL;
  g_autofree char *copied_manifest = NULL;
  JsonObject *v1, *model, *card;
  double good, bad;
  guint version;

  register_good_and_bad (f, &good, &bad);
  g_assert_cmpuint (count_entries (registry_dir), ==, 2);   /* 1, 2 and no leftovers */

  v1 = version_json (f, "iris", 1, &v1_root);
  g_assert_cmpstr (json_object_get_string_member (v1, "stage"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (v1, "task"), ==, "multiclass");
  g_assert_cmpstr (json_object_get_string_member (v1, "actor"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (v1, "dataset_ref"), ==, "iris@1");
  g_assert_cmpstr (json_object_get_string_member (v1, "primary_metric"), ==, "accuracy");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (v1, "metrics"),
                                                                 "accuracy"), good, 1e-12);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (v1, "signature")), ==, 4);
  g_assert_cmpuint (strlen (json_object_get_string_member (v1, "bundle_sha256")), ==, 64);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (v1, "files")), ==, 2);
  card = json_object_get_object_member (v1, "card");
  g_assert_nonnull (strstr (json_object_get_string_member (card, "description"), "multiclass"));
  g_assert_cmpstr (json_object_get_string_member (card, "dataset"), ==, "iris@1");
  g_assert_true (json_object_has_member (json_object_get_object_member (card, "metrics"), "accuracy"));

  /* The copy is the run's bundle, byte for byte. */
  manifest = g_build_filename (json_object_get_string_member (v1, "bundle"), "manifest.json", NULL);
  source_bundle = lumina_automl_bundle_path_for_run (f->ws, json_object_get_string_member (v1, "run_id"));
  source_manifest = g_build_filename (source_bundle, "manifest.json", NULL);
  g_assert_true (g_file_get_contents (manifest, &copied_manifest, NULL, NULL));
  {
    g_autofree char *original = NULL;

    g_assert_true (g_file_get_contents (source_manifest, &original, NULL, NULL));
    g_assert_cmpstr (copied_manifest, ==, original);
  }

  /* Without a champion, a plain name is the newest version. */
  g_assert_true (lumina_registry_resolve (f->registry, "iris", &name, &version, &bundle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "iris");
  g_assert_cmpuint (version, ==, 2);
  g_assert_true (g_path_is_absolute (bundle));
  g_assert_true (g_str_has_suffix (bundle, "/registry/iris/2"));
  g_assert_true (lumina_registry_resolve (f->registry, "iris/1", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_true (lumina_registry_resolve (f->registry, "iris@1", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_true (lumina_registry_resolve (f->registry, "iris@latest", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 2);

  models = lumina_registry_list_models (f->registry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (models)), ==, 1);
  model = json_array_get_object_element (json_node_get_array (models), 0);
  g_assert_cmpint (json_object_get_int_member (model, "n_versions"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (model, "latest_version"), ==, 2);

  /* Two audit events, and two history rows. */
  log = lumina_registry_list_events (f->registry, "iris", "register", NULL, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log)), ==, 2);
  {
    g_autoptr(GPtrArray) audit = lumina_event_log_list (lumina_workspace_get_events (f->ws), 0, 100, &error);
    guint n = 0;

    for (guint i = 0; i < audit->len; i++)
      n += g_str_equal (lumina_event_get_kind (g_ptr_array_index (audit, i)), "model.registered");
    g_assert_cmpuint (n, ==, 2);
  }
}

static void
test_immutable (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (f->path, "lumina.db", NULL);
  g_autofree char *run = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;
  double accuracy;

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run, "iris", NULL);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE model_versions SET run_id = 'x'", NULL, NULL, &message), !=,
                   SQLITE_OK);
  g_assert_nonnull (strstr (message, "immutable"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE model_versions SET bundle_hash = 'x'", NULL, NULL, NULL), !=,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE model_versions SET files = '[]'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM model_versions", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE model_events SET actor = 'mallory'", NULL, NULL, NULL), !=,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM model_events", NULL, NULL, NULL), !=, SQLITE_OK);
  /* The stage and the card are the mutable parts. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE model_versions SET stage = 'staging'", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
}

static void
test_alias_history (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) moves_root = NULL;
  g_autoptr(JsonNode) then_root = NULL;
  g_autoptr(JsonNode) aliases = NULL;
  g_auto(GStrv) of_v1 = NULL;
  g_autofree char *run3 = NULL;
  g_autoptr(GDateTime) before = at (1, 0);
  g_autoptr(GDateTime) between = at (2, 12);
  g_autoptr(GDateTime) later = at (3, 12);
  g_autoptr(GDateTime) last = at (5, 0);
  JsonArray *moves;
  JsonObject *move;
  double good, bad, third;
  guint version = 0;

  register_good_and_bad (f, &good, &bad);
  run3 = make_run (f, "linear", petal_columns, NULL, &third);
  register_ok (f, run3, "iris", NULL);

  set_now (f, 2, 0);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, "first", FALSE, NULL, &error));
  g_assert_no_error (error);
  set_now (f, 3, 0);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "challenger", 3, "bob", NULL, FALSE, NULL, &error));
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, "better", FALSE, NULL, &error));
  g_assert_no_error (error);
  set_now (f, 4, 0);
  g_assert_true (lumina_registry_remove_alias (f->registry, "iris", "challenger", NULL, "done", &error));
  g_assert_no_error (error);
  _lumina_registry_set_now (f->registry, NULL);

  /* Each move with the version before it. */
  moves = events (f, "alias", "champion", &moves_root);
  g_assert_cmpuint (json_array_get_length (moves), ==, 2);
  move = json_array_get_object_element (moves, 0);
  g_assert_true (json_object_get_null_member (move, "previous"));
  g_assert_cmpint (json_object_get_int_member (move, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (move, "time"), ==, "2026-03-02T00:00:00.000000Z");
  move = json_array_get_object_element (moves, 1);
  g_assert_cmpint (json_object_get_int_member (move, "previous"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (move, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (move, "reason"), ==, "better");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_get_object_member (move, "details"), "gates"), "passed"));

  /* What pointed where, when. */
  g_assert_false (lumina_registry_alias_at (f->registry, "iris", "champion", before, &version, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (lumina_registry_alias_at (f->registry, "iris", "champion", between, &version, &error));
  g_assert_cmpuint (version, ==, 2);
  g_assert_true (lumina_registry_alias_at (f->registry, "iris", "champion", later, &version, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_true (lumina_registry_alias_at (f->registry, "iris", "challenger", later, &version, &error));
  g_assert_cmpuint (version, ==, 3);
  g_assert_false (lumina_registry_alias_at (f->registry, "iris", "challenger", last, &version, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  then_root = lumina_registry_aliases_at (f->registry, "iris", later, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (then_root), "champion"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (then_root), "challenger"), ==, 3);

  aliases = lumina_registry_list_aliases (f->registry, "iris", &error);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (aliases)), ==, 1);
  of_v1 = lumina_registry_dup_version_aliases (f->registry, "iris", 1, &error);
  g_assert_cmpuint (g_strv_length (of_v1), ==, 1);
  g_assert_cmpstr (of_v1[0], ==, "champion");

  /* A plain name is the champion now. */
  g_assert_true (lumina_registry_resolve (f->registry, "iris", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_true (lumina_registry_resolve (f->registry, "iris@champion", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);

  /* Moving to where it already points changes nothing. */
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
}

static void
assert_gate_failed (GError     *error,
                    const char *gate)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, LUMINA_REGISTRY_ERROR, LUMINA_REGISTRY_ERROR_GATE_FAILED);
  g_assert_nonnull (strstr (error->message, gate));
}

static void
test_metric_gate (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) forced_report = NULL;
  g_autoptr(JsonObject) tolerance = json_object_new ();
  g_autoptr(JsonNode) refused_root = NULL;
  g_autoptr(JsonNode) moves_root = NULL;
  g_autofree char *good_text = NULL;
  JsonArray *refused, *moves;
  JsonObject *gate, *details;
  double good, bad;
  guint version;

  register_good_and_bad (f, &good, &bad);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* Worse: refused, with the figures, and the attempt on record. */
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, "try", FALSE, &report, &error));
  assert_gate_failed (error, "metric gate");
  g_assert_nonnull (strstr (error->message, "accuracy"));
  good_text = g_strdup_printf ("%.6g", good);
  g_assert_nonnull (strstr (error->message, good_text));
  g_clear_error (&error);
  g_assert_false (json_object_get_boolean_member (report, "passed"));
  gate = json_array_get_object_element (json_object_get_array_member (report, "gates"), 0);
  g_assert_cmpstr (json_object_get_string_member (gate, "gate"), ==, "metric");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (gate, "candidate"), bad, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (gate, "champion"), good, 1e-12);
  g_assert_true (json_object_get_boolean_member (gate, "greater_is_better"));
  g_assert_true (lumina_registry_resolve (f->registry, "iris@champion", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);
  refused = events (f, "gate", "champion", &refused_root);
  g_assert_cmpuint (json_array_get_length (refused), ==, 1);

  /* Promoting the worse one to production meets the same gate. */
  g_assert_false (lumina_registry_promote (f->registry, "iris", 2, "production", NULL, NULL, FALSE, NULL, &error));
  assert_gate_failed (error, "metric gate");
  g_clear_error (&error);

  /* Within a tolerance it passes... */
  json_object_set_double_member (tolerance, "tolerance", 1.0);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", tolerance, NULL, "lenient", &error));
  g_assert_no_error (error);
  g_assert_true (lumina_registry_promote (f->registry, "iris", 2, "production", NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  json_object_set_double_member (tolerance, "tolerance", 0);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", tolerance, NULL, "strict", &error));

  /* ...and forced it goes through, recorded as forced. */
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, "hotfix", TRUE,
                                            &forced_report, &error));
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (forced_report, "passed"));
  moves = events (f, "alias", "champion", &moves_root);
  details = json_object_get_object_member (json_array_get_object_element (moves, 1), "details");
  g_assert_true (json_object_get_boolean_member (details, "forced"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (details, "gates"), "passed"));

  /* A better one than the (forced) champion passes. */
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_gate_settings (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) gates = NULL;
  g_autoptr(JsonObject) loss = json_object_new ();
  g_autoptr(JsonObject) unknown = json_object_new ();
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(JsonNode) history = NULL;
  double good, worse;

  register_good_and_bad (f, &good, &worse);
  gates = lumina_registry_get_gates (f->registry, "iris", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (gates, "metric"));
  g_assert_true (json_object_get_boolean_member (gates, "signature"));
  g_assert_false (json_object_get_boolean_member (gates, "require_approval"));

  /* Smaller is better for log loss: version 1 has the smaller one. */
  json_object_set_string_member (loss, "metric", "log_loss");
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", loss, NULL, NULL, &error));
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, NULL, FALSE, NULL, &error));
  assert_gate_failed (error, "log_loss");
  g_assert_nonnull (strstr (error->message, "smaller is better"));
  g_clear_error (&error);

  /* A metric of unknown direction needs one; bad settings are refused. */
  json_object_set_string_member (unknown, "metric", "custom_score");
  g_assert_false (lumina_registry_set_gates (f->registry, "iris", unknown, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  json_object_set_boolean_member (unknown, "greater_is_better", TRUE);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", unknown, NULL, NULL, &error));
  g_assert_no_error (error);
  json_object_set_double_member (bad, "tolerance", -1);
  g_assert_false (lumina_registry_set_gates (f->registry, "iris", bad, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  history = lumina_registry_list_events (f->registry, "iris", "gate", "", &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 2);
}

static void
test_signature_gate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) no_signature = json_object_new ();
  g_autofree char *petals = NULL;
  g_autofree char *all = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *subset = NULL;
  JsonObject *gate;
  double accuracy;

  petals = make_run (f, "linear", petal_columns, NULL, &accuracy);
  all = make_run (f, "linear", all_columns, NULL, &accuracy);
  changed = make_run (f, "linear", petal_columns, "petal_width_cm", &accuracy);
  subset = make_run (f, "linear", (const char * const []) { "petal_width_cm", NULL }, NULL, &accuracy);
  register_ok (f, petals, "iris", NULL);
  register_ok (f, all, "iris", NULL);
  register_ok (f, changed, "iris", NULL);
  register_ok (f, subset, "iris", NULL);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* Version 2 reads the sepal columns, which callers do not send. */
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, NULL, FALSE, &report, &error));
  assert_gate_failed (error, "signature gate");
  g_assert_nonnull (strstr (error->message, "sepal_length_cm"));
  g_clear_error (&error);
  gate = json_array_get_object_element (json_object_get_array_member (report, "gates"), 1);
  g_assert_cmpstr (json_object_get_string_member (gate, "gate"), ==, "signature");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gate, "missing")), ==, 2);
  g_clear_pointer (&report, json_object_unref);

  /* Version 3 reads petal width as a category (and is refused for that
   * even within a generous metric tolerance). */
  json_object_set_double_member (no_signature, "tolerance", 1);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", no_signature, NULL, NULL, &error));
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 3, NULL, NULL, FALSE, &report, &error));
  assert_gate_failed (error, "petal_width_cm (categorical, was float)");
  g_clear_error (&error);
  g_clear_pointer (&report, json_object_unref);

  /* Version 4 reads fewer columns: compatible. */
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 4, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  gate = json_array_get_object_element (json_object_get_array_member (report, "gates"), 1);
  g_assert_true (json_object_get_boolean_member (gate, "passed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (gate, "dropped")), ==, 1);

  /* With the signature gate off, the wider model is accepted. */
  json_object_set_boolean_member (no_signature, "signature", FALSE);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", no_signature, NULL, NULL, &error));
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_approval (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) require = json_object_new ();
  g_autoptr(JsonNode) v1_root = NULL;
  g_autofree char *run = NULL;
  JsonObject *v1;
  double accuracy;

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run, "iris", "alice");
  json_object_set_boolean_member (require, "require_approval", TRUE);
  g_assert_true (lumina_registry_set_gates (f->registry, "iris", require, "alice", NULL, &error));

  /* Nobody approves their own registration. */
  g_assert_false (lumina_registry_approve (f->registry, "iris", 1, "alice", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 1, "alice", NULL, FALSE, NULL, &error));
  assert_gate_failed (error, "approval gate");
  g_clear_error (&error);

  g_assert_true (lumina_registry_approve (f->registry, "iris", 1, "bob", "looks right", &error));
  g_assert_no_error (error);
  g_assert_false (lumina_registry_approve (f->registry, "iris", 1, "bob", NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);

  /* The approver cannot be the one who moves it on their own approval. */
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 1, "bob", NULL, FALSE, NULL, &error));
  assert_gate_failed (error, "approved only by bob");
  g_clear_error (&error);

  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, "alice", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_registry_promote (f->registry, "iris", 1, "production", "alice", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);

  v1 = version_json (f, "iris", 1, &v1_root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (v1, "approvals")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (v1, "stage"), ==, "production");
}

static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) moves_root = NULL;
  JsonArray *moves;
  JsonObject *last;
  double good, bad;
  guint version = 0;

  register_good_and_bad (f, &good, &bad);

  g_assert_false (lumina_registry_rollback_alias (f->registry, "iris", "champion", NULL, NULL, &version, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_false (lumina_registry_rollback_alias (f->registry, "iris", "champion", NULL, NULL, &version, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 2, NULL, NULL, TRUE, NULL, &error));
  g_assert_true (lumina_registry_rollback_alias (f->registry, "iris", "champion", "bob", "bad latency", &version,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (version, ==, 1);
  g_assert_true (lumina_registry_resolve (f->registry, "iris", NULL, &version, NULL, &error));
  g_assert_cmpuint (version, ==, 1);

  moves = events (f, "alias", "champion", &moves_root);
  g_assert_cmpuint (json_array_get_length (moves), ==, 3);
  last = json_array_get_object_element (moves, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (last, "reason"), "rollback to version 1"));
  g_assert_nonnull (strstr (json_object_get_string_member (last, "reason"), "bad latency"));
  g_assert_cmpint (json_object_get_int_member (last, "previous"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (last, "actor"), ==, "bob");

  /* A second rollback undoes the first, without the gates. */
  g_assert_true (lumina_registry_rollback_alias (f->registry, "iris", "champion", NULL, NULL, &version, &error));
  g_assert_cmpuint (version, ==, 2);
}

static void
test_stages (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stages = NULL;
  g_auto(GStrv) custom = NULL;
  g_autoptr(JsonNode) moves_root = NULL;
  g_autofree char *run = NULL;
  g_autofree char *run2 = NULL;
  JsonArray *moves;
  double accuracy;

  stages = lumina_registry_dup_stages (f->registry, &error);
  g_assert_cmpuint (g_strv_length (stages), ==, 4);
  g_assert_cmpstr (stages[0], ==, "dev");
  g_assert_cmpstr (stages[3], ==, "archived");

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run, "iris", NULL);
  g_assert_true (lumina_registry_promote (f->registry, "iris", 1, "staging", NULL, "ready", FALSE, NULL, &error));
  g_assert_true (lumina_registry_promote (f->registry, "iris", 1, "production", NULL, "go", FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (lumina_registry_promote (f->registry, "iris", 1, "production", NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (lumina_registry_promote (f->registry, "iris", 1, "qa", NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "dev, staging, production, archived"));
  g_clear_error (&error);

  moves = events (f, "stage", NULL, &moves_root);
  g_assert_cmpuint (json_array_get_length (moves), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moves, 0), "previous"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moves, 1), "previous"), ==,
                   "staging");

  /* Custom stages: new versions start in the first. */
  g_assert_true (lumina_registry_set_stages (f->registry, (const char * const []) { "draft", "qa", "production", NULL },
                                             &error));
  g_assert_no_error (error);
  g_assert_false (lumina_registry_set_stages (f->registry, (const char * const []) { "a", "a", NULL }, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  custom = lumina_registry_dup_stages (f->registry, &error);
  g_assert_cmpstr (custom[1], ==, "qa");
  run2 = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run2, "iris", NULL);
  {
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpstr (json_object_get_string_member (version_json (f, "iris", 2, &root), "stage"), ==, "draft");
  }
  g_assert_true (lumina_registry_promote (f->registry, "iris", 2, "qa", NULL, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_card (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) wrong = json_object_new ();
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(JsonNode) edits_root = NULL;
  g_autofree char *run = NULL;
  JsonArray *edits;
  JsonObject *details;
  double accuracy;

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run, "iris", NULL);

  json_object_set_string_member (changes, "description", "Iris species from flower measurements.");
  json_object_set_string_member (changes, "limitations", "Three species only.");
  g_assert_true (lumina_registry_update_card (f->registry, "iris", 1, changes, "carol", "docs", &error));
  g_assert_no_error (error);
  card = lumina_registry_get_card (f->registry, "iris", 1, &error);
  g_assert_cmpstr (json_object_get_string_member (card, "description"), ==, "Iris species from flower measurements.");
  g_assert_cmpstr (json_object_get_string_member (card, "limitations"), ==, "Three species only.");
  g_assert_cmpstr (json_object_get_string_member (card, "intended_use"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (card, "dataset"), ==, "iris@1");

  edits = events (f, "card", NULL, &edits_root);
  g_assert_cmpuint (json_array_get_length (edits), ==, 1);
  details = json_object_get_object_member (json_array_get_object_element (edits, 0), "details");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (details, "before"),
                                                           "description"), "multiclass"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (edits, 0), "actor"), ==, "carol");

  json_object_set_string_member (wrong, "owner", "me");
  g_assert_false (lumina_registry_update_card (f->registry, "iris", 1, wrong, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_registry_update_card (f->registry, "iris", 9, changes, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->path, "out", "iris-model", NULL);
  g_autofree char *dest2 = g_build_filename (f->path, "out", "second", NULL);
  g_autofree char *card_path = g_build_filename (dest, "model-card.json", NULL);
  g_autofree char *bundle = NULL;
  g_autofree char *member = NULL;
  g_autofree char *card_text = NULL;
  g_autofree char *run = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autofree char *out_dir = g_build_filename (f->path, "out", NULL);
  double accuracy;

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  register_ok (f, run, "iris", NULL);
  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, &error));

  g_assert_true (lumina_registry_export (f->registry, "iris@champion", dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (card_path, &card_text, NULL, NULL));
  g_assert_nonnull (strstr (card_text, "\"description\""));
  g_assert_nonnull (strstr (card_text, "\"version\" : 1"));
  model = lumina_model_load (dest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  g_assert_false (lumina_registry_export (f->registry, "iris@champion", dest, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS);
  g_clear_error (&error);

  /* A registered copy changed behind the registry's back is caught. */
  g_assert_true (lumina_registry_resolve (f->registry, "iris/1", NULL, NULL, &bundle, &error));
  member = g_build_filename (bundle, "member-0.json", NULL);
  g_assert_true (g_file_set_contents (member, "{}", -1, NULL));
  g_assert_false (lumina_registry_export (f->registry, "iris/1", dest2, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
  g_assert_false (g_file_test (dest2, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (out_dir), ==, 1);
}

static void
expect_register_error (Fixture    *f,
                       const char *run_id,
                       const char *name,
                       int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (lumina_registry_register (f->registry, run_id, name, NULL, NULL, &error), ==, 0);
  g_assert_error (error, LUMINA_ERROR, code);
  g_test_message ("%s", error->message);
}

static void
expect_resolve_error (Fixture    *f,
                      const char *ref,
                      int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_assert_false (lumina_registry_resolve (f->registry, ref, &name, NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, code);
  g_assert_null (name);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *run = NULL;
  g_autofree char *no_bundle = NULL;
  g_autofree char *running = NULL;
  g_autofree char *registry_dir = g_build_filename (f->path, "registry", NULL);
  g_autofree char *long_name = g_strnfill (65, 'a');
  double accuracy;

  run = make_run (f, "linear", all_columns, NULL, &accuracy);
  no_bundle = lumina_tracker_start_run (f->tracker, "x", NULL, NULL, NULL, NULL, NULL, 0, &error);
  g_assert_true (lumina_tracker_finish_run (f->tracker, no_bundle, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL,
                                            &error));
  running = lumina_tracker_start_run (f->tracker, "x", NULL, NULL, NULL, NULL, NULL, 0, &error);
  g_assert_no_error (error);

  expect_register_error (f, "ffffffffffffffffffffffffffffffff", "iris", LUMINA_ERROR_NOT_FOUND);
  expect_register_error (f, no_bundle, "iris", LUMINA_ERROR_NOT_FOUND);
  expect_register_error (f, running, "iris", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, "", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, "../escape", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, "a/b", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, "with space", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, ".hidden", LUMINA_ERROR_INVALID_INPUT);
  expect_register_error (f, run, long_name, LUMINA_ERROR_INVALID_INPUT);
  /* Nothing was written by any of them. */
  g_assert_false (g_file_test (registry_dir, G_FILE_TEST_EXISTS) && count_entries (registry_dir) > 0);
  {
    g_autoptr(JsonNode) models = lumina_registry_list_models (f->registry, &error);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (models)), ==, 0);
  }

  register_ok (f, run, "iris", NULL);
  expect_resolve_error (f, "nothing", LUMINA_ERROR_NOT_FOUND);
  expect_resolve_error (f, "iris@7", LUMINA_ERROR_NOT_FOUND);
  expect_resolve_error (f, "iris/7", LUMINA_ERROR_NOT_FOUND);
  expect_resolve_error (f, "iris@staging-x", LUMINA_ERROR_NOT_FOUND);
  expect_resolve_error (f, "iris@", LUMINA_ERROR_INVALID_INPUT);
  expect_resolve_error (f, "iris/abc", LUMINA_ERROR_INVALID_INPUT);
  expect_resolve_error (f, "@champion", LUMINA_ERROR_INVALID_INPUT);
  expect_resolve_error (f, "iris@0", LUMINA_ERROR_INVALID_INPUT);

  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "latest", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "1st", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (lumina_registry_set_alias (f->registry, "iris", "champion", 5, NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lumina_registry_set_alias (f->registry, "nothing", "champion", 1, NULL, NULL, FALSE, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lumina_registry_remove_alias (f->registry, "iris", "challenger", NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (lumina_registry_get_version (f->registry, "iris", 2, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (lumina_registry_list_events (f->registry, "Nothing", NULL, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A version slot left behind by a crash does not block the next one. */
  {
    g_autofree char *orphan = g_build_filename (registry_dir, "iris", "2", NULL);

    g_assert_cmpint (g_mkdir_with_parents (orphan, 0755), ==, 0);
    g_assert_cmpuint (register_ok (f, run, "iris", NULL), ==, 2);
  }
}

static guint n_changed;

static void
on_changed (LuminaRegistry *registry,
            const char     *name,
            gpointer        user_data)
{
  g_assert_cmpstr (name, ==, "iris");
  n_changed++;
}

typedef struct
{
  Fixture *f;
  char    *run_id;
  guint    version;
} Worker;

static gpointer
register_in_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GError) error = NULL;

  worker->version = lumina_registry_register (worker->f->registry, worker->run_id, "iris", NULL, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_threads_and_signal (Fixture       *f,
                         gconstpointer  data)
{
  Worker workers[4];
  GThread *threads[G_N_ELEMENTS (workers)];
  guint seen = 0;
  double accuracy;

  g_signal_connect (f->registry, "changed", G_CALLBACK (on_changed), NULL);
  n_changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      workers[i].f = f;
      workers[i].run_id = make_run (f, "linear", all_columns, NULL, &accuracy);
      workers[i].version = 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    threads[i] = g_thread_new ("register", register_in_thread, &workers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    {
      g_thread_join (threads[i]);
      seen |= 1u << workers[i].version;
      g_free (workers[i].run_id);
    }
  g_assert_cmpuint (seen, ==, 0x1e);   /* versions 1 to 4, once each */

  /* Signals from the workers arrive on this thread's main context. */
  g_assert_cmpuint (n_changed, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_changed, ==, 4);

  g_assert_true (lumina_registry_set_alias (f->registry, "iris", "champion", 1, NULL, NULL, FALSE, NULL, NULL));
  g_assert_cmpuint (n_changed, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/registry/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("register", test_register);
  ADD ("immutable", test_immutable);
  ADD ("alias-history", test_alias_history);
  ADD ("metric-gate", test_metric_gate);
  ADD ("gate-settings", test_gate_settings);
  ADD ("signature-gate", test_signature_gate);
  ADD ("approval", test_approval);
  ADD ("rollback", test_rollback);
  ADD ("stages", test_stages);
  ADD ("card", test_card);
  ADD ("export", test_export);
  ADD ("bad-input", test_bad_input);
  ADD ("threads-and-signal", test_threads_and_signal);

#undef ADD

  return g_test_run ();
}
