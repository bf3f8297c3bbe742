/* lumina-activity-row.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One event of the audit log, as the Overview lists it.
 */
#define G_LOG_DOMAIN "lumina-activity-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lumina-activity-row.h"

struct _LuminaActivityRow
{
  AdwActionRow  parent_instance;

  GtkImage     *icon;
  GtkLabel     *time_label;

  LuminaEvent  *event;
};

G_DEFINE_FINAL_TYPE (LuminaActivityRow, lumina_activity_row, ADW_TYPE_ACTION_ROW)

static const struct {
  const char *kind;
  const char *title;
} known_kinds[] = {
  { "workspace.created", N_("Workspace created") },
  { "workspace.migrated", N_("Workspace upgraded") },
  { "dataset.imported", N_("Dataset imported") },
  { "dataset.version_created", N_("Dataset version created") },
  { "run.started", N_("Run started") },
  { "run.finished", N_("Run finished") },
  { "run.failed", N_("Run failed") },
  { "model.registered", N_("Model registered") },
  { "model.promoted", N_("Model promoted") },
  { "deployment.created", N_("Deployment created") },
  { "deployment.updated", N_("Deployment changed") },
  { "alert.fired", N_("Alert fired") },
  { "alert.resolved", N_("Alert resolved") },
  { "remediation.applied", N_("Remediation applied") },
  { "assistant.tool_called", N_("Assistant used a tool") },
};

static const struct {
  const char *domain;
  const char *icon_name;
} domain_icons[] = {
  { "workspace", "lumina-overview-symbolic" },
  { "dataset", "lumina-data-symbolic" },
  { "data", "lumina-data-symbolic" },
  { "experiment", "lumina-experiments-symbolic" },
  { "run", "lumina-experiments-symbolic" },
  { "model", "lumina-models-symbolic" },
  { "automl", "lumina-automl-symbolic" },
  { "pipeline", "lumina-pipelines-symbolic" },
  { "deployment", "lumina-deployments-symbolic" },
  { "serve", "lumina-deployments-symbolic" },
  { "alert", "lumina-alerts-symbolic" },
  { "drift", "lumina-alerts-symbolic" },
  { "remediation", "lumina-alerts-symbolic" },
  { "metric", "lumina-monitoring-symbolic" },
  { "monitor", "lumina-monitoring-symbolic" },
  { "agent", "lumina-agents-symbolic" },
  { "remote", "lumina-agents-symbolic" },
  { "assistant", "lumina-assistant-symbolic" },
};

/**
 * lumina_activity_format_kind:
 * @kind: an event kind such as "dataset.imported"
 *
 * Returns: (transfer full): a title for people, such as "Dataset imported"
 */
char *
lumina_activity_format_kind (const char *kind)
{
  g_autofree char *lower = NULL;
  GString *title;

  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (known_kinds); i++)
    {
      if (g_strcmp0 (kind, known_kinds[i].kind) == 0)
        return g_strdup (_(known_kinds[i].title));
    }

  /* A kind this build does not know yet reads well enough as words. */
  lower = g_utf8_strdown (kind, -1);
  title = g_string_new (NULL);
  for (const char *p = lower; *p != '\0'; p++)
    {
      if (*p == '.' || *p == '_' || *p == '-')
        {
          if (title->len > 0 && title->str[title->len - 1] != ' ')
            g_string_append_c (title, ' ');
        }
      else
        g_string_append_c (title, *p);
    }

  if (title->len > 0 && title->str[title->len - 1] == ' ')
    g_string_truncate (title, title->len - 1);
  if (title->len > 0)
    title->str[0] = g_ascii_toupper (title->str[0]);

  return g_string_free (title, FALSE);
}

/**
 * lumina_activity_get_icon_name:
 * @kind: an event kind
 *
 * Returns: the symbolic icon of the view the event belongs to
 */
const char *
lumina_activity_get_icon_name (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (domain_icons); i++)
    {
      gsize len = strlen (domain_icons[i].domain);

      if (strncmp (kind, domain_icons[i].domain, len) == 0 &&
          (kind[len] == '.' || kind[len] == '\0'))
        return domain_icons[i].icon_name;
    }

  return "lumina-activity-symbolic";
}

/**
 * lumina_activity_format_relative_time:
 * @time: when something happened
 * @now: the current time
 *
 * Returns: (transfer full): "Just now", "5 minutes ago", "Yesterday", ...
 */
char *
lumina_activity_format_relative_time (GDateTime *time,
                                      GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan span;
  gint64 n;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = MAX (0, g_date_time_difference (now, time));

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                           (gulong) n), (int) n);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                           (gulong) n), (int) n);
    }

  n = span / G_TIME_SPAN_DAY;
  if (n == 1)
    return g_strdup (_("Yesterday"));
  if (n < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                         (gulong) n), (int) n);

  local = g_date_time_to_local (time);
  /* Translators: a date, see the GDateTime documentation for the codes */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static char *
lumina_activity_row_dup_subtitle (LuminaEvent *event)
{
  const char *object = lumina_event_get_object (event);
  const char *actor = lumina_event_get_actor (event);
  gboolean has_object = object != NULL && object[0] != '\0';
  gboolean has_actor = actor != NULL && actor[0] != '\0';

  if (has_object && has_actor)
    /* Translators: what an event changed, then who made the change */
    return g_strdup_printf (_("%s · by %s"), object, actor);
  if (has_actor)
    /* Translators: who made a change */
    return g_strdup_printf (_("By %s"), actor);
  if (has_object)
    return g_strdup (object);

  return NULL;
}

void
lumina_activity_row_update_time (LuminaActivityRow *self,
                                 GDateTime         *now)
{
  g_autofree char *text = NULL;
  GDateTime *time;

  g_return_if_fail (LUMINA_IS_ACTIVITY_ROW (self));
  g_return_if_fail (now != NULL);

  time = lumina_event_get_time (self->event);
  if (time == NULL)
    return;

  text = lumina_activity_format_relative_time (time, now);
  gtk_label_set_text (self->time_label, text);
}

static void
lumina_activity_row_set_event (LuminaActivityRow *self,
                               LuminaEvent       *event)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GDateTime *time;

  g_assert (LUMINA_IS_ACTIVITY_ROW (self));
  g_assert (LUMINA_IS_EVENT (event));

  g_set_object (&self->event, event);

  title = lumina_activity_format_kind (lumina_event_get_kind (event));
  subtitle = lumina_activity_row_dup_subtitle (event);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_image_set_from_icon_name (self->icon, lumina_activity_get_icon_name (lumina_event_get_kind (event)));

  time = lumina_event_get_time (event);
  if (time != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (time);
      /* Translators: a full date and time, see the GDateTime documentation for the codes */
      g_autofree char *full = g_date_time_format (local, _("%A, %-d %B %Y, %H:%M:%S"));

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_label), full);
    }

  lumina_activity_row_update_time (self, now);
}

static void
lumina_activity_row_dispose (GObject *object)
{
  LuminaActivityRow *self = LUMINA_ACTIVITY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LUMINA_TYPE_ACTIVITY_ROW);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (lumina_activity_row_parent_class)->dispose (object);
}

static void
lumina_activity_row_class_init (LuminaActivityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lumina_activity_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/lumina-activity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LuminaActivityRow, icon);
  gtk_widget_class_bind_template_child (widget_class, LuminaActivityRow, time_label);
}

static void
lumina_activity_row_init (LuminaActivityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lumina_activity_row_new (LuminaEvent *event)
{
  LuminaActivityRow *self;

  g_return_val_if_fail (LUMINA_IS_EVENT (event), NULL);

  self = g_object_new (LUMINA_TYPE_ACTIVITY_ROW, NULL);
  lumina_activity_row_set_event (self, event);

  return GTK_WIDGET (self);
}

LuminaEvent *
lumina_activity_row_get_event (LuminaActivityRow *self)
{
  g_return_val_if_fail (LUMINA_IS_ACTIVITY_ROW (self), NULL);

  return self->event;
}
