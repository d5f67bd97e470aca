// File: console.h
// -----------------------------------------------------------------------------
// The agent console (README "The agent console"): GET / serves
// web/console/index.html, GET /<file> the console's other files, all
// compiled into the binary (embedded_file.h). The page calls the JSON API
// of the same listener; it holds no logic of its own on the server.
//
// Every answer carries a strict Content-Security-Policy (scripts, styles
// and calls from this origin only; no inline script, no frames), nosniff,
// and an ETag with Cache-Control: no-cache, so a browser revalidates each
// load and gets 304 until the binary serves another version.
#ifndef OFFERGRAPH_HTTP_CONSOLE_H_
#define OFFERGRAPH_HTTP_CONSOLE_H_

#include <optional>
#include <string>
#include <vector>

#include "boost/beast/http/message.hpp"
#include "boost/beast/http/string_body.hpp"

namespace offergraph {

// The Content-Security-Policy of the console's answers.
extern const char kConsoleContentSecurityPolicy[];

// The answer to `request` when `segments` (its path split at '/',
// percent-decoded) name the console ("/" or one of its files): the file for
// GET and HEAD, 304 when If-None-Match has its ETag, 405 for other verbs.
// nullopt for any other path. Thread-safe (reads static data only).
std::optional<boost::beast::http::response<boost::beast::http::string_body>>
ServeConsole(
    const boost::beast::http::request<boost::beast::http::string_body>& request,
    const std::vector<std::string>& segments);

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_CONSOLE_H_
