/* fake-nvml.c
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in for libnvidia-ml.so.1 with two GPUs and fixed readings, so
 * test-collect can drive the GPU collector's happy path on machines
 * without an NVIDIA driver.  Types follow NVIDIA's nvml.h, declared here
 * on their own (not shared with lumina-nvml.c, so a layout mistake there
 * is not copied here).
 *
 * FAKE_NVML_INIT_ERROR=N makes nvmlInit_v2 fail with NVML return code N.
 * Built twice: fake-nvml.so, and fake-nvml-v1.so with FAKE_NVML_V1_ONLY.
 */
#include <stdlib.h>
#include <string.h>

typedef int nvmlReturn_t;
typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;
typedef struct { unsigned int pid; unsigned long long usedGpuMemory; } nvmlProcessInfo_v1_t;
typedef struct
{
  unsigned int       pid;
  unsigned long long usedGpuMemory;
  unsigned int       gpuInstanceId;
  unsigned int       computeInstanceId;
} nvmlProcessInfo_v2_t;

#define NVML_SUCCESS                 0
#define NVML_ERROR_UNINITIALIZED     1
#define NVML_ERROR_INVALID_ARGUMENT  2
#define NVML_ERROR_NOT_SUPPORTED     3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define GIB                          (1024ULL * 1024 * 1024)
#define MIB                          (1024ULL * 1024)
#define N_BIG_JOB                    40

typedef struct
{
  const char         *name;
  unsigned int        utilization;
  unsigned long long  memory_total;
  unsigned long long  memory_used;
  unsigned int        temperature;
  unsigned int        milliwatts;     /* 0: not supported */
} FakeDevice;

static const FakeDevice devices[] = {
  { "Fake NVIDIA H100 80GB HBM3", 37, 80 * GIB, 12 * GIB, 55, 250123 },
  { "Fake NVIDIA L4", 0, 22 * GIB + GIB / 2, N_BIG_JOB * MIB, 31, 0 },
};

/* Read by the test: initialisations not yet shut down. */
int fake_nvml_live_inits;

static const FakeDevice *
device_of (void *handle)
{
  for (unsigned int i = 0; i < sizeof devices / sizeof devices[0]; i++)
    if (handle == &devices[i])
      return &devices[i];
  return NULL;
}

nvmlReturn_t
nvmlInit_v2 (void)
{
  const char *error = getenv ("FAKE_NVML_INIT_ERROR");

  if (error != NULL && atoi (error) != 0)
    return atoi (error);
  fake_nvml_live_inits++;
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlShutdown (void)
{
  if (fake_nvml_live_inits == 0)
    return NVML_ERROR_UNINITIALIZED;
  fake_nvml_live_inits--;
  return NVML_SUCCESS;
}

const char *
nvmlErrorString (nvmlReturn_t result)
{
  switch (result)
    {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}

nvmlReturn_t
nvmlDeviceGetCount_v2 (unsigned int *count)
{
  *count = sizeof devices / sizeof devices[0];
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetHandleByIndex_v2 (unsigned int index, void **device)
{
  if (index >= sizeof devices / sizeof devices[0])
    return NVML_ERROR_INVALID_ARGUMENT;
  *device = (void *) &devices[index];
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetName (void *handle, char *name, unsigned int length)
{
  const FakeDevice *device = device_of (handle);

  if (device == NULL || length <= strlen (device->name))
    return NVML_ERROR_INVALID_ARGUMENT;
  strcpy (name, device->name);
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetUtilizationRates (void *handle, nvmlUtilization_t *utilization)
{
  const FakeDevice *device = device_of (handle);

  if (device == NULL)
    return NVML_ERROR_INVALID_ARGUMENT;
  utilization->gpu = device->utilization;
  utilization->memory = device->utilization / 2;
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetMemoryInfo (void *handle, nvmlMemory_t *memory)
{
  const FakeDevice *device = device_of (handle);

  if (device == NULL)
    return NVML_ERROR_INVALID_ARGUMENT;
  memory->total = device->memory_total;
  memory->used = device->memory_used;
  memory->free = device->memory_total - device->memory_used;
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetTemperature (void *handle, int sensor, unsigned int *temperature)
{
  const FakeDevice *device = device_of (handle);

  if (device == NULL || sensor != 0)
    return NVML_ERROR_INVALID_ARGUMENT;
  *temperature = device->temperature;
  return NVML_SUCCESS;
}

nvmlReturn_t
nvmlDeviceGetPowerUsage (void *handle, unsigned int *milliwatts)
{
  const FakeDevice *device = device_of (handle);

  if (device == NULL)
    return NVML_ERROR_INVALID_ARGUMENT;
  if (device->milliwatts == 0)
    return NVML_ERROR_NOT_SUPPORTED;
  *milliwatts = device->milliwatts;
  return NVML_SUCCESS;
}

/* GPU 0: two processes and one whose memory NVML cannot tell.  GPU 1: more
 * processes than a first buffer of 32 holds. */
static unsigned int
processes_of (void               *handle,
              unsigned int        i,
              unsigned int       *pid,
              unsigned long long *used)
{
  if (handle == &devices[0])
    {
      static const unsigned int pids[] = { 4242, 4343, 4444 };
      static const unsigned long long sizes[] = { GIB, 2 * GIB, ~0ULL };

      if (i < 3)
        {
          *pid = pids[i];
          *used = sizes[i];
        }
      return 3;
    }
  *pid = 5000 + i;
  *used = MIB;
  return N_BIG_JOB;
}

/* Drivers before r470 have only the unversioned call, with v1 entries:
 * fake-nvml-v1.so is built without this one. */
#ifndef FAKE_NVML_V1_ONLY
nvmlReturn_t
nvmlDeviceGetComputeRunningProcesses_v3 (void *handle, unsigned int *count, nvmlProcessInfo_v2_t *infos)
{
  unsigned int pid;
  unsigned long long used;
  unsigned int n = processes_of (handle, 0, &pid, &used);

  if (*count < n)
    {
      *count = n;
      return NVML_ERROR_INSUFFICIENT_SIZE;
    }
  for (unsigned int i = 0; i < n; i++)
    {
      processes_of (handle, i, &infos[i].pid, &infos[i].usedGpuMemory);
      infos[i].gpuInstanceId = 0xFFFFFFFF;
      infos[i].computeInstanceId = 0xFFFFFFFF;
    }
  *count = n;
  return NVML_SUCCESS;
}
#endif

nvmlReturn_t
nvmlDeviceGetComputeRunningProcesses (void *handle, unsigned int *count, nvmlProcessInfo_v1_t *infos)
{
  unsigned int pid;
  unsigned long long used;
  unsigned int n = processes_of (handle, 0, &pid, &used);

  if (*count < n)
    {
      *count = n;
      return NVML_ERROR_INSUFFICIENT_SIZE;
    }
  for (unsigned int i = 0; i < n; i++)
    processes_of (handle, i, &infos[i].pid, &infos[i].usedGpuMemory);
  *count = n;
  return NVML_SUCCESS;
}
