/* lumina-models-format.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the Models view writes registry facts for people: badges for stages
 * and aliases, a version's main score, history rows and gate reports.
 */
#pragma once

#include <adwaita.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

GtkWidget  *lumina_models_badge_new             (const char *text,
                                                 const char *style);
GtkWidget  *lumina_models_stage_badge_new       (const char *stage);
GtkWidget  *lumina_models_alias_badge_new       (const char *alias);
const char *lumina_models_format_stage          (const char *stage);
char       *lumina_models_format_version        (guint       version);
char       *lumina_models_format_score          (JsonObject *version);
double      lumina_models_get_metric            (JsonObject *metrics,
                                                 const char *metric);
gboolean    lumina_models_greater_is_better     (const char *metric);
char       *lumina_models_format_event_title    (JsonObject *event);
char       *lumina_models_format_event_subtitle (JsonObject *event);
const char *lumina_models_event_icon_name       (JsonObject *event);
gboolean    lumina_models_event_forced          (JsonObject *event);
char       *lumina_models_format_gates_summary  (JsonObject *report);
const char *lumina_models_format_gate_name      (const char *gate);
guint       lumina_models_json_uint             (JsonObject *object,
                                                 const char *member);
GDateTime  *lumina_models_parse_local_time      (const char *text);

G_END_DECLS
