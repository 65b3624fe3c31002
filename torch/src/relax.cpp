// Autograd functions over the fused relaxation kernels. Each works on a contiguous tensor with
// the classes in the last dimension; the public wrappers move `dim` there and back.
#include "varopt/torch/relax.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Dispatch.h>
#include <c10/core/WrapDimMinimal.h>
#include <torch/autograd.h>

#include <cmath>
#include <cstdint>
#include <mutex>
#include <span>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include "varopt/relax/gumbel_max.hpp"
#include "varopt/relax/gumbel_softmax.hpp"
#include "varopt/relax/relaxed_bernoulli.hpp"
#include "varopt/relax/straight_through.hpp"

namespace varopt::nn {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

template <class T>
std::span<const T> in(const at::Tensor& t) {
  return {t.data_ptr<T>(), static_cast<std::size_t>(t.numel())};
}

template <class T>
std::span<T> out(const at::Tensor& t) {
  if (!t.defined()) return {};
  return {t.data_ptr<T>(), static_cast<std::size_t>(t.numel())};
}

StreamId stream_of(std::uint64_t seed) { return StreamId{.seed = seed, .generation = 0, .member = 0}; }

void check_logits(const at::Tensor& t, const char* where, const char* name = "logits") {
  TORCH_CHECK(t.defined(), where, ": expected defined ", name);
  TORCH_CHECK(t.device().is_cpu(), where, ": expected ", name, " on the CPU, got ", t.device());
  TORCH_CHECK(t.scalar_type() == at::kFloat || t.scalar_type() == at::kDouble, where,
              ": expected float32 or float64 ", name, ", got ", t.scalar_type());
}

void check_tau(double tau, const char* where) {
  TORCH_CHECK(tau > 0.0 && std::isfinite(tau), where,
              ": expected temperature tau > 0 and finite, got ", tau);
}

// The engine enables grad mode during backward exactly when create_graph is set.
void forbid_double_backward(const char* where) {
  TORCH_CHECK(!at::GradMode::is_enabled(), where,
              ": double backward (create_graph = true) is not supported");
}

// An uninitialized output like `like`. Large outputs are often fresh memory (glibc serves blocks
// over 32 MiB with mmap, and trims its heap) that the kernels' first writes fault in page by
// page; asking for transparent huge pages first makes that 512 times fewer faults (outputs from
// 4 MiB, two huge pages, on; docs/relax.md, "Kernel decisions"). Only advice: without THP
// nothing changes.
at::Tensor empty_output(const at::Tensor& like) {
  at::Tensor t = at::empty_like(like, at::MemoryFormat::Contiguous);
#ifdef __linux__
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  const std::size_t bytes = t.nbytes();
  if (bytes >= 2 * huge) {
    const auto begin = reinterpret_cast<std::uintptr_t>(t.data_ptr());
    const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
    const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#endif
  return t;
}

// A tensor whose gradient the backward pass needs (else the forward may skip saving it).
at::Tensor saved_if(bool needed, const at::Tensor& like) {
  return needed ? empty_output(like) : at::Tensor();
}

constexpr const char* gumbel_softmax_name = "varopt::nn::gumbel_softmax";

// logits and gumbels (none: noise from `seed`): contiguous, classes last. (Function::apply
// takes no undefined tensors; an empty optional is not an input of the graph.)
struct GumbelSoftmaxFunction : torch::autograd::Function<GumbelSoftmaxFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits,
                            const c10::optional<at::Tensor>& gumbels, double tau, bool hard,
                            std::uint64_t seed) {
    const bool needs_grad =
        logits.requires_grad() || (gumbels.has_value() && gumbels->requires_grad());
    const std::int64_t classes = logits.size(-1);
    at::Tensor y = empty_output(logits);
    const at::Tensor soft = hard ? saved_if(needs_grad, logits) : y;
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), gumbel_softmax_name, [&] {
      const relax::GumbelNoise<scalar_t> noise =
          gumbels.has_value() ? relax::GumbelNoise<scalar_t>(in<scalar_t>(*gumbels))
                            : relax::GumbelNoise<scalar_t>(stream_of(seed));
      if (hard) {
        relax::gumbel_softmax_hard<scalar_t>(in<scalar_t>(logits), classes, tau, noise,
                                             out<scalar_t>(y), out<scalar_t>(soft));
      } else {
        relax::gumbel_softmax<scalar_t>(in<scalar_t>(logits), classes, tau, noise,
                                        out<scalar_t>(y));
      }
    });
    ctx->saved_data["tau"] = tau;
    ctx->saved_data["has_gumbels"] = gumbels.has_value();
    ctx->save_for_backward({soft});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    forbid_double_backward(gumbel_softmax_name);
    const at::Tensor soft = ctx->get_saved_variables()[0];
    const double tau = ctx->saved_data["tau"].toDouble();
    const at::Tensor v = grad_outputs[0].contiguous();
    at::Tensor grad = empty_output(soft);
    AT_DISPATCH_FLOATING_TYPES(soft.scalar_type(), gumbel_softmax_name, [&] {
      relax::gumbel_softmax_backward<scalar_t>(in<scalar_t>(soft), in<scalar_t>(v),
                                               soft.size(-1), tau, out<scalar_t>(grad));
    });
    // s = θ + G: the noise, when given, gets the same gradient as the logits.
    const at::Tensor grad_gumbels = ctx->saved_data["has_gumbels"].toBool() ? grad : at::Tensor();
    return {grad, grad_gumbels, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

at::Tensor classes_last(const at::Tensor& t, std::int64_t dim) {
  return t.movedim(dim, -1).contiguous();
}

at::Tensor gumbel_softmax_along(const at::Tensor& logits, const at::Tensor& gumbels, double tau,
                                bool hard, std::int64_t dim, std::uint64_t seed) {
  check_logits(logits, gumbel_softmax_name);
  check_tau(tau, gumbel_softmax_name);
  if (gumbels.defined()) {
    check_logits(gumbels, gumbel_softmax_name, "gumbels");
    TORCH_CHECK(gumbels.sizes() == logits.sizes() && gumbels.scalar_type() == logits.scalar_type(),
                gumbel_softmax_name, ": expected gumbels of the logits' shape ", logits.sizes(),
                " and type ", logits.scalar_type(), ", got ", gumbels.sizes(), " ",
                gumbels.scalar_type());
  }
  if (logits.dim() == 0) {
    const auto one = [](const at::Tensor& t) { return t.defined() ? t.reshape({1}) : t; };
    return gumbel_softmax_along(one(logits), one(gumbels), tau, hard,
                                c10::maybe_wrap_dim(dim, 1), seed)
        .reshape({});
  }
  const std::int64_t d = c10::maybe_wrap_dim(dim, logits.dim());
  if (logits.numel() == 0) return logits.clone();
  const at::Tensor x = classes_last(logits, d);
  c10::optional<at::Tensor> g;
  if (gumbels.defined()) g = classes_last(gumbels, d);
  return GumbelSoftmaxFunction::apply(x, g, tau, hard, seed).movedim(-1, d).contiguous();
}

constexpr const char* relaxed_bernoulli_name = "varopt::nn::relaxed_bernoulli";

// logits contiguous.
struct RelaxedBernoulliFunction : torch::autograd::Function<RelaxedBernoulliFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits, double tau,
                            bool hard, std::uint64_t seed) {
    at::Tensor y = empty_output(logits);
    const at::Tensor soft = hard ? saved_if(logits.requires_grad(), logits) : y;
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), relaxed_bernoulli_name, [&] {
      if (hard) {
        relax::relaxed_bernoulli_hard<scalar_t>(in<scalar_t>(logits), tau, stream_of(seed),
                                                out<scalar_t>(y), out<scalar_t>(soft));
      } else {
        relax::relaxed_bernoulli<scalar_t>(in<scalar_t>(logits), tau, stream_of(seed),
                                           out<scalar_t>(y));
      }
    });
    ctx->saved_data["tau"] = tau;
    ctx->save_for_backward({soft});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    forbid_double_backward(relaxed_bernoulli_name);
    const at::Tensor soft = ctx->get_saved_variables()[0];
    const double tau = ctx->saved_data["tau"].toDouble();
    const at::Tensor v = grad_outputs[0].contiguous();
    at::Tensor grad = empty_output(soft);
    AT_DISPATCH_FLOATING_TYPES(soft.scalar_type(), relaxed_bernoulli_name, [&] {
      relax::relaxed_bernoulli_backward<scalar_t>(in<scalar_t>(soft), in<scalar_t>(v), tau,
                                                  out<scalar_t>(grad));
    });
    return {grad, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

constexpr const char* straight_through_name = "varopt::nn::straight_through_bernoulli";

// logits contiguous.
struct StraightThroughBernoulliFunction
    : torch::autograd::Function<StraightThroughBernoulliFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits, std::uint64_t seed) {
    at::Tensor b = empty_output(logits);
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), straight_through_name, [&] {
      relax::bernoulli_sample<scalar_t>(in<scalar_t>(logits), stream_of(seed), out<scalar_t>(b));
    });
    ctx->save_for_backward({logits});
    return b;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    forbid_double_backward(straight_through_name);
    const at::Tensor logits = ctx->get_saved_variables()[0];
    const at::Tensor v = grad_outputs[0].contiguous();
    at::Tensor grad = empty_output(logits);
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), straight_through_name, [&] {
      relax::straight_through_bernoulli_backward<scalar_t>(in<scalar_t>(logits),
                                                           in<scalar_t>(v), out<scalar_t>(grad));
    });
    return {grad, at::Tensor()};
  }
};

}  // namespace

std::uint64_t draw_seed(c10::optional<at::Generator> generator) {
  auto* gen = at::get_generator_or_default<at::CPUGeneratorImpl>(
      generator, at::detail::getDefaultCPUGenerator());
  const std::lock_guard<std::mutex> lock(gen->mutex_);
  return gen->random64();
}

at::Tensor gumbel_softmax(const at::Tensor& logits, double tau, bool hard, std::int64_t dim,
                          c10::optional<at::Generator> generator) {
  check_logits(logits, gumbel_softmax_name);
  check_tau(tau, gumbel_softmax_name);
  return gumbel_softmax_along(logits, at::Tensor(), tau, hard, dim, draw_seed(generator));
}

at::Tensor gumbel_softmax_with_noise(const at::Tensor& logits, const at::Tensor& gumbels,
                                     double tau, bool hard, std::int64_t dim) {
  TORCH_CHECK(gumbels.defined(), gumbel_softmax_name, ": expected defined gumbels");
  return gumbel_softmax_along(logits, gumbels, tau, hard, dim, 0);
}

at::Tensor gumbel_max(const at::Tensor& logits, std::int64_t dim,
                      c10::optional<at::Generator> generator) {
  constexpr const char* where = "varopt::nn::gumbel_max";
  check_logits(logits, where);
  const std::uint64_t seed = draw_seed(generator);
  if (logits.dim() == 0) {
    c10::maybe_wrap_dim(dim, 1);
    return at::zeros({}, logits.options().dtype(at::kLong));
  }
  const std::int64_t d = c10::maybe_wrap_dim(dim, logits.dim());
  TORCH_CHECK(logits.size(d) > 0, where, ": expected at least one class along dim ", d);
  const at::Tensor x = classes_last(logits.detach(), d);
  std::vector<std::int64_t> sizes = x.sizes().vec();
  sizes.pop_back();
  at::Tensor index = at::empty(sizes, x.options().dtype(at::kLong));
  if (x.numel() == 0) return index;
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), where, [&] {
    relax::gumbel_max<scalar_t>(in<scalar_t>(x), x.size(-1), stream_of(seed),
                                out<std::int64_t>(index));
  });
  return index;
}

at::Tensor relaxed_bernoulli(const at::Tensor& logits, double tau, bool hard,
                             c10::optional<at::Generator> generator) {
  check_logits(logits, relaxed_bernoulli_name);
  check_tau(tau, relaxed_bernoulli_name);
  const std::uint64_t seed = draw_seed(generator);
  return RelaxedBernoulliFunction::apply(logits.contiguous(), tau, hard, seed);
}

at::Tensor straight_through_bernoulli(const at::Tensor& logits,
                                      c10::optional<at::Generator> generator) {
  check_logits(logits, straight_through_name);
  const std::uint64_t seed = draw_seed(generator);
  return StraightThroughBernoulliFunction::apply(logits.contiguous(), seed);
}

}  // namespace varopt::nn
