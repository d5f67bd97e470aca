// File: loopback_socket.h
// -----------------------------------------------------------------------------
// Raw TCP connections to a loopback port, for tests of what a server does
// with clients that send nothing, half a request, or not HTTP at all.
#ifndef OFFERGRAPH_TESTS_TESTING_LOOPBACK_SOCKET_H_
#define OFFERGRAPH_TESTS_TESTING_LOOPBACK_SOCKET_H_

#include <string>

namespace offergraph::testing {

// Connects to 127.0.0.1:`port`, sends `text` (may be empty) and returns the
// descriptor (the caller closes it); -1 when it cannot.
int ConnectAndSend(int port, const std::string& text);

// Whether the server has closed `fd`'s connection, after waiting up to
// `wait_ms` for something to happen on it (0: only look).
bool ClosedByServer(int fd, int wait_ms);

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_LOOPBACK_SOCKET_H_
