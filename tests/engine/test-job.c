/* test-job.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lumina-engine.h"

typedef struct
{
  GAsyncResult *result;
  GThread      *callback_thread;
} Done;

static void
stash_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Done *done = user_data;

  done->result = g_object_ref (result);
  done->callback_thread = g_thread_self ();
}

static void
wait_for (Done *done)
{
  while (done->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  int     n_steps;
  GThread *worker_thread;
  gint    *progress_calls;
} SumData;

static gpointer
sum_func (LuminaJob     *job,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  SumData *data = task_data;
  gint64 *sum = g_new0 (gint64, 1);

  data->worker_thread = g_thread_self ();
  for (int i = 1; i <= data->n_steps; i++)
    {
      *sum += i;
      lumina_job_set_progress (job, (double) i / data->n_steps, i % 1000 == 0 ? "summing" : NULL);
      g_atomic_int_inc (data->progress_calls);
    }

  return sum;
}

static void
on_fraction (LuminaJob  *job,
             GParamSpec *pspec,
             gpointer    user_data)
{
  GArray *fractions = user_data;
  double f = lumina_job_get_fraction (job);

  g_assert_true (g_thread_self () == g_thread_self ());
  g_array_append_val (fractions, f);
}

static void
test_result_and_progress (void)
{
  g_autoptr(LuminaJob) job = lumina_job_new ("Sum");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint progress_calls = 0;
  SumData *data = g_new0 (SumData, 1);
  GThread *main_thread = g_thread_self ();
  Done done = { 0 };
  gint64 *sum;

  data->n_steps = 200000;
  data->progress_calls = &progress_calls;

  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_fraction), fractions);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_PENDING);
  lumina_job_run_async (job, NULL, sum_func, data, NULL, g_free, stash_result_cb, &done);
  wait_for (&done);

  sum = lumina_job_run_finish (job, done.result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*sum, ==, (gint64) 200000 * 200001 / 2);
  g_assert_true (done.callback_thread == main_thread);
  g_assert_true (data->worker_thread != main_thread);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_SUCCEEDED);
  g_assert_cmpfloat (lumina_job_get_fraction (job), ==, 1.0);
  g_assert_cmpstr (lumina_job_get_message (job), ==, "summing");

  /* Coalesced: far fewer notifications than calls, and never backwards. */
  g_assert_cmpint (progress_calls, ==, 200000);
  g_assert_cmpuint (fractions->len, >=, 1);
  g_assert_cmpuint (fractions->len, <, 20000);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));

  g_free (sum);
  g_free (data);
  g_object_unref (done.result);
}

static gpointer
spin_until_cancelled (LuminaJob     *job,
                      gpointer       task_data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gint *started = task_data;

  g_atomic_int_set (started, 1);
  while (!g_cancellable_is_cancelled (cancellable))
    g_usleep (1000);

  g_cancellable_set_error_if_cancelled (cancellable, error);
  return NULL;
}

static gpointer
cancel_from_thread (gpointer data)
{
  lumina_job_cancel (data);
  return NULL;
}

static void
test_cancel_running (void)
{
  g_autoptr(LuminaJob) job = lumina_job_new ("Spin");
  g_autoptr(GError) error = NULL;
  gint *started = g_new0 (gint, 1);
  Done done = { 0 };
  GThread *canceller;

  lumina_job_run_async (job, NULL, spin_until_cancelled, started, g_free, NULL, stash_result_cb, &done);
  while (!g_atomic_int_get (started) || lumina_job_get_state (job) != LUMINA_JOB_STATE_RUNNING)
    g_main_context_iteration (NULL, FALSE);

  canceller = g_thread_new ("canceller", cancel_from_thread, job);
  g_thread_join (canceller);
  wait_for (&done);

  g_assert_null (lumina_job_run_finish (job, done.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_CANCELLED);
  g_object_unref (done.result);
}

static gpointer
never_called (LuminaJob     *job,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_assert_not_reached ();
  return NULL;
}

static void
test_cancel_before_start (void)
{
  g_autoptr(LuminaJob) job = lumina_job_new ("Never");
  g_autoptr(GError) error = NULL;
  Done done = { 0 };

  lumina_job_cancel (job);
  lumina_job_run_async (job, NULL, never_called, NULL, NULL, NULL, stash_result_cb, &done);
  wait_for (&done);

  g_assert_null (lumina_job_run_finish (job, done.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_CANCELLED);
  g_object_unref (done.result);
}

static gpointer
fail_func (LuminaJob     *job,
           gpointer       task_data,
           GCancellable  *cancellable,
           GError       **error)
{
  lumina_job_set_progress (job, 0.5, "half way");
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "the input was bad");
  return NULL;
}

static void
test_failure (void)
{
  g_autoptr(LuminaJob) job = lumina_job_new ("Fail");
  g_autoptr(GError) error = NULL;
  Done done = { 0 };

  lumina_job_run_async (job, NULL, fail_func, NULL, NULL, NULL, stash_result_cb, &done);
  wait_for (&done);

  g_assert_null (lumina_job_run_finish (job, done.result, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_cmpint (lumina_job_get_state (job), ==, LUMINA_JOB_STATE_FAILED);
  g_assert_cmpfloat (lumina_job_get_fraction (job), ==, 0.5);
  g_assert_cmpstr (lumina_job_get_message (job), ==, "half way");
  g_object_unref (done.result);
}

static gpointer
count_concurrency (LuminaJob     *job,
                   gpointer       task_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint *counters = task_data;  /* [0] running now, [1] most seen */
  gint now = g_atomic_int_add (&counters[0], 1) + 1;
  gint seen;

  while ((seen = g_atomic_int_get (&counters[1])) < now &&
         !g_atomic_int_compare_and_exchange (&counters[1], seen, now))
    ;
  g_usleep (20000);
  g_atomic_int_add (&counters[0], -1);
  return g_strdup ("ok");
}

static void
test_pool_limit (void)
{
  g_autoptr(LuminaWorkerPool) pool = lumina_worker_pool_new ("test", 2);
  gint counters[2] = { 0, 0 };
  LuminaJob *jobs[8];
  Done done[8] = { { 0 } };

  g_assert_cmpstr (lumina_worker_pool_get_name (pool), ==, "test");
  g_assert_cmpuint (lumina_worker_pool_get_max_threads (pool), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = lumina_job_new ("Count");
      lumina_job_run_async (jobs[i], pool, count_concurrency, counters, NULL, g_free,
                            stash_result_cb, &done[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autofree char *result = NULL;

      wait_for (&done[i]);
      result = lumina_job_run_finish (jobs[i], done[i].result, NULL);
      g_assert_cmpstr (result, ==, "ok");
      g_object_unref (done[i].result);
      g_object_unref (jobs[i]);
    }

  g_assert_cmpint (counters[1], ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/job/result-and-progress", test_result_and_progress);
  g_test_add_func ("/engine/job/cancel-running", test_cancel_running);
  g_test_add_func ("/engine/job/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/engine/job/failure", test_failure);
  g_test_add_func ("/engine/job/pool-limit", test_pool_limit);

  return g_test_run ();
}
