/* bench-chart.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame times of the chart widget with a 1,000,000-point series while it
 * pans and zooms, as GTK measures them: from the frame clock's "update"
 * phase to the end of "after-paint", which includes the GSK render. Run it
 * twice, once as is (the GL data layer when GL works) and once with
 * LUMINA_CHART_RENDERER=cairo (the snapshot fallback); the budget is one
 * 60 Hz frame, 16.7 ms.
 *
 *   bench-chart [N_POINTS] [N_FRAMES]
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <adwaita.h>

#include "lumina-chart.h"

typedef struct
{
  LuminaChart *chart;
  GArray      *durations_ms;
  gint64       frame_start;
  guint        n_frames;
  guint        frame;
  double       x_max;
  GMainLoop   *loop;
} Bench;

static void
update_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  double t = (double) bench->frame / bench->n_frames;
  /* Zoom from the whole range to 0.5 % of it and back, panning across. */
  double width = bench->x_max * (0.005 + 0.995 * fabs (cos (t * 2 * G_PI)));
  double start = (bench->x_max - width) * t;

  bench->frame_start = g_get_monotonic_time ();
  lumina_chart_set_x_range (bench->chart, start, start + width);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  double ms;

  if (bench->frame_start == 0)
    return;
  ms = (g_get_monotonic_time () - bench->frame_start) / 1000.0;
  bench->frame_start = 0;
  /* The first frames build buffers and caches. */
  if (bench->frame >= 5)
    g_array_append_val (bench->durations_ms, ms);
  if (++bench->frame >= bench->n_frames + 5)
    g_main_loop_quit (bench->loop);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  /* Keep the frame clock running: every frame has something to draw. */
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  gsize n_points = argc > 1 ? strtoul (argv[1], NULL, 10) : 1000000;
  guint n_frames = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 240;
  g_autofree double *x = g_new (double, n_points);
  g_autofree double *y = g_new (double, n_points);
  Bench bench = { 0 };
  GdkFrameClock *clock;
  GtkWidget *window;
  double *d;
  guint n;

  gtk_init ();
  adw_init ();

  /* A second of data each, with slow waves, noise and spikes. */
  for (gsize i = 0; i < n_points; i++)
    {
      x[i] = (double) i;
      y[i] = 50 + 20 * sin (i / 5000.0) + 5 * sin (i / 37.0) + (g_random_double () - 0.5) * 8 +
             (i % 99991 == 0 ? 60 : 0);
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  bench.chart = LUMINA_CHART (lumina_chart_new ());
  lumina_chart_set_title (bench.chart, "1,000,000 points");
  lumina_chart_set_axis (bench.chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_TIME, "Time", NULL);
  lumina_chart_add_series (bench.chart, "value", LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_series_data (bench.chart, 0, x, y, n_points);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.chart));
  gtk_window_present (GTK_WINDOW (window));

  bench.durations_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.n_frames = n_frames;
  bench.x_max = (double) (n_points - 1);
  bench.loop = g_main_loop_new (NULL, FALSE);

  while (!gtk_widget_get_mapped (GTK_WIDGET (bench.chart)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.chart));
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.chart), tick_cb, NULL, NULL);
  g_main_loop_run (bench.loop);

  d = (double *) bench.durations_ms->data;
  n = bench.durations_ms->len;
  qsort (d, n, sizeof (double), compare_doubles);
  g_print ("chart %s: %" G_GSIZE_FORMAT " points, %u frames: median %.2f ms, p95 %.2f ms, max %.2f ms "
           "(%.1f× under the 16.7 ms budget at the median)\n",
           lumina_chart_get_uses_gl (bench.chart) ? "GL" : "snapshot", n_points, n,
           d[n / 2], d[(guint) (n * 0.95)], d[n - 1], 16.7 / d[n / 2]);

  g_signal_handlers_disconnect_by_data (clock, &bench);
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (bench.durations_ms);
  g_main_loop_unref (bench.loop);
  return 0;
}
