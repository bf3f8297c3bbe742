/* lumina-load-test.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The load test object: its settings, what its runs measured, and the
 * async entry point (the run itself is in lumina-load-test-run.c).
 */
#define G_LOG_DOMAIN "lumina-load-test"

#include "config.h"

#include "lumina-load-test-private.h"

/* ---- samples ------------------------------------------------------------ */

LuminaLoadSample *
lumina_load_sample_copy (const LuminaLoadSample *sample)
{
  return g_memdup2 (sample, sizeof *sample);
}

void
lumina_load_sample_free (LuminaLoadSample *sample)
{
  g_free (sample);
}

G_DEFINE_BOXED_TYPE (LuminaLoadSample, lumina_load_sample, lumina_load_sample_copy, lumina_load_sample_free)

/* ---- the object --------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (LuminaLoadTest, lumina_load_test, G_TYPE_OBJECT)

enum { PROP_0, PROP_URL, PROP_CONCURRENCY, PROP_DURATION, PROP_RAMP, PROP_RUNNING, PROP_PROGRESS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SAMPLE, STEP, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- GObject ------------------------------------------------------------ */

static void
lumina_load_test_dispose (GObject *object)
{
  LuminaLoadTest *self = LUMINA_LOAD_TEST (object);

  /* A running test holds a ref through its task; this only happens after it ended. */
  g_clear_pointer (&self->run, _lumina_load_run_unref);

  G_OBJECT_CLASS (lumina_load_test_parent_class)->dispose (object);
}

static void
lumina_load_test_finalize (GObject *object)
{
  LuminaLoadTest *self = LUMINA_LOAD_TEST (object);

  g_free (self->url);
  g_free (self->content_type);
  g_free (self->body);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->summary, json_object_unref);

  G_OBJECT_CLASS (lumina_load_test_parent_class)->finalize (object);
}

static void
lumina_load_test_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LuminaLoadTest *self = LUMINA_LOAD_TEST (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_RAMP:
      g_value_set_boolean (value, self->ramp);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, lumina_load_test_get_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_load_test_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LuminaLoadTest *self = LUMINA_LOAD_TEST (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_CONCURRENCY:
      lumina_load_test_set_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_DURATION:
      lumina_load_test_set_duration (self, g_value_get_double (value));
      break;
    case PROP_RAMP:
      lumina_load_test_set_ramp (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_load_test_class_init (LuminaLoadTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_load_test_dispose;
  object_class->finalize = lumina_load_test_finalize;
  object_class->get_property = lumina_load_test_get_property;
  object_class->set_property = lumina_load_test_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, 1024, 4,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0.1, 3600.0, 10.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RAMP] =
    g_param_spec_boolean ("ramp", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                                  LUMINA_TYPE_LOAD_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1,
                                LUMINA_TYPE_LOAD_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
lumina_load_test_init (LuminaLoadTest *self)
{
  self->concurrency = 4;
  self->duration = 10.0;
  self->content_type = g_strdup ("application/json");
  self->samples = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
  self->steps = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
}

/**
 * lumina_load_test_new:
 * @url: where to POST, such as http://127.0.0.1:8080/invocations
 *
 * Returns: (transfer full): a new load test, for the calling thread's main context
 */
LuminaLoadTest *
lumina_load_test_new (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (LUMINA_TYPE_LOAD_TEST, "url", url, NULL);
}

const char *
lumina_load_test_get_url (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);

  return self->url;
}

void
lumina_load_test_set_body (LuminaLoadTest *self,
                           const char     *content_type,
                           const char     *body)
{
  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));

  g_free (self->content_type);
  self->content_type = g_strdup (content_type != NULL ? content_type : "application/json");
  g_free (self->body);
  self->body = g_strdup (body);
}

const char *
lumina_load_test_get_body (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);

  return self->body;
}

guint
lumina_load_test_get_concurrency (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), 0);

  return self->concurrency;
}

void
lumina_load_test_set_concurrency (LuminaLoadTest *self,
                                  guint           clients)
{
  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));

  clients = CLAMP (clients, 1, 1024);
  if (self->concurrency == clients)
    return;
  self->concurrency = clients;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

double
lumina_load_test_get_duration (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), 0.0);

  return self->duration;
}

void
lumina_load_test_set_duration (LuminaLoadTest *self,
                               double          seconds)
{
  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));

  seconds = CLAMP (seconds, 0.1, 3600.0);
  if (self->duration == seconds)
    return;
  self->duration = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

gboolean
lumina_load_test_get_ramp (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), FALSE);

  return self->ramp;
}

void
lumina_load_test_set_ramp (LuminaLoadTest *self,
                           gboolean        ramp)
{
  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));

  ramp = !!ramp;
  if (self->ramp == ramp)
    return;
  self->ramp = ramp;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAMP]);
}

guint *
lumina_load_test_ramp_levels (guint  clients,
                              guint *n_levels)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (guint));

  clients = MAX (clients, 1);
  for (guint level = 1; level < clients; level *= 2)
    g_array_append_val (levels, level);
  g_array_append_val (levels, clients);

  *n_levels = levels->len;
  return (guint *) g_array_free (g_steal_pointer (&levels), FALSE);
}

gboolean
lumina_load_test_get_running (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), FALSE);

  return self->run != NULL;
}

double
lumina_load_test_get_progress (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), 0.0);

  return self->progress;
}

GArray *
lumina_load_test_get_samples (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);

  return self->samples;
}

GArray *
lumina_load_test_get_steps (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);

  return self->steps;
}

JsonObject *
lumina_load_test_get_summary (LuminaLoadTest *self)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);

  return self->summary;
}

void
lumina_load_test_run_async (LuminaLoadTest      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LuminaLoadRun *run;

  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lumina_load_test_run_async);

  if (self->run != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A load test is already running");
      return;
    }
  if (self->body == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The load test has no request body");
      return;
    }

  g_array_set_size (self->samples, 0);
  g_array_set_size (self->steps, 0);
  g_clear_pointer (&self->summary, json_object_unref);
  self->progress = 0.0;

  run = _lumina_load_run_new (self, task);
  self->run = _lumina_load_run_ref (run);
  _lumina_load_run_start (run, cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

JsonObject *
lumina_load_test_run_finish (LuminaLoadTest  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (LUMINA_IS_LOAD_TEST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lumina_load_test_cancel (LuminaLoadTest *self)
{
  g_return_if_fail (LUMINA_IS_LOAD_TEST (self));

  if (self->run != NULL)
    _lumina_load_run_cancel (self->run);
}
