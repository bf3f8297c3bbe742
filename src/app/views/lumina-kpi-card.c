/* lumina-kpi-card.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One deployment at a glance on the Overview: its status, p99 latency,
 * error rate and throughput with sparklines and their change against the
 * previous period, its accuracy once labels come back, and its drift.
 * Clicking it opens the deployment (the page sets its action).
 */
#define G_LOG_DOMAIN "lumina-kpi-card"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-deployment-figures.h"
#include "lumina-kpi-card.h"
#include "lumina-sparkline.h"

typedef struct
{
  GtkLabel        *value;
  GtkLabel        *change;
  LuminaSparkline *sparkline;
  char            *change_text;
  const char      *change_style;
  guint            n_points;
} KpiMetric;

struct _LuminaKpiCard
{
  GtkButton  parent_instance;

  /* Template children */
  GtkLabel        *name_label;
  GtkLabel        *model_label;
  GtkLabel        *status_label;
  GtkLabel        *latency_value;
  GtkLabel        *latency_change;
  LuminaSparkline *latency_sparkline;
  GtkLabel        *errors_value;
  GtkLabel        *errors_change;
  LuminaSparkline *errors_sparkline;
  GtkLabel        *throughput_value;
  GtkLabel        *throughput_change;
  LuminaSparkline *throughput_sparkline;
  GtkLabel        *accuracy_value;
  GtkLabel        *accuracy_hint;
  GtkLabel        *drift_value;

  KpiMetric        metrics[LUMINA_KPI_N_METRICS];
  const char      *status_style;
  char            *deployment;
};

G_DEFINE_FINAL_TYPE (LuminaKpiCard, lumina_kpi_card, GTK_TYPE_BUTTON)

static void
lumina_kpi_card_finalize (GObject *object)
{
  LuminaKpiCard *self = LUMINA_KPI_CARD (object);

  g_clear_pointer (&self->deployment, g_free);
  for (guint i = 0; i < LUMINA_KPI_N_METRICS; i++)
    g_clear_pointer (&self->metrics[i].change_text, g_free);

  G_OBJECT_CLASS (lumina_kpi_card_parent_class)->finalize (object);
}

static void
lumina_kpi_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LUMINA_TYPE_KPI_CARD);

  G_OBJECT_CLASS (lumina_kpi_card_parent_class)->dispose (object);
}

static void
lumina_kpi_card_class_init (LuminaKpiCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_kpi_card_dispose;
  object_class->finalize = lumina_kpi_card_finalize;

  g_type_ensure (LUMINA_TYPE_SPARKLINE);

  gtk_widget_class_set_css_name (widget_class, "luminakpicard");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lumina-kpi-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, model_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, latency_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, latency_change);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, latency_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, errors_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, errors_change);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, errors_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, throughput_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, throughput_change);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, throughput_sparkline);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, accuracy_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, accuracy_hint);
  gtk_widget_class_bind_template_child (widget_class, LuminaKpiCard, drift_value);
}

static void
lumina_kpi_card_init (LuminaKpiCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->metrics[LUMINA_KPI_LATENCY] = (KpiMetric) {
    .value = self->latency_value, .change = self->latency_change, .sparkline = self->latency_sparkline,
  };
  self->metrics[LUMINA_KPI_ERRORS] = (KpiMetric) {
    .value = self->errors_value, .change = self->errors_change, .sparkline = self->errors_sparkline,
  };
  self->metrics[LUMINA_KPI_THROUGHPUT] = (KpiMetric) {
    .value = self->throughput_value, .change = self->throughput_change, .sparkline = self->throughput_sparkline,
  };

  /* Nothing measures drift for a deployment yet; say so rather than guess. */
  gtk_label_set_text (self->drift_value, _("Not measured yet"));
  gtk_widget_add_css_class (GTK_WIDGET (self->drift_value), "dim-label");
  lumina_kpi_card_set_accuracy (self, NAN);
}

GtkWidget *
lumina_kpi_card_new (const char *deployment)
{
  LuminaKpiCard *self;

  g_return_val_if_fail (deployment != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_KPI_CARD, NULL);
  self->deployment = g_strdup (deployment);
  gtk_label_set_text (self->name_label, deployment);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-deployment");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), g_variant_new_string (deployment));

  return GTK_WIDGET (self);
}

const char *
lumina_kpi_card_get_deployment (LuminaKpiCard *self)
{
  g_return_val_if_fail (LUMINA_IS_KPI_CARD (self), NULL);

  return self->deployment;
}

void
lumina_kpi_card_set_status (LuminaKpiCard *self,
                            const char    *status,
                            const char    *style,
                            const char    *model)
{
  g_return_if_fail (LUMINA_IS_KPI_CARD (self));

  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->model_label, model != NULL ? model : "");
  if (g_strcmp0 (self->status_style, style) == 0)
    return;
  if (self->status_style != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_style);
  self->status_style = g_intern_string (style);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);
}

/* The change against the previous period, or why there is none. */
static void
show_change_line (KpiMetric *m)
{
  const char *text = m->change_text;
  const char *style = m->change_style;

  if (text == NULL && m->n_points == 0)
    {
      text = _("No data yet");
      style = g_intern_static_string ("dim-label");
    }

  /* A blank line keeps the cards of a row the same height. */
  gtk_label_set_text (m->change, text != NULL ? text : " ");
  gtk_widget_set_css_classes (GTK_WIDGET (m->change),
                              (const char *[]) { "caption", "numeric", style, NULL });
}

void
lumina_kpi_card_set_metric (LuminaKpiCard   *self,
                            LuminaKpiMetric  metric,
                            const char      *value,
                            GArray          *values)
{
  KpiMetric *m;

  g_return_if_fail (LUMINA_IS_KPI_CARD (self));
  g_return_if_fail (metric < LUMINA_KPI_N_METRICS);

  m = &self->metrics[metric];
  gtk_label_set_text (m->value, value != NULL ? value : "—");
  m->n_points = 0;
  for (guint i = 0; values != NULL && i < values->len; i++)
    m->n_points += isfinite (g_array_index (values, double, i)) ? 1 : 0;
  if (values != NULL)
    lumina_sparkline_set_data (m->sparkline, (const double *) (gpointer) values->data, NULL,
                               values->len, values->len, 0);
  else
    lumina_sparkline_set_data (m->sparkline, NULL, NULL, 0, 2, 0);
  show_change_line (m);
}

void
lumina_kpi_card_set_change (LuminaKpiCard   *self,
                            LuminaKpiMetric  metric,
                            const char      *change,
                            const char      *style)
{
  KpiMetric *m;

  g_return_if_fail (LUMINA_IS_KPI_CARD (self));
  g_return_if_fail (metric < LUMINA_KPI_N_METRICS);

  m = &self->metrics[metric];
  g_free (m->change_text);
  m->change_text = g_strdup (change);
  m->change_style = change != NULL ? g_intern_string (style) : NULL;
  show_change_line (m);
}

void
lumina_kpi_card_set_accuracy (LuminaKpiCard *self,
                              double         accuracy)
{
  g_autofree char *text = NULL;
  gboolean known = isfinite (accuracy);

  g_return_if_fail (LUMINA_IS_KPI_CARD (self));

  text = known ? lumina_format_percent (accuracy) : g_strdup (_("No labels yet"));
  gtk_label_set_text (self->accuracy_value, text);
  gtk_widget_set_visible (GTK_WIDGET (self->accuracy_hint), !known);
  if (known)
    gtk_widget_remove_css_class (GTK_WIDGET (self->accuracy_value), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->accuracy_value), "dim-label");
}

const char *
lumina_kpi_card_get_value (LuminaKpiCard   *self,
                           LuminaKpiMetric  metric)
{
  g_return_val_if_fail (LUMINA_IS_KPI_CARD (self), NULL);
  g_return_val_if_fail (metric < LUMINA_KPI_N_METRICS, NULL);

  return gtk_label_get_text (self->metrics[metric].value);
}

/* Returns: (nullable): the change shown, or %NULL when there is none */
const char *
lumina_kpi_card_get_change (LuminaKpiCard   *self,
                            LuminaKpiMetric  metric)
{
  g_return_val_if_fail (LUMINA_IS_KPI_CARD (self), NULL);
  g_return_val_if_fail (metric < LUMINA_KPI_N_METRICS, NULL);

  return self->metrics[metric].change_text;
}

/* The sparkline's points that hold a value. */
guint
lumina_kpi_card_get_n_points (LuminaKpiCard   *self,
                              LuminaKpiMetric  metric)
{
  g_return_val_if_fail (LUMINA_IS_KPI_CARD (self), 0);
  g_return_val_if_fail (metric < LUMINA_KPI_N_METRICS, 0);

  return self->metrics[metric].n_points;
}
