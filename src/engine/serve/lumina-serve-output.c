/* lumina-serve-output.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Response bodies, written straight into one string.
 *
 * Open Inference Protocol: output "prediction" (shape [n]; the class label,
 * typed as the target was: INT64, FP64, BOOL or BYTES; FP64 values for
 * regression) and, for classifiers, "probabilities" (shape [n, k], FP64,
 * with parameters.classes naming the k columns).
 *
 * MLflow: {"predictions": [...]}: for classifiers one record per row with
 * "prediction" and "proba_<class>" (the columns `lumina predict` adds), for
 * regression the bare values.
 */
#define G_LOG_DOMAIN "lumina-serve-output"

#include "config.h"

#include <string.h>

#include "lumina-serve-private.h"

guint
serve_best_class (const double *row,
                  guint         n)
{
  guint best = 0;

  for (guint c = 1; c < n; c++)
    if (row[c] > row[best])
      best = c;
  return best;
}

static const char *
datatype_for (LuminaColumnType type)
{
  switch (type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
      return "INT64";
    case LUMINA_COLUMN_TYPE_FLOAT:
      return "FP64";
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      return "BOOL";
    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
    default:
      return "BYTES";
    }
}

static const char *
prediction_datatype (ServeHandle *handle)
{
  if (handle->task == LUMINA_TASK_REGRESSION)
    return "FP64";
  return datatype_for (handle->label_type);
}

/* Class @c as a JSON value of the target's type. */
static void
append_label (GString     *out,
              ServeHandle *handle,
              guint        c)
{
  const char *label = handle->classes[c];

  switch (handle->label_type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER:
    case LUMINA_COLUMN_TYPE_FLOAT:
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      g_string_append (out, label);
      break;
    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
    default:
      sj_append_string (out, label);
      break;
    }
}

static void
append_prediction_data (GString      *out,
                        ServeHandle  *handle,
                        const double *pred,
                        gsize         n_rows)
{
  guint k = handle->n_outputs;

  g_string_append_c (out, '[');
  for (gsize r = 0; r < n_rows; r++)
    {
      if (r > 0)
        g_string_append_c (out, ',');
      if (handle->task == LUMINA_TASK_REGRESSION)
        sj_append_double (out, pred[r]);
      else
        append_label (out, handle, serve_best_class (pred + r * k, k));
    }
  g_string_append_c (out, ']');
}

static void
append_classes (GString     *out,
                ServeHandle *handle)
{
  g_string_append_c (out, '[');
  for (guint c = 0; c < handle->n_outputs; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      sj_append_string (out, handle->classes[c]);
    }
  g_string_append_c (out, ']');
}

static void
format_oip (GString                *out,
            ServeHandle            *handle,
            const ServeRequestInfo *info,
            const double           *pred,
            gsize                   n_rows)
{
  gboolean classifier = handle->task != LUMINA_TASK_REGRESSION;
  gboolean first = TRUE;

  g_string_append (out, "{\"model_name\":");
  sj_append_string (out, handle->endpoint);
  g_string_append_printf (out, ",\"model_version\":\"%u\"", handle->version);
  if (info->id != NULL)
    {
      g_string_append (out, ",\"id\":");
      sj_append_string (out, info->id);
    }
  g_string_append (out, ",\"outputs\":[");
  if (info->outputs & SERVE_OUTPUT_PREDICTION)
    {
      g_string_append_printf (out, "{\"name\":\"prediction\",\"shape\":[%" G_GSIZE_FORMAT "],"
                              "\"datatype\":\"%s\",\"data\":", n_rows, prediction_datatype (handle));
      append_prediction_data (out, handle, pred, n_rows);
      g_string_append_c (out, '}');
      first = FALSE;
    }
  if (classifier && (info->outputs & SERVE_OUTPUT_PROBABILITIES))
    {
      gsize n_values = n_rows * handle->n_outputs;

      g_string_append_printf (out, "%s{\"name\":\"probabilities\",\"shape\":[%" G_GSIZE_FORMAT ",%u],"
                              "\"datatype\":\"FP64\",\"parameters\":{\"classes\":",
                              first ? "" : ",", n_rows, handle->n_outputs);
      append_classes (out, handle);
      g_string_append (out, "},\"data\":[");
      for (gsize i = 0; i < n_values; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          sj_append_double (out, pred[i]);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
}

static void
append_mlflow_predictions (GString      *out,
                           ServeHandle  *handle,
                           const double *pred,
                           gsize         n_rows)
{
  guint k = handle->n_outputs;

  if (handle->task == LUMINA_TASK_REGRESSION)
    {
      append_prediction_data (out, handle, pred, n_rows);
      return;
    }

  g_string_append_c (out, '[');
  for (gsize r = 0; r < n_rows; r++)
    {
      const double *row = pred + r * k;

      g_string_append (out, r > 0 ? ",{\"prediction\":" : "{\"prediction\":");
      append_label (out, handle, serve_best_class (row, k));
      for (guint c = 0; c < k; c++)
        {
          g_string_append (out, ",\"proba_");
          sj_append_escaped (out, handle->classes[c]);
          g_string_append (out, "\":");
          sj_append_double (out, row[c]);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/**
 * serve_format_response:
 * Worker thread.  Returns: (transfer full): the 200 response body
 */
GString *
serve_format_response (ServeHandle            *handle,
                       ServeBodyKind           kind,
                       const ServeRequestInfo *info,
                       const double           *pred,
                       gsize                   n_rows)
{
  GString *out = g_string_sized_new (128 + n_rows * (16 + 24 * handle->n_outputs));

  if (kind == SERVE_BODY_OIP)
    format_oip (out, handle, info, pred, n_rows);
  else
    {
      g_string_append (out, "{\"predictions\":");
      append_mlflow_predictions (out, handle, pred, n_rows);
      g_string_append_c (out, '}');
    }
  return out;
}

char *
serve_format_outputs_json (ServeHandle  *handle,
                           const double *pred,
                           gsize         n_rows)
{
  GString *out = g_string_new (NULL);

  append_mlflow_predictions (out, handle, pred, n_rows);
  return g_string_free (out, FALSE);
}

static void
append_cell (GString            *out,
             const LuminaColumn *column,
             gsize               row)
{
  g_autofree char *text = NULL;

  if (!lumina_column_is_valid (column, row))
    {
      g_string_append (out, "null");
      return;
    }
  switch (column->type)
    {
    case LUMINA_COLUMN_TYPE_FLOAT:
      sj_append_double (out, column->f64[row]);
      break;
    case LUMINA_COLUMN_TYPE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, column->i64[row]);
      break;
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      g_string_append (out, column->u8[row] ? "true" : "false");
      break;
    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    case LUMINA_COLUMN_TYPE_TIMESTAMP:
    default:
      text = lumina_column_format_value (column, row);
      sj_append_string (out, text);
      break;
    }
}

/* Rows @offset.. of @frame as dataframe_records. */
char *
serve_format_rows_json (LuminaFrame *frame,
                        gsize        offset,
                        gsize        n_rows)
{
  GString *out = g_string_new ("[");
  guint n_columns = lumina_frame_get_n_columns (frame);

  for (gsize r = offset; r < offset + n_rows; r++)
    {
      g_string_append (out, r > offset ? ",{" : "{");
      for (guint c = 0; c < n_columns; c++)
        {
          const LuminaColumn *column = lumina_frame_get_column (frame, c);

          if (c > 0)
            g_string_append_c (out, ',');
          sj_append_string (out, column->name);
          g_string_append_c (out, ':');
          append_cell (out, column, r);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* GET /v2/models/{name}: @versions lists the handles serving it. */
char *
serve_format_model_metadata (ServeHandle *handle,
                             GPtrArray   *versions)
{
  GString *out = g_string_new ("{\"name\":");

  sj_append_string (out, handle->endpoint);
  g_string_append (out, ",\"versions\":[");
  for (guint i = 0; i < versions->len; i++)
    {
      ServeHandle *other = g_ptr_array_index (versions, i);

      g_string_append_printf (out, "%s\"%u\"", i > 0 ? "," : "", other->version);
    }
  g_string_append (out, "],\"platform\":\"luminaops\",\"inputs\":[");
  for (guint c = 0; c < handle->n_columns; c++)
    {
      g_string_append (out, c > 0 ? ",{\"name\":" : "{\"name\":");
      sj_append_string (out, handle->columns[c].name);
      g_string_append_printf (out, ",\"datatype\":\"%s\",\"shape\":[-1]}",
                              datatype_for (handle->columns[c].type));
    }
  g_string_append_printf (out, "],\"outputs\":[{\"name\":\"prediction\",\"datatype\":\"%s\",\"shape\":[-1]}",
                          prediction_datatype (handle));
  if (handle->task != LUMINA_TASK_REGRESSION)
    g_string_append_printf (out, ",{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[-1,%u]}",
                            handle->n_outputs);
  g_string_append (out, "],\"parameters\":{\"model\":");
  sj_append_string (out, handle->name);
  g_string_append_printf (out, ",\"version\":%u,\"task\":\"%s\"", handle->version,
                          handle->task == LUMINA_TASK_REGRESSION ? "regression" :
                          handle->task == LUMINA_TASK_BINARY ? "binary" : "multiclass");
  if (handle->task != LUMINA_TASK_REGRESSION)
    {
      g_string_append (out, ",\"classes\":");
      append_classes (out, handle);
    }
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}
