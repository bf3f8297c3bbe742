/* lumina-metric-chunk.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The raw chunk codec.  A chunk holds up to LUMINA_METRIC_CHUNK_MAX
 * consecutive samples of one series:
 *
 *   varint n, zigzag varint t0, zigzag varint (t1 - t0),
 *   zigzag varint delta-of-delta for t2 .. tn-1,
 *   n little-endian IEEE 754 doubles
 *
 * Regularly spaced samples cost one byte of time each.  Values are kept bit
 * for bit, so NaN payloads and infinities come back as they went in.
 */
#define G_LOG_DOMAIN "lumina-metric-chunk"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

static inline guint64
zigzag (gint64 v)
{
  return ((guint64) v << 1) ^ (guint64) (v >> 63);
}

static inline gint64
unzigzag (guint64 u)
{
  return (gint64) (u >> 1) ^ -(gint64) (u & 1);
}

static inline guint8 *
put_varint (guint8  *p,
            guint64  v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

static inline gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 byte = *(*p)++;

      v |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

GBytes *
_lumina_metric_chunk_encode (const gint64 *times,
                             const double *values,
                             guint         n)
{
  /* Worst case: 10 bytes per varint, 8 per value. */
  guint8 *buf = g_malloc (10 + (gsize) n * 18);
  guint8 *p = buf;
  gint64 prev_delta = 0;

  g_assert (n > 0);

  p = put_varint (p, n);
  p = put_varint (p, zigzag (times[0]));
  for (guint i = 1; i < n; i++)
    {
      gint64 delta = times[i] - times[i - 1];

      p = put_varint (p, zigzag (delta - prev_delta));
      prev_delta = delta;
    }
  for (guint i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT64_TO_LE (bits);
      memcpy (p, &bits, sizeof bits);
      p += sizeof bits;
    }
  return g_bytes_new_take (g_realloc (buf, p - buf), p - buf);
}

static gboolean
corrupt (GError **error)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
               "A chunk of samples in metrics.db is damaged");
  return FALSE;
}

/* Appends the chunk's samples to @samples (of LuminaMetricSample). */
gboolean
_lumina_metric_chunk_decode (const guint8  *data,
                             gsize          len,
                             GArray        *samples,
                             GError       **error)
{
  const guint8 *p = data, *end = data + len;
  guint64 n, u;
  gint64 t, delta = 0;
  guint base = samples->len;
  LuminaMetricSample *out;

  if (!get_varint (&p, end, &n) || n == 0 || n > LUMINA_METRIC_CHUNK_MAX ||
      !get_varint (&p, end, &u))
    return corrupt (error);

  g_array_set_size (samples, base + n);
  out = &g_array_index (samples, LuminaMetricSample, base);
  t = unzigzag (u);
  out[0].time_ms = t;
  for (guint i = 1; i < n; i++)
    {
      if (!get_varint (&p, end, &u))
        {
          g_array_set_size (samples, base);
          return corrupt (error);
        }
      delta += unzigzag (u);
      t += delta;
      out[i].time_ms = t;
    }
  if ((gsize) (end - p) != n * sizeof (guint64))
    {
      g_array_set_size (samples, base);
      return corrupt (error);
    }
  for (guint i = 0; i < n; i++, p += sizeof (guint64))
    {
      guint64 bits;

      memcpy (&bits, p, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&out[i].value, &bits, sizeof bits);
    }
  return TRUE;
}
