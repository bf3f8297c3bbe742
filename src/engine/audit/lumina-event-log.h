/* lumina-event-log.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lumina-types.h"

G_BEGIN_DECLS

/* The result of walking the hash chain. */
typedef struct
{
  gboolean  ok;
  gint64    n_checked;
  gint64    broken_id;   /* 0 when @ok */
  char     *reason;      /* NULL when @ok */
} LuminaAuditReport;

#define LUMINA_TYPE_EVENT_LOG (lumina_event_log_get_type ())

G_DECLARE_FINAL_TYPE (LuminaEventLog, lumina_event_log, LUMINA, EVENT_LOG, GObject)

LuminaEvent       *lumina_event_log_append   (LuminaEventLog  *self,
                                              const char      *kind,
                                              const char      *object,
                                              JsonNode        *details,
                                              GError         **error);
GPtrArray         *lumina_event_log_list     (LuminaEventLog  *self,
                                              gint64           before_id,
                                              guint            limit,
                                              GError         **error);
gint64             lumina_event_log_get_last_id (LuminaEventLog *self);
void               lumina_event_log_poll     (LuminaEventLog  *self);
LuminaAuditReport *lumina_event_log_verify   (LuminaEventLog  *self,
                                              GError         **error);

void               lumina_audit_report_free  (LuminaAuditReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LuminaAuditReport, lumina_audit_report_free)

G_END_DECLS
