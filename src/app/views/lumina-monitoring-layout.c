/* lumina-monitoring-layout.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading, checking and atomically writing the dashboard layout.
 */
#define G_LOG_DOMAIN "lumina-monitoring-layout"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-monitoring-layout.h"

#define LAYOUT_VERSION 1

/**
 * lumina_monitoring_chart_new_series:
 * @labels: (nullable): key, value, ..., %NULL
 */
JsonObject *
lumina_monitoring_chart_new_series (const char         *title,
                                    const char         *metric,
                                    const char * const *labels)
{
  JsonObject *chart = json_object_new ();

  g_return_val_if_fail (metric != NULL, chart);

  json_object_set_string_member (chart, "kind", "series");
  json_object_set_string_member (chart, "title", title != NULL ? title : metric);
  json_object_set_string_member (chart, "metric", metric);
  if (labels != NULL && labels[0] != NULL)
    {
      JsonObject *matchers = json_object_new ();

      for (guint i = 0; labels[i] != NULL && labels[i + 1] != NULL; i += 2)
        json_object_set_string_member (matchers, labels[i], labels[i + 1]);
      json_object_set_object_member (chart, "labels", matchers);
    }
  return chart;
}

JsonObject *
lumina_monitoring_chart_new_promql (const char *title,
                                    const char *query)
{
  JsonObject *chart = json_object_new ();

  g_return_val_if_fail (query != NULL, chart);

  json_object_set_string_member (chart, "kind", "promql");
  json_object_set_string_member (chart, "title", title != NULL ? title : query);
  json_object_set_string_member (chart, "query", query);
  return chart;
}

/**
 * lumina_monitoring_chart_get_labels:
 *
 * Returns: (transfer none) (nullable): the labels a "series" chart fixes
 */
JsonObject *
lumina_monitoring_chart_get_labels (JsonObject *chart)
{
  JsonNode *node = json_object_get_member (chart, "labels");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The store's matchers (label, "=", value, ...) for a "series" chart. */
GStrv
lumina_monitoring_chart_dup_matchers (JsonObject *chart)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *labels = lumina_monitoring_chart_get_labels (chart);
  g_autoptr(GList) members = labels != NULL ? json_object_get_members (labels) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_strv_builder_add (builder, l->data);
      g_strv_builder_add (builder, "=");
      g_strv_builder_add (builder, json_object_get_string_member_with_default (labels, l->data, ""));
    }
  return g_strv_builder_end (builder);
}

/* First open: the figures most people look for first. */
GPtrArray *
lumina_monitoring_layout_default (void)
{
  GPtrArray *charts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_ptr_array_add (charts, lumina_monitoring_chart_new_series (_("CPU"), "host_cpu_usage_ratio",
                                                               (const char * const[]) { "cpu", "total", NULL }));
  g_ptr_array_add (charts, lumina_monitoring_chart_new_series (_("Memory Used"), "host_memory_used_bytes", NULL));
  g_ptr_array_add (charts, lumina_monitoring_chart_new_series (_("Request Rate"), "lumina_serve_requests_per_second", NULL));
  g_ptr_array_add (charts, lumina_monitoring_chart_new_series (_("Latency p99"), "lumina_serve_latency_p99_seconds", NULL));
  return charts;
}

static gboolean
chart_is_valid (JsonNode *node)
{
  JsonObject *chart;
  const char *kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  chart = json_node_get_object (node);
  kind = json_object_get_string_member_with_default (chart, "kind", "");
  if (g_str_equal (kind, "series"))
    return json_object_get_string_member_with_default (chart, "metric", NULL) != NULL &&
           (!json_object_has_member (chart, "labels") || lumina_monitoring_chart_get_labels (chart) != NULL);
  if (g_str_equal (kind, "promql"))
    return json_object_get_string_member_with_default (chart, "query", NULL) != NULL;
  return FALSE;
}

/**
 * lumina_monitoring_layout_load:
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): the
 *   charts, or %NULL with @error set (G_FILE_ERROR_NOENT when there is no
 *   layout yet).  Charts this version does not understand are skipped.
 */
GPtrArray *
lumina_monitoring_layout_load (const char  *path,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) charts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonNode *root;
  JsonNode *member;
  JsonArray *array;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  member = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "charts")
                                                         : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a dashboard layout"), path);
      return NULL;
    }

  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (chart_is_valid (node))
        g_ptr_array_add (charts, json_object_ref (json_node_get_object (node)));
      else
        g_debug ("Skipping chart %u of %s", i, path);
    }
  return g_steal_pointer (&charts);
}

/* Written to a temporary file and renamed over the old one, so a crash
 * leaves either layout, never half of one. */
gboolean
lumina_monitoring_layout_save (const char  *path,
                               GPtrArray   *charts,
                               GError     **error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (charts != NULL, FALSE);

  for (guint i = 0; i < charts->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (charts, i)));
  json_object_set_int_member (root, "version", LAYOUT_VERSION);
  json_object_set_array_member (root, "charts", array);
  json_node_set_object (node, root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  return g_file_set_contents_full (path, text, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0644, error);
}
