#pragma once
// MPI for a program that may or may not be started by mpirun. MpiSession initializes MPI only
// when a launcher's environment says so (OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK), so the
// same `varopt` binary runs alone without an MPI runtime, and finalizes it at the end. The free
// functions describe MPI_COMM_WORLD and are safe to call whether MPI is active or not.
#include <cstdint>
#include <string>

namespace varopt::mpi {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);  // MPI_Init_thread (funneled) under a launcher
  ~MpiSession();                        // MPI_Finalize, when it initialized MPI
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

 private:
  bool initialized_ = false;
};

bool active();  // MPI is initialized and not finalized
int rank();     // 0 when inactive
int size();     // 1 when inactive
// Whether `flag` is true on any rank (a collective: every rank must call it); flag when inactive.
bool any(bool flag);
// The sum of `value` over the ranks (a collective); value when inactive.
std::int64_t sum(std::int64_t value);
// `text` of the highest rank whose text is not empty, on every rank ("" when all are empty; a
// collective); text when inactive.
std::string last_nonempty(const std::string& text);
// Ends every rank with exit code `code` (MPI_Abort); std::exit(code) when inactive.
[[noreturn]] void abort(int code);

}  // namespace varopt::mpi
