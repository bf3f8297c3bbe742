/* lumina-registry-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the files of the model registry: lumina-registry.c holds
 * the object, names, the write helper and history rows;
 * lumina-registry-resolve.c resolves references; lumina-registry-bundle.c
 * copies, hashes and exports bundles; lumina-registry-register.c
 * registers versions; lumina-registry-query.c reads models, versions and
 * history; lumina-registry-alias.c moves aliases and stages;
 * lumina-registry-approval.c records approvals; lumina-registry-gates.c
 * configures the promotion gates and lumina-registry-evaluate.c runs
 * them; lumina-registry-card.c keeps model cards and the stage list.
 *
 * Lock order: the db lock only; nothing else is held across a call.
 */
#pragma once

#include <sqlite3.h>

#include "lumina-db.h"
#include "lumina-registry.h"
#include "lumina-workspace.h"

G_BEGIN_DECLS

#define LUMINA_REGISTRY_DIR       "registry"
#define LUMINA_REGISTRY_MAX_NAME  64
#define LUMINA_REGISTRY_STAGES_KEY "registry.stages"
#define LUMINA_REGISTRY_CARD_FILE "model-card.json"

struct _LuminaRegistry
{
  GObject          parent_instance;

  LuminaWorkspace *workspace;
  LuminaDb        *db;
  GMainContext    *owner_context;
  GThread         *owner_thread;

  GMutex           lock;
  GDateTime       *fixed_now;     /* tests: the time of the next writes */
};

/* One stored version, as read under the db lock. */
typedef struct
{
  gint64      model_id;
  guint       version;
  char       *run_id;
  char       *bundle;        /* relative to the workspace */
  char       *bundle_hash;
  JsonNode   *files;         /* [{name, sha256, size}] */
  char       *task;
  JsonNode   *signature;
  JsonObject *metrics;
  char       *stage;
  JsonObject *card;
  char       *dataset_ref;
  char       *created_at;
  char       *actor;
} LuminaVersionRow;

void        _lumina_version_row_clear      (LuminaVersionRow *row);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LuminaVersionRow, _lumina_version_row_clear)

/* What a write inside _lumina_registry_write() does, with the db lock
 * held and a transaction open. */
typedef gboolean (*LuminaRegistryWriteFunc) (LuminaRegistry  *self,
                                             const char      *now,
                                             gpointer         data,
                                             GError         **error);

/* lumina-registry.c */
void        _lumina_registry_set_now       (LuminaRegistry   *self,
                                            GDateTime        *now);
char       *_lumina_registry_now_text      (LuminaRegistry   *self);
const char *_lumina_registry_actor         (LuminaRegistry   *self,
                                            const char       *actor);
char       *_lumina_registry_abs_path      (LuminaRegistry   *self,
                                            const char       *relative);
gboolean    _lumina_registry_write         (LuminaRegistry   *self,
                                            const char       *model,
                                            LuminaRegistryWriteFunc func,
                                            gpointer          data,
                                            GError          **error);
void        _lumina_registry_emit_changed  (LuminaRegistry   *self,
                                            const char       *model);
gboolean    _lumina_registry_step_done     (LuminaRegistry   *self,
                                            sqlite3_stmt     *stmt,
                                            const char       *doing,
                                            GError          **error);
gint64      _lumina_registry_lookup_model  (LuminaRegistry   *self,
                                            const char       *name,
                                            GError          **error);
gboolean    _lumina_registry_lookup_version (LuminaRegistry  *self,
                                             gint64           model_id,
                                             const char      *name,
                                             guint            version,
                                             LuminaVersionRow *row,
                                             GError         **error);
gboolean    _lumina_registry_lookup_alias  (LuminaRegistry   *self,
                                            gint64            model_id,
                                            const char       *alias,
                                            guint            *version,
                                            GError          **error);
gboolean    _lumina_registry_add_event     (LuminaRegistry   *self,
                                            gint64            model_id,
                                            const char       *now,
                                            const char       *actor,
                                            const char       *kind,
                                            const char       *name,
                                            guint             version,
                                            const char       *previous,
                                            const char       *reason,
                                            JsonObject       *details,
                                            GError          **error);
gboolean    _lumina_registry_audit         (LuminaRegistry   *self,
                                            const char       *kind,
                                            const char       *object,
                                            JsonObject       *details,
                                            GError          **error);
JsonNode   *_lumina_registry_parse_json    (const char       *text);
gboolean    _lumina_registry_holds         (JsonNode         *node,
                                            GType             type);
gboolean    _lumina_registry_is_number     (JsonNode         *node);
char       *_lumina_registry_object_text   (JsonObject       *object);
const char *_lumina_registry_primary_metric (JsonObject      *metrics,
                                             const char      *task);

/* lumina-registry-bundle.c */
gboolean    _lumina_registry_copy_tree     (const char       *from,
                                            const char       *to,
                                            const char       *prefix,
                                            JsonArray        *files,
                                            GError          **error);
char       *_lumina_registry_sort_and_hash (JsonArray        *files);
char       *_lumina_registry_make_staging_dir (const char    *final_path,
                                               GError       **error);
gboolean    _lumina_registry_remove_tree   (const char       *path);
gboolean    _lumina_registry_rename_new    (const char       *from,
                                            const char       *to,
                                            GError          **error);

/* lumina-registry-gates.c */
JsonObject *_lumina_registry_read_gates    (LuminaRegistry   *self,
                                            gint64            model_id,
                                            GError          **error);

/* lumina-registry-evaluate.c */
/* Evaluates the gates for @row taking @target ("alias champion" or
 * "stage production"); the report lists each gate with its figures and
 * "passed".  Expects the db lock. */
JsonObject *_lumina_registry_evaluate_gates (LuminaRegistry  *self,
                                             const char      *name,
                                             LuminaVersionRow *row,
                                             const char      *actor,
                                             GError         **error);
/* Sets GATE_FAILED naming each failed gate when @report did not pass. */
gboolean    _lumina_registry_report_passed (JsonObject       *report,
                                            const char       *name,
                                            guint             version,
                                            const char       *target,
                                            GError          **error);

/* lumina-registry-card.c */
JsonObject *_lumina_registry_default_card  (JsonObject       *manifest,
                                            const char       *run_id,
                                            const char       *dataset_ref);
char      **_lumina_registry_read_stages   (LuminaRegistry   *self,
                                            GError          **error);

G_END_DECLS
