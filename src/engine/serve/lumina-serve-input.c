/* lumina-serve-input.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Request bodies to frames, checked against the model's input signature:
 * the Open Inference Protocol's input tensors (one per column, or one 2-D
 * tensor in signature order) and MLflow's dataframe_split,
 * dataframe_records, instances and inputs shapes, or CSV with a header.
 *
 * Values: null is a missing value (the model's preprocessing handles it as
 * it did in training).  Numeric columns take JSON numbers (booleans read as
 * 0/1); a string there is refused, "NaN" and "Infinity" with their own
 * message.  Categorical and text columns take strings (numbers and
 * booleans are read as their text).  Boolean columns take true/false or
 * 0/1.  Timestamp columns take ISO 8601 strings.  Rows count from 0.
 * The frame's columns are always the signature's, in its order.
 */
#define G_LOG_DOMAIN "lumina-serve-input"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-csv.h"
#include "lumina-csv-values.h"
#include "lumina-error.h"
#include "lumina-serve-private.h"

void
serve_builder_init (ServeBuilder     *builder,
              ServeHandle *handle,
              gsize        n_rows)
{
  builder->handle = handle;
  builder->n_rows = n_rows;
  builder->columns = g_new0 (LuminaColumn *, MAX (handle->n_columns, 1));
  for (guint c = 0; c < handle->n_columns; c++)
    builder->columns[c] = lumina_column_new (handle->columns[c].name, handle->columns[c].type, n_rows);
}

void
serve_builder_clear (ServeBuilder *builder)
{
  if (builder->columns == NULL)
    return;
  for (guint c = 0; c < builder->handle->n_columns; c++)
    g_clear_pointer (&builder->columns[c], lumina_column_free);
  g_clear_pointer (&builder->columns, g_free);
}

LuminaFrame *
serve_builder_finish (ServeBuilder *builder)
{
  LuminaFrame *frame = lumina_frame_new (builder->n_rows);

  for (guint c = 0; c < builder->handle->n_columns; c++)
    lumina_frame_add_column (frame, g_steal_pointer (&builder->columns[c]));
  g_clear_pointer (&builder->columns, g_free);
  return frame;
}

static gboolean
cell_error (GError            **error,
            const LuminaColumn *column,
            gsize               row,
            const char         *problem)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "Row %" G_GSIZE_FORMAT ", column '%s': %s", row, column->name, problem);
  return FALSE;
}

static gboolean
is_nan_word (const char *text)
{
  const char *t = text + (text[0] == '-' || text[0] == '+');

  return g_ascii_strcasecmp (t, "nan") == 0 || g_ascii_strcasecmp (t, "inf") == 0 ||
         g_ascii_strcasecmp (t, "infinity") == 0;
}

static gboolean
set_number (LuminaColumn  *column,
            gsize          row,
            const SjNode  *value,
            GError       **error)
{
  double number;

  if (value->type == SJ_BOOL)
    number = value->boolean;
  else if (value->type == SJ_NUMBER)
    number = value->v.num;
  else if (value->type == SJ_STRING && is_nan_word (value->v.str))
    return cell_error (error, column, row,
                       "NaN and infinite values are not accepted; send null for a missing value");
  else if (value->type == SJ_STRING)
    return cell_error (error, column, row, "expected a number, got a string");
  else
    return cell_error (error, column, row, "expected a number");

  if (column->type == LUMINA_COLUMN_TYPE_FLOAT)
    column->f64[row] = number;
  else if (value->is_int)
    column->i64[row] = value->i;
  else if (number == floor (number) && fabs (number) < 9.2e18)
    column->i64[row] = (gint64) number;
  else
    return cell_error (error, column, row, "expected a whole number");
  return TRUE;
}

static gboolean
set_text (LuminaColumn  *column,
          gsize          row,
          const SjNode  *value,
          GError       **error)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  if (value->type == SJ_STRING)
    text = value->v.str;
  else if (value->type == SJ_BOOL)
    text = value->boolean ? "true" : "false";
  else if (value->type == SJ_NUMBER && value->is_int)
    {
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value->i);
      text = buffer;
    }
  else if (value->type == SJ_NUMBER)
    text = g_ascii_dtostr (buffer, sizeof buffer, value->v.num);
  else
    return cell_error (error, column, row, "expected a string");

  column->codes[row] = lumina_column_intern (column, text);
  return TRUE;
}

gboolean
serve_set_cell (LuminaColumn  *column,
          gsize          row,
          const SjNode  *value,
          GError       **error)
{
  if (value->type == SJ_NULL)
    {
      lumina_column_set_null (column, row);
      return TRUE;
    }

  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_FLOAT:
    case LUMINA_COLUMN_TYPE_INTEGER:
      return set_number (column, row, value, error);

    case LUMINA_COLUMN_TYPE_BOOLEAN:
      if (value->type == SJ_BOOL)
        column->u8[row] = value->boolean;
      else if (value->type == SJ_NUMBER && (value->v.num == 0 || value->v.num == 1))
        column->u8[row] = value->v.num == 1;
      else if (value->type == SJ_STRING &&
               (g_strcmp0 (value->v.str, "true") == 0 || g_strcmp0 (value->v.str, "false") == 0))
        column->u8[row] = value->v.str[0] == 't';
      else
        return cell_error (error, column, row, "expected true or false");
      return TRUE;

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
      return set_text (column, row, value, error);

    case LUMINA_COLUMN_TYPE_TIMESTAMP:
      if (value->type != SJ_STRING ||
          !lumina_csv_parse_time (value->v.str, value->len, LUMINA_TIME_FORMAT_ISO, &column->i64[row]))
        return cell_error (error, column, row, "expected an ISO 8601 timestamp string");
      return TRUE;

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gboolean
serve_invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, message);
  return FALSE;
}

int
serve_column_of (ServeHandle *handle,
           const char  *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (handle->column_index, name)) - 1;
}

/* Rows as arrays of values in @map order (signature indices). */
static LuminaFrame *
rows_to_frame (ServeHandle   *handle,
               const SjNode  *rows,
               const int     *map,
               guint          n_map,
               GError       **error)
{
  ServeBuilder builder;

  serve_builder_init (&builder, handle, rows->len);
  for (gsize r = 0; r < rows->len; r++)
    {
      const SjNode *row = &rows->v.items[r];

      if (row->type != SJ_ARRAY)
        {
          serve_invalid (error, "Row %" G_GSIZE_FORMAT " is not an array of values", r);
          goto failed;
        }
      if (row->len != n_map)
        {
          serve_invalid (error, "Row %" G_GSIZE_FORMAT " has %u values; expected %u", r, row->len, n_map);
          goto failed;
        }
      for (guint k = 0; k < n_map; k++)
        if (!serve_set_cell (builder.columns[map[k]], r, &row->v.items[k], error))
          goto failed;
    }
  return serve_builder_finish (&builder);

failed:
  serve_builder_clear (&builder);
  return NULL;
}

static LuminaFrame *
parse_split (ServeHandle   *handle,
             const SjNode  *split,
             GError       **error)
{
  const SjNode *columns = sj_object_get (split, "columns");
  const SjNode *data = sj_object_get (split, "data");
  g_autofree int *map = g_new (int, MAX (handle->n_columns, 1));
  g_autofree guint8 *seen = g_new0 (guint8, MAX (handle->n_columns, 1));

  if (split->type != SJ_OBJECT || data == NULL || data->type != SJ_ARRAY)
    return serve_invalid (error, "dataframe_split needs an object with a \"data\" array of rows"), NULL;
  if (columns == NULL)
    {
      for (guint c = 0; c < handle->n_columns; c++)
        map[c] = c;
      return rows_to_frame (handle, data, map, handle->n_columns, error);
    }
  if (columns->type != SJ_ARRAY)
    return serve_invalid (error, "dataframe_split \"columns\" must be an array of names"), NULL;
  if (columns->len != handle->n_columns)
    return serve_invalid (error, "dataframe_split has %u columns; the model takes %u", columns->len,
                    handle->n_columns), NULL;
  for (guint k = 0; k < columns->len; k++)
    {
      const SjNode *name = &columns->v.items[k];
      int c = name->type == SJ_STRING ? serve_column_of (handle, name->v.str) : -1;

      if (c < 0)
        return serve_invalid (error, "Unknown column '%s'", name->type == SJ_STRING ? name->v.str : "?"), NULL;
      if (seen[c]++)
        return serve_invalid (error, "Column '%s' appears twice", name->v.str), NULL;
      map[k] = c;
    }
  return rows_to_frame (handle, data, map, columns->len, error);
}

static LuminaFrame *
parse_records (ServeHandle   *handle,
               const SjNode  *records,
               GError       **error)
{
  ServeBuilder builder;

  serve_builder_init (&builder, handle, records->len);
  for (gsize r = 0; r < records->len; r++)
    {
      const SjNode *record = &records->v.items[r];
      guint found = 0;

      if (record->type != SJ_OBJECT)
        {
          serve_invalid (error, "Record %" G_GSIZE_FORMAT " is not an object", r);
          goto failed;
        }
      for (guint m = 0; m < record->len; m++)
        {
          int c = serve_column_of (handle, record->v.items[m].key);

          if (c < 0)
            {
              serve_invalid (error, "Row %" G_GSIZE_FORMAT ": unknown column '%s'", r, record->v.items[m].key);
              goto failed;
            }
          if (!serve_set_cell (builder.columns[c], r, &record->v.items[m], error))
            goto failed;
          found++;
        }
      if (found != handle->n_columns)
        {
          for (guint c = 0; c < handle->n_columns; c++)
            if (sj_object_get (record, handle->columns[c].name) == NULL)
              {
                serve_invalid (error, "Row %" G_GSIZE_FORMAT ": missing column '%s'", r, handle->columns[c].name);
                goto failed;
              }
          serve_invalid (error, "Row %" G_GSIZE_FORMAT ": a column appears twice", r);
          goto failed;
        }
    }
  return serve_builder_finish (&builder);

failed:
  serve_builder_clear (&builder);
  return NULL;
}

/* Leaves of @node in row-major order (a scalar is one leaf). */
void
serve_flatten (const SjNode *node,
         GPtrArray    *leaves)
{
  if (node->type != SJ_ARRAY)
    {
      g_ptr_array_add (leaves, (gpointer) node);
      return;
    }
  for (guint32 i = 0; i < node->len; i++)
    serve_flatten (&node->v.items[i], leaves);
}

/* {column: values} (each an array, or a scalar for one row). */
static LuminaFrame *
parse_columnar (ServeHandle   *handle,
                const SjNode  *object,
                GError       **error)
{
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();
  const SjNode **by_column = g_newa (const SjNode *, MAX (handle->n_columns, 1));
  gsize n_rows = G_MAXSIZE;
  ServeBuilder builder;

  memset (by_column, 0, sizeof (SjNode *) * MAX (handle->n_columns, 1));
  for (guint m = 0; m < object->len; m++)
    {
      int c = serve_column_of (handle, object->v.items[m].key);

      if (c < 0)
        return serve_invalid (error, "Unknown input '%s'", object->v.items[m].key), NULL;
      by_column[c] = &object->v.items[m];
    }
  for (guint c = 0; c < handle->n_columns; c++)
    {
      gsize n;

      if (by_column[c] == NULL)
        return serve_invalid (error, "Missing input '%s'", handle->columns[c].name), NULL;
      n = by_column[c]->type == SJ_ARRAY ? by_column[c]->len : 1;
      if (n_rows != G_MAXSIZE && n != n_rows)
        return serve_invalid (error, "Input '%s' has %" G_GSIZE_FORMAT " values; '%s' has %" G_GSIZE_FORMAT,
                        handle->columns[c].name, n, handle->columns[0].name, n_rows), NULL;
      n_rows = n;
    }

  serve_builder_init (&builder, handle, handle->n_columns > 0 ? n_rows : 0);
  for (guint c = 0; c < handle->n_columns; c++)
    {
      g_ptr_array_set_size (leaves, 0);
      serve_flatten (by_column[c], leaves);
      if (leaves->len != builder.n_rows)
        {
          serve_invalid (error, "Input '%s' must be a flat list of values", handle->columns[c].name);
          serve_builder_clear (&builder);
          return NULL;
        }
      for (gsize r = 0; r < builder.n_rows; r++)
        if (!serve_set_cell (builder.columns[c], r, g_ptr_array_index (leaves, r), error))
          {
            serve_builder_clear (&builder);
            return NULL;
          }
    }
  return serve_builder_finish (&builder);
}

/* instances, or inputs given as a list: rows as arrays (signature order),
 * as objects (records), or bare values for a one-column model. */
static LuminaFrame *
parse_row_list (ServeHandle   *handle,
                const SjNode  *list,
                const char    *key,
                GError       **error)
{
  g_autofree int *map = g_new (int, MAX (handle->n_columns, 1));
  const SjNode *first;

  if (list->type != SJ_ARRAY)
    return serve_invalid (error, "\"%s\" must be a list of rows", key), NULL;
  if (list->len == 0)
    {
      ServeBuilder builder;

      serve_builder_init (&builder, handle, 0);
      return serve_builder_finish (&builder);
    }
  first = &list->v.items[0];
  if (first->type == SJ_OBJECT)
    return parse_records (handle, list, error);
  for (guint c = 0; c < handle->n_columns; c++)
    map[c] = c;
  if (first->type == SJ_ARRAY)
    return rows_to_frame (handle, list, map, handle->n_columns, error);
  if (handle->n_columns != 1)
    return serve_invalid (error, "\"%s\" holds bare values, but the model takes %u columns", key,
                    handle->n_columns), NULL;
  {
    ServeBuilder builder;

    serve_builder_init (&builder, handle, list->len);
    for (gsize r = 0; r < list->len; r++)
      if (!serve_set_cell (builder.columns[0], r, &list->v.items[r], error))
        {
          serve_builder_clear (&builder);
          return NULL;
        }
    return serve_builder_finish (&builder);
  }
}

static LuminaFrame *
parse_mlflow (ServeHandle   *handle,
              const SjNode  *root,
              GError       **error)
{
  static const char * const keys[] = { "dataframe_split", "dataframe_records", "instances", "inputs" };
  const SjNode *found = NULL;
  guint which = 0;

  if (root->type != SJ_OBJECT)
    return serve_invalid (error, "The body must be a JSON object with one of dataframe_split, "
                           "dataframe_records, instances or inputs"), NULL;
  for (guint m = 0; m < root->len; m++)
    {
      const SjNode *member = &root->v.items[m];
      guint k;

      for (k = 0; k < G_N_ELEMENTS (keys) && strcmp (member->key, keys[k]) != 0; k++)
        ;
      if (k == G_N_ELEMENTS (keys))
        {
          if (strcmp (member->key, "params") == 0)
            continue;
          return serve_invalid (error, "Unknown key '%s'; expected one of dataframe_split, "
                                 "dataframe_records, instances or inputs", member->key), NULL;
        }
      if (found != NULL)
        return serve_invalid (error, "The body must hold exactly one of dataframe_split, "
                               "dataframe_records, instances or inputs"), NULL;
      found = member;
      which = k;
    }
  if (found == NULL)
    return serve_invalid (error, "The body must hold one of dataframe_split, dataframe_records, "
                           "instances or inputs"), NULL;

  switch (which)
    {
    case 0:
      return parse_split (handle, found, error);
    case 1:
      if (found->type != SJ_ARRAY)
        return serve_invalid (error, "dataframe_records must be a list of objects"), NULL;
      return parse_records (handle, found, error);
    case 3:
      if (found->type == SJ_OBJECT)
        return parse_columnar (handle, found, error);
      G_GNUC_FALLTHROUGH;
    default:
      return parse_row_list (handle, found, keys[which], error);
    }
}

static LuminaFrame *
parse_csv (ServeHandle   *handle,
           GBytes        *body,
           GError       **error)
{
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *order = g_new (guint, MAX (handle->n_columns, 1));
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) local_error = NULL;
  LuminaCsvOptions options = { 0 };

  for (guint c = 0; c < handle->n_columns; c++)
    g_hash_table_insert (types, handle->columns[c].name, GINT_TO_POINTER (handle->columns[c].type + 1));
  options.header = 1;
  options.types = types;
  options.types_may_be_absent = TRUE;
  options.n_threads = 1;
  if (!(frame = lumina_csv_read_bytes (body, &options, NULL, NULL, &local_error)))
    return serve_invalid (error, "Malformed CSV: %s", local_error->message), NULL;

  for (guint k = 0; k < lumina_frame_get_n_columns (frame); k++)
    if (serve_column_of (handle, lumina_frame_get_column (frame, k)->name) < 0)
      return serve_invalid (error, "Unknown column '%s'", lumina_frame_get_column (frame, k)->name), NULL;
  for (guint c = 0; c < handle->n_columns; c++)
    {
      int k = lumina_frame_find_column (frame, handle->columns[c].name);

      if (k < 0)
        return serve_invalid (error, "Missing column '%s'", handle->columns[c].name), NULL;
      if (lumina_frame_get_column (frame, k)->type != handle->columns[c].type)
        return serve_invalid (error, "Column '%s' does not hold %s values", handle->columns[c].name,
                        lumina_column_type_to_string (handle->columns[c].type)), NULL;
      order[c] = k;
    }
  return lumina_frame_select (frame, order, handle->n_columns);
}

/**
 * serve_parse_body:
 * Worker thread.  Returns: (transfer full): the rows, with the signature's
 *   columns in its order, or %NULL with @error set (LUMINA_ERROR_INVALID_INPUT)
 */
LuminaFrame *
serve_parse_body (ServeHandle       *handle,
                  ServeBodyKind      kind,
                  GBytes            *body,
                  SjParser          *parser,
                  ServeRequestInfo  *info,
                  GError           **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  SjNode *root;

  info->outputs = SERVE_OUTPUT_PREDICTION | SERVE_OUTPUT_PROBABILITIES;
  if (kind == SERVE_BODY_MLFLOW_CSV)
    return parse_csv (handle, body, error);
  if (len == 0)
    return serve_invalid (error, "The request body is empty"), NULL;
  if (!(root = sj_parse (parser, data, len, error)))
    return NULL;
  if (kind == SERVE_BODY_OIP)
    return serve_parse_oip (handle, root, info, error);
  return parse_mlflow (handle, root, error);
}

static void
copy_rows (LuminaColumn       *to,
           gsize               at,
           const LuminaColumn *from)
{
  for (gsize r = 0; r < from->n_rows; r++)
    {
      if (!lumina_column_is_valid (from, r))
        {
          lumina_column_set_null (to, at + r);
          continue;
        }
      if (to->codes != NULL)
        to->codes[at + r] = lumina_column_intern (to, from->dict[from->codes[r]]);
    }
  if (to->f64 != NULL)
    memcpy (to->f64 + at, from->f64, from->n_rows * sizeof (double));
  else if (to->i64 != NULL)
    memcpy (to->i64 + at, from->i64, from->n_rows * sizeof (gint64));
  else if (to->u8 != NULL)
    memcpy (to->u8 + at, from->u8, from->n_rows);
}

/**
 * serve_frame_concat:
 * @frames: frames with the same columns (names and types, in order)
 *
 * Returns: (transfer full): their rows, one after the other
 */
LuminaFrame *
serve_frame_concat (LuminaFrame **frames,
                    guint         n_frames)
{
  LuminaFrame *result;
  gsize total = 0;
  guint n_columns = lumina_frame_get_n_columns (frames[0]);

  for (guint f = 0; f < n_frames; f++)
    total += lumina_frame_get_n_rows (frames[f]);
  result = lumina_frame_new (total);

  for (guint c = 0; c < n_columns; c++)
    {
      const LuminaColumn *first = lumina_frame_get_column (frames[0], c);
      LuminaColumn *column = lumina_column_new (first->name, first->type, total);
      gsize at = 0;

      for (guint f = 0; f < n_frames; f++)
        {
          const LuminaColumn *from = lumina_frame_get_column (frames[f], c);

          g_assert (from->type == first->type);
          copy_rows (column, at, from);
          at += from->n_rows;
        }
      lumina_frame_add_column (result, column);
    }
  return result;
}
