// The agent console's files through the real HTTP listener: content types,
// the Content-Security-Policy (no inline script or style), ETag
// revalidation, verbs, and that the API's paths are not shadowed. The page
// itself is driven in a browser by tests/console/.
#include "http/console.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class ConsoleTest : public HttpFixture {};

TEST_F(ConsoleTest, ServesThePageAndItsFilesWithAStrictPolicy) {
  struct File {
    const char* path;
    const char* type;
    const char* contains;
  };
  for (const File& f :
       {File{"/", "text/html; charset=utf-8", "<script src=\"/app.js\""},
        File{"/index.html", "text/html; charset=utf-8", "suggest-form"},
        File{"/app.js", "text/javascript; charset=utf-8", "/v1/suggest"},
        File{"/console.css", "text/css; charset=utf-8", ".card"}}) {
    SCOPED_TRACE(f.path);
    HttpAnswer a = Http("GET", f.path);
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.headers["content-type"], f.type);
    EXPECT_THAT(a.body, HasSubstr(f.contains));
    EXPECT_EQ(a.headers["content-security-policy"],
              kConsoleContentSecurityPolicy);
    EXPECT_EQ(a.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(a.headers["cache-control"], "no-cache");
    EXPECT_EQ(a.headers["etag"].size(), 34u) << a.headers["etag"];
  }
  // The policy allows nothing inline, so the page must hold none.
  const std::string policy = kConsoleContentSecurityPolicy;
  EXPECT_THAT(policy, Not(HasSubstr("unsafe")));
  EXPECT_THAT(policy, HasSubstr("script-src 'self'"));
  const std::string page = Http("GET", "/").body;
  EXPECT_THAT(page, Not(HasSubstr("<script>")));
  EXPECT_THAT(page, Not(HasSubstr("style=")));
  EXPECT_THAT(page, Not(ContainsRegex(" on[a-z]+=")));  // onclick= ...
  EXPECT_THAT(page, Not(HasSubstr("http://")));
  EXPECT_THAT(page, Not(HasSubstr("https://")));  // no CDN
}

TEST_F(ConsoleTest, RevalidatesWithItsETag) {
  HttpAnswer first = Http("GET", "/app.js");
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.headers["etag"];
  HttpAnswer again = Http("GET", "/app.js", "", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  HttpAnswer other = Http("GET", "/app.js", "", {"If-None-Match: \"x\""});
  EXPECT_EQ(other.status, 200);
  // Another file, another tag.
  EXPECT_NE(Http("GET", "/console.css").headers["etag"], etag);
}

TEST_F(ConsoleTest, OnlyGetAndHeadAndNothingElseShadowed) {
  HttpAnswer post = Http("POST", "/", "{}");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers["allow"], "GET, HEAD");
  // Unknown files and the API keep their JSON answers.
  HttpAnswer missing = Http("GET", "/nope.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorOf(missing).first, "NOT_FOUND");
  EXPECT_EQ(Http("GET", "/v1/openapi.json").status, 200);
  EXPECT_EQ(Http("GET", "/v1/app.js").status, 404);
}

}  // namespace
}  // namespace offergraph::testing
