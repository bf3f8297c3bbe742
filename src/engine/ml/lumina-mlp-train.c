/* lumina-mlp-train.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mini-batch training of the MLP: a fresh permutation of the rows every
 * epoch, Adam with decoupled weight decay (AdamW) and an optional cosine
 * learning-rate schedule, validation after every epoch with early
 * stopping on the best epoch.  Every buffer is allocated before the first
 * batch; the batch loop only gathers rows and calls the passes.
 *
 * Determinism: all randomness comes from one seeded generator, and
 * OpenBLAS's sgemm splits work between threads without splitting sums, so
 * the same seed and OpenBLAS thread count give bit-identical weights.
 */
#define G_LOG_DOMAIN "lumina-mlp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-mlp-private.h"

#define ADAM_BETA1    0.9
#define ADAM_BETA2    0.999
#define ADAM_EPSILON  1e-8f
#define EVAL_ROWS     1024

typedef struct
{
  LuminaMlpNet  *net;
  LuminaMlpWork *work;
  float         *m;
  float         *v;
  float         *best;
  float         *xb;
  float         *yb;
  gsize         *order;
  guint64        step;
} Trainer;

static void
trainer_init (Trainer                     *t,
              LuminaMlpNet                *net,
              const LuminaMlpData         *train,
              const LuminaMlpTrainOptions *options)
{
  guint batch = (guint) MIN ((gsize) options->batch_size, train->n_rows);

  memset (t, 0, sizeof *t);
  t->net = net;
  t->work = _lumina_mlp_work_new (net, MAX (batch, EVAL_ROWS));
  t->m = g_new0 (float, net->n_params);
  t->v = g_new0 (float, net->n_params);
  t->best = g_memdup2 (net->params, net->n_params * sizeof (float));
  t->xb = g_new (float, (gsize) batch * net->units[0]);
  t->yb = g_new (float, batch);
  t->order = g_new (gsize, train->n_rows);
  for (gsize i = 0; i < train->n_rows; i++)
    t->order[i] = i;
}

static void
trainer_clear (Trainer *t)
{
  g_clear_pointer (&t->work, _lumina_mlp_work_free);
  g_clear_pointer (&t->m, g_free);
  g_clear_pointer (&t->v, g_free);
  g_clear_pointer (&t->best, g_free);
  g_clear_pointer (&t->xb, g_free);
  g_clear_pointer (&t->yb, g_free);
  g_clear_pointer (&t->order, g_free);
}

static void
shuffle (gsize        *order,
         gsize         n,
         LuminaMlpRng *rng)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = lumina_mlp_rng_below (rng, i);
      gsize tmp = order[i - 1];

      order[i - 1] = order[j];
      order[j] = tmp;
    }
}

static void
gather (Trainer             *t,
        const LuminaMlpData *data,
        gsize                start,
        guint                rows)
{
  guint d = t->net->units[0];

  for (guint i = 0; i < rows; i++)
    {
      gsize row = t->order[start + i];

      memcpy (t->xb + (gsize) i * d, data->x + row * d, d * sizeof (float));
      t->yb[i] = data->y[row];
    }
}

static inline void
adam_scalar (float *p,
             float *m,
             float *v,
             float  g,
             float  step_size)
{
  *m = (float) ADAM_BETA1 * *m + (float) (1.0 - ADAM_BETA1) * g;
  *v = (float) ADAM_BETA2 * *v + (float) (1.0 - ADAM_BETA2) * g * g;
  *p -= step_size * *m / (sqrtf (*v) + ADAM_EPSILON);
}

/* AdamW: decay the weights (not the biases), then the Adam step with
 * the bias corrections folded into the step size.  The vector and scalar
 * paths round identically. */
static void
adam_update (Trainer *t,
             double   learning_rate,
             double   weight_decay)
{
  float *p = t->net->params, *m = t->m, *v = t->v;
  const float *g = t->work->grad;
  gsize n_params = t->net->n_params, n_weights = t->net->n_weights, i = 0;
  LuminaVf4 b1 = lumina_vf4_splat ((float) ADAM_BETA1), c1 = lumina_vf4_splat ((float) (1.0 - ADAM_BETA1));
  LuminaVf4 b2 = lumina_vf4_splat ((float) ADAM_BETA2), c2 = lumina_vf4_splat ((float) (1.0 - ADAM_BETA2));
  LuminaVf4 eps = lumina_vf4_splat (ADAM_EPSILON), step, decay;
  float step_size;

  t->step++;
  step_size = (float) (learning_rate * sqrt (1.0 - pow (ADAM_BETA2, t->step)) /
                       (1.0 - pow (ADAM_BETA1, t->step)));
  step = lumina_vf4_splat (step_size);
  decay = lumina_vf4_splat ((float) (1.0 - learning_rate * weight_decay));

  for (; i + 4 <= n_weights; i += 4)
    lumina_vf4_store (p + i, lumina_vf4_load (p + i) * decay);
  for (; i < n_weights; i++)
    p[i] *= decay[0];

  for (i = 0; i + 4 <= n_params; i += 4)
    {
      LuminaVf4 gi = lumina_vf4_load (g + i);
      LuminaVf4 mi = b1 * lumina_vf4_load (m + i) + c1 * gi;
      LuminaVf4 vi = b2 * lumina_vf4_load (v + i) + c2 * gi * gi;

      lumina_vf4_store (m + i, mi);
      lumina_vf4_store (v + i, vi);
      lumina_vf4_store (p + i, lumina_vf4_load (p + i) - step * mi / (lumina_vf4_sqrt (vi) + eps));
    }
  for (; i < n_params; i++)
    adam_scalar (&p[i], &m[i], &v[i], g[i], step_size);
}

/* Returns FALSE when cancelled part-way: an epoch on a large table with a
 * wide network can take seconds, and a search's deadline cannot wait. */
static gboolean
run_epoch (Trainer                     *t,
           LuminaMlpRng                *rng,
           const LuminaMlpData         *train,
           const LuminaMlpTrainOptions *options,
           double                       learning_rate)
{
  guint batch = (guint) MIN ((gsize) options->batch_size, train->n_rows);

  shuffle (t->order, train->n_rows, rng);

  for (gsize start = 0; start < train->n_rows; start += batch)
    {
      guint rows = (guint) MIN ((gsize) batch, train->n_rows - start);

      if (g_cancellable_is_cancelled (options->cancellable))
        return FALSE;
      gather (t, train, start, rows);
      _lumina_mlp_forward (t->work, t->xb, rows, (float) options->dropout, rng);
      _lumina_mlp_backward (t->work, t->yb, rows);
      adam_update (t, learning_rate, options->weight_decay);
    }
  return TRUE;
}

double
_lumina_mlp_evaluate (LuminaMlpWork       *work,
                      const LuminaMlpData *data,
                      double               target_scale)
{
  guint d = work->net->units[0];
  double loss = 0.0;

  for (gsize start = 0; start < data->n_rows; start += work->max_rows)
    {
      guint rows = (guint) MIN ((gsize) work->max_rows, data->n_rows - start);

      _lumina_mlp_forward (work, data->x + start * d, rows, 0.0f, NULL);
      loss += _lumina_mlp_batch_loss (work, data->y + start, rows);
    }

  if (work->net->head == LUMINA_MLP_HEAD_LINEAR)
    return sqrt (2.0 * loss / data->n_rows) * target_scale;
  return loss / data->n_rows;
}

static double
epoch_learning_rate (const LuminaMlpTrainOptions *options,
                     guint                        epoch)
{
  if (!options->cosine)
    return options->learning_rate;
  return options->learning_rate * 0.5 * (1.0 + cos (G_PI * epoch / options->epochs));
}

gboolean
_lumina_mlp_train (LuminaMlpNet                 *net,
                   LuminaMlpRng                 *rng,
                   const LuminaMlpData          *train,
                   const LuminaMlpData          *valid,
                   const LuminaMlpTrainOptions  *options,
                   guint                        *kept_epoch,
                   GError                      **error)
{
  Trainer t;
  double best_loss = INFINITY;
  guint best_epoch = 0, since_best = 0, done = 0;

  g_assert (train->n_rows > 0 && options->batch_size > 0);

  trainer_init (&t, net, train, options);

  for (guint epoch = 0; epoch < options->epochs; epoch++)
    {
      double loss = NAN;

      if (g_cancellable_set_error_if_cancelled (options->cancellable, error) ||
          (!run_epoch (&t, rng, train, options, epoch_learning_rate (options, epoch)) &&
           g_cancellable_set_error_if_cancelled (options->cancellable, error)))
        {
          trainer_clear (&t);
          return FALSE;
        }
      done = epoch + 1;

      if (valid != NULL)
        {
          loss = _lumina_mlp_evaluate (t.work, valid, options->target_scale);
          if (loss < best_loss)
            {
              best_loss = loss;
              best_epoch = done;
              since_best = 0;
              memcpy (t.best, net->params, net->n_params * sizeof (float));
            }
          else
            since_best++;
        }

      if (options->epoch_func != NULL && !options->epoch_func (done, loss, options->epoch_data))
        break;
      if (valid != NULL && options->patience > 0 && since_best >= options->patience)
        break;
    }

  *kept_epoch = done;
  if (valid != NULL && best_epoch > 0)
    {
      memcpy (net->params, t.best, net->n_params * sizeof (float));
      *kept_epoch = best_epoch;
    }

  trainer_clear (&t);
  return TRUE;
}
