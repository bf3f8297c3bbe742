/* lumina-csv-writer.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames out as RFC 4180 CSV: comma, CRLF-free (LF) lines, quotes only
 * where needed, floats in shortest round-trip form, so reading the output
 * back gives the same values.
 */
#define G_LOG_DOMAIN "lumina-csv-writer"

#include "config.h"

#include <string.h>

#include "lumina-csv.h"
#include "lumina-csv-values.h"
#include "lumina-frame.h"

#define FLUSH_BYTES (1024 * 1024)

static void
append_field (GString    *out,
              const char *text)
{
  /* Quote what a reader could take for syntax, a missing marker, or a
   * number with blanks around it. */
  if (strpbrk (text, ",\"\r\n") == NULL && !(text[0] == ' ' || text[0] == '\t') &&
      !(text[0] != '\0' && lumina_csv_text_needs_quotes (text)))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
flush (GOutputStream  *stream,
       GString        *out,
       GCancellable   *cancellable,
       GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);

  g_string_truncate (out, 0);
  return ok;
}

/**
 * lumina_csv_write_frame:
 * Writes a header and every row.  Missing values are empty fields; a
 * string that reads as a missing marker ("NA", "?") is quoted.
 */
gboolean
lumina_csv_write_frame (LuminaFrame    *frame,
                        GOutputStream  *stream,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (FLUSH_BYTES + 4096);
  guint n_columns;

  g_return_val_if_fail (LUMINA_IS_FRAME (frame), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  n_columns = lumina_frame_get_n_columns (frame);
  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_field (out, lumina_frame_get_column (frame, c)->name);
    }
  g_string_append_c (out, '\n');

  for (gsize r = 0; r < lumina_frame_get_n_rows (frame); r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          const LuminaColumn *column = lumina_frame_get_column (frame, c);
          g_autofree char *text = lumina_column_format_value (column, r);

          if (c > 0)
            g_string_append_c (out, ',');
          if (lumina_column_is_valid (column, r))
            append_field (out, text);
        }
      g_string_append_c (out, '\n');

      if (out->len >= FLUSH_BYTES && !flush (stream, out, cancellable, error))
        return FALSE;
    }

  return flush (stream, out, cancellable, error);
}
