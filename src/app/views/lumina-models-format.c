/* lumina-models-format.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-models-format"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "lumina-data-format.h"
#include "lumina-models-format.h"
#include "lumina-run-format.h"

/**
 * lumina_models_badge_new:
 * @text: what the badge says
 * @style: (nullable): a style class from style.css (.model-badge.STYLE)
 *
 * Returns: (transfer floating): a pill-shaped label
 */
GtkWidget *
lumina_models_badge_new (const char *text,
                         const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "model-badge");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_set_tooltip_text (label, text);

  return label;
}

const char *
lumina_models_format_stage (const char *stage)
{
  if (g_strcmp0 (stage, "dev") == 0)
    return C_("model stage", "Development");
  if (g_strcmp0 (stage, "staging") == 0)
    return C_("model stage", "Staging");
  if (g_strcmp0 (stage, "production") == 0)
    return C_("model stage", "Production");
  if (g_strcmp0 (stage, "archived") == 0)
    return C_("model stage", "Archived");
  return stage != NULL ? stage : C_("model stage", "None");
}

GtkWidget *
lumina_models_stage_badge_new (const char *stage)
{
  const char *style = "stage";

  if (g_strcmp0 (stage, LUMINA_REGISTRY_PRODUCTION) == 0)
    style = "production";
  else if (g_strcmp0 (stage, "staging") == 0)
    style = "staging";
  else if (g_strcmp0 (stage, "archived") == 0)
    style = "archived";

  return lumina_models_badge_new (lumina_models_format_stage (stage), style);
}

GtkWidget *
lumina_models_alias_badge_new (const char *alias)
{
  const char *style = "alias";

  if (g_strcmp0 (alias, LUMINA_REGISTRY_CHAMPION) == 0)
    style = "champion";
  else if (g_strcmp0 (alias, LUMINA_REGISTRY_CHALLENGER) == 0)
    style = "challenger";

  /* Aliases are identifiers people type (NAME@champion): shown as written. */
  return lumina_models_badge_new (alias, style);
}

char *
lumina_models_format_version (guint version)
{
  /* Translators: a registered model's version number */
  return g_strdup_printf (_("Version %u"), version);
}

double
lumina_models_get_metric (JsonObject *metrics,
                          const char *metric)
{
  JsonNode *node = metrics != NULL && metric != NULL ? json_object_get_member (metrics, metric) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return NAN;

  return json_node_get_double (node);
}

gboolean
lumina_models_greater_is_better (const char *metric)
{
  LuminaMetric known;

  if (metric != NULL && lumina_metric_from_string (metric, &known))
    return lumina_metric_greater_is_better (known);

  return lumina_run_metric_higher_is_better (metric);
}

/* A version's main score, such as “roc_auc 0.9912”. */
char *
lumina_models_format_score (JsonObject *version)
{
  const char *metric = json_object_get_string_member_with_default (version, "primary_metric", NULL);
  JsonObject *metrics = json_object_get_object_member (version, "metrics");
  g_autofree char *value = NULL;

  if (metric == NULL)
    return g_strdup (_("No metrics"));

  value = lumina_run_format_metric (lumina_models_get_metric (metrics, metric));
  /* Translators: a metric name and its value, such as “roc_auc 0.9912” */
  return g_strdup_printf (_("%s %s"), metric, value);
}

guint
lumina_models_json_uint (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return (guint) MAX (json_node_get_int (node), 0);
}

const char *
lumina_models_format_gate_name (const char *gate)
{
  if (g_strcmp0 (gate, "metric") == 0)
    return _("Metric");
  if (g_strcmp0 (gate, "signature") == 0)
    return _("Signature");
  if (g_strcmp0 (gate, "approval") == 0)
    return _("Approval");
  return gate;
}

/* “2 of 3 gates passed” for a report {gates: [...], passed}. */
char *
lumina_models_format_gates_summary (JsonObject *report)
{
  JsonArray *gates;
  guint passed = 0;
  guint n;

  if (report == NULL || !json_object_has_member (report, "gates") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, "gates")))
    return NULL;

  gates = json_object_get_array_member (report, "gates");
  n = json_array_get_length (gates);
  if (n == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    passed += json_object_get_boolean_member_with_default (json_array_get_object_element (gates, i),
                                                            "passed", FALSE);

  if (passed == n)
    /* Translators: a summary of promotion gates that all passed */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u gate passed", "all %u gates passed", n), n);

  /* Translators: a summary of promotion gates, such as “1 of 3 gates failed” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u gate failed", "%u of %u gates failed", n),
                          n - passed, n);
}

static JsonObject *
event_details (JsonObject *event)
{
  JsonNode *node = json_object_get_member (event, "details");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
lumina_models_event_forced (JsonObject *event)
{
  JsonObject *details = event_details (event);

  return details != NULL && json_object_get_boolean_member_with_default (details, "forced", FALSE);
}

static char *
alias_event_title (JsonObject *event)
{
  const char *alias = json_object_get_string_member_with_default (event, "name", "");
  JsonObject *details = event_details (event);
  guint version = lumina_models_json_uint (event, "version");
  guint previous = lumina_models_json_uint (event, "previous");

  if (version == 0)
    /* Translators: an alias such as “champion” was removed from a version */
    return g_strdup_printf (_("%s removed from version %u"), alias, previous);
  if (details != NULL && json_object_has_member (details, "rollback_from"))
    /* Translators: an alias such as “champion” was rolled back */
    return g_strdup_printf (_("%s rolled back from version %u to %u"), alias, previous, version);
  if (previous == 0)
    /* Translators: an alias such as “champion” now points at a version */
    return g_strdup_printf (_("%s set to version %u"), alias, version);
  /* Translators: an alias such as “champion” moved between versions */
  return g_strdup_printf (_("%s moved from version %u to %u"), alias, previous, version);
}

char *
lumina_models_format_event_title (JsonObject *event)
{
  const char *kind = json_object_get_string_member_with_default (event, "kind", "");
  const char *name = json_object_get_string_member_with_default (event, "name", "");
  guint version = lumina_models_json_uint (event, "version");

  if (g_str_equal (kind, "register"))
    return g_strdup_printf (_("Version %u registered"), version);
  if (g_str_equal (kind, "alias"))
    return alias_event_title (event);
  if (g_str_equal (kind, "stage"))
    {
      JsonNode *previous = json_object_get_member (event, "previous");

      if (previous != NULL && JSON_NODE_HOLDS_VALUE (previous))
        /* Translators: a version moved between lifecycle stages, such as “Version 2 moved from Staging to Production” */
        return g_strdup_printf (_("Version %u moved from %s to %s"), version,
                                lumina_models_format_stage (json_node_get_string (previous)),
                                lumina_models_format_stage (name));
      return g_strdup_printf (_("Version %u moved to %s"), version, lumina_models_format_stage (name));
    }
  if (g_str_equal (kind, "approval"))
    return g_strdup_printf (_("Version %u approved"), version);
  if (g_str_equal (kind, "card"))
    return g_strdup_printf (_("Model card of version %u edited"), version);
  if (g_str_equal (kind, "gate") && name[0] == '\0')
    return g_strdup (_("Promotion gates changed"));
  if (g_str_equal (kind, "gate"))
    /* Translators: the promotion gates refused a move; %s is an alias or stage */
    return g_strdup_printf (_("Gates refused version %u for %s"), version, name);

  return g_strdup (kind);
}

char *
lumina_models_format_event_subtitle (JsonObject *event)
{
  JsonObject *details = event_details (event);
  const char *reason = json_object_get_string_member_with_default (event, "reason", "");
  g_autofree char *when = lumina_data_format_time (json_object_get_string_member_with_default (event, "time", NULL));
  g_autofree char *gates = NULL;
  GString *text = g_string_new (NULL);

  /* Translators: who did something and when, such as “alice · 3 Mar 2026, 14:00” */
  g_string_printf (text, _("%s · %s"), json_object_get_string_member_with_default (event, "actor", "?"), when);
  if (reason[0] != '\0')
    /* Translators: the reason given for a registry change, after who and when */
    g_string_append_printf (text, _(" · “%s”"), reason);

  if (details != NULL && json_object_has_member (details, "gates") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (details, "gates")))
    gates = lumina_models_format_gates_summary (json_object_get_object_member (details, "gates"));
  if (gates != NULL)
    g_string_append_printf (text, " · %s", gates);
  if (details != NULL && json_object_has_member (details, "run_id"))
    {
      /* Short, as elsewhere: a whole id is one unbreakable word. */
      g_autofree char *run = g_strndup (json_object_get_string_member (details, "run_id"), 8);

      /* Translators: the run a registered version comes from, by a short id */
      g_string_append_printf (text, _(" · from run %s"), run);
    }

  return g_string_free (text, FALSE);
}

const char *
lumina_models_event_icon_name (JsonObject *event)
{
  const char *kind = json_object_get_string_member_with_default (event, "kind", "");

  if (g_str_equal (kind, "register"))
    return "list-add-symbolic";
  if (g_str_equal (kind, "alias"))
    return "starred-symbolic";
  if (g_str_equal (kind, "stage"))
    return "go-up-symbolic";
  if (g_str_equal (kind, "approval"))
    return "emblem-ok-symbolic";
  if (g_str_equal (kind, "card"))
    return "document-edit-symbolic";
  if (g_str_equal (kind, "gate"))
    return "dialog-warning-symbolic";
  return "emblem-system-symbolic";
}

/**
 * lumina_models_parse_local_time:
 * @text: “YYYY-MM-DD HH:MM”, “YYYY-MM-DD” or ISO 8601
 *
 * Returns: (transfer full) (nullable): the time, read in the local zone
 *   unless it says otherwise
 */
GDateTime *
lumina_models_parse_local_time (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int year, month, day, hour = 0, minute = 0;
  char end;
  int n;

  if (text == NULL)
    return NULL;

  while (g_ascii_isspace (*text))
    text++;

  n = sscanf (text, "%d-%d-%d %d:%d %c", &year, &month, &day, &hour, &minute, &end);
  if (n == 5 || n == 3)
    {
      if (n == 3 && sscanf (text, "%d-%d-%d %c", &year, &month, &day, &end) == 4)
        return NULL;
      return g_date_time_new (local, year, month, day, hour, minute, 0);
    }

  return g_date_time_new_from_iso8601 (text, local);
}
