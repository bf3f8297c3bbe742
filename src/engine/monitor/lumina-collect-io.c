/* lumina-collect-io.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /proc/diskstats, /proc/net/dev, /proc/self/mounts and statvfs().
 */
#define G_LOG_DOMAIN "lumina-collect"

#include "config.h"

#include <string.h>
#include <sys/statvfs.h>

#include "lumina-collect-private.h"
#include "lumina-collect-proc.h"

/* diskstats counts in 512-byte sectors whatever the device's own size. */
#define DISKSTATS_SECTOR_BYTES 512.0

static void
disk_stats_clear (gpointer data)
{
  g_free (((LuminaDiskStats *) data)->device);
}

static void
net_stats_clear (gpointer data)
{
  g_free (((LuminaNetStats *) data)->device);
}

static void
mount_clear (gpointer data)
{
  LuminaMount *mount = data;

  g_free (mount->device);
  g_free (mount->mountpoint);
  g_free (mount->fstype);
}

/**
 * lumina_disk_is_whole_device:
 * @name: a block device name from /proc/diskstats
 *
 * Whole disks and virtual devices that carry file systems (dm-0, md127)
 * are measured; partitions are not, since their I/O is already in their
 * disk's.  Loop, RAM and zram devices (memory, or files on another disk)
 * and floppies are skipped.  The rule follows node_exporter's default.
 */
gboolean
lumina_disk_is_whole_device (const char *name)
{
  static GRegex *skip;

  g_return_val_if_fail (name != NULL, FALSE);

  if (g_once_init_enter (&skip))
    {
      GRegex *regex = g_regex_new ("^(z?ram[0-9]+|loop[0-9]+|fd[0-9]+"
                                   "|(h|s|v|xv)d[a-z]+[0-9]+"
                                   "|(nvme[0-9]+n[0-9]+|mmcblk[0-9]+|md[0-9]+|nbd[0-9]+)p[0-9]+)$",
                                   G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&skip, regex);
    }
  return !g_regex_match (skip, name, 0, NULL);
}

/**
 * lumina_proc_parse_diskstats:
 *
 * Returns: (transfer full) (element-type LuminaDiskStats): whole devices
 *   only (see lumina_disk_is_whole_device()).
 */
GArray *
lumina_proc_parse_diskstats (const char  *text,
                             GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) disks = g_array_new (FALSE, TRUE, sizeof (LuminaDiskStats));

  g_return_val_if_fail (text != NULL, NULL);

  g_array_set_clear_func (disks, disk_stats_clear);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tokens[LUMINA_COLLECT_MAX_TOKENS];
      guint n = _lumina_collect_tokenize (lines[i], tokens, G_N_ELEMENTS (tokens));
      LuminaDiskStats disk = { NULL };
      guint64 ignored;

      if (n == 0)
        continue;
      /* 14 fields since Linux 2.6, 18 with discards (4.18), 20 with flushes (5.5). */
      if (n < 14 || !_lumina_collect_parse_u64 (tokens[0], &ignored)
          || !_lumina_collect_parse_u64 (tokens[1], &ignored)
          || !_lumina_collect_parse_u64 (tokens[3], &disk.reads)
          || !_lumina_collect_parse_u64 (tokens[5], &disk.sectors_read)
          || !_lumina_collect_parse_u64 (tokens[7], &disk.writes)
          || !_lumina_collect_parse_u64 (tokens[9], &disk.sectors_written))
        {
          _lumina_collect_malformed (error, "/proc/diskstats", i + 1,
                                     "expected major, minor, name and at least 11 counters");
          return NULL;
        }
      if (!lumina_disk_is_whole_device (tokens[2]))
        continue;
      disk.device = g_strdup (tokens[2]);
      g_array_append_val (disks, disk);
    }
  return g_steal_pointer (&disks);
}

static gconstpointer
find_device (GArray     *array,
             const char *device)
{
  /* Both stats structs start with their device name. */
  for (guint i = 0; i < array->len; i++)
    {
      const char * const *name = (const char * const *) (array->data + i * g_array_get_element_size (array));

      if (g_str_equal (*name, device))
        return name;
    }
  return NULL;
}

/* host_disk_{read,write}_bytes_per_second and host_disk_iops for each
 * device in both snapshots. */
void
lumina_disk_stats_points (GArray    *before,
                          GArray    *after,
                          double     seconds,
                          gint64     time_ms,
                          GPtrArray *points)
{
  g_return_if_fail (before != NULL && after != NULL && points != NULL);

  if (seconds <= 0)
    return;
  for (guint i = 0; i < after->len; i++)
    {
      const LuminaDiskStats *now = &g_array_index (after, LuminaDiskStats, i);
      const LuminaDiskStats *then = find_device (before, now->device);
      double read_bytes, write_bytes, ops;

      if (then == NULL)
        continue;
      read_bytes = lumina_counter_delta (then->sectors_read, now->sectors_read) * DISKSTATS_SECTOR_BYTES;
      write_bytes = lumina_counter_delta (then->sectors_written, now->sectors_written) * DISKSTATS_SECTOR_BYTES;
      ops = (double) (lumina_counter_delta (then->reads, now->reads)
                      + lumina_counter_delta (then->writes, now->writes));
      _lumina_collect_add (points, "host_disk_read_bytes_per_second", time_ms, read_bytes / seconds,
                           "device", now->device, NULL);
      _lumina_collect_add (points, "host_disk_write_bytes_per_second", time_ms, write_bytes / seconds,
                           "device", now->device, NULL);
      _lumina_collect_add (points, "host_disk_iops", time_ms, ops / seconds, "device", now->device, NULL);
    }
}

/**
 * lumina_proc_parse_net_dev:
 *
 * Returns: (transfer full) (element-type LuminaNetStats): every interface
 *   but loopback ("lo"), whose traffic never leaves the machine.
 */
GArray *
lumina_proc_parse_net_dev (const char  *text,
                           GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) devices = g_array_new (FALSE, TRUE, sizeof (LuminaNetStats));

  g_return_val_if_fail (text != NULL, NULL);

  g_array_set_clear_func (devices, net_stats_clear);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tokens[LUMINA_COLLECT_MAX_TOKENS];
      char *colon;
      guint n;
      LuminaNetStats dev = { NULL };

      /* Two header lines, with '|' between column groups. */
      if (strchr (lines[i], '|') != NULL || g_strstrip (lines[i])[0] == '\0')
        continue;
      /* Interface names cannot contain ':'; big counters may touch it. */
      if ((colon = strchr (lines[i], ':')) == NULL)
        {
          _lumina_collect_malformed (error, "/proc/net/dev", i + 1, "no “name:” before the counters");
          return NULL;
        }
      *colon = '\0';
      n = _lumina_collect_tokenize (colon + 1, tokens, G_N_ELEMENTS (tokens));
      if (n < 16 || lines[i][0] == '\0'
          || !_lumina_collect_parse_u64 (tokens[0], &dev.receive_bytes)
          || !_lumina_collect_parse_u64 (tokens[8], &dev.transmit_bytes))
        {
          _lumina_collect_malformed (error, "/proc/net/dev", i + 1, "expected a name and 16 counters");
          return NULL;
        }
      if (g_str_equal (lines[i], "lo"))
        continue;
      dev.device = g_strdup (lines[i]);
      g_array_append_val (devices, dev);
    }
  return g_steal_pointer (&devices);
}

void
lumina_net_stats_points (GArray    *before,
                         GArray    *after,
                         double     seconds,
                         gint64     time_ms,
                         GPtrArray *points)
{
  g_return_if_fail (before != NULL && after != NULL && points != NULL);

  if (seconds <= 0)
    return;
  for (guint i = 0; i < after->len; i++)
    {
      const LuminaNetStats *now = &g_array_index (after, LuminaNetStats, i);
      const LuminaNetStats *then = find_device (before, now->device);

      if (then == NULL)
        continue;
      _lumina_collect_add (points, "host_network_receive_bytes_per_second", time_ms,
                           lumina_counter_delta (then->receive_bytes, now->receive_bytes) / seconds,
                           "device", now->device, NULL);
      _lumina_collect_add (points, "host_network_transmit_bytes_per_second", time_ms,
                           lumina_counter_delta (then->transmit_bytes, now->transmit_bytes) / seconds,
                           "device", now->device, NULL);
    }
}

/**
 * lumina_fstype_is_measured:
 *
 * Kernel pseudo file systems (proc, sysfs, cgroup, ...) hold no data.
 * tmpfs and ramfs are memory and show in host memory already (the mount
 * parser keeps /dev/shm alone, see there).  squashfs and iso9660 are
 * read-only images, always full.  Network file systems are skipped too:
 * statvfs() on a dead server blocks, and would stall every collector on
 * the thread.  overlay is measured: it is the root of a container.
 */
gboolean
lumina_fstype_is_measured (const char *fstype)
{
  static const char * const skipped[] = {
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
    "devtmpfs", "efivarfs", "fusectl", "fuse.gvfsd-fuse", "fuse.portal", "hugetlbfs",
    "mqueue", "nsfs", "proc", "pstore", "ramfs", "rpc_pipefs", "securityfs", "selinuxfs",
    "squashfs", "iso9660", "sysfs", "tracefs", "tmpfs",
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "lustre", "afs", "9p",
    "fuse.sshfs", "fuse.rclone", NULL,
  };

  g_return_val_if_fail (fstype != NULL, FALSE);

  return !g_strv_contains (skipped, fstype);
}

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static char *
unescape_octal (const char *field)
{
  GString *out = g_string_sized_new (strlen (field));

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7'
          && p[3] >= '0' && p[3] <= '7')
        {
          g_string_append_c (out, (char) ((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A later mount on the same mountpoint hides the earlier one; one device
 * mounted in several places (bind mounts, btrfs subvolumes) has one usage,
 * reported once, at its shortest mountpoint. */
static void
add_mount (GArray     *mounts,
           const char *device,
           const char *mountpoint,
           const char *fstype)
{
  LuminaMount mount;

  for (guint i = 0; i < mounts->len; i++)
    if (g_str_equal (g_array_index (mounts, LuminaMount, i).mountpoint, mountpoint))
      g_array_remove_index (mounts, i--);
  for (guint i = 0; i < mounts->len; i++)
    {
      LuminaMount *other = &g_array_index (mounts, LuminaMount, i);

      if (!g_str_equal (other->device, device))
        continue;
      if (strlen (mountpoint) >= strlen (other->mountpoint))
        return;
      g_array_remove_index (mounts, i);
      break;
    }
  mount.device = g_strdup (device);
  mount.mountpoint = g_strdup (mountpoint);
  mount.fstype = g_strdup (fstype);
  g_array_append_val (mounts, mount);
}

/**
 * lumina_proc_parse_mounts:
 * @text: the contents of /proc/self/mounts
 *
 * Returns: (transfer full) (element-type LuminaMount): the mounts worth
 *   measuring (see lumina_fstype_is_measured()), plus /dev/shm: a tmpfs, but
 *   where PyTorch's data loaders pass tensors, and training dies when it
 *   fills up.
 */
GArray *
lumina_proc_parse_mounts (const char  *text,
                          GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) mounts = g_array_new (FALSE, TRUE, sizeof (LuminaMount));

  g_return_val_if_fail (text != NULL, NULL);

  g_array_set_clear_func (mounts, mount_clear);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tokens[8];
      guint n = _lumina_collect_tokenize (lines[i], tokens, G_N_ELEMENTS (tokens));
      g_autofree char *device = NULL;
      g_autofree char *mountpoint = NULL;

      if (n == 0)
        continue;
      if (n < 4)
        {
          _lumina_collect_malformed (error, "/proc/self/mounts", i + 1,
                                     "expected device, mountpoint, type and options");
          return NULL;
        }
      device = unescape_octal (tokens[0]);
      mountpoint = unescape_octal (tokens[1]);
      if (mountpoint[0] != '/')
        {
          _lumina_collect_malformed (error, "/proc/self/mounts", i + 1,
                                     "the mountpoint is not an absolute path");
          return NULL;
        }
      if (lumina_fstype_is_measured (tokens[2])
          || (g_str_equal (tokens[2], "tmpfs") && g_str_equal (mountpoint, "/dev/shm")))
        add_mount (mounts, device, mountpoint, tokens[2]);
    }
  return g_steal_pointer (&mounts);
}

/* host_filesystem_{size,used,avail}_bytes through statvfs().  A mountpoint
 * that is gone or unreadable gives no points.  "Used" is what df shows:
 * all blocks less free ones, root's reserve counted as used-by-nobody. */
void
lumina_filesystem_points (GArray    *mounts,
                          gint64     time_ms,
                          GPtrArray *points)
{
  g_return_if_fail (mounts != NULL && points != NULL);

  for (guint i = 0; i < mounts->len; i++)
    {
      const LuminaMount *mount = &g_array_index (mounts, LuminaMount, i);
      struct statvfs fs;
      double block;

      if (statvfs (mount->mountpoint, &fs) != 0 || fs.f_blocks == 0)
        continue;
      block = (double) fs.f_frsize;
      _lumina_collect_add (points, "host_filesystem_size_bytes", time_ms, fs.f_blocks * block,
                           "device", mount->device, "fstype", mount->fstype,
                           "mountpoint", mount->mountpoint, NULL);
      _lumina_collect_add (points, "host_filesystem_used_bytes", time_ms, (fs.f_blocks - fs.f_bfree) * block,
                           "device", mount->device, "fstype", mount->fstype,
                           "mountpoint", mount->mountpoint, NULL);
      _lumina_collect_add (points, "host_filesystem_avail_bytes", time_ms, fs.f_bavail * block,
                           "device", mount->device, "fstype", mount->fstype,
                           "mountpoint", mount->mountpoint, NULL);
    }
}
