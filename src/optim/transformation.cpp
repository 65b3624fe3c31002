#include "varopt/optim/transformation.hpp"

#include "varopt/core/error.hpp"

namespace varopt {

Chain::Chain(std::vector<std::unique_ptr<GradientTransformation>> parts) : parts_(std::move(parts)) {}

Chain::Chain(const Chain& other) : label_(other.label_) {
  for (const auto& p : other.parts_) parts_.push_back(p->clone());
}

Chain& Chain::operator=(const Chain& other) {
  if (this != &other) *this = Chain(other);
  return *this;
}

Chain& Chain::then(std::unique_ptr<GradientTransformation> part) {
  parts_.push_back(std::move(part));
  return *this;
}

Chain& Chain::label(std::string name) {
  label_ = std::move(name);
  return *this;
}

std::string Chain::name() const {
  if (!label_.empty()) return label_;
  std::string n;
  for (const auto& p : parts_) n += (n.empty() ? "" : " | ") + p->name();
  return n;
}

void Chain::update(VecRef g) {
  for (auto& p : parts_) p->update(g);
}

Json Chain::state() const {
  Json s = Json::array();
  for (const auto& p : parts_) s.push_back({{"name", p->name()}, {"state", p->state()}});
  return s;
}

void Chain::restore(const Json& state) {
  if (!state.is_array() || state.size() != parts_.size()) {
    throw FileError("Chain::restore: expected the state of " + std::to_string(parts_.size()) +
                    " transformations (" + name() + ")");
  }
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (state_member(state[i], "name", "Chain::restore") != parts_[i]->name()) {
      throw FileError("Chain::restore: expected the state of '" + parts_[i]->name() + "', got " +
                      state[i]["name"].dump().substr(0, 80));
    }
    parts_[i]->restore(state_member(state[i], "state", "Chain::restore"));
  }
}

std::unique_ptr<GradientTransformation> Chain::clone() const { return std::make_unique<Chain>(*this); }

}  // namespace varopt
