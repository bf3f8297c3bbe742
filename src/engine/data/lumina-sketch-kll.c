/* lumina-sketch-kll.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KLL quantile sketch (Karnin, Lang, Liberty, "Optimal Quantile
 * Approximation in Streams", 2016).  Level h holds items of weight 2^h; the
 * top level has capacity k and each level below 2/3 of the one above, never
 * less than 8 (as in Apache DataSketches).  A full level is sorted and every
 * other item, from a random offset, is promoted, so the total weight stays n.
 *
 * As in the paper's full algorithm, the bottom levels give way to a sampler
 * on long streams: from each block of w = 2^s consecutive values one, chosen
 * uniformly, enters level s with weight w.  It is unbiased, it is what makes
 * updates cheap (most values are only skipped), and with w <= n / 25,000
 * its rank variance, at most n w / 4, has a standard error of at most 0.32%
 * of n.
 *
 * Error bound: for k = 200 the rank of a returned quantile (or the rank
 * estimated for a value) is within 2% of n with 99% confidence, for any n
 * and input order: 1.65% from the compactors (DataSketches' figure for
 * k = 200) plus the sampler.  Measured on 110,000 to 1,000,000 uniform,
 * exponential and sorted values, the 99th percentile of the error at
 * p01..p99 is 1.3%; tests check 2% on 1,000,000.  About 3k items are kept.
 * Only finite values may be added.
 */
#define G_LOG_DOMAIN "lumina-sketch-kll"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-sketch-private.h"

#define KLL_MAX_LEVELS      61
#define KLL_MIN_CAPACITY    8
#define KLL_SAMPLER_DIVISOR 25000

struct _LuminaKll
{
  guint     k;
  guint     n_levels;
  guint     entry;                   /* the level new values enter; the only unsorted one */
  guint64   n;
  guint64   rng;
  double    presize_at;              /* see kll_presize() */

  double   *items[KLL_MAX_LEVELS];
  guint     len[KLL_MAX_LEVELS];
  guint     alloc[KLL_MAX_LEVELS];
  guint     capacity[KLL_MAX_LEVELS];

  /* The sampler's unfinished block. */
  guint     block_pos;
  guint     block_pick;
  double    block_value;

  double   *scratch;
  guint     scratch_alloc;

  /* Sorted view for queries, rebuilt after changes. */
  double   *view_values;
  double   *view_ranks;              /* weight of items up to and including i */
  gsize     view_len;
  gboolean  view_valid;
};

/* Past the start the entry level (where samples come in) has the minimum
 * capacity, so that an 8-item network sorts it: its compactions add
 * variance n w / 32, an eighth of the sampler's own. */
static void
kll_update_capacities (LuminaKll *self)
{
  double capacity = self->k;

  for (int h = (int) self->n_levels - 1; h >= 0; h--)
    {
      self->capacity[h] = MAX (KLL_MIN_CAPACITY, (guint) ceil (capacity));
      capacity *= 2.0 / 3.0;
    }
  if (self->entry > 0)
    self->capacity[self->entry] = KLL_MIN_CAPACITY;
}

LuminaKll *
lumina_kll_new (guint k)
{
  LuminaKll *self = g_new0 (LuminaKll, 1);

  self->k = MAX (k, KLL_MIN_CAPACITY);
  self->n_levels = 1;
  self->rng = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  kll_update_capacities (self);
  return self;
}

void
lumina_kll_free (LuminaKll *self)
{
  if (self == NULL)
    return;

  for (guint h = 0; h < KLL_MAX_LEVELS; h++)
    if (self->items[h] != NULL)
      g_free (self->items[h] - 1);
  g_free (self->scratch);
  g_free (self->view_values);
  g_free (self->view_ranks);
  g_free (self);
}

/* Level buffers start one slot early, at a -inf sentinel that ends
 * kll_merge_into()'s scan without a bounds check. */
static void
kll_reserve_level (LuminaKll *self,
                   guint      h,
                   gsize      needed)
{
  double *block = self->items[h] != NULL ? self->items[h] - 1 : NULL;

  if (needed <= self->alloc[h] && block != NULL)
    return;

  self->alloc[h] = (guint) MAX (MAX (needed, 8), (gsize) self->alloc[h] * 2);
  block = g_renew (double, block, self->alloc[h] + 1);
  block[0] = -INFINITY;
  self->items[h] = block + 1;
}

static guint64
kll_random (LuminaKll *self)
{
  self->rng ^= self->rng << 13;
  self->rng ^= self->rng >> 7;
  self->rng ^= self->rng << 17;
  return self->rng;
}

/* Merges sorted @src into sorted level @h, from the back, in place. */
static void
kll_merge_into (LuminaKll    *self,
                guint         h,
                const double *src,
                gsize         n_src)
{
  double *dst;
  gssize i = (gssize) self->len[h] - 1;
  gssize j = (gssize) n_src - 1;
  gssize out = (gssize) (self->len[h] + n_src) - 1;

  kll_reserve_level (self, h, self->len[h] + n_src);
  dst = self->items[h];
  /* Branch-free, as random data would mispredict half of the comparisons;
   * dst[-1] is -inf, so once dst runs out src always wins. */
  while (j >= 0)
    {
      double a = dst[i], b = src[j];
      gssize from_dst = a > b;

      dst[out--] = MAX (a, b);
      i -= from_dst;
      j -= 1 - from_dst;
    }
  self->len[h] += (guint) n_src;
}

static void
kll_append (LuminaKll    *self,
            guint         h,
            const double *src,
            gsize         n_src)
{
  if (n_src == 0)
    return;
  kll_reserve_level (self, h, self->len[h] + n_src);
  memcpy (self->items[h] + self->len[h], src, n_src * sizeof (double));
  self->len[h] += (guint) n_src;
}

static void
kll_ensure_levels (LuminaKll *self,
                   guint      n_levels)
{
  g_assert (n_levels <= KLL_MAX_LEVELS);

  if (n_levels <= self->n_levels)
    return;
  self->n_levels = n_levels;
  kll_update_capacities (self);
}

static void
kll_compact (LuminaKll *self,
             guint      h)
{
  double *level = self->items[h];
  guint n = self->len[h];
  guint odd = n & 1;
  guint half = n / 2;
  guint offset = odd + (guint) (kll_random (self) >> 63);

  if (h == self->entry)
    _lumina_sort_doubles (level, n);

  /* With an odd count the smallest item stays behind at weight 2^h. */
  if (half > self->scratch_alloc)
    {
      self->scratch_alloc = MAX (half, self->scratch_alloc * 2);
      self->scratch = g_renew (double, self->scratch, self->scratch_alloc);
    }
  for (guint i = 0; i < half; i++)
    self->scratch[i] = level[offset + 2 * i];
  self->len[h] = odd;

  kll_ensure_levels (self, h + 2);
  kll_merge_into (self, h + 1, self->scratch, half);
}

static void
kll_compress (LuminaKll *self,
              guint      from)
{
  for (guint h = from; h < self->n_levels && self->len[h] >= self->capacity[h]; h++)
    kll_compact (self, h);
}

static void
kll_set_entry (LuminaKll *self,
               guint      entry)
{
  if (entry <= self->entry)
    return;

  _lumina_sort_doubles (self->items[self->entry], self->len[self->entry]);
  self->entry = entry;
  self->n_levels = MAX (self->n_levels, entry + 1);
  kll_update_capacities (self);
}

static void
kll_emit (LuminaKll *self,
          double     value)
{
  guint h = self->entry;

  kll_append (self, h, &value, 1);
  if (self->len[h] >= self->capacity[h])
    kll_compress (self, h);
}

/* One value at a time through the sampler's block (block edges only). */
static void
kll_sample_one (LuminaKll *self,
                double     value,
                guint      w)
{
  if (self->block_pos <= self->block_pick)
    self->block_value = value;
  if (++self->block_pos < w)
    return;

  kll_emit (self, self->block_value);
  self->block_pos = 0;
  self->block_pick = (guint) (kll_random (self) & (w - 1));
}

static gsize
kll_sample_blocks (LuminaKll    *self,
                   const double *values,
                   gsize         n_values,
                   guint         w)
{
  gsize n_blocks = n_values / w;
  guint h = self->entry;   /* w = 2^h */
  guint64 bits = 0;
  guint n_bits = 0;

  for (gsize b = 0; b < n_blocks;)
    {
      gsize take;
      double *out;

      if (self->len[h] >= self->capacity[h])
        kll_compress (self, h);
      take = MIN (self->capacity[h] - self->len[h], n_blocks - b);
      kll_reserve_level (self, h, self->len[h] + take);
      out = self->items[h] + self->len[h];
      for (gsize i = 0; i < take; i++, bits >>= h, n_bits -= h)
        {
          if (n_bits < h)   /* one random word serves 64 / h blocks */
            bits = kll_random (self), n_bits = 64;
          out[i] = values[(b + i) * w + (bits & (w - 1))];
        }
      self->len[h] += (guint) take;
      b += take;
    }
  if (self->len[h] >= self->capacity[h])
    kll_compress (self, h);
  return n_blocks * w;
}

static void
kll_update_unsampled (LuminaKll    *self,
                      const double *values,
                      gsize         n_values)
{
  while (n_values > 0)
    {
      gsize take;

      if (self->len[0] >= self->capacity[0])
        kll_compress (self, 0);
      take = MIN (self->capacity[0] - self->len[0], n_values);
      kll_append (self, 0, values, take);
      values += take;
      n_values -= take;
    }
  if (self->len[0] >= self->capacity[0])
    kll_compress (self, 0);
}

static guint
kll_sampler_level (guint64 n)
{
  guint s = 0;

  while ((G_GUINT64_CONSTANT (2) << s) * KLL_SAMPLER_DIVISOR <= n)
    s++;
  return s;
}

/* Presizing: the level count a sketch reaches by n values is the most
 * levels whose full capacity (the sum of capacity_h * 2^h) still fits twice
 * in n.  Starting a big batch with them skips the start-up phase of few,
 * wide levels (all sorting, little compaction) without making any level
 * narrower than it will be once the batch is in.  self->presize_at caches
 * the n that calls for one more level. */
static double
kll_full_weight (LuminaKll *self,
                 guint      levels)
{
  double weight = 0, capacity = self->k;

  for (int h = (int) levels - 1; h >= 0; h--, capacity *= 2.0 / 3.0)
    weight += MAX (KLL_MIN_CAPACITY, ceil (capacity)) * ldexp (1.0, h);
  return weight;
}

static void
kll_presize (LuminaKll *self,
             guint64    n)
{
  guint levels = self->n_levels;

  if ((double) n < self->presize_at)
    return;
  while (levels + 1 < KLL_MAX_LEVELS && 2 * kll_full_weight (self, levels + 1) <= (double) n)
    levels++;
  kll_ensure_levels (self, levels);
  self->presize_at = 2 * kll_full_weight (self, levels + 1);
}

/**
 * lumina_kll_expect:
 * Tells the sketch that at least @n values will have been added once the
 * next updates are in, so that it shapes itself (levels, sampling) for all of
 * them at once: the same as adding them in one batch.
 */
void
lumina_kll_expect (LuminaKll *self,
                   guint64    n)
{
  g_return_if_fail (self != NULL);

  kll_presize (self, n);
  if (self->block_pos == 0)
    kll_set_entry (self, kll_sampler_level (n));
}

/**
 * lumina_kll_update:
 * Adds @n_values finite values.
 */
void
lumina_kll_update (LuminaKll    *self,
                   const double *values,
                   gsize         n_values)
{
  guint w;

  g_return_if_fail (self != NULL);

  self->n += n_values;
  self->view_valid = FALSE;
  kll_presize (self, self->n);
  if (self->block_pos == 0)
    kll_set_entry (self, kll_sampler_level (self->n));
  w = 1u << self->entry;

  if (w == 1)
    {
      kll_update_unsampled (self, values, n_values);
      return;
    }

  for (; n_values > 0 && self->block_pos != 0; values++, n_values--)
    kll_sample_one (self, *values, w);
  if (n_values == 0)
    return;
  kll_set_entry (self, kll_sampler_level (self->n));
  w = 1u << self->entry;
  for (gsize done = kll_sample_blocks (self, values, n_values, w); done < n_values; done++)
    kll_sample_one (self, values[done], w);
}

static void
kll_merge_level (LuminaKll       *self,
                 const LuminaKll *other,
                 guint            h)
{
  g_autofree double *sorted = NULL;

  if (h == self->entry)
    kll_append (self, h, other->items[h], other->len[h]);
  else if (h != other->entry)
    kll_merge_into (self, h, other->items[h], other->len[h]);
  else
    {
      sorted = g_memdup2 (other->items[h], other->len[h] * sizeof (double));
      _lumina_sort_doubles (sorted, other->len[h]);
      kll_merge_into (self, h, sorted, other->len[h]);
    }
}

/**
 * lumina_kll_merge:
 * Adds the values summarised by @other, which is left unchanged.
 */
void
lumina_kll_merge (LuminaKll       *self,
                  const LuminaKll *other)
{
  gboolean again = TRUE;
  guint w;

  g_return_if_fail (self != NULL && other != NULL);

  kll_ensure_levels (self, other->n_levels);
  kll_set_entry (self, other->entry);
  for (guint h = 0; h < other->n_levels; h++)
    kll_merge_level (self, other, h);
  self->n += other->n - other->block_pos;
  self->view_valid = FALSE;

  while (again)
    {
      again = FALSE;
      for (guint h = 0; h < self->n_levels; h++)
        if (self->len[h] >= self->capacity[h])
          {
            kll_compact (self, h);
            again = TRUE;
          }
    }

  /* The other's unfinished block goes through our sampler, value by value. */
  w = 1u << self->entry;
  self->n += other->block_pos;
  for (guint i = 0; i < other->block_pos; i++)
    {
      if (w == 1)
        kll_emit (self, other->block_value);
      else
        kll_sample_one (self, other->block_value, w);
    }
}

guint64
lumina_kll_get_n (const LuminaKll *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

gsize
lumina_kll_get_retained (const LuminaKll *self)
{
  gsize retained = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint h = 0; h < self->n_levels; h++)
    retained += self->len[h];
  return retained;
}

typedef struct
{
  double value;
  double weight;
} WeightedItem;

static int
compare_weighted (gconstpointer a,
                  gconstpointer b)
{
  double x = ((const WeightedItem *) a)->value;
  double y = ((const WeightedItem *) b)->value;

  return (x > y) - (x < y);
}

/* The unfinished sampler block counts too, at its own weight. */
static void
kll_build_view (LuminaKll *self)
{
  gsize n = lumina_kll_get_retained (self) + 1, at = 0;
  g_autofree WeightedItem *all = g_new (WeightedItem, n);
  double cumulative = 0;

  for (guint h = 0; h < self->n_levels; h++)
    for (guint i = 0; i < self->len[h]; i++)
      all[at++] = (WeightedItem) { self->items[h][i], ldexp (1.0, (int) h) };
  if (self->block_pos > 0)
    all[at++] = (WeightedItem) { self->block_value, self->block_pos };
  qsort (all, at, sizeof *all, compare_weighted);

  self->view_values = g_renew (double, self->view_values, n);
  self->view_ranks = g_renew (double, self->view_ranks, n);
  for (gsize i = 0; i < at; i++)
    {
      cumulative += all[i].weight;
      self->view_values[i] = all[i].value;
      self->view_ranks[i] = cumulative;
    }
  self->view_len = at;
  self->view_valid = TRUE;
}

/**
 * lumina_kll_quantile:
 * Returns: the smallest retained value whose estimated rank reaches @q * n
 *   (@q in [0, 1]); NAN when empty
 */
double
lumina_kll_quantile (LuminaKll *self,
                     double     q)
{
  double target;
  gsize lo = 0, hi;

  g_return_val_if_fail (self != NULL, NAN);

  if (!self->view_valid)
    kll_build_view (self);
  if (self->view_len == 0)
    return NAN;

  target = CLAMP (q, 0.0, 1.0) * (double) self->n;
  hi = self->view_len - 1;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->view_ranks[mid] < target)
        lo = mid + 1;
      else
        hi = mid;
    }
  return self->view_values[lo];
}

/**
 * lumina_kll_rank:
 * Returns: the estimated number of values less than or equal to @value
 */
double
lumina_kll_rank (LuminaKll *self,
                 double     value)
{
  gsize lo = 0, hi;

  g_return_val_if_fail (self != NULL, 0);

  if (!self->view_valid)
    kll_build_view (self);

  hi = self->view_len;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->view_values[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == 0 ? 0 : self->view_ranks[lo - 1];
}
