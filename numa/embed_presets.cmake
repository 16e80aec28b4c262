# Writes a C++ source holding every preset TOML file as a string, so the
# presets ship inside the `disco` binary. Called by numa/CMakeLists.txt with
# IN (the list of .toml files) and OUT (the .cc to write).
set(body "// Generated from numa/presets/*.toml by numa/embed_presets.cmake. Do not edit.\n")
string(APPEND body "#include <string>\n#include <utility>\n#include <vector>\n\n")
string(APPEND body "namespace numa {\n\nconst std::vector<std::pair<std::string, std::string>>& embeddedPresets() {\n")
string(APPEND body "  static const std::vector<std::pair<std::string, std::string>> presets = {\n")
separate_arguments(files UNIX_COMMAND "${IN}")
list(SORT files)
foreach(file ${files})
  get_filename_component(name ${file} NAME_WE)
  file(READ ${file} text)
  string(APPEND body "      {\"${name}\", R\"disco_preset(${text})disco_preset\"},\n")
endforeach()
string(APPEND body "  };\n  return presets;\n}\n\n}  // namespace numa\n")
file(WRITE ${OUT} "${body}")
