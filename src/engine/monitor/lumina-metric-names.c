/* lumina-metric-names.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Metric and label names as Prometheus defines them, the key that
 * identifies a series, the packed form of a label set in metrics.db, and
 * label matchers (=, !=, =~, !~) for lookups.
 */
#define G_LOG_DOMAIN "lumina-metric-names"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

typedef enum
{
  MATCH_EQ,
  MATCH_NEQ,
  MATCH_RE,
  MATCH_NRE,
} MatchOp;

typedef struct
{
  char    *label;
  MatchOp  op;
  char    *value;
  GRegex  *regex;
} Matcher;

static const gint64 resolution_ms[LUMINA_METRIC_N_RESOLUTIONS] = { 0, 10000, 60000, 3600000 };

void
lumina_metric_series_info_free (LuminaMetricSeriesInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_strfreev (info->labels);
  g_free (info);
}

/* Returns: the bucket width of @resolution in ms, 0 for raw samples. */
gint64
lumina_metric_resolution_get_ms (LuminaMetricResolution resolution)
{
  g_return_val_if_fail (resolution <= LUMINA_METRIC_RESOLUTION_1H, 0);

  return resolution_ms[resolution];
}

/* Returns: the coarsest resolution that still has at least one bucket in
 * every step of @step_ms. */
LuminaMetricResolution
lumina_metric_resolution_for_step (gint64 step_ms)
{
  for (int r = LUMINA_METRIC_RESOLUTION_1H; r > LUMINA_METRIC_RESOLUTION_RAW; r--)
    if (resolution_ms[r] <= step_ms)
      return (LuminaMetricResolution) r;
  return LUMINA_METRIC_RESOLUTION_RAW;
}

static gboolean
name_is_valid (const char *name,
               gboolean    allow_colon)
{
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name))
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && !(allow_colon && *c == ':'))
      return FALSE;
  return TRUE;
}

/* Returns: whether @name matches [a-zA-Z_:][a-zA-Z0-9_:]* */
gboolean
lumina_metric_name_is_valid (const char *name)
{
  return name_is_valid (name, TRUE);
}

/* Returns: whether @name matches [a-zA-Z_][a-zA-Z0-9_]* and does not start
 * with the reserved "__". */
gboolean
lumina_metric_label_name_is_valid (const char *name)
{
  return name_is_valid (name, FALSE) && !g_str_has_prefix (name, "__");
}

gboolean
_lumina_metric_check_name (const char  *name,
                           GError     **error)
{
  if (lumina_metric_name_is_valid (name))
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "“%s” is not a metric name: use letters, digits, “_” and “:”, not starting with a digit",
               name != NULL ? name : "(null)");
  return FALSE;
}

gboolean
_lumina_metric_check_time (gint64   time_ms,
                           GError **error)
{
  if (time_ms >= 0 && time_ms <= LUMINA_METRIC_TIME_MAX)
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "%" G_GINT64_FORMAT " is not a valid sample time (ms since 1970, before year 10000)",
               time_ms);
  return FALSE;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full) (nullable): @labels sorted by key, NULL for an
 * empty set; or NULL with @error set for a malformed set. */
GStrv
_lumina_metric_sorted_labels (const char * const  *labels,
                              GError             **error)
{
  guint n = labels != NULL ? g_strv_length ((GStrv) labels) : 0;
  g_autofree const char **pairs = NULL;
  GStrv sorted;

  if (n % 2 != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Labels come in key, value pairs; “%s” has no value", labels[n - 1]);
      return NULL;
    }
  for (guint i = 0; i < n; i += 2)
    {
      if (!lumina_metric_label_name_is_valid (labels[i]))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "“%s” is not a label name: use letters, digits and “_”, not starting with a digit or “__”",
                       labels[i]);
          return NULL;
        }
      if (!g_utf8_validate (labels[i + 1], -1, NULL))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "The value of label “%s” is not UTF-8", labels[i]);
          return NULL;
        }
    }
  if (n == 0)
    return NULL;

  pairs = g_memdup2 (labels, n * sizeof (char *));
  qsort (pairs, n / 2, 2 * sizeof (char *), compare_pairs);
  for (guint i = 2; i < n; i += 2)
    if (g_str_equal (pairs[i], pairs[i - 2]))
      {
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                     "Label “%s” appears twice", pairs[i]);
        return NULL;
      }

  sorted = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    sorted[i] = g_strdup (pairs[i]);
  return sorted;
}

/* The identity of a series: `name{k="v",...}`, as Prometheus writes it. */
char *
_lumina_metric_series_key (const char         *name,
                           const char * const *sorted_labels)
{
  g_autofree char *formatted = lumina_metric_labels_format (sorted_labels);

  return g_strdup_printf ("%s{%s}", name, formatted);
}

/* Labels in metrics.db: each string followed by a NUL. */
GBytes *
_lumina_metric_labels_pack (const char * const *sorted_labels)
{
  GByteArray *packed = g_byte_array_new ();

  for (guint i = 0; sorted_labels != NULL && sorted_labels[i] != NULL; i++)
    g_byte_array_append (packed, (const guint8 *) sorted_labels[i], strlen (sorted_labels[i]) + 1);
  return g_byte_array_free_to_bytes (packed);
}

GStrv
_lumina_metric_labels_unpack (const void *data,
                              gsize       len)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = data, *end = p + len;
  guint n = 0;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);

      if (nul == NULL)
        break;
      g_strv_builder_add (builder, p);
      n++;
      p = nul + 1;
    }
  if (n == 0)
    return NULL;
  return g_strv_builder_end (builder);
}

static void
matcher_free (gpointer data)
{
  Matcher *m = data;

  g_free (m->label);
  g_free (m->value);
  g_clear_pointer (&m->regex, g_regex_unref);
  g_free (m);
}

static gboolean
parse_op (const char *op,
          MatchOp    *out)
{
  static const char * const ops[] = { "=", "!=", "=~", "!~" };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_equal (op, ops[i]))
      {
        *out = (MatchOp) i;
        return TRUE;
      }
  return FALSE;
}

/* @matchers: NULL, or label, op, value triples; op is one of =, !=, =~, !~.
 * Regular expressions are anchored at both ends, as in PromQL. */
GPtrArray *
_lumina_metric_matchers_compile (const char * const  *matchers,
                                 GError             **error)
{
  g_autoptr(GPtrArray) compiled = g_ptr_array_new_with_free_func (matcher_free);
  guint n = matchers != NULL ? g_strv_length ((GStrv) matchers) : 0;

  if (n % 3 != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Label matchers come in label, operator, value triples");
      return NULL;
    }
  for (guint i = 0; i < n; i += 3)
    {
      Matcher *m = g_new0 (Matcher, 1);

      g_ptr_array_add (compiled, m);
      m->label = g_strdup (matchers[i]);
      m->value = g_strdup (matchers[i + 2]);
      if (!parse_op (matchers[i + 1], &m->op))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "“%s” is not a label matcher; use =, !=, =~ or !~", matchers[i + 1]);
          return NULL;
        }
      if (m->op == MATCH_RE || m->op == MATCH_NRE)
        {
          g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", m->value);
          g_autoptr(GError) local_error = NULL;

          m->regex = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &local_error);
          if (m->regex == NULL)
            {
              g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                           "The matcher for label “%s” is not a regular expression: %s",
                           m->label, local_error->message);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&compiled);
}

static const char *
label_value (const char * const *labels,
             const char         *key)
{
  for (guint i = 0; labels != NULL && labels[i] != NULL; i += 2)
    if (g_str_equal (labels[i], key))
      return labels[i + 1];
  return "";
}

/* A missing label matches as the empty string, as in PromQL. */
gboolean
_lumina_metric_matchers_match (GPtrArray          *compiled,
                               const char * const *labels)
{
  for (guint i = 0; i < compiled->len; i++)
    {
      Matcher *m = g_ptr_array_index (compiled, i);
      const char *value = label_value (labels, m->label);
      gboolean hit = FALSE;

      switch (m->op)
        {
        case MATCH_EQ:
        case MATCH_NEQ:
          hit = g_str_equal (value, m->value);
          break;
        case MATCH_RE:
        case MATCH_NRE:
          hit = g_regex_match (m->regex, value, 0, NULL);
          break;
        default:
          g_assert_not_reached ();
        }
      if ((m->op == MATCH_NEQ || m->op == MATCH_NRE) ? hit : !hit)
        return FALSE;
    }
  return TRUE;
}

/* The increase of a counter from @prev to @value: a drop is a reset to
 * zero, so the increase is the new value.  NaN contributes nothing. */
double
_lumina_metric_counter_inc (double prev,
                            double value)
{
  if (isnan (prev) || isnan (value))
    return 0.0;
  return value >= prev ? value - prev : value;
}
