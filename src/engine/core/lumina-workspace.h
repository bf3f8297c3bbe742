/* lumina-workspace.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/* The schema this build writes.  Older workspaces migrate forward on open;
 * newer ones are refused. */
#define LUMINA_WORKSPACE_SCHEMA_VERSION 6

typedef struct
{
  char   *path;
  char   *id;
  char   *created_at;
  int     schema_version;
  gint64  n_events;
  gint64  n_objects;
  gint64  object_bytes;
} LuminaWorkspaceInfo;

#define LUMINA_TYPE_WORKSPACE (lumina_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LuminaWorkspace, lumina_workspace, LUMINA, WORKSPACE, GObject)

char               *lumina_workspace_get_default_path (void);
void                lumina_workspace_set_default_actor (const char          *actor);
LuminaWorkspace    *lumina_workspace_open             (const char                *path,
                                                       LuminaWorkspaceOpenFlags   flags,
                                                       GError                   **error);
const char         *lumina_workspace_get_path         (LuminaWorkspace           *self);
int                 lumina_workspace_get_schema_version (LuminaWorkspace         *self);
const char         *lumina_workspace_get_actor        (LuminaWorkspace           *self);
void                lumina_workspace_set_actor        (LuminaWorkspace           *self,
                                                       const char                *actor);
LuminaObjectStore  *lumina_workspace_get_objects      (LuminaWorkspace           *self);
LuminaEventLog     *lumina_workspace_get_events       (LuminaWorkspace           *self);
LuminaWorkspaceInfo *lumina_workspace_query_info      (LuminaWorkspace           *self,
                                                       GError                   **error);

void                lumina_workspace_info_free        (LuminaWorkspaceInfo       *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaWorkspaceInfo, lumina_workspace_info_free)

G_END_DECLS
