#pragma once
// Writes a file atomically: the content goes to a temporary file in the same directory, is
// flushed to disk, then renamed over the target. A crash leaves the old file or the new one,
// never a torn one (POSIX rename is atomic within a file system); the temporary file of a writer
// killed before its rename ("<path>.tmp.<pid>") is removed by the next write of the path.
#include <filesystem>
#include <string>

namespace varopt {

// Throws FileError naming the path on any failure, or when something else than a regular file is
// at path (a symbolic link, a device, a directory, a fifo: never replaced); the target is
// untouched then.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);
// Throws the FileError write_file_atomically(path, ...) would throw for a missing or read-only
// directory or for something else than a regular file at path, by creating and removing its
// temporary file; path itself is untouched. For outputs written only at the end of a long run.
void require_atomically_writable(const std::filesystem::path& path);
// Throws FileError naming the path when it cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace varopt
