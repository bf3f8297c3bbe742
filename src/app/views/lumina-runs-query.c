/* lumina-runs-query.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-runs-query"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-runs-query.h"

typedef enum {
  FIELD_PARAM,
  FIELD_METRIC,
  FIELD_TAG,
  FIELD_STATUS,
  FIELD_LEARNER,
  FIELD_NAME,
  FIELD_EXPERIMENT,
  FIELD_DATASET,
} Field;

typedef enum {
  OP_EQ,
  OP_NE,
  OP_GT,
  OP_GE,
  OP_LT,
  OP_LE,
  OP_CONTAINS,
} Op;

typedef struct
{
  Field     field;
  Op        op;
  char     *key;          /* param, metric and tag name */
  char     *value;        /* case-folded */
  double    number;
  gboolean  is_number;
} Clause;

struct _LuminaRunsQuery
{
  GArray *clauses;
};

static const struct {
  const char *name;
  Field       field;
} plain_fields[] = {
  { "status", FIELD_STATUS },
  { "learner", FIELD_LEARNER },
  { "name", FIELD_NAME },
  { "experiment", FIELD_EXPERIMENT },
  { "dataset", FIELD_DATASET },
};

/* Longest first, so ">=" is not read as ">". */
static const struct {
  const char *text;
  Op          op;
} operators[] = {
  { ">=", OP_GE }, { "<=", OP_LE }, { "!=", OP_NE }, { "==", OP_EQ },
  { ">", OP_GT }, { "<", OP_LT }, { "=", OP_EQ }, { "~", OP_CONTAINS },
};

static void
clause_clear (gpointer data)
{
  Clause *clause = data;

  g_free (clause->key);
  g_free (clause->value);
}

static gboolean
is_field_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

static gboolean
parse_field (const char  *name,
             Clause      *clause,
             GError     **error)
{
  static const struct {
    const char *prefix;
    Field       field;
  } prefixed[] = {
    { "param.", FIELD_PARAM }, { "metric.", FIELD_METRIC }, { "tag.", FIELD_TAG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixed); i++)
    if (g_str_has_prefix (name, prefixed[i].prefix) && name[strlen (prefixed[i].prefix)] != '\0')
      {
        clause->field = prefixed[i].field;
        clause->key = g_strdup (name + strlen (prefixed[i].prefix));
        return TRUE;
      }

  for (guint i = 0; i < G_N_ELEMENTS (plain_fields); i++)
    if (g_ascii_strcasecmp (name, plain_fields[i].name) == 0)
      {
        clause->field = plain_fields[i].field;
        return TRUE;
      }

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               /* Translators: a filter field such as “param.max_depth” was not understood */
               _("Unknown field “%s”: use param.NAME, metric.NAME, tag.NAME, status, learner, name, experiment or dataset"),
               name);
  return FALSE;
}

static gboolean
parse_operator (const char **p,
                const char  *field,
                Clause      *clause,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (g_str_has_prefix (*p, operators[i].text))
      {
        clause->op = operators[i].op;
        *p += strlen (operators[i].text);
        return TRUE;
      }

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               /* Translators: a filter such as “param.max_depth” lacks “>5” */
               _("Expected an operator after “%s”: = != > >= < <= or ~"), field);
  return FALSE;
}

static char *
parse_value (const char **p,
             const char  *field,
             GError     **error)
{
  const char *start = *p;

  if (*start == '"' || *start == '\'')
    {
      const char *end = strchr (start + 1, *start);

      if (end == NULL)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       _("The value after “%s” lacks its closing quote"), field);
          return NULL;
        }
      *p = end + 1;
      return g_strndup (start + 1, end - start - 1);
    }

  while (**p != '\0' && !g_ascii_isspace (**p))
    (*p)++;

  if (*p == start)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   /* Translators: a filter such as “status=” lacks its value */
                   _("Missing value after “%s”"), field);
      return NULL;
    }

  return g_strndup (start, *p - start);
}

static gboolean
check_status (Clause  *clause,
              GError **error)
{
  LuminaRunStatus status;

  if (clause->field != FIELD_STATUS || clause->op == OP_CONTAINS ||
      lumina_run_status_from_string (clause->value, &status))
    return TRUE;

  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
               _("Unknown status “%s”: use running, finished, pruned, failed or cancelled"),
               clause->value);
  return FALSE;
}

static gboolean
parse_clause (const char **p,
              Clause      *clause,
              GError     **error)
{
  const char *start = *p;
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  char *end = NULL;

  while (is_field_char (**p))
    (*p)++;
  field = g_strndup (start, *p - start);
  if (field[0] == '\0')
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   _("Expected a field name at “%s”"), start);
      return FALSE;
    }

  if (!parse_field (field, clause, error) ||
      !parse_operator (p, field, clause, error) ||
      !(value = parse_value (p, field, error)))
    return FALSE;

  clause->number = g_ascii_strtod (value, &end);
  clause->is_number = end != value && *end == '\0' && isfinite (clause->number);
  clause->value = g_utf8_casefold (value, -1);

  return check_status (clause, error);
}

/**
 * lumina_runs_query_parse:
 * @text: the filter as typed
 *
 * Returns: (transfer full) (nullable): the query, which matches every run
 *   when @text is empty; %NULL with %LUMINA_ERROR_INVALID_INPUT and a message
 *   fit to show beside the entry
 */
LuminaRunsQuery *
lumina_runs_query_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(LuminaRunsQuery) self = g_new0 (LuminaRunsQuery, 1);
  const char *p = text ? text : "";

  self->clauses = g_array_new (FALSE, TRUE, sizeof (Clause));
  g_array_set_clear_func (self->clauses, clause_clear);

  for (;;)
    {
      Clause clause = { 0 };

      while (g_ascii_isspace (*p) || *p == ',')
        p++;
      if (*p == '\0')
        break;

      if (!parse_clause (&p, &clause, error))
        {
          clause_clear (&clause);
          return NULL;
        }
      g_array_append_val (self->clauses, clause);
    }

  return g_steal_pointer (&self);
}

guint
lumina_runs_query_get_n_clauses (LuminaRunsQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->clauses->len;
}

void
lumina_runs_query_free (LuminaRunsQuery *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->clauses, g_array_unref);
  g_free (self);
}

static gboolean
compare_result (Op  op,
                int cmp)
{
  switch (op)
    {
    case OP_EQ:
      return cmp == 0;
    case OP_NE:
      return cmp != 0;
    case OP_GT:
      return cmp > 0;
    case OP_GE:
      return cmp >= 0;
    case OP_LT:
      return cmp < 0;
    case OP_LE:
      return cmp <= 0;
    case OP_CONTAINS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
match_text (const Clause *clause,
            const char   *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  if (clause->op == OP_CONTAINS)
    return strstr (folded, clause->value) != NULL;

  return compare_result (clause->op, g_utf8_collate (folded, clause->value));
}

static gboolean
match_node (const Clause *clause,
            JsonNode     *node)
{
  GType type;
  double number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return match_text (clause, json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return match_text (clause, json_node_get_boolean (node) ? "true" : "false");

  number = json_node_get_double (node);
  if (clause->op == OP_CONTAINS || !clause->is_number)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      return match_text (clause, g_ascii_dtostr (buffer, sizeof buffer, number));
    }

  return compare_result (clause->op, (number > clause->number) - (number < clause->number));
}

static JsonNode *
lookup (JsonObject *object,
        const char *key)
{
  return object != NULL && json_object_has_member (object, key) ? json_object_get_member (object, key)
                                                                 : NULL;
}

static gboolean
match_clause (const Clause *clause,
              LuminaRun    *run)
{
  switch (clause->field)
    {
    case FIELD_PARAM:
      return match_node (clause, lookup (lumina_run_get_params (run), clause->key));
    case FIELD_METRIC:
      return match_node (clause, lookup (lumina_run_get_metrics (run), clause->key));
    case FIELD_TAG:
      return match_node (clause, lookup (lumina_run_get_tags (run), clause->key));
    case FIELD_STATUS:
      return match_text (clause, lumina_run_status_to_string (lumina_run_get_status (run)));
    case FIELD_LEARNER:
      return match_text (clause, lumina_run_get_learner (run));
    case FIELD_NAME:
      return match_text (clause, lumina_run_get_name (run));
    case FIELD_EXPERIMENT:
      return match_text (clause, lumina_run_get_experiment (run));
    case FIELD_DATASET:
      return match_text (clause, lumina_run_get_dataset_ref (run));
    default:
      g_assert_not_reached ();
    }
}

/* A run matches when every clause holds; a missing key never matches. */
gboolean
lumina_runs_query_match (LuminaRunsQuery *self,
                         LuminaRun       *run)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LUMINA_IS_RUN (run), FALSE);

  for (guint i = 0; i < self->clauses->len; i++)
    if (!match_clause (&g_array_index (self->clauses, Clause, i), run))
      return FALSE;

  return TRUE;
}
