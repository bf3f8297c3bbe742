/* lumina-prom-format.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prometheus text exposition format 0.0.4, written from metric points.
 * Points are grouped into metric families with one `# HELP` and one
 * `# TYPE` line each; histogram and summary series are ordered the way
 * Prometheus' own clients write them (buckets by `le`, then `_sum`, then
 * `_count`), so that `promtool check metrics` accepts the page.
 */
#define G_LOG_DOMAIN "lumina-prom-format"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lumina-prom-format.h"

typedef enum
{
  FAMILY_GAUGE,
  FAMILY_COUNTER,
  FAMILY_HISTOGRAM,
  FAMILY_SUMMARY,
  FAMILY_UNTYPED,
} FamilyType;

static const char * const family_type_names[] = {
  "gauge", "counter", "histogram", "summary", "untyped",
};

/* One sample line to write. */
typedef struct
{
  const LuminaMetricPoint *point;
  char       *name;     /* sanitized sample name */
  GStrv       labels;   /* sanitized labels, key/value pairs */
  const char *family;   /* owned by the family table */
  FamilyType  type;
  guint       family_order;
  guint       group_order;
  guint       rank;     /* 0: bucket, quantile or plain sample; 1: _sum; 2: _count */
  double      bound;    /* le or quantile, to order buckets */
  guint       index;
} Sample;

static void
sample_clear (gpointer data)
{
  Sample *sample = data;

  g_free (sample->name);
  g_strfreev (sample->labels);
}

/**
 * lumina_prom_format_value:
 * @buffer: at least %G_ASCII_DTOSTR_BUF_SIZE bytes
 *
 * Writes @value as Prometheus spells it: `NaN`, `+Inf`, `-Inf`, integers
 * without a fraction, other numbers in the shortest form that reads back
 * to the same double.  Thread-safe.
 *
 * Returns: @buffer
 */
const char *
lumina_prom_format_value (char   *buffer,
                          gsize   buffer_len,
                          double  value)
{
  g_return_val_if_fail (buffer != NULL, NULL);
  g_return_val_if_fail (buffer_len >= G_ASCII_DTOSTR_BUF_SIZE, NULL);

  if (isnan (value) || isinf (value) || value == 0)
    {
      /* Also spells -0 as 0 */
      g_strlcpy (buffer, isnan (value) ? "NaN" : value > 0 ? "+Inf" : value < 0 ? "-Inf" : "0", buffer_len);
      return buffer;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    return g_ascii_formatd (buffer, buffer_len, "%.0f", value);

  for (int precision = 15; precision < 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, buffer_len, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return buffer;
    }
  return g_ascii_formatd (buffer, buffer_len, "%.17g", value);
}

/* Replaces what Prometheus does not allow in a metric (@colons) or label
 * name with '_'; a leading digit gets a '_' in front. */
static char *
sanitize_name (const char *name,
               gboolean    colons)
{
  GString *out = g_string_sized_new (strlen (name) + 1);

  if (g_ascii_isdigit (*name) || *name == '\0')
    g_string_append_c (out, '_');
  for (const char *c = name; *c != '\0'; c++)
    g_string_append_c (out, g_ascii_isalnum (*c) || *c == '_' || (colons && *c == ':') ? *c : '_');
  return g_string_free (out, FALSE);
}

static GStrv
sanitize_labels (const LuminaMetricPoint *point)
{
  GPtrArray *labels = g_ptr_array_new ();

  for (guint i = 0; point->labels != NULL && point->labels[i] != NULL && point->labels[i + 1] != NULL; i += 2)
    {
      g_ptr_array_add (labels, sanitize_name (point->labels[i], FALSE));
      g_ptr_array_add (labels, g_utf8_make_valid (point->labels[i + 1], -1));
    }
  g_ptr_array_add (labels, NULL);
  return (GStrv) g_ptr_array_free (labels, FALSE);
}

static const char *
labels_get (const char * const *labels,
            const char         *key)
{
  for (guint i = 0; labels != NULL && labels[i] != NULL; i += 2)
    if (g_str_equal (labels[i], key))
      return labels[i + 1];
  return NULL;
}

static gboolean
parse_type (const char *name,
            FamilyType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_type_names); i++)
    if (g_strcmp0 (name, family_type_names[i]) == 0)
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

/* Collects the points into samples, one per series: the latest point wins. */
static GArray *
collect_samples (GPtrArray *points)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *samples = g_array_new (FALSE, TRUE, sizeof (Sample));

  g_array_set_clear_func (samples, sample_clear);
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);
      Sample sample = { .point = point, .index = samples->len };
      g_autofree char *formatted = NULL;
      char *key;
      gpointer found;

      if (point == NULL || point->name == NULL)
        continue;
      sample.name = sanitize_name (point->name, TRUE);
      sample.labels = sanitize_labels (point);
      formatted = lumina_metric_labels_format ((const char * const *) sample.labels);
      key = g_strdup_printf ("%s{%s}", sample.name, formatted);
      if (g_hash_table_lookup_extended (seen, key, NULL, &found))
        {
          Sample *earlier = &g_array_index (samples, Sample, GPOINTER_TO_UINT (found));

          if (point->time_ms >= earlier->point->time_ms)
            earlier->point = point;
          sample_clear (&sample);
          g_free (key);
          continue;
        }
      g_hash_table_insert (seen, key, GUINT_TO_POINTER (samples->len));
      g_array_append_val (samples, sample);
    }
  return samples;
}

static char *
strip_suffix (const char *name,
              const char *suffix)
{
  if (!g_str_has_suffix (name, suffix) || strlen (name) == strlen (suffix))
    return NULL;
  return g_strndup (name, strlen (name) - strlen (suffix));
}

/* Family names of histograms (a `_bucket` sample with an `le` label) and
 * summaries (`_sum` and `_count` without buckets) found in @samples. */
static void
find_compound_families (GArray     *samples,
                        GHashTable *histograms,
                        GHashTable *summaries)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = &g_array_index (samples, Sample, i);
      char *base = strip_suffix (sample->name, "_bucket");

      g_hash_table_add (names, sample->name);
      if (base != NULL && labels_get ((const char * const *) sample->labels, "le") != NULL)
        g_hash_table_add (histograms, base);
      else
        g_free (base);
    }
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = &g_array_index (samples, Sample, i);
      char *base = strip_suffix (sample->name, "_sum");
      g_autofree char *count = base != NULL ? g_strconcat (base, "_count", NULL) : NULL;

      if (base != NULL && g_hash_table_contains (names, count) && !g_hash_table_contains (histograms, base))
        g_hash_table_add (summaries, base);
      else
        g_free (base);
    }
}

static gboolean
table_type (GHashTable *types,
            const char *family,
            FamilyType *type)
{
  return types != NULL && parse_type (g_hash_table_lookup (types, family), type);
}

/* Decides the family of @sample; returns it (transfer full). */
static char *
resolve_family (Sample     *sample,
                GHashTable *types,
                GHashTable *histograms,
                GHashTable *summaries)
{
  static const char * const suffixes[] = { "_bucket", "_sum", "_count" };
  const char * const *labels = (const char * const *) sample->labels;
  FamilyType type;

  if (table_type (types, sample->name, &type))
    {
      const char *quantile = labels_get (labels, "quantile");

      sample->type = type;
      if (type == FAMILY_SUMMARY && quantile != NULL)
        sample->bound = g_ascii_strtod (quantile, NULL);
      return g_strdup (sample->name);
    }

  for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
    {
      g_autofree char *base = strip_suffix (sample->name, suffixes[s]);
      gboolean typed = base != NULL && table_type (types, base, &type);

      if (base == NULL)
        continue;
      if (!typed && g_hash_table_contains (histograms, base))
        type = FAMILY_HISTOGRAM, typed = TRUE;
      else if (!typed && s > 0 && g_hash_table_contains (summaries, base))
        type = FAMILY_SUMMARY, typed = TRUE;
      if (typed && (type == FAMILY_HISTOGRAM || type == FAMILY_SUMMARY))
        {
          const char *le = labels_get (labels, "le");

          sample->type = type;
          sample->rank = s;
          if (s == 0 && le != NULL)
            sample->bound = g_ascii_strtod (le, NULL);
          return g_steal_pointer (&base);
        }
    }

  if (g_hash_table_contains (summaries, sample->name))
    {
      const char *quantile = labels_get (labels, "quantile");

      sample->type = FAMILY_SUMMARY;
      sample->bound = quantile != NULL ? g_ascii_strtod (quantile, NULL) : 0;
      return g_strdup (sample->name);
    }

  sample->type = g_str_has_suffix (sample->name, "_total") ? FAMILY_COUNTER : FAMILY_GAUGE;
  return g_strdup (sample->name);
}

/* The label set of @sample without the label that tells buckets or
 * quantiles of one series apart. */
static char *
group_key (const Sample *sample)
{
  const char *skip = sample->type == FAMILY_HISTOGRAM ? "le" : sample->type == FAMILY_SUMMARY ? "quantile" : NULL;
  GString *key = g_string_new (sample->family);

  for (guint i = 0; sample->labels[i] != NULL; i += 2)
    if (g_strcmp0 (sample->labels[i], skip) != 0)
      g_string_append_printf (key, "\x1f%s\x1e%s", sample->labels[i], sample->labels[i + 1]);
  return g_string_free (key, FALSE);
}

static void
assign_families (GArray     *samples,
                 GHashTable *types,
                 GHashTable *families)
{
  g_autoptr(GHashTable) histograms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  find_compound_families (samples, histograms, summaries);
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = &g_array_index (samples, Sample, i);
      char *family = resolve_family (sample, types, histograms, summaries);
      char *key;
      gpointer order;

      if (!g_hash_table_lookup_extended (families, family, (gpointer *) &sample->family, &order))
        {
          order = GUINT_TO_POINTER (g_hash_table_size (families));
          g_hash_table_insert (families, family, order);
          sample->family = family;
        }
      else
        g_free (family);
      sample->family_order = GPOINTER_TO_UINT (order);

      key = group_key (sample);
      if (!g_hash_table_lookup_extended (groups, key, NULL, &order))
        {
          order = GUINT_TO_POINTER (g_hash_table_size (groups));
          g_hash_table_insert (groups, key, order);
        }
      else
        g_free (key);
      sample->group_order = GPOINTER_TO_UINT (order);
    }
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *x = a;
  const Sample *y = b;
  int c;

  if ((c = CMP (x->family_order, y->family_order)) ||
      (c = CMP (x->group_order, y->group_order)) ||
      (c = CMP (x->rank, y->rank)) ||
      (c = CMP (x->bound, y->bound)))
    return c;
  return CMP (x->index, y->index);
}

static void
write_help (GString    *out,
            const char *family,
            const char *help)
{
  g_string_append_printf (out, "# HELP %s ", family);
  if (help == NULL || *help == '\0')
    {
      g_string_append_printf (out, "LuminaOps metric %s.\n", family);
      return;
    }
  for (const char *c = help; *c != '\0'; c++)
    {
      if (*c == '\\')
        g_string_append (out, "\\\\");
      else if (*c == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '\n');
}

static void
write_sample (GString              *out,
              const Sample         *sample,
              LuminaPromWriteFlags  flags)
{
  g_autofree char *labels = lumina_metric_labels_format ((const char * const *) sample->labels);
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, sample->name);
  if (*labels != '\0')
    g_string_append_printf (out, "{%s}", labels);
  g_string_append_c (out, ' ');
  g_string_append (out, lumina_prom_format_value (value, sizeof value, sample->point->value));
  if ((flags & LUMINA_PROM_WRITE_TIMESTAMPS) != 0 && sample->point->time_ms > 0)
    g_string_append_printf (out, " %" G_GINT64_FORMAT, sample->point->time_ms);
  g_string_append_c (out, '\n');
}

/**
 * lumina_prom_write_points_full:
 * @out: where the page is appended
 * @points: (element-type LuminaMetricPoint): the points; the latest of each
 *   series (name and labels) is written
 * @help: (nullable) (element-type utf8 utf8): family name to help text
 * @types: (nullable) (element-type utf8 utf8): family name to "counter",
 *   "gauge", "histogram", "summary" or "untyped"; families not in the table
 *   are inferred: `_bucket` with `le` makes a histogram, `_sum` with `_count`
 *   a summary, a `_total` suffix a counter, anything else a gauge
 * @flags: whether to write timestamps
 *
 * Appends @points in the Prometheus text format 0.0.4.  Names Prometheus
 * does not allow are written with '_' in place of the bad characters.
 * Thread-safe.
 */
void
lumina_prom_write_points_full (GString              *out,
                               GPtrArray            *points,
                               GHashTable           *help,
                               GHashTable           *types,
                               LuminaPromWriteFlags  flags)
{
  g_autoptr(GHashTable) families = NULL;
  g_autoptr(GArray) samples = NULL;
  const char *family = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (points != NULL);

  families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  samples = collect_samples (points);
  assign_families (samples, types, families);
  g_array_sort (samples, compare_samples);

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);

      if (family != sample->family)
        {
          family = sample->family;
          write_help (out, family, help != NULL ? g_hash_table_lookup (help, family) : NULL);
          g_string_append_printf (out, "# TYPE %s %s\n", family, family_type_names[sample->type]);
        }
      write_sample (out, sample, flags);
    }
}

/**
 * lumina_prom_write_points:
 * @out: where the page is appended
 * @points: (element-type LuminaMetricPoint): the points
 * @help: (nullable) (element-type utf8 utf8): family name to help text
 *
 * Like lumina_prom_write_points_full(), with inferred types and without
 * timestamps: what a /metrics page serves.  Thread-safe.
 */
void
lumina_prom_write_points (GString    *out,
                          GPtrArray  *points,
                          GHashTable *help)
{
  lumina_prom_write_points_full (out, points, help, NULL, LUMINA_PROM_WRITE_NONE);
}
