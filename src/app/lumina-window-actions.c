/* lumina-window-actions.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-page.h"
#include "lumina-automl-wizard.h"
#include "lumina-deployments-page.h"
#include "lumina-experiments-page.h"
#include "lumina-models-page.h"
#include "lumina-register-dialog.h"
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

/* Opens the page of a run (by id) in the Experiments view. */
static void
lumina_window_show_run_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "experiments");

  g_assert (LUMINA_IS_WINDOW (self));

  if (lumina_experiments_page_open_run (LUMINA_EXPERIMENTS_PAGE (page), g_variant_get_string (param, NULL)) &&
      lumina_window_show_view (self, "experiments"))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Opens a registered model (by name) in the Models view. */
static void
lumina_window_show_model_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "models");

  g_assert (LUMINA_IS_WINDOW (self));

  lumina_models_page_show_model (LUMINA_MODELS_PAGE (page), g_variant_get_string (param, NULL));
  if (lumina_window_show_view (self, "models"))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Opens a deployment (by name) in the Deployments view; the view alone
 * when there is none by that name (any more). */
static void
lumina_window_show_deployment_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "deployments");

  g_assert (LUMINA_IS_WINDOW (self));

  lumina_deployments_page_show_deployment (LUMINA_DEPLOYMENTS_PAGE (page), g_variant_get_string (param, NULL));
  if (lumina_window_show_view (self, "deployments"))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
lumina_window_model_registered_cb (LuminaWindow         *self,
                                   const char           *name,
                                   guint                 version,
                                   LuminaRegisterDialog *dialog)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GtkWidget *overlay = page != NULL ? gtk_widget_get_first_child (page) : NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_assert (LUMINA_IS_WINDOW (self));

  /* Every view keeps its toasts in an overlay around its content. */
  if (!ADW_IS_TOAST_OVERLAY (overlay))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-model", "s", name);
      return;
    }

  /* Translators: after registering a run's model, such as “Registered churn version 3” */
  title = g_strdup_printf (_("Registered %s version %u"), name, version);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_View"));
  adw_toast_set_action_name (toast, "win.show-model");
  adw_toast_set_action_target_value (toast, g_variant_new_string (name));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Asks for a model name and registers the bundle of a run (by id). */
static void
lumina_window_register_model_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "models");
  LuminaRegistry *registry = lumina_models_page_get_registry (LUMINA_MODELS_PAGE (page));
  GtkWidget *dialog;

  g_assert (LUMINA_IS_WINDOW (self));

  if (registry == NULL)
    return;

  dialog = lumina_register_dialog_new (GTK_WINDOW (self), registry, g_variant_get_string (param, NULL));
  g_signal_connect_object (dialog, "registered", G_CALLBACK (lumina_window_model_registered_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the New Deployment dialog on a registry reference (NAME@ALIAS or
 * NAME@VERSION); the Deployments view shows the deployment once created. */
static void
lumina_window_deploy_model_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LuminaWindow *self = LUMINA_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "deployments");
  const char *ref;

  g_assert (LUMINA_IS_WINDOW (self));

  if (self->deployments == NULL)
    return;

  ref = g_variant_get_string (param, NULL);
  lumina_deployments_page_new_deployment (LUMINA_DEPLOYMENTS_PAGE (page), ref[0] != '\0' ? ref : NULL);
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
  gtk_widget_class_install_action (widget_class, "win.show-run", "s",
                                   lumina_window_show_run_action);
  gtk_widget_class_install_action (widget_class, "win.show-model", "s",
                                   lumina_window_show_model_action);
  gtk_widget_class_install_action (widget_class, "win.show-deployment", "s",
                                   lumina_window_show_deployment_action);
  gtk_widget_class_install_action (widget_class, "win.register-model", "s",
                                   lumina_window_register_model_action);
  gtk_widget_class_install_action (widget_class, "win.deploy-model", "s",
                                   lumina_window_deploy_model_action);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.deploy-model", self->deployments != NULL);
}
