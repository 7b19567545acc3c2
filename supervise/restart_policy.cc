#include "supervise/restart_policy.h"

#include <charconv>
#include <vector>

namespace supervise {

namespace {

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    size_t end = at;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > at) words.push_back(line.substr(at, end - at));
    at = end;
  }
  return words;
}

// A whole decimal number between 1 and `max`.
bool Number(std::string_view word, int64_t max, int64_t* value) {
  const char* end = word.data() + word.size();
  auto [stop, error] = std::from_chars(word.data(), end, *value);
  return error == std::errc() && stop == end && *value >= 1 && *value <= max;
}

}  // namespace

common::ParseResult<RestartPolicy> ParseRestartPolicy(std::string_view text) {
  common::ParseResult<RestartPolicy> result;
  RestartPolicy& policy = result.value.emplace();
  policy.configured = true;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::vector<std::string_view> words = Words(line);
    if (words.empty()) continue;
    auto fail = [&](std::string_view what) {
      return common::ParseResult<RestartPolicy>{
          std::nullopt,
          "line " + std::to_string(line_number) + ": " + std::string(what)};
    };
    std::string_view key = words[0];
    int64_t first = 0;
    int64_t second = 0;
    constexpr int64_t kMaxSeconds = kMaxPolicyMs / 1000;
    if (key == "backoff") {
      if (words.size() != 3 || !Number(words[1], kMaxPolicyMs, &first) ||
          !Number(words[2], kMaxPolicyMs, &second) || second < first) {
        return fail("backoff needs INITIAL_MS MAX_MS, 1 <= INITIAL <= MAX");
      }
      policy.backoff_initial_ms = first;
      policy.backoff_max_ms = second;
    } else if (key == "reset_after") {
      if (words.size() != 2 || !Number(words[1], kMaxSeconds, &first)) {
        return fail("reset_after needs SECONDS (at least 1)");
      }
      policy.reset_after_ms = first * 1000;
    } else if (key == "give_up") {
      if (words.size() != 3 || !Number(words[1], 1000000, &first) ||
          !Number(words[2], kMaxSeconds, &second)) {
        return fail("give_up needs DEATHS SECONDS (both at least 1)");
      }
      policy.give_up_deaths = static_cast<uint32_t>(first);
      policy.give_up_window_ms = second * 1000;
    } else {
      return fail("unknown setting " + std::string(key.substr(0, 40)));
    }
  }
  return result;
}

}  // namespace supervise
