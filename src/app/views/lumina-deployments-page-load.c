/* lumina-deployments-page-load.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detail's Load Test panel: runs a LuminaLoadTest against the
 * deployment's /invocations with rows of the model's training data, draws
 * latency against throughput as the samples (or, in a ramp, the steps)
 * arrive, and shows the summary.  Also the endpoints' example request:
 * both send bodies made from real rows of the model's training data.
 */
#define G_LOG_DOMAIN "lumina-deployments-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-deployment-row.h"
#include "lumina-deployments-page-private.h"

#define MIN_INTERVAL_S 0.5

static void
setup_load_chart (LuminaDeploymentsPage *self,
                  gboolean               ramp)
{
  LuminaChartStyle style = ramp ? LUMINA_CHART_STYLE_LINE : LUMINA_CHART_STYLE_SCATTER;

  lumina_chart_clear (self->load_chart);
  lumina_chart_set_title (self->load_chart, ramp ? _("Latency by Throughput, per Step") : _("Latency by Throughput, per Second"));
  lumina_chart_set_placeholder (self->load_chart, _("Start a load test to draw latency against throughput"));
  lumina_chart_set_axis (self->load_chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_LINEAR, _("Throughput"), "req/s");
  lumina_chart_set_axis (self->load_chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, _("Latency"), "ms");
  lumina_chart_set_x_range (self->load_chart, 0.0, NAN);
  lumina_chart_set_y_range (self->load_chart, 0.0, NAN);
  lumina_chart_add_series (self->load_chart, _("p50"), style);
  lumina_chart_add_series (self->load_chart, _("p99"), style);
}

static void
set_row (AdwActionRow *row,
         char         *text)
{
  adw_action_row_set_subtitle (row, text);
  g_free (text);
}

static void
clear_summary (LuminaDeploymentsPage *self)
{
  AdwActionRow *rows[] = { self->summary_requests_row, self->summary_rps_row, self->summary_latency_row,
                           self->summary_errors_row, self->summary_client_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_action_row_set_subtitle (rows[i], "—");
}

void
_lumina_deployments_page_load_reset (LuminaDeploymentsPage *self)
{
  if (self->load_test != NULL && lumina_load_test_get_running (self->load_test))
    return;

  setup_load_chart (self, gtk_switch_get_active (self->ramp_switch));
  clear_summary (self);
  gtk_progress_bar_set_fraction (self->load_progress, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->load_progress), FALSE);
  gtk_label_set_text (self->load_note_label, "");
  gtk_widget_set_visible (self->load_result_group, FALSE);
  if (self->load_test != NULL)
    g_signal_handlers_disconnect_by_data (self->load_test, self);
  g_clear_object (&self->load_test);
  g_clear_pointer (&self->load_deployment, g_free);
}

void
_lumina_deployments_page_load_dispose (LuminaDeploymentsPage *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->load_test != NULL)
    g_signal_handlers_disconnect_by_data (self->load_test, self);
  g_clear_object (&self->load_test);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->load_deployment, g_free);
  g_clear_pointer (&self->load_body, g_free);
  g_clear_pointer (&self->load_body_ref, g_free);
  g_clear_pointer (&self->load_note, g_free);
}

/* ---- the example request ------------------------------------------------ */

static void
build_example_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  LuminaRegistry *registry = task_data;
  g_autoptr(GError) error = NULL;
  char *note = NULL;
  char *body = lumina_load_test_build_body (registry, g_task_get_name (task), 1, NULL, &note, &error);

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "note", note, g_free);
  g_task_return_pointer (task, body, g_free);
}

static char *
shell_quote_json (const char *body)
{
  g_auto(GStrv) parts = g_strsplit (body, "'", -1);
  g_autofree char *joined = g_strjoinv ("'\\''", parts);

  return g_strdup_printf ("'%s'", joined);
}

static void
example_built_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LuminaDeploymentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_task_propagate_pointer (G_TASK (result), &error);
  JsonObject *info;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->manager == NULL)
    return;
  info = _lumina_deployments_page_find (self, self->selected);
  if (info == NULL || g_strcmp0 (self->curl_ref, json_object_get_string_member (info, "model_ref")) != 0)
    return;

  if (body == NULL)
    {
      adw_action_row_set_subtitle (self->curl_row, error->message);
      gtk_label_set_text (self->curl_label, "");
      return;
    }

  {
    g_autofree char *base = lumina_deployment_dup_base_url (info);
    g_autofree char *quoted = shell_quote_json (body);
    const char *note = g_object_get_data (G_OBJECT (result), "note");

    g_free (self->curl_command);
    self->curl_command = g_strdup_printf ("curl -X POST %s/invocations \\\n  -H 'Content-Type: application/json' \\\n  -d %s",
                                          base, quoted);
    gtk_label_set_text (self->curl_label, self->curl_command);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->curl_copy_button), "s", self->curl_command);
    /* Translators: where the example request's row comes from, such as “1 row of iris@1” */
    adw_action_row_set_subtitle (self->curl_row, note != NULL ? note : "");
  }
}

void
_lumina_deployments_page_build_example (LuminaDeploymentsPage *self,
                                        JsonObject            *info)
{
  const char *ref = json_object_get_string_member (info, "model_ref");
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (self->curl_ref, ref) == 0 && self->curl_command != NULL)
    return;

  g_free (self->curl_ref);
  self->curl_ref = g_strdup (ref);
  g_clear_pointer (&self->curl_command, g_free);
  adw_action_row_set_subtitle (self->curl_row, _("Reading a row of the training data…"));
  task = g_task_new (NULL, self->cancellable, example_built_cb, g_object_ref (self));
  g_task_set_name (task, ref);
  g_task_set_task_data (task, g_object_ref (lumina_deployment_manager_get_registry (self->manager)), g_object_unref);
  g_task_run_in_thread (task, build_example_thread);
}

/* ---- a run -------------------------------------------------------------- */

static void
show_summary (LuminaDeploymentsPage *self,
              JsonObject            *summary)
{
  g_autofree char *p50 = lumina_format_ms (json_object_get_double_member_with_default (summary, "p50_ms", NAN));
  g_autofree char *p90 = lumina_format_ms (json_object_get_double_member_with_default (summary, "p90_ms", NAN));
  g_autofree char *p99 = lumina_format_ms (json_object_get_double_member_with_default (summary, "p99_ms", NAN));
  JsonObject *status = json_object_get_object_member (summary, "status");
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GList) codes = status != NULL ? json_object_get_members (status) : NULL;
  gint64 n_errors = json_object_get_int_member (summary, "errors");

  set_row (self->summary_requests_row,
           /* Translators: a load test's request count and length, such as “12034 in 10.0 s” */
           g_strdup_printf (_("%" G_GINT64_FORMAT " in %.1f s"), json_object_get_int_member (summary, "requests"),
                            json_object_get_double_member (summary, "duration_s")));
  set_row (self->summary_rps_row, lumina_format_rps (json_object_get_double_member (summary, "rps")));
  /* Translators: latency percentiles of a load test */
  set_row (self->summary_latency_row, g_strdup_printf (_("p50 %s · p90 %s · p99 %s"), p50, p90, p99));

  g_string_append_printf (errors, "%" G_GINT64_FORMAT, n_errors);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      g_string_append (errors, l == codes ? " (" : ", ");
      /* Translators: requests by HTTP status, such as “200: 1203” */
      g_string_append_printf (errors, _("%s: %" G_GINT64_FORMAT), (const char *) l->data,
                              json_object_get_int_member (status, l->data));
      if (l->next == NULL)
        g_string_append (errors, ")");
    }
  adw_action_row_set_subtitle (self->summary_errors_row, errors->str);

  set_row (self->summary_client_row,
           /* Translators: how busy the load generator's thread was; near 100 % it, not the server, was the limit */
           g_strdup_printf (_("%.0f %% of one CPU core busy sending (%" G_GINT64_FORMAT " clients)"),
                            100 * json_object_get_double_member (summary, "client_busy"),
                            json_object_get_int_member (summary, "concurrency")));
  gtk_widget_set_visible (self->load_result_group, TRUE);
}

static void
update_load_ranges (LuminaDeploymentsPage *self,
                    GArray                *points)
{
  double max_x = NAN, max_y = NAN;

  for (guint i = 0; i < points->len; i++)
    {
      LuminaLoadSample *point = &g_array_index (points, LuminaLoadSample, i);

      if (point->requests == 0 || point->duration_s < MIN_INTERVAL_S)
        continue;
      max_x = isnan (max_x) ? point->rps : MAX (max_x, point->rps);
      max_y = isnan (max_y) ? point->p99_ms : MAX (max_y, point->p99_ms);
    }
  lumina_chart_set_x_range (self->load_chart, 0.0, _lumina_deployments_nice_ceiling (max_x));
  lumina_chart_set_y_range (self->load_chart, 0.0, _lumina_deployments_nice_ceiling (max_y));
}

static void
load_sample_cb (LuminaDeploymentsPage  *self,
                LuminaLoadSample       *sample,
                LuminaLoadTest         *test)
{
  g_autofree char *requests = NULL;
  guint64 total = 0;
  GArray *samples = lumina_load_test_get_samples (test);

  /* The last interval of a run is shorter than a second: its rate is noise. */
  if (!lumina_load_test_get_ramp (test) && sample->requests > 0 && sample->duration_s >= MIN_INTERVAL_S)
    {
      lumina_chart_append_points (self->load_chart, 0, &sample->rps, &sample->p50_ms, 1);
      lumina_chart_append_points (self->load_chart, 1, &sample->rps, &sample->p99_ms, 1);
      update_load_ranges (self, samples);
    }

  for (guint i = 0; i < samples->len; i++)
    total += g_array_index (samples, LuminaLoadSample, i).requests;
  /* Translators: a running load test's requests so far and its clients */
  requests = g_strdup_printf (_("%" G_GUINT64_FORMAT " requests so far, %u clients"), total, sample->concurrency);
  gtk_progress_bar_set_text (self->load_progress, requests);
}

static void
load_step_cb (LuminaDeploymentsPage  *self,
              LuminaLoadSample       *step,
              LuminaLoadTest         *test)
{
  if (step->requests == 0)
    return;
  lumina_chart_append_points (self->load_chart, 0, &step->rps, &step->p50_ms, 1);
  lumina_chart_append_points (self->load_chart, 1, &step->rps, &step->p99_ms, 1);
  update_load_ranges (self, lumina_load_test_get_steps (test));
}

static void
load_progress_cb (LuminaDeploymentsPage *self,
                  GParamSpec            *pspec,
                  LuminaLoadTest        *test)
{
  gtk_progress_bar_set_fraction (self->load_progress, lumina_load_test_get_progress (test));
}

static void
update_buttons (LuminaDeploymentsPage *self)
{
  gboolean running = self->load_test != NULL && lumina_load_test_get_running (self->load_test);

  gtk_widget_set_visible (GTK_WIDGET (self->load_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_load_button), running);
  gtk_progress_bar_set_show_text (self->load_progress, running);
  gtk_widget_set_visible (GTK_WIDGET (self->load_progress), running);
  _lumina_deployments_page_actions_update (self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LuminaDeploymentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = lumina_load_test_run_finish (LUMINA_LOAD_TEST (object), result, &error);

  if (self->load_test != LUMINA_LOAD_TEST (object))
    return;

  if (summary == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _lumina_deployments_page_error (self, error);
  if (lumina_load_test_get_summary (self->load_test) != NULL)
    show_summary (self, lumina_load_test_get_summary (self->load_test));
  update_buttons (self);
}

static void
start_load_test (LuminaDeploymentsPage *self)
{
  JsonObject *info = _lumina_deployments_page_find (self, self->selected);
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;

  if (info == NULL || !json_object_has_member (info, "url"))
    return;

  base = lumina_deployment_dup_base_url (info);
  url = g_strconcat (base, "/invocations", NULL);
  _lumina_deployments_page_load_reset (self);
  gtk_label_set_text (self->load_note_label, self->load_note != NULL ? self->load_note : "");

  self->load_test = lumina_load_test_new (url);
  self->load_deployment = g_strdup (self->selected);
  lumina_load_test_set_body (self->load_test, NULL, self->load_body);
  lumina_load_test_set_concurrency (self->load_test, gtk_spin_button_get_value_as_int (self->clients_spin));
  lumina_load_test_set_duration (self->load_test, gtk_spin_button_get_value (self->duration_spin));
  lumina_load_test_set_ramp (self->load_test, gtk_switch_get_active (self->ramp_switch));
  g_signal_connect_object (self->load_test, "sample", G_CALLBACK (load_sample_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->load_test, "step", G_CALLBACK (load_step_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->load_test, "notify::progress", G_CALLBACK (load_progress_cb), self, G_CONNECT_SWAPPED);

  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  lumina_load_test_run_async (self->load_test, self->load_cancellable, load_done_cb, g_object_ref (self));
  gtk_progress_bar_set_text (self->load_progress, _("Starting…"));
  update_buttons (self);
}

static void
body_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *note = NULL;
  char *body = lumina_load_test_build_body (task_data, g_task_get_name (task), 1, NULL, &note, &error);

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "note", note, g_free);
  g_task_return_pointer (task, body, g_free);
}

static void
body_built_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LuminaDeploymentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *body = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->manager == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deployments.load-test", TRUE);
  if (body == NULL)
    {
      _lumina_deployments_page_error (self, error);
      return;
    }

  g_free (self->load_body);
  self->load_body = body;
  g_free (self->load_body_ref);
  self->load_body_ref = g_strdup (g_task_get_name (G_TASK (result)));
  g_free (self->load_note);
  /* Translators: where a load test's request body comes from, such as “Each request: 1 row of iris@1” */
  self->load_note = g_strdup_printf (_("Each request: %s"), (const char *) g_object_get_data (G_OBJECT (result), "note"));
  start_load_test (self);
}

static void
load_test_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);
  JsonObject *info = _lumina_deployments_page_find (self, self->selected);
  const char *ref;
  g_autoptr(GTask) task = NULL;

  if (info == NULL)
    return;

  ref = json_object_get_string_member (info, "model_ref");
  if (self->load_body != NULL && g_strcmp0 (self->load_body_ref, ref) == 0)
    {
      start_load_test (self);
      return;
    }

  /* Reading the training data can take a moment: do it off the main thread. */
  gtk_widget_action_set_enabled (widget, "deployments.load-test", FALSE);
  task = g_task_new (NULL, self->cancellable, body_built_cb, g_object_ref (self));
  g_task_set_name (task, ref);
  g_task_set_task_data (task, g_object_ref (lumina_deployment_manager_get_registry (self->manager)), g_object_unref);
  g_task_run_in_thread (task, body_thread);
}

static void
cancel_load_test_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);

  if (self->load_test != NULL)
    lumina_load_test_cancel (self->load_test);
}

static void
ramp_changed_cb (LuminaDeploymentsPage *self,
                 GParamSpec            *pspec,
                 GtkSwitch             *ramp)
{
  if (self->load_test == NULL || !lumina_load_test_get_running (self->load_test))
    setup_load_chart (self, gtk_switch_get_active (ramp));
}

void
_lumina_deployments_page_class_load_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "deployments.load-test", NULL, load_test_action);
  gtk_widget_class_install_action (widget_class, "deployments.cancel-load-test", NULL, cancel_load_test_action);
}

void
_lumina_deployments_page_load_init (LuminaDeploymentsPage *self)
{
  gtk_spin_button_set_value (self->clients_spin, 4);
  gtk_spin_button_set_value (self->duration_spin, 10);
  g_signal_connect_object (self->ramp_switch, "notify::active", G_CALLBACK (ramp_changed_cb), self, G_CONNECT_SWAPPED);
}
