/* lumina-deployments-page-detail.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detail of one deployment: start, stop (draining) and restart; live
 * settings (workers, batching, capture); the challenger in canary or
 * shadow mode; live latency and throughput charts; the endpoints with an
 * example request made from a real row of the training data.
 */
#define G_LOG_DOMAIN "lumina-deployments-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lumina-deployment-row.h"
#include "lumina-deployments-page-private.h"

#define CHART_WINDOW_S   300.0
#define CANARY_DELAY_MS  300
#define STOP_TIMEOUT_MS  10000

static JsonObject *
selected_info (LuminaDeploymentsPage *self)
{
  return _lumina_deployments_page_find (self, self->selected);
}

/* ---- charts ------------------------------------------------------------- */

static void
setup_chart (LuminaChart *chart,
             const char  *title,
             const char  *y_label,
             const char  *y_unit,
             const char  *first,
             const char  *second)
{
  lumina_chart_clear (chart);
  lumina_chart_set_title (chart, title);
  lumina_chart_set_placeholder (chart, _("Live figures appear here while the deployment runs in this window"));
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_X, LUMINA_CHART_SCALE_TIME, _("Time"), NULL);
  lumina_chart_set_axis (chart, LUMINA_CHART_AXIS_Y, LUMINA_CHART_SCALE_LINEAR, y_label, y_unit);
  lumina_chart_set_y_range (chart, 0.0, NAN);
  lumina_chart_add_series (chart, first, LUMINA_CHART_STYLE_LINE);
  lumina_chart_add_series (chart, second, LUMINA_CHART_STYLE_LINE);
  lumina_chart_set_follow (chart, TRUE, CHART_WINDOW_S);
}

/* Room above the highest point, on a round value, so that lines never run
 * along the top edge and the axis shows at least two labelled ticks. */
double
_lumina_deployments_nice_ceiling (double value)
{
  static const double steps[] = { 1, 1.5, 2, 3, 4, 5, 6, 8, 10 };

  return lumina_chart_nice_ceiling (value, 1.2, steps, G_N_ELEMENTS (steps));
}

static double
array_max (GArray *values)
{
  double max = NAN;

  for (guint i = 0; i < values->len; i++)
    {
      double value = g_array_index (values, double, i);

      if (isfinite (value) && !(value <= max))
        max = value;
    }
  return max;
}

static void
update_ranges (LuminaDeploymentsPage   *self,
               LuminaDeploymentHistory *history)
{
  lumina_chart_set_y_range (self->latency_chart, 0.0,
                            _lumina_deployments_nice_ceiling (MAX (array_max (history->p99_ms),
                                                                   array_max (history->p50_ms))));
  lumina_chart_set_y_range (self->throughput_chart, 0.0,
                            _lumina_deployments_nice_ceiling (MAX (array_max (history->rps),
                                                                   array_max (history->errors_per_s))));
}

static void
fill_charts (LuminaDeploymentsPage   *self,
             LuminaDeploymentHistory *history)
{
  const double *t = (const double *) (gpointer) history->time->data;
  guint n = history->time->len;

  setup_chart (self->latency_chart, _("Latency"), _("Latency"), "ms", _("p50"), _("p99"));
  setup_chart (self->throughput_chart, _("Throughput"), _("Rate"), "req/s", _("Requests"), _("Errors"));
  lumina_chart_set_series_color (self->throughput_chart, 1, &(GdkRGBA) { 0.75f, 0.11f, 0.16f, 1.0f });

  /* Points before the first full sample would only be gaps. */
  if (n == 0)
    return;
  lumina_chart_set_series_data (self->latency_chart, 0, t, (const double *) (gpointer) history->p50_ms->data, n);
  lumina_chart_set_series_data (self->latency_chart, 1, t, (const double *) (gpointer) history->p99_ms->data, n);
  lumina_chart_set_series_data (self->throughput_chart, 0, t, (const double *) (gpointer) history->rps->data, n);
  lumina_chart_set_series_data (self->throughput_chart, 1, t,
                                (const double *) (gpointer) history->errors_per_s->data, n);
  update_ranges (self, history);
}

static void
set_figure (GtkLabel *label,
            char     *text)
{
  gtk_label_set_text (label, text);
  g_free (text);
}

static void
update_split (LuminaDeploymentsPage         *self,
              const LuminaDeploymentFigures *figures)
{
  g_autofree char *text = NULL;

  if (figures == NULL || !figures->has_challenger)
    text = g_strdup (_("All requests go to the primary version"));
  else if (figures->shadow)
    {
      g_autofree char *agreement = lumina_format_percent (figures->agreement);

      if (figures->compared == 0)
        /* Translators: shadow mode before any comparison; %u is a version */
        text = g_strdup_printf (_("Version %u scores every request in the shadow; no comparison yet"),
                                figures->challenger_version);
      else
        /* Translators: shadow mode, such as “Version 2 agrees with the primary on 97.5 % of 1200 requests” */
        text = g_strdup_printf (_("Version %u agrees with the primary on %s of %" G_GUINT64_FORMAT " requests"),
                                figures->challenger_version, agreement, figures->compared);
    }
  else
    {
      double share = figures->rps > 0 ? figures->challenger_rps / figures->rps
                     : figures->requests > 0 ? (double) figures->challenger_requests / figures->requests : NAN;
      g_autofree char *percent = lumina_format_percent (share);
      g_autofree char *rps = lumina_format_rps (figures->challenger_rps);

      /* Translators: canary mode, such as “Version 2 answers 10.3 % of requests (4.2 req/s)” */
      text = g_strdup_printf (_("Version %u answers %s of requests (%s)"), figures->challenger_version, percent, rps);
    }
  adw_action_row_set_subtitle (self->split_row, text);
}

void
_lumina_deployments_page_detail_sample (LuminaDeploymentsPage         *self,
                                        const LuminaDeploymentFigures *figures,
                                        LuminaDeploymentHistory       *history,
                                        double                         time)
{
  double rate = history->error_rate->len > 0
                ? g_array_index (history->error_rate, double, history->error_rate->len - 1) : NAN;
  double errors_per_s = history->errors_per_s->len > 0
                        ? g_array_index (history->errors_per_s, double, history->errors_per_s->len - 1) : NAN;

  set_figure (self->rps_label, lumina_format_rps (figures->rps));
  set_figure (self->p50_label, lumina_format_ms (figures->p50_ms));
  set_figure (self->p99_label, lumina_format_ms (figures->p99_ms));
  set_figure (self->errors_label, lumina_format_percent (rate));

  lumina_chart_append_points (self->latency_chart, 0, &time, &figures->p50_ms, 1);
  lumina_chart_append_points (self->latency_chart, 1, &time, &figures->p99_ms, 1);
  lumina_chart_append_points (self->throughput_chart, 0, &time, &figures->rps, 1);
  lumina_chart_append_points (self->throughput_chart, 1, &time, &errors_per_s, 1);
  update_ranges (self, history);
  update_split (self, figures);
}

static void
clear_figures (LuminaDeploymentsPage *self)
{
  gtk_label_set_text (self->rps_label, "—");
  gtk_label_set_text (self->p50_label, "—");
  gtk_label_set_text (self->p99_label, "—");
  gtk_label_set_text (self->errors_label, "—");
  update_split (self, NULL);
}

static double
last_value (GArray *values)
{
  return values->len > 0 ? g_array_index (values, double, values->len - 1) : NAN;
}

/* Until the next sample, the figures of the last one. */
static void
show_last_figures (LuminaDeploymentsPage   *self,
                   LuminaDeploymentHistory *history)
{
  if (!isfinite (last_value (history->rps)))
    return;

  set_figure (self->rps_label, lumina_format_rps (last_value (history->rps)));
  set_figure (self->p50_label, lumina_format_ms (last_value (history->p50_ms)));
  set_figure (self->p99_label, lumina_format_ms (last_value (history->p99_ms)));
  set_figure (self->errors_label, lumina_format_percent (last_value (history->error_rate)));
}

/* ---- the challenger list ------------------------------------------------ */

static void
fill_challengers (LuminaDeploymentsPage *self,
                  JsonObject            *info)
{
  LuminaRegistry *registry = lumina_deployment_manager_get_registry (self->manager);
  const char *model = json_object_get_string_member_with_default (info, "model", NULL);
  g_autoptr(JsonNode) versions = model != NULL ? lumina_registry_list_versions (registry, model, NULL) : NULL;
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *array = versions != NULL ? json_node_get_array (versions) : NULL;

  g_strv_builder_add (refs, "");
  gtk_string_list_append (labels, _("None"));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *version = json_array_get_object_element (array, i);
      gint64 number = json_object_get_int_member (version, "version");
      JsonArray *aliases = json_object_get_array_member (version, "aliases");
      g_autofree char *ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, model, number);

      for (guint a = 0; aliases != NULL && a < json_array_get_length (aliases); a++)
        {
          g_autofree char *alias_ref = g_strdup_printf ("%s@%s", model, json_array_get_string_element (aliases, a));
          /* Translators: a challenger choice, such as “churn@challenger (version 4)” */
          g_autofree char *label = g_strdup_printf (_("%s (version %" G_GINT64_FORMAT ")"), alias_ref, number);

          g_strv_builder_add (refs, alias_ref);
          gtk_string_list_append (labels, label);
        }
      g_strv_builder_add (refs, ref);
      gtk_string_list_append (labels, ref);
    }

  g_clear_pointer (&self->challenger_refs, g_strfreev);
  self->challenger_refs = g_strv_builder_end (refs);
  adw_combo_row_set_model (self->challenger_row, G_LIST_MODEL (labels));
}

static guint
challenger_index (LuminaDeploymentsPage *self,
                  const char            *ref)
{
  for (guint i = 0; self->challenger_refs != NULL && self->challenger_refs[i] != NULL; i++)
    if (g_strcmp0 (self->challenger_refs[i], ref) == 0)
      return i;
  return 0;
}

/* ---- showing one deployment --------------------------------------------- */

static void
update_endpoints (LuminaDeploymentsPage *self,
                  JsonObject            *info)
{
  g_autofree char *base = lumina_deployment_dup_base_url (info);
  g_autofree char *oip = g_strdup_printf ("%s/v2/models/%s/infer", base, json_object_get_string_member (info, "name"));
  g_autofree char *invocations = g_strdup_printf ("%s/invocations", base);

  adw_action_row_set_subtitle (self->oip_row, oip);
  adw_action_row_set_subtitle (self->invocations_row, invocations);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->oip_copy_button), "s", oip);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->invocations_copy_button), "s", invocations);
}

static void
update_settings (LuminaDeploymentsPage *self,
                 JsonObject            *settings)
{
  const char *challenger = json_object_get_string_member_with_default (settings, "challenger", "");
  gboolean shadow = g_strcmp0 (json_object_get_string_member_with_default (settings, "mode", "canary"), "shadow") == 0;

  self->updating = TRUE;
  gtk_spin_button_set_value (self->workers_spin, json_object_get_int_member_with_default (settings, "workers", 2));
  gtk_spin_button_set_value (self->batch_spin, json_object_get_double_member_with_default (settings, "batch_window_ms", 1));
  gtk_spin_button_set_value (self->capture_spin,
                             100 * json_object_get_double_member_with_default (settings, "capture_rate", 0.1));
  adw_combo_row_set_selected (self->challenger_row, challenger_index (self, challenger));
  adw_combo_row_set_selected (self->mode_row, shadow ? 1 : 0);
  if (self->canary_source == 0)
    gtk_range_set_value (GTK_RANGE (self->canary_scale),
                         json_object_get_double_member_with_default (settings, "canary_percent", 0));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row),
                               shadow ? _("The challenger also scores every request; the primary answers")
                                      : _("The challenger answers the share of requests set below"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row), challenger[0] != '\0');
  gtk_widget_set_sensitive (self->canary_row, challenger[0] != '\0' && !shadow);
  self->updating = FALSE;
}

void
_lumina_deployments_page_detail_update (LuminaDeploymentsPage *self)
{
  JsonObject *info = selected_info (self);
  const char *error;
  const char *style = NULL;
  g_autofree char *status = NULL;
  g_autofree char *subtitle = NULL;

  if (info == NULL)
    return;

  gtk_label_set_text (self->detail_title, json_object_get_string_member (info, "name"));
  if (json_object_has_member (info, "version"))
    subtitle = g_strdup_printf (_("%s → version %" G_GINT64_FORMAT), json_object_get_string_member (info, "model_ref"),
                                json_object_get_int_member (info, "version"));
  else
    subtitle = g_strdup_printf (_("%s → not found in the registry"), json_object_get_string_member (info, "model_ref"));
  gtk_label_set_text (self->detail_subtitle, subtitle);

  status = lumina_deployment_describe_status (info, &style);
  gtk_label_set_text (self->detail_status, status);
  for (const char * const *c = (const char * const[]) { "running", "stopping", "failed", "elsewhere", "stopped", NULL };
       *c != NULL; c++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), *c);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), style);

  error = json_object_get_string_member_with_default (info, "error", NULL);
  if (error == NULL && g_str_equal (style, "elsewhere"))
    error = _("Wanted running, but not served by this window: another process (such as “lumina deploy run”) may be serving it.");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_error_label), error != NULL);
  gtk_label_set_text (self->detail_error_label, error != NULL ? error : "");
  if (!g_str_equal (style, "running"))
    clear_figures (self);

  update_settings (self, json_object_get_object_member (info, "settings"));
  update_endpoints (self, info);
  _lumina_deployments_page_build_example (self, info);
}

/* The registry changed (a new version, an alias moved): the challenger
 * choices follow, and the deployment's choice stays selected. */
void
_lumina_deployments_page_detail_refill (LuminaDeploymentsPage *self)
{
  JsonObject *info = selected_info (self);

  if (info == NULL)
    return;

  self->updating = TRUE;
  fill_challengers (self, info);
  self->updating = FALSE;
  update_settings (self, json_object_get_object_member (info, "settings"));
}

void
_lumina_deployments_page_detail_show (LuminaDeploymentsPage *self)
{
  JsonObject *info = selected_info (self);
  LuminaDeploymentHistory *history = g_hash_table_lookup (self->histories, self->selected);
  g_autoptr(LuminaDeploymentHistory) empty = NULL;

  if (info == NULL)
    return;

  if (history == NULL)
    history = empty = lumina_deployment_history_new ();

  fill_charts (self, history);
  clear_figures (self);
  show_last_figures (self, history);
  g_clear_handle_id (&self->canary_source, g_source_remove);
  self->updating = TRUE;
  fill_challengers (self, info);
  self->updating = FALSE;
  _lumina_deployments_page_load_reset (self);
  _lumina_deployments_page_detail_update (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->rps_label),
                                                                            GTK_TYPE_SCROLLED_WINDOW))), 0);
}

/* ---- changes ------------------------------------------------------------ */

static void
apply_change (LuminaDeploymentsPage *self,
              JsonObject            *change)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->selected == NULL || self->manager == NULL)
    return;

  if (!lumina_deployment_manager_update (self->manager, self->selected, change, &error))
    {
      _lumina_deployments_page_error (self, error);
      lumina_deployments_page_reload (self);
    }
}

static void
lumina_deployments_page_workers_changed_cb (LuminaDeploymentsPage *self,
                                            GtkSpinButton         *spin)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->selected == NULL)
    return;
  if (!lumina_deployment_manager_scale (self->manager, self->selected,
                                        (guint) gtk_spin_button_get_value_as_int (spin), &error))
    _lumina_deployments_page_error (self, error);
}

static void
lumina_deployments_page_batch_changed_cb (LuminaDeploymentsPage *self,
                                          GtkSpinButton         *spin)
{
  g_autoptr(JsonObject) change = json_object_new ();

  json_object_set_double_member (change, "batch_window_ms", gtk_spin_button_get_value (spin));
  apply_change (self, change);
}

static void
lumina_deployments_page_capture_changed_cb (LuminaDeploymentsPage *self,
                                            GtkSpinButton         *spin)
{
  g_autoptr(JsonObject) change = json_object_new ();

  json_object_set_double_member (change, "capture_rate", gtk_spin_button_get_value (spin) / 100.0);
  apply_change (self, change);
}

static void
lumina_deployments_page_challenger_changed_cb (LuminaDeploymentsPage *self)
{
  g_autoptr(JsonObject) change = json_object_new ();
  guint selected = adw_combo_row_get_selected (self->challenger_row);

  if (self->challenger_refs == NULL || selected >= g_strv_length (self->challenger_refs))
    return;
  json_object_set_string_member (change, "challenger", self->challenger_refs[selected]);
  apply_change (self, change);
}

static void
lumina_deployments_page_mode_changed_cb (LuminaDeploymentsPage *self)
{
  g_autoptr(JsonObject) change = json_object_new ();

  json_object_set_string_member (change, "mode", adw_combo_row_get_selected (self->mode_row) == 1 ? "shadow" : "canary");
  apply_change (self, change);
}

static gboolean
canary_apply_cb (gpointer data)
{
  LuminaDeploymentsPage *self = data;
  g_autoptr(JsonObject) change = json_object_new ();

  self->canary_source = 0;
  json_object_set_double_member (change, "canary_percent", round (gtk_range_get_value (GTK_RANGE (self->canary_scale))));
  apply_change (self, change);
  return G_SOURCE_REMOVE;
}

/* A drag moves the slider many times; the server takes the value it ends on. */
static void
lumina_deployments_page_canary_changed_cb (LuminaDeploymentsPage *self,
                                           GtkRange              *range)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->canary_source, g_source_remove);
  self->canary_source = g_timeout_add (CANARY_DELAY_MS, canary_apply_cb, self);
}

static char *
format_percent_value (GtkScale *scale,
                      double    value,
                      gpointer  user_data)
{
  return g_strdup_printf ("%.0f %%", value);
}

/* ---- lifecycle actions -------------------------------------------------- */

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!lumina_deployment_manager_start (self->manager, self->selected, &error))
    _lumina_deployments_page_error (self, error);
  lumina_deployments_page_reload (self);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LuminaDeploymentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean restart = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), "lumina-restart")) != 0;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "lumina-stopping");

  if (!lumina_deployment_manager_stop_finish (LUMINA_DEPLOYMENT_MANAGER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->manager != NULL)
        _lumina_deployments_page_error (self, error);
      return;
    }
  if (self->manager == NULL)
    return;

  if (restart && name != NULL && !lumina_deployment_manager_start (self->manager, name, &error))
    _lumina_deployments_page_error (self, error);
  lumina_deployments_page_reload (self);
}

static void
stop_selected (LuminaDeploymentsPage *self,
               gboolean               restart)
{
  g_object_set_data_full (G_OBJECT (self), "lumina-stopping", g_strdup (self->selected), g_free);
  g_object_set_data (G_OBJECT (self), "lumina-restart", GUINT_TO_POINTER (restart));
  lumina_deployment_manager_stop_async (self->manager, self->selected, STOP_TIMEOUT_MS, self->cancellable,
                                        stopped_cb, g_object_ref (self));
  lumina_deployments_page_reload (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  stop_selected (LUMINA_DEPLOYMENTS_PAGE (widget), FALSE);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  stop_selected (LUMINA_DEPLOYMENTS_PAGE (widget), TRUE);
}

static void
delete_response_cb (LuminaDeploymentsPage *self,
                    const char            *response,
                    AdwMessageDialog      *dialog)
{
  g_autoptr(GError) error = NULL;
  const char *name = g_object_get_data (G_OBJECT (dialog), "lumina-deployment");

  if (g_strcmp0 (response, "delete") != 0 || self->manager == NULL)
    return;
  if (!lumina_deployment_manager_delete (self->manager, name, &error))
    _lumina_deployments_page_error (self, error);
  lumina_deployments_page_reload (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LuminaDeploymentsPage *self = LUMINA_DEPLOYMENTS_PAGE (widget);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), self->selected);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Its settings are forgotten; the registered model stays."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "lumina-deployment", g_strdup (self->selected), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_lumina_deployments_page_class_detail_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_workers_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_batch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_capture_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_challenger_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lumina_deployments_page_canary_changed_cb);

  gtk_widget_class_install_action (widget_class, "deployments.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "deployments.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "deployments.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "deployments.delete", NULL, delete_action);
}

void
_lumina_deployments_page_detail_init (LuminaDeploymentsPage *self)
{
  gtk_scale_set_format_value_func (self->canary_scale, format_percent_value, NULL, NULL);
  gtk_scale_add_mark (self->canary_scale, 0, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (self->canary_scale, 50, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (self->canary_scale, 100, GTK_POS_BOTTOM, NULL);
}
