/* lumina-feedback.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delayed labels.  A CSV names request ids (`request_id` or `id`, and an
 * optional `row` for requests of several rows) and their true labels
 * (`label`, `target`, `y`, or the model's target column).  Each is joined
 * to the prediction the deployment captured for that request
 * (served_requests.request_id, the X-Request-Id it was answered with) and
 * recorded in feedback_labels, one row per (deployment, request id, row):
 * applying a file twice changes nothing, and a different label for the
 * same row replaces the earlier one.  The figures stored are over every
 * label recorded for a model version, so they never count a row twice.
 */
#define G_LOG_DOMAIN "lumina-feedback"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-csv.h"
#include "lumina-db.h"
#include "lumina-error.h"
#include "lumina-feedback.h"
#include "lumina-frame.h"
#include "lumina-model.h"
#include "lumina-registry.h"
#include "lumina-workspace-private.h"
#include "lumina-workspace.h"

#define MAX_UNMATCHED_IDS 10

static const char * const id_names[] = { "request_id", "id", NULL };
static const char * const label_names[] = { "label", "target", "y", NULL };

/* The columns of a labels file. */
typedef struct
{
  const LuminaColumn *id;
  const LuminaColumn *label;
  const LuminaColumn *row;     /* nullable */
} Columns;

/* A captured prediction for one request row. */
typedef struct
{
  char     *model;
  guint     version;
  gboolean  regression;
  char     *prediction;   /* the label predicted, or the value as text */
  double    value;        /* regression */
} Prediction;

/* One row's label as already recorded. */
typedef struct
{
  char       *label;
  Prediction  pred;
} Recorded;

static void
prediction_clear (Prediction *pred)
{
  g_clear_pointer (&pred->model, g_free);
  g_clear_pointer (&pred->prediction, g_free);
}

static void
feedback_version_free (LuminaFeedbackVersion *version)
{
  g_free (version->model);
  g_free (version);
}

void
lumina_feedback_report_free (LuminaFeedbackReport *report)
{
  if (report == NULL)
    return;

  g_free (report->deployment);
  g_strfreev (report->unmatched_ids);
  g_clear_pointer (&report->versions, g_ptr_array_unref);
  g_free (report);
}

/* ---- reading the file ---- */

static const LuminaColumn *
find_column (LuminaFrame        *frame,
             const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      int c = lumina_frame_find_column (frame, names[i]);

      if (c >= 0)
        return lumina_frame_get_column (frame, c);
    }
  return NULL;
}

static LuminaFrame *
read_labels (GFile   *csv,
             GError **error)
{
  static const char * const text_columns[] = { "request_id", "id", "label", "target", "y", "row", NULL };
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (csv);
  LuminaCsvOptions options = { 0 };

  /* As text, so ids like "007" and labels like "1.0" stay what they were. */
  for (guint i = 0; text_columns[i] != NULL; i++)
    g_hash_table_insert (types, (gpointer) text_columns[i], GINT_TO_POINTER (LUMINA_COLUMN_TYPE_TEXT + 1));
  options.header = 1;
  options.types = types;
  options.types_may_be_absent = TRUE;
  options.n_threads = 1;

  frame = lumina_csv_read_file (csv, &options, NULL, NULL, &local_error);
  if (frame == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "Could not read labels from %s: %s",
                   name, local_error->message);
      return NULL;
    }
  if (lumina_frame_get_n_columns (frame) == 0 || lumina_frame_get_n_rows (frame) == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "%s has no labels: it is empty", name);
      return NULL;
    }
  return g_steal_pointer (&frame);
}

/* The target column of the model a deployment served last, when it is
 * in the registry. */
static char *
dup_model_target (LuminaWorkspace *workspace,
                  const char      *deployment)
{
  LuminaDb *db = _lumina_workspace_get_db (workspace);
  g_autoptr(LuminaRegistry) registry = NULL;
  g_autoptr(LuminaModel) model = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *bundle = NULL;

  lumina_db_lock (db);
  {
    g_autoptr(sqlite3_stmt) stmt = lumina_db_prepare (db,
                                                      "SELECT model, version FROM served_requests"
                                                      " WHERE deployment = ?1 ORDER BY id DESC LIMIT 1", NULL);

    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, deployment, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, sqlite3_column_text (stmt, 0),
                                 (gint64) sqlite3_column_int64 (stmt, 1));
      }
  }
  lumina_db_unlock (db);

  if (ref == NULL)
    return NULL;
  registry = lumina_registry_new (workspace);
  if (!lumina_registry_resolve (registry, ref, NULL, NULL, &bundle, NULL) ||
      !(model = lumina_model_load (bundle, NULL)))
    return NULL;
  return g_strdup (lumina_model_get_target (model));
}

static gboolean
find_columns (LuminaWorkspace  *workspace,
              const char       *deployment,
              LuminaFrame      *frame,
              const char       *name,
              Columns          *columns,
              GError          **error)
{
  columns->id = find_column (frame, id_names);
  columns->label = find_column (frame, label_names);
  columns->row = find_column (frame, (const char * const[]) { "row", NULL });

  if (columns->id == NULL)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "%s has no request id column: name one “request_id” or “id”", name);
      return FALSE;
    }
  if (columns->label == NULL)
    {
      g_autofree char *target = dup_model_target (workspace, deployment);
      int c = target != NULL ? lumina_frame_find_column (frame, target) : -1;

      if (c >= 0)
        columns->label = lumina_frame_get_column (frame, c);
      else
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "%s has no label column: name one “label”, “target” or “y”%s%s%s", name,
                       target != NULL ? ", or “" : "", target != NULL ? target : "",
                       target != NULL ? "”, the model's target" : "");
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- comparing labels ---- */

static gboolean
parse_number (const char *text,
              double     *value)
{
  const char *end;
  char *stop = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &stop);
  if (stop == NULL || stop == text)
    return FALSE;
  for (end = stop; g_ascii_isspace (*end); end++)
    ;
  return *end == '\0' && isfinite (*value);
}

static gboolean
parse_bool (const char *text,
            gboolean   *value)
{
  static const char * const yes[] = { "true", "yes", "1", NULL };
  static const char * const no[] = { "false", "no", "0", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0 || g_ascii_strcasecmp (text, no[i]) == 0)
        {
          *value = g_ascii_strcasecmp (text, yes[i]) == 0;
          return TRUE;
        }
    }
  return FALSE;
}

/* Class labels as the CSV and the model write them: "1" and "1.0" are
 * one class, and so are "true" and "1". */
static gboolean
labels_equal (const char *a,
              const char *b)
{
  double x, y;
  gboolean p, q;

  if (g_str_equal (a, b))
    return TRUE;
  if (parse_number (a, &x) && parse_number (b, &y))
    return x == y;
  if (parse_bool (a, &p) && parse_bool (b, &q))
    return p == q;
  return FALSE;
}

/* ---- captured predictions ---- */

static char *
node_to_text (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_DOUBLE)
    return lumina_format_double (json_node_get_double (node));
  return NULL;
}

/* Row @row of a captured outputs document (lumina-serve-output.c: a
 * record with "prediction" per row for classifiers, bare numbers for
 * regression). */
static gboolean
parse_outputs (const char *outputs,
               gint64      row,
               Prediction *pred)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, outputs, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return FALSE;
  array = json_node_get_array (json_parser_get_root (parser));
  if (row < 0 || row >= json_array_get_length (array))
    return FALSE;
  node = json_array_get_element (array, row);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *label = json_object_get_member (json_node_get_object (node), "prediction");

      pred->regression = FALSE;
      pred->prediction = label != NULL && JSON_NODE_HOLDS_VALUE (label) ? node_to_text (label) : NULL;
      return pred->prediction != NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
                                        json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  pred->regression = TRUE;
  pred->value = json_node_get_double (node);
  pred->prediction = lumina_format_double (pred->value);
  return TRUE;
}

/* The newest capture of @request_id by @deployment, row @row. */
static gboolean
lookup_captured (sqlite3_stmt *stmt,
                 const char   *deployment,
                 const char   *request_id,
                 gint64        row,
                 Prediction   *pred)
{
  gboolean found = FALSE;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, deployment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      parse_outputs ((const char *) sqlite3_column_text (stmt, 2), row, pred))
    {
      pred->model = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      pred->version = (guint) sqlite3_column_int64 (stmt, 1);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* The label recorded earlier for the row, with the prediction it was
 * joined to (which outlives the capture's own trimming). */
static gboolean
lookup_recorded (sqlite3_stmt *stmt,
                 const char   *deployment,
                 const char   *request_id,
                 gint64        row,
                 Recorded     *recorded)
{
  gboolean found = FALSE;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, deployment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, row);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      recorded->label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      recorded->pred.model = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      recorded->pred.version = (guint) sqlite3_column_int64 (stmt, 2);
      recorded->pred.prediction = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      recorded->pred.regression = sqlite3_column_type (stmt, 4) == SQLITE_NULL;
      parse_number (recorded->pred.prediction, &recorded->pred.value);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* ---- applying ---- */

typedef struct
{
  LuminaDb             *db;
  const char           *deployment;
  const char           *file_name;
  char                 *now;
  sqlite3_stmt         *captured;
  sqlite3_stmt         *recorded;
  sqlite3_stmt         *upsert;
  GHashTable           *touched;    /* "model\x1fversion" */
  GPtrArray            *unmatched;
  LuminaFeedbackReport *report;
} Apply;

static void
apply_clear (Apply *apply)
{
  g_clear_pointer (&apply->captured, sqlite3_finalize);
  g_clear_pointer (&apply->recorded, sqlite3_finalize);
  g_clear_pointer (&apply->upsert, sqlite3_finalize);
  g_clear_pointer (&apply->touched, g_hash_table_unref);
  g_clear_pointer (&apply->unmatched, g_ptr_array_unref);
  g_clear_pointer (&apply->now, g_free);
}

static gboolean
apply_prepare (Apply   *apply,
               GError **error)
{
  apply->captured = lumina_db_prepare (apply->db,
                                       "SELECT model, version, outputs FROM served_requests"
                                       " WHERE deployment = ?1 AND request_id = ?2 ORDER BY id DESC LIMIT 1",
                                       error);
  if (apply->captured == NULL)
    return FALSE;
  apply->recorded = lumina_db_prepare (apply->db,
                                       "SELECT label, model, version, prediction, correct FROM feedback_labels"
                                       " WHERE deployment = ?1 AND request_id = ?2 AND row = ?3", error);
  if (apply->recorded == NULL)
    return FALSE;
  apply->upsert = lumina_db_prepare (apply->db,
                                     "INSERT INTO feedback_labels (deployment, request_id, row, model, version,"
                                     " label, prediction, correct, error, time)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                     " ON CONFLICT (deployment, request_id, row) DO UPDATE SET"
                                     " model = excluded.model, version = excluded.version,"
                                     " label = excluded.label, prediction = excluded.prediction,"
                                     " correct = excluded.correct, error = excluded.error, time = excluded.time",
                                     error);
  return apply->upsert != NULL;
}

static gboolean
record_label (Apply             *apply,
              const char        *request_id,
              gint64             row,
              const char        *label,
              const Prediction  *pred,
              guint              line,
              GError           **error)
{
  sqlite3_stmt *stmt = apply->upsert;
  double truth;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, apply->deployment, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, row);
  sqlite3_bind_text (stmt, 4, pred->model, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, pred->version);
  sqlite3_bind_text (stmt, 6, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, pred->prediction, -1, SQLITE_STATIC);
  if (!pred->regression)
    sqlite3_bind_int (stmt, 8, labels_equal (label, pred->prediction));
  else if (parse_number (label, &truth))
    sqlite3_bind_double (stmt, 9, pred->value - truth);
  else
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "%s, line %u: the label “%s” is not a number, but %s version %u is a regression model",
                   apply->file_name, line, label, pred->model, pred->version);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 10, apply->now, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (apply->db, error, "recording a label");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
parse_row_index (const LuminaColumn  *column,
                 gsize                r,
                 gint64              *row,
                 const char          *file_name,
                 GError             **error)
{
  g_autofree char *text = NULL;

  *row = 0;
  if (column == NULL || !lumina_column_is_valid (column, r))
    return TRUE;
  text = lumina_column_format_value (column, r);
  if (text[0] == '\0' || g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, row, NULL))
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               "%s, line %" G_GSIZE_FORMAT ": the row “%s” is not a row number (0, 1, …)", file_name, r + 2, text);
  return FALSE;
}

/* Joins and records one line of the file. */
static gboolean
apply_line (Apply               *apply,
            const Columns       *columns,
            gsize                r,
            GError             **error)
{
  g_autofree char *id = lumina_column_format_value (columns->id, r);
  g_autofree char *label = lumina_column_format_value (columns->label, r);
  Recorded recorded = { NULL };
  Prediction pred = { NULL };
  gboolean known, ok = TRUE;
  gint64 row;

  g_strstrip (id);
  g_strstrip (label);
  if (!parse_row_index (columns->row, r, &row, apply->file_name, error))
    return FALSE;
  if (id[0] == '\0' || label[0] == '\0')
    {
      apply->report->skipped++;
      return TRUE;
    }

  known = lookup_recorded (apply->recorded, apply->deployment, id, row, &recorded);
  if (!lookup_captured (apply->captured, apply->deployment, id, row, &pred) && known)
    {
      pred = recorded.pred;
      memset (&recorded.pred, 0, sizeof recorded.pred);
    }
  if (pred.model == NULL)
    {
      apply->report->unmatched++;
      if (apply->unmatched->len < MAX_UNMATCHED_IDS)
        g_ptr_array_add (apply->unmatched, g_strdup (id));
    }
  else
    {
      apply->report->matched++;
      g_hash_table_add (apply->touched, g_strdup_printf ("%s\x1f%u", pred.model, pred.version));
      if (known && g_str_equal (recorded.label, label))
        apply->report->unchanged++;
      else if ((ok = record_label (apply, id, row, label, &pred, (guint) r + 2, error)))
        {
          if (known)
            apply->report->relabelled++;
          else
            apply->report->recorded++;
        }
    }

  g_free (recorded.label);
  prediction_clear (&recorded.pred);
  prediction_clear (&pred);
  return ok;
}

static LuminaFeedbackVersion *
summarize_version (Apply       *apply,
                   const char  *key,
                   GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
  g_autoptr(sqlite3_stmt) stmt =
    lumina_db_prepare (apply->db,
                       "SELECT COUNT(*), COUNT(correct), AVG(correct), AVG(error * error), AVG(abs(error))"
                       " FROM feedback_labels WHERE deployment = ?1 AND model = ?2 AND version = ?3", error);
  LuminaFeedbackVersion *version;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, apply->deployment, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, parts[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, parts[1], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lumina_db_set_error (apply->db, error, "summarising the labels");
      return NULL;
    }
  version = g_new0 (LuminaFeedbackVersion, 1);
  version->model = g_strdup (parts[0]);
  version->version = (guint) g_ascii_strtoull (parts[1], NULL, 10);
  version->n_labels = (guint64) sqlite3_column_int64 (stmt, 0);
  version->regression = sqlite3_column_int64 (stmt, 1) == 0;
  version->accuracy = version->regression ? NAN : sqlite3_column_double (stmt, 2);
  version->rmse = version->regression ? sqrt (sqlite3_column_double (stmt, 3)) : NAN;
  version->mae = version->regression ? sqlite3_column_double (stmt, 4) : NAN;
  return version;
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  const LuminaFeedbackVersion *x = *(LuminaFeedbackVersion * const *) a;
  const LuminaFeedbackVersion *y = *(LuminaFeedbackVersion * const *) b;
  int c = strcmp (x->model, y->model);

  return c != 0 ? c : (x->version > y->version) - (x->version < y->version);
}

static gboolean
summarize (Apply   *apply,
           GError **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, apply->touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      LuminaFeedbackVersion *version = summarize_version (apply, key, error);

      if (version == NULL)
        return FALSE;
      g_ptr_array_add (apply->report->versions, version);
    }
  g_ptr_array_sort (apply->report->versions, compare_versions);
  return TRUE;
}

static void
add_point (GPtrArray                   *points,
           const char                  *name,
           const LuminaFeedbackReport  *report,
           const LuminaFeedbackVersion *version,
           double                       value)
{
  g_autofree char *number = g_strdup_printf ("%u", version->version);
  const char *labels[] = { "deployment", report->deployment, "model", version->model, "version", number, NULL };

  g_ptr_array_add (points, lumina_metric_point_new (name, labels, report->time_ms, value));
}

static gboolean
store_metrics (LuminaMetricStore           *store,
               const LuminaFeedbackReport  *report,
               GError                     **error)
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);

  for (guint i = 0; i < report->versions->len; i++)
    {
      const LuminaFeedbackVersion *version = g_ptr_array_index (report->versions, i);

      add_point (points, LUMINA_FEEDBACK_LABELS_METRIC, report, version, (double) version->n_labels);
      if (version->regression)
        {
          add_point (points, LUMINA_FEEDBACK_RMSE_METRIC, report, version, version->rmse);
          add_point (points, LUMINA_FEEDBACK_MAE_METRIC, report, version, version->mae);
        }
      else
        add_point (points, LUMINA_FEEDBACK_ACCURACY_METRIC, report, version, version->accuracy);
    }
  if (points->len == 0)
    return TRUE;
  return lumina_metric_store_append_points (store, points, error) && lumina_metric_store_flush (store, error);
}

static gboolean
deployment_known (LuminaDb    *db,
                  const char  *deployment,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lumina_db_prepare (db,
                       "SELECT 1 FROM deployments WHERE name = ?1"
                       " UNION ALL SELECT 1 FROM served_requests WHERE deployment = ?1"
                       " UNION ALL SELECT 1 FROM feedback_labels WHERE deployment = ?1 LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, deployment, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_NOT_FOUND,
               "There is no deployment “%s”, and nothing it served was captured", deployment);
  return FALSE;
}

/* Every line, in one transaction with the caller holding the lock. */
static gboolean
apply_all (Apply              *apply,
           LuminaFrame        *frame,
           const Columns      *columns,
           LuminaMetricStore  *store,
           GError            **error)
{
  gsize n_rows = lumina_frame_get_n_rows (frame);

  if (!deployment_known (apply->db, apply->deployment, error) || !apply_prepare (apply, error) ||
      !lumina_db_begin (apply->db, error))
    return FALSE;
  for (gsize r = 0; r < n_rows; r++)
    if (!apply_line (apply, columns, r, error))
      goto fail;
  if (!summarize (apply, error))
    goto fail;
  /* Stored before the commit: on failure neither the labels nor the figures stay. */
  if (store != NULL && !store_metrics (store, apply->report, error))
    goto fail;
  if (!lumina_db_commit (apply->db, error))
    goto fail;
  return TRUE;

fail:
  lumina_db_rollback (apply->db);
  return FALSE;
}

static LuminaFeedbackReport *
report_new (const char *deployment,
            gint64      now_us,
            gsize       n_rows)
{
  LuminaFeedbackReport *report = g_new0 (LuminaFeedbackReport, 1);

  report->deployment = g_strdup (deployment);
  report->time_ms = now_us / 1000;
  report->rows_read = (guint) n_rows;
  report->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) feedback_version_free);
  return report;
}

/**
 * lumina_feedback_apply:
 * @workspace: the workspace whose deployment captured the predictions
 * @store: (nullable): where the figures go; %NULL to only record labels
 * @deployment: the deployment's name (the endpoint that answered)
 * @csv: a CSV with a header: a request id column (`request_id` or `id`),
 *   a label column (`label`, `target`, `y`, or the model's target) and
 *   optionally `row`, the row within a request of several rows (from 0)
 * @out_report: (out) (optional) (transfer full): what was read, matched
 *   and stored
 * @error: a location for a #GError
 *
 * Joins the labels to the predictions @deployment captured for those
 * request ids, records them (a label already recorded for a row is not
 * counted again; a different one replaces it), and stores at the current
 * time, per model version the file touched and over every label recorded
 * for it, `lumina_model_accuracy_ratio` (classifiers) or
 * `lumina_model_rmse` and `lumina_model_mae` (regression), with
 * `lumina_model_feedback_labels_total`, labelled deployment, model and
 * version.  Only captured requests can be joined: see the deployment's
 * capture rate.  Blocks on the database: call it from a worker thread or
 * a command line tool.
 *
 * Returns: %FALSE with INVALID_INPUT for a file without the columns or
 *   the rows needed, or NOT_FOUND for an unknown deployment; then nothing
 *   is recorded or stored
 */
gboolean
lumina_feedback_apply (LuminaWorkspace       *workspace,
                       LuminaMetricStore     *store,
                       const char            *deployment,
                       GFile                 *csv,
                       LuminaFeedbackReport **out_report,
                       GError               **error)
{
  g_autoptr(LuminaFeedbackReport) report = NULL;
  g_autoptr(LuminaFrame) frame = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *file_name = NULL;
  Apply apply = { NULL };
  Columns columns;
  gboolean ok;

  g_return_val_if_fail (LUMINA_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (store == NULL || LUMINA_IS_METRIC_STORE (store), FALSE);
  g_return_val_if_fail (deployment != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (csv), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file_name = g_file_get_parse_name (csv);
  if (!(frame = read_labels (csv, error)) ||
      !find_columns (workspace, deployment, frame, file_name, &columns, error))
    return FALSE;

  report = report_new (deployment, g_date_time_to_unix (now) * G_USEC_PER_SEC +
                       g_date_time_get_microsecond (now), lumina_frame_get_n_rows (frame));
  apply.db = _lumina_workspace_get_db (workspace);
  apply.deployment = deployment;
  apply.file_name = file_name;
  apply.now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  apply.touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  apply.unmatched = g_ptr_array_new_with_free_func (g_free);
  apply.report = report;

  lumina_db_lock (apply.db);
  ok = apply_all (&apply, frame, &columns, store, error);
  lumina_db_unlock (apply.db);

  g_ptr_array_add (apply.unmatched, NULL);
  report->unmatched_ids = (GStrv) g_ptr_array_steal (apply.unmatched, NULL);
  apply_clear (&apply);
  if (!ok)
    return FALSE;

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}

static void
set_double_or_null (JsonObject *object,
                    const char *member,
                    double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/**
 * lumina_feedback_report_to_json:
 *
 * Returns: (transfer full): the report as an object, the way `lumina
 *   feedback --json` prints it
 */
JsonNode *
lumina_feedback_report_to_json (const LuminaFeedbackReport *report)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;
  JsonObject *object;
  JsonArray *ids, *versions;
  JsonNode *node;

  g_return_val_if_fail (report != NULL, NULL);

  time = g_date_time_new_from_unix_utc (report->time_ms / 1000);
  iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;
  object = json_object_new ();
  ids = json_array_new ();
  versions = json_array_new ();

  json_object_set_string_member (object, "deployment", report->deployment);
  json_object_set_string_member (object, "time", iso);
  json_object_set_int_member (object, "rows_read", report->rows_read);
  json_object_set_int_member (object, "skipped", report->skipped);
  json_object_set_int_member (object, "matched", report->matched);
  json_object_set_int_member (object, "unmatched", report->unmatched);
  json_object_set_int_member (object, "recorded", report->recorded);
  json_object_set_int_member (object, "relabelled", report->relabelled);
  json_object_set_int_member (object, "unchanged", report->unchanged);
  for (guint i = 0; report->unmatched_ids != NULL && report->unmatched_ids[i] != NULL; i++)
    json_array_add_string_element (ids, report->unmatched_ids[i]);
  json_object_set_array_member (object, "unmatched_ids", ids);
  for (guint i = 0; i < report->versions->len; i++)
    {
      const LuminaFeedbackVersion *version = g_ptr_array_index (report->versions, i);
      JsonObject *v = json_object_new ();

      json_object_set_string_member (v, "model", version->model);
      json_object_set_int_member (v, "version", version->version);
      json_object_set_string_member (v, "task", version->regression ? "regression" : "classification");
      json_object_set_int_member (v, "labels", (gint64) version->n_labels);
      if (version->regression)
        {
          set_double_or_null (v, "rmse", version->rmse);
          set_double_or_null (v, "mae", version->mae);
        }
      else
        set_double_or_null (v, "accuracy", version->accuracy);
      json_array_add_object_element (versions, v);
    }
  json_object_set_array_member (object, "versions", versions);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
