#include "varopt/grad/disarm.hpp"

#include <cmath>

#include "varopt/dist/logistic.hpp"

namespace varopt {

double Disarm::stick_term(double f1, double f2, double, double phi, double b1, double b2) const {
  if (b1 == b2) return 0.0;
  return 0.5 * (f1 - f2) * (b2 == 1.0 ? -1.0 : 1.0) * sigmoid(std::abs(phi));
}

}  // namespace varopt
