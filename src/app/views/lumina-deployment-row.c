/* lumina-deployment-row.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One deployment in the Deployments view's list: its name, what it serves,
 * its status, URL, and live figures with a sparkline of the last minutes.
 */
#define G_LOG_DOMAIN "lumina-deployment-row"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-deployment-row.h"
#include "lumina-sparkline.h"

struct _LuminaDeploymentRow
{
  GtkListBoxRow    parent_instance;

  GtkLabel        *name_label;
  GtkLabel        *model_label;
  GtkLabel        *status_label;
  GtkLabel        *error_label;
  GtkWidget       *url_box;
  GtkLabel        *url_label;
  GtkButton       *copy_button;
  GtkLabel        *rps_label;
  GtkLabel        *latency_label;
  GtkLabel        *errors_label;
  LuminaSparkline *sparkline;

  char            *name;
  char            *status_class;
};

G_DEFINE_FINAL_TYPE (LuminaDeploymentRow, lumina_deployment_row, GTK_TYPE_LIST_BOX_ROW)

char *
lumina_deployment_describe_status (JsonObject  *info,
                                   const char **style_class)
{
  const char *state = json_object_get_string_member_with_default (info, "state", "stopped");
  gboolean wanted = g_strcmp0 (json_object_get_string_member_with_default (info, "wanted", NULL), "running") == 0;
  const char *style = "stopped";
  char *text;

  if (g_str_equal (state, "running"))
    {
      style = "running";
      text = g_strdup (_("Running"));
    }
  else if (g_str_equal (state, "stopping"))
    {
      style = "stopping";
      text = g_strdup (_("Draining"));
    }
  else if (g_str_equal (state, "failed"))
    {
      style = "failed";
      text = g_strdup (_("Failed"));
    }
  else if (wanted)
    {
      /* Wanted running but not served by this window: another process
       * (lumina deploy run, another window) serves it. */
      style = "elsewhere";
      text = g_strdup (_("Wanted Running"));
    }
  else
    text = g_strdup (_("Stopped"));

  if (style_class != NULL)
    *style_class = style;
  return text;
}

char *
lumina_deployment_dup_base_url (JsonObject *info)
{
  JsonObject *settings;
  const char *host;

  if (json_object_has_member (info, "url"))
    return g_strdup (json_object_get_string_member (info, "url"));

  settings = json_object_get_object_member (info, "settings");
  host = json_object_get_string_member_with_default (settings, "host", "127.0.0.1");
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%" G_GINT64_FORMAT, host,
                            json_object_get_int_member_with_default (settings, "port", 0));
  return g_strdup_printf ("http://%s:%" G_GINT64_FORMAT, host,
                          json_object_get_int_member_with_default (settings, "port", 0));
}

static void
lumina_deployment_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LUMINA_TYPE_DEPLOYMENT_ROW);

  G_OBJECT_CLASS (lumina_deployment_row_parent_class)->dispose (object);
}

static void
lumina_deployment_row_finalize (GObject *object)
{
  LuminaDeploymentRow *self = LUMINA_DEPLOYMENT_ROW (object);

  g_free (self->name);
  g_free (self->status_class);

  G_OBJECT_CLASS (lumina_deployment_row_parent_class)->finalize (object);
}

static void
lumina_deployment_row_class_init (LuminaDeploymentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_deployment_row_dispose;
  object_class->finalize = lumina_deployment_row_finalize;

  g_type_ensure (LUMINA_TYPE_SPARKLINE);

  gtk_widget_class_set_css_name (widget_class, "luminadeploymentrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-deployment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, model_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, url_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, url_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, rps_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, latency_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, errors_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDeploymentRow, sparkline);
}

static void
lumina_deployment_row_init (LuminaDeploymentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lumina_deployment_row_new (const char *name)
{
  LuminaDeploymentRow *self = g_object_new (LUMINA_TYPE_DEPLOYMENT_ROW, NULL);

  self->name = g_strdup (name);
  gtk_label_set_text (self->name_label, name);
  return GTK_WIDGET (self);
}

const char *
lumina_deployment_row_get_name (LuminaDeploymentRow *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_ROW (self), NULL);

  return self->name;
}

static void
set_status_class (LuminaDeploymentRow *self,
                  const char          *style)
{
  if (g_strcmp0 (self->status_class, style) == 0)
    return;
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (style);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);
}

void
lumina_deployment_row_update (LuminaDeploymentRow *self,
                              JsonObject          *info)
{
  const char *ref = json_object_get_string_member_with_default (info, "model_ref", "");
  const char *error = json_object_get_string_member_with_default (info, "error", NULL);
  g_autofree char *model = NULL;
  g_autofree char *status = NULL;
  g_autofree char *url = lumina_deployment_dup_base_url (info);
  const char *style = NULL;

  g_return_if_fail (LUMINA_IS_DEPLOYMENT_ROW (self));

  if (json_object_has_member (info, "version"))
    /* Translators: what a deployment serves, such as “churn@champion → version 3” */
    model = g_strdup_printf (_("%s → version %" G_GINT64_FORMAT), ref, json_object_get_int_member (info, "version"));
  else
    /* Translators: a deployment whose model reference no longer resolves */
    model = g_strdup_printf (_("%s → not found in the registry"), ref);
  gtk_label_set_text (self->model_label, model);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_label), model);

  status = lumina_deployment_describe_status (info, &style);
  gtk_label_set_text (self->status_label, status);
  set_status_class (self, style);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_label_set_text (self->error_label, error != NULL ? error : "");

  gtk_label_set_text (self->url_label, url);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->url_label), url);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", url);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_label), json_object_has_member (info, "url"));
}

static void
update_sparkline (LuminaDeploymentRow     *self,
                  LuminaDeploymentHistory *history)
{
  if (history == NULL)
    return;

  lumina_sparkline_set_data (self->sparkline, (const double *) (gpointer) history->rps->data,
                             (const double *) (gpointer) history->error_rate->data, history->rps->len,
                             LUMINA_DEPLOYMENT_SPARK_SLOTS, 0.05);
}

void
lumina_deployment_row_set_figures (LuminaDeploymentRow           *self,
                                   const LuminaDeploymentFigures *figures,
                                   double                         error_rate,
                                   LuminaDeploymentHistory       *history)
{
  g_autofree char *rps = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *errors = NULL;

  g_return_if_fail (LUMINA_IS_DEPLOYMENT_ROW (self));

  rps = lumina_format_rps (figures->rps);
  latency = lumina_format_latency_pair (figures->p50_ms, figures->p99_ms);
  errors = lumina_format_percent (error_rate);

  gtk_label_set_text (self->rps_label, rps);
  gtk_label_set_text (self->latency_label, latency);
  gtk_label_set_text (self->errors_label, errors);
  update_sparkline (self, history);
}

void
lumina_deployment_row_clear_figures (LuminaDeploymentRow     *self,
                                     LuminaDeploymentHistory *history)
{
  g_return_if_fail (LUMINA_IS_DEPLOYMENT_ROW (self));

  gtk_label_set_text (self->rps_label, "—");
  gtk_label_set_text (self->latency_label, "—");
  gtk_label_set_text (self->errors_label, "—");
  update_sparkline (self, history);
}
