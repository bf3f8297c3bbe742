/* lumina-load-test-body.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body a load test sends: real rows of the data a model version was
 * trained on, as an MLflow dataframe_split in the order of the model's
 * input signature; typical values kept by the model's preprocessing when
 * that dataset is gone.
 */
#define G_LOG_DOMAIN "lumina-load-test"

#include "config.h"

#include <math.h>

#include "lumina-dataset.h"
#include "lumina-error.h"
#include "lumina-frame.h"
#include "lumina-load-test.h"
#include "lumina-model.h"
#include "lumina-preprocess.h"

static gboolean
type_is_numeric (const char *type)
{
  return g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "float") == 0;
}

/* The body is written by hand rather than with JsonBuilder so that numbers
 * keep their shortest form (5.1, not 5.0999999999999996): it is shown to
 * people as the example request. */

static void
append_string (GString    *out,
               const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;

  json_node_set_string (node, value);
  text = json_to_string (node, FALSE);
  g_string_append (out, text);
}

static void
append_double (GString *out,
               double   value)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  text = lumina_format_double (value);
  g_string_append (out, text);
}

/* One value of @column as the signature's @type wants it. */
static void
append_frame_value (GString            *out,
                    const LuminaColumn *column,
                    const char         *type,
                    gsize               row)
{
  g_autofree char *text = NULL;

  if (!lumina_column_is_valid (column, row))
    g_string_append (out, "null");
  else if (type_is_numeric (type) && column->type == LUMINA_COLUMN_TYPE_INTEGER)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, column->i64[row]);
  else if (type_is_numeric (type) && lumina_column_type_is_numeric (column->type))
    append_double (out, lumina_column_get_double (column, row));
  else if (g_strcmp0 (type, "boolean") == 0 && column->type == LUMINA_COLUMN_TYPE_BOOLEAN)
    g_string_append (out, column->u8[row] != 0 ? "true" : "false");
  else
    {
      text = lumina_column_format_value (column, row);
      append_string (out, text != NULL ? text : "");
    }
}

static GString *
begin_body (JsonArray *signature)
{
  GString *out = g_string_new ("{\"dataframe_split\": {\"columns\": [");

  for (guint c = 0; c < json_array_get_length (signature); c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      append_string (out, json_object_get_string_member (json_array_get_object_element (signature, c), "name"));
    }
  g_string_append (out, "], \"data\": [");
  return out;
}

static char *
end_body (GString *out)
{
  g_string_append (out, "]}}");
  return g_string_free (out, FALSE);
}

/* Rows of the training frame; NULL when a signature column is missing. */
static char *
body_from_frame (LuminaFrame *frame,
                 JsonArray   *signature,
                 guint        n_rows)
{
  g_autofree int *index = g_new0 (int, MAX (json_array_get_length (signature), 1));
  gsize available = lumina_frame_get_n_rows (frame);
  GString *out;

  if (available == 0)
    return NULL;

  for (guint c = 0; c < json_array_get_length (signature); c++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (signature, c), "name");

      index[c] = lumina_frame_find_column (frame, name);
      if (index[c] < 0)
        return NULL;
    }

  out = begin_body (signature);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (out, r > 0 ? ", [" : "[");
      for (guint c = 0; c < json_array_get_length (signature); c++)
        {
          if (c > 0)
            g_string_append (out, ", ");
          append_frame_value (out, lumina_frame_get_column (frame, index[c]),
                              json_object_get_string_member (json_array_get_object_element (signature, c), "type"),
                              r % available);
        }
      g_string_append_c (out, ']');
    }
  return end_body (out);
}

static JsonObject *
find_feature (JsonArray  *features,
              const char *name)
{
  for (guint f = 0; features != NULL && f < json_array_get_length (features); f++)
    {
      JsonObject *feature = json_array_get_object_element (features, f);

      if (g_strcmp0 (json_object_get_string_member_with_default (feature, "name", NULL), name) == 0)
        return feature;
    }
  return NULL;
}

static void
append_typical_value (GString    *out,
                      JsonObject *feature,
                      const char *type)
{
  JsonArray *levels = NULL;

  if (type_is_numeric (type))
    append_double (out, feature != NULL ? json_object_get_double_member_with_default (feature, "median", 0.0) : 0.0);
  else if (g_strcmp0 (type, "boolean") == 0)
    g_string_append (out, "false");
  else if (feature != NULL && json_object_has_member (feature, "mode"))
    append_string (out, json_object_get_string_member (feature, "mode"));
  else
    {
      if (feature != NULL && json_object_has_member (feature, "levels"))
        levels = json_object_get_array_member (feature, "levels");
      if (levels != NULL && json_array_get_length (levels) > 0)
        append_string (out, json_array_get_string_element (levels, 0));
      else
        g_string_append (out, "null");
    }
}

/* Typical values of the training data, from the first member's preprocessing. */
static char *
body_from_model (const char  *bundle,
                 JsonArray   *signature,
                 guint        n_rows,
                 GError     **error)
{
  g_autoptr(LuminaModel) model = lumina_model_load (bundle, error);
  g_autoptr(JsonNode) fitted = NULL;
  GString *out;
  LuminaPreprocessor *pre = NULL;
  JsonArray *features = NULL;

  if (model == NULL)
    return NULL;

  if (lumina_model_get_n_members (model) > 0)
    lumina_model_get_member (model, 0, &pre, NULL);
  if (pre != NULL)
    fitted = lumina_preprocessor_to_json (pre);
  if (fitted != NULL && JSON_NODE_HOLDS_OBJECT (fitted) &&
      json_object_has_member (json_node_get_object (fitted), "features"))
    features = json_object_get_array_member (json_node_get_object (fitted), "features");

  out = begin_body (signature);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (out, r > 0 ? ", [" : "[");
      for (guint c = 0; c < json_array_get_length (signature); c++)
        {
          JsonObject *column = json_array_get_object_element (signature, c);

          if (c > 0)
            g_string_append (out, ", ");
          append_typical_value (out, find_feature (features, json_object_get_string_member (column, "name")),
                                json_object_get_string_member (column, "type"));
        }
      g_string_append_c (out, ']');
    }
  return end_body (out);
}

static LuminaFrame *
load_training_frame (LuminaRegistry *registry,
                     const char     *dataset_ref)
{
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame;

  if (dataset_ref == NULL || dataset_ref[0] == '\0')
    return NULL;

  store = lumina_dataset_store_new (lumina_registry_get_workspace (registry));
  version = lumina_dataset_store_resolve (store, dataset_ref, &error);
  frame = version != NULL ? lumina_dataset_store_load (store, version, &error) : NULL;
  if (frame == NULL)
    g_debug ("No training rows from %s: %s", dataset_ref, error->message);
  return frame;
}

char *
lumina_load_test_build_body (LuminaRegistry  *registry,
                             const char      *model_ref,
                             guint            n_rows,
                             gboolean        *from_dataset,
                             char           **note,
                             GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  JsonObject *object;
  JsonArray *signature;
  const char *dataset_ref;
  char *body = NULL;
  guint version = 0;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (model_ref != NULL, NULL);

  n_rows = MAX (n_rows, 1);
  if (!lumina_registry_resolve (registry, model_ref, &name, &version, &bundle, error) ||
      !(info = lumina_registry_get_version (registry, name, version, error)))
    return NULL;

  object = json_node_get_object (info);
  signature = json_object_get_array_member (object, "signature");
  if (signature == NULL || json_array_get_length (signature) == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "%s version %u has no input signature", name, version);
      return NULL;
    }

  dataset_ref = json_object_get_string_member_with_default (object, "dataset_ref", NULL);
  frame = load_training_frame (registry, dataset_ref);
  if (frame != NULL && (body = body_from_frame (frame, signature, n_rows)) != NULL)
    {
      if (from_dataset != NULL)
        *from_dataset = TRUE;
      if (note != NULL)
        *note = g_strdup_printf (n_rows == 1 ? "%u row of %s" : "%u rows of %s", n_rows, dataset_ref);
      return body;
    }

  body = body_from_model (bundle, signature, n_rows, error);
  if (body == NULL)
    return NULL;
  if (from_dataset != NULL)
    *from_dataset = FALSE;
  if (note != NULL)
    *note = g_strdup_printf ("The training data (%s) is no longer in the workspace: typical values "
                             "of it kept by the model (medians, commonest categories)",
                             dataset_ref != NULL && dataset_ref[0] != '\0' ? dataset_ref : "unknown");
  return body;
}
