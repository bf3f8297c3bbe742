/* lumina-automl-page-history.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recent AutoML searches listed by the tracker, and an earlier search
 * rebuilt from what it recorded: the parent run's configuration and report,
 * and one child run per trial.
 */
#define G_LOG_DOMAIN "lumina-automl-page-history"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-automl-page-private.h"

static const char *
string_of (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static double
number_of (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING)
    return NAN;

  return json_node_get_double (node);
}

/* A child run as a leaderboard entry. */
static JsonObject *
trial_from_run (LuminaRun  *run,
                const char *metric)
{
  JsonObject *trial = json_object_new ();
  JsonObject *metrics = lumina_run_get_metrics (run);
  g_autofree char *std_key = g_strdup_printf ("%s_std", metric ? metric : "score");
  const LuminaRunUsage *usage = lumina_run_get_usage (run);
  double score = number_of (metrics, metric ? metric : "score");
  double std = number_of (metrics, std_key);

  json_object_set_string_member (trial, "run_id", lumina_run_get_id (run));
  json_object_set_string_member (trial, "learner", lumina_run_get_learner (run));
  json_object_set_string_member (trial, "status", lumina_run_status_to_string (lumina_run_get_status (run)));
  if (lumina_run_get_params (run) != NULL)
    json_object_set_object_member (trial, "params", json_object_ref (lumina_run_get_params (run)));
  if (isfinite (score))
    json_object_set_double_member (trial, "score", score);
  if (isfinite (std))
    json_object_set_double_member (trial, "score_std", std);
  if (usage != NULL)
    json_object_set_double_member (trial, "fit_seconds", usage->duration);
  if (lumina_run_get_error (run) != NULL)
    json_object_set_string_member (trial, "error", lumina_run_get_error (run));

  return trial;
}

static int
compare_trials (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  gboolean greater_is_better = GPOINTER_TO_INT (user_data);
  double sa = number_of (*(JsonObject **) a, "score");
  double sb = number_of (*(JsonObject **) b, "score");

  /* Trials without a score go last. */
  if (!isfinite (sa) || !isfinite (sb))
    return isfinite (sa) ? -1 : isfinite (sb) ? 1 : 0;
  if (sa == sb)
    return 0;

  return (sa > sb) == greater_is_better ? -1 : 1;
}

static JsonNode *
lumina_automl_page_collect_trials (LuminaAutomlPage *self,
                                   LuminaRun        *parent,
                                   const char       *metric_name)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) trials = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array = json_array_new ();
  LuminaMetric metric = LUMINA_METRIC_ACCURACY;
  gboolean greater_is_better = TRUE;

  if (metric_name != NULL && lumina_metric_from_string (metric_name, &metric))
    greater_is_better = lumina_metric_greater_is_better (metric);

  children = lumina_tracker_list_runs (self->tracker, NULL, lumina_run_get_id (parent), NULL);
  for (guint i = 0; children != NULL && i < children->len; i++)
    g_ptr_array_add (trials, trial_from_run (g_ptr_array_index (children, i), metric_name));
  g_ptr_array_sort_with_data (trials, compare_trials, GINT_TO_POINTER (greater_is_better));

  for (guint i = 0; i < trials->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (trials, i)));

  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
lumina_automl_page_load_report (LuminaAutomlPage *self,
                                LuminaRun        *parent)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data;

  if (!(bytes = lumina_tracker_get_artifact (self->tracker, lumina_run_get_id (parent), "report.json", NULL)))
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

static void
lumina_automl_page_show_past_header (LuminaAutomlPage *self,
                                     LuminaRun        *parent,
                                     JsonObject       *params,
                                     const char       *metric)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *dataset = string_of (params, "dataset");
  const char *target = string_of (params, "target");
  LuminaRunStatus status = lumina_run_get_status (parent);

  if (dataset == NULL)
    dataset = lumina_run_get_dataset_ref (parent);
  if (dataset != NULL && target != NULL)
    title = g_strdup_printf (_("%s → %s"), dataset, target);
  else if (lumina_run_get_name (parent) != NULL)
    title = g_strdup (lumina_run_get_name (parent));
  else
    title = g_strdup (lumina_run_get_id (parent));
  subtitle = g_strdup_printf (_("Optimizing %s"), metric ? metric : _("the default metric"));

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_progress_bar_set_fraction (self->progress_bar, status == LUMINA_RUN_STATUS_RUNNING ? 0.0 : 1.0);
  gtk_label_set_text (self->status_label, lumina_run_status_to_string (status));
  gtk_label_set_text (self->time_label, "");
  gtk_image_set_from_icon_name (self->state_icon,
                                status == LUMINA_RUN_STATUS_FINISHED ? "object-select-symbolic"
                                : status == LUMINA_RUN_STATUS_FAILED ? "dialog-error-symbolic"
                                : "lumina-automl-symbolic");

  g_clear_pointer (&self->error_message, g_free);
  self->error_message = g_strdup (lumina_run_get_error (parent));
  gtk_label_set_text (self->error_label, self->error_message ? self->error_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_message != NULL);
}

static JsonNode *
lumina_automl_page_load_history (LuminaAutomlPage *self,
                                 LuminaRun        *parent)
{
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GArray) values = NULL;
  JsonArray *array = json_array_new ();

  if (lumina_tracker_get_metric_history (self->tracker, lumina_run_get_id (parent), "best_score",
                                         &steps, &values, NULL))
    for (guint i = 0; i < values->len; i++)
      {
        JsonArray *point = json_array_new ();

        json_array_add_double_element (point, g_array_index (values, double, i));
        json_array_add_array_element (array, point);
      }

  /* The engine steps best_score in milliseconds since the start. */
  for (guint i = 0; steps != NULL && i < json_array_get_length (array); i++)
    {
      JsonArray *point = json_array_get_array_element (array, i);
      JsonNode *score = json_node_copy (json_array_get_element (point, 0));

      json_array_remove_element (point, 0);
      json_array_add_double_element (point, g_array_index (steps, guint, i) / 1000.0);
      json_array_add_element (point, score);
    }

  return json_node_init_array (json_node_alloc (), array);
}

void
_lumina_automl_page_load_past_run (LuminaAutomlPage *self,
                                   LuminaRun        *parent)
{
  JsonObject *params = lumina_run_get_params (parent);
  JsonObject *tags = lumina_run_get_tags (parent);
  const char *metric = string_of (params, "metric");
  g_autoptr(JsonNode) trials = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *bundle = NULL;
  const char *best;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));
  g_assert (LUMINA_IS_RUN (parent));

  lumina_automl_page_show_past_header (self, parent, params, metric);
  _lumina_automl_page_reset_charts (self, metric);
  _lumina_automl_page_hide_result (self);

  trials = lumina_automl_page_collect_trials (self, parent, metric);
  history = lumina_automl_page_load_history (self, parent);
  _lumina_automl_page_update_live (self, trials, history);

  best = string_of (tags, "best_run_id");
  report = lumina_automl_page_load_report (self, parent);
  if (best != NULL || report != NULL)
    {
      bundle = best ? lumina_automl_bundle_path_for_run (self->workspace, best) : NULL;
      _lumina_automl_page_show_result (self, report, best, bundle);
    }
}

/* ---- recent runs -------------------------------------------------------- */

static gboolean
run_is_automl (LuminaRun *run)
{
  JsonObject *tags = lumina_run_get_tags (run);
  const char *learner = lumina_run_get_learner (run);

  return g_strcmp0 (learner, "automl") == 0 ||
         (tags != NULL && json_object_has_member (tags, "automl"));
}

static char *
run_label (LuminaRun *run)
{
  const char *started = lumina_run_get_started_at (run);
  g_autoptr(GDateTime) time = started ? g_date_time_new_from_iso8601 (started, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%x %H:%M") : g_strdup (started ? started : "");
  const char *name = lumina_run_get_name (run);

  /* Translators: a recent AutoML run in a drop-down: its name and start time */
  return g_strdup_printf (_("%s — %s"), name && *name ? name : lumina_run_get_id (run), when);
}

void
_lumina_automl_page_runs_selected_cb (LuminaAutomlPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->runs_dropdown);
  g_autoptr(LuminaRun) run = NULL;

  g_assert (LUMINA_IS_AUTOML_PAGE (self));

  if (self->updating_runs || selected == GTK_INVALID_LIST_POSITION)
    return;

  run = g_list_model_get_item (G_LIST_MODEL (self->runs), selected);
  if (run != NULL)
    lumina_automl_page_show_run (self, lumina_run_get_id (run));
}

/**
 * lumina_automl_page_reload:
 *
 * Lists the recent AutoML runs again.
 */
void
lumina_automl_page_reload (LuminaAutomlPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (LUMINA_IS_AUTOML_PAGE (self));

  g_list_store_remove_all (self->runs);
  if (self->tracker != NULL && !(runs = lumina_tracker_list_runs (self->tracker, NULL, "", &error)))
    g_debug ("Could not list runs: %s", error->message);

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      LuminaRun *run = g_ptr_array_index (runs, i);
      g_autofree char *label = NULL;

      if (!run_is_automl (run))
        continue;
      if (g_strcmp0 (lumina_run_get_id (run), self->shown_run_id) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
      label = run_label (run);
      gtk_string_list_append (labels, label);
      g_list_store_append (self->runs, run);
    }

  self->updating_runs = TRUE;
  gtk_drop_down_set_model (self->runs_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->runs_dropdown, selected);
  self->updating_runs = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->runs_dropdown),
                          g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0);

  if (self->automl == NULL && self->shown_run_id == NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0)
        {
          g_autoptr(LuminaRun) newest = g_list_model_get_item (G_LIST_MODEL (self->runs), 0);

          lumina_automl_page_show_run (self, lumina_run_get_id (newest));
        }
      else
        gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

/**
 * lumina_automl_page_show_run:
 * @run_id: an AutoML parent run
 *
 * Shows that search: live when it is the one running here, else as the
 * tracker recorded it.
 *
 * Returns: %FALSE when no such AutoML run is listed
 */
gboolean
lumina_automl_page_show_run (LuminaAutomlPage *self,
                             const char       *run_id)
{
  g_return_val_if_fail (LUMINA_IS_AUTOML_PAGE (self), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  if (g_strcmp0 (self->shown_run_id, run_id) == 0 && self->automl != NULL)
    return TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->runs)); i++)
    {
      g_autoptr(LuminaRun) run = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (g_strcmp0 (lumina_run_get_id (run), run_id) != 0)
        continue;

      g_free (self->shown_run_id);
      self->shown_run_id = g_strdup (run_id);
      gtk_stack_set_visible_child_name (self->stack, "run");
      self->updating_runs = TRUE;
      gtk_drop_down_set_selected (self->runs_dropdown, i);
      self->updating_runs = FALSE;

      if (self->automl != NULL && g_strcmp0 (lumina_automl_get_run_id (self->automl), run_id) == 0)
        {
          const LuminaAutomlConfig *config = lumina_automl_get_config (self->automl);

          _lumina_automl_page_show_header (self, config, lumina_metric_to_string (config->metric));
          _lumina_automl_page_reset_charts (self, lumina_metric_to_string (config->metric));
          if (self->running)
            {
              _lumina_automl_page_hide_result (self);
              _lumina_automl_page_refresh_live (self);
            }
          else
            _lumina_automl_page_show_outcome (self, NULL);
        }
      else
        _lumina_automl_page_load_past_run (self, run);

      _lumina_automl_page_actions_update (self);
      return TRUE;
    }

  return FALSE;
}
