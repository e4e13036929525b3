// A float tensor that owns its buffer (a vector or a malloc'd block from the ORT bridge), plus views.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace vitvis {

using RowMatrixMap = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

class Tensor {
 public:
  Tensor() = default;
  Tensor(std::vector<int64_t> shape, std::vector<float> values);
  // Takes ownership of a malloc'd block of `count` floats (what the browser bridge hands over).
  static Tensor adopt_malloced(std::vector<int64_t> shape, float* data, size_t count);

  const std::vector<int64_t>& shape() const { return shape_; }
  size_t size() const { return size_; }
  const float* data() const { return data_.get(); }
  std::span<const float> values() const { return {data_.get(), size_}; }
  bool empty() const { return size_ == 0; }
  std::string shape_string() const;

 private:
  std::vector<int64_t> shape_;
  std::shared_ptr<const float> data_;
  size_t size_ = 0;
};

// "[1, 50, 64]"
std::string shape_to_string(const std::vector<int64_t>& shape);

// Number of elements a shape describes; -1 if any dimension is negative or the product overflows.
int64_t shape_elements(const std::vector<int64_t>& shape);

}  // namespace vitvis
