/* lumina-secret-entry.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password row whose text lives in the keyring (lumina-secrets), filed
 * under a target read from a settings key, such as the Prometheus URL: the
 * row shows the secret stored for the current target, follows the target
 * when it changes, and stores what is typed a moment after typing stops;
 * a store that fails marks the row, with the reason in its tooltip.
 * Nothing secret touches GSettings.
 */
#define G_LOG_DOMAIN "lumina-secret-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "lumina-engine.h"
#include "lumina-secret-entry.h"

#define STORE_DELAY_MS 400

struct _LuminaSecretNotifier
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (LuminaSecretNotifier, lumina_secret_notifier, G_TYPE_OBJECT)

enum {
  CHANGED,
  STORE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lumina_secret_notifier_class_init (LuminaSecretNotifierClass *klass)
{
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* (kind, target, message): a typed secret could not be stored. */
  signals[STORE_FAILED] =
    g_signal_new ("store-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
lumina_secret_notifier_init (LuminaSecretNotifier *self)
{
}

LuminaSecretNotifier *
lumina_secret_notifier_get_default (void)
{
  static gsize instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, (gsize) g_object_new (LUMINA_TYPE_SECRET_NOTIFIER, NULL));

  return (LuminaSecretNotifier *) instance;
}

/* ---- the binding ---------------------------------------------------------- */

typedef struct
{
  AdwEntryRow  *row;            /* owns this */
  GSettings    *settings;
  char         *target_key;
  char         *kind;
  char         *label;
  char         *target;         /* what the row's text belongs to */
  char         *typed;          /* the text waiting to be stored */
  GCancellable *lookup;         /* set while reading */
  guint         store_source;
  guint         loading : 1;    /* the text is being set from the keyring */
} SecretBinding;

/* Stores of one secret go one at a time, in order, so an older text can
 * never land after a newer one: while one is in flight, the newest text
 * waits (and replaces any older one waiting). */
typedef struct
{
  char     *kind;
  char     *target;
  char     *label;
  char     *waiting;       /* the next text to store, or NULL */
  gboolean  has_waiting;
} StoreQueue;

static GHashTable *store_queues;   /* "kind\ntarget" → StoreQueue, while a store is in flight */

static void
store_queue_free (StoreQueue *queue)
{
  g_free (queue->kind);
  g_free (queue->target);
  g_free (queue->label);
  g_free (queue->waiting);
  g_free (queue);
}

static void store_next (StoreQueue *queue,
                        char       *secret);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreQueue *queue = user_data;
  g_autoptr(GError) error = NULL;

  if (lumina_secrets_store_finish (result, &error))
    g_signal_emit (lumina_secret_notifier_get_default (), signals[CHANGED], 0, queue->kind, queue->target);
  else
    {
      /* Shown on the rows bound to it and by whoever listens, such as the
       * Preferences window. */
      g_debug ("Could not store the %s for %s: %s", queue->kind, queue->target, error->message);
      g_signal_emit (lumina_secret_notifier_get_default (), signals[STORE_FAILED], 0,
                     queue->kind, queue->target, error->message);
    }

  if (queue->has_waiting)
    {
      queue->has_waiting = FALSE;
      store_next (queue, g_steal_pointer (&queue->waiting));
    }
  else
    {
      g_autofree char *key = g_strdup_printf ("%s\n%s", queue->kind, queue->target);

      g_hash_table_remove (store_queues, key);
    }
}

static void
store_next (StoreQueue *queue,
            char       *secret)
{
  lumina_secrets_store_async (queue->kind, queue->target, queue->label, secret, NULL, stored_cb, queue);
  g_free (secret);
}

/* Stores the row's text under the current target now.  Outlives the row:
 * the store holds copies. */
static void
binding_store_now (SecretBinding *binding)
{
  g_autofree char *key = NULL;
  StoreQueue *queue;

  g_clear_handle_id (&binding->store_source, g_source_remove);
  if (binding->target == NULL || binding->target[0] == '\0')
    return;

  if (store_queues == NULL)
    store_queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) store_queue_free);
  key = g_strdup_printf ("%s\n%s", binding->kind, binding->target);
  if ((queue = g_hash_table_lookup (store_queues, key)) != NULL)
    {
      g_free (queue->waiting);
      queue->waiting = g_steal_pointer (&binding->typed);
      queue->has_waiting = TRUE;
      return;
    }

  queue = g_new0 (StoreQueue, 1);
  queue->kind = g_strdup (binding->kind);
  queue->target = g_strdup (binding->target);
  queue->label = g_strdup (binding->label);
  g_hash_table_insert (store_queues, g_steal_pointer (&key), queue);
  store_next (queue, g_steal_pointer (&binding->typed));
}

static gboolean
store_timeout_cb (gpointer user_data)
{
  SecretBinding *binding = user_data;

  binding->store_source = 0;
  binding_store_now (binding);
  return G_SOURCE_REMOVE;
}

static void
row_changed_cb (GtkEditable   *editable,
                SecretBinding *binding)
{
  if (binding->loading)
    return;

  /* Kept, since the row may be gone by the time it is stored. */
  g_free (binding->typed);
  binding->typed = g_strdup (gtk_editable_get_text (editable));
  g_clear_handle_id (&binding->store_source, g_source_remove);
  binding->store_source = g_timeout_add (STORE_DELAY_MS, store_timeout_cb, binding);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SecretBinding *binding = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = lumina_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&binding->lookup);
  if (error != NULL)
    {
      g_warning ("Could not read the %s for %s: %s", binding->kind, binding->target, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (binding->row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (binding->row), error->message);
    }

  binding->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (binding->row), secret != NULL ? secret : "");
  binding->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (binding->row), TRUE);
}

static gboolean
binding_is_for (SecretBinding *binding,
                const char    *kind,
                const char    *target)
{
  return g_strcmp0 (binding->kind, kind) == 0 && g_strcmp0 (binding->target, target) == 0;
}

static void
secret_stored_cb (LuminaSecretNotifier *notifier,
                  const char           *kind,
                  const char           *target,
                  SecretBinding        *binding)
{
  if (!binding_is_for (binding, kind, target) || binding->lookup != NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (binding->row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (binding->row), NULL);
}

static void
secret_store_failed_cb (LuminaSecretNotifier *notifier,
                        const char           *kind,
                        const char           *target,
                        const char           *message,
                        SecretBinding        *binding)
{
  g_autofree char *tooltip = NULL;

  if (!binding_is_for (binding, kind, target))
    return;

  tooltip = g_strdup_printf (_("Not saved: %s"), message);
  gtk_widget_add_css_class (GTK_WIDGET (binding->row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (binding->row), tooltip);
}

static void
binding_follow_target (SecretBinding *binding)
{
  g_autofree char *target = g_strstrip (g_settings_get_string (binding->settings, binding->target_key));

  if (binding->target != NULL && g_str_equal (target, binding->target))
    return;

  /* What was typed for the old target is stored under it first. */
  if (binding->store_source != 0)
    binding_store_now (binding);

  g_free (binding->target);
  binding->target = g_steal_pointer (&target);
  g_cancellable_cancel (binding->lookup);
  g_clear_object (&binding->lookup);
  gtk_widget_remove_css_class (GTK_WIDGET (binding->row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (binding->row), NULL);

  binding->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (binding->row), "");
  binding->loading = FALSE;
  /* No target, nothing to file the secret under. */
  gtk_widget_set_sensitive (GTK_WIDGET (binding->row), FALSE);
  if (binding->target[0] == '\0')
    return;

  binding->lookup = g_cancellable_new ();
  lumina_secrets_lookup_async (binding->kind, binding->target, binding->lookup, looked_up_cb, binding);
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     SecretBinding *binding)
{
  binding_follow_target (binding);
}

static void
binding_free (SecretBinding *binding)
{
  /* Typed just before closing: still stored. */
  if (binding->store_source != 0)
    binding_store_now (binding);
  g_cancellable_cancel (binding->lookup);
  g_clear_object (&binding->lookup);
  g_signal_handlers_disconnect_by_data (binding->settings, binding);
  g_signal_handlers_disconnect_by_data (lumina_secret_notifier_get_default (), binding);
  g_clear_object (&binding->settings);
  g_free (binding->target_key);
  g_free (binding->kind);
  g_free (binding->label);
  g_free (binding->target);
  g_free (binding->typed);
  g_free (binding);
}

/**
 * lumina_secret_entry_bind:
 * @row: a password row
 * @settings: holds the target
 * @target_key: the key naming what the secret is for, such as "prometheus-url"
 * @kind: the kind of secret, such as %LUMINA_SECRET_PROMETHEUS_TOKEN
 * @label: how the keyring lists it
 *
 * Ties @row's text to the secret stored for the target, for as long as the
 * row lives.
 */
void
lumina_secret_entry_bind (AdwEntryRow *row,
                          GSettings   *settings,
                          const char  *target_key,
                          const char  *kind,
                          const char  *label)
{
  SecretBinding *binding;
  g_autofree char *signal = NULL;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));
  g_return_if_fail (G_IS_SETTINGS (settings));

  binding = g_new0 (SecretBinding, 1);
  binding->row = row;
  binding->settings = g_object_ref (settings);
  binding->target_key = g_strdup (target_key);
  binding->kind = g_strdup (kind);
  binding->label = g_strdup (label);
  g_object_set_data_full (G_OBJECT (row), "lumina-secret-binding", binding, (GDestroyNotify) binding_free);

  signal = g_strdup_printf ("changed::%s", target_key);
  g_signal_connect (settings, signal, G_CALLBACK (settings_changed_cb), binding);
  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), binding);
  g_signal_connect (lumina_secret_notifier_get_default (), "changed", G_CALLBACK (secret_stored_cb), binding);
  g_signal_connect (lumina_secret_notifier_get_default (), "store-failed",
                    G_CALLBACK (secret_store_failed_cb), binding);
  binding_follow_target (binding);
}

typedef struct
{
  GSettings *settings;
  char      *secret_key;
  char      *kind;
  char      *target;
} MigrateData;

static void
migrated_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MigrateData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (lumina_secrets_store_finish (result, &error))
    {
      g_settings_reset (data->settings, data->secret_key);
      /* Whoever read it before it arrived reads it again. */
      g_signal_emit (lumina_secret_notifier_get_default (), signals[CHANGED], 0, data->kind, data->target);
    }
  else
    g_warning ("The token in the settings could not move to the keyring: %s", error->message);

  g_object_unref (data->settings);
  g_free (data->secret_key);
  g_free (data->kind);
  g_free (data->target);
  g_free (data);
}

/**
 * lumina_secret_migrate_setting:
 *
 * Moves a secret that an earlier version kept in @secret_key into the
 * keyring, under the target in @target_key, then clears the key.  Does
 * nothing when the key is empty.
 */
void
lumina_secret_migrate_setting (GSettings  *settings,
                               const char *secret_key,
                               const char *target_key,
                               const char *kind,
                               const char *label)
{
  g_autofree char *secret = g_settings_get_string (settings, secret_key);
  g_autofree char *target = g_strstrip (g_settings_get_string (settings, target_key));
  MigrateData *data;

  if (secret[0] == '\0')
    return;
  if (target[0] == '\0')
    {
      /* Bound to no server: nothing to file it under. */
      g_settings_reset (settings, secret_key);
      return;
    }

  data = g_new0 (MigrateData, 1);
  data->settings = g_object_ref (settings);
  data->secret_key = g_strdup (secret_key);
  data->kind = g_strdup (kind);
  data->target = g_strdup (target);
  lumina_secrets_store_async (kind, target, label, secret, NULL, migrated_cb, data);
}
