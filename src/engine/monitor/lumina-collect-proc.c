/* lumina-collect-proc.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /proc/stat, /proc/loadavg and /proc/meminfo, and the helpers every
 * collector file shares.
 */
#define G_LOG_DOMAIN "lumina-collect"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "lumina-collect-private.h"
#include "lumina-collect-proc.h"
#include "lumina-error.h"
#include "lumina-metric-point.h"

/* Splits @line in place on blanks; returns how many tokens it stored. */
guint
_lumina_collect_tokenize (char  *line,
                          char **tokens,
                          guint  max_tokens)
{
  guint n = 0;
  char *p = line;

  while (*p != '\0' && n < max_tokens)
    {
      while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
      if (*p == '\0')
        break;
      tokens[n++] = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
        p++;
      if (*p != '\0')
        *p++ = '\0';
    }
  return n;
}

gboolean
_lumina_collect_parse_u64 (const char *token,
                           guint64    *value)
{
  return g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT64, value, NULL);
}

void
_lumina_collect_malformed (GError     **error,
                           const char  *file,
                           guint        line,
                           const char  *what)
{
  if (line > 0)
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                 "Malformed %s, line %u: %s", file, line, what);
  else
    g_set_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT,
                 "Malformed %s: %s", file, what);
}

/* Labels are key, value pairs after @value, ending in NULL. */
void
_lumina_collect_add (GPtrArray  *points,
                     const char *name,
                     gint64      time_ms,
                     double      value,
                     ...)
{
  const char *labels[LUMINA_COLLECT_MAX_TOKENS + 1];
  const char *label;
  guint n = 0;
  va_list args;

  va_start (args, value);
  while ((label = va_arg (args, const char *)) != NULL && n < LUMINA_COLLECT_MAX_TOKENS)
    labels[n++] = label;
  va_end (args);
  labels[n] = NULL;
  g_assert (n % 2 == 0);

  g_ptr_array_add (points, lumina_metric_point_new (name, n > 0 ? labels : NULL, time_ms, value));
}

/* Reads @root/@relative ("/proc" + "stat").  procfs files report a size
 * of zero; g_file_get_contents() then reads to the end. */
char *
_lumina_collect_read (const char  *root,
                      const char  *relative,
                      GError     **error)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return text;
}

guint64
lumina_counter_delta (guint64 before,
                      guint64 after)
{
  /* A counter that went down restarted from zero. */
  return after >= before ? after - before : after;
}

static gboolean
parse_cpu_line (char            *line,
                guint            line_no,
                LuminaCpuTimes  *times,
                GError         **error)
{
  char *tokens[LUMINA_COLLECT_MAX_TOKENS];
  guint n = _lumina_collect_tokenize (line, tokens, G_N_ELEMENTS (tokens));
  guint64 cpu;

  memset (times, 0, sizeof *times);
  if (g_str_equal (tokens[0], "cpu"))
    times->cpu = -1;
  else if (_lumina_collect_parse_u64 (tokens[0] + 3, &cpu) && cpu < G_MAXINT)
    times->cpu = (int) cpu;
  else
    {
      _lumina_collect_malformed (error, "/proc/stat", line_no, "a cpu line without a CPU number");
      return FALSE;
    }

  /* Linux 2.6 has at least user, nice, system, idle; later fields are
   * absent on older kernels and read as zero.  Guest time (fields 9 and
   * 10) is already counted in user and nice, so it is left out. */
  if (n < 5)
    {
      _lumina_collect_malformed (error, "/proc/stat", line_no, "fewer than four CPU times");
      return FALSE;
    }
  for (guint i = 1; i < n; i++)
    {
      guint64 value;

      if (!_lumina_collect_parse_u64 (tokens[i], &value))
        {
          _lumina_collect_malformed (error, "/proc/stat", line_no, "a CPU time is not a number");
          return FALSE;
        }
      if (i - 1 < LUMINA_CPU_N_TIMES)
        times->times[i - 1] = value;
    }
  return TRUE;
}

/**
 * lumina_proc_parse_stat:
 * @text: the contents of /proc/stat
 *
 * Returns: (transfer full) (element-type LuminaCpuTimes): the total first
 *   (cpu == -1), then each CPU listed.  Offline CPUs have no line.
 */
GArray *
lumina_proc_parse_stat (const char  *text,
                        GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) cpus = g_array_new (FALSE, TRUE, sizeof (LuminaCpuTimes));

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      LuminaCpuTimes times;

      if (!g_str_has_prefix (lines[i], "cpu"))
        continue;
      if (!parse_cpu_line (lines[i], i + 1, &times, error))
        return NULL;
      if ((times.cpu == -1) != (cpus->len == 0))
        {
          _lumina_collect_malformed (error, "/proc/stat", i + 1,
                                     "the “cpu” total line must come first, once");
          return NULL;
        }
      g_array_append_val (cpus, times);
    }
  if (cpus->len == 0)
    {
      _lumina_collect_malformed (error, "/proc/stat", 0, "no “cpu” line");
      return NULL;
    }
  return g_steal_pointer (&cpus);
}

/**
 * lumina_cpu_times_usage:
 * @ratio: (out): busy time over all time between the snapshots, in [0, 1]
 *
 * Returns: %FALSE when no time passed for this CPU (no ratio to give).
 */
gboolean
lumina_cpu_times_usage (const LuminaCpuTimes *before,
                        const LuminaCpuTimes *after,
                        double               *ratio)
{
  guint64 total = 0;
  guint64 idle = 0;

  g_return_val_if_fail (before != NULL && after != NULL && ratio != NULL, FALSE);

  for (guint i = 0; i < LUMINA_CPU_N_TIMES; i++)
    {
      /* Times never restart; iowait is known to step back a little on
       * tickless kernels.  A step back counts as no time. */
      guint64 delta = after->times[i] > before->times[i] ? after->times[i] - before->times[i] : 0;

      total += delta;
      if (i == LUMINA_CPU_IDLE || i == LUMINA_CPU_IOWAIT)
        idle += delta;
    }
  if (total == 0)
    return FALSE;
  *ratio = (double) (total - idle) / (double) total;
  return TRUE;
}

static const LuminaCpuTimes *
find_cpu (GArray *cpus,
          int     cpu)
{
  for (guint i = 0; i < cpus->len; i++)
    if (g_array_index (cpus, LuminaCpuTimes, i).cpu == cpu)
      return &g_array_index (cpus, LuminaCpuTimes, i);
  return NULL;
}

/* host_cpu_usage_ratio{cpu="total"|"N"} for every CPU in both snapshots:
 * a CPU that went offline or came online in between gives no point. */
void
lumina_cpu_usage_points (GArray    *before,
                         GArray    *after,
                         gint64     time_ms,
                         GPtrArray *points)
{
  g_return_if_fail (before != NULL && after != NULL && points != NULL);

  for (guint i = 0; i < after->len; i++)
    {
      const LuminaCpuTimes *now = &g_array_index (after, LuminaCpuTimes, i);
      const LuminaCpuTimes *then = find_cpu (before, now->cpu);
      char label[16];
      double ratio;

      if (then == NULL || !lumina_cpu_times_usage (then, now, &ratio))
        continue;
      if (now->cpu < 0)
        g_strlcpy (label, "total", sizeof label);
      else
        g_snprintf (label, sizeof label, "%d", now->cpu);
      _lumina_collect_add (points, "host_cpu_usage_ratio", time_ms, ratio, "cpu", label, NULL);
    }
}

static gboolean
parse_double (const char *token,
              double     *value)
{
  char *end = NULL;

  errno = 0;
  *value = g_ascii_strtod (token, &end);
  return errno == 0 && end != token && *end == '\0' && *value >= 0;
}

/* /proc/loadavg: "0.52 0.58 0.59 2/1234 5678". */
gboolean
lumina_proc_parse_loadavg (const char  *text,
                           double       load[3],
                           GError     **error)
{
  g_autofree char *copy = NULL;
  char *tokens[5];
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strdup (text);
  g_strdelimit (copy, "\n", ' ');
  n = _lumina_collect_tokenize (copy, tokens, G_N_ELEMENTS (tokens));
  if (n < 3)
    {
      _lumina_collect_malformed (error, "/proc/loadavg", 1, "fewer than three load averages");
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    if (!parse_double (tokens[i], &load[i]))
      {
        _lumina_collect_malformed (error, "/proc/loadavg", 1, "a load average is not a number");
        return FALSE;
      }
  return TRUE;
}

void
lumina_loadavg_points (const double  load[3],
                       gint64        time_ms,
                       GPtrArray    *points)
{
  _lumina_collect_add (points, "host_load1", time_ms, load[0], NULL);
  _lumina_collect_add (points, "host_load5", time_ms, load[1], NULL);
  _lumina_collect_add (points, "host_load15", time_ms, load[2], NULL);
}

static guint64 *
meminfo_field (LuminaMemInfo *info,
               const char    *key)
{
  static const struct { const char *key; gsize offset; } fields[] = {
    { "MemTotal", G_STRUCT_OFFSET (LuminaMemInfo, total) },
    { "MemFree", G_STRUCT_OFFSET (LuminaMemInfo, free) },
    { "MemAvailable", G_STRUCT_OFFSET (LuminaMemInfo, available) },
    { "Buffers", G_STRUCT_OFFSET (LuminaMemInfo, buffers) },
    { "Cached", G_STRUCT_OFFSET (LuminaMemInfo, cached) },
    { "SReclaimable", G_STRUCT_OFFSET (LuminaMemInfo, reclaimable) },
    { "SwapTotal", G_STRUCT_OFFSET (LuminaMemInfo, swap_total) },
    { "SwapFree", G_STRUCT_OFFSET (LuminaMemInfo, swap_free) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return G_STRUCT_MEMBER_P (info, fields[i].offset);
  return NULL;
}

/* /proc/meminfo: "Key:   value kB" lines.  MemTotal and MemFree are
 * required; a missing SwapTotal (no swap configured) reads as zero. */
gboolean
lumina_proc_parse_meminfo (const char     *text,
                           LuminaMemInfo  *info,
                           GError        **error)
{
  g_auto(GStrv) lines = NULL;
  gboolean has_total = FALSE;
  gboolean has_free = FALSE;

  g_return_val_if_fail (text != NULL && info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tokens[4];
      guint n = _lumina_collect_tokenize (lines[i], tokens, G_N_ELEMENTS (tokens));
      gsize key_len;
      guint64 value;
      guint64 *field;

      if (n == 0)
        continue;
      key_len = strlen (tokens[0]);
      if (n < 2 || n > 3 || key_len < 2 || tokens[0][key_len - 1] != ':'
          || !_lumina_collect_parse_u64 (tokens[1], &value)
          || (n == 3 && !g_str_equal (tokens[2], "kB")))
        {
          _lumina_collect_malformed (error, "/proc/meminfo", i + 1, "expected “Key: number kB”");
          return FALSE;
        }
      tokens[0][key_len - 1] = '\0';
      if (n == 3)
        value = value > G_MAXUINT64 / 1024 ? G_MAXUINT64 : value * 1024;
      if ((field = meminfo_field (info, tokens[0])) == NULL)
        continue;
      *field = value;
      has_total |= g_str_equal (tokens[0], "MemTotal");
      has_free |= g_str_equal (tokens[0], "MemFree");
      info->has_available |= g_str_equal (tokens[0], "MemAvailable");
    }
  if (!has_total || !has_free)
    {
      _lumina_collect_malformed (error, "/proc/meminfo", 0, "no MemTotal or MemFree");
      return FALSE;
    }
  return TRUE;
}

/* Memory in use by programs: MemTotal - MemAvailable, as free(1) shows it.
 * Kernels without MemAvailable get MemTotal minus free, buffers and
 * reclaimable caches. */
guint64
lumina_mem_info_used (const LuminaMemInfo *info)
{
  guint64 unused;

  g_return_val_if_fail (info != NULL, 0);

  if (info->has_available)
    unused = info->available;
  else
    unused = info->free + info->buffers + info->cached + info->reclaimable;
  return info->total > unused ? info->total - unused : 0;
}

void
lumina_mem_info_points (const LuminaMemInfo *info,
                        gint64               time_ms,
                        GPtrArray           *points)
{
  guint64 available = info->total - MIN (info->total, lumina_mem_info_used (info));
  guint64 swap_used = info->swap_total > info->swap_free ? info->swap_total - info->swap_free : 0;

  _lumina_collect_add (points, "host_memory_total_bytes", time_ms, (double) info->total, NULL);
  _lumina_collect_add (points, "host_memory_used_bytes", time_ms, (double) lumina_mem_info_used (info), NULL);
  _lumina_collect_add (points, "host_memory_available_bytes", time_ms, (double) available, NULL);
  _lumina_collect_add (points, "host_swap_total_bytes", time_ms, (double) info->swap_total, NULL);
  _lumina_collect_add (points, "host_swap_used_bytes", time_ms, (double) swap_used, NULL);
}
