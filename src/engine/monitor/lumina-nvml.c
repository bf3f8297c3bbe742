/* lumina-nvml.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no nvml.h on build machines, and the driver may be absent where
 * we run, so the few NVML types and functions used are declared here and
 * looked up with dlsym().  Their layout follows NVIDIA's nvml.h (r470 and
 * later), which keeps these stable.
 */
#define G_LOG_DOMAIN "lumina-nvml"

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "lumina-collect-private.h"
#include "lumina-error.h"
#include "lumina-nvml.h"

#define NVML_SUCCESS                 0
#define NVML_ERROR_NOT_SUPPORTED     3
#define NVML_ERROR_NO_PERMISSION     4
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_TEMPERATURE_GPU         0
#define NVML_DEVICE_NAME_BUFFER_SIZE 96
#define NVML_VALUE_NOT_AVAILABLE     G_MAXUINT64

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st *nvmlDevice_t;
typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;
/* nvmlDeviceGetComputeRunningProcesses (v1) and its _v2/_v3 (v2 layout). */
typedef struct { unsigned int pid; unsigned long long usedGpuMemory; } nvmlProcessInfo_v1_t;
typedef struct
{
  unsigned int       pid;
  unsigned long long usedGpuMemory;
  unsigned int       gpuInstanceId;
  unsigned int       computeInstanceId;
} nvmlProcessInfo_v2_t;

/* The sizes NVIDIA's library writes per entry on x86-64 and aarch64. */
G_STATIC_ASSERT (sizeof (nvmlProcessInfo_v1_t) == 16);
G_STATIC_ASSERT (sizeof (nvmlProcessInfo_v2_t) == 24);

typedef struct
{
  nvmlReturn_t (*init) (void);
  nvmlReturn_t (*shutdown) (void);
  const char * (*error_string) (nvmlReturn_t);
  nvmlReturn_t (*get_count) (unsigned int *);
  nvmlReturn_t (*get_handle) (unsigned int, nvmlDevice_t *);
  nvmlReturn_t (*get_name) (nvmlDevice_t, char *, unsigned int);
  nvmlReturn_t (*get_utilization) (nvmlDevice_t, nvmlUtilization_t *);
  nvmlReturn_t (*get_memory) (nvmlDevice_t, nvmlMemory_t *);
  nvmlReturn_t (*get_temperature) (nvmlDevice_t, int, unsigned int *);
  nvmlReturn_t (*get_power) (nvmlDevice_t, unsigned int *);
  nvmlReturn_t (*get_processes) (nvmlDevice_t, unsigned int *, void *);
  gboolean     processes_v2;          /* get_processes fills nvmlProcessInfo_v2_t */
} Nvml;

typedef enum
{
  STATE_NOT_LOADED,
  STATE_AVAILABLE,
  STATE_UNAVAILABLE,
} State;

typedef struct
{
  nvmlDevice_t handle;
  char         index[12];
  char         name[NVML_DEVICE_NAME_BUFFER_SIZE];
} Device;

struct _LuminaGpuCollector
{
  GObject  parent_instance;

  char    *library;
  GMutex   lock;             /* guards state and reason: read from any thread */
  State    state;
  char    *reason;

  void    *module;           /* the rest only on the collecting thread */
  Nvml     nvml;
  gboolean initialized;
  GArray  *devices;          /* element-type Device */
};

G_DEFINE_FINAL_TYPE (LuminaGpuCollector, lumina_gpu_collector, G_TYPE_OBJECT)

static void
lumina_gpu_collector_finalize (GObject *object)
{
  LuminaGpuCollector *self = (LuminaGpuCollector *)object;

  if (self->initialized)
    self->nvml.shutdown ();
  if (self->module != NULL)
    dlclose (self->module);
  g_clear_pointer (&self->devices, g_array_unref);
  g_clear_pointer (&self->library, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lumina_gpu_collector_parent_class)->finalize (object);
}

static void
lumina_gpu_collector_class_init (LuminaGpuCollectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lumina_gpu_collector_finalize;
}

static void
lumina_gpu_collector_init (LuminaGpuCollector *self)
{
  g_mutex_init (&self->lock);
  self->devices = g_array_new (FALSE, TRUE, sizeof (Device));
}

/**
 * lumina_gpu_collector_new:
 * @library: (nullable): the NVML library to dlopen(); %NULL for
 *   $LUMINA_NVML_LIBRARY, or else "libnvidia-ml.so.1"
 *
 * Cheap: nothing is loaded until lumina_gpu_collector_load() or the first
 * collect, which run on the collector thread (starting NVML can take
 * hundreds of milliseconds).
 */
LuminaGpuCollector *
lumina_gpu_collector_new (const char *library)
{
  LuminaGpuCollector *self = g_object_new (LUMINA_TYPE_GPU_COLLECTOR, NULL);

  if (library == NULL)
    library = g_getenv (LUMINA_NVML_LIBRARY_ENV);
  if (library == NULL || *library == '\0')
    library = "libnvidia-ml.so.1";
  self->library = g_strdup (library);
  return self;
}

static void
set_state (LuminaGpuCollector *self,
           State               state,
           char               *reason)
{
  g_mutex_lock (&self->lock);
  self->state = state;
  g_free (self->reason);
  self->reason = reason;
  g_mutex_unlock (&self->lock);
  if (reason != NULL)
    g_debug ("GPU metrics unavailable: %s", reason);
}

static const char *
nvml_error (LuminaGpuCollector *self,
            nvmlReturn_t        ret)
{
  const char *text = self->nvml.error_string != NULL ? self->nvml.error_string (ret) : NULL;

  return text != NULL ? text : "an unknown NVML error";
}

/* Returns: (transfer full) (nullable): why the library is unusable */
static char *
resolve_symbols (LuminaGpuCollector *self)
{
  static const char * const process_symbols[] = {
    "nvmlDeviceGetComputeRunningProcesses_v3",
    "nvmlDeviceGetComputeRunningProcesses_v2",
    "nvmlDeviceGetComputeRunningProcesses",
  };
  const struct { const char *name; void **slot; } symbols[] = {
    { "nvmlInit_v2", (void **) &self->nvml.init },
    { "nvmlShutdown", (void **) &self->nvml.shutdown },
    { "nvmlDeviceGetCount_v2", (void **) &self->nvml.get_count },
    { "nvmlDeviceGetHandleByIndex_v2", (void **) &self->nvml.get_handle },
    { "nvmlDeviceGetName", (void **) &self->nvml.get_name },
    { "nvmlDeviceGetUtilizationRates", (void **) &self->nvml.get_utilization },
    { "nvmlDeviceGetMemoryInfo", (void **) &self->nvml.get_memory },
    { "nvmlDeviceGetTemperature", (void **) &self->nvml.get_temperature },
    { "nvmlDeviceGetPowerUsage", (void **) &self->nvml.get_power },
  };

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if ((*symbols[i].slot = dlsym (self->module, symbols[i].name)) == NULL)
      return g_strdup_printf ("The NVIDIA driver library %s has no %s: too old a driver",
                              self->library, symbols[i].name);
  /* Optional: messages, and per-process memory. */
  *(void **) &self->nvml.error_string = dlsym (self->module, "nvmlErrorString");
  for (guint i = 0; i < G_N_ELEMENTS (process_symbols) && self->nvml.get_processes == NULL; i++)
    {
      *(void **) &self->nvml.get_processes = dlsym (self->module, process_symbols[i]);
      self->nvml.processes_v2 = i < 2;
    }
  return NULL;
}

/* Returns: (transfer full) (nullable): why there are no GPUs to measure */
static char *
open_devices (LuminaGpuCollector *self)
{
  unsigned int count = 0;
  nvmlReturn_t ret;

  if ((ret = self->nvml.init ()) != NVML_SUCCESS)
    return g_strdup_printf ("The NVIDIA driver did not start: %s", nvml_error (self, ret));
  self->initialized = TRUE;
  if ((ret = self->nvml.get_count (&count)) != NVML_SUCCESS)
    return g_strdup_printf ("The NVIDIA driver cannot count GPUs: %s", nvml_error (self, ret));
  if (count == 0)
    return g_strdup ("The NVIDIA driver sees no GPU");

  for (unsigned int i = 0; i < count; i++)
    {
      Device device = { NULL };

      /* A GPU the driver cannot open (lost, no permission) is left out. */
      if ((ret = self->nvml.get_handle (i, &device.handle)) != NVML_SUCCESS)
        {
          g_debug ("GPU %u: %s", i, nvml_error (self, ret));
          continue;
        }
      g_snprintf (device.index, sizeof device.index, "%u", i);
      if (self->nvml.get_name (device.handle, device.name, sizeof device.name) != NVML_SUCCESS)
        g_strlcpy (device.name, "NVIDIA GPU", sizeof device.name);
      device.name[sizeof device.name - 1] = '\0';
      g_array_append_val (self->devices, device);
    }
  if (self->devices->len == 0)
    return g_strdup ("The NVIDIA driver could open none of its GPUs");
  return NULL;
}

/**
 * lumina_gpu_collector_load:
 *
 * Loads the library and starts NVML, once; later calls return the
 * outcome of the first.  Call on the collecting thread.
 *
 * Returns: whether GPUs can be measured.  If not,
 *   lumina_gpu_collector_dup_unavailable_reason() says why.
 */
gboolean
lumina_gpu_collector_load (LuminaGpuCollector *self)
{
  char *reason = NULL;

  g_return_val_if_fail (LUMINA_IS_GPU_COLLECTOR (self), FALSE);

  if (self->state != STATE_NOT_LOADED)
    return self->state == STATE_AVAILABLE;

  if ((self->module = dlopen (self->library, RTLD_NOW | RTLD_LOCAL)) == NULL)
    {
      const char *detail = dlerror ();

      if (detail == NULL || strstr (detail, "No such file") != NULL)
        reason = g_strdup_printf ("No NVIDIA driver: %s not found", self->library);
      else
        reason = g_strdup_printf ("No NVIDIA driver: %s cannot be loaded (%s)", self->library, detail);
    }
  if (reason == NULL)
    reason = resolve_symbols (self);
  if (reason == NULL)
    reason = open_devices (self);

  set_state (self, reason == NULL ? STATE_AVAILABLE : STATE_UNAVAILABLE, reason);
  return reason == NULL;
}

/* Thread-safe.  FALSE until loaded. */
gboolean
lumina_gpu_collector_is_available (LuminaGpuCollector *self)
{
  gboolean available;

  g_return_val_if_fail (LUMINA_IS_GPU_COLLECTOR (self), FALSE);

  g_mutex_lock (&self->lock);
  available = self->state == STATE_AVAILABLE;
  g_mutex_unlock (&self->lock);
  return available;
}

/**
 * lumina_gpu_collector_dup_unavailable_reason:
 *
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): a sentence for people saying why
 *   there are no GPU metrics ("No NVIDIA driver: libnvidia-ml.so.1 not
 *   found"), or %NULL while available or not yet loaded
 */
char *
lumina_gpu_collector_dup_unavailable_reason (LuminaGpuCollector *self)
{
  char *reason;

  g_return_val_if_fail (LUMINA_IS_GPU_COLLECTOR (self), NULL);

  g_mutex_lock (&self->lock);
  reason = g_strdup (self->reason);
  g_mutex_unlock (&self->lock);
  return reason;
}

/* Call on the collecting thread. */
guint
lumina_gpu_collector_get_n_devices (LuminaGpuCollector *self)
{
  g_return_val_if_fail (LUMINA_IS_GPU_COLLECTOR (self), 0);

  return self->state == STATE_AVAILABLE ? self->devices->len : 0;
}

/* NOT_SUPPORTED and NO_PERMISSION mean "this GPU does not tell": no point,
 * no error.  Anything else is kept as the call's error. */
static gboolean
check (LuminaGpuCollector  *self,
       nvmlReturn_t         ret,
       const Device        *device,
       const char          *what,
       GError             **first)
{
  if (ret == NVML_SUCCESS)
    return TRUE;
  if (ret != NVML_ERROR_NOT_SUPPORTED && ret != NVML_ERROR_NO_PERMISSION && *first == NULL)
    g_set_error (first, LUMINA_ERROR, LUMINA_ERROR_FAILED, "GPU %s (%s): reading %s failed: %s",
                 device->index, device->name, what, nvml_error (self, ret));
  return FALSE;
}

static void
collect_processes (LuminaGpuCollector  *self,
                   const Device        *device,
                   gint64               time_ms,
                   GPtrArray           *points,
                   GError             **first)
{
  gsize size = self->nvml.processes_v2 ? sizeof (nvmlProcessInfo_v2_t) : sizeof (nvmlProcessInfo_v1_t);
  unsigned int count = 32;
  g_autofree guint8 *infos = g_malloc (count * size);
  nvmlReturn_t ret = self->nvml.get_processes (device->handle, &count, infos);

  /* More processes than room: count now says how many; one retry, since
   * processes may start in between. */
  if (ret == NVML_ERROR_INSUFFICIENT_SIZE)
    {
      count += 8;
      infos = g_realloc (infos, count * size);
      ret = self->nvml.get_processes (device->handle, &count, infos);
    }
  if (!check (self, ret, device, "processes", first))
    return;

  for (unsigned int i = 0; i < count; i++)
    {
      unsigned int pid;
      unsigned long long used;
      char pid_text[16];

      if (self->nvml.processes_v2)
        {
          nvmlProcessInfo_v2_t *info = (nvmlProcessInfo_v2_t *) (infos + i * size);

          pid = info->pid;
          used = info->usedGpuMemory;
        }
      else
        {
          nvmlProcessInfo_v1_t *info = (nvmlProcessInfo_v1_t *) (infos + i * size);

          pid = info->pid;
          used = info->usedGpuMemory;
        }
      /* Not available under Windows WDDM or in some containers. */
      if (used == NVML_VALUE_NOT_AVAILABLE)
        continue;
      g_snprintf (pid_text, sizeof pid_text, "%u", pid);
      _lumina_collect_add (points, "gpu_process_memory_bytes", time_ms, (double) used,
                           "gpu", device->index, "pid", pid_text, NULL);
    }
}

static void
collect_device (LuminaGpuCollector  *self,
                const Device        *device,
                gint64               time_ms,
                GPtrArray           *points,
                GError             **first)
{
  nvmlUtilization_t utilization;
  nvmlMemory_t memory;
  unsigned int temperature;
  unsigned int milliwatts;

#define ADD(metric, value) \
  _lumina_collect_add (points, metric, time_ms, value, "gpu", device->index, "name", device->name, NULL)

  if (check (self, self->nvml.get_utilization (device->handle, &utilization), device, "utilization", first))
    ADD ("gpu_utilization_ratio", utilization.gpu / 100.0);
  if (check (self, self->nvml.get_memory (device->handle, &memory), device, "memory", first))
    {
      ADD ("gpu_memory_used_bytes", (double) memory.used);
      ADD ("gpu_memory_total_bytes", (double) memory.total);
    }
  if (check (self, self->nvml.get_temperature (device->handle, NVML_TEMPERATURE_GPU, &temperature),
             device, "temperature", first))
    ADD ("gpu_temperature_celsius", (double) temperature);
  if (check (self, self->nvml.get_power (device->handle, &milliwatts), device, "power", first))
    ADD ("gpu_power_watts", milliwatts / 1000.0);

#undef ADD

  if (self->nvml.get_processes != NULL)
    collect_processes (self, device, time_ms, points, first);
}

/**
 * lumina_gpu_collector_collect:
 * @time_ms: the wall-clock time the points get
 * @points: (element-type LuminaMetricPoint): where points are appended
 *
 * Loads NVML on the first call.  Appends gpu_utilization_ratio,
 * gpu_memory_{used,total}_bytes, gpu_temperature_celsius and
 * gpu_power_watts (labels gpu, name) for each GPU, and
 * gpu_process_memory_bytes (labels gpu, pid) for each process using one.
 * When NVML is unavailable it appends nothing and succeeds: that is a
 * state (see lumina_gpu_collector_dup_unavailable_reason()), not a failure.
 * A metric a GPU does not support is left out.  Call from one thread.
 *
 * Returns: %FALSE if a GPU failed to answer; the rest is appended anyway.
 */
gboolean
lumina_gpu_collector_collect (LuminaGpuCollector  *self,
                              gint64               time_ms,
                              GPtrArray           *points,
                              GError             **error)
{
  GError *first = NULL;

  g_return_val_if_fail (LUMINA_IS_GPU_COLLECTOR (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  if (!lumina_gpu_collector_load (self))
    return TRUE;
  for (guint i = 0; i < self->devices->len; i++)
    collect_device (self, &g_array_index (self->devices, Device, i), time_ms, points, &first);
  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}
