/* test-feedback.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delayed labels end to end: registered models deployed with every
 * request captured, requests over real HTTP on 127.0.0.1 whose
 * X-Request-Id comes back, label files joined to them, and the figures
 * that reach the metric store: exact accuracy, RMSE and MAE, no double
 * counting, relabelling, and bad files that leave nothing behind.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "lumina-engine.h"
#include "test-serve-util.h"

typedef struct
{
  char                    *path;
  LuminaWorkspace         *ws;
  LuminaRegistry          *registry;
  LuminaDeploymentManager *manager;
  LuminaMetricStore       *store;
  SoupSession             *session;
} Fixture;

typedef struct
{
  guint     status;
  char     *body;
  char     *request_id;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_free (reply->request_id);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Registers a linear model of @target as @name version 1 and deploys it
 * as @deployment, capturing every request.  Returns its URL. */
static char *
deploy (Fixture    *f,
        const char *deployment,
        const char *name,
        const char *target)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (f->ws);
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bundles = g_build_filename (f->path, "bundles", NULL);
  g_autofree char *bundle = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *ref = g_strdup_printf ("%s@1", name);

  run_id = lumina_tracker_start_run (tracker, "feedback", NULL, "linear", "linear", NULL, "iris@1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, run_id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_cmpint (g_mkdir_with_parents (bundles, 0755), ==, 0);
  bundle = serve_test_train (bundles, run_id, "iris.csv", target, "linear");
  g_assert_cmpuint (lumina_registry_register (f->registry, run_id, name, NULL, "test", &error), ==, 1);

  json_object_set_int_member (settings, "port", 0);
  json_object_set_double_member (settings, "capture_rate", 1.0);
  json_object_set_double_member (settings, "batch_window_ms", 0);
  g_assert_true (lumina_deployment_manager_create (f->manager, deployment, ref, settings, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_deployment_manager_start (f->manager, deployment, &error));
  g_assert_no_error (error);
  return lumina_model_server_dup_url (lumina_deployment_manager_get_server (f->manager, deployment));
}

/* POSTs JSON to @url + @path, with @client_id as X-Request-Id when given. */
static Reply *
post (Fixture    *f,
      const char *url,
      const char *path,
      const char *body,
      const char *client_id)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", full);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(HttpReply) http = NULL;
  Reply *reply = g_new0 (Reply, 1);

  if (client_id != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Request-Id", client_id);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  http = http_send (f->session, msg);
  http_wait (http);
  g_assert_no_error (http->error);
  reply->status = http->status;
  reply->body = g_steal_pointer (&http->body);
  reply->request_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                              "X-Request-Id"));
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (reply->request_id);
  return reply;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
flush_capture (Fixture    *f,
               const char *deployment)
{
  lumina_model_server_flush_capture (lumina_deployment_manager_get_server (f->manager, deployment));
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->path, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  return g_file_new_for_path (path);
}

static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *db_path = g_build_filename (f->path, "lumina.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* The samples of @name{deployment,model="…",version="1"} in the store. */
static GArray *
stored (Fixture    *f,
        const char *name,
        const char *deployment,
        const char *model)
{
  const char *labels[] = { "deployment", deployment, "model", model, "version", "1", NULL };
  g_autoptr(GError) error = NULL;
  guint id = lumina_metric_store_series (f->store, name, labels, &error);
  GArray *samples;

  g_assert_no_error (error);
  samples = lumina_metric_store_query_at (f->store, id, LUMINA_METRIC_RESOLUTION_RAW, 0,
                                          g_get_real_time () / 1000 + 60000, 1, LUMINA_METRIC_AGG_LAST, &error);
  g_assert_no_error (error);
  return samples;
}

static guint
n_model_series (Fixture *f)
{
  g_autoptr(GPtrArray) all = lumina_metric_store_list_series (f->store);
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    if (g_str_has_prefix (((LuminaMetricSeriesInfo *) g_ptr_array_index (all, i))->name, "lumina_model_"))
      n++;
  return n;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = g_dir_make_tmp ("lumina-feedback-XXXXXX", &error);
  g_assert_no_error (error);
  f->ws = lumina_workspace_open (f->path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->registry = lumina_registry_new (f->ws);
  f->manager = lumina_deployment_manager_new (f->ws, f->registry);
  f->store = lumina_metric_store_new (f->ws, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
shutdown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_assert_true (lumina_deployment_manager_shutdown_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gboolean done = FALSE;

  lumina_deployment_manager_shutdown_async (f->manager, 2000, shutdown_cb, &done);
  serve_test_iterate_until (flag_set, &done, 30000);
  g_clear_object (&f->manager);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
  g_clear_object (&f->ws);
  serve_test_remove_tree (f->path);
  g_free (f->path);
}

static const double iris_rows[][4] = {
  { 5.1, 3.5, 1.4, 0.2 }, { 6.7, 3.0, 5.2, 2.3 }, { 5.9, 3.0, 4.2, 1.5 },
  { 4.9, 3.0, 1.4, 0.2 }, { 6.3, 3.3, 6.0, 2.5 }, { 5.7, 2.8, 4.1, 1.3 },
};

/* Any iris class other than @label. */
static const char *
wrong_class (const char *label)
{
  return g_str_equal (label, "setosa") ? "virginica" : "setosa";
}

/* OIP with "id": the header echoes it; the predicted class. */
static char *
infer_oip (Fixture    *f,
           const char *url,
           const char *id,
           guint       row)
{
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],"
                                           "\"datatype\":\"FP64\",\"data\":[%g,%g,%g,%g]}]}", id,
                                           iris_rows[row][0], iris_rows[row][1], iris_rows[row][2],
                                           iris_rows[row][3]);
  g_autoptr(Reply) reply = post (f, url, "/v2/models/api/infer", body, NULL);
  g_autoptr(JsonNode) root = parse (reply->body);
  JsonObject *output = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "outputs"), 0);

  g_assert_cmpstr (reply->request_id, ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, id);
  return g_strdup (json_array_get_string_element (json_object_get_array_member (output, "data"), 0));
}

/* MLflow with two rows and no id: a fresh UUID comes back. */
static char **
infer_mlflow (Fixture     *f,
              const char  *url,
              const char  *client_id,
              char       **request_id)
{
  g_autofree char *body = g_strdup_printf ("{\"dataframe_split\":{\"columns\":[\"sepal_length_cm\","
                                           "\"sepal_width_cm\",\"petal_length_cm\",\"petal_width_cm\"],"
                                           "\"data\":[[%g,%g,%g,%g],[%g,%g,%g,%g]]}}",
                                           iris_rows[4][0], iris_rows[4][1], iris_rows[4][2], iris_rows[4][3],
                                           iris_rows[5][0], iris_rows[5][1], iris_rows[5][2], iris_rows[5][3]);
  g_autoptr(Reply) reply = post (f, url, "/invocations", body, client_id);
  g_autoptr(JsonNode) root = parse (reply->body);
  JsonArray *predictions = json_object_get_array_member (json_node_get_object (root), "predictions");
  char **classes = g_new0 (char *, 3);

  for (guint i = 0; i < 2; i++)
    classes[i] = g_strdup (json_object_get_string_member (json_array_get_object_element (predictions, i),
                                                          "prediction"));
  *request_id = g_strdup (reply->request_id);
  return classes;
}

static void
assert_report (const LuminaFeedbackReport *report,
               guint                       matched,
               guint                       recorded,
               guint                       relabelled,
               guint                       unchanged)
{
  g_assert_cmpuint (report->matched, ==, matched);
  g_assert_cmpuint (report->recorded, ==, recorded);
  g_assert_cmpuint (report->relabelled, ==, relabelled);
  g_assert_cmpuint (report->unchanged, ==, unchanged);
}

static void
assert_accuracy (Fixture                    *f,
                 const LuminaFeedbackReport *report,
                 double                      accuracy,
                 guint64                     n_labels,
                 guint                       n_points)
{
  const LuminaFeedbackVersion *version;
  g_autoptr(GArray) ratio = stored (f, "lumina_model_accuracy_ratio", "api", "iris");
  g_autoptr(GArray) labels = stored (f, "lumina_model_feedback_labels_total", "api", "iris");
  LuminaMetricSample last;

  g_assert_cmpuint (report->versions->len, ==, 1);
  version = g_ptr_array_index (report->versions, 0);
  g_assert_cmpstr (version->model, ==, "iris");
  g_assert_cmpuint (version->version, ==, 1);
  g_assert_false (version->regression);
  g_assert_cmpfloat_with_epsilon (version->accuracy, accuracy, 1e-12);
  g_assert_cmpuint (version->n_labels, ==, n_labels);

  g_assert_cmpuint (ratio->len, ==, n_points);
  last = g_array_index (ratio, LuminaMetricSample, ratio->len - 1);
  g_assert_cmpint (last.time_ms, ==, report->time_ms);
  g_assert_cmpfloat_with_epsilon (last.value, accuracy, 1e-12);
  g_assert_cmpfloat (g_array_index (labels, LuminaMetricSample, labels->len - 1).value, ==, (double) n_labels);
}

static void
test_classification (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *url = deploy (f, "api", "iris", "species");
  g_autofree char *uuid = NULL;
  g_auto(GStrv) pair = NULL;
  g_autoptr(GString) csv = g_string_new ("request_id,row,label\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) fix = NULL;
  g_autoptr(LuminaFeedbackReport) first = NULL;
  g_autoptr(LuminaFeedbackReport) again = NULL;
  g_autoptr(LuminaFeedbackReport) fixed = NULL;
  g_autoptr(GError) error = NULL;
  char *predicted[4];

  /* Four OIP requests with ids: two labelled right, two wrong. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("req-%u", i);

      predicted[i] = infer_oip (f, url, id, i);
      g_string_append_printf (csv, "%s,,%s\n", id, i < 2 ? predicted[i] : wrong_class (predicted[i]));
    }
  /* Two rows under one generated id: one right, one wrong. */
  pair = infer_mlflow (f, url, NULL, &uuid);
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_string_append_printf (csv, "%s,0,%s\n%s,1,%s\n", uuid, pair[0], uuid, wrong_class (pair[1]));
  /* The client's own X-Request-Id, labelled right; and an id never served. */
  g_strfreev (g_steal_pointer (&pair));
  g_free (g_steal_pointer (&uuid));
  pair = infer_mlflow (f, url, "client-7", &uuid);
  g_assert_cmpstr (uuid, ==, "client-7");
  g_string_append_printf (csv, "client-7,0,%s\nnever-served,,setosa\n", pair[0]);
  flush_capture (f, "api");

  /* 7 matched, 4 right. */
  file = write_file (f, "labels.csv", csv->str);
  g_assert_true (lumina_feedback_apply (f->ws, f->store, "api", file, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first->rows_read, ==, 8);
  g_assert_cmpuint (first->unmatched, ==, 1);
  g_assert_cmpstr (first->unmatched_ids[0], ==, "never-served");
  g_assert_null (first->unmatched_ids[1]);
  assert_report (first, 7, 7, 0, 0);
  assert_accuracy (f, first, 4.0 / 7.0, 7, 1);

  /* The same file again: nothing counted twice. */
  g_usleep (2000);
  g_assert_true (lumina_feedback_apply (f->ws, f->store, "api", file, &again, &error));
  g_assert_no_error (error);
  assert_report (again, 7, 0, 0, 7);
  assert_accuracy (f, again, 4.0 / 7.0, 7, 2);
  g_assert_cmpint (count_rows (f, "feedback_labels"), ==, 7);

  /* A corrected label replaces the wrong one. */
  g_usleep (2000);
  {
    g_autofree char *text = g_strdup_printf ("id,label\nreq-2,%s\n", predicted[2]);

    fix = write_file (f, "fix.csv", text);
  }
  g_assert_true (lumina_feedback_apply (f->ws, f->store, "api", fix, &fixed, &error));
  g_assert_no_error (error);
  assert_report (fixed, 1, 0, 1, 0);
  assert_accuracy (f, fixed, 5.0 / 7.0, 7, 3);
  g_assert_cmpint (count_rows (f, "feedback_labels"), ==, 7);

  for (guint i = 0; i < 4; i++)
    g_free (predicted[i]);
}

/* Regression on petal width; the label column is the model's target. */
static void
test_regression (Fixture       *f,
                 gconstpointer  data)
{
  static const double offsets[] = { 0.5, -0.5, 1.0, 0.0 };
  static const char * const species[] = { "setosa", "virginica", "versicolor", "setosa" };
  g_autofree char *url = deploy (f, "petals", "petals", "petal_width_cm");
  g_autoptr(GString) csv = g_string_new ("request_id,petal_width_cm\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(LuminaFeedbackReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rmse = NULL;
  g_autoptr(GArray) mae = NULL;
  const LuminaFeedbackVersion *version;

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      g_autofree char *body = g_strdup_printf ("{\"dataframe_records\":[{\"sepal_length_cm\":%g,"
                                               "\"sepal_width_cm\":%g,\"petal_length_cm\":%g,"
                                               "\"species\":\"%s\"}]}", iris_rows[i][0], iris_rows[i][1],
                                               iris_rows[i][2], species[i]);
      g_autoptr(Reply) reply = post (f, url, "/invocations", body, id);
      g_autoptr(JsonNode) root = parse (reply->body);
      double prediction = json_array_get_double_element (
        json_object_get_array_member (json_node_get_object (root), "predictions"), 0);

      g_assert_cmpstr (reply->request_id, ==, id);
      g_string_append_printf (csv, "%s,%.17g\n", id, prediction + offsets[i]);
    }
  flush_capture (f, "petals");

  file = write_file (f, "truth.csv", csv->str);
  g_assert_true (lumina_feedback_apply (f->ws, f->store, "petals", file, &report, &error));
  g_assert_no_error (error);
  assert_report (report, 4, 4, 0, 0);
  g_assert_cmpuint (report->versions->len, ==, 1);
  version = g_ptr_array_index (report->versions, 0);
  g_assert_true (version->regression);
  g_assert_true (isnan (version->accuracy));
  g_assert_cmpfloat_with_epsilon (version->rmse, sqrt (0.375), 1e-9);
  g_assert_cmpfloat_with_epsilon (version->mae, 0.5, 1e-9);

  rmse = stored (f, "lumina_model_rmse", "petals", "petals");
  mae = stored (f, "lumina_model_mae", "petals", "petals");
  g_assert_cmpuint (rmse->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (rmse, LuminaMetricSample, 0).value, sqrt (0.375), 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (mae, LuminaMetricSample, 0).value, 0.5, 1e-9);

  /* A label that is not a number fails the whole file. */
  g_clear_object (&file);
  file = write_file (f, "bad.csv", "request_id,label\np0,1.0\np1,wide\n");
  g_assert_false (lumina_feedback_apply (f->ws, f->store, "petals", file, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_cmpint (count_rows (f, "feedback_labels"), ==, 4);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *contents;
    const char *message;
  } cases[] = {
    { "label\nsetosa\n", "no request id column" },
    { "request_id,colour\nreq-0,blue\n", "no label column" },
    { "", "empty" },
    { "request_id,label\n", "empty" },
    { "request_id,row,label\nreq-0,first,setosa\n", "not a row number" },
  };
  g_autofree char *url = deploy (f, "api", "iris", "species");
  g_autofree char *label = infer_oip (f, url, "req-0", 0);
  g_autofree char *text = g_strdup_printf ("id,label\nreq-0,%s\n", label);
  g_autoptr(GFile) good = write_file (f, "good.csv", text);
  g_autoptr(GError) error = NULL;

  flush_capture (f, "api");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.csv", i);
      g_autoptr(GFile) file = write_file (f, name, cases[i].contents);
      LuminaFeedbackReport *report = NULL;

      g_assert_false (lumina_feedback_apply (f->ws, f->store, "api", file, &report, &error));
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (report);
      g_clear_error (&error);
    }
  /* The model's target is named in the message about a missing label. */
  {
    g_autoptr(GFile) file = write_file (f, "nolabel.csv", "request_id,colour\nreq-0,blue\n");

    g_assert_false (lumina_feedback_apply (f->ws, f->store, "api", file, NULL, &error));
    g_assert_nonnull (strstr (error->message, "“species”"));
    g_clear_error (&error);
  }
  g_assert_false (lumina_feedback_apply (f->ws, f->store, "nosuch", good, NULL, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (f, "feedback_labels"), ==, 0);
  g_assert_cmpuint (n_model_series (f), ==, 0);

  /* And the good file still works afterwards. */
  g_assert_true (lumina_feedback_apply (f->ws, f->store, "api", good, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "feedback_labels"), ==, 1);
  g_assert_cmpuint (n_model_series (f), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/engine/feedback/classification", Fixture, NULL, fixture_setup, test_classification,
              fixture_teardown);
  g_test_add ("/engine/feedback/regression", Fixture, NULL, fixture_setup, test_regression, fixture_teardown);
  g_test_add ("/engine/feedback/bad-files", Fixture, NULL, fixture_setup, test_bad_files, fixture_teardown);

  return g_test_run ();
}
