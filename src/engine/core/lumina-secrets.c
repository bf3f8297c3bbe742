/* lumina-secrets.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets are named by a kind ("prometheus-token") and a target (the
 * server's URL), so a token typed for one server is never sent to another.
 * With a Secret Service on the session bus (or inside Flatpak, where
 * libsecret goes through the secret portal) they live in the keyring;
 * otherwise in $XDG_CONFIG_HOME/luminaops/secrets.json, mode 0600, which
 * is refused when anyone else can read it.
 */
#define G_LOG_DOMAIN "lumina-secrets"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "lumina-error.h"
#include "lumina-secrets.h"

#define SECRETS_BUS_NAME "org.freedesktop.secrets"

static GMutex file_lock;

static const SecretSchema *
lumina_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.luminaops.LuminaOps.Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "target", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static gboolean
bus_has_name (GDBusConnection *bus,
              const char      *method,
              GVariant        *parameters)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", method, parameters, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  if (parameters != NULL)
    {
      gboolean has_owner = FALSE;

      g_variant_get (reply, "(b)", &has_owner);
      return has_owner;
    }
  else
    {
      g_autofree const char **names = NULL;

      g_variant_get (reply, "(^a&s)", &names);
      return names != NULL && g_strv_contains (names, SECRETS_BUS_NAME);
    }
}

/**
 * lumina_secrets_get_backend:
 *
 * Where secrets go right now: as LUMINA_SECRETS_BACKEND says ("file" or
 * "keyring") when set; else the keyring when a Secret Service owns (or can
 * be started for) its name on the session bus, or when running inside
 * Flatpak; the file otherwise.  Asks the bus each time.
 */
LuminaSecretsBackend
lumina_secrets_get_backend (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  const char *forced = g_getenv ("LUMINA_SECRETS_BACKEND");

  /* Chosen by whoever runs us: "file" on a server whose keyring is
   * installed but never unlocked, "keyring" to insist on one. */
  if (g_strcmp0 (forced, "file") == 0)
    return LUMINA_SECRETS_BACKEND_FILE;
  if (g_strcmp0 (forced, "keyring") == 0)
    return LUMINA_SECRETS_BACKEND_KEYRING;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return LUMINA_SECRETS_BACKEND_KEYRING;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL
      || !(bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL)))
    return LUMINA_SECRETS_BACKEND_FILE;

  if (bus_has_name (bus, "NameHasOwner", g_variant_new ("(s)", SECRETS_BUS_NAME))
      || bus_has_name (bus, "ListActivatableNames", NULL))
    return LUMINA_SECRETS_BACKEND_KEYRING;

  return LUMINA_SECRETS_BACKEND_FILE;
}

/**
 * lumina_secrets_get_file_path:
 *
 * Returns: (transfer full): where the file backend keeps secrets
 */
char *
lumina_secrets_get_file_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "luminaops", "secrets.json", NULL);
}

/* ---- the file ------------------------------------------------------------ */

/* Expects file_lock.  Returns the "secrets" array of the file, empty when
 * there is no file. */
static JsonNode *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  JsonNode *root;
  JsonNode *secrets;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return json_node_init_array (json_node_alloc (), json_array_new ());
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot read the secrets file %s: %s", path, g_strerror (errno));
      return NULL;
    }
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The secrets file %s can be read by other users; "
                   "make it private with “chmod 600 %s”", path, path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The secrets file %s is not valid JSON: %s", path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !(secrets = json_object_get_member (json_node_get_object (root), "secrets"))
      || !JSON_NODE_HOLDS_ARRAY (secrets))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "The secrets file %s has no “secrets” list", path);
      return NULL;
    }

  return json_node_copy (secrets);
}

static gboolean
entry_matches (JsonNode   *node,
               const char *kind,
               const char *target)
{
  JsonObject *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  entry = json_node_get_object (node);
  return g_strcmp0 (json_object_get_string_member_with_default (entry, "kind", NULL), kind) == 0
         && g_strcmp0 (json_object_get_string_member_with_default (entry, "target", NULL), target) == 0;
}

static gboolean
file_store (const char  *kind,
            const char  *target,
            const char  *label,
            const char  *secret,
            GError     **error)
{
  g_autofree char *path = lumina_secrets_get_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(JsonNode) secrets = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  JsonArray *array;
  gboolean ok;

  g_mutex_lock (&file_lock);
  if (!(secrets = read_file (path, error)))
    {
      g_mutex_unlock (&file_lock);
      return FALSE;
    }

  array = json_node_get_array (secrets);
  for (guint i = json_array_get_length (array); i > 0; i--)
    if (entry_matches (json_array_get_element (array, i - 1), kind, target))
      json_array_remove_element (array, i - 1);

  if (secret != NULL && secret[0] != '\0')
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "kind", kind);
      json_object_set_string_member (entry, "target", target);
      json_object_set_string_member (entry, "label", label != NULL ? label : kind);
      json_object_set_string_member (entry, "secret", secret);
      json_array_add_object_element (array, entry);
    }

  json_object_set_int_member (object, "version", 1);
  json_object_set_member (object, "secrets", g_steal_pointer (&secrets));
  root = json_node_init_object (json_node_alloc (), object);
  text = json_to_string (root, TRUE);

  ok = g_mkdir_with_parents (dir, 0700) == 0;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "Cannot create %s: %s", dir, g_strerror (errno));
  else
    ok = g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  g_mutex_unlock (&file_lock);

  return ok;
}

static char *
file_lookup (const char  *kind,
             const char  *target,
             GError     **error)
{
  g_autofree char *path = lumina_secrets_get_file_path ();
  g_autoptr(JsonNode) secrets = NULL;
  JsonArray *array;
  char *found = NULL;

  g_mutex_lock (&file_lock);
  secrets = read_file (path, error);
  g_mutex_unlock (&file_lock);
  if (secrets == NULL)
    return NULL;

  array = json_node_get_array (secrets);
  for (guint i = 0; found == NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (entry_matches (node, kind, target))
        found = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                        "secret", NULL));
    }

  return found;
}

/* ---- both ---------------------------------------------------------------- */

/**
 * lumina_secrets_store:
 * @kind: what the secret is, such as %LUMINA_SECRET_PROMETHEUS_TOKEN
 * @target: what it is for, such as a server's URL
 * @label: (nullable): how the keyring shows it to people
 * @secret: (nullable): the secret; %NULL or "" forgets it
 *
 * Blocks (D-Bus or file I/O): call from a worker thread, or use
 * lumina_secrets_store_async().
 */
gboolean
lumina_secrets_store (const char    *kind,
                      const char    *target,
                      const char    *label,
                      const char    *secret,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (kind != NULL && kind[0] != '\0', FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (lumina_secrets_get_backend () == LUMINA_SECRETS_BACKEND_FILE)
    return file_store (kind, target, label, secret, error);

  if (secret == NULL || secret[0] == '\0')
    {
      g_autoptr(GError) local_error = NULL;

      /* FALSE without an error: there was nothing to forget. */
      if (!secret_password_clear_sync (lumina_secret_schema (), cancellable, &local_error,
                                       "kind", kind, "target", target, NULL)
          && local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Cannot remove the secret from the keyring: ");
          return FALSE;
        }
      return TRUE;
    }

  if (!secret_password_store_sync (lumina_secret_schema (), SECRET_COLLECTION_DEFAULT,
                                   label != NULL ? label : kind, secret, cancellable, error,
                                   "kind", kind, "target", target, NULL))
    {
      g_prefix_error (error, "Cannot store the secret in the keyring: ");
      return FALSE;
    }

  return TRUE;
}

/**
 * lumina_secrets_lookup:
 *
 * Blocks, like lumina_secrets_store().  With a keyring, a secret it does
 * not hold is also looked for in the file, where it went when no keyring
 * ran.
 *
 * Returns: (transfer full) (nullable): the secret; %NULL without an error
 *   when none is stored
 */
char *
lumina_secrets_lookup (const char    *kind,
                       const char    *target,
                       GCancellable  *cancellable,
                       GError       **error)
{
  char *password;
  char *copy;

  g_return_val_if_fail (kind != NULL && kind[0] != '\0', NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (lumina_secrets_get_backend () == LUMINA_SECRETS_BACKEND_FILE)
    return file_lookup (kind, target, error);

  password = secret_password_lookup_sync (lumina_secret_schema (), cancellable, error,
                                          "kind", kind, "target", target, NULL);
  if (password == NULL)
    {
      g_autofree char *path = NULL;

      if (error != NULL && *error != NULL)
        {
          g_prefix_error (error, "Cannot read the keyring: ");
          return NULL;
        }
      /* Stored while no keyring ran (a session without a bus): still
       * found, in the file. */
      path = lumina_secrets_get_file_path ();
      return g_file_test (path, G_FILE_TEST_EXISTS) ? file_lookup (kind, target, error) : NULL;
    }

  copy = g_strdup (password);
  secret_password_free (password);
  return copy;
}

typedef struct
{
  char *kind;
  char *target;
  char *label;
  char *secret;
} SecretTask;

static void
secret_task_free (SecretTask *data)
{
  g_free (data->kind);
  g_free (data->target);
  g_free (data->label);
  if (data->secret != NULL)
    memset (data->secret, 0, strlen (data->secret));
  g_free (data->secret);
  g_free (data);
}

static SecretTask *
secret_task_new (const char *kind,
                 const char *target,
                 const char *label,
                 const char *secret)
{
  SecretTask *data = g_new0 (SecretTask, 1);

  data->kind = g_strdup (kind);
  data->target = g_strdup (target);
  data->label = g_strdup (label);
  data->secret = g_strdup (secret);
  return data;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretTask *data = task_data;
  GError *error = NULL;

  if (lumina_secrets_store (data->kind, data->target, data->label, data->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lumina_secrets_store_async (const char          *kind,
                            const char          *target,
                            const char          *label,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, lumina_secrets_store_async);
  g_task_set_task_data (task, secret_task_new (kind, target, label, secret), (GDestroyNotify) secret_task_free);
  g_task_run_in_thread (task, store_thread);
}

gboolean
lumina_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SecretTask *data = task_data;
  GError *error = NULL;
  char *secret = lumina_secrets_lookup (data->kind, data->target, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, g_free);
}

void
lumina_secrets_lookup_async (const char          *kind,
                             const char          *target,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, lumina_secrets_lookup_async);
  g_task_set_task_data (task, secret_task_new (kind, target, NULL, NULL), (GDestroyNotify) secret_task_free);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * lumina_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret; %NULL without an error
 *   when none is stored
 */
char *
lumina_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
