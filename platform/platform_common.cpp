// Parts that depend only on how Boost.Asio was configured, not on OS APIs.
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/detail/config.hpp>

#include "platform/platform.hpp"

namespace cairn::platform {

std::string_view event_backend() {
#if defined(BOOST_ASIO_HAS_IOCP)
    return "iocp";
#elif defined(BOOST_ASIO_HAS_EPOLL)
    return "epoll";
#elif defined(BOOST_ASIO_HAS_KQUEUE)
    return "kqueue";
#else
    return "select";
#endif
}

}  // namespace cairn::platform
