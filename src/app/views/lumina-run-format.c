/* lumina-run-format.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-run-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-run-format.h"

/* Scores a search optimises, most telling first. */
static const char * const main_metrics[] = {
  "score", "roc_auc", "accuracy", "balanced_accuracy", "f1_macro", "r2", "rmse", "mae", "log_loss",
  "valid_loss",
};

static GQuark
run_info_quark (void)
{
  return g_quark_from_static_string ("lumina-run-info");
}

static void
run_info_free (gpointer data)
{
  LuminaRunInfo *info = data;

  g_free (info->haystack);
  g_free (info->metric_key);
  g_free (info);
}

static void
append_object (GString    *text,
               JsonObject *object)
{
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return;

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *value = lumina_data_format_json_value (node);

      g_string_append_printf (text, "%s=%s\n", (const char *) l->data, value);
    }
}

static char *
build_haystack (LuminaRun *run)
{
  GString *text = g_string_new (NULL);
  const char *fields[] = {
    lumina_run_get_id (run), lumina_run_get_name (run), lumina_run_get_learner (run),
    lumina_run_get_experiment (run), lumina_run_get_dataset_ref (run), lumina_run_get_note (run),
    lumina_run_format_status (lumina_run_get_status (run)),
    lumina_run_status_to_string (lumina_run_get_status (run)),
  };
  char *folded;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      g_string_append_printf (text, "%s\n", fields[i]);

  append_object (text, lumina_run_get_params (run));
  append_object (text, lumina_run_get_tags (run));

  folded = g_utf8_casefold (text->str, text->len);
  g_string_free (text, TRUE);

  return folded;
}

/**
 * lumina_run_info_get:
 *
 * Computes the run's table data the first time; call from one thread at a
 * time (the loader's worker, before the run reaches the main thread).
 *
 * Returns: (transfer none): the run's info
 */
LuminaRunInfo *
lumina_run_info_get (LuminaRun *run)
{
  LuminaRunInfo *info;
  const char *key;

  g_return_val_if_fail (LUMINA_IS_RUN (run), NULL);

  if ((info = g_object_get_qdata (G_OBJECT (run), run_info_quark ())) != NULL)
    return info;

  info = g_new0 (LuminaRunInfo, 1);
  info->haystack = build_haystack (run);
  key = lumina_run_pick_main_metric (run);
  info->metric_key = g_strdup (key);
  info->metric_value = key ? lumina_run_get_metric (run, key) : NAN;
  info->duration = lumina_run_compute_duration (run);
  g_object_set_qdata_full (G_OBJECT (run), run_info_quark (), info, run_info_free);

  return info;
}

const char *
lumina_run_format_status (LuminaRunStatus status)
{
  switch (status)
    {
    case LUMINA_RUN_STATUS_RUNNING:
      return C_("run status", "Running");
    case LUMINA_RUN_STATUS_FINISHED:
      return C_("run status", "Finished");
    case LUMINA_RUN_STATUS_PRUNED:
      return C_("run status", "Pruned");
    case LUMINA_RUN_STATUS_FAILED:
      return C_("run status", "Failed");
    case LUMINA_RUN_STATUS_CANCELLED:
      return C_("run status", "Cancelled");
    default:
      return "";
    }
}

const char *
lumina_run_status_icon_name (LuminaRunStatus status)
{
  switch (status)
    {
    case LUMINA_RUN_STATUS_RUNNING:
      return "media-playback-start-symbolic";
    case LUMINA_RUN_STATUS_FINISHED:
      return "emblem-ok-symbolic";
    case LUMINA_RUN_STATUS_PRUNED:
      return "edit-cut-symbolic";
    case LUMINA_RUN_STATUS_FAILED:
      return "dialog-error-symbolic";
    case LUMINA_RUN_STATUS_CANCELLED:
      return "process-stop-symbolic";
    default:
      return "dialog-question-symbolic";
    }
}

/* A libadwaita colour class for the status. */
const char *
lumina_run_status_css_class (LuminaRunStatus status)
{
  switch (status)
    {
    case LUMINA_RUN_STATUS_RUNNING:
      return "accent";
    case LUMINA_RUN_STATUS_FINISHED:
      return "success";
    case LUMINA_RUN_STATUS_FAILED:
      return "error";
    case LUMINA_RUN_STATUS_PRUNED:
    case LUMINA_RUN_STATUS_CANCELLED:
    default:
      return "dim-label";
    }
}

char *
lumina_run_format_duration (double seconds)
{
  guint64 total;

  if (isnan (seconds) || seconds < 0)
    return g_strdup ("—");
  if (seconds < 10)
    /* Translators: a short duration in seconds */
    return g_strdup_printf (_("%.1f s"), seconds);

  total = (guint64) llround (seconds);
  if (total < 60)
    return g_strdup_printf (_("%u s"), (guint) total);
  if (total < 3600)
    /* Translators: minutes and seconds */
    return g_strdup_printf (_("%u min %u s"), (guint) (total / 60), (guint) (total % 60));

  /* Translators: hours and minutes */
  return g_strdup_printf (_("%u h %u min"), (guint) (total / 3600), (guint) (total % 3600 / 60));
}

char *
lumina_run_format_short_id (LuminaRun *run)
{
  const char *id = lumina_run_get_id (run);

  return g_strndup (id ? id : "", 8);
}

/* The name a person gave the run, else its short id. */
char *
lumina_run_format_title (LuminaRun *run)
{
  const char *name = lumina_run_get_name (run);

  if (name != NULL && name[0] != '\0')
    return g_strdup (name);

  /* Translators: a run without a name, by its short id */
  return g_strdup_printf (_("Run %s"), lumina_run_get_id (run));
}

char *
lumina_run_format_metric (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (fabs (value) >= 1e5 || (value != 0 && fabs (value) < 1e-3))
    return g_strdup_printf ("%.3g", value);

  return g_strdup_printf ("%.4f", value);
}

double
lumina_run_get_metric (LuminaRun  *run,
                       const char *key)
{
  JsonObject *metrics = lumina_run_get_metrics (run);
  JsonNode *node;

  if (metrics == NULL || key == NULL || !json_object_has_member (metrics, key))
    return NAN;

  node = json_object_get_member (metrics, key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_STRING)
    return NAN;

  return json_node_get_double (node);
}

/* The tag "metric" names it; else the first known score the run has; else
 * its first metric by name. */
const char *
lumina_run_pick_main_metric (LuminaRun *run)
{
  JsonObject *metrics = lumina_run_get_metrics (run);
  JsonObject *tags = lumina_run_get_tags (run);
  g_autoptr(GList) members = NULL;
  const char *first = NULL;

  if (metrics == NULL || json_object_get_size (metrics) == 0)
    return NULL;

  if (tags != NULL && (json_object_has_member (tags, "metric") || json_object_has_member (tags, "automl.metric")))
    {
      /* AutoML tags its trials with the metric it optimised. */
      const char *tagged = json_object_get_string_member_with_default (tags, "metric", NULL);
      GList *member = json_object_get_members (metrics);

      if (tagged == NULL)
        tagged = json_object_get_string_member_with_default (tags, "automl.metric", NULL);

      for (GList *l = member; l != NULL && tagged != NULL; l = l->next)
        if (g_strcmp0 (l->data, tagged) == 0)
          first = l->data;
      g_list_free (member);
      if (first != NULL)
        return first;
    }

  for (guint i = 0; i < G_N_ELEMENTS (main_metrics); i++)
    if (json_object_has_member (metrics, main_metrics[i]))
      return main_metrics[i];

  members = json_object_get_members (metrics);
  for (const GList *l = members; l != NULL; l = l->next)
    if (first == NULL || strcmp (l->data, first) < 0)
      first = l->data;

  return first;
}

double
lumina_run_compute_duration (LuminaRun *run)
{
  const LuminaRunUsage *usage = lumina_run_get_usage (run);
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) finished = NULL;

  if (usage != NULL && usage->duration > 0)
    return usage->duration;

  if (lumina_run_get_started_at (run) == NULL ||
      !(started = g_date_time_new_from_iso8601 (lumina_run_get_started_at (run), NULL)))
    return NAN;

  if (lumina_run_get_finished_at (run) != NULL)
    finished = g_date_time_new_from_iso8601 (lumina_run_get_finished_at (run), NULL);
  else if (lumina_run_get_status (run) == LUMINA_RUN_STATUS_RUNNING)
    finished = g_date_time_new_now_utc ();

  if (finished == NULL)
    return NAN;

  return g_date_time_difference (finished, started) / (double) G_TIME_SPAN_SECOND;
}

gboolean
lumina_run_metric_higher_is_better (const char *key)
{
  LuminaMetric metric;

  if (key == NULL)
    return TRUE;
  if (lumina_metric_from_string (key, &metric))
    return lumina_metric_greater_is_better (metric);

  return strstr (key, "loss") == NULL && strstr (key, "error") == NULL &&
         strstr (key, "rmse") == NULL && strstr (key, "mae") == NULL;
}
