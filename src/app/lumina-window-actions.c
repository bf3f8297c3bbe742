/* lumina-window-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-window-actions"

#include "config.h"

#include "lumina-automl-page.h"
#include "lumina-automl-wizard.h"
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
lumina_window_automl_started_cb (LuminaWindow       *self,
                                 LuminaAutoml       *automl,
                                 LuminaAutomlWizard *wizard)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "automl");

  g_assert (LUMINA_IS_WINDOW (self));

  lumina_automl_page_start (LUMINA_AUTOML_PAGE (page), automl);
  if (lumina_window_show_view (self, "automl"))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Opens the AutoML wizard, on the dataset reference given (NAME@VERSION),
 * or on its first step to choose one when the reference is empty. */
static void
lumina_window_new_automl_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  LuminaAutomlWizard *wizard;
  const char *ref;

  g_assert (LUMINA_IS_WINDOW (self));
  g_assert (g_variant_is_of_type (param, G_VARIANT_TYPE_STRING));

  ref = g_variant_get_string (param, NULL);
  wizard = lumina_automl_wizard_new (GTK_WINDOW (self), lumina_window_get_workspace (self));
  if (ref[0] != '\0')
    lumina_automl_wizard_set_dataset (wizard, ref);
  g_signal_connect_object (wizard, "started", G_CALLBACK (lumina_window_automl_started_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
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
  gtk_widget_class_install_action (widget_class, "win.new-automl", "s",
                                   lumina_window_new_automl_action);
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
