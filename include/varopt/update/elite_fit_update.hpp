#pragma once
// The elite-fit update rule (see update_rule.hpp): ψ' = ψ*, the maximum-likelihood fit of the
// distribution to the best μ members, smoothed towards the current ψ by α in expectation
// parameters (grad/elite_fit.hpp has the fits):
//   PBIL (Baluja 1994): μ = 1;   CEM (de Boer et al. 2005): μ = ⌈ρλ⌉, ρ ≈ 0.1.
// The smoothing α is the rule's own step size: no optimizer is involved, so ψ' lands exactly on
// ψ*. Ties in f keep the members' order (a stable sort). The rule has no state.
#include "varopt/grad/elite_fit.hpp"
#include "varopt/update/update_rule.hpp"

namespace varopt {

class EliteFitUpdate final : public UpdateRule {
 public:
  // Throws InvalidArgument on bad options (EliteFitOptions::validate).
  explicit EliteFitUpdate(EliteFitOptions options);
  std::string name() const override;
  MinimumPopulation min_population(bool) const override {
    return {options_.elite, "it fits the best " + std::to_string(options_.elite) + " members"};
  }
  UpdateStep update(const Population& population, const Evaluations& evaluations,
                    Vec& next) override;
  Json state() const override { return Json::object(); }
  void restore(const Json& state) override;
  std::unique_ptr<UpdateRule> clone() const override {
    return std::make_unique<EliteFitUpdate>(*this);
  }
  const EliteFitOptions& options() const { return options_; }

 private:
  EliteFitOptions options_;
};

}  // namespace varopt
