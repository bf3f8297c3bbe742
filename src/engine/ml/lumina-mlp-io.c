/* lumina-mlp-io.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The saved form of an MLP:
 *
 *   { "format": "lumina-mlp", "version": 1,
 *     "units": [inputs, hidden..., outputs], "activation": "relu",
 *     "head": "softmax", "target": base64 (mean, scale as float64),
 *     "params": base64 (weights then biases as float32) }
 *
 * Numbers travel as little-endian base64 so a load gives back the bits
 * that were saved, whatever the JSON library does with decimals.
 */
#define G_LOG_DOMAIN "lumina-mlp"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lumina-error.h"
#include "lumina-mlp-private.h"

#define FORMAT_NAME     "lumina-mlp"
#define FORMAT_VERSION  1
#define MAX_LAYERS      17
#define MAX_UNITS       (1u << 24)
#define MAX_PARAMS      ((gsize) 1 << 31)

static const char * const activation_names[] = { "relu", "gelu", NULL };
static const char * const head_names[] = { "softmax", "sigmoid", "linear", NULL };

static char *
encode_floats (const float *values,
               gsize        n)
{
  g_autofree guint32 *le = g_new (guint32, MAX (n, 1));

  memcpy (le, values, n * sizeof (float));
  for (gsize i = 0; i < n; i++)
    le[i] = GUINT32_TO_LE (le[i]);
  return g_base64_encode ((const guchar *) le, n * sizeof (guint32));
}

static char *
encode_doubles (const double *values,
                gsize         n)
{
  g_autofree guint64 *le = g_new (guint64, MAX (n, 1));

  memcpy (le, values, n * sizeof (double));
  for (gsize i = 0; i < n; i++)
    le[i] = GUINT64_TO_LE (le[i]);
  return g_base64_encode ((const guchar *) le, n * sizeof (guint64));
}

static gboolean
decode_floats (const char *text,
               float      *out,
               gsize       n)
{
  gsize len = 0;
  g_autofree guchar *raw = text != NULL ? g_base64_decode (text, &len) : NULL;

  if (raw == NULL || len != n * sizeof (guint32))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, raw + i * sizeof bits, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&out[i], &bits, sizeof bits);
    }
  return TRUE;
}

static gboolean
decode_doubles (const char *text,
                double     *out,
                gsize       n)
{
  gsize len = 0;
  g_autofree guchar *raw = text != NULL ? g_base64_decode (text, &len) : NULL;

  if (raw == NULL || len != n * sizeof (guint64))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, raw + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&out[i], &bits, sizeof bits);
    }
  return TRUE;
}

GBytes *
_lumina_mlp_save (const LuminaMlpNet *net,
                  double              target_mean,
                  double              target_scale)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  double target[2] = { target_mean, target_scale };
  g_autofree char *target_text = encode_doubles (target, 2);
  g_autofree char *params_text = encode_floats (net->params, net->n_params);
  gsize length = 0;
  char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "units");
  json_builder_begin_array (builder);
  for (guint l = 0; l <= net->n_layers; l++)
    json_builder_add_int_value (builder, net->units[l]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "activation");
  json_builder_add_string_value (builder, activation_names[net->activation]);
  json_builder_set_member_name (builder, "head");
  json_builder_add_string_value (builder, head_names[net->head]);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, target_text);
  json_builder_set_member_name (builder, "params");
  json_builder_add_string_value (builder, params_text);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static gpointer
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The saved mlp model is damaged: %s", what);
  return NULL;
}

static int
name_index (const char * const *names,
            const char         *name)
{
  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return i;
  return -1;
}

/* Layer widths from the document, checked so the network fits in memory. */
static guint *
read_units (JsonObject *root,
            guint      *n_layers)
{
  JsonNode *node = json_object_get_member (root, "units");
  JsonArray *array;
  g_autofree guint *units = NULL;
  gsize n_params = 0;
  guint len;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len < 2 || len > MAX_LAYERS + 1)
    return NULL;

  units = g_new (guint, len);
  for (guint i = 0; i < len; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        return NULL;
      value = json_node_get_int (element);
      if (value < 1 || value > MAX_UNITS)
        return NULL;
      units[i] = (guint) value;
      if (i > 0)
        n_params += (gsize) units[i - 1] * units[i] + units[i];
      if (n_params > MAX_PARAMS)
        return NULL;
    }

  *n_layers = len - 1;
  return g_steal_pointer (&units);
}

LuminaMlpNet *
_lumina_mlp_load (GBytes         *bytes,
                  LuminaMlpHead   head,
                  guint           n_outputs,
                  double         *target_mean,
                  double         *target_scale,
                  GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guint *units = NULL;
  JsonObject *root;
  LuminaMlpNet *net;
  double target[2];
  guint n_layers = 0;
  int activation;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, "not a JSON object");

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL), FORMAT_NAME) != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != FORMAT_VERSION)
    return corrupt (error, "not a version 1 lumina-mlp document");

  units = read_units (root, &n_layers);
  if (units == NULL)
    return corrupt (error, "bad layer widths");
  if (units[n_layers] != n_outputs ||
      name_index (head_names, json_object_get_string_member_with_default (root, "head", NULL)) != (int) head)
    return corrupt (error, "the output layer does not match the task");

  activation = name_index (activation_names, json_object_get_string_member_with_default (root, "activation", NULL));
  if (activation < 0)
    return corrupt (error, "unknown activation");

  if (!decode_doubles (json_object_get_string_member_with_default (root, "target", NULL), target, 2) ||
      !isfinite (target[0]) || !(target[1] > 0.0 && isfinite (target[1])))
    return corrupt (error, "bad target scaling");

  net = _lumina_mlp_net_new (units, n_layers, (LuminaMlpActivation) activation, head);
  if (!decode_floats (json_object_get_string_member_with_default (root, "params", NULL),
                      net->params, net->n_params))
    {
      _lumina_mlp_net_free (net);
      return corrupt (error, "the parameters do not match the layer widths");
    }

  *target_mean = target[0];
  *target_scale = target[1];
  return net;
}
