/* lumina-preferences-window.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-engine.h"
#include "lumina-preferences-window.h"
#include "lumina-secret-entry.h"

struct _LuminaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwComboRow          *style_row;
  AdwActionRow         *location_row;
  GtkAdjustment        *worker_threads_adjustment;
  AdwEntryRow          *prometheus_url_row;
  AdwPasswordEntryRow  *prometheus_token_row;
  AdwActionRow         *prometheus_test_row;
  GtkWidget            *prometheus_test_button;

  GSettings            *settings;
  GCancellable         *cancellable;
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

/* ---- Prometheus --------------------------------------------------------- */

static void
prometheus_pinged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LuminaPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = lumina_prom_source_ping_finish (LUMINA_PROM_SOURCE (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (self->prometheus_test_button, TRUE);
  if (version == NULL)
    {
      adw_action_row_set_subtitle (self->prometheus_test_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->prometheus_test_row), "error");
      return;
    }
  /* Translators: %s is a Prometheus version, such as “2.42.0” */
  text = g_strdup_printf (_("Prometheus %s answers"), version);
  adw_action_row_set_subtitle (self->prometheus_test_row, text);
}

static void
lumina_preferences_window_test_prometheus_cb (LuminaPreferencesWindow *self)
{
  g_autoptr(LuminaPromSource) source = NULL;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->prometheus_url_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->prometheus_token_row));

  g_assert (LUMINA_IS_PREFERENCES_WINDOW (self));

  gtk_widget_remove_css_class (GTK_WIDGET (self->prometheus_test_row), "error");
  if (url[0] == '\0')
    {
      adw_action_row_set_subtitle (self->prometheus_test_row, _("Enter the server’s address first, such as http://localhost:9090"));
      gtk_widget_add_css_class (GTK_WIDGET (self->prometheus_test_row), "error");
      return;
    }

  source = lumina_prom_source_new (url);
  if (token[0] != '\0')
    lumina_prom_source_set_bearer_token (source, token);
  lumina_prom_source_set_timeout (source, 10);
  adw_action_row_set_subtitle (self->prometheus_test_row, _("Testing…"));
  gtk_widget_set_sensitive (self->prometheus_test_button, FALSE);
  lumina_prom_source_ping_async (source, self->cancellable, prometheus_pinged_cb, g_object_ref (self));
}

static void
lumina_preferences_window_dispose (GObject *object)
{
  LuminaPreferencesWindow *self = LUMINA_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

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
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, prometheus_url_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, prometheus_token_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, prometheus_test_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaPreferencesWindow, prometheus_test_button);
  gtk_widget_class_bind_template_callback (widget_class, lumina_preferences_window_test_prometheus_cb);
}

static void
store_failure_details_cb (AdwToast                *toast,
                          LuminaPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Token Was Not Saved"),
                                                       g_object_get_data (G_OBJECT (toast), "message")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The row is marked too, but its tooltip is easy to miss. */
static void
secret_store_failed_cb (LuminaSecretNotifier    *notifier,
                        const char              *kind,
                        const char              *target,
                        const char              *message,
                        LuminaPreferencesWindow *self)
{
  AdwToast *toast;

  if (g_strcmp0 (kind, LUMINA_SECRET_PROMETHEUS_TOKEN) != 0)
    return;

  toast = adw_toast_new (_("Token not saved"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), "message", g_strdup (message), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (store_failure_details_cb), self, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
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
  /* The Monitoring view's PromQL charts read these keys. */
  self->cancellable = g_cancellable_new ();
  g_settings_bind (self->settings, "prometheus-url", self->prometheus_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  /* The token is kept in the keyring, per server. */
  lumina_secret_entry_bind (ADW_ENTRY_ROW (self->prometheus_token_row), self->settings, "prometheus-url",
                            LUMINA_SECRET_PROMETHEUS_TOKEN, _("LuminaOps: Prometheus access token"));
  g_signal_connect_object (lumina_secret_notifier_get_default (), "store-failed",
                           G_CALLBACK (secret_store_failed_cb), self, 0);
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
