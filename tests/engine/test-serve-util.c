/* test-serve-util.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "test-serve-util.h"

LuminaFrame *
serve_test_load_csv (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return frame;
}

char *
serve_test_train (const char *dir,
                  const char *bundle,
                  const char *csv,
                  const char *target,
                  const char *kind)
{
  g_autoptr(LuminaFrame) frame = serve_test_load_csv (csv);
  const LuminaColumn *column = lumina_frame_get_column (frame, lumina_frame_find_column (frame, target));
  gboolean trees = g_strcmp0 (kind, "xgboost") == 0 || g_strcmp0 (kind, "forest") == 0;
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (trees ? LUMINA_PREPROCESS_TREES : LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *y = NULL;
  char *path = g_build_filename (dir, bundle, NULL);
  LuminaTask task;

  g_assert_true (lumina_labels_infer_task (column, &task, &error));
  labels = lumina_labels_fit (column, task, &error);
  g_assert_no_error (error);
  y = lumina_labels_encode (labels, column, &error);
  g_assert_no_error (error);

  lumina_preprocessor_set_task (pre, task, lumina_labels_get_n_classes (labels));
  g_assert_true (lumina_preprocessor_fit (pre, frame, target, y, &error));
  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);
  learner = lumina_learner_new (kind, task, lumina_labels_get_n_classes (labels), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lumina_learner_fit (learner, x, y, NULL, NULL, NULL, &error));

  model = lumina_model_new (target, labels);
  lumina_model_add_member (model, pre, learner, 1.0);
  g_assert_true (lumina_model_save (model, path, &error));
  g_assert_no_error (error);
  return path;
}

LuminaFrame *
serve_test_inputs (LuminaModel *model,
                   const char  *csv,
                   gsize        n)
{
  g_autoptr(LuminaFrame) frame = serve_test_load_csv (csv);
  g_autoptr(JsonNode) signature = lumina_model_get_signature (model);
  JsonArray *columns = json_node_get_array (signature);
  g_autofree guint *keep = g_new (guint, json_array_get_length (columns));
  g_autoptr(LuminaFrame) selected = NULL;

  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (columns, c), "name");

      keep[c] = lumina_frame_find_column (frame, name);
    }
  selected = lumina_frame_select (frame, keep, json_array_get_length (columns));
  return lumina_frame_slice (selected, 0, MIN (n, lumina_frame_get_n_rows (selected)));
}

void
serve_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          serve_test_remove_tree (child);
        }
    }
  g_remove (path);
}

void
http_reply_free (HttpReply *reply)
{
  g_free (reply->body);
  g_clear_error (&reply->error);
  g_free (reply);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  HttpReply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);

  if (bytes != NULL)
    {
      reply->status = soup_message_get_status (msg);
      reply->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  reply->done = TRUE;
}

HttpReply *
http_send (SoupSession *session,
           SoupMessage *msg)
{
  HttpReply *reply = g_new0 (HttpReply, 1);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, reply);
  return reply;
}

HttpReply *
http_start (SoupSession *session,
            const char  *method,
            const char  *url,
            const char  *content_type,
            const char  *body,
            gssize       length)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  HttpReply *reply = g_new0 (HttpReply, 1);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, reply);
  return reply;
}

static gboolean
reply_done (gpointer data)
{
  return ((HttpReply *) data)->done;
}

void
http_wait (HttpReply *reply)
{
  serve_test_iterate_until (reply_done, reply, 60000);
}

HttpReply *
http_call (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *content_type,
           const char  *body)
{
  HttpReply *reply = http_start (session, method, url, content_type, body, -1);

  http_wait (reply);
  g_assert_no_error (reply->error);
  return reply;
}

JsonNode *
http_reply_json (HttpReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, reply->body, -1, &error);
  if (error != NULL)
    g_test_message ("body: %s", reply->body);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
serve_test_iterate_until (gboolean  (*done) (gpointer data),
                          gpointer    data,
                          guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);
  /* Conditions outside the main context (a raw socket) get looked at too. */
  guint tick = g_timeout_add (5, tick_cb, NULL);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}
