/* lumina-serve-input-oip.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Open Inference Protocol request bodies to frames: one input tensor per
 * signature column (shape [n] or [n, 1]), or a single 2-D tensor [n,
 * columns] in signature order whose name is not a column's.  "outputs"
 * may pick "prediction" and/or "probabilities".
 */
#define G_LOG_DOMAIN "lumina-serve-input"

#include "config.h"

#include <string.h>

#include "lumina-serve-private.h"

static gboolean
parse_oip_outputs (const SjNode      *outputs,
                   ServeRequestInfo  *info,
                   GError           **error)
{
  if (outputs == NULL)
    return TRUE;
  if (outputs->type != SJ_ARRAY)
    return serve_invalid (error, "\"outputs\" must be a list");
  info->outputs = 0;
  for (guint i = 0; i < outputs->len; i++)
    {
      const SjNode *name = sj_object_get (&outputs->v.items[i], "name");

      if (name != NULL && name->type == SJ_STRING && strcmp (name->v.str, "prediction") == 0)
        info->outputs |= SERVE_OUTPUT_PREDICTION;
      else if (name != NULL && name->type == SJ_STRING && strcmp (name->v.str, "probabilities") == 0)
        info->outputs |= SERVE_OUTPUT_PROBABILITIES;
      else
        return serve_invalid (error, "Unknown output '%s'; this model has 'prediction' and 'probabilities'",
                        name != NULL && name->type == SJ_STRING ? name->v.str : "?");
    }
  return TRUE;
}

/* Checks @tensor's shape against its data; returns the leaves. */
static GPtrArray *
tensor_leaves (const SjNode  *tensor,
               const char    *name,
               gsize         *dims,
               guint         *n_dims,
               GError       **error)
{
  const SjNode *shape = sj_object_get (tensor, "shape");
  const SjNode *data = sj_object_get (tensor, "data");
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();
  gsize total = 1;

  if (shape == NULL || shape->type != SJ_ARRAY || shape->len == 0 || shape->len > 2)
    return serve_invalid (error, "Input '%s' needs a shape of one or two dimensions", name), NULL;
  if (data == NULL || data->type != SJ_ARRAY)
    return serve_invalid (error, "Input '%s' needs a \"data\" list", name), NULL;
  for (guint d = 0; d < shape->len; d++)
    {
      const SjNode *dim = &shape->v.items[d];

      if (dim->type != SJ_NUMBER || !dim->is_int || dim->i < 0)
        return serve_invalid (error, "Input '%s' has a bad shape", name), NULL;
      dims[d] = dim->i;
      total *= dims[d];
    }
  *n_dims = shape->len;
  serve_flatten (data, leaves);
  if (leaves->len != total)
    return serve_invalid (error, "Input '%s' has %u values; its shape says %" G_GSIZE_FORMAT, name,
                    leaves->len, total), NULL;
  return g_steal_pointer (&leaves);
}

static LuminaFrame *
parse_oip_matrix (ServeHandle   *handle,
                  const SjNode  *tensor,
                  const char    *name,
                  GError       **error)
{
  gsize dims[2] = { 0, 1 };
  guint n_dims = 0;
  g_autoptr(GPtrArray) leaves = tensor_leaves (tensor, name, dims, &n_dims, error);
  ServeBuilder builder;

  if (leaves == NULL)
    return NULL;
  if ((n_dims == 2 ? dims[1] : 1) != handle->n_columns)
    return serve_invalid (error, "Input '%s' has %" G_GSIZE_FORMAT " columns; the model takes %u "
                           "(or name one input per column)", name, n_dims == 2 ? dims[1] : 1,
                    handle->n_columns), NULL;
  serve_builder_init (&builder, handle, dims[0]);
  for (gsize r = 0; r < dims[0]; r++)
    for (guint c = 0; c < handle->n_columns; c++)
      if (!serve_set_cell (builder.columns[c], r, g_ptr_array_index (leaves, r * handle->n_columns + c), error))
        {
          serve_builder_clear (&builder);
          return NULL;
        }
  return serve_builder_finish (&builder);
}

static LuminaFrame *
parse_oip_named (ServeHandle   *handle,
                 const SjNode  *inputs,
                 GError       **error)
{
  const SjNode **by_column = g_newa (const SjNode *, MAX (handle->n_columns, 1));
  gsize n_rows = 0;
  ServeBuilder builder;

  memset (by_column, 0, sizeof (SjNode *) * MAX (handle->n_columns, 1));
  for (guint i = 0; i < inputs->len; i++)
    {
      const SjNode *name = sj_object_get (&inputs->v.items[i], "name");
      int c = name != NULL && name->type == SJ_STRING ? serve_column_of (handle, name->v.str) : -1;

      if (name == NULL || name->type != SJ_STRING)
        return serve_invalid (error, "Input %u has no name", i), NULL;
      if (c < 0)
        return serve_invalid (error, "Unknown input '%s'", name->v.str), NULL;
      if (by_column[c] != NULL)
        return serve_invalid (error, "Input '%s' appears twice", name->v.str), NULL;
      by_column[c] = &inputs->v.items[i];
    }

  builder.columns = NULL;
  for (guint c = 0; c < handle->n_columns; c++)
    {
      const char *name = handle->columns[c].name;
      gsize dims[2] = { 0, 1 };
      guint n_dims = 0;
      g_autoptr(GPtrArray) leaves = NULL;

      if (by_column[c] == NULL)
        {
          serve_invalid (error, "Missing input '%s'", name);
          goto failed;
        }
      if (!(leaves = tensor_leaves (by_column[c], name, dims, &n_dims, error)))
        goto failed;
      if (dims[1] != 1)
        {
          serve_invalid (error, "Input '%s' must have shape [n] or [n, 1]", name);
          goto failed;
        }
      if (builder.columns == NULL)
        serve_builder_init (&builder, handle, n_rows = dims[0]);
      else if (dims[0] != n_rows)
        {
          serve_invalid (error, "Input '%s' has %" G_GSIZE_FORMAT " rows; '%s' has %" G_GSIZE_FORMAT,
                   name, dims[0], handle->columns[0].name, n_rows);
          goto failed;
        }
      for (gsize r = 0; r < n_rows; r++)
        if (!serve_set_cell (builder.columns[c], r, g_ptr_array_index (leaves, r), error))
          goto failed;
    }
  if (builder.columns == NULL)
    serve_builder_init (&builder, handle, 0);
  return serve_builder_finish (&builder);

failed:
  if (builder.columns != NULL)
    serve_builder_clear (&builder);
  return NULL;
}

LuminaFrame *
serve_parse_oip (ServeHandle       *handle,
           const SjNode      *root,
           ServeRequestInfo  *info,
           GError           **error)
{
  const SjNode *inputs = sj_object_get (root, "inputs");
  const SjNode *id = sj_object_get (root, "id");
  const SjNode *name;

  if (root->type != SJ_OBJECT)
    return serve_invalid (error, "The body must be a JSON object with \"inputs\""), NULL;
  if (id != NULL && id->type == SJ_STRING)
    info->id = g_strdup (id->v.str);
  if (!parse_oip_outputs (sj_object_get (root, "outputs"), info, error))
    return NULL;
  if (inputs == NULL || inputs->type != SJ_ARRAY || inputs->len == 0)
    return serve_invalid (error, "\"inputs\" must be a non-empty list of tensors"), NULL;

  name = sj_object_get (&inputs->v.items[0], "name");
  if (inputs->len == 1 && name != NULL && name->type == SJ_STRING && serve_column_of (handle, name->v.str) < 0)
    return parse_oip_matrix (handle, &inputs->v.items[0], name->v.str, error);
  return parse_oip_named (handle, inputs, error);
}
