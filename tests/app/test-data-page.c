/* test-data-page.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data view in a real window over a real workspace: the empty state,
 * the dataset table, the dataset page's tabs, importing through the dialog
 * (progress, cancel, contract violations), live refresh from another
 * process, and a million-row version in the row viewer.
 */
#define G_LOG_DOMAIN "test-data-page"

#include "config.h"

#include <glib/gstdio.h>

#include "lumina-data-page.h"
#include "lumina-profile-card.h"
#include "lumina-test-serve.h"
#include "lumina-test-util.h"
#include "lumina-window.h"

#define MILLION 1000000

typedef struct
{
  LuminaWorkspace    *workspace;
  char               *tmp_dir;
  GSettings          *settings;
  LuminaWindow       *window;
  LuminaDataPage     *page;

  /* Filled by the import dialog's signals. */
  LuminaDatasetVersion *imported;
  double              fraction_at_import;
  double              max_bar_fraction;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);
  fixture->settings = lumina_test_open_settings (ADW_COLOR_SCHEME_DEFAULT);
}

static void
fixture_open_window (Fixture *fixture,
                     int      width,
                     int      height)
{
  fixture->page = LUMINA_DATA_PAGE (lumina_test_open_window (&fixture->window, fixture->settings, fixture->workspace,
                                                             "data", width, height));
  g_assert_true (LUMINA_IS_DATA_PAGE (fixture->page));
  g_assert_true (lumina_data_page_get_workspace (fixture->page) == fixture->workspace);
}

static void
fixture_close_window (Fixture *fixture)
{
  lumina_test_close_window (&fixture->window);
  fixture->page = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fixture_close_window (fixture);

  lumina_test_close_settings (&fixture->settings);
  g_clear_object (&fixture->imported);
  lumina_test_close_workspace (&fixture->workspace, &fixture->tmp_dir);
}

/* ---- helpers ----------------------------------------------------------- */

static GFile *
iris_file (void)
{
  return g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "..", "data", "iris.csv", NULL));
}

static guint
count_widgets (GtkWidget *widget,
               GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, type);

  return n;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_n_datasets (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (lumina_data_page_get_datasets (fixture->page)) ==
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->page), "test-n-datasets"));
}

static void
wait_for_datasets (Fixture *fixture,
                   guint    n)
{
  g_object_set_data (G_OBJECT (fixture->page), "test-n-datasets", GUINT_TO_POINTER (n));
  lumina_test_wait_until (has_n_datasets, fixture, 10000);
}

static gboolean
dialog_settled (gpointer data)
{
  LuminaImportState state = lumina_import_dialog_get_state (data);

  return state != LUMINA_IMPORT_STATE_LOADING && state != LUMINA_IMPORT_STATE_IMPORTING;
}

static gboolean
import_finished (gpointer data)
{
  Fixture *fixture = data;

  return fixture->imported != NULL;
}

static void
imported_cb (LuminaImportDialog   *dialog,
             LuminaDatasetVersion *version,
             Fixture              *fixture)
{
  g_set_object (&fixture->imported, version);
  fixture->fraction_at_import = lumina_job_get_fraction (lumina_import_dialog_get_job (dialog));
}

static void
fraction_cb (LuminaJob  *job,
             GParamSpec *pspec,
             Fixture    *fixture)
{
  fixture->max_bar_fraction = MAX (fixture->max_bar_fraction, lumina_job_get_fraction (job));
}

/* Opens the import dialog for @file and waits for its preview. */
static LuminaImportDialog *
open_import_dialog (Fixture *fixture,
                    GFile   *file)
{
  LuminaImportDialog *dialog = lumina_data_page_import_file (fixture->page, file);

  g_assert_true (LUMINA_IS_IMPORT_DIALOG (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  lumina_test_wait_until (dialog_settled, dialog, 30000);
  g_assert_cmpint (lumina_import_dialog_get_state (dialog), ==, LUMINA_IMPORT_STATE_READY);
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), fixture);

  return dialog;
}

/* Runs the dialog's own import and waits until the version is written. */
static LuminaDatasetVersion *
run_import (Fixture            *fixture,
            LuminaImportDialog *dialog)
{
  g_clear_object (&fixture->imported);
  fixture->max_bar_fraction = 0.0;

  g_assert_true (lumina_import_dialog_import (dialog));
  g_assert_cmpint (lumina_import_dialog_get_state (dialog), ==, LUMINA_IMPORT_STATE_IMPORTING);
  g_signal_connect (lumina_import_dialog_get_job (dialog), "notify::fraction",
                    G_CALLBACK (fraction_cb), fixture);

  lumina_test_wait_until (import_finished, fixture, 120000);
  lumina_test_iterate (200);

  return fixture->imported;
}

static guint
n_versions (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  versions = lumina_dataset_store_list_versions (lumina_data_page_get_store (fixture->page), name, &error);
  g_assert_no_error (error);

  return versions->len;
}

/* A window redraws on its next frame after a change; wait for it. */
static void
screenshot (GtkWidget  *widget,
            const char *filename)
{
  lumina_test_wait_until (lumina_test_is_drawn, widget, 10000);
  lumina_test_screenshot (widget, filename);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_data_empty (Fixture       *fixture,
                 gconstpointer  user_data)
{
  fixture_open_window (fixture, 1100, 760);

  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (lumina_data_page_get_datasets (fixture->page)), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->page)));
  g_assert_nonnull (find_label (GTK_WIDGET (fixture->page), "No Datasets"));

  screenshot (GTK_WIDGET (fixture->window), "data-empty.png");
}

static void
test_data_list_and_dataset (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GFile) iris = iris_file ();
  g_autoptr(LuminaDatasetVersion) version = NULL;
  g_autoptr(LuminaDatasetVersion) listed = NULL;
  LuminaDatasetPage *dataset_page;
  GtkColumnView *view;
  GListModel *rows;

  fixture_open_window (fixture, 1100, 760);
  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "empty");

  /* The engine's write is announced on the event log; the page follows it. */
  version = lumina_test_import_dataset (fixture->workspace, "iris", iris, NULL);
  wait_for_datasets (fixture, 1);
  lumina_test_iterate (200);

  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "list");
  listed = g_list_model_get_item (lumina_data_page_get_datasets (fixture->page), 0);
  g_assert_cmpstr (lumina_dataset_version_get_name (listed), ==, "iris");
  g_assert_cmpint (lumina_dataset_version_get_n_rows (listed), ==, 150);
  g_assert_cmpuint (lumina_dataset_version_get_n_columns (listed), ==, 5);

  view = lumina_data_page_get_column_view (fixture->page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 1);
  g_assert_nonnull (find_label (GTK_WIDGET (view), "iris"));
  g_assert_nonnull (find_label (GTK_WIDGET (view), "150"));
  screenshot (GTK_WIDGET (fixture->window), "data-list.png");

  /* Activating the row opens the dataset's page on its Columns tab. */
  g_signal_emit_by_name (view, "activate", 0);
  lumina_test_iterate (300);
  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "dataset");

  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  g_assert_cmpstr (lumina_dataset_page_get_name (dataset_page), ==, "iris");
  g_assert_cmpint (lumina_dataset_version_get_number (lumina_dataset_page_get_version (dataset_page)), ==, 1);
  g_assert_cmpstr (lumina_dataset_page_get_visible_tab (dataset_page), ==, "columns");
  g_assert_cmpuint (lumina_dataset_page_get_n_profile_cards (dataset_page), ==, 5);
  g_assert_cmpuint (count_widgets (GTK_WIDGET (dataset_page), LUMINA_TYPE_PROFILE_CARD), ==, 5);
  screenshot (GTK_WIDGET (fixture->window), "data-dataset-columns.png");

  /* Rows are loaded when their tab opens. */
  lumina_dataset_page_set_visible_tab (dataset_page, "rows");
  lumina_test_iterate (300);
  rows = lumina_row_viewer_get_model (lumina_dataset_page_get_row_viewer (dataset_page));
  g_assert_nonnull (rows);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 150);
  g_assert_nonnull (find_label (GTK_WIDGET (dataset_page), "setosa"));
  screenshot (GTK_WIDGET (fixture->window), "data-dataset-rows.png");

  /* Back returns to the table. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dataset_page), "data.back", NULL));
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "list");
}

static void
test_data_import_dialog (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GFile) iris = iris_file ();
  g_autoptr(LuminaDatasetVersion) first = NULL;
  LuminaImportDialog *dialog;
  LuminaDatasetVersion *second;
  LuminaDatasetPage *dataset_page;
  LuminaVersionList *versions;
  LuminaFrame *preview;
  JsonObject *diff;
  JsonArray *changed;

  fixture_open_window (fixture, 1100, 760);
  first = lumina_test_import_dataset (fixture->workspace, "iris", iris, NULL);
  wait_for_datasets (fixture, 1);

  dialog = open_import_dialog (fixture, iris);
  g_assert_cmpstr (lumina_import_dialog_get_name (dialog), ==, "iris");
  preview = lumina_import_dialog_get_preview (dialog);
  g_assert_cmpuint (lumina_frame_get_n_rows (preview), ==, 150);
  g_assert_cmpuint (lumina_frame_get_n_columns (preview), ==, 5);
  g_assert_cmpint (lumina_frame_get_column (preview, 0)->type, ==, LUMINA_COLUMN_TYPE_FLOAT);
  g_assert_true (lumina_import_dialog_set_target (dialog, "species"));
  g_assert_false (lumina_import_dialog_set_target (dialog, "no_such_column"));
  lumina_test_iterate (300);
  screenshot (GTK_WIDGET (dialog), "data-import-dialog.png");

  second = run_import (fixture, dialog);
  g_assert_nonnull (second);
  g_assert_cmpstr (lumina_dataset_version_get_name (second), ==, "iris");
  g_assert_cmpint (lumina_dataset_version_get_number (second), ==, 2);
  g_assert_cmpstr (lumina_dataset_version_get_target (second), ==, "species");
  g_assert_cmpfloat (fixture->fraction_at_import, ==, 1.0);
  g_assert_cmpfloat (fixture->max_bar_fraction, ==, 1.0);
  g_assert_cmpuint (n_versions (fixture, "iris"), ==, 2);

  /* The page opens the new version. */
  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "dataset");
  g_assert_cmpint (lumina_dataset_version_get_number (lumina_dataset_page_get_version (dataset_page)), ==, 2);
  wait_for_datasets (fixture, 1);

  /* Versions: the latest two are compared, and any other pair can be. */
  lumina_dataset_page_set_visible_tab (dataset_page, "versions");
  lumina_test_iterate (200);
  versions = lumina_dataset_page_get_version_list (dataset_page);
  g_assert_nonnull (lumina_version_list_get_diff (versions));
  g_assert_false (lumina_version_list_compare (versions, 1, 3));
  g_assert_true (lumina_version_list_compare (versions, 1, 2));
  diff = json_node_get_object (lumina_version_list_get_diff (versions));
  g_assert_cmpstr (json_object_get_string_member (diff, "from"), ==, "iris@1");
  g_assert_cmpstr (json_object_get_string_member (diff, "to"), ==, "iris@2");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (diff, "rows"), "to"), ==, 150);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diff, "added")), ==, 0);
  changed = json_object_get_array_member (diff, "changed");
  g_assert_cmpuint (json_array_get_length (changed), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changed, 0), "column"), ==, "species");
  g_assert_nonnull (find_label (GTK_WIDGET (versions), "Changes from iris@1 to iris@2"));
  screenshot (GTK_WIDGET (fixture->window), "data-dataset-versions.png");

  /* An older version can be shown from the list. */
  g_assert_true (lumina_dataset_page_select_version (dataset_page, 1));
  lumina_test_iterate (100);
  g_assert_cmpint (lumina_dataset_version_get_number (lumina_dataset_page_get_version (dataset_page)), ==, 1);
}

static double
contract_max (JsonNode   *contract,
              const char *column)
{
  JsonObject *columns = json_object_get_object_member (json_node_get_object (contract), "columns");

  return json_object_get_double_member (json_object_get_object_member (columns, column), "max");
}

static void
test_data_contract (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GFile) iris = iris_file ();
  g_autoptr(LuminaDatasetVersion) first = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;
  LuminaDatasetPage *dataset_page;
  LuminaContractEditor *editor;
  LuminaImportDialog *dialog;
  GtkWidget *column_row;
  GtkWidget *max_row;
  JsonArray *violations;
  JsonObject *violation;

  fixture_open_window (fixture, 1100, 760);
  first = lumina_test_import_dataset (fixture->workspace, "iris", iris, NULL);
  wait_for_datasets (fixture, 1);
  g_assert_true (lumina_data_page_open_dataset (fixture->page, "iris", 0));

  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  lumina_dataset_page_set_visible_tab (dataset_page, "contract");
  editor = lumina_dataset_page_get_contract_editor (dataset_page);
  lumina_test_iterate (200);
  g_assert_null (lumina_contract_editor_get_contract (editor));
  g_assert_nonnull (find_label (GTK_WIDGET (editor), "No Contract"));

  /* Create from this version, then tighten one bound and save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "contract.create", NULL));
  lumina_test_iterate (300);
  g_assert_nonnull (lumina_contract_editor_get_contract (editor));
  g_assert_false (lumina_contract_editor_get_modified (editor));

  column_row = find_row (GTK_WIDGET (editor), ADW_TYPE_EXPANDER_ROW, "sepal_length_cm");
  g_assert_nonnull (column_row);
  max_row = find_row (column_row, ADW_TYPE_ENTRY_ROW, "Maximum");
  g_assert_nonnull (max_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (max_row)), ==, "7.9");

  gtk_editable_set_text (GTK_EDITABLE (max_row), "seven");
  g_assert_true (gtk_widget_has_css_class (max_row, "error"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "contract.save", NULL);
  lumina_test_iterate (100);
  g_assert_true (lumina_contract_editor_get_modified (editor));
  stored = lumina_dataset_store_get_contract (lumina_data_page_get_store (fixture->page), "iris", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (contract_max (stored, "sepal_length_cm"), ==, 7.9);
  g_clear_pointer (&stored, json_node_unref);

  gtk_editable_set_text (GTK_EDITABLE (max_row), "7");
  g_assert_false (gtk_widget_has_css_class (max_row, "error"));
  g_assert_true (lumina_contract_editor_get_modified (editor));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (column_row), TRUE);
  lumina_test_iterate (200);
  screenshot (GTK_WIDGET (fixture->window), "data-dataset-contract.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "contract.save", NULL));
  lumina_test_iterate (200);

  stored = lumina_dataset_store_get_contract (lumina_data_page_get_store (fixture->page), "iris", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (contract_max (stored, "sepal_length_cm"), ==, 7.0);

  /* The same file now breaks the contract: the dialog shows why and nothing is written. */
  dialog = open_import_dialog (fixture, iris);
  g_assert_true (lumina_import_dialog_import (dialog));
  lumina_test_wait_until (dialog_settled, dialog, 30000);
  g_assert_cmpint (lumina_import_dialog_get_state (dialog), ==, LUMINA_IMPORT_STATE_REFUSED);
  g_assert_null (fixture->imported);
  g_assert_nonnull (lumina_import_dialog_get_report (dialog));

  violations = json_object_get_array_member (json_node_get_object (lumina_import_dialog_get_report (dialog)),
                                             "violations");
  g_assert_cmpuint (json_array_get_length (violations), >=, 1);
  violation = json_array_get_object_element (violations, 0);
  g_assert_cmpstr (json_object_get_string_member (violation, "column"), ==, "sepal_length_cm");
  g_assert_cmpstr (json_object_get_string_member (violation, "rule"), ==, "max");
  g_assert_cmpint (json_object_get_int_member (violation, "count"), >, 0);
  g_assert_nonnull (find_row (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "sepal_length_cm: max"));
  lumina_test_iterate (300);
  screenshot (GTK_WIDGET (dialog), "data-import-violations.png");

  g_assert_cmpuint (n_versions (fixture, "iris"), ==, 1);

  /* Back to the preview; closing writes nothing either. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.back", NULL));
  g_assert_cmpint (lumina_import_dialog_get_state (dialog), ==, LUMINA_IMPORT_STATE_READY);
  gtk_window_close (GTK_WINDOW (dialog));
  lumina_test_iterate (100);

  /* Removing the contract, and undoing it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "contract.remove", NULL));
  lumina_test_iterate (200);
  g_assert_null (lumina_contract_editor_get_contract (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "contract.restore", NULL));
  lumina_test_iterate (200);
  g_assert_nonnull (lumina_contract_editor_get_contract (editor));
}

static gboolean
shows_version_2 (gpointer data)
{
  LuminaDatasetVersion *version = lumina_dataset_page_get_version (data);

  return version != NULL && lumina_dataset_version_get_number (version) == 2;
}

static void
test_data_live (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(LuminaWorkspace) other = NULL;
  g_autoptr(LuminaDatasetVersion) first = NULL;
  g_autoptr(LuminaDatasetVersion) second = NULL;
  g_autoptr(LuminaDatasetVersion) top = NULL;
  g_autoptr(LuminaDatasetVersion) third = NULL;
  g_autoptr(GFile) iris = iris_file ();
  g_autoptr(GFile) penguins = NULL;
  LuminaDatasetPage *dataset_page;
  g_autoptr(GError) error = NULL;
  GtkColumnView *view;
  GListModel *model;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) rows_column = NULL;

  fixture_open_window (fixture, 1100, 760);

  /* Another process writing to the same workspace, as the command line would:
   * its events reach this window only through the log's polling. */
  other = lumina_workspace_open (lumina_workspace_get_path (fixture->workspace), LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);

  first = lumina_test_import_dataset (other, "iris", iris, NULL);
  wait_for_datasets (fixture, 1);

  penguins = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "..", "data", "penguins.csv", NULL));
  second = lumina_test_import_dataset (other, "penguins", penguins, NULL);
  wait_for_datasets (fixture, 2);

  /* Sorting by rows, largest first. */
  view = lumina_data_page_get_column_view (fixture->page);
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  columns = gtk_column_view_get_columns (view);
  rows_column = g_list_model_get_item (columns, 2);
  g_assert_cmpstr (gtk_column_view_column_get_title (rows_column), ==, "Rows");
  gtk_column_view_sort_by_column (view, rows_column, GTK_SORT_DESCENDING);
  top = g_list_model_get_item (model, 0);
  g_assert_cmpstr (lumina_dataset_version_get_name (top), ==, "penguins");
  g_clear_object (&top);
  gtk_column_view_sort_by_column (view, rows_column, GTK_SORT_ASCENDING);
  top = g_list_model_get_item (model, 0);
  g_assert_cmpstr (lumina_dataset_version_get_name (top), ==, "iris");

  /* A dataset page on its latest version follows new versions. */
  g_assert_true (lumina_data_page_open_dataset (fixture->page, "iris", 0));
  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  /* Same rows, a new target: a new version, not the old one reused. */
  third = lumina_test_import_dataset (other, "iris", iris, "species");
  lumina_test_wait_until (shows_version_2, dataset_page, 10000);
  g_assert_cmpuint (lumina_dataset_page_get_n_profile_cards (dataset_page), ==, 5);
}

static void
test_data_unreadable (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->tmp_dir, "missing.csv", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (path);
  LuminaImportDialog *dialog;

  fixture_open_window (fixture, 1100, 760);

  dialog = lumina_data_page_import_file (fixture->page, missing);
  lumina_test_wait_until (dialog_settled, dialog, 10000);
  g_assert_cmpint (lumina_import_dialog_get_state (dialog), ==, LUMINA_IMPORT_STATE_UNREADABLE);
  g_assert_false (lumina_import_dialog_import (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  lumina_test_iterate (100);
  g_assert_cmpstr (lumina_data_page_get_visible_page (fixture->page), ==, "empty");
}

static gboolean
import_cancelled (gpointer data)
{
  return lumina_import_dialog_get_state (data) == LUMINA_IMPORT_STATE_READY;
}

static GFile *
write_million_rows (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "million.csv", NULL);
  GString *text = g_string_sized_new (24 * MILLION);
  g_autoptr(GError) error = NULL;

  g_string_append (text, "id,x,y\n");
  for (guint i = 0; i < MILLION; i++)
    g_string_append_printf (text, "%u,%u.%02u,%u\n", i, (i * 7919u) % 100000u, i % 100u, (i * 31u) % 1000u);

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  return g_file_new_for_path (path);
}

static void
test_data_million (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_million_rows (fixture->tmp_dir);
  LuminaImportDialog *dialog;
  LuminaDatasetVersion *version;
  LuminaDatasetPage *dataset_page;
  LuminaRowViewer *viewer;
  GtkAdjustment *adjustment;
  GListModel *rows;

  fixture_open_window (fixture, 1100, 760);

  dialog = open_import_dialog (fixture, file);
  g_assert_cmpuint (lumina_frame_get_n_rows (lumina_import_dialog_get_preview (dialog)), ==, MILLION);

  /* Cancelling stops the import and writes nothing. */
  g_assert_true (lumina_import_dialog_import (dialog));
  lumina_import_dialog_cancel (dialog);
  lumina_test_wait_until (import_cancelled, dialog, 60000);
  g_assert_null (fixture->imported);
  g_assert_cmpuint (g_list_model_get_n_items (lumina_data_page_get_datasets (fixture->page)), ==, 0);

  version = run_import (fixture, dialog);
  g_assert_nonnull (version);
  g_assert_cmpint (lumina_dataset_version_get_n_rows (version), ==, MILLION);
  g_assert_cmpfloat (fixture->max_bar_fraction, ==, 1.0);

  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  lumina_dataset_page_set_visible_tab (dataset_page, "rows");
  lumina_test_iterate (300);

  viewer = lumina_dataset_page_get_row_viewer (dataset_page);
  rows = lumina_row_viewer_get_model (viewer);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, MILLION);
  g_assert_nonnull (find_label (GTK_WIDGET (viewer), "1"));

  /* Scroll to the very end; the last row gets bound and drawn. */
  adjustment = lumina_row_viewer_get_vadjustment (viewer);
  for (guint i = 0; i < 5 && find_label (GTK_WIDGET (viewer), "1000000") == NULL; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
      lumina_test_iterate (200);
    }
  g_assert_nonnull (find_label (GTK_WIDGET (viewer), "1000000"));
  g_assert_nonnull (find_label (GTK_WIDGET (viewer), "999999"));
  g_assert_null (find_label (GTK_WIDGET (viewer), "1"));
  screenshot (GTK_WIDGET (fixture->window), "data-million-end.png");

  /* And back to the middle. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  lumina_test_iterate (200);
  g_assert_null (find_label (GTK_WIDGET (viewer), "1000000"));
}

static void
test_data_screenshots (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GFile) iris = iris_file ();
  g_autoptr(GFile) churn = NULL;
  g_autoptr(LuminaDatasetVersion) first = NULL;
  g_autoptr(LuminaDatasetVersion) second = NULL;
  g_autoptr(LuminaDatasetStore) store = NULL;
  g_autoptr(GError) error = NULL;
  LuminaImportOptions options = { .csv = { .header = -1 }, .target = "churn" };
  LuminaDatasetPage *dataset_page;

  first = lumina_test_import_dataset (fixture->workspace, "iris", iris, NULL);
  churn = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "..", "data", "wa_churn.csv", NULL));
  store = lumina_dataset_store_new (fixture->workspace);
  second = lumina_dataset_store_import (store, "wa_churn", churn, &options, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Dark: a dataset with a target and categorical columns. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  fixture_open_window (fixture, 1280, 800);
  g_assert_true (lumina_data_page_open_dataset (fixture->page, "wa_churn", 0));
  lumina_test_iterate (400);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dataset_page = lumina_data_page_get_dataset_page (fixture->page);
  g_assert_cmpuint (lumina_dataset_page_get_n_profile_cards (dataset_page), ==, 20);
  screenshot (GTK_WIDGET (fixture->window), "data-dark.png");
  fixture_close_window (fixture);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Narrow: a phone-sized window still shows the whole dataset page. */
  fixture_open_window (fixture, 360, 720);
  lumina_test_iterate (300);
  screenshot (GTK_WIDGET (fixture->window), "data-narrow-list.png");
  g_assert_true (lumina_data_page_open_dataset (fixture->page, "iris", 0));
  lumina_test_iterate (400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, 360);
  screenshot (GTK_WIDGET (fixture->window), "data-narrow.png");
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  /* Without a window manager focus moves oddly between the window and the
   * import dialog; a blinking cursor then warns about a lost focus-out. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/app/data-page/empty", Fixture, NULL,
              fixture_set_up, test_data_empty, fixture_tear_down);
  g_test_add ("/app/data-page/list-and-dataset", Fixture, NULL,
              fixture_set_up, test_data_list_and_dataset, fixture_tear_down);
  g_test_add ("/app/data-page/import-dialog", Fixture, NULL,
              fixture_set_up, test_data_import_dialog, fixture_tear_down);
  g_test_add ("/app/data-page/contract", Fixture, NULL,
              fixture_set_up, test_data_contract, fixture_tear_down);
  g_test_add ("/app/data-page/live", Fixture, NULL,
              fixture_set_up, test_data_live, fixture_tear_down);
  g_test_add ("/app/data-page/unreadable", Fixture, NULL,
              fixture_set_up, test_data_unreadable, fixture_tear_down);
  g_test_add ("/app/data-page/million", Fixture, NULL,
              fixture_set_up, test_data_million, fixture_tear_down);
  g_test_add ("/app/data-page/screenshots", Fixture, NULL,
              fixture_set_up, test_data_screenshots, fixture_tear_down);

  return g_test_run ();
}
