/* lumina-event.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One immutable record of the event log.  Its hash covers every field and
 * the previous record's hash, each field length-prefixed so no two different
 * records can serialise to the same bytes.
 */
#define G_LOG_DOMAIN "lumina-event"

#include "config.h"

#include <string.h>

#include "lumina-event-private.h"

struct _LuminaEvent
{
  GObject    parent_instance;

  gint64     id;
  char      *time_text;
  GDateTime *time;
  char      *actor;
  char      *kind;
  char      *object;
  char      *details;
  char      *prev_hash;
  char      *hash;
};

G_DEFINE_FINAL_TYPE (LuminaEvent, lumina_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIME,
  PROP_ACTOR,
  PROP_KIND,
  PROP_OBJECT,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lumina_event_finalize (GObject *object)
{
  LuminaEvent *self = (LuminaEvent *)object;

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->time_text, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->object, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->prev_hash, g_free);
  g_clear_pointer (&self->hash, g_free);

  G_OBJECT_CLASS (lumina_event_parent_class)->finalize (object);
}

static void
lumina_event_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LuminaEvent *self = LUMINA_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;

    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_OBJECT:
      g_value_set_string (value, self->object);
      break;

    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_event_class_init (LuminaEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lumina_event_finalize;
  object_class->get_property = lumina_event_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_OBJECT] = g_param_spec_string ("object", NULL, NULL, NULL, flags);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lumina_event_init (LuminaEvent *self)
{
}

LuminaEvent *
_lumina_event_new (gint64      id,
                   const char *time,
                   const char *actor,
                   const char *kind,
                   const char *object,
                   const char *details,
                   const char *prev_hash,
                   const char *hash)
{
  LuminaEvent *self = g_object_new (LUMINA_TYPE_EVENT, NULL);

  self->id = id;
  self->time_text = g_strdup (time);
  self->time = g_date_time_new_from_iso8601 (time, NULL);
  self->actor = g_strdup (actor);
  self->kind = g_strdup (kind);
  self->object = g_strdup (object);
  self->details = g_strdup (details);
  self->prev_hash = g_strdup (prev_hash);
  self->hash = g_strdup (hash);

  return self;
}

static void
add_field (GChecksum  *checksum,
           const char *value)
{
  g_autofree char *prefix = NULL;

  value = value ? value : "";
  prefix = g_strdup_printf ("%zu:", strlen (value));
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) value, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
}

char *
_lumina_event_compute_hash (gint64      id,
                            const char *time,
                            const char *actor,
                            const char *kind,
                            const char *object,
                            const char *details,
                            const char *prev_hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  add_field (checksum, "lumina-event-v1");
  add_field (checksum, id_text);
  add_field (checksum, time);
  add_field (checksum, actor);
  add_field (checksum, kind);
  add_field (checksum, object);
  add_field (checksum, details);
  add_field (checksum, prev_hash);

  return g_strdup (g_checksum_get_string (checksum));
}

gint64
lumina_event_get_id (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), 0);

  return self->id;
}

/**
 * lumina_event_get_time:
 * Returns: (transfer none) (nullable): when the event was appended, in UTC
 */
GDateTime *
lumina_event_get_time (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->time;
}

const char *
lumina_event_get_time_text (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->time_text;
}

const char *
lumina_event_get_actor (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->actor;
}

const char *
lumina_event_get_kind (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->kind;
}

const char *
lumina_event_get_object (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->object;
}

/**
 * lumina_event_get_details:
 * Returns: the details as canonical JSON text (an object, `{}` when empty)
 */
const char *
lumina_event_get_details (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->details;
}

/**
 * lumina_event_dup_details_node:
 * Returns: (transfer full): the details parsed, or an empty object
 */
JsonNode *
lumina_event_dup_details_node (LuminaEvent *self)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  node = json_from_string (self->details, &error);
  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  return node;
}

const char *
lumina_event_get_prev_hash (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->prev_hash;
}

const char *
lumina_event_get_hash (LuminaEvent *self)
{
  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  return self->hash;
}

/**
 * lumina_event_to_json:
 * Returns: (transfer full): the event as a JSON object with every field
 */
JsonNode *
lumina_event_to_json (LuminaEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (LUMINA_IS_EVENT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, self->time_text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, self->actor);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, self->kind);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, self->object);
  json_builder_set_member_name (builder, "details");
  json_builder_add_value (builder, lumina_event_dup_details_node (self));
  json_builder_set_member_name (builder, "prev_hash");
  json_builder_add_string_value (builder, self->prev_hash);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, self->hash);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
