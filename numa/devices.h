// The machine's devices, all in one include.
//
// Every node has a 16 MB device window (numa/device_map.h has the register
// map, docs/devices.md the prose): a system controller, a console UART, the
// inter-processor interrupt controller, the miss-counter front end and a
// network interface; node 0 also has up to DISK_MAX disk controllers. Each is
// a numa::Device that talks to the machine only through numa::DeviceHost.
// DeviceSet builds them all from a MachineConfig and routes window addresses.
//
//   dev_base.h       DeviceError, RegisterDevice (4/8-byte access rules)
//   dev_system.h     SystemController (identity, time, RTC, CPU release, power-off)
//   dev_uart.h       Uart (console)
//   dev_ipi.h        IpiController (inter-processor interrupts)
//   dev_misscount.h  MissCounterDevice (FLASH miss counters, hot pages)
//   dev_disk.h       DiskController (raw image file, DMA)
//   dev_nic.h        Nic and NetworkSwitch
//   dev_set.h        DeviceSet (all of the above for one machine)
#pragma once

#include "numa/dev_base.h"
#include "numa/dev_disk.h"
#include "numa/dev_ipi.h"
#include "numa/dev_misscount.h"
#include "numa/dev_nic.h"
#include "numa/dev_set.h"
#include "numa/dev_system.h"
#include "numa/dev_uart.h"
#include "numa/device.h"
#include "numa/device_map.h"
