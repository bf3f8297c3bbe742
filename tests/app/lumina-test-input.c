/* lumina-test-input.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "lumina-test-input.h"
#include "lumina-test-util.h"

#define STEP_MS 30

static Display *
widget_display (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* @widget's point (@x, @y) on the X screen. */
static void
to_root (GtkWidget *widget,
         double     x,
         double     y,
         int       *root_x,
         int       *root_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = widget_display (widget);
  graphene_point_t point;
  double surface_x, surface_y;
  Window child;
  int origin_x, origin_y;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         0, 0, &origin_x, &origin_y, &child);
  *root_x = origin_x + (int) lround (point.x + surface_x);
  *root_y = origin_y + (int) lround (point.y + surface_y);
}

static void
motion (GtkWidget *widget,
        double     x,
        double     y)
{
  Display *display = widget_display (widget);
  int root_x, root_y;

  to_root (widget, x, y, &root_x, &root_y);
  XTestFakeMotionEvent (display, -1, root_x, root_y, CurrentTime);
  XFlush (display);
  lumina_test_iterate (STEP_MS);
}

static void
button (GtkWidget *widget,
        gboolean   press)
{
  Display *display = widget_display (widget);

  XTestFakeButtonEvent (display, 1, press, CurrentTime);
  XFlush (display);
  lumina_test_iterate (STEP_MS);
}

/* Without a window manager the newest window is on top: put ours there,
 * so the pointer lands on it. */
static void
check_xtest (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  int event_base, error_base, major, minor;

  g_assert_true (XTestQueryExtension (widget_display (widget), &event_base, &error_base, &major, &minor));
  XRaiseWindow (widget_display (widget), gdk_x11_surface_get_xid (surface));
  XFlush (widget_display (widget));
  lumina_test_iterate (50);
}

void
lumina_test_pointer_move (GtkWidget *widget,
                          double     x,
                          double     y)
{
  check_xtest (widget);
  motion (widget, x, y);
}

/* Presses the first button at (@x0, @y0), moves in steps to (@x1, @y1)
 * and releases it there. */
void
lumina_test_pointer_drag (GtkWidget *widget,
                          double     x0,
                          double     y0,
                          double     x1,
                          double     y1)
{
  const guint steps = 8;

  check_xtest (widget);
  motion (widget, x0, y0);
  button (widget, TRUE);
  for (guint i = 1; i <= steps; i++)
    motion (widget, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
  button (widget, FALSE);
  lumina_test_iterate (100);
}

void
lumina_test_pointer_double_click (GtkWidget *widget,
                                  double     x,
                                  double     y)
{
  Display *display = widget_display (widget);

  check_xtest (widget);
  motion (widget, x, y);
  /* Both clicks well inside the double-click time. */
  for (guint i = 0; i < 2; i++)
    {
      XTestFakeButtonEvent (display, 1, True, CurrentTime);
      XTestFakeButtonEvent (display, 1, False, CurrentTime);
      XFlush (display);
      lumina_test_iterate (10);
    }
  lumina_test_iterate (100);
}
