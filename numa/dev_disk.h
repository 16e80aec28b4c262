// A disk controller with DMA, backed by a raw host image file (pages 16..23
// of node 0's device window: disk k at DISK_BASE(k)).
//
// The image is the disk: sector s is bytes [512 s, 512 s + 512) of the file;
// writes reach the file (pwrite) when a request completes, so a disk written
// by one run is read back by the next. The file is opened read/write when the
// machine is built; a missing or unreadable file, an empty one, or a size
// that is not a multiple of 512 is a DeviceError naming the path.
//
// A request (docs/devices.md has the full protocol):
//  1. the driver writes DISK_SECTOR, DISK_COUNT, DISK_DMA_ADDR (latched when
//     the command is accepted; changing them later does not affect it), then
//     DISK_CMD_READ or DISK_CMD_WRITE to DISK_COMMAND;
//  2. the controller checks the command at once, in this order: a request in
//     flight (DISK_ERR_BUSY: recorded in DISK_ERROR, the request in flight
//     carries on and STATUS stays BUSY, no interrupt), an unknown command,
//     no image, sectors outside the image or a count of 0, a buffer that is
//     not wholly inside one node's RAM. A failed check sets STATUS = ERROR,
//     DISK_ERROR = the reason and raises IRQ_DISK immediately;
//  3. an accepted request sets STATUS = BUSY and takes
//       media time    = devices.disk_access_us + bytes / devices.disk_bandwidth_mb_s
//       network time  = a bulk transfer between node 0 (the controller) and
//                       the buffer's node over the interconnect (0 on node 0),
//     one after the other (store and forward, no overlap): a read reads the
//     media, then DMAs the data to memory; a write first DMAs the buffer from
//     memory (memory is read when that transfer ends), then writes the media;
//  4. at the end STATUS = DONE (or ERROR with DISK_ERR_DMA if the machine
//     refused the DMA) and IRQ_DISK is asserted on CPU 0 until DISK_ACK.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numa/dev_base.h"

namespace numa {

class DiskController : public RegisterDevice {
 public:
  // The disk controller k (0..DISK_MAX-1) with image `imagePath` (empty: no
  // image attached: DISK_SECTORS reads 0, commands fail with NO_MEDIA).
  // Throws DeviceError for an image it cannot use.
  DiskController(unsigned index, const std::string& imagePath, const MachineConfig& config, DeviceHost& host);
  ~DiskController() override;
  DiskController(const DiskController&) = delete;
  DiskController& operator=(const DiskController&) = delete;

  std::string name() const override { return "disk" + std::to_string(index_); }

  uint64_t sectors() const { return sectors_; }
  const std::string& imagePath() const { return path_; }
  // Completed requests and bytes moved, for statistics.
  uint64_t readsDone() const { return readsDone_; }
  uint64_t writesDone() const { return writesDone_; }
  uint64_t bytesRead() const { return bytesRead_; }
  uint64_t bytesWritten() const { return bytesWritten_; }

  // The node the controllers sit on, and the CPU their interrupt goes to.
  static constexpr NodeId kNode = 0;
  static constexpr CpuId kIrqCpu = 0;

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  struct Request {
    bool write = false;
    uint64_t sector = 0;
    uint64_t count = 0;
    MachineAddr buffer;
    std::vector<uint8_t> data;
    uint64_t bytes() const { return count * 512; }
  };

  // Checks and starts a command (step 2 and 3 above).
  void command(uint64_t cmd);
  // Media positioning plus transfer time of the current request, in cycles.
  Cycles mediaCycles() const;
  // The request ends with `error` (DISK_ERR_NONE: success): status, interrupt.
  void finish(uint64_t error);
  // A rejected command: STATUS = ERROR, DISK_ERROR = error, interrupt.
  void fail(uint64_t error);
  void setInterrupt(bool asserted);
  // The image's bytes of the current request (host file I/O; throws DeviceError).
  void readMedia();
  void writeMedia();

  unsigned index_;
  std::string path_;
  const MachineConfig& config_;
  DeviceHost& host_;
  int fd_ = -1;
  uint64_t sectors_ = 0;

  uint64_t sectorReg_ = 0, countReg_ = 0, dmaAddrReg_ = 0;
  uint64_t status_ = 0;  // DISK_ST_*
  uint64_t error_ = 0;   // DISK_ERR_*
  bool lineAsserted_ = false;
  Request request_;

  uint64_t readsDone_ = 0, writesDone_ = 0, bytesRead_ = 0, bytesWritten_ = 0;
};

}  // namespace numa
