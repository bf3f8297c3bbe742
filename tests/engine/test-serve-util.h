/* test-serve-util.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for the model server's tests: small real models trained from
 * the CSV fixtures, and an HTTP client driven on the main context.
 */
#pragma once

#include <libsoup/soup.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

LuminaFrame *serve_test_load_csv    (const char   *name);
/* Trains @kind ("xgboost", "linear", ...) on @csv to predict @target and
 * saves the bundle under @dir/@bundle; returns its path. */
char        *serve_test_train       (const char   *dir,
                                     const char   *bundle,
                                     const char   *csv,
                                     const char   *target,
                                     const char   *kind);
/* The first @n rows of @csv without @target, typed like the model's signature. */
LuminaFrame *serve_test_inputs      (LuminaModel  *model,
                                     const char   *csv,
                                     gsize         n);
void         serve_test_remove_tree (const char   *path);

typedef struct
{
  guint    status;
  char    *body;
  gboolean done;
  GError  *error;
} HttpReply;

void         http_reply_free        (HttpReply    *reply);
HttpReply   *http_send              (SoupSession  *session,
                                     SoupMessage  *msg);
/* Starts a request; @reply fills in when it finishes. */
HttpReply   *http_start             (SoupSession  *session,
                                     const char   *method,
                                     const char   *url,
                                     const char   *content_type,
                                     const char   *body,
                                     gssize        length);
void         http_wait              (HttpReply    *reply);
HttpReply   *http_call              (SoupSession  *session,
                                     const char   *method,
                                     const char   *url,
                                     const char   *content_type,
                                     const char   *body);
JsonNode    *http_reply_json        (HttpReply    *reply);
void         serve_test_iterate_until (gboolean  (*done) (gpointer data),
                                       gpointer    data,
                                       guint       timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HttpReply, http_reply_free)

G_END_DECLS
