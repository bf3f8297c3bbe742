/* test-model-server.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-serve-util.h"

G_BEGIN_DECLS

/* Bundles trained once for the whole run. */
typedef struct
{
  char *dir;
  char *iris;
  char *iris_linear;
  char *cancer;
  char *concrete;
} ServeTestModels;

extern ServeTestModels models;

typedef struct
{
  LuminaModelServer *server;
  SoupSession       *session;
  char              *url;
} Served;

/* A server with @first_bundle (nullable) as endpoint "iris". */
Served    *served_new      (const char  *first_bundle);
void       served_listen   (Served      *served);
void       served_free     (Served      *served);
char      *served_url      (Served      *served,
                            const char  *path);
HttpReply *served_post     (Served      *served,
                            const char  *path,
                            const char  *content_type,
                            const char  *body);
HttpReply *served_get      (Served      *served,
                            const char  *path);
char      *frame_to_split  (LuminaFrame *frame);
char      *frame_to_oip    (LuminaFrame *frame,
                            const char  *id);
void       assert_mlflow_predictions (LuminaModel *model,
                                      LuminaFrame *frame,
                                      HttpReply   *reply);

void       test_model_server_add_live_tests  (void);
void       test_model_server_add_abuse_tests (void);

G_END_DECLS
