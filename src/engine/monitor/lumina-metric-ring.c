/* lumina-metric-ring.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The most recent LUMINA_METRIC_RING_MAX points of a series, in memory, so
 * live charts never reach SQL.  The buffer grows by doubling up to its
 * limit, so thousands of quiet series cost little.  Callers hold the
 * store's lock.
 */
#define G_LOG_DOMAIN "lumina-metric-ring"

#include "config.h"

#include <stdlib.h>

#include "lumina-metric-store-private.h"

void
_lumina_metric_ring_push (LuminaMetricRing *ring,
                          gint64            time_ms,
                          double            value)
{
  LuminaMetricSample *slot;

  if (ring->len == ring->cap && ring->cap < LUMINA_METRIC_RING_MAX)
    {
      ring->cap = ring->cap == 0 ? 16 : MIN (ring->cap * 2, LUMINA_METRIC_RING_MAX);
      ring->samples = g_renew (LuminaMetricSample, ring->samples, ring->cap);
    }

  if (ring->len < ring->cap)
    slot = &ring->samples[ring->len++];
  else
    {
      slot = &ring->samples[ring->next];
      ring->next = (ring->next + 1) % ring->cap;
    }
  slot->time_ms = time_ms;
  slot->value = value;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const LuminaMetricSample *) a)->time_ms;
  gint64 y = ((const LuminaMetricSample *) b)->time_ms;

  return (x > y) - (x < y);
}

/* Appends the points at or after @since_ms to @out, oldest first; equal
 * times keep their order of arrival. */
void
_lumina_metric_ring_collect (LuminaMetricRing *ring,
                             gint64            since_ms,
                             GArray           *out)
{
  guint base = out->len;
  gboolean sorted = TRUE;

  for (guint i = 0; i < ring->len; i++)
    {
      const LuminaMetricSample *s = &ring->samples[(ring->next + i) % ring->len];

      if (s->time_ms < since_ms)
        continue;
      if (out->len > base && s->time_ms < g_array_index (out, LuminaMetricSample, out->len - 1).time_ms)
        sorted = FALSE;
      g_array_append_val (out, *s);
    }
  /* Out-of-order appends are rare; a stable sort keeps ties in order. */
  if (!sorted)
    g_array_sort (out, compare_times);
}

void
_lumina_metric_ring_clear (LuminaMetricRing *ring)
{
  g_clear_pointer (&ring->samples, g_free);
  ring->len = ring->cap = ring->next = 0;
}
