/* lumina-csv-profile.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Profiles a CSV file (plain or gzip) of any size in one streaming pass.
 * The text comes a chunk at a time, cut after a row outside quotes; each
 * chunk, with the header line put in front of it, is parsed into a frame
 * (on every core, as an import is) and added to one profile builder, so
 * memory stays near two chunks' worth however big the file is.
 *
 * Types are inferred chunk by chunk and reconciled: a column that was
 * integer and meets a fraction becomes float, strings settle as
 * categorical or text once every chunk is in, a column missing everywhere
 * so far takes the first type it shows.  A column whose values turn out to
 * be of another kind altogether (a word after numbers) sends the pass back
 * to the start with that column read as text, as a whole-file parse would
 * have it.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-csv"

#include "config.h"

#include <string.h>

#include "lumina-csv.h"
#include "lumina-csv-private.h"
#include "lumina-error.h"
#include "lumina-frame-private.h"
#include "lumina-profile-private.h"

#define DEFAULT_CHUNK_BYTES (64 * 1024 * 1024)
#define MAX_PASSES          8

typedef struct
{
  GInputStream *raw;          /* the file, for progress */
  GInputStream *text;         /* the text: @raw, or its decompression */
  goffset       file_size;

  char         *buffer;
  gsize         capacity;
  gsize         prefix;       /* the header line, in front of every chunk after the first */
  guint         prefix_lines;
  gsize         used;         /* prefix, the rest of the last chunk, what was read */
  gboolean      eof;
  guint64       lines_before; /* newlines in the file before this chunk's rows */
} Reader;

static void
reader_clear (Reader *reader)
{
  g_clear_object (&reader->text);
  g_clear_object (&reader->raw);
  g_clear_pointer (&reader->buffer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static gboolean
reader_open (Reader        *reader,
             GFile         *file,
             gsize          chunk_bytes,
             gboolean      *gzip,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  memset (reader, 0, sizeof *reader);
  if (!(reader->text = _lumina_csv_open_text (file, &reader->raw, gzip, cancellable, error)))
    return FALSE;
  info = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (reader->raw), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  reader->file_size = info ? g_file_info_get_size (info) : 0;

  reader->capacity = MAX (chunk_bytes, 64);
  reader->buffer = g_malloc (reader->capacity);
  return TRUE;
}

/* Reads until the buffer is full or the text ends. */
static gboolean
reader_fill (Reader        *reader,
             GCancellable  *cancellable,
             GError       **error)
{
  gsize n = 0;

  if (reader->eof || reader->used == reader->capacity)
    return TRUE;
  if (!g_input_stream_read_all (reader->text, reader->buffer + reader->used, reader->capacity - reader->used,
                                &n, cancellable, error))
    {
      g_prefix_error (error, "cannot read: ");
      return FALSE;
    }
  reader->eof = n < reader->capacity - reader->used;
  reader->used += n;
  return TRUE;
}

/* Just after the last (or, with @first, the first) newline outside quotes
 * in [@start, @end), the buffer's start being outside quotes; 0 if none. */
static gsize
find_row_end (const char *buffer,
              gsize       start,
              gsize       end,
              gboolean    first)
{
  const char *p = buffer + start, *stop = buffer + end;
  gboolean quoted = FALSE;
  gsize found = 0;

  while (p < stop)
    {
      const char *quote = memchr (p, '"', stop - p);
      const char *segment_end = quote ? quote : stop;

      if (!quoted)
        {
          const char *newline = first ? memchr (p, '\n', segment_end - p) : memrchr (p, '\n', segment_end - p);

          if (newline != NULL)
            {
              found = newline + 1 - buffer;
              if (first)
                return found;
            }
        }
      if (quote == NULL)
        break;
      quoted = !quoted;
      p = quote + 1;
    }
  return found;
}

/* "line N, ..." of a chunk into the line of the file. */
static void
fix_line_number (Reader  *reader,
                 GError  *error)
{
  guint64 line;
  char *rest;
  char *message;

  if (error == NULL || !g_str_has_prefix (error->message, "line "))
    return;
  line = g_ascii_strtoull (error->message + 5, &rest, 10);
  if (rest == error->message + 5 || line <= reader->prefix_lines)
    return;
  message = g_strdup_printf ("line %" G_GUINT64_FORMAT "%s", line - reader->prefix_lines + reader->lines_before, rest);
  g_free (error->message);
  error->message = message;
}

/* ---- types ---------------------------------------------------------------- */

static gboolean
is_string_type (LuminaColumnType type)
{
  return type == LUMINA_COLUMN_TYPE_CATEGORICAL || type == LUMINA_COLUMN_TYPE_TEXT;
}

static LuminaColumn *
null_column (const char       *name,
             LuminaColumnType  type,
             gsize             n_rows)
{
  LuminaColumn *column = lumina_column_new (name, type, n_rows);

  for (gsize r = 0; r < n_rows; r++)
    lumina_column_set_null (column, r);
  return column;
}

static LuminaColumn *
integers_as_floats (const LuminaColumn *ints)
{
  LuminaColumn *column = lumina_column_new (ints->name, LUMINA_COLUMN_TYPE_FLOAT, ints->n_rows);

  for (gsize r = 0; r < ints->n_rows; r++)
    column->f64[r] = (double) ints->i64[r];
  if (ints->validity != NULL)
    for (gsize r = 0; r < ints->n_rows; r++)
      if (!lumina_column_is_valid (ints, r))
        lumina_column_set_null (column, r);
  return column;
}

static void
replace_column (LuminaFrame  *frame,
                guint         index,
                LuminaColumn *column)
{
  lumina_column_free (g_ptr_array_index (frame->columns, index));
  g_ptr_array_index (frame->columns, index) = column;
}

/* Brings @chunk's column types in line with what @builder has seen, or
 * widens the builder's.  FALSE, with the column to read as text in
 * @as_text, when that cannot be done without reading again. */
static gboolean
reconcile (LuminaProfileBuilder *builder,
           LuminaFrame          *chunk,
           const gboolean       *given,
           gboolean             *seen,
           gboolean              first,
           GHashTable           *as_text)
{
  gboolean ok = TRUE;

  for (guint c = 0; c < chunk->columns->len; c++)
    {
      LuminaColumn *column = g_ptr_array_index (chunk->columns, c);
      gboolean has_values = column->null_count < column->n_rows;
      LuminaColumnType have;

      /* Strings are counted as text (lengths and all) and settle at the end. */
      if (is_string_type (column->type) && !given[c])
        column->type = LUMINA_COLUMN_TYPE_TEXT;

      if (first)
        {
          seen[c] = has_values;
          continue;
        }

      have = _lumina_profile_builder_get_type (builder, c);
      if (column->type == have)
        {
          seen[c] = seen[c] || has_values;
          continue;
        }

      if (!has_values)
        replace_column (chunk, c, null_column (column->name, have, column->n_rows));
      else if (!seen[c])
        {
          _lumina_profile_builder_retype (builder, c, column->type);
          seen[c] = TRUE;
        }
      else if (have == LUMINA_COLUMN_TYPE_INTEGER && column->type == LUMINA_COLUMN_TYPE_FLOAT)
        _lumina_profile_builder_retype (builder, c, LUMINA_COLUMN_TYPE_FLOAT);
      else if (have == LUMINA_COLUMN_TYPE_FLOAT && column->type == LUMINA_COLUMN_TYPE_INTEGER)
        replace_column (chunk, c, integers_as_floats (column));
      else
        {
          g_debug ("Column %s is %s in one part of the file and %s in another; reading it again as text",
                   column->name, lumina_column_type_to_string (have), lumina_column_type_to_string (column->type));
          g_hash_table_insert (as_text, g_strdup (column->name), GINT_TO_POINTER (LUMINA_COLUMN_TYPE_TEXT + 1));
          ok = FALSE;
        }
    }
  return ok;
}

/* ---- the pass ------------------------------------------------------------- */

typedef struct
{
  GFile                  *file;
  const LuminaCsvOptions *options;
  GHashTable             *types;        /* the user's, and text where a pass found it */
  const char             *target;
  gsize                   chunk_bytes;
  LuminaCsvInfo          *info;
  GCancellable           *cancellable;
} Pass;

static void
report (const Pass   *pass,
        const Reader *reader)
{
  goffset at;

  if (pass->options == NULL || pass->options->progress == NULL || reader->file_size <= 0)
    return;
  at = g_seekable_tell (G_SEEKABLE (reader->raw));
  pass->options->progress (MIN (1.0, (double) at / reader->file_size), pass->options->progress_data);
}

/* One pass over the file.  NULL with *@again set when a column must be read
 * as text and the pass run again. */
static JsonNode *
run_pass (Pass      *pass,
          gboolean  *again,
          GError   **error)
{
  g_auto(Reader) reader = { 0 };
  g_autoptr(LuminaProfileBuilder) builder = NULL;
  g_autofree gboolean *given = NULL;
  g_autofree gboolean *seen = NULL;
  LuminaCsvOptions chunk_options = { 0, -1 };
  guint64 text_bytes = 0;
  gboolean gzip = FALSE;
  guint n_chunks = 0;

  *again = FALSE;
  if (pass->options != NULL)
    chunk_options = *pass->options;
  chunk_options.types = pass->types;
  chunk_options.progress = NULL;

  if (!reader_open (&reader, pass->file, pass->chunk_bytes, &gzip, pass->cancellable, error))
    return NULL;

  for (;;)
    {
      g_autoptr(LuminaFrame) chunk = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      LuminaCsvInfo info = { 0 };
      gsize cut;

      if (!reader_fill (&reader, pass->cancellable, error))
        return NULL;
      if (reader.used == reader.prefix && n_chunks > 0)
        break;

      if (reader.eof)
        cut = reader.used;
      else if ((cut = find_row_end (reader.buffer, reader.prefix, reader.used, FALSE)) == 0)
        {
          /* Not one whole row in the buffer: a longer one than a chunk. */
          reader.capacity *= 2;
          reader.buffer = g_realloc (reader.buffer, reader.capacity);
          continue;
        }
      text_bytes += cut - reader.prefix;

      bytes = g_bytes_new_static (reader.buffer, cut);
      chunk = lumina_csv_read_bytes (bytes, &chunk_options, &info, pass->cancellable, &local_error);
      if (chunk == NULL)
        {
          fix_line_number (&reader, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (n_chunks == 0)
        {
          guint n_columns = lumina_frame_get_n_columns (chunk);

          *pass->info = info;
          builder = lumina_profile_builder_new (pass->target ? lumina_frame_find_column (chunk, pass->target) : -1);
          given = g_new0 (gboolean, MAX (n_columns, 1));
          seen = g_new0 (gboolean, MAX (n_columns, 1));
          for (guint c = 0; c < n_columns; c++)
            given[c] = pass->options && pass->options->types &&
                       g_hash_table_contains (pass->options->types, lumina_frame_get_column (chunk, c)->name);

          /* Later chunks: the same delimiter, and this header in front. */
          chunk_options.delimiter = info.delimiter;
          chunk_options.header = info.has_header ? 1 : 0;
          if (info.has_header)
            {
              reader.prefix = find_row_end (reader.buffer, 0, cut, TRUE);
              if (reader.prefix == 0)
                reader.prefix = cut;
              reader.prefix_lines = _lumina_csv_count_newlines (reader.buffer, reader.buffer + reader.prefix);
            }
          reader.lines_before = _lumina_csv_count_newlines (reader.buffer, reader.buffer + cut);
          if (reader.prefix > reader.capacity / 2)
            {
              reader.capacity = reader.prefix * 2;
              reader.buffer = g_realloc (reader.buffer, reader.capacity);
            }
        }
      else
        reader.lines_before += _lumina_csv_count_newlines (reader.buffer + reader.prefix, reader.buffer + cut);

      if (!reconcile (builder, chunk, given, seen, n_chunks == 0, pass->types))
        {
          *again = TRUE;
          return NULL;
        }
      lumina_profile_builder_add_frame (builder, chunk);
      n_chunks++;
      report (pass, &reader);

      /* The rest of the buffer, after the header, starts the next chunk. */
      memmove (reader.buffer + reader.prefix, reader.buffer + cut, reader.used - cut);
      reader.used = reader.prefix + (reader.used - cut);
      if (reader.eof && reader.used == reader.prefix)
        break;
    }

  pass->info->n_bytes = text_bytes;
  pass->info->gzip = gzip;
  _lumina_profile_builder_settle_strings (builder, given);
  return lumina_profile_builder_finish (builder);
}

/**
 * lumina_csv_profile_file:
 * @options: (nullable): as for lumina_csv_read_file(); its progress is the
 *   share of the file read
 * @target: (nullable): the column to correlate the others with
 * @chunk_bytes: how much text to hold at once; 0 for 64 MB
 * @info: (out) (optional): what the reader found
 *
 * Profiles a CSV file without holding it: only a chunk of its text and that
 * chunk's frame are in memory at any time, so a file larger than memory can
 * be profiled.  Types are those an import would infer.  Errors name the
 * line of the file.
 *
 * Returns: (transfer full) (nullable): the profile, as
 *   lumina_profile_builder_finish()
 */
JsonNode *
lumina_csv_profile_file (GFile                   *file,
                         const LuminaCsvOptions  *options,
                         const char              *target,
                         gsize                    chunk_bytes,
                         LuminaCsvInfo           *info,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *name = NULL;
  LuminaCsvInfo local_info = { 0 };
  Pass pass = { file, options, types, target, chunk_bytes ? chunk_bytes : DEFAULT_CHUNK_BYTES,
                info ? info : &local_info, cancellable };

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (options != NULL && options->types != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, options->types);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (types, g_strdup (key), value);
    }

  name = g_file_get_parse_name (file);
  for (guint attempt = 0; attempt < MAX_PASSES; attempt++)
    {
      gboolean again = FALSE;
      JsonNode *profile;
      guint n_types = g_hash_table_size (types);

      /* A pass that meets a column it must read as text adds it to @types. */
      profile = run_pass (&pass, &again, error);
      if (profile != NULL)
        return profile;
      if (!again)
        {
          if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      g_assert (g_hash_table_size (types) > n_types);
    }

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "%s: the column types did not settle", name);
  return NULL;
}
