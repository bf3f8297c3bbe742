/* lumina-registry.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/* Aliases with a meaning to the registry: moving "champion" runs the
 * promotion gates, and a plain model reference resolves to it. */
#define LUMINA_REGISTRY_CHAMPION   "champion"
#define LUMINA_REGISTRY_CHALLENGER "challenger"
/* The stage whose promotions run the gates. */
#define LUMINA_REGISTRY_PRODUCTION "production"
/* Not an alias: "NAME@latest" is the newest version. */
#define LUMINA_REGISTRY_LATEST     "latest"

#define LUMINA_REGISTRY_ERROR (lumina_registry_error_quark ())

/**
 * LuminaRegistryError:
 * @LUMINA_REGISTRY_ERROR_GATE_FAILED: a promotion gate refused an alias
 *   move or a stage change; the message names the gate and its figures,
 *   and the move succeeds when forced
 *
 * Every other registry failure is in the %LUMINA_ERROR domain.
 */
typedef enum
{
  LUMINA_REGISTRY_ERROR_GATE_FAILED,
} LuminaRegistryError;

GQuark lumina_registry_error_quark (void);

#define LUMINA_TYPE_REGISTRY (lumina_registry_get_type ())

G_DECLARE_FINAL_TYPE (LuminaRegistry, lumina_registry, LUMINA, REGISTRY, GObject)

/**
 * LuminaRegistry:
 * Named models and their immutable, numbered versions (copies of run
 * bundles under WORKSPACE/registry/NAME/VERSION), aliases, lifecycle
 * stages, promotion gates, approvals and model cards; every change is a
 * row of the model's history and an audit event.
 *
 * Every function may be called from any thread.  @actor arguments are
 * nullable: %NULL records the workspace's actor.  The "changed" signal
 * (const char *model_name) follows each change made through this object,
 * on the main context that was the thread default when it was created;
 * changes made by other processes show up as "model.*" events of the
 * workspace's event log.
 *
 * Names of models: 1 to 64 letters, digits, '-', '_' or '.', starting
 * with a letter or a digit.  Aliases: the same, starting with a letter,
 * and never "latest".
 */
LuminaRegistry *lumina_registry_new             (LuminaWorkspace     *workspace);
LuminaWorkspace *lumina_registry_get_workspace  (LuminaRegistry      *self);

gboolean    lumina_registry_check_name          (const char          *name,
                                                 GError             **error);
gboolean    lumina_registry_check_alias         (const char          *alias,
                                                 GError             **error);

/* Registering: returns the new version number, 0 on error. */
guint       lumina_registry_register            (LuminaRegistry      *self,
                                                 const char          *run_id,
                                                 const char          *name,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 GError             **error);

/* Reading.  JSON shapes are described at each function. */
JsonNode   *lumina_registry_list_models         (LuminaRegistry      *self,
                                                 GError             **error);
JsonNode   *lumina_registry_get_model           (LuminaRegistry      *self,
                                                 const char          *name,
                                                 GError             **error);
JsonNode   *lumina_registry_list_versions       (LuminaRegistry      *self,
                                                 const char          *name,
                                                 GError             **error);
JsonNode   *lumina_registry_get_version         (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 GError             **error);
JsonNode   *lumina_registry_list_aliases        (LuminaRegistry      *self,
                                                 const char          *name,
                                                 GError             **error);
char      **lumina_registry_dup_version_aliases (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 GError             **error);
JsonNode   *lumina_registry_list_events         (LuminaRegistry      *self,
                                                 const char          *name,
                                                 const char          *kind,
                                                 const char          *event_name,
                                                 GError             **error);
gboolean    lumina_registry_alias_at            (LuminaRegistry      *self,
                                                 const char          *name,
                                                 const char          *alias,
                                                 GDateTime           *at,
                                                 guint               *version,
                                                 GError             **error);
JsonNode   *lumina_registry_aliases_at          (LuminaRegistry      *self,
                                                 const char          *name,
                                                 GDateTime           *at,
                                                 GError             **error);
gboolean    lumina_registry_resolve             (LuminaRegistry      *self,
                                                 const char          *ref,
                                                 char               **name,
                                                 guint               *version,
                                                 char               **bundle_path,
                                                 GError             **error);

/* Aliases.  @report (nullable, out) receives the gate report of the move. */
gboolean    lumina_registry_set_alias           (LuminaRegistry      *self,
                                                 const char          *name,
                                                 const char          *alias,
                                                 guint                version,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 gboolean             force,
                                                 JsonObject         **report,
                                                 GError             **error);
gboolean    lumina_registry_remove_alias        (LuminaRegistry      *self,
                                                 const char          *name,
                                                 const char          *alias,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 GError             **error);
gboolean    lumina_registry_rollback_alias      (LuminaRegistry      *self,
                                                 const char          *name,
                                                 const char          *alias,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 guint               *version,
                                                 GError             **error);

/* Stages: the workspace's list, and promotions. */
char      **lumina_registry_dup_stages          (LuminaRegistry      *self,
                                                 GError             **error);
gboolean    lumina_registry_set_stages          (LuminaRegistry      *self,
                                                 const char * const  *stages,
                                                 GError             **error);
gboolean    lumina_registry_promote             (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 const char          *stage,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 gboolean             force,
                                                 JsonObject         **report,
                                                 GError             **error);

/* Gates and approvals. */
JsonObject *lumina_registry_get_gates           (LuminaRegistry      *self,
                                                 const char          *name,
                                                 GError             **error);
gboolean    lumina_registry_set_gates           (LuminaRegistry      *self,
                                                 const char          *name,
                                                 JsonObject          *gates,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 GError             **error);
JsonObject *lumina_registry_check_gates         (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 const char          *actor,
                                                 GError             **error);
gboolean    lumina_registry_approve             (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 GError             **error);

/* Model cards. */
JsonObject *lumina_registry_get_card            (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 GError             **error);
gboolean    lumina_registry_update_card         (LuminaRegistry      *self,
                                                 const char          *name,
                                                 guint                version,
                                                 JsonObject          *changes,
                                                 const char          *actor,
                                                 const char          *reason,
                                                 GError             **error);

/* Export: a copy of the bundle plus model-card.json in a new directory. */
gboolean    lumina_registry_export              (LuminaRegistry      *self,
                                                 const char          *ref,
                                                 const char          *directory,
                                                 const char          *actor,
                                                 GError             **error);

G_END_DECLS
