#include "varopt/eval/worker_protocol.hpp"

#include <cmath>
#include <limits>

namespace varopt {
namespace {

constexpr std::size_t kExcerpt = 80;

std::string excerpt(std::string_view text) {
  if (text.size() <= kExcerpt) return std::string(text);
  std::size_t end = kExcerpt;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

Json request_object(const WorkerRequest& r) {
  return Json{{"id", r.id},
              {"key", {{"generation", r.key.generation},
                       {"member", r.key.member},
                       {"repeat", r.key.repeat}}},
              {"x", r.x}};
}

// The line with the bare tokens NaN, Infinity and -Infinity (outside strings) replaced by null,
// which decodes as a non-finite value.
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
    a.message = "worker error: " + (e->is_string() ? e->get<std::string>()
                                                   : excerpt(e->dump(-1, ' ', false,
                                                                     Json::error_handler_t::replace)));
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
  Json j = request_object(request);
  j["protocol"] = kWorkerProtocol;
  std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  line += '\n';
  return line;
}

std::string encode_batch(std::span<const WorkerRequest> requests) {
  Json batch = Json::array();
  for (const auto& r : requests) batch.push_back(request_object(r));
  std::string line = Json{{"protocol", kWorkerProtocol}, {"batch", std::move(batch)}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
  line += '\n';
  return line;
}

DecodedAnswers decode_answers(std::string_view line, bool batch) {
  DecodedAnswers out;
  Json j = Json::parse(line.data(), line.data() + line.size(), nullptr, false);
  if (j.is_discarded()) {
    const std::string fixed = replace_non_finite_tokens(line);
    j = Json::parse(fixed, nullptr, false);
  }
  if (j.is_discarded()) {
    out.error = "expected a JSON answer line, got '" + excerpt(line) + "'";
    return out;
  }
  std::string error;
  if (!batch) {
    WorkerAnswer a;
    if (!decode_one(j, a, error)) {
      out.error = "expected " + error + ", got '" + excerpt(line) + "'";
      return out;
    }
    out.answers.push_back(std::move(a));
    return out;
  }
  const auto items = j.is_object() ? j.find("batch") : j.end();
  if (!j.is_object() || items == j.end() || !items->is_array()) {
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
