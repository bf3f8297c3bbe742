/* lumina-sketch-sort.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sorting and multi-rank selection of finite doubles, without qsort()'s
 * indirect comparison call.
 */
#define G_LOG_DOMAIN "lumina-sketch-sort"

#include "config.h"

#include "lumina-sketch-private.h"

#define SMALL_RANGE 16

/* MIN/MAX on doubles compile to minsd/maxsd: no branch to mispredict. */
#define COMPARE_SWAP(a, b) \
  G_STMT_START { double lo_ = MIN (a, b), hi_ = MAX (a, b); (a) = lo_; (b) = hi_; } G_STMT_END

static void
sort8 (double *v)
{
  double a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];

  COMPARE_SWAP (a, c); COMPARE_SWAP (b, d); COMPARE_SWAP (e, g); COMPARE_SWAP (f, h);
  COMPARE_SWAP (a, e); COMPARE_SWAP (b, f); COMPARE_SWAP (c, g); COMPARE_SWAP (d, h);
  COMPARE_SWAP (a, b); COMPARE_SWAP (c, d); COMPARE_SWAP (e, f); COMPARE_SWAP (g, h);
  COMPARE_SWAP (c, e); COMPARE_SWAP (d, f);
  COMPARE_SWAP (b, e); COMPARE_SWAP (d, g);
  COMPARE_SWAP (b, c); COMPARE_SWAP (d, e); COMPARE_SWAP (f, g);

  v[0] = a, v[1] = b, v[2] = c, v[3] = d, v[4] = e, v[5] = f, v[6] = g, v[7] = h;
}

static void
insertion_sort (double *v,
                gsize   n)
{
  for (gsize i = 1; i < n; i++)
    {
      double x = v[i];
      gsize j = i;

      for (; j > 0 && v[j - 1] > x; j--)
        v[j] = v[j - 1];
      v[j] = x;
    }
}

static inline double
median3 (double a,
         double b,
         double c)
{
  return MAX (MIN (a, b), MIN (MAX (a, b), c));
}

/* Hoare partition of v[0, n), n > 2: returns j with v[0..j] <= pivot <= v[j+1..n). */
static gsize
partition (double *v,
           gsize   n)
{
  double pivot = median3 (v[0], v[(n - 1) / 2], v[n - 1]);
  gsize i = 0, j = n - 1;

  for (;;)
    {
      double t;

      while (v[i] < pivot)
        i++;
      while (pivot < v[j])
        j--;
      if (i >= j)
        return j;
      t = v[i], v[i] = v[j], v[j] = t;
      i++, j--;
    }
}

void
_lumina_sort_doubles (double *values,
                      gsize   n_values)
{
  if (n_values == 8)
    {
      sort8 (values);
      return;
    }

  while (n_values > SMALL_RANGE)
    {
      gsize split = partition (values, n_values) + 1;

      /* Recurse into the smaller side, loop on the larger: O(log n) stack. */
      if (split < n_values - split)
        {
          _lumina_sort_doubles (values, split);
          values += split;
          n_values -= split;
        }
      else
        {
          _lumina_sort_doubles (values + split, n_values - split);
          n_values = split;
        }
    }
  insertion_sort (values, n_values);
}

static void
select_range (double      *v,
              gsize        lo,
              gsize        hi,
              const gsize *ranks,
              guint        n_ranks)
{
  /* @ranks are absolute positions inside [lo, hi). */
  while (n_ranks > 0 && hi - lo > SMALL_RANGE)
    {
      gsize split = lo + partition (v + lo, hi - lo) + 1;
      guint left = 0;

      while (left < n_ranks && ranks[left] < split)
        left++;
      select_range (v, lo, split, ranks, left);
      lo = split;
      ranks += left;
      n_ranks -= left;
    }
  if (n_ranks > 0)
    insertion_sort (v + lo, hi - lo);
}

/**
 * _lumina_select_doubles:
 * @ranks: (array length=n_ranks): ascending positions, each < @n_values
 *
 * Reorders @values so that values[r] is the r-th smallest for every r in
 * @ranks: multi-quickselect, O(n log n_ranks) expected, far cheaper than a
 * full sort when only a few order statistics are needed.
 */
void
_lumina_select_doubles (double      *values,
                        gsize        n_values,
                        const gsize *ranks,
                        guint        n_ranks)
{
  select_range (values, 0, n_values, ranks, n_ranks);
}
