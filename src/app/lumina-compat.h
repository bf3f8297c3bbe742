/* lumina-compat.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only place that tests GTK and libadwaita versions.  Everything else
 * writes to the Debian 12 baseline (GTK 4.8, libadwaita 1.2) and calls these
 * verbs where a newer runtime offers a better widget.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void lumina_compat_present_alert (GtkWidget  *parent,
                                  const char *heading,
                                  const char *body);
void lumina_compat_open_folder   (GtkWidget  *parent,
                                  const char *path);

void   lumina_compat_choose_file_async  (GtkWidget            *parent,
                                         const char           *title,
                                         GtkFileFilter        *filter,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GFile *lumina_compat_choose_file_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
