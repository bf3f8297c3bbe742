/* test-collect.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The system collectors: /proc parsers on captured and hand-made files,
 * the host and process collectors on fixture trees and on this machine,
 * NVML absent and through a fake NVML library, and the collector thread.
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lumina-error.h"
#include "lumina-collect-proc.h"
#include "lumina-collect-thread.h"
#include "lumina-metric-point.h"

#define EPSILON 1e-9

static char *
fixture_path (const char *relative)
{
  return g_test_build_filename (G_TEST_DIST, "engine", "data", "proc", relative, NULL);
}

static char *
fixture (const char *relative)
{
  g_autofree char *path = fixture_path (relative);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static GPtrArray *
new_points (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lumina_metric_point_free);
}

/* The point named @name whose labels include the NULL-terminated pairs. */
static const LuminaMetricPoint *
find_point (GPtrArray  *points,
            const char *name,
            ...)
{
  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);
      gboolean match = g_str_equal (point->name, name);
      const char *key;
      va_list args;

      va_start (args, name);
      while (match && (key = va_arg (args, const char *)) != NULL)
        match = g_strcmp0 (lumina_metric_point_label (point, key), va_arg (args, const char *)) == 0;
      va_end (args);
      if (match)
        return point;
    }
  return NULL;
}

static double
point_value (GPtrArray  *points,
             const char *name,
             const char *key,
             const char *value)
{
  const LuminaMetricPoint *point = find_point (points, name, key, value, NULL);

  if (point == NULL)
    g_error ("no point %s{%s=\"%s\"}", name, key ? key : "", value ? value : "");
  return point->value;
}

static guint
count_points (GPtrArray  *points,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; i < points->len; i++)
    n += g_str_equal (((LuminaMetricPoint *) g_ptr_array_index (points, i))->name, name);
  return n;
}

static GArray *
parse_stat_fixture (const char *relative)
{
  g_autofree char *text = fixture (relative);
  g_autoptr(GError) error = NULL;
  GArray *cpus = lumina_proc_parse_stat (text, &error);

  g_assert_no_error (error);
  return cpus;
}

/* Two real /proc/stat captures one second apart on the build machine:
 * total deltas 69 user, 24 system, 96 idle, 1 iowait, 4 softirq. */
static void
test_stat_captured_pair (void)
{
  g_autoptr(GArray) before = parse_stat_fixture ("captured/stat");
  g_autoptr(GArray) after = parse_stat_fixture ("captured/stat-1s-later");
  g_autoptr(GPtrArray) points = new_points ();

  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpint (g_array_index (before, LuminaCpuTimes, 0).cpu, ==, -1);
  g_assert_cmpuint (g_array_index (before, LuminaCpuTimes, 0).times[LUMINA_CPU_USER], ==, 1329587);
  g_assert_cmpuint (g_array_index (before, LuminaCpuTimes, 2).times[LUMINA_CPU_STEAL], ==, 2038);

  lumina_cpu_usage_points (before, after, 1000, points);
  g_assert_cmpuint (points->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "total"), 97.0 / 194.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "0"), 51.0 / 97.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "1"), 45.0 / 96.0, EPSILON);
  g_assert_cmpint (((LuminaMetricPoint *) g_ptr_array_index (points, 0))->time_ms, ==, 1000);
}

/* cpu2 goes offline, then comes back with cpu4 new: a CPU gets a ratio
 * only when both snapshots have it. */
static void
test_stat_hotplug (void)
{
  g_autoptr(GArray) one = parse_stat_fixture ("hotplug/stat-1");
  g_autoptr(GArray) two = parse_stat_fixture ("hotplug/stat-2");
  g_autoptr(GArray) three = parse_stat_fixture ("hotplug/stat-3");
  g_autoptr(GPtrArray) first = new_points ();
  g_autoptr(GPtrArray) second = new_points ();

  lumina_cpu_usage_points (one, two, 0, first);
  g_assert_cmpuint (first->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (point_value (first, "host_cpu_usage_ratio", "cpu", "total"), 3.0 / 7.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (first, "host_cpu_usage_ratio", "cpu", "0"), 0.625, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (first, "host_cpu_usage_ratio", "cpu", "1"), 0.375, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (first, "host_cpu_usage_ratio", "cpu", "3"), 0.5, EPSILON);
  g_assert_null (find_point (first, "host_cpu_usage_ratio", "cpu", "2", NULL));

  lumina_cpu_usage_points (two, three, 0, second);
  g_assert_cmpuint (second->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (point_value (second, "host_cpu_usage_ratio", "cpu", "0"), 0.375, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (second, "host_cpu_usage_ratio", "cpu", "1"), 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (second, "host_cpu_usage_ratio", "cpu", "3"), 0.375, EPSILON);
  g_assert_null (find_point (second, "host_cpu_usage_ratio", "cpu", "2", NULL));
  g_assert_null (find_point (second, "host_cpu_usage_ratio", "cpu", "4", NULL));
}

/* iowait stepping back counts as no time; no time at all gives no ratio. */
static void
test_stat_odd_deltas (void)
{
  LuminaCpuTimes before = { -1, { 100, 0, 100, 1000, 500, 0, 0, 0 } };
  LuminaCpuTimes after = { -1, { 150, 0, 150, 1100, 490, 0, 0, 0 } };
  double ratio = -1;

  g_assert_true (lumina_cpu_times_usage (&before, &after, &ratio));
  g_assert_cmpfloat_with_epsilon (ratio, 0.5, EPSILON);
  g_assert_false (lumina_cpu_times_usage (&before, &before, &ratio));
  g_assert_cmpuint (lumina_counter_delta (10, 25), ==, 15);
  g_assert_cmpuint (lumina_counter_delta (G_MAXUINT64 - 5, 7), ==, 7);
}

static void
test_loadavg (void)
{
  g_autofree char *text = fixture ("host-2/loadavg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = new_points ();
  double load[3];

  g_assert_true (lumina_proc_parse_loadavg (text, load, &error));
  g_assert_no_error (error);
  lumina_loadavg_points (load, 0, points);
  g_assert_cmpfloat (point_value (points, "host_load1", NULL, NULL), ==, 1.5);
  g_assert_cmpfloat (point_value (points, "host_load5", NULL, NULL), ==, 0.75);
  g_assert_cmpfloat (point_value (points, "host_load15", NULL, NULL), ==, 0.3);
}

/* This machine has no swap: SwapTotal 0. */
static void
test_meminfo_captured (void)
{
  g_autofree char *text = fixture ("captured/meminfo");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = new_points ();
  LuminaMemInfo info;

  g_assert_true (lumina_proc_parse_meminfo (text, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.has_available);
  lumina_mem_info_points (&info, 0, points);
  g_assert_cmpfloat (point_value (points, "host_memory_total_bytes", NULL, NULL), ==, 24731708.0 * 1024);
  g_assert_cmpfloat (point_value (points, "host_memory_used_bytes", NULL, NULL), ==, (24731708.0 - 23868492.0) * 1024);
  g_assert_cmpfloat (point_value (points, "host_memory_available_bytes", NULL, NULL), ==, 23868492.0 * 1024);
  g_assert_cmpfloat (point_value (points, "host_swap_total_bytes", NULL, NULL), ==, 0);
  g_assert_cmpfloat (point_value (points, "host_swap_used_bytes", NULL, NULL), ==, 0);
}

static void
test_meminfo_swap_and_old_kernel (void)
{
  g_autofree char *text = fixture ("host-2/meminfo");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = new_points ();
  LuminaMemInfo info;
  /* Before Linux 3.14: no MemAvailable. */
  const char *old = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\nSReclaimable: 50 kB\n";

  g_assert_true (lumina_proc_parse_meminfo (text, &info, &error));
  lumina_mem_info_points (&info, 0, points);
  g_assert_cmpfloat (point_value (points, "host_memory_used_bytes", NULL, NULL), ==, 6000000.0 * 1024);
  g_assert_cmpfloat (point_value (points, "host_swap_total_bytes", NULL, NULL), ==, 2097152.0 * 1024);
  g_assert_cmpfloat (point_value (points, "host_swap_used_bytes", NULL, NULL), ==, 1073741824.0);

  g_assert_true (lumina_proc_parse_meminfo (old, &info, &error));
  g_assert_no_error (error);
  g_assert_false (info.has_available);
  g_assert_cmpuint (lumina_mem_info_used (&info), ==, 600 * 1024);
}

static GArray *
parse_with (GArray   *(*parse) (const char *, GError **),
            const char *relative)
{
  g_autofree char *text = fixture (relative);
  g_autoptr(GError) error = NULL;
  GArray *array = parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (array);
  return array;
}

static void
assert_devices (GArray             *array,
                const char * const *expected)
{
  g_assert_cmpuint (array->len, ==, g_strv_length ((GStrv) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (*(char **) (array->data + i * g_array_get_element_size (array)), ==, expected[i]);
}

static void
test_diskstats_filter (void)
{
  static const char * const fixture_devices[] = {
    "nvme0n1", "sda", "dm-0", "md127", "mmcblk0", "a-very-long-device-mapper-nam31", NULL
  };
  static const char * const captured_devices[] = { "vda", NULL };
  g_autoptr(GArray) disks = parse_with (lumina_proc_parse_diskstats, "host-1/diskstats");
  g_autoptr(GArray) captured = parse_with (lumina_proc_parse_diskstats, "captured/diskstats");

  assert_devices (disks, fixture_devices);
  assert_devices (captured, captured_devices);
  g_assert_cmpuint (g_array_index (captured, LuminaDiskStats, 0).sectors_written, ==, 139573088);
  g_assert_true (lumina_disk_is_whole_device ("nvme12n3"));
  g_assert_true (lumina_disk_is_whole_device ("xvdf"));
  g_assert_false (lumina_disk_is_whole_device ("xvdf1"));
  g_assert_false (lumina_disk_is_whole_device ("nvme12n3p14"));
  g_assert_false (lumina_disk_is_whole_device ("md0p1"));
}

/* Two seconds apart; sda was re-attached (its counters restarted). */
static void
test_diskstats_rates (void)
{
  g_autoptr(GArray) before = parse_with (lumina_proc_parse_diskstats, "host-1/diskstats");
  g_autoptr(GArray) after = parse_with (lumina_proc_parse_diskstats, "host-2/diskstats");
  g_autoptr(GPtrArray) points = new_points ();

  lumina_disk_stats_points (before, after, 2.0, 0, points);
  g_assert_cmpuint (points->len, ==, 6 * 3);
  g_assert_cmpfloat (point_value (points, "host_disk_read_bytes_per_second", "device", "nvme0n1"), ==, 1048576);
  g_assert_cmpfloat (point_value (points, "host_disk_write_bytes_per_second", "device", "nvme0n1"), ==, 524288);
  g_assert_cmpfloat (point_value (points, "host_disk_iops", "device", "nvme0n1"), ==, 200);
  g_assert_cmpfloat (point_value (points, "host_disk_read_bytes_per_second", "device", "sda"), ==, 20480);
  g_assert_cmpfloat (point_value (points, "host_disk_write_bytes_per_second", "device", "sda"), ==, 10240);
  g_assert_cmpfloat (point_value (points, "host_disk_iops", "device", "sda"), ==, 7.5);
  g_assert_cmpfloat (point_value (points, "host_disk_iops", "device", "dm-0"), ==, 0);
  g_assert_cmpfloat (point_value (points, "host_disk_read_bytes_per_second", "device", "md127"), ==, 40960);
  g_assert_cmpfloat (point_value (points, "host_disk_iops", "device", "md127"), ==, 10);
  g_assert_cmpfloat (point_value (points, "host_disk_write_bytes_per_second", "device",
                                  "a-very-long-device-mapper-nam31"), ==, 4096);
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpfloat (((LuminaMetricPoint *) g_ptr_array_index (points, i))->value, >=, 0);

  /* No time passed: no rates. */
  g_ptr_array_set_size (points, 0);
  lumina_disk_stats_points (before, after, 0, 0, points);
  g_assert_cmpuint (points->len, ==, 0);
}

/* lo is skipped; "enp0s31f6:4294967200" has no blank after the colon, and
 * its 32-bit receive counter wrapped to 100 in the second snapshot. */
static void
test_net_dev (void)
{
  static const char * const fixture_devices[] = { "eth0", "enp0s31f6", "wlp2s0", NULL };
  static const char * const captured_devices[] = { "ifb0", "ifb1", "eth0", NULL };
  g_autoptr(GArray) before = parse_with (lumina_proc_parse_net_dev, "host-1/net/dev");
  g_autoptr(GArray) after = parse_with (lumina_proc_parse_net_dev, "host-2/net/dev");
  g_autoptr(GArray) captured = parse_with (lumina_proc_parse_net_dev, "captured/net/dev");
  g_autoptr(GPtrArray) points = new_points ();

  assert_devices (before, fixture_devices);
  assert_devices (captured, captured_devices);
  g_assert_cmpuint (g_array_index (before, LuminaNetStats, 1).receive_bytes, ==, 4294967200);
  g_assert_cmpuint (g_array_index (before, LuminaNetStats, 1).transmit_bytes, ==, 123456789012);

  lumina_net_stats_points (before, after, 2.0, 0, points);
  g_assert_cmpuint (points->len, ==, 6);
  g_assert_cmpfloat (point_value (points, "host_network_receive_bytes_per_second", "device", "eth0"), ==, 1000000);
  g_assert_cmpfloat (point_value (points, "host_network_transmit_bytes_per_second", "device", "eth0"), ==, 500);
  g_assert_cmpfloat (point_value (points, "host_network_receive_bytes_per_second", "device", "enp0s31f6"), ==, 50);
  g_assert_cmpfloat (point_value (points, "host_network_transmit_bytes_per_second", "device", "enp0s31f6"), ==, 0);
  g_assert_null (find_point (points, "host_network_receive_bytes_per_second", "device", "lo", NULL));
}

static void
assert_mount (GArray     *mounts,
              guint       index,
              const char *device,
              const char *mountpoint,
              const char *fstype)
{
  const LuminaMount *mount = &g_array_index (mounts, LuminaMount, index);

  g_assert_cmpstr (mount->device, ==, device);
  g_assert_cmpstr (mount->mountpoint, ==, mountpoint);
  g_assert_cmpstr (mount->fstype, ==, fstype);
}

/* Pseudo, network and image file systems go; /dev/shm stays; the bind
 * mount of /etc/hosts folds into /; "\040" is a space. */
static void
test_mounts (void)
{
  g_autoptr(GArray) mounts = parse_with (lumina_proc_parse_mounts, "host-1/self/mounts");
  g_autoptr(GArray) captured = parse_with (lumina_proc_parse_mounts, "captured/self/mounts");

  g_assert_cmpuint (mounts->len, ==, 4);
  assert_mount (mounts, 0, "/dev/vda", "/", "ext4");
  assert_mount (mounts, 1, "tmpfs", "/dev/shm", "tmpfs");
  assert_mount (mounts, 2, "overlay", "/var/lib/docker/overlay2/0123abcd/merged", "overlay");
  assert_mount (mounts, 3, "/dev/sdb1", "/mnt/My Disk", "ext4");

  /* /dev/shm is mounted twice: the later mount wins, and comes last. */
  g_assert_cmpuint (captured->len, ==, 2);
  assert_mount (captured, 0, "/dev/vda", "/", "ext4");
  assert_mount (captured, 1, "tmpfs", "/dev/shm", "tmpfs");

  g_assert_false (lumina_fstype_is_measured ("proc"));
  g_assert_false (lumina_fstype_is_measured ("nfs4"));
  g_assert_true (lumina_fstype_is_measured ("btrfs"));
  g_assert_true (lumina_fstype_is_measured ("overlay"));
}

static void
test_process_parse (void)
{
  g_autofree char *stat = fixture ("pid-1/4242/stat");
  g_autofree char *status = fixture ("pid-1/4242/status");
  g_autofree char *kstat = fixture ("kthread/2/stat");
  g_autofree char *kstatus = fixture ("kthread/2/status");
  g_autoptr(GError) error = NULL;
  LuminaProcSample sample = { 0 };

  g_assert_true (lumina_proc_parse_pid_stat (stat, &sample, &error));
  g_assert_true (lumina_proc_parse_pid_status (status, &sample, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sample.pid, ==, 4242);
  g_assert_cmpstr (sample.name, ==, "my (odd) job");
  g_assert_cmpuint (sample.cpu_ticks, ==, 2000);
  g_assert_cmpuint (sample.start_ticks, ==, 123456);
  g_assert_cmpuint (sample.resident_bytes, ==, 10240 * 1024);
  g_assert_cmpuint (sample.peak_resident_bytes, ==, 20480 * 1024);

  /* A kernel thread has no memory of its own. */
  g_assert_true (lumina_proc_parse_pid_stat (kstat, &sample, &error));
  g_assert_true (lumina_proc_parse_pid_status (kstatus, &sample, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sample.name, ==, "kthreadd");
  g_assert_cmpuint (sample.resident_bytes, ==, 0);
  lumina_proc_sample_clear (&sample);
}

static void
install_as (const char *root,
            const char *fixture_dir,
            const char *relative,
            const char *target_relative)
{
  g_autofree char *source = g_build_filename (fixture_dir, relative, NULL);
  g_autofree char *text = fixture (source);
  g_autofree char *target = g_build_filename (root, target_relative, NULL);
  g_autofree char *parent = g_path_get_dirname (target);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (target, text, -1, &error);
  g_assert_no_error (error);
}

static void
install (const char *root,
         const char *fixture_dir,
         const char *relative)
{
  install_as (root, fixture_dir, relative, relative);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      remove_tree (child);
      g_object_unref (info);
    }
  g_remove (path);
}

static void
test_process_rates (void)
{
  g_autofree char *root = g_dir_make_tmp ("lumina-collect-XXXXXX", NULL);
  g_autoptr(LuminaProcessCollector) collector = lumina_process_collector_new (root);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;
  double hz = (double) sysconf (_SC_CLK_TCK);

  lumina_process_collector_add_pid (collector, 4242);
  lumina_process_collector_add_pid (collector, 4242);
  install (root, "pid-1", "4242/stat");
  install (root, "pid-1", "4242/status");
  g_assert_true (lumina_process_collector_collect (collector, 0, 1, points, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (point_value (points, "process_cpu_seconds_total", "pid", "4242"), 2000 / hz, EPSILON);
  g_assert_cmpstr (lumina_metric_point_label (g_ptr_array_index (points, 0), "name"), ==, "my (odd) job");
  g_assert_cmpfloat (point_value (points, "process_resident_bytes", "pid", "4242"), ==, 10240.0 * 1024);
  g_assert_cmpfloat (point_value (points, "process_peak_resident_bytes", "pid", "4242"), ==, 20480.0 * 1024);

  /* 200 more ticks in 4 s. */
  g_ptr_array_set_size (points, 0);
  install (root, "pid-2", "4242/stat");
  install (root, "pid-2", "4242/status");
  g_assert_true (lumina_process_collector_collect (collector, 4 * G_USEC_PER_SEC, 2, points, &error));
  g_assert_cmpuint (points->len, ==, 4);
  g_assert_cmpfloat_with_epsilon (point_value (points, "process_cpu_usage_ratio", "pid", "4242"),
                                  200 / hz / 4.0, EPSILON);
  g_assert_cmpfloat (point_value (points, "process_resident_bytes", "pid", "4242"), ==, 12288.0 * 1024);

  /* The PID now belongs to another process (another start time): no rate. */
  g_ptr_array_set_size (points, 0);
  install (root, "pid-3", "4242/stat");
  install (root, "pid-3", "4242/status");
  g_assert_true (lumina_process_collector_collect (collector, 8 * G_USEC_PER_SEC, 3, points, &error));
  g_assert_cmpuint (count_points (points, "process_cpu_usage_ratio"), ==, 0);
  g_assert_cmpstr (lumina_metric_point_label (g_ptr_array_index (points, 0), "name"), ==, "other");

  /* Gone: no points, no error.  Removed: not read at all. */
  g_ptr_array_set_size (points, 0);
  remove_tree (root);
  g_assert_true (lumina_process_collector_collect (collector, 9 * G_USEC_PER_SEC, 4, points, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 0);
  lumina_process_collector_remove_pid (collector, 4242);
  pids = lumina_process_collector_dup_pids (collector);
  g_assert_cmpuint (pids->len, ==, 0);
}

static void
burn_cpu (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  volatile double x = 1;

  while (g_get_monotonic_time () < until)
    for (guint i = 0; i < 10000; i++)
      x = x * 1.0000001 + 1e-9;
}

static void
test_process_live (void)
{
  g_autoptr(LuminaProcessCollector) collector = lumina_process_collector_new (NULL);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", getpid ());
  g_autofree char *comm = NULL;
  double ratio;

  g_file_get_contents ("/proc/self/comm", &comm, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (comm);

  lumina_process_collector_add_pid (collector, getpid ());
  /* A PID above any pid_max: never a process. */
  lumina_process_collector_add_pid (collector, G_MAXINT - 1);
  g_assert_true (lumina_process_collector_collect (collector, g_get_monotonic_time (), 0, points, &error));
  burn_cpu (300);
  g_ptr_array_set_size (points, 0);
  g_assert_true (lumina_process_collector_collect (collector, g_get_monotonic_time (), 0, points, &error));
  g_assert_no_error (error);

  g_assert_cmpfloat (point_value (points, "process_resident_bytes", "pid", pid), >, 0);
  g_assert_cmpfloat (point_value (points, "process_peak_resident_bytes", "pid", pid), >=,
                     point_value (points, "process_resident_bytes", "pid", pid));
  g_assert_cmpfloat (point_value (points, "process_cpu_seconds_total", "pid", pid), >, 0);
  g_assert_cmpstr (lumina_metric_point_label (find_point (points, "process_cpu_seconds_total", NULL), "name"), ==, comm);
  ratio = point_value (points, "process_cpu_usage_ratio", "pid", pid);
  g_test_message ("own CPU while burning: %.2f of a core", ratio);
  g_assert_cmpfloat (ratio, >, 0);
  g_assert_cmpfloat (ratio, <=, g_get_num_processors () + 0.5);
  g_assert_null (find_point (points, "process_cpu_seconds_total", "pid", "2147483646", NULL));
}

static void
install_host (const char *root,
              const char *fixture_dir)
{
  static const char * const files[] = { "stat", "loadavg", "meminfo", "diskstats", "net/dev", "self/mounts" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    install (root, fixture_dir, files[i]);
}

/* The host collector end to end on fixture trees two seconds apart. */
static void
test_host_fixtures (void)
{
  g_autofree char *root = g_dir_make_tmp ("lumina-collect-XXXXXX", NULL);
  g_autoptr(LuminaHostCollector) collector = lumina_host_collector_new (root);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  struct statvfs fs;

  install_host (root, "host-1");
  g_assert_true (lumina_host_collector_collect (collector, 10 * G_USEC_PER_SEC, 5000, points, &error));
  g_assert_no_error (error);
  /* Instant values only: rates need a second snapshot. */
  g_assert_cmpuint (count_points (points, "host_cpu_usage_ratio"), ==, 0);
  g_assert_cmpuint (count_points (points, "host_disk_iops"), ==, 0);
  g_assert_cmpfloat (point_value (points, "host_load1", NULL, NULL), ==, 0.5);
  g_assert_cmpfloat (point_value (points, "host_memory_used_bytes", NULL, NULL), ==, 4000000.0 * 1024);
  g_assert_cmpfloat (point_value (points, "host_swap_total_bytes", NULL, NULL), ==, 0);
  /* Of the fixture's mounts, / and /dev/shm exist here too and are measured. */
  g_assert_cmpint (statvfs ("/", &fs), ==, 0);
  g_assert_cmpfloat (point_value (points, "host_filesystem_size_bytes", "mountpoint", "/"), ==,
                     (double) fs.f_blocks * fs.f_frsize);
  g_assert_cmpfloat (point_value (points, "host_filesystem_used_bytes", "mountpoint", "/"), >, 0);
  g_assert_cmpstr (lumina_metric_point_label (find_point (points, "host_filesystem_size_bytes", "mountpoint", "/", NULL),
                                              "device"), ==, "/dev/vda");
  g_assert_nonnull (find_point (points, "host_filesystem_size_bytes", "mountpoint", "/dev/shm", NULL));
  g_assert_null (find_point (points, "host_filesystem_size_bytes", "mountpoint", "/mnt/My Disk", NULL));
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpint (((LuminaMetricPoint *) g_ptr_array_index (points, i))->time_ms, ==, 5000);

  g_ptr_array_set_size (points, 0);
  install_host (root, "host-2");
  g_assert_true (lumina_host_collector_collect (collector, 12 * G_USEC_PER_SEC, 7000, points, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "total"), 0.4, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "0"), 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (point_value (points, "host_cpu_usage_ratio", "cpu", "1"), 0.3, EPSILON);
  g_assert_cmpfloat (point_value (points, "host_load15", NULL, NULL), ==, 0.3);
  g_assert_cmpfloat (point_value (points, "host_swap_used_bytes", NULL, NULL), ==, 1073741824.0);
  g_assert_cmpfloat (point_value (points, "host_disk_read_bytes_per_second", "device", "nvme0n1"), ==, 1048576);
  g_assert_cmpfloat (point_value (points, "host_disk_iops", "device", "sda"), ==, 7.5);
  g_assert_cmpfloat (point_value (points, "host_network_receive_bytes_per_second", "device", "eth0"), ==, 1000000);
  g_assert_cmpfloat (point_value (points, "host_network_receive_bytes_per_second", "device", "enp0s31f6"), ==, 50);

  /* A file gone bad: its error, and every other file's points. */
  g_ptr_array_set_size (points, 0);
  install_as (root, "bad", "stat-garbage", "stat");
  g_assert_false (lumina_host_collector_collect (collector, 14 * G_USEC_PER_SEC, 9000, points, &error));
  g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "/proc/stat"));
  g_assert_cmpuint (count_points (points, "host_cpu_usage_ratio"), ==, 0);
  g_assert_cmpuint (count_points (points, "host_memory_total_bytes"), ==, 1);
  g_assert_cmpuint (count_points (points, "host_disk_iops"), ==, 6);

  remove_tree (root);
}

static guint64
meminfo_total_kib (void)
{
  g_autofree char *text = NULL;
  guint64 kib = 0;

  g_assert_true (g_file_get_contents ("/proc/meminfo", &text, NULL, NULL));
  g_assert_cmpint (sscanf (text, "MemTotal: %" G_GUINT64_FORMAT " kB", &kib), ==, 1);
  return kib;
}

static void
test_host_live (void)
{
  g_autoptr(LuminaHostCollector) collector = lumina_host_collector_new (NULL);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  guint n_cpus = 0;

  g_assert_true (lumina_host_collector_collect (collector, g_get_monotonic_time (), 0, points, &error));
  g_assert_no_error (error);
  burn_cpu (200);
  g_ptr_array_set_size (points, 0);
  g_assert_true (lumina_host_collector_collect (collector, g_get_monotonic_time (), 0, points, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < points->len; i++)
    {
      const LuminaMetricPoint *point = g_ptr_array_index (points, i);

      if (!g_str_equal (point->name, "host_cpu_usage_ratio"))
        continue;
      g_assert_cmpfloat (point->value, >=, 0);
      g_assert_cmpfloat (point->value, <=, 1);
      n_cpus++;
    }
  g_test_message ("total CPU while burning: %.3f", point_value (points, "host_cpu_usage_ratio", "cpu", "total"));
  g_assert_cmpuint (n_cpus, >=, 2);
  g_assert_cmpfloat (point_value (points, "host_memory_total_bytes", NULL, NULL), ==, meminfo_total_kib () * 1024.0);
  g_assert_cmpfloat (point_value (points, "host_memory_used_bytes", NULL, NULL), >, 0);
  g_assert_cmpfloat (point_value (points, "host_memory_used_bytes", NULL, NULL), <,
                     point_value (points, "host_memory_total_bytes", NULL, NULL));
  g_assert_cmpfloat (point_value (points, "host_load1", NULL, NULL), >=, 0);
  g_assert_cmpfloat (point_value (points, "host_filesystem_size_bytes", "mountpoint", "/"), >, 0);
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpfloat (((LuminaMetricPoint *) g_ptr_array_index (points, i))->value, >=, 0);
}

static void
test_host_missing_root (void)
{
  g_autoptr(LuminaHostCollector) collector = lumina_host_collector_new ("/nonexistent/proc");
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;

  g_assert_false (lumina_host_collector_collect (collector, 0, 0, points, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpuint (points->len, ==, 0);
}

/* Each parser, one signature. */
typedef gboolean (*Parser) (const char *text, GError **error);

static gboolean
parse_stat (const char *text, GError **error)
{
  g_autoptr(GArray) array = lumina_proc_parse_stat (text, error);
  return array != NULL;
}

static gboolean
parse_loadavg (const char *text, GError **error)
{
  double load[3];
  return lumina_proc_parse_loadavg (text, load, error);
}

static gboolean
parse_meminfo (const char *text, GError **error)
{
  LuminaMemInfo info;
  return lumina_proc_parse_meminfo (text, &info, error);
}

static gboolean
parse_diskstats (const char *text, GError **error)
{
  g_autoptr(GArray) array = lumina_proc_parse_diskstats (text, error);
  return array != NULL;
}

static gboolean
parse_net_dev (const char *text, GError **error)
{
  g_autoptr(GArray) array = lumina_proc_parse_net_dev (text, error);
  return array != NULL;
}

static gboolean
parse_mounts (const char *text, GError **error)
{
  g_autoptr(GArray) array = lumina_proc_parse_mounts (text, error);
  return array != NULL;
}

static gboolean
parse_pid_stat (const char *text, GError **error)
{
  LuminaProcSample sample = { 0 };
  gboolean ok = lumina_proc_parse_pid_stat (text, &sample, error);

  lumina_proc_sample_clear (&sample);
  return ok;
}

static gboolean
parse_pid_status (const char *text, GError **error)
{
  LuminaProcSample sample = { 0 };
  return lumina_proc_parse_pid_status (text, &sample, error);
}

static const struct
{
  const char *file_name;   /* as the message names it */
  Parser      parse;
  const char *good;        /* a valid fixture */
  const char *bad[5];      /* malformed fixtures in bad/ */
} parsers[] = {
  { "/proc/stat", parse_stat, "captured/stat", { "stat-truncated", "stat-garbage", "stat-no-total", "stat-empty" } },
  { "/proc/loadavg", parse_loadavg, "captured/loadavg", { "loadavg-truncated", "loadavg-garbage" } },
  { "/proc/meminfo", parse_meminfo, "captured/meminfo", { "meminfo-truncated", "meminfo-garbage" } },
  { "/proc/diskstats", parse_diskstats, "host-1/diskstats", { "diskstats-truncated" } },
  { "/proc/net/dev", parse_net_dev, "host-1/net/dev", { "net-dev-no-colon", "net-dev-truncated" } },
  { "/proc/self/mounts", parse_mounts, "host-1/self/mounts", { "mounts-truncated" } },
  { "/proc/PID/stat", parse_pid_stat, "pid-1/4242/stat", { "pid-stat-truncated", "pid-stat-short" } },
  { "/proc/PID/status", parse_pid_status, "pid-1/4242/status", { "pid-status-garbage", "pid-status-no-name" } },
};

static void
test_bad_input (void)
{
  g_autofree char *binary = fixture ("bad/binary");

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      g_autoptr(GError) binary_error = NULL;

      for (guint j = 0; parsers[i].bad[j] != NULL; j++)
        {
          g_autofree char *path = g_build_filename ("bad", parsers[i].bad[j], NULL);
          g_autofree char *text = fixture (path);
          g_autoptr(GError) error = NULL;

          g_assert_false (parsers[i].parse (text, &error));
          g_assert_error (error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
          g_assert_true (g_str_has_prefix (error->message, "Malformed "));
          g_assert_nonnull (strstr (error->message, parsers[i].file_name));
          g_test_message ("%s: %s", parsers[i].bad[j], error->message);
        }
      g_assert_false (parsers[i].parse (binary, &binary_error));
      g_assert_error (binary_error, LUMINA_ERROR, LUMINA_ERROR_INVALID_INPUT);
    }
}

/* Every prefix of every valid file: parsed or refused with an error, never
 * both, never a crash (this test earns its keep under ASan). */
static void
test_truncations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      g_autofree char *text = fixture (parsers[i].good);
      gsize length = strlen (text);
      guint n_refused = 0;

      for (gsize cut = 0; cut <= length; cut++)
        {
          g_autofree char *prefix = g_strndup (text, cut);
          g_autoptr(GError) error = NULL;
          gboolean ok = parsers[i].parse (prefix, &error);

          g_assert_true (ok == (error == NULL));
          n_refused += !ok;
        }
      g_assert_true (parsers[i].parse (text, NULL));
      g_assert_cmpuint (n_refused, >, 0);
    }
}

/* Built beside this test (tests/engine/meson.build). */
static char *
fake_nvml_path_named (const char *name)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (exe);

  return g_build_filename (dir, name, NULL);
}

static char *
fake_nvml_path (void)
{
  const char *path = g_getenv ("LUMINA_TEST_FAKE_NVML");

  return path != NULL ? g_strdup (path) : fake_nvml_path_named ("fake-nvml.so");
}

static void
test_gpu_nvml_absent (void)
{
  g_autoptr(LuminaGpuCollector) collector = NULL;
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_setenv (LUMINA_NVML_LIBRARY_ENV, "/nonexistent/libnvidia-ml.so.1", TRUE);
  collector = lumina_gpu_collector_new (NULL);
  g_unsetenv (LUMINA_NVML_LIBRARY_ENV);

  g_assert_null (lumina_gpu_collector_dup_unavailable_reason (collector));
  g_assert_true (lumina_gpu_collector_collect (collector, 0, points, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 0);
  g_assert_false (lumina_gpu_collector_is_available (collector));
  g_assert_cmpuint (lumina_gpu_collector_get_n_devices (collector), ==, 0);
  reason = lumina_gpu_collector_dup_unavailable_reason (collector);
  g_assert_cmpstr (reason, ==, "No NVIDIA driver: /nonexistent/libnvidia-ml.so.1 not found");
}

/* A file that exists but is no library: unavailable, saying why. */
static void
test_gpu_not_a_library (void)
{
  g_autofree char *path = fixture_path ("captured/stat");
  g_autoptr(LuminaGpuCollector) collector = lumina_gpu_collector_new (path);
  g_autoptr(GPtrArray) points = new_points ();
  g_autofree char *reason = NULL;

  g_assert_true (lumina_gpu_collector_collect (collector, 0, points, NULL));
  g_assert_cmpuint (points->len, ==, 0);
  reason = lumina_gpu_collector_dup_unavailable_reason (collector);
  g_test_message ("%s", reason);
  g_assert_true (g_str_has_prefix (reason, "No NVIDIA driver: "));
  g_assert_nonnull (strstr (reason, "cannot be loaded"));
}

static void
test_gpu_fake_nvml_library (void)
{
  g_autofree char *path = fake_nvml_path ();
  g_autoptr(LuminaGpuCollector) collector = lumina_gpu_collector_new (path);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;
  const double gib = 1024.0 * 1024 * 1024;
  void *module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  int *live_inits;

  /* The test holds the module too, to see NVML shut down after the collector. */
  g_assert_nonnull (module);
  live_inits = dlsym (module, "fake_nvml_live_inits");
  g_assert_nonnull (live_inits);

  g_assert_true (lumina_gpu_collector_collect (collector, 42, points, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_gpu_collector_is_available (collector));
  g_assert_null (lumina_gpu_collector_dup_unavailable_reason (collector));
  g_assert_cmpuint (lumina_gpu_collector_get_n_devices (collector), ==, 2);
  g_assert_cmpint (*live_inits, ==, 1);

  g_assert_cmpstr (lumina_metric_point_label (find_point (points, "gpu_utilization_ratio", "gpu", "0", NULL), "name"),
                   ==, "Fake NVIDIA H100 80GB HBM3");
  g_assert_cmpfloat (point_value (points, "gpu_utilization_ratio", "gpu", "0"), ==, 0.37);
  g_assert_cmpfloat (point_value (points, "gpu_utilization_ratio", "gpu", "1"), ==, 0);
  g_assert_cmpfloat (point_value (points, "gpu_memory_used_bytes", "gpu", "0"), ==, 12 * gib);
  g_assert_cmpfloat (point_value (points, "gpu_memory_total_bytes", "gpu", "0"), ==, 80 * gib);
  g_assert_cmpfloat (point_value (points, "gpu_memory_total_bytes", "gpu", "1"), ==, 22.5 * gib);
  g_assert_cmpfloat (point_value (points, "gpu_temperature_celsius", "gpu", "0"), ==, 55);
  g_assert_cmpfloat (point_value (points, "gpu_temperature_celsius", "gpu", "1"), ==, 31);
  g_assert_cmpfloat (point_value (points, "gpu_power_watts", "gpu", "0"), ==, 250.123);
  /* GPU 1 does not report power: no point, and no error. */
  g_assert_null (find_point (points, "gpu_power_watts", "gpu", "1", NULL));
  g_assert_cmpint (((LuminaMetricPoint *) g_ptr_array_index (points, 0))->time_ms, ==, 42);

  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "4242"), ==, gib);
  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "4343"), ==, 2 * gib);
  g_assert_cmpstr (lumina_metric_point_label (find_point (points, "gpu_process_memory_bytes", "pid", "4343", NULL), "gpu"),
                   ==, "0");
  /* 4444's memory is "not available": left out.  GPU 1's 40 processes
   * needed a second, larger buffer. */
  g_assert_null (find_point (points, "gpu_process_memory_bytes", "pid", "4444", NULL));
  g_assert_cmpuint (count_points (points, "gpu_process_memory_bytes"), ==, 2 + 40);
  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "5039"), ==, 1024.0 * 1024);
  g_assert_cmpuint (points->len, ==, 5 + 4 + 42);

  g_clear_object (&collector);
  g_assert_cmpint (*live_inits, ==, 0);
  dlclose (module);
}

/* An old driver's library: per-process memory through the unversioned call
 * and its 16-byte entries. */
static void
test_gpu_fake_nvml_library_v1_processes (void)
{
  g_autofree char *path = fake_nvml_path_named ("fake-nvml-v1.so");
  g_autoptr(LuminaGpuCollector) collector = lumina_gpu_collector_new (path);
  g_autoptr(GPtrArray) points = new_points ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lumina_gpu_collector_collect (collector, 0, points, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "4242"), ==, 1024.0 * 1024 * 1024);
  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "4343"), ==, 2048.0 * 1024 * 1024);
  g_assert_null (find_point (points, "gpu_process_memory_bytes", "pid", "4444", NULL));
  g_assert_cmpuint (count_points (points, "gpu_process_memory_bytes"), ==, 2 + 40);
  g_assert_cmpfloat (point_value (points, "gpu_process_memory_bytes", "pid", "5039"), ==, 1024.0 * 1024);
  g_assert_cmpstr (lumina_metric_point_label (find_point (points, "gpu_process_memory_bytes", "pid", "5039", NULL),
                                              "gpu"), ==, "1");
}

static void
test_gpu_fake_nvml_library_init_fails (void)
{
  g_autofree char *path = fake_nvml_path ();
  g_autoptr(LuminaGpuCollector) collector = lumina_gpu_collector_new (path);
  g_autoptr(GPtrArray) points = new_points ();
  g_autofree char *reason = NULL;

  g_setenv ("FAKE_NVML_INIT_ERROR", "9", TRUE);
  g_assert_false (lumina_gpu_collector_load (collector));
  g_unsetenv ("FAKE_NVML_INIT_ERROR");

  g_assert_true (lumina_gpu_collector_collect (collector, 0, points, NULL));
  g_assert_cmpuint (points->len, ==, 0);
  reason = lumina_gpu_collector_dup_unavailable_reason (collector);
  g_assert_cmpstr (reason, ==, "The NVIDIA driver did not start: Driver Not Loaded");
}

typedef struct
{
  GMutex     lock;
  GPtrArray *batches;
  GThread   *caller;
  gboolean   on_other_thread;
} Sink;

static void
sink_cb (GPtrArray *points,
         gpointer   user_data)
{
  Sink *sink = user_data;

  g_mutex_lock (&sink->lock);
  g_ptr_array_add (sink->batches, g_ptr_array_ref (points));
  sink->on_other_thread = g_thread_self () != sink->caller;
  g_mutex_unlock (&sink->lock);
}

static void
wait_for_batches (LuminaCollectorThread *thread,
                  guint64                n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (lumina_collector_thread_get_n_batches (thread) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
}

/* Three batches at 50 ms, with the host, this process and a fake NVML
 * library's GPUs, delivered on the collector thread. */
static void
test_thread_batches_with_fake_nvml_library (void)
{
  g_autofree char *path = fake_nvml_path ();
  g_autoptr(LuminaHostCollector) host = lumina_host_collector_new (NULL);
  g_autoptr(LuminaProcessCollector) process = lumina_process_collector_new (NULL);
  g_autoptr(LuminaGpuCollector) gpu = lumina_gpu_collector_new (path);
  g_autoptr(LuminaCollectorThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", getpid ());
  Sink sink = { .batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
                .caller = g_thread_self () };
  GPtrArray *last;
  guint64 n;

  g_mutex_init (&sink.lock);
  lumina_process_collector_add_pid (process, getpid ());
  thread = lumina_collector_thread_new_full (50, host, process, gpu);
  lumina_collector_thread_set_sink (thread, sink_cb, &sink, NULL);
  g_assert_true (lumina_collector_thread_start (thread, &error));
  g_assert_no_error (error);
  g_assert_true (lumina_collector_thread_is_running (thread));
  wait_for_batches (thread, 3);
  lumina_collector_thread_stop (thread);
  g_assert_false (lumina_collector_thread_is_running (thread));

  n = lumina_collector_thread_get_n_batches (thread);
  g_usleep (120 * 1000);
  g_assert_cmpuint (lumina_collector_thread_get_n_batches (thread), ==, n);
  g_assert_cmpuint (sink.batches->len, ==, n);
  g_assert_true (sink.on_other_thread);

  last = g_ptr_array_index (sink.batches, sink.batches->len - 1);
  g_assert_nonnull (find_point (last, "host_cpu_usage_ratio", "cpu", "total", NULL));
  g_assert_nonnull (find_point (last, "process_cpu_usage_ratio", "pid", pid, NULL));
  g_assert_cmpfloat (point_value (last, "gpu_temperature_celsius", "gpu", "0"), ==, 55);
  g_assert_cmpfloat (point_value (last, "lumina_collector_cpu_seconds_total", NULL, NULL), >, 0);
  for (guint i = 1; i < last->len; i++)
    g_assert_cmpint (((LuminaMetricPoint *) g_ptr_array_index (last, i))->time_ms, ==,
                     ((LuminaMetricPoint *) g_ptr_array_index (last, 0))->time_ms);

  g_clear_object (&thread);
  g_ptr_array_unref (sink.batches);
  g_mutex_clear (&sink.lock);
}

/* A 60 s interval: stop() must wake the sleeping thread, not wait it out. */
static void
test_thread_stops_promptly (void)
{
  g_autoptr(LuminaCollectorThread) thread = lumina_collector_thread_new (60 * 1000);
  g_autoptr(GError) error = NULL;
  gint64 start;
  double stop_ms;

  g_assert_cmpuint (lumina_collector_thread_get_interval_ms (thread), ==, 60000);
  g_assert_nonnull (lumina_collector_thread_get_process_collector (thread));
  g_assert_nonnull (lumina_collector_thread_get_gpu_collector (thread));
  g_assert_true (lumina_collector_thread_start (thread, &error));
  wait_for_batches (thread, 1);
  g_usleep (20 * 1000);

  start = g_get_monotonic_time ();
  lumina_collector_thread_stop (thread);
  stop_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("stop took %.3f ms", stop_ms);
  g_assert_cmpfloat (stop_ms, <, 10 * 1000);
  g_assert_cmpuint (lumina_collector_thread_get_n_batches (thread), ==, 1);

  /* Stopping twice, and dropping a stopped thread, are fine. */
  lumina_collector_thread_stop (thread);
}

/* The collector thread's own CPU time at the default interval: 3 s here,
 * 20 s with -m slow.  Reported, not asserted (tests never fail on time). */
static void
test_thread_cpu_cost (void)
{
  g_autoptr(LuminaCollectorThread) thread = lumina_collector_thread_new (0);
  guint seconds = g_test_slow () ? 20 : 3;
  gint64 start;
  gint64 cpu_us;
  double wall_s;
  guint64 n;

  g_assert_cmpuint (lumina_collector_thread_get_interval_ms (thread), ==, LUMINA_COLLECTOR_DEFAULT_INTERVAL_MS);
  g_assert_true (lumina_collector_thread_start (thread, NULL));
  start = g_get_monotonic_time ();
  g_usleep (seconds * G_USEC_PER_SEC + 100 * 1000);
  n = lumina_collector_thread_get_n_batches (thread);
  cpu_us = lumina_collector_thread_get_cpu_time_us (thread);
  wall_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  lumina_collector_thread_stop (thread);

  g_test_message ("collector thread: %" G_GUINT64_FORMAT " batches in %.1f s, %.2f ms CPU each, "
                  "%.3f%% of one core", n, wall_s, cpu_us / 1000.0 / MAX (n, 1), 100.0 * cpu_us / 1e6 / wall_s);
  g_assert_cmpuint (n, >=, seconds);
  g_assert_cmpint (cpu_us, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/collect/stat/captured-pair", test_stat_captured_pair);
  g_test_add_func ("/engine/collect/stat/hotplug", test_stat_hotplug);
  g_test_add_func ("/engine/collect/stat/odd-deltas", test_stat_odd_deltas);
  g_test_add_func ("/engine/collect/loadavg", test_loadavg);
  g_test_add_func ("/engine/collect/meminfo/captured-no-swap", test_meminfo_captured);
  g_test_add_func ("/engine/collect/meminfo/swap-and-old-kernel", test_meminfo_swap_and_old_kernel);
  g_test_add_func ("/engine/collect/diskstats/filter", test_diskstats_filter);
  g_test_add_func ("/engine/collect/diskstats/rates-and-reset", test_diskstats_rates);
  g_test_add_func ("/engine/collect/net-dev", test_net_dev);
  g_test_add_func ("/engine/collect/mounts", test_mounts);
  g_test_add_func ("/engine/collect/process/parse", test_process_parse);
  g_test_add_func ("/engine/collect/process/rates", test_process_rates);
  g_test_add_func ("/engine/collect/process/live-self", test_process_live);
  g_test_add_func ("/engine/collect/host/fixtures", test_host_fixtures);
  g_test_add_func ("/engine/collect/host/live", test_host_live);
  g_test_add_func ("/engine/collect/host/missing-root", test_host_missing_root);
  g_test_add_func ("/engine/collect/bad-input/files", test_bad_input);
  g_test_add_func ("/engine/collect/bad-input/truncations", test_truncations);
  g_test_add_func ("/engine/collect/gpu/nvml-absent", test_gpu_nvml_absent);
  g_test_add_func ("/engine/collect/gpu/not-a-library", test_gpu_not_a_library);
  g_test_add_func ("/engine/collect/gpu/fake-nvml-library", test_gpu_fake_nvml_library);
  g_test_add_func ("/engine/collect/gpu/fake-nvml-library-v1-processes", test_gpu_fake_nvml_library_v1_processes);
  g_test_add_func ("/engine/collect/gpu/fake-nvml-library-init-fails", test_gpu_fake_nvml_library_init_fails);
  g_test_add_func ("/engine/collect/thread/batches-with-fake-nvml-library", test_thread_batches_with_fake_nvml_library);
  g_test_add_func ("/engine/collect/thread/stops-promptly", test_thread_stops_promptly);
  g_test_add_func ("/engine/collect/thread/cpu-cost", test_thread_cpu_cost);

  return g_test_run ();
}
