/* test-preprocess.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"

static LuminaColumn *
float_column (const char   *name,
              const double *values,
              gsize         n)
{
  LuminaColumn *column = lumina_column_new (name, LUMINA_COLUMN_TYPE_FLOAT, n);

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        lumina_column_set_null (column, i);
      else
        column->f64[i] = values[i];
    }
  return column;
}

static LuminaColumn *
string_column (const char        *name,
               LuminaColumnType   type,
               const char *const *values,
               gsize              n)
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

static int
output_index (LuminaPreprocessor *pre,
              const char         *name)
{
  const char * const *names = lumina_preprocessor_get_output_names (pre);

  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return i;
  return -1;
}

static gboolean
notes_mention (LuminaPreprocessor *pre,
               const char         *text)
{
  const char * const *notes = lumina_preprocessor_get_notes (pre);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], text) != NULL)
      return TRUE;
  return FALSE;
}

/* 6 rows: every column type, a constant, an all-missing and an ID column. */
static LuminaFrame *
mixed_frame (void)
{
  static const double num[] = { 1.5, NAN, 3.0, 4.0, 5.0, 6.0 };
  static const double constant[] = { 7, 7, 7, 7, 7, 7 };
  static const double empty[] = { NAN, NAN, NAN, NAN, NAN, NAN };
  static const char * const colors[] = { "red", "green", NULL, "blue", "red", "green" };
  static const char * const target[] = { "a", "b", "a", "b", "a", "b" };
  LuminaFrame *frame = lumina_frame_new (6);
  LuminaColumn *integer = lumina_column_new ("int", LUMINA_COLUMN_TYPE_INTEGER, 6);
  LuminaColumn *flag = lumina_column_new ("flag", LUMINA_COLUMN_TYPE_BOOLEAN, 6);
  LuminaColumn *when = lumina_column_new ("when", LUMINA_COLUMN_TYPE_TIMESTAMP, 6);
  LuminaColumn *id = lumina_column_new ("id", LUMINA_COLUMN_TYPE_INTEGER, 6);

  for (gsize i = 0; i < 6; i++)
    {
      integer->i64[i] = (gint64) i * 10;
      flag->u8[i] = i % 2;
      when->i64[i] = (gint64) (1700000000 + i * 60) * G_USEC_PER_SEC;
      id->i64[i] = 1000 + (gint64) i;
    }

  lumina_frame_add_column (frame, float_column ("num", num, 6));
  lumina_frame_add_column (frame, integer);
  lumina_frame_add_column (frame, flag);
  lumina_frame_add_column (frame, when);
  lumina_frame_add_column (frame, string_column ("color", LUMINA_COLUMN_TYPE_CATEGORICAL, colors, 6));
  lumina_frame_add_column (frame, float_column ("const", constant, 6));
  lumina_frame_add_column (frame, float_column ("empty", empty, 6));
  lumina_frame_add_column (frame, id);
  lumina_frame_add_column (frame, string_column ("y", LUMINA_COLUMN_TYPE_CATEGORICAL, target, 6));
  lumina_frame_set_role (frame, 7, LUMINA_COLUMN_ROLE_ID);
  return frame;
}

static void
test_trees (void)
{
  g_autoptr(LuminaFrame) frame = mixed_frame ();
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *names;
  const guint *sources;
  guint n_outputs;

  lumina_preprocessor_fit (pre, frame, "y", NULL, &error);
  g_assert_no_error (error);

  names = lumina_preprocessor_get_output_names (pre);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 5);
  g_assert_cmpstr (names[0], ==, "num");
  g_assert_cmpstr (names[1], ==, "int");
  g_assert_cmpstr (names[2], ==, "flag");
  g_assert_cmpstr (names[3], ==, "when");
  g_assert_cmpstr (names[4], ==, "color");
  sources = lumina_preprocessor_get_output_sources (pre, &n_outputs);
  g_assert_cmpuint (n_outputs, ==, 5);
  g_assert_cmpuint (sources[4], ==, 4);
  g_assert_true (notes_mention (pre, "“const” is constant"));
  g_assert_true (notes_mention (pre, "“empty” has no values"));

  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (x->n_rows, ==, 6);
  g_assert_cmpuint (x->n_cols, ==, 5);
  g_assert_cmpstr (x->names[4], ==, "color");
  g_assert_cmpint (x->categorical[4], ==, 1);
  g_assert_cmpint (x->categorical[0], ==, 0);
  g_assert_cmpfloat (lumina_matrix_row (x, 0)[0], ==, 1.5f);
  g_assert_true (isnan (lumina_matrix_row (x, 1)[0]));
  g_assert_cmpfloat (lumina_matrix_row (x, 3)[1], ==, 30.0f);
  g_assert_cmpfloat (lumina_matrix_row (x, 3)[2], ==, 1.0f);
  g_assert_cmpfloat (lumina_matrix_row (x, 2)[3], ==, (float) (1700000000.0 + 120));
  /* Codes follow the sorted levels: blue 0, green 1, red 2; missing NaN. */
  g_assert_cmpfloat (lumina_matrix_row (x, 0)[4], ==, 2.0f);
  g_assert_cmpfloat (lumina_matrix_row (x, 1)[4], ==, 1.0f);
  g_assert_cmpfloat (lumina_matrix_row (x, 3)[4], ==, 0.0f);
  g_assert_true (isnan (lumina_matrix_row (x, 2)[4]));

  g_assert_cmpuint (lumina_preprocessor_estimate_bytes (pre, 1000), >=, 1000 * 5 * sizeof (float));
}

/* A frame like the training one with one row; an unseen color. */
static void
test_unseen_level (void)
{
  g_autoptr(LuminaFrame) train = mixed_frame ();
  g_autoptr(LuminaPreprocessor) trees = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  g_autoptr(LuminaPreprocessor) dense = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaFrame) test = lumina_frame_new (1);
  static const double num[] = { 2.0 };
  static const char * const colors[] = { "purple" };
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(LuminaMatrix) d = NULL;
  g_autoptr(GError) error = NULL;
  LuminaColumn *integer = lumina_column_new ("int", LUMINA_COLUMN_TYPE_INTEGER, 1);
  LuminaColumn *flag = lumina_column_new ("flag", LUMINA_COLUMN_TYPE_BOOLEAN, 1);
  LuminaColumn *when = lumina_column_new ("when", LUMINA_COLUMN_TYPE_TIMESTAMP, 1);

  lumina_frame_add_column (test, string_column ("color", LUMINA_COLUMN_TYPE_TEXT, colors, 1));
  lumina_frame_add_column (test, when);
  lumina_frame_add_column (test, flag);
  lumina_frame_add_column (test, integer);
  lumina_frame_add_column (test, float_column ("num", num, 1));

  g_assert_true (lumina_preprocessor_fit (trees, train, "y", NULL, &error));
  g_assert_true (lumina_preprocessor_fit (dense, train, "y", NULL, &error));
  g_assert_no_error (error);

  x = lumina_preprocessor_transform (trees, test, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (lumina_matrix_row (x, 0)[4]));
  g_assert_cmpfloat (lumina_matrix_row (x, 0)[0], ==, 2.0f);

  /* DENSE: an unseen level sets no one-hot column. */
  d = lumina_preprocessor_transform (dense, test, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const levels[] = { "color=blue", "color=green", "color=red" };
      const char *name = levels[i];
      int k = output_index (dense, name);
      g_autoptr(LuminaMatrix) t = lumina_preprocessor_transform (dense, train, NULL);
      double mean = 0, var = 0;

      g_assert_cmpint (k, >=, 0);
      /* Recover the training mean and std of this column: its two values. */
      for (gsize r = 0; r < 6; r++)
        mean += lumina_matrix_row (t, r)[k] / 6.0;
      for (gsize r = 0; r < 6; r++)
        var += pow (lumina_matrix_row (t, r)[k] - mean, 2) / 6.0;
      g_assert_cmpfloat_with_epsilon (mean, 0, 1e-6);
      g_assert_cmpfloat_with_epsilon (var, 1, 1e-5);
      g_assert_cmpfloat (lumina_matrix_row (d, 0)[k], <, 0);
    }
}

static void
test_dense_statistics (void)
{
  static const double train_x[] = { 1, 2, 3, 4, NAN };
  static const double train_y[] = { 0, 0, 1, 1, 0 };
  static const double test_x[] = { 10, NAN };
  g_autoptr(LuminaFrame) train = lumina_frame_new (5);
  g_autoptr(LuminaFrame) test = lumina_frame_new (2);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  int value, missing;

  lumina_frame_add_column (train, float_column ("x", train_x, 5));
  lumina_frame_add_column (train, float_column ("target", train_y, 5));
  lumina_frame_add_column (test, float_column ("x", test_x, 2));

  g_assert_true (lumina_preprocessor_fit (pre, train, "target", NULL, &error));
  g_assert_no_error (error);
  value = output_index (pre, "x");
  missing = output_index (pre, "x__missing");
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (missing, ==, 1);

  /* median 2.5 imputes; imputed values 1,2,3,4,2.5: mean 2.5, std 1.
   * Indicator 0,0,0,0,1: mean 0.2, std 0.4.  The test rows use these. */
  x = lumina_preprocessor_transform (pre, test, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 0)[value], 7.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 1)[value], 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 0)[missing], -0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 1)[missing], 2.0, 1e-6);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median that imputes a dense column is the sorted one, on odd and even
 * counts, runs of ties, sorted, reversed and shuffled columns, with missing
 * values left out. */
static void
test_median_imputation (void)
{
  const gsize sizes[] = { 1, 2, 3, 4, 5, 8, 17, 64, 1001, 10000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint shape = 0; shape < 5; shape++)
      {
        gsize n = sizes[s] + 1;   /* one missing row */
        g_autofree double *x = g_new (double, n);
        g_autofree double *y = g_new (double, n);
        g_autofree double *sorted = g_new (double, n);
        g_autoptr(LuminaFrame) frame = lumina_frame_new (n);
        g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
        g_autoptr(JsonNode) json = NULL;
        g_autoptr(GError) error = NULL;
        JsonObject *feature;
        gsize m = n - 1;
        double expected;

        for (gsize i = 0; i < m; i++)
          {
            switch (shape)
              {
              case 0: x[i] = g_test_rand_double_range (-1e3, 1e3); break;
              case 1: x[i] = g_test_rand_int_range (0, 4); break;       /* ties */
              case 2: x[i] = (double) i * 0.5; break;                   /* sorted */
              case 3: x[i] = (double) (m - i); break;                   /* reversed */
              default: x[i] = i % 2 ? 7 : -(double) i; break;           /* half one value */
              }
            y[i] = i % 3;
          }
        /* The missing row goes anywhere. */
        x[m] = NAN;
        y[m] = 0;
        if (m > 1)
          {
            gsize at = g_test_rand_int_range (0, m);
            double swap = x[at];

            x[at] = x[m], x[m] = swap;
          }
        for (gsize i = 0, j = 0; i < n; i++)
          if (!isnan (x[i]))
            sorted[j++] = x[i];
        qsort (sorted, m, sizeof (double), compare_doubles);
        expected = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;

        lumina_frame_add_column (frame, float_column ("x", x, n));
        lumina_frame_add_column (frame, float_column ("target", y, n));
        g_assert_true (lumina_preprocessor_fit (pre, frame, "target", NULL, &error));
        g_assert_no_error (error);
        json = lumina_preprocessor_to_json (pre);
        feature = json_array_get_object_element (
          json_object_get_array_member (json_node_get_object (json), "features"), 0);
        g_assert_cmpstr (json_object_get_string_member (feature, "name"), ==, "x");
        g_assert_cmpfloat (json_object_get_double_member (feature, "median"), ==, expected);
      }
}

static LuminaFrame *
levels_frame (guint   n_levels,
              gsize   n_rows,
              double *y)
{
  LuminaFrame *frame = lumina_frame_new (n_rows);
  LuminaColumn *zip = lumina_column_new ("zip", LUMINA_COLUMN_TYPE_CATEGORICAL, n_rows);
  LuminaColumn *target = lumina_column_new ("t", LUMINA_COLUMN_TYPE_FLOAT, n_rows);

  for (gsize i = 0; i < n_rows; i++)
    {
      g_autofree char *level = g_strdup_printf ("z%02u", (guint) (i % n_levels));

      zip->codes[i] = lumina_column_intern (zip, level);
      y[i] = (i % n_levels) % 2 == 0 && i % 3 != 0 ? 1 : 0;
      target->f64[i] = y[i];
    }
  lumina_frame_add_column (frame, zip);
  lumina_frame_add_column (frame, target);
  return frame;
}

static void
test_onehot_limit (void)
{
  double y[320];
  g_autoptr(LuminaFrame) frame = levels_frame (32, 320, y);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_preprocessor_fit (pre, frame, "t", y, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) lumina_preprocessor_get_output_names (pre)), ==, 32);
  g_assert_cmpint (output_index (pre, "zip=z00"), ==, 0);
  g_assert_cmpint (output_index (pre, "zip=z31"), ==, 31);
}

static void
test_target_encoding (void)
{
  double y[330];
  g_autoptr(LuminaFrame) frame = levels_frame (33, 330, y);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  double raw[330], level_sum[33] = { 0 }, prior = 0, mean = 0, var = 0;

  lumina_preprocessor_set_task (pre, LUMINA_TASK_BINARY, 2);
  g_assert_true (lumina_preprocessor_fit (pre, frame, "t", y, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) lumina_preprocessor_get_output_names (pre)), ==, 1);
  g_assert_cmpstr (lumina_preprocessor_get_output_names (pre)[0], ==, "zip__target");

  /* Smoothed mean: (sum + 10 prior) / (count + 10), count 10 per level. */
  for (gsize i = 0; i < 330; i++)
    {
      level_sum[i % 33] += y[i];
      prior += y[i] / 330;
    }
  for (gsize i = 0; i < 330; i++)
    {
      raw[i] = (level_sum[i % 33] + 10 * prior) / (10 + 10);
      mean += raw[i] / 330;
    }
  for (gsize i = 0; i < 330; i++)
    var += (raw[i] - mean) * (raw[i] - mean) / 330;

  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < 330; i += 7)
    g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, i)[0], (raw[i] - mean) / sqrt (var), 1e-5);
}

static void
test_target_encoding_multiclass (void)
{
  double y[330];
  g_autoptr(LuminaFrame) frame = levels_frame (33, 330, y);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < 330; i++)
    y[i] = i % 3;
  lumina_preprocessor_set_task (pre, LUMINA_TASK_MULTICLASS, 3);
  g_assert_true (lumina_preprocessor_fit (pre, frame, "t", y, &error));
  g_assert_no_error (error);
  g_assert_cmpint (output_index (pre, "zip__target_0"), ==, 0);
  g_assert_cmpint (output_index (pre, "zip__target_2"), ==, 2);
}

static void
test_rare_levels_pooled (void)
{
  g_autoptr(LuminaFrame) frame = lumina_frame_new (200);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  LuminaColumn *color = lumina_column_new ("color", LUMINA_COLUMN_TYPE_CATEGORICAL, 200);
  int other;

  for (gsize i = 0; i < 200; i++)
    color->codes[i] = lumina_column_intern (color, i < 100 ? "red" : i < 197 ? "green" : i < 199 ? "blue" : "pink");
  lumina_frame_add_column (frame, color);

  g_assert_true (lumina_preprocessor_fit (pre, frame, NULL, NULL, &error));
  g_assert_no_error (error);
  /* blue has 1% of the rows (kept), pink 0.5% (pooled). */
  g_assert_cmpint (output_index (pre, "color=blue"), >=, 0);
  g_assert_cmpint (output_index (pre, "color=pink"), ==, -1);
  other = output_index (pre, "color=other");
  g_assert_cmpint (other, >=, 0);
  g_assert_true (notes_mention (pre, "pooled"));

  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_no_error (error);
  /* red: half the rows, so standardised to ±1. */
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 0)[output_index (pre, "color=red")], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (lumina_matrix_row (x, 150)[output_index (pre, "color=red")], -1.0, 1e-6);
  g_assert_cmpfloat (lumina_matrix_row (x, 199)[other], >, lumina_matrix_row (x, 0)[other]);
}

static void
check_round_trip (LuminaPreprocessStyle style)
{
  g_autoptr(LuminaFrame) frame = mixed_frame ();
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (style);
  g_autoptr(LuminaPreprocessor) back = NULL;
  g_autoptr(LuminaMatrix) a = NULL;
  g_autoptr(LuminaMatrix) b = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  double y[6] = { 0, 1, 0, 1, 0, 1 };

  g_assert_true (lumina_preprocessor_fit (pre, frame, "y", y, &error));
  node = lumina_preprocessor_to_json (pre);
  text = json_to_string (node, FALSE);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  back = lumina_preprocessor_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_preprocessor_get_style (back), ==, style);

  again = lumina_preprocessor_to_json (back);
  text_again = json_to_string (again, FALSE);
  g_assert_cmpstr (text, ==, text_again);

  a = lumina_preprocessor_transform (pre, frame, &error);
  b = lumina_preprocessor_transform (back, frame, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n_cols, ==, b->n_cols);
  g_assert_cmpmem (a->data, lumina_matrix_get_size (a), b->data, lumina_matrix_get_size (b));
  g_assert_cmpmem (a->categorical, a->n_cols, b->categorical, b->n_cols);
  for (guint k = 0; k < a->n_cols; k++)
    g_assert_cmpstr (a->names[k], ==, b->names[k]);
}

static void
test_json_round_trip (void)
{
  check_round_trip (LUMINA_PREPROCESS_TREES);
  check_round_trip (LUMINA_PREPROCESS_DENSE);
}

static void
test_json_corrupt (void)
{
  const char *bad[] = {
    "[]",
    "{\"style\": \"wavy\", \"features\": [], \"outputs\": []}",
    "{\"style\": \"trees\", \"features\": [{\"name\": \"a\"}], \"outputs\": []}",
    "{\"style\": \"trees\", \"features\": [{\"name\": \"a\", \"type\": \"float\", \"encoding\": \"number\","
    " \"dense\": false, \"indicator\": false}], \"outputs\": [{\"name\": \"a\", \"raw\": 3}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_from_json (node, &error);

      g_assert_null (pre);
      g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT);
    }
}

static void
test_type_mismatch (void)
{
  static const double age[] = { 30, 40, 50, 60 };
  static const char * const text_age[] = { "thirty", "forty" };
  g_autoptr(LuminaFrame) train = lumina_frame_new (4);
  g_autoptr(LuminaFrame) as_text = lumina_frame_new (2);
  g_autoptr(LuminaFrame) as_int = lumina_frame_new (2);
  g_autoptr(LuminaFrame) without = lumina_frame_new (2);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  LuminaColumn *ints = lumina_column_new ("age", LUMINA_COLUMN_TYPE_INTEGER, 2);

  lumina_frame_add_column (train, float_column ("age", age, 4));
  lumina_frame_add_column (as_text, string_column ("age", LUMINA_COLUMN_TYPE_CATEGORICAL, text_age, 2));
  ints->i64[0] = 41;
  ints->i64[1] = 42;
  lumina_frame_add_column (as_int, ints);
  lumina_frame_add_column (without, float_column ("height", age, 2));

  g_assert_true (lumina_preprocessor_fit (pre, train, NULL, NULL, &error));

  x = lumina_preprocessor_transform (pre, as_text, &error);
  g_assert_null (x);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“age”"));
  g_clear_error (&error);

  x = lumina_preprocessor_transform (pre, without, &error);
  g_assert_null (x);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“age”"));
  g_clear_error (&error);

  /* Integers where floats were seen are fine. */
  x = lumina_preprocessor_transform (pre, as_int, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lumina_matrix_row (x, 1)[0], ==, 42.0f);
}

static void
test_roles (void)
{
  g_autoptr(LuminaFrame) frame = mixed_frame ();
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_TREES);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) signature = NULL;
  JsonArray *entries;

  lumina_frame_set_role (frame, 1, LUMINA_COLUMN_ROLE_IGNORE);
  lumina_frame_set_role (frame, 8, LUMINA_COLUMN_ROLE_TARGET);
  g_assert_true (lumina_preprocessor_fit (pre, frame, "y", NULL, &error));
  g_assert_cmpint (output_index (pre, "int"), ==, -1);
  g_assert_cmpint (output_index (pre, "id"), ==, -1);
  g_assert_cmpint (output_index (pre, "y"), ==, -1);

  signature = lumina_preprocessor_get_signature (pre);
  entries = json_node_get_array (signature);
  g_assert_cmpuint (json_array_get_length (entries), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 3), "name"), ==, "color");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 3), "type"), ==, "categorical");

  /* Nothing usable: an error, not an empty matrix. */
  {
    g_autoptr(LuminaFrame) only_target = lumina_frame_new (3);
    static const double t[] = { 1, 2, 3 };

    lumina_frame_add_column (only_target, float_column ("t", t, 3));
    g_assert_false (lumina_preprocessor_fit (pre, only_target, "t", NULL, &error));
    g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  }
}

static void
test_free_text_dropped (void)
{
  const gsize n = 100000;
  g_autoptr(LuminaFrame) frame = lumina_frame_new (n);
  g_autoptr(LuminaPreprocessor) pre = lumina_preprocessor_new (LUMINA_PREPROCESS_DENSE);
  g_autoptr(LuminaMatrix) x = NULL;
  g_autoptr(GError) error = NULL;
  LuminaColumn *text = lumina_column_new ("comment", LUMINA_COLUMN_TYPE_TEXT, n);
  LuminaColumn *value = lumina_column_new ("v", LUMINA_COLUMN_TYPE_FLOAT, n);
  gint64 start = g_get_monotonic_time ();

  for (gsize i = 0; i < n; i++)
    {
      char buffer[32];

      g_snprintf (buffer, sizeof buffer, "comment %" G_GSIZE_FORMAT, i);
      text->codes[i] = lumina_column_intern (text, buffer);
      value->f64[i] = (double) (i % 17);
    }
  lumina_frame_add_column (frame, text);
  lumina_frame_add_column (frame, value);

  g_assert_true (lumina_preprocessor_fit (pre, frame, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (notes_mention (pre, "“comment” looks like free text"));
  x = lumina_preprocessor_transform (pre, frame, &error);
  g_assert_cmpuint (x->n_cols, ==, 1);
  g_test_message ("fit + transform of 100,000 rows with free text: %.3f s",
                  (g_get_monotonic_time () - start) / 1e6);
}

/* Labels */

static void
test_labels_strings (void)
{
  static const char * const values[] = { "virginica", "setosa", "versicolor", "setosa" };
  g_autoptr(LuminaColumn) column = string_column ("species", LUMINA_COLUMN_TYPE_CATEGORICAL, values, 4);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaLabels) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree double *y = NULL;
  g_autoptr(GError) error = NULL;
  LuminaTask task;

  g_assert_true (lumina_labels_infer_task (column, &task, &error));
  g_assert_cmpint (task, ==, LUMINA_TASK_MULTICLASS);
  labels = lumina_labels_fit (column, task, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lumina_labels_get_n_classes (labels), ==, 3);
  g_assert_cmpstr (lumina_labels_get_class (labels, 0), ==, "setosa");
  g_assert_cmpstr (lumina_labels_get_class (labels, 1), ==, "versicolor");
  g_assert_cmpstr (lumina_labels_get_class (labels, 2), ==, "virginica");

  y = lumina_labels_encode (labels, column, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (y[0], ==, 2);
  g_assert_cmpfloat (y[1], ==, 0);
  g_assert_cmpfloat (y[2], ==, 1);

  node = lumina_labels_to_json (labels);
  back = lumina_labels_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lumina_labels_get_class (back, 2), ==, "virginica");
  g_assert_cmpint (lumina_labels_get_task (back), ==, LUMINA_TASK_MULTICLASS);
}

static void
test_labels_numbers_and_booleans (void)
{
  g_autoptr(LuminaColumn) ints = lumina_column_new ("grade", LUMINA_COLUMN_TYPE_INTEGER, 6);
  g_autoptr(LuminaColumn) flags = lumina_column_new ("churn", LUMINA_COLUMN_TYPE_BOOLEAN, 3);
  g_autoptr(LuminaColumn) big = lumina_column_new ("price", LUMINA_COLUMN_TYPE_INTEGER, 30);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(GError) error = NULL;
  gint64 grades[] = { 10, 2, 9, 2, 10, 9 };
  LuminaTask task;

  for (guint i = 0; i < 6; i++)
    ints->i64[i] = grades[i];
  g_assert_true (lumina_labels_infer_task (ints, &task, &error));
  g_assert_cmpint (task, ==, LUMINA_TASK_MULTICLASS);
  labels = lumina_labels_fit (ints, task, &error);
  g_assert_cmpstr (lumina_labels_get_class (labels, 0), ==, "2");
  g_assert_cmpstr (lumina_labels_get_class (labels, 1), ==, "9");
  g_assert_cmpstr (lumina_labels_get_class (labels, 2), ==, "10");
  g_clear_pointer (&labels, lumina_labels_free);

  flags->u8[0] = 1;
  g_assert_true (lumina_labels_infer_task (flags, &task, &error));
  g_assert_cmpint (task, ==, LUMINA_TASK_BINARY);
  labels = lumina_labels_fit (flags, task, &error);
  g_assert_cmpstr (lumina_labels_get_class (labels, 0), ==, "false");
  g_assert_cmpstr (lumina_labels_get_class (labels, 1), ==, "true");

  /* Many rows per class: each class once. */
  {
    g_autoptr(LuminaColumn) many = lumina_column_new ("many", LUMINA_COLUMN_TYPE_CATEGORICAL, 1000);
    g_autoptr(LuminaLabels) two = NULL;

    for (guint i = 0; i < 1000; i++)
      many->codes[i] = lumina_column_intern (many, i % 3 ? "no" : "yes");
    two = lumina_labels_fit (many, LUMINA_TASK_BINARY, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lumina_labels_get_n_classes (two), ==, 2);
  }

  for (guint i = 0; i < 30; i++)
    big->i64[i] = 1000 + i * 37;
  g_assert_true (lumina_labels_infer_task (big, &task, &error));
  g_assert_cmpint (task, ==, LUMINA_TASK_REGRESSION);
}

static void
test_labels_errors (void)
{
  static const char * const one[] = { "yes", "yes", "yes" };
  static const char * const species[] = { "a", "b", "a" };
  static const double with_gap[] = { 1.5, 2.5, NAN, 4.5 };
  g_autoptr(LuminaColumn) single = string_column ("answer", LUMINA_COLUMN_TYPE_CATEGORICAL, one, 3);
  g_autoptr(LuminaColumn) strings = string_column ("species", LUMINA_COLUMN_TYPE_TEXT, species, 3);
  g_autoptr(LuminaColumn) gap = float_column ("price", with_gap, 4);
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *y = NULL;
  LuminaTask task;

  g_assert_false (lumina_labels_infer_task (single, &task, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "has only one class (“yes”)"));
  g_clear_error (&error);

  labels = lumina_labels_fit (single, LUMINA_TASK_BINARY, &error);
  g_assert_null (labels);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  labels = lumina_labels_fit (strings, LUMINA_TASK_REGRESSION, &error);
  g_assert_null (labels);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "regression needs numbers"));
  g_clear_error (&error);

  labels = lumina_labels_fit (gap, LUMINA_TASK_REGRESSION, &error);
  g_assert_no_error (error);
  y = lumina_labels_encode (labels, gap, &error);
  g_assert_null (y);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "missing in row 3"));
}

static void
test_folds (void)
{
  const gsize n = 87;
  const guint k = 5;
  double y[87];
  guint sizes[3] = { 50, 30, 7 };
  g_autofree guint8 *folds = NULL;
  g_autofree guint8 *again = NULL;
  g_autofree guint8 *other = NULL;
  g_autofree guint8 *plain = NULL;
  guint per_class[3][5] = { { 0 } }, per_fold[5] = { 0 };

  for (gsize i = 0; i < n; i++)
    y[i] = i < 50 ? 0 : i < 80 ? 1 : 2;

  folds = lumina_folds_assign (n, k, y, 3, 7);
  again = lumina_folds_assign (n, k, y, 3, 7);
  other = lumina_folds_assign (n, k, y, 3, 8);
  g_assert_cmpmem (folds, n, again, n);
  g_assert_true (memcmp (folds, other, n) != 0);

  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (folds[i], <, k);
      per_class[(int) y[i]][folds[i]]++;
      per_fold[folds[i]]++;
    }
  for (guint c = 0; c < 3; c++)
    for (guint f = 0; f < k; f++)
      {
        g_assert_cmpuint (per_class[c][f], >=, sizes[c] / k);
        g_assert_cmpuint (per_class[c][f], <=, (sizes[c] + k - 1) / k);
      }
  for (guint f = 0; f < k; f++)
    g_assert_cmpuint (per_fold[f], >=, 17);

  plain = lumina_folds_assign (n, k, NULL, 0, 7);
  memset (per_fold, 0, sizeof per_fold);
  for (gsize i = 0; i < n; i++)
    per_fold[plain[i]]++;
  for (guint f = 0; f < k; f++)
    g_assert_cmpuint (per_fold[f], >=, 17);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preprocess/trees", test_trees);
  g_test_add_func ("/preprocess/unseen-level", test_unseen_level);
  g_test_add_func ("/preprocess/dense-statistics", test_dense_statistics);
  g_test_add_func ("/preprocess/median-imputation", test_median_imputation);
  g_test_add_func ("/preprocess/onehot-limit", test_onehot_limit);
  g_test_add_func ("/preprocess/target-encoding", test_target_encoding);
  g_test_add_func ("/preprocess/target-encoding-multiclass", test_target_encoding_multiclass);
  g_test_add_func ("/preprocess/rare-levels-pooled", test_rare_levels_pooled);
  g_test_add_func ("/preprocess/json-round-trip", test_json_round_trip);
  g_test_add_func ("/preprocess/json-corrupt", test_json_corrupt);
  g_test_add_func ("/preprocess/type-mismatch", test_type_mismatch);
  g_test_add_func ("/preprocess/roles", test_roles);
  g_test_add_func ("/preprocess/free-text-dropped", test_free_text_dropped);
  g_test_add_func ("/labels/strings", test_labels_strings);
  g_test_add_func ("/labels/numbers-and-booleans", test_labels_numbers_and_booleans);
  g_test_add_func ("/labels/errors", test_labels_errors);
  g_test_add_func ("/folds/stratified", test_folds);

  return g_test_run ();
}
