/* lumina-model-server-settings.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model server's settings, each also a property of the same name.
 * All may change while serving.
 */
#define G_LOG_DOMAIN "lumina-model-server"

#include "config.h"

#include "lumina-serve-private.h"

guint
lumina_model_server_get_workers (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->workers;
}

/**
 * lumina_model_server_set_workers:
 * @workers: inference threads (replicas); takes effect at once, requests
 *   in flight are not disturbed
 */
void
lumina_model_server_set_workers (LuminaModelServer *self,
                                 guint              workers)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (workers > 0);

  if (self->workers == workers)
    return;
  self->workers = workers;
  lumina_worker_pool_set_max_threads (self->pool, workers);
  g_object_notify (G_OBJECT (self), "workers");
}

double
lumina_model_server_get_batch_window_ms (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->batch_window_us / 1000.0;
}

/**
 * lumina_model_server_set_batch_window_ms:
 * @window_ms: how long a request may wait for others to share its predict
 *   call; 0 turns micro-batching off
 */
void
lumina_model_server_set_batch_window_ms (LuminaModelServer *self,
                                         double             window_ms)
{
  gint64 window_us;

  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (window_ms >= 0 && window_ms <= 1000);

  window_us = (gint64) (window_ms * 1000 + 0.5);
  if (self->batch_window_us == window_us)
    return;
  self->batch_window_us = window_us;
  if (window_us == 0)
    _lumina_model_server_flush_batches (self);
  g_object_notify (G_OBJECT (self), "batch-window-ms");
}

guint
lumina_model_server_get_max_batch (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->max_batch;
}

/* @max_requests: a batch goes to a worker as soon as this many wait. */
void
lumina_model_server_set_max_batch (LuminaModelServer *self,
                                   guint              max_requests)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (max_requests > 0);

  if (self->max_batch == max_requests)
    return;
  self->max_batch = max_requests;
  g_object_notify (G_OBJECT (self), "max-batch");
}

guint64
lumina_model_server_get_body_limit (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->body_limit;
}

void
lumina_model_server_set_body_limit (LuminaModelServer *self,
                                    guint64            bytes)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (bytes > 0);

  if (self->body_limit == bytes)
    return;
  self->body_limit = bytes;
  g_object_notify (G_OBJECT (self), "body-limit");
}

double
lumina_model_server_get_capture_rate (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->capture_rate;
}

/* @rate: the share of answered requests written to served_requests (0 to 1). */
void
lumina_model_server_set_capture_rate (LuminaModelServer *self,
                                      double             rate)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (rate >= 0 && rate <= 1);

  if (self->capture_rate == rate)
    return;
  self->capture_rate = rate;
  self->capture_seen = 0;
  g_object_notify (G_OBJECT (self), "capture-rate");
}

guint
lumina_model_server_get_capture_cap (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->capture_cap;
}

/* @max_rows: captured rows kept per deployment (endpoint); older ones are deleted. */
void
lumina_model_server_set_capture_cap (LuminaModelServer *self,
                                     guint              max_rows)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (max_rows > 0);

  if (self->capture_cap == max_rows)
    return;
  self->capture_cap = max_rows;
  if (self->capture != NULL)
    serve_capture_set_cap (self->capture, max_rows);
  g_object_notify (G_OBJECT (self), "capture-cap");
}

guint
lumina_model_server_get_poll_interval_ms (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->poll_interval_ms;
}

/* @interval_ms: how often followed references are resolved again. */
void
lumina_model_server_set_poll_interval_ms (LuminaModelServer *self,
                                          guint              interval_ms)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (interval_ms >= 10);

  if (self->poll_interval_ms == interval_ms)
    return;
  self->poll_interval_ms = interval_ms;
  if (self->poll_id != 0)
    {
      g_source_remove (self->poll_id);
      self->poll_id = g_timeout_add (interval_ms, _lumina_model_server_poll, self);
    }
  g_object_notify (G_OBJECT (self), "poll-interval-ms");
}

guint
lumina_model_server_get_read_timeout_s (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->read_timeout_s;
}

/* @seconds: how long a request may take to arrive before its connection is shut. */
void
lumina_model_server_set_read_timeout_s (LuminaModelServer *self,
                                        guint              seconds)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (seconds > 0);

  if (self->read_timeout_s == seconds)
    return;
  self->read_timeout_s = seconds;
  g_object_notify (G_OBJECT (self), "read-timeout-s");
}

guint
lumina_model_server_get_stats_window_s (LuminaModelServer *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL_SERVER (self), 0);

  return self->stats_window_s;
}

/* @seconds: the span recent rates and percentiles are computed over. */
void
lumina_model_server_set_stats_window_s (LuminaModelServer *self,
                                        guint              seconds)
{
  g_return_if_fail (LUMINA_IS_MODEL_SERVER (self));
  g_return_if_fail (seconds > 0 && seconds < SERVE_STATS_SLOTS);

  if (self->stats_window_s == seconds)
    return;
  self->stats_window_s = seconds;
  g_object_notify (G_OBJECT (self), "stats-window-s");
}
