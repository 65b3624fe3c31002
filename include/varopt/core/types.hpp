#pragma once
// Common numeric types. Every point θ of a search space, continuous or discrete, is a Vec
// (discrete values are stored as integer-valued doubles), so one solver serves every space.
#include <Eigen/Core>

namespace varopt {

using Scalar = double;
using Index = Eigen::Index;
using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;
using VecRef = Eigen::Ref<Vec>;
using ConstVecRef = Eigen::Ref<const Vec>;
using MatRef = Eigen::Ref<Mat>;
using ConstMatRef = Eigen::Ref<const Mat>;

}  // namespace varopt
