/* lumina-sketch-topk.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Value frequencies: exact counts per string up to
 * LUMINA_SKETCH_EXACT_DISTINCT strings; past that a Misra-Gries summary of
 * TOPK_CAPACITY counters (plus HyperLogLog for the distinct count).  The
 * summary is mergeable (Agarwal et al., "Mergeable Summaries", 2012): a
 * reported count is an underestimate by at most total / (TOPK_CAPACITY + 1),
 * and every value more frequent than that is kept.
 */
#define G_LOG_DOMAIN "lumina-sketch-topk"

#include "config.h"

#include <string.h>

#include "lumina-sketch.h"

#define TOPK_CAPACITY 1024

typedef struct
{
  guint64 count;
  char    value[];
} Counter;

struct _LuminaTopK
{
  GHashTable *counters;   /* value (inside the Counter) → Counter */
  LuminaHll  *hll;        /* set once past the exact limit */
  guint64     total;
  guint64     decrement;  /* what Misra-Gries reductions took from every counter */
};

LuminaTopK *
lumina_top_k_new (void)
{
  LuminaTopK *self = g_new0 (LuminaTopK, 1);

  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  return self;
}

void
lumina_top_k_free (LuminaTopK *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->counters);
  g_free (self->hll);
  g_free (self);
}

static int
compare_count_desc (gconstpointer a,
                    gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return (x < y) - (x > y);
}

/* Misra-Gries reduction: subtract the (capacity + 1)-th largest count from
 * every counter and drop those that reach zero. */
static void
top_k_reduce (LuminaTopK *self)
{
  guint n = g_hash_table_size (self->counters), at = 0;
  g_autofree guint64 *counts = g_new (guint64, n);
  GHashTableIter iter;
  Counter *counter;
  guint64 cut;

  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &counter))
    counts[at++] = counter->count;
  qsort (counts, n, sizeof *counts, compare_count_desc);
  cut = counts[TOPK_CAPACITY];

  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &counter))
    {
      if (counter->count <= cut)
        g_hash_table_iter_remove (&iter);
      else
        counter->count -= cut;
    }
  self->decrement += cut;
}

static void
top_k_leave_exact (LuminaTopK *self)
{
  GHashTableIter iter;
  const char *value;

  self->hll = lumina_hll_new ();
  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, (gpointer *) &value, NULL))
    lumina_hll_add (self->hll, lumina_hash_string (value));
  top_k_reduce (self);
}

static void
top_k_count (LuminaTopK *self,
             const char *value,
             guint64     count)
{
  Counter *counter = g_hash_table_lookup (self->counters, value);
  gsize len;

  if (counter != NULL)
    {
      counter->count += count;
      return;
    }

  len = strlen (value);
  counter = g_malloc (sizeof (Counter) + len + 1);
  counter->count = count;
  memcpy (counter->value, value, len + 1);
  g_hash_table_insert (self->counters, counter->value, counter);
}

/**
 * lumina_top_k_add:
 * Counts @count more occurrences of @value.
 */
void
lumina_top_k_add (LuminaTopK *self,
                  const char *value,
                  guint64     count)
{
  g_return_if_fail (self != NULL && value != NULL);

  if (count == 0)
    return;

  self->total += count;
  top_k_count (self, value, count);
  if (self->hll == NULL)
    {
      if (g_hash_table_size (self->counters) > LUMINA_SKETCH_EXACT_DISTINCT)
        top_k_leave_exact (self);
      return;
    }

  lumina_hll_add (self->hll, lumina_hash_string (value));
  if (g_hash_table_size (self->counters) > 2 * TOPK_CAPACITY)
    top_k_reduce (self);
}

/**
 * lumina_top_k_merge:
 * Adds the counts of @other, which is left unchanged.
 */
void
lumina_top_k_merge (LuminaTopK       *self,
                    const LuminaTopK *other)
{
  GHashTableIter iter;
  Counter *counter;

  g_return_if_fail (self != NULL && other != NULL);

  if (other->hll == NULL)
    {
      g_hash_table_iter_init (&iter, other->counters);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &counter))
        lumina_top_k_add (self, counter->value, counter->count);
      return;
    }

  if (self->hll == NULL)
    top_k_leave_exact (self);
  lumina_hll_merge (self->hll, other->hll);
  g_hash_table_iter_init (&iter, other->counters);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &counter))
    top_k_count (self, counter->value, counter->count);
  self->total += other->total;
  self->decrement += other->decrement;
  if (g_hash_table_size (self->counters) > 2 * TOPK_CAPACITY)
    top_k_reduce (self);
}

guint64
lumina_top_k_distinct (const LuminaTopK *self)
{
  double estimate;

  g_return_val_if_fail (self != NULL, 0);

  if (self->hll == NULL)
    return g_hash_table_size (self->counters);

  estimate = lumina_hll_estimate (self->hll) + 0.5;
  return (guint64) MAX (estimate, g_hash_table_size (self->counters));
}

gboolean
lumina_top_k_is_exact (const LuminaTopK *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->hll == NULL;
}

static int
compare_counters (gconstpointer a,
                  gconstpointer b)
{
  const Counter *x = *(Counter * const *) a;
  const Counter *y = *(Counter * const *) b;

  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  return strcmp (x->value, y->value);
}

/**
 * lumina_top_k_get_top:
 * @counts: (out) (element-type guint64): the matching counts
 *
 * Returns: (transfer full) (element-type utf8): up to @limit most frequent
 *   values, ties broken by value
 */
GPtrArray *
lumina_top_k_get_top (const LuminaTopK  *self,
                      guint              limit,
                      GArray           **counts)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  Counter *counter;

  g_return_val_if_fail (self != NULL && counts != NULL, NULL);

  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &counter))
    g_ptr_array_add (all, counter);
  g_ptr_array_sort (all, compare_counters);

  *counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < MIN (limit, all->len); i++)
    {
      counter = g_ptr_array_index (all, i);
      g_ptr_array_add (values, g_strdup (counter->value));
      g_array_append_val (*counts, counter->count);
    }
  return values;
}
