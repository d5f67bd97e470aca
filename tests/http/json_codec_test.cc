// The HTTP edge's JSON and status mapping, without a server.
#include "http/json_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

TEST(JsonCodecTest, StatusCodesMapToTheirHttpStatus) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kOk), 200);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kCancelled), 499);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnimplemented), 501);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
}

TEST(JsonCodecTest, ErrorsAreJsonWithTheCodesName) {
  EXPECT_EQ(ErrorJson(absl::ResourceExhaustedError("too \"much\"")),
            R"({"code":"RESOURCE_EXHAUSTED","message":"too \"much\""})");
  // Bounded like gRPC's messages.
  EXPECT_LT(ErrorJson(absl::InternalError(std::string(5000, 'x'))).size(),
            1100u);
}

TEST(JsonCodecTest, MessagesUseProtoNamesAndOmitDefaults) {
  v1::SetCustomerStateResponse state;
  state.set_complaint_open(true);
  // Fields at their defaults are left out, as the proto3 JSON mapping's
  // printers do by default; a reader takes a missing field as its default.
  EXPECT_EQ(MessageToJson(state), R"({"complaint_open":true})");
  EXPECT_EQ(MessageToJson(v1::RecordOutcomeResponse()), "{}");
  v1::SetCustomerStateResponse back;
  ASSERT_TRUE(JsonToMessage(MessageToJson(state), &back).ok());
  EXPECT_TRUE(back.complaint_open());
  EXPECT_FALSE(back.budget_sensitive());
  v1::SuggestRequest request;
  EXPECT_TRUE(JsonToMessage("", &request).ok());
  EXPECT_TRUE(
      JsonToMessage(R"({"max_offers": 2, "owned_skus": ["A"]})", &request)
          .ok());
  EXPECT_EQ(request.max_offers(), 2);
  // camelCase names are accepted too (the proto3 JSON mapping).
  EXPECT_TRUE(JsonToMessage(R"({"maxOffers": 3})", &request).ok());
  EXPECT_EQ(request.max_offers(), 3);
  absl::Status bad =
      JsonToMessage(R"({"signals": {"tenure_days": 1.5}})", &request);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("signals.tenure_days: invalid value "
                                       "1.5 for type TYPE_INT32"));
}

}  // namespace
}  // namespace offergraph
