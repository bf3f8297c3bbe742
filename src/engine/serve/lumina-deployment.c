/* lumina-deployment.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The deployment manager: stored deployments and the model servers that
 * run them in this process.  Each running deployment is its own
 * LuminaModelServer on its own port, following its registry reference
 * (an alias move hot-swaps the model) through the registry's resolver.
 */
#define G_LOG_DOMAIN "lumina-deployment"

#include "config.h"

#include <string.h>

#include "lumina-deployment-private.h"
#include "lumina-error.h"
#include "lumina-event.h"
#include "lumina-event-log.h"
#include "lumina-workspace.h"

#define FIRST_PORT 8080

typedef struct
{
  char                 *name;
  LuminaDeploymentState state;
  LuminaModelServer    *server;
  JsonObject           *settings;     /* what the server was set up with */
  char                 *model_ref;
  char                 *error;
  char                 *seen_update;  /* the record's updated_at last acted on */
} Live;

struct _LuminaDeploymentManager
{
  GObject          parent_instance;

  LuminaWorkspace *workspace;
  LuminaRegistry  *registry;
  GHashTable      *live;              /* name → Live */
  guint            follow_source;
};

G_DEFINE_FINAL_TYPE (LuminaDeploymentManager, lumina_deployment_manager, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
lumina_deployment_state_to_string (LuminaDeploymentState state)
{
  switch (state)
    {
    case LUMINA_DEPLOYMENT_STOPPED: return "stopped";
    case LUMINA_DEPLOYMENT_RUNNING: return "running";
    case LUMINA_DEPLOYMENT_STOPPING: return "stopping";
    case LUMINA_DEPLOYMENT_FAILED: return "failed";
    default: g_return_val_if_reached ("stopped");
    }
}

static void
live_free (Live *live)
{
  g_free (live->name);
  g_clear_object (&live->server);
  g_clear_pointer (&live->settings, json_object_unref);
  g_free (live->model_ref);
  g_free (live->error);
  g_free (live->seen_update);
  g_free (live);
}

static Live *
ensure_live (LuminaDeploymentManager *self,
             const char              *name)
{
  Live *live = g_hash_table_lookup (self->live, name);

  if (live == NULL)
    {
      live = g_new0 (Live, 1);
      live->name = g_strdup (name);
      g_hash_table_insert (self->live, live->name, live);
    }

  return live;
}

static void
announce (LuminaDeploymentManager *self,
          const char              *kind,
          const char              *name,
          JsonObject              *details)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autoptr(LuminaEvent) event = NULL;

  json_node_set_object (node, details != NULL ? details : json_object_new ());
  if (details == NULL)
    json_object_unref (json_node_get_object (node));
  event = lumina_event_log_append (lumina_workspace_get_events (self->workspace), kind, name, node, &error);
  if (event == NULL)
    g_warning ("Could not record %s for deployment %s: %s", kind, name, error->message);

  g_signal_emit (self, signals[CHANGED], 0, name);
}

static void
lumina_deployment_manager_dispose (GObject *object)
{
  LuminaDeploymentManager *self = LUMINA_DEPLOYMENT_MANAGER (object);

  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_clear_pointer (&self->live, g_hash_table_unref);

  G_OBJECT_CLASS (lumina_deployment_manager_parent_class)->dispose (object);
}

static void
lumina_deployment_manager_finalize (GObject *object)
{
  LuminaDeploymentManager *self = LUMINA_DEPLOYMENT_MANAGER (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (lumina_deployment_manager_parent_class)->finalize (object);
}

static void
lumina_deployment_manager_class_init (LuminaDeploymentManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_deployment_manager_dispose;
  object_class->finalize = lumina_deployment_manager_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lumina_deployment_manager_init (LuminaDeploymentManager *self)
{
  self->live = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) live_free);
}

LuminaDeploymentManager *
lumina_deployment_manager_new (LuminaWorkspace *workspace,
                               LuminaRegistry  *registry)
{
  LuminaDeploymentManager *self;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (LUMINA_IS_REGISTRY (registry), NULL);

  self = g_object_new (LUMINA_TYPE_DEPLOYMENT_MANAGER, NULL);
  self->workspace = g_object_ref (workspace);
  self->registry = g_object_ref (registry);
  return self;
}

LuminaRegistry *
lumina_deployment_manager_get_registry (LuminaDeploymentManager *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), NULL);

  return self->registry;
}

static guint
free_port (LuminaDeploymentManager *self)
{
  g_autoptr(GHashTable) used = _deployment_store_used_ports (self->workspace);

  for (guint port = FIRST_PORT; port < 65535; port++)
    {
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GInetAddress) loopback = NULL;
      g_autoptr(GSocketAddress) address = NULL;

      if (g_hash_table_contains (used, GUINT_TO_POINTER (port)))
        continue;

      socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      if (socket == NULL)
        return port;
      loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      address = g_inet_socket_address_new (loopback, port);
      if (g_socket_bind (socket, address, FALSE, NULL))
        return port;
    }

  return 0;
}

guint
lumina_deployment_manager_suggest_port (LuminaDeploymentManager *self)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), 0);

  return free_port (self);
}

gboolean
lumina_deployment_manager_create (LuminaDeploymentManager  *self,
                                  const char               *name,
                                  const char               *model_ref,
                                  JsonObject               *settings,
                                  GError                  **error)
{
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *model = NULL;
  g_autofree char *bundle = NULL;
  g_autoptr(JsonObject) details = NULL;
  const char *challenger;
  guint version = 0;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), FALSE);

  if (!lumina_registry_check_name (name, error))
    {
      g_prefix_error (error, "Deployment name: ");
      return FALSE;
    }

  if (model_ref == NULL ||
      !lumina_registry_resolve (self->registry, model_ref, &model, &version, &bundle, error))
    {
      if (model_ref == NULL)
        g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "A deployment needs a model reference");
      return FALSE;
    }

  merged = _deployment_settings_merge (NULL, settings, error);
  if (merged == NULL)
    return FALSE;

  challenger = json_object_get_string_member (merged, "challenger");
  if (challenger[0] != '\0')
    {
      g_autofree char *cmodel = NULL;
      g_autofree char *cbundle = NULL;
      guint cversion = 0;

      if (!lumina_registry_resolve (self->registry, challenger, &cmodel, &cversion, &cbundle, error))
        return FALSE;
    }

  if (json_object_get_int_member (merged, "port") == 0)
    json_object_set_int_member (merged, "port", free_port (self));

  if (!_deployment_store_insert (self->workspace, name, model_ref, merged, error))
    return FALSE;

  details = json_object_new ();
  json_object_set_string_member (details, "model_ref", model_ref);
  json_object_set_string_member (details, "model", model);
  json_object_set_int_member (details, "version", version);
  json_object_set_object_member (details, "settings", json_object_ref (merged));
  announce (self, "deployment.created", name, details);
  return TRUE;
}

/* Applies the settings a running server can take without a restart. */
static gboolean
apply_live_settings (Live        *live,
                     JsonObject  *settings,
                     GError     **error)
{
  LuminaModelServer *server = live->server;
  const char *challenger = json_object_get_string_member (settings, "challenger");

  lumina_model_server_set_workers (server, json_object_get_int_member (settings, "workers"));
  lumina_model_server_set_batch_window_ms (server, json_object_get_double_member (settings, "batch_window_ms"));
  lumina_model_server_set_max_batch (server, json_object_get_int_member (settings, "max_batch"));
  lumina_model_server_set_capture_rate (server, json_object_get_double_member (settings, "capture_rate"));

  if (live->settings == NULL ||
      !_deployment_settings_equal (live->settings, settings, "challenger") ||
      !_deployment_settings_equal (live->settings, settings, "mode") ||
      !_deployment_settings_equal (live->settings, settings, "canary_percent"))
    {
      if (challenger[0] == '\0')
        lumina_model_server_clear_challenger (server, live->name);
      else if (!lumina_model_server_set_challenger (server, live->name, NULL, challenger,
                                                    g_str_equal (json_object_get_string_member (settings, "mode"), "shadow")
                                                    ? LUMINA_SERVE_CHALLENGER_SHADOW
                                                    : LUMINA_SERVE_CHALLENGER_CANARY,
                                                    json_object_get_double_member (settings, "canary_percent"),
                                                    error))
        return FALSE;
    }

  g_clear_pointer (&live->settings, json_object_unref);
  live->settings = json_object_ref (settings);
  return TRUE;
}

static gboolean
start_record (LuminaDeploymentManager  *self,
              DeploymentRecord         *record,
              GError                  **error)
{
  Live *live = ensure_live (self, record->name);
  g_autoptr(LuminaModelServer) server = NULL;
  g_autoptr(GError) local_error = NULL;

  if (live->state == LUMINA_DEPLOYMENT_RUNNING)
    return TRUE;
  if (live->state == LUMINA_DEPLOYMENT_STOPPING)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY,
                   "Deployment “%s” is still draining; start it again once it stopped", record->name);
      return FALSE;
    }

  server = lumina_model_server_new (self->workspace);
  lumina_model_server_set_resolver (server, (LuminaServeResolveFunc) lumina_registry_resolve,
                                    g_object_ref (self->registry), g_object_unref);

  g_clear_pointer (&live->settings, json_object_unref);
  live->server = g_object_ref (server);
  if (!lumina_model_server_add_ref (server, record->name, record->model_ref, &local_error) ||
      !apply_live_settings (live, record->settings, &local_error) ||
      !lumina_model_server_listen (server, json_object_get_string_member (record->settings, "host"),
                                   json_object_get_int_member (record->settings, "port"), &local_error))
    {
      g_clear_object (&live->server);
      live->state = LUMINA_DEPLOYMENT_FAILED;
      g_free (live->error);
      live->error = g_strdup (local_error->message);
      g_free (live->seen_update);
      live->seen_update = g_strdup (record->updated_at);
      g_signal_emit (self, signals[CHANGED], 0, record->name);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Deployment “%s” could not start: ", record->name);
      return FALSE;
    }

  live->state = LUMINA_DEPLOYMENT_RUNNING;
  g_clear_pointer (&live->error, g_free);
  g_free (live->model_ref);
  live->model_ref = g_strdup (record->model_ref);
  return TRUE;
}

gboolean
lumina_deployment_manager_start (LuminaDeploymentManager  *self,
                                 const char               *name,
                                 GError                  **error)
{
  g_autoptr(DeploymentRecord) record = NULL;
  g_autoptr(DeploymentRecord) updated = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *url = NULL;
  Live *live;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), FALSE);

  record = _deployment_store_load (self->workspace, name, error);
  if (record == NULL || !start_record (self, record, error))
    return FALSE;

  if (!_deployment_store_update (self->workspace, name, NULL, TRUE, error))
    return FALSE;
  updated = _deployment_store_load (self->workspace, name, NULL);
  live = g_hash_table_lookup (self->live, name);
  g_free (live->seen_update);
  live->seen_update = g_strdup (updated != NULL ? updated->updated_at : record->updated_at);

  url = lumina_model_server_dup_url (live->server);
  details = json_object_new ();
  json_object_set_string_member (details, "url", url);
  json_object_set_string_member (details, "model_ref", record->model_ref);
  announce (self, "deployment.started", name, details);
  return TRUE;
}

gboolean
lumina_deployment_manager_set_wanted (LuminaDeploymentManager  *self,
                                      const char               *name,
                                      gboolean                  running,
                                      GError                  **error)
{
  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), FALSE);

  if (!_deployment_store_update (self->workspace, name, NULL, running, error))
    return FALSE;

  announce (self, running ? "deployment.wanted_running" : "deployment.wanted_stopped", name, NULL);
  return TRUE;
}

typedef struct
{
  LuminaDeploymentManager *self;
  char                    *name;
} StopData;

static void
stop_data_free (StopData *data)
{
  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
server_stopped_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StopData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Live *live = data->self->live != NULL ? g_hash_table_lookup (data->self->live, data->name) : NULL;
  gboolean ok = lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (object), result, &error);

  if (live != NULL && live->server == LUMINA_MODEL_SERVER (object))
    {
      g_clear_object (&live->server);
      live->state = LUMINA_DEPLOYMENT_STOPPED;
      announce (data->self, "deployment.stopped", data->name, NULL);
    }

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
stop_live (LuminaDeploymentManager *self,
           Live                    *live,
           guint                    timeout_ms,
           GTask                   *task)
{
  StopData *data = g_new0 (StopData, 1);

  data->self = g_object_ref (self);
  data->name = g_strdup (live->name);
  g_task_set_task_data (task, data, (GDestroyNotify) stop_data_free);

  live->state = LUMINA_DEPLOYMENT_STOPPING;
  g_signal_emit (self, signals[CHANGED], 0, live->name);
  lumina_model_server_stop_async (live->server, timeout_ms, NULL, server_stopped_cb, task);
}

void
lumina_deployment_manager_stop_async (LuminaDeploymentManager *self,
                                      const char              *name,
                                      guint                    timeout_ms,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DeploymentRecord) updated = NULL;
  GError *error = NULL;
  Live *live;

  g_return_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_deployment_manager_stop_async);

  if (!_deployment_store_update (self->workspace, name, NULL, FALSE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  live = g_hash_table_lookup (self->live, name);
  updated = _deployment_store_load (self->workspace, name, NULL);
  if (live != NULL && updated != NULL)
    {
      g_free (live->seen_update);
      live->seen_update = g_strdup (updated->updated_at);
    }

  if (live == NULL || live->server == NULL || live->state != LUMINA_DEPLOYMENT_RUNNING)
    {
      if (live != NULL && live->state == LUMINA_DEPLOYMENT_FAILED)
        live->state = LUMINA_DEPLOYMENT_STOPPED;
      g_signal_emit (self, signals[CHANGED], 0, name);
      g_task_return_boolean (task, TRUE);
      return;
    }

  stop_live (self, live, timeout_ms, g_steal_pointer (&task));
}

gboolean
lumina_deployment_manager_stop_finish (LuminaDeploymentManager  *self,
                                       GAsyncResult             *result,
                                       GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lumina_deployment_manager_update (LuminaDeploymentManager  *self,
                                  const char               *name,
                                  JsonObject               *settings,
                                  GError                  **error)
{
  g_autoptr(DeploymentRecord) record = NULL;
  g_autoptr(DeploymentRecord) updated = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) details = NULL;
  const char *challenger;
  Live *live;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), FALSE);

  record = _deployment_store_load (self->workspace, name, error);
  if (record == NULL)
    return FALSE;

  merged = _deployment_settings_merge (record->settings, settings, error);
  if (merged == NULL)
    return FALSE;

  challenger = json_object_get_string_member (merged, "challenger");
  if (challenger[0] != '\0')
    {
      g_autofree char *cmodel = NULL;
      g_autofree char *cbundle = NULL;
      guint cversion = 0;

      if (!lumina_registry_resolve (self->registry, challenger, &cmodel, &cversion, &cbundle, error))
        return FALSE;
    }

  live = g_hash_table_lookup (self->live, name);
  if (live != NULL && live->state == LUMINA_DEPLOYMENT_RUNNING)
    {
      if (!_deployment_settings_equal (live->settings, merged, "host") ||
          !_deployment_settings_equal (live->settings, merged, "port"))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY,
                       "Deployment “%s” is running: stop it to change its address", name);
          return FALSE;
        }
      if (!apply_live_settings (live, merged, error))
        return FALSE;
    }

  if (!_deployment_store_update (self->workspace, name, merged, -1, error))
    return FALSE;

  updated = _deployment_store_load (self->workspace, name, NULL);
  if (live != NULL && updated != NULL)
    {
      g_free (live->seen_update);
      live->seen_update = g_strdup (updated->updated_at);
    }

  details = json_object_new ();
  json_object_set_object_member (details, "settings", json_object_ref (merged));
  announce (self, "deployment.updated", name, details);
  return TRUE;
}

gboolean
lumina_deployment_manager_scale (LuminaDeploymentManager  *self,
                                 const char               *name,
                                 guint                     workers,
                                 GError                  **error)
{
  g_autoptr(JsonObject) change = json_object_new ();

  json_object_set_int_member (change, "workers", workers);
  return lumina_deployment_manager_update (self, name, change, error);
}

gboolean
lumina_deployment_manager_delete (LuminaDeploymentManager  *self,
                                  const char               *name,
                                  GError                  **error)
{
  g_autoptr(DeploymentRecord) record = NULL;
  Live *live;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), FALSE);

  record = _deployment_store_load (self->workspace, name, error);
  if (record == NULL)
    return FALSE;

  live = g_hash_table_lookup (self->live, name);
  if (record->wanted_running || (live != NULL && live->server != NULL))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_BUSY,
                   "Deployment “%s” is meant to run: stop it before deleting it", name);
      return FALSE;
    }

  if (!_deployment_store_delete (self->workspace, name, error))
    return FALSE;

  g_hash_table_remove (self->live, name);
  announce (self, "deployment.deleted", name, NULL);
  return TRUE;
}

static JsonNode *
record_to_json (LuminaDeploymentManager *self,
                DeploymentRecord        *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) settings = json_node_new (JSON_NODE_OBJECT);
  Live *live = g_hash_table_lookup (self->live, record->name);
  LuminaDeploymentState state = live != NULL ? live->state : LUMINA_DEPLOYMENT_STOPPED;
  g_autofree char *model = NULL;
  g_autofree char *bundle = NULL;
  guint version = 0;

  json_node_set_object (settings, record->settings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, record->name);
  json_builder_set_member_name (builder, "model_ref");
  json_builder_add_string_value (builder, record->model_ref);
  if (lumina_registry_resolve (self->registry, record->model_ref, &model, &version, &bundle, NULL))
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, version);
    }
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, json_node_copy (settings));
  json_builder_set_member_name (builder, "wanted");
  json_builder_add_string_value (builder, record->wanted_running ? "running" : "stopped");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, lumina_deployment_state_to_string (state));
  if (live != NULL && live->error != NULL && state == LUMINA_DEPLOYMENT_FAILED)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, live->error);
    }
  if (live != NULL && live->server != NULL)
    {
      g_autofree char *url = lumina_model_server_dup_url (live->server);
      JsonNode *snapshot = lumina_model_server_snapshot (live->server);

      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "server");
      json_builder_add_value (builder, snapshot);
    }
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, record->created_at);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, record->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
lumina_deployment_manager_get (LuminaDeploymentManager  *self,
                               const char               *name,
                               GError                  **error)
{
  g_autoptr(DeploymentRecord) record = NULL;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), NULL);

  record = _deployment_store_load (self->workspace, name, error);
  if (record == NULL)
    return NULL;

  return record_to_json (self, record);
}

JsonNode *
lumina_deployment_manager_list (LuminaDeploymentManager  *self,
                                GError                  **error)
{
  g_autoptr(GPtrArray) records = NULL;
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), NULL);

  records = _deployment_store_load_all (self->workspace, error);
  if (records == NULL)
    return NULL;

  array = json_array_sized_new (records->len);
  for (guint i = 0; i < records->len; i++)
    json_array_add_element (array, record_to_json (self, g_ptr_array_index (records, i)));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

char **
lumina_deployment_manager_list_names (LuminaDeploymentManager *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), NULL);

  records = _deployment_store_load_all (self->workspace, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    g_strv_builder_add (builder, ((DeploymentRecord *) g_ptr_array_index (records, i))->name);

  return g_strv_builder_end (builder);
}

LuminaDeploymentState
lumina_deployment_manager_get_state (LuminaDeploymentManager *self,
                                     const char              *name)
{
  Live *live;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), LUMINA_DEPLOYMENT_STOPPED);

  live = g_hash_table_lookup (self->live, name);
  return live != NULL ? live->state : LUMINA_DEPLOYMENT_STOPPED;
}

LuminaModelServer *
lumina_deployment_manager_get_server (LuminaDeploymentManager *self,
                                      const char              *name)
{
  Live *live;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), NULL);

  live = g_hash_table_lookup (self->live, name);
  return live != NULL && live->state == LUMINA_DEPLOYMENT_RUNNING ? live->server : NULL;
}

guint
lumina_deployment_manager_restore (LuminaDeploymentManager *self)
{
  g_autoptr(GPtrArray) records = NULL;
  guint running = 0;

  g_return_val_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self), 0);

  records = _deployment_store_load_all (self->workspace, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      DeploymentRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;
      Live *live;

      if (!record->wanted_running)
        continue;
      if (!start_record (self, record, &error))
        {
          g_warning ("%s", error->message);
          continue;
        }
      live = g_hash_table_lookup (self->live, record->name);
      g_free (live->seen_update);
      live->seen_update = g_strdup (record->updated_at);
      announce (self, "deployment.started", record->name, NULL);
      running++;
    }

  return running;
}

static void
shutdown_one_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  guint *pending = g_task_get_task_data (task);

  lumina_model_server_stop_finish (LUMINA_MODEL_SERVER (object), result, NULL);
  if (--(*pending) == 0)
    g_task_return_boolean (task, TRUE);
}

void
lumina_deployment_manager_shutdown_async (LuminaDeploymentManager *self,
                                          guint                    timeout_ms,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GHashTableIter iter;
  guint *pending = g_new0 (guint, 1);
  Live *live;

  g_return_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, lumina_deployment_manager_shutdown_async);
  g_task_set_task_data (task, pending, g_free);
  g_clear_handle_id (&self->follow_source, g_source_remove);

  /* Hold one count while starting the stops so none completes the task early. */
  *pending = 1;
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &live))
    {
      g_autoptr(LuminaModelServer) server = NULL;

      if (live->server == NULL)
        continue;
      server = g_steal_pointer (&live->server);
      live->state = LUMINA_DEPLOYMENT_STOPPED;
      (*pending)++;
      lumina_model_server_stop_async (server, timeout_ms, NULL, shutdown_one_cb, g_object_ref (task));
    }

  if (--(*pending) == 0)
    g_task_return_boolean (task, TRUE);
}

gboolean
lumina_deployment_manager_shutdown_finish (LuminaDeploymentManager  *self,
                                           GAsyncResult             *result,
                                           GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Brings this process in line with the stored deployments after another
 * process changed them. */
static gboolean
follow_cb (gpointer user_data)
{
  LuminaDeploymentManager *self = user_data;
  g_autoptr(GPtrArray) records = _deployment_store_load_all (self->workspace, NULL);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  Live *live;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      DeploymentRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;

      g_hash_table_add (present, record->name);
      live = g_hash_table_lookup (self->live, record->name);
      if (live != NULL && g_strcmp0 (live->seen_update, record->updated_at) == 0)
        continue;

      if (record->wanted_running && (live == NULL || live->state != LUMINA_DEPLOYMENT_RUNNING))
        {
          if (start_record (self, record, &error))
            announce (self, "deployment.started", record->name, NULL);
          else
            g_debug ("%s", error->message);
        }
      else if (!record->wanted_running && live != NULL && live->state == LUMINA_DEPLOYMENT_RUNNING)
        {
          stop_live (self, live, 10000, g_task_new (self, NULL, NULL, NULL));
        }
      else if (live != NULL && live->state == LUMINA_DEPLOYMENT_RUNNING &&
               !apply_live_settings (live, record->settings, &error))
        {
          g_warning ("Deployment %s: %s", record->name, error->message);
        }
      else
        {
          g_signal_emit (self, signals[CHANGED], 0, record->name);
        }

      live = ensure_live (self, record->name);
      g_free (live->seen_update);
      live->seen_update = g_strdup (record->updated_at);
    }

  if (records == NULL)
    return G_SOURCE_CONTINUE;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &live))
    if (!g_hash_table_contains (present, live->name) && live->state == LUMINA_DEPLOYMENT_RUNNING)
      stop_live (self, live, 10000, g_task_new (self, NULL, NULL, NULL));

  return G_SOURCE_CONTINUE;
}

void
lumina_deployment_manager_set_follow (LuminaDeploymentManager *self,
                                      guint                    interval_ms)
{
  g_return_if_fail (LUMINA_IS_DEPLOYMENT_MANAGER (self));

  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (interval_ms > 0)
    self->follow_source = g_timeout_add (interval_ms, follow_cb, self);
}
