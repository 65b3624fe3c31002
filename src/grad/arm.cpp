#include "varopt/grad/arm.hpp"

namespace varopt {

double Arm::stick_term(double f1, double f2, double u, double, double, double) const {
  return (f1 - f2) * (u - 0.5);
}

}  // namespace varopt
