/* lumina-csv-reader.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV into a LuminaFrame.  The text is mapped (or, for gzip,
 * inflated) into memory, cut at row boundaries into one part per thread,
 * and each part is tokenized straight into typed column builders that infer
 * their types as they go.  Parts are then unified and concatenated.  When a
 * column turns out wider than its builder can hold (a word after numbers),
 * its kind is fixed and the parse restarts: rare, and always correct.
 */
#define G_LOG_DOMAIN "lumina-csv-reader"

#include "config.h"

#include <string.h>

#include "lumina-csv.h"
#include "lumina-csv-private.h"
#include "lumina-error.h"
#include "lumina-frame-private.h"
#include "lumina-util.h"

#define SAMPLE_ROWS        100
#define MIN_PART_BYTES     (1024 * 1024)
#define CHECK_EVERY_ROWS   8192
#define MEMORY_CHECK_USEC  (50 * 1000)
#define INFLATE_STEP       (1024 * 1024)

typedef struct
{
  const char *s;
  gsize       len;
  gssize      scratch_offset;   /* >= 0: unescaped text lives in the scratch buffer */
  gboolean    quoted;
} Span;

typedef struct
{
  guint8   stops[256];      /* bytes that end an unquoted field */
  const char *start;
  Span    *fields;
  guint    n_fields;
  guint    capacity;
  GString *scratch;
} Row;

typedef enum
{
  ROW_OK,
  ROW_END,
  ROW_ERROR,
} RowResult;

typedef struct
{
  const char *pos;
  const char *message;
} SyntaxError;

static void
row_init (Row  *row,
          char  delimiter)
{
  memset (row->stops, 0, sizeof row->stops);
  row->stops[(guint8) delimiter] = row->stops['\n'] = row->stops['\r'] = 1;
  row->capacity = 16;
  row->fields = g_new (Span, row->capacity);
  row->n_fields = 0;
  row->scratch = g_string_new (NULL);
}

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->fields, g_free);
  if (row->scratch)
    g_string_free (g_steal_pointer (&row->scratch), TRUE);
}

static inline void
row_add (Row        *row,
         const char *s,
         gsize       len,
         gssize      scratch_offset,
         gboolean    quoted)
{
  if (row->n_fields == row->capacity)
    row->fields = g_renew (Span, row->fields, row->capacity *= 2);
  row->fields[row->n_fields++] = (Span) { s, len, scratch_offset, quoted };
}

/* A quoted field from just after its opening quote.  Returns the position
 * after the closing quote, or NULL when the file ends inside the quotes. */
static const char *
read_quoted (const char *p,
             const char *end,
             Row        *row)
{
  const char *start = p;
  gboolean escaped = FALSE;
  gsize offset;

  for (;;)
    {
      const char *q = memchr (p, '"', end - p);

      if (q == NULL)
        return NULL;
      if (q + 1 < end && q[1] == '"')
        {
          escaped = TRUE;
          p = q + 2;
          continue;
        }
      p = q;
      break;
    }

  if (!escaped)
    {
      row_add (row, start, p - start, -1, TRUE);
      return p + 1;
    }

  offset = row->scratch->len;
  for (const char *c = start; c < p; c++)
    {
      g_string_append_c (row->scratch, *c);
      if (*c == '"')
        c++;
    }
  row_add (row, NULL, row->scratch->len - offset, (gssize) offset, TRUE);
  return p + 1;
}

/* Reads one record at *pp.  Blank lines are skipped. */
static RowResult
read_row (const char  **pp,
          const char   *end,
          char          delimiter,
          Row          *row,
          SyntaxError  *error)
{
  const char *p = *pp;
  const guint8 *stops = row->stops;

  row->n_fields = 0;
  g_string_truncate (row->scratch, 0);

  while (p < end && (*p == '\n' || *p == '\r'))
    p++;
  if (p >= end)
    return (*pp = p, ROW_END);
  row->start = p;

  for (;;)
    {
      if (p < end && *p == '"')
        {
          const char *open = p;

          if (!(p = read_quoted (p + 1, end, row)))
            return (*error = (SyntaxError) { open, "a quoted field is never closed" }, ROW_ERROR);
          if (p < end && *p != delimiter && *p != '\n' && *p != '\r')
            return (*error = (SyntaxError) { p, "unexpected text after a closing quote" }, ROW_ERROR);
        }
      else
        {
          const char *start = p;

          while (p < end && !stops[(guint8) *p])
            p++;
          row_add (row, start, p - start, -1, FALSE);
        }

      if (p < end && *p == delimiter)
        {
          p++;
          continue;
        }
      break;
    }

  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;

  for (guint i = 0; i < row->n_fields; i++)
    if (row->fields[i].scratch_offset >= 0)
      row->fields[i].s = row->scratch->str + row->fields[i].scratch_offset;

  *pp = p;
  return ROW_OK;
}

/* ---- sniffing ---------------------------------------------------------- */

static char
sniff_delimiter (const char *data,
                 gsize       len)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  const char *end = data + MIN (len, 64 * 1024);
  char best = ',';
  double best_score = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[64] = { 0 };
      guint n_lines = 0, consistent = 0;
      gboolean in_quotes = FALSE;

      for (const char *p = data; p < end && n_lines < G_N_ELEMENTS (counts); p++)
        {
          if (*p == '"')
            in_quotes = !in_quotes;
          else if (!in_quotes && *p == candidates[c])
            counts[n_lines]++;
          else if (!in_quotes && *p == '\n')
            n_lines++;
        }

      for (guint i = 0; i < MAX (n_lines, 1); i++)
        consistent += counts[i] > 0 && counts[i] == counts[0];

      if (counts[0] > 0 && (double) consistent / MAX (n_lines, 1) * counts[0] > best_score)
        {
          best_score = (double) consistent / MAX (n_lines, 1) * counts[0];
          best = candidates[c];
        }
    }

  return best;
}

static gboolean
looks_typed (const Span *field)
{
  int format;

  if (lumina_csv_is_missing (field->s, field->len))
    return FALSE;
  return column_builder_detect_kind (field->s, field->len, &format) != KIND_STRING;
}

/* The first row is a header unless it looks like data: a header holds no
 * numbers, dates or booleans.  When every column holds text, a header is
 * assumed (most files have one); --header overrides. */
static gboolean
detect_header (GPtrArray *sample)
{
  Row *first;
  guint votes_data = 0;

  if (sample->len == 0)
    return TRUE;

  first = g_ptr_array_index (sample, 0);
  for (guint c = 0; c < first->n_fields; c++)
    if (looks_typed (&first->fields[c]))
      votes_data++;

  return votes_data == 0;
}

static char **
make_names (Row      *header,
            guint     n_columns,
            gboolean  has_header)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  char **names = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *base = NULL;

      if (has_header && c < header->n_fields)
        base = g_strstrip (g_strndup (header->fields[c].s, header->fields[c].len));
      if (base == NULL || *base == '\0' || !g_utf8_validate (base, -1, NULL))
        {
          g_free (base);
          base = g_strdup_printf ("column_%u", c + 1);
        }

      names[c] = g_strdup (base);
      for (guint n = 2; g_hash_table_contains (seen, names[c]); n++)
        {
          g_free (names[c]);
          names[c] = g_strdup_printf ("%s_%u", base, n);
        }
      g_hash_table_add (seen, names[c]);
    }

  return names;
}

/* ---- parallel parse ---------------------------------------------------- */

typedef struct
{
  const char     *start;
  const char     *end;
  guint           n_columns;
  char            delimiter;
  ColumnBuilder  *builders;
  GCancellable   *cancellable;
  const LuminaCsvOptions *options;
  gint64         *bytes_done;    /* shared, atomic */
  gsize           total_bytes;

  gint64          memory_checked;   /* monotonic µs */

  /* outcome */
  gboolean        cancelled;
  guint64         memory_left;      /* set when memory ran short */
  SyntaxError     syntax;        /* .pos set on a syntax error */
  const char     *field_pos;     /* where a refused or widening value starts */
  char           *field_text;
  guint           field_column;
  guint           n_fields_seen; /* for a ragged row */
  PushResult      push_result;
} Part;

static void
report_progress (Part       *part,
                 const char *p,
                 const char *last)
{
  gint64 done = g_atomic_pointer_add (part->bytes_done, (gssize) (p - last)) + (p - last);

  if (part->options->progress)
    part->options->progress ((double) done / MAX (part->total_bytes, 1), part->options->progress_data);
}

static gboolean
push_row (Part      *part,
          const Row *row)
{
  for (guint c = 0; c < row->n_fields; c++)
    {
      PushResult result = column_builder_push (&part->builders[c], row->fields[c].s, row->fields[c].len,
                                               row->fields[c].quoted);

      if (G_UNLIKELY (result != PUSH_OK))
        {
          part->push_result = result;
          part->field_column = c;
          part->field_pos = row->fields[c].scratch_offset >= 0 ? row->start : row->fields[c].s;
          part->field_text = g_strndup (row->fields[c].s, MIN (row->fields[c].len, 60));
          return FALSE;
        }
    }

  return TRUE;
}

/* Tries the fused number path for one unquoted field of a numeric column;
 * returns the end of the field, or NULL to take the general path. */
static inline const char *
fast_number (ColumnBuilder *b,
             const char    *p,
             const char    *end,
             const guint8  *stops)
{
  gboolean is_integer;
  gint64 integer;
  double value;
  const char *q;

  if (b->kind != KIND_FLOAT && b->kind != KIND_INTEGER)
    return NULL;
  if (!(q = lumina_csv_scan_number (p, end, stops, &is_integer, &integer, &value)))
    return NULL;
  if (b->kind == KIND_INTEGER && !is_integer)
    return NULL;   /* the general path widens the column */

  if (G_UNLIKELY (b->n_rows == b->capacity))
    column_builder_grow (b);
  if (b->kind == KIND_INTEGER)
    b->i64[b->n_rows++] = integer;
  else
    b->f64[b->n_rows++] = value;
  return q;
}

typedef enum
{
  PARSE_ROW,
  PARSE_END,
  PARSE_STOP,
} ParseResult;

/* One record straight into the builders; fields that are not plain numbers
 * go through the tokenizer's general path. */
static ParseResult
parse_row (Part        *part,
           const char **pp,
           Row         *row)
{
  const char *p = *pp, *end = part->end;
  const guint8 *stops = row->stops;
  guint c = 0;

  while (p < end && (*p == '\n' || *p == '\r'))
    p++;
  if (p >= end)
    return (*pp = p, PARSE_END);
  row->start = p;

  for (;; c++)
    {
      ColumnBuilder *b = c < part->n_columns ? &part->builders[c] : NULL;
      const char *q = NULL;

      if (b != NULL && p < end && *p != '"' && (q = fast_number (b, p, end, stops)))
        p = q;
      else
        {
          /* General path: re-read this record from its start with the tokenizer. */
          const char *r = row->start;
          RowResult result = read_row (&r, end, part->delimiter, row, &part->syntax);

          if (result != ROW_OK)
            return PARSE_STOP;
          if (row->n_fields != part->n_columns)
            {
              part->n_fields_seen = row->n_fields;
              part->field_pos = row->start;
              return PARSE_STOP;
            }
          for (guint k = 0; k < c; k++)
            part->builders[k].n_rows--;   /* undo the fast fields of this row */
          if (!push_row (part, row))
            return PARSE_STOP;
          *pp = r;
          return PARSE_ROW;
        }

      if (p < end && *p == part->delimiter)
        {
          p++;
          continue;
        }
      break;
    }

  if (c + 1 != part->n_columns)
    {
      const char *r = row->start;

      read_row (&r, end, part->delimiter, row, &part->syntax);
      for (guint k = 0; k <= c && k < part->n_columns; k++)
        part->builders[k].n_rows--;
      part->n_fields_seen = row->n_fields;
      part->field_pos = row->start;
      return PARSE_STOP;
    }

  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  *pp = p;
  return PARSE_ROW;
}

/* Whether the system is running out of memory: what is available has
 * fallen under a floor (1/32 of memory, at least 256 MB;
 * LUMINA_MEMORY_FLOOR in bytes overrides it).  Checked as the parse goes,
 * so that a file too big to import fails with a message rather than being
 * killed by the kernel.  Sets *@left. */
static gboolean
memory_is_short (guint64 *left)
{
  static gsize total;
  const char *forced = g_getenv ("LUMINA_MEMORY_FLOOR");
  guint64 floor;

  /* The machine's memory does not change: read it once. */
  if (g_once_init_enter (&total))
    g_once_init_leave (&total, MAX (lumina_util_read_proc_kib ("/proc/meminfo", "MemTotal:"), 1));
  *left = lumina_util_read_proc_kib ("/proc/meminfo", "MemAvailable:");
  if (*left == 0 || total <= 1)
    return FALSE;
  floor = forced ? g_ascii_strtoull (forced, NULL, 10) : MAX (total / 32, (guint64) 256 << 20);
  return *left < floor;
}

static gpointer
parse_part (gpointer data)
{
  Part *part = data;
  const char *p = part->start, *last = p;
  Row row;
  gsize n_rows = 0;
  ParseResult result;

  row_init (&row, part->delimiter);
  while ((result = parse_row (part, &p, &row)) == PARSE_ROW)
    {
      if (++n_rows % CHECK_EVERY_ROWS == 0)
        {
          gint64 now = g_get_monotonic_time ();
          guint64 left = 0;

          if (g_cancellable_is_cancelled (part->cancellable))
            {
              part->cancelled = TRUE;
              break;
            }
          if (now - part->memory_checked >= MEMORY_CHECK_USEC)
            {
              part->memory_checked = now;
              if (memory_is_short (&left))
                {
                  part->memory_left = MAX (left, 1);
                  break;
                }
            }
          report_progress (part, p, last);
          last = p;
        }
    }

  if (result == PARSE_END)
    report_progress (part, p, last);

  row_clear (&row);
  return NULL;
}

/* Where to cut [start, end) into @n parts: after a newline outside quotes. */
static void
find_cuts (const char  *start,
           const char  *end,
           guint        n,
           const char **cuts)
{
  const char *p = start;
  gboolean in_quotes = FALSE;

  cuts[0] = start;
  for (guint i = 1; i < n; i++)
    {
      const char *target = start + (end - start) * i / n;

      const char *q;

      /* Count quotes up to the target quickly, then walk to a row end. */
      while (p < target && (q = memchr (p, '"', target - p)))
        {
          in_quotes = !in_quotes;
          p = q + 1;
        }
      p = MAX (p, target);
      for (; p < end; p++)
        {
          if (!in_quotes && p > start && p[-1] == '\n')
            break;
          if (*p == '"')
            in_quotes = !in_quotes;
        }
      cuts[i] = MAX (p, cuts[i - 1]);
    }
  cuts[n] = end;
}

/* ---- orchestration ----------------------------------------------------- */

typedef struct
{
  const char  *data;           /* after any BOM */
  const char  *end;
  const char  *body;           /* first data row */
  char         delimiter;
  gboolean     has_header;
  guint        n_columns;
  char       **names;
  ValueKind   *fixed_kind;     /* per column, KIND_UNKNOWN = infer */
  int         *fixed_format;
  int         *user_type;
  gsize        row_estimate;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->names, g_strfreev);
  g_clear_pointer (&plan->fixed_kind, g_free);
  g_clear_pointer (&plan->fixed_format, g_free);
  g_clear_pointer (&plan->user_type, g_free);
}

static guint64
line_of (const Plan *plan,
         const char *pos)
{
  return 1 + _lumina_csv_count_newlines (plan->data, pos);
}

guint64
_lumina_csv_count_newlines (const char *p,
                            const char *end)
{
  guint64 n = 0;

  for (; p < end && (p = memchr (p, '\n', end - p)); p++)
    n++;
  return n;
}

static ValueKind
kind_for_type (LuminaColumnType type)
{
  switch (type)
    {
    case LUMINA_COLUMN_TYPE_INTEGER: return KIND_INTEGER;
    case LUMINA_COLUMN_TYPE_FLOAT: return KIND_FLOAT;
    case LUMINA_COLUMN_TYPE_BOOLEAN: return KIND_BOOLEAN;
    case LUMINA_COLUMN_TYPE_TIMESTAMP: return KIND_TIME;
    case LUMINA_COLUMN_TYPE_CATEGORICAL:
    case LUMINA_COLUMN_TYPE_TEXT:
    default:
      return KIND_STRING;
    }
}

static gboolean
apply_user_types (Plan                    *plan,
                  const LuminaCsvOptions  *options,
                  GError                 **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (options == NULL || options->types == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, options->types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint c;

      for (c = 0; c < plan->n_columns; c++)
        if (g_strcmp0 (plan->names[c], key) == 0)
          break;
      if (c == plan->n_columns && options->types_may_be_absent)
        continue;
      if (c == plan->n_columns)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "There is no column named “%s” to set the type of", (const char *) key);
          return FALSE;
        }
      plan->user_type[c] = GPOINTER_TO_INT (value) - 1;
      plan->fixed_kind[c] = kind_for_type (plan->user_type[c]);
    }

  return TRUE;
}

/* Columns whose sample already mixes kinds (yes/no, then "No internet
 * service") are text from the start, saving a restart each. */
static void
presume_text_columns (Plan      *plan,
                      GPtrArray *sample)
{
  for (guint c = 0; c < plan->n_columns; c++)
    {
      ValueKind kind = KIND_UNKNOWN;

      for (guint i = plan->has_header ? 1 : 0; i < sample->len && kind != KIND_STRING; i++)
        {
          Row *row = g_ptr_array_index (sample, i);
          ValueKind k;
          int f = -1;

          if (c >= row->n_fields || lumina_csv_is_missing (row->fields[c].s, row->fields[c].len))
            continue;
          k = column_builder_detect_kind (row->fields[c].s, row->fields[c].len, &f);
          if (kind == KIND_UNKNOWN)
            kind = k;
          else if ((kind == KIND_INTEGER || kind == KIND_FLOAT) && (k == KIND_INTEGER || k == KIND_FLOAT))
            kind = KIND_FLOAT;
          else if (k != kind)
            kind = KIND_STRING;   /* (dates in two formats are settled while parsing) */
        }

      if (kind == KIND_STRING)
        plan->fixed_kind[c] = KIND_STRING;
    }
}

static gboolean
make_plan (Plan                    *plan,
           const char              *data,
           gsize                    len,
           const LuminaCsvOptions  *options,
           LuminaCsvInfo           *info,
           GError                 **error)
{
  g_autoptr(GPtrArray) sample = g_ptr_array_new ();
  const char *p;
  SyntaxError syntax = { 0 };
  Row *row;

  memset (plan, 0, sizeof *plan);
  info->had_bom = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  plan->data = info->had_bom ? data + 3 : data;
  plan->end = data + len;
  plan->delimiter = options && options->delimiter ? options->delimiter
                                                  : sniff_delimiter (plan->data, plan->end - plan->data);

  p = plan->data;
  while (sample->len < SAMPLE_ROWS)
    {
      row = g_new0 (Row, 1);
      row_init (row, plan->delimiter);
      if (read_row (&p, plan->end, plan->delimiter, row, &syntax) != ROW_OK)
        {
          row_clear (row);
          g_free (row);
          break;
        }
      g_ptr_array_add (sample, row);
      if (sample->len == 1)
        plan->body = p;
    }

  if (sample->len == 0)
    {
      g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                   syntax.pos ? "line 1: %s" : "the file is empty: there is no header and no data",
                   syntax.message);
      return FALSE;
    }

  row = g_ptr_array_index (sample, 0);
  plan->n_columns = row->n_fields;
  plan->has_header = options && options->header >= 0 ? options->header : detect_header (sample);
  plan->names = make_names (row, plan->n_columns, plan->has_header);
  if (!plan->has_header)
    plan->body = plan->data;
  plan->row_estimate = (gsize) ((double) (plan->end - plan->body) /
                                MAX (1.0, (double) (p - plan->body) / MAX (sample->len - 1, 1)) * 1.05) + 16;

  plan->fixed_kind = g_new0 (ValueKind, plan->n_columns);
  plan->fixed_format = g_new (int, plan->n_columns);
  plan->user_type = g_new (int, plan->n_columns);
  for (guint c = 0; c < plan->n_columns; c++)
    plan->fixed_format[c] = -1, plan->user_type[c] = -1;

  presume_text_columns (plan, sample);
  for (guint i = 0; i < sample->len; i++)
    {
      row_clear (g_ptr_array_index (sample, i));
      g_free (g_ptr_array_index (sample, i));
    }

  info->delimiter = plan->delimiter;
  info->has_header = plan->has_header;
  info->n_bytes = len;

  return apply_user_types (plan, options, error);
}

static void
parts_free (Part  *parts,
            guint  n_parts)
{
  for (guint i = 0; i < n_parts; i++)
    {
      for (guint c = 0; c < parts[i].n_columns; c++)
        column_builder_clear (&parts[i].builders[c]);
      g_free (parts[i].builders);
      g_free (parts[i].field_text);
    }
  g_free (parts);
}

static Part *
run_parts (Plan                    *plan,
           guint                    n_parts,
           const LuminaCsvOptions  *options,
           GCancellable            *cancellable,
           gint64                  *bytes_done)
{
  g_autofree const char **cuts = g_new (const char *, n_parts + 1);
  g_autofree GThread **threads = g_new0 (GThread *, n_parts);
  Part *parts = g_new0 (Part, n_parts);
  static const LuminaCsvOptions no_options = { 0, -1 };

  find_cuts (plan->body, plan->end, n_parts, cuts);
  *bytes_done = 0;

  for (guint i = 0; i < n_parts; i++)
    {
      Part *part = &parts[i];

      part->start = cuts[i];
      part->end = cuts[i + 1];
      part->n_columns = plan->n_columns;
      part->delimiter = plan->delimiter;
      part->cancellable = cancellable;
      part->options = options ? options : &no_options;
      part->bytes_done = bytes_done;
      part->total_bytes = plan->end - plan->body;
      part->builders = g_new (ColumnBuilder, plan->n_columns);
      for (guint c = 0; c < plan->n_columns; c++)
        {
          column_builder_init (&part->builders[c], plan->row_estimate / n_parts);
          if (plan->fixed_kind[c] != KIND_UNKNOWN)
            column_builder_fix (&part->builders[c], plan->fixed_kind[c], plan->fixed_format[c],
                                plan->user_type[c] >= 0, plan->user_type[c]);
        }

      if (i > 0)
        threads[i] = g_thread_new ("lumina-csv", parse_part, part);
    }

  parse_part (&parts[0]);
  for (guint i = 1; i < n_parts; i++)
    g_thread_join (threads[i]);

  return parts;
}

static guint
column_at (const Plan *plan,
           const char *pos)
{
  const char *line = pos;
  guint column = 1;

  while (line > plan->data && line[-1] != '\n')
    line--;
  for (gboolean in_quotes = FALSE; line < pos; line++)
    if (*line == '"')
      in_quotes = !in_quotes;
    else if (!in_quotes && *line == plan->delimiter)
      column++;
  return column;
}

/* Returns TRUE when the parse is complete; FALSE with @error set, or FALSE
 * with *restart set when the plan changed and the parse must run again. */
static gboolean
check_parts (Plan     *plan,
             Part     *parts,
             guint     n_parts,
             gboolean *restart,
             GError  **error)
{
  *restart = FALSE;

  for (guint i = 0; i < n_parts; i++)
    {
      Part *part = &parts[i];

      if (part->cancelled)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The import was cancelled");
          return FALSE;
        }
      if (part->memory_left)
        {
          g_autofree char *left = g_format_size (part->memory_left);
          g_autofree char *size = g_format_size (plan->end - plan->data);

          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED,
                       "Not enough memory to read all %s of the file: only %s was left; "
                       "“lumina data profile” profiles a file of any size without importing it",
                       size, left);
          return FALSE;
        }
      if (part->syntax.pos)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, "line %" G_GUINT64_FORMAT ", column %u: %s",
                       line_of (plan, part->syntax.pos), column_at (plan, part->syntax.pos), part->syntax.message);
          return FALSE;
        }
      if (part->n_fields_seen)
        {
          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                       "line %" G_GUINT64_FORMAT ", column %u: the row has %u fields where the header has %u",
                       line_of (plan, part->field_pos), MIN (part->n_fields_seen, plan->n_columns) + 1,
                       part->n_fields_seen, plan->n_columns);
          return FALSE;
        }
      if (part->push_result == PUSH_RESTART)
        {
          ColumnBuilder *b = &part->builders[part->field_column];

          g_debug ("Column %s needs %s from line %" G_GUINT64_FORMAT "; parsing again",
                   plan->names[part->field_column], value_kind_describe (b->wanted_kind, -1),
                   line_of (plan, part->field_pos));
          plan->fixed_kind[part->field_column] = b->wanted_kind;
          plan->fixed_format[part->field_column] = b->wanted_format;
          *restart = TRUE;
          return FALSE;
        }
      if (part->push_result == PUSH_INVALID)
        {
          ColumnBuilder *b = &part->builders[part->field_column];
          guint64 line = line_of (plan, part->field_pos);

          if (b->bad_utf8)
            g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                         "line %" G_GUINT64_FORMAT ", column %u: the text is not valid UTF-8",
                         line, part->field_column + 1);
          else
            g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                         "line %" G_GUINT64_FORMAT ", column %u: “%s” is not a valid %s for column “%s”",
                         line, part->field_column + 1, part->field_text,
                         value_kind_describe (b->kind, b->user_type), plan->names[part->field_column]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Joining the parts' columns is a copy of the whole table: the parse's
 * threads share it, one column at a time. */
typedef struct
{
  Plan          *plan;
  Part          *parts;
  guint          n_parts;
  LuminaColumn **columns;
  gint           next;     /* atomic */
} Concat;

static gpointer
concat_columns (gpointer data)
{
  Concat *concat = data;
  g_autofree ColumnBuilder **column_parts = g_new (ColumnBuilder *, concat->n_parts);
  guint c;

  while ((c = (guint) g_atomic_int_add (&concat->next, 1)) < concat->plan->n_columns)
    {
      for (guint i = 0; i < concat->n_parts; i++)
        column_parts[i] = &concat->parts[i].builders[c];
      concat->columns[c] = column_builder_concat (column_parts, concat->n_parts, concat->plan->names[c]);
      /* Free as we go: peak memory stays near one copy of the data. */
      for (guint i = 0; i < concat->n_parts; i++)
        column_builder_clear (column_parts[i]);
    }

  return NULL;
}

static LuminaFrame *
assemble (Plan     *plan,
          Part     *parts,
          guint     n_parts,
          gboolean *restart)
{
  g_autoptr(LuminaFrame) frame = NULL;
  g_autofree ColumnBuilder **column_parts = g_new (ColumnBuilder *, n_parts);
  g_autofree GThread **threads = g_new0 (GThread *, n_parts);
  Concat concat = { plan, parts, n_parts, NULL, 0 };
  gsize n_rows = 0;

  for (guint i = 0; i < n_parts; i++)
    n_rows += plan->n_columns ? parts[i].builders[0].n_rows : 0;

  for (guint c = 0; c < plan->n_columns; c++)
    {
      ValueKind wanted;
      int format;

      for (guint i = 0; i < n_parts; i++)
        column_parts[i] = &parts[i].builders[c];
      if (!column_builder_unify (column_parts, n_parts, &wanted, &format))
        {
          plan->fixed_kind[c] = wanted;
          plan->fixed_format[c] = format;
          *restart = TRUE;
          return NULL;
        }
    }

  concat.columns = g_new0 (LuminaColumn *, MAX (plan->n_columns, 1));
  for (guint i = 1; i < MIN (n_parts, plan->n_columns); i++)
    threads[i] = g_thread_new ("lumina-csv", concat_columns, &concat);
  concat_columns (&concat);
  for (guint i = 1; i < n_parts; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);

  frame = lumina_frame_new (n_rows);
  for (guint c = 0; c < plan->n_columns; c++)
    lumina_frame_add_column (frame, concat.columns[c]);
  g_free (concat.columns);

  return g_steal_pointer (&frame);
}

static guint
choose_parts (const Plan             *plan,
              const LuminaCsvOptions *options)
{
  guint n = options && options->n_threads ? options->n_threads : g_get_num_processors ();
  gsize bytes = plan->end - plan->body;

  return CLAMP (bytes / MIN_PART_BYTES, 1, MAX (n, 1));
}

static LuminaFrame *
read_text (const char              *data,
           gsize                    len,
           const LuminaCsvOptions  *options,
           LuminaCsvInfo           *info,
           GCancellable            *cancellable,
           GError                 **error)
{
  Plan plan;
  LuminaFrame *frame = NULL;
  gint64 bytes_done = 0;
  guint n_parts;

  if (!make_plan (&plan, data, len, options, info, error))
    {
      plan_clear (&plan);
      return NULL;
    }

  n_parts = choose_parts (&plan, options);
  for (guint attempt = 0; frame == NULL; attempt++)
    {
      gboolean restart = FALSE;
      Part *parts = run_parts (&plan, n_parts, options, cancellable, &bytes_done);

      if (check_parts (&plan, parts, n_parts, &restart, error))
        frame = assemble (&plan, parts, n_parts, &restart);
      parts_free (parts, n_parts);

      /* Each restart only widens one column, so this ends; the bound is a guard. */
      if (frame == NULL && (!restart || attempt > 6 * plan.n_columns + 4))
        break;
    }

  plan_clear (&plan);
  return frame;
}

/**
 * lumina_csv_read_bytes:
 * Parses CSV text (UTF-8, with or without BOM) into a frame.  Blocks: call
 * it from a worker.  Errors name the line and column.
 *
 * Returns: (transfer full) (nullable): the frame
 */
LuminaFrame *
lumina_csv_read_bytes (GBytes                  *bytes,
                       const LuminaCsvOptions  *options,
                       LuminaCsvInfo           *info,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  LuminaCsvInfo local_info;
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  return read_text (data ? data : "", len, options, info ? info : &local_info, cancellable, error);
}

/**
 * _lumina_csv_open_text:
 * @raw: (out): the file's own stream, for its position
 * @gzip: (out): whether the file is gzip-compressed (by its first bytes)
 *
 * Returns: (transfer full) (nullable): the file's text: @raw itself, or its
 *   decompression
 */
GInputStream *
_lumina_csv_open_text (GFile          *file,
                       GInputStream  **raw,
                       gboolean       *gzip,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  guint8 magic[2] = { 0 };
  gsize n_read = 0;

  if (!(stream = G_INPUT_STREAM (g_file_read (file, cancellable, error))) ||
      !g_input_stream_read_all (stream, magic, 2, &n_read, cancellable, error) ||
      !g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, cancellable, error))
    return NULL;

  *gzip = n_read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  *raw = g_object_ref (stream);
  if (*gzip)
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      return g_converter_input_stream_new (stream, G_CONVERTER (gunzip));
    }
  return g_steal_pointer (&stream);
}

/* The whole decompressed @text, by steps with an eye on memory. */
static GBytes *
inflate (GInputStream  *text,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree guint8 *buffer = g_malloc (INFLATE_STEP);
  gsize total = 0;

  for (;;)
    {
      gsize n = 0;
      guint64 left = 0;

      if (!g_input_stream_read_all (text, buffer, INFLATE_STEP, &n, cancellable, error))
        {
          g_prefix_error (error, "cannot decompress: ");
          return NULL;
        }
      if (n == 0)
        break;
      if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
        return NULL;
      total += n;
      if (total % (16 * INFLATE_STEP) == 0 && memory_is_short (&left))
        {
          g_autofree char *size = g_format_size (total);
          g_autofree char *free_size = g_format_size (left);

          g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_FAILED,
                       "Not enough memory to decompress the file: only %s was left after %s; "
                       "“lumina data profile” profiles a file of any size without importing it",
                       free_size, size);
          return NULL;
        }
      if (n < INFLATE_STEP)
        break;
    }

  if (!g_output_stream_close (out, cancellable, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static GBytes *
load_text (GFile          *file,
           LuminaCsvInfo  *info,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) text = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (!(text = _lumina_csv_open_text (file, &raw, &info->gzip, cancellable, error)))
    return NULL;
  if (info->gzip)
    return inflate (text, cancellable, error);

  if (path != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

      return mapped ? g_mapped_file_get_bytes (mapped) : NULL;
    }
  return g_input_stream_read_bytes (text, G_MAXSSIZE, cancellable, error);
}

/**
 * lumina_csv_read_file:
 * Reads a CSV file, or a gzip-compressed one (detected by its content).
 * Plain files are memory-mapped, not copied.
 *
 * Returns: (transfer full) (nullable): the frame
 */
LuminaFrame *
lumina_csv_read_file (GFile                   *file,
                      const LuminaCsvOptions  *options,
                      LuminaCsvInfo           *info,
                      GCancellable            *cancellable,
                      GError                 **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autofree char *name = NULL;
  LuminaCsvInfo local_info = { 0 };
  LuminaFrame *frame;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = info ? info : &local_info;
  memset (info, 0, sizeof *info);
  name = g_file_get_parse_name (file);

  if (!(text = load_text (file, info, cancellable, error)) ||
      !(frame = lumina_csv_read_bytes (text, options, info, cancellable, error)))
    {
      if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  info->gzip = info->gzip;
  return frame;
}
