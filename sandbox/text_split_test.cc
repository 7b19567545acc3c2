#include "sandbox/text_split.h"

#include <random>
#include <sstream>

#include "gtest/gtest.h"

namespace sandbox {
namespace {

// What the parsers used before: the splitting must not change.
std::vector<std::string> StreamWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::vector<std::string> StreamSplit(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.push_back("");
  return parts;
}

std::vector<std::string> StreamLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) lines.push_back(line);
  return lines;
}

TEST(TextSplitTest, AsStreamsOnRandomText) {
  std::mt19937 random(19);
  const char alphabet[] = "ab ,\n\t\v\f\r\0\xff#";
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    for (size_t n = random() % 12; n > 0; --n) {
      text += alphabet[random() % (sizeof(alphabet) - 1)];
    }
    ASSERT_EQ(Words(text), StreamWords(text)) << i;
    ASSERT_EQ(Split(text, ','), StreamSplit(text, ',')) << i;
    ASSERT_EQ(Lines(text), StreamLines(text)) << i;
  }
}

TEST(TextSplitTest, Examples) {
  EXPECT_EQ(Words(" user\tweb \n"), (std::vector<std::string>{"user", "web"}));
  EXPECT_EQ(Split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_TRUE(Split("", ',').empty());
  EXPECT_EQ(Lines("a\n\nb\n"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Lines("\n"), (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace sandbox
