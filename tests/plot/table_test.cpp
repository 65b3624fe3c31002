// Tables: CSV output, JSON-lines input, run logs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "varopt/core/atomic_file.hpp"
#include "varopt/core/error.hpp"
#include "varopt/plot/run_log.hpp"
#include "varopt/plot/table.hpp"

namespace varopt::plot {
namespace {

namespace fs = std::filesystem;

class TempDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("varopt_table_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

TEST(Table, CsvHasHeaderRoundTripNumbersAndPadsWithNaN) {
  Table t;
  Vec a(3);
  a << 0.1, -2.5e-300, 1.0 / 3.0;
  Vec b(2);
  b << std::nan(""), 7;
  t.add("a", a);
  t.add("b", b);
  EXPECT_EQ(t.rows(), 3);
  EXPECT_EQ(t.position("b"), 2);
  EXPECT_TRUE(t.has("a"));
  EXPECT_FALSE(t.has("c"));
  EXPECT_EQ(t.to_csv(), "a,b\n0.1,NaN\n-2.5e-300,7\n0.3333333333333333,NaN\n");
  EXPECT_EQ(std::stod("0.3333333333333333"), 1.0 / 3.0);
}

TEST(Table, RejectsBadColumnNamesAndUnknownColumns) {
  Table t;
  t.add("x", Vec::Zero(2));
  EXPECT_THROW(t.add("x", Vec::Zero(2)), InvalidArgument);
  EXPECT_THROW(t.add("", Vec::Zero(2)), InvalidArgument);
  EXPECT_THROW(t.add("a,b", Vec::Zero(2)), InvalidArgument);
  try {
    (void)t.column("y");
    ADD_FAILURE();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("expected one of {x}, got 'y'"), std::string::npos);
  }
}

TEST_F(TempDir, WriteCsv) {
  Table t;
  t.add("x", Vec::LinSpaced(2, 0, 1));
  write_csv(t, dir_ / "t.csv");
  EXPECT_EQ(read_file(dir_ / "t.csv"), "x\n0\n1\n");
}

TEST_F(TempDir, JsonLinesSkipsForeignRecordsAndReadsNullAsNaN) {
  const fs::path p = write("log.jsonl",
                           "{\"event\":\"start\",\"seed\":3}\n"
                           "{\"generation\":1,\"best_f\":2.5,\"spread\":1}\n"
                           "\n"
                           "{\"generation\":2,\"best_f\":null,\"spread\":0.5,\"extra\":\"x\"}\n");
  const Table t = read_json_lines(p, {"generation", "best_f", "spread", "mean_f"}, "generation");
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.column("generation")[1], 2);
  EXPECT_EQ(t.column("best_f")[0], 2.5);
  EXPECT_TRUE(std::isnan(t.column("best_f")[1]));
  EXPECT_TRUE(std::isnan(t.column("mean_f")[0]));
}

TEST_F(TempDir, JsonLinesErrorsNameTheFileAndLine) {
  const fs::path bad = write("bad.jsonl", "{\"generation\":1}\n{oops\n");
  try {
    (void)read_json_lines(bad, {"generation"}, "generation");
    ADD_FAILURE();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.jsonl:2: expected one JSON object per line"), std::string::npos)
        << e.what();
  }
  const fs::path text = write("text.jsonl", "{\"generation\":\"one\"}\n");
  EXPECT_THROW(read_json_lines(text, {"generation"}, "generation"), FileError);
  EXPECT_THROW(read_json_lines(dir_ / "missing.jsonl", {"generation"}, "generation"), FileError);
}

TEST_F(TempDir, RunLogRoundTripsGenerationRecords) {
  std::vector<GenerationRecord> records(3);
  std::string lines;
  for (int i = 0; i < 3; ++i) {
    records[i] = {.generation = i + 1, .evaluations = 8 * (i + 1), .best_f = 1.0 / (i + 1),
                  .mean_f = 2.0 / (i + 1), .spread = std::pow(0.5, i)};
    lines += records[i].to_json().dump() + "\n";
  }
  const Table from_file = read_run_log(write("run.jsonl", lines));
  const Table direct = run_table(records);
  EXPECT_EQ(from_file.names(), run_log_fields());
  EXPECT_EQ(direct.names(), run_log_fields());
  for (const auto& name : run_log_fields()) EXPECT_EQ(from_file.column(name), direct.column(name)) << name;
  EXPECT_EQ(direct.column("spread")[2], 0.25);
}

TEST_F(TempDir, RunLogNeedsGenerationRecordsWithTheCoreFields) {
  EXPECT_THROW(read_run_log(write("empty.jsonl", "{\"event\":\"summary\"}\n")), FileError);
  try {
    (void)read_run_log(write("nospread.jsonl", "{\"generation\":1,\"evaluations\":4,\"best_f\":1}\n"));
    ADD_FAILURE();
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a number in field \"spread\""), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace varopt::plot
