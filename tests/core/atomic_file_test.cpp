// write_file_atomically: replaces a regular file or creates one, never anything else at the path;
// its messages name the path given, never the temporary file; it removes the temporary files of
// writers that died before their rename. require_atomically_writable refuses what the write would
// refuse and leaves the directory as it was.
#include "varopt/core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"

namespace varopt {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("varopt_atomic_file_test_" + std::to_string(::getpid()) + "_" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string refusal(const fs::path& path) {
    try {
      write_file_atomically(path, "new");
    } catch (const FileError& e) {
      return e.what();
    }
    return "written";
  }
  fs::path dir_;
};

TEST_F(AtomicFile, CreatesAndReplacesARegularFile) {
  write_file_atomically(dir_ / "f.json", "old");
  write_file_atomically(dir_ / "f.json", "new");
  EXPECT_EQ(read_file(dir_ / "f.json"), "new");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFile, NeverReplacesWhatIsNotARegularFile) {
  std::ofstream(dir_ / "target") << "kept";
  fs::create_symlink(dir_ / "target", dir_ / "link");
  EXPECT_EQ(refusal(dir_ / "link"), "cannot replace '" + (dir_ / "link").string() +
                                        "': expected a regular file, got a symbolic link");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  EXPECT_EQ(read_file(dir_ / "target"), "kept");
  fs::create_directory(dir_ / "dir");
  EXPECT_NE(refusal(dir_ / "dir").find("got a directory"), std::string::npos);
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_NE(refusal(dir_ / "fifo").find("got a fifo"), std::string::npos);
  EXPECT_TRUE(fs::is_fifo(dir_ / "fifo"));
}

TEST_F(AtomicFile, MessagesNameThePathNotTheTemporaryFile) {
  const fs::path path = dir_ / "missing" / "f.json";
  EXPECT_EQ(refusal(path), "cannot create '" + path.string() + "': No such file or directory");
}

TEST_F(AtomicFile, RemovesTheTemporaryFilesOfDeadWritersOnly) {
  const std::string dead = "f.json.tmp.999999999";  // above any pid_max; the parent runs
  const std::vector<std::string> kept = {"f.json.tmp." + std::to_string(::getppid()),
                                         "f.json.tmp.1", "f.json.tmp.x", "g.json.tmp.999999999"};
  std::ofstream(dir_ / dead) << "left";
  for (const auto& name : kept) std::ofstream(dir_ / name) << "left";
  write_file_atomically(dir_ / "f.json", "new");
  EXPECT_FALSE(fs::exists(dir_ / dead));
  for (const auto& name : kept) EXPECT_TRUE(fs::exists(dir_ / name)) << name;
}

TEST_F(AtomicFile, TryingAPathLeavesNothingBehindAndRefusesWhatTheWriteRefuses) {
  require_atomically_writable(dir_ / "absent.json");
  EXPECT_FALSE(fs::exists(dir_ / "absent.json"));
  std::ofstream(dir_ / "kept.json") << "kept";
  require_atomically_writable(dir_ / "kept.json");
  EXPECT_EQ(read_file(dir_ / "kept.json"), "kept");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  const auto refusal_of_try = [](const fs::path& path) -> std::string {
    try {
      require_atomically_writable(path);
    } catch (const FileError& e) {
      return e.what();
    }
    return "accepted";
  };
  for (const fs::path& path : {dir_ / "missing" / "f.json", fs::path(dir_)})
    EXPECT_EQ(refusal_of_try(path), refusal(path)) << path;
}

}  // namespace
}  // namespace varopt
