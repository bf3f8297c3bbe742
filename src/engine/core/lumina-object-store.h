/* lumina-object-store.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-types.h"

G_BEGIN_DECLS

#define LUMINA_TYPE_OBJECT_STORE (lumina_object_store_get_type ())

G_DECLARE_FINAL_TYPE (LuminaObjectStore, lumina_object_store, LUMINA, OBJECT_STORE, GObject)

/* Every function here is thread-safe: objects are immutable once visible. */
char        *lumina_object_store_put_bytes  (LuminaObjectStore  *self,
                                             GBytes             *bytes,
                                             GError            **error);
char        *lumina_object_store_put_stream (LuminaObjectStore  *self,
                                             GInputStream       *stream,
                                             GCancellable       *cancellable,
                                             GError            **error);
char        *lumina_object_store_put_file   (LuminaObjectStore  *self,
                                             GFile              *file,
                                             GCancellable       *cancellable,
                                             GError            **error);
gboolean     lumina_object_store_contains   (LuminaObjectStore  *self,
                                             const char         *hash);
char        *lumina_object_store_get_path   (LuminaObjectStore  *self,
                                             const char         *hash);
GBytes      *lumina_object_store_read_bytes (LuminaObjectStore  *self,
                                             const char         *hash,
                                             GError            **error);
GMappedFile *lumina_object_store_map        (LuminaObjectStore  *self,
                                             const char         *hash,
                                             GError            **error);
gboolean     lumina_object_store_verify     (LuminaObjectStore  *self,
                                             const char         *hash,
                                             GError            **error);
gboolean     lumina_object_store_is_valid_hash (const char      *hash);

G_END_DECLS
