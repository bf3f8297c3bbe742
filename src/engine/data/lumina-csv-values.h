/* lumina-csv-values.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsers for one CSV field (not NUL-terminated).  Engine-internal.
 */
#pragma once

#include <string.h>

#include <glib.h>

#ifdef __SSE2__
# include <emmintrin.h>
#endif

G_BEGIN_DECLS

typedef enum
{
  LUMINA_TIME_FORMAT_ISO,       /* 2024-01-31[(T| )12:30[:45[.123]]][Z|±hh:mm] */
  LUMINA_TIME_FORMAT_YMD_SLASH, /* 2024/01/31 [12:30[:45]] */
  LUMINA_TIME_FORMAT_MDY,       /* 01/31/2024 [12:30[:45]] */
  LUMINA_TIME_FORMAT_DMY,       /* 31/01/2024 [12:30[:45]] */
  LUMINA_TIME_FORMAT_DMY_DOT,   /* 31.01.2024 [12:30[:45]] */
  LUMINA_N_TIME_FORMATS
} LuminaTimeFormat;

gboolean lumina_csv_is_missing    (const char *s,
                                   gsize       len);
gboolean lumina_csv_text_needs_quotes (const char *text);
gboolean lumina_csv_parse_int64   (const char *s,
                                   gsize       len,
                                   gint64     *value);
gboolean lumina_csv_parse_double  (const char *s,
                                   gsize       len,
                                   double     *value);
gboolean lumina_csv_parse_bool    (const char *s,
                                   gsize       len,
                                   gboolean   *value);
gboolean lumina_csv_parse_time    (const char       *s,
                                   gsize             len,
                                   LuminaTimeFormat  format,
                                   gint64           *usec);
int      lumina_csv_detect_time   (const char *s,
                                   gsize       len,
                                   gint64     *usec);

/* Numbers: shared by the general reader (lumina-csv-values.c) and the
 * inline fast path below, which import runs once per field. */
static const double lumina_exact_powers10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static const guint64 lumina_pow10_u64[] = {
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/* How many of the 8 bytes at @p are ASCII digits, counted from the first. */
static inline int
lumina_leading_digits8 (guint64 chunk)
{
  guint64 high = chunk & G_GUINT64_CONSTANT (0xF0F0F0F0F0F0F0F0);
  guint64 carry = (chunk + G_GUINT64_CONSTANT (0x0606060606060606)) & G_GUINT64_CONSTANT (0xF0F0F0F0F0F0F0F0);
  guint64 bad = (high ^ G_GUINT64_CONSTANT (0x3030303030303030)) | (carry ^ G_GUINT64_CONSTANT (0x3030303030303030));

  return bad == 0 ? 8 : __builtin_ctzll (bad) / 8;
}

/* The value of the first @n (1..8) digits of @chunk, three multiplies
 * instead of a loop (the bytes are little-endian: first digit lowest). */
static inline guint64
lumina_digits8_value (guint64 chunk,
                      int     n)
{
  guint64 v = (chunk << (8 * (8 - n))) & G_GUINT64_CONSTANT (0x0F0F0F0F0F0F0F0F);

  v = (v * 2561) >> 8;
  v = ((v & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF)) * 6553601) >> 16;
  v = ((v & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF)) * G_GUINT64_CONSTANT (42949672960001)) >> 32;
  return v;
}

/* -@x when @negative, without a branch: signs are random in data. */
static inline double
lumina_with_sign (double   x,
                  gboolean negative)
{
  guint64 bits;

  memcpy (&bits, &x, sizeof bits);
  bits |= (guint64) (negative != 0) << 63;
  memcpy (&x, &bits, sizeof bits);
  return x;
}

#ifdef __SSE2__
/* The common shape, without a branch on its lengths: [-]D{1,8}[.D{1,8}]
 * then a stop byte, at most 15 digits, read from one 16-byte load that
 * marks where the digits end.  Needs 32 readable bytes at @p.  Returns
 * %NULL for anything else, and the caller reads it the general way. */
static inline const char *
lumina_csv_scan_short_number (const char   *p,
                              const guint8 *stops,
                              gboolean     *is_integer,
                              gint64       *integer,
                              double       *value)
{
  gboolean negative = *p == '-';
  __m128i text, shifted;
  guint non_digits, after_point;
  guint64 int_chunk, frac_chunk, mantissa;
  int int_len, frac_len, field_len;

  p += negative;
  text = _mm_loadu_si128 ((const __m128i *) p);
  /* Digits are the bytes d with d - '0' below 10, compared signed after
   * moving the range to the bottom of the signed bytes. */
  shifted = _mm_sub_epi8 (text, _mm_set1_epi8 ('0' - 128));
  non_digits = ~(guint) _mm_movemask_epi8 (_mm_cmplt_epi8 (shifted, _mm_set1_epi8 (-128 + 10))) | 0x10000;

  int_len = __builtin_ctz (non_digits);
  if (G_UNLIKELY (int_len == 0 || int_len > 8))
    return NULL;

  if (p[int_len] != '.')
    {
      if (G_UNLIKELY (!stops[(guint8) p[int_len]]))
        return NULL;
      memcpy (&int_chunk, p, 8);
      mantissa = lumina_digits8_value (GUINT64_FROM_LE (int_chunk), int_len);
      *is_integer = TRUE;
      *integer = negative ? -(gint64) mantissa : (gint64) mantissa;
      *value = (double) *integer;
      return p + int_len;
    }

  after_point = non_digits & ~((2u << int_len) - 1);
  field_len = __builtin_ctz (after_point);
  frac_len = field_len - int_len - 1;
  if (G_UNLIKELY (frac_len == 0 || frac_len > 8 || int_len + frac_len > 15 || !stops[(guint8) p[field_len]]))
    return NULL;

  memcpy (&int_chunk, p, 8);
  memcpy (&frac_chunk, p + int_len + 1, 8);
  mantissa = lumina_digits8_value (GUINT64_FROM_LE (int_chunk), int_len) * lumina_pow10_u64[frac_len] +
             lumina_digits8_value (GUINT64_FROM_LE (frac_chunk), frac_len);
  *is_integer = FALSE;
  *value = lumina_with_sign ((double) mantissa / lumina_exact_powers10[frac_len], negative);
  return p + field_len;
}
#endif

const char *_lumina_csv_scan_number_general (const char   *p,
                                             const char   *end,
                                             const guint8 *stops,
                                             gboolean     *is_integer,
                                             gint64       *integer,
                                             double       *value);

/**
 * lumina_csv_scan_number:
 * @p: the start of an unquoted field
 * @end: the end of the text
 * @stops: bytes that end a field (delimiter, CR, LF)
 * @value: (out): the number
 *
 * The fused fast path of import: reads a plain decimal number straight
 * from the text and checks that the field ends right after it; %NULL for
 * anything else (blanks, "NA", hex, more than 18 significant digits), and
 * the caller takes the general path.
 *
 * Returns: the end of the field, or %NULL
 */
static inline const char *
lumina_csv_scan_number (const char   *p,
                        const char   *end,
                        const guint8 *stops,
                        gboolean     *is_integer,
                        gint64       *integer,
                        double       *value)
{
#ifdef __SSE2__
  if (G_LIKELY (end - p >= 32))
    {
      const char *q = lumina_csv_scan_short_number (p, stops, is_integer, integer, value);

      if (G_LIKELY (q != NULL))
        return q;
    }
#endif
  return _lumina_csv_scan_number_general (p, end, stops, is_integer, integer, value);
}

G_END_DECLS
