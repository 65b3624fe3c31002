// The runtime ECDF figure of a benchmark (plot/ecdf_figure.hpp) on hand-made runs.
#include "varopt/plot/ecdf_figure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/run_records.hpp"
#include "varopt/core/error.hpp"

namespace varopt::plot {
namespace {

using testing::hand_made_run;

TEST(EcdfFigure, HasAPanelPerDimensionAndAStepLinePerMethod) {
  std::vector<bench::RunRecord> runs = {hand_made_run({10}, 10, 2),
                                        hand_made_run({std::nullopt}, 200, 2),
                                        hand_made_run({50}, 50, 5)};
  runs[1].method = "other";
  const Figure f = ecdf_figure(runs, {"m", "other"}, 1e2);
  f.validate();
  ASSERT_EQ(f.panels.size(), 2u);
  EXPECT_EQ(f.panels[0].title, "d = 2");
  EXPECT_EQ(f.panels[0].series.size(), 2u);
  EXPECT_EQ(f.panels[1].series.size(), 1u);  // "other" has no run at d = 5
  // m at d = 2: (0, 0), (log10 5, 1), then the plateau to log10(100) = 2.
  const Vec& x = f.data.column("d2_m_x");
  const Vec& y = f.data.column("d2_m_y");
  ASSERT_EQ(x.size(), 3);
  EXPECT_DOUBLE_EQ(x[1], std::log10(5.0));
  EXPECT_DOUBLE_EQ(y[1], 1.0);
  EXPECT_DOUBLE_EQ(x[2], 2.0);
  EXPECT_DOUBLE_EQ(f.data.column("d2_other_y")[1], 0.0);
  EXPECT_THROW(ecdf_figure(runs, {"absent"}, 1e2), InvalidArgument);
}

}  // namespace
}  // namespace varopt::plot
