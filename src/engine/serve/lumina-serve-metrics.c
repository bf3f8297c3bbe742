/* lumina-serve-metrics.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the model server tells about itself: per model-version statistics
 * for the app and deployments, a JSON snapshot, and /metrics in the
 * Prometheus text format.
 */
#define G_LOG_DOMAIN "lumina-serve-metrics"

#include "config.h"

#include <math.h>

#include "lumina-serve-private.h"

/* The stats of the handles serving now, as a set. */
static GHashTable *
current_stats (LuminaModelServer *self)
{
  GHashTable *current = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ServeEndpoint *endpoint = value;

      if (endpoint->primary != NULL)
        g_hash_table_add (current, endpoint->primary->stats);
      if (endpoint->challenger != NULL)
        g_hash_table_add (current, endpoint->challenger->stats);
    }
  return current;
}

/**
 * lumina_model_server_get_stats:
 * Main context.
 *
 * Returns: (transfer full) (element-type LuminaServeStats): one entry per
 *   model version served since the start, current or not
 */
GPtrArray *
lumina_model_server_get_stats (LuminaModelServer *self)
{
  g_autoptr(GHashTable) current = NULL;
  GPtrArray *result;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  current = current_stats (self);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_serve_stats_free);
  for (guint i = 0; i < self->stats->len; i++)
    {
      ServeStats *stats = g_ptr_array_index (self->stats, i);

      g_ptr_array_add (result, serve_stats_summary (stats, now, self->stats_window_s, self->listening_us,
                                                    g_hash_table_contains (current, stats)));
    }
  return result;
}

guint
lumina_model_server_get_in_flight (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->in_flight;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_stats (JsonBuilder      *builder,
           LuminaServeStats *stats)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, stats->endpoint);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, stats->model);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, stats->version);
  json_builder_set_member_name (builder, "variant");
  json_builder_add_string_value (builder, stats->variant);
  json_builder_set_member_name (builder, "current");
  json_builder_add_boolean_value (builder, stats->current);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, stats->requests);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, stats->errors);
  json_builder_set_member_name (builder, "in_flight");
  json_builder_add_int_value (builder, stats->in_flight);
  add_number (builder, "rps", stats->rps);
  add_number (builder, "p50_ms", stats->p50_ms);
  add_number (builder, "p99_ms", stats->p99_ms);
  if (g_strcmp0 (stats->variant, "shadow") == 0)
    {
      json_builder_set_member_name (builder, "compared");
      json_builder_add_int_value (builder, stats->compared);
      add_number (builder, "agreement", stats->agreement);
      add_number (builder, "mean_abs_diff", stats->mean_abs_diff);
    }
  json_builder_end_object (builder);
}

/**
 * lumina_model_server_snapshot:
 * Main context.  Something to poll from a timer and show.
 *
 * Returns: (transfer full): {url, in_flight, workers, batch_window_ms,
 *   capture: {rate, written, dropped}, swaps, models: [stats...]}
 */
JsonNode *
lumina_model_server_snapshot (LuminaModelServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) stats = NULL;
  g_autofree char *url = NULL;
  guint64 written = 0, dropped = 0;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  stats = lumina_model_server_get_stats (self);
  url = lumina_model_server_dup_url (self);
  if (self->capture != NULL)
    serve_capture_counts (self->capture, &written, &dropped);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  if (url != NULL)
    json_builder_add_string_value (builder, url);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "in_flight");
  json_builder_add_int_value (builder, self->in_flight);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, self->workers);
  add_number (builder, "batch_window_ms", self->batch_window_us / 1000.0);
  json_builder_set_member_name (builder, "swaps");
  json_builder_add_int_value (builder, self->swaps);
  json_builder_set_member_name (builder, "capture");
  json_builder_begin_object (builder);
  add_number (builder, "rate", self->capture_rate);
  json_builder_set_member_name (builder, "written");
  json_builder_add_int_value (builder, written);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, dropped);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->len; i++)
    add_stats (builder, g_ptr_array_index (stats, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
render_counter (GString    *out,
                const char *name,
                const char *type,
                const char *help,
                double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, type, name,
                          g_ascii_dtostr (buffer, sizeof buffer, value));
}

/**
 * lumina_model_server_render_metrics:
 * Main context.
 *
 * Returns: (transfer full): the /metrics page (Prometheus text format 0.0.4)
 */
char *
lumina_model_server_render_metrics (LuminaModelServer *self)
{
  static const char * const reasons[SERVE_N_UNROUTED] = {
    "not_found", "method_not_allowed", "too_large", "unsupported_media_type", "unavailable", "read_timeout",
  };
  g_autoptr(GHashTable) current = NULL;
  GString *out = g_string_sized_new (8192);
  guint64 written = 0, dropped = 0;

  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), NULL);

  current = current_stats (self);
  serve_stats_render (self->stats, current, out);

  g_string_append (out, "# HELP lumina_serve_rejected_requests_total Requests refused before reaching a model.\n"
                        "# TYPE lumina_serve_rejected_requests_total counter\n");
  for (guint r = 0; r < SERVE_N_UNROUTED; r++)
    g_string_append_printf (out, "lumina_serve_rejected_requests_total{reason=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            reasons[r], self->unrouted[r]);

  if (self->capture != NULL)
    serve_capture_counts (self->capture, &written, &dropped);
  render_counter (out, "lumina_serve_captured_requests_total", "counter",
                  "Sampled requests written to the workspace.", written);
  render_counter (out, "lumina_serve_capture_dropped_total", "counter",
                  "Sampled requests dropped because the capture queue was full.", dropped);
  render_counter (out, "lumina_serve_model_swaps_total", "counter",
                  "Hot swaps to a new model version.", self->swaps);
  render_counter (out, "lumina_serve_model_swap_failures_total", "counter",
                  "New model versions that could not be loaded.", self->swap_failures);
  render_counter (out, "lumina_serve_workers", "gauge", "Inference threads.", self->workers);
  render_counter (out, "lumina_serve_server_in_flight_requests", "gauge",
                  "Inference requests being processed, all models.", self->in_flight);
  return g_string_free (out, FALSE);
}

/**
 * lumina_model_server_flush_capture:
 * Blocks until every sampled request so far is in the workspace.
 */
void
lumina_model_server_flush_capture (LuminaModelServer *self)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));

  if (self->capture != NULL)
    serve_capture_flush (self->capture);
}
