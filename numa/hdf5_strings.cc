// String attributes in HDF5 files (see hdf5_strings.h).
#include "numa/hdf5_strings.h"

namespace numa::hdf5 {

const H5::StrType& stringType() {
  static const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  return type;
}

void writeStringAttribute(H5::H5Object& where, const std::string& name, const std::string& value) {
  const char* text = value.c_str();
  where.createAttribute(name, stringType(), H5::DataSpace(H5S_SCALAR)).write(stringType(), &text);
}

void writeStringListAttribute(H5::H5Object& where, const std::string& name, const std::vector<std::string>& values) {
  std::vector<const char*> texts;
  for (const std::string& v : values) texts.push_back(v.c_str());
  const hsize_t dims[1] = {texts.size()};
  H5::Attribute attr = where.createAttribute(name, stringType(), H5::DataSpace(1, dims));
  if (!texts.empty()) attr.write(stringType(), texts.data());
}

std::string readStringAttribute(const H5::H5Object& where, const std::string& name) {
  H5::Attribute attr = where.openAttribute(name);
  std::string value;
  attr.read(attr.getStrType(), value);
  return value;
}

std::vector<std::string> readStringListAttribute(const H5::H5Object& where, const std::string& name) {
  H5::Attribute attr = where.openAttribute(name);
  const hssize_t n = attr.getSpace().getSimpleExtentNpoints();
  std::vector<char*> texts(size_t(n), nullptr);
  if (n > 0) attr.read(stringType(), texts.data());
  std::vector<std::string> values;
  for (char* t : texts) {
    values.emplace_back(t ? t : "");
    H5free_memory(t);
  }
  return values;
}

}  // namespace numa::hdf5
