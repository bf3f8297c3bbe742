/* lumina-workspace.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace is a directory holding lumina.db (SQLite, WAL) and objects/
 * (content-addressed files).  Opening checks everything it can before it
 * writes anything, so a bad workspace is reported and left as it was.
 */
#define G_LOG_DOMAIN "lumina-workspace"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lumina-error.h"
#include "lumina-event-log.h"
#include "lumina-event.h"
#include "lumina-object-store.h"
#include "lumina-util.h"
#include "lumina-workspace-private.h"

#define DB_NAME      "lumina.db"
#define OBJECTS_NAME "objects"
#define SQLITE_MAGIC "SQLite format 3"

struct _LuminaWorkspace
{
  GObject            parent_instance;

  char              *path;
  LuminaDb          *db;
  LuminaObjectStore *objects;
  LuminaEventLog    *events;
  int                schema_version;
};

G_DEFINE_FINAL_TYPE (LuminaWorkspace, lumina_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTOR,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  guint32 user_version;
  guint32 application_id;
} DbHeader;

static void
lumina_workspace_dispose (GObject *object)
{
  LuminaWorkspace *self = (LuminaWorkspace *)object;

  g_clear_object (&self->events);
  g_clear_object (&self->objects);

  G_OBJECT_CLASS (lumina_workspace_parent_class)->dispose (object);
}

static void
lumina_workspace_finalize (GObject *object)
{
  LuminaWorkspace *self = (LuminaWorkspace *)object;

  g_clear_pointer (&self->db, lumina_db_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lumina_workspace_parent_class)->finalize (object);
}

static void
lumina_workspace_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LuminaWorkspace *self = LUMINA_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      g_value_set_string (value, lumina_workspace_get_actor (self));
      break;

    case PROP_PATH:
      g_value_set_string (value, lumina_workspace_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_workspace_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LuminaWorkspace *self = LUMINA_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      lumina_workspace_set_actor (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lumina_workspace_class_init (LuminaWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lumina_workspace_dispose;
  object_class->finalize = lumina_workspace_finalize;
  object_class->get_property = lumina_workspace_get_property;
  object_class->set_property = lumina_workspace_set_property;

  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lumina_workspace_init (LuminaWorkspace *self)
{
}

static GMutex default_actor_lock;
static char *default_actor;

/**
 * lumina_workspace_set_default_actor:
 * @actor: (nullable): who events of workspaces opened from now on are
 *   attributed to, including their creation; %NULL for the OS user
 *
 * For front ends that take an actor on their command line.  Thread-safe.
 */
void
lumina_workspace_set_default_actor (const char *actor)
{
  g_mutex_lock (&default_actor_lock);
  lumina_set_str (&default_actor, actor && *actor ? actor : NULL);
  g_mutex_unlock (&default_actor_lock);
}

char *
_lumina_workspace_dup_default_actor (void)
{
  char *actor;

  g_mutex_lock (&default_actor_lock);
  actor = g_strdup (default_actor ? default_actor : g_get_user_name ());
  g_mutex_unlock (&default_actor_lock);

  return actor;
}

/**
 * lumina_workspace_get_default_path:
 * Returns: (transfer full): `$XDG_DATA_HOME/luminaops/default`.
 */
char *
lumina_workspace_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "luminaops", "default", NULL);
}

/* Reads the fields of SQLite's 100-byte header without opening the file in
 * SQLite, which could create -wal/-shm files next to a file we then refuse. */
static gboolean
read_db_header (const char  *db_path,
                DbHeader    *header,
                GError     **error)
{
  guint8 bytes[100];
  gssize n_read;
  int fd;

  fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, LUMINA_ERROR,
                   saved_errno == EACCES ? LUMINA_ERROR_PERMISSION : LUMINA_ERROR_FAILED,
                   "Cannot read the database “%s”: %s; check the workspace's permissions",
                   db_path, g_strerror (saved_errno));
      return FALSE;
    }

  n_read = read (fd, bytes, sizeof bytes);
  close (fd);

  if (n_read != (gssize) sizeof bytes || memcmp (bytes, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "“%s” is not a LuminaOps database (it is not an SQLite file); "
                   "restore it from a backup or move it away to start a new workspace",
                   db_path);
      return FALSE;
    }

  header->user_version = GUINT32_FROM_BE (*(guint32 *) (bytes + 60));
  header->application_id = GUINT32_FROM_BE (*(guint32 *) (bytes + 68));
  return TRUE;
}

static gboolean
check_header (const char      *db_path,
              const DbHeader  *header,
              GError         **error)
{
  if (header->application_id != 0 && header->application_id != LUMINA_WORKSPACE_APPLICATION_ID)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "“%s” is an SQLite database of another program, not a LuminaOps workspace; "
                   "move it away or choose another folder",
                   db_path);
      return FALSE;
    }

  if (header->user_version > LUMINA_WORKSPACE_SCHEMA_VERSION)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_SCHEMA_TOO_NEW,
                   "“%s” was written by a newer LuminaOps (schema %u, this version reads up to %d); "
                   "update LuminaOps to open it",
                   db_path, header->user_version, LUMINA_WORKSPACE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_writable (const char  *path,
                GError     **error)
{
  if (g_access (path, W_OK) != 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_PERMISSION,
                   "The workspace “%s” is not writable; fix its permissions or open another workspace",
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_objects_dir (const char  *objects_dir,
                   GError     **error)
{
  if (!g_file_test (objects_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "The workspace's object store “%s” is missing; restore it from a backup "
                   "before opening this workspace",
                   objects_dir);
      return FALSE;
    }

  return TRUE;
}

/* A schema-0 file is only ours to migrate if it is empty; any other tables
 * mean it belongs to someone else. */
static gboolean
check_foreign_tables (LuminaDb  *db,
                      int        version,
                      GError   **error)
{
  gint64 n_tables = 0;

  if (version != 0)
    return TRUE;

  if (!lumina_db_query_int64 (db, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return FALSE;

  if (n_tables > 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                   "“%s” is an SQLite database of another program, not a LuminaOps workspace; "
                   "move it away or choose another folder",
                   lumina_db_get_path (db));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_meta (LuminaDb  *db,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = lumina_util_now_text ();

  if (!(stmt = lumina_db_prepare (db,
                                  "INSERT OR IGNORE INTO meta (key, value) "
                                  "VALUES ('id', ?1), ('created_at', ?2), ('created_by', ?3)",
                                  error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, "LuminaOps " PACKAGE_VERSION, -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (db, error, "initialising it");
      return FALSE;
    }

  return TRUE;
}

/* Brings the schema up to date under the write lock; returns whether this
 * call created the workspace's metadata (schema 0 before). */
static gboolean
prepare_database (LuminaDb  *db,
                  gboolean  *created,
                  GError   **error)
{
  gint64 version = 0;
  gboolean ok;

  *created = FALSE;

  /* Read and judge the file before anything writes to it: a damaged or
   * foreign file fails here, untouched. */
  if (!lumina_db_query_int64 (db, "PRAGMA user_version", &version, error) ||
      !check_foreign_tables (db, (int) version, error) ||
      !lumina_db_exec (db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;", error) ||
      !lumina_db_begin (db, error))
    return FALSE;

  /* Read again under the lock: another process may have migrated meanwhile. */
  ok = lumina_db_query_int64 (db, "PRAGMA user_version", &version, error) &&
       (version == LUMINA_WORKSPACE_SCHEMA_VERSION ||
        _lumina_workspace_migrate (db, (int) version, error)) &&
       (version != 0 || write_meta (db, error));

  if (!ok)
    {
      lumina_db_rollback (db);
      return FALSE;
    }

  *created = (version == 0);
  return lumina_db_commit (db, error);
}

static gboolean
create_layout (const char  *path,
               const char  *objects_dir,
               GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0 || g_mkdir_with_parents (objects_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LUMINA_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ?
                     LUMINA_ERROR_PERMISSION : LUMINA_ERROR_FAILED,
                   "Cannot create the workspace “%s”: %s; choose a folder you can write to",
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static LuminaWorkspace *
workspace_new (const char *path,
               LuminaDb   *db)
{
  LuminaWorkspace *self = g_object_new (LUMINA_TYPE_WORKSPACE, NULL);
  g_autofree char *objects_dir = g_build_filename (path, OBJECTS_NAME, NULL);

  self->path = g_strdup (path);
  self->db = lumina_db_ref (db);
  self->objects = _lumina_object_store_new (objects_dir, db);
  self->events = _lumina_event_log_new (db);
  self->schema_version = LUMINA_WORKSPACE_SCHEMA_VERSION;

  return self;
}

static gboolean
check_existing (const char  *path,
                const char  *db_path,
                const char  *objects_dir,
                GError     **error)
{
  DbHeader header;

  return read_db_header (db_path, &header, error) &&
         check_header (db_path, &header, error) &&
         check_objects_dir (objects_dir, error) &&
         check_writable (path, error) &&
         check_writable (db_path, error);
}

static gboolean
check_can_create (const char                *path,
                  LuminaWorkspaceOpenFlags   flags,
                  GError                   **error)
{
  if (!(flags & LUMINA_WORKSPACE_OPEN_CREATE))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                   "No LuminaOps workspace at “%s”; create one first with “lumina workspace init”",
                   path);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
                   "“%s” is a file, not a folder; choose another place for the workspace", path);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return check_writable (path, error);

  return TRUE;
}

/**
 * lumina_workspace_open:
 * @path: the workspace directory
 * @flags: %LUMINA_WORKSPACE_OPEN_CREATE to create it when missing
 * @error: a location for a #GError
 *
 * Opens (and migrates forward) a workspace.  Any error leaves the files on
 * disk as they were; its message names the file and what to do.
 *
 * Returns: (transfer full) (nullable): the workspace
 */
LuminaWorkspace *
lumina_workspace_open (const char                *path,
                       LuminaWorkspaceOpenFlags   flags,
                       GError                   **error)
{
  g_autofree char *abs_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *objects_dir = NULL;
  g_autoptr(LuminaDb) db = NULL;
  g_autoptr(LuminaWorkspace) self = NULL;
  gboolean exists;
  gboolean created = FALSE;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  abs_path = g_canonicalize_filename (path, NULL);
  db_path = g_build_filename (abs_path, DB_NAME, NULL);
  objects_dir = g_build_filename (abs_path, OBJECTS_NAME, NULL);
  exists = g_file_test (db_path, G_FILE_TEST_EXISTS);

  if (exists)
    {
      if (!check_existing (abs_path, db_path, objects_dir, error))
        return NULL;
    }
  else if (!check_can_create (abs_path, flags, error) ||
           !create_layout (abs_path, objects_dir, error))
    return NULL;

  if (!(db = lumina_db_open (db_path, !exists, error)))
    return NULL;

  lumina_db_lock (db);
  if (!prepare_database (db, &created, error))
    {
      lumina_db_unlock (db);
      return NULL;
    }
  lumina_db_unlock (db);

  self = workspace_new (abs_path, db);

  if (created)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) details = NULL;
      g_autoptr(LuminaEvent) event = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, LUMINA_WORKSPACE_SCHEMA_VERSION);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, abs_path);
      json_builder_end_object (builder);
      details = json_builder_get_root (builder);

      if (!(event = lumina_event_log_append (self->events, "workspace.created", abs_path,
                                             details, error)))
        return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
lumina_workspace_get_path (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  return self->path;
}

int
lumina_workspace_get_schema_version (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), 0);

  return self->schema_version;
}

/**
 * lumina_workspace_get_actor:
 * Returns: who new events are attributed to (the OS user unless set).
 */
const char *
lumina_workspace_get_actor (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  return _lumina_event_log_get_actor (self->events);
}

void
lumina_workspace_set_actor (LuminaWorkspace *self,
                            const char      *actor)
{
  g_return_if_fail (LUMINA_IS_WORKSPACE (self));

  if (g_strcmp0 (actor, lumina_workspace_get_actor (self)) == 0)
    return;

  _lumina_event_log_set_actor (self->events, actor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

/**
 * lumina_workspace_get_objects:
 * Returns: (transfer none): the content-addressed object store
 */
LuminaObjectStore *
lumina_workspace_get_objects (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  return self->objects;
}

/**
 * lumina_workspace_get_events:
 * Returns: (transfer none): the workspace's event log
 */
LuminaEventLog *
lumina_workspace_get_events (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  return self->events;
}

LuminaDb *
_lumina_workspace_get_db (LuminaWorkspace *self)
{
  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  return self->db;
}

static char *
query_meta (LuminaDb   *db,
            const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (db, "SELECT value FROM meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * lumina_workspace_query_info:
 * Counts what the workspace holds.  Cheap: reads indexes only.
 *
 * Returns: (transfer full) (nullable): the info, or %NULL with @error set
 */
LuminaWorkspaceInfo *
lumina_workspace_query_info (LuminaWorkspace  *self,
                             GError          **error)
{
  g_autoptr(LuminaWorkspaceInfo) info = g_new0 (LuminaWorkspaceInfo, 1);
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (self), NULL);

  info->path = g_strdup (self->path);
  info->schema_version = self->schema_version;

  lumina_db_lock (self->db);
  info->id = query_meta (self->db, "id");
  info->created_at = query_meta (self->db, "created_at");
  ok = lumina_db_query_int64 (self->db, "SELECT count(*) FROM events", &info->n_events, error) &&
       lumina_db_query_int64 (self->db, "SELECT count(*) FROM objects", &info->n_objects, error) &&
       lumina_db_query_int64 (self->db, "SELECT coalesce(sum(size), 0) FROM objects",
                              &info->object_bytes, error);
  lumina_db_unlock (self->db);

  return ok ? g_steal_pointer (&info) : NULL;
}

void
lumina_workspace_info_free (LuminaWorkspaceInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->id);
  g_free (info->created_at);
  g_free (info);
}
