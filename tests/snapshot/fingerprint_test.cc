#include "snapshot/fingerprint.h"

#include <string>

#include "gtest/gtest.h"
#include "xxhash.h"

namespace offergraph {
namespace {

std::string Of(std::initializer_list<std::string> files) {
  Fingerprint fp;
  for (const std::string& f : files) {
    fp.BeginFile(f.size());
    fp.Add(f);
  }
  return fp.Hex();
}

// The definition in fingerprint.h, computed with xxHash's one-shot API.
std::string Reference(std::initializer_list<std::string> files) {
  std::string framed;
  for (const std::string& f : files) {
    for (int i = 0; i < 8; ++i) {
      framed.push_back(static_cast<char>(uint64_t{f.size()} >> (8 * i)));
    }
    framed += f;
  }
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits(framed.data(), framed.size()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : c.digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 15]);
  }
  return hex;
}

TEST(FingerprintTest, IsXxh3Of128BitsOverLengthFramedFiles) {
  EXPECT_EQ(Of({}), Reference({}));
  EXPECT_EQ(Of({"sku,name,price\nA,a,1.00\n", "", "x"}),
            Reference({"sku,name,price\nA,a,1.00\n", "", "x"}));
  EXPECT_EQ(Of({"abc"}).size(), 32u);
}

// The collision of the old word-multiplying hash: the top bit of byte 7 of
// two consecutive words.
TEST(FingerprintTest, TopBitFlipsInTwoWordsChangeIt) {
  const std::string a(16, 'A');
  std::string b = a;
  b[7] = static_cast<char>(b[7] ^ 0x80);
  b[15] = static_cast<char>(b[15] ^ 0x80);
  EXPECT_NE(Of({a}), Of({b}));
}

TEST(FingerprintTest, PiecesDoNotMatterButFileBoundariesDo) {
  Fingerprint pieces;
  pieces.BeginFile(11);
  pieces.Add("hel");
  pieces.Add("lo wo");
  pieces.Add("rld");
  EXPECT_EQ(pieces.Hex(), Of({"hello world"}));
  EXPECT_NE(Of({"ab", "c"}), Of({"a", "bc"}));
  EXPECT_NE(Of({"abc"}), Of({"abc", ""}));
}

}  // namespace
}  // namespace offergraph
