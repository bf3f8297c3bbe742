/* lumina-error.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LUMINA_ERROR (lumina_error_quark ())

/**
 * LuminaError:
 * @LUMINA_ERROR_FAILED: anything without a more precise code
 * @LUMINA_ERROR_INVALID_CONFIG: a setting or option has a value that cannot work
 * @LUMINA_ERROR_INVALID_INPUT: input data or arguments are malformed
 * @LUMINA_ERROR_NOT_FOUND: the named thing does not exist
 * @LUMINA_ERROR_EXISTS: the thing to create already exists
 * @LUMINA_ERROR_BUSY: another process holds what is needed
 * @LUMINA_ERROR_PROTOCOL: a peer spoke a wire format wrongly
 * @LUMINA_ERROR_DATABASE: SQLite failed; the message is SQLite's
 * @LUMINA_ERROR_CORRUPT: stored data does not match what was written
 * @LUMINA_ERROR_SCHEMA_TOO_NEW: the workspace was written by a newer LuminaOps
 * @LUMINA_ERROR_PERMISSION: the workspace cannot be written
 * @LUMINA_ERROR_REMOTE: a remote agent or service reported a failure
 */
typedef enum
{
  LUMINA_ERROR_FAILED,
  LUMINA_ERROR_INVALID_CONFIG,
  LUMINA_ERROR_INVALID_INPUT,
  LUMINA_ERROR_NOT_FOUND,
  LUMINA_ERROR_EXISTS,
  LUMINA_ERROR_BUSY,
  LUMINA_ERROR_PROTOCOL,
  LUMINA_ERROR_DATABASE,
  LUMINA_ERROR_CORRUPT,
  LUMINA_ERROR_SCHEMA_TOO_NEW,
  LUMINA_ERROR_PERMISSION,
  LUMINA_ERROR_REMOTE,
} LuminaError;

GQuark lumina_error_quark (void);

G_END_DECLS
