/* test-profile.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lumina-engine.h"
#include "lumina-profile.h"

#define APPROX(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* Builders for test frames: NAN / NULL mark missing values. */
static LuminaColumn *
float_column (const char   *name,
              const double *values,
              gsize         n)
{
  LuminaColumn *column = lumina_column_new (name, LUMINA_COLUMN_TYPE_FLOAT, n);

  for (gsize i = 0; i < n; i++)
    {
      column->f64[i] = values[i];
      if (isnan (values[i]))
        lumina_column_set_null (column, i);
    }
  return column;
}

static LuminaColumn *
int_column (const char   *name,
            const gint64 *values,
            gsize         n)
{
  LuminaColumn *column = lumina_column_new (name, LUMINA_COLUMN_TYPE_INTEGER, n);

  memcpy (column->i64, values, n * sizeof (gint64));
  return column;
}

static LuminaColumn *
string_column (const char         *name,
               LuminaColumnType    type,
               const char * const *values,
               gsize               n)
{
  LuminaColumn *column = lumina_column_new (name, type, n);

  for (gsize i = 0; i < n; i++)
    {
      if (values[i] == NULL)
        lumina_column_set_null (column, i);
      else
        column->codes[i] = lumina_column_intern (column, values[i]);
    }
  return column;
}

static LuminaFrame *
frame_of (gsize         n_rows,
          LuminaColumn *first,
          ...)
{
  LuminaFrame *frame = lumina_frame_new (n_rows);
  va_list args;

  va_start (args, first);
  for (LuminaColumn *column = first; column != NULL; column = va_arg (args, LuminaColumn *))
    lumina_frame_add_column (frame, column);
  va_end (args);
  return frame;
}

static JsonObject *
column_at (JsonNode *profile,
           guint     index)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (profile), "columns");

  return json_array_get_object_element (columns, index);
}

static double
member_double (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i + 1] != NULL; i++)
    object = json_object_get_object_member (object, parts[i]);
  g_assert_true (json_object_has_member (object, parts[g_strv_length (parts) - 1]));
  return json_object_get_double_member (object, parts[g_strv_length (parts) - 1]);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

static gint64
histogram_count (JsonObject *column,
                 guint       bin)
{
  JsonObject *histogram = json_object_get_object_member (column, "histogram");

  return json_array_get_int_element (json_object_get_array_member (histogram, "counts"), bin);
}

static guint
histogram_bins (JsonObject *column)
{
  JsonObject *histogram = json_object_get_object_member (column, "histogram");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (histogram, "edges")), ==,
                    json_array_get_length (json_object_get_array_member (histogram, "counts")) + 1);
  return json_array_get_length (json_object_get_array_member (histogram, "counts"));
}

static void
assert_finite (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        assert_finite (l->data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        assert_finite (json_array_get_element (json_node_get_array (node), i));
    }
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    g_assert_true (isfinite (json_node_get_double (node)));
}

static const char *
top_value (JsonObject *column,
           guint       index)
{
  JsonArray *top = json_object_get_array_member (column, "top");

  return json_object_get_string_member (json_array_get_object_element (top, index), "value");
}

static gint64
top_count (JsonObject *column,
           guint       index)
{
  JsonArray *top = json_object_get_array_member (column, "top");

  return json_object_get_int_member (json_array_get_object_element (top, index), "count");
}

/* Serialises, checks the text is valid JSON without NaN or infinities. */
static char *
round_trip (JsonNode *profile)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char *text;

  assert_finite (profile);
  json_generator_set_root (generator, profile);
  text = json_generator_to_data (generator, NULL);
  g_assert_false (g_regex_match_simple ("[:,\\[]\\s*-?(nan|inf)", text, G_REGEX_CASELESS, 0));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_numeric_exact (void)
{
  double values[100], small[100] = { 0, 0, 0, 1, 2, 10 };
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) profile = NULL;
  JsonObject *c, *s;

  for (guint i = 0; i < 100; i++)
    {
      values[(i * 37) % 100] = i + 1;   /* 1..100, shuffled */
      small[i] = i < 6 ? small[i] : NAN;
    }
  frame = frame_of (100, float_column ("x", values, 100), float_column ("small", small, 100), NULL);
  profile = lumina_profile_frame (frame, -1);
  c = column_at (profile, 0);

  g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "float");
  g_assert_cmpint (member_int (c, "count"), ==, 100);
  g_assert_cmpint (member_int (c, "distinct"), ==, 100);
  g_assert_true (json_object_get_boolean_member (c, "distinct_exact"));
  APPROX (member_double (c, "min"), 1, 1e-12);
  APPROX (member_double (c, "max"), 100, 1e-12);
  APPROX (member_double (c, "mean"), 50.5, 1e-12);
  APPROX (member_double (c, "std"), sqrt (101.0 * 100 / 12), 1e-9);   /* var of 1..n is n(n+1)/12 */
  APPROX (member_double (c, "quantiles.p01"), 1.99, 1e-9);
  APPROX (member_double (c, "quantiles.p05"), 5.95, 1e-9);
  APPROX (member_double (c, "quantiles.p25"), 25.75, 1e-9);
  APPROX (member_double (c, "quantiles.p50"), 50.5, 1e-9);
  APPROX (member_double (c, "quantiles.p75"), 75.25, 1e-9);
  APPROX (member_double (c, "quantiles.p95"), 95.05, 1e-9);
  APPROX (member_double (c, "quantiles.p99"), 99.01, 1e-9);
  g_assert_cmpuint (histogram_bins (c), ==, 20);
  for (guint bin = 0; bin < 20; bin++)
    g_assert_cmpint (histogram_count (c, bin), ==, 5);
  g_assert_cmpint (member_int (c, "zeros"), ==, 0);
  g_assert_false (json_object_has_member (c, "top"));

  s = column_at (profile, 1);
  g_assert_cmpint (member_int (s, "count"), ==, 6);
  g_assert_cmpint (member_int (s, "missing"), ==, 94);
  g_assert_cmpint (member_int (s, "zeros"), ==, 3);
  g_assert_cmpint (member_int (s, "distinct"), ==, 4);
  APPROX (member_double (s, "mean"), 13.0 / 6, 1e-12);
  /* Deviations from 13/6, in sixths: -13 (three times), -7, -1, 47. */
  APPROX (member_double (s, "std"), sqrt ((3 * 169.0 + 49 + 1 + 2209) / 36 / 5), 1e-9);
  /* 20 bins of width 0.5 over [0, 10]: 0 → bin 0, 1 → 2, 2 → 4, 10 → the last. */
  g_assert_cmpint (histogram_count (s, 0), ==, 3);
  g_assert_cmpint (histogram_count (s, 2), ==, 1);
  g_assert_cmpint (histogram_count (s, 4), ==, 1);
  g_assert_cmpint (histogram_count (s, 19), ==, 1);
  g_assert_cmpint (histogram_count (s, 1) + histogram_count (s, 10), ==, 0);
  g_free (round_trip (profile));
}

static void
test_integer_bins (void)
{
  gint64 values[] = { 3, 4, 4, 7 };
  g_autoptr(LuminaFrame) frame = frame_of (4, int_column ("n", values, 4), NULL);
  g_autoptr(JsonNode) profile = lumina_profile_frame (frame, -1);
  JsonObject *c = column_at (profile, 0);
  JsonObject *histogram = json_object_get_object_member (c, "histogram");
  JsonArray *edges = json_object_get_array_member (histogram, "edges");
  gint64 expected[] = { 1, 2, 0, 0, 1 };

  g_assert_cmpuint (histogram_bins (c), ==, 5);   /* one bin per value from 3 to 7 */
  APPROX (json_array_get_double_element (edges, 0), 2.5, 1e-12);
  APPROX (json_array_get_double_element (edges, 5), 7.5, 1e-12);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (histogram_count (c, i), ==, expected[i]);
  APPROX (member_double (c, "quantiles.p50"), 4, 1e-12);
}

static void
test_missing (void)
{
  double values[] = { 1, NAN, 3, NAN, NAN };
  double none[] = { NAN, NAN, NAN, NAN, NAN };
  const char *labels[] = { "a", NULL, "a", "b", NULL };
  LuminaColumn *l_column = string_column ("l", LUMINA_COLUMN_TYPE_CATEGORICAL, labels, 5);
  g_autoptr(LuminaFrame) frame = frame_of (5, float_column ("x", values, 5),
                                           float_column ("gone", none, 5), l_column, NULL);
  g_autoptr(JsonNode) profile = lumina_profile_frame (frame, -1);
  JsonObject *x = column_at (profile, 0), *gone = column_at (profile, 1);
  JsonObject *l = column_at (profile, 2);

  g_assert_cmpint (member_int (x, "count"), ==, 2);
  g_assert_cmpint (member_int (x, "missing"), ==, 3);
  APPROX (member_double (x, "missing_fraction"), 0.6, 1e-12);
  APPROX (member_double (x, "mean"), 2, 1e-12);

  g_assert_cmpint (member_int (gone, "count"), ==, 0);
  g_assert_cmpint (member_int (gone, "missing"), ==, 5);
  g_assert_cmpint (member_int (gone, "distinct"), ==, 0);
  g_assert_false (json_object_has_member (gone, "mean"));
  g_assert_false (json_object_has_member (gone, "min"));
  g_assert_false (json_object_has_member (gone, "quantiles"));
  g_assert_false (json_object_has_member (gone, "histogram"));

  g_assert_cmpint (member_int (l, "count"), ==, 3);
  g_assert_cmpint (member_int (l, "missing"), ==, 2);
  g_assert_cmpint (member_int (l, "distinct"), ==, 2);
  g_free (round_trip (profile));
}

static void
test_empty_and_constant (void)
{
  double constant[] = { 4, 4, 4, 4 }, target[] = { 1, 2, 3, 4 };
  g_autoptr(LuminaFrame) empty = frame_of (0, float_column ("x", NULL, 0),
                                           string_column ("t", LUMINA_COLUMN_TYPE_TEXT, NULL, 0),
                                           NULL);
  g_autoptr(LuminaFrame) flat = frame_of (4, float_column ("c", constant, 4),
                                          float_column ("y", target, 4), NULL);
  g_autoptr(JsonNode) p0 = lumina_profile_frame (empty, -1);
  g_autoptr(JsonNode) p1 = lumina_profile_frame (flat, 1);
  JsonObject *c;

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (p0), "rows"), ==, 0);
  g_assert_cmpint (member_int (column_at (p0, 0), "count"), ==, 0);
  APPROX (member_double (column_at (p0, 0), "missing_fraction"), 0, 1e-12);
  g_assert_false (json_object_has_member (column_at (p0, 0), "mean"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (column_at (p0, 1), "top")),
                    ==, 0);
  g_free (round_trip (p0));

  c = column_at (p1, 0);
  APPROX (member_double (c, "std"), 0, 1e-12);
  g_assert_cmpint (member_int (c, "distinct"), ==, 1);
  g_assert_cmpuint (histogram_bins (c), ==, 1);
  g_assert_cmpint (histogram_count (c, 0), ==, 4);
  g_assert_false (json_object_has_member (c, "target_correlation"));   /* no variance, no r */
  /* Nor for the target itself. */
  g_assert_false (json_object_has_member (column_at (p1, 1), "target_correlation"));
  g_free (round_trip (p1));
}

static void
test_infinity (void)
{
  double values[] = { 1, INFINITY, 3, -INFINITY, 5, INFINITY };
  double extreme[] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, 0, 1 };
  g_autoptr(LuminaFrame) frame = frame_of (6, float_column ("x", values, 6),
                                           float_column ("big", extreme, 6), NULL);
  g_autoptr(JsonNode) profile = lumina_profile_frame (frame, 0);
  JsonObject *x = column_at (profile, 0);

  g_assert_cmpint (member_int (x, "count"), ==, 6);
  g_assert_cmpint (member_int (x, "infinite"), ==, 3);
  g_assert_cmpint (member_int (x, "distinct"), ==, 5);
  APPROX (member_double (x, "mean"), 3, 1e-12);
  APPROX (member_double (x, "max"), 5, 1e-12);
  APPROX (member_double (x, "quantiles.p50"), 3, 1e-12);
  /* Sums overflow here: whatever cannot be computed is left out, never written as inf. */
  g_free (round_trip (profile));
}

static void
test_timestamps_text_boolean (void)
{
  const char *words[] = { "héllo", "a", "héllo", NULL };
  LuminaColumn *when = lumina_column_new ("when", LUMINA_COLUMN_TYPE_TIMESTAMP, 4);
  LuminaColumn *flag = lumina_column_new ("flag", LUMINA_COLUMN_TYPE_BOOLEAN, 4);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) profile = NULL;
  JsonObject *t, *w, *b;

  when->i64[0] = G_GINT64_CONSTANT (1700000000000000);
  when->i64[1] = G_GINT64_CONSTANT (1700000000500000);
  when->i64[2] = G_GINT64_CONSTANT (-1500000);
  lumina_column_set_null (when, 3);
  flag->u8[0] = flag->u8[1] = flag->u8[3] = 1;
  frame = frame_of (4, when, string_column ("w", LUMINA_COLUMN_TYPE_TEXT, words, 4), flag, NULL);
  profile = lumina_profile_frame (frame, -1);

  t = column_at (profile, 0);
  g_assert_cmpstr (json_object_get_string_member (t, "min_time"), ==,
                   "1969-12-31T23:59:58.500000Z");
  g_assert_cmpstr (json_object_get_string_member (t, "max_time"), ==,
                   "2023-11-14T22:13:20.500000Z");

  w = column_at (profile, 1);
  APPROX (member_double (w, "mean_length"), 11.0 / 3, 1e-12);   /* characters, not bytes */
  g_assert_cmpint (member_int (w, "max_length"), ==, 5);
  g_assert_cmpstr (top_value (w, 0), ==, "héllo");
  g_assert_cmpint (top_count (w, 0), ==, 2);

  b = column_at (profile, 2);
  APPROX (member_double (b, "mean"), 0.75, 1e-12);
  g_assert_cmpstr (top_value (b, 0), ==, "true");
  g_assert_cmpint (top_count (b, 1), ==, 1);
  g_assert_cmpuint (histogram_bins (b), ==, 2);
  g_free (round_trip (profile));
}

static LuminaFrame *
category_chunk (const char * const *values,
                gsize               n)
{
  return frame_of (n, string_column ("c", LUMINA_COLUMN_TYPE_CATEGORICAL, values, n), NULL);
}

static void
test_top_categories (void)
{
  /* Each chunk interns in its own order, so codes differ between chunks. */
  const char *first[] = { "b", "a", "b", "c", "k", "l" };
  const char *second[] = { "c", "c", "a", "b", "d", "e", "f", "g", "h", "i", "j" };
  g_autoptr(LuminaFrame) one = category_chunk (first, G_N_ELEMENTS (first));
  g_autoptr(LuminaFrame) two = category_chunk (second, G_N_ELEMENTS (second));
  g_autoptr(LuminaProfileBuilder) builder = lumina_profile_builder_new (-1);
  g_autoptr(JsonNode) profile = NULL;
  const char *order[] = { "b", "c", "a", "d", "e", "f", "g", "h", "i", "j" };
  JsonObject *c;
  JsonArray *top;

  lumina_profile_builder_add_frame (builder, one);
  lumina_profile_builder_add_frame (builder, two);
  profile = lumina_profile_builder_finish (builder);
  c = column_at (profile, 0);
  top = json_object_get_array_member (c, "top");

  g_assert_cmpint (member_int (c, "distinct"), ==, 12);
  g_assert_true (json_object_get_boolean_member (c, "top_exact"));
  g_assert_cmpuint (json_array_get_length (top), ==, 10);
  for (guint i = 0; i < 10; i++)   /* by count, then by value */
    g_assert_cmpstr (top_value (c, i), ==, order[i]);
  g_assert_cmpint (top_count (c, 0), ==, 3);
  g_assert_cmpint (top_count (c, 1), ==, 3);
  g_assert_cmpint (top_count (c, 2), ==, 2);
}

static double
correlation_of (JsonObject *column,
                const char *method)
{
  JsonObject *correlation;

  g_assert_true (json_object_has_member (column, "target_correlation"));
  correlation = json_object_get_object_member (column, "target_correlation");
  g_assert_cmpstr (json_object_get_string_member (correlation, "method"), ==, method);
  return json_object_get_double_member (correlation, "value");
}

static void
test_pearson (void)
{
  gsize n = 10000;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n), *noise = g_new (double, n);
  g_autofree double *neg = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) profile = NULL;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = g_rand_double_range (rand, -5, 5);
      y[i] = 2 * x[i] + 1;
      neg[i] = -3 * x[i];
      noise[i] = g_rand_double (rand);
    }
  x[7] = NAN;   /* missing on one side: the pair is skipped */
  frame = frame_of (n, float_column ("x", x, n), float_column ("neg", neg, n),
                    float_column ("noise", noise, n), float_column ("y", y, n), NULL);
  profile = lumina_profile_frame (frame, 3);

  APPROX (correlation_of (column_at (profile, 0), "pearson"), 1, 1e-9);
  APPROX (correlation_of (column_at (profile, 1), "pearson"), -1, 1e-9);
  g_assert_cmpfloat (fabs (correlation_of (column_at (profile, 2), "pearson")), <, 0.05);
}

static void
test_correlation_ratio (void)
{
  const char *groups[] = { "lo", "mid", "hi" };
  double means[] = { 1, 5, 9 };
  gsize n = 3000;
  g_autofree const char **labels = g_new (const char *, n);
  g_autofree double *exact = g_new (double, n), *noise = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) by_target = NULL, by_feature = NULL;

  for (gsize i = 0; i < n; i++)
    {
      labels[i] = groups[i % 3];
      exact[i] = means[i % 3];
      noise[i] = g_rand_double (rand);
    }
  frame = frame_of (n, float_column ("exact", exact, n), float_column ("noise", noise, n),
                    string_column ("label", LUMINA_COLUMN_TYPE_CATEGORICAL, labels, n), NULL);

  by_target = lumina_profile_frame (frame, 2);   /* numeric features, categorical target */
  APPROX (correlation_of (column_at (by_target, 0), "correlation_ratio"), 1, 1e-9);
  g_assert_cmpfloat (correlation_of (column_at (by_target, 1), "correlation_ratio"), <, 0.1);

  by_feature = lumina_profile_frame (frame, 0);  /* categorical feature, numeric target */
  APPROX (correlation_of (column_at (by_feature, 2), "correlation_ratio"), 1, 1e-9);
}

static void
test_cramers_v (void)
{
  const char *colours[] = { "red", "green", "blue" }, *fruit[] = { "cherry", "lime", "plum" };
  gsize n = 3000;
  g_autofree const char **a = g_new (const char *, n), **b = g_new (const char *, n);
  g_autofree const char **c = g_new (const char *, n), **many = g_new (const char *, n);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) profile = NULL;
  LuminaColumn *flag = lumina_column_new ("flag", LUMINA_COLUMN_TYPE_BOOLEAN, n);

  for (gsize i = 0; i < n; i++)
    {
      a[i] = colours[i % 3];
      b[i] = fruit[i % 3];                              /* a function of a */
      c[i] = colours[g_rand_int_range (rand, 0, 3)];    /* independent */
      g_ptr_array_add (names, g_strdup_printf ("id%zu", i % 1500));
      many[i] = g_ptr_array_index (names, i);
      flag->u8[i] = i % 3 == 0;
    }
  frame = frame_of (n, string_column ("b", LUMINA_COLUMN_TYPE_CATEGORICAL, b, n),
                    string_column ("c", LUMINA_COLUMN_TYPE_CATEGORICAL, c, n),
                    string_column ("many", LUMINA_COLUMN_TYPE_TEXT, many, n), flag,
                    string_column ("a", LUMINA_COLUMN_TYPE_CATEGORICAL, a, n), NULL);
  profile = lumina_profile_frame (frame, 4);

  APPROX (correlation_of (column_at (profile, 0), "cramers_v"), 1, 1e-9);
  g_assert_cmpfloat (correlation_of (column_at (profile, 1), "cramers_v"), <, 0.08);
  /* 1,500 categories: past the bound, so left out. */
  g_assert_false (json_object_has_member (column_at (profile, 2), "target_correlation"));
  APPROX (correlation_of (column_at (profile, 3), "cramers_v"), 1, 1e-9);   /* flag = (a == red) */
}

static LuminaFrame *
numeric_chunk (gsize   offset,
               gsize   n,
               GRand  *rand)
{
  g_autofree double *unique = g_new (double, n), *uniform = g_new (double, n);
  g_autofree double *skewed = g_new (double, n);
  g_autofree const char **labels = g_new (const char *, n);
  static const char *names[] = { "x", "y", "z" };

  for (gsize i = 0; i < n; i++)
    {
      unique[i] = (double) ((offset + i) * 7919 % 1000003);   /* distinct, shuffled */
      uniform[i] = g_rand_double (rand);
      skewed[i] = -log (1 - g_rand_double (rand));            /* exponential */
      labels[i] = names[g_rand_int_range (rand, 0, 3)];
    }
  return frame_of (n, float_column ("unique", unique, n), float_column ("uniform", uniform, n),
                   float_column ("skewed", skewed, n),
                   string_column ("label", LUMINA_COLUMN_TYPE_CATEGORICAL, labels, n), NULL);
}

/* Numbers within a relative tolerance, everything else equal. */
static void
assert_json_close (JsonNode *a,
                   JsonNode *b)
{
  g_assert_cmpint (json_node_get_node_type (a), ==, json_node_get_node_type (b));
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (a));

      g_assert_cmpuint (json_object_get_size (json_node_get_object (a)), ==,
                        json_object_get_size (json_node_get_object (b)));
      for (GList *l = names; l != NULL; l = l->next)
        assert_json_close (json_object_get_member (json_node_get_object (a), l->data),
                           json_object_get_member (json_node_get_object (b), l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (a))
    {
      g_assert_cmpuint (json_array_get_length (json_node_get_array (a)), ==,
                        json_array_get_length (json_node_get_array (b)));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (a)); i++)
        assert_json_close (json_array_get_element (json_node_get_array (a), i),
                           json_array_get_element (json_node_get_array (b), i));
    }
  else if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
    {
      double x = json_node_get_double (a);

      APPROX (x, json_node_get_double (b), 1e-9 * MAX (1, fabs (x)));
    }
  else
    g_assert_true (json_node_equal (a, b));
}

static void
test_merge_exact (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(LuminaProfileBuilder) all = lumina_profile_builder_new (1);
  g_autoptr(LuminaProfileBuilder) left = lumina_profile_builder_new (1);
  g_autoptr(LuminaProfileBuilder) right = lumina_profile_builder_new (1);
  g_autoptr(JsonNode) expected = NULL, merged = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(LuminaFrame) chunk = numeric_chunk (i * 5000, 5000, rand);

      lumina_profile_builder_add_frame (all, chunk);
      lumina_profile_builder_add_frame (i % 2 ? right : left, chunk);
    }
  lumina_profile_builder_merge (left, right);
  expected = lumina_profile_builder_finish (all);
  merged = lumina_profile_builder_finish (left);
  g_assert_true (json_object_get_boolean_member (column_at (merged, 1), "distinct_exact"));
  assert_json_close (expected, merged);
}

/* The rank of @value among @sorted, as a fraction. */
static double
rank_in (const double *sorted,
         gsize         n,
         double        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (sorted[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (double) lo / (double) n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* 1,000,000 rows in two builders of 10 chunks each, merged: past every
 * exact limit, so distinct, quantiles and histograms come from sketches. */
static void
test_merge_sketch (void)
{
  static const char *qs[] = { "p01", "p05", "p25", "p50", "p75", "p95", "p99" };
  static const double q[] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };
  gsize n = 1000000, chunk = 50000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(LuminaProfileBuilder) left = lumina_profile_builder_new (-1);
  g_autoptr(LuminaProfileBuilder) right = lumina_profile_builder_new (-1);
  g_autofree double *skewed = g_new (double, n);
  g_autoptr(JsonNode) profile = NULL;
  JsonObject *unique, *uniform, *exp_column;

  for (gsize at = 0; at < n; at += chunk)
    {
      g_autoptr(LuminaFrame) frame = numeric_chunk (at, chunk, rand);

      memcpy (skewed + at, lumina_frame_get_column (frame, 2)->f64, chunk * sizeof (double));
      lumina_profile_builder_add_frame (at < n / 2 ? left : right, frame);
    }
  lumina_profile_builder_merge (left, right);
  profile = lumina_profile_builder_finish (left);
  qsort (skewed, n, sizeof (double), compare_doubles);

  unique = column_at (profile, 0);
  g_assert_false (json_object_get_boolean_member (unique, "distinct_exact"));
  APPROX ((double) member_int (unique, "distinct") / n, 1, 0.02);
  uniform = column_at (profile, 1);
  exp_column = column_at (profile, 2);
  APPROX (member_double (uniform, "mean"), 0.5, 0.002);
  APPROX (member_double (exp_column, "std"), 1, 0.01);
  for (guint i = 0; i < G_N_ELEMENTS (qs); i++)
    {
      g_autofree char *path = g_strconcat ("quantiles.", qs[i], NULL);

      APPROX (member_double (uniform, path), q[i], 0.02);   /* the rank error bound, 2% */
      APPROX (rank_in (skewed, n, member_double (exp_column, path)), q[i], 0.02);
    }
  for (guint bin = 0; bin < 20; bin++)   /* uniform: 50,000 per bin */
    APPROX ((double) histogram_count (uniform, bin), n / 20.0, n / 20.0 * 0.03);
  g_assert_cmpint (member_int (column_at (profile, 3), "count"), ==, n);
  g_free (round_trip (profile));
}

static gpointer
share_work (gpointer share)
{
  lumina_profile_share_work (share);
  return NULL;
}

/* Several threads sharing one frame's columns make exactly the profile
 * one thread makes: every type of column, with a target. */
static void
test_shared_threads (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "wa_churn.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(LuminaFrame) big = numeric_chunk (0, 300000, rand);

  g_assert_no_error (error);
  for (int pass = 0; pass < 2; pass++)
    {
      LuminaFrame *subject = pass == 0 ? frame : big;
      int target = pass == 0 ? lumina_frame_find_column (frame, "churn") : 3;
      g_autoptr(JsonNode) alone = lumina_profile_frame (subject, target);
      LuminaProfileShare *share = lumina_profile_share_new (subject, target);
      GThread *threads[3];
      g_autoptr(JsonNode) shared = NULL;
      g_autofree char *alone_text = NULL, *shared_text = NULL;

      g_assert_cmpint (target, >=, 0);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("share", share_work, share);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);
      shared = lumina_profile_share_finish (share);

      alone_text = json_to_string (alone, FALSE);
      shared_text = json_to_string (shared, FALSE);
      g_assert_cmpstr (shared_text, ==, alone_text);
      g_assert_nonnull (strstr (shared_text, "\"target_correlation\""));
    }
}

/* A file whose types only show late: a column of integers that meets a
 * fraction, one of numbers that meets a word (a second pass reads it as
 * text), one empty until half-way, strings that stay categorical or turn
 * out to be text, a quoted newline, a target. */
static char *
write_late_types_csv (const char *dir,
                      guint       n_rows)
{
  static const char *cities[] = { "Oslo", "Lima", "Pune", "Kyiv", "Perth" };
  g_autoptr(GString) text = g_string_new ("id,ratio,code,late,city,note,when,flag,label\n");
  g_autofree char *path = g_build_filename (dir, "late-types.csv", NULL);
  g_autoptr(GError) error = NULL;

  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *ratio = r < n_rows * 9 / 10 ? g_strdup_printf ("%u", r % 97)
                                                   : g_strdup_printf ("%u.25", r % 97);
      const char *late = r < n_rows / 2 ? "" : NULL;
      g_autofree char *late_value = late ? NULL : g_strdup_printf ("%u", r * 3);
      g_autofree char *code = r == n_rows - 7 ? g_strdup ("n/a-x") : g_strdup_printf ("%u", r % 13);
      g_autofree char *note = r % 1000 == 999 ? g_strdup_printf ("\"line %u\nnext, \"\"quoted\"\"\"", r)
                                              : g_strdup_printf ("note %u", r);

      g_string_append_printf (text, "%u,%s,%s,%s,%s,%s,2024-%02u-%02uT%02u:00:00Z,%s,%s\n",
                              r, ratio, code, late ? late : late_value, cities[r % 5], note,
                              1 + r % 12, 1 + r % 28, r % 24, r % 3 ? "true" : "false",
                              (r * 7919) % 11 < 4 ? "yes" : "no");
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_streamed_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lumina-profile-XXXXXX", NULL);
  g_autofree char *path = write_late_types_csv (dir, 30000);
  g_autofree char *gz_path = g_strconcat (path, ".gz", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) gz_file = g_file_new_for_path (gz_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) whole = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
  g_autoptr(JsonNode) expected = NULL;
  LuminaCsvInfo info;

  g_assert_no_error (error);
  expected = lumina_profile_frame (whole, lumina_frame_find_column (whole, "label"));

  /* Many small chunks (a quoted newline falls across some of their cuts),
   * one big one, and the same text gzipped. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) streamed = NULL;
      gsize chunk = i == 0 ? 8192 : 0;

      if (i == 2)
        {
          g_autofree char *contents = NULL;
          gsize length;
          g_autoptr(GConverter) gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
          g_autoptr(GOutputStream) raw = G_OUTPUT_STREAM (g_file_replace (gz_file, NULL, FALSE, 0, NULL, &error));
          g_autoptr(GOutputStream) out = g_converter_output_stream_new (raw, gzip);

          g_assert_no_error (error);
          g_assert_true (g_file_get_contents (path, &contents, &length, &error));
          g_assert_true (g_output_stream_write_all (out, contents, length, NULL, NULL, &error));
          g_assert_true (g_output_stream_close (out, NULL, &error));
          g_assert_no_error (error);
          chunk = 10000;
        }

      streamed = lumina_csv_profile_file (i == 2 ? gz_file : file, NULL, "label", chunk, &info, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (streamed);
      assert_json_close (streamed, expected);
      g_assert_cmpint (info.has_header, ==, TRUE);
      g_assert_cmpint (info.delimiter, ==, ',');
    }

  /* Every reference dataset, in 4 KB chunks: the profile of a whole read. */
  {
    static const char *files[] = { "breast_cancer.csv", "wa_churn.csv", "seattle_weather.csv", "penguins.csv",
                                    "diamonds.csv", "iris.csv", "diabetes.csv", "concrete.csv" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", files[i], NULL);
        g_autoptr(GFile) fixture_file = g_file_new_for_path (fixture);
        g_autoptr(LuminaFrame) frame = lumina_csv_read_file (fixture_file, NULL, NULL, NULL, &error);
        g_autoptr(JsonNode) read_whole = NULL;
        g_autoptr(JsonNode) read_streamed = NULL;

        g_assert_no_error (error);
        read_whole = lumina_profile_frame (frame, lumina_frame_get_n_columns (frame) - 1);
        read_streamed = lumina_csv_profile_file (fixture_file, NULL,
                                                 lumina_frame_get_column (frame, lumina_frame_get_n_columns (frame) - 1)->name,
                                                 4096, NULL, NULL, &error);
        g_assert_no_error (error);
        assert_json_close (read_streamed, read_whole);
      }
  }

  /* The types came out as a whole-file read has them. */
  {
    JsonObject *code = column_at (expected, 2), *ratio = column_at (expected, 1);

    g_assert_cmpstr (json_object_get_string_member (ratio, "type"), ==, "float");
    g_assert_cmpstr (json_object_get_string_member (code, "type"), ==, "categorical");
    g_assert_cmpstr (json_object_get_string_member (column_at (expected, 3), "type"), ==, "integer");
    g_assert_cmpstr (json_object_get_string_member (column_at (expected, 5), "type"), ==, "text");
  }

  /* A bad row deep in the file: the error names its line in the file. */
  {
    g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
    g_autoptr(GString) text = g_string_new ("a,b\n");
    g_autoptr(JsonNode) none = NULL;

    for (guint r = 0; r < 5000; r++)
      g_string_append_printf (text, "%u,%u\n", r, r * 2);
    g_string_append (text, "1,2,3\n");
    g_assert_true (g_file_set_contents (bad, text->str, text->len, &error));
    none = lumina_csv_profile_file (bad_file, NULL, NULL, 4096, NULL, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "line 5002,"));
    g_clear_error (&error);
  }

  {
    g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);

    g_remove (path);
    g_remove (gz_path);
    g_remove (bad);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/profile/numeric-exact", test_numeric_exact);
  g_test_add_func ("/engine/profile/integer-bins", test_integer_bins);
  g_test_add_func ("/engine/profile/missing", test_missing);
  g_test_add_func ("/engine/profile/empty-and-constant", test_empty_and_constant);
  g_test_add_func ("/engine/profile/infinity", test_infinity);
  g_test_add_func ("/engine/profile/timestamp-text-boolean", test_timestamps_text_boolean);
  g_test_add_func ("/engine/profile/top-categories", test_top_categories);
  g_test_add_func ("/engine/profile/pearson", test_pearson);
  g_test_add_func ("/engine/profile/correlation-ratio", test_correlation_ratio);
  g_test_add_func ("/engine/profile/cramers-v", test_cramers_v);
  g_test_add_func ("/engine/profile/merge-exact", test_merge_exact);
  g_test_add_func ("/engine/profile/merge-sketch", test_merge_sketch);
  g_test_add_func ("/engine/profile/shared-threads", test_shared_threads);
  g_test_add_func ("/engine/profile/streamed-file", test_streamed_file);

  return g_test_run ();
}
