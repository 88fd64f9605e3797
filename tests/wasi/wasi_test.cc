#define BOOST_TEST_MODULE wasi

#include <boost/test/unit_test.hpp>
