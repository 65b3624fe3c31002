// A varopt worker in C++ (protocol varopt-worker/1, docs/workers.md): the lecture's 1-D function
// f(x) = x²/10 + sin 3x (global minimum ≈ −0.9730 at x ≈ −0.5120), summed over the coordinates
// of block "x" (a number, or an array of numbers). Answers plain and batch requests.
//
//   lecture_1d_worker [--sleep-ms N]     N: milliseconds to sleep per point (benchmarks)
//
// One JSON line in, one JSON line out, flushed; a point without a usable "x" gets an
// {"error": ...} answer, a line that is not JSON ends the worker (varopt restarts it).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

using Json = nlohmann::json;

namespace {

double lecture_1d(double x) { return x * x / 10 + std::sin(3 * x); }

Json error(Json out, const char* message) {
  out["error"] = message;
  return out;
}

Json answer(const Json& request, int sleep_ms) {
  Json out = {{"id", request.at("id")}};
  if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  const auto x = request.at("x").find("x");
  if (x == request.at("x").end()) return error(out, "no block 'x' in the point");
  double f = 0;
  if (x->is_number()) {
    f = lecture_1d(x->get<double>());
  } else if (x->is_array()) {
    for (const auto& v : *x) {
      if (!v.is_number()) return error(out, "block 'x' holds a value that is not a number");
      f += lecture_1d(v.get<double>());
    }
  } else {
    return error(out, "block 'x' is not a number");
  }
  out["f"] = f;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int sleep_ms = 0;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--sleep-ms") == 0) sleep_ms = std::atoi(argv[i + 1]);
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    const Json request = Json::parse(line, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
      std::cerr << "lecture_1d_worker: not a JSON object request\n";
      return 1;
    }
    Json reply;
    try {
      if (const auto batch = request.find("batch"); batch != request.end()) {
        reply["batch"] = Json::array();
        for (const auto& r : *batch) reply["batch"].push_back(answer(r, sleep_ms));
      } else {
        reply = answer(request, sleep_ms);
      }
    } catch (const Json::exception& e) {  // no id, or x not an object: nothing to answer to
      std::cerr << "lecture_1d_worker: malformed request: " << e.what() << '\n';
      return 1;
    }
    std::cout << reply.dump() << '\n' << std::flush;
  }
  return 0;
}
