/* lumina-workspace-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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

/* Constructors used by the workspace only. */
LuminaObjectStore *_lumina_object_store_new  (const char      *objects_dir,
                                              LuminaDb        *db);
LuminaEventLog    *_lumina_event_log_new     (LuminaDb        *db);
void               _lumina_event_log_set_actor (LuminaEventLog *self,
                                                const char     *actor);
const char        *_lumina_event_log_get_actor (LuminaEventLog *self);

G_END_DECLS
