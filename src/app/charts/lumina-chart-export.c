/* lumina-chart-export.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PNG, SVG and CSV export.  Pictures are drawn through the cairo data path
 * into memory, then written with g_file_replace_contents(), so a failed
 * export never leaves half a file behind.
 */
#define G_LOG_DOMAIN "lumina-chart-export"

#include "config.h"

#include <math.h>
#include <cairo-svg.h>

#include "lumina-chart-private.h"

#define DEFAULT_WIDTH  800
#define DEFAULT_HEIGHT 450

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static GskRenderNode *
render_node (LuminaChart *self,
             int         *width,
             int         *height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  *width = gtk_widget_get_width (GTK_WIDGET (self));
  *height = gtk_widget_get_height (GTK_WIDGET (self));
  if (*width <= 0 || *height <= 0)
    {
      *width = DEFAULT_WIDTH;
      *height = DEFAULT_HEIGHT;
    }

  _lumina_chart_update_colors (GTK_WIDGET (self), &self->colors);
  gtk_snapshot_append_color (snapshot, &self->colors.background,
                             &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  _lumina_chart_draw (self, snapshot, *width, *height, TRUE);

  /* The layout above was for the export size; let the widget lay out again. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
save_bytes (GFile       *file,
            GByteArray  *bytes,
            GError     **error)
{
  return g_file_replace_contents (file, (const char *) bytes->data, bytes->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static gboolean
finish_surface (cairo_surface_t  *surface,
                GError          **error)
{
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not draw the chart: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      return FALSE;
    }

  return TRUE;
}

gboolean
lumina_chart_export_png (LuminaChart  *self,
                         GFile        *file,
                         GError      **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  node = render_node (self, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_bytes_cb, bytes);
  ok = finish_surface (surface, error);
  cairo_surface_destroy (surface);

  return ok && save_bytes (file, bytes, error);
}

gboolean
lumina_chart_export_svg (LuminaChart  *self,
                         GFile        *file,
                         GError      **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  node = render_node (self, &width, &height);
  surface = cairo_svg_surface_create_for_stream (append_bytes_cb, bytes, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  ok = finish_surface (surface, error);
  cairo_surface_destroy (surface);

  return ok && save_bytes (file, bytes, error);
}

/* Shortest decimal that reads back as the same double. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out, buffer);
}

static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
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

static void
heatmap_csv (LuminaChart *self,
             GString     *out)
{
  for (guint c = 0; c < self->heat_cols; c++)
    {
      g_string_append_c (out, ',');
      if (self->heat_col_labels != NULL)
        append_field (out, self->heat_col_labels[c]);
      else
        g_string_append_printf (out, "%u", c);
    }
  g_string_append_c (out, '\n');

  for (guint r = 0; r < self->heat_rows; r++)
    {
      if (self->heat_row_labels != NULL)
        append_field (out, self->heat_row_labels[r]);
      else
        g_string_append_printf (out, "%u", r);
      for (guint c = 0; c < self->heat_cols; c++)
        {
          g_string_append_c (out, ',');
          append_number (out, self->heat_values[r * self->heat_cols + c]);
        }
      g_string_append_c (out, '\n');
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
append_x (LuminaChart *self,
          GString     *out,
          double       x)
{
  guint n_categories = self->categories != NULL ? g_strv_length (self->categories) : 0;

  if (n_categories > 0 && x >= 0 && x < n_categories && x == floor (x))
    append_field (out, self->categories[(guint) x]);
  else
    append_number (out, x);
}

static void
series_csv (LuminaChart *self,
            GString     *out)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) lookups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  g_string_append (out, self->categories != NULL ? "category" : (self->axes[0].label ? self->axes[0].label : "x"));
  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);
      GHashTable *lookup = g_hash_table_new (g_double_hash, g_double_equal);

      g_string_append_c (out, ',');
      append_field (out, series->name);
      for (guint j = series->x->len; j > 0; j--)
        g_hash_table_insert (lookup, &g_array_index (series->x, double, j - 1),
                             &g_array_index (series->y, double, j - 1));
      g_array_append_vals (xs, series->x->data, series->x->len);
      g_ptr_array_add (lookups, lookup);
    }
  g_string_append_c (out, '\n');

  g_array_sort (xs, compare_doubles);
  for (guint k = 0; k < xs->len; k++)
    {
      double x = g_array_index (xs, double, k);

      if (isnan (x) || (k > 0 && x == g_array_index (xs, double, k - 1)))
        continue;
      append_x (self, out, x);
      for (guint i = 0; i < lookups->len; i++)
        {
          const double *y = g_hash_table_lookup (g_ptr_array_index (lookups, i), &x);

          g_string_append_c (out, ',');
          if (y != NULL)
            append_number (out, *y);
        }
      g_string_append_c (out, '\n');
    }
}

gboolean
lumina_chart_export_csv (LuminaChart  *self,
                         GFile        *file,
                         GError      **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (LUMINA_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->heat_rows > 0)
    heatmap_csv (self, out);
  else
    series_csv (self, out);

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
