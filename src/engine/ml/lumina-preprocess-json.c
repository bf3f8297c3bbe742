/* lumina-preprocess-json.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fitted preprocessor as JSON (kept in model manifests), and back.
 * Doubles are written with round-trip precision, so a transform after a
 * round trip gives identical matrices.
 */
#define G_LOG_DOMAIN "lumina-preprocess"

#include "config.h"

#include <math.h>

#include "lumina-error.h"
#include "lumina-preprocess-private.h"

static const char * const encode_names[] = {
  [ENCODE_NUMBER] = "number",
  [ENCODE_CODES] = "codes",
  [ENCODE_ONEHOT] = "onehot",
  [ENCODE_TARGET] = "target",
};

static const char * const task_names[] = {
  [LUMINA_TASK_BINARY] = "binary",
  [LUMINA_TASK_MULTICLASS] = "multiclass",
  [LUMINA_TASK_REGRESSION] = "regression",
};

const char *
_lumina_task_to_string (LuminaTask task)
{
  g_return_val_if_fail (task < G_N_ELEMENTS (task_names), NULL);

  return task_names[task];
}

gboolean
_lumina_task_from_string (const char *text,
                          LuminaTask *task)
{
  for (guint i = 0; i < G_N_ELEMENTS (task_names); i++)
    if (g_strcmp0 (text, task_names[i]) == 0)
      {
        *task = i;
        return TRUE;
      }
  return FALSE;
}

static JsonArray *
strings_to_array (char **strings,
                  guint  n)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < n; i++)
    json_array_add_string_element (array, strings[i]);
  return array;
}

static JsonArray *
doubles_to_array (const double *values,
                  gsize         n)
{
  JsonArray *array = json_array_new ();

  for (gsize i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  return array;
}

static JsonObject *
feature_to_json (Feature *feature)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", feature->name);
  json_object_set_string_member (object, "type", lumina_column_type_to_string (feature->type));
  json_object_set_string_member (object, "encoding", encode_names[feature->kind]);
  json_object_set_boolean_member (object, "dense", feature->dense);
  json_object_set_boolean_member (object, "indicator", feature->indicator);

  if (feature->kind == ENCODE_NUMBER)
    {
      if (feature->dense)
        json_object_set_double_member (object, "median", feature->median);
      return object;
    }

  json_object_set_array_member (object, "levels", strings_to_array (feature->levels, feature->n_levels));
  if (feature->mode != NULL)
    json_object_set_string_member (object, "mode", feature->mode);
  if (feature->kind == ENCODE_ONEHOT)
    json_object_set_array_member (object, "pooled", strings_to_array (feature->pooled, feature->n_pooled));
  if (feature->kind == ENCODE_TARGET)
    {
      json_object_set_int_member (object, "n_targets", feature->n_targets);
      json_object_set_array_member (object, "prior", doubles_to_array (feature->prior, feature->n_targets));
      json_object_set_array_member (object, "encodings",
                                    doubles_to_array (feature->encodings,
                                                      (gsize) feature->n_levels * feature->n_targets));
    }

  return object;
}

/**
 * lumina_preprocessor_to_json:
 * Returns: (transfer full): the fitted transform as a JSON object
 */
JsonNode *
lumina_preprocessor_to_json (LuminaPreprocessor *self)
{
  JsonObject *object;
  JsonArray *features, *outputs, *notes;
  JsonNode *node;

  g_return_val_if_fail (LUMINA_IS_PREPROCESSOR (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "style", self->style == LUMINA_PREPROCESS_TREES ? "trees" : "dense");
  if (self->task_set)
    {
      json_object_set_string_member (object, "task", _lumina_task_to_string (self->task));
      json_object_set_int_member (object, "n_classes", self->n_classes);
    }

  features = json_array_new ();
  for (guint f = 0; f < self->features->len; f++)
    json_array_add_object_element (features, feature_to_json (g_ptr_array_index (self->features, f)));
  json_object_set_array_member (object, "features", features);

  outputs = json_array_new ();
  for (guint k = 0; k < self->n_outputs; k++)
    {
      JsonObject *output = json_object_new ();

      json_object_set_string_member (output, "name", self->output_names[k]);
      json_object_set_int_member (output, "raw", self->output_raw[k]);
      if (self->output_scale != NULL)
        {
          json_object_set_double_member (output, "mean", self->output_mean[k]);
          json_object_set_double_member (output, "scale", self->output_scale[k]);
        }
      json_array_add_object_element (outputs, output);
    }
  json_object_set_array_member (object, "outputs", outputs);

  notes = json_array_new ();
  for (guint i = 0; i + 1 < self->notes->len; i++)
    json_array_add_string_element (notes, g_ptr_array_index (self->notes, i));
  json_object_set_array_member (object, "notes", notes);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* Reading, with every mistake reported as CORRUPT. */

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "Invalid preprocessing description: %s", message);
  return FALSE;
}

static JsonNode *
member_of_type (JsonObject  *object,
                const char  *name,
                GType        value_type,
                GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || (value_type == G_TYPE_NONE ? !JSON_NODE_HOLDS_ARRAY (node) :
                       !JSON_NODE_HOLDS_VALUE (node) ||
                       (value_type == G_TYPE_DOUBLE ?
                          json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                          json_node_get_value_type (node) != G_TYPE_INT64 :
                          json_node_get_value_type (node) != value_type)))
    {
      corrupt (error, "“%s” is missing or has the wrong type", name);
      return NULL;
    }
  return node;
}

static gboolean
read_strings (JsonObject   *object,
              const char   *name,
              char       ***out,
              guint        *n_out,
              GError      **error)
{
  JsonNode *node = member_of_type (object, name, G_TYPE_NONE, error);
  JsonArray *array;
  guint n;

  if (node == NULL)
    return FALSE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  *out = g_new0 (char *, n + 1);
  *n_out = n;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return corrupt (error, "“%s” holds a value that is not a string", name);
      (*out)[i] = g_strdup (json_node_get_string (element));
    }
  return TRUE;
}

static double *
read_doubles (JsonObject  *object,
              const char  *name,
              gsize        expected,
              GError     **error)
{
  JsonNode *node = member_of_type (object, name, G_TYPE_NONE, error);
  g_autofree double *values = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;

  array = json_node_get_array (node);
  if (json_array_get_length (array) != expected)
    {
      corrupt (error, "“%s” has %u values, not %" G_GSIZE_FORMAT, name, json_array_get_length (array), expected);
      return NULL;
    }

  values = g_new0 (double, MAX (expected, 1));
  for (guint i = 0; i < expected; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_DOUBLE &&
           json_node_get_value_type (element) != G_TYPE_INT64))
        {
          corrupt (error, "“%s” holds a value that is not a number", name);
          return NULL;
        }
      values[i] = json_node_get_double (element);
    }
  return g_steal_pointer (&values);
}

static gboolean
read_levels (Feature     *feature,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node;

  if (!read_strings (object, "levels", &feature->levels, &feature->n_levels, error))
    return FALSE;
  if (json_object_has_member (object, "mode"))
    {
      if (!(node = member_of_type (object, "mode", G_TYPE_STRING, error)))
        return FALSE;
      feature->mode = g_strdup (json_node_get_string (node));
    }

  if (feature->kind == ENCODE_ONEHOT)
    {
      if (!read_strings (object, "pooled", &feature->pooled, &feature->n_pooled, error))
        return FALSE;
      feature->has_other = feature->n_pooled > 0;
    }

  if (feature->kind == ENCODE_TARGET)
    {
      if (!(node = member_of_type (object, "n_targets", G_TYPE_INT64, error)))
        return FALSE;
      if (json_node_get_int (node) < 1 || json_node_get_int (node) > 1000)
        return corrupt (error, "“%s” has an invalid n_targets", feature->name);
      feature->n_targets = (guint) json_node_get_int (node);
      if (!(feature->prior = read_doubles (object, "prior", feature->n_targets, error)) ||
          !(feature->encodings = read_doubles (object, "encodings",
                                               (gsize) feature->n_levels * feature->n_targets, error)))
        return FALSE;
    }

  return TRUE;
}

static Feature *
feature_from_json (JsonNode  *node,
                   GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *name, *type, *encoding, *dense, *indicator;
  LuminaColumnType column_type;
  EncodeKind kind = G_N_ELEMENTS (encode_names);
  Feature *feature;

  if (!(name = member_of_type (object, "name", G_TYPE_STRING, error)) ||
      !(type = member_of_type (object, "type", G_TYPE_STRING, error)) ||
      !(encoding = member_of_type (object, "encoding", G_TYPE_STRING, error)) ||
      !(dense = member_of_type (object, "dense", G_TYPE_BOOLEAN, error)) ||
      !(indicator = member_of_type (object, "indicator", G_TYPE_BOOLEAN, error)))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (encode_names); i++)
    if (g_strcmp0 (json_node_get_string (encoding), encode_names[i]) == 0)
      kind = i;
  if (!lumina_column_type_from_string (json_node_get_string (type), &column_type) ||
      kind == G_N_ELEMENTS (encode_names))
    {
      corrupt (error, "feature “%s” has an unknown type or encoding", json_node_get_string (name));
      return NULL;
    }

  feature = _lumina_feature_new (json_node_get_string (name), column_type, kind);
  feature->dense = json_node_get_boolean (dense);
  feature->indicator = json_node_get_boolean (indicator);

  if (kind == ENCODE_NUMBER && feature->dense)
    {
      JsonNode *median = member_of_type (object, "median", G_TYPE_DOUBLE, error);

      if (median == NULL)
        g_clear_pointer (&feature, _lumina_feature_free);
      else
        feature->median = json_node_get_double (median);
    }
  else if (kind != ENCODE_NUMBER && !read_levels (feature, object, error))
    g_clear_pointer (&feature, _lumina_feature_free);

  if (feature != NULL && feature->dense && kind != ENCODE_NUMBER && feature->mode == NULL)
    {
      corrupt (error, "feature “%s” has no mode", feature->name);
      g_clear_pointer (&feature, _lumina_feature_free);
    }

  return feature;
}

static gboolean
outputs_from_json (LuminaPreprocessor  *self,
                   JsonArray           *array,
                   GError             **error)
{
  guint n = json_array_get_length (array);
  g_autofree guint *raw = g_new0 (guint, MAX (n, 1));
  g_autofree double *mean = self->style == LUMINA_PREPROCESS_DENSE ? g_new0 (double, MAX (n, 1)) : NULL;
  g_autofree double *scale = self->style == LUMINA_PREPROCESS_DENSE ? g_new0 (double, MAX (n, 1)) : NULL;

  if (n == 0)
    return corrupt (error, "there are no outputs");

  for (guint k = 0; k < n; k++)
    {
      JsonNode *element = json_array_get_element (array, k);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *index = member_of_type (object, "raw", G_TYPE_INT64, error);

      if (index == NULL)
        return FALSE;
      if (json_node_get_int (index) < 0 || json_node_get_int (index) >= self->n_raw)
        return corrupt (error, "output %u refers to a missing value", k);
      raw[k] = (guint) json_node_get_int (index);

      if (mean != NULL)
        {
          JsonNode *m = member_of_type (object, "mean", G_TYPE_DOUBLE, error);
          JsonNode *s = m != NULL ? member_of_type (object, "scale", G_TYPE_DOUBLE, error) : NULL;

          if (s == NULL)
            return FALSE;
          mean[k] = json_node_get_double (m);
          scale[k] = json_node_get_double (s);
          if (!isfinite (mean[k]) || !isfinite (scale[k]) || scale[k] <= 0)
            return corrupt (error, "output %u has an invalid scale", k);
        }
    }

  _lumina_preprocessor_set_outputs (self, n, g_steal_pointer (&raw), g_steal_pointer (&mean),
                                    g_steal_pointer (&scale));
  return TRUE;
}

static gboolean
read_head (LuminaPreprocessor  *self,
           JsonObject          *object,
           GError             **error)
{
  JsonNode *style = member_of_type (object, "style", G_TYPE_STRING, error);

  if (style == NULL)
    return FALSE;
  if (g_strcmp0 (json_node_get_string (style), "trees") == 0)
    self->style = LUMINA_PREPROCESS_TREES;
  else if (g_strcmp0 (json_node_get_string (style), "dense") == 0)
    self->style = LUMINA_PREPROCESS_DENSE;
  else
    return corrupt (error, "unknown style “%s”", json_node_get_string (style));

  if (json_object_has_member (object, "task"))
    {
      JsonNode *task = member_of_type (object, "task", G_TYPE_STRING, error);
      JsonNode *n_classes = task ? member_of_type (object, "n_classes", G_TYPE_INT64, error) : NULL;
      LuminaTask value;

      if (n_classes == NULL)
        return FALSE;
      if (!_lumina_task_from_string (json_node_get_string (task), &value))
        return corrupt (error, "unknown task “%s”", json_node_get_string (task));
      lumina_preprocessor_set_task (self, value, (guint) CLAMP (json_node_get_int (n_classes), 1, 100000));
    }
  return TRUE;
}

/**
 * lumina_preprocessor_from_json:
 * Returns: (transfer full): a fitted preprocessor, or %NULL with a
 *   %LUMINA_ERROR_CORRUPT error saying what is wrong
 */
LuminaPreprocessor *
lumina_preprocessor_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(LuminaPreprocessor) self = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  JsonObject *object;
  JsonNode *features, *outputs, *notes;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      corrupt (error, "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_head (self, object, error) ||
      !(features = member_of_type (object, "features", G_TYPE_NONE, error)) ||
      !(outputs = member_of_type (object, "outputs", G_TYPE_NONE, error)))
    return NULL;

  for (guint f = 0; f < json_array_get_length (json_node_get_array (features)); f++)
    {
      Feature *feature = feature_from_json (json_array_get_element (json_node_get_array (features), f), error);

      if (feature == NULL)
        return NULL;
      _lumina_feature_index_levels (feature);
      feature->raw_offset = self->n_raw;
      self->n_raw += feature->n_raw;
      g_ptr_array_add (self->features, feature);
    }

  if (!outputs_from_json (self, json_node_get_array (outputs), error))
    return NULL;

  if ((notes = json_object_get_member (object, "notes")) != NULL && JSON_NODE_HOLDS_ARRAY (notes))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (notes)); i++)
      {
        JsonNode *note = json_array_get_element (json_node_get_array (notes), i);

        if (JSON_NODE_HOLDS_VALUE (note) && json_node_get_value_type (note) == G_TYPE_STRING)
          _lumina_preprocessor_add_note (self, "%s", json_node_get_string (note));
      }

  self->fitted = TRUE;
  return g_steal_pointer (&self);
}
