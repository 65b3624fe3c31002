#include "varopt/mpi/mpi_world.hpp"

#include <mpi.h>

#include <cstdlib>
#include <initializer_list>

namespace varopt::mpi {
namespace {

bool launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpirun() || active()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  // Errors return codes instead of aborting, so that they become exceptions with messages.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  initialized_ = true;
}

MpiSession::~MpiSession() {
  if (initialized_ && active()) MPI_Finalize();
}

bool active() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

int rank() {
  if (!active()) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  if (!active()) return 1;
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

bool any(bool flag) {
  if (!active()) return flag;
  int local = flag ? 1 : 0, global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  return global != 0;
}

std::int64_t sum(std::int64_t value) {
  if (!active()) return value;
  std::int64_t total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

std::string last_nonempty(const std::string& text) {
  if (!active()) return text;
  int mine = text.empty() ? -1 : rank(), owner = -1;
  MPI_Allreduce(&mine, &owner, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (owner < 0) return "";
  std::string out = text;
  auto length = static_cast<std::int64_t>(out.size());
  MPI_Bcast(&length, 1, MPI_INT64_T, owner, MPI_COMM_WORLD);
  out.resize(static_cast<std::size_t>(length));
  MPI_Bcast(out.data(), static_cast<int>(length), MPI_CHAR, owner, MPI_COMM_WORLD);
  return out;
}

void abort(int code) {
  if (active()) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace varopt::mpi
