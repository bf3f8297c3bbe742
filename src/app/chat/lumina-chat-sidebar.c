/* lumina-chat-sidebar.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The assistant panel beside the views.  There is no assistant engine yet,
 * so it says what the assistant will do rather than offer an entry that
 * would answer nothing.
 */
#define G_LOG_DOMAIN "lumina-chat-sidebar"

#include "config.h"

#include "lumina-chat-sidebar.h"

struct _LuminaChatSidebar
{
  GtkWidget      parent_instance;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (LuminaChatSidebar, lumina_chat_sidebar, GTK_TYPE_WIDGET)

static void
lumina_chat_sidebar_dispose (GObject *object)
{
  LuminaChatSidebar *self = LUMINA_CHAT_SIDEBAR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_CHAT_SIDEBAR);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lumina_chat_sidebar_parent_class)->dispose (object);
}

static void
lumina_chat_sidebar_class_init (LuminaChatSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_chat_sidebar_dispose;

  gtk_widget_class_set_css_name (widget_class, "luminachatsidebar");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-chat-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaChatSidebar, status_page);
}

static void
lumina_chat_sidebar_init (LuminaChatSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lumina_chat_sidebar_new (void)
{
  return g_object_new (LUMINA_TYPE_CHAT_SIDEBAR, NULL);
}
