/* lumina-model-io.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model bundles: a directory with manifest.json and member-N.json (the
 * learner's own saved form: XGBoost JSON for tree learners).  Saving writes
 * a temporary sibling directory, flushes it and renames it into place, so
 * a bundle is either complete or absent.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "lumina-model"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lumina-error.h"
#include "lumina-model-private.h"
#include "lumina-preprocess-private.h"
#include "lumina-util.h"

#define FORMAT_NAME     "luminaops-model"
#define FORMAT_VERSION  1
#define MANIFEST_NAME   "manifest.json"

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
member_to_json (Member     *member,
                guint       index,
                const char *file_hash)
{
  JsonObject *object = json_object_new ();
  g_autofree char *file = g_strdup_printf ("member-%u.json", index);

  json_object_set_string_member (object, "learner", lumina_learner_get_kind (member->learner));
  json_object_set_object_member (object, "params", json_object_ref (lumina_learner_get_params (member->learner)));
  json_object_set_double_member (object, "weight", member->weight);
  json_object_set_string_member (object, "file", file);
  if (file_hash != NULL)
    json_object_set_string_member (object, "sha256", file_hash);
  json_object_set_member (object, "preprocessing", lumina_preprocessor_to_json (member->preprocessor));
  json_object_set_int_member (object, "n_iterations", lumina_learner_get_n_iterations (member->learner));
  return object;
}

JsonNode *
_lumina_model_build_manifest (LuminaModel  *self,
                              char        **file_hashes)
{
  JsonObject *root = json_object_new ();
  JsonObject *lineage = json_object_new ();
  JsonArray *classes = json_array_new ();
  JsonArray *members = json_array_new ();
  LuminaTask task = lumina_labels_get_task (self->labels);
  JsonNode *node;

  json_object_set_string_member (root, "format", FORMAT_NAME);
  json_object_set_int_member (root, "format_version", FORMAT_VERSION);
  json_object_set_string_member (root, "created_at", self->created_at);
  json_object_set_string_member (root, "target", self->target);
  json_object_set_string_member (root, "task", _lumina_task_to_string (task));
  for (guint c = 0; task != LUMINA_TASK_REGRESSION && c < lumina_labels_get_n_classes (self->labels); c++)
    json_array_add_string_element (classes, lumina_labels_get_class (self->labels, c));
  json_object_set_array_member (root, "classes", classes);
  json_object_set_member (root, "labels", lumina_labels_to_json (self->labels));
  json_object_set_member (root, "signature", lumina_model_get_signature (self));

  for (guint m = 0; m < self->members->len; m++)
    json_array_add_object_element (members, member_to_json (g_ptr_array_index (self->members, m), m,
                                                            file_hashes ? file_hashes[m] : NULL));
  json_object_set_array_member (root, "members", members);
  json_object_set_object_member (root, "metrics", json_object_ref (self->metrics));

  set_string_or_null (lineage, "dataset", self->dataset_ref);
  set_string_or_null (lineage, "dataset_sha256", self->dataset_hash);
  set_string_or_null (lineage, "run_id", self->run_id);
  json_object_set_object_member (root, "lineage", lineage);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

/**
 * lumina_model_get_manifest:
 * Returns: (transfer full): what manifest.json holds (without file checksums)
 */
JsonNode *
lumina_model_get_manifest (LuminaModel *self)
{
  g_return_val_if_fail (LUMINA_IS_MODEL (self), NULL);

  return _lumina_model_build_manifest (self, NULL);
}

/* Removes the files of a temporary bundle directory, then the directory. */
static void
remove_bundle_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

static gboolean
write_bundle (LuminaModel  *self,
              const char   *dir,
              GError      **error)
{
  g_auto(GStrv) hashes = g_new0 (char *, self->members->len + 1);
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *text = NULL;

  for (guint m = 0; m < self->members->len; m++)
    {
      Member *member = g_ptr_array_index (self->members, m);
      g_autoptr(GBytes) bytes = lumina_learner_save (member->learner, error);
      g_autofree char *name = g_strdup_printf ("member-%u.json", m);
      gsize size;
      const char *data;

      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &size);
      if (!write_file (dir, name, data, size, error))
        return FALSE;
      hashes[m] = lumina_sha256_hex (data, size);
    }

  manifest = _lumina_model_build_manifest (self, hashes);
  text = lumina_util_json_to_string (manifest, TRUE);
  return write_file (dir, MANIFEST_NAME, text, strlen (text), error) &&
         lumina_util_fsync_directory (dir, error);
}

static gboolean
set_exists_error (const char  *path,
                  GError     **error)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_EXISTS,
               "“%s” already exists; a model is never saved over it", path);
  return FALSE;
}

/* rename() without replacing: a directory could otherwise land on an
 * empty one created meanwhile. */
static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  int saved_errno;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;

  saved_errno = errno;
  if (saved_errno == EINVAL || saved_errno == ENOSYS)
    {
      /* The file system cannot refuse for us: check, then rename. */
      if (g_file_test (to, G_FILE_TEST_EXISTS))
        return set_exists_error (to, error);
      if (g_rename (from, to) == 0)
        return TRUE;
      saved_errno = errno;
    }

  if (saved_errno == EEXIST || saved_errno == ENOTEMPTY)
    return set_exists_error (to, error);

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "Cannot move the model into “%s”: %s",
               to, g_strerror (saved_errno));
  return FALSE;
}

/**
 * lumina_model_save:
 * @path: the bundle directory to create; must not exist
 *
 * Returns: %TRUE when the complete bundle is in place; on failure nothing
 *   is left behind
 */
gboolean
lumina_model_save (LuminaModel  *self,
                   const char   *path,
                   GError      **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *parent = NULL;

  g_return_val_if_fail (LUMINA_IS_MODEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->members->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "The model has no members to save");
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return set_exists_error (path, error);

  tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  if (g_mkdtemp_full (tmp, 0755) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, LUMINA_ERROR, saved_errno == EACCES ? LUMINA_ERROR_PERMISSION : LUMINA_ERROR_FAILED,
                   "Cannot create a folder next to “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  parent = g_path_get_dirname (path);
  if (!write_bundle (self, tmp, error) || !rename_into_place (tmp, path, error))
    {
      remove_bundle_dir (tmp);
      return FALSE;
    }

  return lumina_util_fsync_directory (parent, error);
}

/* Loading: anything wrong in the bundle is CORRUPT, naming what. */

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonNode *
read_manifest (const char  *path,
               GError     **error)
{
  g_autofree char *file = g_build_filename (path, MANIFEST_NAME, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (file, &text, &length, &local_error))
    {
      corrupt (error, "The model “%s” has no readable manifest.json: %s", path, local_error->message);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      corrupt (error, "manifest.json of “%s” is not valid JSON: %s", path, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      corrupt (error, "manifest.json of “%s” is not a JSON object", path);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
check_format (JsonObject  *root,
              GError     **error)
{
  JsonNode *version = json_object_get_member (root, "format_version");

  if (g_strcmp0 (get_string (root, "format"), FORMAT_NAME) != 0)
    return corrupt (error, "manifest.json is not a LuminaOps model (format is not “%s”)", FORMAT_NAME);
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return corrupt (error, "manifest.json has no format_version");
  if (json_node_get_int (version) != FORMAT_VERSION)
    return corrupt (error, "manifest.json has format_version %" G_GINT64_FORMAT "; this LuminaOps reads version %d",
                    json_node_get_int (version), FORMAT_VERSION);
  return TRUE;
}

static GBytes *
read_member_file (const char  *path,
                  JsonObject  *member,
                  guint        index,
                  GError     **error)
{
  const char *name = get_string (member, "file");
  const char *expected = get_string (member, "sha256");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *hash = NULL;
  char *data;
  gsize length;

  if (name == NULL || *name == '\0' || strchr (name, '/') != NULL || g_str_equal (name, "..") ||
      g_str_equal (name, "."))
    {
      corrupt (error, "Member %u of the model has no valid file name", index);
      return NULL;
    }

  file = g_build_filename (path, name, NULL);
  if (!g_file_get_contents (file, &data, &length, &local_error))
    {
      corrupt (error, "The model's member file “%s” cannot be read: %s", name, local_error->message);
      return NULL;
    }

  hash = lumina_sha256_hex (data, length);
  if (expected != NULL && g_ascii_strcasecmp (hash, expected) != 0)
    {
      g_free (data);
      corrupt (error, "The model's member file “%s” does not match its checksum", name);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

static gboolean
load_member (LuminaModel  *self,
             const char   *path,
             JsonNode     *node,
             guint         index,
             GError      **error)
{
  JsonObject *member = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *params, *weight;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LuminaPreprocessor) preprocessor = NULL;
  g_autoptr(LuminaLearner) learner = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *kind;

  if (member == NULL || !(kind = get_string (member, "learner")) ||
      !(params = json_object_get_member (member, "params")) || !JSON_NODE_HOLDS_OBJECT (params) ||
      !(weight = json_object_get_member (member, "weight")) || !JSON_NODE_HOLDS_VALUE (weight) ||
      (json_node_get_value_type (weight) != G_TYPE_DOUBLE && json_node_get_value_type (weight) != G_TYPE_INT64) ||
      !isfinite (json_node_get_double (weight)) || json_node_get_double (weight) < 0)
    return corrupt (error, "Member %u of the model lacks a learner, params or a valid weight", index);

  if (!(bytes = read_member_file (path, member, index, error)))
    return FALSE;

  if (!(preprocessor = lumina_preprocessor_from_json (json_object_get_member (member, "preprocessing"),
                                                      &local_error)))
    return corrupt (error, "Member %u of the model: %s", index, local_error->message);

  learner = lumina_learner_load (kind, lumina_labels_get_task (self->labels),
                                 lumina_labels_get_n_classes (self->labels),
                                 json_node_get_object (params), bytes, &local_error);
  if (learner == NULL)
    return corrupt (error, "The model's member file “%s” cannot be loaded: %s",
                    get_string (member, "file"), local_error->message);

  lumina_model_add_member (self, preprocessor, learner, json_node_get_double (weight));
  return TRUE;
}

static void
load_extras (LuminaModel *self,
             JsonObject  *root)
{
  JsonNode *metrics = json_object_get_member (root, "metrics");
  JsonNode *lineage = json_object_get_member (root, "lineage");

  if (get_string (root, "created_at") != NULL)
    lumina_set_str (&self->created_at, get_string (root, "created_at"));
  if (metrics != NULL && JSON_NODE_HOLDS_OBJECT (metrics))
    lumina_model_set_metrics (self, json_node_get_object (metrics));
  if (lineage != NULL && JSON_NODE_HOLDS_OBJECT (lineage))
    {
      JsonObject *object = json_node_get_object (lineage);

      lumina_model_set_lineage (self, get_string (object, "dataset"), get_string (object, "dataset_sha256"),
                                get_string (object, "run_id"));
    }
}

/**
 * lumina_model_load:
 * Returns: (transfer full): the model, or %NULL with %LUMINA_ERROR_NOT_FOUND
 *   when @path does not exist, %LUMINA_ERROR_CORRUPT naming what is wrong
 *   in the bundle
 */
LuminaModel *
lumina_model_load (const char  *path,
                   GError     **error)
{
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(LuminaLabels) labels = NULL;
  g_autoptr(LuminaModel) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *members;
  LuminaTask task;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND, "There is no model at “%s”", path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      corrupt (error, "“%s” is not a model directory", path);
      return NULL;
    }

  if (!(manifest = read_manifest (path, error)))
    return NULL;
  root = json_node_get_object (manifest);
  if (!check_format (root, error))
    return NULL;

  if (get_string (root, "target") == NULL || !_lumina_task_from_string (get_string (root, "task"), &task))
    {
      corrupt (error, "manifest.json lacks a valid target or task");
      return NULL;
    }
  if (!(labels = lumina_labels_from_json (json_object_get_member (root, "labels"), &local_error)) ||
      lumina_labels_get_task (labels) != task)
    {
      corrupt (error, "manifest.json: %s", local_error ? local_error->message : "the labels do not match the task");
      return NULL;
    }

  members = json_object_get_member (root, "members");
  if (members == NULL || !JSON_NODE_HOLDS_ARRAY (members) || json_array_get_length (json_node_get_array (members)) == 0)
    {
      corrupt (error, "manifest.json lists no members");
      return NULL;
    }

  self = lumina_model_new (get_string (root, "target"), labels);
  for (guint m = 0; m < json_array_get_length (json_node_get_array (members)); m++)
    if (!load_member (self, path, json_array_get_element (json_node_get_array (members), m), m, error))
      return NULL;

  load_extras (self, root);
  return g_steal_pointer (&self);
}
