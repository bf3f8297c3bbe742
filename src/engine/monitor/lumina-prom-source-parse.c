/* lumina-prom-source-parse.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers of Prometheus' HTTP API: the JSON envelope, its errors, and the
 * matrix, vector and scalar results of PromQL queries.  Pure functions,
 * run on a worker thread by LuminaPromSource.
 */
#define G_LOG_DOMAIN "lumina-prom-source"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lumina-prom-source-private.h"

/* ---- results ---- */

static void
series_free (LuminaPromSeries *series)
{
  g_free (series->name);
  g_strfreev (series->labels);
  g_clear_pointer (&series->times, g_array_unref);
  g_clear_pointer (&series->values, g_array_unref);
  g_free (series);
}

void
lumina_prom_result_free (LuminaPromResult *result)
{
  if (result == NULL)
    return;
  g_free (result->result_type);
  g_clear_pointer (&result->series, g_ptr_array_unref);
  g_strfreev (result->warnings);
  g_free (result);
}

/* Returns: (nullable): the value of label @key; "__name__" gives the name */
const char *
lumina_prom_series_get_label (const LuminaPromSeries *series,
                              const char             *key)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "__name__"))
    return series->name;
  for (guint i = 0; series->labels != NULL && series->labels[i] != NULL; i += 2)
    if (g_str_equal (series->labels[i], key))
      return series->labels[i + 1];
  return NULL;
}

/* ---- parsing (worker thread) ---- */

static gboolean
bad_response (GError     **error,
              const char  *what)
{
  g_set_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_BAD_RESPONSE,
               "Not a Prometheus API answer: %s", what);
  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node_is_string (node) ? json_node_get_string (node) : NULL;
}

/* json-glib's own getters complain about missing or mistyped members. */
static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A sample is [<unix time>, "<value>"]; the value may be NaN or ±Inf. */
static gboolean
parse_sample (JsonNode          *node,
              LuminaPromSeries  *series,
              GError           **error)
{
  JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  JsonNode *time_node, *value_node;
  GType time_type;
  const char *text;
  char *end = NULL;
  double time_s, value;

  if (pair == NULL || json_array_get_length (pair) != 2)
    return bad_response (error, "a sample is not a [time, value] pair");
  time_node = json_array_get_element (pair, 0);
  value_node = json_array_get_element (pair, 1);
  time_type = JSON_NODE_HOLDS_VALUE (time_node) ? json_node_get_value_type (time_node) : G_TYPE_INVALID;
  if (time_type != G_TYPE_INT64 && time_type != G_TYPE_DOUBLE)
    return bad_response (error, "a sample time is not a number");
  time_s = json_node_get_double (time_node);
  if (!node_is_string (value_node))
    return bad_response (error, "a sample value is not a string");
  /* Prometheus writes NaN, +Inf and -Inf, which strtod reads */
  text = json_node_get_string (value_node);
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return bad_response (error, "a sample value is not a number");
  g_array_append_val (series->times, time_s);
  g_array_append_val (series->values, value);
  return TRUE;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static LuminaPromSeries *
series_new (JsonObject *metric)
{
  LuminaPromSeries *series = g_new0 (LuminaPromSeries, 1);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GList) members = metric != NULL ? json_object_get_members (metric) : NULL;

  series->times = g_array_new (FALSE, FALSE, sizeof (double));
  series->values = g_array_new (FALSE, FALSE, sizeof (double));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = member_string (metric, l->data);

      if (value == NULL)
        continue;
      if (g_str_equal (l->data, "__name__"))
        series->name = g_strdup (value);
      else
        {
          g_ptr_array_add (labels, g_strdup (l->data));
          g_ptr_array_add (labels, g_strdup (value));
        }
    }
  if (labels->len > 0)
    qsort (labels->pdata, labels->len / 2, 2 * sizeof (gpointer), compare_pairs);
  g_ptr_array_add (labels, NULL);
  series->labels = (GStrv) g_ptr_array_steal (labels, NULL);
  return series;
}

static gboolean
parse_series (JsonNode    *node,
              gboolean     matrix,
              GPtrArray   *out,
              GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *metric = object != NULL ? json_object_get_member (object, "metric") : NULL;
  JsonNode *samples = object != NULL ? json_object_get_member (object, matrix ? "values" : "value") : NULL;
  LuminaPromSeries *series;

  if (metric == NULL || !JSON_NODE_HOLDS_OBJECT (metric))
    return bad_response (error, "a series has no metric object");
  series = series_new (json_node_get_object (metric));
  g_ptr_array_add (out, series);
  if (samples == NULL)
    return TRUE;   /* native histograms only: not supported, left empty */
  if (!matrix)
    return parse_sample (samples, series, error);
  if (!JSON_NODE_HOLDS_ARRAY (samples))
    return bad_response (error, "values is not an array");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (samples)); i++)
    if (!parse_sample (json_array_get_element (json_node_get_array (samples), i), series, error))
      return FALSE;
  return TRUE;
}

static LuminaPromResult *
parse_data (JsonObject  *root,
            GError     **error)
{
  g_autoptr(LuminaPromResult) result = g_new0 (LuminaPromResult, 1);
  JsonObject *data = member_object (root, "data");
  JsonNode *node = data != NULL ? json_object_get_member (data, "result") : NULL;
  const char *type = member_string (data, "resultType");

  if (type == NULL || node == NULL)
    {
      bad_response (error, "no data.resultType or data.result");
      return NULL;
    }
  result->result_type = g_strdup (type);
  result->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  if (g_str_equal (type, "scalar"))
    {
      LuminaPromSeries *series = series_new (NULL);

      g_ptr_array_add (result->series, series);
      if (!parse_sample (node, series, error))
        return NULL;
    }
  else if (g_str_equal (type, "matrix") || g_str_equal (type, "vector"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          bad_response (error, "data.result is not an array");
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        if (!parse_series (json_array_get_element (json_node_get_array (node), i),
                           g_str_equal (type, "matrix"), result->series, error))
          return NULL;
    }
  else
    {
      g_set_error (error, LUMINA_PROM_ERROR, LUMINA_PROM_ERROR_BAD_RESPONSE,
                   "The query gives a %s, not numbers", type);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static GStrv
parse_warnings (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "warnings");
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  GPtrArray *warnings;

  if (array == NULL || json_array_get_length (array) == 0)
    return NULL;
  warnings = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (node_is_string (json_array_get_element (array, i)))
      g_ptr_array_add (warnings, g_strdup (json_array_get_string_element (array, i)));
  g_ptr_array_add (warnings, NULL);
  return (GStrv) g_ptr_array_free (warnings, FALSE);
}

static int
error_code (const char *error_type,
            guint       status)
{
  static const struct { const char *type; guint status; int code; } codes[] = {
    { "bad_data", 400, LUMINA_PROM_ERROR_BAD_DATA },
    { "execution", 422, LUMINA_PROM_ERROR_EXECUTION },
    { "timeout", 0, LUMINA_PROM_ERROR_TIMEOUT },
    { "unavailable", 503, LUMINA_PROM_ERROR_UNAVAILABLE },
    { NULL, 401, LUMINA_PROM_ERROR_UNAUTHORIZED },
    { NULL, 403, LUMINA_PROM_ERROR_UNAUTHORIZED },
  };

  for (guint i = 0; error_type != NULL && i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (error_type, codes[i].type) == 0)
      return codes[i].code;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (status == codes[i].status)
      return codes[i].code;
  return LUMINA_PROM_ERROR_HTTP;
}

/* An error answer: Prometheus' JSON when @root has it, else the status and
 * the start of the body (a proxy's or a not-ready server's plain text). */
static void
set_answer_error (GError     **error,
                  guint        status,
                  JsonObject  *root,
                  GBytes      *body)
{
  const char *error_type = member_string (root, "errorType");
  const char *text = member_string (root, "error");
  g_autofree char *snippet = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (text != NULL)
    {
      g_set_error (error, LUMINA_PROM_ERROR, error_code (error_type, status), "%s: %s (HTTP %u)",
                   error_type != NULL ? error_type : "error", text, status);
      return;
    }
  snippet = g_utf8_make_valid (data != NULL ? data : "", MIN (len, 200));
  g_strstrip (g_strdelimit (snippet, "\r\n", ' '));
  g_set_error (error, LUMINA_PROM_ERROR, error_code (NULL, status), "HTTP %u %s%s%s", status,
               soup_status_get_phrase (status), *snippet != '\0' ? ": " : "", snippet);
}

/* Parses the envelope; returns the answer's root object, or NULL with
 * @error set from Prometheus' own errorType and error text. */
static JsonObject *
parse_envelope (JsonParser  *parser,
                GBytes      *body,
                guint        status,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root_node = NULL;
  JsonObject *root = NULL;

  if (json_parser_load_from_data (parser, data != NULL ? data : "", len, &local_error))
    root_node = json_parser_get_root (parser);
  if (root_node != NULL && JSON_NODE_HOLDS_OBJECT (root_node))
    root = json_node_get_object (root_node);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || g_strcmp0 (member_string (root, "status"), "error") == 0)
    {
      set_answer_error (error, status, root, body);
      return NULL;
    }
  if (root == NULL || g_strcmp0 (member_string (root, "status"), "success") != 0)
    {
      bad_response (error, local_error != NULL ? local_error->message : "no \"status\": \"success\"");
      return NULL;
    }
  return root;
}

/* Any thread.  Returns: (transfer full): the series of a query answer */
LuminaPromResult *
_lumina_prom_parse_query (GBytes  *body,
                          guint    status,
                          GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = parse_envelope (parser, body, status, error);
  LuminaPromResult *result;

  if (root == NULL || !(result = parse_data (root, error)))
    return NULL;
  result->warnings = parse_warnings (root);
  return result;
}

/* Any thread.  Returns: (transfer full): the version in a buildinfo answer */
char *
_lumina_prom_parse_buildinfo (GBytes  *body,
                              guint    status,
                              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = parse_envelope (parser, body, status, error);
  const char *version;

  if (root == NULL)
    return NULL;
  version = member_string (member_object (root, "data"), "version");
  return g_strdup (version != NULL ? version : "");
}
