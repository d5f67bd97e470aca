// File: certificates.h
// -----------------------------------------------------------------------------
// Test certificates made with openssl: a CA, a server certificate for
// 127.0.0.1 and localhost, and a client certificate, all signed by the CA,
// for TLS and mTLS tests of the gRPC and HTTP ports.
#ifndef OFFERGRAPH_TESTS_TESTING_CERTIFICATES_H_
#define OFFERGRAPH_TESTS_TESTING_CERTIFICATES_H_

#include <string>

namespace offergraph::testing {

// Writes ca.pem, ca.key, server.pem, server.key, client.pem and client.key
// into `dir`; whether openssl succeeded.
bool MakeTestCertificates(const std::string& dir);

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_CERTIFICATES_H_
