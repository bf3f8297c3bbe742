/* lumina-data-format.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lumina-data-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lumina-activity-row.h"
#include "lumina-data-format.h"

/* Same order as LuminaColumnType. */
static const struct {
  const char *id;
  const char *label;
} column_types[] = {
  { "integer", N_("Integer") },
  { "float", N_("Float") },
  { "boolean", N_("Boolean") },
  { "categorical", N_("Categorical") },
  { "text", N_("Text") },
  { "timestamp", N_("Timestamp") },
};

/* Whole numbers with the locale's digit grouping: 1,000,000 in English. */
char *
lumina_data_format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

/* A statistic, short enough for a card: four significant digits. */
char *
lumina_data_format_number (double value)
{
  double magnitude = fabs (value);

  if (isnan (value))
    return g_strdup ("—");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  if (value == floor (value) && magnitude < 1e15)
    return g_strdup_printf ("%'.0f", value);
  if (magnitude >= 1e6 || magnitude < 1e-3)
    return g_strdup_printf ("%.3g", value);
  return g_strdup_printf ("%'.4g", value);
}

char *
lumina_data_format_percent (double fraction)
{
  if (fraction == 0.0)
    /* Translators: a percentage of exactly zero */
    return g_strdup (_("0 %"));
  if (fraction > 0.0 && fraction < 0.001)
    /* Translators: a share below one in a thousand */
    return g_strdup (_("< 0.1 %"));

  /* Translators: a percentage; keep the space before the sign as your language writes it */
  return g_strdup_printf (_("%.1f %%"), fraction * 100.0);
}

char *
lumina_data_format_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || iso8601[0] == '\0')
    return g_strdup (_("Unknown"));
  if (!(time = g_date_time_new_from_iso8601 (iso8601, NULL)))
    return g_strdup (iso8601);

  local = g_date_time_to_local (time);
  /* Translators: a date and time, see the GDateTime documentation for the codes */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
lumina_data_format_relative (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (iso8601 == NULL || !(time = g_date_time_new_from_iso8601 (iso8601, NULL)))
    return lumina_data_format_time (iso8601);

  return lumina_activity_format_relative_time (time, now);
}

char *
lumina_data_format_size (gint64 n_rows,
                         guint  n_columns)
{
  g_autofree char *rows = lumina_data_format_count (n_rows);

  /* Translators: the size of a table, such as “150 rows × 5 columns” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s rows × %u column", "%s rows × %u columns",
                                       n_columns),
                          rows, n_columns);
}

/**
 * lumina_data_format_type:
 * @type: a type as the engine writes it, such as "float"
 *
 * Returns: the type's name for people
 */
const char *
lumina_data_format_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_types); i++)
    if (g_strcmp0 (type, column_types[i].id) == 0)
      return _(column_types[i].label);

  return type ? type : "";
}

const char *
lumina_data_format_column_type (LuminaColumnType type)
{
  if ((guint) type >= G_N_ELEMENTS (column_types))
    return "";

  return _(column_types[type].label);
}

const char *
lumina_data_format_kind (const char *kind)
{
  if (g_strcmp0 (kind, "import") == 0)
    return C_("dataset version kind", "Import");
  if (g_strcmp0 (kind, "append") == 0)
    return C_("dataset version kind", "Append");

  return kind ? kind : "";
}

/* A scalar JSON value as text; numbers through lumina_data_format_number(). */
char *
lumina_data_format_json_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("…");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return lumina_data_format_count (json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return lumina_data_format_number (json_node_get_double (node));

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

    default:
      return g_strdup (json_node_get_string (node));
    }
}

/* The file's name without its extensions, made into a valid dataset name. */
char *
lumina_data_dataset_name_for (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  GString *name = g_string_new (NULL);
  char *dot;

  if (basename != NULL && (dot = strchr (basename + 1, '.')) != NULL)
    *dot = '\0';

  for (const char *p = basename ? basename : ""; *p != '\0' && name->len < 128; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.')
        g_string_append_c (name, *p);
      else if (name->len > 0 && name->str[name->len - 1] != '_')
        g_string_append_c (name, '_');
    }

  while (name->len > 0 && !g_ascii_isalnum (name->str[0]))
    g_string_erase (name, 0, 1);

  if (name->len == 0)
    g_string_append (name, "dataset");

  return g_string_free (name, FALSE);
}

/* The six column types, in LuminaColumnType order, for drop-downs. */
GListModel *
lumina_data_type_list_new (void)
{
  const char *labels[G_N_ELEMENTS (column_types) + 1] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (column_types); i++)
    labels[i] = _(column_types[i].label);

  return G_LIST_MODEL (gtk_string_list_new (labels));
}
