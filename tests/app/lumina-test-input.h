/* lumina-test-input.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real pointer input for GUI tests: events injected into the X server
 * (Xvfb) with the XTEST extension, so they pass through GDK and the
 * widgets' gestures exactly as a mouse's would.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Coordinates are in @widget's own coordinate space. */
void lumina_test_pointer_move         (GtkWidget *widget,
                                       double     x,
                                       double     y);
void lumina_test_pointer_drag         (GtkWidget *widget,
                                       double     x0,
                                       double     y0,
                                       double     x1,
                                       double     y1);
void lumina_test_pointer_double_click (GtkWidget *widget,
                                       double     x,
                                       double     y);

G_END_DECLS
