/* lumina-version-list.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Versions tab of a dataset: every version, newest first, with a check
 * box each.  With two checked it shows lumina_dataset_diff() of the older
 * and the newer: rows, columns added, removed or retyped, and the columns
 * whose statistics moved.
 */
#define G_LOG_DOMAIN "lumina-version-list"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-version-list.h"

struct _LuminaVersionList
{
  GtkWidget             parent_instance;

  /* Template children */
  GtkListBox           *versions_list;
  AdwPreferencesGroup  *diff_group;
  GtkListBox           *diff_list;
  GtkWidget            *shifts_group;
  GtkListBox           *shifts_list;

  GPtrArray            *versions;    /* LuminaDatasetVersion, oldest first */
  GPtrArray            *checks;      /* GtkCheckButton, same order */
  GArray               *checked;     /* int version numbers, in the order checked */
  JsonNode             *diff;

  guint                 updating : 1;
};

G_DEFINE_FINAL_TYPE (LuminaVersionList, lumina_version_list, GTK_TYPE_WIDGET)

enum {
  VERSION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (list, child);
}

static LuminaDatasetVersion *
find_version (LuminaVersionList *self,
              int                number)
{
  for (guint i = 0; self->versions != NULL && i < self->versions->len; i++)
    {
      LuminaDatasetVersion *version = g_ptr_array_index (self->versions, i);

      if (lumina_dataset_version_get_number (version) == number)
        return version;
    }

  return NULL;
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);

  return row;
}

/* A title over a list of names or changes that may run long. */
static GtkWidget *
add_list_row (GtkListBox *list,
              const char *title,
              const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_list_box_append (list, row);

  return row;
}

static char *
join_names (JsonArray *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_array_get_string_element (names, i));
    }

  if (text->len == 0)
    g_string_append (text, C_("columns", "None"));

  return g_string_free (text, FALSE);
}

static char *
format_rows_change (JsonObject *rows)
{
  gint64 from = json_object_get_int_member_with_default (rows, "from", 0);
  gint64 to = json_object_get_int_member_with_default (rows, "to", 0);
  g_autofree char *from_text = lumina_data_format_count (from);
  g_autofree char *to_text = lumina_data_format_count (to);
  g_autofree char *delta = lumina_data_format_count (ABS (to - from));

  if (from == to)
    /* Translators: a number of rows that did not change */
    return g_strdup_printf (_("%s (unchanged)"), to_text);

  /* Translators: rows before → rows after (the difference, with its sign) */
  return g_strdup_printf (_("%s → %s (%s%s)"), from_text, to_text, to > from ? "+" : "−", delta);
}

static const char *
role_name (const char *role)
{
  if (g_strcmp0 (role, "feature") == 0)
    return C_("column role", "Feature");
  if (g_strcmp0 (role, "target") == 0)
    return C_("column role", "Target");
  if (g_strcmp0 (role, "id") == 0)
    return C_("column role", "Identifier");
  if (g_strcmp0 (role, "ignore") == 0)
    return C_("column role", "Ignored");

  return role ? role : "";
}

/* “species: Feature → Target” for each column whose type or role changed. */
static char *
format_changed (JsonArray *changed)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; changed != NULL && i < json_array_get_length (changed); i++)
    {
      JsonObject *change = json_array_get_object_element (changed, i);
      const char *from_type = json_object_get_string_member_with_default (change, "from_type", NULL);
      const char *to_type = json_object_get_string_member_with_default (change, "to_type", NULL);
      const char *from_role = json_object_get_string_member_with_default (change, "from_role", NULL);
      const char *to_role = json_object_get_string_member_with_default (change, "to_role", NULL);
      gboolean retyped = g_strcmp0 (from_type, to_type) != 0;
      gboolean new_role = g_strcmp0 (from_role, to_role) != 0;

      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text, "%s: ", json_object_get_string_member_with_default (change, "column", ""));
      if (retyped)
        /* Translators: an old value → a new one */
        g_string_append_printf (text, _("%s → %s"), lumina_data_format_type (from_type),
                                lumina_data_format_type (to_type));
      if (retyped && new_role)
        g_string_append (text, ", ");
      if (new_role)
        g_string_append_printf (text, _("%s → %s"), role_name (from_role), role_name (to_role));
    }

  if (text->len == 0)
    g_string_append (text, C_("columns", "None"));

  return g_string_free (text, FALSE);
}

static const struct {
  const char *member;
  const char *label;
} shift_stats[] = {
  { "missing", N_("missing") },
  { "distinct", N_("distinct") },
  { "min", N_("min") },
  { "mean", N_("mean") },
  { "max", N_("max") },
  { "std", N_("std. dev.") },
};

/* “mean 5.84 → 5.9 · max 7.9 → 8.1” for the statistics that moved, or %NULL. */
static char *
format_shift (JsonObject *column)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < G_N_ELEMENTS (shift_stats); s++)
    {
      JsonObject *pair;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (!json_object_has_member (column, shift_stats[s].member) ||
          !(pair = json_object_get_object_member (column, shift_stats[s].member)))
        continue;

      from = lumina_data_format_json_value (json_object_get_member (pair, "from"));
      to = lumina_data_format_json_value (json_object_get_member (pair, "to"));
      if (g_strcmp0 (from, to) == 0)
        continue;

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: a statistic, its old value → its new value */
      g_string_append_printf (text, _("%s %s → %s"), _(shift_stats[s].label), from, to);
    }

  if (text->len == 0)
    return (g_string_free (text, TRUE), NULL);

  return g_string_free (text, FALSE);
}

static void
lumina_version_list_show_shifts (LuminaVersionList *self,
                                 JsonArray         *columns)
{
  guint n_shown = 0;

  g_assert (LUMINA_IS_VERSION_LIST (self));

  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      g_autofree char *shift = format_shift (column);
      GtkWidget *row;

      if (shift == NULL)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member_with_default (column, "column", ""));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shift);
      gtk_list_box_append (self->shifts_list, row);
      n_shown++;
    }

  if (n_shown == 0)
    add_row (self->shifts_list, _("No column’s statistics changed"), "");

  gtk_widget_set_visible (self->shifts_group, TRUE);
}

static void
lumina_version_list_show_diff (LuminaVersionList *self)
{
  JsonObject *diff;
  g_autofree char *title = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *changed = NULL;

  g_assert (LUMINA_IS_VERSION_LIST (self));

  clear_list (self->diff_list);
  clear_list (self->shifts_list);
  gtk_widget_set_visible (self->shifts_group, FALSE);

  if (self->diff == NULL)
    {
      adw_preferences_group_set_title (self->diff_group, _("Changes"));
      return;
    }

  diff = json_node_get_object (self->diff);
  /* Translators: the versions compared, such as “iris@1 → iris@2” */
  title = g_strdup_printf (_("Changes from %s to %s"),
                           json_object_get_string_member_with_default (diff, "from", ""),
                           json_object_get_string_member_with_default (diff, "to", ""));
  adw_preferences_group_set_title (self->diff_group, title);

  rows = format_rows_change (json_object_get_object_member (diff, "rows"));
  added = join_names (json_object_get_array_member (diff, "added"));
  removed = join_names (json_object_get_array_member (diff, "removed"));
  changed = format_changed (json_object_get_array_member (diff, "changed"));

  add_row (self->diff_list, _("Rows"), rows);
  add_row (self->diff_list, _("Content"),
           json_object_get_boolean_member_with_default (diff, "same_content", FALSE)
             ? _("Identical") : _("Different"));
  add_list_row (self->diff_list, _("Added Columns"), added);
  add_list_row (self->diff_list, _("Removed Columns"), removed);
  add_list_row (self->diff_list, _("Changed Columns"), changed);

  lumina_version_list_show_shifts (self, json_object_get_array_member (diff, "columns"));
}

static void
lumina_version_list_update_diff (LuminaVersionList *self)
{
  LuminaDatasetVersion *a;
  LuminaDatasetVersion *b;
  int first, second;

  g_assert (LUMINA_IS_VERSION_LIST (self));

  g_clear_pointer (&self->diff, json_node_unref);

  if (self->checked->len == 2)
    {
      first = g_array_index (self->checked, int, 0);
      second = g_array_index (self->checked, int, 1);
      a = find_version (self, MIN (first, second));
      b = find_version (self, MAX (first, second));
      if (a != NULL && b != NULL)
        self->diff = lumina_dataset_diff (a, b);
    }

  lumina_version_list_show_diff (self);
}

static void
lumina_version_list_set_checked (LuminaVersionList *self,
                                 int                number,
                                 gboolean           active)
{
  g_assert (LUMINA_IS_VERSION_LIST (self));

  for (guint i = 0; i < self->checked->len; i++)
    if (g_array_index (self->checked, int, i) == number)
      {
        g_array_remove_index (self->checked, i);
        break;
      }

  if (active)
    g_array_append_val (self->checked, number);

  /* Only two at a time: checking a third lets go of the one checked first. */
  while (self->checked->len > 2)
    {
      int oldest = g_array_index (self->checked, int, 0);

      g_array_remove_index (self->checked, 0);
      for (guint i = 0; i < self->versions->len; i++)
        if (lumina_dataset_version_get_number (g_ptr_array_index (self->versions, i)) == oldest)
          {
            self->updating = TRUE;
            gtk_check_button_set_active (g_ptr_array_index (self->checks, i), FALSE);
            self->updating = FALSE;
          }
    }
}

static void
check_toggled_cb (LuminaVersionList *self,
                  GtkCheckButton    *check)
{
  int number = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "lumina-version"));

  g_assert (LUMINA_IS_VERSION_LIST (self));

  if (self->updating)
    return;

  lumina_version_list_set_checked (self, number, gtk_check_button_get_active (check));
  lumina_version_list_update_diff (self);
}

static void
show_clicked_cb (LuminaVersionList *self,
                 GtkButton         *button)
{
  g_assert (LUMINA_IS_VERSION_LIST (self));

  g_signal_emit (self, signals[VERSION_ACTIVATED], 0,
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "lumina-version")));
}

static GtkWidget *
lumina_version_list_create_row (LuminaVersionList    *self,
                                LuminaDatasetVersion *version,
                                GtkWidget           **out_check)
{
  int number = lumina_dataset_version_get_number (version);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *hash = gtk_label_new (NULL);
  GtkWidget *show = gtk_button_new_from_icon_name ("go-next-symbolic");
  g_autofree char *title = NULL;
  g_autofree char *size = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *short_hash = g_strndup (lumina_dataset_version_get_content_hash (version), 12);

  /* Translators: a dataset version's title, such as “Version 3” */
  title = g_strdup_printf (_("Version %d"), number);
  size = lumina_data_format_size (lumina_dataset_version_get_n_rows (version),
                                  lumina_dataset_version_get_n_columns (version));
  when = lumina_data_format_time (lumina_dataset_version_get_created_at (version));
  /* Translators: kind of version · its size · when · by whom */
  subtitle = g_strdup_printf (_("%s · %s · %s · %s"),
                              lumina_data_format_kind (lumina_dataset_version_get_kind (version)),
                              size, when, lumina_dataset_version_get_actor (version));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (check), "lumina-version", GINT_TO_POINTER (number));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_label_set_text (GTK_LABEL (hash), short_hash);
  gtk_widget_set_tooltip_text (hash, lumina_dataset_version_get_content_hash (version));
  gtk_widget_add_css_class (hash, "monospace");
  gtk_widget_add_css_class (hash, "dim-label");
  gtk_widget_add_css_class (hash, "hash");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), hash);

  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (show, _("Show This Version"));
  gtk_widget_add_css_class (show, "flat");
  g_object_set_data (G_OBJECT (show), "lumina-version", GINT_TO_POINTER (number));
  g_signal_connect_object (show, "clicked", G_CALLBACK (show_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), show);

  *out_check = check;
  return row;
}

static void
lumina_version_list_dispose (GObject *object)
{
  LuminaVersionList *self = LUMINA_VERSION_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_VERSION_LIST);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->diff, json_node_unref);

  G_OBJECT_CLASS (lumina_version_list_parent_class)->dispose (object);
}

static void
lumina_version_list_finalize (GObject *object)
{
  LuminaVersionList *self = LUMINA_VERSION_LIST (object);

  g_array_unref (self->checked);

  G_OBJECT_CLASS (lumina_version_list_parent_class)->finalize (object);
}

static void
lumina_version_list_class_init (LuminaVersionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_version_list_dispose;
  object_class->finalize = lumina_version_list_finalize;

  /**
   * LuminaVersionList::version-activated:
   * @number: the version the user asked to see
   */
  signals[VERSION_ACTIVATED] =
    g_signal_new ("version-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "luminaversionlist");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-version-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaVersionList, versions_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaVersionList, diff_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaVersionList, diff_list);
  gtk_widget_class_bind_template_child (widget_class, LuminaVersionList, shifts_group);
  gtk_widget_class_bind_template_child (widget_class, LuminaVersionList, shifts_list);
}

static void
lumina_version_list_init (LuminaVersionList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checked = g_array_new (FALSE, FALSE, sizeof (int));
}

GtkWidget *
lumina_version_list_new (void)
{
  return g_object_new (LUMINA_TYPE_VERSION_LIST, NULL);
}

/**
 * lumina_version_list_set_versions:
 * @versions: (element-type LuminaDatasetVersion): every version of one dataset, oldest first
 *
 * Lists @versions and compares the latest two, or keeps the pair already
 * chosen when both are still there.
 */
void
lumina_version_list_set_versions (LuminaVersionList *self,
                                  GPtrArray         *versions)
{
  g_autoptr(GArray) keep = NULL;

  g_return_if_fail (LUMINA_IS_VERSION_LIST (self));
  g_return_if_fail (versions != NULL);

  keep = g_array_copy (self->checked);
  g_array_set_size (self->checked, 0);
  clear_list (self->versions_list);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->versions, g_ptr_array_unref);

  self->versions = g_ptr_array_ref (versions);
  self->checks = g_ptr_array_new ();
  for (guint i = 0; i < versions->len; i++)
    g_ptr_array_add (self->checks, NULL);

  /* Newest first on screen. */
  for (guint i = versions->len; i > 0; i--)
    {
      GtkWidget *check = NULL;
      GtkWidget *row = lumina_version_list_create_row (self, g_ptr_array_index (versions, i - 1), &check);

      self->checks->pdata[i - 1] = check;
      gtk_list_box_append (self->versions_list, row);
    }

  if (keep->len == 2 && find_version (self, g_array_index (keep, int, 0)) &&
      find_version (self, g_array_index (keep, int, 1)))
    lumina_version_list_compare (self, g_array_index (keep, int, 0), g_array_index (keep, int, 1));
  else if (versions->len >= 2)
    lumina_version_list_compare (self,
                                 lumina_dataset_version_get_number (g_ptr_array_index (versions, versions->len - 2)),
                                 lumina_dataset_version_get_number (g_ptr_array_index (versions, versions->len - 1)));
  else
    lumina_version_list_update_diff (self);
}

/**
 * lumina_version_list_compare:
 * @from: a version number
 * @to: another version number
 *
 * Checks the two versions and shows what changed between them.
 *
 * Returns: %FALSE when either version is not listed
 */
gboolean
lumina_version_list_compare (LuminaVersionList *self,
                             int                from,
                             int                to)
{
  g_return_val_if_fail (LUMINA_IS_VERSION_LIST (self), FALSE);

  if (find_version (self, from) == NULL || find_version (self, to) == NULL || from == to)
    return FALSE;

  self->updating = TRUE;
  for (guint i = 0; i < self->versions->len; i++)
    {
      int number = lumina_dataset_version_get_number (g_ptr_array_index (self->versions, i));

      gtk_check_button_set_active (g_ptr_array_index (self->checks, i), number == from || number == to);
    }
  self->updating = FALSE;

  g_array_set_size (self->checked, 0);
  g_array_append_val (self->checked, from);
  g_array_append_val (self->checked, to);
  lumina_version_list_update_diff (self);

  return TRUE;
}

/**
 * lumina_version_list_get_diff:
 *
 * Returns: (transfer none) (nullable): the comparison on screen, as lumina_dataset_diff() made it
 */
JsonNode *
lumina_version_list_get_diff (LuminaVersionList *self)
{
  g_return_val_if_fail (LUMINA_IS_VERSION_LIST (self), NULL);

  return self->diff;
}
