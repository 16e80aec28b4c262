// The disk controller: image file handling, command checks and the timing of
// a request (dev_disk.h, docs/devices.md).
#include "numa/dev_disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "numa/device_map.h"

namespace numa {

namespace {

// "disk<k>: image '<path>': <problem>", the message of every image error.
DeviceError imageError(unsigned index, const std::string& path, const std::string& problem) {
  return DeviceError("disk" + std::to_string(index) + ": image '" + path + "': " + problem);
}

// "<what>: <errno text>".
std::string withErrno(const std::string& what, int err) { return what + ": " + std::strerror(err); }

}  // namespace

// Opens and checks the image (or attaches none when the path is empty).
DiskController::DiskController(unsigned index, const std::string& imagePath, const MachineConfig& config,
                               DeviceHost& host)
    : index_(index), path_(imagePath), config_(config), host_(host) {
  if (index >= DISK_MAX) {
    throw DeviceError("disk" + std::to_string(index) + ": at most " + std::to_string(DISK_MAX) + " disks");
  }
  if (config.devices.disk_bandwidth_mb_s == 0) throw DeviceError("devices.disk_bandwidth_mb_s: must be positive");
  if (imagePath.empty()) return;
  fd_ = ::open(imagePath.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) throw imageError(index, imagePath, withErrno("cannot open it for reading and writing", errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int err = errno;
    ::close(fd_);
    throw imageError(index, imagePath, withErrno("cannot read its size", err));
  }
  std::string problem;
  if (!S_ISREG(info.st_mode)) {
    problem = "not a regular file";
  } else if (info.st_size == 0) {
    problem = "empty (a disk needs at least one 512-byte sector)";
  } else if (info.st_size % DISK_SECTOR_BYTES != 0) {
    problem = "size " + std::to_string(info.st_size) + " bytes is not a multiple of 512";
  }
  if (!problem.empty()) {
    ::close(fd_);
    throw imageError(index, imagePath, problem);
  }
  sectors_ = uint64_t(info.st_size) / DISK_SECTOR_BYTES;
}

DiskController::~DiskController() {
  if (fd_ >= 0) ::close(fd_);
}

// Raises or drops IRQ_DISK on CPU 0, telling the host only on change.
void DiskController::setInterrupt(bool asserted) {
  if (asserted == lineAsserted_) return;
  lineAsserted_ = asserted;
  host_.setInterrupt(kIrqCpu, IRQ_DISK, asserted);
}

// A command refused when it was written.
void DiskController::fail(uint64_t error) {
  status_ = DISK_ST_ERROR;
  error_ = error;
  setInterrupt(true);
}

// The end of an accepted request.
void DiskController::finish(uint64_t error) {
  if (error == DISK_ERR_NONE) {
    if (request_.write) {
      ++writesDone_;
      bytesWritten_ += request_.bytes();
    } else {
      ++readsDone_;
      bytesRead_ += request_.bytes();
    }
  }
  status_ = error == DISK_ERR_NONE ? DISK_ST_DONE : DISK_ST_ERROR;
  error_ = error;
  request_.data.clear();
  request_.data.shrink_to_fit();
  setInterrupt(true);
}

// Positioning (devices.disk_access_us) plus media transfer (devices.disk_bandwidth_mb_s).
Cycles DiskController::mediaCycles() const {
  const uint64_t ns = uint64_t{config_.devices.disk_access_us} * 1000 +
                      transferNs(request_.bytes(), config_.devices.disk_bandwidth_mb_s);
  return host_.cyclesFromNs(ns);
}

// Reads the request's sectors from the image into request_.data.
void DiskController::readMedia() {
  request_.data.assign(request_.bytes(), 0);
  const off_t at = off_t(request_.sector * DISK_SECTOR_BYTES);
  size_t done = 0;
  while (done < request_.data.size()) {
    const ssize_t n = ::pread(fd_, request_.data.data() + done, request_.data.size() - done, at + off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw imageError(index_, path_, withErrno("cannot read at byte " + std::to_string(at), errno));
    if (n == 0) throw imageError(index_, path_, "shorter than when it was opened (read at byte " + std::to_string(at) + ")");
    done += size_t(n);
  }
}

// Writes request_.data to the request's sectors of the image.
void DiskController::writeMedia() {
  const off_t at = off_t(request_.sector * DISK_SECTOR_BYTES);
  size_t done = 0;
  while (done < request_.data.size()) {
    const ssize_t n = ::pwrite(fd_, request_.data.data() + done, request_.data.size() - done, at + off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw imageError(index_, path_, withErrno("cannot write at byte " + std::to_string(at), n < 0 ? errno : EIO));
    done += size_t(n);
  }
}

// Checks a command and, if it is good, starts the request.
void DiskController::command(uint64_t cmd) {
  if (status_ == DISK_ST_BUSY) {
    error_ = DISK_ERR_BUSY;  // the request in flight is not disturbed
    return;
  }
  if (cmd != DISK_CMD_READ && cmd != DISK_CMD_WRITE) return fail(DISK_ERR_COMMAND);
  if (fd_ < 0) return fail(DISK_ERR_NO_MEDIA);
  if (countReg_ == 0 || sectorReg_ >= sectors_ || countReg_ > sectors_ - sectorReg_) return fail(DISK_ERR_RANGE);
  const MachineAddr buffer(dmaAddrReg_);
  if (!rangeIsRam(config_, buffer, countReg_ * DISK_SECTOR_BYTES)) return fail(DISK_ERR_DMA);

  request_ = Request{cmd == DISK_CMD_WRITE, sectorReg_, countReg_, buffer, {}};
  status_ = DISK_ST_BUSY;
  error_ = DISK_ERR_NONE;
  setInterrupt(false);
  const uint64_t bytes = request_.bytes();

  if (!request_.write) {
    // Media first, then the DMA over the interconnect to the buffer's node.
    host_.schedule(host_.now() + mediaCycles(), [this, bytes] {
      readMedia();
      host_.startBulkTransfer(kNode, request_.buffer.node(), bytes, [this, bytes] {
        finish(host_.dmaWrite(request_.buffer, request_.data.data(), bytes) ? DISK_ERR_NONE : DISK_ERR_DMA);
      });
    });
  } else {
    // The DMA from the buffer's node first (memory read when it arrives), then the media.
    host_.startBulkTransfer(request_.buffer.node(), kNode, bytes, [this, bytes] {
      request_.data.assign(bytes, 0);
      if (!host_.dmaRead(request_.buffer, request_.data.data(), bytes)) return finish(DISK_ERR_DMA);
      host_.schedule(host_.now() + mediaCycles(), [this] {
        writeMedia();
        finish(DISK_ERR_NONE);
      });
    });
  }
}

// Parameters, status, capacity and the last error.
bool DiskController::readRegister(CpuId, uint64_t offset, uint64_t& value) {
  switch (offset) {
    case DISK_SECTOR: value = sectorReg_; return true;
    case DISK_COUNT: value = countReg_; return true;
    case DISK_DMA_ADDR: value = dmaAddrReg_; return true;
    case DISK_STATUS: value = status_; return true;
    case DISK_SECTORS: value = sectors_; return true;
    case DISK_ERROR: value = error_; return true;
    default: return false;  // COMMAND and ACK are write-only
  }
}

// Parameters, commands and the acknowledgement.
bool DiskController::writeRegister(CpuId, uint64_t offset, uint64_t value) {
  switch (offset) {
    case DISK_SECTOR: sectorReg_ = value; return true;
    case DISK_COUNT: countReg_ = value; return true;
    case DISK_DMA_ADDR: dmaAddrReg_ = value; return true;
    case DISK_COMMAND: command(value); return true;
    case DISK_ACK:
      if (status_ != DISK_ST_BUSY) {  // a request in flight cannot be acknowledged away
        status_ = DISK_ST_IDLE;
        setInterrupt(false);
      }
      return true;
    default: return false;  // STATUS, SECTORS and ERROR are read-only
  }
}

}  // namespace numa
