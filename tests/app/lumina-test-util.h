/* lumina-test-util.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers for the GUI tests: a registered application, temporary
 * workspaces, settings, windows, main-loop waits and screenshots.
 */
#pragma once

#include <adwaita.h>

#include "lumina-application.h"
#include "lumina-window.h"

G_BEGIN_DECLS

typedef gboolean (*LuminaTestCondition) (gpointer data);

void               lumina_test_init            (int                 *argc,
                                                char              ***argv);
LuminaApplication *lumina_test_get_app         (void);
char              *lumina_test_make_tmp_dir    (void);
void               lumina_test_remove_tree     (const char          *path);
LuminaWorkspace   *lumina_test_open_workspace  (char               **out_path);
void               lumina_test_iterate         (guint                msec);
void               lumina_test_wait_until      (LuminaTestCondition  condition,
                                                gpointer             data,
                                                guint                timeout_msec);
void               lumina_test_wait_mapped     (GtkWidget           *widget);
void               lumina_test_destroy_window  (GtkWindow           *window);
guint              lumina_test_count_colors    (GdkTexture          *texture,
                                                double              *dominant_share);
GdkTexture        *lumina_test_render_widget   (GtkWidget           *widget);
void               lumina_test_screenshot      (GtkWidget           *widget,
                                                const char          *filename);
gpointer           lumina_test_template_child  (gpointer             widget,
                                                GType                type,
                                                const char          *name);
void               lumina_test_click           (gpointer             button);
void               lumina_test_scroll_to       (GtkWidget           *target);
guint              lumina_test_free_port       (void);
GtkWindow         *lumina_test_find_toplevel   (GType                type);
gboolean           lumina_test_is_drawn        (gpointer             widget);
void               lumina_test_reset_settings  (GSettings           *settings);
GSettings         *lumina_test_open_settings   (AdwColorScheme       scheme);
void               lumina_test_close_settings  (GSettings          **settings);
void               lumina_test_close_workspace (LuminaWorkspace    **workspace,
                                                char               **tmp_dir);
GtkWidget         *lumina_test_open_window     (LuminaWindow       **window,
                                                GSettings           *settings,
                                                LuminaWorkspace     *workspace,
                                                const char          *view,
                                                int                  width,
                                                int                  height);
void               lumina_test_close_window    (LuminaWindow       **window);

G_END_DECLS
