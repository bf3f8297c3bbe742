/* lumina-labels.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The target column as learners see it: the task, the class labels in a
 * stable order (numbers numerically, strings lexicographically, false
 * before true), class indices or values per row; and the fold assignment
 * used for cross-validation.
 */
#define G_LOG_DOMAIN "lumina-labels"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-preprocess-private.h"

#define MAX_STRING_CLASSES   50     /* inferred multiclass from strings */
#define MAX_INTEGER_CLASSES  20     /* inferred multiclass from integers */
#define MAX_CLASSES          1000   /* any classification */

struct _LuminaLabels
{
  LuminaTask        task;
  LuminaColumnType  type;
  guint             n_classes;
  char            **classes;
  GHashTable       *index;      /* label → class + 1 */
};

static gboolean
is_string_type (LuminaColumnType type)
{
  return type == LUMINA_COLUMN_TYPE_CATEGORICAL || type == LUMINA_COLUMN_TYPE_TEXT;
}

typedef struct
{
  char   *text;
  double  number;
} Distinct;

static void
distinct_clear (gpointer data)
{
  g_free (((Distinct *) data)->text);
}

static int
compare_distinct (gconstpointer a,
                  gconstpointer b,
                  gpointer      numeric)
{
  const Distinct *x = a, *y = b;

  if (GPOINTER_TO_INT (numeric))
    return (x->number > y->number) - (x->number < y->number);
  return strcmp (x->text, y->text);
}

/* The distinct present values of @target, sorted; stops after @limit.
 * Strings are told apart by code, numbers by value: nothing is formatted
 * more than once per distinct value. */
static GArray *
collect_distinct (const LuminaColumn *target,
                  guint               limit)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, NULL);
  g_autofree guint8 *seen_codes = target->codes ? g_new0 (guint8, MAX (target->n_dict, 1)) : NULL;
  GArray *values = g_array_new (FALSE, TRUE, sizeof (Distinct));
  gboolean numeric = !is_string_type (target->type);

  g_array_set_clear_func (values, distinct_clear);

  for (gsize row = 0; row < target->n_rows && values->len <= limit; row++)
    {
      Distinct value = { NULL, 0 };

      if (!lumina_column_is_valid (target, row))
        continue;

      if (seen_codes != NULL)
        {
          if (seen_codes[target->codes[row]])
            continue;
          seen_codes[target->codes[row]] = 1;
        }
      else
        {
          value.number = lumina_column_get_double (target, row);
          if (g_hash_table_contains (seen, &value.number))
            continue;
          g_hash_table_add (seen, g_memdup2 (&value.number, sizeof (double)));
        }

      value.text = lumina_column_format_value (target, row);
      g_array_append_val (values, value);
    }

  g_array_sort_with_data (values, compare_distinct, GINT_TO_POINTER (numeric));
  return values;
}

static gboolean
only_one_class (const LuminaColumn  *target,
                GArray              *values,
                GError             **error)
{
  if (values->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” has no values", target->name);
      return TRUE;
    }
  if (values->len == 1)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” has only one class (“%s”): there is nothing to predict",
                   target->name, g_array_index (values, Distinct, 0).text);
      return TRUE;
    }
  return FALSE;
}

static gboolean
all_numbers (GArray *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      const char *text = g_array_index (values, Distinct, i).text;
      char *end = NULL;

      g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
small_non_negative (GArray *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      double number = g_array_index (values, Distinct, i).number;

      if (number < 0 || number > 2 * MAX_INTEGER_CLASSES)
        return FALSE;
    }
  return TRUE;
}

/**
 * lumina_labels_infer_task:
 * Booleans and strings with two values are binary; strings with 3..50
 * values and integers with 3..20 small non-negative values multiclass;
 * other numbers regression.  A target with one value, none, or too many
 * strings to be classes is an error.
 */
gboolean
lumina_labels_infer_task (const LuminaColumn  *target,
                          LuminaTask          *task,
                          GError             **error)
{
  g_autoptr(GArray) values = NULL;

  g_return_val_if_fail (target != NULL && task != NULL, FALSE);

  if (target->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” holds timestamps, which cannot be predicted", target->name);
      return FALSE;
    }

  values = collect_distinct (target, target->type == LUMINA_COLUMN_TYPE_FLOAT ? 2 : MAX_STRING_CLASSES + 1);
  if (only_one_class (target, values, error))
    return FALSE;

  switch (target->type)
    {
    case LUMINA_COLUMN_TYPE_BOOLEAN:
      *task = LUMINA_TASK_BINARY;
      return TRUE;

    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
      if (values->len <= MAX_STRING_CLASSES)
        {
          *task = values->len == 2 ? LUMINA_TASK_BINARY : LUMINA_TASK_MULTICLASS;
          return TRUE;
        }
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” has more than %d distinct values, too many for classification%s",
                   target->name, MAX_STRING_CLASSES,
                   all_numbers (values) ? "; its values are numbers: use regression" : "");
      return FALSE;

    case LUMINA_COLUMN_TYPE_INTEGER:
      if (values->len == 2)
        *task = LUMINA_TASK_BINARY;
      else if (values->len <= MAX_INTEGER_CLASSES && small_non_negative (values))
        *task = LUMINA_TASK_MULTICLASS;
      else
        *task = LUMINA_TASK_REGRESSION;
      return TRUE;

    case LUMINA_COLUMN_TYPE_FLOAT:
      *task = LUMINA_TASK_REGRESSION;
      return TRUE;

    case LUMINA_COLUMN_TYPE_TIMESTAMP:
    default:
      g_assert_not_reached ();
    }
}

static LuminaLabels *
labels_new (LuminaTask        task,
            LuminaColumnType  type,
            guint             n_classes)
{
  LuminaLabels *labels = g_new0 (LuminaLabels, 1);

  labels->task = task;
  labels->type = type;
  labels->n_classes = n_classes;
  labels->classes = g_new0 (char *, n_classes + 1);
  labels->index = g_hash_table_new (g_str_hash, g_str_equal);
  return labels;
}

static void
labels_set_class (LuminaLabels *labels,
                  guint         index,
                  const char   *text)
{
  labels->classes[index] = g_strdup (text);
  g_hash_table_insert (labels->index, labels->classes[index], GUINT_TO_POINTER (index + 1));
}

static LuminaLabels *
fit_regression (const LuminaColumn  *target,
                GError             **error)
{
  g_autoptr(GArray) values = NULL;

  if (!lumina_column_type_is_numeric (target->type) || target->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” holds %s values: regression needs numbers",
                   target->name, lumina_column_type_to_string (target->type));
      return NULL;
    }

  values = collect_distinct (target, 2);
  if (values->len < 2)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   values->len == 0 ? "Target “%s” has no values" : "Target “%s” has only one value (%s)",
                   target->name, values->len ? g_array_index (values, Distinct, 0).text : "");
      return NULL;
    }

  return labels_new (LUMINA_TASK_REGRESSION, target->type, 0);
}

/**
 * lumina_labels_fit:
 * Returns: (transfer full): the labels of @target for @task, or %NULL with
 *   an %LUMINA_ERROR_INVALID_INPUT error
 */
LuminaLabels *
lumina_labels_fit (const LuminaColumn  *target,
                   LuminaTask           task,
                   GError             **error)
{
  g_autoptr(GArray) values = NULL;
  LuminaLabels *labels;

  g_return_val_if_fail (target != NULL, NULL);

  if (task == LUMINA_TASK_REGRESSION)
    return fit_regression (target, error);

  if (target->type == LUMINA_COLUMN_TYPE_TIMESTAMP)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” holds timestamps, which cannot be classes", target->name);
      return NULL;
    }

  values = collect_distinct (target, MAX_CLASSES);
  if (only_one_class (target, values, error))
    return NULL;
  if (values->len > MAX_CLASSES ||
      (task == LUMINA_TASK_BINARY && values->len != 2) ||
      (task == LUMINA_TASK_MULTICLASS && values->len < 3))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” has %s%u classes; %s", target->name,
                   values->len > MAX_CLASSES ? "more than " : "", MIN (values->len, MAX_CLASSES),
                   task == LUMINA_TASK_BINARY ? "binary classification needs exactly 2" :
                   values->len < 3 ? "use binary classification" : "that is too many for classification");
      return NULL;
    }

  labels = labels_new (task, target->type, values->len);
  for (guint i = 0; i < values->len; i++)
    labels_set_class (labels, i, g_array_index (values, Distinct, i).text);
  return labels;
}

LuminaTask
lumina_labels_get_task (LuminaLabels *labels)
{
  g_return_val_if_fail (labels != NULL, LUMINA_TASK_REGRESSION);

  return labels->task;
}

/**
 * lumina_labels_get_n_classes:
 * Returns: the number of classes; 1 for regression (the learners' convention)
 */
guint
lumina_labels_get_n_classes (LuminaLabels *labels)
{
  g_return_val_if_fail (labels != NULL, 0);

  return labels->task == LUMINA_TASK_REGRESSION ? 1 : labels->n_classes;
}

/**
 * lumina_labels_get_class:
 * Returns: (transfer none) (nullable): the label of class @index, as text
 */
const char *
lumina_labels_get_class (LuminaLabels *labels,
                         guint         index)
{
  g_return_val_if_fail (labels != NULL, NULL);

  return index < labels->n_classes ? labels->classes[index] : NULL;
}

/* The type of the column the labels came from (for prediction columns). */
LuminaColumnType
_lumina_labels_get_column_type (LuminaLabels *labels)
{
  return labels->type;
}

/* Class index of @row, looked up once per distinct code or value. */
static gboolean
encode_class (LuminaLabels        *labels,
              GHashTable          *cache,
              const LuminaColumn  *target,
              gsize                row,
              double              *out,
              GError             **error)
{
  double key = target->codes != NULL ? target->codes[row] : lumina_column_get_double (target, row);
  gpointer cached;
  g_autofree char *text = NULL;
  guint index;

  if ((cached = g_hash_table_lookup (cache, &key)) != NULL)
    {
      *out = GPOINTER_TO_UINT (cached) - 1;
      return TRUE;
    }

  text = lumina_column_format_value (target, row);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (labels->index, text));
  if (index == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” has the unknown class “%s” in row %" G_GSIZE_FORMAT,
                   target->name, text, row + 1);
      return FALSE;
    }

  g_hash_table_insert (cache, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (index));
  *out = index - 1;
  return TRUE;
}

/**
 * lumina_labels_encode:
 * Returns: (transfer full): one value per row (class index or value), or
 *   %NULL with an error naming the first row (1-based) that is missing or
 *   holds an unknown class
 */
double *
lumina_labels_encode (LuminaLabels        *labels,
                      const LuminaColumn  *target,
                      GError             **error)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, NULL);
  g_autofree double *y = NULL;

  g_return_val_if_fail (labels != NULL && target != NULL, NULL);

  if (labels->task == LUMINA_TASK_REGRESSION &&
      (!lumina_column_type_is_numeric (target->type) || target->type == LUMINA_COLUMN_TYPE_TIMESTAMP))
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   "Target “%s” holds %s values: regression needs numbers",
                   target->name, lumina_column_type_to_string (target->type));
      return NULL;
    }

  y = g_new0 (double, MAX (target->n_rows, 1));
  for (gsize row = 0; row < target->n_rows; row++)
    {
      if (!lumina_column_is_valid (target, row) ||
          (labels->task == LUMINA_TASK_REGRESSION && !isfinite (lumina_column_get_double (target, row))))
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "Target “%s” is missing in row %" G_GSIZE_FORMAT " (and maybe others); "
                       "drop or fill those rows first", target->name, row + 1);
          return NULL;
        }

      if (labels->task == LUMINA_TASK_REGRESSION)
        y[row] = lumina_column_get_double (target, row);
      else if (!encode_class (labels, cache, target, row, &y[row], error))
        return NULL;
    }

  return g_steal_pointer (&y);
}

/**
 * lumina_labels_to_json:
 * Returns: (transfer full): {"task", "type", "classes": [...]}
 */
JsonNode *
lumina_labels_to_json (LuminaLabels *labels)
{
  JsonObject *object = json_object_new ();
  JsonArray *classes = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (labels != NULL, NULL);

  json_object_set_string_member (object, "task", _lumina_task_to_string (labels->task));
  json_object_set_string_member (object, "type", lumina_column_type_to_string (labels->type));
  for (guint i = 0; i < labels->n_classes; i++)
    json_array_add_string_element (classes, labels->classes[i]);
  json_object_set_array_member (object, "classes", classes);

  json_node_take_object (node, object);
  return node;
}

static gboolean
labels_corrupt (GError     **error,
                const char  *what)
{
  g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT, "Invalid target labels: %s", what);
  return FALSE;
}

/**
 * lumina_labels_from_json:
 * Returns: (transfer full): the labels, or %NULL with a %LUMINA_ERROR_CORRUPT error
 */
LuminaLabels *
lumina_labels_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(LuminaLabels) labels = NULL;
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *classes = object ? json_object_get_member (object, "classes") : NULL;
  LuminaColumnType type;
  LuminaTask task;
  guint n;

  if (object == NULL || classes == NULL || !JSON_NODE_HOLDS_ARRAY (classes) ||
      !_lumina_task_from_string (json_object_get_string_member_with_default (object, "task", ""), &task) ||
      !lumina_column_type_from_string (json_object_get_string_member_with_default (object, "type", ""), &type))
    {
      labels_corrupt (error, "“task”, “type” or “classes” is missing or wrong");
      return NULL;
    }

  n = json_array_get_length (json_node_get_array (classes));
  if ((task == LUMINA_TASK_BINARY && n != 2) || (task == LUMINA_TASK_MULTICLASS && (n < 3 || n > MAX_CLASSES)) ||
      (task == LUMINA_TASK_REGRESSION && n != 0))
    {
      labels_corrupt (error, "the number of classes does not fit the task");
      return NULL;
    }

  labels = labels_new (task, type, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (classes), i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          g_hash_table_contains (labels->index, json_node_get_string (element)))
        {
          labels_corrupt (error, "a class is not a string or appears twice");
          return NULL;
        }
      labels_set_class (labels, i, json_node_get_string (element));
    }

  return g_steal_pointer (&labels);
}

void
lumina_labels_free (LuminaLabels *labels)
{
  if (labels == NULL)
    return;

  g_hash_table_unref (labels->index);
  g_strfreev (labels->classes);
  g_free (labels);
}

/**
 * lumina_folds_assign:
 * @y: (nullable): class indices, for stratification
 *
 * Shuffles the rows with @seed and deals them out to @k folds in turn.
 * With classes, each class is dealt in turn, continuing where the previous
 * one stopped: every fold gets its class share within one row, and fold
 * sizes differ by at most one.  Rows whose class is out of range are
 * dealt last.
 *
 * Returns: (transfer full): the fold (0..k-1) of each row
 */
guint8 *
lumina_folds_assign (gsize         n_rows,
                     guint         k,
                     const double *y,
                     guint         n_classes,
                     guint64       seed)
{
  g_autofree guint32 *order = g_new (guint32, MAX (n_rows, 1));
  g_autofree gsize *start = NULL;
  guint8 *folds = g_new0 (guint8, MAX (n_rows, 1));
  guint64 state = seed;
  gsize n_groups = 1;

  g_return_val_if_fail (k >= 1 && k <= G_MAXUINT8 + 1, folds);
  g_return_val_if_fail (n_rows <= G_MAXUINT32, folds);

  if (y != NULL && n_classes > 1)
    n_groups = n_classes + 1;

  /* Counting sort of the rows by class; the last group holds odd values. */
  start = g_new0 (gsize, n_groups + 1);
  for (gsize row = 0; row < n_rows; row++)
    {
      gsize group = 0;

      if (n_groups > 1)
        group = y[row] >= 0 && y[row] < n_classes ? (gsize) y[row] : n_classes;
      start[group + 1]++;
    }
  for (gsize g = 1; g <= n_groups; g++)
    start[g] += start[g - 1];
  {
    g_autofree gsize *next = g_memdup2 (start, sizeof (gsize) * (n_groups + 1));

    for (gsize row = 0; row < n_rows; row++)
      {
        gsize group = 0;

        if (n_groups > 1)
          group = y[row] >= 0 && y[row] < n_classes ? (gsize) y[row] : n_classes;
        order[next[group]++] = (guint32) row;
      }
  }

  for (gsize g = 0; g < n_groups; g++)
    _lumina_random_shuffle (order + start[g], start[g + 1] - start[g], &state);

  for (gsize i = 0; i < n_rows; i++)
    folds[order[i]] = (guint8) (i % k);

  return folds;
}
