/* lumina-profile-card.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One column of a version's profile: its type, a mini chart (a histogram of
 * numbers, bars for the commonest values), how much is missing, how many
 * values are distinct, and how strongly it goes with the target.
 */
#define G_LOG_DOMAIN "lumina-profile-card"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-mini-chart.h"
#include "lumina-profile-card.h"

#define MAX_BARS 5

struct _LuminaProfileCard
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkLabel        *name_label;
  GtkLabel        *target_badge;
  GtkLabel        *type_badge;
  LuminaMiniChart *chart;
  GtkWidget       *range_box;
  GtkLabel        *min_label;
  GtkLabel        *max_label;
  GtkLabel        *no_chart_label;
  GtkLabel        *missing_label;
  GtkLabel        *distinct_label;
  GtkWidget       *extra_box;
  GtkLabel        *extra_value;
  GtkLabel        *extra_title;
  GtkWidget       *correlation_box;
  GtkLabel        *correlation_title;
  GtkLabel        *correlation_value;
  GtkLevelBar     *correlation_bar;

  char            *column_name;
};

G_DEFINE_FINAL_TYPE (LuminaProfileCard, lumina_profile_card, GTK_TYPE_WIDGET)

/* Takes @label. */
static void
lumina_profile_card_label_chart (LuminaProfileCard *self,
                                 char              *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (label);
}

static gboolean
show_histogram (LuminaProfileCard *self,
                JsonObject        *profile)
{
  JsonObject *histogram;
  JsonArray *counts;
  g_autofree double *values = NULL;
  guint n;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  if (!json_object_has_member (profile, "histogram"))
    return FALSE;

  histogram = json_object_get_object_member (profile, "histogram");
  counts = histogram ? json_object_get_array_member (histogram, "counts") : NULL;
  if (counts == NULL || (n = json_array_get_length (counts)) == 0)
    return FALSE;

  values = g_new (double, n);
  for (guint i = 0; i < n; i++)
    values[i] = json_array_get_double_element (counts, i);
  lumina_mini_chart_set_histogram (self->chart, values, n);
  /* Translators: the accessible name of a chart; %s is a column name */
  lumina_profile_card_label_chart (self, g_strdup_printf (_("Histogram of %s"), self->column_name));

  return TRUE;
}

static gboolean
show_bars (LuminaProfileCard *self,
           JsonObject        *profile,
           gint64             n_rows)
{
  JsonArray *top;
  const char *labels[MAX_BARS];
  double counts[MAX_BARS];
  guint n;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  if (!json_object_has_member (profile, "top") ||
      !(top = json_object_get_array_member (profile, "top")) ||
      (n = MIN (json_array_get_length (top), MAX_BARS)) == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (top, i);

      labels[i] = json_object_get_string_member_with_default (entry, "value", "");
      counts[i] = json_object_get_double_member_with_default (entry, "count", 0);
    }
  lumina_mini_chart_set_bars (self->chart, labels, counts, n, (double) n_rows);
  /* Translators: the accessible name of a chart; %s is a column name */
  lumina_profile_card_label_chart (self, g_strdup_printf (_("Most common values of %s"), self->column_name));

  return TRUE;
}

static char *
format_bound (JsonObject *profile,
              const char *type,
              const char *member)
{
  g_autofree char *time_member = g_strconcat (member, "_time", NULL);

  if (g_strcmp0 (type, "timestamp") == 0 && json_object_has_member (profile, time_member))
    return lumina_data_format_time (json_object_get_string_member (profile, time_member));

  return lumina_data_format_json_value (json_object_get_member (profile, member));
}

static void
show_range (LuminaProfileCard *self,
            JsonObject        *profile,
            const char        *type)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  if (g_strcmp0 (type, "boolean") == 0 || !json_object_has_member (profile, "min"))
    {
      gtk_widget_set_visible (self->range_box, FALSE);
      return;
    }

  min = format_bound (profile, type, "min");
  max = format_bound (profile, type, "max");
  gtk_label_set_text (self->min_label, min);
  gtk_label_set_text (self->max_label, max);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->min_label), _("Smallest value"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->max_label), _("Largest value"));
}

static void
show_extra (LuminaProfileCard *self,
            JsonObject        *profile,
            const char        *type)
{
  g_autofree char *value = NULL;
  const char *title = NULL;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  if (g_strcmp0 (type, "boolean") == 0 && json_object_has_member (profile, "mean"))
    {
      value = lumina_data_format_percent (json_object_get_double_member (profile, "mean"));
      title = _("True");
    }
  else if ((g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "float") == 0) &&
           json_object_has_member (profile, "mean"))
    {
      value = lumina_data_format_number (json_object_get_double_member (profile, "mean"));
      title = _("Mean");
    }
  else if (json_object_has_member (profile, "mean_length"))
    {
      value = lumina_data_format_number (json_object_get_double_member (profile, "mean_length"));
      title = _("Mean Length");
    }

  gtk_widget_set_visible (self->extra_box, value != NULL);
  if (value == NULL)
    return;

  gtk_label_set_text (self->extra_value, value);
  gtk_label_set_text (self->extra_title, title);
}

static const char *
correlation_method_name (const char *method)
{
  if (g_strcmp0 (method, "correlation_ratio") == 0)
    return _("Correlation ratio with target");
  if (g_strcmp0 (method, "cramers_v") == 0)
    return _("Cramér’s V with target");
  if (g_strcmp0 (method, "pearson") == 0)
    return _("Correlation with target");

  return _("Association with target");
}

static void
show_correlation (LuminaProfileCard *self,
                  JsonObject        *profile)
{
  JsonObject *correlation;
  g_autofree char *text = NULL;
  double value;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  if (!json_object_has_member (profile, "target_correlation") ||
      !(correlation = json_object_get_object_member (profile, "target_correlation")))
    return;

  value = json_object_get_double_member_with_default (correlation, "value", 0.0);
  text = g_strdup_printf ("%.2f", value);

  gtk_label_set_text (self->correlation_title,
                      correlation_method_name (json_object_get_string_member_with_default (correlation, "method", NULL)));
  gtk_label_set_text (self->correlation_value, text);
  gtk_level_bar_set_value (self->correlation_bar, CLAMP (ABS (value), 0.0, 1.0));
  gtk_widget_set_visible (self->correlation_box, TRUE);
}

static void
lumina_profile_card_fill (LuminaProfileCard *self,
                          JsonObject        *schema,
                          JsonObject        *profile,
                          gint64             n_rows)
{
  const char *type = json_object_get_string_member_with_default (schema, "type", NULL);
  g_autofree char *missing = NULL;
  g_autofree char *distinct = NULL;
  gboolean charted;

  g_assert (LUMINA_IS_PROFILE_CARD (self));

  self->column_name = g_strdup (json_object_get_string_member_with_default (schema, "name", ""));
  gtk_label_set_text (self->name_label, self->column_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), self->column_name);
  gtk_label_set_text (self->type_badge, lumina_data_format_type (type));
  if (type != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->type_badge), type);
  gtk_widget_set_visible (GTK_WIDGET (self->target_badge),
                          g_strcmp0 (json_object_get_string_member_with_default (schema, "role", NULL),
                                     "target") == 0);

  if (profile == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->chart), FALSE);
      gtk_widget_set_visible (self->range_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->no_chart_label), TRUE);
      return;
    }

  /* Categories read better as named bars; numbers and instants as a histogram. */
  if (g_strcmp0 (type, "categorical") == 0 || g_strcmp0 (type, "text") == 0 ||
      g_strcmp0 (type, "boolean") == 0)
    charted = show_bars (self, profile, n_rows) || show_histogram (self, profile);
  else
    charted = show_histogram (self, profile) || show_bars (self, profile, n_rows);

  gtk_widget_set_visible (GTK_WIDGET (self->chart), charted);
  gtk_widget_set_visible (GTK_WIDGET (self->no_chart_label), !charted);
  show_range (self, profile, type);
  if (!charted)
    gtk_widget_set_visible (self->range_box, FALSE);

  missing = lumina_data_format_percent (json_object_get_double_member_with_default (profile, "missing_fraction", 0));
  distinct = lumina_data_format_count (json_object_get_int_member_with_default (profile, "distinct", 0));
  if (!json_object_get_boolean_member_with_default (profile, "distinct_exact", TRUE))
    {
      /* Translators: an estimated count, such as “≈ 1,200” */
      g_autofree char *estimate = g_strdup_printf (_("≈ %s"), distinct);

      g_free (distinct);
      distinct = g_steal_pointer (&estimate);
    }
  gtk_label_set_text (self->missing_label, missing);
  gtk_label_set_text (self->distinct_label, distinct);

  show_extra (self, profile, type);
  show_correlation (self, profile);
}

static void
lumina_profile_card_dispose (GObject *object)
{
  LuminaProfileCard *self = LUMINA_PROFILE_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_PROFILE_CARD);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lumina_profile_card_parent_class)->dispose (object);
}

static void
lumina_profile_card_finalize (GObject *object)
{
  LuminaProfileCard *self = LUMINA_PROFILE_CARD (object);

  g_free (self->column_name);

  G_OBJECT_CLASS (lumina_profile_card_parent_class)->finalize (object);
}

static void
lumina_profile_card_class_init (LuminaProfileCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_profile_card_dispose;
  object_class->finalize = lumina_profile_card_finalize;

  g_type_ensure (LUMINA_TYPE_MINI_CHART);

  gtk_widget_class_set_css_name (widget_class, "luminaprofilecard");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-profile-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, target_badge);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, type_badge);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, chart);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, range_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, min_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, max_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, no_chart_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, missing_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, distinct_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, extra_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, extra_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, extra_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, correlation_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, correlation_title);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, correlation_value);
  gtk_widget_class_bind_template_child (widget_class, LuminaProfileCard, correlation_bar);
}

static void
lumina_profile_card_init (LuminaProfileCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One colour for every strength: a weak link is not a warning. */
  gtk_level_bar_remove_offset_value (self->correlation_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->correlation_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->correlation_bar, GTK_LEVEL_BAR_OFFSET_FULL);
}

/**
 * lumina_profile_card_new:
 * @schema_column: the column's entry in the version's schema
 * @profile_column: (nullable): its entry in the version's profile
 * @n_rows: the version's number of rows
 */
GtkWidget *
lumina_profile_card_new (JsonObject *schema_column,
                         JsonObject *profile_column,
                         gint64      n_rows)
{
  LuminaProfileCard *self;

  g_return_val_if_fail (schema_column != NULL, NULL);

  self = g_object_new (LUMINA_TYPE_PROFILE_CARD, NULL);
  lumina_profile_card_fill (self, schema_column, profile_column, n_rows);

  return GTK_WIDGET (self);
}

const char *
lumina_profile_card_get_column_name (LuminaProfileCard *self)
{
  g_return_val_if_fail (LUMINA_IS_PROFILE_CARD (self), NULL);

  return self->column_name;
}
