/* main.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-main"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lumina-engine.h"

#include "lumina-application.h"

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

  app = lumina_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
