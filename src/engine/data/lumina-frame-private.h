/* lumina-frame-private.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lumina-frame.h"

G_BEGIN_DECLS

struct _LuminaFrame
{
  GObject      parent_instance;

  gsize        n_rows;
  GPtrArray   *columns;   /* of LuminaColumn */
  GMappedFile *mapping;   /* set when columns borrow a cached file */
};

G_END_DECLS
