/* lumina-db.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace's SQLite connection, shared by the engine's domains.  Not
 * part of the umbrella: other targets never see SQL.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _LuminaDb LuminaDb;

LuminaDb  *lumina_db_open          (const char   *path,
                                    gboolean      create,
                                    GError      **error);
LuminaDb  *lumina_db_ref           (LuminaDb     *self);
void       lumina_db_unref         (LuminaDb     *self);
const char *lumina_db_get_path     (LuminaDb     *self);
sqlite3   *lumina_db_lock          (LuminaDb     *self);
void       lumina_db_unlock        (LuminaDb     *self);
void       lumina_db_close         (LuminaDb     *self);

/* These expect the lock held. */
gboolean   lumina_db_exec          (LuminaDb     *self,
                                    const char   *sql,
                                    GError      **error);
gboolean   lumina_db_begin         (LuminaDb     *self,
                                    GError      **error);
gboolean   lumina_db_commit        (LuminaDb     *self,
                                    GError      **error);
void       lumina_db_rollback      (LuminaDb     *self);
sqlite3_stmt *lumina_db_prepare    (LuminaDb     *self,
                                    const char   *sql,
                                    GError      **error);
gboolean   lumina_db_query_int64   (LuminaDb     *self,
                                    const char   *sql,
                                    gint64       *value,
                                    GError      **error);
void       lumina_db_set_error     (LuminaDb     *self,
                                    GError      **error,
                                    const char   *doing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaDb, lumina_db_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
