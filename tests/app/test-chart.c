/* test-chart.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-chart"

#include "config.h"

#include <math.h>

#include "lumina-chart-private.h"
#include "lumina-parallel-chart.h"
#include "lumina-test-util.h"

#define N_RANDOM 1000000

/* Decimation */

static void
test_decimate_min_max (void)
{
  g_autofree double *x = g_new (double, N_RANDOM);
  g_autofree double *y = g_new (double, N_RANDOM);
  g_autofree double *lo = NULL, *hi = NULL;
  g_autoptr(GArray) out_x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) out_y = g_array_new (FALSE, FALSE, sizeof (double));
  const guint columns = 800;
  double x_max, t0;
  guint *found_lo, *found_hi;

  x[0] = 0;
  for (gsize i = 0; i < N_RANDOM; i++)
    {
      if (i > 0)
        x[i] = x[i - 1] + g_test_rand_double_range (0.0, 2.0);
      y[i] = g_test_rand_double_range (-1000.0, 1000.0);
    }
  x_max = x[N_RANDOM - 1];

  t0 = g_get_monotonic_time ();
  _lumina_chart_decimate (x, y, N_RANDOM, 0, x_max, columns, out_x, out_y);
  g_test_message ("Decimated %d points to %u in %.1f ms", N_RANDOM, out_x->len,
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (out_x->len, <=, 4 * columns);
  g_assert_cmpuint (out_x->len, >=, 2 * columns);

  lo = g_new (double, columns);
  hi = g_new (double, columns);
  found_lo = g_new0 (guint, columns);
  found_hi = g_new0 (guint, columns);
  for (guint c = 0; c < columns; c++)
    lo[c] = INFINITY, hi[c] = -INFINITY;
  for (gsize i = 0; i < N_RANDOM; i++)
    {
      guint c = MIN ((guint) (x[i] / x_max * columns), columns - 1);

      lo[c] = MIN (lo[c], y[i]);
      hi[c] = MAX (hi[c], y[i]);
    }
  for (guint i = 0; i < out_x->len; i++)
    {
      double xi = g_array_index (out_x, double, i), yi = g_array_index (out_y, double, i);
      guint c = MIN ((guint) (xi / x_max * columns), columns - 1);

      g_assert_true (i == 0 || xi >= g_array_index (out_x, double, i - 1));
      found_lo[c] += yi == lo[c];
      found_hi[c] += yi == hi[c];
    }
  for (guint c = 0; c < columns; c++)
    {
      g_assert_cmpuint (found_lo[c], ==, 1);
      g_assert_cmpuint (found_hi[c], ==, 1);
    }
  g_free (found_lo);
  g_free (found_hi);
}

/* Block summaries give the same y extent as a scan, over any x range,
 * with gaps (NaN) and infinities in the data. */
static void
test_extent_blocks (void)
{
  LuminaChartSeries series = { 0 };
  GRand *rand = g_rand_new_with_seed (42);

  series.x = g_array_new (FALSE, FALSE, sizeof (double));
  series.y = g_array_new (FALSE, FALSE, sizeof (double));
  series.sorted = TRUE;
  for (guint i = 0; i < 20000; i++)
    {
      double x = i * 0.5;
      double y = g_rand_double_range (rand, -100, 100);

      if (i % 997 == 0)
        y = NAN;
      if (i == 12345)
        y = INFINITY;
      g_array_append_val (series.x, x);
      g_array_append_val (series.y, y);
    }

  for (guint round = 0; round < 300; round++)
    {
      double a = g_rand_double_range (rand, -50, 10050);
      double b = round == 0 ? INFINITY : g_rand_double_range (rand, a, 10100);
      double lo = INFINITY, hi = -INFINITY, want_lo = INFINITY, want_hi = -INFINITY;

      if (round == 1)
        a = -INFINITY;
      g_assert_true (_lumina_chart_series_y_extent (&series, a, b, &lo, &hi));
      for (guint i = 0; i < series.x->len; i++)
        {
          double x = g_array_index (series.x, double, i), y = g_array_index (series.y, double, i);

          if (x >= a && x <= b && isfinite (y))
            want_lo = MIN (want_lo, y), want_hi = MAX (want_hi, y);
        }
      g_assert_cmpfloat (lo, ==, want_lo);
      g_assert_cmpfloat (hi, ==, want_hi);
    }

  /* New data invalidates the summaries. */
  {
    double lo = INFINITY, hi = -INFINITY, big = 1e9;

    g_array_index (series.y, double, 5) = big;
    series.revision++;
    g_assert_true (_lumina_chart_series_y_extent (&series, -INFINITY, INFINITY, &lo, &hi));
    g_assert_cmpfloat (hi, ==, big);
  }

  /* Unsorted series are the caller's to scan. */
  series.sorted = FALSE;
  {
    double lo = INFINITY, hi = -INFINITY;

    g_assert_false (_lumina_chart_series_y_extent (&series, 0, 10, &lo, &hi));
  }

  g_array_unref (series.x);
  g_array_unref (series.y);
  g_clear_pointer (&series.block_min, g_array_unref);
  g_clear_pointer (&series.block_max, g_array_unref);
  g_rand_free (rand);
}

static void
test_decimate_gaps_and_edges (void)
{
  const double x[] = { -5, -1, 0, 1, 2, 3, 4, 20 };
  const double y[] = { 9, 8, 1, NAN, 3, 4, 5, 7 };
  g_autoptr(GArray) out_x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) out_y = g_array_new (FALSE, FALSE, sizeof (double));
  const double want_x[] = { -1, 0, 1, 2, 3, 4, 20 };

  _lumina_chart_decimate (x, y, G_N_ELEMENTS (x), 0, 10, 100, out_x, out_y);

  /* The last point before the range and the first after it stay; NaN is a gap. */
  g_assert_cmpuint (out_x->len, ==, G_N_ELEMENTS (want_x));
  for (guint i = 0; i < out_x->len; i++)
    g_assert_cmpfloat (g_array_index (out_x, double, i), ==, want_x[i]);
  g_assert_true (isnan (g_array_index (out_y, double, 2)));
  g_assert_cmpfloat (g_array_index (out_y, double, 0), ==, 8);
}

/* Ticks */

static GArray *
check_ticks (LuminaChartScale  scale,
             double            min,
             double            max,
             guint             max_ticks,
             const char       *unit)
{
  GArray *ticks = _lumina_chart_ticks (scale, min, max, max_ticks, unit);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (ticks->len, >=, 2);
  g_assert_cmpuint (ticks->len, <=, max_ticks);
  for (guint i = 0; i < ticks->len; i++)
    {
      LuminaChartTick *tick = &g_array_index (ticks, LuminaChartTick, i);
      double span = max - min;

      g_assert_cmpfloat (tick->value, >=, min - span * 1e-9);
      g_assert_cmpfloat (tick->value, <=, max + span * 1e-9);
      g_assert_true (tick->label != NULL && tick->label[0] != '\0');
      g_assert_false (g_hash_table_contains (labels, tick->label));
      g_hash_table_add (labels, tick->label);
      if (i > 0)
        g_assert_cmpfloat (tick->value, >, g_array_index (ticks, LuminaChartTick, i - 1).value);
    }

  return ticks;
}

static void
assert_tick (GArray     *ticks,
             guint       index,
             double      value,
             const char *label)
{
  LuminaChartTick *tick = &g_array_index (ticks, LuminaChartTick, index);

  g_assert_cmpfloat_with_epsilon (tick->value, value, fabs (value) * 1e-9 + 1e-300);
  g_assert_cmpstr (tick->label, ==, label);
}

static void
test_ticks_linear (void)
{
  GArray *ticks;

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 0, 1, 6, NULL);
  g_assert_cmpuint (ticks->len, ==, 6);
  assert_tick (ticks, 0, 0, "0");
  assert_tick (ticks, 1, 0.2, "0.2");
  assert_tick (ticks, 5, 1, "1.0");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 0, 97, 6, NULL);
  g_assert_cmpuint (ticks->len, ==, 5);
  assert_tick (ticks, 4, 80, "80");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 1e-6, 3e-6, 6, "s");
  assert_tick (ticks, 0, 1e-6, "1.0 µs");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 0.5, 0.5 + 4e-6, 6, NULL);
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, -37, -2, 6, NULL);
  assert_tick (ticks, 0, -30, "−30");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 0, 4.2e12, 6, "B");
  assert_tick (ticks, 1, 1e12, "1 TB");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_LINEAR, 0, 600, 6, "s");
  assert_tick (ticks, 1, 120, "2 m");
  g_array_unref (ticks);
}

static void
test_ticks_log (void)
{
  GArray *ticks = check_ticks (LUMINA_CHART_SCALE_LOG, 1e-3, 1e3, 8, NULL);

  g_assert_cmpuint (ticks->len, ==, 7);
  assert_tick (ticks, 0, 1e-3, "0.001");
  assert_tick (ticks, 3, 1, "1");
  assert_tick (ticks, 6, 1e3, "1000");
  g_array_unref (ticks);

  /* Twelve decades with room for five ticks: every third decade. */
  ticks = check_ticks (LUMINA_CHART_SCALE_LOG, 1, 1e12, 5, NULL);
  g_assert_cmpuint (ticks->len, ==, 5);
  assert_tick (ticks, 2, 1e6, "1 M");
  g_array_unref (ticks);
}

/* The automatic y range pads a flat line, but not past the limits the
 * values have: a best accuracy flat at 1 is drawn up to 1, not 1.1. */
static void
test_range_limits (void)
{
  LuminaChart *chart = LUMINA_CHART (g_object_ref_sink (lumina_chart_new ()));
  double x[] = { 0, 1, 2 };
  double flat[] = { 1, 1, 1 };
  double rising[] = { 0.2, 0.5, 0.97 };
  double zero[] = { 0, 0, 0 };
  LuminaChartRange xr, yr;

  lumina_chart_add_series (chart, "score", LUMINA_CHART_STYLE_STEP);
  lumina_chart_set_series_data (chart, 0, x, flat, 3);

  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.max, >, 1.05);   /* unbounded: padded above */

  lumina_chart_set_y_limits (chart, 0, 1);
  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.max, ==, 1);
  g_assert_cmpfloat (yr.min, <, 1);
  g_assert_cmpfloat (yr.min, >=, 0.8);

  /* Data inside the limits keep their nice range. */
  lumina_chart_set_series_data (chart, 0, x, rising, 3);
  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.min, ==, 0.2);
  g_assert_cmpfloat (yr.max, ==, 1);

  /* A flat zero loss with a floor at 0 is drawn from 0 up. */
  lumina_chart_set_y_limits (chart, 0, INFINITY);
  lumina_chart_set_series_data (chart, 0, x, zero, 3);
  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.min, ==, 0);
  g_assert_cmpfloat (yr.max, >, 0);

  /* A fixed range wins over the limits, and NaN lifts them. */
  lumina_chart_set_y_range (chart, -2, 3);
  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.min, ==, -2);
  g_assert_cmpfloat (yr.max, ==, 3);
  lumina_chart_set_y_range (chart, NAN, NAN);
  lumina_chart_set_y_limits (chart, NAN, NAN);
  _lumina_chart_compute_ranges (chart, &xr, &yr);
  g_assert_cmpfloat (yr.min, <, 0);

  g_object_unref (chart);
}

static void
test_ticks_time (void)
{
  const double start = 1700000000;   /* 2023-11-14 22:13:20 UTC */
  GArray *ticks;

  ticks = check_ticks (LUMINA_CHART_SCALE_TIME, start, start + 15 * 60, 6, NULL);
  g_assert_cmpuint (ticks->len, ==, 3);
  assert_tick (ticks, 0, 1700000100, "22:15");
  assert_tick (ticks, 2, 1700000700, "22:25");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_TIME, start, start + 86400, 6, NULL);
  g_assert_cmpuint (ticks->len, ==, 4);
  assert_tick (ticks, 0, 1700006400, "00:00");
  assert_tick (ticks, 1, 1700028000, "06:00");
  g_array_unref (ticks);

  ticks = check_ticks (LUMINA_CHART_SCALE_TIME, start, start + 30 * 86400, 6, NULL);
  g_assert_cmpuint (ticks->len, ==, 5);
  assert_tick (ticks, 0, 1700092800, "Nov 16");
  assert_tick (ticks, 4, 1702512000, "Dec 14");
  g_array_unref (ticks);
}

/* Rendering */

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (lumina_test_get_app ()));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  lumina_test_wait_mapped (child);

  return window;
}

static LuminaChart *
new_chart (gboolean gl)
{
  g_setenv ("LUMINA_CHART_RENDERER", gl ? "gl" : "cairo", TRUE);

  return LUMINA_CHART (lumina_chart_new ());
}

static GdkTexture *
render (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  lumina_test_iterate (150);

  return lumina_test_render_widget (widget);
}

static void
fill_line_chart (LuminaChart *chart)
{
  double x[300], a[300], b[300];
  guint sa, sb;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    {
      x[i] = i;
      a[i] = 0.55 + 0.33 * (1 - exp (-x[i] / 60.0)) + 0.01 * sin (x[i] / 3.0);
      b[i] = 0.5 + 0.3 * (1 - exp (-x[i] / 80.0)) + 0.04 * cos (x[i] / 2.0) * sin (x[i] / 7.0);
    }
  lumina_chart_set_title (chart, "Validation score");
  sa = lumina_chart_add_series (chart, "Best so far", LUMINA_CHART_STYLE_AREA);
  sb = lumina_chart_add_series (chart, "Trial score", LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_data (chart, sa, x, a, G_N_ELEMENTS (x));
  lumina_chart_set_series_data (chart, sb, x, b, G_N_ELEMENTS (x));
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, "Trial", NULL);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, "AUC", NULL);
  lumina_chart_add_threshold (chart, 0.85, "Target 0.85");
  lumina_chart_add_annotation (chart, 180, "Best model");
}

/* Pixels close to pure magenta, the colour the edge cases give a series. */
static guint
count_magenta (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  guint n = 0;

  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;

      n += r > 200 && g < 60 && b > 200;
    }
  return n;
}

static void
check_edge_cases (gboolean gl)
{
  LuminaChart *chart = new_chart (gl);
  GtkWidget *window = show_in_window (GTK_WIDGET (chart), 480, 300);
  const double one_x = 3, one_y = 7;
  const double nan_y[] = { NAN, NAN, NAN };
  const double huge_x[] = { 0, 1, 2, 3 };
  const double huge_y[] = { -1e300, 1e-300, 1e300, 5 };
  const GdkRGBA magenta = { 1, 0, 1, 1 };
  GdkTexture *texture;
  guint s, with_point, without;

  g_assert_cmpint (lumina_chart_get_uses_gl (chart), ==, gl);

  /* Empty: the placeholder. */
  lumina_chart_set_placeholder (chart, "Start a run to see its score");
  g_object_unref (render (GTK_WIDGET (chart)));

  /* A line of one point is no line: it shows as a dot (a forest's
   * validation curve, scored once, is such a series). */
  s = lumina_chart_add_series (chart, "one", LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_color (chart, s, &magenta);
  lumina_chart_set_series_data (chart, s, &one_x, &one_y, 1);
  texture = render (GTK_WIDGET (chart));
  g_assert_cmpuint (lumina_test_count_colors (texture, NULL), >, 4);
  with_point = count_magenta (texture);
  g_object_unref (texture);

  lumina_chart_set_series_data (chart, s, NULL, nan_y, G_N_ELEMENTS (nan_y));
  texture = render (GTK_WIDGET (chart));
  without = count_magenta (texture);
  g_object_unref (texture);
  g_test_message ("%s: %u magenta pixels with the point, %u without", gl ? "GL" : "cairo",
                  with_point, without);
  g_assert_cmpuint (with_point, >=, without + 20);

  lumina_chart_set_series_data (chart, s, huge_x, huge_y, G_N_ELEMENTS (huge_x));
  g_object_unref (render (GTK_WIDGET (chart)));

  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LOG, NULL, NULL);
  g_object_unref (render (GTK_WIDGET (chart)));

  lumina_test_destroy_window (GTK_WINDOW (window));
}

static void
test_render_edge_cases_gl (void)
{
  check_edge_cases (TRUE);
}

static void
test_render_edge_cases_cairo (void)
{
  check_edge_cases (FALSE);
}

static void
check_identical (gboolean gl)
{
  LuminaChart *chart = new_chart (gl);
  GtkWidget *window;
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) second = NULL;
  g_autofree guchar *a = NULL, *b = NULL;
  gsize size;

  fill_line_chart (chart);
  window = show_in_window (GTK_WIDGET (chart), 560, 320);
  first = render (GTK_WIDGET (chart));
  second = render (GTK_WIDGET (chart));

  size = (gsize) gdk_texture_get_width (first) * gdk_texture_get_height (first) * 4;
  a = g_malloc (size);
  b = g_malloc (size);
  gdk_texture_download (first, a, gdk_texture_get_width (first) * 4);
  gdk_texture_download (second, b, gdk_texture_get_width (second) * 4);
  g_assert_cmpint (gdk_texture_get_width (first), ==, gdk_texture_get_width (second));
  g_assert_true (memcmp (a, b, size) == 0);
  g_assert_cmpuint (lumina_test_count_colors (first, NULL), >, 50);

  lumina_test_destroy_window (GTK_WINDOW (window));
}

static void
test_render_identical_gl (void)
{
  check_identical (TRUE);
}

static void
test_render_identical_cairo (void)
{
  check_identical (FALSE);
}

static void
test_render_million_points (void)
{
  LuminaChart *chart = new_chart (TRUE);
  GtkWidget *window = show_in_window (GTK_WIDGET (chart), 640, 320);
  g_autofree double *y = g_new (double, N_RANDOM);
  g_autoptr(GdkTexture) texture = NULL;
  double t0;
  guint s;

  for (gsize i = 0; i < N_RANDOM; i++)
    y[i] = sin (i / 5000.0) + g_test_rand_double_range (-0.2, 0.2);
  s = lumina_chart_add_series (chart, "signal", LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_data (chart, s, NULL, y, N_RANDOM);

  t0 = g_get_monotonic_time ();
  texture = render (GTK_WIDGET (chart));
  g_test_message ("1,000,000 points rendered (%s) in %.0f ms including a 150 ms wait",
                  lumina_chart_get_uses_gl (chart) ? "GL" : "cairo",
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (lumina_test_count_colors (texture, NULL), >, 20);

  lumina_test_destroy_window (GTK_WINDOW (window));
}

/* Export */

static void
test_export (void)
{
  LuminaChart *chart = g_object_ref_sink (new_chart (FALSE));
  g_autofree char *dir = lumina_test_make_tmp_dir ();
  g_autofree char *csv_path = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *png_path = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "chart.csv", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) svg = g_file_new_for_path (svg_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  static const GMarkupParser empty_parser = { 0 };
  g_autofree char *contents = NULL;
  const double ax[] = { 0, 1, 2 }, ay[] = { 1, 2.5, NAN };
  const double bx[] = { 1, 3 }, by[] = { 0.1, -1e-7 };
  const double cells[] = { 50, 3, 7, 40 };
  const char *names[] = { "no", "yes" };
  gsize length;

  lumina_chart_add_series (chart, "train", LUMINA_CHART_STYLE_LINE);
  lumina_chart_add_series (chart, "valid, holdout", LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_data (chart, 0, ax, ay, 3);
  lumina_chart_set_series_data (chart, 1, bx, by, 2);

  g_assert_true (lumina_chart_export_csv (chart, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "x,train,\"valid, holdout\"\n"
                   "0,1,\n"
                   "1,2.5,0.1\n"
                   "2,,\n"
                   "3,,-1e-07\n");

  g_assert_true (lumina_chart_export_png (chart, png, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (png_path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);

  g_assert_true (lumina_chart_export_svg (chart, svg, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (svg_path, &contents, &length, NULL));
  parser = g_markup_parse_context_new (&empty_parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, contents, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<svg"));

  /* A folder that does not exist: the GIO error, and no file. */
  g_assert_false (lumina_chart_export_csv (chart, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  lumina_chart_set_heatmap (chart, 2, 2, cells, names, names);
  g_assert_true (lumina_chart_export_csv (chart, csv, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, ",no,yes\nno,50,3\nyes,7,40\n");

  g_object_unref (chart);
  lumina_test_remove_tree (dir);
}

/* Heatmap, bars, parallel chart and the demo screenshots */

static GtkWidget *
bar_chart (void)
{
  LuminaChart *chart = new_chart (TRUE);
  const char *features[] = { "petal_length", "petal_width", "sepal_length", "sepal_width", NULL };
  const double importance[] = { 0.44, 0.31, 0.17, 0.08 };
  guint s;

  lumina_chart_set_title (chart, "Feature importance");
  lumina_chart_set_categories (chart, features);
  lumina_chart_set_horizontal (chart, TRUE);
  s = lumina_chart_add_series (chart, "Gain", LUMINA_CHART_STYLE_BARS);
  lumina_chart_set_series_data (chart, s, NULL, importance, G_N_ELEMENTS (importance));

  return GTK_WIDGET (chart);
}

static GtkWidget *
heatmap_chart (void)
{
  LuminaChart *chart = new_chart (TRUE);
  const char *classes[] = { "setosa", "versicolor", "virginica" };
  const double cells[] = { 50, 0, 0, 0, 47, 3, 0, 4, 46 };

  lumina_chart_set_title (chart, "Confusion matrix");
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, "Predicted", NULL);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, "Actual", NULL);
  lumina_chart_set_heatmap (chart, 3, 3, cells, classes, classes);

  return GTK_WIDGET (chart);
}

static GtkWidget *
parallel_chart (void)
{
  LuminaParallelChart *chart = LUMINA_PARALLEL_CHART (lumina_parallel_chart_new ());
  const char *axes[] = { "learning_rate", "max_depth", "booster", "subsample" };
  const gboolean log_axes[] = { TRUE, FALSE, FALSE, FALSE };
  const char *boosters[] = { "gbtree", "dart", NULL };
  double values[40 * 4], scores[40];

  for (guint i = 0; i < 40; i++)
    {
      double lr = pow (10, g_test_rand_double_range (-3, 0));
      double depth = g_test_rand_int_range (2, 11);

      values[i * 4 + 0] = lr;
      values[i * 4 + 1] = depth;
      values[i * 4 + 2] = g_test_rand_int_range (0, 2);
      values[i * 4 + 3] = i == 7 ? NAN : g_test_rand_double_range (0.5, 1.0);
      scores[i] = 0.95 - 0.08 * fabs (log10 (lr) + 1) - 0.01 * fabs (depth - 6);
    }
  lumina_parallel_chart_set_title (chart, "Search space");
  lumina_parallel_chart_set_data (chart, 4, axes, log_axes, 40, values, scores, "AUC");
  lumina_parallel_chart_set_axis_categories (chart, 2, boosters);
  g_assert_cmpuint (lumina_parallel_chart_get_n_lines (chart), ==, 40);

  return GTK_WIDGET (chart);
}

static GtkWidget *
card (GtkWidget *chart)
{
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_widget_add_css_class (frame, "view");
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_frame_set_child (GTK_FRAME (frame), chart);

  return frame;
}

static void
test_demo_screenshots (void)
{
  GtkWidget *grid = gtk_grid_new ();
  LuminaChart *line = new_chart (TRUE);
  GtkWidget *window;
  g_autoptr(GdkTexture) texture = NULL;

  fill_line_chart (line);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_grid_attach (GTK_GRID (grid), card (GTK_WIDGET (line)), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (bar_chart ()), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (heatmap_chart ()), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (parallel_chart ()), 1, 1, 1, 1);

  window = show_in_window (grid, 1200, 760);
  gtk_widget_add_css_class (window, "background");
  lumina_test_iterate (200);
  lumina_test_screenshot (window, "chart-light.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  lumina_test_iterate (300);
  lumina_test_screenshot (window, "chart-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  lumina_test_destroy_window (GTK_WINDOW (window));
}

/* The legend sits beside the title when it fits; in a narrow chart it
 * wraps onto lines of its own, each entry inside the chart, none
 * overlapping, and the plot moves down to make room. */
static void
test_legend_wrap (void)
{
  LuminaChart *chart = new_chart (FALSE);
  const char *names[] = { "api p99 latency", "api p50 latency", "batch p99 latency", "host CPU usage" };
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (LuminaChartLegendSlot));
  graphene_rect_t wide_plot, narrow_plot;
  GtkWidget *window;
  int wide_min, narrow_min;
  guint lines;

  lumina_chart_set_title (chart, "Latency");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const double y[] = { 1 + i, 2 + i, 1.5 + i };
      guint series = lumina_chart_add_series (chart, names[i], LUMINA_CHART_STYLE_LINE);

      lumina_chart_set_series_data (chart, series, NULL, y, G_N_ELEMENTS (y));
    }
  window = show_in_window (GTK_WIDGET (chart), 260, 300);

  /* Wide: one line, right of the title, in order. */
  lines = _lumina_chart_layout_legend (chart, 1000, slots);
  g_assert_cmpuint (lines, ==, 1);
  g_assert_cmpuint (slots->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < slots->len; i++)
    {
      const LuminaChartLegendSlot *slot = &g_array_index (slots, LuminaChartLegendSlot, i);

      g_assert_cmpuint (slot->line, ==, 0);
      g_assert_cmpfloat (slot->x, >, 100);
      g_assert_cmpfloat (slot->x + slot->width, <=, 1000);
      if (i > 0)
        g_assert_cmpfloat (slot->x, >=, g_array_index (slots, LuminaChartLegendSlot, i - 1).x +
                                        g_array_index (slots, LuminaChartLegendSlot, i - 1).width);
    }
  _lumina_chart_compute_plot (chart, 1000, 300, &chart->x_range, &chart->y_range, &wide_plot);

  /* Narrow: below the title, wrapped, within the chart, no overlaps. */
  lines = _lumina_chart_layout_legend (chart, 260, slots);
  g_assert_cmpuint (lines, >=, 3);
  for (guint i = 0; i < slots->len; i++)
    {
      const LuminaChartLegendSlot *slot = &g_array_index (slots, LuminaChartLegendSlot, i);

      g_assert_cmpuint (slot->line, >=, 1);
      g_assert_cmpfloat (slot->x, >=, 0);
      g_assert_cmpfloat (slot->x + slot->width, <=, 260);
      for (guint j = 0; j < i; j++)
        {
          const LuminaChartLegendSlot *other = &g_array_index (slots, LuminaChartLegendSlot, j);

          g_assert_true (other->line != slot->line || other->x + other->width <= slot->x);
        }
    }
  _lumina_chart_compute_plot (chart, 260, 300, &chart->x_range, &chart->y_range, &narrow_plot);
  g_assert_cmpfloat (narrow_plot.origin.y, >=, wide_plot.origin.y + (lines - 1) * 18);

  /* The chart asks for the height its legend lines take. */
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, 1000, &wide_min, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, 260, &narrow_min, NULL, NULL, NULL);
  g_assert_cmpint (narrow_min - wide_min, ==, (int) ((lines - 1) * LUMINA_CHART_LEGEND_LINE));

  /* The text is measured once, and again whenever it changes: a longer
   * title pushes the legend under it, a new series takes a slot, and a
   * cleared chart has no legend at all. */
  g_assert_cmpuint (_lumina_chart_layout_legend (chart, 1000, slots), ==, 1);
  lumina_chart_set_title (chart, "Latency of every request the API, the batch jobs and the hosts answered");
  g_assert_cmpuint (_lumina_chart_layout_legend (chart, 1000, slots), ==, 2);
  lumina_chart_add_series (chart, "queue depth", LUMINA_CHART_STYLE_LINE);
  g_assert_cmpuint (_lumina_chart_layout_legend (chart, 1000, slots), ==, 2);
  g_assert_cmpuint (slots->len, ==, G_N_ELEMENTS (names) + 1);
  g_assert_cmpfloat (g_array_index (slots, LuminaChartLegendSlot, slots->len - 1).width, >,
                     g_array_index (slots, LuminaChartLegendSlot, 0).width / 2);
  lumina_chart_set_title (chart, "Latency");

  lumina_test_iterate (300);
  lumina_test_screenshot (window, "chart-legend-narrow.png");
  lumina_test_destroy_window (GTK_WINDOW (window));
}

static void
test_parallel_empty (void)
{
  LuminaParallelChart *chart = LUMINA_PARALLEL_CHART (lumina_parallel_chart_new ());
  GtkWidget *window = show_in_window (GTK_WIDGET (chart), 400, 260);
  const char *axes[] = { "a" };
  const double values[] = { NAN, NAN };
  const double scores[] = { NAN, 1 };

  g_object_unref (render (GTK_WIDGET (chart)));
  lumina_parallel_chart_set_data (chart, 1, axes, NULL, 2, values, scores, NULL);
  g_object_unref (render (GTK_WIDGET (chart)));
  lumina_parallel_chart_clear (chart);
  g_assert_cmpuint (lumina_parallel_chart_get_n_lines (chart), ==, 0);

  lumina_test_destroy_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  lumina_test_init (&argc, &argv);

  g_test_add_func ("/app/chart/decimate/min-max", test_decimate_min_max);
  g_test_add_func ("/app/chart/decimate/gaps-and-edges", test_decimate_gaps_and_edges);
  g_test_add_func ("/app/chart/extent/blocks", test_extent_blocks);
  g_test_add_func ("/app/chart/ticks/linear", test_ticks_linear);
  g_test_add_func ("/app/chart/ticks/log", test_ticks_log);
  g_test_add_func ("/app/chart/ticks/time", test_ticks_time);
  g_test_add_func ("/app/chart/range/limits", test_range_limits);
  g_test_add_func ("/app/chart/render/edge-cases-gl", test_render_edge_cases_gl);
  g_test_add_func ("/app/chart/render/edge-cases-cairo", test_render_edge_cases_cairo);
  g_test_add_func ("/app/chart/render/identical-gl", test_render_identical_gl);
  g_test_add_func ("/app/chart/render/identical-cairo", test_render_identical_cairo);
  g_test_add_func ("/app/chart/render/million-points", test_render_million_points);
  g_test_add_func ("/app/chart/export", test_export);
  g_test_add_func ("/app/chart/legend/wrap", test_legend_wrap);
  g_test_add_func ("/app/chart/parallel/empty", test_parallel_empty);
  g_test_add_func ("/app/chart/screenshots", test_demo_screenshots);

  return g_test_run ();
}
