// Boost.URL's compiled part (parsing request targets, http_api.cc), built
// into this library from the headers of Debian's libboost1.81-dev, so no
// separate libboost-url package is needed.
#include "boost/url/src.hpp"  // IWYU pragma: keep
