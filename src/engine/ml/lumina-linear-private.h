/* lumina-linear-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The solver behind the "linear" learner (lumina-linear-lbfgs.c).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The smooth part of the objective: returns its value at @x and writes
 * the gradient to @grad. */
typedef double   (*LuminaLbfgsObjective) (const double *x,
                                          double       *grad,
                                          gpointer      user_data);
/* Called after every iteration with the current point; FALSE stops. */
typedef gboolean (*LuminaLbfgsProgress)  (guint         iteration,
                                          const double *x,
                                          gpointer      user_data);

typedef struct
{
  gsize                 n;            /* parameters */
  gsize                 n_penalised;  /* x[0, n_penalised) carry the L1 term */
  double                l1;           /* weight of the L1 term; 0 for plain L-BFGS */
  guint                 max_iter;
  double                tol;          /* on the largest (pseudo-)gradient entry */
  guint                 history;      /* correction pairs kept */
  LuminaLbfgsObjective  objective;
  gpointer              user_data;      /* for objective */
  LuminaLbfgsProgress   progress;
  gpointer              progress_data;
  GCancellable         *cancellable;
} LuminaLbfgsOptions;

/* Minimises objective (x) + l1 × Σ|x[i < n_penalised]| from the @x given,
 * in place: L-BFGS with a backtracking Armijo line search, or OWL-QN
 * (orthant-wise L-BFGS) when @l1 > 0, which gives exact zeros.  Returns
 * the number of iterations run, or -1 with @error set when cancelled. */
int _lumina_lbfgs_minimize (double                    *x,
                            const LuminaLbfgsOptions  *options,
                            GError                   **error);

/* The saved form (lumina-linear-io.c): JSON with the coefficients
 * (n_features × n_outputs, row-major) and intercepts as base64 of
 * little-endian float64, so a load gives back the same bits. */
GBytes   *_lumina_linear_save (guint           n_features,
                               guint           n_outputs,
                               const double   *coef,
                               const double   *intercept);
/* Fails with LUMINA_ERROR_CORRUPT unless the document is well formed and
 * has @n_outputs outputs. */
gboolean  _lumina_linear_load (GBytes         *bytes,
                               guint           n_outputs,
                               guint          *n_features,
                               double        **coef,
                               double        **intercept,
                               GError        **error);

G_END_DECLS
