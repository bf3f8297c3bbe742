/* lumina-dataset-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dataset: a version selector and four tabs.  Columns shows a summary
 * and a profile card per column; Rows the version's data, loaded only when
 * the tab is opened (a single-segment version is memory-mapped, so that is
 * instant however large it is); Versions compares versions; Contract edits
 * the rules new versions must keep.
 */
#define G_LOG_DOMAIN "lumina-dataset-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-dataset-page.h"
#include "lumina-profile-card.h"

struct _LuminaDatasetPage
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkLabel             *name_label;
  GtkLabel             *subtitle_label;
  GtkButton            *train_button;
  GtkDropDown          *version_dropdown;
  AdwViewStack         *view_stack;
  GtkFlowBox           *summary_box;
  GtkFlowBox           *cards_box;
  GtkStack             *rows_stack;
  AdwStatusPage        *rows_error_page;
  LuminaRowViewer      *row_viewer;
  LuminaVersionList    *version_list;
  LuminaContractEditor *contract_editor;

  LuminaDatasetStore   *store;
  char                 *name;
  GListStore           *versions;       /* LuminaDatasetVersion, newest first */
  LuminaDatasetVersion *version;        /* on screen */

  guint                 n_cards;
  guint                 rows_stale : 1;
};

G_DEFINE_FINAL_TYPE (LuminaDatasetPage, lumina_dataset_page, GTK_TYPE_WIDGET)

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
lumina_dataset_page_add_summary (LuminaDatasetPage *self,
                                 const char        *title,
                                 const char        *value,
                                 const char        *tooltip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *title_label = gtk_label_new (title);

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "stat-value");
  gtk_widget_set_tooltip_text (value_label, tooltip);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0.0f);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_flow_box_append (self->summary_box, box);
}

static void
lumina_dataset_page_fill_summary (LuminaDatasetPage    *self,
                                  LuminaDatasetVersion *version)
{
  g_autofree char *rows = lumina_data_format_count (lumina_dataset_version_get_n_rows (version));
  g_autofree char *columns = g_strdup_printf ("%u", lumina_dataset_version_get_n_columns (version));
  g_autofree char *hash = g_strndup (lumina_dataset_version_get_content_hash (version), 12);
  g_autofree char *source = g_path_get_basename (lumina_dataset_version_get_source (version)
                                                   ? lumina_dataset_version_get_source (version) : "");
  g_autofree char *created = lumina_data_format_time (lumina_dataset_version_get_created_at (version));
  const char *target = lumina_dataset_version_get_target (version);

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  clear_flow_box (self->summary_box);
  lumina_dataset_page_add_summary (self, _("Rows"), rows, NULL);
  lumina_dataset_page_add_summary (self, _("Columns"), columns, NULL);
  lumina_dataset_page_add_summary (self, _("Target"), target ? target : C_("target", "None"), NULL);
  lumina_dataset_page_add_summary (self, _("Content"), hash,
                                   lumina_dataset_version_get_content_hash (version));
  lumina_dataset_page_add_summary (self, _("Source"), source, lumina_dataset_version_get_source (version));
  lumina_dataset_page_add_summary (self, _("Created"), created, NULL);
  lumina_dataset_page_add_summary (self, _("Created By"), lumina_dataset_version_get_actor (version), NULL);
}

static JsonObject *
find_profile_column (JsonNode   *profile,
                     const char *name)
{
  JsonArray *columns;

  if (profile == NULL || !JSON_NODE_HOLDS_OBJECT (profile) ||
      !(columns = json_object_get_array_member (json_node_get_object (profile), "columns")))
    return NULL;

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (column, "name", NULL), name) == 0)
        return column;
    }

  return NULL;
}

static void
lumina_dataset_page_fill_cards (LuminaDatasetPage    *self,
                                LuminaDatasetVersion *version)
{
  JsonNode *schema = lumina_dataset_version_get_schema (version);
  JsonNode *profile = lumina_dataset_version_get_profile (version);
  JsonArray *columns;

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  clear_flow_box (self->cards_box);
  self->n_cards = 0;

  if (schema == NULL || !(columns = json_object_get_array_member (json_node_get_object (schema), "columns")))
    return;

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *name = json_object_get_string_member_with_default (column, "name", "");
      GtkWidget *card;

      card = lumina_profile_card_new (column, find_profile_column (profile, name),
                                      lumina_dataset_version_get_n_rows (version));
      gtk_flow_box_append (self->cards_box, card);
      /* Cards are not buttons: keep the flow box's child out of the focus chain. */
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
      self->n_cards++;
    }
}

static void
lumina_dataset_page_load_rows (LuminaDatasetPage *self)
{
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (!self->rows_stale || self->version == NULL || self->store == NULL)
    return;

  self->rows_stale = FALSE;
  frame = lumina_dataset_store_load (self->store, self->version, &error);
  if (frame == NULL)
    {
      lumina_row_viewer_set_frame (self->row_viewer, NULL, 0);
      adw_status_page_set_description (self->rows_error_page, error->message);
      gtk_stack_set_visible_child_name (self->rows_stack, "error");
      return;
    }

  lumina_row_viewer_set_frame (self->row_viewer, frame, 0);
  gtk_stack_set_visible_child_name (self->rows_stack, "viewer");
}

static void
lumina_dataset_page_tab_changed_cb (LuminaDatasetPage *self)
{
  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "rows") == 0)
    lumina_dataset_page_load_rows (self);
}

static void
lumina_dataset_page_show_version (LuminaDatasetPage    *self,
                                  LuminaDatasetVersion *version)
{
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *ref = NULL;

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (version == self->version)
    return;

  g_set_object (&self->version, version);
  if (version == NULL)
    return;

  size = lumina_data_format_size (lumina_dataset_version_get_n_rows (version),
                                  lumina_dataset_version_get_n_columns (version));
  /* Translators: a version's number, then its size */
  subtitle = g_strdup_printf (_("Version %d · %s"), lumina_dataset_version_get_number (version), size);
  gtk_label_set_text (self->subtitle_label, subtitle);
  ref = g_strdup_printf ("%s@%d", self->name, lumina_dataset_version_get_number (version));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->train_button), "s", ref);

  lumina_dataset_page_fill_summary (self, version);
  lumina_dataset_page_fill_cards (self, version);
  lumina_contract_editor_set_version (self->contract_editor, self->store, version);

  self->rows_stale = TRUE;
  lumina_dataset_page_tab_changed_cb (self);
}

static void
version_selected_cb (LuminaDatasetPage *self)
{
  g_autoptr(LuminaDatasetVersion) version = NULL;
  guint selected = gtk_drop_down_get_selected (self->version_dropdown);

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  version = g_list_model_get_item (G_LIST_MODEL (self->versions), selected);
  lumina_dataset_page_show_version (self, version);
}

static void
lumina_dataset_page_version_activated_cb (LuminaDatasetPage *self,
                                          int                number)
{
  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (lumina_dataset_page_select_version (self, number))
    adw_view_stack_set_visible_child_name (self->view_stack, "columns");
}

static void
setup_version_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  gboolean detailed = GPOINTER_TO_INT (user_data);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_box_append (GTK_BOX (box), title);

  if (detailed)
    {
      GtkWidget *subtitle = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0f);
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_box_append (GTK_BOX (box), subtitle);
    }

  gtk_list_item_set_child (item, box);
}

static void
bind_version_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  LuminaDatasetVersion *version = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *text = g_strdup_printf (_("Version %d"), lumina_dataset_version_get_number (version));

  gtk_label_set_text (GTK_LABEL (title), text);

  if (subtitle != NULL)
    {
      g_autofree char *rows = lumina_data_format_count (lumina_dataset_version_get_n_rows (version));
      g_autofree char *when = lumina_data_format_time (lumina_dataset_version_get_created_at (version));
      g_autofree char *details = NULL;

      /* Translators: kind of version · number of rows · when it was made */
      details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s row · %s", "%s · %s rows · %s",
                                              (gulong) lumina_dataset_version_get_n_rows (version)),
                                 lumina_data_format_kind (lumina_dataset_version_get_kind (version)),
                                 rows, when);
      gtk_label_set_text (GTK_LABEL (subtitle), details);
    }
}

static GtkListItemFactory *
create_version_factory (gboolean detailed)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_version_cb), GINT_TO_POINTER (detailed));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_version_cb), NULL);

  return factory;
}

static void
lumina_dataset_page_dispose (GObject *object)
{
  LuminaDatasetPage *self = LUMINA_DATASET_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_DATASET_PAGE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->store);
  g_clear_object (&self->versions);
  g_clear_object (&self->version);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (lumina_dataset_page_parent_class)->dispose (object);
}

static void
lumina_dataset_page_class_init (LuminaDatasetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_dataset_page_dispose;

  g_type_ensure (LUMINA_TYPE_CONTRACT_EDITOR);
  g_type_ensure (LUMINA_TYPE_ROW_VIEWER);
  g_type_ensure (LUMINA_TYPE_VERSION_LIST);

  gtk_widget_class_set_css_name (widget_class, "luminadatasetpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-dataset-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, train_button);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, version_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, rows_stack);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, rows_error_page);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, row_viewer);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, version_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaDatasetPage, contract_editor);
  gtk_widget_class_bind_template_callback (widget_class, lumina_dataset_page_tab_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_dataset_page_version_activated_cb);
}

static void
lumina_dataset_page_init (LuminaDatasetPage *self)
{
  g_autoptr(GtkListItemFactory) factory = create_version_factory (FALSE);
  g_autoptr(GtkListItemFactory) list_factory = create_version_factory (TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->versions = g_list_store_new (LUMINA_TYPE_DATASET_VERSION);
  gtk_drop_down_set_factory (self->version_dropdown, factory);
  gtk_drop_down_set_list_factory (self->version_dropdown, list_factory);
  gtk_drop_down_set_model (self->version_dropdown, G_LIST_MODEL (self->versions));
  g_signal_connect_object (self->version_dropdown, "notify::selected",
                           G_CALLBACK (version_selected_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lumina_dataset_page_new (void)
{
  return g_object_new (LUMINA_TYPE_DATASET_PAGE, NULL);
}

void
lumina_dataset_page_set_store (LuminaDatasetPage  *self,
                               LuminaDatasetStore *store)
{
  g_return_if_fail (LUMINA_IS_DATASET_PAGE (self));
  g_return_if_fail (!store || LUMINA_IS_DATASET_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->version);
  g_list_store_remove_all (self->versions);
}

/* Versions never change, so when the one selected is the one on screen only
 * the object is swapped: the cards, the rows and their scroll position stay. */
static void
lumina_dataset_page_sync_version (LuminaDatasetPage *self)
{
  g_autoptr(LuminaDatasetVersion) selected = NULL;
  guint position = gtk_drop_down_get_selected (self->version_dropdown);

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (position != GTK_INVALID_LIST_POSITION)
    selected = g_list_model_get_item (G_LIST_MODEL (self->versions), position);

  if (selected != NULL && self->version != NULL &&
      lumina_dataset_version_get_number (selected) == lumina_dataset_version_get_number (self->version) &&
      g_strcmp0 (lumina_dataset_version_get_name (selected), lumina_dataset_version_get_name (self->version)) == 0)
    {
      g_set_object (&self->version, selected);
      lumina_contract_editor_set_version (self->contract_editor, self->store, selected);
      return;
    }

  lumina_dataset_page_show_version (self, selected);
}

/* Lists the versions again; the one on screen stays unless it was the latest. */
static gboolean
lumina_dataset_page_list_versions (LuminaDatasetPage  *self,
                                   int                 number,
                                   GError            **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  guint selected = 0;

  g_assert (LUMINA_IS_DATASET_PAGE (self));

  if (!(versions = lumina_dataset_store_list_versions (self->store, self->name, error)))
    return FALSE;

  g_signal_handlers_block_by_func (self->version_dropdown, version_selected_cb, self);
  g_list_store_remove_all (self->versions);
  for (guint i = versions->len; i > 0; i--)
    {
      LuminaDatasetVersion *version = g_ptr_array_index (versions, i - 1);

      if (lumina_dataset_version_get_number (version) == number)
        selected = versions->len - i;
      g_list_store_append (self->versions, version);
    }
  gtk_drop_down_set_selected (self->version_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->version_dropdown, version_selected_cb, self);

  lumina_version_list_set_versions (self->version_list, versions);
  lumina_dataset_page_sync_version (self);

  return TRUE;
}

/**
 * lumina_dataset_page_show_dataset:
 * @name: a dataset name
 * @number: the version to show, or 0 for the latest
 *
 * Returns: %FALSE with @error set when the dataset cannot be read
 */
gboolean
lumina_dataset_page_show_dataset (LuminaDatasetPage  *self,
                                  const char         *name,
                                  int                 number,
                                  GError            **error)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      gtk_label_set_text (self->name_label, name);
      adw_view_stack_set_visible_child_name (self->view_stack, "columns");
    }

  return lumina_dataset_page_list_versions (self, number, error);
}

/**
 * lumina_dataset_page_reload:
 *
 * Reads the dataset's versions and contract again, after a change the
 * event log announced.  A page on the latest version moves to the new latest.
 */
void
lumina_dataset_page_reload (LuminaDatasetPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaDatasetVersion) newest = NULL;
  int number = 0;

  g_return_if_fail (LUMINA_IS_DATASET_PAGE (self));

  if (self->name == NULL || self->store == NULL)
    return;

  newest = g_list_model_get_item (G_LIST_MODEL (self->versions), 0);
  if (self->version != NULL && self->version != newest)
    number = lumina_dataset_version_get_number (self->version);

  if (!lumina_dataset_page_list_versions (self, number, &error))
    g_debug ("Could not reload dataset %s: %s", self->name, error->message);
}

const char *
lumina_dataset_page_get_name (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return self->name;
}

/**
 * lumina_dataset_page_get_version:
 *
 * Returns: (transfer none) (nullable): the version on screen
 */
LuminaDatasetVersion *
lumina_dataset_page_get_version (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return self->version;
}

gboolean
lumina_dataset_page_select_version (LuminaDatasetPage *self,
                                    int                number)
{
  guint n_items;

  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), FALSE);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LuminaDatasetVersion) version = g_list_model_get_item (G_LIST_MODEL (self->versions), i);

      if (lumina_dataset_version_get_number (version) == number)
        {
          gtk_drop_down_set_selected (self->version_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * lumina_dataset_page_set_visible_tab:
 * @name: "columns", "rows", "versions" or "contract"
 */
void
lumina_dataset_page_set_visible_tab (LuminaDatasetPage *self,
                                     const char        *name)
{
  g_return_if_fail (LUMINA_IS_DATASET_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
lumina_dataset_page_get_visible_tab (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

guint
lumina_dataset_page_get_n_profile_cards (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), 0);

  return self->n_cards;
}

LuminaRowViewer *
lumina_dataset_page_get_row_viewer (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return self->row_viewer;
}

LuminaVersionList *
lumina_dataset_page_get_version_list (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return self->version_list;
}

LuminaContractEditor *
lumina_dataset_page_get_contract_editor (LuminaDatasetPage *self)
{
  g_return_val_if_fail (LUMINA_IS_DATASET_PAGE (self), NULL);

  return self->contract_editor;
}
