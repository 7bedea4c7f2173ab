// The one translation unit that compiles Boost.Asio (BOOST_ASIO_SEPARATE_COMPILATION).
#include <utility>  // Boost 1.74 + GCC 12 in C++20: asio uses std::exchange without it

#include <boost/asio/impl/src.hpp>
