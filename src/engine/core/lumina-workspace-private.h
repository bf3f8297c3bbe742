/* lumina-workspace-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-db.h"
#include "lumina-workspace.h"

G_BEGIN_DECLS

/* "LMNA": written to PRAGMA application_id so a stranger's SQLite file is told apart. */
#define LUMINA_WORKSPACE_APPLICATION_ID 0x4C4D4E41

LuminaDb          *_lumina_workspace_get_db  (LuminaWorkspace *self);
char              *_lumina_workspace_dup_default_actor (void);
gboolean           _lumina_workspace_migrate (LuminaDb        *db,
                                              int              from_version,
                                              GError         **error);
gboolean           _lumina_workspace_migrate_to (LuminaDb     *db,
                                                 int           from_version,
                                                 int           to_version,
                                                 GError      **error);

/* Constructors used by the workspace only. */
LuminaObjectStore *_lumina_object_store_new  (const char      *objects_dir,
                                              LuminaDb        *db);
LuminaEventLog    *_lumina_event_log_new     (LuminaDb        *db);
typedef struct _LuminaObjectWriter LuminaObjectWriter;

LuminaObjectWriter *_lumina_object_writer_new    (LuminaObjectStore   *self,
                                                  GError             **error);
void                _lumina_object_writer_write  (gpointer             writer,
                                                  const void          *bytes,
                                                  gsize                len);
char               *_lumina_object_writer_commit (LuminaObjectWriter  *writer,
                                                  const char          *unless,
                                                  GError             **error);
void                _lumina_object_writer_free   (LuminaObjectWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaObjectWriter, _lumina_object_writer_free)


void               _lumina_event_log_set_actor (LuminaEventLog *self,
                                                const char     *actor);
const char        *_lumina_event_log_get_actor (LuminaEventLog *self);

/* For writers that append an event inside their own transaction: call
 * with the db lock held and a transaction open, then announce after commit. */
LuminaEvent       *_lumina_event_log_append_in_transaction (LuminaEventLog  *self,
                                                            const char      *kind,
                                                            const char      *object,
                                                            JsonNode        *details,
                                                            GError         **error);
void               _lumina_event_log_announce  (LuminaEventLog *self);

G_END_DECLS
