/* test-csv.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"
#include "lumina-csv-values.h"

static LuminaFrame *
parse_with (const char              *text,
            gssize                   len,
            const LuminaCsvOptions  *options,
            LuminaCsvInfo           *info,
            GError                 **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return lumina_csv_read_bytes (bytes, options, info, NULL, error);
}

static LuminaFrame *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  LuminaFrame *frame = parse_with (text, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  return frame;
}

static void
assert_fails (const char *text,
              gssize      len,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = parse_with (text, len, NULL, NULL, &error);

  g_assert_null (frame);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_test_message ("error: %s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in “%s”", expected, error->message);
}

static const char *
str_at (LuminaFrame *frame,
        guint        column,
        gsize        row)
{
  return lumina_column_get_string (lumina_frame_get_column (frame, column), row);
}

static void
test_quoting (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok ("name,quote\n"
                                           "plain,\"with, comma\"\n"
                                           "\"escaped \"\"quotes\"\"\",\"line\nbreak\"\n"
                                           "\"\",\"trailing\"\n");

  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 3);
  g_assert_cmpstr (str_at (frame, 0, 0), ==, "plain");
  g_assert_cmpstr (str_at (frame, 1, 0), ==, "with, comma");
  g_assert_cmpstr (str_at (frame, 0, 1), ==, "escaped \"quotes\"");
  g_assert_cmpstr (str_at (frame, 1, 1), ==, "line\nbreak");
  g_assert_null (str_at (frame, 0, 2));           /* a quoted empty field is missing */
  g_assert_cmpstr (str_at (frame, 1, 2), ==, "trailing");
}

static void
test_line_endings (void)
{
  const char *variants[] = {
    "a,b\r\n1,x\r\n2,y\r\n",
    "a,b\n1,x\n2,y\n",
    "a,b\n1,x\n2,y",          /* no final newline */
    "a,b\r\n1,x\r\n2,y",
    "\xEF\xBB\xBF" "a,b\n1,x\n2,y\n",   /* UTF-8 BOM */
    "a,b\n\n1,x\n\n2,y\n\n",  /* blank lines */
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(LuminaFrame) frame = parse_ok (variants[i]);
      const LuminaColumn *a = lumina_frame_get_column (frame, 0);

      g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 2);
      g_assert_cmpstr (a->name, ==, "a");
      g_assert_cmpint (a->type, ==, LUMINA_COLUMN_TYPE_INTEGER);
      g_assert_cmpint (a->i64[1], ==, 2);
      g_assert_cmpstr (str_at (frame, 1, 1), ==, "y");
    }
}

static void
test_delimiters (void)
{
  const char *variants[][2] = {
    { "x;y;z\n1,5;2;a\n3,5;4;b\n", ";" },
    { "x\ty\tz\n1.5\t2\ta\n3.5\t4\tb\n", "\t" },
    { "x|y|z\n1.5|2|a\n3.5|4|b\n", "|" },
    { "x,y,z\n1.5,2,a\n3.5,4,b\n", "," },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GError) error = NULL;
      LuminaCsvInfo info;
      g_autoptr(LuminaFrame) frame = parse_with (variants[i][0], -1, NULL, &info, &error);

      g_assert_no_error (error);
      g_assert_cmpint (info.delimiter, ==, variants[i][1][0]);
      g_assert_cmpuint (lumina_frame_get_n_columns (frame), ==, 3);
      g_assert_cmpint (lumina_frame_get_column (frame, 1)->i64[1], ==, 4);
    }
}

static void
test_header_detection (void)
{
  g_autoptr(GError) error = NULL;
  LuminaCsvInfo info;
  g_autoptr(LuminaFrame) with = parse_with ("height,label\n1.5,a\n2.5,b\n", -1, NULL, &info, &error);
  g_autoptr(LuminaFrame) without = NULL;

  g_assert_true (info.has_header);
  g_assert_cmpuint (lumina_frame_get_n_rows (with), ==, 2);

  without = parse_with ("1.5,a\n2.5,b\n3.5,c\n", -1, NULL, &info, &error);
  g_assert_no_error (error);
  g_assert_false (info.has_header);
  g_assert_cmpuint (lumina_frame_get_n_rows (without), ==, 3);
  g_assert_cmpstr (lumina_frame_get_column (without, 0)->name, ==, "column_1");
  g_assert_cmpstr (lumina_frame_get_column (without, 1)->name, ==, "column_2");
}

static void
test_header_names (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok ("a, a ,,b\n1,2,3,4\n");

  g_assert_cmpstr (lumina_frame_get_column (frame, 0)->name, ==, "a");
  g_assert_cmpstr (lumina_frame_get_column (frame, 1)->name, ==, "a_2");
  g_assert_cmpstr (lumina_frame_get_column (frame, 2)->name, ==, "column_3");
  g_assert_cmpstr (lumina_frame_get_column (frame, 3)->name, ==, "b");
}

static void
test_type_inference (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok (
    "i,f,b,t,c,mixed,late_float,late_text,empty\n"
    "1,1.5,true,2024-01-31,red,1,1,1,\n"
    "-2,2,False,2024-02-01T10:30:00Z,blue,x,2,2,NA\n"
    "3,-0.25e-3,yes,2024-02-29 23:59:59,red,3,2.5,3,\n"
    "9223372036854775807,inf,no,2024-03-01,red,,4,word,?\n");
  const LuminaColumn *c;

  c = lumina_frame_get_column (frame, 0);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_INTEGER);
  g_assert_cmpint (c->i64[3], ==, G_MAXINT64);
  c = lumina_frame_get_column (frame, 1);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  g_assert_cmpfloat (c->f64[2], ==, -0.25e-3);
  g_assert_true (isinf (c->f64[3]));
  c = lumina_frame_get_column (frame, 2);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_BOOLEAN);
  g_assert_cmpint (c->u8[0], ==, 1);
  g_assert_cmpint (c->u8[1], ==, 0);
  c = lumina_frame_get_column (frame, 3);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_TIMESTAMP);
  g_assert_cmpint (c->i64[0], ==, G_GINT64_CONSTANT (1706659200) * G_USEC_PER_SEC);
  g_assert_cmpint (c->i64[1], ==, G_GINT64_CONSTANT (1706783400) * G_USEC_PER_SEC);
  c = lumina_frame_get_column (frame, 4);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_CATEGORICAL);
  g_assert_cmpuint (c->n_dict, ==, 2);
  c = lumina_frame_get_column (frame, 5);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_CATEGORICAL);
  g_assert_cmpstr (lumina_column_get_string (c, 0), ==, "1");   /* text kept as written */
  g_assert_cmpstr (lumina_column_get_string (c, 1), ==, "x");
  g_assert_null (lumina_column_get_string (c, 3));
  c = lumina_frame_get_column (frame, 6);
  g_assert_cmpint (c->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  g_assert_cmpfloat (c->f64[2], ==, 2.5);
  g_assert_cmpfloat (c->f64[3], ==, 4);
  c = lumina_frame_get_column (frame, 7);
  g_assert_cmpstr (lumina_column_get_string (c, 3), ==, "word");
  g_assert_cmpstr (lumina_column_get_string (c, 0), ==, "1");
  c = lumina_frame_get_column (frame, 8);
  g_assert_cmpuint (c->null_count, ==, 4);
}

static void
test_missing_markers (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok ("x,s\n1,a\n,b\nNA,\"NA\"\nn/a,c\nNaN,d\nnull,e\n?,f\n 2 ,g\n");
  const LuminaColumn *x = lumina_frame_get_column (frame, 0);
  const LuminaColumn *s = lumina_frame_get_column (frame, 1);

  g_assert_cmpint (x->type, ==, LUMINA_COLUMN_TYPE_INTEGER);
  g_assert_cmpuint (x->null_count, ==, 6);
  g_assert_cmpint (x->i64[7], ==, 2);
  g_assert_false (lumina_column_is_valid (x, 2));
  /* Quoted, "NA" is a word, not a missing marker. */
  g_assert_cmpstr (lumina_column_get_string (s, 2), ==, "NA");
}

static void
test_time_formats (void)
{
  g_autoptr(LuminaFrame) us = parse_ok ("d\n01/02/2024\n03/04/2024\n");
  g_autoptr(LuminaFrame) eu = parse_ok ("d\n01/02/2024\n13/04/2024\n");
  g_autoptr(LuminaFrame) dots = parse_ok ("d\n31.12.1999\n01.01.2000\n");
  gint64 jan2 = G_GINT64_CONSTANT (1704153600) * G_USEC_PER_SEC;   /* 2024-01-02 */
  gint64 feb1 = G_GINT64_CONSTANT (1706745600) * G_USEC_PER_SEC;   /* 2024-02-01 */

  g_assert_cmpint (lumina_frame_get_column (us, 0)->type, ==, LUMINA_COLUMN_TYPE_TIMESTAMP);
  g_assert_cmpint (lumina_frame_get_column (us, 0)->i64[0], ==, jan2);
  /* 13/04 can only be day-first, so the whole column is read day-first. */
  g_assert_cmpint (lumina_frame_get_column (eu, 0)->i64[0], ==, feb1);
  g_assert_cmpint (lumina_frame_get_column (dots, 0)->i64[1], ==, G_GINT64_CONSTANT (946684800) * G_USEC_PER_SEC);
}

static void
test_type_override (void)
{
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  LuminaCsvOptions options = { 0, -1, types };
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = NULL;

  g_hash_table_insert (types, (gpointer) "zip", GINT_TO_POINTER (LUMINA_COLUMN_TYPE_CATEGORICAL + 1));
  g_hash_table_insert (types, (gpointer) "flag", GINT_TO_POINTER (LUMINA_COLUMN_TYPE_BOOLEAN + 1));
  g_hash_table_insert (types, (gpointer) "n", GINT_TO_POINTER (LUMINA_COLUMN_TYPE_FLOAT + 1));
  frame = parse_with ("zip,flag,n\n01234,1,3\n98765,0,4\n", -1, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_frame_get_column (frame, 0)->type, ==, LUMINA_COLUMN_TYPE_CATEGORICAL);
  g_assert_cmpstr (str_at (frame, 0, 0), ==, "01234");
  g_assert_cmpint (lumina_frame_get_column (frame, 1)->type, ==, LUMINA_COLUMN_TYPE_BOOLEAN);
  g_assert_cmpint (lumina_frame_get_column (frame, 1)->u8[0], ==, 1);
  g_assert_cmpint (lumina_frame_get_column (frame, 2)->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  g_clear_object (&frame);

  /* A value the forced type cannot hold is an error naming line and column. */
  g_hash_table_remove_all (types);
  g_hash_table_insert (types, (gpointer) "n", GINT_TO_POINTER (LUMINA_COLUMN_TYPE_INTEGER + 1));
  frame = parse_with ("zip,flag,n\n01234,1,3\n98765,0,4.5\n", -1, &options, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 3, column 3"));
  g_assert_nonnull (strstr (error->message, "“4.5” is not a valid integer"));
  g_clear_error (&error);

  g_hash_table_remove_all (types);
  g_hash_table_insert (types, (gpointer) "nope", GINT_TO_POINTER (LUMINA_COLUMN_TYPE_INTEGER + 1));
  frame = parse_with ("a\n1\n", -1, &options, NULL, &error);
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "nope"));
}

static void
test_bad_input (void)
{
  assert_fails ("", 0, "empty");
  assert_fails ("a,b\n1,\"never closed\n2,3\n", -1, "line 2, column 2: a quoted field is never closed");
  assert_fails ("a,b\n1,\"x\"y\n", -1, "line 2, column 2: unexpected text after a closing quote");
  assert_fails ("a,b\n1,2\n3,4,5\n", -1, "line 3, column 3: the row has 3 fields where the header has 2");
  assert_fails ("a,b\n1,2\n3\n", -1, "line 3, column 2: the row has 1 fields");
  assert_fails ("a,b\n1,caf\xC3\n2,ok\n", -1, "line 2, column 2: the text is not valid UTF-8");
}

static void
test_header_only (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok ("alpha,beta\n");

  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 0);
  g_assert_cmpuint (lumina_frame_get_n_columns (frame), ==, 2);
  g_assert_cmpstr (lumina_frame_get_column (frame, 1)->name, ==, "beta");
}

static void
test_wide_file (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LuminaFrame) frame = NULL;

  for (guint r = 0; r < 4; r++)
    {
      for (guint c = 0; c < 10000; c++)
        {
          if (c > 0)
            g_string_append_c (text, ',');
          if (r == 0)
            g_string_append_printf (text, "c%u", c);
          else
            g_string_append_printf (text, "%u", r * c);
        }
      g_string_append_c (text, '\n');
    }

  frame = parse_ok (text->str);
  g_assert_cmpuint (lumina_frame_get_n_columns (frame), ==, 10000);
  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 3);
  g_assert_cmpint (lumina_frame_get_column (frame, 9999)->i64[2], ==, 3 * 9999);
}

static void
test_huge_field (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autoptr(GString) text = g_string_new ("id,blob\n1,\"");
  g_autoptr(LuminaFrame) frame = NULL;

  for (gsize i = 0; i < size; i++)
    g_string_append_c (text, i % 1000 == 999 ? '\n' : (i % 500 == 0 ? '"' : 'a' + i % 26));
  /* Every quote inside was written once; double it as RFC 4180 asks. */
  {
    g_autoptr(GString) escaped = g_string_new ("id,blob\n1,\"");

    for (gsize i = strlen ("id,blob\n1,\""); i < text->len; i++)
      {
        if (text->str[i] == '"')
          g_string_append_c (escaped, '"');
        g_string_append_c (escaped, text->str[i]);
      }
    g_string_append (escaped, "\"\n2,small\n");
    frame = parse_ok (escaped->str);
  }

  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 2);
  g_assert_cmpuint (strlen (str_at (frame, 1, 0)), ==, size);
  g_assert_cmpstr (str_at (frame, 1, 1), ==, "small");
}

/* Big enough to be split across threads; a quoted newline sits near every cut. */
static void
test_parallel_matches_serial (void)
{
  g_autoptr(GString) text = g_string_new ("id,value,label\n");
  LuminaCsvOptions one = { 0, -1, NULL, 1 }, four = { 0, -1, NULL, 4 };
  g_autoptr(LuminaFrame) a = NULL;
  g_autoptr(LuminaFrame) b = NULL;
  g_autoptr(GError) error = NULL;

  for (guint r = 0; r < 300000; r++)
    g_string_append_printf (text, "%u,%.3f,\"line %u\nsecond \"\"part\"\"\"\n", r, r * 0.5, r % 97);

  a = parse_with (text->str, text->len, &one, NULL, &error);
  g_assert_no_error (error);
  b = parse_with (text->str, text->len, &four, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (lumina_frame_get_n_rows (a), ==, 300000);
  g_assert_cmpuint (lumina_frame_get_n_rows (b), ==, 300000);
  for (gsize r = 0; r < 300000; r += 997)
    {
      g_assert_cmpint (lumina_frame_get_column (b, 0)->i64[r], ==, (gint64) r);
      g_assert_cmpfloat (lumina_frame_get_column (b, 1)->f64[r], ==, lumina_frame_get_column (a, 1)->f64[r]);
      g_assert_cmpstr (str_at (b, 2, r), ==, str_at (a, 2, r));
    }
  g_assert_cmpuint (lumina_frame_get_column (b, 2)->n_dict, ==, 97);
}

/* A word deep in a numeric column, in the last part: every part restarts. */
static void
test_restart_across_parts (void)
{
  g_autoptr(GString) text = g_string_new ("n\n");
  LuminaCsvOptions options = { 0, -1, NULL, 2 };
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  for (guint r = 0; r < 400000; r++)
    g_string_append_printf (text, "%u\n", r);
  g_string_append (text, "many\n");

  frame = parse_with (text->str, text->len, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lumina_frame_get_column (frame, 0)->type, ==, LUMINA_COLUMN_TYPE_TEXT);
  g_assert_cmpstr (str_at (frame, 0, 12345), ==, "12345");
  g_assert_cmpstr (str_at (frame, 0, 400000), ==, "many");
}

static void
test_float_round_trip (void)
{
  double values[] = { 0.1, 17.99, 1.0 / 3.0, 1e-300, 123456789012345678.0, -0.0, 2.5e-7 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = lumina_format_double (values[i]);

      g_assert_true (g_ascii_strtod (text, NULL) == values[i]);
    }

  {
    g_autofree char *tenth = lumina_format_double (0.1);
    g_autofree char *price = lumina_format_double (17.99);

    g_assert_cmpstr (tenth, ==, "0.1");
    g_assert_cmpstr (price, ==, "17.99");
  }
}

static void
test_float_parse_exact (void)
{
  const char *texts[] = { "0.1", "17.989999999999998", "-123.456", "1e5", "6.02214076e23",
                          "0.000001234", "12345678901234567890", "3.14159265358979323846" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *csv = g_strdup_printf ("x\n%s\n", texts[i]);
      g_autoptr(LuminaFrame) frame = parse_ok (csv);

      g_assert_true (lumina_frame_get_column (frame, 0)->f64[0] == g_ascii_strtod (texts[i], NULL) ||
                     lumina_frame_get_column (frame, 0)->i64 != NULL);
    }
}

/* The fused eight-digits-at-a-time path against strtod, on many shapes. */
static void
test_number_fast_path (void)
{
  g_autoptr(GString) text = g_string_new ("value\n");
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(LuminaFrame) frame = NULL;
  const LuminaColumn *column;

  for (guint i = 0; i < 100000; i++)
    {
      double magnitude = pow (10, g_rand_int_range (rand, -30, 30));
      double v = (g_rand_double (rand) - 0.5) * magnitude;
      char format[16];
      char buffer[64];

      g_snprintf (format, sizeof format, "%%.%dg", g_rand_int_range (rand, 1, 18));
      g_ascii_formatd (buffer, sizeof buffer, i % 7 == 0 ? "%.0f" : format, i % 7 == 0 ? floor (v * 1e3) : v);
      g_string_append_printf (text, "%s\n", buffer);
      g_ptr_array_add (expected, g_strdup (buffer));
    }

  frame = parse_ok (text->str);
  column = lumina_frame_get_column (frame, 0);
  g_assert_cmpint (column->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  for (guint i = 0; i < expected->len; i++)
    {
      double want = g_ascii_strtod (g_ptr_array_index (expected, i), NULL);

      if (column->f64[i] != want)
        g_error ("“%s” read as %.17g, not %.17g", (char *) g_ptr_array_index (expected, i), column->f64[i], want);
    }
}

/* Scans @text with 40 readable bytes after it (the one-load path for short
 * numbers) and with none (the general path); both must agree, bit for bit,
 * on where the field ends, its kind and its value. */
static void
assert_scans_alike (const char *text)
{
  static const guint8 *stops = NULL;
  static guint8 table[256];
  char padded[128];
  gsize len = strlen (text);
  g_autofree char *tight = g_memdup2 (text, len);
  gboolean int_a = FALSE, int_b = FALSE;
  gint64 integer_a = 0, integer_b = 0;
  double value_a = 0, value_b = 0;
  const char *a, *b;

  if (stops == NULL)
    {
      table[','] = table['\r'] = table['\n'] = 1;
      stops = table;
    }

  g_assert_cmpuint (len + 40, <, sizeof padded);
  memset (padded, '\n', sizeof padded);
  memcpy (padded, text, len);

  a = lumina_csv_scan_number (padded, padded + sizeof padded, stops, &int_a, &integer_a, &value_a);
  b = lumina_csv_scan_number (tight, tight + len, stops, &int_b, &integer_b, &value_b);

  if ((a == NULL) != (b == NULL) || (a != NULL && a - padded != b - tight))
    g_error ("“%s”: the padded scan ends at %td, the tight one at %td", text,
             a ? a - padded : -1, b ? b - tight : -1);
  if (a == NULL)
    return;
  g_assert_cmpint (int_a, ==, int_b);
  if (int_a)
    g_assert_cmpint (integer_a, ==, integer_b);
  if (memcmp (&value_a, &value_b, sizeof (double)) != 0 ||
      (a - padded == (gssize) len && value_a != g_ascii_strtod (text, NULL)))
    g_error ("“%s” read as %.17g (padded) and %.17g (tight)", text, value_a, value_b);
}

static void
test_number_short_shapes (void)
{
  static const char *signs[] = { "", "-", "+" };
  static const char *ends[] = { "", ",", "\r", "x", "e5", "e-3", ".", "..5" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint scanned = 0;

  for (guint s = 0; s < G_N_ELEMENTS (signs); s++)
    for (int int_len = 0; int_len <= 11; int_len++)
      for (int frac_len = -1; frac_len <= 11; frac_len++)
        for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
          for (guint trial = 0; trial < 6; trial++)
            {
              g_autoptr(GString) text = g_string_new (signs[s]);

              /* Leading zeros and all-zero runs come up on purpose. */
              for (int i = 0; i < int_len; i++)
                g_string_append_c (text, trial == 0 ? '0' : (char) ('0' + g_rand_int_range (rand, 0, 10)));
              if (frac_len >= 0)
                g_string_append_c (text, '.');
              for (int i = 0; i < frac_len; i++)
                g_string_append_c (text, trial == 1 ? '9' : (char) ('0' + g_rand_int_range (rand, 0, 10)));
              g_string_append (text, ends[e]);
              assert_scans_alike (text->str);
              scanned++;
            }

  /* Values whose text is a correctly rounded double, at every length. */
  for (guint i = 0; i < 200000; i++)
    {
      char buffer[64];
      char format[16];
      double v = (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -6, 9));

      g_snprintf (format, sizeof format, "%%.%df", g_rand_int_range (rand, 0, 10));
      g_ascii_formatd (buffer, sizeof buffer, format, v);
      assert_scans_alike (buffer);
      scanned++;
    }

  g_assert_cmpuint (scanned, >, 200000);
}

typedef struct
{
  const char       *file;
  guint             n_rows;
  guint             n_columns;
  const char       *column;
  LuminaColumnType  type;
  gsize             nulls;
} Expected;

static void
test_reference_datasets (void)
{
  static const Expected expected[] = {
    { "breast_cancer.csv", 569, 31, "diagnosis", LUMINA_COLUMN_TYPE_CATEGORICAL, 0 },
    { "wa_churn.csv", 7043, 20, "total_charges", LUMINA_COLUMN_TYPE_FLOAT, 11 },
    { "wa_churn.csv", 7043, 20, "churn", LUMINA_COLUMN_TYPE_BOOLEAN, 0 },
    { "wa_churn.csv", 7043, 20, "contract", LUMINA_COLUMN_TYPE_CATEGORICAL, 0 },
    { "iris.csv", 150, 5, "species", LUMINA_COLUMN_TYPE_CATEGORICAL, 0 },
    { "penguins.csv", 344, 8, "sex", LUMINA_COLUMN_TYPE_CATEGORICAL, 11 },
    { "penguins.csv", 344, 8, "body_mass_g", LUMINA_COLUMN_TYPE_INTEGER, 2 },
    { "seattle_weather.csv", 1461, 8, "weather", LUMINA_COLUMN_TYPE_CATEGORICAL, 0 },
    { "diabetes.csv", 442, 11, "progression", LUMINA_COLUMN_TYPE_FLOAT, 0 },
    { "concrete.csv", 1030, 9, "age", LUMINA_COLUMN_TYPE_INTEGER, 0 },
    { "diamonds.csv", 53940, 10, "cut", LUMINA_COLUMN_TYPE_CATEGORICAL, 0 },
    { "diamonds.csv", 53940, 10, "price", LUMINA_COLUMN_TYPE_INTEGER, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", expected[i].file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);
      const LuminaColumn *column;
      int index;

      g_assert_no_error (error);
      g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, expected[i].n_rows);
      g_assert_cmpuint (lumina_frame_get_n_columns (frame), ==, expected[i].n_columns);
      index = lumina_frame_find_column (frame, expected[i].column);
      g_assert_cmpint (index, >=, 0);
      column = lumina_frame_get_column (frame, index);
      g_assert_cmpstr (lumina_column_type_to_string (column->type), ==,
                       lumina_column_type_to_string (expected[i].type));
      g_assert_cmpuint (column->null_count, ==, expected[i].nulls);
    }
}

static void
test_gzip_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lumina-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "iris.csv.gz", NULL);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "iris.csv", NULL);
  g_autofree char *cmd = g_strdup_printf ("gzip -c '%s' > '%s'", source, path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  LuminaCsvInfo info;

  g_assert_cmpint (system (cmd), ==, 0);
  frame = lumina_csv_read_file (file, NULL, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (info.gzip);
  g_assert_cmpuint (lumina_frame_get_n_rows (frame), ==, 150);

  g_free (cmd);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_write_round_trip (void)
{
  g_autoptr(LuminaFrame) frame = parse_ok ("id,x,s,b,t\n"
                                           "1,0.1,\"a, b\",true,2024-01-31T10:00:00Z\n"
                                           "2,,\"say \"\"hi\"\"\",false,\n"
                                           "3,17.99,\"NA\",,2024-02-01\n");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LuminaFrame) back = NULL;

  g_assert_true (lumina_csv_write_frame (frame, out, NULL, &error));
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "id,x,s,b,t\n"
                   "1,0.1,\"a, b\",true,2024-01-31T10:00:00Z\n"
                   "2,,\"say \"\"hi\"\"\",false,\n"
                   "3,17.99,\"NA\",,2024-02-01T00:00:00Z\n",
                   strlen ("id,x,s,b,t\n"
                           "1,0.1,\"a, b\",true,2024-01-31T10:00:00Z\n"
                           "2,,\"say \"\"hi\"\"\",false,\n"
                           "3,17.99,\"NA\",,2024-02-01T00:00:00Z\n"));

  back = lumina_csv_read_bytes (bytes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str_at (back, 2, 2), ==, "NA");
  g_assert_cmpfloat (lumina_frame_get_column (back, 1)->f64[2], ==, 17.99);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/csv/quoting", test_quoting);
  g_test_add_func ("/engine/csv/line-endings", test_line_endings);
  g_test_add_func ("/engine/csv/delimiters", test_delimiters);
  g_test_add_func ("/engine/csv/header-detection", test_header_detection);
  g_test_add_func ("/engine/csv/header-names", test_header_names);
  g_test_add_func ("/engine/csv/type-inference", test_type_inference);
  g_test_add_func ("/engine/csv/missing-markers", test_missing_markers);
  g_test_add_func ("/engine/csv/time-formats", test_time_formats);
  g_test_add_func ("/engine/csv/type-override", test_type_override);
  g_test_add_func ("/engine/csv/bad-input", test_bad_input);
  g_test_add_func ("/engine/csv/header-only", test_header_only);
  g_test_add_func ("/engine/csv/wide-file", test_wide_file);
  g_test_add_func ("/engine/csv/huge-field", test_huge_field);
  g_test_add_func ("/engine/csv/parallel-matches-serial", test_parallel_matches_serial);
  g_test_add_func ("/engine/csv/restart-across-parts", test_restart_across_parts);
  g_test_add_func ("/engine/csv/float-round-trip", test_float_round_trip);
  g_test_add_func ("/engine/csv/float-parse-exact", test_float_parse_exact);
  g_test_add_func ("/engine/csv/number-fast-path", test_number_fast_path);
  g_test_add_func ("/engine/csv/number-short-shapes", test_number_short_shapes);
  g_test_add_func ("/engine/csv/reference-datasets", test_reference_datasets);
  g_test_add_func ("/engine/csv/gzip-file", test_gzip_file);
  g_test_add_func ("/engine/csv/write-round-trip", test_write_round_trip);

  return g_test_run ();
}
