/* lumina-load-test-run.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One load test run.  The run copies its settings; a thread of its own
 * owns a main context, an HTTP session and the clients, and measures.
 * Samples go back to the caller's context through a buffer drained by at
 * most one idle source at a time.
 */
#define G_LOG_DOMAIN "lumina-load-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include <libsoup/soup.h>

#include "lumina-load-test-private.h"

#define HIST_BUCKETS   2048
#define TICK_MS        50
#define REQUEST_TIMEOUT_S 30
/* After a cancel, requests in flight get this long to finish before they
 * are cut: cancelling libsoup's send_and_read while it reads a body can
 * crash in libsoup 3.2 as the body stream is closed, and against a live
 * server they finish in milliseconds anyway. */
#define CANCEL_GRACE_US   (2 * G_USEC_PER_SEC)

/* ---- latency histograms ------------------------------------------------- */

/* Log-linear buckets of microseconds: exact below 128 µs, then 64 buckets
 * per power of two. */
typedef struct
{
  guint32 counts[HIST_BUCKETS];
  guint64 n;
  double  sum_us;
  guint64 max_us;
} Hist;

static guint
hist_index (guint64 us)
{
  guint shift;

  if (us < 128)
    return (guint) us;

  shift = g_bit_storage (us) - 7;
  return MIN (128 + (shift - 1) * 64 + (guint) ((us >> shift) - 64), HIST_BUCKETS - 1);
}

static double
hist_value_us (guint index)
{
  guint shift;
  guint64 low;

  if (index < 128)
    return index;

  shift = (index - 128) / 64 + 1;
  low = (guint64) ((index - 128) % 64 + 64) << shift;
  return low + ((guint64) 1 << shift) / 2.0;
}

static void
hist_add (Hist    *hist,
          guint64  us)
{
  hist->counts[hist_index (us)]++;
  hist->n++;
  hist->sum_us += us;
  hist->max_us = MAX (hist->max_us, us);
}

static double
hist_quantile_ms (const Hist *hist,
                  double      q)
{
  guint64 rank;
  guint64 seen = 0;

  if (hist->n == 0)
    return NAN;

  rank = MAX ((guint64) ceil (q * hist->n), 1);
  for (guint i = 0; i < HIST_BUCKETS; i++)
    {
      seen += hist->counts[i];
      if (seen >= rank)
        return MIN (hist_value_us (i), (double) hist->max_us) / 1000.0;
    }
  return hist->max_us / 1000.0;
}

/* ---- a run -------------------------------------------------------------- */

typedef LuminaLoadRun Run;

struct _LuminaLoadRun
{
  gatomicrefcount  ref;

  /* Set before the thread starts, read-only after. */
  LuminaLoadTest  *self;
  GTask           *task;
  GMainContext    *owner;
  char            *url;
  char            *content_type;
  GBytes          *body;
  guint           *levels;
  guint            n_levels;
  double           step_s;
  double           total_s;
  gboolean         ramp;
  GCancellable    *cancellable;
  GCancellable    *requests;     /* cut what is in flight */
  gulong           cancel_handler;

  /* The thread's own. */
  GMainContext    *context;
  GMainLoop       *loop;
  SoupSession     *session;
  gint64           start_us;
  gint64           next_tick_us;
  gint64           last_tick_us;
  gint64           step_start_us;
  guint            level;
  guint            target;
  guint            n_clients;
  guint            in_flight;
  gboolean         stopping;
  gint64           stop_us;
  Hist            *second;
  Hist            *step;
  Hist            *total;
  guint64          second_errors;
  guint64          step_errors;
  guint64          total_errors;
  GHashTable      *status;           /* status code (0: no answer) → count */

  /* Shared with the owner, under @lock. */
  GMutex           lock;
  GArray          *pending_samples;
  GArray          *pending_steps;
  double           pending_progress;
  gboolean         flush_queued;
  JsonObject      *summary;
};

typedef struct
{
  Run         *run;
  guint        index;
  gint64       sent_us;
} Client;

LuminaLoadRun *
_lumina_load_run_ref (LuminaLoadRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

void
_lumina_load_run_unref (LuminaLoadRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;

  g_clear_object (&run->self);
  g_clear_object (&run->task);
  g_clear_pointer (&run->owner, g_main_context_unref);
  g_free (run->url);
  g_free (run->content_type);
  g_clear_pointer (&run->body, g_bytes_unref);
  g_free (run->levels);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->requests);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->session);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run->second);
  g_free (run->step);
  g_free (run->total);
  g_clear_pointer (&run->status, g_hash_table_unref);
  g_mutex_clear (&run->lock);
  g_clear_pointer (&run->pending_samples, g_array_unref);
  g_clear_pointer (&run->pending_steps, g_array_unref);
  g_clear_pointer (&run->summary, json_object_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaLoadRun, _lumina_load_run_unref)

/* Owner context: delivers what the thread measured. */
static gboolean
flush_cb (gpointer data)
{
  Run *run = data;
  LuminaLoadTest *self = run->self;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) steps = NULL;
  double progress;

  g_mutex_lock (&run->lock);
  samples = g_steal_pointer (&run->pending_samples);
  steps = g_steal_pointer (&run->pending_steps);
  run->pending_samples = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
  run->pending_steps = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
  progress = run->pending_progress;
  run->flush_queued = FALSE;
  g_mutex_unlock (&run->lock);

  if (self->run != run)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < samples->len; i++)
    {
      g_array_append_val (self->samples, g_array_index (samples, LuminaLoadSample, i));
      g_signal_emit_by_name (self, "sample", &g_array_index (samples, LuminaLoadSample, i));
    }
  for (guint i = 0; i < steps->len; i++)
    {
      g_array_append_val (self->steps, g_array_index (steps, LuminaLoadSample, i));
      g_signal_emit_by_name (self, "step", &g_array_index (steps, LuminaLoadSample, i));
    }
  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify (G_OBJECT (self), "progress");
    }

  return G_SOURCE_REMOVE;
}

/* Load thread.  Queues at most one flush on the owner context. */
static void
run_publish (Run                    *run,
             const LuminaLoadSample *sample,
             const LuminaLoadSample *step,
             double                  progress)
{
  g_mutex_lock (&run->lock);
  if (sample != NULL)
    g_array_append_vals (run->pending_samples, sample, 1);
  if (step != NULL)
    g_array_append_vals (run->pending_steps, step, 1);
  run->pending_progress = progress;
  if (!run->flush_queued)
    {
      GSource *source = g_idle_source_new ();

      run->flush_queued = TRUE;
      g_source_set_callback (source, flush_cb, _lumina_load_run_ref (run), (GDestroyNotify) _lumina_load_run_unref);
      g_source_attach (source, run->owner);
      g_source_unref (source);
    }
  g_mutex_unlock (&run->lock);
}

static void
fill_sample (LuminaLoadSample *sample,
             const Hist       *hist,
             guint64           errors,
             double            elapsed_s,
             double            duration_s,
             guint             concurrency)
{
  sample->elapsed_s = elapsed_s;
  sample->duration_s = duration_s;
  sample->concurrency = concurrency;
  sample->requests = hist->n;
  sample->errors = errors;
  sample->rps = duration_s > 0 ? hist->n / duration_s : 0.0;
  sample->p50_ms = hist_quantile_ms (hist, 0.50);
  sample->p90_ms = hist_quantile_ms (hist, 0.90);
  sample->p99_ms = hist_quantile_ms (hist, 0.99);
}

static double
run_progress (Run    *run,
              gint64  now)
{
  return CLAMP ((now - run->start_us) / (run->total_s * G_USEC_PER_SEC), 0.0, 1.0);
}

/* Closes the current second (or the last, shorter, interval). */
static void
run_emit_second (Run    *run,
                 gint64  now)
{
  LuminaLoadSample sample;

  fill_sample (&sample, run->second, run->second_errors, (now - run->start_us) / (double) G_USEC_PER_SEC,
               (now - run->last_tick_us) / (double) G_USEC_PER_SEC, run->target);
  memset (run->second, 0, sizeof *run->second);
  run->second_errors = 0;
  run->last_tick_us = now;
  run_publish (run, &sample, NULL, run_progress (run, now));
}

static void
run_emit_step (Run    *run,
               gint64  now)
{
  LuminaLoadSample step;

  fill_sample (&step, run->step, run->step_errors, (now - run->start_us) / (double) G_USEC_PER_SEC,
               (now - run->step_start_us) / (double) G_USEC_PER_SEC, run->levels[run->level]);
  memset (run->step, 0, sizeof *run->step);
  run->step_errors = 0;
  run->step_start_us = now;
  run_publish (run, NULL, &step, run_progress (run, now));
}

static void client_send (Client *client);

static void
run_stop (Run *run)
{
  if (!run->stopping)
    run->stop_us = g_get_monotonic_time ();
  run->stopping = TRUE;
  if (run->in_flight == 0)
    g_main_loop_quit (run->loop);
}

static void
client_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;
  Run *run = client->run;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint64 latency = MAX (g_get_monotonic_time () - client->sent_us, 0);
  guint status = bytes != NULL && msg != NULL ? soup_message_get_status (msg) : 0;

  run->in_flight--;

  /* Requests cut short by a cancel are not measurements. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean failed = status < 200 || status >= 300;
      gpointer key = GUINT_TO_POINTER (status);

      hist_add (run->second, latency);
      hist_add (run->step, latency);
      hist_add (run->total, latency);
      run->second_errors += failed;
      run->step_errors += failed;
      run->total_errors += failed;
      g_hash_table_insert (run->status, key, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (run->status, key)) + 1));
    }

  if (g_cancellable_is_cancelled (run->cancellable))
    run_stop (run);
  if (!run->stopping && client->index < run->target)
    {
      client_send (client);
      return;
    }

  run->n_clients--;
  g_free (client);
  if (run->stopping && run->in_flight == 0)
    g_main_loop_quit (run->loop);
}

static void
client_send (Client *client)
{
  Run *run = client->run;
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, run->url);

  soup_message_set_request_body_from_bytes (msg, run->content_type, run->body);
  client->sent_us = g_get_monotonic_time ();
  run->in_flight++;
  soup_session_send_and_read_async (run->session, msg, G_PRIORITY_DEFAULT, run->requests,
                                    client_done_cb, client);
}

static void
run_add_clients (Run *run)
{
  while (run->n_clients < run->target)
    {
      Client *client = g_new0 (Client, 1);

      client->run = run;
      client->index = run->n_clients++;
      client_send (client);
    }
}

static gboolean
tick_cb (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->stopping)
    {
      if (now - run->stop_us > CANCEL_GRACE_US)
        g_cancellable_cancel (run->requests);
      return G_SOURCE_CONTINUE;
    }

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      run_stop (run);
      return G_SOURCE_CONTINUE;
    }

  if (now >= run->next_tick_us)
    {
      run_emit_second (run, now);
      run->next_tick_us += G_USEC_PER_SEC;
    }

  if (now - run->step_start_us >= run->step_s * G_USEC_PER_SEC && run->level + 1 < run->n_levels)
    {
      run_emit_step (run, now);
      run->target = run->levels[++run->level];
      run_add_clients (run);
    }
  else if (now - run->start_us >= run->total_s * G_USEC_PER_SEC)
    {
      run_stop (run);
    }

  return G_SOURCE_CONTINUE;
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0.0;
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static JsonObject *
run_summary (Run    *run,
             double  wall_s,
             double  cpu_s)
{
  JsonObject *summary = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonArray *steps = json_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  json_object_set_int_member (summary, "requests", run->total->n);
  json_object_set_int_member (summary, "errors", run->total_errors);
  json_object_set_double_member (summary, "duration_s", wall_s);
  json_object_set_double_member (summary, "rps", wall_s > 0 ? run->total->n / wall_s : 0.0);
  if (run->total->n > 0)
    {
      json_object_set_double_member (summary, "p50_ms", hist_quantile_ms (run->total, 0.50));
      json_object_set_double_member (summary, "p90_ms", hist_quantile_ms (run->total, 0.90));
      json_object_set_double_member (summary, "p99_ms", hist_quantile_ms (run->total, 0.99));
      json_object_set_double_member (summary, "mean_ms", run->total->sum_us / run->total->n / 1000.0);
      json_object_set_double_member (summary, "max_ms", run->total->max_us / 1000.0);
    }
  json_object_set_int_member (summary, "concurrency", run->levels[run->n_levels - 1]);
  json_object_set_boolean_member (summary, "ramp", run->ramp);
  json_object_set_boolean_member (summary, "cancelled", g_cancellable_is_cancelled (run->cancellable));
  json_object_set_double_member (summary, "client_busy", wall_s > 0 ? MIN (cpu_s / wall_s, 1.0) : 0.0);

  g_hash_table_iter_init (&iter, run->status);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = GPOINTER_TO_UINT (key) == 0 ? g_strdup ("transport")
                                                          : g_strdup_printf ("%u", GPOINTER_TO_UINT (key));

      json_object_set_int_member (status, name, GPOINTER_TO_SIZE (value));
    }
  json_object_set_object_member (summary, "status", status);
  json_object_set_array_member (summary, "steps", steps);
  return summary;
}

static gboolean finish_cb (gpointer data);

static gpointer
run_thread (gpointer data)
{
  g_autoptr(LuminaLoadRun) run = data;
  double cpu_start = thread_cpu_seconds ();
  g_autoptr(GSource) tick = NULL;
  gint64 end;
  GSource *source;

  g_main_context_push_thread_default (run->context);
  run->loop = g_main_loop_new (run->context, FALSE);
  run->session = soup_session_new_with_options ("max-conns", run->levels[run->n_levels - 1] + 2,
                                                "max-conns-per-host", run->levels[run->n_levels - 1] + 2,
                                                "timeout", REQUEST_TIMEOUT_S,
                                                NULL);

  run->start_us = run->last_tick_us = run->step_start_us = g_get_monotonic_time ();
  run->next_tick_us = run->start_us + G_USEC_PER_SEC;
  run->target = run->levels[0];
  run_add_clients (run);

  tick = g_timeout_source_new (TICK_MS);
  g_source_set_callback (tick, tick_cb, run, NULL);
  g_source_attach (tick, run->context);
  g_main_loop_run (run->loop);
  g_source_destroy (tick);

  end = g_get_monotonic_time ();
  run_emit_second (run, end);
  if (run->ramp)
    run_emit_step (run, end);
  run->summary = run_summary (run, (end - run->start_us) / (double) G_USEC_PER_SEC,
                              thread_cpu_seconds () - cpu_start);

  g_clear_object (&run->session);
  while (g_main_context_iteration (run->context, FALSE))
    ;
  g_main_context_pop_thread_default (run->context);

  source = g_idle_source_new ();
  g_source_set_callback (source, finish_cb, _lumina_load_run_ref (run), (GDestroyNotify) _lumina_load_run_unref);
  g_source_attach (source, run->owner);
  g_source_unref (source);
  return NULL;
}

static void
add_step_json (JsonArray              *steps,
               const LuminaLoadSample *step)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "concurrency", step->concurrency);
  json_object_set_int_member (object, "requests", step->requests);
  json_object_set_int_member (object, "errors", step->errors);
  json_object_set_double_member (object, "rps", step->rps);
  if (step->requests > 0)
    {
      json_object_set_double_member (object, "p50_ms", step->p50_ms);
      json_object_set_double_member (object, "p90_ms", step->p90_ms);
      json_object_set_double_member (object, "p99_ms", step->p99_ms);
    }
  json_array_add_object_element (steps, object);
}

/* Owner context: the thread has ended. */
static gboolean
finish_cb (gpointer data)
{
  Run *run = data;
  LuminaLoadTest *self = run->self;
  g_autoptr(GTask) task = g_steal_pointer (&run->task);
  JsonArray *steps;

  flush_cb (run);
  if (run->cancel_handler != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), run->cancel_handler);

  steps = json_object_get_array_member (run->summary, "steps");
  for (guint i = 0; i < self->steps->len; i++)
    add_step_json (steps, &g_array_index (self->steps, LuminaLoadSample, i));

  g_clear_pointer (&self->summary, json_object_unref);
  self->summary = json_object_ref (run->summary);
  if (self->run == run)
    {
      self->run = NULL;
      _lumina_load_run_unref (run);
    }
  g_object_notify (G_OBJECT (self), "running");

  if (g_cancellable_is_cancelled (run->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The load test was cancelled");
  else
    g_task_return_pointer (task, json_object_ref (self->summary), (GDestroyNotify) json_object_unref);

  return G_SOURCE_REMOVE;
}

static void
external_cancel_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  /* Thread-safe: only cancels the run's own cancellable. */
  g_cancellable_cancel (user_data);
}

LuminaLoadRun *
_lumina_load_run_new (LuminaLoadTest *self,
         GTask          *task)
{
  Run *run = g_new0 (Run, 1);

  g_atomic_ref_count_init (&run->ref);
  run->self = g_object_ref (self);
  run->task = g_object_ref (task);
  run->owner = g_main_context_ref_thread_default ();
  run->url = g_strdup (self->url);
  run->content_type = g_strdup (self->content_type);
  run->body = g_bytes_new (self->body, strlen (self->body));
  run->ramp = self->ramp;
  if (self->ramp)
    run->levels = lumina_load_test_ramp_levels (self->concurrency, &run->n_levels);
  else
    {
      run->levels = g_new (guint, 1);
      run->levels[0] = self->concurrency;
      run->n_levels = 1;
    }
  run->step_s = self->ramp ? MAX (self->duration / run->n_levels, 1.0) : self->duration;
  run->total_s = run->step_s * run->n_levels;
  run->cancellable = g_cancellable_new ();
  run->requests = g_cancellable_new ();
  run->context = g_main_context_new ();
  run->second = g_new0 (Hist, 1);
  run->step = g_new0 (Hist, 1);
  run->total = g_new0 (Hist, 1);
  run->status = g_hash_table_new (NULL, NULL);
  g_mutex_init (&run->lock);
  run->pending_samples = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
  run->pending_steps = g_array_new (FALSE, FALSE, sizeof (LuminaLoadSample));
  return run;
}


/* Starts the thread; @cancellable (nullable) also cancels the run. */
void
_lumina_load_run_start (LuminaLoadRun *run,
                        GCancellable  *cancellable)
{
  GThread *thread;

  if (cancellable != NULL)
    run->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (external_cancel_cb),
                                                 g_object_ref (run->cancellable), g_object_unref);

  thread = g_thread_new ("lumina-load-test", run_thread, run);
  g_thread_unref (thread);
}

void
_lumina_load_run_cancel (LuminaLoadRun *run)
{
  g_cancellable_cancel (run->cancellable);
}
