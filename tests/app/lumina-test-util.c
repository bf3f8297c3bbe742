/* lumina-test-util.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-test-util"

#define _GNU_SOURCE

#include "config.h"

#if defined(__SANITIZE_ADDRESS__)
# include <dlfcn.h>
# include <link.h>
# include <sanitizer/lsan_interface.h>

/* From the sanitizer allocator interface; GCC ships no header for it. */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);
#endif

#include <stdlib.h>

#include <glib/gstdio.h>

#include "lumina-test-util.h"

static LuminaApplication *test_app;

/* Sets up GTest and GTK, and registers one non-unique application so the
 * windows get its resources, icons, style sheet and accelerators, as in the
 * real program. */
#if defined(__SANITIZE_ADDRESS__)
/* GLib keeps quark strings in an array that starts with room for 2048
 * entries. When it grows, GLib leaves the old array behind on purpose so
 * that lookups never need a lock (see quark_new() in gquark.c). A window
 * with every view built makes more than 2048 quarks, and LeakSanitizer
 * then reports that first array. Debian's GLib has no frame pointers, so
 * the report carries no stack a suppression could name.
 *
 * Find the array while GLib still points at it: a word in GLib's writable
 * data that is the start of a heap block of exactly 2048 pointers, whose
 * first entry is NULL and whose second is quark 1's string. Only that
 * block is exempted; every other leak is still reported.
 */
# define QUARK_BLOCK_SIZE 2048

static int
find_quark_block (struct dl_phdr_info *info,
                  size_t               size,
                  void                *user_data)
{
  const char *quark_one = g_quark_to_string (1);
  gpointer *found = user_data;

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  for (guint i = 0; i < info->dlpi_phnum && *found == NULL; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      const gpointer *words;
      gsize n_words;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;

      words = (const gpointer *) (info->dlpi_addr + phdr->p_vaddr);
      n_words = phdr->p_memsz / sizeof (gpointer);

      for (gsize j = 0; j < n_words; j++)
        {
          const char * const *block = words[j];

          if (block == NULL ||
              !__sanitizer_get_ownership (block) ||
              __sanitizer_get_allocated_size (block) != QUARK_BLOCK_SIZE * sizeof (char *))
            continue;

          if (block[0] == NULL && block[1] == quark_one)
            {
              *found = (gpointer) block;
              break;
            }
        }
    }

  return *found != NULL;
}

static void
exempt_glib_quark_block (void)
{
  gpointer block = NULL;

  dl_iterate_phdr (find_quark_block, &block);
  g_assert_nonnull (block);
  __lsan_ignore_object (block);
}

/* Mesa unloads its GL drivers when GDK has probed them and again when the
 * display closes, before the leak check runs at exit; what a driver kept
 * for the process lifetime (llvmpipe allocates more of it on some CPUs
 * than on others) is then reported with "<unknown module>" as its only
 * frame, which no suppression can name.  This definition takes the place
 * of the C library's for every library in the test program and keeps Mesa's
 * drivers mapped, so their frames resolve and build-aux/lsan.supp applies
 * to them as to the rest of Mesa; every other module is closed as usual. */
int
dlclose (void *handle)
{
  static int (*real_dlclose) (void *);
  struct link_map *map = NULL;

  if (real_dlclose == NULL)
    real_dlclose = (int (*) (void *)) dlsym (RTLD_NEXT, "dlclose");
  if (dlinfo (handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL &&
      (strstr (map->l_name, "_dri.so") != NULL || strstr (map->l_name, "_mesa.so") != NULL))
    return 0;
  return real_dlclose (handle);
}
#endif

static char *config_dir;

static void
remove_config_dir (void)
{
  lumina_test_remove_tree (config_dir);
}

void
lumina_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

#if defined(__SANITIZE_ADDRESS__)
  exempt_glib_quark_block ();
  /* An idle pool thread stops after 15 s by default, at whatever moment
   * that falls: when it falls on LeakSanitizer's check at exit, the
   * check's tracer can crash on the exiting thread ("Tracer caught signal
   * 11"), as long GUI tests showed now and then.  Idle threads stay. */
  g_thread_pool_set_max_idle_time (0);
#endif

  g_setenv ("LANGUAGE", "C", TRUE);
  /* Settings files and stored secrets of this run only. */
  config_dir = g_dir_make_tmp ("lumina-app-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  atexit (remove_config_dir);

  gtk_test_init (argc, argv, NULL);

  /* Transitions would only make the tests wait. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  test_app = g_object_new (LUMINA_TYPE_APPLICATION,
                           "application-id", APP_ID,
                           "resource-base-path", RESOURCE_BASE,
                           "flags", G_APPLICATION_NON_UNIQUE,
                           NULL);
  g_application_register (G_APPLICATION (test_app), NULL, &error);
  g_assert_no_error (error);

  /* Keep the application alive between tests that close every window. */
  g_application_hold (G_APPLICATION (test_app));
}

LuminaApplication *
lumina_test_get_app (void)
{
  g_assert_nonnull (test_app);

  return test_app;
}

char *
lumina_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("lumina-app-test-XXXXXX", &error);

  g_assert_no_error (error);

  return path;
}

void
lumina_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      lumina_test_remove_tree (child);
    }

  g_rmdir (path);
}

/* A fresh workspace in a new temporary folder (the folder itself is created by the engine). */
LuminaWorkspace *
lumina_test_open_workspace (char **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = lumina_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (tmp, "workspace", NULL);
  LuminaWorkspace *workspace;

  workspace = lumina_workspace_open (path, LUMINA_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (LUMINA_IS_WORKSPACE (workspace));

  if (out_path != NULL)
    *out_path = g_steal_pointer (&tmp);

  return workspace;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;

  return G_SOURCE_REMOVE;
}

void
lumina_test_iterate (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
lumina_test_wait_until (LuminaTestCondition condition,
                        gpointer            data,
                        guint               timeout_msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_msec * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for a condition", timeout_msec);

      /* Wake up at least every 10 ms so the deadline is checked. */
      lumina_test_iterate (10);
    }
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Waits for @widget to be mapped and then for a few frames to be drawn. */
void
lumina_test_wait_mapped (GtkWidget *widget)
{
  lumina_test_wait_until (is_mapped, widget, 10000);
  lumina_test_iterate (300);
}

void
lumina_test_destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  lumina_test_iterate (50);
}

/* Counts distinct colours; @dominant_share gets the share of pixels of the most common one. */
guint
lumina_test_count_colors (GdkTexture *texture,
                          double     *dominant_share)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guint max_count = 0;
  gsize n_pixels = (gsize) width * (gsize) height;

  pixels = g_new (guint32, n_pixels);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);

  for (gsize i = 0; i < n_pixels; i++)
    {
      gpointer key = GUINT_TO_POINTER (pixels[i]);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (count));
      max_count = MAX (max_count, count);
    }

  if (dominant_share != NULL)
    *dominant_share = n_pixels > 0 ? (double) max_count / (double) n_pixels : 1.0;

  return g_hash_table_size (counts);
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Renders @widget with its window's own GSK renderer, as GTK would draw it.
 * A widget that queued a redraw (a timer, a live chart) has no render node
 * until its next frame, so wait for that frame rather than render nothing.
 */
GdkTexture *
lumina_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  for (guint waited = 0; (node = snapshot_widget (widget)) == NULL && waited < 10000; waited += 20)
    lumina_test_iterate (20);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Saves a PNG of @widget into the tests' build folder and checks it is not blank. */
void
lumina_test_screenshot (GtkWidget  *widget,
                        const char *filename)
{
  g_autoptr(GdkTexture) texture = lumina_test_render_widget (widget);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, filename, NULL);
  double dominant_share = 1.0;
  guint n_colors;

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%dx%d)", path,
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture));

  n_colors = lumina_test_count_colors (texture, &dominant_share);
  g_test_message ("%s: %u colours, the commonest covers %.1f%%",
                  filename, n_colors, dominant_share * 100.0);

  g_assert_cmpuint (n_colors, >, 64);
  g_assert_cmpfloat (dominant_share, <, 0.97);
}

/* A template child that must exist. */
gpointer
lumina_test_template_child (gpointer    widget,
                            GType       type,
                            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("%s has no template child “%s”", G_OBJECT_TYPE_NAME (widget), name);
  return child;
}

/* Clicks a button as a user would: only when it can be clicked. */
void
lumina_test_click (gpointer button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  lumina_test_iterate (50);
}

/* Returns: (nullable): the last toplevel window of @type */
GtkWindow *
lumina_test_find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

/* Scrolls @target's scrolled window so that @target is near its top. */
void
lumina_test_scroll_to (GtkWidget *target)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  /* Sections that just appeared must be laid out before the range grows. */
  lumina_test_iterate (300);
  g_assert_true (gtk_widget_compute_point (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  /* The viewport's coordinates move with the scrolling. */
  gtk_adjustment_set_value (adjustment, MAX (gtk_adjustment_get_value (adjustment) + point.y - 12, 0));
  lumina_test_iterate (300);
}

/* A TCP port on 127.0.0.1 that was free a moment ago. */
guint
lumina_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A condition: @widget is mapped and has drawn something, so a screenshot of it will not be empty. */
gboolean
lumina_test_is_drawn (gpointer widget)
{
  g_autoptr(GskRenderNode) node = NULL;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    return FALSE;

  node = snapshot_widget (widget);
  return node != NULL;
}

/* Resets the keys the tests change: the window's size and state, its last view and tab, and the chat. */
void
lumina_test_reset_settings (GSettings *settings)
{
  const char *keys[] = { "window-width", "window-height", "window-maximized", "last-view", "show-chat",
                         "monitoring-tab" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* The application's settings with the tests' keys reset, and the style set to @scheme.
 * Returns: (transfer full): the settings; give them to lumina_test_close_settings() */
GSettings *
lumina_test_open_settings (AdwColorScheme scheme)
{
  GSettings *settings = g_settings_new (APP_ID);

  lumina_test_reset_settings (settings);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);

  return settings;
}

/* Puts back the default style and the tests' keys, and clears *@settings. */
void
lumina_test_close_settings (GSettings **settings)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  lumina_test_reset_settings (*settings);
  g_clear_object (settings);
}

/* Drops *@workspace and deletes the temporary folder *@tmp_dir it was made in (see
 * lumina_test_open_workspace()). */
void
lumina_test_close_workspace (LuminaWorkspace **workspace,
                             char            **tmp_dir)
{
  g_clear_object (workspace);
  lumina_test_remove_tree (*tmp_dir);
  g_clear_pointer (tmp_dir, g_free);
}

/* Opens a window on @workspace, @width × @height where @width is positive, on @view where it
 * is not NULL, and waits until it is mapped. *@window is cleared when the window goes.
 * Returns: (nullable) (transfer none): @view's page, or NULL without a @view */
GtkWidget *
lumina_test_open_window (LuminaWindow    **window,
                         GSettings        *settings,
                         LuminaWorkspace  *workspace,
                         const char       *view,
                         int               width,
                         int               height)
{
  GtkStack *stack;
  GtkWidget *page;

  if (width > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  if (view != NULL)
    g_settings_set_string (settings, "last-view", view);

  *window = lumina_window_new (lumina_test_get_app (), workspace);
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  gtk_window_present (GTK_WINDOW (*window));
  lumina_test_wait_mapped (GTK_WIDGET (*window));

  if (view == NULL)
    return NULL;

  stack = lumina_test_template_child (*window, LUMINA_TYPE_WINDOW, "stack");
  page = gtk_stack_get_child_by_name (stack, view);
  g_assert_nonnull (page);
  g_assert_cmpstr (lumina_window_get_visible_view (*window), ==, view);

  return page;
}

/* Destroys *@window, where there is one, and checks that it went. */
void
lumina_test_close_window (LuminaWindow **window)
{
  if (*window != NULL)
    lumina_test_destroy_window (GTK_WINDOW (*window));
  g_assert_null (*window);
}
