// The console UART's registers (dev_uart.h, docs/devices.md).
#include "numa/dev_uart.h"

#include "numa/device_map.h"

namespace numa {

// A UART with its whole input known in advance.
Uart::Uart(NodeId node, CpuId irqCpu, DeviceHost& host, std::string input)
    : node_(node), irqCpu_(irqCpu), host_(host), input_(std::move(input)) {}

// More input for the guest.
void Uart::appendInput(std::string_view bytes) {
  input_.append(bytes);
  updateInterrupt();
}

// Level-triggered: asserted exactly while enabled and input is waiting.
void Uart::updateInterrupt() {
  const bool want = interruptEnabled_ && pendingInput() > 0;
  if (want == lineAsserted_) return;
  lineAsserted_ = want;
  host_.setInterrupt(irqCpu_, IRQ_UART, want);
}

// RX consumes one byte; STATUS and CONTROL report state.
bool Uart::readRegister(CpuId, uint64_t offset, uint64_t& value) {
  switch (offset) {
    case UART_RX:
      if (pendingInput() == 0) {
        value = ~uint64_t{0};
        return true;
      }
      value = uint8_t(input_[readPos_++]);
      updateInterrupt();
      return true;
    case UART_STATUS:
      value = UART_STATUS_TX_READY | (pendingInput() > 0 ? UART_STATUS_RX_READY : 0);
      return true;
    case UART_CONTROL: value = interruptEnabled_ ? 1 : 0; return true;
    default: return false;  // UART_TX is write-only
  }
}

// TX prints the low byte; CONTROL bit 0 enables the input interrupt.
bool Uart::writeRegister(CpuId, uint64_t offset, uint64_t value) {
  switch (offset) {
    case UART_TX: host_.consoleWrite(node_, char(value & 0xff)); return true;
    case UART_CONTROL:
      interruptEnabled_ = (value & 1) != 0;
      updateInterrupt();
      return true;
    default: return false;  // RX and STATUS are read-only
  }
}

}  // namespace numa
