// The worker protocol's encoding and decoding (pure functions): every answer a worker may write,
// including the ones that break the protocol, decodes to a status or a short error; nothing
// throws.
#include "varopt/eval/worker_protocol.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace varopt {
namespace {

TEST(WorkerProtocol, RequestsAreOneVersionedLine) {
  const WorkerRequest r{.id = 17, .key = {.generation = 3, .member = 5}, .x = R"({"n":3})"};
  const std::string line = encode_request(r);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  const Json j = Json::parse(line);
  EXPECT_EQ(j["protocol"], "varopt-worker/1");
  EXPECT_EQ(j["id"], 17);
  EXPECT_EQ(j["key"]["generation"], 3);
  EXPECT_EQ(j["key"]["member"], 5);
  EXPECT_EQ(j["key"]["repeat"], 0);
  EXPECT_EQ(j["x"]["n"], 3);
  const WorkerRequest rs[] = {r, {.id = 18, .key = {}, .x = R"({"n":4})"}};
  const Json b = Json::parse(encode_batch(rs));
  EXPECT_EQ(b["protocol"], "varopt-worker/1");
  ASSERT_EQ(b["batch"].size(), 2u);
  EXPECT_EQ(b["batch"][1]["id"], 18);
}

TEST(WorkerProtocol, ValuesErrorsAndNonFiniteAnswers) {
  auto d = decode_answers(R"({"id": 17, "f": 0.25, "extra": [1, 2]})", false);
  ASSERT_TRUE(d.ok()) << d.error;
  ASSERT_EQ(d.answers.size(), 1u);
  EXPECT_EQ(d.answers[0].id, 17u);
  EXPECT_EQ(d.answers[0].status, EvaluationStatus::ok);
  EXPECT_EQ(d.answers[0].f, 0.25);
  d = decode_answers(R"({"id": 1, "error": "diverged"})", false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.answers[0].status, EvaluationStatus::failed);
  EXPECT_EQ(d.answers[0].message, "worker error: diverged");
  for (const char* line : {R"({"id": 1, "f": NaN})", R"({"id": 1, "f": -Infinity})",
                           R"({"id": 1, "f": Infinity})", R"({"id": 1, "f": null})"}) {
    d = decode_answers(line, false);
    ASSERT_TRUE(d.ok()) << line;
    EXPECT_EQ(d.answers[0].status, EvaluationStatus::non_finite) << line;
  }
  // NaN inside a string is not a token.
  d = decode_answers(R"({"id": 1, "error": "NaN in the solver"})", false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.answers[0].message, "worker error: NaN in the solver");
  d = decode_answers(R"({"id": 1, "f": "0.5"})", false);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.answers[0].status, EvaluationStatus::failed);
}

TEST(WorkerProtocol, TheFastPathAgreesWithTheFullParser) {
  // Lines the fast path reads, and variants only the full parser reads: the same answers.
  const std::pair<std::string, bool> lines[] = {
      {R"({"id":17,"f":0.1})", false},
      {" { \"f\" : -1.5e-300 , \"id\" : 18 } ", false},
      {R"({"id": 19, "f": 3, "note": "extra"})", false},
      {R"({"id": 20, "f": 12345678901234567890})", false},
      {R"({"batch": [{"id": 1, "f": 2.5}, {"id": 2, "f": -0.0}]})", true},
      {R"({"batch": [{"id": 1, "f": 2.5}, {"id": 2, "error": "x"}]})", true},
      {R"({"batch": []})", true}};
  for (const auto& [line, batch] : lines) {
    const auto d = decode_answers(line, batch);
    ASSERT_TRUE(d.ok()) << line << ": " << d.error;
    const Json j = Json::parse(line);
    const Json items = batch ? j["batch"] : Json::array({j});
    ASSERT_EQ(d.answers.size(), items.size()) << line;
    for (std::size_t k = 0; k < items.size(); ++k) {
      EXPECT_EQ(d.answers[k].id, items[k]["id"].get<std::uint64_t>()) << line;
      if (items[k].contains("f")) {
        EXPECT_EQ(d.answers[k].status, EvaluationStatus::ok) << line;
        EXPECT_EQ(d.answers[k].f, items[k]["f"].get<double>()) << line;
      } else {
        EXPECT_EQ(d.answers[k].status, EvaluationStatus::failed) << line;
      }
    }
  }
  for (const char* bad : {R"({"id":1,"f":1} x)", R"({"id":01,"f":1)", R"({"id":1,"f":1,})",
                          R"({"id":1.0,"f":1})", R"({"id":-3,"f":1})", R"({"id":1,"f":-})"}) {
    EXPECT_FALSE(decode_answers(bad, false).ok()) << bad;
  }
}

// A number JSON does not allow is refused by the fast path as by the full parser: the same line
// with an unknown field (which only the full parser reads) is refused alike.
TEST(WorkerProtocol, NumbersThatAreNotJsonAreRefusedOnBothPaths) {
  for (const std::string token : {"1.", "01", "00.5", "+1", ".5", "1e", "1.e5", "-", "1e+", "-01",
                                  "1.5.2", "0x10"}) {
    for (const std::string extra : {"", R"(, "z": [1])"}) {
      const std::string f_line = R"({"id": 1, "f": )" + token + extra + "}";
      EXPECT_FALSE(decode_answers(f_line, false).ok()) << f_line;
      const std::string id_line = R"({"id": )" + token + R"(, "f": 1)" + extra + "}";
      EXPECT_FALSE(decode_answers(id_line, false).ok()) << id_line;
    }
  }
  for (const std::string token : {"0", "-0", "0.5", "1e5", "1E-5", "-2.5e+3", "10"}) {
    for (const std::string extra : {"", R"(, "z": [1])"}) {
      const std::string line = R"({"id": 1, "f": )" + token + extra + "}";
      const auto d = decode_answers(line, false);
      ASSERT_TRUE(d.ok()) << line;
      EXPECT_EQ(d.answers[0].f, std::stod(token)) << line;
    }
  }
}

TEST(WorkerProtocol, BrokenAnswersAreProtocolErrors) {
  const std::string long_garbage(100000, 'z');
  for (const std::string& line :
       {std::string(""), std::string("hello"), std::string("[1, 2]"), std::string("{\"f\": 1}"),
        std::string("{\"id\": -1, \"f\": 1}"), std::string("{\"id\": 1.5, \"f\": 1}"),
        std::string("{\"id\": 1}"), std::string("{\"id\": 1, \"f\": 1"), std::string("\xff\xfe"),
        std::string(200000, '['), long_garbage}) {
    const auto d = decode_answers(line, false);
    EXPECT_FALSE(d.ok()) << line.substr(0, 40);
    EXPECT_LT(d.error.size(), 300u);
  }
  // A number beyond double's range is not JSON a double can hold: a broken line, not a throw.
  EXPECT_NO_THROW(decode_answers(R"({"id": 1, "f": 1e400})", false));
  EXPECT_FALSE(decode_answers(R"({"id": 1, "f": 1})", true).ok());
  EXPECT_FALSE(decode_answers(R"({"batch": [{"id": 1, "f": 1}, {"f": 2}]})", true).ok());
  const auto d = decode_answers(R"({"batch": [{"id": 2, "f": 1}, {"id": 1, "error": "x"}]})", true);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d.answers.size(), 2u);
  EXPECT_EQ(d.answers[1].status, EvaluationStatus::failed);
}

TEST(WorkerProtocol, MutatedLinesNeverThrow) {
  // Random byte edits of valid lines (fixed seed): every result is answers or an error.
  const std::string valid[] = {R"({"id": 17, "f": 0.25})", R"({"id": 3, "error": "x\"y"})",
                               R"({"batch": [{"id": 1, "f": 2.5}, {"id": 2, "f": NaN}]})"};
  const std::string alphabet = "{}[]\":,.-+eE0123456789 NaIfinty\\\xff\x01";
  std::mt19937 gen(7);
  int decoded = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string line = valid[trial % 3];
    const int edits = 1 + static_cast<int>(gen() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = gen() % (line.size() + 1);
      const char c = alphabet[gen() % alphabet.size()];
      switch (gen() % 3) {
        case 0:
          line.insert(at, 1, c);
          break;
        case 1:
          if (at < line.size()) line.erase(at, 1);
          break;
        default:
          if (at < line.size()) line[at] = c;
          break;
      }
    }
    for (bool batch : {false, true}) {
      DecodedAnswers d;
      ASSERT_NO_THROW(d = decode_answers(line, batch)) << line;
      if (d.ok()) {
        if (!batch) {
          EXPECT_EQ(d.answers.size(), 1u) << line;
        }
      } else {
        EXPECT_TRUE(d.answers.empty()) << line;
        EXPECT_LT(d.error.size(), 300u);
      }
      decoded += d.ok();
    }
  }
  EXPECT_GT(decoded, 100);  // the edits leave some lines valid: both outcomes were exercised
}

}  // namespace
}  // namespace varopt
