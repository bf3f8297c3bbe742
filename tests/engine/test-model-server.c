/* test-model-server.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "test-model-server.h"

ServeTestModels models;

/* ---- helpers ---- */

Served *
served_new (const char *first_bundle)
{
  Served *served = g_new0 (Served, 1);
  g_autoptr(GError) error = NULL;

  served->server = lumina_model_server_new (NULL);
  if (first_bundle != NULL)
    {
      g_assert_true (lumina_model_server_add_bundle (served->server, "iris", first_bundle, &error));
      g_assert_no_error (error);
    }
  served->session = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256, NULL);
  return served;
}

void
served_listen (Served *served)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_model_server_listen (served->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_model_server_get_port (served->server), >, 0);
  served->url = lumina_model_server_dup_url (served->server);
}

void
served_free (Served *served)
{
  g_object_unref (served->session);
  g_object_unref (served->server);
  g_free (served->url);
  g_free (served);
}

char *
served_url (Served     *served,
            const char *path)
{
  return g_strconcat (served->url, path, NULL);
}

HttpReply *
served_post (Served     *served,
             const char *path,
             const char *content_type,
             const char *body)
{
  g_autofree char *url = served_url (served, path);

  return http_call (served->session, "POST", url, content_type, body);
}

HttpReply *
served_get (Served     *served,
            const char *path)
{
  g_autofree char *url = served_url (served, path);

  return http_call (served->session, "GET", url, NULL, NULL);
}

static void
append_value (GString            *out,
              const LuminaColumn *column,
              gsize               row)
{
  g_autofree char *text = lumina_column_format_value (column, row);

  if (!lumina_column_is_valid (column, row))
    g_string_append (out, "null");
  else if (lumina_column_type_is_numeric (column->type))
    g_string_append (out, text);
  else
    g_string_append_printf (out, "\"%s\"", text);
}

/* {"dataframe_split": {"columns": [...], "data": [[...], ...]}} */
char *
frame_to_split (LuminaFrame *frame)
{
  GString *out = g_string_new ("{\"dataframe_split\":{\"columns\":[");

  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    g_string_append_printf (out, "%s\"%s\"", c > 0 ? "," : "", lumina_frame_get_column (frame, c)->name);
  g_string_append (out, "],\"data\":[");
  for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r++)
    {
      g_string_append (out, r > 0 ? ",[" : "[");
      for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_value (out, lumina_frame_get_column (frame, c), r);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]}}");
  return g_string_free (out, FALSE);
}

static char *
frame_to_records (LuminaFrame *frame,
                  const char  *key)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"%s\":[", key);
  for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r++)
    {
      g_string_append (out, r > 0 ? ",{" : "{");
      for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
        {
          g_string_append_printf (out, "%s\"%s\":", c > 0 ? "," : "", lumina_frame_get_column (frame, c)->name);
          append_value (out, lumina_frame_get_column (frame, c), r);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static char *
frame_to_rows (LuminaFrame *frame,
               const char  *key)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"%s\":[", key);
  for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r++)
    {
      g_string_append (out, r > 0 ? ",[" : "[");
      for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_value (out, lumina_frame_get_column (frame, c), r);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static char *
frame_to_columnar (LuminaFrame *frame)
{
  GString *out = g_string_new ("{\"inputs\":{");

  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      g_string_append_printf (out, "%s\"%s\":[", c > 0 ? "," : "", lumina_frame_get_column (frame, c)->name);
      for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r++)
        {
          if (r > 0)
            g_string_append_c (out, ',');
          append_value (out, lumina_frame_get_column (frame, c), r);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}

/* OIP inputs: one FP64 tensor per column. */
char *
frame_to_oip (LuminaFrame *frame,
              const char  *id)
{
  GString *out = g_string_new ("{");
  gsize n = lumina_frame_get_n_rows (frame);

  if (id != NULL)
    g_string_append_printf (out, "\"id\":\"%s\",", id);
  g_string_append (out, "\"inputs\":[");
  for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
    {
      g_string_append_printf (out, "%s{\"name\":\"%s\",\"shape\":[%" G_GSIZE_FORMAT "],\"datatype\":\"FP64\",\"data\":[",
                              c > 0 ? "," : "", lumina_frame_get_column (frame, c)->name, n);
      for (gsize r = 0; r < n; r++)
        {
          if (r > 0)
            g_string_append_c (out, ',');
          append_value (out, lumina_frame_get_column (frame, c), r);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static char *
frame_to_oip_matrix (LuminaFrame *frame)
{
  GString *out = g_string_new (NULL);
  gsize n = lumina_frame_get_n_rows (frame);
  guint k = lumina_frame_get_n_columns (frame);

  g_string_append_printf (out, "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[%" G_GSIZE_FORMAT ",%u],"
                          "\"datatype\":\"FP64\",\"data\":[", n, k);
  for (gsize r = 0; r < n; r++)
    for (guint c = 0; c < k; c++)
      {
        if (r + c > 0)
          g_string_append_c (out, ',');
        append_value (out, lumina_frame_get_column (frame, c), r);
      }
  g_string_append (out, "]}]}");
  return g_string_free (out, FALSE);
}

static char *
frame_to_csv (LuminaFrame *frame)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_csv_write_frame (frame, stream, NULL, &error));
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* MLflow predictions equal lumina_model_predict() on the same rows. */
void
assert_mlflow_predictions (LuminaModel *model,
                           LuminaFrame *frame,
                           HttpReply   *reply)
{
  g_autofree double *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  LuminaLabels *labels = lumina_model_get_labels (model);
  guint k = lumina_model_get_n_outputs (model);
  JsonArray *predictions;

  if (reply->status != 200)
    g_test_message ("body: %s", reply->body);
  g_assert_cmpuint (reply->status, ==, 200);
  expected = lumina_model_predict (model, frame, &error);
  g_assert_no_error (error);
  root = http_reply_json (reply);
  predictions = json_object_get_array_member (json_node_get_object (root), "predictions");
  g_assert_cmpuint (json_array_get_length (predictions), ==, lumina_frame_get_n_rows (frame));

  for (guint r = 0; r < json_array_get_length (predictions); r++)
    {
      JsonNode *node = json_array_get_element (predictions, r);
      JsonObject *record;
      guint best = 0;

      if (lumina_model_get_task (model) == LUMINA_TASK_REGRESSION)
        {
          g_assert_cmpfloat_with_epsilon (json_node_get_double (node), expected[r], 1e-9);
          continue;
        }
      record = json_node_get_object (node);
      for (guint c = 0; c < k; c++)
        {
          g_autofree char *name = g_strdup_printf ("proba_%s", lumina_labels_get_class (labels, c));

          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (record, name), expected[r * k + c], 1e-9);
          if (expected[r * k + c] > expected[r * k + best])
            best = c;
        }
      if (JSON_NODE_HOLDS_VALUE (json_object_get_member (record, "prediction")) &&
          json_node_get_value_type (json_object_get_member (record, "prediction")) == G_TYPE_STRING)
        g_assert_cmpstr (json_object_get_string_member (record, "prediction"), ==,
                         lumina_labels_get_class (labels, best));
    }
}

static void
assert_oip_predictions (LuminaModel *model,
                        LuminaFrame *frame,
                        HttpReply   *reply)
{
  g_autofree double *expected = lumina_model_predict (model, frame, NULL);
  g_autoptr(JsonNode) root = http_reply_json (reply);
  JsonArray *outputs = json_object_get_array_member (json_node_get_object (root), "outputs");
  guint k = lumina_model_get_n_outputs (model);
  gsize n = lumina_frame_get_n_rows (frame);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "model_name"), ==, "iris");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 2);
  for (guint o = 0; o < 2; o++)
    {
      JsonObject *output = json_array_get_object_element (outputs, o);
      const char *name = json_object_get_string_member (output, "name");
      JsonArray *data = json_object_get_array_member (output, "data");
      JsonArray *shape = json_object_get_array_member (output, "shape");

      g_assert_cmpint (json_array_get_int_element (shape, 0), ==, n);
      if (g_strcmp0 (name, "probabilities") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (output, "datatype"), ==, "FP64");
          g_assert_cmpint (json_array_get_int_element (shape, 1), ==, k);
          for (guint i = 0; i < n * k; i++)
            g_assert_cmpfloat_with_epsilon (json_array_get_double_element (data, i), expected[i], 1e-9);
        }
      else
        {
          g_assert_cmpstr (name, ==, "prediction");
          g_assert_cmpstr (json_object_get_string_member (output, "datatype"), ==, "BYTES");
          g_assert_cmpuint (json_array_get_length (data), ==, n);
        }
    }
}

/* ---- tests ---- */

static void
test_health_and_metadata (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(HttpReply) live = NULL, ready = NULL, server = NULL, meta = NULL, version = NULL;
  g_autoptr(HttpReply) model_ready = NULL, missing = NULL, method = NULL, no_version = NULL, ping = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  served_listen (served);
  live = served_get (served, "/v2/health/live");
  g_assert_cmpuint (live->status, ==, 200);
  g_assert_cmpstr (live->body, ==, "{\"live\":true}");
  ready = served_get (served, "/v2/health/ready");
  g_assert_cmpuint (ready->status, ==, 200);
  server = served_get (served, "/v2");
  node = http_reply_json (server);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "luminaops");
  g_clear_pointer (&node, json_node_unref);

  meta = served_get (served, "/v2/models/iris");
  g_assert_cmpuint (meta->status, ==, 200);
  node = http_reply_json (meta);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "iris");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "inputs")), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object, "inputs"), 0), "datatype"), ==, "FP64");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "outputs")), ==, 2);
  version = served_get (served, "/v2/models/iris/versions/1");
  g_assert_cmpuint (version->status, ==, 200);
  model_ready = served_get (served, "/v2/models/iris/versions/1/ready");
  g_assert_cmpuint (model_ready->status, ==, 200);
  g_assert_cmpstr (model_ready->body, ==, "{\"name\":\"iris\",\"ready\":true}");

  missing = served_get (served, "/v2/models/nope");
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_nonnull (strstr (missing->body, "\"error\""));
  no_version = served_get (served, "/v2/models/iris/versions/7/infer");
  g_assert_cmpuint (no_version->status, ==, 404);
  method = served_get (served, "/v2/models/iris/infer");
  g_assert_cmpuint (method->status, ==, 405);
  ping = served_get (served, "/ping");
  g_assert_cmpuint (ping->status, ==, 200);
  served_free (served);
}

static void
test_oip_infer (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(LuminaModel) model = lumina_model_load (models.iris, NULL);
  g_autoptr(LuminaFrame) frame = serve_test_inputs (model, "iris.csv", 150);
  g_autofree char *named = frame_to_oip (frame, "req-7");
  g_autofree char *matrix = frame_to_oip_matrix (frame);
  g_autoptr(HttpReply) a = NULL, b = NULL, c = NULL, d = NULL;
  g_autoptr(JsonNode) root = NULL;

  served_listen (served);
  a = served_post (served, "/v2/models/iris/infer", "application/json", named);
  assert_oip_predictions (model, frame, a);
  root = http_reply_json (a);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, "req-7");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "model_version"), ==, "1");

  b = served_post (served, "/v2/models/iris/versions/1/infer", "application/json", matrix);
  assert_oip_predictions (model, frame, b);

  c = served_post (served, "/v2/models/iris/infer", "application/json",
                   "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[[5.1,3.5,1.4,0.2]]}],"
                   "\"outputs\":[{\"name\":\"prediction\"}]}");
  g_assert_cmpuint (c->status, ==, 200);
  g_assert_nonnull (strstr (c->body, "\"data\":[\"setosa\"]"));
  g_assert_null (strstr (c->body, "probabilities"));

  d = served_post (served, "/v2/models/iris/infer", "application/json",
                   "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[1,2,3,4]}],"
                   "\"outputs\":[{\"name\":\"logits\"}]}");
  g_assert_cmpuint (d->status, ==, 400);
  served_free (served);
}

static void
test_mlflow_shapes (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(LuminaModel) model = lumina_model_load (models.iris, NULL);
  g_autoptr(LuminaFrame) frame = serve_test_inputs (model, "iris.csv", 150);
  const char *paths[] = { "/invocations", "/invocations?model=iris", "/v2/models/iris/invocations",
                          "/v2/models/iris/versions/1/invocations" };
  char *bodies[6];

  bodies[0] = frame_to_split (frame);
  bodies[1] = frame_to_records (frame, "dataframe_records");
  bodies[2] = frame_to_records (frame, "instances");
  bodies[3] = frame_to_rows (frame, "instances");
  bodies[4] = frame_to_rows (frame, "inputs");
  bodies[5] = frame_to_columnar (frame);

  served_listen (served);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(HttpReply) reply = served_post (served, paths[i % G_N_ELEMENTS (paths)],
                                                i == 0 ? "application/json; charset=utf-8" : "application/json",
                                                bodies[i]);

      g_test_message ("shape %u", i);
      assert_mlflow_predictions (model, frame, reply);
      g_free (bodies[i]);
    }

  {
    g_autofree char *csv = frame_to_csv (frame);
    g_autoptr(HttpReply) reply = served_post (served, "/invocations", "text/csv", csv);
    g_autoptr(HttpReply) bad_type = served_post (served, "/invocations", "text/plain", csv);
    g_autoptr(HttpReply) bad_charset = served_post (served, "/invocations", "text/csv; charset=latin1", csv);

    assert_mlflow_predictions (model, frame, reply);
    g_assert_cmpuint (bad_type->status, ==, 415);
    g_assert_cmpuint (bad_charset->status, ==, 415);
  }
  served_free (served);
}

static void
test_binary_and_regression (void)
{
  Served *served = served_new (NULL);
  g_autoptr(LuminaModel) cancer = lumina_model_load (models.cancer, NULL);
  g_autoptr(LuminaModel) concrete = lumina_model_load (models.concrete, NULL);
  g_autoptr(LuminaFrame) cancer_rows = serve_test_inputs (cancer, "breast_cancer.csv", 60);
  g_autoptr(LuminaFrame) concrete_rows = serve_test_inputs (concrete, "concrete.csv", 60);
  g_autofree char *cancer_body = frame_to_split (cancer_rows);
  g_autofree char *concrete_body = frame_to_records (concrete_rows, "dataframe_records");
  g_autoptr(HttpReply) a = NULL, b = NULL, meta = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_model_server_add_bundle (served->server, "cancer", models.cancer, &error));
  g_assert_true (lumina_model_server_add_bundle (served->server, "concrete", models.concrete, &error));
  served_listen (served);

  a = served_post (served, "/invocations", "application/json", cancer_body);
  assert_mlflow_predictions (cancer, cancer_rows, a);
  b = served_post (served, "/invocations?model=concrete", "application/json", concrete_body);
  assert_mlflow_predictions (concrete, concrete_rows, b);
  meta = served_get (served, "/v2/models/concrete");
  g_assert_nonnull (strstr (meta->body, "\"task\":\"regression\""));
  served_free (served);
}

typedef struct
{
  const char *body;
  const char *expect;
} BadCase;

static void
test_bad_input (void)
{
  static const BadCase cases[] = {
    { "{\"dataframe_split\":{\"columns\":[\"sepal_length_cm\"", "Malformed JSON" },
    { "[1,2,3]", "JSON object" },
    { "{\"dataframe_split\":{\"columns\":[\"sepal_length_cm\",\"sepal_width_cm\",\"petal_length_cm\"],"
      "\"data\":[[1,2,3]]}}", "has 3 columns" },
    { "{\"instances\":[[1,2,3,4],[1,2,3]]}", "Row 1 has 3 values" },
    { "{\"dataframe_records\":[{\"sepal_length_cm\":\"wide\",\"sepal_width_cm\":1,\"petal_length_cm\":1,"
      "\"petal_width_cm\":1}]}", "column 'sepal_length_cm': expected a number, got a string" },
    { "{\"dataframe_records\":[{\"sepal_length_cm\":\"NaN\",\"sepal_width_cm\":1,\"petal_length_cm\":1,"
      "\"petal_width_cm\":1}]}", "NaN and infinite values are not accepted" },
    { "{\"instances\":[[1,2,\"-Infinity\",4]]}", "column 'petal_length_cm': NaN and infinite" },
    { "{\"instances\":[[1,2,NaN,4]]}", "NaN and Infinity are not JSON numbers" },
    { "{\"dataframe_records\":[{\"sepal_length_cm\":1,\"sepal_width_cm\":1,\"petal_length_cm\":1,"
      "\"petal_width_cm\":1,\"colour\":2}]}", "unknown column 'colour'" },
    { "{\"dataframe_records\":[{\"sepal_length_cm\":1,\"sepal_width_cm\":1,\"petal_length_cm\":1}]}",
      "missing column 'petal_width_cm'" },
    { "{\"inputs\":{\"sepal_length_cm\":[1]}}", "Missing input 'sepal_width_cm'" },
    { "{\"instances\":[[1,2,3,4]],\"inputs\":[[1,2,3,4]]}", "exactly one" },
    { "", "empty" },
  };
  Served *served = served_new (models.iris);

  served_listen (served);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HttpReply) reply = served_post (served, "/invocations", "application/json", cases[i].body);
      g_autoptr(JsonNode) root = http_reply_json (reply);
      const char *message = json_object_get_string_member (json_node_get_object (root), "error");

      g_test_message ("case %u: %s", i, message);
      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_nonnull (strstr (message, cases[i].expect));
    }
  {
    g_autoptr(HttpReply) oip = served_post (served, "/v2/models/iris/infer", "application/json",
                                            "{\"inputs\":[{\"name\":\"sepal_length_cm\",\"shape\":[2],"
                                            "\"datatype\":\"FP64\",\"data\":[1]}]}");
    g_autoptr(HttpReply) fine = served_post (served, "/invocations", "application/json",
                                             "{\"instances\":[[5.1,3.5,null,0.2]]}");

    g_assert_cmpuint (oip->status, ==, 400);
    g_assert_nonnull (strstr (oip->body, "sepal_length_cm"));
    /* null is a missing value, which the tree model handles. */
    g_assert_cmpuint (fine->status, ==, 200);
  }
  served_free (served);
}

static void
test_metrics_promtool (void)
{
  Served *served = served_new (models.iris);
  g_autofree char *promtool = g_find_program_in_path ("promtool");
  g_autofree char *path = g_build_filename (models.dir, "metrics.txt", NULL);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(HttpReply) metrics = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (promtool);
  served_listen (served);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(HttpReply) ok = served_post (served, "/invocations", "application/json",
                                             "{\"instances\":[[5.1,3.5,1.4,0.2]]}");
      g_autoptr(HttpReply) bad = served_post (served, "/invocations", "application/json", "{");

      g_assert_cmpuint (ok->status, ==, 200);
    }
  metrics = served_get (served, "/metrics");
  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_nonnull (strstr (metrics->body,
                            "lumina_serve_requests_total{model=\"iris\",version=\"1\",variant=\"primary\"} 10\n"));
  g_assert_nonnull (strstr (metrics->body,
                            "lumina_serve_request_errors_total{model=\"iris\",version=\"1\",variant=\"primary\"} 5\n"));
  g_assert_nonnull (strstr (metrics->body, "lumina_serve_request_duration_seconds_bucket{model=\"iris\","
                                           "version=\"1\",variant=\"primary\",le=\"+Inf\"} 10\n"));
  g_assert_nonnull (strstr (metrics->body, "lumina_serve_model_info{"));
  g_assert_true (g_file_set_contents (path, metrics->body, -1, &error));

  command = g_strdup_printf ("sh -c '%s check metrics < %s'", promtool, path);
  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, &error));
  g_test_message ("promtool: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  served_free (served);
}

static void
test_stats_api (void)
{
  Served *served = served_new (models.iris);
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  LuminaServeStats *first;

  served_listen (served);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(HttpReply) ok = served_post (served, "/invocations", "application/json",
                                             "{\"instances\":[[5.1,3.5,1.4,0.2]]}");

      g_assert_cmpuint (ok->status, ==, 200);
    }
  stats = lumina_model_server_get_stats (served->server);
  g_assert_cmpuint (stats->len, ==, 1);
  first = g_ptr_array_index (stats, 0);
  g_assert_cmpuint (first->requests, ==, 20);
  g_assert_cmpuint (first->errors, ==, 0);
  g_assert_true (first->current);
  g_assert_cmpfloat (first->rps, >, 0);
  g_assert_cmpfloat (first->p50_ms, >, 0);
  g_assert_cmpfloat (first->p99_ms, >=, first->p50_ms);
  snapshot = lumina_model_server_snapshot (served->server);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (snapshot), "models")), ==, 1);
  served_free (served);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  models.dir = g_dir_make_tmp ("test-model-server-XXXXXX", &error);
  g_assert_no_error (error);
  models.iris = serve_test_train (models.dir, "iris", "iris.csv", "species", "xgboost");
  models.iris_linear = serve_test_train (models.dir, "iris-linear", "iris.csv", "species", "linear");
  models.cancer = serve_test_train (models.dir, "cancer", "breast_cancer.csv", "diagnosis", "xgboost");
  models.concrete = serve_test_train (models.dir, "concrete", "concrete.csv", "compressive_strength", "xgboost");

  g_test_add_func ("/engine/model-server/health-and-metadata", test_health_and_metadata);
  g_test_add_func ("/engine/model-server/oip-infer", test_oip_infer);
  g_test_add_func ("/engine/model-server/mlflow-shapes", test_mlflow_shapes);
  g_test_add_func ("/engine/model-server/binary-and-regression", test_binary_and_regression);
  g_test_add_func ("/engine/model-server/bad-input", test_bad_input);
  g_test_add_func ("/engine/model-server/metrics-promtool", test_metrics_promtool);
  g_test_add_func ("/engine/model-server/stats-api", test_stats_api);
  test_model_server_add_live_tests ();
  test_model_server_add_abuse_tests ();

  status = g_test_run ();
  serve_test_remove_tree (models.dir);
  g_free (models.dir);
  g_free (models.iris);
  g_free (models.iris_linear);
  g_free (models.cancer);
  g_free (models.concrete);
  return status;
}
