/* test-sketch.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-engine.h"
#include "lumina-sketch.h"
#include "lumina-sketch-private.h"

/* The documented KLL bound: rank error within 2% of n, 99% confidence. */
#define RANK_BOUND 0.02

static const double quantiles[] = { 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 };

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
rank_in (const double *sorted,
         gsize         n,
         double        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (sorted[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (double) lo / (double) n;
}

static void
test_hll (void)
{
  gsize n = 1000000;
  g_autofree double *values = g_new (double, n);
  g_autoptr(LuminaHll) a = lumina_hll_new ();
  g_autoptr(LuminaHll) b = lumina_hll_new ();

  for (gsize i = 0; i < n; i++)
    values[i] = (double) i;   /* structured input: the hash must still spread it */
  lumina_hll_add_doubles (a, values, n / 2);
  g_assert_cmpfloat_with_epsilon (lumina_hll_estimate (a) / (n / 2), 1, 0.02);
  lumina_hll_add_doubles (b, values + n / 4, n - n / 4);   /* overlaps a */
  lumina_hll_merge (a, b);
  g_assert_cmpfloat_with_epsilon (lumina_hll_estimate (a) / n, 1, 0.02);

  for (gsize i = 0; i < n; i++)
    values[i] = 1.7e15 + i * 1e6;   /* timestamps, one per second */
  lumina_hll_free (g_steal_pointer (&b));
  b = lumina_hll_new ();
  lumina_hll_add_doubles (b, values, n);
  g_assert_cmpfloat_with_epsilon (lumina_hll_estimate (b) / n, 1, 0.02);
}

static void
test_distinct_switch (void)
{
  gsize n = LUMINA_SKETCH_EXACT_DISTINCT;
  g_autofree double *values = g_new (double, n + 1);
  g_autoptr(LuminaDistinct) distinct = lumina_distinct_new ();
  g_autoptr(LuminaDistinct) other = lumina_distinct_new ();
  double zeros[] = { 0.0, -0.0 };

  for (gsize i = 0; i <= n; i++)
    values[i] = i * 0.25;
  lumina_distinct_add_doubles (distinct, zeros, 2);
  g_assert_cmpuint (lumina_distinct_count (distinct), ==, 1);   /* -0 is 0 */
  lumina_distinct_add_doubles (distinct, values, n);
  lumina_distinct_add_doubles (distinct, values, n / 2);        /* repeats */
  g_assert_true (lumina_distinct_is_exact (distinct));
  g_assert_cmpuint (lumina_distinct_count (distinct), ==, n);

  lumina_distinct_add_doubles (other, values + n, 1);
  lumina_distinct_merge (distinct, other);
  g_assert_false (lumina_distinct_is_exact (distinct));
  g_assert_cmpfloat_with_epsilon (lumina_distinct_count (distinct) / (double) (n + 1), 1, 0.02);
}

/* Quantiles of @values through a sketch fed in chunks, optionally merged
 * from two halves, against the exact ranks. */
static void
check_kll (double   *values,
           gsize     n,
           gboolean  merge)
{
  g_autoptr(LuminaKll) kll = lumina_kll_new (LUMINA_KLL_DEFAULT_K);
  g_autoptr(LuminaKll) half = lumina_kll_new (LUMINA_KLL_DEFAULT_K);
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  for (gsize at = 0; at < n; at += 10000)
    lumina_kll_update (merge && at >= n / 2 ? half : kll, values + at, MIN (10000, n - at));
  if (merge)
    lumina_kll_merge (kll, half);
  qsort (sorted, n, sizeof (double), compare_doubles);

  g_assert_cmpuint (lumina_kll_get_n (kll), ==, n);
  g_assert_cmpuint (lumina_kll_get_retained (kll), <, 3 * LUMINA_KLL_DEFAULT_K + 64);
  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      double value = lumina_kll_quantile (kll, quantiles[i]);

      g_assert_cmpfloat_with_epsilon (rank_in (sorted, n, value), quantiles[i], RANK_BOUND);
      g_assert_cmpfloat_with_epsilon (lumina_kll_rank (kll, value) / n, quantiles[i], RANK_BOUND);
    }
  g_assert_cmpfloat (lumina_kll_quantile (kll, 0), >=, sorted[0]);
  g_assert_cmpfloat (lumina_kll_quantile (kll, 1), <=, sorted[n - 1]);
}

static void
test_kll (void)
{
  gsize n = 1000000;
  g_autofree double *values = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (gsize i = 0; i < n; i++)   /* uniform: a permutation of 0 .. n - 1 */
    values[i] = (double) (i * 7919 % n);
  check_kll (values, n, FALSE);
  check_kll (values, n, TRUE);

  for (gsize i = 0; i < n; i++)   /* skewed: log-normal, by Box-Muller */
    {
      double radius = sqrt (-2 * log (1 - g_rand_double (rand)));

      values[i] = exp (3 * radius * cos (2 * G_PI * g_rand_double (rand)));
    }
  check_kll (values, n, FALSE);
  check_kll (values, n, TRUE);

  qsort (values, n, sizeof (double), compare_doubles);   /* sorted input, the adversarial order */
  check_kll (values, n, TRUE);
}

static void
test_kll_small (void)
{
  double values[] = { 5, 1, 4, 2, 3 };
  g_autoptr(LuminaKll) kll = lumina_kll_new (LUMINA_KLL_DEFAULT_K);

  g_assert_true (isnan (lumina_kll_quantile (kll, 0.5)));
  lumina_kll_update (kll, values, 5);
  g_assert_cmpfloat (lumina_kll_quantile (kll, 0.5), ==, 3);   /* small: nothing compacted */
  g_assert_cmpfloat (lumina_kll_rank (kll, 4.5), ==, 4);
}

static void
test_grid (void)
{
  gsize n = 100000;
  g_autofree double *values = g_new (double, n);
  g_autoptr(LuminaGrid) whole = lumina_grid_new ();
  g_autoptr(LuminaGrid) left = lumina_grid_new ();
  g_autoptr(LuminaGrid) right = lumina_grid_new ();

  for (gsize i = 0; i < n; i++)
    values[i] = (double) (i % 10);   /* ten integers, 10,000 each */
  lumina_grid_update (whole, values, n, 0, 9);
  for (guint v = 0; v < 10; v++)
    g_assert_cmpfloat (lumina_grid_count_below (whole, v + 0.5), ==, (v + 1) * 10000.0);

  /* Chunks with far apart ranges force slides and coarsening, both sides. */
  for (gsize i = 0; i < n; i++)
    values[i] = i < n / 2 ? i * 0.001 : 1e6 + i;
  lumina_grid_update (left, values, n / 4, 0, (n / 4 - 1) * 0.001);
  lumina_grid_update (right, values + n / 2, n / 2, 1e6 + n / 2, 1e6 + n - 1);
  lumina_grid_update (left, values + n / 4, n / 4, (n / 4) * 0.001, (n / 2 - 1) * 0.001);
  lumina_grid_merge (left, right);
  g_assert_cmpfloat (lumina_grid_count_below (left, -1), ==, 0);
  g_assert_cmpfloat (lumina_grid_count_below (left, 2e6), ==, n);
  g_assert_cmpfloat_with_epsilon (lumina_grid_count_below (left, 5e5), n / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (lumina_grid_count_below (left, 1e6 + 3 * n / 4),
                                  3 * n / 4.0, n * 0.005);
}

static void
test_top_k (void)
{
  g_autoptr(LuminaTopK) top = lumina_top_k_new ();
  g_autoptr(LuminaTopK) other = lumina_top_k_new ();
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) values = NULL;
  guint64 total = 0;

  lumina_top_k_add (top, "b", 5);
  lumina_top_k_add (top, "a", 5);
  lumina_top_k_add (other, "c", 7);
  lumina_top_k_merge (top, other);
  values = lumina_top_k_get_top (top, 2, &counts);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "c");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "a");   /* ties by value */
  g_assert_true (lumina_top_k_is_exact (top));
  g_clear_pointer (&values, g_ptr_array_unref);
  g_clear_pointer (&counts, g_array_unref);

  /* Past the exact limit: heavy hitters survive, counts lose at most total / 1025. */
  for (guint i = 0; i < 200000; i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);

      lumina_top_k_add (top, name, 1);
      lumina_top_k_add (top, i % 2 ? "heavy" : "medium", i % 2 ? 3 : 1);
      total += i % 2 ? 4 : 2;
    }
  g_assert_false (lumina_top_k_is_exact (top));
  g_assert_cmpfloat_with_epsilon (lumina_top_k_distinct (top) / 200005.0, 1, 0.02);
  values = lumina_top_k_get_top (top, 3, &counts);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "heavy");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "medium");
  g_assert_cmpuint (g_array_index (counts, guint64, 0), <=, 300000);
  g_assert_cmpuint (g_array_index (counts, guint64, 0), >=, 300000 - (total + 17) / 1025);
}

static void
test_sort_select (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  gsize sizes[] = { 0, 1, 8, 9, 17, 100, 5000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s];
      g_autofree double *a = g_new (double, MAX (n, 1)), *b = g_new (double, MAX (n, 1));
      g_autofree double *c = g_new (double, MAX (n, 1));
      gsize ranks[] = { 0, n / 3, n / 3 + 1, n / 2, n - 1 };

      for (gsize i = 0; i < n; i++)
        a[i] = b[i] = c[i] = g_rand_int_range (rand, 0, 50);   /* many duplicates */
      qsort (a, n, sizeof (double), compare_doubles);
      _lumina_sort_doubles (b, n);
      g_assert_true (n == 0 || memcmp (a, b, n * sizeof (double)) == 0);
      if (n < 3)
        continue;
      _lumina_select_doubles (c, n, ranks, G_N_ELEMENTS (ranks));
      for (guint r = 0; r < G_N_ELEMENTS (ranks); r++)
        g_assert_cmpfloat (c[ranks[r]], ==, a[ranks[r]]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/sketch/hll", test_hll);
  g_test_add_func ("/engine/sketch/distinct-switch", test_distinct_switch);
  g_test_add_func ("/engine/sketch/kll", test_kll);
  g_test_add_func ("/engine/sketch/kll-small", test_kll_small);
  g_test_add_func ("/engine/sketch/grid", test_grid);
  g_test_add_func ("/engine/sketch/top-k", test_top_k);
  g_test_add_func ("/engine/sketch/sort-select", test_sort_select);

  return g_test_run ();
}
