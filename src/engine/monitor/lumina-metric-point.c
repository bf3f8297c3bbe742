/* lumina-metric-point.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-metric-point"

#include "config.h"

#include <string.h>

#include "lumina-metric-point.h"

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @labels: NULL, or key, value pairs ending in NULL, in any order. The point
 * keeps them sorted by key, so equal label sets compare equal. */
LuminaMetricPoint *
lumina_metric_point_new (const char         *name,
                         const char * const *labels,
                         gint64              time_ms,
                         double              value)
{
  LuminaMetricPoint *point;
  guint n = labels != NULL ? g_strv_length ((GStrv) labels) : 0;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (n % 2 == 0, NULL);

  point = g_new0 (LuminaMetricPoint, 1);
  point->name = g_strdup (name);
  point->time_ms = time_ms;
  point->value = value;
  if (n > 0)
    {
      /* Sort pairs by key: pairs are two adjacent pointers. */
      const char **pairs = g_new (const char *, n);

      memcpy (pairs, labels, n * sizeof (char *));
      qsort (pairs, n / 2, 2 * sizeof (char *), compare_keys);
      point->labels = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        point->labels[i] = g_strdup (pairs[i]);
      g_free (pairs);
    }
  return point;
}

LuminaMetricPoint *
lumina_metric_point_copy (const LuminaMetricPoint *point)
{
  g_return_val_if_fail (point != NULL, NULL);

  return lumina_metric_point_new (point->name, (const char * const *) point->labels, point->time_ms, point->value);
}

void
lumina_metric_point_free (LuminaMetricPoint *point)
{
  if (point == NULL)
    return;
  g_free (point->name);
  g_strfreev (point->labels);
  g_free (point);
}

/* Returns: (nullable): the value of label @key */
const char *
lumina_metric_point_label (const LuminaMetricPoint *point,
                           const char              *key)
{
  g_return_val_if_fail (point != NULL, NULL);

  for (guint i = 0; point->labels != NULL && point->labels[i] != NULL; i += 2)
    if (g_str_equal (point->labels[i], key))
      return point->labels[i + 1];
  return NULL;
}

/* Returns: (transfer full): `k="v",k2="v2"` as Prometheus writes a label set
 * (backslash, quote and newline escaped), or "" for none. */
char *
lumina_metric_labels_format (const char * const *labels)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; labels != NULL && labels[i] != NULL && labels[i + 1] != NULL; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s=\"", labels[i]);
      for (const char *c = labels[i + 1]; *c != '\0'; c++)
        {
          if (*c == '\\')
            g_string_append (out, "\\\\");
          else if (*c == '"')
            g_string_append (out, "\\\"");
          else if (*c == '\n')
            g_string_append (out, "\\n");
          else
            g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  return g_string_free (out, FALSE);
}
