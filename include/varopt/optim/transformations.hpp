#pragma once
// The elementary gradient transformations (see transformation.hpp):
//   ScaleBySchedule(s)   g ← −γ_t g, t counts updates                        (descent step)
//   Trace(β, nesterov)   v ← β v + g;  g ← v  (or g + β v with Nesterov)     (Polyak 1964)
//   ScaleByAdam(β₁,β₂,ε) m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², g ← m̂ / (√v̂ + ε)
//                        with bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)  (Kingma & Ba 2015)
//   ClipByNorm(c)        g ← g · min(1, c / ‖g‖)                          (Pascanu et al. 2013)
#include "varopt/optim/schedule.hpp"
#include "varopt/optim/transformation.hpp"

namespace varopt {

class ScaleBySchedule final : public GradientTransformation {
 public:
  explicit ScaleBySchedule(Schedule schedule);
  std::string name() const override { return "scale_by_schedule"; }
  void update(VecRef g) override;
  Json state() const override { return {{"step", step_}}; }
  void restore(const Json& state) override;
  std::unique_ptr<GradientTransformation> clone() const override {
    return std::make_unique<ScaleBySchedule>(*this);
  }
  double current_rate() const { return schedule_.at(step_); }

 private:
  Schedule schedule_;
  std::uint64_t step_ = 0;
};

class Trace final : public GradientTransformation {
 public:
  explicit Trace(double decay, bool nesterov = false);
  std::string name() const override { return nesterov_ ? "nesterov" : "momentum"; }
  void update(VecRef g) override;
  Json state() const override;
  void restore(const Json& state) override;
  std::unique_ptr<GradientTransformation> clone() const override {
    return std::make_unique<Trace>(*this);
  }

 private:
  double decay_;
  bool nesterov_;
  Vec velocity_;  // empty until the first update
};

struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  void validate() const;
};

class ScaleByAdam final : public GradientTransformation {
 public:
  explicit ScaleByAdam(AdamOptions options = {});
  std::string name() const override { return "adam"; }
  void update(VecRef g) override;
  Json state() const override;
  void restore(const Json& state) override;
  std::unique_ptr<GradientTransformation> clone() const override {
    return std::make_unique<ScaleByAdam>(*this);
  }

 private:
  AdamOptions options_;
  std::uint64_t step_ = 0;
  Vec first_moment_, second_moment_;  // empty until the first update
};

class ClipByNorm final : public GradientTransformation {
 public:
  explicit ClipByNorm(double max_norm);
  std::string name() const override { return "clip_by_norm"; }
  void update(VecRef g) override;
  Json state() const override { return Json::object(); }
  void restore(const Json&) override {}
  std::unique_ptr<GradientTransformation> clone() const override {
    return std::make_unique<ClipByNorm>(*this);
  }

 private:
  double max_norm_;
};

}  // namespace varopt
