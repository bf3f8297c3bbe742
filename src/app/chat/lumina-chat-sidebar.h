/* lumina-chat-sidebar.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LUMINA_TYPE_CHAT_SIDEBAR (lumina_chat_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (LuminaChatSidebar, lumina_chat_sidebar, LUMINA, CHAT_SIDEBAR, GtkWidget)

GtkWidget *lumina_chat_sidebar_new (void);

G_END_DECLS
