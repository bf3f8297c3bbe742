/* lumina-deployment.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-model-server.h"
#include "lumina-registry.h"
#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaDeploymentState:
 * Where a deployment stands in this process.  A deployment another
 * process serves shows as STOPPED here, with its wanted state "running".
 */
typedef enum
{
  LUMINA_DEPLOYMENT_STOPPED,
  LUMINA_DEPLOYMENT_RUNNING,
  LUMINA_DEPLOYMENT_STOPPING,
  LUMINA_DEPLOYMENT_FAILED,
} LuminaDeploymentState;

const char *lumina_deployment_state_to_string (LuminaDeploymentState state);

#define LUMINA_TYPE_DEPLOYMENT_MANAGER (lumina_deployment_manager_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDeploymentManager, lumina_deployment_manager, LUMINA, DEPLOYMENT_MANAGER, GObject)

/**
 * LuminaDeploymentManager:
 * Deployments of a workspace: a registry reference ("NAME@ALIAS" or
 * "NAME@VERSION") served with its settings, stored in the workspace so
 * that they outlive the process, and run here as model servers.
 *
 * Settings (a JSON object; every key optional on create and update):
 *   host            listening address, default "127.0.0.1"
 *   port            TCP port; 0 on create picks a free one from 8080 up
 *   workers         inference threads (the replicas), 1–64, default 2
 *   batch_window_ms micro-batching window, 0–50, default 0.2 (0 = off)
 *   max_batch       requests per batch, 1–4096, default 64
 *   capture_rate    share of requests captured, 0–1, default 0.1
 *   challenger      a registry reference, or "" for none
 *   mode            "canary" or "shadow"
 *   canary_percent  0–100, the challenger's share in canary mode
 *
 * The endpoint of a deployment is named after the deployment, so its
 * Open Inference Protocol path is /v2/models/NAME and captured requests
 * carry its name.  Every change is an audit event ("deployment.*") and
 * emits "changed" (const char *name) on the main context the manager was
 * created on.  Functions are for that main context.
 */
LuminaDeploymentManager *lumina_deployment_manager_new (LuminaWorkspace *workspace,
                                                        LuminaRegistry  *registry);
LuminaRegistry *lumina_deployment_manager_get_registry (LuminaDeploymentManager *self);

/* A port no deployment uses and nothing listens on now, from 8080 up
 * (what create picks for port 0); 0 when none is free. */
guint       lumina_deployment_manager_suggest_port (LuminaDeploymentManager  *self);

gboolean    lumina_deployment_manager_create       (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    const char               *model_ref,
                                                    JsonObject               *settings,
                                                    GError                  **error);
/* Changes settings (only the keys present); a running deployment takes
 * workers, batching, capture and challenger changes live, and restarts
 * for a new host or port. */
gboolean    lumina_deployment_manager_update       (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    JsonObject               *settings,
                                                    GError                  **error);
gboolean    lumina_deployment_manager_scale        (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    guint                     workers,
                                                    GError                  **error);
/* Refuses while the deployment runs here. */
gboolean    lumina_deployment_manager_delete       (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    GError                  **error);

/* JSON object: name, model_ref, settings, wanted ("running"/"stopped"),
 * state, error, url (when running here), model, version, created_at,
 * updated_at, and server (lumina_model_server_snapshot(): live figures
 * per model version) when running here. */
JsonNode   *lumina_deployment_manager_get          (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    GError                  **error);
JsonNode   *lumina_deployment_manager_list         (LuminaDeploymentManager  *self,
                                                    GError                  **error);
char      **lumina_deployment_manager_list_names   (LuminaDeploymentManager  *self);
LuminaDeploymentState lumina_deployment_manager_get_state (LuminaDeploymentManager *self,
                                                           const char              *name);
/* (transfer none) (nullable): the server while it runs here. */
LuminaModelServer *lumina_deployment_manager_get_server (LuminaDeploymentManager *self,
                                                         const char              *name);

/* Records whether the deployment is wanted running, without serving or
 * stopping anything here: the process that follows the workspace (the
 * app, `lumina deploy run`) acts on it. */
gboolean    lumina_deployment_manager_set_wanted   (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    gboolean                  running,
                                                    GError                  **error);
/* Starts serving here and records the wish to run. */
gboolean    lumina_deployment_manager_start        (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    GError                  **error);
/* Records the wish to stop, drains in-flight requests (up to
 * @timeout_ms), then closes. */
void        lumina_deployment_manager_stop_async   (LuminaDeploymentManager  *self,
                                                    const char               *name,
                                                    guint                     timeout_ms,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
gboolean    lumina_deployment_manager_stop_finish  (LuminaDeploymentManager  *self,
                                                    GAsyncResult             *result,
                                                    GError                  **error);
/* Starts every deployment whose wanted state is "running"; one that
 * cannot start is FAILED with its error and does not stop the others.
 * Returns how many run. */
guint       lumina_deployment_manager_restore      (LuminaDeploymentManager  *self);
/* Drains every deployment running here without changing what is wanted
 * (for shutting the process down). */
void        lumina_deployment_manager_shutdown_async  (LuminaDeploymentManager *self,
                                                       guint                    timeout_ms,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
gboolean    lumina_deployment_manager_shutdown_finish (LuminaDeploymentManager *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);

/* Follows changes other processes make to the stored deployments (new
 * settings, start and stop wishes) every @interval_ms; 0 turns it off. */
void        lumina_deployment_manager_set_follow   (LuminaDeploymentManager  *self,
                                                    guint                     interval_ms);

G_END_DECLS
