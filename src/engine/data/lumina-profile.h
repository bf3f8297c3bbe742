/* lumina-profile.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-frame.h"

G_BEGIN_DECLS

/**
 * LuminaProfileBuilder:
 *
 * Accumulates a dataset profile (counts, distinct values, moments,
 * quantiles, histograms, top values, correlation with a target) over frames
 * that arrive in chunks, in one pass and bounded memory.  Builders that saw
 * different chunks on different threads merge into one.  A builder is not
 * thread-safe: use one per thread.
 */
typedef struct _LuminaProfileBuilder LuminaProfileBuilder;

LuminaProfileBuilder *lumina_profile_builder_new       (int                   target_column);
void                  lumina_profile_builder_add_frame (LuminaProfileBuilder *self,
                                                        LuminaFrame          *chunk);
void                  lumina_profile_builder_merge     (LuminaProfileBuilder *self,
                                                        LuminaProfileBuilder *other);
JsonNode             *lumina_profile_builder_finish    (LuminaProfileBuilder *self);
void                  lumina_profile_builder_free      (LuminaProfileBuilder *self);

JsonNode             *lumina_profile_frame             (LuminaFrame          *frame,
                                                        int                   target_column);

/* One frame profiled by several threads at once, a column at a time. */
typedef struct _LuminaProfileShare LuminaProfileShare;

LuminaProfileShare   *lumina_profile_share_new         (LuminaFrame          *frame,
                                                        int                   target_column);
void                  lumina_profile_share_work        (LuminaProfileShare   *self);
JsonNode             *lumina_profile_share_finish      (LuminaProfileShare   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaProfileBuilder, lumina_profile_builder_free)

G_END_DECLS
