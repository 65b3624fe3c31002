#include "varopt/eval/worker_protocol.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "varopt/core/excerpt.hpp"

namespace varopt {
namespace {

void append_request_object(const WorkerRequest& r, std::string& out) {
  char buffer[32];
  const auto number = [&](auto v) {
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.append(buffer, end);
  };
  out += "{\"id\":";
  number(r.id);
  out += ",\"key\":{\"generation\":";
  number(r.key.generation);
  out += ",\"member\":";
  number(r.key.member);
  out += ",\"repeat\":";
  number(r.key.repeat);
  out += "},\"x\":";
  out += r.x.empty() ? std::string("{}") : r.x;
  out += '}';
}

// The fast path: {"id": N, "f": number} with nothing else (whitespace aside), or a batch of
// them; nullopt for anything else (the full parser decides then).
class FastReader {
 public:
  explicit FastReader(std::string_view text) : s_(text) {}

  std::optional<WorkerAnswer> answer() {
    if (!eat('{')) return std::nullopt;
    bool have_id = false, have_f = false;
    WorkerAnswer a;
    for (;;) {
      const auto key = string_key();
      if (!key || !eat(':')) return std::nullopt;
      skip();
      // Only a number as JSON writes it (no "1.", "01", "+1"): anything else goes to the full
      // parser, which refuses what JSON does not allow.
      const auto [length, integer] = json_number();
      if (length == 0) return std::nullopt;  // NaN, Infinity, null, strings, malformed numbers
      const char* const end = s_.data() + i_ + length;
      if (*key == "id" && !have_id) {
        if (!integer) return std::nullopt;
        const auto r = std::from_chars(s_.data() + i_, end, a.id);
        if (r.ec != std::errc() || r.ptr != end) return std::nullopt;
        have_id = true;
      } else if (*key == "f" && !have_f) {
        const auto r = std::from_chars(s_.data() + i_, end, a.f, std::chars_format::general);
        if (r.ec != std::errc() || r.ptr != end || !std::isfinite(a.f)) return std::nullopt;
        have_f = true;
      } else {
        return std::nullopt;
      }
      i_ += length;
      if (eat(',')) continue;
      if (!eat('}')) return std::nullopt;
      break;
    }
    if (!have_id || !have_f) return std::nullopt;
    a.status = EvaluationStatus::ok;
    return a;
  }

  std::optional<std::vector<WorkerAnswer>> batch() {
    if (!eat('{')) return std::nullopt;
    const auto key = string_key();
    if (!key || *key != "batch" || !eat(':') || !eat('[')) return std::nullopt;
    std::vector<WorkerAnswer> answers;
    if (!eat(']')) {
      for (;;) {
        auto a = answer();
        if (!a) return std::nullopt;
        answers.push_back(*a);
        if (eat(',')) continue;
        if (!eat(']')) return std::nullopt;
        break;
      }
    }
    if (!eat('}')) return std::nullopt;
    return answers;
  }

  bool at_end() {
    skip();
    return i_ == s_.size();
  }

 private:
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n'))
      ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  // The length of the JSON number at i_, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (0 when
  // there is none), and whether it is an integer (no fraction or exponent).
  std::pair<std::size_t, bool> json_number() const {
    std::size_t j = i_;
    const auto digits = [&] {
      const std::size_t from = j;
      while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9') ++j;
      return j - from;
    };
    if (j < s_.size() && s_[j] == '-') ++j;
    if (j < s_.size() && s_[j] == '0') {
      ++j;
    } else if (digits() == 0) {
      return {0, false};
    }
    bool integer = true;
    if (j < s_.size() && s_[j] == '.') {
      ++j;
      if (digits() == 0) return {0, false};
      integer = false;
    }
    if (j < s_.size() && (s_[j] == 'e' || s_[j] == 'E')) {
      ++j;
      if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
      if (digits() == 0) return {0, false};
      integer = false;
    }
    if (j < s_.size() && ((s_[j] >= '0' && s_[j] <= '9') || s_[j] == '.')) return {0, false};
    return {j - i_, integer};
  }
  // A key without escapes.
  std::optional<std::string_view> string_key() {
    if (!eat('"')) return std::nullopt;
    const std::size_t begin = i_;
    while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\') ++i_;
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    return s_.substr(begin, i_++ - begin);
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// The line with the bare tokens NaN, Infinity and -Infinity (outside strings) replaced by null,
// which decodes as a non-finite value.
// The answer line as JSON (nesting limited, core/json.hpp), or none when it is not valid JSON.
std::optional<Json> parse_answer_json(std::string_view line) {
  try {
    return parse_json(line, "answer");
  } catch (const FileError&) {
    return std::nullopt;
  }
}

std::string replace_non_finite_tokens(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < line.size()) {
        out += line[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    bool replaced = false;
    for (std::string_view token : {"-Infinity", "Infinity", "NaN"}) {
      if (line.substr(i, token.size()) == token) {
        out += "null";
        i += token.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

// One answer object; error set on a protocol violation.
bool decode_one(const Json& j, WorkerAnswer& a, std::string& error) {
  if (!j.is_object()) {
    error = std::string("an answer object, got ") + j.type_name();
    return false;
  }
  const auto id = j.find("id");
  if (id == j.end() || !id->is_number_unsigned()) {
    error = "an answer with an integer \"id\" >= 0";
    return false;
  }
  a.id = id->get<std::uint64_t>();
  if (const auto e = j.find("error"); e != j.end()) {
    a.status = EvaluationStatus::failed;
    // A traceback can be long and hold escape sequences: one line of at most 300 bytes.
    a.message = "worker error: " +
                (e->is_string() ? excerpt(e->get<std::string>(), 300) : json_excerpt(*e));
    return true;
  }
  const auto f = j.find("f");
  if (f == j.end()) {
    error = "an answer with \"f\" or \"error\"";
    return false;
  }
  if (f->is_number()) {
    a.f = f->get<double>();
    a.status = std::isfinite(a.f) ? EvaluationStatus::ok : EvaluationStatus::non_finite;
    if (a.status != EvaluationStatus::ok) a.message = "worker returned a non-finite f";
  } else if (f->is_null()) {
    a.f = std::numeric_limits<double>::quiet_NaN();
    a.status = EvaluationStatus::non_finite;
    a.message = "worker returned f = NaN, Infinity or null";
  } else {
    a.status = EvaluationStatus::failed;
    a.message = "worker returned an f that is not a number: " +
                excerpt(f->dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  return true;
}

}  // namespace

std::string encode_request(const WorkerRequest& request) {
  std::string line = "{\"protocol\":\"";
  line += kWorkerProtocol;
  line += "\",";
  std::string object;
  append_request_object(request, object);
  line.append(object, 1);  // without its '{'
  line += '\n';
  return line;
}

std::string encode_batch(std::span<const WorkerRequest> requests) {
  std::string line = "{\"protocol\":\"";
  line += kWorkerProtocol;
  line += "\",\"batch\":[";
  for (std::size_t k = 0; k < requests.size(); ++k) {
    if (k > 0) line += ',';
    append_request_object(requests[k], line);
  }
  line += "]}\n";
  return line;
}

DecodedAnswers decode_answers(std::string_view line, bool batch) {
  DecodedAnswers out;
  {
    FastReader fast(line);
    if (batch) {
      if (auto answers = fast.batch(); answers && fast.at_end()) {
        out.answers = std::move(*answers);
        return out;
      }
    } else if (auto a = fast.answer(); a && fast.at_end()) {
      out.answers.push_back(std::move(*a));
      return out;
    }
  }
  std::optional<Json> j = parse_answer_json(line);
  if (!j) j = parse_answer_json(replace_non_finite_tokens(line));
  if (!j) {
    out.error = "expected a JSON answer line, got '" + excerpt(line) + "'";
    return out;
  }
  std::string error;
  if (!batch) {
    WorkerAnswer a;
    if (!decode_one(*j, a, error)) {
      out.error = "expected " + error + ", got '" + excerpt(line) + "'";
      return out;
    }
    out.answers.push_back(std::move(a));
    return out;
  }
  const auto items = j->is_object() ? j->find("batch") : j->end();
  if (!j->is_object() || items == j->end() || !items->is_array()) {
    out.error = "expected {\"batch\": [answers]}, got '" + excerpt(line) + "'";
    return out;
  }
  for (const auto& item : *items) {
    WorkerAnswer a;
    if (!decode_one(item, a, error)) {
      out.answers.clear();
      out.error = "expected " + error + " in the batch, got '" + excerpt(line) + "'";
      return out;
    }
    out.answers.push_back(std::move(a));
  }
  return out;
}

}  // namespace varopt
