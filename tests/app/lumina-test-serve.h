/* lumina-test-serve.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers for the GUI tests that serve models: the iris dataset and
 * models registered from it, and HTTP requests to the deployments.
 */
#pragma once

#include <libsoup/soup.h>

#include "lumina-engine.h"

G_BEGIN_DECLS

LuminaDatasetVersion *lumina_test_import_dataset      (LuminaWorkspace          *workspace,
                                                       const char               *name,
                                                       GFile                    *file,
                                                       const char               *target);
char                 *lumina_test_iris_path           (void);
void                  lumina_test_import_iris         (LuminaWorkspace          *workspace);
void                  lumina_test_train_iris          (const char               *path,
                                                       const char               *kind);
void                  lumina_test_register_iris       (LuminaWorkspace          *workspace,
                                                       const char               *kind,
                                                       guint                     expected_version);
void                  lumina_test_register_champion   (LuminaWorkspace          *workspace,
                                                       const char * const       *kinds,
                                                       char                    **out_body);
guint                 lumina_test_http_request        (SoupSession              *session,
                                                       const char               *method,
                                                       const char               *url,
                                                       const char               *body);
char                 *lumina_test_deployment_url      (LuminaDeploymentManager  *manager,
                                                       const char               *name,
                                                       const char               *path);
void                  lumina_test_send_requests       (SoupSession              *session,
                                                       LuminaDeploymentManager  *manager,
                                                       const char               *name,
                                                       const char               *body,
                                                       guint                     n);

G_END_DECLS
