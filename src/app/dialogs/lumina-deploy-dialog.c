/* lumina-deploy-dialog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "New Deployment": a registered model reference (an alias or a version),
 * a checked name, an address with a free port suggested, and the serving
 * settings; creates the deployment and starts it in this window.
 */
#define G_LOG_DOMAIN "lumina-deploy-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-deploy-dialog.h"

struct _LuminaDeployDialog
{
  AdwWindow                parent_instance;

  GtkButton               *create_button;
  AdwComboRow             *ref_row;
  AdwEntryRow             *name_row;
  AdwEntryRow             *host_row;
  GtkSpinButton           *port_spin;
  GtkSpinButton           *workers_spin;
  GtkSpinButton           *batch_spin;
  GtkSpinButton           *capture_spin;
  GtkLabel                *hint_label;
  GtkLabel                *error_label;

  LuminaDeploymentManager *manager;
  GStrv                    refs;
  char                    *suggested_name;
};

G_DEFINE_FINAL_TYPE (LuminaDeployDialog, lumina_deploy_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Every model's aliases, then its versions, newest first. */
static void
fill_refs (LuminaDeployDialog *self)
{
  LuminaRegistry *registry = lumina_deployment_manager_get_registry (self->manager);
  g_autoptr(JsonNode) models = lumina_registry_list_models (registry, NULL);
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *array = models != NULL ? json_node_get_array (models) : NULL;

  for (guint m = 0; array != NULL && m < json_array_get_length (array); m++)
    {
      const char *model = json_object_get_string_member (json_array_get_object_element (array, m), "name");
      g_autoptr(JsonNode) versions = lumina_registry_list_versions (registry, model, NULL);
      JsonArray *list = versions != NULL ? json_node_get_array (versions) : NULL;

      for (guint pass = 0; pass < 2; pass++)
        for (guint v = 0; list != NULL && v < json_array_get_length (list); v++)
          {
            JsonObject *version = json_array_get_object_element (list, v);
            gint64 number = json_object_get_int_member (version, "version");
            JsonArray *aliases = json_object_get_array_member (version, "aliases");

            for (guint a = 0; pass == 0 && aliases != NULL && a < json_array_get_length (aliases); a++)
              {
                g_autofree char *ref = g_strdup_printf ("%s@%s", model, json_array_get_string_element (aliases, a));

                g_strv_builder_add (refs, ref);
                gtk_string_list_append (labels, ref);
              }
            if (pass == 1)
              {
                g_autofree char *ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, model, number);

                g_strv_builder_add (refs, ref);
                gtk_string_list_append (labels, ref);
              }
          }
    }

  g_clear_pointer (&self->refs, g_strfreev);
  self->refs = g_strv_builder_end (refs);
  adw_combo_row_set_model (self->ref_row, G_LIST_MODEL (labels));
}

const char *
lumina_deploy_dialog_get_model_ref (LuminaDeployDialog *self)
{
  guint selected;

  g_return_val_if_fail (LUMINA_IS_DEPLOY_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->ref_row);
  if (self->refs == NULL || selected >= g_strv_length (self->refs))
    return NULL;
  return self->refs[selected];
}

gboolean
lumina_deploy_dialog_select_model_ref (LuminaDeployDialog *self,
                                       const char         *model_ref)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOY_DIALOG (self), FALSE);

  for (guint i = 0; model_ref != NULL && self->refs != NULL && self->refs[i] != NULL; i++)
    if (g_str_equal (self->refs[i], model_ref))
      {
        adw_combo_row_set_selected (self->ref_row, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
name_taken (LuminaDeployDialog *self,
            const char         *name)
{
  g_auto(GStrv) names = lumina_deployment_manager_list_names (self->manager);

  return g_strv_contains ((const char * const *) names, name);
}

/* The model's name, or NAME-2, NAME-3, … when that is taken. */
static char *
suggest_name (LuminaDeployDialog *self,
              const char         *ref)
{
  g_autofree char *model = g_strndup (ref, strcspn (ref, "@"));
  char *name = g_strdup (model);

  for (guint i = 2; name_taken (self, name) && i < 1000; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", model, i);
    }
  return name;
}

static gboolean
validate (LuminaDeployDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  gboolean name_ok = name[0] != '\0' && lumina_registry_check_name (name, &error) && !name_taken (self, name);

  if (name[0] == '\0')
    hint = g_strdup (_("Name the deployment: its endpoint will be /v2/models/NAME."));
  else if (error != NULL)
    hint = g_strdup (error->message);
  else if (!name_ok)
    /* Translators: %s is a deployment name */
    hint = g_strdup_printf (_("There is already a deployment called “%s”."), name);
  else
    /* Translators: %s is a deployment name */
    hint = g_strdup_printf (_("Its Open Inference Protocol endpoint will be /v2/models/%s."), name);
  gtk_label_set_text (self->hint_label, hint);

  if (name_ok || name[0] == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");

  return name_ok && host[0] != '\0' && lumina_deploy_dialog_get_model_ref (self) != NULL;
}

static void
lumina_deploy_dialog_changed_cb (LuminaDeployDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deploy.create", validate (self));
}

static void
lumina_deploy_dialog_ref_changed_cb (LuminaDeployDialog *self)
{
  const char *ref = lumina_deploy_dialog_get_model_ref (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *model = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *subtitle = NULL;
  guint version = 0;

  if (ref != NULL &&
      lumina_registry_resolve (lumina_deployment_manager_get_registry (self->manager), ref, &model, &version, &bundle, NULL))
    /* Translators: what a model reference points at now; %u is a version number */
    subtitle = g_strdup_printf (_("Serves version %u now"), version);
  else
    subtitle = g_strdup (_("Register a model first, from Experiments or AutoML results"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ref_row), subtitle);

  /* Follow the model with the name until someone types one. */
  if (ref != NULL && (name[0] == '\0' || g_strcmp0 (name, self->suggested_name) == 0))
    {
      g_free (self->suggested_name);
      self->suggested_name = suggest_name (self, ref);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->suggested_name);
    }
  lumina_deploy_dialog_changed_cb (self);
}

static JsonObject *
read_settings (LuminaDeployDialog *self)
{
  JsonObject *settings = json_object_new ();

  json_object_set_string_member (settings, "host", gtk_editable_get_text (GTK_EDITABLE (self->host_row)));
  json_object_set_int_member (settings, "port", gtk_spin_button_get_value_as_int (self->port_spin));
  json_object_set_int_member (settings, "workers", gtk_spin_button_get_value_as_int (self->workers_spin));
  json_object_set_double_member (settings, "batch_window_ms", gtk_spin_button_get_value (self->batch_spin));
  json_object_set_double_member (settings, "capture_rate", gtk_spin_button_get_value (self->capture_spin) / 100.0);
  return settings;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LuminaDeployDialog *self = LUMINA_DEPLOY_DIALOG (widget);
  g_autoptr(JsonObject) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!validate (self))
    return;

  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  settings = read_settings (self);
  if (!lumina_deployment_manager_create (self->manager, name, lumina_deploy_dialog_get_model_ref (self),
                                         settings, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  /* A start that fails leaves the deployment FAILED with its reason, which
   * the Deployments view shows. */
  if (!lumina_deployment_manager_start (self->manager, name, &error))
    g_debug ("%s", error->message);

  g_signal_emit (self, signals[CREATED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
lumina_deploy_dialog_activate_cb (LuminaDeployDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "deploy.create", NULL);
}

static void
lumina_deploy_dialog_dispose (GObject *object)
{
  LuminaDeployDialog *self = LUMINA_DEPLOY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_DEPLOY_DIALOG);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (lumina_deploy_dialog_parent_class)->dispose (object);
}

static void
lumina_deploy_dialog_finalize (GObject *object)
{
  LuminaDeployDialog *self = LUMINA_DEPLOY_DIALOG (object);

  g_strfreev (self->refs);
  g_free (self->suggested_name);

  G_OBJECT_CLASS (lumina_deploy_dialog_parent_class)->finalize (object);
}

static void
lumina_deploy_dialog_class_init (LuminaDeployDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_deploy_dialog_dispose;
  object_class->finalize = lumina_deploy_dialog_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-deploy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, ref_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, capture_spin);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeployDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deploy_dialog_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deploy_dialog_ref_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deploy_dialog_activate_cb);

  gtk_widget_class_install_action (widget_class, "deploy.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lumina_deploy_dialog_init (LuminaDeployDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lumina_deploy_dialog_new:
 * @parent: (nullable): the window to stay above
 * @manager: the deployments of the workspace
 * @model_ref: (nullable): the reference to choose, such as "churn@champion"
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
GtkWidget *
lumina_deploy_dialog_new (GtkWindow               *parent,
                          LuminaDeploymentManager *manager,
                          const char              *model_ref)
{
  LuminaDeployDialog *self;
  guint port;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (manager), NULL);

  self = g_object_new (LUMINA_TYPE_DEPLOY_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);

  port = lumina_deployment_manager_suggest_port (manager);
  if (port > 0)
    gtk_spin_button_set_value (self->port_spin, port);

  fill_refs (self);
  if (!lumina_deploy_dialog_select_model_ref (self, model_ref) && model_ref != NULL)
    {
      /* Translators: %s is a model reference */
      g_autofree char *message = g_strdup_printf (_("“%s” is not in the registry."), model_ref);

      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  lumina_deploy_dialog_ref_changed_cb (self);
  return GTK_WIDGET (self);
}
