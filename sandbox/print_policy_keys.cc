// Prints the keys of the policy format from the parser's own table, so
// the documents cannot drift from it:
//   print_policy_keys            one key per line, tab-separated: name,
//                                usage, default, "repeatable" or "once",
//                                doc (man/pages.py builds policy(5)'s
//                                SETTINGS from it)
//   print_policy_keys --comment  the key list of sandbox/policy.h's top
//                                comment (policy_keys_test compares)
#include <cstring>
#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "sandbox/policy.h"

namespace {

constexpr size_t kWidth = 80;
constexpr std::string_view kKeyIndent = "//   ";
constexpr std::string_view kDocIndent = "//       ";

// `text` filled into comment lines of at most kWidth columns.
std::string Wrap(std::string_view text) {
  std::string lines, line(kDocIndent);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (line.size() > kDocIndent.size() &&
        line.size() + 1 + word.size() > kWidth) {
      lines += line + '\n';
      line = kDocIndent;
    }
    if (line.size() > kDocIndent.size()) line += ' ';
    line += word;
    start = end + 1;
  }
  return lines + line + '\n';
}

std::string Comment() {
  std::string text;
  for (const sandbox::PolicyKey& key : sandbox::PolicyKeys()) {
    text += std::string(kKeyIndent) + key.name + ' ' + key.usage +
            (key.repeatable ? "   (repeatable)" : "") + '\n';
    std::string doc(key.doc);
    if (*key.default_value != '\0') {
      doc += "; default: " + std::string(key.default_value);
    }
    text += Wrap(doc);
  }
  return text;
}

std::string Table() {
  std::string text;
  for (const sandbox::PolicyKey& key : sandbox::PolicyKeys()) {
    for (std::string_view field : {key.name, key.usage, key.default_value,
                                   key.repeatable ? "repeatable" : "once"}) {
      text += field;
      text += '\t';
    }
    text += key.doc;
    text += '\n';
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("print_policy_keys");
  bool comment = argc == 2 && std::strcmp(argv[1], "--comment") == 0;
  if (argc > 2 || (argc == 2 && !comment)) {
    common::DieUsage("print_policy_keys: usage: print_policy_keys [--comment]");
  }
  if (!common::WriteAll(1, comment ? Comment() : Table())) {
    common::DieSys(111, "unable to write");
  }
  return 0;
}
