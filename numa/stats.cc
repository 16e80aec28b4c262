// The statistics tree: registration and its checks, sampling into time
// series, the text dump and the HDF5 writer. The layout and the rules are
// described in stats.h; docs/stats.md explains them for readers of results.
#include "numa/stats.h"

#include "numa/hdf5_strings.h"

#include <H5Cpp.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

namespace numa {

namespace {

using hdf5::stringType;
using hdf5::writeStringAttribute;
using hdf5::writeStringListAttribute;

// The first path component reserved for /series/time_ns.
constexpr const char* kReservedSeriesName = "time_ns";

// True when `c` may appear in a path component.
bool isComponentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// The reason `path` is not a valid statistics path, or "" when it is.
std::string pathProblem(const std::string& path) {
  if (path.empty()) return "the path is empty";
  if (path.front() == '/' || path.back() == '/') return "the path starts or ends with '/'";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string component = path.substr(start, end - start);
    if (component.empty()) return "the path has an empty component ('//')";
    if (component.front() == '.') return fmt::format("component '{}' starts with '.'", component);
    for (char c : component) {
      if (!isComponentChar(c))
        return fmt::format("component '{}' has the character '{}' (allowed: letters, digits, _ - .)",
                           component, c);
    }
    start = end + 1;
  }
  if (path == kReservedSeriesName || path.starts_with(std::string(kReservedSeriesName) + "/"))
    return fmt::format("'{}' is reserved for /series/{}", kReservedSeriesName, kReservedSeriesName);
  return "";
}

// ---- HDF5 writing helpers ----

// Link creation that makes the missing groups of a path ("a/b/c" -> a, a/b).
H5::LinkCreatPropList intermediateGroups() {
  H5::LinkCreatPropList lcpl;
  lcpl.setCreateIntermediateGroup(true);
  return lcpl;
}

// Creates a scalar dataset at `path` under `group` (making groups on the way).
template <typename T>
H5::DataSet writeScalar(H5::Group& group, const std::string& path, const H5::PredType& type,
                        T value) {
  H5::DataSet ds = group.createDataSet(path, type, H5::DataSpace(H5S_SCALAR),
                                       H5::DSetCreatPropList::DEFAULT,
                                       H5::DSetAccPropList::DEFAULT, intermediateGroups());
  ds.write(&value, type);
  return ds;
}

// Creates a 1-D dataset at `path` under `group` holding `values`.
template <typename T>
H5::DataSet writeVector(H5::Group& group, const std::string& path, const H5::PredType& type,
                        const std::vector<T>& values) {
  const hsize_t dims[1] = {values.size()};
  H5::DataSet ds = group.createDataSet(path, type, H5::DataSpace(1, dims),
                                       H5::DSetCreatPropList::DEFAULT,
                                       H5::DSetAccPropList::DEFAULT, intermediateGroups());
  if (!values.empty()) ds.write(values.data(), type);
  return ds;
}

// Creates a 2-D uint64 dataset (rows x columns) at `path` under `group`.
H5::DataSet writeMatrix(H5::Group& group, const std::string& path, size_t columns,
                        const StatsTree::TableRows& rows) {
  std::vector<uint64_t> flat;
  flat.reserve(rows.size() * columns);
  for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
  const hsize_t dims[2] = {rows.size(), columns};
  H5::DataSet ds = group.createDataSet(path, H5::PredType::NATIVE_UINT64, H5::DataSpace(2, dims),
                                       H5::DSetCreatPropList::DEFAULT,
                                       H5::DSetAccPropList::DEFAULT, intermediateGroups());
  if (!flat.empty()) ds.write(flat.data(), H5::PredType::NATIVE_UINT64);
  return ds;
}

}  // namespace

// ---- registration ----

// Throws unless `path` may be registered now.
void StatsTree::checkNewPath(const std::string& path) const {
  if (frozen_)
    throw std::logic_error(fmt::format("statistics: cannot register '{}': the tree is frozen "
                                       "(register every value before the run starts)",
                                       path));
  if (const std::string problem = pathProblem(path); !problem.empty())
    throw std::invalid_argument(fmt::format("statistics: bad path '{}': {}", path, problem));
  if (index_.contains(path))
    throw std::invalid_argument(fmt::format("statistics: '{}' is registered twice", path));
  // A registered value may not be a group of the new path ...
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    if (index_.contains(prefix))
      throw std::invalid_argument(fmt::format(
          "statistics: '{}' cannot be registered: '{}' is already a value, not a group", path, prefix));
  }
  // ... nor may the new path be a group of a registered value.
  const std::string asGroup = path + "/";
  if (auto it = index_.lower_bound(asGroup); it != index_.end() && it->first.starts_with(asGroup))
    throw std::invalid_argument(fmt::format(
        "statistics: '{}' cannot be registered as a value: '{}' is already below it", path, it->first));
}

// Appends a checked entry.
void StatsTree::add(Entry entry) {
  index_.emplace(entry.path, entries_.size());
  entries_.push_back(std::move(entry));
}

// Registers a counter.
void StatsTree::counter(const std::string& path, const std::string& description, CounterRead read,
                        bool sampled) {
  checkNewPath(path);
  if (!read)
    throw std::invalid_argument(fmt::format("statistics: counter '{}' has no read function", path));
  Entry e;
  e.kind = Kind::Counter;
  e.path = path;
  e.description = description;
  e.sampled = sampled;
  e.readCounter = std::move(read);
  add(std::move(e));
}

// Registers a real.
void StatsTree::real(const std::string& path, const std::string& description,
                     const std::string& unit, RealRead read, bool sampled) {
  checkNewPath(path);
  if (!read)
    throw std::invalid_argument(fmt::format("statistics: real '{}' has no read function", path));
  Entry e;
  e.kind = Kind::Real;
  e.path = path;
  e.description = description;
  e.unit = unit;
  e.sampled = sampled;
  e.readReal = std::move(read);
  add(std::move(e));
}

// Registers a table.
void StatsTree::table(const std::string& path, const std::string& description,
                      std::vector<std::string> columns, TableFill fill) {
  checkNewPath(path);
  if (!fill)
    throw std::invalid_argument(fmt::format("statistics: table '{}' has no fill function", path));
  if (columns.empty())
    throw std::invalid_argument(fmt::format("statistics: table '{}' has no columns", path));
  std::set<std::string> seen;
  for (const std::string& column : columns) {
    if (column.empty())
      throw std::invalid_argument(fmt::format("statistics: table '{}' has an empty column name", path));
    if (!seen.insert(column).second)
      throw std::invalid_argument(
          fmt::format("statistics: table '{}' names column '{}' twice", path, column));
  }
  Entry e;
  e.kind = Kind::Table;
  e.path = path;
  e.description = description;
  e.columns = std::move(columns);
  e.fill = std::move(fill);
  add(std::move(e));
}

// Ends registration.
void StatsTree::freeze() { frozen_ = true; }

// ---- sampling ----

// Records one entry of every sampled value's series.
void StatsTree::sample(uint64_t timeNs) {
  if (!frozen_)
    throw std::logic_error("statistics: sample() before freeze(): the set of series must be fixed first");
  if (!sampleTimesNs_.empty() && timeNs < sampleTimesNs_.back())
    throw std::logic_error(fmt::format("statistics: sample at {} ns is earlier than the previous one at {} ns",
                                       timeNs, sampleTimesNs_.back()));
  sampleTimesNs_.push_back(timeNs);
  for (Entry& e : entries_) {
    if (!e.sampled) continue;
    if (e.kind == Kind::Counter) e.counterSeries.push_back(e.readCounter());
    if (e.kind == Kind::Real) e.realSeries.push_back(e.readReal());
  }
}

// ---- lookups ----

// The entry at `path` of the wanted kind.
const StatsTree::Entry& StatsTree::find(const std::string& path, Kind kind) const {
  auto it = index_.find(path);
  if (it == index_.end())
    throw std::out_of_range(fmt::format("statistics: no value is registered at '{}'", path));
  const Entry& e = entries_[it->second];
  if (e.kind != kind) {
    static constexpr const char* kNames[] = {"counter", "real", "table"};
    throw std::invalid_argument(fmt::format("statistics: '{}' is a {}, not a {}", path,
                                            kNames[int(e.kind)], kNames[int(kind)]));
  }
  return e;
}

// A counter's value now.
uint64_t StatsTree::counterValue(const std::string& path) const {
  return find(path, Kind::Counter).readCounter();
}

// A real's value now.
double StatsTree::realValue(const std::string& path) const { return find(path, Kind::Real).readReal(); }

// A sampled counter's series.
const std::vector<uint64_t>& StatsTree::counterSeries(const std::string& path) const {
  const Entry& e = find(path, Kind::Counter);
  if (!e.sampled)
    throw std::invalid_argument(fmt::format("statistics: counter '{}' is not sampled", path));
  return e.counterSeries;
}

// Fills a table and checks that every row has one value per column.
StatsTree::TableRows StatsTree::fillTable(const Entry& entry) {
  TableRows rows;
  entry.fill(rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != entry.columns.size())
      throw std::logic_error(fmt::format("statistics: table '{}': row {} has {} values for {} columns",
                                         entry.path, i, rows[i].size(), entry.columns.size()));
  }
  return rows;
}

// A table's rows now.
StatsTree::TableRows StatsTree::tableRows(const std::string& path) const {
  return fillTable(find(path, Kind::Table));
}

// A table's column names.
const std::vector<std::string>& StatsTree::tableColumns(const std::string& path) const {
  return find(path, Kind::Table).columns;
}

// Every path in registration order.
std::vector<std::string> StatsTree::paths() const {
  std::vector<std::string> result;
  result.reserve(entries_.size());
  for (const Entry& e : entries_) result.push_back(e.path);
  return result;
}

// ---- output ----

// One "path = value" per line, comments aligned.
std::string StatsTree::formatText() const {
  std::vector<std::pair<std::string, const std::string*>> lines;  // (path = value, description)
  size_t width = 0;
  for (const Entry& e : entries_) {
    std::string left;
    switch (e.kind) {
      case Kind::Counter: left = fmt::format("{} = {}", e.path, e.readCounter()); break;
      case Kind::Real:
        left = e.unit.empty() ? fmt::format("{} = {}", e.path, e.readReal())
                              : fmt::format("{} = {} {}", e.path, e.readReal(), e.unit);
        break;
      case Kind::Table:
        left = fmt::format("{} = table of {} rows x {} columns ({})", e.path, fillTable(e).size(),
                           e.columns.size(), fmt::join(e.columns, ", "));
        break;
    }
    width = std::max(width, left.size());
    lines.emplace_back(std::move(left), &e.description);
  }
  std::string text;
  for (const auto& [left, description] : lines) {
    if (description->empty())
      text += left + "\n";
    else
      text += fmt::format("{:<{}}  # {}\n", left, width, *description);
  }
  return text;
}

// Writes the file (layout in stats.h). Every value is read (and every table
// filled and checked) before the file is opened, so a failing read function
// leaves any previous file untouched and all values come from one instant.
void StatsTree::writeHdf5(const std::string& filePath,
                          const std::map<std::string, std::string>& attributes) const {
  for (const auto& [key, value] : attributes) {
    if (key.empty())
      throw std::invalid_argument(
          fmt::format("cannot write statistics file {}: a root attribute has an empty name", filePath));
  }
  std::vector<uint64_t> counters(entries_.size(), 0);
  std::vector<double> reals(entries_.size(), 0.0);
  std::vector<TableRows> tableContents(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    switch (e.kind) {
      case Kind::Counter: counters[i] = e.readCounter(); break;
      case Kind::Real: reals[i] = e.readReal(); break;
      case Kind::Table: tableContents[i] = fillTable(e); break;
    }
  }

  try {
    H5::Exception::dontPrint();
    H5::H5File file(filePath, H5F_ACC_TRUNC);
    H5::Group root = file.openGroup("/");
    for (const auto& [key, value] : attributes) writeStringAttribute(root, key, value);

    H5::Group stats = file.createGroup("stats");
    H5::Group series = file.createGroup("series");
    H5::Group tables = file.createGroup("tables");
    H5::DataSet times = writeVector(series, kReservedSeriesName, H5::PredType::NATIVE_UINT64, sampleTimesNs_);
    writeStringAttribute(times, "description", "simulated time of each sample");
    writeStringAttribute(times, "unit", "ns");

    for (size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      switch (e.kind) {
        case Kind::Counter: {
          H5::DataSet ds = writeScalar(stats, e.path, H5::PredType::NATIVE_UINT64, counters[i]);
          writeStringAttribute(ds, "description", e.description);
          if (e.sampled) {
            H5::DataSet s = writeVector(series, e.path, H5::PredType::NATIVE_UINT64, e.counterSeries);
            writeStringAttribute(s, "description", e.description);
          }
          break;
        }
        case Kind::Real: {
          H5::DataSet ds = writeScalar(stats, e.path, H5::PredType::NATIVE_DOUBLE, reals[i]);
          writeStringAttribute(ds, "description", e.description);
          writeStringAttribute(ds, "unit", e.unit);
          if (e.sampled) {
            H5::DataSet s = writeVector(series, e.path, H5::PredType::NATIVE_DOUBLE, e.realSeries);
            writeStringAttribute(s, "description", e.description);
            writeStringAttribute(s, "unit", e.unit);
          }
          break;
        }
        case Kind::Table: {
          H5::DataSet ds = writeMatrix(tables, e.path, e.columns.size(), tableContents[i]);
          writeStringAttribute(ds, "description", e.description);
          writeStringListAttribute(ds, "columns", e.columns);
          break;
        }
      }
    }
  } catch (const H5::Exception& e) {
    throw std::runtime_error(
        fmt::format("cannot write statistics file {}: {}", filePath, e.getDetailMsg()));
  }
}

}  // namespace numa
