/* lumina-profile-target.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Association of each feature with the target.  Numeric feature and numeric
 * target: Pearson's r.  One numeric side and one categorical side
 * (categorical, text or boolean target; categorical or text feature): the
 * correlation ratio η of the numeric side grouped by the categories.  Both
 * categorical: Cramér's V.  A boolean feature is 0/1 against a numeric
 * target and a category against a categorical one.  Rows missing on either
 * side are skipped, and so are infinities.  The grouped methods live in
 * lumina-profile-groups.c.
 */
#define G_LOG_DOMAIN "lumina-profile-target"

#include "config.h"

#include <math.h>

#include "lumina-profile-private.h"

LuminaCorrelation *
_lumina_correlation_new (LuminaColumnType feature,
                         LuminaColumnType target)
{
  LuminaCorrelation *self = g_new0 (LuminaCorrelation, 1);
  gboolean target_numeric = lumina_profile_type_is_measure (target);

  if (lumina_profile_type_is_measure (feature))
    self->kind = target_numeric ? LUMINA_CORRELATION_PEARSON : LUMINA_CORRELATION_ETA_BY_TARGET;
  else if (feature == LUMINA_COLUMN_TYPE_BOOLEAN)
    self->kind = target_numeric ? LUMINA_CORRELATION_PEARSON : LUMINA_CORRELATION_CRAMERS_V;
  else
    self->kind = target_numeric ? LUMINA_CORRELATION_ETA_BY_FEATURE : LUMINA_CORRELATION_CRAMERS_V;

  if (self->kind == LUMINA_CORRELATION_ETA_BY_TARGET ||
      self->kind == LUMINA_CORRELATION_ETA_BY_FEATURE)
    {
      self->groups = _lumina_categories_new ();
      self->group_moments = g_array_new (FALSE, TRUE, sizeof (LuminaMoments));
    }
  else if (self->kind == LUMINA_CORRELATION_CRAMERS_V)
    {
      self->rows = _lumina_categories_new ();
      self->cols = _lumina_categories_new ();
      self->cells = g_ptr_array_new_with_free_func (g_free);
    }
  return self;
}

/* Frees what the grouped methods hold; also how an overflow gives up. */
static void
correlation_clear (LuminaCorrelation *self)
{
  g_clear_pointer (&self->groups, _lumina_categories_free);
  g_clear_pointer (&self->group_moments, g_array_unref);
  g_clear_pointer (&self->rows, _lumina_categories_free);
  g_clear_pointer (&self->cols, _lumina_categories_free);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
}

/* Too many categories: the association is omitted, and its memory freed. */
void
_lumina_correlation_give_up (LuminaCorrelation *self)
{
  self->overflow = TRUE;
  correlation_clear (self);
}

void
_lumina_correlation_free (LuminaCorrelation *self)
{
  correlation_clear (self);
  g_free (self);
}

static void
pair_merge (LuminaCorrelation *self,
            guint64            n,
            double             mean_x,
            double             mean_y,
            double             m2_x,
            double             m2_y,
            double             c_xy)
{
  double total = (double) (self->n + n);
  double dx = mean_x - self->mean_x;
  double dy = mean_y - self->mean_y;
  double weight = (double) self->n * (double) n / total;

  if (n == 0)
    return;

  self->m2_x += m2_x + dx * dx * weight;
  self->m2_y += m2_y + dy * dy * weight;
  self->c_xy += c_xy + dx * dy * weight;
  self->mean_x += dx * (double) n / total;
  self->mean_y += dy * (double) n / total;
  self->n += n;
}

/* Packs the rows where both sides are finite; branch-free. */
static gsize
gather_pairs (const double *x,
              const double *y,
              gsize         n_rows,
              double       *out_x,
              double       *out_y)
{
  gsize m = 0;

  for (gsize i = 0; i < n_rows; i++)
    {
      out_x[m] = x[i];
      out_y[m] = y[i];
      m += isfinite (x[i]) && isfinite (y[i]);
    }
  return m;
}

/* Σ (x - mean_x)(y - mean_y), four lanes. */
static double
co_deviations (const double *x,
               const double *y,
               gsize         n,
               double        mean_x,
               double        mean_y)
{
  double a = 0, b = 0, c = 0, d = 0;
  gsize i = 0;

  for (; i + 4 <= n; i += 4)
    {
      a += (x[i] - mean_x) * (y[i] - mean_y);
      b += (x[i + 1] - mean_x) * (y[i + 1] - mean_y);
      c += (x[i + 2] - mean_x) * (y[i + 2] - mean_y);
      d += (x[i + 3] - mean_x) * (y[i + 3] - mean_y);
    }
  for (; i < n; i++)
    a += (x[i] - mean_x) * (y[i] - mean_y);
  return (a + b) + (c + d);
}

/**
 * _lumina_correlation_add_pearson:
 * @x: the feature, NAN where missing
 * @x_moments: its chunk moments, when clean
 * @y: the target, NAN where missing
 * @y_moments: its chunk moments, when clean
 *
 * Both sides clean (the common case) reuse the moments already computed
 * for the columns' own statistics and need one pass; otherwise the rows
 * present on both sides are packed first.
 */
void
_lumina_correlation_add_pearson (LuminaCorrelation        *self,
                                 const double             *x,
                                 const LuminaChunkMoments *x_moments,
                                 const double             *y,
                                 const LuminaChunkMoments *y_moments,
                                 gsize                     n_rows,
                                 LuminaProfileScratch     *scratch)
{
  LuminaChunkMoments mx, my;
  gsize m = n_rows;

  if (x_moments->clean && y_moments->clean)
    mx = *x_moments, my = *y_moments;
  else
    {
      m = gather_pairs (x, y, n_rows, scratch->pair_x, scratch->pair_y);
      x = scratch->pair_x, y = scratch->pair_y;
      _lumina_chunk_moments (x, m, &mx);
      _lumina_chunk_moments (y, m, &my);
      if (!mx.clean || !my.clean)   /* nothing left, or sums past the double range */
        return;
    }
  pair_merge (self, m, mx.mean, my.mean, mx.m2, my.m2, co_deviations (x, y, m, mx.mean, my.mean));
}

/**
 * _lumina_correlation_merge:
 * Adds @other's pairs to @self; @other is left unchanged.
 */
void
_lumina_correlation_merge (LuminaCorrelation       *self,
                           const LuminaCorrelation *other)
{
  g_assert (self->kind == other->kind);

  self->overflow |= other->overflow;
  if (self->overflow)
    {
      correlation_clear (self);
      return;
    }

  switch (self->kind)
    {
    case LUMINA_CORRELATION_PEARSON:
      pair_merge (self, other->n, other->mean_x, other->mean_y,
                  other->m2_x, other->m2_y, other->c_xy);
      break;

    case LUMINA_CORRELATION_ETA_BY_TARGET:
    case LUMINA_CORRELATION_ETA_BY_FEATURE:
      _lumina_correlation_merge_groups (self, other);
      break;

    case LUMINA_CORRELATION_CRAMERS_V:
      _lumina_correlation_merge_table (self, other);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Pearson's r; undefined (FALSE) when either side is constant. */
static gboolean
correlation_pearson (LuminaCorrelation *self,
                     double            *r)
{
  if (self->n < 2 || !(self->m2_x > 0) || !(self->m2_y > 0))
    return FALSE;

  *r = CLAMP (self->c_xy / (sqrt (self->m2_x) * sqrt (self->m2_y)), -1.0, 1.0);
  return isfinite (*r);
}

/**
 * _lumina_correlation_to_json:
 * Adds "target_correlation" when the association is defined.
 */
void
_lumina_correlation_to_json (LuminaCorrelation *self,
                             JsonBuilder       *builder)
{
  const char *method = NULL;
  double value = NAN;

  if (self->overflow)
    return;

  switch (self->kind)
    {
    case LUMINA_CORRELATION_PEARSON:
      if (correlation_pearson (self, &value))
        method = "pearson";
      break;

    case LUMINA_CORRELATION_ETA_BY_TARGET:
    case LUMINA_CORRELATION_ETA_BY_FEATURE:
      if (_lumina_correlation_eta (self, &value))
        method = "correlation_ratio";
      break;

    case LUMINA_CORRELATION_CRAMERS_V:
      if (_lumina_correlation_cramers_v (self, &value))
        method = "cramers_v";
      break;

    default:
      g_assert_not_reached ();
    }

  if (method == NULL || !isfinite (value))
    return;
  json_builder_set_member_name (builder, "target_correlation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, value);
  json_builder_end_object (builder);
}
