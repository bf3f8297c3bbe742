/* lumina-test-serve.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-test-serve"

#include "config.h"

#include "lumina-test-serve.h"
#include "lumina-test-util.h"

/* ---- datasets and models ------------------------------------------------ */

/* Imports @file as a new version of dataset @name through the engine, as the command line does.
 * Returns: (transfer full): the new version */
LuminaDatasetVersion *
lumina_test_import_dataset (LuminaWorkspace *workspace,
                            const char      *name,
                            GFile           *file,
                            const char      *target)
{
  g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (workspace);
  g_autoptr(GError) error = NULL;
  LuminaImportOptions options = { .csv = { .header = -1 }, .target = target };
  LuminaDatasetVersion *version;

  version = lumina_dataset_store_import (store, name, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (version);

  return version;
}

/* Returns: (transfer full): the path of tests/data/iris.csv */
char *
lumina_test_iris_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "iris.csv", NULL);
}

/* Imports iris as dataset iris@1, with species as its target. */
void
lumina_test_import_iris (LuminaWorkspace *workspace)
{
  g_autofree char *path = lumina_test_iris_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_object_unref (lumina_test_import_dataset (workspace, "iris", file, "species"));
}

static LuminaFrame *
load_iris (void)
{
  g_autofree char *path = lumina_test_iris_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return frame;
}

/* Trains a @kind learner ("linear", "xgboost", …) on iris's species and saves the bundle at @path. */
void
lumina_test_train_iris (const char *path,
                        const char *kind)
{
  g_autoptr(LuminaFrame) frame = load_iris ();
  const LuminaColumn *column = lumina_frame_get_column (frame, lumina_frame_find_column (frame, "species"));
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (g_str_equal (kind, "xgboost") ? LUMINA_PREPROCESS_TREES
                                                                                           : LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *y = NULL;
  LuminaTask task;

  g_assert_true (lumina_labels_infer_task (column, &task, &error));
  labels = lumina_labels_fit (column, task, &error);
  y = lumina_labels_encode (labels, column, &error);
  g_assert_no_error (error);
  lumina_preprocessor_set_task (pre, task, lumina_labels_get_n_classes (labels));
  g_assert_true (lumina_preprocessor_fit (pre, frame, "species", y, &error));
  x = lumina_preprocessor_transform (pre, frame, &error);
  learner = lumina_learner_new (kind, task, lumina_labels_get_n_classes (labels), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));
  model = lumina_model_new ("species", labels);
  lumina_model_add_member (model, pre, learner, 1.0);
  g_assert_true (lumina_model_save (model, path, &error));
}

/* Trains a run of @kind on dataset iris@1 and registers it as model iris, which must then be at
 * @expected_version. */
void
lumina_test_register_iris (LuminaWorkspace *workspace,
                           const char      *kind,
                           guint            expected_version)
{
  g_autoptr(LuminaTracker) tracker = lumina_tracker_new (workspace);
  g_autoptr(LuminaRegistry) registry = lumina_registry_new (workspace);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundles = g_build_filename (lumina_workspace_get_path (workspace), "bundles", NULL);
  g_autofree char *run_id = NULL;
  g_autofree char *bundle = NULL;

  run_id = lumina_tracker_start_run (tracker, "deploy", NULL, kind, kind, NULL, "iris@1", 1, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_tracker_finish_run (tracker, run_id, LUMINA_RUN_STATUS_FINISHED, NULL, NULL, NULL, &error));
  g_assert_cmpint (g_mkdir_with_parents (bundles, 0755), ==, 0);
  bundle = g_build_filename (bundles, run_id, NULL);
  lumina_test_train_iris (bundle, kind);
  g_assert_cmpuint (lumina_registry_register (registry, run_id, "iris", NULL, "test", &error), ==, expected_version);
  g_assert_no_error (error);
}

/* Imports iris as dataset iris@1, registers one version of model iris per learner of @kinds
 * (NULL-terminated) and points iris@champion at version 1. @out_body, where not NULL, gets a
 * request body of three rows for iris@champion. */
void
lumina_test_register_champion (LuminaWorkspace    *workspace,
                               const char * const *kinds,
                               char              **out_body)
{
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;

  lumina_test_import_iris (workspace);
  for (guint i = 0; kinds[i] != NULL; i++)
    lumina_test_register_iris (workspace, kinds[i], i + 1);

  registry = lumina_registry_new (workspace);
  g_assert_true (lumina_registry_set_alias (registry, "iris", "champion", 1, NULL, "test", TRUE, NULL, &error));
  g_assert_no_error (error);
  if (out_body != NULL)
    {
      *out_body = lumina_load_test_build_body (registry, "iris@champion", 3, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* ---- HTTP --------------------------------------------------------------- */

typedef struct
{
  guint    status;
  gboolean done;
} Reply;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  reply->status = bytes != NULL ? soup_message_get_status (msg) : 0;
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

/* Sends a request (with a JSON @body, where not NULL) and spins the main loop until it is
 * answered, so that servers on this main context can answer it.
 * Returns: the HTTP status, or 0 where no answer came (the connection failed). */
guint
lumina_test_http_request (SoupSession *session,
                          const char  *method,
                          const char  *url,
                          const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply reply = { 0 };

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  lumina_test_wait_until (reply_done, &reply, 30000);
  return reply.status;
}

/* Returns: (transfer full): @path on the server of running deployment @name */
char *
lumina_test_deployment_url (LuminaDeploymentManager *manager,
                            const char              *name,
                            const char              *path)
{
  LuminaModelServer *server = lumina_deployment_manager_get_server (manager, name);
  g_autofree char *base = NULL;

  g_assert_nonnull (server);
  base = lumina_model_server_dup_url (server);
  return g_strconcat (base, path, NULL);
}

/* Posts @body to deployment @name's /invocations @n times; each must succeed. */
void
lumina_test_send_requests (SoupSession             *session,
                           LuminaDeploymentManager *manager,
                           const char              *name,
                           const char              *body,
                           guint                    n)
{
  g_autofree char *url = lumina_test_deployment_url (manager, name, "/invocations");

  g_assert_nonnull (body);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (lumina_test_http_request (session, "POST", url, body), ==, 200);
}
