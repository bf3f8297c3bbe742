/* lumina-frame-cache.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The on-disk form of a frame, stored as an object and mapped back without
 * copying:
 *
 *   "LUMFRAME" | u32 format version | u32 header length | header JSON |
 *   zero padding to 64 | buffers, each 64-byte aligned
 *
 * The header lists rows and, per column, name, type, null count and the
 * offset and length of its values, validity bitmap and dictionary (n + 1
 * u64 offsets, then NUL-terminated UTF-8 strings).  The encoding is
 * canonical: equal frames give equal bytes, so the SHA-256 of this form is
 * the content hash of a dataset version.  Roles are not part of it.
 */
#define G_LOG_DOMAIN "lumina-frame-cache"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-frame-cache.h"
#include "lumina-frame-private.h"
#include "lumina-util.h"

#define MAGIC          "LUMFRAME"
#define FORMAT_VERSION 1
#define ALIGN          64

static gsize
align_up (gsize offset)
{
  return (offset + ALIGN - 1) / ALIGN * ALIGN;
}

static gsize
values_size (const LuminaColumn *column)
{
  if (column->f64 || column->i64)
    return column->n_rows * 8;
  if (column->codes)
    return column->n_rows * 4;
  return column->n_rows;
}

static const void *
values_of (const LuminaColumn *column)
{
  if (column->f64) return column->f64;
  if (column->i64) return column->i64;
  if (column->codes) return column->codes;
  return column->u8;
}

static gboolean
has_validity (const LuminaColumn *column)
{
  return column->validity != NULL && column->null_count > 0;
}

static gsize
validity_size (const LuminaColumn *column)
{
  return (column->n_rows + 63) / 64 * sizeof (guint64);
}

static gsize
dict_size (const LuminaColumn *column)
{
  gsize size = (column->n_dict + 1) * sizeof (guint64);

  for (guint32 i = 0; i < column->n_dict; i++)
    size += strlen (column->dict[i]) + 1;
  return size;
}

static void
add_range (JsonBuilder *builder,
           const char  *member,
           gsize        offset,
           gsize        length)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, offset);
  json_builder_add_int_value (builder, length);
  json_builder_end_array (builder);
}

/* Pass one: where each buffer of @column goes in the body, advancing @body_len. */
static void
describe_column (JsonBuilder        *builder,
                 const LuminaColumn *column,
                 gsize              *body_len)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, column->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, lumina_column_type_to_string (column->type));
  json_builder_set_member_name (builder, "null_count");
  json_builder_add_int_value (builder, column->null_count);

  *body_len = align_up (*body_len);
  add_range (builder, "values", *body_len, values_size (column));
  *body_len += values_size (column);

  if (has_validity (column))
    {
      *body_len = align_up (*body_len);
      add_range (builder, "validity", *body_len, validity_size (column));
      *body_len += validity_size (column);
    }

  if (column->codes != NULL)
    {
      *body_len = align_up (*body_len);
      add_range (builder, "dict", *body_len, dict_size (column));
      *body_len += dict_size (column);
      json_builder_set_member_name (builder, "n_dict");
      json_builder_add_int_value (builder, column->n_dict);
    }

  json_builder_end_object (builder);
}

typedef struct
{
  LuminaFrameSink sink;
  gpointer        data;
  gsize           written;
} Stream;

static void
emit (Stream     *stream,
      const void *data,
      gsize       len)
{
  if (len > 0)
    stream->sink (stream->data, data, len);
  stream->written += len;
}

static void
pad_to (Stream *stream,
        gsize   offset)
{
  static const guint8 zeros[ALIGN] = { 0 };

  g_assert (offset >= stream->written && offset - stream->written <= ALIGN);
  emit (stream, zeros, offset - stream->written);
}

/* Pass two: the same walk as describe_column(), emitting the bytes. */
static void
stream_column (Stream             *stream,
               gsize               body_offset,
               const LuminaColumn *column)
{
  pad_to (stream, body_offset + align_up (stream->written - body_offset));
  emit (stream, values_of (column), values_size (column));

  if (has_validity (column))
    {
      pad_to (stream, body_offset + align_up (stream->written - body_offset));
      emit (stream, column->validity, validity_size (column));
    }

  if (column->codes != NULL)
    {
      guint64 position = (column->n_dict + 1) * sizeof (guint64);

      pad_to (stream, body_offset + align_up (stream->written - body_offset));
      for (guint32 i = 0; i <= column->n_dict; i++)
        {
          guint64 le = GUINT64_TO_LE (position);

          emit (stream, &le, sizeof le);
          if (i < column->n_dict)
            position += strlen (column->dict[i]) + 1;
        }
      for (guint32 i = 0; i < column->n_dict; i++)
        emit (stream, column->dict[i], strlen (column->dict[i]) + 1);
    }
}

/**
 * lumina_frame_cache_write:
 * @sink: receives the canonical cache form of @frame, in order, in pieces
 *
 * Streams the encoding without building it in memory: column buffers go
 * to @sink as they are.  (Little-endian hosts only, like the rest of the
 * numeric code.)
 *
 * Returns: the number of bytes emitted
 */
gsize
lumina_frame_cache_write (LuminaFrame     *frame,
                          LuminaFrameSink  sink,
                          gpointer         data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *header = NULL;
  guint32 version = GUINT32_TO_LE (FORMAT_VERSION), header_len;
  Stream stream = { sink, data, 0 };
  gsize body_len = 0, body_offset;

  g_return_val_if_fail (LUMINA_IS_FRAME (frame), 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, frame->n_rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < frame->columns->len; c++)
    describe_column (builder, g_ptr_array_index (frame->columns, c), &body_len);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  header = lumina_util_json_to_string (root, FALSE);
  header_len = GUINT32_TO_LE ((guint32) strlen (header));
  body_offset = align_up (16 + strlen (header));

  emit (&stream, MAGIC, 8);
  emit (&stream, &version, 4);
  emit (&stream, &header_len, 4);
  emit (&stream, header, strlen (header));
  pad_to (&stream, body_offset);
  for (guint c = 0; c < frame->columns->len; c++)
    stream_column (&stream, body_offset, g_ptr_array_index (frame->columns, c));

  g_assert (stream.written == body_offset + body_len);
  return stream.written;
}

static void
append_to_sha (gpointer    data,
               const void *bytes,
               gsize       len)
{
  lumina_sha256_update (data, bytes, len);
}

/**
 * lumina_frame_cache_hash:
 * Returns: (transfer full): the SHA-256 of the cache form, without building it
 */
char *
lumina_frame_cache_hash (LuminaFrame *frame)
{
  g_autoptr(LuminaSha256) sha = lumina_sha256_new ();

  lumina_frame_cache_write (frame, append_to_sha, sha);
  return lumina_sha256_finish (sha);
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
               "The cached dataset is damaged (%s); import the file again", what);
  return FALSE;
}

static gboolean
get_range (JsonObject  *object,
           const char  *member,
           gsize        body_len,
           gsize       *offset,
           gsize       *length)
{
  JsonArray *range;

  if (!json_object_has_member (object, member))
    return FALSE;
  range = json_object_get_array_member (object, member);
  if (range == NULL || json_array_get_length (range) != 2)
    return FALSE;
  *offset = json_array_get_int_element (range, 0);
  *length = json_array_get_int_element (range, 1);
  return *offset % 8 == 0 && *offset <= body_len && *length <= body_len - *offset;
}

static gboolean
map_dict (LuminaColumn  *column,
          const guint8  *body,
          gsize          offset,
          gsize          length,
          gsize          n_dict,
          GError       **error)
{
  const guint64 *table = (const guint64 *) (body + offset);

  if ((n_dict + 1) * sizeof (guint64) > length)
    return corrupt (error, "dictionary table");

  column->dict = g_new (char *, MAX (n_dict, 1));
  column->n_dict = n_dict;
  for (gsize i = 0; i < n_dict; i++)
    {
      guint64 start = GUINT64_FROM_LE (table[i]), end = GUINT64_FROM_LE (table[i + 1]);

      if (start >= end || end > length || body[offset + end - 1] != '\0')
        return corrupt (error, "dictionary entry");
      column->dict[i] = (char *) (body + offset + start);
    }

  return TRUE;
}

static gboolean
map_values (LuminaColumn  *column,
            JsonObject    *object,
            const guint8  *body,
            gsize          body_len,
            GError       **error)
{
  gsize offset, length, expected;

  if (!get_range (object, "values", body_len, &offset, &length))
    return corrupt (error, "value range");

  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      column->i64 = (gint64 *) (body + offset), expected = column->n_rows * 8;
      break;
    case LUMINA_COLUMN_TYPE_FLOAT:
      column->f64 = (double *) (body + offset), expected = column->n_rows * 8;
      break;
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      column->u8 = (guint8 *) (body + offset), expected = column->n_rows;
      break;
    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    default:
      column->codes = (guint32 *) (body + offset), expected = column->n_rows * 4;
      break;
    }

  if (length != expected)
    return corrupt (error, "value length");

  if (get_range (object, "validity", body_len, &offset, &length))
    {
      if (length != (column->n_rows + 63) / 64 * 8)
        return corrupt (error, "validity length");
      column->validity = (guint64 *) (body + offset);
    }

  if (column->codes != NULL)
    {
      if (!get_range (object, "dict", body_len, &offset, &length) ||
          !map_dict (column, body, offset, length, json_object_get_int_member (object, "n_dict"), error))
        return error && *error ? FALSE : corrupt (error, "dictionary");
      for (gsize r = 0; r < column->n_rows; r++)
        if (column->codes[r] >= column->n_dict && lumina_column_is_valid (column, r))
          return corrupt (error, "dictionary code");
    }

  return TRUE;
}

static LuminaColumn *
map_column (JsonObject    *object,
            gsize          n_rows,
            const guint8  *body,
            gsize          body_len,
            GError       **error)
{
  g_autoptr(LuminaColumn) column = g_new0 (LuminaColumn, 1);
  LuminaColumnType type;

  column->borrowed = TRUE;
  column->n_rows = n_rows;
  column->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
  if (!lumina_column_type_from_string (json_object_get_string_member_with_default (object, "type", ""), &type))
    return (corrupt (error, "column type"), NULL);
  column->type = type;
  column->null_count = json_object_get_int_member_with_default (object, "null_count", 0);

  if (!map_values (column, object, body, body_len, error))
    return NULL;

  return g_steal_pointer (&column);
}

/**
 * lumina_frame_cache_map:
 * @mapping: (transfer none): the cache file, mapped; the frame keeps a ref
 *
 * Builds a frame whose columns point into @mapping: no values are copied,
 * so opening is near-instant at any size.  The layout is checked first.
 *
 * Returns: (transfer full) (nullable): the frame
 */
LuminaFrame *
lumina_frame_cache_map (GMappedFile  *mapping,
                        GError      **error)
{
  const guint8 *data = (const guint8 *) g_mapped_file_get_contents (mapping);
  gsize len = g_mapped_file_get_length (mapping);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(JsonNode) header = NULL;
  JsonObject *root;
  JsonArray *columns;
  guint32 version, header_len;
  gsize body_offset;

  if (len < 16 || memcmp (data, MAGIC, 8) != 0)
    return (corrupt (error, "not a frame cache"), NULL);
  memcpy (&version, data + 8, 4);
  memcpy (&header_len, data + 12, 4);
  version = GUINT32_FROM_LE (version);
  header_len = GUINT32_FROM_LE (header_len);
  if (version != FORMAT_VERSION)
    return (corrupt (error, "unknown format version"), NULL);
  if (header_len > len - 16)
    return (corrupt (error, "header length"), NULL);

  {
    g_autofree char *text = g_strndup ((const char *) data + 16, header_len);

    header = json_from_string (text, NULL);
  }
  if (header == NULL || !JSON_NODE_HOLDS_OBJECT (header))
    return (corrupt (error, "header"), NULL);

  root = json_node_get_object (header);
  body_offset = (16 + header_len + ALIGN - 1) / ALIGN * ALIGN;
  if (body_offset > len || !json_object_has_member (root, "columns"))
    return (corrupt (error, "layout"), NULL);

  frame = lumina_frame_new (json_object_get_int_member_with_default (root, "rows", 0));
  frame->mapping = g_mapped_file_ref (mapping);
  columns = json_object_get_array_member (root, "columns");
  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      LuminaColumn *column = map_column (json_array_get_object_element (columns, c), frame->n_rows,
                                         data + body_offset, len - body_offset, error);

      if (column == NULL)
        return NULL;
      g_ptr_array_add (frame->columns, column);
    }

  return g_steal_pointer (&frame);
}
