/* lumina-load-test-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-load-test.h"

G_BEGIN_DECLS

typedef struct _LuminaLoadRun LuminaLoadRun;

struct _LuminaLoadTest
{
  GObject     parent_instance;

  char       *url;
  char       *content_type;
  char       *body;
  guint       concurrency;
  double      duration;
  gboolean    ramp;

  LuminaLoadRun *run;
  double      progress;
  GArray     *samples;
  GArray     *steps;
  JsonObject *summary;
};

/* lumina-load-test-run.c: one run, on a thread of its own. */
LuminaLoadRun *_lumina_load_run_new    (LuminaLoadTest *self,
                                        GTask          *task);
LuminaLoadRun *_lumina_load_run_ref    (LuminaLoadRun  *run);
void           _lumina_load_run_unref  (LuminaLoadRun  *run);
void           _lumina_load_run_start  (LuminaLoadRun  *run,
                                        GCancellable   *cancellable);
void           _lumina_load_run_cancel (LuminaLoadRun  *run);

G_END_DECLS
