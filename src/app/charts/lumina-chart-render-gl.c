/* lumina-chart-render-gl.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data layer with OpenGL: a GtkGLArea child covering the plot, one
 * vertex buffer per series built from the decimated points, and one small
 * shader that draws anti-aliased lines, round joints, dots and fills.
 * Lines are expanded into quads on the CPU (core profiles have no wide
 * lines); after decimation that is a few thousand vertices per series.
 */
#define G_LOG_DOMAIN "lumina-chart-render-gl"

#include "config.h"

#include <math.h>
#include <epoxy/gl.h>

#include "lumina-chart-private.h"

/* After GTK: the GL renderer's own header is not in gsk.h. */
#include <gsk/gl/gskglrenderer.h>

#define LINE_HALF_WIDTH 1.0f
#define DOT_RADIUS      3.5f

enum { MODE_LINE, MODE_DOT, MODE_FILL, MODE_JOINT };

typedef struct
{
  LuminaChart *chart;          /* unowned: the chart owns the area */
  GLuint       program;
  GLuint       vao;
  GArray      *buffers;        /* GLuint, one per series */
  GLint        viewport_loc;
  GLint        color_loc;
  GLint        half_width_loc;
  GArray      *vertices;       /* float scratch */
} GlState;

static const char vertex_src[] =
  "in vec2 position;\n"
  "in vec2 local;\n"
  "in vec2 style;\n"
  "uniform vec2 viewport;\n"
  "out vec2 v_local;\n"
  "out vec2 v_style;\n"
  "void main () {\n"
  "  v_local = local;\n"
  "  v_style = style;\n"
  "  gl_Position = vec4 (position.x / viewport.x * 2.0 - 1.0, 1.0 - position.y / viewport.y * 2.0, 0.0, 1.0);\n"
  "}\n";

static const char fragment_src[] =
  "in vec2 v_local;\n"
  "in vec2 v_style;\n"
  "uniform vec4 color;\n"
  "uniform float half_width;\n"
  "out vec4 frag;\n"
  "void main () {\n"
  "  float d = v_style.x < 0.5 ? abs (v_local.y) : length (v_local);\n"
  "  float edge = (v_style.x > 0.5 && v_style.x < 1.5) ? " G_STRINGIFY (DOT_RADIUS) " : half_width;\n"
  "  float a = (v_style.x > 1.5 && v_style.x < 2.5) ? 1.0 : clamp (edge + 0.5 - d, 0.0, 1.0);\n"
  "  a *= color.a * v_style.y;\n"
  "  frag = vec4 (color.rgb * a, a);\n"
  "}\n";

static void
gl_state_free (gpointer data)
{
  GlState *state = data;

  g_clear_pointer (&state->buffers, g_array_unref);
  g_clear_pointer (&state->vertices, g_array_unref);
  g_free (state);
}

gboolean
_lumina_chart_gl_available (GtkWidget *widget)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkNative *native = gtk_widget_get_native (widget);

  if (native == NULL || gtk_native_get_surface (native) == NULL)
    return FALSE;

  /* A GL area under another renderer is drawn through a read-back. */
  if (gtk_native_get_renderer (native) != NULL && !GSK_IS_GL_RENDERER (gtk_native_get_renderer (native)))
    return FALSE;

  context = gdk_surface_create_gl_context (gtk_native_get_surface (native), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No GL for charts: %s", error != NULL ? error->message : "unknown");
      return FALSE;
    }

  return TRUE;
}

static GLuint
compile (GLenum      type,
         const char *prefix,
         const char *source)
{
  GLuint shader = glCreateShader (type);
  const char *sources[] = { prefix, source };
  GLint ok = 0;

  glShaderSource (shader, 2, sources, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[512] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_warning ("Chart shader failed to compile: %s", log);
    }

  return shader;
}

static void
area_realize (GtkGLArea *area,
              GlState   *state)
{
  GdkGLContext *context;
  const char *prefix;
  GLuint vs, fs;

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return;

  context = gtk_gl_area_get_context (area);
  prefix = gdk_gl_context_get_use_es (context) ? "#version 300 es\nprecision mediump float;\n"
                                               : "#version 150\n";
  vs = compile (GL_VERTEX_SHADER, prefix, vertex_src);
  fs = compile (GL_FRAGMENT_SHADER, prefix, fragment_src);
  state->program = glCreateProgram ();
  glAttachShader (state->program, vs);
  glAttachShader (state->program, fs);
  glBindAttribLocation (state->program, 0, "position");
  glBindAttribLocation (state->program, 1, "local");
  glBindAttribLocation (state->program, 2, "style");
  glLinkProgram (state->program);
  glDeleteShader (vs);
  glDeleteShader (fs);

  state->viewport_loc = glGetUniformLocation (state->program, "viewport");
  state->color_loc = glGetUniformLocation (state->program, "color");
  state->half_width_loc = glGetUniformLocation (state->program, "half_width");
  glGenVertexArrays (1, &state->vao);
}

static void
area_unrealize (GtkGLArea *area,
                GlState   *state)
{
  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return;

  if (state->buffers->len > 0)
    glDeleteBuffers (state->buffers->len, (GLuint *) (gpointer) state->buffers->data);
  g_array_set_size (state->buffers, 0);
  if (state->vao != 0)
    glDeleteVertexArrays (1, &state->vao);
  if (state->program != 0)
    glDeleteProgram (state->program);
  state->vao = state->program = 0;
}

static void
push (GArray *v,
      float   x,
      float   y,
      float   lx,
      float   ly,
      float   mode,
      float   alpha)
{
  float vertex[] = { x, y, lx, ly, mode, alpha };

  g_array_append_vals (v, vertex, G_N_ELEMENTS (vertex));
}

static void
push_quad (GArray      *v,
           const float  corners[4][4],
           float        mode,
           float        alpha)
{
  static const int order[] = { 0, 1, 2, 2, 1, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    push (v, corners[order[i]][0], corners[order[i]][1], corners[order[i]][2], corners[order[i]][3],
          mode, alpha);
}

static void
push_dot (GArray *v,
          float   x,
          float   y,
          float   r)
{
  float e = r + 1;
  float corners[4][4] = {
    { x - e, y - e, -e, -e }, { x + e, y - e, e, -e }, { x - e, y + e, -e, e }, { x + e, y + e, e, e },
  };

  push_quad (v, corners, r > LINE_HALF_WIDTH ? MODE_DOT : MODE_JOINT, 1);
}

static void
push_segment (GArray *v,
              float   x0,
              float   y0,
              float   x1,
              float   y1)
{
  float dx = x1 - x0, dy = y1 - y0;
  float len = sqrtf (dx * dx + dy * dy);
  float e = LINE_HALF_WIDTH + 1;
  float nx, ny;

  if (len < 1e-4f)
    return;
  nx = -dy / len * e;
  ny = dx / len * e;
  {
    float corners[4][4] = {
      { x0 + nx, y0 + ny, 0, e }, { x1 + nx, y1 + ny, len, e },
      { x0 - nx, y0 - ny, 0, -e }, { x1 - nx, y1 - ny, len, -e },
    };

    push_quad (v, corners, MODE_LINE, 1);
  }
}

static void
push_fill (GArray *v,
           float   x0,
           float   y0,
           float   x1,
           float   y1,
           float   base)
{
  float corners[4][4] = {
    { x0, y0, 0, 0 }, { x1, y1, 0, 0 }, { x0, base, 0, 0 }, { x1, base, 0, 0 },
  };

  push_quad (v, corners, MODE_FILL, 0.18f);
}

/* Turns one series into triangles, in pixels of the plot area. */
static void
build_series (LuminaChart       *self,
              LuminaChartSeries *series,
              float              width,
              float              height,
              GArray            *v)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  double base_value = self->y_range.scale == LUMINA_CHART_SCALE_LOG ? self->y_range.min : MAX (self->y_range.min, 0);
  float base = height - (float) CLAMP (_lumina_chart_map (&self->y_range, base_value), 0, 1) * height;
  gboolean have_prev = FALSE;
  float prev_x = 0, prev_y = 0;

  _lumina_chart_series_points (self, series, width, xs, ys);
  for (guint i = 0; i < xs->len; i++)
    {
      float x = (float) _lumina_chart_map (&self->x_range, g_array_index (xs, double, i)) * width;
      float y = height - (float) _lumina_chart_map (&self->y_range, g_array_index (ys, double, i)) * height;

      if (!isfinite (x) || !isfinite (y))
        {
          have_prev = FALSE;
          continue;
        }

      if (series->style == LUMINA_CHART_STYLE_SCATTER || _lumina_chart_point_alone (xs, ys, i))
        push_dot (v, x, y, DOT_RADIUS);
      else if (have_prev)
        {
          if (series->style == LUMINA_CHART_STYLE_AREA)
            push_fill (v, prev_x, prev_y, x, y, base);
          if (series->style == LUMINA_CHART_STYLE_STEP)
            {
              push_segment (v, prev_x, prev_y, x, prev_y);
              push_dot (v, x, prev_y, LINE_HALF_WIDTH);
              push_segment (v, x, prev_y, x, y);
            }
          else
            push_segment (v, prev_x, prev_y, x, y);
          push_dot (v, x, y, LINE_HALF_WIDTH);
        }
      have_prev = TRUE;
      prev_x = x;
      prev_y = y;
    }
}

static void
draw_series (GlState           *state,
             LuminaChartSeries *series,
             guint              index,
             float              width,
             float              height)
{
  const GdkRGBA *color = _lumina_chart_series_color (state->chart, index);
  GLuint buffer;

  g_array_set_size (state->vertices, 0);
  build_series (state->chart, series, width, height, state->vertices);
  if (state->vertices->len == 0)
    return;

  while (state->buffers->len <= index)
    {
      GLuint id = 0;

      glGenBuffers (1, &id);
      g_array_append_val (state->buffers, id);
    }
  buffer = g_array_index (state->buffers, GLuint, index);

  glBindBuffer (GL_ARRAY_BUFFER, buffer);
  glBufferData (GL_ARRAY_BUFFER, state->vertices->len * sizeof (float), state->vertices->data, GL_DYNAMIC_DRAW);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (void *) 0);
  glVertexAttribPointer (1, 2, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (void *) (2 * sizeof (float)));
  glVertexAttribPointer (2, 2, GL_FLOAT, GL_FALSE, 6 * sizeof (float), (void *) (4 * sizeof (float)));
  glEnableVertexAttribArray (0);
  glEnableVertexAttribArray (1);
  glEnableVertexAttribArray (2);
  glUniform4f (state->color_loc, color->red, color->green, color->blue, color->alpha);
  glDrawArrays (GL_TRIANGLES, 0, state->vertices->len / 6);
}

static gboolean
fall_back_cb (gpointer data)
{
  LuminaChart *self = data;

  if (self->gl_area != NULL)
    {
      g_debug ("GL area failed; drawing chart data with cairo");
      g_clear_pointer (&self->gl_area, gtk_widget_unparent);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  return G_SOURCE_REMOVE;
}

static gboolean
area_render (GtkGLArea    *area,
             GdkGLContext *context,
             GlState      *state)
{
  LuminaChart *self = state->chart;
  float width = gtk_widget_get_width (GTK_WIDGET (area));
  float height = gtk_widget_get_height (GTK_WIDGET (area));

  if (gtk_gl_area_get_error (area) != NULL || state->program == 0)
    {
      g_idle_add_full (G_PRIORITY_HIGH, fall_back_cb, g_object_ref (self), g_object_unref);
      return TRUE;
    }

  glClearColor (0, 0, 0, 0);
  glClear (GL_COLOR_BUFFER_BIT);
  if (width <= 0 || height <= 0)
    return TRUE;

  _lumina_chart_compute_ranges (self, &self->x_range, &self->y_range);
  glEnable (GL_BLEND);
  glBlendFunc (GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram (state->program);
  glBindVertexArray (state->vao);
  glUniform2f (state->viewport_loc, width, height);
  glUniform1f (state->half_width_loc, LINE_HALF_WIDTH);

  for (guint i = 0; i < self->series->len; i++)
    {
      LuminaChartSeries *series = g_ptr_array_index (self->series, i);

      if (series->visible && series->style != LUMINA_CHART_STYLE_BARS)
        draw_series (state, series, i, width, height);
    }

  glBindVertexArray (0);
  glUseProgram (0);

  return TRUE;
}

GtkWidget *
_lumina_chart_gl_area_new (LuminaChart *self)
{
  GtkWidget *area = gtk_gl_area_new ();
  GlState *state = g_new0 (GlState, 1);

  state->chart = self;
  state->buffers = g_array_new (FALSE, FALSE, sizeof (GLuint));
  state->vertices = g_array_new (FALSE, FALSE, sizeof (float));
  g_object_set_data_full (G_OBJECT (area), "lumina-chart-gl", state, gl_state_free);

  gtk_gl_area_set_has_depth_buffer (GTK_GL_AREA (area), FALSE);
  gtk_gl_area_set_auto_render (GTK_GL_AREA (area), FALSE);
  gtk_widget_set_can_target (area, FALSE);
  g_signal_connect (area, "realize", G_CALLBACK (area_realize), state);
  g_signal_connect (area, "unrealize", G_CALLBACK (area_unrealize), state);
  g_signal_connect (area, "render", G_CALLBACK (area_render), state);

  return area;
}

void
_lumina_chart_gl_queue_render (LuminaChart *self)
{
  if (self->gl_area != NULL)
    gtk_gl_area_queue_render (GTK_GL_AREA (self->gl_area));
}
