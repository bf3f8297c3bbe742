/* test-dataset.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lumina-engine.h"

typedef struct
{
  char               *path;
  LuminaWorkspace    *ws;
  LuminaDatasetStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-datasets-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->store = lumina_dataset_store_new (f->ws);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->path);

  g_clear_object (&f->store);
  g_clear_object (&f->ws);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
}

static GFile *
fixture_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static GFile *
write_temp (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->path, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static LuminaDatasetVersion *
import_ok (Fixture    *f,
           const char *name,
           GFile      *file,
           const char *target)
{
  LuminaImportOptions options = { { 0, -1 }, target };
  g_autoptr(GError) error = NULL;
  LuminaDatasetVersion *version;

  version = lumina_dataset_store_import (f->store, name, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (version);
  return version;
}

static gint64
n_events (Fixture *f)
{
  return lumina_event_log_get_last_id (lumina_workspace_get_events (f->ws));
}

/* An import that must fail for want of memory (the floor is set above any
 * machine's memory) with @message and the way out in its error. */
static void
import_short_of_memory (Fixture    *f,
                        GFile      *file,
                        const char *message,
                        GError    **error)
{
  LuminaDatasetVersion *v;

  g_setenv ("LUMINA_MEMORY_FLOOR", "1000000000000000000", TRUE);
  v = lumina_dataset_store_import (f->store, "x", file, NULL, NULL, NULL, error);
  g_unsetenv ("LUMINA_MEMORY_FLOOR");
  g_assert_null (v);
  g_assert_error (*error, LUMINA_ERROR, LUMINA_ERROR_FAILED);
  g_assert_nonnull (strstr ((*error)->message, message));
  g_assert_nonnull (strstr ((*error)->message, "lumina data profile"));
  g_clear_error (error);
}

static void
test_import_and_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("iris.csv");
  g_autoptr(LuminaDatasetVersion) v = import_ok (f, "iris", file, "species");
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *profile;
  int target;

  g_assert_cmpstr (lumina_dataset_version_get_name (v), ==, "iris");
  g_assert_cmpint (lumina_dataset_version_get_number (v), ==, 1);
  g_assert_cmpint (lumina_dataset_version_get_n_rows (v), ==, 150);
  g_assert_cmpuint (lumina_dataset_version_get_n_columns (v), ==, 5);
  g_assert_cmpstr (lumina_dataset_version_get_target (v), ==, "species");
  g_assert_cmpstr (lumina_dataset_version_get_kind (v), ==, "import");
  g_assert_true (g_str_has_suffix (lumina_dataset_version_get_source (v), "iris.csv"));
  g_assert_false (lumina_dataset_version_get_reused (v));
  /* One segment, and for an import its object is the content. */
  g_assert_cmpstr (lumina_dataset_version_get_segments (v)[0], ==, lumina_dataset_version_get_content_hash (v));
  g_assert_null (lumina_dataset_version_get_segments (v)[1]);
  g_assert_true (lumina_object_store_verify (lumina_workspace_get_objects (f->ws),
                                             lumina_dataset_version_get_content_hash (v), &error));

  profile = json_node_get_object (lumina_dataset_version_get_profile (v));
  g_assert_cmpint (json_object_get_int_member (profile, "rows"), ==, 150);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profile, "columns")), ==, 5);

  frame = lumina_dataset_store_load (f->store, v, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 150);
  target = lumina_frame_find_column (frame, "species");
  g_assert_cmpint (lumina_frame_get_column (frame, target)->role, ==, LUMINA_COLUMN_ROLE_TARGET);
  g_assert_cmpstr (lumina_column_get_string (lumina_frame_get_column (frame, target), 149), ==, "virginica");
  g_assert_cmpfloat (lumina_frame_get_column (frame, 0)->f64[0], ==, 5.1);

  events = lumina_event_log_list (lumina_workspace_get_events (f->ws), 0, 1, &error);
  g_assert_cmpstr (lumina_event_get_kind (g_ptr_array_index (events, 0)), ==, "dataset.version-created");
  g_assert_cmpstr (lumina_event_get_object (g_ptr_array_index (events, 0)), ==, "iris");
}

static void
test_versions_and_refs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) a = write_temp (f, "a.csv", "x,y\n1,a\n2,b\n");
  g_autoptr(GFile) b = write_temp (f, "b.csv", "x,y\n1,a\n2,b\n3,c\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "toy", a, NULL);
  g_autoptr(LuminaDatasetVersion) again = NULL;
  g_autoptr(LuminaDatasetVersion) v2 = NULL;
  g_autoptr(LuminaDatasetVersion) r = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 events_before;

  /* Same content again: no new version, no event. */
  events_before = n_events (f);
  again = import_ok (f, "toy", a, NULL);
  g_assert_true (lumina_dataset_version_get_reused (again));
  g_assert_cmpint (lumina_dataset_version_get_number (again), ==, 1);
  g_assert_cmpint (n_events (f), ==, events_before);

  v2 = import_ok (f, "toy", b, NULL);
  g_assert_cmpint (lumina_dataset_version_get_number (v2), ==, 2);
  g_assert_cmpstr (lumina_dataset_version_get_content_hash (v2), !=, lumina_dataset_version_get_content_hash (v1));

  r = lumina_dataset_store_resolve (f->store, "toy@1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_dataset_version_get_n_rows (r), ==, 2);
  g_clear_object (&r);
  r = lumina_dataset_store_resolve (f->store, "toy@latest", &error);
  g_assert_cmpint (lumina_dataset_version_get_number (r), ==, 2);
  g_clear_object (&r);
  r = lumina_dataset_store_resolve (f->store, "toy", &error);
  g_assert_cmpint (lumina_dataset_version_get_number (r), ==, 2);
  g_clear_object (&r);

  r = lumina_dataset_store_resolve (f->store, "toy@9", &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = lumina_dataset_store_resolve (f->store, "nothing", &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  r = lumina_dataset_store_resolve (f->store, "toy@x", &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  versions = lumina_dataset_store_list_versions (f->store, "toy", &error);
  g_assert_cmpuint (versions->len, ==, 2);
  list = lumina_dataset_store_list (f->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (lumina_dataset_version_get_number (g_ptr_array_index (list, 0)), ==, 2);
}

/* Versions are immutable in the database too. */
static void
test_versions_immutable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) a = write_temp (f, "a.csv", "x\n1\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "toy", a, NULL);
  g_autofree char *db = g_build_filename (f->path, "lumina.db", NULL);
  g_autofree char *cmd = g_strdup_printf ("sqlite3 '%s' \"UPDATE dataset_versions SET n_rows = 5\" 2>/dev/null", db);

  g_assert_cmpint (system (cmd), !=, 0);
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  const char *files[] = { "penguins.csv", "wa_churn.csv", "seattle_weather.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = fixture_file (files[i]);
      g_autoptr(LuminaDatasetVersion) v = import_ok (f, "original", file, NULL);
      g_autofree char *out_path = g_build_filename (f->path, "exported.csv", NULL);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaDatasetVersion) back = NULL;
      g_autofree char *name = g_strdup_printf ("copy%u", i);

      g_assert_true (lumina_dataset_store_export (f->store, v, out, NULL, &error));
      g_assert_no_error (error);
      back = import_ok (f, name, out, NULL);
      g_assert_cmpstr (lumina_dataset_version_get_content_hash (back), ==,
                       lumina_dataset_version_get_content_hash (v));
    }
}

static void
test_append (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) head = write_temp (f, "head.csv", "id,kind,score\n1,a,0.5\n2,b,\n");
  g_autoptr(GFile) tail = write_temp (f, "tail.csv", "score,id,kind\n1.5,3,c\n2.5,4,a\n");
  g_autoptr(GFile) whole = write_temp (f, "whole.csv", "id,kind,score\n1,a,0.5\n2,b,\n3,c,1.5\n4,a,2.5\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "log", head, NULL);
  g_autoptr(LuminaDatasetVersion) v2 = NULL;
  g_autoptr(LuminaDatasetVersion) same = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *segments;

  v2 = lumina_dataset_store_append (f->store, "log", tail, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_dataset_version_get_number (v2), ==, 2);
  g_assert_cmpstr (lumina_dataset_version_get_kind (v2), ==, "append");
  g_assert_cmpint (lumina_dataset_version_get_parent (v2), ==, 1);
  g_assert_cmpint (lumina_dataset_version_get_n_rows (v2), ==, 4);

  /* The old rows are shared, not copied. */
  segments = lumina_dataset_version_get_segments (v2);
  g_assert_cmpstr (segments[0], ==, lumina_dataset_version_get_segments (v1)[0]);
  g_assert_nonnull (segments[1]);
  g_assert_null (segments[2]);

  frame = lumina_dataset_store_load (f->store, v2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 4);
  g_assert_cmpint (lumina_frame_get_column (frame, 0)->i64[3], ==, 4);
  g_assert_cmpstr (lumina_column_get_string (lumina_frame_get_column (frame, 1), 2), ==, "c");
  g_assert_cmpstr (lumina_column_get_string (lumina_frame_get_column (frame, 1), 3), ==, "a");
  g_assert_false (lumina_column_is_valid (lumina_frame_get_column (frame, 2), 1));

  /* The same rows imported in one go have the same content hash. */
  same = import_ok (f, "log-whole", whole, NULL);
  g_assert_cmpstr (lumina_dataset_version_get_content_hash (same), ==, lumina_dataset_version_get_content_hash (v2));
}

static void
test_append_mismatch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) head = write_temp (f, "head.csv", "id,score\n1,0.5\n");
  g_autoptr(GFile) extra = write_temp (f, "extra.csv", "id,score,more\n2,1.5,x\n");
  g_autoptr(GFile) bad = write_temp (f, "bad.csv", "id,score\n2,high\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "log", head, NULL);
  g_autoptr(GError) error = NULL;
  LuminaDatasetVersion *v;
  gint64 events_before = n_events (f);

  v = lumina_dataset_store_append (f->store, "log", extra, NULL, NULL, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  v = lumina_dataset_store_append (f->store, "log", bad, NULL, NULL, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 2, column 2"));
  g_clear_error (&error);

  {
    g_autoptr(GFile) fewer = write_temp (f, "fewer.csv", "id\n5\n");

    v = lumina_dataset_store_append (f->store, "log", fewer, NULL, NULL, NULL, &error);
    g_assert_null (v);
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "have 1 columns where the dataset has 2"));
    g_clear_error (&error);
  }

  v = lumina_dataset_store_append (f->store, "missing", head, NULL, NULL, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);

  g_assert_cmpint (n_events (f), ==, events_before);
}

static void
test_contract (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) good = write_temp (f, "good.csv", "id,age,plan\n1,30,basic\n2,41,pro\n3,25,basic\n");
  g_autoptr(GFile) bad = write_temp (f, "bad.csv", "id,age,plan\n1,30,basic\n1,-4,gold\n3,,basic\n4,200,pro\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "customers", good, NULL);
  g_autoptr(JsonNode) contract = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  LuminaDatasetVersion *v;
  JsonArray *violations;
  gint64 events_before;

  contract = json_from_string ("{\"columns\": {"
                               "  \"id\": {\"type\": \"integer\", \"unique\": true, \"nullable\": false},"
                               "  \"age\": {\"type\": \"integer\", \"min\": 0, \"max\": 120, \"nullable\": false},"
                               "  \"plan\": {\"categories\": [\"basic\", \"pro\"]}}}", &error);
  g_assert_no_error (error);
  g_assert_true (lumina_dataset_store_set_contract (f->store, "customers", contract, &error));
  g_assert_no_error (error);

  events_before = n_events (f);
  v = lumina_dataset_store_import (f->store, "customers", bad, NULL, &report, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (report);

  violations = json_object_get_array_member (json_node_get_object (report), "violations");
  /* unique id, age below 0, age above 120, age missing, plan not in the list */
  g_assert_cmpuint (json_array_get_length (violations), ==, 5);
  for (guint i = 0; i < json_array_get_length (violations); i++)
    {
      JsonObject *violation = json_array_get_object_element (violations, i);
      JsonArray *examples = json_object_get_array_member (violation, "examples");

      g_assert_cmpint (json_object_get_int_member (violation, "count"), ==, 1);
      g_assert_cmpuint (json_array_get_length (examples), ==, 1);
      if (g_str_equal (json_object_get_string_member (violation, "rule"), "max"))
        {
          g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (examples, 0), "row"), ==, 4);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (examples, 0), "value"), ==, "200");
        }
    }

  /* Rejected whole: no version, no event. */
  versions = lumina_dataset_store_list_versions (f->store, "customers", &error);
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpint (n_events (f), ==, events_before);
}

static void
test_contract_definitions (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GFile) good = write_temp (f, "good.csv", "id,age\n1,30\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "c", good, NULL);
  const char *bad[] = { "[]", "{}", "{\"columns\": {\"age\": {\"max\": \"ten\"}}}",
                        "{\"columns\": {\"age\": {\"typo\": 1}}}", "{\"columns\": {\"age\": {\"type\": \"number\"}}}" };
  g_autoptr(JsonNode) derived = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) contract = json_from_string (bad[i], NULL);

      g_assert_false (lumina_dataset_store_set_contract (f->store, "c", contract, &error));
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  derived = lumina_dataset_store_contract_from_version (v1);
  g_assert_true (lumina_dataset_store_set_contract (f->store, "c", derived, &error));
  stored = lumina_dataset_store_get_contract (f->store, "c", &error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (json_node_get_object (stored), "columns"), "age"), "type"), ==, "integer");
  g_assert_false (lumina_dataset_store_set_contract (f->store, "nope", derived, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
}

static void
test_diff (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GFile) a = write_temp (f, "a.csv", "id,x,gone\n1,1,a\n2,2,b\n");
  g_autoptr(GFile) b = write_temp (f, "b.csv", "id,x,new\n1,1.5,a\n2,2,b\n3,,c\n");
  g_autoptr(LuminaDatasetVersion) v1 = import_ok (f, "d", a, NULL);
  g_autoptr(LuminaDatasetVersion) v2 = import_ok (f, "d", b, NULL);
  g_autoptr(JsonNode) diff = lumina_dataset_diff (v1, v2);
  JsonObject *root = json_node_get_object (diff);
  JsonObject *changed;

  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "d@1");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "d@2");
  g_assert_false (json_object_get_boolean_member (root, "same_content"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "rows"), "to"), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "added"), 0), ==, "new");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "removed"), 0), ==, "gone");
  changed = json_array_get_object_element (json_object_get_array_member (root, "changed"), 0);
  g_assert_cmpstr (json_object_get_string_member (changed, "column"), ==, "x");
  g_assert_cmpstr (json_object_get_string_member (changed, "from_type"), ==, "integer");
  g_assert_cmpstr (json_object_get_string_member (changed, "to_type"), ==, "float");
}

static void
test_bad_input_leaves_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GFile) broken = write_temp (f, "broken.csv", "a,b\n1,\"open\n");
  g_autoptr(GFile) empty = write_temp (f, "empty.csv", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(LuminaWorkspaceInfo) info = NULL;
  LuminaDatasetVersion *v;
  gint64 events_before = n_events (f);

  v = lumina_dataset_store_import (f->store, "x", broken, NULL, NULL, NULL, &error);
  g_assert_null (v);
  g_assert_nonnull (strstr (error->message, "broken.csv: line 2, column 2"));
  g_clear_error (&error);
  v = lumina_dataset_store_import (f->store, "x", empty, NULL, NULL, NULL, &error);
  g_assert_null (v);
  g_clear_error (&error);
  v = lumina_dataset_store_import (f->store, "bad name!", empty, NULL, NULL, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    LuminaImportOptions options = { { 0, -1 }, "no_such_column" };
    g_autoptr(GFile) ok = write_temp (f, "ok.csv", "a\n1\n");

    v = lumina_dataset_store_import (f->store, "x", ok, &options, NULL, NULL, &error);
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* Memory running short part-way (a floor above any machine's memory):
   * a message that says so and what to use instead, and nothing kept. */
  {
    g_autoptr(GString) text = g_string_new ("n,x\n");
    g_autoptr(GFile) big = NULL;

    for (guint r = 0; r < 40000; r++)
      g_string_append_printf (text, "%u,%u.5\n", r, r % 17);
    big = write_temp (f, "big.csv", text->str);
    import_short_of_memory (f, big, "Not enough memory", &error);

    /* The same for a gzip file, whose text is decompressed first. */
    {
      g_autofree char *gz_path = g_build_filename (f->path, "big.csv.gz", NULL);
      g_autoptr(GFile) gz = g_file_new_for_path (gz_path);
      g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1));
      g_autoptr(GOutputStream) raw = G_OUTPUT_STREAM (g_file_replace (gz, NULL, FALSE, 0, NULL, &error));
      g_autoptr(GOutputStream) out = g_converter_output_stream_new (raw, gzip);

      g_assert_no_error (error);
      /* 17 MB of text: past the first check, at 16 MB. */
      for (guint i = 0; i * text->len < 17 * 1024 * 1024; i++)
        g_assert_true (g_output_stream_write_all (out, text->str + (i ? 4 : 0), text->len - (i ? 4 : 0),
                                                  NULL, NULL, &error));
      g_assert_true (g_output_stream_close (out, NULL, &error));
      g_assert_no_error (error);

      import_short_of_memory (f, gz, "Not enough memory to decompress", &error);
    }

    /* With the memory there, the same file imports. */
    v = lumina_dataset_store_import (f->store, "y", big, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lumina_dataset_version_get_n_rows (v), ==, 40000);
    g_clear_object (&v);
  }

  list = lumina_dataset_store_list (f->store, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (n_events (f), ==, events_before + 1);
  info = lumina_workspace_query_info (f->ws, NULL);
  g_assert_cmpint (info->n_objects, ==, 1);
}

static void
stash_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("diamonds.csv");
  g_autoptr(LuminaJob) job = lumina_job_new ("Import diamonds");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaDatasetVersion) v = NULL;

  lumina_dataset_store_import_async (f->store, "diamonds", file, NULL, job, stash_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  v = lumina_dataset_store_import_finish (f->store, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_dataset_version_get_n_rows (v), ==, 53940);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_SUCCEEDED);
  g_assert_cmpfloat (lumina_job_get_fraction (job), ==, 1.0);
}

static void
test_import_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("diamonds.csv");
  g_autoptr(LuminaJob) job = lumina_job_new ("Import diamonds");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  LuminaDatasetVersion *v;

  lumina_job_cancel (job);
  lumina_dataset_store_import_async (f->store, "diamonds", file, NULL, job, stash_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  v = lumina_dataset_store_import_finish (f->store, result, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_CANCELLED);
  list = lumina_dataset_store_list (f->store, NULL);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_reference_datasets (Fixture       *f,
                         gconstpointer  data)
{
  const char *files[][2] = {
    { "breast_cancer.csv", "diagnosis" }, { "wa_churn.csv", "churn" }, { "iris.csv", "species" },
    { "penguins.csv", "species" }, { "seattle_weather.csv", "weather" }, { "diabetes.csv", "progression" },
    { "concrete.csv", "compressive_strength" }, { "diamonds.csv", "price" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = fixture_file (files[i][0]);
      g_autofree char *name = g_strndup (files[i][0], strlen (files[i][0]) - 4);
      g_autoptr(LuminaDatasetVersion) v = import_ok (f, name, file, files[i][1]);
      JsonArray *columns = json_object_get_array_member (json_node_get_object (lumina_dataset_version_get_profile (v)),
                                                         "columns");

      g_assert_cmpuint (json_array_get_length (columns), ==, lumina_dataset_version_get_n_columns (v));
      g_assert_cmpstr (lumina_dataset_version_get_target (v), ==, files[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/engine/dataset/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("import-and-load", test_import_and_load);
  ADD ("versions-and-refs", test_versions_and_refs);
  ADD ("versions-immutable", test_versions_immutable);
  ADD ("export-round-trip", test_export_round_trip);
  ADD ("append", test_append);
  ADD ("append-mismatch", test_append_mismatch);
  ADD ("contract", test_contract);
  ADD ("contract-definitions", test_contract_definitions);
  ADD ("diff", test_diff);
  ADD ("bad-input-leaves-nothing", test_bad_input_leaves_nothing);
  ADD ("import-async", test_import_async);
  ADD ("import-cancelled", test_import_cancelled);
  ADD ("reference-datasets", test_reference_datasets);
#undef ADD

  return g_test_run ();
}
