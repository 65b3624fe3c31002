#include "varopt/optim/transformations.hpp"

#include <cmath>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

void restore_moment(const Json& state, const char* key, const char* what, Vec& moment) {
  if (!state.contains(key)) throw FileError(std::string(what) + ": state lacks '" + key + "'");
  moment = vec_from_json(state[key], what);
}

}  // namespace

ScaleBySchedule::ScaleBySchedule(Schedule schedule) : schedule_(schedule) { schedule_.validate(); }

void ScaleBySchedule::update(VecRef g) { g *= -schedule_.at(step_++); }

void ScaleBySchedule::restore(const Json& state) {
  if (!state.contains("step") || !state["step"].is_number_unsigned())
    throw FileError("ScaleBySchedule::restore: expected a step count");
  step_ = state["step"].get<std::uint64_t>();
}

Trace::Trace(double decay, bool nesterov) : decay_(decay), nesterov_(nesterov) {
  require(decay >= 0 && decay < 1, "Trace", "a momentum in [0, 1)", decay);
}

void Trace::update(VecRef g) {
  if (velocity_.size() != g.size()) velocity_ = Vec::Zero(g.size());
  velocity_ = decay_ * velocity_ + g;
  if (nesterov_) {
    g += decay_ * velocity_;
  } else {
    g = velocity_;
  }
}

Json Trace::state() const { return {{"velocity", to_json(velocity_)}}; }

void Trace::restore(const Json& state) {
  restore_moment(state, "velocity", "Trace::restore", velocity_);
}

void AdamOptions::validate() const {
  require(beta1 >= 0 && beta1 < 1, "Adam", "beta1 in [0, 1)", beta1);
  require(beta2 >= 0 && beta2 < 1, "Adam", "beta2 in [0, 1)", beta2);
  require(epsilon > 0, "Adam", "epsilon > 0", epsilon);
}

ScaleByAdam::ScaleByAdam(AdamOptions options) : options_(options) { options_.validate(); }

void ScaleByAdam::update(VecRef g) {
  if (first_moment_.size() != g.size() || second_moment_.size() != g.size()) {
    first_moment_ = Vec::Zero(g.size());
    second_moment_ = Vec::Zero(g.size());
  }
  ++step_;
  first_moment_ = options_.beta1 * first_moment_ + (1 - options_.beta1) * g;
  second_moment_ = options_.beta2 * second_moment_ + (1 - options_.beta2) * g.cwiseAbs2();
  const double t = static_cast<double>(step_);
  const double c1 = 1 - std::pow(options_.beta1, t);
  const double c2 = 1 - std::pow(options_.beta2, t);
  g = (first_moment_ / c1).array() / ((second_moment_ / c2).array().sqrt() + options_.epsilon);
}

Json ScaleByAdam::state() const {
  return {{"step", step_}, {"m", to_json(first_moment_)}, {"v", to_json(second_moment_)}};
}

void ScaleByAdam::restore(const Json& state) {
  if (!state.contains("step") || !state["step"].is_number_unsigned())
    throw FileError("ScaleByAdam::restore: expected a step count");
  step_ = state["step"].get<std::uint64_t>();
  Vec m, v;
  restore_moment(state, "m", "ScaleByAdam::restore", m);
  restore_moment(state, "v", "ScaleByAdam::restore", v);
  // D2: moments of different lengths were read out of bounds by the next update.
  if (m.size() != v.size() || !m.allFinite() || !v.allFinite() || (v.array() < 0).any())
    throw FileError("ScaleByAdam::restore: expected finite moments m and v of one length, v >= 0");
  first_moment_ = std::move(m);
  second_moment_ = std::move(v);
}

ClipByNorm::ClipByNorm(double max_norm) : max_norm_(max_norm) {
  require(max_norm > 0, "ClipByNorm", "a maximum norm > 0", max_norm);
}

void ClipByNorm::update(VecRef g) {
  const double norm = g.norm();
  if (norm > max_norm_) g *= max_norm_ / norm;
}

}  // namespace varopt
