/* bench-import.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dataset import against pandas.read_csv, in one run:
 *
 *   bench-import FILE.csv
 *
 * prints the median of five imports (parse, type inference, profile, write
 * of the version into a fresh workspace), the median of five parses alone,
 * the median of five reopenings of
 * the cached version, and the frame's memory against its raw float64 size.
 * run-benchmarks.sh puts pandas' figure beside it.
 */
#include "config.h"

#include <stdlib.h>

#include "lumina-engine.h"

#define REPEATS 5

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static char *
fresh_workspace (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lumina-bench-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", dir);
}

int
main (int   argc,
      char *argv[])
{
  double import_ms[REPEATS], parse_ms[REPEATS], reopen_ms[REPEATS];
  g_autoptr(GFile) file = NULL;
  g_autofree char *last_dir = NULL;
  gsize frame_bytes = 0, raw_bytes = 0;

  lumina_runtime_ensure_environment (argc, argv);
  if (argc != 2)
    {
      g_printerr ("usage: bench-import FILE.csv\n");
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);

  /* The parse alone (text to typed frame), to see where an import's time goes. */
  for (guint i = 0; i < REPEATS; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LuminaFrame) frame = lumina_csv_read_file (file, NULL, NULL, NULL, &error);

      parse_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (frame == NULL)
        {
          g_printerr ("parse failed: %s\n", error->message);
          return 1;
        }
    }

  for (guint i = 0; i < REPEATS; i++)
    {
      g_autofree char *dir = fresh_workspace ();
      g_autoptr(GError) error = NULL;
      g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (dir, LUMINA_WORKSPACE_OPEN_CREATE, &error);
      g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (ws);
      g_autoptr(LuminaDatasetVersion) version = NULL;
      gint64 start = g_get_monotonic_time ();

      version = lumina_dataset_store_import (store, "bench", file, NULL, NULL, NULL, &error);
      import_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (version == NULL)
        {
          g_printerr ("import failed: %s\n", error->message);
          return 1;
        }

      if (i + 1 < REPEATS)
        remove_tree (dir);
      else
        last_dir = g_steal_pointer (&dir);
    }

  for (guint i = 0; i < REPEATS; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LuminaWorkspace) ws = lumina_workspace_open (last_dir, LUMINA_WORKSPACE_OPEN_NONE, &error);
      g_autoptr(LuminaDatasetStore) store = lumina_dataset_store_new (ws);
      g_autoptr(LuminaDatasetVersion) version = lumina_dataset_store_resolve (store, "bench@latest", &error);
      g_autoptr(LuminaFrame) frame = lumina_dataset_store_load (store, version, &error);
      double sum = 0;

      /* Touch one value per page of every column, as a first use would. */
      for (guint c = 0; c < lumina_frame_get_n_columns (frame); c++)
        for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r += 512)
          sum += lumina_column_get_double (lumina_frame_get_column (frame, c), r);
      reopen_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      frame_bytes = lumina_frame_get_memory_size (frame);
      raw_bytes = lumina_frame_get_n_rows (frame) * lumina_frame_get_n_columns (frame) * sizeof (double);
      if (sum == 42.4242)
        g_print (" ");
    }

  g_print ("lumina_import_ms %.1f\n", median (import_ms, REPEATS));
  g_print ("lumina_parse_ms %.1f\n", median (parse_ms, REPEATS));
  g_print ("lumina_reopen_ms %.2f\n", median (reopen_ms, REPEATS));
  g_print ("frame_memory_ratio %.3f\n", (double) frame_bytes / MAX (raw_bytes, 1));
  remove_tree (last_dir);
  return 0;
}
