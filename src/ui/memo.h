// A view cache's freshness key: the parts it was computed from (the snapshot's generation, a layer,
// a head, …). changed(parts…) is true, once, whenever they differ from the last call's.
#pragma once
#include <optional>
#include <tuple>

namespace vitvis {

template <class... Parts>
class Memo {
 public:
  bool changed(const Parts&... parts) {
    std::tuple<Parts...> now(parts...);
    if (key_ && *key_ == now) return false;
    key_ = std::move(now);
    return true;
  }
  void reset() { key_.reset(); }
  // The parts it was last computed for (nullopt: never, or reset).
  const std::optional<std::tuple<Parts...>>& key() const { return key_; }

 private:
  std::optional<std::tuple<Parts...>> key_;
};

}  // namespace vitvis
