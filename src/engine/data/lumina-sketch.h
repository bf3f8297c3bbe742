/* lumina-sketch.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mergeable summaries of streams too big to keep: distinct counts (an
 * exact set, then HyperLogLog), quantiles (KLL), histograms (a sliding,
 * coarsening power-of-two grid) and frequent values (exact counts, then
 * Misra-Gries).  None is thread-safe: use one per thread and merge.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Distinct values are counted exactly up to this many, by HyperLogLog beyond. */
#define LUMINA_SKETCH_EXACT_DISTINCT 65536
#define LUMINA_HLL_PRECISION         14
#define LUMINA_KLL_DEFAULT_K         200

typedef struct _LuminaHll      LuminaHll;
typedef struct _LuminaDistinct LuminaDistinct;
typedef struct _LuminaKll      LuminaKll;
typedef struct _LuminaTopK     LuminaTopK;
typedef struct _LuminaGrid     LuminaGrid;

/* A bijective 64-bit mixer (the SplitMix64 finalizer): equal hashes mean equal inputs. */
static inline guint64
lumina_hash_u64 (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* Hashes a double's bits; -0.0 and 0.0 hash the same. */
static inline guint64
lumina_hash_double (double value)
{
  union { double d; guint64 u; } bits;

  bits.d = value + 0.0;   /* -0.0 + 0.0 is +0.0 */
  return lumina_hash_u64 (bits.u);
}

guint64          lumina_hash_string          (const char           *text);

LuminaHll       *lumina_hll_new              (void);
void             lumina_hll_free             (LuminaHll            *self);
void             lumina_hll_add              (LuminaHll            *self,
                                              guint64               hash);
void             lumina_hll_add_doubles      (LuminaHll            *self,
                                              const double         *values,
                                              gsize                 n_values);
void             lumina_hll_merge            (LuminaHll            *self,
                                              const LuminaHll      *other);
double           lumina_hll_estimate         (const LuminaHll      *self);

LuminaDistinct  *lumina_distinct_new         (void);
void             lumina_distinct_free        (LuminaDistinct       *self);
void             lumina_distinct_add         (LuminaDistinct       *self,
                                              guint64               hash);
void             lumina_distinct_add_doubles (LuminaDistinct       *self,
                                              const double         *values,
                                              gsize                 n_values);
void             lumina_distinct_merge       (LuminaDistinct       *self,
                                              const LuminaDistinct *other);
guint64          lumina_distinct_count       (const LuminaDistinct *self);
gboolean         lumina_distinct_is_exact    (const LuminaDistinct *self);

LuminaKll       *lumina_kll_new              (guint                 k);
void             lumina_kll_free             (LuminaKll            *self);
void             lumina_kll_expect           (LuminaKll            *self,
                                              guint64               n);
void             lumina_kll_update           (LuminaKll            *self,
                                              const double         *values,
                                              gsize                 n_values);
void             lumina_kll_merge            (LuminaKll            *self,
                                              const LuminaKll      *other);
guint64          lumina_kll_get_n            (const LuminaKll      *self);
gsize            lumina_kll_get_retained     (const LuminaKll      *self);
double           lumina_kll_quantile         (LuminaKll            *self,
                                              double                q);
double           lumina_kll_rank             (LuminaKll            *self,
                                              double                value);

LuminaGrid      *lumina_grid_new             (void);
void             lumina_grid_free            (LuminaGrid           *self);
void             lumina_grid_update          (LuminaGrid           *self,
                                              const double         *values,
                                              gsize                 n_values,
                                              double                min,
                                              double                max);
void             lumina_grid_merge           (LuminaGrid           *self,
                                              const LuminaGrid     *other);
double           lumina_grid_count_below     (const LuminaGrid     *self,
                                              double                value);

LuminaTopK      *lumina_top_k_new            (void);
void             lumina_top_k_free           (LuminaTopK           *self);
void             lumina_top_k_add            (LuminaTopK           *self,
                                              const char           *value,
                                              guint64               count);
void             lumina_top_k_merge          (LuminaTopK           *self,
                                              const LuminaTopK     *other);
guint64          lumina_top_k_distinct       (const LuminaTopK     *self);
gboolean         lumina_top_k_is_exact       (const LuminaTopK     *self);
GPtrArray       *lumina_top_k_get_top        (const LuminaTopK     *self,
                                              guint                 limit,
                                              GArray              **counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaHll, lumina_hll_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaDistinct, lumina_distinct_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaKll, lumina_kll_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaTopK, lumina_top_k_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaGrid, lumina_grid_free)

G_END_DECLS
