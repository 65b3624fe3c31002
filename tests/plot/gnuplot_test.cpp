// The gnuplot runner: the script it writes, the images it makes, its errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/plot/gnuplot.hpp"

namespace varopt::plot {
namespace {

namespace fs = std::filesystem;

Figure two_panel_figure() {
  Figure figure;
  figure.title = "It's a test";  // a quote, escaped as '' in gnuplot strings
  const Vec x = Vec::LinSpaced(20, 0.1, 2.0);
  figure.data.add("x", x);
  figure.data.add("y", x.array().square());
  figure.data.add("err", Vec::Constant(20, 0.1));
  figure.panels.push_back({.title = "square",
                           .x_label = "x axis",
                           .y_label = "y axis",
                           .series = {{.x = "x", .y = "y", .title = "x²"},
                                      {.x = "x", .y = "y", .y_error = "err", .title = "with errors",
                                       .style = "yerrorbars"}}});
  figure.panels.push_back({.title = "log",
                           .x_label = "x",
                           .y_label = "y",
                           .log_y = true,
                           .series = {{.x = "x", .y = "y", .title = "x² (log)", .dash = "2",
                                       .color = "#123456"}}});
  return figure;
}

std::string head(const fs::path& path, std::size_t n) { return read_file(path).substr(0, n); }

class PlotDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("varopt_gnuplot_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST(GnuplotScript, HasLabelsLegendTitlesBothTerminalsAndEscapedQuotes) {
  const std::string script = gnuplot_script(two_panel_figure(), "/d/f.csv", "/d/f.png", "/d/f.svg");
  for (const char* part : {"set terminal pngcairo", "set terminal svg", "set output '/d/f.png'",
                           "set output '/d/f.svg'", "set multiplot layout 2,1 title 'It''s a test'",
                           "set xlabel 'x axis'", "set ylabel 'y axis'", "set logscale y",
                           "'/d/f.csv' skip 1 using 1:2 with lines lt 1 lw 2 title 'x²'",
                           "using 1:2:3 with yerrorbars lt 2", "lc rgb '#123456'", "dt 2"}) {
    EXPECT_NE(script.find(part), std::string::npos) << part << "\n" << script;
  }
}

TEST(GnuplotFigure, ValidateRejectsBadFigures) {
  EXPECT_THROW(Figure{}.validate(), InvalidArgument);
  Figure unknown = two_panel_figure();
  unknown.panels[0].series[0].y = "z";
  EXPECT_THROW(unknown.validate(), InvalidArgument);
  Figure no_error_style = two_panel_figure();
  no_error_style.panels[0].series[1].style = "lines";
  EXPECT_THROW(no_error_style.validate(), InvalidArgument);
  Figure bad_color = two_panel_figure();
  bad_color.panels[1].series[0].color = "red";
  EXPECT_THROW(bad_color.validate(), InvalidArgument);
  Figure injection = two_panel_figure();
  injection.panels[0].key = "top'; system 'rm";
  EXPECT_THROW(injection.validate(), InvalidArgument);
  Figure empty_panel = two_panel_figure();
  empty_panel.panels[1].series.clear();
  EXPECT_THROW(empty_panel.validate(), InvalidArgument);
  EXPECT_NO_THROW(two_panel_figure().validate());
}

TEST_F(PlotDir, RendersNonEmptyPngAndSvg) {
  if (!gnuplot_available()) GTEST_SKIP() << "gnuplot not installed (Debian: gnuplot-nox)";
  const RenderedFigure out = render_figure(two_panel_figure(), dir_ / "sub", "test_figure");
  EXPECT_EQ(out.png, fs::absolute(dir_ / "sub" / "test_figure.png"));
  EXPECT_EQ(head(out.png, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_GT(fs::file_size(out.png), 1000u);
  const std::string svg = read_file(out.svg);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("x axis"), std::string::npos);
  EXPECT_EQ(head(out.csv, 9), "x,y,err\n0");
  EXPECT_FALSE(fs::exists(dir_ / "sub" / "test_figure.gnuplot.log"));
}

TEST_F(PlotDir, WithoutRunningGnuplotWritesDataAndScriptOnly) {
  const RenderedFigure out =
      render_figure(two_panel_figure(), dir_, "data", {.executable = "/nonexistent/gnuplot", .run = false});
  EXPECT_TRUE(out.png.empty());
  EXPECT_TRUE(out.svg.empty());
  EXPECT_EQ(head(out.csv, 8), "x,y,err\n");
  EXPECT_NE(read_file(out.script).find("set output '" + (fs::absolute(dir_) / "data.png").string()),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "data.png"));
}

TEST_F(PlotDir, MissingGnuplotIsAFileError) {
  try {
    (void)render_figure(two_panel_figure(), dir_, "f", {.executable = "/nonexistent/gnuplot"});
    ADD_FAILURE();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot-nox"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(gnuplot_available({.executable = "no-such-gnuplot-program"}));
}

TEST_F(PlotDir, FailingGnuplotIsAFileError) {
  // `false` exits with status 1 and writes nothing: the error names the status.
  if (!gnuplot_available({.executable = "false"})) GTEST_SKIP() << "no `false` on PATH";
  try {
    (void)render_figure(two_panel_figure(), dir_, "f", {.executable = "false"});
    ADD_FAILURE();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("exited with status 1"), std::string::npos) << e.what();
  }
  // `true` succeeds but makes no image.
  try {
    (void)render_figure(two_panel_figure(), dir_, "f", {.executable = "true"});
    ADD_FAILURE();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("did not write"), std::string::npos) << e.what();
  }
}

TEST_F(PlotDir, RejectsBadStems) {
  EXPECT_THROW(render_figure(two_panel_figure(), dir_, ""), InvalidArgument);
  EXPECT_THROW(render_figure(two_panel_figure(), dir_, "a/b"), InvalidArgument);
}

}  // namespace
}  // namespace varopt::plot
