// The HDF5 statistics file of `disco se --stats` and the human summary of
// `--summary`. The layout is described in se_stats.h.
#include "tools/se_stats.h"

#include "numa/hdf5_strings.h"

#include <H5Cpp.h>
#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace disco {

using mips::se::Options;
using mips::se::Result;

// The MIPS Linux name of a signal number.
std::string mipsLinuxSignalName(int signal) {
  // Linux/MIPS numbering (arch/mips/include/uapi/asm/signal.h); 32..127 are real-time.
  static constexpr std::array<const char*, 32> kNames = {
      nullptr,   "SIGHUP",  "SIGINT",   "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGEMT",
      "SIGFPE",  "SIGKILL", "SIGBUS",   "SIGSEGV", "SIGSYS",    "SIGPIPE", "SIGALRM", "SIGTERM",
      "SIGUSR1", "SIGUSR2", "SIGCHLD",  "SIGPWR",  "SIGWINCH",  "SIGURG",  "SIGIO",   "SIGSTOP",
      "SIGTSTP", "SIGCONT", "SIGTTIN",  "SIGTTOU", "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ"};
  if (signal > 0 && signal < int(kNames.size())) return kNames[signal];
  if (signal >= 32 && signal < 128) return fmt::format("SIGRT{}", signal - 32);
  return fmt::format("signal {}", signal);
}

// The /exit "how" word of an end of run.
const char* endName(Result::End end) {
  switch (end) {
    case Result::End::Exited: return "exited";
    case Result::End::Signalled: return "signalled";
    case Result::End::InstructionLimit: return "instruction_limit";
    case Result::End::Error: return "error";
  }
  return "unknown";
}

// Millions of guest instructions per host second.
double simulatedMips(const Result& result) {
  return result.hostSeconds > 0 ? double(result.instructions) / result.hostSeconds / 1e6 : 0.0;
}

namespace {

using numa::hdf5::readStringAttribute;
using numa::hdf5::readStringListAttribute;
using numa::hdf5::stringType;
using numa::hdf5::writeStringAttribute;
using numa::hdf5::writeStringListAttribute;

// ---- the Result's counters as tables ----

CountTable classTable(const Result& r) {
  CountTable t;
  for (unsigned c = 0; c < mips::kInsnClassCount; ++c)
    t.push_back({mips::insnClassName(mips::InsnClass(c)), r.instructionsByClass[c]});
  return t;
}

CountTable mapTable(const std::map<std::string, uint64_t>& counts) {
  CountTable t;
  for (const auto& [name, count] : counts) t.push_back({name, count});
  return t;
}

CountTable signalTable(const std::map<int, uint64_t>& counts) {
  CountTable t;
  for (const auto& [signal, count] : counts) t.push_back({mipsLinuxSignalName(signal), count});
  return t;
}

// ---- HDF5 writing helpers ----

// The in-memory row of a table as HDF5 sees it.
struct TableRow {
  const char* name;
  uint64_t count;
};

H5::CompType tableRowType() {
  H5::CompType type(sizeof(TableRow));
  type.insertMember("name", HOFFSET(TableRow, name), stringType());
  type.insertMember("count", HOFFSET(TableRow, count), H5::PredType::NATIVE_UINT64);
  return type;
}

void writeTable(H5::Group& where, const std::string& name, const CountTable& table) {
  std::vector<TableRow> rows;
  for (const NamedCount& row : table) rows.push_back({row.name.c_str(), row.count});
  const hsize_t dims[1] = {rows.size()};
  H5::DataSet ds = where.createDataSet(name, tableRowType(), H5::DataSpace(1, dims));
  if (!rows.empty()) ds.write(rows.data(), tableRowType());
}

template <typename T>
void writeScalar(H5::Group& where, const std::string& name, const H5::PredType& type, T value) {
  where.createDataSet(name, type, H5::DataSpace(H5S_SCALAR)).write(&value, type);
}

template <typename T>
void writeNumberAttribute(H5::H5Object& where, const std::string& name, const H5::PredType& type,
                          T value) {
  where.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, &value);
}

// ---- HDF5 reading helpers ----

template <typename T>
T readNumberAttribute(const H5::H5Object& where, const std::string& name, const H5::PredType& type) {
  T value{};
  where.openAttribute(name).read(type, &value);
  return value;
}

template <typename T>
T readScalar(const H5::H5File& file, const std::string& path, const H5::PredType& type) {
  T value{};
  file.openDataSet(path).read(&value, type);
  return value;
}

CountTable readTable(const H5::H5File& file, const std::string& path) {
  H5::DataSet ds = file.openDataSet(path);
  const hssize_t n = ds.getSpace().getSimpleExtentNpoints();
  std::vector<TableRow> rows(size_t(n), TableRow{nullptr, 0});
  if (n > 0) ds.read(rows.data(), tableRowType());
  CountTable table;
  for (const TableRow& row : rows) {
    table.push_back({row.name ? row.name : "", row.count});
    H5free_memory(const_cast<char*>(row.name));
  }
  return table;
}

}  // namespace

// Writes the whole file (layout in se_stats.h); HDF5 errors become runtime_error.
void writeStatsFile(const std::string& path, const Options& options, const Result& result) {
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_TRUNC);
    H5::Group root = file.openGroup("/");

    H5::Group config = file.createGroup("config");
    writeStringAttribute(config, "program", options.program);
    writeStringListAttribute(config, "args", options.argv);
    writeStringListAttribute(config, "env", options.envp);
    writeStringAttribute(config, "root", options.root);
    writeNumberAttribute(config, "max_instructions", H5::PredType::NATIVE_UINT64,
                         options.maxInstructions);
    writeNumberAttribute(config, "trace", H5::PredType::NATIVE_INT, int(options.trace != nullptr));

    H5::Group instructions = file.createGroup("instructions");
    writeScalar(instructions, "total", H5::PredType::NATIVE_UINT64, result.instructions);
    writeTable(instructions, "by_class", classTable(result));

    writeTable(root, "exceptions", mapTable(result.exceptions));
    writeTable(root, "syscalls", mapTable(result.syscalls));
    writeTable(root, "syscalls_unsupported", mapTable(result.unsupportedSyscalls));
    writeTable(root, "signals", signalTable(result.signalsDelivered));
    writeScalar(root, "host_seconds", H5::PredType::NATIVE_DOUBLE, result.hostSeconds);
    writeScalar(root, "simulated_mips", H5::PredType::NATIVE_DOUBLE, simulatedMips(result));

    H5::Group exit = file.createGroup("exit");
    writeNumberAttribute(exit, "status", H5::PredType::NATIVE_INT, result.exitStatus);
    writeStringAttribute(exit, "how", endName(result.end));
    writeNumberAttribute(exit, "signal", H5::PredType::NATIVE_INT, result.signal);
    writeStringAttribute(exit, "message", result.message);
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("cannot write statistics file {}: {}", path, e.getDetailMsg()));
  }
}

// Reads the whole file back (for tests and tools).
StatsFileContents readStatsFile(const std::string& path) {
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    StatsFileContents s;
    H5::Group config = file.openGroup("config");
    s.program = readStringAttribute(config, "program");
    s.args = readStringListAttribute(config, "args");
    s.env = readStringListAttribute(config, "env");
    s.root = readStringAttribute(config, "root");
    s.maxInstructions = readNumberAttribute<uint64_t>(config, "max_instructions", H5::PredType::NATIVE_UINT64);
    s.totalInstructions = readScalar<uint64_t>(file, "instructions/total", H5::PredType::NATIVE_UINT64);
    s.byClass = readTable(file, "instructions/by_class");
    s.exceptions = readTable(file, "exceptions");
    s.syscalls = readTable(file, "syscalls");
    s.unsupportedSyscalls = readTable(file, "syscalls_unsupported");
    s.signals = readTable(file, "signals");
    s.hostSeconds = readScalar<double>(file, "host_seconds", H5::PredType::NATIVE_DOUBLE);
    s.simulatedMips = readScalar<double>(file, "simulated_mips", H5::PredType::NATIVE_DOUBLE);
    H5::Group exit = file.openGroup("exit");
    s.exitStatus = readNumberAttribute<int>(exit, "status", H5::PredType::NATIVE_INT);
    s.exitHow = readStringAttribute(exit, "how");
    s.exitSignal = readNumberAttribute<int>(exit, "signal", H5::PredType::NATIVE_INT);
    s.exitMessage = readStringAttribute(exit, "message");
    return s;
  } catch (const H5::Exception& e) {
    throw std::runtime_error(fmt::format("cannot read statistics file {}: {}", path, e.getDetailMsg()));
  }
}

namespace {

// "name count, name count, ..." or "none".
std::string joinCounts(const CountTable& table) {
  std::string text;
  for (const NamedCount& row : table) {
    if (row.count == 0) continue;
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", row.name, row.count);
  }
  return text.empty() ? "none" : text;
}

// How the run ended, in words.
std::string describeEnd(const Result& r) {
  switch (r.end) {
    case Result::End::Exited: return fmt::format("exited with status {}", r.exitStatus);
    case Result::End::Signalled:
      return fmt::format("killed by {} (status {})", mipsLinuxSignalName(r.signal), r.exitStatus);
    case Result::End::InstructionLimit:
      return fmt::format("stopped at the instruction limit (status {})", r.exitStatus);
    case Result::End::Error: return fmt::format("stopped by an error (status {})", r.exitStatus);
  }
  return "ended";
}

}  // namespace

// The --summary text: how it ended, counts, speed, classes, syscalls, exceptions, signals.
std::string formatSummary(const Options& options, const Result& result) {
  std::string s;
  s += fmt::format("disco: summary of {}: {}\n", options.program, describeEnd(result));
  s += fmt::format("disco:   instructions  {}\n", result.instructions);
  s += fmt::format("disco:   host time     {:.3f} s\n", result.hostSeconds);
  s += fmt::format("disco:   speed         {:.1f} MIPS\n", simulatedMips(result));
  s += "disco:   by class\n";
  for (const NamedCount& row : classTable(result)) {
    if (row.count == 0) continue;
    const double percent = 100.0 * double(row.count) / double(result.instructions);
    s += fmt::format("disco:     {:<14}{:>14} {:5.1f}%\n", row.name, row.count, percent);
  }
  s += fmt::format("disco:   syscalls      {}\n", joinCounts(mapTable(result.syscalls)));
  s += fmt::format("disco:   unsupported   {}\n", joinCounts(mapTable(result.unsupportedSyscalls)));
  s += fmt::format("disco:   exceptions    {}\n", joinCounts(mapTable(result.exceptions)));
  s += fmt::format("disco:   signals       {}\n", joinCounts(signalTable(result.signalsDelivered)));
  return s;
}

std::string formatUnsupportedNote(const Result& result) {
  if (result.unsupportedSyscalls.empty()) return "";
  return fmt::format("disco: unsupported system calls (the guest got an error): {}\n",
                     joinCounts(mapTable(result.unsupportedSyscalls)));
}

}  // namespace disco
