/* main.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-main"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "lumina-engine.h"

#include "lumina-application.h"

/* With no GPU (a VM, a remote display), OpenGL is Mesa's software
 * rasteriser, and GTK's GL renderer then spends a core's tenth redrawing
 * live charts that cairo draws for a twentieth of that. Such a session
 * gets the cairo renderer; GSK_RENDERER, when set, is obeyed as always. */
static void
prefer_cairo_without_gpu (void)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *renderer;

  if (g_getenv ("GSK_RENDERER") != NULL || !gtk_init_check ())
    return;

  context = gdk_display_create_gl_context (gdk_display_get_default (), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    return;

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  if (renderer != NULL &&
      (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL ||
       strstr (renderer, "SWR") != NULL))
    {
      g_debug ("OpenGL is software (%s): drawing with cairo", renderer);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
  gdk_gl_context_clear_current ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LuminaApplication) app = NULL;

  /* May re-exec the process with the environment the engine's libraries
   * need before they start (OMP_WAIT_POLICY), so it comes first. */
  lumina_runtime_ensure_environment (argc, argv);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("LuminaOps"));

  prefer_cairo_without_gpu ();
  app = lumina_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
