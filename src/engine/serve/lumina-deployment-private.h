/* lumina-deployment-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-deployment.h"
#include "lumina-workspace.h"

G_BEGIN_DECLS

/* One stored deployment. */
typedef struct
{
  char       *name;
  char       *model_ref;
  JsonObject *settings;
  gboolean    wanted_running;
  char       *created_at;
  char       *updated_at;
} DeploymentRecord;

void              _deployment_record_free      (DeploymentRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeploymentRecord, _deployment_record_free)

/* Settings: @base (nullable) with @changes on top, checked and completed
 * with defaults.  A port of 0 stays 0 (the caller picks one). */
JsonObject       *_deployment_settings_merge   (JsonObject       *base,
                                                JsonObject       *changes,
                                                GError          **error);
gboolean          _deployment_settings_equal   (JsonObject       *a,
                                                JsonObject       *b,
                                                const char       *key);

/* The workspace table "deployments". */
gboolean          _deployment_store_insert     (LuminaWorkspace  *workspace,
                                                const char       *name,
                                                const char       *model_ref,
                                                JsonObject       *settings,
                                                GError          **error);
gboolean          _deployment_store_update     (LuminaWorkspace  *workspace,
                                                const char       *name,
                                                JsonObject       *settings,
                                                int               wanted_running,
                                                GError          **error);
gboolean          _deployment_store_delete     (LuminaWorkspace  *workspace,
                                                const char       *name,
                                                GError          **error);
DeploymentRecord *_deployment_store_load       (LuminaWorkspace  *workspace,
                                                const char       *name,
                                                GError          **error);
GPtrArray        *_deployment_store_load_all   (LuminaWorkspace  *workspace,
                                                GError          **error);
/* Ports other deployments of the workspace are set to use. */
GHashTable       *_deployment_store_used_ports (LuminaWorkspace  *workspace);

G_END_DECLS
