/* lumina-metric-catalog.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The series of the metric store: the in-memory table (by id and by key)
 * loaded from metrics.db, creation on first use, listing and lookup by
 * label matchers.
 */
#define G_LOG_DOMAIN "lumina-metric-catalog"

#include "config.h"

#include "lumina-error.h"
#include "lumina-metric-store-private.h"

void
_lumina_metric_series_free (gpointer data)
{
  LuminaMetricSeries *series = data;

  if (series == NULL)
    return;
  g_free (series->name);
  g_strfreev (series->labels);
  g_free (series->key);
  _lumina_metric_ring_clear (&series->ring);
  g_free (series);
}

/* Adds a series to the in-memory table; call with the lock held. */
static LuminaMetricSeries *
series_insert (LuminaMetricStore *self,
               guint              id,
               const char        *name,
               GStrv              labels,
               char              *key)
{
  LuminaMetricSeries *series = g_new0 (LuminaMetricSeries, 1);

  series->id = id;
  series->name = g_strdup (name);
  series->labels = labels;
  series->key = key;
  if (id >= self->series->len)
    g_ptr_array_set_size (self->series, id + 1);
  g_ptr_array_index (self->series, id) = series;
  g_hash_table_insert (self->series_by_key, series->key, series);
  return series;
}

gboolean
_lumina_metric_series_load (LuminaMetricStore  *self,
             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lumina_db_prepare (self->write_db, "SELECT id, name, labels FROM series ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      GStrv labels = _lumina_metric_labels_unpack (sqlite3_column_blob (stmt, 2),
                                                   sqlite3_column_bytes (stmt, 2));
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id <= 0 || id > G_MAXUINT32 || name == NULL)
        {
          g_strfreev (labels);
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_CORRUPT,
                       "The series table of “%s” is damaged", self->path);
          return FALSE;
        }
      series_insert (self, (guint) id, name, labels,
                     _lumina_metric_series_key (name, (const char * const *) labels));
    }
  if (rc != SQLITE_DONE)
    {
      lumina_db_set_error (self->write_db, error, "reading the series");
      return FALSE;
    }
  return TRUE;
}

static guint
lookup_series (LuminaMetricStore *self,
               const char        *key)
{
  LuminaMetricSeries *series;

  g_mutex_lock (&self->lock);
  series = g_hash_table_lookup (self->series_by_key, key);
  g_mutex_unlock (&self->lock);
  return series != NULL ? series->id : 0;
}

static guint
create_series (LuminaMetricStore  *self,
               const char         *name,
               GStrv               labels,
               char               *key,
               GError            **error)
{
  g_autoptr(GBytes) packed = _lumina_metric_labels_pack ((const char * const *) labels);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  if (!(stmt = lumina_db_prepare (self->write_db,
                                  "INSERT INTO series (key, name, labels) VALUES (?1, ?2, ?3)", error)))
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lumina_db_set_error (self->write_db, error, "adding a series");
      return 0;
    }
  id = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt));

  g_mutex_lock (&self->lock);
  series_insert (self, (guint) id, name, labels, key);
  g_mutex_unlock (&self->lock);
  return (guint) id;
}

/**
 * lumina_metric_store_series:
 * @name: a Prometheus metric name
 * @labels: (nullable) (array zero-terminated=1): key, value pairs, any order
 *
 * Finds the series of @name and @labels, creating it on first use.
 * Thread-safe.
 *
 * Returns: the series' id, stable across restarts, or 0 with @error set
 */
guint
lumina_metric_store_series (LuminaMetricStore   *self,
                            const char          *name,
                            const char * const  *labels,
                            GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) sorted = NULL;
  g_autofree char *key = NULL;
  guint id;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), 0);

  if (!_lumina_metric_check_name (name, error))
    return 0;
  sorted = _lumina_metric_sorted_labels (labels, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  key = _lumina_metric_series_key (name, (const char * const *) sorted);
  if ((id = lookup_series (self, key)) != 0)
    return id;

  g_mutex_lock (&self->write_lock);
  if (self->write_db == NULL)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED, "The metric store is closed");
  else if ((id = lookup_series (self, key)) == 0 &&
           (id = create_series (self, name, sorted, key, error)) != 0)
    {
      /* The table owns them now. */
      sorted = NULL;
      key = NULL;
    }
  g_mutex_unlock (&self->write_lock);
  return id;
}

static LuminaMetricSeriesInfo *
series_info (const LuminaMetricSeries *series)
{
  LuminaMetricSeriesInfo *info = g_new0 (LuminaMetricSeriesInfo, 1);

  info->id = series->id;
  info->name = g_strdup (series->name);
  info->labels = g_strdupv (series->labels);
  return info;
}

/**
 * lumina_metric_store_find_series:
 * @name: (nullable): the metric name, or %NULL for any
 * @matchers: (nullable) (array zero-terminated=1): label, op, value
 *   triples, op being "=", "!=", "=~" or "!~" (anchored regular expressions);
 *   a missing label matches as ""
 *
 * Thread-safe.
 *
 * Returns: (transfer container) (element-type LuminaMetricSeriesInfo) (nullable):
 *   the matching series by id, or %NULL with @error set for bad matchers
 */
GPtrArray *
lumina_metric_store_find_series (LuminaMetricStore   *self,
                                 const char          *name,
                                 const char * const  *matchers,
                                 GError             **error)
{
  g_autoptr(GPtrArray) compiled = NULL;
  GPtrArray *found;

  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), NULL);

  if (name != NULL && !_lumina_metric_check_name (name, error))
    return NULL;
  if (!(compiled = _lumina_metric_matchers_compile (matchers, error)))
    return NULL;

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_series_info_free);
  g_mutex_lock (&self->lock);
  for (guint id = 1; id < self->series->len; id++)
    {
      const LuminaMetricSeries *series = g_ptr_array_index (self->series, id);

      if (series != NULL && (name == NULL || g_str_equal (name, series->name)) &&
          _lumina_metric_matchers_match (compiled, (const char * const *) series->labels))
        g_ptr_array_add (found, series_info (series));
    }
  g_mutex_unlock (&self->lock);
  return found;
}

/**
 * lumina_metric_store_list_series:
 *
 * Thread-safe.
 *
 * Returns: (transfer container) (element-type LuminaMetricSeriesInfo): every series, by id
 */
GPtrArray *
lumina_metric_store_list_series (LuminaMetricStore *self)
{
  g_return_val_if_fail (LUMINA_IS_METRIC_STORE (self), NULL);

  return lumina_metric_store_find_series (self, NULL, NULL, NULL);
}
