/* lumina-models-page-list.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Models view's list of registered models: a row per model with its
 * latest version, champion, production badge and last change, filtered by
 * the search entry.
 */
#define G_LOG_DOMAIN "lumina-models-page-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-models-format.h"
#include "lumina-models-page-private.h"

/* ---- the list of models ------------------------------------------------- */

static gboolean
has_production_version (LuminaModelsPage *self,
                        const char       *name,
                        guint            *version)
{
  g_autoptr(JsonNode) versions = lumina_registry_list_versions (self->registry, name, NULL);
  JsonArray *array = versions != NULL ? json_node_get_array (versions) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "stage", NULL),
                     LUMINA_REGISTRY_PRODUCTION) == 0)
        {
          *version = lumina_models_json_uint (object, "version");
          return TRUE;
        }
    }

  return FALSE;
}

static GtkWidget *
caption_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static GtkWidget *
create_model_row (LuminaModelsPage *self,
                  JsonObject       *model)
{
  const char *name = json_object_get_string_member_with_default (model, "name", "");
  guint latest = lumina_models_json_uint (model, "latest_version");
  guint champion = lumina_models_json_uint (json_object_get_object_member (model, "aliases"),
                                            LUMINA_REGISTRY_CHAMPION);
  g_autofree char *when = lumina_data_format_time (json_object_get_string_member_with_default (model, "updated_at", NULL));
  g_autofree char *changed = NULL;
  g_autofree char *versions = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (name);
  guint production = 0;

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (line), title);
  if (has_production_version (self, name, &production))
    {
      GtkWidget *badge = lumina_models_stage_badge_new (LUMINA_REGISTRY_PRODUCTION);
      g_autofree char *tooltip = g_strdup_printf (_("Version %u is in production"), production);

      gtk_widget_set_tooltip_text (badge, tooltip);
      gtk_box_append (GTK_BOX (line), badge);
    }
  gtk_box_append (GTK_BOX (box), line);

  if (champion > 0)
    /* Translators: the latest version and the champion of a registered model, such as “latest v3 · champion v2” */
    versions = g_strdup_printf (_("latest v%u · champion v%u"), latest, champion);
  else
    /* Translators: the latest version of a registered model without a champion */
    versions = g_strdup_printf (_("latest v%u · no champion"), latest);
  gtk_box_append (GTK_BOX (box), caption_label (versions));
  /* Translators: when a registered model last changed, such as “Changed 3 Mar 2026, 14:00” */
  changed = g_strdup_printf (_("Changed %s"), when);
  gtk_box_append (GTK_BOX (box), caption_label (changed));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, name);
  g_object_set_data_full (G_OBJECT (row), "lumina-model", g_strdup (name), g_free);

  return row;
}

void
_lumina_models_page_select_row (LuminaModelsPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->model_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "lumina-model"), self->model) == 0)
        {
          if (gtk_list_box_get_selection_mode (self->model_list) != GTK_SELECTION_NONE)
            gtk_list_box_select_row (self->model_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }

  gtk_list_box_unselect_all (self->model_list);
}

void
_lumina_models_page_fill_list (LuminaModelsPage *self)
{
  JsonArray *models = self->models != NULL ? json_node_get_array (self->models) : NULL;
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  guint shown = 0;

  self->filling_list = TRUE;
  _lumina_models_page_clear_list (self->model_list);
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);
      g_autofree char *name = g_utf8_casefold (json_object_get_string_member_with_default (model, "name", ""), -1);
      g_autofree char *description = g_utf8_casefold (json_object_get_string_member_with_default (model, "description", ""), -1);

      if (needle[0] != '\0' && strstr (name, needle) == NULL && strstr (description, needle) == NULL)
        continue;

      gtk_list_box_append (self->model_list, create_model_row (self, model));
      shown++;
    }

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "no-results");
  _lumina_models_page_select_row (self);
  self->filling_list = FALSE;
}
