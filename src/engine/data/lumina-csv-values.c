/* lumina-csv-values.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hot path of CSV import: every field goes through one of these.  Floats
 * take Clinger's fast path (an exact integer mantissa times an exact power
 * of ten is correctly rounded) and fall back to g_ascii_strtod otherwise, so
 * every result is the correctly rounded double of its text.
 */
#define G_LOG_DOMAIN "lumina-csv-values"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lumina-csv-values.h"



static inline void
trim (const char **s,
      gsize       *len)
{
  while (*len > 0 && (**s == ' ' || **s == '\t'))
    (*s)++, (*len)--;
  while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

static inline gboolean
equal_ci (const char *s,
          gsize       len,
          const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (s, word, len) == 0;
}

/* "", NA, N/A, NaN, null and ? (any case, surrounding blanks ignored). */
gboolean
lumina_csv_is_missing (const char *s,
                       gsize       len)
{
  /* The common case first: a value that starts like a number or a word. */
  if (len > 4 && s[0] != ' ' && s[0] != '\t' && s[len - 1] != ' ' && s[len - 1] != '\t')
    return FALSE;

  trim (&s, &len);

  switch (len)
    {
    case 0:
      return TRUE;
    case 1:
      return s[0] == '?';
    case 2:
      return equal_ci (s, len, "na");
    case 3:
      return equal_ci (s, len, "n/a") || equal_ci (s, len, "nan");
    case 4:
      return equal_ci (s, len, "null");
    default:
      return FALSE;
    }
}

gboolean
lumina_csv_parse_int64 (const char *s,
                        gsize       len,
                        gint64     *value)
{
  const char *end;
  gboolean negative = FALSE;
  guint64 acc = 0;

  trim (&s, &len);
  end = s + len;

  if (s < end && (*s == '-' || *s == '+'))
    negative = (*s++ == '-');
  if (s == end || end - s > 19)
    return FALSE;

  for (; s < end; s++)
    {
      unsigned digit = (unsigned) (*s - '0');

      if (digit > 9)
        return FALSE;
      acc = acc * 10 + digit;
    }

  /* 19 digits fit in a guint64 without wrapping; check the signed range. */
  if (acc > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    return FALSE;

  *value = negative ? (gint64) (0 - acc) : (gint64) acc;
  return TRUE;
}

static gboolean
parse_double_slow (const char *s,
                   gsize       len,
                   double     *value)
{
  char buffer[128];
  g_autofree char *heap = NULL;
  char *text = buffer;
  char *end = NULL;

  if (len >= sizeof buffer)
    text = heap = g_malloc (len + 1);
  memcpy (text, s, len);
  text[len] = '\0';

  /* Accept what a number looks like, not hex, not "infinity" spelled oddly. */
  for (gsize i = 0; i < len; i++)
    if (!strchr ("0123456789+-.eE", text[i]))
      {
        if (equal_ci (text, len, "inf") || equal_ci (text, len, "+inf") || equal_ci (text, len, "infinity") ||
            equal_ci (text, len, "+infinity"))
          return (*value = INFINITY, TRUE);
        if (equal_ci (text, len, "-inf") || equal_ci (text, len, "-infinity"))
          return (*value = -INFINITY, TRUE);
        return FALSE;
      }

  *value = g_ascii_strtod (text, &end);
  return end == text + len && len > 0;
}

gboolean
lumina_csv_parse_double (const char *s,
                         gsize       len,
                         double     *value)
{
  const char *p, *end;
  gboolean negative = FALSE, any_digit = FALSE;
  guint64 mantissa = 0;
  int n_digits = 0, exponent = 0;

  if (len == 0 || s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
    trim (&s, &len);
  p = s;
  end = s + len;

  if (p < end && (*p == '-' || *p == '+'))
    negative = (*p++ == '-');

  for (; p < end && (unsigned) (*p - '0') <= 9; p++, any_digit = TRUE)
    {
      if (n_digits >= 19)
        return parse_double_slow (s, len, value);
      mantissa = mantissa * 10 + (unsigned) (*p - '0');
      n_digits += (mantissa != 0);
    }

  if (p < end && *p == '.')
    {
      for (p++; p < end && (unsigned) (*p - '0') <= 9; p++, any_digit = TRUE)
        {
          if (n_digits >= 19)
            return parse_double_slow (s, len, value);
          mantissa = mantissa * 10 + (unsigned) (*p - '0');
          n_digits += (mantissa != 0);
          exponent--;
        }
    }

  if (!any_digit)
    return parse_double_slow (s, len, value);

  if (p < end && (*p == 'e' || *p == 'E'))
    return parse_double_slow (s, len, value);

  if (p != end)
    return FALSE;

  if (mantissa > (G_GUINT64_CONSTANT (1) << 53) || exponent < -22)
    return parse_double_slow (s, len, value);

  *value = exponent < 0 ? (double) mantissa / lumina_exact_powers10[-exponent] : (double) mantissa;
  if (negative)
    *value = -*value;
  return TRUE;
}

gboolean
lumina_csv_parse_bool (const char *s,
                       gsize       len,
                       gboolean   *value)
{
  trim (&s, &len);

  if (equal_ci (s, len, "true") || equal_ci (s, len, "yes"))
    return (*value = TRUE, TRUE);
  if (equal_ci (s, len, "false") || equal_ci (s, len, "no"))
    return (*value = FALSE, TRUE);
  return FALSE;
}

/* Reads exactly @n digits. */
static gboolean
digits (const char **p,
        const char  *end,
        int          n,
        int         *out)
{
  int v = 0;

  if (end - *p < n)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      unsigned d = (unsigned) ((*p)[i] - '0');

      if (d > 9)
        return FALSE;
      v = v * 10 + (int) d;
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + doe - 719468;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  static const int days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m < 1 || m > 12 || d < 1 || d > days_in_month[m - 1])
    return FALSE;
  return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static gboolean
parse_date (const char       **p,
            const char        *end,
            LuminaTimeFormat   format,
            int               *y,
            int               *m,
            int               *d)
{
  switch (format)
    {
    case LUMINA_TIME_FORMAT_ISO:
    case LUMINA_TIME_FORMAT_YMD_SLASH:
      {
        char sep = format == LUMINA_TIME_FORMAT_ISO ? '-' : '/';

        return digits (p, end, 4, y) && *p < end && *(*p)++ == sep &&
               digits (p, end, 2, m) && *p < end && *(*p)++ == sep && digits (p, end, 2, d);
      }

    case LUMINA_TIME_FORMAT_MDY:
      return digits (p, end, 2, m) && *p < end && *(*p)++ == '/' &&
             digits (p, end, 2, d) && *p < end && *(*p)++ == '/' && digits (p, end, 4, y);

    case LUMINA_TIME_FORMAT_DMY:
    case LUMINA_TIME_FORMAT_DMY_DOT:
      {
        char sep = format == LUMINA_TIME_FORMAT_DMY ? '/' : '.';

        return digits (p, end, 2, d) && *p < end && *(*p)++ == sep &&
               digits (p, end, 2, m) && *p < end && *(*p)++ == sep && digits (p, end, 4, y);
      }

    case LUMINA_N_TIME_FORMATS:
    default:
      return FALSE;
    }
}

/* [(T| )hh:mm[:ss[.ffffff]]][Z|±hh[:]mm]; the zone only for ISO. */
static gboolean
parse_clock (const char **p,
             const char  *end,
             gboolean     iso,
             gint64      *usec)
{
  int hh = 0, mm = 0, ss = 0, zh = 0, zm = 0;
  gint64 frac = 0;

  if (*p == end)
    return TRUE;
  if (!((**p == 'T' && iso) || **p == ' '))
    return FALSE;
  (*p)++;
  if (!digits (p, end, 2, &hh) || *p == end || *(*p)++ != ':' || !digits (p, end, 2, &mm))
    return FALSE;
  if (*p < end && **p == ':')
    {
      (*p)++;
      if (!digits (p, end, 2, &ss))
        return FALSE;
      if (*p < end && **p == '.')
        {
          gint64 scale = 100000;

          for ((*p)++; *p < end && (unsigned) (**p - '0') <= 9; (*p)++, scale /= 10)
            frac += scale * (**p - '0');
        }
    }
  if (hh > 23 || mm > 59 || ss > 60)
    return FALSE;

  *usec = ((gint64) hh * 3600 + mm * 60 + ss) * G_USEC_PER_SEC + frac;

  if (iso && *p < end && **p == 'Z')
    (*p)++;
  else if (iso && *p < end && (**p == '+' || **p == '-'))
    {
      int sign = *(*p)++ == '-' ? -1 : 1;

      if (!digits (p, end, 2, &zh) || (*p < end && **p == ':' && (*p)++ == NULL) ||
          !digits (p, end, 2, &zm))
        return FALSE;
      *usec -= sign * ((gint64) zh * 3600 + zm * 60) * G_USEC_PER_SEC;
    }

  return *p == end;
}

gboolean
lumina_csv_parse_time (const char       *s,
                       gsize             len,
                       LuminaTimeFormat  format,
                       gint64           *usec)
{
  const char *p, *end;
  int y, m, d;
  gint64 clock = 0;

  trim (&s, &len);
  p = s;
  end = s + len;

  if (!parse_date (&p, end, format, &y, &m, &d) || !valid_date (y, m, d) ||
      !parse_clock (&p, end, format == LUMINA_TIME_FORMAT_ISO, &clock))
    return FALSE;

  *usec = days_from_civil (y, m, d) * 86400 * G_USEC_PER_SEC + clock;
  return TRUE;
}

/**
 * lumina_csv_detect_time:
 * Returns: the first format that parses @s (MDY is tried before DMY), or -1
 */
int
lumina_csv_detect_time (const char *s,
                        gsize       len,
                        gint64     *usec)
{
  /* Cheap reject: every format has a digit first and is at least 8 long. */
  trim (&s, &len);
  if (len < 8 || (unsigned) (s[0] - '0') > 9)
    return -1;

  for (int f = 0; f < LUMINA_N_TIME_FORMATS; f++)
    if (lumina_csv_parse_time (s, len, f, usec))
      return f;

  return -1;
}

/**
 * lumina_csv_text_needs_quotes:
 * Whether a string value would read back as something else unquoted: a
 * missing marker.  (Numbers in a text column stay text: the column's type
 * comes from all its values.)
 */
gboolean
lumina_csv_text_needs_quotes (const char *text)
{
  return lumina_csv_is_missing (text, strlen (text));
}




/* Reads a run of digits into @mantissa; returns how many.  Eight at a time
 * where eight bytes are readable. */
static inline int
read_digits (const char **pp,
             const char  *end,
             guint64     *mantissa)
{
  const char *p = *pp;
  int total = 0;

  while (end - p >= 8)
    {
      guint64 chunk;
      int n;

      memcpy (&chunk, p, 8);
      n = lumina_leading_digits8 (GUINT64_FROM_LE (chunk));
      if (n == 0)
        break;
      *mantissa = *mantissa * lumina_pow10_u64[n] + lumina_digits8_value (GUINT64_FROM_LE (chunk), n);
      p += n;
      total += n;
      if (n < 8 || total > 19)
        break;
    }

  for (; p < end && (unsigned) (*p - '0') <= 9 && total <= 19; p++, total++)
    *mantissa = *mantissa * 10 + (unsigned) (*p - '0');

  *pp = p;
  return total;
}



/**
 * _lumina_csv_scan_number_general:
 * @p: the start of an unquoted field
 * @end: the end of the text
 * @stops: bytes that end a field (delimiter, CR, LF)
 * @value: (out): the number
 *
 * lumina_csv_scan_number() for every shape it reads: sign, digits,
 * fraction, exponent, eight digits at a time, then a check that the field
 * ends right after the number.
 *
 * Returns: the end of the field, or %NULL
 */
const char *
_lumina_csv_scan_number_general (const char   *p,
                                 const char   *end,
                                 const guint8 *stops,
                                 gboolean     *is_integer,
                                 gint64       *integer,
                                 double       *value)
{
  const char *start = p;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int exponent = 0, n_int, n_frac = 0;

  if (p < end && (*p == '-' || *p == '+'))
    negative = (*p++ == '-');

  n_int = read_digits (&p, end, &mantissa);

  *is_integer = (p == end || stops[(guint8) *p]) && n_int > 0 && n_int <= 18;
  if (*is_integer)
    {
      *integer = negative ? -(gint64) mantissa : (gint64) mantissa;
      *value = (double) *integer;
      return p;
    }

  if (p < end && *p == '.')
    {
      p++;
      n_frac = read_digits (&p, end, &mantissa);
      exponent = -n_frac;
    }

  /* Leading zeros do not count against the 18 significant digits, but the
   * run is capped at 19 digits, so anything longer goes the general way. */
  if (n_int + n_frac == 0 || n_int + n_frac > 18)
    return (n_int + n_frac > 18 && (p == end || stops[(guint8) *p]) &&
            lumina_csv_parse_double (start, p - start, value)) ? p : NULL;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean exp_negative = FALSE;
      int e = 0, n_e = 0;

      p++;
      if (p < end && (*p == '-' || *p == '+'))
        exp_negative = (*p++ == '-');
      for (; p < end && (unsigned) (*p - '0') <= 9 && n_e < 4; p++, n_e++)
        e = e * 10 + (*p - '0');
      if (n_e == 0)
        return NULL;
      exponent += exp_negative ? -e : e;
    }

  if (p < end && !stops[(guint8) *p])
    return NULL;

  if (mantissa > (G_GUINT64_CONSTANT (1) << 53) || exponent < -22 || exponent > 22)
    return lumina_csv_parse_double (start, p - start, value) ? p : NULL;

  *value = exponent < 0 ? (double) mantissa / lumina_exact_powers10[-exponent] : (double) mantissa * lumina_exact_powers10[exponent];
  if (negative)
    *value = -*value;
  return p;
}
