/* lumina-linear-io.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The saved form of a linear model:
 *
 *   { "format": "lumina-linear", "version": 1, "n_features": d,
 *     "n_outputs": k, "coef": base64 (d × k float64),
 *     "intercept": base64 (k float64) }
 *
 * Little-endian base64 keeps every bit, whatever the JSON library does
 * with decimals.
 */
#define G_LOG_DOMAIN "lumina-linear"

#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "lumina-error.h"
#include "lumina-linear-private.h"

#define FORMAT_NAME     "lumina-linear"
#define FORMAT_VERSION  1
#define MAX_VALUES      ((gint64) 1 << 28)

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

/* Returns NULL unless @text holds exactly @n finite values. */
static double *
decode_doubles (const char *text,
                gsize       n)
{
  gsize len = 0;
  g_autofree guchar *raw = text != NULL ? g_base64_decode (text, &len) : NULL;
  g_autofree double *out = NULL;

  if (raw == NULL || len != n * sizeof (guint64))
    return NULL;

  out = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, raw + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&out[i], &bits, sizeof bits);
      if (!isfinite (out[i]))
        return NULL;
    }
  return g_steal_pointer (&out);
}

GBytes *
_lumina_linear_save (guint         n_features,
                     guint         n_outputs,
                     const double *coef,
                     const double *intercept)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *coef_text = encode_doubles (coef, (gsize) n_features * n_outputs);
  g_autofree char *intercept_text = encode_doubles (intercept, n_outputs);
  gsize length = 0;
  char *data;

  json_object_set_string_member (object, "format", FORMAT_NAME);
  json_object_set_int_member (object, "version", FORMAT_VERSION);
  json_object_set_int_member (object, "n_features", n_features);
  json_object_set_int_member (object, "n_outputs", n_outputs);
  json_object_set_string_member (object, "coef", coef_text);
  json_object_set_string_member (object, "intercept", intercept_text);
  json_node_set_object (root, object);

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "The saved linear model is damaged: %s", what);
  return FALSE;
}

gboolean
_lumina_linear_load (GBytes   *bytes,
                     guint     n_outputs,
                     guint    *n_features,
                     double  **coef,
                     double  **intercept,
                     GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  gint64 d, k;
  double *c, *b;

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, "not a JSON object");

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", NULL), FORMAT_NAME) != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != FORMAT_VERSION)
    return corrupt (error, "not a version 1 lumina-linear document");

  d = json_object_get_int_member_with_default (root, "n_features", 0);
  k = json_object_get_int_member_with_default (root, "n_outputs", 0);
  if (d < 1 || d > MAX_VALUES / MAX (k, 1))
    return corrupt (error, "bad number of features");
  if (k != n_outputs)
    return corrupt (error, "the outputs do not match the task");

  c = decode_doubles (json_object_get_string_member_with_default (root, "coef", NULL), (gsize) (d * k));
  b = decode_doubles (json_object_get_string_member_with_default (root, "intercept", NULL), (gsize) k);
  if (c == NULL || b == NULL)
    {
      g_free (c);
      g_free (b);
      return corrupt (error, "the coefficients do not match their shape");
    }

  *n_features = (guint) d;
  *coef = c;
  *intercept = b;
  return TRUE;
}
