/* lumina-event.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_EVENT (lumina_event_get_type ())

G_DECLARE_FINAL_TYPE (LuminaEvent, lumina_event, LUMINA, EVENT, GObject)

gint64      lumina_event_get_id        (LuminaEvent *self);
GDateTime  *lumina_event_get_time      (LuminaEvent *self);
const char *lumina_event_get_time_text (LuminaEvent *self);
const char *lumina_event_get_actor     (LuminaEvent *self);
const char *lumina_event_get_kind      (LuminaEvent *self);
const char *lumina_event_get_object    (LuminaEvent *self);
const char *lumina_event_get_details   (LuminaEvent *self);
JsonNode   *lumina_event_dup_details_node (LuminaEvent *self);
const char *lumina_event_get_prev_hash (LuminaEvent *self);
const char *lumina_event_get_hash      (LuminaEvent *self);
JsonNode   *lumina_event_to_json       (LuminaEvent *self);

G_END_DECLS
