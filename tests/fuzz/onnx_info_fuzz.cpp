// libFuzzer: the ONNX protobuf reader and the model-contract checks on arbitrary bytes.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model_spec.h"
#include "onnx_model_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string err;
  auto info = vitvis::parse_onnx_model_info(std::span(data, size), &err);
  if (!info) return 0;
  vitvis::ModelSpec spec;
  std::vector<std::string> errors;
  if (vitvis::model_spec_from_onnx(*info, &spec, &errors)) {
    (void)vitvis::contract_output_names(spec);
    for (int t = 0; t < spec.num_tokens(); ++t) (void)spec.token_name(t);
  }
  return 0;
}
