/* lumina-models-page-detail.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One model in the Models view: its header, aliases, versions with their
 * badges and actions, the aliases as they were at a chosen time, and the
 * history of every change, newest first.
 */
#define G_LOG_DOMAIN "lumina-models-page-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-models-format.h"
#include "lumina-models-page-private.h"

/* ---- header ------------------------------------------------------------- */

static void
fill_header (LuminaModelsPage *self,
             JsonObject       *model)
{
  guint n_versions = lumina_models_json_uint (model, "n_versions");
  guint champion = _lumina_models_page_get_alias (self, LUMINA_REGISTRY_CHAMPION);
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *target = NULL;

  gtk_label_set_text (self->title_label, self->model);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), self->model);

  /* Translators: how many versions a registered model has */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u version", "%u versions", n_versions), n_versions);
  if (champion > 0)
    /* Translators: a model's version count and its champion, such as “3 versions · champion: version 2” */
    subtitle = g_strdup_printf (_("%s · champion: version %u"), count, champion);
  else
    subtitle = g_strdup_printf (_("%s · no champion yet"), count);
  gtk_label_set_text (self->subtitle_label, subtitle);

  if (champion > 0)
    target = g_strdup_printf ("%s@%s", self->model, LUMINA_REGISTRY_CHAMPION);
  else
    target = g_strdup_printf ("%s@%u", self->model, lumina_models_json_uint (model, "latest_version"));
  /* win.deploy-model belongs to whoever serves models; without it the
   * button is insensitive. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->deploy_button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->deploy_button), "win.deploy-model");
  {
    /* Translators: the tooltip of Deploy…; %s is a model reference such as “churn@champion” */
    g_autofree char *tooltip = g_strdup_printf (_("Serve %s"), target);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->deploy_button), tooltip);
  }
}

/* ---- aliases ------------------------------------------------------------ */

/* The version @alias pointed at before its last move, 0 for none. */
guint
_lumina_models_page_rollback_target (LuminaModelsPage *self,
                                     const char       *alias)
{
  JsonArray *events = self->events != NULL ? json_node_get_array (self->events) : NULL;

  for (guint i = events != NULL ? json_array_get_length (events) : 0; i > 0; i--)
    {
      JsonObject *event = json_array_get_object_element (events, i - 1);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "kind", NULL), "alias") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "name", NULL), alias) == 0)
        return lumina_models_json_uint (event, "previous");
    }

  return 0;
}

static int
compare_aliases (gconstpointer a,
                 gconstpointer b)
{
  static const char * const order[] = { LUMINA_REGISTRY_CHAMPION, LUMINA_REGISTRY_CHALLENGER };
  const char *sa = a;
  const char *sb = b;
  int ra = G_N_ELEMENTS (order);
  int rb = G_N_ELEMENTS (order);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      ra = g_str_equal (sa, order[i]) ? MIN (ra, (int) i) : ra;
      rb = g_str_equal (sb, order[i]) ? MIN (rb, (int) i) : rb;
    }

  return ra != rb ? ra - rb : g_strcmp0 (sa, sb);
}

static GtkWidget *
dim_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static char *
describe_version (LuminaModelsPage *self,
                  guint             version)
{
  JsonObject *object = _lumina_models_page_find_version (self, version);
  g_autofree char *score = object != NULL ? lumina_models_format_score (object) : NULL;

  if (score == NULL)
    return lumina_models_format_version (version);
  /* Translators: a version and its main score, such as “Version 3 · roc_auc 0.9912” */
  return g_strdup_printf (_("Version %u · %s"), version, score);
}

static void
fill_aliases (LuminaModelsPage *self,
              JsonObject       *model)
{
  JsonObject *aliases = json_object_get_object_member (model, "aliases");
  g_autoptr(GList) names = aliases != NULL ? json_object_get_members (aliases) : NULL;

  _lumina_models_page_clear_list (self->aliases_list);
  names = g_list_sort (names, (GCompareFunc) compare_aliases);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
      guint previous = _lumina_models_page_rollback_target (self, l->data);
      g_autofree char *subtitle = describe_version (self, lumina_models_json_uint (aliases, l->data));
      g_autofree char *tooltip = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), lumina_models_alias_badge_new (l->data));
      g_object_set_data_full (G_OBJECT (row), "lumina-alias", g_strdup (l->data), g_free);

      if (previous > 0)
        /* Translators: tooltip of an alias's roll back button */
        tooltip = g_strdup_printf (_("Roll Back to Version %u"), previous);
      else
        tooltip = g_strdup (_("This alias pointed at no version before its last move"));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, previous > 0);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "models.rollback");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", l->data);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->aliases_list, row);
    }

  if (names == NULL)
    gtk_list_box_append (self->aliases_list,
                         dim_row (_("No aliases yet: promote a version to make it the champion")));
}

/* ---- versions ----------------------------------------------------------- */

static GMenuModel *
version_menu (LuminaModelsPage *self,
              JsonObject       *version)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) second = g_menu_new ();
  guint number = lumina_models_json_uint (version, "version");
  JsonObject *model = json_node_get_object (self->model_info);
  JsonObject *gates = json_object_get_object_member (model, "gates");
  g_autofree char *ref = g_strdup_printf ("%s@%u", self->model, number);
  g_autoptr(GMenuItem) item = NULL;

#define ADD(section, label, action, value) \
  G_STMT_START { \
    item = g_menu_item_new (label, NULL); \
    g_menu_item_set_action_and_target_value (item, action, value); \
    g_menu_append_item (section, item); \
    g_clear_object (&item); \
  } G_STMT_END

  ADD (first, _("_Promote…"), "models.promote", g_variant_new_uint32 (number));
  if (gates != NULL && json_object_get_boolean_member_with_default (gates, "require_approval", FALSE))
    ADD (first, _("_Approve"), "models.approve", g_variant_new_uint32 (number));
  ADD (first, _("_Deploy…"), "win.deploy-model", g_variant_new_string (ref));
  ADD (second, _("Edit Model _Card…"), "models.edit-card", g_variant_new_uint32 (number));
  ADD (second, _("_Export…"), "models.export", g_variant_new_uint32 (number));
  ADD (second, _("Open Source _Run"), "win.show-run",
       g_variant_new_string (json_object_get_string_member_with_default (version, "run_id", "")));
#undef ADD

  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (second));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
badge_box (JsonObject *version)
{
  GtkWidget *box = gtk_flow_box_new ();
  JsonArray *aliases = json_object_get_array_member (version, "aliases");
  const char *stage = json_object_get_string_member_with_default (version, "stage", NULL);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 3);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_add_css_class (box, "badges");

  if (stage != NULL && stage[0] != '\0')
    gtk_flow_box_append (GTK_FLOW_BOX (box), lumina_models_stage_badge_new (stage));
  for (guint i = 0; aliases != NULL && i < json_array_get_length (aliases); i++)
    gtk_flow_box_append (GTK_FLOW_BOX (box), lumina_models_alias_badge_new (json_array_get_string_element (aliases, i)));

  /* The badges are labels, not places to stop while tabbing. */
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  return box;
}

static GtkWidget *
create_version_row (LuminaModelsPage *self,
                    JsonObject       *version)
{
  guint number = lumina_models_json_uint (version, "version");
  const char *run_id = json_object_get_string_member_with_default (version, "run_id", "");
  g_autofree char *title = lumina_models_format_version (number);
  g_autofree char *score = lumina_models_format_score (version);
  g_autofree char *when = lumina_data_format_time (json_object_get_string_member_with_default (version, "created_at", NULL));
  g_autofree char *created = NULL;
  g_autofree char *short_run = g_strndup (run_id, 8);
  g_autofree char *run_label = NULL;
  g_autoptr(GMenuModel) menu = version_menu (self, version);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  GtkWidget *button;
  JsonObject *card = json_object_get_object_member (version, "card");

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), badge_box (version));
  gtk_box_append (GTK_BOX (vbox), line);

  label = gtk_label_new (score);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "version-score");
  gtk_box_append (GTK_BOX (vbox), label);

  /* Translators: when and by whom a version was registered, such as “12 Mar 2026, 14:00 by alice” */
  created = g_strdup_printf (_("%s by %s"), when, json_object_get_string_member_with_default (version, "actor", "?"));
  label = gtk_label_new (created);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (caption), label);

  /* Translators: a button that opens the run a version came from; %s is a short run id */
  run_label = g_strdup_printf (_("Run %s"), short_run);
  button = gtk_button_new_with_label (run_label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "caption");
  gtk_widget_add_css_class (button, "run-link");
  gtk_widget_set_tooltip_text (button, _("Open the Run This Version Came From"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-run");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", run_id);
  gtk_box_append (GTK_BOX (caption), button);
  gtk_box_append (GTK_BOX (vbox), caption);

  gtk_widget_set_hexpand (vbox, TRUE);
  gtk_box_append (GTK_BOX (hbox), vbox);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_widget_set_tooltip_text (button, _("Version Actions"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (hbox), button);

  gtk_widget_set_margin_top (hbox, 9);
  gtk_widget_set_margin_bottom (hbox, 9);
  gtk_widget_set_margin_start (hbox, 12);
  gtk_widget_set_margin_end (hbox, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), hbox);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  if (card != NULL)
    gtk_widget_set_tooltip_text (row, json_object_get_string_member_with_default (card, "description", NULL));
  g_object_set_data (G_OBJECT (row), "lumina-version", GUINT_TO_POINTER (number));

  return row;
}

static void
fill_versions (LuminaModelsPage *self)
{
  JsonArray *versions = json_node_get_array (self->versions);

  _lumina_models_page_clear_list (self->versions_list);
  for (guint i = 0; i < json_array_get_length (versions); i++)
    gtk_list_box_append (self->versions_list,
                         create_version_row (self, json_array_get_object_element (versions, i)));
}

/* ---- history ------------------------------------------------------------ */

static GtkWidget *
create_event_row (JsonObject *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = lumina_models_format_event_title (event);
  g_autofree char *subtitle = lumina_models_format_event_subtitle (event);
  GtkWidget *icon = gtk_image_new_from_icon_name (lumina_models_event_icon_name (event));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (lumina_models_event_forced (event))
    {
      GtkWidget *badge = lumina_models_badge_new (_("forced"), "forced");

      gtk_widget_set_tooltip_text (badge, _("Moved although a promotion gate failed"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (event, "kind", NULL), "gate") == 0 &&
      json_object_get_string_member_with_default (event, "name", "")[0] != '\0')
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), lumina_models_badge_new (_("refused"), "refused"));

  g_object_set_data (G_OBJECT (row), "lumina-event-id",
                     GINT_TO_POINTER ((int) json_object_get_int_member_with_default (event, "id", 0)));
  return row;
}

static void
fill_history (LuminaModelsPage *self)
{
  JsonArray *events = self->events != NULL ? json_node_get_array (self->events) : NULL;

  _lumina_models_page_clear_list (self->history_list);
  for (guint i = events != NULL ? json_array_get_length (events) : 0; i > 0; i--)
    gtk_list_box_append (self->history_list, create_event_row (json_array_get_object_element (events, i - 1)));
}

void
_lumina_models_page_fill_detail (LuminaModelsPage *self)
{
  JsonObject *model;

  g_assert (LUMINA_IS_MODELS_PAGE (self));

  if (self->model_info == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      _lumina_models_page_clear_list (self->aliases_list);
      _lumina_models_page_clear_list (self->versions_list);
      _lumina_models_page_clear_list (self->history_list);
      _lumina_models_page_clear_list (self->at_list);
      gtk_widget_set_visible (GTK_WIDGET (self->at_list), FALSE);
      return;
    }

  model = json_node_get_object (self->model_info);
  fill_header (self, model);
  fill_aliases (self, model);
  fill_versions (self);
  fill_history (self);
  if (self->at_time != NULL)
    {
      g_autoptr(GDateTime) at = g_date_time_ref (self->at_time);

      _lumina_models_page_show_aliases_at (self, at);
    }
}

/* ---- aliases at a time -------------------------------------------------- */

void
_lumina_models_page_show_aliases_at (LuminaModelsPage *self,
                                     GDateTime        *at)
{
  g_autoptr(JsonNode) then = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = g_date_time_to_local (at);
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autoptr(GList) names = NULL;
  JsonObject *aliases;

  g_assert (LUMINA_IS_MODELS_PAGE (self));

  if (self->at_time != at)
    {
      g_clear_pointer (&self->at_time, g_date_time_unref);
      self->at_time = g_date_time_ref (at);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->at_entry), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->at_entry), "error");
  _lumina_models_page_clear_list (self->at_list);
  gtk_widget_set_visible (GTK_WIDGET (self->at_list), TRUE);

  if (self->model == NULL || !(then = lumina_registry_aliases_at (self->registry, self->model, at, &error)))
    {
      gtk_list_box_append (self->at_list, dim_row (error ? error->message : _("No model is shown")));
      return;
    }

  aliases = json_node_get_object (then);
  names = g_list_sort (json_object_get_members (aliases), (GCompareFunc) compare_aliases);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      GtkWidget *row = adw_action_row_new ();
      guint version = lumina_models_json_uint (aliases, l->data);
      g_autofree char *subtitle = describe_version (self, version);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), lumina_models_alias_badge_new (l->data));
      g_object_set_data_full (G_OBJECT (row), "lumina-alias", g_strdup (l->data), g_free);
      g_object_set_data (G_OBJECT (row), "lumina-version", GUINT_TO_POINTER (version));
      gtk_list_box_append (self->at_list, row);
    }

  if (names == NULL)
    gtk_list_box_append (self->at_list, dim_row (_("No alias pointed at a version then")));
}

static void
lumina_models_page_at_activate_cb (LuminaModelsPage *self)
{
  g_autoptr(GDateTime) at = lumina_models_parse_local_time (gtk_editable_get_text (GTK_EDITABLE (self->at_entry)));

  if (at == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->at_entry), "error");
      _lumina_models_page_toast (self, _("Write the time as YYYY-MM-DD HH:MM, such as 2026-03-14 12:00"));
      return;
    }

  _lumina_models_page_show_aliases_at (self, at);
}

static void
lumina_models_page_calendar_apply_cb (LuminaModelsPage *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) at = NULL;

  at = g_date_time_new (local, g_date_time_get_year (day), g_date_time_get_month (day),
                        g_date_time_get_day_of_month (day),
                        gtk_spin_button_get_value_as_int (self->hour_spin),
                        gtk_spin_button_get_value_as_int (self->minute_spin), 0);
  gtk_popover_popdown (self->calendar_popover);
  if (at != NULL)
    _lumina_models_page_show_aliases_at (self, at);
}

static void
lumina_models_page_at_preset_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LuminaModelsPage *self = LUMINA_MODELS_PAGE (widget);
  const char *preset = g_variant_get_string (param, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) at = NULL;

  if (g_str_equal (preset, "yesterday-noon"))
    {
      day = g_date_time_add_days (now, -1);
      at = g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                            g_date_time_get_month (day), g_date_time_get_day_of_month (day), 12, 0, 0);
    }
  else
    at = g_date_time_add_days (now, -7);

  _lumina_models_page_show_aliases_at (self, at);
}

void
_lumina_models_page_class_detail_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "models.at-preset", "s", lumina_models_page_at_preset_action);
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_at_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_models_page_calendar_apply_cb);
}

/**
 * lumina_models_page_show_aliases_at:
 * @at: a time
 *
 * Shows which version each alias of the model shown pointed at at @at.
 *
 * Returns: %FALSE when no model is shown
 */
gboolean
lumina_models_page_show_aliases_at (LuminaModelsPage *self,
                                    GDateTime        *at)
{
  g_return_val_if_fail (LUMINA_IS_MODELS_PAGE (self), FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  if (self->model == NULL)
    return FALSE;

  _lumina_models_page_show_aliases_at (self, at);
  return TRUE;
}
