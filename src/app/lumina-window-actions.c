/* lumina-window-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-window-actions"

#include "config.h"

#include "lumina-window-private.h"

const char * const _lumina_window_view_names[] = {
  "overview",
  "monitoring",
  "alerts",
  "models",
  "experiments",
  "automl",
  "data",
  "pipelines",
  "deployments",
  "agents",
  NULL
};

static void
lumina_window_show_view_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);

  g_assert (LUMINA_IS_WINDOW (self));
  g_assert (g_variant_is_of_type (param, G_VARIANT_TYPE_STRING));

  if (lumina_window_show_view (self, g_variant_get_string (param, NULL)))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
lumina_window_show_sidebar_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);

  g_assert (LUMINA_IS_WINDOW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

void
_lumina_window_class_actions_init (GtkWidgetClass *widget_class)
{
  static const guint digit_keys[] = {
    GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
    GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9, GDK_KEY_0,
  };

  gtk_widget_class_install_action (widget_class, "win.show-view", "s",
                                   lumina_window_show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL,
                                   lumina_window_show_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-chat", "show-chat");

  for (guint i = 0; i < G_N_ELEMENTS (digit_keys) && _lumina_window_view_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, digit_keys[i], GDK_ALT_MASK,
                                         "win.show-view", "s", _lumina_window_view_names[i]);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-chat", NULL);
}

/* The one place that decides which window actions can run. */
void
_lumina_window_actions_update (LuminaWindow *self)
{
  gboolean folded;

  g_assert (LUMINA_IS_WINDOW (self));

  folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", folded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-chat", TRUE);
}
