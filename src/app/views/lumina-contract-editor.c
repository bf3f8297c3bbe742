/* lumina-contract-editor.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Contract tab of a dataset.  It edits a copy of the stored contract
 * (see lumina-contract.c for the format): the two column-set flags, and per
 * column whether values may be missing, whether they must be unique, and
 * numeric bounds.  Save stores the copy; nothing is written before that.
 */
#define G_LOG_DOMAIN "lumina-contract-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-contract-editor.h"
#include "lumina-data-format.h"

struct _LuminaContractEditor
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkStack             *stack;
  GtkSwitch            *allow_new_switch;
  GtkSwitch            *allow_missing_switch;
  GtkListBox           *columns_list;
  GtkLabel             *status_label;

  LuminaDatasetStore   *store;
  LuminaDatasetVersion *version;
  JsonNode             *stored;       /* as saved, or NULL */
  JsonNode             *contract;     /* the copy being edited, or NULL */
  JsonNode             *removed;      /* for Undo after Remove */
  GHashTable           *invalid;      /* entry rows whose text is not a number */

  guint                 loading : 1;
  guint                 modified : 1;
};

G_DEFINE_FINAL_TYPE (LuminaContractEditor, lumina_contract_editor, GTK_TYPE_WIDGET)

static void lumina_contract_editor_actions_update (LuminaContractEditor *self);

static JsonObject *
contract_root (LuminaContractEditor *self)
{
  return self->contract ? json_node_get_object (self->contract) : NULL;
}

static JsonObject *
column_rules (LuminaContractEditor *self,
              const char           *name)
{
  JsonObject *root = contract_root (self);
  JsonObject *columns = root ? json_object_get_object_member (root, "columns") : NULL;

  return columns && json_object_has_member (columns, name)
           ? json_object_get_object_member (columns, name) : NULL;
}

static void
show_toast (LuminaContractEditor *self,
            AdwToast             *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (LuminaContractEditor *self,
            const GError         *error)
{
  gtk_label_set_text (self->status_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), error != NULL);
}

static void
set_modified (LuminaContractEditor *self)
{
  if (self->loading)
    return;

  self->modified = TRUE;
  show_error (self, NULL);
  lumina_contract_editor_actions_update (self);
}

static char *
describe_rules (JsonObject *rules)
{
  GString *text = g_string_new (lumina_data_format_type (json_object_get_string_member_with_default (rules, "type", NULL)));
  gboolean has_min = json_object_has_member (rules, "min");
  gboolean has_max = json_object_has_member (rules, "max");

  g_string_append (text, " · ");
  g_string_append (text, json_object_get_boolean_member_with_default (rules, "nullable", TRUE)
                           ? _("may be missing") : _("required"));
  if (json_object_get_boolean_member_with_default (rules, "unique", FALSE))
    g_string_append_printf (text, " · %s", _("unique"));

  if (has_min || has_max)
    {
      g_autofree char *min = has_min ? lumina_data_format_json_value (json_object_get_member (rules, "min")) : g_strdup ("−∞");
      g_autofree char *max = has_max ? lumina_data_format_json_value (json_object_get_member (rules, "max")) : g_strdup ("∞");

      g_string_append (text, " · ");
      /* Translators: a range of allowed values, such as “0 to 120” */
      g_string_append_printf (text, _("%s to %s"), min, max);
    }

  if (json_object_has_member (rules, "categories"))
    {
      guint n = json_array_get_length (json_object_get_array_member (rules, "categories"));

      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u allowed value", "%u allowed values", n), n);
    }

  return g_string_free (text, FALSE);
}

static void
update_subtitle (LuminaContractEditor *self,
                 AdwExpanderRow       *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lumina-column");
  JsonObject *rules = column_rules (self, name);
  g_autofree char *subtitle = rules ? describe_rules (rules) : NULL;

  adw_expander_row_set_subtitle (row, subtitle ? subtitle : "");
}

static void
switch_changed_cb (GtkSwitch            *widget,
                   GParamSpec           *pspec,
                   LuminaContractEditor *self)
{
  const char *member = g_object_get_data (G_OBJECT (widget), "lumina-rule");
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (widget), "lumina-row");
  JsonObject *rules = column_rules (self, g_object_get_data (G_OBJECT (row), "lumina-column"));

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (rules == NULL)
    return;

  json_object_set_boolean_member (rules, member, gtk_switch_get_active (widget));
  update_subtitle (self, row);
  set_modified (self);
}

static void
bound_changed_cb (GtkEditable          *editable,
                  LuminaContractEditor *self)
{
  const char *member = g_object_get_data (G_OBJECT (editable), "lumina-rule");
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (editable), "lumina-row");
  JsonObject *rules = column_rules (self, g_object_get_data (G_OBJECT (row), "lumina-column"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  char *end = NULL;
  double value;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (rules == NULL)
    return;

  /* Accept a decimal comma too: people type what their keyboard gives. */
  g_strdelimit (text, ",", '.');
  value = g_ascii_strtod (text, &end);

  if (text[0] == '\0')
    json_object_remove_member (rules, member);
  else if (end != NULL && *end == '\0' && isfinite (value))
    json_object_set_double_member (rules, member, value);
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      g_hash_table_add (self->invalid, editable);
      set_modified (self);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  g_hash_table_remove (self->invalid, editable);
  update_subtitle (self, row);
  set_modified (self);
}

static void
add_switch (LuminaContractEditor *self,
            AdwExpanderRow       *row,
            const char           *title,
            const char           *member,
            gboolean              active)
{
  GtkWidget *child = adw_action_row_new ();
  GtkWidget *widget = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (widget), active);
  g_object_set_data (G_OBJECT (widget), "lumina-rule", (gpointer) member);
  g_object_set_data (G_OBJECT (widget), "lumina-row", row);
  g_signal_connect (widget, "notify::active", G_CALLBACK (switch_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (child), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (child), widget);
  adw_expander_row_add_row (row, child);
}

static void
add_bound (LuminaContractEditor *self,
           AdwExpanderRow       *row,
           JsonObject           *rules,
           const char           *title,
           const char           *member)
{
  GtkWidget *entry = adw_entry_row_new ();
  g_autofree char *text = NULL;

  /* The shortest text that reads back as the same number. */
  if (json_object_has_member (rules, member))
    text = lumina_format_double (json_object_get_double_member (rules, member));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  g_object_set_data (G_OBJECT (entry), "lumina-rule", (gpointer) member);
  g_object_set_data (G_OBJECT (entry), "lumina-row", row);
  g_signal_connect (entry, "changed", G_CALLBACK (bound_changed_cb), self);
  adw_expander_row_add_row (row, entry);
}

static void
add_categories (AdwExpanderRow *row,
                JsonArray      *categories)
{
  GtkWidget *child = adw_action_row_new ();
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_array_get_string_element (categories, i));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("Allowed Values"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child), text->str);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
  adw_expander_row_add_row (row, child);
  g_string_free (text, TRUE);
}

static GtkWidget *
lumina_contract_editor_create_row (LuminaContractEditor *self,
                                   const char           *name,
                                   JsonObject           *rules)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  const char *type = json_object_get_string_member_with_default (rules, "type", NULL);
  LuminaColumnType column_type;

  g_object_set_data_full (G_OBJECT (row), "lumina-column", g_strdup (name), g_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  add_switch (self, row, _("May Be Missing"), "nullable",
              json_object_get_boolean_member_with_default (rules, "nullable", TRUE));
  add_switch (self, row, _("Unique Values"), "unique",
              json_object_get_boolean_member_with_default (rules, "unique", FALSE));

  if (type == NULL || (lumina_column_type_from_string (type, &column_type) &&
                       lumina_column_type_is_numeric (column_type) &&
                       column_type != LUMINA_COLUMN_TYPE_BOOLEAN))
    {
      add_bound (self, row, rules, _("Minimum"), "min");
      add_bound (self, row, rules, _("Maximum"), "max");
    }

  if (json_object_has_member (rules, "categories"))
    add_categories (row, json_object_get_array_member (rules, "categories"));

  update_subtitle (self, row);

  return GTK_WIDGET (row);
}

static void
lumina_contract_editor_rebuild (LuminaContractEditor *self)
{
  JsonObject *root = contract_root (self);
  JsonObject *columns;
  JsonArray *schema = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;
  GList *names;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->columns_list, child);
  g_hash_table_remove_all (self->invalid);

  gtk_stack_set_visible_child_name (self->stack, root ? "editor" : "empty");
  if (root == NULL)
    return;

  self->loading = TRUE;
  gtk_switch_set_active (self->allow_new_switch,
                         json_object_get_boolean_member_with_default (root, "allow_new_columns", TRUE));
  gtk_switch_set_active (self->allow_missing_switch,
                         json_object_get_boolean_member_with_default (root, "allow_missing_columns", TRUE));

  columns = json_object_get_object_member (root, "columns");
  if (self->version != NULL)
    schema = json_object_get_array_member (json_node_get_object (lumina_dataset_version_get_schema (self->version)),
                                           "columns");

  /* The version's column order first, then rules for columns it lacks. */
  for (guint i = 0; schema != NULL && i < json_array_get_length (schema); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (schema, i), "name");

      if (columns != NULL && json_object_has_member (columns, name))
        {
          gtk_list_box_append (self->columns_list,
                               lumina_contract_editor_create_row (self, name, json_object_get_object_member (columns, name)));
          g_hash_table_add (shown, (gpointer) name);
        }
    }

  names = columns ? json_object_get_members (columns) : NULL;
  for (const GList *l = names; l != NULL; l = l->next)
    if (!g_hash_table_contains (shown, l->data))
      gtk_list_box_append (self->columns_list,
                           lumina_contract_editor_create_row (self, l->data, json_object_get_object_member (columns, l->data)));
  g_list_free (names);

  self->loading = FALSE;
}

static void
flag_changed_cb (LuminaContractEditor *self,
                 GParamSpec           *pspec,
                 GtkSwitch            *widget)
{
  JsonObject *root = contract_root (self);

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (root == NULL || self->loading)
    return;

  json_object_set_boolean_member (root,
                                  widget == self->allow_new_switch ? "allow_new_columns" : "allow_missing_columns",
                                  gtk_switch_get_active (widget));
  set_modified (self);
}

static gboolean
lumina_contract_editor_store (LuminaContractEditor *self,
                              JsonNode             *contract)
{
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (!lumina_dataset_store_set_contract (self->store, lumina_dataset_version_get_name (self->version),
                                          contract, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  show_error (self, NULL);
  return TRUE;
}

static void
lumina_contract_editor_create_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LuminaContractEditor *self = LUMINA_CONTRACT_EDITOR (widget);
  g_autoptr(JsonNode) contract = NULL;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  contract = lumina_dataset_store_contract_from_version (self->version);
  if (lumina_contract_editor_store (self, contract))
    {
      lumina_contract_editor_reload (self);
      show_toast (self, adw_toast_new (_("Contract created from this version")));
    }
}

static void
lumina_contract_editor_save_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LuminaContractEditor *self = LUMINA_CONTRACT_EDITOR (widget);

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (lumina_contract_editor_store (self, self->contract))
    {
      self->modified = FALSE;
      lumina_contract_editor_reload (self);
      show_toast (self, adw_toast_new (_("Contract saved")));
    }
}

static void
lumina_contract_editor_remove_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  LuminaContractEditor *self = LUMINA_CONTRACT_EDITOR (widget);
  g_autoptr(JsonNode) removed = self->stored ? json_node_copy (self->stored) : NULL;
  AdwToast *toast;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (!lumina_contract_editor_store (self, NULL))
    return;

  g_clear_pointer (&self->removed, json_node_unref);
  self->removed = g_steal_pointer (&removed);
  self->modified = FALSE;
  lumina_contract_editor_reload (self);

  toast = adw_toast_new (_("Contract removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "contract.restore");
  show_toast (self, toast);
}

static void
lumina_contract_editor_restore_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  LuminaContractEditor *self = LUMINA_CONTRACT_EDITOR (widget);

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  if (self->removed != NULL && lumina_contract_editor_store (self, self->removed))
    {
      g_clear_pointer (&self->removed, json_node_unref);
      lumina_contract_editor_reload (self);
    }
}

/* The one place that decides which contract actions can run. */
static void
lumina_contract_editor_actions_update (LuminaContractEditor *self)
{
  gboolean ready = self->store != NULL && self->version != NULL;

  g_assert (LUMINA_IS_CONTRACT_EDITOR (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.create", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.save",
                                 ready && self->contract != NULL && self->modified &&
                                 g_hash_table_size (self->invalid) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.remove", ready && self->stored != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contract.restore",
                                 ready && self->removed != NULL && self->stored == NULL);
}

static void
lumina_contract_editor_dispose (GObject *object)
{
  LuminaContractEditor *self = LUMINA_CONTRACT_EDITOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_CONTRACT_EDITOR);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->store);
  g_clear_object (&self->version);
  g_clear_pointer (&self->stored, json_node_unref);
  g_clear_pointer (&self->contract, json_node_unref);
  g_clear_pointer (&self->removed, json_node_unref);
  g_clear_pointer (&self->invalid, g_hash_table_unref);

  G_OBJECT_CLASS (lumina_contract_editor_parent_class)->dispose (object);
}

static void
lumina_contract_editor_class_init (LuminaContractEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_contract_editor_dispose;

  gtk_widget_class_set_css_name (widget_class, "luminacontracteditor");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-contract-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaContractEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaContractEditor, allow_new_switch);
  gtk_widget_class_bind_template_child (widget_class, LuminaContractEditor, allow_missing_switch);
  gtk_widget_class_bind_template_child (widget_class, LuminaContractEditor, columns_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaContractEditor, status_label);

  gtk_widget_class_install_action (widget_class, "contract.create", NULL,
                                   lumina_contract_editor_create_action);
  gtk_widget_class_install_action (widget_class, "contract.save", NULL,
                                   lumina_contract_editor_save_action);
  gtk_widget_class_install_action (widget_class, "contract.remove", NULL,
                                   lumina_contract_editor_remove_action);
  gtk_widget_class_install_action (widget_class, "contract.restore", NULL,
                                   lumina_contract_editor_restore_action);
}

static void
lumina_contract_editor_init (LuminaContractEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->invalid = g_hash_table_new (NULL, NULL);

  g_signal_connect_object (self->allow_new_switch, "notify::active",
                           G_CALLBACK (flag_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->allow_missing_switch, "notify::active",
                           G_CALLBACK (flag_changed_cb), self, G_CONNECT_SWAPPED);

  lumina_contract_editor_actions_update (self);
}

GtkWidget *
lumina_contract_editor_new (void)
{
  return g_object_new (LUMINA_TYPE_CONTRACT_EDITOR, NULL);
}

/**
 * lumina_contract_editor_set_version:
 * @store: (nullable): where the dataset lives
 * @version: (nullable): the version on screen; "Create from This Version" derives from it
 */
void
lumina_contract_editor_set_version (LuminaContractEditor *self,
                                    LuminaDatasetStore   *store,
                                    LuminaDatasetVersion *version)
{
  gboolean same_dataset;

  g_return_if_fail (LUMINA_IS_CONTRACT_EDITOR (self));

  same_dataset = self->version != NULL && version != NULL &&
                 g_strcmp0 (lumina_dataset_version_get_name (self->version),
                            lumina_dataset_version_get_name (version)) == 0;

  g_set_object (&self->store, store);
  g_set_object (&self->version, version);

  if (!same_dataset)
    {
      self->modified = FALSE;
      g_clear_pointer (&self->removed, json_node_unref);
    }

  lumina_contract_editor_reload (self);
}

/**
 * lumina_contract_editor_reload:
 *
 * Reads the stored contract again.  Unsaved changes are kept.
 */
void
lumina_contract_editor_reload (LuminaContractEditor *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LUMINA_IS_CONTRACT_EDITOR (self));

  g_clear_pointer (&self->stored, json_node_unref);
  if (self->store != NULL && self->version != NULL)
    self->stored = lumina_dataset_store_get_contract (self->store,
                                                      lumina_dataset_version_get_name (self->version),
                                                      &error);
  if (error != NULL)
    show_error (self, error);

  if (!self->modified)
    {
      g_clear_pointer (&self->contract, json_node_unref);
      self->contract = self->stored ? json_node_copy (self->stored) : NULL;
      lumina_contract_editor_rebuild (self);
    }

  lumina_contract_editor_actions_update (self);
}

/**
 * lumina_contract_editor_get_contract:
 *
 * Returns: (transfer none) (nullable): the contract as edited, saved or not
 */
JsonNode *
lumina_contract_editor_get_contract (LuminaContractEditor *self)
{
  g_return_val_if_fail (LUMINA_IS_CONTRACT_EDITOR (self), NULL);

  return self->contract;
}

gboolean
lumina_contract_editor_get_modified (LuminaContractEditor *self)
{
  g_return_val_if_fail (LUMINA_IS_CONTRACT_EDITOR (self), FALSE);

  return self->modified;
}
