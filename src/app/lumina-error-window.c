/* lumina-error-window.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown instead of the main window when the workspace cannot be opened.
 */
#define G_LOG_DOMAIN "lumina-error-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-error-window.h"

struct _LuminaErrorWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;

  char                 *message;
};

G_DEFINE_FINAL_TYPE (LuminaErrorWindow, lumina_error_window, ADW_TYPE_APPLICATION_WINDOW)

static void
lumina_error_window_finalize (GObject *object)
{
  LuminaErrorWindow *self = LUMINA_ERROR_WINDOW (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (lumina_error_window_parent_class)->finalize (object);
}

static void
lumina_error_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LUMINA_TYPE_ERROR_WINDOW);

  G_OBJECT_CLASS (lumina_error_window_parent_class)->dispose (object);
}

static void
lumina_error_window_class_init (LuminaErrorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_error_window_dispose;
  object_class->finalize = lumina_error_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-error-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaErrorWindow, status_page);
}

static void
lumina_error_window_init (LuminaErrorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * lumina_error_window_new:
 * @app: the application
 * @path: the workspace folder that failed to open
 * @error: why it failed
 *
 * Returns: (transfer none): a new window, owned by @app
 */
LuminaErrorWindow *
lumina_error_window_new (LuminaApplication *app,
                         const char        *path,
                         const GError      *error)
{
  LuminaErrorWindow *self;
  g_autofree char *hint = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (LUMINA_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_ERROR_WINDOW, "application", app, NULL);
  self->message = g_strdup (error->message);

  /* Translators: %s is a command line option */
  hint = g_strdup_printf (_("To use another folder, start LuminaOps with %s."),
                          "--workspace DIR");
  if (strstr (self->message, path) != NULL)
    description = g_markup_printf_escaped ("%s\n\n%s", self->message, hint);
  else
    description = g_markup_printf_escaped ("%s\n%s\n\n%s", path, self->message, hint);
  adw_status_page_set_description (self->status_page, description);

  return self;
}

const char *
lumina_error_window_get_message (LuminaErrorWindow *self)
{
  g_return_val_if_fail (LUMINA_IS_ERROR_WINDOW (self), NULL);

  return self->message;
}
