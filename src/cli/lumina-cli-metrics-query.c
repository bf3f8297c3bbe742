/* lumina-cli-metrics-query.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `lumina metrics query`: one series (or a histogram's quantile) over a
 * time range, aggregated per step, as a table, CSV or JSON.  Times are ISO
 * 8601, "now" or relative ("-15m"); unknown names get suggestions.
 */
#define G_LOG_DOMAIN "lumina-cli-metrics-query"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-cli-data-private.h"
#include "lumina-cli-metrics-private.h"

#define DEFAULT_POINTS     200
#define MAX_POINTS         1000000
#define MAX_SUGGESTIONS    3
#define MAX_LISTED         10

/* In the order of LuminaMetricAgg. */
static const char * const agg_names[] = { "avg", "min", "max", "sum", "count", "last", "rate", NULL };

/* ---- query: options ---- */

typedef struct
{
  char      *from;
  char      *to;
  char      *step;
  char      *agg;
  char     **labels;
  gboolean   csv;
} QueryOptions;

typedef struct
{
  const char      *name;
  GStrv            labels;     /* key, value, ...; sorted by key */
  GStrv            matchers;   /* key, "=", value, ... */
  gint64           from_ms;
  gint64           to_ms;
  gint64           step_ms;
  LuminaMetricAgg  agg;
  double           quantile;   /* NaN unless the aggregation is pNN */
  const char      *agg_name;
} Query;

static void
query_options_clear (QueryOptions *options)
{
  g_free (options->from);
  g_free (options->to);
  g_free (options->step);
  g_free (options->agg);
  g_strfreev (options->labels);
}

static void
query_clear (Query *query)
{
  g_strfreev (query->labels);
  g_strfreev (query->matchers);
}

static gboolean
parse_iso (const char *text,
           gint64     *time_ms)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, local);

  /* A bare date is its local midnight. */
  if (time == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      time = g_date_time_new_from_iso8601 (midnight, local);
    }
  if (time == NULL)
    return FALSE;
  *time_ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
  return TRUE;
}

/* "now", "now-15m", "-15m", "+1h" or ISO 8601 (local time unless it says). */
static gboolean
parse_time (const char  *option,
            const char  *text,
            gint64       now_ms,
            gint64      *time_ms,
            GError     **error)
{
  const char *relative = NULL;
  gboolean ok = FALSE;
  gint64 span;

  if (g_ascii_strncasecmp (text, "now", 3) == 0)
    relative = text + 3;
  else if (text[0] == '-' || text[0] == '+')
    relative = text;

  if (relative == NULL)
    ok = parse_iso (text, time_ms);
  else if (relative[0] == '\0')
    {
      *time_ms = now_ms;
      ok = TRUE;
    }
  else if ((relative[0] == '-' || relative[0] == '+') && lumina_cli_metrics_parse_span (relative + 1, &span))
    {
      *time_ms = relative[0] == '-' ? now_ms - span : now_ms + span;
      ok = TRUE;
    }

  if (ok && *time_ms >= 0 && *time_ms <= TIME_MAX_MS)
    return TRUE;
  if (ok)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("%s %s is out of range: times go from 1970 to the end of 9999"), option, text);
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("%s “%s” is not a time: use ISO 8601 (2026-01-31T12:00:00Z), “now”, "
                   "or a time relative to now like “-15m”, “-2h” or “-7d”"), option, text);
  return FALSE;
}

/* avg … rate, or pNN: the NN-th percentile of a histogram. */
static gboolean
parse_agg (const char  *text,
           Query       *query,
           GError     **error)
{
  double percent;
  char *end = NULL;

  query->quantile = NAN;
  query->agg_name = text;
  for (guint i = 0; agg_names[i] != NULL; i++)
    if (g_str_equal (text, agg_names[i]))
      {
        query->agg = (LuminaMetricAgg) i;
        return TRUE;
      }
  if (text[0] == 'p' && g_ascii_isdigit (text[1]))
    {
      percent = g_ascii_strtod (text + 1, &end);
      if (end != NULL && *end == '\0' && percent > 0 && percent < 100)
        {
          query->quantile = percent / 100.0;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--agg “%s” is not an aggregation: use avg, min, max, sum, count, last, rate, "
                 "or p50, p95, p99 for a histogram"), text);
  return FALSE;
}

typedef struct
{
  const char *key;
  const char *value;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const Pair *) a)->key, ((const Pair *) b)->key);
}

/* --label k=v, repeated. */
static gboolean
parse_labels (char   **options,
              Query   *query,
              GError **error)
{
  guint n = options != NULL ? g_strv_length (options) : 0;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) matchers = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      char *equals = strchr (options[i], '=');
      Pair pair;

      if (equals != NULL)
        *equals = '\0';
      if (equals == NULL || !lumina_metric_label_name_is_valid (options[i]))
        {
          if (equals != NULL)
            *equals = '=';
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--label “%s” is not NAME=VALUE with NAME made of letters, digits and “_”"), options[i]);
          return FALSE;
        }
      pair.key = options[i];
      pair.value = equals + 1;
      g_array_append_val (pairs, pair);
    }
  g_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, i);

      g_strv_builder_add_many (labels, pair->key, pair->value, NULL);
      g_strv_builder_add_many (matchers, pair->key, "=", pair->value, NULL);
    }
  query->labels = g_strv_builder_end (labels);
  query->matchers = g_strv_builder_end (matchers);
  return TRUE;
}

/* A round step giving about DEFAULT_POINTS points. */
static gint64
default_step (gint64 from_ms,
              gint64 to_ms)
{
  static const gint64 nice[] = {
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000,
    600000, 900000, 1800000, HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS,
    2 * DAY_MS, 7 * DAY_MS,
  };
  gint64 wanted = (to_ms - from_ms) / DEFAULT_POINTS + 1;

  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    if (nice[i] >= wanted)
      return nice[i];
  return (wanted + DAY_MS - 1) / DAY_MS * DAY_MS;
}

static gboolean
parse_query (QueryOptions  *options,
             const char    *name,
             Query         *query,
             GError       **error)
{
  gint64 now_ms = g_get_real_time () / 1000;

  query->name = name;
  if (!lumina_metric_name_is_valid (name))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a metric name: use letters, digits, “_” and “:”"), name);
      return FALSE;
    }
  if (!parse_agg (options->agg != NULL ? options->agg : "avg", query, error) ||
      !parse_labels (options->labels, query, error) ||
      !parse_time ("--from", options->from != NULL ? options->from : "-1h", now_ms, &query->from_ms, error) ||
      !parse_time ("--to", options->to != NULL ? options->to : "now", now_ms, &query->to_ms, error))
    return FALSE;
  if (query->from_ms > query->to_ms)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--from (%s) is after --to (%s)"), options->from, options->to != NULL ? options->to : "now");
      return FALSE;
    }
  if (options->step == NULL)
    query->step_ms = default_step (query->from_ms, query->to_ms);
  else if (!lumina_cli_metrics_parse_duration (options->step, &query->step_ms, error))
    return FALSE;
  if ((query->to_ms - query->from_ms) / query->step_ms >= MAX_POINTS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--step %s gives more than %d points over that range: use a larger step"),
                   options->step, MAX_POINTS);
      return FALSE;
    }
  return TRUE;
}

/* ---- query: finding the series ---- */

/* Levenshtein distance, for suggestions. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize m = strlen (a), n = strlen (b);
  g_autofree guint *row = g_new (guint, n + 1);

  for (gsize j = 0; j <= n; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= m; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= n; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] != b[j - 1]));
          diagonal = above;
        }
    }
  return row[n];
}

typedef struct
{
  const char *name;
  guint       distance;
} Suggestion;

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const Suggestion *x = a, *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* "“a”, “b” or “c”": the closest names in the store, or NULL. */
static char *
suggest_names (LuminaMetricStore *store,
               const char        *name)
{
  g_autoptr(GPtrArray) series = lumina_metric_store_list_series (store);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) close = g_array_new (FALSE, FALSE, sizeof (Suggestion));
  guint limit = MAX (2, (guint) strlen (name) / 3);
  GString *text;

  for (guint i = 0; i < series->len; i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (series, i);
      Suggestion suggestion = { info->name, edit_distance (name, info->name) };

      if (!g_hash_table_add (seen, info->name))
        continue;
      if (strstr (info->name, name) != NULL || strstr (name, info->name) != NULL)
        suggestion.distance = MIN (suggestion.distance, 1);
      if (suggestion.distance <= limit)
        g_array_append_val (close, suggestion);
    }
  if (close->len == 0)
    return NULL;
  g_array_sort (close, compare_suggestions);
  text = g_string_new (NULL);
  for (guint i = 0; i < MIN (close->len, MAX_SUGGESTIONS); i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == MIN (close->len, MAX_SUGGESTIONS) ? _(" or ") : ", ");
      g_string_append_printf (text, "“%s”", g_array_index (close, Suggestion, i).name);
    }
  return g_string_free (text, FALSE);
}

static void
set_unknown_series (LuminaMetricStore  *store,
                    const char         *name,
                    GError            **error)
{
  g_autofree char *suggestions = suggest_names (store, name);

  if (suggestions != NULL)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                 _("There is no metric “%s”; did you mean %s?"), name, suggestions);
  else
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                 _("There is no metric “%s”; “lumina metrics list” shows the metrics there are"), name);
}

static gboolean
labels_same (const char * const *a,
             const char * const *b)
{
  static const char * const none[] = { NULL };

  return g_strv_equal (a != NULL ? a : none, b != NULL ? b : none);
}

static char *
list_titles (GPtrArray *candidates)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (candidates->len, MAX_LISTED); i++)
    {
      const LuminaMetricSeriesInfo *info = g_ptr_array_index (candidates, i);
      g_autofree char *title = lumina_cli_metrics_series_title (info->name, (const char * const *) info->labels);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", title);
    }
  if (candidates->len > MAX_LISTED)
    g_string_append (text, ", …");
  return g_string_free (text, FALSE);
}

/* One of @candidates: the only one, or the one with exactly the labels
 * asked for; @all, every series of the name, for the error message. */
static LuminaMetricSeriesInfo *
pick_series (GPtrArray    *candidates,
             GPtrArray    *all,
             const Query  *query,
             const char   *name,
             GError      **error)
{
  g_autofree char *titles = NULL;
  g_autofree char *asked = NULL;

  for (guint i = 0; i < candidates->len; i++)
    {
      LuminaMetricSeriesInfo *info = g_ptr_array_index (candidates, i);

      if (candidates->len == 1 || labels_same ((const char * const *) info->labels,
                                               (const char * const *) query->labels))
        return g_ptr_array_steal_index (candidates, i);
    }
  asked = lumina_cli_metrics_series_title (name, (const char * const *) query->labels);
  if (candidates->len == 0)
    {
      g_ptr_array_sort (all, lumina_cli_metrics_compare_series);
      titles = list_titles (all);
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, _("No series matches %s; there are %s"),
                   asked, titles);
      return NULL;
    }
  g_ptr_array_sort (candidates, lumina_cli_metrics_compare_series);
  titles = list_titles (candidates);
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
               _("%u series match %s; pick one with --label NAME=VALUE: %s"), candidates->len, asked, titles);
  return NULL;
}

/* The label sets of a histogram's bucket series, without "le", each once. */
static GPtrArray *
histogram_label_sets (GPtrArray  *buckets,
                      const char *name)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_series_info_free);

  for (guint i = 0; i < buckets->len; i++)
    {
      const LuminaMetricSeriesInfo *bucket = g_ptr_array_index (buckets, i);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) labels = NULL;
      gboolean seen = FALSE;

      for (guint l = 0; bucket->labels != NULL && bucket->labels[l] != NULL; l += 2)
        if (!g_str_equal (bucket->labels[l], "le"))
          g_strv_builder_add_many (builder, bucket->labels[l], bucket->labels[l + 1], NULL);
      labels = g_strv_builder_end (builder);
      for (guint s = 0; s < sets->len && !seen; s++)
        seen = labels_same ((const char * const *) ((LuminaMetricSeriesInfo *) g_ptr_array_index (sets, s))->labels,
                            (const char * const *) labels);
      if (!seen)
        {
          LuminaMetricSeriesInfo *set = g_new0 (LuminaMetricSeriesInfo, 1);

          set->name = g_strdup (name);
          set->labels = g_steal_pointer (&labels);
          g_ptr_array_add (sets, set);
        }
    }
  return sets;
}

static LuminaMetricSeriesInfo *
find_series (LuminaMetricStore  *store,
             const Query        *query,
             GError            **error)
{
  g_autofree char *base = NULL;
  g_autofree char *bucket = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) matching = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) all_sets = NULL;

  if (isnan (query->quantile))
    {
      if (!(all = lumina_metric_store_find_series (store, query->name, NULL, error)) ||
          !(matching = lumina_metric_store_find_series (store, query->name,
                                                        (const char * const *) query->matchers, error)))
        return NULL;
      if (all->len > 0)
        return pick_series (matching, all, query, query->name, error);
      set_unknown_series (store, query->name, error);
      return NULL;
    }

  base = g_str_has_suffix (query->name, "_bucket") ? g_strndup (query->name, strlen (query->name) - 7)
                                                   : g_strdup (query->name);
  bucket = g_strconcat (base, "_bucket", NULL);
  if (!(all = lumina_metric_store_find_series (store, bucket, NULL, error)) ||
      !(matching = lumina_metric_store_find_series (store, bucket, (const char * const *) query->matchers, error)))
    return NULL;
  if (all->len == 0)
    {
      g_autoptr(GPtrArray) plain = lumina_metric_store_find_series (store, base, NULL, NULL);

      if (plain != NULL && plain->len > 0)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                     _("“%s” is not a histogram (there is no %s series): --agg %s needs one; "
                       "use avg, min, max, sum, count, last or rate"), base, bucket, query->agg_name);
      else
        set_unknown_series (store, bucket, error);
      return NULL;
    }
  sets = histogram_label_sets (matching, base);
  all_sets = histogram_label_sets (all, base);
  return pick_series (sets, all_sets, query, base, error);
}

/* ---- query: output ---- */

static void
print_points_table (const Query                  *query,
                    const LuminaMetricSeriesInfo *series,
                    GArray                       *points)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *title = lumina_cli_metrics_series_title (series->name, (const char * const *) series->labels);
  g_autofree char *from = lumina_cli_metrics_format_time_local (query->from_ms, FALSE);
  g_autofree char *to = lumina_cli_metrics_format_time_local (query->to_ms, FALSE);
  const char * const headers[] = { _("TIME"), _("VALUE"), NULL };

  if (points->len == 0)
    {
      g_print (_("No samples of %s from %s to %s.\n"), title, from, to);
      return;
    }
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricSample *point = &g_array_index (points, LuminaMetricSample, i);
      char **row = g_new0 (char *, 3);

      row[0] = lumina_cli_metrics_format_time_local (point->time_ms, query->step_ms < 1000);
      row[1] = lumina_cli_metrics_format_value (point->value);
      g_ptr_array_add (rows, row);
    }
  /* Translators: e.g. "host_cpu_usage_ratio{cpu="total"}, avg every 10000 ms" */
  g_print (_("%s, %s every %" G_GINT64_FORMAT " ms\n"), title, query->agg_name, query->step_ms);
  lumina_cli_data_print_table (headers, "lr", rows);
}

static void
print_points_csv (GArray *points)
{
  GString *out = g_string_new ("time,value\n");

  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricSample *point = &g_array_index (points, LuminaMetricSample, i);
      g_autofree char *time = lumina_cli_metrics_format_time_utc (point->time_ms);
      g_autofree char *value = lumina_cli_metrics_format_value (point->value);

      g_string_append_printf (out, "%s,%s\n", time, value);
    }
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
}

static void
print_points_json (const Query                  *query,
                   const LuminaMetricSeriesInfo *series,
                   GArray                       *points)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, series->name);
  lumina_cli_metrics_add_labels (builder, (const char * const *) series->labels);
  json_builder_set_member_name (builder, "agg");
  json_builder_add_string_value (builder, query->agg_name);
  lumina_cli_metrics_add_time (builder, "from", query->from_ms);
  lumina_cli_metrics_add_time (builder, "to", query->to_ms);
  json_builder_set_member_name (builder, "step_ms");
  json_builder_add_int_value (builder, query->step_ms);
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricSample *point = &g_array_index (points, LuminaMetricSample, i);

      json_builder_begin_object (builder);
      lumina_cli_metrics_add_time (builder, "time", point->time_ms);
      lumina_cli_metrics_add_value (builder, "value", point->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lumina_cli_print_json (root);
}

static GArray *
run_query (LuminaMetricStore             *store,
           const Query                   *query,
           const LuminaMetricSeriesInfo  *series,
           GError                       **error)
{
  if (isnan (query->quantile))
    return lumina_metric_store_query (store, series->id, query->from_ms, query->to_ms, query->step_ms,
                                      query->agg, error);
  return lumina_metric_store_query_quantile (store, series->name, (const char * const *) series->labels,
                                             query->quantile, query->from_ms, query->to_ms, query->step_ms,
                                             error);
}

static int
query_run (LuminaCli    *cli,
           const Query  *query,
           gboolean      csv)
{
  g_autoptr(LuminaMetricStore) store = NULL;
  g_autoptr(LuminaMetricSeriesInfo) series = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = lumina_cli_metrics_open_store (cli, &error)) ||
      !(series = find_series (store, query, &error)) ||
      !(points = run_query (store, query, series, &error)))
    return lumina_cli_fail (error);

  if (cli->json)
    print_points_json (query, series, points);
  else if (csv)
    print_points_csv (points);
  else
    print_points_table (query, series, points);
  return LUMINA_CLI_EXIT_OK;
}

int
lumina_cli_metrics_query (LuminaCli  *cli,
                          char      **args)
{
  QueryOptions options = { NULL };
  Query query = { NULL };
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.labels,
      N_("Only the series with this label (repeatable)"), N_("NAME=VALUE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      N_("Start: ISO 8601, “now”, or relative like “-15m”, “-2h”, “-7d” (default: -1h)"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("End, included (default: now)"), N_("TIME") },
    { "step", 0, 0, G_OPTION_ARG_STRING, &options.step,
      N_("Width of each point, like “10s” or “1m” (default: about 200 points)"), N_("DURATION") },
    { "agg", 0, 0, G_OPTION_ARG_STRING, &options.agg,
      N_("avg, min, max, sum, count, last, rate; p50, p95, p99 of a histogram (default: avg)"), N_("AGG") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &options.csv, N_("Print CSV (time,value) on standard output"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = lumina_cli_context_new (cli, entries);
  g_autoptr(GError) error = NULL;
  int status;

  if (!lumina_cli_parse (cli, context, &args, 1, &status))
    goto out;
  if (args[1] == NULL)
    status = lumina_cli_usage_error (context, _("Give the metric to query"));
  else if (options.csv && cli->json)
    status = lumina_cli_usage_error (context, _("Give --csv or --json, not both"));
  else if (!parse_query (&options, args[1], &query, &error))
    status = lumina_cli_usage_error (context, "%s", error->message);
  else
    status = query_run (cli, &query, options.csv);

out:
  query_clear (&query);
  query_options_clear (&options);
  return status;
}
