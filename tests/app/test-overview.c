/* test-overview.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-overview"

#include "config.h"

#include <string.h>

#include "lumina-activity-row.h"
#include "lumina-overview-page.h"
#include "lumina-test-util.h"

typedef struct
{
  LuminaWorkspace    *workspace;
  char               *tmp_dir;
  GtkWindow          *window;
  LuminaOverviewPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->workspace = lumina_test_open_workspace (&fixture->tmp_dir);

  fixture->page = LUMINA_OVERVIEW_PAGE (lumina_overview_page_new ());
  lumina_overview_page_set_workspace (fixture->page, fixture->workspace);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_present (fixture->window);
  lumina_test_wait_mapped (GTK_WIDGET (fixture->page));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  lumina_test_destroy_window (fixture->window);
  g_assert_null (fixture->page);

  g_clear_object (&fixture->workspace);
  lumina_test_remove_tree (fixture->tmp_dir);
  g_clear_pointer (&fixture->tmp_dir, g_free);
}

static GtkListBox *
activity_list (Fixture *fixture)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                      LUMINA_TYPE_OVERVIEW_PAGE,
                                                      "activity_list"));
}

static guint
count_rows (Fixture *fixture)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (activity_list (fixture)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LUMINA_IS_ACTIVITY_ROW (child))
        n++;
    }

  return n;
}

static guint
n_events (Fixture *fixture)
{
  return g_list_model_get_n_items (lumina_overview_page_get_activity (fixture->page));
}

static LuminaActivityRow *
first_row (Fixture *fixture)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (activity_list (fixture), 0);

  g_assert_true (LUMINA_IS_ACTIVITY_ROW (row));

  return LUMINA_ACTIVITY_ROW (row);
}

static void
append_event (LuminaWorkspace *workspace,
              const char      *kind,
              const char      *object)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaEvent) event = NULL;

  event = lumina_event_log_append (lumina_workspace_get_events (workspace), kind, object, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
test_overview_initial (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkLabel *events_label;
  GtkLabel *schema_label;
  g_autofree char *schema = NULL;

  /* Creating the workspace is itself recorded. */
  g_assert_cmpuint (n_events (fixture), >=, 1);
  g_assert_cmpuint (count_rows (fixture), ==, n_events (fixture));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row (fixture))),
                   ==, "Workspace created");

  events_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "events_label"));
  g_assert_cmpstr (gtk_label_get_text (events_label), !=, "");

  schema_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "schema_label"));
  schema = g_strdup_printf ("%d", lumina_workspace_get_schema_version (fixture->workspace));
  g_assert_cmpstr (gtk_label_get_text (schema_label), ==, schema);
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_shows (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

static void
test_overview_append (Fixture       *fixture,
                      gconstpointer  user_data)
{
  guint before = n_events (fixture);
  LuminaActivityRow *row;
  GtkLabel *events_label;
  g_autofree char *expected = NULL;

  append_event (fixture->workspace, "dataset.imported", "iris.csv");
  lumina_test_iterate (50);

  g_assert_cmpuint (n_events (fixture), ==, before + 1);
  g_assert_cmpuint (count_rows (fixture), ==, before + 1);

  row = first_row (fixture);
  g_assert_cmpstr (lumina_event_get_kind (lumina_activity_row_get_event (row)), ==, "dataset.imported");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Dataset imported");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "iris.csv"));

  /* The counts follow. */
  events_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                           LUMINA_TYPE_OVERVIEW_PAGE,
                                                           "events_label"));
  expected = g_strdup_printf ("%u", before + 1);
  /* The counts refresh from an idle source, after the list: allow a busy machine time. */
  {
    LabelWait wait = { events_label, expected };

    lumina_test_wait_until (label_shows, &wait, 10000);
  }
  g_assert_cmpstr (gtk_label_get_text (events_label), ==, expected);
}

static gboolean
has_n_events (gpointer data)
{
  gpointer *args = data;

  return n_events (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

/* Another writer of the same workspace (the CLI, in real use) shows up through polling. */
static void
test_overview_other_writer (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaWorkspace) other = NULL;
  guint before = n_events (fixture);
  gpointer args[2] = { fixture, GUINT_TO_POINTER (before + 1) };

  other = lumina_workspace_open (lumina_workspace_get_path (fixture->workspace),
                                 LUMINA_WORKSPACE_OPEN_NONE, &error);
  g_assert_no_error (error);

  append_event (other, "model.registered", "churn-classifier");
  lumina_test_wait_until (has_n_events, args, 10000);

  g_assert_cmpuint (n_events (fixture), ==, before + 1);
  g_assert_cmpstr (lumina_event_get_kind (lumina_activity_row_get_event (first_row (fixture))),
                   ==, "model.registered");
}

static void
test_overview_limit (Fixture       *fixture,
                     gconstpointer  user_data)
{
  LuminaEvent *newest;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *object = g_strdup_printf ("object-%u", i);

      append_event (fixture->workspace, "run.finished", object);
    }
  lumina_test_iterate (100);

  g_assert_cmpuint (n_events (fixture), ==, 50);
  g_assert_cmpuint (count_rows (fixture), ==, 50);

  newest = lumina_activity_row_get_event (first_row (fixture));
  g_assert_cmpstr (lumina_event_get_object (newest), ==, "object-59");

  /* A page opened afterwards loads the same 50, newest first. */
  lumina_overview_page_set_workspace (fixture->page, NULL);
  g_assert_cmpuint (n_events (fixture), ==, 0);
  lumina_overview_page_set_workspace (fixture->page, fixture->workspace);
  g_assert_cmpuint (n_events (fixture), ==, 50);
  newest = g_list_model_get_item (lumina_overview_page_get_activity (fixture->page), 0);
  g_assert_cmpstr (lumina_event_get_object (newest), ==, "object-59");
  g_object_unref (newest);
}

int
main (int   argc,
      char *argv[])
{
  lumina_test_init (&argc, &argv);

  g_test_add ("/app/overview/initial", Fixture, NULL,
              fixture_set_up, test_overview_initial, fixture_tear_down);
  g_test_add ("/app/overview/append", Fixture, NULL,
              fixture_set_up, test_overview_append, fixture_tear_down);
  g_test_add ("/app/overview/other-writer", Fixture, NULL,
              fixture_set_up, test_overview_other_writer, fixture_tear_down);
  g_test_add ("/app/overview/limit", Fixture, NULL,
              fixture_set_up, test_overview_limit, fixture_tear_down);

  return g_test_run ();
}
