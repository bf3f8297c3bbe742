/* lumina-dataset.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-csv.h"
#include "lumina-types.h"

G_BEGIN_DECLS

typedef struct _LuminaDatasetStore   LuminaDatasetStore;
typedef struct _LuminaDatasetVersion LuminaDatasetVersion;

/**
 * LuminaImportOptions:
 * How to read and label a file being imported or appended.
 */
typedef struct
{
  LuminaCsvOptions  csv;            /* csv.types: per-column type overrides */
  const char       *target;         /* (nullable) the target column */
  GHashTable       *roles;          /* (nullable) column name → GINT_TO_POINTER (LuminaColumnRole + 1) */
  const char       *source_label;   /* (nullable) recorded as the source instead of the path */
} LuminaImportOptions;

/* ---- versions ---------------------------------------------------------- */

#define LUMINA_TYPE_DATASET_VERSION (lumina_dataset_version_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDatasetVersion, lumina_dataset_version, LUMINA, DATASET_VERSION, GObject)

const char  *lumina_dataset_version_get_name         (LuminaDatasetVersion *self);
int          lumina_dataset_version_get_number       (LuminaDatasetVersion *self);
char        *lumina_dataset_version_dup_ref          (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_content_hash (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_source       (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_kind         (LuminaDatasetVersion *self);
int          lumina_dataset_version_get_parent       (LuminaDatasetVersion *self);
gint64       lumina_dataset_version_get_n_rows       (LuminaDatasetVersion *self);
guint        lumina_dataset_version_get_n_columns    (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_created_at   (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_actor        (LuminaDatasetVersion *self);
const char  *lumina_dataset_version_get_target       (LuminaDatasetVersion *self);
JsonNode    *lumina_dataset_version_get_schema       (LuminaDatasetVersion *self);
JsonNode    *lumina_dataset_version_get_profile      (LuminaDatasetVersion *self);
const char * const *lumina_dataset_version_get_segments (LuminaDatasetVersion *self);
gboolean     lumina_dataset_version_get_reused       (LuminaDatasetVersion *self);
JsonNode    *lumina_dataset_version_to_json          (LuminaDatasetVersion *self,
                                                      gboolean              with_profile);

/* ---- the store --------------------------------------------------------- */

#define LUMINA_TYPE_DATASET_STORE (lumina_dataset_store_get_type ())

G_DECLARE_FINAL_TYPE (LuminaDatasetStore, lumina_dataset_store, LUMINA, DATASET_STORE, GObject)

LuminaDatasetStore   *lumina_dataset_store_new          (LuminaWorkspace            *workspace);

/* Blocking; thread-safe.  Call from a worker (or the CLI). */
LuminaDatasetVersion *lumina_dataset_store_import        (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          GFile                      *file,
                                                          const LuminaImportOptions  *options,
                                                          JsonNode                  **report,
                                                          GCancellable               *cancellable,
                                                          GError                    **error);
LuminaDatasetVersion *lumina_dataset_store_import_frame  (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          LuminaFrame                *frame,
                                                          const LuminaImportOptions  *options,
                                                          JsonNode                  **report,
                                                          GError                    **error);
LuminaDatasetVersion *lumina_dataset_store_append        (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          GFile                      *file,
                                                          const LuminaImportOptions  *options,
                                                          JsonNode                  **report,
                                                          GCancellable               *cancellable,
                                                          GError                    **error);
LuminaDatasetVersion *lumina_dataset_store_append_frame  (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          LuminaFrame                *rows,
                                                          JsonNode                  **report,
                                                          GError                    **error);
LuminaDatasetVersion *lumina_dataset_store_resolve       (LuminaDatasetStore         *self,
                                                          const char                 *ref,
                                                          GError                    **error);
GPtrArray            *lumina_dataset_store_list          (LuminaDatasetStore         *self,
                                                          GError                    **error);
GPtrArray            *lumina_dataset_store_list_versions (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          GError                    **error);
LuminaFrame          *lumina_dataset_store_load          (LuminaDatasetStore         *self,
                                                          LuminaDatasetVersion       *version,
                                                          GError                    **error);
gboolean              lumina_dataset_store_export        (LuminaDatasetStore         *self,
                                                          LuminaDatasetVersion       *version,
                                                          GFile                      *file,
                                                          GCancellable               *cancellable,
                                                          GError                    **error);
JsonNode             *lumina_dataset_store_get_contract  (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          GError                    **error);
gboolean              lumina_dataset_store_set_contract  (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          JsonNode                   *contract,
                                                          GError                    **error);
JsonNode             *lumina_dataset_store_contract_from_version (LuminaDatasetVersion *version);
JsonNode             *lumina_dataset_diff                (LuminaDatasetVersion       *a,
                                                          LuminaDatasetVersion       *b);

/* GUI convenience: run an import on a worker as a job. */
void                  lumina_dataset_store_import_async  (LuminaDatasetStore         *self,
                                                          const char                 *name,
                                                          GFile                      *file,
                                                          const LuminaImportOptions  *options,
                                                          LuminaJob                  *job,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
LuminaDatasetVersion *lumina_dataset_store_import_finish (LuminaDatasetStore         *self,
                                                          GAsyncResult               *result,
                                                          JsonNode                  **report,
                                                          GError                    **error);

G_END_DECLS
