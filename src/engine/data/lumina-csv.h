/* lumina-csv.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/* Called from worker threads with the share of input read so far. */
typedef void (*LuminaProgressFunc) (double   fraction,
                                    gpointer user_data);

typedef struct
{
  char                delimiter;      /* 0: sniff among , ; tab | */
  int                 header;         /* -1: detect, 0: none, 1: first row */
  GHashTable         *types;          /* (nullable) column name → GINT_TO_POINTER (LuminaColumnType + 1) */
  guint               n_threads;      /* 0: one per core */
  LuminaProgressFunc  progress;
  gpointer            progress_data;
  gboolean            types_may_be_absent;  /* @types may name columns the file lacks */
} LuminaCsvOptions;

typedef struct
{
  char      delimiter;
  gboolean  has_header;
  gboolean  had_bom;
  gboolean  gzip;
  guint64   n_bytes;                   /* of the decompressed text */
} LuminaCsvInfo;

LuminaFrame *lumina_csv_read_file   (GFile                   *file,
                                     const LuminaCsvOptions  *options,
                                     LuminaCsvInfo           *info,
                                     GCancellable            *cancellable,
                                     GError                 **error);
LuminaFrame *lumina_csv_read_bytes  (GBytes                  *bytes,
                                     const LuminaCsvOptions  *options,
                                     LuminaCsvInfo           *info,
                                     GCancellable            *cancellable,
                                     GError                 **error);
JsonNode    *lumina_csv_profile_file (GFile                  *file,
                                      const LuminaCsvOptions *options,
                                      const char             *target,
                                      gsize                   chunk_bytes,
                                      LuminaCsvInfo          *info,
                                      GCancellable           *cancellable,
                                      GError                **error);
gboolean     lumina_csv_write_frame (LuminaFrame             *frame,
                                     GOutputStream           *stream,
                                     GCancellable            *cancellable,
                                     GError                 **error);

G_END_DECLS
