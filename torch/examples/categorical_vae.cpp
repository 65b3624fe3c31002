// A categorical VAE on the 8×8 handwritten digits (the UCI set that ships with scikit-learn,
// read at run time from Debian's python3-sklearn), trained three ways, compared by the negative
// ELBO (Jang, Gu & Poole 2017, "Categorical Reparameterization with Gumbel-Softmax", §4.2):
//
//   q(z|x) = Π_k Cat(z_k; softmax(enc(x)_k)),  k = 1..K (K = 20 variables, C = 10 categories)
//   p(z)   = uniform over the C^K codes,  p(x|z) = Π_j Bernoulli(x_j; p_j), p_j = σ(dec(z)_j)
//   −ELBO(x) = E_q[−log p(x|z)] + KL(q(z|x) ‖ p(z)),   KL = Σ_k Σ_c q_kc log(C q_kc)  (closed form)
//
// Gradient of the reconstruction term E_q[−log p(x|z)]:
//   gumbel-softmax     z = softmax((θ + G)/τ), relaxed, autograd through varopt::nn::gumbel_softmax
//   st-gumbel-softmax  z = one_hot(argmax(θ + G)) forward, the relaxed gradient backward
//   score-function     z ~ q exactly; decoder by the sampled z, encoder by REINFORCE
//                      (f − b) ∇ log q(z|x), f = −log p(x|z), b a moving average of f over
//                      earlier batches (independent of z, so unbiased; Williams 1992)
// The KL term is differentiated exactly in all three. τ follows varopt's exponential schedule
// τ_t = max(τ_min, τ₀ exp(−r N⌊t/N⌋)) (relax/temperature_schedule.hpp).
//
// Defaults: encoder 64 → 256 → K·C and decoder K·C → 256 → 64 (ReLU), Adam with step 3e-3,
// batch 32, 30 epochs, τ from 1 down to τ_min = 0.5 (r = 3e-4, N = 100 steps), b's decay 0.9.
//
// Evaluation, identical for every estimator: −ELBO with hard samples, E_q by the mean over
// `eval_samples` exact categorical draws per image (varopt::nn::gumbel_max) from a generator
// seeded the same at every evaluation, so all curves use common random numbers.
//
// Pixels (0..16) are binarized at 8 (x = 1 when pixel ≥ 8), so p(x|z) is a proper Bernoulli
// likelihood and −ELBO an upper bound on −log p(x) in nats per image. Images with index ≡ 0
// (mod 5) form the test set (360), the others the training set (1437).
//
//   categorical_vae OUT_DIR [--small] [--epochs N] [--batch B] [--learning-rate R] [--hidden H]
//                   [--eval-samples S] [--seed S] [--data PATH]
//
// Writes OUT_DIR/categorical_vae.csv (−ELBO per estimator and epoch) and, with gnuplot,
// categorical_vae.{gp,png,svg}. --small (the test): 200 training and 100 test images, 8 epochs
// (fewer with --epochs) of batch 50; exits 1 unless −ELBO on the training images decreased for
// every estimator. Exits 77 (CTest's skip code) when the default digits file is missing, 2 on bad
// arguments. Results are reproducible for a given torch thread count. See docs/relaxation.md.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>
#include <zlib.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "varopt/core/error.hpp"
#include "varopt/plot/gnuplot.hpp"
#include "varopt/relax/temperature_schedule.hpp"
#include "varopt/torch/relax.hpp"

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {

constexpr const char* kDigitsPath =
    "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
constexpr int kMissingData = 77;

struct Options {
  fs::path out_dir;
  fs::path data = kDigitsPath;
  bool small = false;
  std::int64_t train_limit = 0;  // 0: all training images
  std::int64_t test_limit = 0;
  std::int64_t epochs = 30;
  std::int64_t batch = 32;
  std::int64_t variables = 20;   // K
  std::int64_t categories = 10;  // C
  std::int64_t hidden = 256;
  double learning_rate = 3e-3;  // Adam
  varopt::relax::ExponentialTemperature temperature{
      .initial = 1.0, .minimum = 0.5, .rate = 3e-4, .every = 100};
  double baseline_decay = 0.9;  // score function: b ← decay·b + (1 − decay)·mean f
  std::int64_t eval_samples = 4;
  std::uint64_t seed = 1;
};

// The number after option args[i] (which advances i); InvalidArgument when missing or malformed.
template <class T>
T number_after(const std::vector<std::string>& args, std::size_t& i) {
  const std::string& name = args[i];
  varopt::require(i + 1 < args.size(), "categorical_vae", "a value after " + name, "none");
  const std::string& text = args[++i];
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  varopt::require(error == std::errc() && end == text.data() + text.size(), "categorical_vae",
                  "a number after " + name, "'" + text + "'");
  return value;
}

Options parse(int argc, char** argv) {
  Options o;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--small") {
      o.small = true;
    } else if (args[i] == "--epochs") {
      o.epochs = number_after<std::int64_t>(args, i);
    } else if (args[i] == "--learning-rate") {
      o.learning_rate = number_after<double>(args, i);
    } else if (args[i] == "--hidden") {
      o.hidden = number_after<std::int64_t>(args, i);
    } else if (args[i] == "--eval-samples") {
      o.eval_samples = number_after<std::int64_t>(args, i);
    } else if (args[i] == "--batch") {
      o.batch = number_after<std::int64_t>(args, i);
    } else if (args[i] == "--seed") {
      o.seed = number_after<std::uint64_t>(args, i);
    } else if (args[i] == "--data") {
      varopt::require(i + 1 < args.size(), "categorical_vae", "a path after --data", "none");
      o.data = args[++i];
    } else if (o.out_dir.empty() && args[i].rfind("--", 0) != 0) {
      o.out_dir = args[i];
    } else {
      throw varopt::InvalidArgument("categorical_vae: unknown argument '" + args[i] + "'");
    }
  }
  varopt::require(!o.out_dir.empty(), "categorical_vae", "an output directory", "none");
  if (o.small) {
    o.train_limit = 200;
    o.test_limit = 100;
    o.epochs = std::min<std::int64_t>(o.epochs, 8);
    o.batch = 50;
  }
  varopt::require(o.epochs >= 1, "categorical_vae", "--epochs >= 1", o.epochs);
  varopt::require(o.batch >= 1, "categorical_vae", "--batch >= 1", o.batch);
  varopt::require(o.hidden >= 1, "categorical_vae", "--hidden >= 1", o.hidden);
  varopt::require(o.eval_samples >= 1, "categorical_vae", "--eval-samples >= 1", o.eval_samples);
  varopt::require(o.learning_rate > 0, "categorical_vae", "--learning-rate > 0", o.learning_rate);
  o.temperature.validate();
  return o;
}

// The digits as a [rows, 64] float tensor of binarized pixels (the label column is dropped).
torch::Tensor load_digits(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw varopt::FileError("cannot open " + path.string() +
                            " (install the Debian package python3-sklearn, or pass --data PATH)");
  }
  std::string text;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(read));
  const bool failed = read < 0;
  gzclose(file);
  if (failed) throw varopt::FileError("cannot decompress " + path.string());
  std::vector<float> pixels;
  std::istringstream lines(text);
  std::string line;
  std::int64_t rows = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string field;
    int column = 0;
    while (std::getline(fields, field, ',')) {
      int v = -1;
      const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), v);
      if (error != std::errc() || end != field.data() + field.size() ||
          (column < 64 && (v < 0 || v > 16))) {
        throw varopt::FileError(path.string() + ": expected integer pixels in 0..16 on line " +
                                std::to_string(rows + 1) + ", got '" + field + "'");
      }
      if (column < 64) pixels.push_back(v >= 8 ? 1.0F : 0.0F);
      ++column;
    }
    if (column != 65) {
      throw varopt::FileError(path.string() + ": expected 64 pixels and a label on line " +
                              std::to_string(rows + 1) + ", got " + std::to_string(column) +
                              " fields");
    }
    ++rows;
  }
  if (rows == 0) throw varopt::FileError(path.string() + ": no images");
  return torch::from_blob(pixels.data(), {rows, 64}, torch::kFloat).clone();
}

struct VaeImpl : torch::nn::Module {
  VaeImpl(std::int64_t variables, std::int64_t categories, std::int64_t hidden)
      : variables(variables),
        categories(categories),
        encoder(register_module(
            "encoder", torch::nn::Sequential(torch::nn::Linear(64, hidden), torch::nn::ReLU(),
                                             torch::nn::Linear(hidden, variables * categories)))),
        decoder(register_module(
            "decoder", torch::nn::Sequential(torch::nn::Linear(variables * categories, hidden),
                                             torch::nn::ReLU(), torch::nn::Linear(hidden, 64)))) {}

  // [batch, K, C] logits of q(z|x).
  torch::Tensor logits(const torch::Tensor& x) {
    return encoder->forward(x).view({-1, variables, categories});
  }
  // −log p(x|z) per image, z of shape [batch, K, C].
  torch::Tensor reconstruction(const torch::Tensor& z, const torch::Tensor& x) {
    const torch::Tensor pixel_logits = decoder->forward(z.flatten(1));
    return F::binary_cross_entropy_with_logits(
               pixel_logits, x,
               F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone))
        .sum(1);
  }
  // KL(q(z|x) ‖ uniform) per image.
  torch::Tensor kl(const torch::Tensor& logits) {
    const torch::Tensor log_q = torch::log_softmax(logits, -1);
    return (log_q.exp() * (log_q + std::log(static_cast<double>(categories)))).sum({1, 2});
  }

  std::int64_t variables, categories;
  torch::nn::Sequential encoder, decoder;
};
TORCH_MODULE(Vae);

enum class Estimator { gumbel_softmax, st_gumbel_softmax, score_function };
constexpr Estimator kEstimators[] = {Estimator::gumbel_softmax, Estimator::st_gumbel_softmax,
                                     Estimator::score_function};

std::string name_of(Estimator e) {
  switch (e) {
    case Estimator::gumbel_softmax:
      return "gumbel-softmax";
    case Estimator::st_gumbel_softmax:
      return "st-gumbel-softmax";
    case Estimator::score_function:
      return "score-function";
  }
  return "?";
}

torch::Tensor hard_sample(const torch::Tensor& logits,
                          c10::optional<at::Generator> generator = c10::nullopt) {
  return F::one_hot(varopt::nn::gumbel_max(logits, -1, std::move(generator)), logits.size(-1))
      .to(logits.dtype());
}

// The loss whose gradient is the estimator's gradient of the batch's mean −ELBO.
torch::Tensor surrogate_loss(Vae& model, const torch::Tensor& x, Estimator estimator, double tau,
                             double& baseline, double decay) {
  const torch::Tensor logits = model->logits(x);
  const torch::Tensor kl = model->kl(logits);
  if (estimator != Estimator::score_function) {
    const torch::Tensor z =
        varopt::nn::gumbel_softmax(logits, tau, estimator == Estimator::st_gumbel_softmax);
    return (model->reconstruction(z, x) + kl).mean();
  }
  const torch::Tensor z = hard_sample(logits.detach());
  const torch::Tensor f = model->reconstruction(z, x);
  const torch::Tensor log_q = (z * torch::log_softmax(logits, -1)).sum({1, 2});
  const torch::Tensor loss = (f + kl + (f.detach() - baseline) * log_q).mean();
  baseline = decay * baseline + (1 - decay) * f.mean().item<double>();
  return loss;
}

struct Bound {
  double negative_elbo = 0;  // nats per image
  double kl = 0;             // its KL(q(z|x) ‖ p(z)) part
};

// Mean −ELBO over `data` with hard samples, common random numbers (see the header).
Bound evaluate(Vae& model, const torch::Tensor& data, std::int64_t samples, std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const torch::Tensor logits = model->logits(data);
  const double kl = model->kl(logits).mean().item<double>();
  double reconstruction = 0;
  for (std::int64_t s = 0; s < samples; ++s)
    reconstruction +=
        model->reconstruction(hard_sample(logits, generator), data).mean().item<double>();
  return {reconstruction / static_cast<double>(samples) + kl, kl};
}

// The −ELBO of a decoder that ignores z (independent pixels with the training marginals, KL = 0):
// the plateau of a collapsed posterior. Mean cross-entropy over `data`, nats per image.
double independent_pixels(const torch::Tensor& train_x, const torch::Tensor& data) {
  const torch::Tensor p = train_x.mean(0).clamp(1e-6, 1 - 1e-6);
  return F::binary_cross_entropy(p.expand_as(data), data,
                                 F::BinaryCrossEntropyFuncOptions().reduction(torch::kSum))
             .item<double>() /
         static_cast<double>(data.size(0));
}

struct Curve {
  std::vector<double> train, test, test_kl;  // per epoch, epoch 0 = before training
  double seconds = 0;
  void add(const Bound& on_train, const Bound& on_test) {
    train.push_back(on_train.negative_elbo);
    test.push_back(on_test.negative_elbo);
    test_kl.push_back(on_test.kl);
  }
};

Curve train(Estimator estimator, const Options& o, const torch::Tensor& train_x,
            const torch::Tensor& test_x) {
  torch::manual_seed(
      o.seed);  // the same initial network and the same noise stream for every estimator
  Vae model(o.variables, o.categories, o.hidden);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(o.learning_rate));
  const varopt::relax::TemperatureSchedule schedule(o.temperature);
  const std::uint64_t eval_seed = o.seed + 1000;
  Curve curve;
  curve.add(evaluate(model, train_x, o.eval_samples, eval_seed),
            evaluate(model, test_x, o.eval_samples, eval_seed));
  double baseline = curve.train.back();  // the score function's b starts at the initial −ELBO
  std::uint64_t step = 0;
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t n = train_x.size(0);
  for (std::int64_t epoch = 1; epoch <= o.epochs; ++epoch) {
    at::Generator order_generator =
        at::make_generator<at::CPUGeneratorImpl>(o.seed + 7919 * static_cast<std::uint64_t>(epoch));
    const torch::Tensor order = torch::randperm(n, order_generator, torch::kLong);
    for (std::int64_t first = 0; first < n; first += o.batch, ++step) {
      const torch::Tensor batch =
          train_x.index_select(0, order.slice(0, first, std::min(first + o.batch, n)));
      optimizer.zero_grad();
      surrogate_loss(model, batch, estimator, schedule.at(step), baseline, o.baseline_decay)
          .backward();
      optimizer.step();
    }
    curve.add(evaluate(model, train_x, o.eval_samples, eval_seed),
              evaluate(model, test_x, o.eval_samples, eval_seed));
    std::printf("  %-18s epoch %3lld  tau %.3f  -ELBO train %7.3f  test %7.3f (KL %6.3f)\n",
                name_of(estimator).c_str(), static_cast<long long>(epoch), schedule.at(step - 1),
                curve.train.back(), curve.test.back(), curve.test_kl.back());
  }
  curve.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return curve;
}

// `collapsed`: the test −ELBO of independent pixels, drawn as a reference line.
void write_results(const Options& o, const std::vector<Curve>& curves, double collapsed) {
  const auto epochs = static_cast<varopt::Index>(curves.front().train.size());
  varopt::plot::Figure figure{
      .title = "Categorical VAE on the 8x8 digits (" + std::to_string(o.variables) + " x " +
               std::to_string(o.categories) + " latent), -ELBO with hard samples",
      .width = 900,
      .panel_height = 480};
  varopt::Vec epoch(epochs);
  for (varopt::Index e = 0; e < epochs; ++e) epoch[e] = static_cast<double>(e);
  figure.data.add("epoch", epoch);
  varopt::plot::PlotPanel panel{
      .x_label = "epoch", .y_label = "-ELBO (nats per image)", .key = "top right"};
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const std::string s = name_of(kEstimators[i]);
    figure.data.add(s + " train", Eigen::Map<const varopt::Vec>(curves[i].train.data(), epochs));
    figure.data.add(s + " test", Eigen::Map<const varopt::Vec>(curves[i].test.data(), epochs));
    figure.data.add(s + " test KL",
                    Eigen::Map<const varopt::Vec>(curves[i].test_kl.data(), epochs));
    const std::string color = varopt::plot::palette_color(static_cast<varopt::Index>(i));
    panel.series.push_back(
        {.x = "epoch", .y = s + " train", .title = s + " (train)", .dash = "2", .color = color});
    panel.series.push_back(
        {.x = "epoch", .y = s + " test", .title = s + " (test)", .color = color});
  }
  figure.data.add("independent pixels test", varopt::Vec::Constant(epochs, collapsed));
  panel.series.push_back({.x = "epoch",
                          .y = "independent pixels test",
                          .title = "independent pixels, no z (test)",
                          .dash = "3",
                          .color = "#000000"});
  figure.panels = {panel};
  if (varopt::plot::gnuplot_available()) {
    const auto out = varopt::plot::render_figure(figure, o.out_dir, "categorical_vae");
    std::cout << "figure: " << out.png.string() << ", " << out.svg.string() << '\n';
  } else {
    varopt::plot::write_csv(figure.data, o.out_dir / "categorical_vae.csv");
    std::cout << "gnuplot not found (install gnuplot-nox): wrote "
              << (o.out_dir / "categorical_vae.csv").string() << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    fs::create_directories(o.out_dir);
    torch::Tensor all;
    try {
      all = load_digits(o.data);
    } catch (const varopt::FileError& e) {
      std::cerr << "categorical_vae: " << e.what() << '\n';
      return o.data == kDigitsPath && !fs::exists(o.data) ? kMissingData : 1;
    }
    const torch::Tensor index = torch::arange(all.size(0));
    torch::Tensor train_x = all.index({index.remainder(5) != 0});
    torch::Tensor test_x = all.index({index.remainder(5) == 0});
    if (o.train_limit > 0) train_x = train_x.slice(0, 0, o.train_limit);
    if (o.test_limit > 0) test_x = test_x.slice(0, 0, o.test_limit);
    std::printf(
        "digits: %lld training and %lld test images (binarized at 8/16); latent %lld x %lld; "
        "%lld epochs of batch %lld; tau_t = max(%g, %g exp(-%g * 100 floor(t/100)))\n",
        static_cast<long long>(train_x.size(0)), static_cast<long long>(test_x.size(0)),
        static_cast<long long>(o.variables), static_cast<long long>(o.categories),
        static_cast<long long>(o.epochs), static_cast<long long>(o.batch), o.temperature.minimum,
        o.temperature.initial, o.temperature.rate);
    std::vector<Curve> curves;
    for (const Estimator e : kEstimators) curves.push_back(train(e, o, train_x, test_x));
    std::printf("\n%-18s %14s %14s %14s %10s %9s\n", "estimator", "-ELBO before", "train (final)",
                "test (final)", "test KL", "seconds");
    bool decreased = true;
    for (std::size_t i = 0; i < curves.size(); ++i) {
      const Curve& c = curves[i];
      std::printf("%-18s %14.3f %14.3f %14.3f %10.3f %9.1f\n", name_of(kEstimators[i]).c_str(),
                  c.train.front(), c.train.back(), c.test.back(), c.test_kl.back(), c.seconds);
      decreased = decreased && c.train.back() < c.train.front();
    }
    const double collapsed = independent_pixels(train_x, test_x);
    std::printf("%-18s %14s %14.3f %14.3f %10.3f\n", "(pixels, no z)", "",
                independent_pixels(train_x, train_x), collapsed, 0.0);
    std::printf(
        "(pixels, no z): independent pixels with the training marginals, the -ELBO of a collapsed "
        "posterior\n");
    write_results(o, curves, collapsed);
    if (o.small && !decreased) {
      std::cerr
          << "categorical_vae: -ELBO on the training images did not decrease for every estimator\n";
      return 1;
    }
  } catch (const varopt::InvalidArgument& e) {
    std::cerr << e.what()
              << "\nusage: categorical_vae OUT_DIR [--small] [--epochs N] [--batch B] "
                 "[--learning-rate R] [--hidden H] [--eval-samples S] [--seed S] [--data PATH]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "categorical_vae: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
