/* lumina-automl-page-live.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Following a running search: while it runs, the view shows the dataset,
 * target and metric, the time spent and left, and refreshes the leaderboard
 * and charts from the search's snapshots as each trial ends.  When it ends,
 * the best model's evaluation is added, or the reason it failed.
 */
#define G_LOG_DOMAIN "lumina-automl-page-live"

#define REFRESH_INTERVAL_MS 250

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-automl-page-private.h"

static char *
format_clock (double seconds)
{
  guint total = (guint) MAX (seconds, 0.0);

  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static void
lumina_automl_page_update_clock (LuminaAutomlPage *self)
{
  const LuminaAutomlConfig *config;
  g_autofree char *elapsed_text = NULL;
  g_autofree char *left_text = NULL;
  g_autofree char *text = NULL;
  gint64 end;
  double elapsed;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (self->automl == NULL || self->started_at == 0)
    {
      gtk_label_set_text (self->time_label, "");
      return;
    }

  config = lumina_automl_get_config (self->automl);
  end = self->running ? g_get_monotonic_time () : self->finished_at;
  elapsed = (double) (end - self->started_at) / G_USEC_PER_SEC;
  elapsed_text = format_clock (elapsed);

  if (self->running)
    {
      left_text = format_clock (config->budget_seconds - elapsed);
      /* Translators: time spent and left, e.g. “0:12 elapsed · 0:48 left” */
      text = g_strdup_printf (_("%s elapsed · %s left"), elapsed_text, left_text);
    }
  else
    /* Translators: how long a finished search took, e.g. “Took 1:02” */
    text = g_strdup_printf (_("Took %s"), elapsed_text);

  gtk_label_set_text (self->time_label, text);
}

static gboolean
lumina_automl_page_clock_cb (gpointer user_data)
{
  LuminaAutomlPage *self = user_data;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  lumina_automl_page_update_clock (self);
  _lumina_automl_page_update_score (self);
  return G_SOURCE_CONTINUE;
}

void
_lumina_automl_page_refresh_live (LuminaAutomlPage *self)
{
  g_autoptr(JsonNode) leaderboard = NULL;
  g_autoptr(JsonNode) history = NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));
  g_assert (self->automl != NULL);

  leaderboard = lumina_automl_dup_leaderboard (self->automl);
  history = lumina_automl_dup_score_history (self->automl);
  _lumina_automl_page_update_live (self, leaderboard, history);
}

static void
refresh_now (LuminaAutomlPage *self)
{
  self->refresh_pending = FALSE;
  if (self->automl == NULL || !_lumina_automl_page_shows_live (self))
    return;

  _lumina_automl_page_refresh_live (self);

  /* The parent run is recorded once the search is under way; list it. */
  if (gtk_drop_down_get_selected (self->runs_dropdown) == GTK_INVALID_LIST_POSITION)
    lumina_automl_page_reload (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  LuminaAutomlPage *self = user_data;

  if (!self->refresh_pending)
    {
      self->refresh_source = 0;
      return G_SOURCE_REMOVE;
    }
  refresh_now (self);
  return G_SOURCE_CONTINUE;
}

/* Small datasets finish hundreds of trials a second: the first trial
 * after a quiet spell shows at once, later ones at most every
 * REFRESH_INTERVAL_MS, so the leaderboard keeps up without swamping the
 * main loop. */
static void
trial_finished_cb (LuminaAutomlPage *self,
                   JsonObject       *trial,
                   LuminaAutoml     *automl)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (automl != self->automl || !_lumina_automl_page_shows_live (self))
    return;

  if (self->refresh_source != 0)
    {
      self->refresh_pending = TRUE;
      return;
    }

  refresh_now (self);
  self->refresh_source = g_timeout_add (REFRESH_INTERVAL_MS, refresh_timeout_cb, self);
}

static void
progress_cb (LuminaAutomlPage *self,
             double            fraction,
             const char       *message,
             LuminaAutoml     *automl)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (automl != self->automl || !_lumina_automl_page_shows_live (self))
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  if (message != NULL && *message != '\0')
    gtk_label_set_text (self->status_label, message);
}

static void
lumina_automl_page_set_running (LuminaAutomlPage *self,
                                gboolean          running)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  if (running)
    {
      self->started_at = g_get_monotonic_time ();
      self->clock_source = g_timeout_add_seconds (1, lumina_automl_page_clock_cb, self);
    }
  else
    {
      self->finished_at = g_get_monotonic_time ();
      g_clear_handle_id (&self->clock_source, g_source_remove);
    }

  lumina_automl_page_update_clock (self);
  _lumina_automl_page_actions_update (self);
  _lumina_automl_page_notify_running (self);
}

void
_lumina_automl_page_show_outcome (LuminaAutomlPage *self,
                                 GError           *error)
{
  g_autoptr(JsonNode) report = NULL;
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  g_clear_pointer (&self->error_message, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && !cancelled);
  if (error != NULL && !cancelled)
    {
      self->error_message = g_strdup (error->message);
      gtk_label_set_text (self->error_label, error->message);
    }

  gtk_progress_bar_set_fraction (self->progress_bar, error == NULL ? 1.0 : gtk_progress_bar_get_fraction (self->progress_bar));
  gtk_label_set_text (self->status_label,
                      error == NULL ? _("Finished") : cancelled ? _("Cancelled") : _("Failed"));
  gtk_image_set_from_icon_name (self->state_icon,
                                error == NULL ? "object-select-symbolic"
                                : cancelled ? "process-stop-symbolic" : "dialog-error-symbolic");

  _lumina_automl_page_refresh_live (self);
  if (lumina_automl_get_best_run_id (self->automl) != NULL)
    {
      report = lumina_automl_dup_report (self->automl);
      _lumina_automl_page_show_result (self, report, lumina_automl_get_best_run_id (self->automl),
                                       lumina_automl_get_bundle_path (self->automl));
    }
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(LuminaAutomlPage) self = user_data;
  LuminaAutoml *automl = LUMINA_AUTOML (object);
  g_autoptr(GError) error = NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  lumina_automl_run_finish (automl, result, &error);

  /* The page was disposed, or another search replaced this one. */
  if (self->automl != automl)
    return;

  lumina_automl_page_set_running (self, FALSE);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_pending = FALSE;
  if (_lumina_automl_page_shows_live (self))
    _lumina_automl_page_show_outcome (self, error);
  lumina_automl_page_reload (self);
}

/* Whether the page shows the search running here.  Its parent run is
 * recorded only once the search is under way: until then the page shows
 * it with no run id, and adopts the id when it appears. */
gboolean
_lumina_automl_page_shows_live (LuminaAutomlPage *self)
{
  const char *live_id;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (self->automl == NULL)
    return FALSE;

  live_id = lumina_automl_get_run_id (self->automl);
  if (self->shown_run_id == NULL)
    {
      self->shown_run_id = g_strdup (live_id);
      return TRUE;
    }
  return g_strcmp0 (self->shown_run_id, live_id) == 0;
}

void
_lumina_automl_page_show_header (LuminaAutomlPage         *self,
                                const LuminaAutomlConfig *config,
                                const char               *metric)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  /* Translators: the search's dataset and target, e.g. “iris@1 → species” */
  title = g_strdup_printf (_("%s → %s"), config->dataset, config->target);
  /* Translators: the metric a search optimizes, e.g. “Optimizing accuracy” */
  subtitle = g_strdup_printf (_("Optimizing %s"), metric);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
}

/**
 * lumina_automl_page_start:
 * @automl: a search, not yet run
 *
 * Runs @automl and shows it live.  A search still running here is cancelled.
 */
void
lumina_automl_page_start (LuminaAutomlPage *self,
                          LuminaAutoml     *automl)
{
  const LuminaAutomlConfig *config;
  const char *metric;

  g_return_if_fail (LUMINA_IS_AUTOML_PAGE (self));
  g_return_if_fail (LUMINA_IS_AUTOML (automl));

  lumina_automl_page_cancel (self);
  lumina_automl_page_set_running (self, FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->automl, automl);
  g_signal_group_set_target (self->automl_signals, automl);
  g_free (self->shown_run_id);
  self->shown_run_id = g_strdup (lumina_automl_get_run_id (automl));

  config = lumina_automl_get_config (automl);
  metric = config->metric_set ? lumina_metric_to_string (config->metric) : _("the default metric");
  _lumina_automl_page_show_header (self, config, metric);
  gtk_image_set_from_icon_name (self->state_icon, "lumina-automl-symbolic");
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->status_label, _("Starting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_clear_pointer (&self->error_message, g_free);

  g_list_store_remove_all (self->trials);
  _lumina_automl_page_reset_charts (self, metric);
  _lumina_automl_page_hide_result (self);
  gtk_stack_set_visible_child_name (self->stack, "run");

  lumina_automl_page_set_running (self, TRUE);
  lumina_automl_run_async (automl, self->cancellable, run_cb, g_object_ref (self));

  /* The parent run exists once the search starts; list it in the drop-down. */
  lumina_automl_page_reload (self);
}

/**
 * lumina_automl_page_cancel:
 *
 * Stops the running search; the best model so far is kept.
 */
void
lumina_automl_page_cancel (LuminaAutomlPage *self)
{
  g_return_if_fail (LUMINA_IS_AUTOML_PAGE (self));

  if (self->running && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
_lumina_automl_page_setup_live (LuminaAutomlPage *self)
{
  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  self->automl_signals = g_signal_group_new (LUMINA_TYPE_AUTOML);
  g_signal_group_connect_object (self->automl_signals, "trial-finished",
                                 G_CALLBACK (trial_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->automl_signals, "progress",
                                 G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
}
