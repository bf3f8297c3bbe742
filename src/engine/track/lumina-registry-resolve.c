/* lumina-registry-resolve.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resolving a model reference ("NAME", "NAME@ALIAS", "NAME@VERSION",
 * "NAME@latest", "NAME/VERSION") to a version and its registered bundle:
 * what the model server and `lumina models export` start from.
 */
#define G_LOG_DOMAIN "lumina-registry"

#include "config.h"

#include <string.h>

#include "lumina-error.h"
#include "lumina-registry-private.h"

static gboolean
parse_version (const char *text,
               guint      *version)
{
  guint64 value;

  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;

  *version = (guint) value;
  return TRUE;
}

/* Expects the db lock.  0 (no error) when the model has no versions. */
static gboolean
latest_version (LuminaRegistry  *self,
                gint64           model_id,
                guint           *version,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = lumina_db_prepare (self->db,
                                  "SELECT COALESCE (MAX (version), 0) FROM model_versions WHERE model_id = ?1",
                                  error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, model_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lumina_db_set_error (self->db, error, "reading model versions");
      return FALSE;
    }

  *version = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

typedef struct
{
  char *name;
  char *selector;   /* version digits, an alias, "latest", or NULL */
} Ref;

static gboolean
split_ref (const char  *ref,
           Ref         *out,
           GError     **error)
{
  const char *at = strchr (ref, '@');
  const char *slash = at == NULL ? strchr (ref, '/') : NULL;
  const char *sep = at != NULL ? at : slash;
  guint version;

  out->name = sep != NULL ? g_strndup (ref, sep - ref) : g_strdup (ref);
  out->selector = sep != NULL ? g_strdup (sep + 1) : NULL;

  if (!lumina_registry_check_name (out->name, error))
    {
      g_prefix_error (error, "Cannot resolve “%s”: ", ref);
      return FALSE;
    }
  if (sep != NULL && (out->selector[0] == '\0' ||
                      (slash != NULL && !parse_version (out->selector, &version)) ||
                      (!parse_version (out->selector, &version) &&
                       !g_str_equal (out->selector, LUMINA_REGISTRY_LATEST) &&
                       !lumina_registry_check_alias (out->selector, NULL))))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Cannot resolve “%s”: write NAME, NAME@ALIAS, NAME@VERSION or NAME/VERSION", ref);
      return FALSE;
    }

  return TRUE;
}

/* Expects the db lock. */
static gboolean
resolve_locked (LuminaRegistry  *self,
                const Ref       *ref,
                guint           *version,
                GError         **error)
{
  gint64 model_id;

  if (!(model_id = _lumina_registry_lookup_model (self, ref->name, error)))
    return FALSE;

  if (ref->selector != NULL && parse_version (ref->selector, version))
    return TRUE;

  if (ref->selector != NULL && !g_str_equal (ref->selector, LUMINA_REGISTRY_LATEST))
    {
      if (!_lumina_registry_lookup_alias (self, model_id, ref->selector, version, error))
        return FALSE;
      if (*version == 0)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
                       "Model “%s” has no alias “%s”", ref->name, ref->selector);
          return FALSE;
        }
      return TRUE;
    }

  if (ref->selector == NULL &&
      !_lumina_registry_lookup_alias (self, model_id, LUMINA_REGISTRY_CHAMPION, version, error))
    return FALSE;
  if ((ref->selector != NULL || *version == 0) && !latest_version (self, model_id, version, error))
    return FALSE;
  if (*version == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "Model “%s” has no versions", ref->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * lumina_registry_resolve:
 * @self: a registry
 * @ref: "NAME@ALIAS", "NAME@VERSION" (all digits), "NAME@latest",
 *   "NAME/VERSION", or "NAME" (the champion when set, else the newest
 *   version)
 * @name: (out) (optional) (transfer full): the model's name
 * @version: (out) (optional): the version number
 * @bundle_path: (out) (optional) (transfer full): the absolute path of the
 *   registered copy of the bundle
 * @error: a location for a #GError
 *
 * Thread-safe.
 *
 * Returns: %FALSE with INVALID_INPUT for a malformed reference, NOT_FOUND
 *   for an unknown model, version or alias
 */
gboolean
lumina_registry_resolve (LuminaRegistry  *self,
                         const char      *ref,
                         char           **name,
                         guint           *version,
                         char           **bundle_path,
                         GError         **error)
{
  g_auto(LuminaVersionRow) row = { 0 };
  Ref parsed = { NULL, NULL };
  guint found = 0;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  ok = split_ref (ref, &parsed, error);
  if (ok)
    {
      lumina_db_lock (self->db);
      ok = resolve_locked (self, &parsed, &found, error) &&
           _lumina_registry_lookup_version (self, _lumina_registry_lookup_model (self, parsed.name, NULL),
                                            parsed.name, found, &row, error);
      lumina_db_unlock (self->db);
    }

  if (ok && name != NULL)
    *name = g_strdup (parsed.name);
  if (ok && version != NULL)
    *version = found;
  if (ok && bundle_path != NULL)
    *bundle_path = _lumina_registry_abs_path (self, row.bundle);

  g_free (parsed.name);
  g_free (parsed.selector);
  return ok;
}
