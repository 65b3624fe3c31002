#include <gtest/gtest.h>

#include <cmath>

#include "varopt/core/error.hpp"
#include "varopt/optim/optimizers.hpp"

namespace varopt {
namespace {

Vec run_steps(GradientTransformation& t, const Vec& g, int steps) {
  Vec out;
  for (int i = 0; i < steps; ++i) {
    out = g;
    t.update(out);
  }
  return out;
}

TEST(Optimizers, SgdIsMinusLearningRateTimesGradient) {
  Chain sgd = make_optimizer({.kind = OptimizerKind::sgd, .learning_rate = {.initial = 0.5}});
  Vec g(2);
  g << 2.0, -4.0;
  Vec step = g;
  sgd.update(step);
  EXPECT_DOUBLE_EQ(step[0], -1.0);
  EXPECT_DOUBLE_EQ(step[1], 2.0);
}

TEST(Optimizers, MomentumAccumulatesGeometrically) {
  Chain m = make_optimizer(
      {.kind = OptimizerKind::momentum, .learning_rate = {.initial = 1.0}, .momentum = 0.5});
  const Vec g = Vec::Ones(1);
  // v_t = Σ_{i<t} 0.5^i → after 3 steps 1 + 0.5 + 0.25.
  EXPECT_DOUBLE_EQ(run_steps(m, g, 3)[0], -1.75);
}

TEST(Optimizers, AdamFirstStepHasMagnitudeLearningRate) {
  // With bias correction the first Adam step is −γ g/(|g| + ε') ≈ −γ sign(g) for any scale of g.
  for (double scale : {1e-6, 1.0, 1e6}) {
    Chain adam = make_optimizer({.kind = OptimizerKind::adam, .learning_rate = {.initial = 0.1}});
    Vec g = Vec::Constant(3, scale);
    adam.update(g);
    EXPECT_NEAR(g[0], -0.1, 1e-3) << scale;
  }
}

TEST(Optimizers, ClipByNormBoundsTheGradient) {
  Chain c = make_optimizer(
      {.kind = OptimizerKind::sgd, .learning_rate = {.initial = 1.0}, .clip_norm = 1.0});
  Vec g(2);
  g << 3.0, 4.0;
  c.update(g);
  EXPECT_NEAR(g.norm(), 1.0, 1e-12);
  EXPECT_NEAR(g[0], -0.6, 1e-12);
}

TEST(Optimizers, SchedulesDecay) {
  const Schedule exp{.kind = Schedule::Kind::exponential, .initial = 1.0, .decay = 0.5, .floor = 0.2};
  EXPECT_DOUBLE_EQ(exp.at(0), 1.0);
  EXPECT_DOUBLE_EQ(exp.at(2), 0.25);
  EXPECT_DOUBLE_EQ(exp.at(3), 0.2);  // the floor
  const Schedule inv{.kind = Schedule::Kind::inverse_time, .initial = 1.0, .time_scale = 10};
  EXPECT_DOUBLE_EQ(inv.at(10), 0.5);
}

TEST(Optimizers, StateRoundTripContinuesIdentically) {
  for (const OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum,
                                   OptimizerKind::nesterov, OptimizerKind::adam}) {
    Chain a = make_optimizer({.kind = kind, .learning_rate = {.kind = Schedule::Kind::inverse_time,
                                                              .initial = 0.3}});
    Vec g = Vec::LinSpaced(4, -1.0, 2.0);
    run_steps(a, g, 5);
    Chain b = make_optimizer({.kind = kind, .learning_rate = {.kind = Schedule::Kind::inverse_time,
                                                              .initial = 0.3}});
    b.restore(Json::parse(a.state().dump()));
    EXPECT_EQ(run_steps(a, g, 3), run_steps(b, g, 3)) << name_of(kind);
  }
}

TEST(Optimizers, RestoreRejectsAnotherOptimizersState) {
  Chain adam = make_optimizer({.kind = OptimizerKind::adam});
  Chain sgd = make_optimizer({.kind = OptimizerKind::sgd});
  EXPECT_THROW(sgd.restore(adam.state()), FileError);
}

TEST(Optimizers, BadOptionsAreRejectedWithAClearMessage) {
  EXPECT_THROW(make_optimizer({.kind = OptimizerKind::sgd, .learning_rate = {.initial = -1}}),
               InvalidArgument);
  EXPECT_THROW(make_optimizer({.kind = OptimizerKind::momentum, .momentum = 1.0}), InvalidArgument);
  EXPECT_THROW(make_optimizer({.kind = OptimizerKind::sgd, .clip_norm = 0.0}), InvalidArgument);
  try {
    make_optimizer({.kind = OptimizerKind::nesterov, .momentum = -0.5});
    ADD_FAILURE() << "a momentum of -0.5 was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("a momentum in [0, 1)"), std::string::npos);
  }
}

}  // namespace
}  // namespace varopt
