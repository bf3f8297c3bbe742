/* lumina-overview-page-jobs.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Overview's Running Jobs: every top-level run still in progress in
 * the workspace, whether this window, the command line or another process
 * on this computer runs it, with its trials' progress and what its
 * process costs.  A run whose process died is shown as interrupted, with
 * a button to record it as failed.  The list is read on a worker thread
 * when runs start or end and every poll while jobs are running.
 */
#define G_LOG_DOMAIN "lumina-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "lumina-overview-page-private.h"
#include "lumina-run-format.h"

#define RELOAD_DELAY_MS 300

static void
list_active_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *active = lumina_tracker_list_active_runs (task_data, &error);

  if (active == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, active, (GDestroyNotify) g_ptr_array_unref);
}

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

static char *format_where (const LuminaActiveRun *active);

static gboolean
is_automl (LuminaRun *run)
{
  return g_strcmp0 (lumina_run_get_learner (run), "automl") == 0;
}

/* An AutoML search is named by what it predicts. */
static char *
format_job_title (LuminaRun *run)
{
  JsonObject *params = lumina_run_get_params (run);
  const char *target = params != NULL ? json_object_get_string_member_with_default (params, "target", NULL) : NULL;

  if (!is_automl (run))
    return lumina_run_format_title (run);
  if (target != NULL && target[0] != '\0')
    /* Translators: an AutoML search in progress, by the column it predicts */
    return g_strdup_printf (_("AutoML search for “%s”"), target);
  return g_strdup (_("AutoML search"));
}

/* "running for 12 s", or "12 s of 60 s" for a search with a budget. */
static char *
format_elapsed (const LuminaActiveRun *active)
{
  LuminaRun *run = active->run;
  JsonObject *params = lumina_run_get_params (run);
  double budget = params != NULL && is_automl (run)
                  ? json_object_get_double_member_with_default (params, "budget_seconds", 0) : 0;
  g_autofree char *elapsed = lumina_run_format_duration (lumina_run_compute_duration (run));

  if (active->state == LUMINA_ACTIVE_RUN_ORPHANED)
    /* Translators: when an interrupted job started, e.g. "started 3 min ago" */
    return g_strdup_printf (_("started %s ago"), elapsed);
  if (budget > 0)
    {
      g_autofree char *total = lumina_run_format_duration (budget);

      /* Translators: time spent of an AutoML search's budget, e.g. "12 s of 60 s" */
      return g_strdup_printf (_("%s of %s"), elapsed, total);
    }
  /* Translators: how long a job has been running, e.g. "running for 3 min" */
  return g_strdup_printf (_("running for %s"), elapsed);
}

/* Two lines: the job and its progress, then where it runs. */
static char *
format_subtitle (const LuminaActiveRun *active)
{
  LuminaRun *run = active->run;
  g_autoptr(GString) text = g_string_new (lumina_run_get_experiment (run));
  g_autofree char *elapsed = format_elapsed (active);
  g_autofree char *where = format_where (active);
  guint n_trials = active->n_children_ended + active->n_children_running;

  if (lumina_run_get_dataset_ref (run) != NULL)
    g_string_append_printf (text, " · %s", lumina_run_get_dataset_ref (run));
  g_string_append_printf (text, " · %s", elapsed);
  if (n_trials > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u trial done", "%u trials done",
                                           active->n_children_ended),
                              active->n_children_ended);
      if (active->n_children_running > 0)
        g_string_append_printf (text, _(", %u running"), active->n_children_running);
    }
  g_string_append_c (text, '\n');
  g_string_append (text, where);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Where the job runs: its process's figures, or why they are missing. */
static char *
format_where (const LuminaActiveRun *active)
{
  switch (active->state)
    {
    case LUMINA_ACTIVE_RUN_LIVE:
      {
        g_autofree char *cpu = lumina_run_format_duration (active->cpu_seconds);
        g_autofree char *memory = format_bytes (active->resident_bytes);

        if (active->in_this_process)
          /* Translators: a job running inside this app; the figures are the app's */
          return g_strdup_printf (_("In this app · CPU %s · %s"), cpu, memory);
        /* Translators: a job in another process: its PID, CPU time and memory */
        return g_strdup_printf (_("Process %d · CPU %s · %s"), active->pid, cpu, memory);
      }

    case LUMINA_ACTIVE_RUN_ORPHANED:
      /* Translators: a job whose process crashed or was killed */
      return g_strdup_printf (_("Interrupted: process %d ended without finishing it"), active->pid);

    case LUMINA_ACTIVE_RUN_ELSEWHERE:
    default:
      if (active->host != NULL && g_strcmp0 (active->host, g_get_host_name ()) != 0)
        /* Translators: a job running on another computer */
        return g_strdup_printf (_("On %s"), active->host);
      return g_strdup (_("Elsewhere"));
    }
}

static void
end_orphan_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LuminaTracker *tracker = g_object_get_data (G_OBJECT (task), "tracker");
  GError *error = NULL;

  if (lumina_tracker_end_orphaned_run (tracker, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
end_orphan_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LuminaOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      g_debug ("Could not end an interrupted run: %s", error->message);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
    }
  _lumina_overview_page_queue_reload_jobs (self);
}

/* Ending a run writes each of its unfinished trials: on a worker. */
static void
end_orphan_clicked_cb (GtkButton          *button,
                       LuminaOverviewPage *self)
{
  const char *run_id = g_object_get_data (G_OBJECT (button), "run-id");
  g_autoptr(GTask) task = NULL;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->tracker == NULL || run_id == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  task = g_task_new (NULL, NULL, end_orphan_cb, g_object_ref (self));
  g_task_set_source_tag (task, end_orphan_clicked_cb);
  g_task_set_task_data (task, g_strdup (run_id), g_free);
  g_object_set_data_full (G_OBJECT (task), "tracker", g_object_ref (self->tracker), g_object_unref);
  g_task_run_in_thread (task, end_orphan_thread);
}

static GtkWidget *
create_job_row (LuminaOverviewPage    *self,
                const LuminaActiveRun *active)
{
  LuminaRun *run = active->run;
  g_autofree char *title = format_job_title (run);
  g_autofree char *subtitle = format_subtitle (active);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  GtkWidget *chevron;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, lumina_run_get_id (run));

  icon = gtk_image_new_from_icon_name (active->state == LUMINA_ACTIVE_RUN_ORPHANED
                                       ? "dialog-warning-symbolic"
                                       : "lumina-automl-symbolic");
  if (active->state == LUMINA_ACTIVE_RUN_ORPHANED)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_add_css_class (icon, "accent");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (active->state == LUMINA_ACTIVE_RUN_ORPHANED)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Mark Failed"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("The process running this job ended before it finished. Record the run and its unfinished trials as failed."));
      g_object_set_data_full (G_OBJECT (button), "run-id", g_strdup (lumina_run_get_id (run)), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (end_orphan_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-run");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                          g_variant_new_string (lumina_run_get_id (run)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  chevron = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (chevron, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chevron);

  return row;
}

/* Which rows there are and in what state: when it has not changed, the
 * rows are updated in place so hover and focus stay where they are. */
static char *
jobs_signature (GPtrArray *active)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < active->len; i++)
    {
      const LuminaActiveRun *item = g_ptr_array_index (active, i);

      g_string_append_printf (text, "%s:%d;", lumina_run_get_id (item->run), item->state);
    }

  return g_string_free (text, FALSE);
}

static void
lumina_overview_page_show_jobs (LuminaOverviewPage *self,
                                GPtrArray          *active)
{
  g_autofree char *signature = jobs_signature (active);
  gboolean any_live = FALSE;
  GtkWidget *child;

  for (guint i = 0; i < active->len; i++)
    any_live |= ((LuminaActiveRun *) g_ptr_array_index (active, i))->state == LUMINA_ACTIVE_RUN_LIVE;
  self->jobs_live = any_live;

  if (g_strcmp0 (signature, self->jobs_signature) == 0)
    {
      guint i = 0;

      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->jobs_list));
           child != NULL && i < active->len;
           child = gtk_widget_get_next_sibling (child))
        {
          g_autofree char *subtitle = NULL;

          if (!ADW_IS_ACTION_ROW (child))
            continue;
          subtitle = format_subtitle (g_ptr_array_index (active, i++));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (child), subtitle);
        }
      return;
    }

  g_free (self->jobs_signature);
  self->jobs_signature = g_steal_pointer (&signature);

  /* The placeholder is a child of the list too; it stays. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->jobs_list)); child != NULL;)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (ADW_IS_ACTION_ROW (child))
        gtk_list_box_remove (self->jobs_list, child);
      child = next;
    }

  for (guint i = 0; i < active->len; i++)
    gtk_list_box_append (self->jobs_list, create_job_row (self, g_ptr_array_index (active, i)));
}

static void
list_active_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LuminaOverviewPage) self = user_data;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;

  active = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->jobs_cancellable);
  if (active == NULL)
    g_debug ("Could not list the running jobs: %s", error->message);
  else
    lumina_overview_page_show_jobs (self, active);

  /* Asked again while this one was reading: read once more. */
  if (self->jobs_reload_wanted)
    _lumina_overview_page_reload_jobs (self);
}

void
_lumina_overview_page_reload_jobs (LuminaOverviewPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  g_clear_handle_id (&self->jobs_reload_source, g_source_remove);
  self->jobs_reload_wanted = FALSE;
  if (self->tracker == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      _lumina_overview_page_clear_jobs (self);
      lumina_overview_page_show_jobs (self, none);
      return;
    }

  /* One read at a time; one asked for meanwhile follows it, so a slow
   * read (the database busy with a search) still ends in a fresh list. */
  if (self->jobs_cancellable != NULL)
    {
      self->jobs_reload_wanted = TRUE;
      return;
    }
  self->jobs_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->jobs_cancellable, list_active_cb, g_object_ref (self));
  g_task_set_source_tag (task, _lumina_overview_page_reload_jobs);
  g_task_set_task_data (task, g_object_ref (self->tracker), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, list_active_thread);
}

static gboolean
reload_jobs_cb (gpointer user_data)
{
  LuminaOverviewPage *self = user_data;

  self->jobs_reload_source = 0;
  _lumina_overview_page_reload_jobs (self);
  return G_SOURCE_REMOVE;
}

/* Runs start and end in bursts (an AutoML search's trials): one read
 * follows a burst. */
void
_lumina_overview_page_queue_reload_jobs (LuminaOverviewPage *self)
{
  g_assert (LUMINA_IS_OVERVIEW_PAGE (self));

  if (self->jobs_reload_source == 0)
    self->jobs_reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_jobs_cb, self);
}

/* Drops a read in flight (the workspace changed, or the page goes). */
void
_lumina_overview_page_clear_jobs (LuminaOverviewPage *self)
{
  self->jobs_reload_wanted = FALSE;
  g_clear_handle_id (&self->jobs_reload_source, g_source_remove);
  g_cancellable_cancel (self->jobs_cancellable);
  g_clear_object (&self->jobs_cancellable);
  g_clear_pointer (&self->jobs_signature, g_free);
}
