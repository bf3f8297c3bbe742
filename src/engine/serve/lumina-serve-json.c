/* lumina-serve-json.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request path's JSON reader: one pass over the body into nodes
 * carved from an arena that is kept between requests, so a small request
 * costs a handful of allocations instead of json-glib's one per value.
 * Strict RFC 8259: NaN and Infinity are refused with a message saying so.
 */
#define G_LOG_DOMAIN "lumina-serve-json"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lumina-error.h"
#include "lumina-serve-private.h"

#define ARENA_BLOCK (64 * 1024)
#define MAX_DEPTH   64

struct _SjParser
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  GArray     *stack;     /* SjNode: children of the containers being read */
  GPtrArray  *blocks;    /* arena blocks; the first is kept between parses */
  char       *cur;
  gsize       left;
  char       *error;
};

SjParser *
sj_parser_new (void)
{
  SjParser *parser = g_new0 (SjParser, 1);

  parser->stack = g_array_sized_new (FALSE, FALSE, sizeof (SjNode), 128);
  parser->blocks = g_ptr_array_new_with_free_func (g_free);
  return parser;
}

void
sj_parser_free (SjParser *parser)
{
  if (parser == NULL)
    return;
  g_array_unref (parser->stack);
  g_ptr_array_unref (parser->blocks);
  g_free (parser->error);
  g_free (parser);
}

static void
arena_reset (SjParser *parser)
{
  if (parser->blocks->len > 1)
    g_ptr_array_remove_range (parser->blocks, 1, parser->blocks->len - 1);
  if (parser->blocks->len == 1)
    {
      parser->cur = g_ptr_array_index (parser->blocks, 0);
      parser->left = ARENA_BLOCK;
    }
  else
    {
      parser->cur = NULL;
      parser->left = 0;
    }
}

static gpointer
arena_alloc (SjParser *parser,
             gsize     size)
{
  gpointer mem;

  size = (size + 7) & ~(gsize) 7;
  if (size > parser->left)
    {
      gsize block = MAX (size, ARENA_BLOCK);

      parser->cur = g_malloc (block);
      parser->left = block;
      g_ptr_array_add (parser->blocks, parser->cur);
    }
  mem = parser->cur;
  parser->cur += size;
  parser->left -= size;
  return mem;
}

static gboolean
fail (SjParser   *parser,
      const char *what)
{
  if (parser->error == NULL)
    parser->error = g_strdup_printf ("Malformed JSON at byte %" G_GSIZE_FORMAT ": %s",
                                     (gsize) (parser->p - parser->start), what);
  return FALSE;
}

static inline void
skip_ws (SjParser *parser)
{
  while (parser->p < parser->end &&
         (*parser->p == ' ' || *parser->p == '\n' || *parser->p == '\r' || *parser->p == '\t'))
    parser->p++;
}

static gboolean parse_value (SjParser *parser,
                             SjNode   *node);

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Decodes one \uXXXX (with its surrogate pair) at @parser->p, just past
 * the 'u', into @out; returns the bytes written or 0. */
static gsize
parse_unicode_escape (SjParser *parser,
                      char     *out)
{
  int code;

  if (parser->end - parser->p < 4 || (code = hex4 (parser->p)) < 0)
    return 0;
  parser->p += 4;
  if (code >= 0xD800 && code <= 0xDBFF)
    {
      int low;

      if (parser->end - parser->p < 6 || parser->p[0] != '\\' || parser->p[1] != 'u' ||
          (low = hex4 (parser->p + 2)) < 0xDC00 || low > 0xDFFF)
        return 0;
      parser->p += 6;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
  else if (code >= 0xDC00 && code <= 0xDFFF)
    return 0;
  return g_unichar_to_utf8 (code, out);
}

static gboolean
parse_string (SjParser    *parser,
              const char **str,
              guint32     *len)
{
  const char *begin = ++parser->p;
  const char *q = begin;
  char *out;
  char *w;

  /* Escapes only shrink the text, so the raw span bounds the copy. */
  while (q < parser->end && *q != '"')
    q += *q == '\\' ? 2 : 1;
  if (q >= parser->end)
    return fail (parser, "unterminated string");
  out = arena_alloc (parser, (q - begin) + 1);
  w = out;

  while (parser->p < parser->end && *parser->p != '"')
    {
      char c = *parser->p;

      if ((guchar) c < 0x20)
        return fail (parser, "control character in a string");
      if (c != '\\')
        {
          *w++ = c;
          parser->p++;
          continue;
        }
      if (++parser->p >= parser->end)
        return fail (parser, "unterminated string");
      c = *parser->p++;
      switch (c)
        {
        case '"': case '\\': case '/': *w++ = c; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u':
          {
            gsize n = parse_unicode_escape (parser, w);

            if (n == 0)
              return fail (parser, "bad \\u escape");
            w += n;
          }
          break;
        default:
          return fail (parser, "bad escape in a string");
        }
    }
  if (parser->p >= parser->end)
    return fail (parser, "unterminated string");
  parser->p++;
  *w = '\0';
  if (!g_utf8_validate (out, w - out, NULL))
    return fail (parser, "a string is not valid UTF-8");
  *str = out;
  *len = w - out;
  return TRUE;
}

static gboolean
parse_number (SjParser *parser,
              SjNode   *node)
{
  const char *begin = parser->p;
  const char *q = begin;
  gboolean integer = TRUE;
  char buffer[64];

  if (q < parser->end && *q == '-')
    q++;
  if (q >= parser->end || !g_ascii_isdigit (*q))
    return fail (parser, "bad number");
  if (*q == '0' && q + 1 < parser->end && g_ascii_isdigit (q[1]))
    return fail (parser, "leading zero in a number");
  while (q < parser->end && g_ascii_isdigit (*q))
    q++;
  if (q < parser->end && *q == '.')
    {
      integer = FALSE;
      if (++q >= parser->end || !g_ascii_isdigit (*q))
        return fail (parser, "bad number");
      while (q < parser->end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < parser->end && (*q == 'e' || *q == 'E'))
    {
      integer = FALSE;
      q++;
      if (q < parser->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= parser->end || !g_ascii_isdigit (*q))
        return fail (parser, "bad number");
      while (q < parser->end && g_ascii_isdigit (*q))
        q++;
    }

  node->type = SJ_NUMBER;
  parser->p = q;
  if (integer && q - begin <= 18)
    {
      gint64 value = 0;
      gboolean negative = *begin == '-';

      for (const char *d = begin + negative; d < q; d++)
        value = value * 10 + (*d - '0');
      node->is_int = TRUE;
      node->i = negative ? -value : value;
      node->v.num = (double) node->i;
      return TRUE;
    }
  if ((gsize) (q - begin) >= sizeof buffer)
    return fail (parser, "number too long");
  memcpy (buffer, begin, q - begin);
  buffer[q - begin] = '\0';
  node->v.num = g_ascii_strtod (buffer, NULL);
  if (!isfinite (node->v.num))
    return fail (parser, "number out of range");
  return TRUE;
}

static gboolean
literal (SjParser   *parser,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    return FALSE;
  parser->p += len;
  return TRUE;
}

/* Moves the last @n children on the stack into one arena block. */
static SjNode *
pop_children (SjParser *parser,
              guint     n)
{
  SjNode *items;

  if (n == 0)
    return NULL;
  items = arena_alloc (parser, n * sizeof (SjNode));
  memcpy (items, &g_array_index (parser->stack, SjNode, parser->stack->len - n), n * sizeof (SjNode));
  g_array_set_size (parser->stack, parser->stack->len - n);
  return items;
}

static gboolean
parse_container (SjParser *parser,
                 SjNode   *node,
                 gboolean  object)
{
  char close = object ? '}' : ']';
  guint n = 0;

  if (++parser->depth > MAX_DEPTH)
    return fail (parser, "nested too deeply");
  parser->p++;
  node->type = object ? SJ_OBJECT : SJ_ARRAY;
  skip_ws (parser);
  if (parser->p < parser->end && *parser->p == close)
    {
      parser->p++;
      parser->depth--;
      return TRUE;
    }

  for (;;)
    {
      SjNode child = { 0 };

      skip_ws (parser);
      if (object)
        {
          guint32 key_len;

          if (parser->p >= parser->end || *parser->p != '"')
            return fail (parser, "expected a member name");
          if (!parse_string (parser, &child.key, &key_len))
            return FALSE;
          skip_ws (parser);
          if (parser->p >= parser->end || *parser->p != ':')
            return fail (parser, "expected ':'");
          parser->p++;
          skip_ws (parser);
        }
      if (!parse_value (parser, &child))
        return FALSE;
      g_array_append_val (parser->stack, child);
      n++;
      skip_ws (parser);
      if (parser->p < parser->end && *parser->p == ',')
        {
          parser->p++;
          continue;
        }
      if (parser->p < parser->end && *parser->p == close)
        {
          parser->p++;
          break;
        }
      return fail (parser, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }

  node->len = n;
  node->v.items = pop_children (parser, n);
  parser->depth--;
  return TRUE;
}

static gboolean
parse_value (SjParser *parser,
             SjNode   *node)
{
  if (parser->p >= parser->end)
    return fail (parser, "unexpected end of input");

  switch (*parser->p)
    {
    case '{':
      return parse_container (parser, node, TRUE);
    case '[':
      return parse_container (parser, node, FALSE);
    case '"':
      node->type = SJ_STRING;
      return parse_string (parser, &node->v.str, &node->len);
    case 't':
    case 'f':
      node->type = SJ_BOOL;
      node->boolean = *parser->p == 't';
      if (literal (parser, node->boolean ? "true" : "false"))
        return TRUE;
      return fail (parser, "unexpected word");
    case 'n':
      node->type = SJ_NULL;
      if (literal (parser, "null"))
        return TRUE;
      return fail (parser, "unexpected word");
    case 'N':
    case 'I':
      return fail (parser, "NaN and Infinity are not JSON numbers (send null for a missing value)");
    case '-':
      if (parser->end - parser->p > 1 && parser->p[1] == 'I')
        return fail (parser, "NaN and Infinity are not JSON numbers (send null for a missing value)");
      return parse_number (parser, node);
    default:
      if (g_ascii_isdigit (*parser->p))
        return parse_number (parser, node);
      return fail (parser, "unexpected character");
    }
}

/**
 * sj_parse:
 * Returns: (transfer none): the root, valid until the next parse, or
 *   %NULL with @error set (LUMINA_ERROR_INVALID_INPUT)
 */
SjNode *
sj_parse (SjParser    *parser,
          const char  *data,
          gsize        len,
          GError     **error)
{
  SjNode *root;

  g_clear_pointer (&parser->error, g_free);
  g_array_set_size (parser->stack, 0);
  arena_reset (parser);
  parser->start = parser->p = data;
  parser->end = data + len;
  parser->depth = 0;

  root = arena_alloc (parser, sizeof (SjNode));
  memset (root, 0, sizeof *root);
  skip_ws (parser);
  if (parse_value (parser, root))
    {
      skip_ws (parser);
      if (parser->p == parser->end)
        return root;
      fail (parser, "trailing characters after the document");
    }

  g_set_error_literal (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT, parser->error);
  return NULL;
}

SjNode *
sj_object_get (const SjNode *object,
               const char   *key)
{
  if (object == NULL || object->type != SJ_OBJECT)
    return NULL;
  for (guint32 i = 0; i < object->len; i++)
    if (strcmp (object->v.items[i].key, key) == 0)
      return &object->v.items[i];
  return NULL;
}

/* @text's JSON escaping, without the quotes. */
void
sj_append_escaped (GString    *out,
                   const char *text)
{
  const char *run = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append (out, run);
}

void
sj_append_string (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  sj_append_escaped (out, text);
  g_string_append_c (out, '"');
}

/* The shortest of 15 to 17 significant digits that reads back exactly;
 * null for NaN and infinities, which JSON cannot carry. */
void
sj_append_double (GString *out,
                  double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.16g", value);
      if (g_ascii_strtod (buffer, NULL) != value)
        g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
    }
  g_string_append (out, buffer);
}

/* {"error": MESSAGE} */
char *
sj_error_body (const char *message)
{
  GString *out = g_string_sized_new (64 + strlen (message));

  g_string_append (out, "{\"error\":");
  sj_append_string (out, message);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
