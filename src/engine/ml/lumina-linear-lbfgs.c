/* lumina-linear-lbfgs.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A compact L-BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking
 * Armijo line search, extended to OWL-QN (Andrew & Gao, 2007) for an L1
 * term: the search uses the pseudo-gradient of the whole objective, the
 * direction is kept in the orthant that pseudo-gradient points to, and
 * steps that would cross zero stop at zero, which is what makes L1
 * solutions exactly sparse.
 */
#define G_LOG_DOMAIN "lumina-linear"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-linear-private.h"

#define ARMIJO         1e-4
#define MAX_BACKTRACK  60

typedef struct
{
  const LuminaLbfgsOptions *o;
  gsize    n;
  double  *s;       /* history × n, ring buffer */
  double  *y;
  double  *rho;
  double  *alpha;
  guint    count;
  guint    newest;

  double  *g;       /* gradient of the smooth part at x */
  double  *pg;      /* pseudo-gradient of the whole objective at x */
  double  *d;
  double  *x_new;
  double  *g_new;
  double   f;       /* whole objective at x */
} Solver;

static double
dot (const double *a,
     const double *b,
     gsize         n)
{
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += a[i] * b[i];
  return sum;
}

static double
l1_term (const LuminaLbfgsOptions *o,
         const double             *x)
{
  double sum = 0.0;

  if (o->l1 <= 0.0)
    return 0.0;
  for (gsize i = 0; i < o->n_penalised; i++)
    sum += fabs (x[i]);
  return o->l1 * sum;
}

/* The gradient of the whole objective where it exists, and at a zero
 * coordinate the one-sided derivative that descends, or 0 when neither does. */
static void
pseudo_gradient (Solver       *self,
                 const double *x)
{
  const LuminaLbfgsOptions *o = self->o;
  double c = o->l1;

  memcpy (self->pg, self->g, self->n * sizeof (double));
  if (c <= 0.0)
    return;

  for (gsize i = 0; i < o->n_penalised; i++)
    {
      double g = self->g[i];

      if (x[i] > 0.0)
        self->pg[i] = g + c;
      else if (x[i] < 0.0)
        self->pg[i] = g - c;
      else if (g + c < 0.0)
        self->pg[i] = g + c;
      else if (g - c > 0.0)
        self->pg[i] = g - c;
      else
        self->pg[i] = 0.0;
    }
}

/* d = -H pg, H the L-BFGS inverse Hessian approximation. */
static void
two_loop (Solver *self)
{
  gsize n = self->n;
  guint m = self->o->history;
  double *q = self->d;
  double gamma = 1.0;

  memcpy (q, self->pg, n * sizeof (double));
  for (guint k = 0; k < self->count; k++)
    {
      guint j = (self->newest + m - k) % m;

      self->alpha[j] = self->rho[j] * dot (self->s + j * n, q, n);
      for (gsize i = 0; i < n; i++)
        q[i] -= self->alpha[j] * self->y[j * n + i];
    }

  if (self->count > 0)
    {
      const double *yn = self->y + self->newest * n;

      gamma = dot (self->s + self->newest * n, yn, n) / dot (yn, yn, n);
    }
  for (gsize i = 0; i < n; i++)
    q[i] *= gamma;

  for (guint k = self->count; k-- > 0;)
    {
      guint j = (self->newest + m - k) % m;
      double beta = self->rho[j] * dot (self->y + j * n, q, n);

      for (gsize i = 0; i < n; i++)
        q[i] += self->s[j * n + i] * (self->alpha[j] - beta);
    }

  for (gsize i = 0; i < n; i++)
    q[i] = -q[i];
}

/* Picks the direction; FALSE when there is no descent left. */
static gboolean
choose_direction (Solver *self)
{
  const LuminaLbfgsOptions *o = self->o;

  two_loop (self);
  if (o->l1 > 0.0)
    for (gsize i = 0; i < o->n_penalised; i++)
      if (self->d[i] * self->pg[i] >= 0.0)
        self->d[i] = 0.0;

  if (dot (self->d, self->pg, self->n) < 0.0)
    return TRUE;

  /* The curvature pairs mislead: restart from steepest descent. */
  self->count = 0;
  for (gsize i = 0; i < self->n; i++)
    self->d[i] = -self->pg[i];
  return dot (self->d, self->pg, self->n) < 0.0;
}

static void
step_to (Solver       *self,
         const double *x,
         double        t)
{
  const LuminaLbfgsOptions *o = self->o;

  for (gsize i = 0; i < self->n; i++)
    self->x_new[i] = x[i] + t * self->d[i];

  if (o->l1 <= 0.0)
    return;

  /* Stay in the orthant of x (or, at zero, the one -pg points into). */
  for (gsize i = 0; i < o->n_penalised; i++)
    {
      double orthant = x[i] != 0.0 ? x[i] : -self->pg[i];

      if (self->x_new[i] * orthant <= 0.0)
        self->x_new[i] = 0.0;
    }
}

/* Backtracking until the Armijo condition holds; FALSE when no step helps. */
static gboolean
line_search (Solver       *self,
             const double *x,
             double        t,
             double       *f_new)
{
  const LuminaLbfgsOptions *o = self->o;

  for (guint k = 0; k < MAX_BACKTRACK; k++, t *= 0.5)
    {
      double decrease = 0.0;

      step_to (self, x, t);
      *f_new = o->objective (self->x_new, self->g_new, o->user_data) + l1_term (o, self->x_new);
      for (gsize i = 0; i < self->n; i++)
        decrease += self->pg[i] * (self->x_new[i] - x[i]);

      if (isfinite (*f_new) && *f_new <= self->f + ARMIJO * decrease)
        return TRUE;
    }
  return FALSE;
}

static void
remember (Solver       *self,
          const double *x)
{
  gsize n = self->n;
  guint m = self->o->history;
  guint slot = (self->newest + 1) % m;
  double *s = self->s + slot * n, *y = self->y + slot * n;
  double sy;

  for (gsize i = 0; i < n; i++)
    {
      s[i] = self->x_new[i] - x[i];
      y[i] = self->g_new[i] - self->g[i];
    }
  sy = dot (s, y, n);
  if (!(sy > 1e-12 * dot (y, y, n)))
    return;

  self->rho[slot] = 1.0 / sy;
  self->newest = slot;
  self->count = MIN (self->count + 1, m);
}

static double
max_abs (const double *v,
         gsize         n)
{
  double m = 0.0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (v[i]));
  return m;
}

static void
solver_init (Solver                   *self,
             const LuminaLbfgsOptions *o)
{
  memset (self, 0, sizeof *self);
  self->o = o;
  self->n = o->n;
  self->s = g_new0 (double, o->history * o->n);
  self->y = g_new0 (double, o->history * o->n);
  self->rho = g_new0 (double, o->history);
  self->alpha = g_new0 (double, o->history);
  self->newest = o->history - 1;
  self->g = g_new0 (double, o->n);
  self->pg = g_new0 (double, o->n);
  self->d = g_new0 (double, o->n);
  self->x_new = g_new0 (double, o->n);
  self->g_new = g_new0 (double, o->n);
}

static void
solver_clear (Solver *self)
{
  g_free (self->s);
  g_free (self->y);
  g_free (self->rho);
  g_free (self->alpha);
  g_free (self->g);
  g_free (self->pg);
  g_free (self->d);
  g_free (self->x_new);
  g_free (self->g_new);
}

int
_lumina_lbfgs_minimize (double                    *x,
                        const LuminaLbfgsOptions  *options,
                        GError                   **error)
{
  Solver self;
  guint iter = 0;

  g_assert (options->history > 0 && options->n > 0);

  solver_init (&self, options);
  self.f = options->objective (x, self.g, options->user_data) + l1_term (options, x);
  pseudo_gradient (&self, x);

  while (iter < options->max_iter && max_abs (self.pg, self.n) > options->tol)
    {
      double f_new, first_step;

      if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
        {
          solver_clear (&self);
          return -1;
        }

      first_step = self.count == 0 ? MIN (1.0, 1.0 / sqrt (dot (self.pg, self.pg, self.n))) : 1.0;
      if (!choose_direction (&self) || !line_search (&self, x, first_step, &f_new))
        break;

      remember (&self, x);
      iter++;
      memcpy (x, self.x_new, self.n * sizeof (double));
      memcpy (self.g, self.g_new, self.n * sizeof (double));
      pseudo_gradient (&self, x);

      if (options->progress != NULL && !options->progress (iter, x, options->progress_data))
        break;
      if (self.f - f_new <= 1e-15 * MAX (1.0, fabs (self.f)))
        break;
      self.f = f_new;
    }

  solver_clear (&self);
  return (int) iter;
}
