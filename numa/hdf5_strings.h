// String attributes in HDF5 files, written and read the way h5py expects
// them (variable-length C strings, read back as Python str). Shared by every
// result-file writer (numa/stats.cc, tools/se_stats.cc) and their tests.
#pragma once

#include <H5Cpp.h>

#include <string>
#include <vector>

namespace numa::hdf5 {

// The variable-length string type used for every string attribute.
const H5::StrType& stringType();

// Attaches a scalar string attribute / a 1-D string array attribute.
void writeStringAttribute(H5::H5Object& where, const std::string& name, const std::string& value);
void writeStringListAttribute(H5::H5Object& where, const std::string& name, const std::vector<std::string>& values);

// Reads them back.
std::string readStringAttribute(const H5::H5Object& where, const std::string& name);
std::vector<std::string> readStringListAttribute(const H5::H5Object& where, const std::string& name);

}  // namespace numa::hdf5
