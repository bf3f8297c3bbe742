/* lumina-models-page-compare.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two versions of a model side by side: their metrics with the change
 * coloured by whether it is an improvement, the difference of their input
 * signatures, and their model cards.
 */
#define G_LOG_DOMAIN "lumina-models-page-compare"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-models-format.h"
#include "lumina-models-page-private.h"
#include "lumina-run-format.h"

static JsonObject *
selected_version (LuminaModelsPage *self,
                  GtkDropDown      *dropdown)
{
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;
  guint position = gtk_drop_down_get_selected (dropdown);

  if (versions == NULL || position >= json_array_get_length (versions))
    return NULL;

  return json_array_get_object_element (versions, position);
}

static guint
position_of (LuminaModelsPage *self,
             guint             version)
{
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;

  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    if (lumina_models_json_uint (json_array_get_object_element (versions, i), "version") == version)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

void
_lumina_models_page_set_compare_items (LuminaModelsPage *self)
{
  JsonArray *versions = self->versions != NULL ? json_node_get_array (self->versions) : NULL;
  JsonObject *a = selected_version (self, self->compare_a);
  JsonObject *b = selected_version (self, self->compare_b);
  guint version_a = a ? lumina_models_json_uint (a, "version") : 0;
  guint version_b = b ? lumina_models_json_uint (b, "version") : 0;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      g_autofree char *name = lumina_models_format_version (lumina_models_json_uint (json_array_get_object_element (versions, i), "version"));

      g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);

  self->filling_compare = TRUE;
  gtk_string_list_splice (self->version_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->version_names)),
                          (const char * const *) names);
  if (position_of (self, version_a) != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->compare_a, position_of (self, version_a));
  if (position_of (self, version_b) != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->compare_b, position_of (self, version_b));
  self->filling_compare = FALSE;
}

/* ---- metrics ------------------------------------------------------------ */

static GtkWidget *
value_label (const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static char *
format_delta (double delta)
{
  g_autofree char *magnitude = lumina_run_format_metric (fabs (delta));

  if (delta == 0)
    return g_strdup ("±0");
  return g_strdup_printf ("%s%s", delta > 0 ? "+" : "−", magnitude);
}

static void
add_metric_row (LuminaModelsPage *self,
                const char       *metric,
                JsonObject       *metrics_a,
                JsonObject       *metrics_b)
{
  double a = lumina_models_get_metric (metrics_a, metric);
  double b = lumina_models_get_metric (metrics_b, metric);
  g_autofree char *text_a = lumina_run_format_metric (a);
  g_autofree char *text_b = lumina_run_format_metric (b);
  g_autofree char *delta = NULL;
  const char *style = "dim-label";
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  if (!isnan (a) && !isnan (b))
    {
      gboolean bigger = lumina_models_greater_is_better (metric);

      delta = format_delta (b - a);
      if (b != a)
        style = (b > a) == bigger ? "success" : "error";
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), metric);
  /* One line, so three figures still fit beside it in a narrow window. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_tooltip_text (row, metric);
  gtk_box_append (GTK_BOX (box), value_label (text_a, "dim-label"));
  gtk_box_append (GTK_BOX (box), value_label (text_b, NULL));
  label = value_label (delta ? delta : "—", style);
  gtk_widget_add_css_class (label, "metric-delta");
  gtk_box_append (GTK_BOX (box), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "lumina-metric", g_strdup (metric), g_free);
  g_object_set_data (G_OBJECT (row), "lumina-delta-style", (gpointer) style);
  gtk_list_box_append (self->compare_metrics_list, row);
}

static void
fill_metrics (LuminaModelsPage *self,
              JsonObject       *a,
              JsonObject       *b)
{
  JsonObject *metrics_a = json_object_get_object_member (a, "metrics");
  JsonObject *metrics_b = json_object_get_object_member (b, "metrics");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) names = NULL;
  g_autofree char *description = NULL;
  JsonObject *both[] = { metrics_a, metrics_b };

  _lumina_models_page_clear_list (self->compare_metrics_list);
  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    {
      g_autoptr(GList) members = both[i] ? json_object_get_members (both[i]) : NULL;

      for (const GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          names = g_list_prepend (names, l->data);
    }

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (const GList *l = names; l != NULL; l = l->next)
    add_metric_row (self, l->data, metrics_a, metrics_b);

  /* Translators: above the metric comparison of two versions */
  description = g_strdup_printf (_("Version %u, version %u and the change; green where version %u is better"),
                                 lumina_models_json_uint (a, "version"), lumina_models_json_uint (b, "version"),
                                 lumina_models_json_uint (b, "version"));
  adw_preferences_group_set_description (self->compare_metrics_group, description);
}

/* ---- signature ---------------------------------------------------------- */

static GHashTable *
signature_types (JsonObject *version)
{
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (version, "signature");
  JsonArray *columns = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *name = column ? json_object_get_string_member_with_default (column, "name", NULL) : NULL;

      if (name != NULL)
        g_hash_table_insert (types, (gpointer) name,
                             (gpointer) json_object_get_string_member_with_default (column, "type", "?"));
    }

  return types;
}

static void
add_signature_row (LuminaModelsPage *self,
                   const char       *column,
                   const char       *change,
                   const char       *style,
                   const char       *detail)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), lumina_models_badge_new (change, style));
  g_object_set_data (G_OBJECT (row), "lumina-change", (gpointer) style);
  gtk_list_box_append (self->compare_signature_list, row);
}

static void
fill_signature (LuminaModelsPage *self,
                JsonObject       *a,
                JsonObject       *b)
{
  g_autoptr(GHashTable) types_a = signature_types (a);
  g_autoptr(GHashTable) types_b = signature_types (b);
  g_autoptr(GList) names_a = g_list_sort (g_hash_table_get_keys (types_a), (GCompareFunc) g_strcmp0);
  g_autoptr(GList) names_b = g_list_sort (g_hash_table_get_keys (types_b), (GCompareFunc) g_strcmp0);
  guint changes = 0;

  _lumina_models_page_clear_list (self->compare_signature_list);

  for (const GList *l = names_b; l != NULL; l = l->next)
    {
      const char *type_a = g_hash_table_lookup (types_a, l->data);
      const char *type_b = g_hash_table_lookup (types_b, l->data);

      if (type_a == NULL)
        {
          /* Translators: a column only the candidate version reads; %s is its type */
          g_autofree char *detail = g_strdup_printf (_("Read only by version %u, as %s"),
                                                     lumina_models_json_uint (b, "version"), type_b);

          add_signature_row (self, l->data, _("added"), "added", detail);
          changes++;
        }
      else if (g_strcmp0 (type_a, type_b) != 0)
        {
          /* Translators: a column whose type changed between versions, such as “float → categorical” */
          g_autofree char *detail = g_strdup_printf (_("%s → %s"), type_a, type_b);

          add_signature_row (self, l->data, _("type changed"), "changed", detail);
          changes++;
        }
    }

  for (const GList *l = names_a; l != NULL; l = l->next)
    if (!g_hash_table_contains (types_b, l->data))
      {
        g_autofree char *detail = g_strdup_printf (_("Read only by version %u, as %s"),
                                                   lumina_models_json_uint (a, "version"),
                                                   (const char *) g_hash_table_lookup (types_a, l->data));

        add_signature_row (self, l->data, _("removed"), "removed", detail);
        changes++;
      }

  if (changes == 0)
    {
      guint n = g_hash_table_size (types_b);
      /* Translators: when two versions read the same input columns */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Both read the same %u column with the same type",
                                                             "Both read the same %u columns with the same types", n),
                                                n);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->compare_signature_list, row);
    }
}

/* ---- cards -------------------------------------------------------------- */

static void
add_card_field (GtkWidget  *box,
                const char *title,
                const char *text)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *body = gtk_label_new (text != NULL && text[0] != '\0' ? text : _("Not written yet"));

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (body), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  if (text == NULL || text[0] == '\0')
    gtk_widget_add_css_class (body, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), body);
}

static GtkWidget *
card_widget (JsonObject *version)
{
  JsonObject *card = json_object_get_object_member (version, "card");
  g_autofree char *title = lumina_models_format_version (lumina_models_json_uint (version, "version"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  add_card_field (box, _("Description"), card ? json_object_get_string_member_with_default (card, "description", NULL) : NULL);
  add_card_field (box, _("Intended Use"), card ? json_object_get_string_member_with_default (card, "intended_use", NULL) : NULL);
  add_card_field (box, _("Limitations"), card ? json_object_get_string_member_with_default (card, "limitations", NULL) : NULL);
  add_card_field (box, _("Dataset"), json_object_get_string_member_with_default (version, "dataset_ref", NULL));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static void
fill_cards (LuminaModelsPage *self,
            JsonObject       *a,
            JsonObject       *b)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_cards))) != NULL)
    gtk_flow_box_remove (self->compare_cards, child);

  gtk_flow_box_append (self->compare_cards, card_widget (a));
  gtk_flow_box_append (self->compare_cards, card_widget (b));
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_cards));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_focusable (child, FALSE);
      gtk_widget_add_css_class (child, "card");
    }
}

void
_lumina_models_page_fill_compare (LuminaModelsPage *self)
{
  JsonObject *a = selected_version (self, self->compare_a);
  JsonObject *b = selected_version (self, self->compare_b);

  g_assert (LUMINA_IS_MODELS_PAGE (self));

  if (a == NULL || b == NULL)
    return;

  fill_metrics (self, a, b);
  fill_signature (self, a, b);
  fill_cards (self, a, b);
}

static void
lumina_models_page_compare_changed_cb (LuminaModelsPage *self)
{
  if (!self->filling_compare)
    _lumina_models_page_fill_compare (self);
}

/**
 * lumina_models_page_compare:
 * @version_a: the baseline
 * @version_b: the candidate
 *
 * Shows two versions of the model shown side by side.
 *
 * Returns: %FALSE when either is not a version of it
 */
gboolean
lumina_models_page_compare (LuminaModelsPage *self,
                            guint             version_a,
                            guint             version_b)
{
  guint a, b;

  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), FALSE);

  a = position_of (self, version_a);
  b = position_of (self, version_b);
  if (a == GTK_INVALID_LIST_POSITION || b == GTK_INVALID_LIST_POSITION)
    return FALSE;

  self->filling_compare = TRUE;
  gtk_drop_down_set_selected (self->compare_a, a);
  gtk_drop_down_set_selected (self->compare_b, b);
  self->filling_compare = FALSE;
  _lumina_models_page_fill_compare (self);
  gtk_stack_set_visible_child_name (self->detail_stack, "compare");
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  _lumina_models_page_actions_update (self);
  return TRUE;
}

void
_lumina_models_page_class_compare_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_compare_changed_cb);
}
