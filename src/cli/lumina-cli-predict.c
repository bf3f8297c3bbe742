/* lumina-cli-predict.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina predict`: scores a CSV file with a model bundle, named by its
 * directory or by a run id (or an unambiguous prefix of one).
 */
#define G_LOG_DOMAIN "lumina-cli-predict"

#include "config.h"

#include <string.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "lumina-cli-private.h"
#include "lumina-cli-runs-private.h"

/* A bundle directory as given, or the bundle of a run (for an AutoML
 * parent run, its best run's).  Shared with `lumina serve`. */
char *
lumina_cli_resolve_bundle (LuminaCli   *cli,
                           const char  *ref,
                           GError     **error)
{
  g_autoptr(LuminaWorkspace) workspace = NULL;
  g_autoptr(LuminaTracker) tracker = NULL;
  g_autoptr(LuminaRun) run = NULL;
  JsonObject *tags;
  const char *run_id;
  g_autofree char *manifest = g_build_filename (ref, "manifest.json", NULL);
  char *path;

  if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
    return g_strdup (ref);

  workspace = lumina_cli_open_workspace (cli, LUMINA_WORKSPACE_OPEN_NONE, error);
  if (workspace == NULL)
    return NULL;
  tracker = lumina_tracker_new (workspace);
  run = lumina_cli_runs_resolve (tracker, ref, error);
  if (run == NULL)
    return NULL;
  run_id = lumina_run_get_id (run);
  tags = lumina_run_get_tags (run);
  if (tags != NULL && json_object_has_member (tags, "best_run"))
    run_id = json_object_get_string_member (tags, "best_run");
  path = lumina_automl_bundle_path_for_run (workspace, run_id);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   _("Run %s has no model bundle"), run_id);
      g_free (path);
      return NULL;
    }
  return path;
}

/* Reads the input columns with the types the model was trained on. */
static LuminaFrame *
read_input (LuminaModel  *model,
            const char   *path,
            GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(JsonNode) signature = lumina_model_get_signature (model);
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *columns = json_node_get_array (signature);
  LuminaCsvOptions options = { 0 };

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      LuminaColumnType type;

      if (lumina_column_type_from_string (json_object_get_string_member (column, "type"), &type))
        g_hash_table_insert (types, (gpointer) json_object_get_string_member (column, "name"),
                             GINT_TO_POINTER (type + 1));
    }
  options.header = -1;
  options.types = types;
  options.types_may_be_absent = TRUE;
  return lumina_csv_read_file (file, &options, NULL, NULL, error);
}

static gboolean
write_output (LuminaFrame  *frame,
              const char   *out,
              GError      **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  if (out == NULL)
    stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (out);

      stream = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                                error));
      if (stream == NULL)
        return FALSE;
    }
  return lumina_csv_write_frame (frame, stream, NULL, error) &&
         g_output_stream_close (stream, NULL, error);
}

static int
lumina_cli_predict (LuminaCli  *cli,
                    char      **args)
{
  g_autofree char *model_ref = NULL;
  g_autofree char *data = NULL;
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_ref,
      N_("A bundle directory, or a run id (or its start)"), N_("REF") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data,
      N_("The CSV file to score"), N_("FILE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("Where to write the predictions (default: standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autoptr(LuminaFrame) input = NULL;
  g_autoptr(LuminaFrame) predictions = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 0, &status))
    return status;
  if (model_ref == NULL)
    return lumina_cli_usage_error (context, _("Missing --model REF"));
  if (data == NULL)
    return lumina_cli_usage_error (context, _("Missing --data FILE"));

  bundle = lumina_cli_resolve_bundle (cli, model_ref, &error);
  if (bundle == NULL)
    return lumina_cli_fail (error);
  model = lumina_model_load (bundle, &error);
  if (model == NULL)
    return lumina_cli_fail (error);
  input = read_input (model, data, &error);
  if (input == NULL)
    return lumina_cli_fail (error);
  predictions = lumina_model_predict_frame (model, input, &error);
  if (predictions == NULL || !write_output (predictions, out, &error))
    return lumina_cli_fail (error);

  return LUMINA_CLI_EXIT_OK;
}

const LuminaCliCommand lumina_cli_predict_command = {
  "predict", NULL,
  N_("Predict with a model bundle on the rows of a CSV file."),
  lumina_cli_predict, NULL,
};
