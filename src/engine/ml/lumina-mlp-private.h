/* lumina-mlp-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The multilayer perceptron behind the "mlp" learner: the network, its
 * batch workspace, forward and backward passes (lumina-mlp-net.c) and the
 * training loop (lumina-mlp-train.c).  Tests use these directly for the
 * gradient check.
 */
#pragma once

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

G_BEGIN_DECLS

/* Four floats at a time through GCC/Clang vector extensions: portable C
 * that maps onto SSE on baseline x86-64 (NEON on arm64), for the
 * elementwise loops that -O2 leaves scalar. */
typedef float  LuminaVf4 __attribute__ ((vector_size (16)));
typedef gint32 LuminaVi4 __attribute__ ((vector_size (16)));

static inline LuminaVf4
lumina_vf4_load (const float *p)
{
  LuminaVf4 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline void
lumina_vf4_store (float     *p,
                  LuminaVf4  v)
{
  memcpy (p, &v, sizeof v);
}

static inline LuminaVf4
lumina_vf4_splat (float x)
{
  return (LuminaVf4) { x, x, x, x };
}

/* Correctly rounded like sqrtf(), so either branch gives the same bits. */
static inline LuminaVf4
lumina_vf4_sqrt (LuminaVf4 v)
{
#if defined(__SSE__)
  return (LuminaVf4) _mm_sqrt_ps ((__m128) v);
#else
  return (LuminaVf4) { sqrtf (v[0]), sqrtf (v[1]), sqrtf (v[2]), sqrtf (v[3]) };
#endif
}

/* The lanes of @v where @keep is set, 0 elsewhere. */
static inline LuminaVf4
lumina_vf4_select (LuminaVi4 keep,
                   LuminaVf4 v)
{
  return (LuminaVf4) (keep & (LuminaVi4) v);
}

typedef enum
{
  LUMINA_MLP_RELU,
  LUMINA_MLP_GELU,
} LuminaMlpActivation;

/* Each head is the canonical link of its loss, so the output delta is
 * always (prediction - target) / rows. */
typedef enum
{
  LUMINA_MLP_HEAD_SOFTMAX,  /* cross-entropy over k classes */
  LUMINA_MLP_HEAD_SIGMOID,  /* binary cross-entropy, one output */
  LUMINA_MLP_HEAD_LINEAR,   /* half squared error, one output */
} LuminaMlpHead;

/* xoshiro256** seeded through splitmix64: the one source of randomness,
 * so a seed fixes initial weights, batch order and dropout masks. */
typedef struct
{
  guint64 s[4];
} LuminaMlpRng;

static inline guint64
lumina_mlp_rng_splitmix (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
lumina_mlp_rng_init (LuminaMlpRng *rng,
                     guint64       seed)
{
  for (guint i = 0; i < 4; i++)
    rng->s[i] = lumina_mlp_rng_splitmix (&seed);
}

static inline guint64
lumina_mlp_rng_next (LuminaMlpRng *rng)
{
  guint64 *s = rng->s;
  guint64 x = s[1] * 5;
  guint64 result = ((x << 7) | (x >> 57)) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return result;
}

/* Uniform in [0, 1). */
static inline double
lumina_mlp_rng_uniform (LuminaMlpRng *rng)
{
  return (lumina_mlp_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n): the high 32 bits scaled by n (bias below 2^-32 · n). */
static inline gsize
lumina_mlp_rng_below (LuminaMlpRng *rng,
                      gsize         n)
{
  guint64 bits = lumina_mlp_rng_next (rng);

  if (n <= G_MAXUINT32)
    return (gsize) (((bits >> 32) * (guint64) n) >> 32);
  return (gsize) (bits % n);
}

typedef struct
{
  guint                n_layers;   /* weight layers: hidden layers + 1 */
  guint               *units;      /* n_layers + 1: inputs, hidden..., outputs */
  LuminaMlpActivation  activation;
  LuminaMlpHead        head;
  gsize                n_params;
  gsize                n_weights;  /* params[0, n_weights) are weights, the rest biases */
  float               *params;
  float              **w;          /* w[l]: units[l] × units[l+1], row-major */
  float              **b;          /* b[l]: units[l+1] */
} LuminaMlpNet;

/* Buffers for batches of up to @max_rows rows, allocated once per fit. */
typedef struct
{
  const LuminaMlpNet  *net;
  guint                max_rows;
  const float         *input;      /* the batch forward() last saw */
  float                dropout;    /* and its dropout rate */
  float              **z;          /* z[l]: pre-activation out of weight layer l */
  float              **a;          /* a[l]: input of weight layer l (l ≥ 1); a[n_layers]: output */
  float              **mask;       /* mask[l]: dropout scale on a[l], hidden layers */
  float               *delta[2];
  float               *grad;       /* same layout as net->params */
  float              **gw;
  float              **gb;
} LuminaMlpWork;

LuminaMlpNet  *_lumina_mlp_net_new        (const guint         *units,
                                           guint                n_layers,
                                           LuminaMlpActivation  activation,
                                           LuminaMlpHead        head);
void           _lumina_mlp_net_free       (LuminaMlpNet        *net);
void           _lumina_mlp_net_init       (LuminaMlpNet        *net,
                                           LuminaMlpRng        *rng);
guint          _lumina_mlp_net_n_outputs  (const LuminaMlpNet  *net);

LuminaMlpWork *_lumina_mlp_work_new       (const LuminaMlpNet  *net,
                                           guint                max_rows);
void           _lumina_mlp_work_free      (LuminaMlpWork       *work);

/* @x: rows × units[0], no NaN.  With @dropout > 0, hidden activations are
 * dropped (inverted dropout) with masks drawn from @rng. */
void           _lumina_mlp_forward        (LuminaMlpWork       *work,
                                           const float         *x,
                                           guint                rows,
                                           float                dropout,
                                           LuminaMlpRng        *rng);
/* After forward(): fills work->grad with the gradient of the mean loss
 * over the batch.  @y: class indices, or (standardised) values. */
void           _lumina_mlp_backward       (LuminaMlpWork       *work,
                                           const float         *y,
                                           guint                rows);
/* After forward(): the summed loss of the batch (cross-entropy, or half
 * the squared error), accumulated in double. */
double         _lumina_mlp_batch_loss     (LuminaMlpWork       *work,
                                           const float         *y,
                                           guint                rows);

/* Rows of training or validation data: x without NaN, y as in backward(). */
typedef struct
{
  const float *x;
  const float *y;
  gsize        n_rows;
} LuminaMlpData;

/* Called after every epoch; FALSE stops training. */
typedef gboolean (*LuminaMlpEpochFunc) (guint    epoch,
                                        double   valid_loss,
                                        gpointer user_data);

typedef struct
{
  guint               epochs;
  guint               batch_size;
  guint               patience;       /* 0: no early stopping */
  double              learning_rate;
  double              weight_decay;
  double              dropout;
  gboolean            cosine;
  double              target_scale;   /* regression: RMSE reported × this */
  LuminaMlpEpochFunc  epoch_func;
  gpointer            epoch_data;
  GCancellable       *cancellable;
} LuminaMlpTrainOptions;

/* Trains @net in place with Adam (decoupled weight decay).  With @valid,
 * the weights of the best validation epoch are kept and *@kept_epoch is
 * that epoch; otherwise it is the number of epochs run. */
gboolean       _lumina_mlp_train          (LuminaMlpNet                 *net,
                                           LuminaMlpRng                 *rng,
                                           const LuminaMlpData          *train,
                                           const LuminaMlpData          *valid,
                                           const LuminaMlpTrainOptions  *options,
                                           guint                        *kept_epoch,
                                           GError                      **error);
/* Mean validation loss: log loss for classification, RMSE × @target_scale
 * for regression. */
double         _lumina_mlp_evaluate       (LuminaMlpWork                *work,
                                           const LuminaMlpData          *data,
                                           double                        target_scale);

/* The saved form (lumina-mlp-io.c): a JSON document with the layer widths,
 * activation, head, target scaling and the parameters as base64 of
 * little-endian float32, so loading gives back the same bits. */
GBytes        *_lumina_mlp_save           (const LuminaMlpNet           *net,
                                           double                        target_mean,
                                           double                        target_scale);
/* Fails with LUMINA_ERROR_CORRUPT unless the document is well formed and
 * has @head with @n_outputs outputs. */
LuminaMlpNet  *_lumina_mlp_load           (GBytes                       *bytes,
                                           LuminaMlpHead                 head,
                                           guint                         n_outputs,
                                           double                       *target_mean,
                                           double                       *target_scale,
                                           GError                      **error);

G_END_DECLS
