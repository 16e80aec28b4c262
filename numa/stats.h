// The statistics of one run: a tree of named values, fixed at start-up, read
// on demand, sampled into time series, and dumped to an HDF5 file at the end.
//
// Design (after zsim): components do not push numbers into the tree; they
// register, once, a small function that reads a value they already keep
// (a CPU's instruction count, a node's miss counter). The tree is then frozen,
// so every time series has one column per registered value from the first
// sample to the last, and the file layout of a run is known before it starts.
// The machine calls sample() at a fixed simulated-time interval and
// writeHdf5() once at the end; nothing is copied in between, so the cost of a
// statistic that nobody samples is zero while the simulation runs.
//
// Three kinds of value, each under a '/'-separated path ("cpu/3/time/user"):
//  - counter: an unsigned 64-bit count (events, cycles); sampled by default;
//  - real:    a double with a unit (seconds, MHz, MIPS); not sampled by default;
//  - table:   rows of unsigned 64-bit values under named columns (per-page
//             miss counts), filled at dump time only (never sampled).
// All three share one namespace of paths. A path is one or more components
// separated by '/'; a component is letters, digits, '_', '-' and '.', does
// not start with '.', and is not empty. One path may not be both a value and
// the prefix of another ("cpu/0" and "cpu/0/time"), because the file could
// not hold both.
//
// HDF5 layout (docs/stats.md has the full description and an h5py example):
//   /                root attributes: every (key, value) given to writeHdf5, as strings
//   /stats/<path>    scalar uint64 (counter) or float64 (real) dataset,
//                    attributes "description" and, for reals, "unit"
//   /series/time_ns  1-D uint64: the simulated time of each sample, in ns
//   /series/<path>   1-D uint64 or float64, one entry per sample, for every
//                    sampled value (same length as time_ns)
//   /tables/<path>   2-D uint64 (rows x columns), attributes "description" and
//                    "columns" (a 1-D array of strings, one name per column)
//
// Threads: the read functions run on the caller's thread when sample(),
// formatText(), writeHdf5() or a *Value() accessor is called. The machine
// calls them between quanta, when no simulated CPU is running, so the values
// they read are consistent and need no locks. The tree keeps no global state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace numa {

class StatsTree {
 public:
  using CounterRead = std::function<uint64_t()>;
  using RealRead = std::function<double()>;
  using TableRows = std::vector<std::vector<uint64_t>>;
  using TableFill = std::function<void(TableRows& rows)>;

  // Registers an unsigned count read by `read`. `sampled`: also recorded by
  // every sample() call into /series/<path>. Throws std::invalid_argument for
  // a bad or duplicate path or an empty function, std::logic_error once frozen.
  void counter(const std::string& path, const std::string& description, CounterRead read,
               bool sampled = true);
  // Registers a real number with its unit ("s", "MHz", "MIPS"); same rules.
  void real(const std::string& path, const std::string& description, const std::string& unit,
            RealRead read, bool sampled = false);
  // Registers a table with the given column names. `fill` receives an empty
  // row list and appends rows, each with exactly one value per column; it is
  // called when the table is written or formatted. Same rules as counter(),
  // plus: at least one column, no empty or repeated column name.
  void table(const std::string& path, const std::string& description,
             std::vector<std::string> columns, TableFill fill);

  // Ends registration: later counter()/real()/table() calls throw
  // std::logic_error. Sampling needs a frozen tree. Freezing twice is harmless.
  void freeze();
  bool frozen() const { return frozen_; }

  // Appends one entry to the time series of every sampled value, taken now,
  // at simulated time `timeNs`. Throws std::logic_error when the tree is not
  // frozen or when `timeNs` is earlier than the previous sample's time.
  void sample(uint64_t timeNs);
  // How many samples were taken so far.
  size_t sampleCount() const { return sampleTimesNs_.size(); }
  // The simulated times of the samples taken so far, in ns.
  const std::vector<uint64_t>& sampleTimesNs() const { return sampleTimesNs_; }
  // The recorded series of a sampled counter (one entry per sample).
  // Throws std::out_of_range for an unknown path, std::invalid_argument for
  // a path that is not a sampled counter.
  const std::vector<uint64_t>& counterSeries(const std::string& path) const;

  // Writes the whole tree to a new HDF5 file at `filePath` (an existing file
  // is replaced), in the layout described above; `attributes` become string
  // attributes of the root group. Throws std::runtime_error naming the file
  // when it cannot be written, std::logic_error naming the table when a
  // table's fill produces a row of the wrong width.
  void writeHdf5(const std::string& filePath,
                 const std::map<std::string, std::string>& attributes) const;

  // Every value as text, one line each, in registration order:
  //   "cpu/0/instructions = 1234  # instructions retired"
  //   "host/seconds = 1.5 s  # host wall-clock time of the simulation"
  //   "pages/misses = table of 12 rows x 9 columns (page, node0, ...)  # ..."
  // The "path = value" parts are padded to a common width so the comments align.
  std::string formatText() const;

  // The current value of a counter / real, read now (for tests and summaries).
  // Throws std::out_of_range for an unknown path, std::invalid_argument for a
  // path of another kind.
  uint64_t counterValue(const std::string& path) const;
  double realValue(const std::string& path) const;
  // The current rows of a table, filled now (checked like writeHdf5 does).
  TableRows tableRows(const std::string& path) const;
  // The column names of a table.
  const std::vector<std::string>& tableColumns(const std::string& path) const;

  // Every registered path, in registration order.
  std::vector<std::string> paths() const;
  // True when `path` is registered.
  bool contains(const std::string& path) const { return index_.contains(path); }

 private:
  enum class Kind : uint8_t { Counter, Real, Table };

  // One registered value. Exactly one of the read functions is set, by kind.
  struct Entry {
    Kind kind = Kind::Counter;
    std::string path;
    std::string description;
    std::string unit;                   // reals only
    bool sampled = false;               // counters and reals only
    CounterRead readCounter;
    RealRead readReal;
    std::vector<std::string> columns;   // tables only
    TableFill fill;                     // tables only
    std::vector<uint64_t> counterSeries;  // one entry per sample (sampled counters)
    std::vector<double> realSeries;       // one entry per sample (sampled reals)
  };

  // Checks `path` (syntax, duplicates, value/prefix clashes) and the state
  // (not frozen) before a registration; throws as documented above.
  void checkNewPath(const std::string& path) const;
  // Adds a checked entry to the tree.
  void add(Entry entry);
  // The entry at `path`, of kind `kind`; throws as documented for the accessors.
  const Entry& find(const std::string& path, Kind kind) const;
  // Calls a table's fill and checks every row's width.
  static TableRows fillTable(const Entry& entry);

  std::vector<Entry> entries_;          // registration order
  std::map<std::string, size_t> index_; // path -> position in entries_
  std::vector<uint64_t> sampleTimesNs_;
  bool frozen_ = false;
};

}  // namespace numa
