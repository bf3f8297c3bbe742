/* lumina-preferences-window.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-preferences-window"

#include "config.h"

#include "lumina-preferences-window.h"

struct _LuminaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwComboRow          *style_row;
  AdwActionRow         *location_row;
  GtkAdjustment        *worker_threads_adjustment;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (LuminaPreferencesWindow, lumina_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the style row's model */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_strcmp0 (scheme, color_schemes[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[selected]);
}

static void
lumina_preferences_window_dispose (GObject *object)
{
  LuminaPreferencesWindow *self = LUMINA_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lumina_preferences_window_parent_class)->dispose (object);
}

static void
lumina_preferences_window_class_init (LuminaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow,
                                        worker_threads_adjustment);
}

static void
lumina_preferences_window_init (LuminaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "worker-threads",
                   self->worker_threads_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * lumina_preferences_window_new:
 * @app: the application
 *
 * Returns: (transfer none): a new preferences window, owned by @app
 */
LuminaPreferencesWindow *
lumina_preferences_window_new (LuminaApplication *app)
{
  LuminaPreferencesWindow *self;
  LuminaWorkspace *workspace;

  g_return_val_if_fail (LUMINA_IS_APPLICATION (app), NULL);

  self = g_object_new (LUMINA_TYPE_PREFERENCES_WINDOW, "application", app, NULL);

  workspace = lumina_application_get_workspace (app);
  if (workspace != NULL)
    adw_action_row_set_subtitle (self->location_row, lumina_workspace_get_path (workspace));

  return self;
}
