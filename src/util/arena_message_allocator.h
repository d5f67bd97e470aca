// File: arena_message_allocator.h
// -----------------------------------------------------------------------------
// A gRPC callback MessageAllocator that puts each call's request and
// response on one protobuf Arena. The arena's first block lives inside the
// per-call holder, so the messages of a typical call (the parsed request,
// the offers built into the response, their sub-messages) cost one heap
// allocation in all, and are dropped at once when the call is done instead
// of being destroyed message by message.
//
// Example:
//   ArenaMessageAllocator<v1::SuggestRequest, v1::SuggestResponse> alloc_;
//   SetMessageAllocatorFor_Suggest(&alloc_);  // in the service's constructor
#ifndef OFFERGRAPH_UTIL_ARENA_MESSAGE_ALLOCATOR_H_
#define OFFERGRAPH_UTIL_ARENA_MESSAGE_ALLOCATOR_H_

#include <cstddef>

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace offergraph {

// Stateless; AllocateMessages runs concurrently on gRPC's threads. Must
// outlive the service it is registered with. Each holder is freed by gRPC
// (Release) once its call has finished, on whichever thread finishes it.
template <typename Request, typename Response, size_t kInitialBlockBytes = 4096>
class ArenaMessageAllocator final
    : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    return new Holder();
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options(block_)) {
      this->set_request(
          google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(
          google::protobuf::Arena::CreateMessage<Response>(&arena_));
    }
    void Release() override { delete this; }

   private:
    static google::protobuf::ArenaOptions Options(char* block) {
      google::protobuf::ArenaOptions options;
      options.initial_block = block;
      options.initial_block_size = kInitialBlockBytes;
      return options;
    }

    // Declared before arena_: it is the arena's first block.
    alignas(alignof(std::max_align_t)) char block_[kInitialBlockBytes];
    google::protobuf::Arena arena_;
  };
};

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_ARENA_MESSAGE_ALLOCATOR_H_
