/* lumina-model-server.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/**
 * LuminaServeResolveFunc:
 * @user_data: what was given with the function
 * @ref: the reference to resolve (for the registry, "NAME@ALIAS" or "NAME@VERSION")
 * @name: (out): the model's name
 * @version: (out): the version @ref points at now
 * @bundle_path: (out): that version's bundle directory
 *
 * Resolves a model reference, called on the server's main context.  Has
 * the shape of lumina_registry_resolve(), so a registry can be passed as
 * @user_data with it cast to this type.
 */
typedef gboolean (*LuminaServeResolveFunc) (gpointer     user_data,
                                            const char  *ref,
                                            char       **name,
                                            guint       *version,
                                            char       **bundle_path,
                                            GError     **error);

/**
 * LuminaServeChallengerMode:
 * @LUMINA_SERVE_CHALLENGER_CANARY: a share of requests is answered by the challenger
 * @LUMINA_SERVE_CHALLENGER_SHADOW: every request is also scored by the
 *   challenger, off the response path; answers come from the primary
 */
typedef enum
{
  LUMINA_SERVE_CHALLENGER_CANARY,
  LUMINA_SERVE_CHALLENGER_SHADOW,
} LuminaServeChallengerMode;

/**
 * LuminaServeStats:
 * One served model version, as seen over the last stats-window seconds
 * (@requests and @errors count since the server started).  @variant is
 * "primary", "challenger" (canary) or "shadow".
 */
typedef struct
{
  char    *endpoint;
  char    *model;
  guint    version;
  char    *variant;
  gboolean current;
  guint64  requests;
  guint64  errors;
  guint    in_flight;
  double   rps;
  double   p50_ms;
  double   p99_ms;
  /* Shadow comparisons (variant "shadow" only). */
  guint64  compared;
  double   agreement;
  double   mean_abs_diff;
} LuminaServeStats;

void              lumina_serve_stats_free              (LuminaServeStats *stats);

#define LUMINA_TYPE_MODEL_SERVER (lumina_model_server_get_type ())

G_DECLARE_FINAL_TYPE (LuminaModelServer, lumina_model_server, LUMINA, MODEL_SERVER, GObject)

LuminaModelServer *lumina_model_server_new             (LuminaWorkspace        *workspace);
LuminaWorkspace   *lumina_model_server_get_workspace   (LuminaModelServer      *self);
void               lumina_model_server_set_resolver    (LuminaModelServer      *self,
                                                        LuminaServeResolveFunc  func,
                                                        gpointer                user_data,
                                                        GDestroyNotify          destroy);

/* Endpoints.  Loading happens on the calling thread; hot swaps load in a
 * worker thread. */
gboolean           lumina_model_server_add_bundle      (LuminaModelServer      *self,
                                                        const char             *name,
                                                        const char             *bundle_path,
                                                        GError                **error);
gboolean           lumina_model_server_add_ref         (LuminaModelServer      *self,
                                                        const char             *name,
                                                        const char             *ref,
                                                        GError                **error);
gboolean           lumina_model_server_remove          (LuminaModelServer      *self,
                                                        const char             *name);
char             **lumina_model_server_list_endpoints  (LuminaModelServer      *self);
gboolean           lumina_model_server_set_challenger  (LuminaModelServer      *self,
                                                        const char             *name,
                                                        const char             *bundle_path,
                                                        const char             *ref,
                                                        LuminaServeChallengerMode mode,
                                                        double                  canary_percent,
                                                        GError                **error);
void               lumina_model_server_clear_challenger (LuminaModelServer     *self,
                                                         const char            *name);
gboolean           lumina_model_server_poll_now        (LuminaModelServer      *self);

/* Listening and stopping. */
gboolean           lumina_model_server_listen          (LuminaModelServer      *self,
                                                        const char             *host,
                                                        guint                   port,
                                                        GError                **error);
guint              lumina_model_server_get_port        (LuminaModelServer      *self);
char              *lumina_model_server_dup_url         (LuminaModelServer      *self);
void               lumina_model_server_stop_async      (LuminaModelServer      *self,
                                                        guint                   timeout_ms,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
gboolean           lumina_model_server_stop_finish     (LuminaModelServer      *self,
                                                        GAsyncResult           *result,
                                                        GError                **error);

/* Settings (also properties of the same names). */
guint              lumina_model_server_get_workers     (LuminaModelServer      *self);
void               lumina_model_server_set_workers     (LuminaModelServer      *self,
                                                        guint                   workers);
double             lumina_model_server_get_batch_window_ms (LuminaModelServer  *self);
void               lumina_model_server_set_batch_window_ms (LuminaModelServer  *self,
                                                            double              window_ms);
guint              lumina_model_server_get_max_batch   (LuminaModelServer      *self);
void               lumina_model_server_set_max_batch   (LuminaModelServer      *self,
                                                        guint                   max_requests);
guint64            lumina_model_server_get_body_limit  (LuminaModelServer      *self);
void               lumina_model_server_set_body_limit  (LuminaModelServer      *self,
                                                        guint64                 bytes);
double             lumina_model_server_get_capture_rate (LuminaModelServer     *self);
void               lumina_model_server_set_capture_rate (LuminaModelServer     *self,
                                                         double                 rate);
guint              lumina_model_server_get_capture_cap (LuminaModelServer      *self);
void               lumina_model_server_set_capture_cap (LuminaModelServer      *self,
                                                        guint                   max_rows);
guint              lumina_model_server_get_poll_interval_ms (LuminaModelServer *self);
void               lumina_model_server_set_poll_interval_ms (LuminaModelServer *self,
                                                             guint              interval_ms);
guint              lumina_model_server_get_read_timeout_s (LuminaModelServer   *self);
void               lumina_model_server_set_read_timeout_s (LuminaModelServer   *self,
                                                           guint                seconds);
guint              lumina_model_server_get_stats_window_s (LuminaModelServer   *self);
void               lumina_model_server_set_stats_window_s (LuminaModelServer   *self,
                                                           guint                seconds);

/* Statistics, on the server's main context. */
GPtrArray         *lumina_model_server_get_stats       (LuminaModelServer      *self);
JsonNode          *lumina_model_server_snapshot        (LuminaModelServer      *self);
char              *lumina_model_server_render_metrics  (LuminaModelServer      *self);
guint              lumina_model_server_get_in_flight   (LuminaModelServer      *self);
/* Thread-safe. */
void               lumina_model_server_flush_capture   (LuminaModelServer      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaServeStats, lumina_serve_stats_free)

G_END_DECLS
