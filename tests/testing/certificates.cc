#include "testing/certificates.h"

#include <sys/wait.h>

#include <optional>

#include "absl/time/time.h"
#include "testing/subprocess.h"

namespace offergraph::testing {

bool MakeTestCertificates(const std::string& dir) {
  const std::string script =
      "set -e; cd " + dir +
      "; openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca "
      "-keyout ca.key -out ca.pem 2>/dev/null"
      "; openssl req -newkey rsa:2048 -nodes -subj /CN=localhost "
      "-keyout server.key -out server.csr 2>/dev/null"
      "; printf 'subjectAltName=IP:127.0.0.1,DNS:localhost' > san.ext"
      "; openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -days 2 -extfile san.ext -out server.pem 2>/dev/null"
      "; openssl req -newkey rsa:2048 -nodes -subj /CN=client "
      "-keyout client.key -out client.csr 2>/dev/null"
      "; openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -days 2 -out client.pem 2>/dev/null";
  Subprocess openssl({"/bin/sh", "-c", script});
  std::optional<int> status = openssl.Wait(absl::Seconds(60));
  return status.has_value() && WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
}

}  // namespace offergraph::testing
