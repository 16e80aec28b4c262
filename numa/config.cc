// Loading, checking and printing the machine configuration (config.h).
//
// One table of fields, `kFields`, is the whole schema: each entry is a dotted
// key spelled exactly like the struct path it binds to (the FIELD macro
// stringifies the path, so the two cannot drift apart). Parsing walks the
// TOML document against that table, so an unknown key, a table where a value
// belongs or a value of the wrong type is caught where it is read, with its
// file:line:column. validate() then checks the values and the relations
// between them. toToml() prints the same table in its order, so a result
// file's configuration lists every key, defaults included, and reads back to
// an equal MachineConfig.
//
// The presets are TOML files in numa/presets/, compiled into the binary by
// numa/embed_presets.cmake (embeddedPresets()). A file may start from one with
// `preset = "flash8"` and change only what differs.
#include "numa/config.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <utility>
#include <variant>

#include <toml++/toml.h>

namespace numa {

// Generated from numa/presets/*.toml (name -> TOML text), sorted by name.
const std::vector<std::pair<std::string, std::string>>& embeddedPresets();

namespace {

// ---- the schema ----

// Where one key's value lives inside a MachineConfig.
using FieldRef = std::variant<uint32_t*, uint64_t*, bool*, std::string*, std::vector<uint32_t>*>;

struct Field {
  std::string_view key;                // dotted TOML key == struct path
  FieldRef (*bind)(MachineConfig&);    // the member this key sets
};

#define FIELD(path) \
  Field { #path, [](MachineConfig& c) -> FieldRef { return &c.path; } }

// Every key, in the order toToml prints them (grouped by table).
const Field kFields[] = {
    FIELD(name),
    FIELD(machine.nodes),
    FIELD(machine.cpus_per_node),
    FIELD(machine.memory_per_node_mb),
    FIELD(machine.cpu_clock_mhz),
    FIELD(machine.seed),
    FIELD(cache.l2_hit_cycles),
    FIELD(cache.protocol),
    FIELD(cache.l1i.size_kb),
    FIELD(cache.l1i.assoc),
    FIELD(cache.l1i.line_bytes),
    FIELD(cache.l1d.size_kb),
    FIELD(cache.l1d.assoc),
    FIELD(cache.l1d.line_bytes),
    FIELD(cache.l2.size_kb),
    FIELD(cache.l2.assoc),
    FIELD(cache.l2.line_bytes),
    FIELD(memory.local_latency_ns),
    FIELD(memory.remote_latency_ns),
    FIELD(memory.hop_latency_ns),
    FIELD(memory.controller_occupancy_ns),
    FIELD(memory.uncached_latency_ns),
    FIELD(topology.kind),
    FIELD(topology.dims),
    FIELD(topology.file),
    FIELD(topology.link_bandwidth_mb_s),
    FIELD(topology.link_latency_ns),
    FIELD(miss_counters.enabled),
    FIELD(miss_counters.hot_threshold),
    FIELD(miss_counters.reset_interval_us),
    FIELD(sim.timing),
    FIELD(sim.quantum_ns),
    FIELD(devices.disk_access_us),
    FIELD(devices.disk_bandwidth_mb_s),
    FIELD(devices.nic_bandwidth_mb_s),
    FIELD(devices.rtc_epoch),
    FIELD(stats.sample_interval_us),
    FIELD(stats.page_min_misses),
};

#undef FIELD

// The top-level key that names a preset to start from (files only).
constexpr std::string_view kPresetKey = "preset";
// How many `preset =` links a chain may have (a preset naming itself loops).
constexpr int kMaxPresetDepth = 8;

// The field with this dotted key, or nullptr.
const Field* findField(std::string_view key) {
  for (const Field& f : kFields)
    if (f.key == key) return &f;
  return nullptr;
}

// The table a dotted key lives in ("" for top-level keys).
std::string_view tableOf(std::string_view key) {
  const size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

// The last component of a dotted key.
std::string_view leafOf(std::string_view key) {
  const size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

// Every table name, parents included, in first-appearance order.
const std::vector<std::string>& tableNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Field& f : kFields) {
      std::string_view table = tableOf(f.key);
      // Parents first: "cache" before "cache.l1i".
      std::vector<std::string> chain;
      for (; !table.empty(); table = tableOf(table)) chain.emplace_back(table);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        if (std::find(out.begin(), out.end(), *it) == out.end()) out.push_back(*it);
    }
    return out;
  }();
  return names;
}

// Whether `key` names a table of the schema.
bool isTable(std::string_view key) {
  const auto& names = tableNames();
  return std::find(names.begin(), names.end(), key) != names.end();
}

// ---- messages ----

// Edit distance between two strings (insert, delete, substitute: cost 1).
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

// Joins strings with ", ".
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The reason for an unknown key, with the most likely intended key: the same
// leaf name in another table, else the nearest spelling, else the keys the
// enclosing table does have.
std::string unknownKeyReason(std::string_view key) {
  std::vector<std::string> candidates;
  for (const Field& f : kFields) candidates.emplace_back(f.key);
  for (const auto& t : tableNames()) candidates.push_back(t);
  candidates.emplace_back(kPresetKey);

  for (const auto& c : candidates)
    if (leafOf(c) == leafOf(key) && c != key) return "unknown key (did you mean " + c + "?)";

  // A shortened key: "machine.cpus" for machine.cpus_per_node.
  const std::string_view leaf = leafOf(key);
  if (leaf.size() >= 3)
    for (const auto& c : candidates)
      if (tableOf(c) == tableOf(key) && leafOf(c).find(leaf) != std::string_view::npos)
        return "unknown key (did you mean " + c + "?)";

  std::string best;
  size_t bestDistance = std::numeric_limits<size_t>::max();
  for (const auto& c : candidates) {
    const size_t d = editDistance(key, c);
    if (d < bestDistance) bestDistance = d, best = c;
  }
  if (bestDistance <= std::max<size_t>(2, key.size() / 4)) return "unknown key (did you mean " + best + "?)";

  const std::string_view table = tableOf(key);
  if (isTable(table)) {
    std::vector<std::string> siblings;
    for (const Field& f : kFields)
      if (tableOf(f.key) == table) siblings.emplace_back(leafOf(f.key));
    for (const auto& t : tableNames())
      if (tableOf(t) == table) siblings.emplace_back(leafOf(t));
    return "unknown key ([" + std::string(table) + "] has " + join(siblings) + ")";
  }
  std::vector<std::string> topLevel{"name", std::string(kPresetKey)};
  for (const auto& t : tableNames())
    if (tableOf(t).empty()) topLevel.push_back("[" + t + "]");
  return "unknown key (the top level has " + join(topLevel) + ")";
}

// " (origin:line:column)" for a place in a document, or " (origin)".
std::string where(const std::string& origin, const toml::source_region& source) {
  if (source.begin.line == 0) return " (" + origin + ")";
  return " (" + origin + ":" + std::to_string(source.begin.line) + ":" + std::to_string(source.begin.column) + ")";
}

// A TOML string literal for `text` (basic string, escaped).
std::string tomlString(std::string_view text) {
  std::string out = "\"";
  for (const unsigned char ch : text) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (ch < 0x20 || ch == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", ch);
          out += buf;
        } else {
          out += char(ch);
        }
    }
  }
  return out + "\"";
}

// A TOML node's type in words, with its value when short ("a string \"big\"").
std::string describeNode(const toml::node& node) {
  std::ostringstream value;
  switch (node.type()) {
    case toml::node_type::string: return "a string " + tomlString(node.as_string()->get());
    case toml::node_type::integer: value << "an integer " << node.as_integer()->get(); break;
    case toml::node_type::floating_point: {
      const double number = node.as_floating_point()->get();
      const bool whole = std::isfinite(number) && std::trunc(number) == number;
      value << "a floating-point number " << number << (whole ? ".0" : "");
      break;
    }
    case toml::node_type::boolean: return node.as_boolean()->get() ? "a boolean true" : "a boolean false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: return "nothing";
  }
  return value.str();
}

// ---- reading values ----

// An unsigned integer from a TOML node, range-checked against `max`.
uint64_t readUnsigned(const std::string& key, const toml::node& node, uint64_t max, const std::string& at) {
  const auto* integer = node.as_integer();
  if (!integer) throw ConfigError(key, "expected an unsigned integer, found " + describeNode(node) + at);
  const int64_t v = integer->get();
  if (v < 0) throw ConfigError(key, "must not be negative (found " + std::to_string(v) + ")" + at);
  if (uint64_t(v) > max)
    throw ConfigError(key, "too large (found " + std::to_string(v) + ", at most " + std::to_string(max) + ")" + at);
  return uint64_t(v);
}

// Stores one TOML value into the field it belongs to, checking its type;
// `at` says where the value was written, for messages.
void assign(const Field& field, MachineConfig& config, const toml::node& node, const std::string& at) {
  const std::string key(field.key);
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, uint32_t>) {
          *target = uint32_t(readUnsigned(key, node, std::numeric_limits<uint32_t>::max(), at));
        } else if constexpr (std::is_same_v<T, uint64_t>) {
          *target = readUnsigned(key, node, uint64_t(std::numeric_limits<int64_t>::max()), at);
        } else if constexpr (std::is_same_v<T, bool>) {
          const auto* boolean = node.as_boolean();
          if (!boolean) throw ConfigError(key, "expected a boolean (true or false), found " + describeNode(node) + at);
          *target = boolean->get();
        } else if constexpr (std::is_same_v<T, std::string>) {
          const auto* string = node.as_string();
          if (!string) throw ConfigError(key, "expected a string, found " + describeNode(node) + at);
          *target = string->get();
        } else {
          const auto* array = node.as_array();
          if (!array)
            throw ConfigError(key, "expected an array of unsigned integers, found " + describeNode(node) + at);
          std::vector<uint32_t> values;
          for (size_t i = 0; i < array->size(); ++i)
            values.push_back(uint32_t(readUnsigned(key + "[" + std::to_string(i) + "]", *array->get(i),
                                                   std::numeric_limits<uint32_t>::max(), at)));
          *target = std::move(values);
        }
      },
      field.bind(config));
}

// Applies every key of `table` (whose dotted path is `prefix`) onto `config`.
void applyTable(MachineConfig& config, const toml::table& table, const std::string& prefix, const std::string& origin) {
  for (auto&& [name, node] : table) {
    const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    if (key == kPresetKey) continue;  // handled before the walk
    if (const Field* field = findField(key)) {
      assign(*field, config, node, where(origin, node.source()));
    } else if (isTable(key)) {
      const auto* sub = node.as_table();
      if (!sub) throw ConfigError(key, "expected a table, found " + describeNode(node) + where(origin, node.source()));
      applyTable(config, *sub, key, origin);
    } else {
      throw ConfigError(key, unknownKeyReason(key) + where(origin, name.source()));
    }
  }
}

// ---- documents ----

// Parses TOML text, turning a syntax error into a ConfigError at origin:line:column.
toml::table parseToml(const std::string& text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ConfigError(origin + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column),
                      "TOML syntax error: " + std::string(error.description()));
  }
}

// The TOML text of a shipped preset, or nullptr.
const std::string* presetText(std::string_view name) {
  for (const auto& [presetName, text] : embeddedPresets())
    if (presetName == name) return &text;
  return nullptr;
}

MachineConfig readDocument(const toml::table& doc, const std::string& origin, int depth);

// A shipped preset, not yet validated (a chain is validated once, at the end).
MachineConfig readPreset(const std::string& name, int depth) {
  const std::string* text = presetText(name);
  if (!text) throw ConfigError(std::string(kPresetKey), "no such preset '" + name + "' (" + join(presetNames()) + ")");
  if (depth >= kMaxPresetDepth)
    throw ConfigError(std::string(kPresetKey), "preset chain deeper than " + std::to_string(kMaxPresetDepth) +
                                                   " at '" + name + "' (does a preset name itself?)");
  const std::string origin = "preset " + name;
  return readDocument(parseToml(*text, origin), origin, depth + 1);
}

// The configuration a parsed document describes: its preset (if any), then
// its own keys. Not validated.
MachineConfig readDocument(const toml::table& doc, const std::string& origin, int depth) {
  MachineConfig config;
  if (const toml::node* preset = doc.get(kPresetKey)) {
    const auto* name = preset->as_string();
    if (!name)
      throw ConfigError(std::string(kPresetKey),
                        "expected a string naming a preset, found " + describeNode(*preset) +
                            where(origin, preset->source()));
    config = readPreset(name->get(), depth);
  }
  applyTable(config, doc, "", origin);
  return config;
}

// Validates `config`; a failure names where the key was set in `doc`, if it was.
void validateDocument(const MachineConfig& config, const toml::table& doc, const std::string& origin) {
  try {
    validate(config);
  } catch (const ConfigError& error) {
    const toml::node_view node = doc.at_path(error.key());
    const std::string suffix =
        node ? where(origin, node.node()->source()) : " (in the configuration from " + origin + ")";
    const std::string reason = std::string(error.what()).substr(error.key().size() + 2);
    throw ConfigError(error.key(), reason + suffix);
  }
}

// Strips spaces and tabs at both ends.
std::string trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

// Applies one "key=value" onto `config` without validating.
void applyOneOverride(MachineConfig& config, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    throw ConfigError(trim(assignment), "an override must look like key=value (e.g. cache.l2.size_kb=256)");
  const std::string key = trim(std::string_view(assignment).substr(0, eq));
  const std::string valueText = trim(std::string_view(assignment).substr(eq + 1));
  if (key.empty()) throw ConfigError(assignment, "an override needs a key before '='");
  if (key == kPresetKey) throw ConfigError(key, "only a configuration file can start from a preset");

  const Field* field = findField(key);
  if (!field) {
    if (isTable(key)) {
      for (const Field& f : kFields)
        if (tableOf(f.key) == key)
          throw ConfigError(key, "is a table; override one of its keys (e.g. " + std::string(f.key) + "=...)");
      throw ConfigError(key, "is a table; override one of its keys");
    }
    throw ConfigError(key, unknownKeyReason(key));
  }

  // The value is TOML (256, "mesh", true, [2, 4]); string keys also take bare words.
  const bool isString = std::holds_alternative<std::string*>(field->bind(config));
  toml::table parsed;
  std::string syntaxError;
  try {
    parsed = toml::parse("value = " + valueText);
  } catch (const toml::parse_error& error) {
    syntaxError = std::string(error.description());
  }
  const toml::node* node = syntaxError.empty() && parsed.size() == 1 ? parsed.get("value") : nullptr;
  if (isString && (!node || !node->is_string())) {
    *std::get<std::string*>(field->bind(config)) = valueText;
    return;
  }
  if (!node)
    throw ConfigError(key, "cannot read '" + valueText + "' as a TOML value" +
                               (syntaxError.empty() ? std::string() : ": " + syntaxError));
  assign(*field, config, *node, " (in override '" + assignment + "')");
}

// ---- validation helpers ----

bool isPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// Throws ConfigError(key, reason) unless `ok`.
void require(bool ok, std::string_view key, const std::string& reason) {
  if (!ok) throw ConfigError(std::string(key), reason);
}

// Checks one cache's geometry on its own.
void validateGeometry(const CacheGeometry& g, const std::string& table) {
  require(isPowerOfTwo(g.size_kb), table + ".size_kb",
          "must be a power of two (found " + std::to_string(g.size_kb) + ")");
  require(isPowerOfTwo(g.assoc), table + ".assoc", "must be a power of two (found " + std::to_string(g.assoc) + ")");
  require(isPowerOfTwo(g.line_bytes), table + ".line_bytes",
          "must be a power of two (found " + std::to_string(g.line_bytes) + ")");
  require(g.line_bytes >= 8, table + ".line_bytes",
          "must be at least 8 (one doubleword, the widest access; found " + std::to_string(g.line_bytes) + ")");
  require(g.line_bytes <= 4096, table + ".line_bytes",
          "must be at most 4096 (a line may not span two 4 KB pages, whose misses are counted per page; found " +
              std::to_string(g.line_bytes) + ")");
  const uint64_t bytes = uint64_t{g.size_kb} * 1024;
  const uint64_t way = uint64_t{g.assoc} * g.line_bytes;
  require(bytes % way == 0 && bytes / way >= 1, table + ".size_kb",
          "must hold at least one set of assoc x line_bytes = " + std::to_string(way) + " bytes (found " +
              std::to_string(bytes) + " bytes)");
}

// Checks one string against its allowed values.
void requireOneOf(const std::string& value, std::string_view key, const std::vector<std::string>& allowed) {
  require(std::find(allowed.begin(), allowed.end(), value) != allowed.end(), key,
          "must be one of " + join(allowed) + " (found " + tomlString(value) + ")");
}

}  // namespace

// ---- public API ----

// The shipped preset names, sorted.
std::vector<std::string> presetNames() {
  std::vector<std::string> names;
  for (const auto& [name, text] : embeddedPresets()) names.push_back(name);
  return names;
}

// Every dotted key, in toToml's order.
std::vector<std::string> configKeys() {
  std::vector<std::string> keys;
  for (const Field& f : kFields) keys.emplace_back(f.key);
  return keys;
}

// TOML text -> validated configuration; `origin` names the text in errors.
MachineConfig parseMachineConfig(const std::string& tomlText, const std::string& origin) {
  const toml::table doc = parseToml(tomlText, origin);
  MachineConfig config = readDocument(doc, origin, 0);
  validateDocument(config, doc, origin);
  return config;
}

// A preset by name, else a file by path. A file without `name` is named after
// its stem; a relative topology.file set in it is relative to its directory.
MachineConfig loadMachineConfig(const std::string& presetOrPath) {
  if (presetText(presetOrPath)) {
    MachineConfig config = readPreset(presetOrPath, 0);
    validate(config);
    return config;
  }
  namespace fs = std::filesystem;
  const fs::path path(presetOrPath);
  std::error_code ec;
  if (presetOrPath.empty() || !fs::is_regular_file(path, ec))
    throw ConfigError("machine config '" + presetOrPath + "'", "no such preset (" + join(presetNames()) + ") or file");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) throw ConfigError("machine config '" + presetOrPath + "'", "cannot read the file");

  const toml::table doc = parseToml(text.str(), presetOrPath);
  MachineConfig config = readDocument(doc, presetOrPath, 0);
  if (!doc.contains("name")) config.name = path.stem().string();
  if (doc.at_path("topology.file") && !config.topology.file.empty() && fs::path(config.topology.file).is_relative())
    config.topology.file = (path.parent_path() / config.topology.file).lexically_normal().string();
  validateDocument(config, doc, presetOrPath);
  return config;
}

// One override "key=value", then validation; `config` is unchanged on error.
void applyOverride(MachineConfig& config, const std::string& assignment) { applyOverrides(config, {assignment}); }

// Several overrides, then one validation; `config` is unchanged on error.
void applyOverrides(MachineConfig& config, const std::vector<std::string>& assignments) {
  MachineConfig changed = config;
  for (const auto& assignment : assignments) applyOneOverride(changed, assignment);
  validate(changed);
  config = std::move(changed);
}

// Every rule a machine must satisfy; the first broken one is thrown.
void validate(const MachineConfig& c) {
  require(!c.name.empty(), "name", "must not be empty");

  // [machine]
  require(c.machine.nodes >= 1 && c.machine.nodes <= kMaxNodes, "machine.nodes",
          "must be 1.." + std::to_string(kMaxNodes) + " (the node number has " +
              std::to_string(kMachineAddrBits - kNodeShift) + " bits of the machine address; found " +
              std::to_string(c.machine.nodes) + ")");
  require(c.machine.cpus_per_node >= 1, "machine.cpus_per_node", "must be at least 1");
  const uint64_t cpus = uint64_t{c.machine.nodes} * c.machine.cpus_per_node;
  require(cpus <= 64, "machine.cpus_per_node",
          "nodes x cpus_per_node = " + std::to_string(cpus) +
              " CPUs, but at most 64 fit the inter-processor interrupt controller's 64-bit pending mask");
  require(c.machine.memory_per_node_mb >= 1, "machine.memory_per_node_mb", "must be at least 1");
  require(uint64_t{c.machine.memory_per_node_mb} << 20 <= kDeviceWindowOffset, "machine.memory_per_node_mb",
          "must be at most " + std::to_string(kDeviceWindowOffset >> 20) +
              " (each node's devices start at that offset of its window; found " +
              std::to_string(c.machine.memory_per_node_mb) + ")");
  require(c.machine.cpu_clock_mhz >= 1 && c.machine.cpu_clock_mhz <= 10000, "machine.cpu_clock_mhz",
          "must be 1..10000 MHz (found " + std::to_string(c.machine.cpu_clock_mhz) + ")");
  require(c.machine.seed <= uint64_t(std::numeric_limits<int64_t>::max()), "machine.seed",
          "must fit a TOML integer (at most 9223372036854775807)");

  // [cache]
  validateGeometry(c.cache.l1i, "cache.l1i");
  validateGeometry(c.cache.l1d, "cache.l1d");
  validateGeometry(c.cache.l2, "cache.l2");
  require(c.cache.l2.line_bytes >= c.cache.l1i.line_bytes && c.cache.l2.line_bytes >= c.cache.l1d.line_bytes,
          "cache.l2.line_bytes",
          "must be at least the L1 line sizes (" + std::to_string(c.cache.l1i.line_bytes) + " and " +
              std::to_string(c.cache.l1d.line_bytes) + ") so that an L1 line lies inside one L2 line (found " +
              std::to_string(c.cache.l2.line_bytes) + ")");
  require(uint64_t{c.cache.l2.size_kb} >= uint64_t{c.cache.l1i.size_kb} + c.cache.l1d.size_kb, "cache.l2.size_kb",
          "the inclusive L2 must be at least as large as both L1s together (" +
              std::to_string(c.cache.l1i.size_kb + uint64_t{c.cache.l1d.size_kb}) + " KB; found " +
              std::to_string(c.cache.l2.size_kb) + ")");
  requireOneOf(c.cache.protocol, "cache.protocol", {"mesi", "msi"});

  // [memory]
  require(c.memory.local_latency_ns >= 1, "memory.local_latency_ns", "must be at least 1 ns");
  require(c.memory.remote_latency_ns >= c.memory.local_latency_ns, "memory.remote_latency_ns",
          "must not be below memory.local_latency_ns (" + std::to_string(c.memory.local_latency_ns) + "; found " +
              std::to_string(c.memory.remote_latency_ns) + ")");

  // [topology]
  requireOneOf(c.topology.kind, "topology.kind", {"mesh", "torus", "hypercube", "ring", "full", "file"});
  const bool gridKind = c.topology.kind == "mesh" || c.topology.kind == "torus";
  if (!c.topology.dims.empty()) {
    require(gridKind, "topology.dims", "only mesh and torus have dimensions (topology.kind is " +
                                           tomlString(c.topology.kind) + "; use dims = [])");
    uint64_t product = 1;
    std::string shape;
    for (const uint32_t d : c.topology.dims) {
      require(d >= 1, "topology.dims", "every dimension must be at least 1");
      product = std::min<uint64_t>(product * d, uint64_t{1} << 40);
      shape += (shape.empty() ? "" : "x") + std::to_string(d);
    }
    require(product == c.machine.nodes, "topology.dims",
            shape + " makes " + std::to_string(product) + " nodes, but machine.nodes = " +
                std::to_string(c.machine.nodes));
  }
  if (c.topology.kind == "hypercube")
    require(isPowerOfTwo(c.machine.nodes), "topology.kind",
            "a hypercube needs a power-of-two node count (machine.nodes = " + std::to_string(c.machine.nodes) + ")");
  if (c.topology.kind == "file")
    require(!c.topology.file.empty(), "topology.file", "is required when topology.kind = \"file\"");
  else
    require(c.topology.file.empty(), "topology.file",
            "is only read when topology.kind = \"file\" (topology.kind is " + tomlString(c.topology.kind) + ")");
  require(c.topology.link_bandwidth_mb_s >= 1, "topology.link_bandwidth_mb_s", "must be at least 1 MB/s");

  // [miss_counters]
  require(c.miss_counters.hot_threshold >= 1, "miss_counters.hot_threshold", "must be at least 1 miss");

  // [sim]
  requireOneOf(c.sim.timing, "sim.timing", {"cache", "functional"});
  require(c.sim.quantum_ns >= 1, "sim.quantum_ns", "must be at least 1 ns");

  // [devices]
  require(c.devices.disk_bandwidth_mb_s >= 1, "devices.disk_bandwidth_mb_s", "must be at least 1 MB/s");
  require(c.devices.nic_bandwidth_mb_s >= 1, "devices.nic_bandwidth_mb_s", "must be at least 1 MB/s");
  require(c.devices.rtc_epoch <= uint64_t(std::numeric_limits<int64_t>::max()), "devices.rtc_epoch",
          "must fit a TOML integer (at most 9223372036854775807)");

  // [stats]
  require(c.stats.sample_interval_us >= 1, "stats.sample_interval_us", "must be at least 1 us");
}

// The configuration as TOML: every key in kFields order, one table header
// before each table's first key.
std::string toToml(const MachineConfig& config) {
  MachineConfig copy = config;  // bind() hands out mutable pointers; read through a copy
  std::ostringstream out;
  out << "# The effective machine configuration: every key, defaults included (docs/config.md).\n";
  std::string_view currentTable;
  for (const Field& field : kFields) {
    const std::string_view table = tableOf(field.key);
    if (table != currentTable) {
      out << "\n[" << table << "]\n";
      currentTable = table;
    }
    out << leafOf(field.key) << " = ";
    std::visit(
        [&](auto* value) {
          using T = std::remove_pointer_t<decltype(value)>;
          if constexpr (std::is_same_v<T, bool>) {
            out << (*value ? "true" : "false");
          } else if constexpr (std::is_same_v<T, std::string>) {
            out << tomlString(*value);
          } else if constexpr (std::is_same_v<T, std::vector<uint32_t>>) {
            out << "[";
            for (size_t i = 0; i < value->size(); ++i) out << (i ? ", " : "") << (*value)[i];
            out << "]";
          } else {
            out << *value;
          }
        },
        field.bind(copy));
    out << "\n";
  }
  return out.str();
}

}  // namespace numa
