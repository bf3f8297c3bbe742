/* test-window.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "lumina-test-util.h"
#include "lumina-window.h"

static const struct {
  const char *name;
  const char *title;
} views[] = {
  { "overview", "Overview" },
  { "monitoring", "Monitoring" },
  { "alerts", "Alerts" },
  { "models", "Models" },
  { "experiments", "Experiments" },
  { "automl", "AutoML" },
  { "data", "Data" },
  { "pipelines", "Pipelines" },
  { "deployments", "Deployments" },
  { "agents", "Agents" },
};

static const struct {
  const char *action;
  const char *accel;
} app_accels[] = {
  { "app.quit", "<Control>q" },
  { "app.preferences", "<Control>comma" },
  { "app.shortcuts", "<Control>question" },
};

typedef struct
{
  LuminaWorkspace *workspace;
  char            *tmp_dir;
  GSettings       *settings;
  LuminaWindow    *window;
} Fixture;

static gpointer
template_child (LuminaWindow *window,
                const char   *name)
{
  return lumina_test_template_child (window, LUMINA_TYPE_WINDOW, name);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_DEFAULT);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace, NULL, width, height);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_close_window (&fixture->window);
  lumina_test_close_settings (&fixture->settings);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
}

static void
show_view (LuminaWindow *window,
           const char   *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", name));
  lumina_test_iterate (20);
}

static void
assert_views_switch (Fixture *fixture)
{
  GtkStack *stack = template_child (fixture->window, "stack");
  AdwWindowTitle *title = template_child (fixture->window, "view_title");

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *last_view = NULL;

      show_view (fixture->window, views[i].name);

      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, views[i].name);
      g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, views[i].name);
      g_assert_cmpstr (adw_window_title_get_title (title), ==, views[i].title);
      g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (stack)));

      last_view = g_settings_get_string (fixture->settings, "last-view");
      g_assert_cmpstr (last_view, ==, views[i].name);
    }
}

static void
test_window_open (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkListBox *sidebar;
  GtkListBoxRow *selected;
  guint n_rows = 0;

  fixture_open_window (fixture, -1, -1);

  g_assert_true (lumina_window_get_workspace (fixture->window) == fixture->workspace);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "overview");
  g_assert_false (adw_leaflet_get_folded (template_child (fixture->window, "leaflet")));

  sidebar = template_child (fixture->window, "sidebar_list");
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (views));

  selected = gtk_list_box_get_selected_row (sidebar);
  g_assert_nonnull (selected);
  g_assert_cmpint (gtk_list_box_row_get_index (selected), ==, 0);

#if DEVELOPMENT_BUILD
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->window), "devel"));
#endif
}

static void
test_window_views (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkListBox *sidebar;

  fixture_open_window (fixture, -1, -1);
  assert_views_switch (fixture);

  /* Unknown names leave the view alone. */
  show_view (fixture->window, "no-such-view");
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "agents");

  /* Clicking a sidebar row selects its view. */
  sidebar = template_child (fixture->window, "sidebar_list");
  g_signal_emit_by_name (sidebar, "row-activated", gtk_list_box_get_row_at_index (sidebar, 2));
  lumina_test_iterate (20);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "alerts");
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (sidebar)), ==, 2);
}

/* Finds the action and argument the window binds to @accelerator, such as "<Alt>1". */
static char *
find_binding (LuminaWindow *window,
              const char   *accelerator,
              GVariant    **out_args)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  guint n_controllers = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n_controllers; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      guint n_shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      n_shortcuts = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < n_shortcuts; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (trigger, accelerator) != 0 || !GTK_IS_NAMED_ACTION (action))
            continue;

          if (out_args != NULL)
            *out_args = gtk_shortcut_get_arguments (shortcut);

          return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  return NULL;
}

static void
test_window_shortcuts (Fixture       *fixture,
                       gconstpointer  user_data)
{
  LuminaApplication *app = lumina_test_get_app ();
  g_autofree char *f9 = NULL;
  GtkMenuButton *menu_button;

  fixture_open_window (fixture, -1, -1);

  f9 = find_binding (fixture->window, "F9", NULL);
  g_assert_cmpstr (f9, ==, "win.toggle-chat");

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *accelerator = g_strdup_printf ("<Alt>%u", (i + 1) % 10);
      g_autofree char *action = NULL;
      GVariant *args = NULL;

      action = find_binding (fixture->window, accelerator, &args);
      g_assert_cmpstr (action, ==, "win.show-view");
      g_assert_nonnull (args);
      g_assert_cmpstr (g_variant_get_string (args, NULL), ==, views[i].name);
    }

  /* F10 opens the primary menu. */
  menu_button = template_child (fixture->window, "primary_menu_button");
  g_assert_true (gtk_menu_button_get_primary (menu_button));

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    app_accels[i].action);

      g_assert_cmpstr (accels[0], ==, app_accels[i].accel);
    }
}

static void
test_window_chat (Fixture       *fixture,
                  gconstpointer  user_data)
{
  AdwFlap *flap;

  fixture_open_window (fixture, -1, -1);
  flap = template_child (fixture->window, "chat_flap");

  g_assert_false (adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (lumina_window_get_show_chat (fixture->window));

  /* F9 is bound to this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-chat", NULL));
  lumina_test_iterate (50);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (g_settings_get_boolean (fixture->settings, "show-chat"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (template_child (fixture->window, "chat_sidebar"))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-chat", NULL));
  lumina_test_iterate (50);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (g_settings_get_boolean (fixture->settings, "show-chat"));

  /* The setting drives the window too, as when restored at start. */
  g_settings_set_boolean (fixture->settings, "show-chat", TRUE);
  g_assert_true (adw_flap_get_reveal_flap (flap));
}

static void
test_window_restore (Fixture       *fixture,
                     gconstpointer  user_data)
{
  int width = 0;
  int height = 0;

  g_settings_set_string (fixture->settings, "last-view", "models");
  fixture_open_window (fixture, 900, 700);

  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "models");

  show_view (fixture->window, "data");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 650);
  gtk_window_close (GTK_WINDOW (fixture->window));
  lumina_test_iterate (50);
  g_assert_null (fixture->window);

  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));

  fixture_open_window (fixture, -1, -1);
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "data");
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static void
test_window_narrow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  AdwLeaflet *leaflet;
  AdwFlap *flap;
  GtkListBox *sidebar;

  fixture_open_window (fixture, 360, 640);
  leaflet = template_child (fixture->window, "leaflet");
  flap = template_child (fixture->window, "chat_flap");
  sidebar = template_child (fixture->window, "sidebar_list");

  lumina_test_wait_until (leaflet_folded, leaflet, 5000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, 360);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (adw_flap_get_folded (flap));

  assert_views_switch (fixture);

  /* Back goes to the sidebar page; a row takes you to its view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-sidebar", NULL));
  lumina_test_iterate (50);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (sidebar)));

  g_signal_emit_by_name (sidebar, "row-activated", gtk_list_box_get_row_at_index (sidebar, 3));
  lumina_test_iterate (50);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_cmpstr (lumina_window_get_visible_view (fixture->window), ==, "models");

  /* The assistant overlays the view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-chat", NULL));
  lumina_test_iterate (50);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (template_child (fixture->window, "chat_sidebar"))));
}

static void
test_window_screenshots (Fixture       *fixture,
                         gconstpointer  user_data)
{
  AdwLeaflet *leaflet;

  fixture_open_window (fixture, -1, -1);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-light.png");

  show_view (fixture->window, "monitoring");
  lumina_test_iterate (100);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-monitoring.png");
  show_view (fixture->window, "overview");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  lumina_window_set_show_chat (fixture->window, TRUE);
  lumina_test_iterate (300);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-dark.png");

  lumina_test_destroy_window (GTK_WINDOW (fixture->window));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_settings_set_boolean (fixture->settings, "show-chat", FALSE);

  fixture_open_window (fixture, 360, 640);
  leaflet = template_child (fixture->window, "leaflet");
  lumina_test_wait_until (leaflet_folded, leaflet, 5000);
  show_view (fixture->window, "overview");
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-narrow.png");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-sidebar", NULL);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-narrow-sidebar.png");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "overview");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-chat", NULL);
  lumina_test_iterate (300);
  lumina_test_screenshot (GTK_WIDGET (fixture->window), "window-narrow-chat.png");
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/window/open", Fixture, NULL,
              fixture_set_up, test_window_open, fixture_tear_down);
  g_test_add ("/app/window/views", Fixture, NULL,
              fixture_set_up, test_window_views, fixture_tear_down);
  g_test_add ("/app/window/shortcuts", Fixture, NULL,
              fixture_set_up, test_window_shortcuts, fixture_tear_down);
  g_test_add ("/app/window/chat", Fixture, NULL,
              fixture_set_up, test_window_chat, fixture_tear_down);
  g_test_add ("/app/window/restore", Fixture, NULL,
              fixture_set_up, test_window_restore, fixture_tear_down);
  g_test_add ("/app/window/narrow", Fixture, NULL,
              fixture_set_up, test_window_narrow, fixture_tear_down);
  g_test_add ("/app/window/screenshots", Fixture, NULL,
              fixture_set_up, test_window_screenshots, fixture_tear_down);

  return g_test_run ();
}
