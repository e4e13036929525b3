// Tensor ownership and shape helpers.
#include "tensor.h"

namespace vitvis {

Tensor::Tensor(std::vector<int64_t> shape, std::vector<float> values) : shape_(std::move(shape)) {
  auto owned = std::make_shared<std::vector<float>>(std::move(values));
  size_ = owned->size();
  data_ = std::shared_ptr<const float>(owned, owned->data());
}

Tensor Tensor::adopt_malloced(std::vector<int64_t> shape, float* data, size_t count) {
  Tensor t;
  t.shape_ = std::move(shape);
  t.size_ = count;
  t.data_ = std::shared_ptr<const float>(data, [](const float* p) { std::free(const_cast<float*>(p)); });
  return t;
}

std::string shape_to_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string Tensor::shape_string() const { return shape_to_string(shape_); }

int64_t shape_elements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) return -1;
    if (d != 0 && n > (int64_t(1) << 40) / d) return -1;
    n *= d;
  }
  return n;
}

}  // namespace vitvis
